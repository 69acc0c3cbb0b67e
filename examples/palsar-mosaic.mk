# examples/palsar-mosaic.mk: JAXA's 25 m PALSAR/PALSAR-2 (and JERS-1)
# yearly mosaic as Cloud Optimized GeoTIFFs with ODC eo3 and STAC metadata,
# one job per year and 5x5 degree block:
#
#   make -f examples/palsar-mosaic.mk YEAR=2017 BBOX=W,S,E,N [-j N]
#   make -f examples/palsar-mosaic.mk YEAR=2019,2020 TILES="N25W020 N05E040"
#   make -f examples/palsar-mosaic.mk YEAR=2017 LIST=newtiles.txt PUBLISH=/srv/alos
#   make -f examples/palsar-mosaic.mk CONTEXT=_context.json  # year, bbox, tiles
#
# gives, for each block, A2_DATA/products/palsar-mosaic/YYYY/BLOCK/
#   {BLOCK}_{YY}_sl_{HH,HV,linci,date,mask}[_F02DAR].tif   (a2cog)
#   {BLOCK}_{YYYY}.odc-metadata.json, {BLOCK}_{YY}.stac-item.json (a2eo3)
# and, with PUBLISH=dir, s3://bucket/prefix, dav:// or davs://host/path,
# the same files under PUBLISH/YYYY/BLOCK/ (a2publish --flat).
#
# Other variables: SOURCE=ftp|https (https: JAXA login in ~/.netrc, 1x1
# zips), FORMAT=tar.gz|zip, PER_TILE=1 (FTP 1x1 archives), A2_JAXA_FTP_URL
# and A2_JAXA_HTTPS_URL (mirrors), KEEP_WORK=1 (keep unpacked tiles).
# The blocks become a generated makefile (work/palsar-mosaic/grid-KEY.mk),
# so a second run does only what is missing, and nothing when nothing is.

include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk
include $(A2_MK)/context.mk

A2GRID = $(call a2_tool,a2grid)
A2COG  = $(call a2_tool,a2cog)
A2EO3  = $(call a2_tool,a2eo3)

ifeq ($(strip $(YEAR)),)
$(error usage: make -f examples/palsar-mosaic.mk YEAR=yyyy[,yyyy] BBOX=W,S,E,N | TILES="name ..." | LIST=file [PUBLISH=dest])
endif
ifeq ($(strip $(BBOX)$(TILES)$(LIST)),)
$(error palsar-mosaic: give BBOX=W,S,E,N, TILES="name ..." or LIST=file)
endif

SOURCE ?= ftp
M_W := $(A2_W)/palsar-mosaic
M_D := $(A2_D)/palsar-mosaic
M_P := $(A2_P)/palsar-mosaic
m_empty :=
m_space := $(m_empty) $(m_empty)
comma := ,
# a2grid's arguments, and a key naming the grid they make
M_GRID_ARGS := -y $(call a2_q,$(subst $(m_space),$(comma),$(strip $(YEAR)))) -s $(SOURCE) \
	$(if $(FORMAT),-f $(FORMAT)) $(if $(PER_TILE),-t) $(if $(BBOX),-b $(call a2_q,$(BBOX))) \
	$(if $(LIST),-l $(call a2_q,$(abspath $(LIST)))) $(foreach t,$(subst $(comma), ,$(TILES)),$(call a2_q,$(t)))
M_KEY := $(shell printf '%s' $(call a2_q,$(M_GRID_ARGS) $(A2_JAXA_FTP_URL) $(A2_JAXA_HTTPS_URL)) | sha256sum | cut -c1-16)

# Publishing: MOSAIC_PUBLISH is called as `CMD DEST DIR` for each block
# (DEST = $(PUBLISH)/YYYY/BLOCK, DIR its product directory) and prints a
# JSON line {"publish":{...}}, recorded with the block's job added.  A
# block remade by a later run replaces the one published before.
MOSAIC_PUBLISH ?= $(call a2_tool,a2publish) --flat --force

.DEFAULT_GOAL := all
.PHONY: all

$(M_W)/grid-$(M_KEY).jsonl:
	@mkdir -p $(@D)
	$(A2GRID) $(M_GRID_ARGS) > $@.tmp && mv -f $@.tmp $@

# MOSAIC_JOBS: YYYY/BLOCK; MOSAIC_URLS_YYYY/BLOCK: its archives.
$(M_W)/grid-$(M_KEY).mk: $(M_W)/grid-$(M_KEY).jsonl
	{ echo '# made from $(<F) by examples/palsar-mosaic.mk'; \
	  jq -r '"MOSAIC_JOBS += \(.job)\nMOSAIC_URLS_\(.job) := \(.urls | join(" "))"' $<; } > $@.tmp
	@if grep -q '[$$]' $@.tmp; then echo "$<: unexpected \$$ in a URL" >&2; rm -f $@.tmp; exit 1; fi
	mv -f $@.tmp $@

include $(M_W)/grid-$(M_KEY).mk

# The archives of a block, fetched (a2fetch keeps them verified, and a
# rerun with its records in place sends no request).
$(M_W)/%/fetch.jsonl:
	@mkdir -p $(@D) $(M_D)/$*
	$(A2FETCH) -o $(M_D)/$* $(foreach u,$(MOSAIC_URLS_$*),$(call a2_q,$(u))) > $@.tmp && mv -f $@.tmp $@

# Unpacked into a scratch directory (.zip: a2unpack; .tar.gz: bsdtar,
# which refuses absolute and ../ member names), mosaicked, cleaned up.
$(M_W)/%/cog.json: $(M_W)/%/fetch.jsonl
	rm -rf $(@D)/src && mkdir -p $(@D)/src
	jq -r '.download.path' $< | while read -r f; do \
	  case $$f in \
	  *.zip) $(A2UNPACK) --max-ratio 100000 -d $(@D)/src "$$f" > /dev/null 2>$(@D)/unpack.err || \
	    { cat $(@D)/unpack.err >&2; exit 1; } ;; \
	  *) bsdtar -xf "$$f" -C $(@D)/src || exit 1 ;; \
	  esac; done
	$(A2COG) -o $(M_P)/$* $* $(@D)/src > $@.tmp
	$(if $(KEEP_WORK),,rm -rf $(@D)/src $(@D)/unpack.err)
	mv -f $@.tmp $@

$(M_W)/%/eo3.json: $(M_W)/%/cog.json
	$(A2EO3) $< > $@.tmp && mv -f $@.tmp $@

$(M_W)/%/published.json: $(M_W)/%/eo3.json
	$(MOSAIC_PUBLISH) $(call a2_q,$(PUBLISH)/$*) $(M_P)/$* > $@.out
	jq -c --arg j '$*' '{publish: ({job: $$j} + .publish)}' $@.out > $@.tmp && rm -f $@.out
	mv -f $@.tmp $@

# DISPATCH (mk/dispatch.mk) runs every a2 tool above through $(A2_RUN).
# Every file of a job is named here, so that make does not take the
# records for intermediate files and delete them.
all: $(M_W)/grid-$(M_KEY).mk $(foreach j,$(MOSAIC_JOBS),$(M_W)/$(j)/fetch.jsonl \
	$(M_W)/$(j)/cog.json $(M_W)/$(j)/eo3.json $(if $(PUBLISH),$(M_W)/$(j)/published.json))
