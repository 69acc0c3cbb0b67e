# examples/nrb.mk: ingest PALSAR-2 ScanSAR level 2.2 NRB scenes (JAXA's
# free, global Normalised Radar Backscatter, palsar2-scansar-nrb.md) into
# products, through the same steps, catalog, publish and site as every job:
#
#   make -f examples/nrb.mk URLS=urls.txt   [A2_DATA=dir] [-j N] [FETCH_FLAGS=...]
#   make -f examples/nrb.mk ITEMS=items.txt [A2_DATA=dir] [-j N] [FETCH_FLAGS=...]
#   make -f examples/nrb.mk CONTEXT=_context.json   # urls, items: the same, as
#                                                   # text (white space between)
#        [PUBLISH=dir|s3://bucket/prefix|davs://host/path] [A2_CATALOG=file.gpkg|PG:...] [SITE=dir]
#
# URLS lists URLs (any a2fetch takes: http, https, ftp, file, dav, s3), one
# a line (blank lines and # comments skipped): the files of scenes, named
# as JAXA names them (P_HH_SLP.tif, P_HV_SLP.tif, P_LIN.tif, P_MSK.tif,
# P_summary.xml, the KML; P = SceneID_ProductID), in any order, grouped by
# P into one scene each; or a zip holding a scene (its own order).
# ITEMS lists STAC Items (URLs, or paths of local files), one a line, as
# JAXA's bucket and stactools write them: every asset of an Item is one
# file of its scene; an href without a scheme is relative to the Item.
# FETCH_FLAGS go to every a2fetch (--no-sign-request for a public bucket;
# without it, s3 requests are signed with the credentials a2fetch(1)
# reads).
#
# gives A2_DATA/products/ID/{ID.zip,ID.met.json,ID.dataset.json,ID.stac.json,
# tiles/...} for every scene.  A scene's files are fetched once (its
# work/nrb-KEY/fetch.json records them): a rerun with the same lists makes
# no request and does nothing; one with longer lists does only what is
# new.

# Tiles up to the zoom whose pixel is nearest the scene's (12 or 13 for
# 25 m), not the 0-14 of the ALOS-2 jobs (mk/a2.mk): zoom 14's 9.5 m
# would only enlarge 25 m pixels, in four to six times the tiles.
A2_TILES_ZOOM ?= 0-auto
include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk
include $(A2_MK)/context.mk

# The lists given as text (NRB_URLS, NRB_ITEMS: a HySDS job's urls and
# items) are written to files under work/nrb-context/, replaced only when
# they change.
a2_nrb_text = $(shell mkdir -p $(A2_W)/nrb-context && \
	printf '%s\n' $(foreach u,$(2),$(call a2_q,$(u))) > $(A2_W)/nrb-context/$(1).tmp && \
	{ cmp -s $(A2_W)/nrb-context/$(1).tmp $(A2_W)/nrb-context/$(1) && \
	  rm -f $(A2_W)/nrb-context/$(1).tmp || \
	  mv -f $(A2_W)/nrb-context/$(1).tmp $(A2_W)/nrb-context/$(1); } && \
	echo $(A2_W)/nrb-context/$(1))
ifneq ($(strip $(NRB_URLS)),)
URLS := $(call a2_nrb_text,urls.txt,$(NRB_URLS))
endif
ifneq ($(strip $(NRB_ITEMS)),)
ITEMS := $(call a2_nrb_text,items.txt,$(NRB_ITEMS))
endif

ifeq ($(strip $(URLS)$(ITEMS)),)
$(error usage: make -f examples/nrb.mk URLS=file | ITEMS=file [A2_DATA=dir] [FETCH_FLAGS=...] (or CONTEXT=_context.json with urls or items))
endif
FETCH_FLAGS ?=

.DEFAULT_GOAL := all
.PHONY: all

# ---- the lists, read on every run, into keys ----
# mk/nrb-keys.sh, as make reads this file (a rule would be run after the
# makefiles of the keys it is about to replace): a URL list's NRB files go
# to the key of their scene prefix, anything else (a zip) to a key of its
# own; an Item list's lines each to a key of their own.
A2_NRB_LISTS := $(A2_W)/nrb-lists-$(shell printf '%s' $(call a2_q,$(abspath $(URLS)) $(abspath $(ITEMS))) | sha256sum | cut -c1-16)

A2_NRB_KEYS_MK := $(A2_NRB_LISTS)/keys.mk
$(shell sh $(A2_MK)/nrb-keys.sh $(call a2_q,$(A2_W)) $(call a2_q,$(A2_NRB_KEYS_MK)) \
	$(call a2_q,$(URLS)) $(call a2_q,$(ITEMS)) >&2)
ifneq ($(.SHELLSTATUS),0)
$(error examples/nrb.mk: the lists could not be read)
endif
include $(A2_NRB_KEYS_MK)
A2_NRB_KEYS := $(sort $(A2_NRB_KEYS))

# ---- one key: its files ----

# An Item: fetched once; its assets' hrefs, each resolved against the
# Item's URL when it has no scheme, are the scene's files.
a2_nrb_hrefs = .assets // error("no assets") | to_entries[] | .value.href // error("asset \(.key): no href") | if test("^[A-Za-z][A-Za-z0-9+.-]*:") then . else $$base + "/" + ltrimstr("./") end
$(A2_W)/nrb-item-%/urls.txt: $(A2_W)/nrb-item-%/item.url
	@$(a2_say) item "$$(cat $<)"
	$(A2_Q)u=$$(cat $<); case $$u in *://*) ;; /*) u=file://$$u;; *) u=file://$$(pwd)/$$u;; esac; \
	$(A2FETCH) $(FETCH_FLAGS) -o $(@D)/item "$$u" > $(@D)/item.fetch.tmp || exit 1; \
	item=$$(jq -r '.download.path' $(@D)/item.fetch.tmp) && base=$${u%/*} && \
	if ! jq -r --arg base "$$base" '$(a2_nrb_hrefs)' "$$item" > $@.tmp 2>/dev/null; then \
	  echo "$$item: not a STAC Item with asset hrefs" >&2; rm -f $@.tmp; exit 1; fi; \
	printf '%s\n' "$$u" > $(@D)/item.src.tmp && mv -f $(@D)/item.src.tmp $(@D)/item.src && \
	rm -f $(@D)/item.fetch.tmp && mv -f $@.tmp $@

# A scene's files go to downloads/nrb-KEY/ (with a2fetch's records of
# them), and are linked into work/nrb-KEY/files/, which holds them alone:
# the record a2.mk reads has that directory as download.path and, as the
# source met.json names, the Item, else the summary.xml (else the first
# file).  A zip key is an order like any other.
$(A2_W)/nrb-%/fetch.json: $(A2_W)/nrb-%/urls.txt
	@$(a2_say) a2fetch nrb-$*
	$(A2_Q)case $* in \
	zip-*) $(A2FETCH) $(FETCH_FLAGS) -o $(A2_D) $$(cat $<) > $@.tmp ;; \
	*) mkdir -p $(A2_D)/nrb-$* && \
	   $(A2FETCH) $(FETCH_FLAGS) -o $(A2_D)/nrb-$* $$(cat $<) > $@.all.tmp && \
	   rm -rf $(@D)/files && mkdir $(@D)/files && \
	   jq -r '.download.path' $@.all.tmp | while IFS= read -r f; do \
	     ln -f "$$f" $(@D)/files/ 2>/dev/null || cp -p "$$f" $(@D)/files/ || exit 1; done && \
	   src=$$(if [ -f $(@D)/item.src ]; then cat $(@D)/item.src; else \
	     grep -m1 '_summary\.xml' $< || head -n1 $<; fi) && \
	   jq -cn --arg url "$$src" --arg path $(call a2_q,$(@D)/files) \
	     '{download: {url: $$url, path: $$path}}' > $@.tmp && rm -f $@.all.tmp ;; \
	esac && mv -f $@.tmp $@

include $(foreach k,$(A2_NRB_KEYS),$(A2_W)/$(k)/targets.mk)

all: $(foreach k,$(A2_NRB_KEYS),$(A2_W)/$(k)/urls.txt $(call a2_order,$(k))) $(call a2_products,$(A2_IDS)) \
	$(call a2_catalog_targets,$(A2_IDS)) $(a2_site_targets)
