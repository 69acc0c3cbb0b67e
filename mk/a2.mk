# mk/a2.mk: a2's flow as make rules, shared by the jobs in examples/*.mk.
#
# A job gets its order zip(s) and, for each, writes the a2fetch record
# $(A2_W)/KEY/fetch.json ({"download":{"path":...}}), then includes
# $(A2_W)/KEY/targets.mk.  The rules below unpack and classify the order
# into that generated makefile, which names the scenes (A2_IDS) found in
# it, so make learns at run time what an order holds, and a second run
# rebuilds only what is missing:
#
#   work/KEY/fetch.json      the order zip (job's rule: a2fetch)
#   work/KEY/scenes.jsonl    a2unpack | a2classify, one line per scene dir
#   work/KEY/targets.mk      A2_IDS += ID ... (included by the job)
#   work/ID/scene.json       its scene object, from scenes.jsonl
#   work/ID/footprint.geojson a2footprint
#   products/ID/ID.zip       a2pack (original per-scene zip, or a re-zip)
#   products/ID/ID.{met,dataset,stac}.json  a2md
#   work/ID/catalogued, published  mk/catalog.mk
#
# A product directory holds the product only, no dot file: every stamp
# and journal of a2 is under work/.
# Every recipe writes its target atomically (the tools do; shell
# redirections go to $@.tmp, then mv), so a run killed at any moment and
# started again ends with the same products.

A2_MK := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(A2_MK)/dispatch.mk

SHELL := /bin/sh
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDEXPANSION:

# Data lives under A2_DATA; absolute, because records carry absolute paths
# and recipes may run elsewhere (DISPATCH).  No spaces, as ever with make.
A2_DATA ?= ./a2-data
override A2_DATA := $(abspath $(A2_DATA))
A2_D := $(A2_DATA)/downloads
A2_W := $(A2_DATA)/work
A2_P := $(A2_DATA)/products

# Tools: A2_BIN if set; from a source tree, its build; else on PATH.
ifeq ($(origin A2_BIN),undefined)
A2_BIN := $(if $(wildcard $(A2_MK)/../tools/a2pack.c),$(wildcard $(abspath $(A2_MK)/../build/bin)))
endif
a2_tool = $(A2_RUN) $(if $(A2_BIN),$(A2_BIN)/)$(1)
A2FETCH     = $(call a2_tool,a2fetch)
A2UNPACK    = $(call a2_tool,a2unpack)
A2CLASSIFY  = $(call a2_tool,a2classify)
A2FOOTPRINT = $(call a2_tool,a2footprint)
A2PACK      = $(call a2_tool,a2pack)
A2TILES     = $(call a2_tool,a2tiles)
# Zoom levels of the map tiles, and any other a2tiles options.
A2_TILES_ZOOM ?= 0-14
A2_TILES_FLAGS ?=
# Tile rows as HySDS's map UI (tosca) reads them: Leaflet with tms: true,
# y counted from the south (ingest-jobs.md section 12).  xyz for OSM-style
# clients; the viewer in tiles/ reads either.
A2_TILES_SCHEME ?= tms
A2MD        = $(call a2_tool,a2md)
include $(A2_MK)/catalog.mk
include $(A2_MK)/site.mk

# One line per step; V=1 shows the commands themselves.
ifeq ($(V),1)
A2_Q :=
a2_say = :
else
A2_Q := @
a2_say = printf '  %-11s %s\n'
endif

# $(call a2_q,TEXT): TEXT as one single-quoted shell word.
a2_q = '$(subst ','\'',$(1))'
# $(call a2_scene_of,ID,LIST): shell command printing the scene object of
# ID in LIST byte for byte as a2classify wrote it (jq would write its
# numbers anew, 90.0 as 90, and they go into met.json); "scene" is the last
# key of a line, and IDs are checked to be [A-Za-z0-9._-] in targets.mk.
a2_scene_of = awk -v k=',"scene":{"id":"$(1)",' 'i = index($$0, k) { print substr($$0, i + 9, length($$0) - i - 9); exit }' \
	$(call a2_q,$(2))
# $(call a2_source,ID): shell command printing the URL the order of scene
# ID was fetched from (met.json's download_source), if a2fetch said.
a2_source = jq -r '.download.url // empty' $(A2_W)/$(A2_ORDER_$(1))/fetch.json
# $(call a2_products,IDS): every file the flow makes for the scenes IDS.
a2_products = $(foreach i,$(1),$(A2_W)/$(i)/scene.json $(A2_W)/$(i)/footprint.geojson \
	$(A2_W)/$(i)/tiles.json \
	$(A2_P)/$(i)/$(i).zip $(A2_P)/$(i)/$(i).met.json $(A2_P)/$(i)/$(i).dataset.json \
	$(A2_P)/$(i)/$(i).stac.json)
# $(call a2_order,KEY): the files of order KEY (named, so that make does not
# take them for intermediate files and delete them).
a2_order = $(A2_W)/$(1)/fetch.json $(A2_W)/$(1)/scenes.jsonl $(A2_W)/$(1)/targets.mk
# $(call a2_id,STEM): the ID of a products/ID/ID stem.
a2_id = $(notdir $(1))

# ---- one order: unpack, classify, list ----

# The unpacked directory of an order is never rewritten (a2unpack keeps
# a complete one), so a rerun after a crash only redoes the listing.
$(A2_W)/%/scenes.jsonl: $(A2_W)/%/fetch.json
	@$(a2_say) a2unpack $(@D)
	$(A2_Q)zip=$$(jq -r '.download.path // empty' $<); \
	if [ -z "$$zip" ]; then echo "$<: no download.path" >&2; exit 1; fi; \
	if [ ! -f "$$zip" ]; then echo "$$zip: missing; remove $< to download it again" >&2; exit 1; fi; \
	$(A2UNPACK) -d $(@D) "$$zip" > $@.unpack.tmp && \
	$(A2CLASSIFY) < $@.unpack.tmp > $@.tmp && \
	rm -f $@.unpack.tmp && mv -f $@.tmp $@

$(A2_W)/%/targets.mk: $(A2_W)/%/scenes.jsonl
	$(A2_Q)if [ ! -s $< ]; then echo "$<: no ALOS-2 scene in this order" >&2; exit 1; fi
	$(A2_Q)jq -r '.scene.id' $< | sort -u > $@.all.tmp
	$(A2_Q)$(a2_catalog_new) < $@.all.tmp > $@.ids.tmp
	$(A2_Q){ echo '# made from scenes.jsonl by mk/a2.mk: the scenes of $* not yet catalogued'; \
	  while read -r id; do \
	    case $$id in ''|*[!A-Za-z0-9._-]*) echo "$<: bad scene id '$$id'" >&2; exit 1;; esac; \
	    printf 'A2_IDS += %s\nA2_LIST_%s := $$(A2_W)/%s/scenes.jsonl\nA2_ORDER_%s := %s\n' \
	      "$$id" "$$id" '$*' "$$id" '$*'; \
	  done < $@.ids.tmp; } > $@.tmp && mv -f $@.tmp $@ && rm -f $@.all.tmp $@.ids.tmp

# ---- one scene ----

# The scene was classified once, into scenes.jsonl; its object there
# holds the per-scene zip as "archive", for a2pack.
$(A2_W)/%/scene.json: $$(A2_LIST_$$*)
	$(if $(A2_LIST_$*),,$(error $*: not a scene of any order read here))
	@$(a2_say) scene $*
	@mkdir -p $(@D)
	$(A2_Q)$(call a2_scene_of,$*,$<) > $@.tmp && \
	if [ -s $@.tmp ]; then mv -f $@.tmp $@; else echo "$<: no scene $*" >&2; exit 1; fi

$(A2_W)/%/footprint.geojson: $(A2_W)/%/scene.json
	@$(a2_say) a2footprint $*
	$(A2_Q)$(A2FOOTPRINT) -o $@ $< > /dev/null

# The zip is needed once: a hard link keeps the old mtime of its source,
# so it must not be remade because scene.json is newer (order-only).
$(A2_P)/%.zip: | $$(A2_W)/$$(call a2_id,$$*)/scene.json
	@$(a2_say) a2pack $(call a2_id,$*)
	$(A2_Q)$(A2PACK) -o $(@D) $(A2_W)/$(call a2_id,$*)/scene.json > /dev/null

# Map tiles, the viewer and browse images go into the product directory,
# a2tiles' journal (which makes a killed run resume) into work/ID/tiles.state;
# work/ID/tiles.json records what was built (layers and the zoom they
# really reach) for a2md.  With A2_BASE_URL (mk/catalog.mk) the tile URLs
# in tiles.json are absolute, under the URL the product is published at.  A GUNW
# (netCDF) is tiled from its grids.  A scene with neither GeoTIFFs, a GUNW nor BRS jpgs
# (a CEOS L1.1 scene without browse) has nothing to show: an empty record.
$(A2_W)/%/tiles.json: $(A2_W)/%/scene.json $(A2_W)/%/footprint.geojson
	@$(a2_say) a2tiles $*
	$(A2_Q)if jq -e '.format == "GeoTIFF" or .format == "netCDF" or ((.files.brs // []) | length > 0)' $< > /dev/null; then \
	  mkdir -p $(A2_P)/$* && \
	  $(A2TILES) -z $(A2_TILES_ZOOM) --scheme $(A2_TILES_SCHEME) $(A2_TILES_FLAGS) --footprint $(A2_W)/$*/footprint.geojson \
	    $(if $(strip $(A2_BASE_URL)),--base-url $(call a2_q,$(strip $(A2_BASE_URL)))) \
	    --state $(A2_W)/$*/tiles.state \
	    -o $(A2_P)/$* $< > $@.out.tmp && jq -c '.tiles | del(.written, .kept)' $@.out.tmp > $@.tmp && rm -f $@.out.tmp; \
	else echo '{}' > $@.tmp; fi && mv -f $@.tmp $@

# One a2md run makes all three (a pattern rule with several targets).
$(A2_P)/%.met.json $(A2_P)/%.dataset.json $(A2_P)/%.stac.json: $(A2_P)/%.zip \
		$$(A2_W)/$$(call a2_id,$$*)/scene.json $$(A2_W)/$$(call a2_id,$$*)/footprint.geojson \
		$$(A2_W)/$$(call a2_id,$$*)/tiles.json
	@$(a2_say) a2md $(call a2_id,$*)
	$(A2_Q)src=$$($(call a2_source,$(call a2_id,$*))) && \
	$(A2MD) -o $(@D) $${src:+--source "$$src"} \
		$$(jq -e '.tile_layers' $(word 4,$^) > /dev/null 2>&1 && echo --tiles $(word 4,$^)) \
		$(word 2,$^) $(word 3,$^) > /dev/null
