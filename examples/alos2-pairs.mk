# examples/alos2-pairs.mk: the ALOS-2 interferometric pairs of a2's
# catalog (a2pairs alos2), one JSON line a pair, for ISCE2's alos2App
# (which this machine does not run; nothing here pretends to):
#
#   make -f examples/alos2-pairs.mk [A2_DATA=dir] [A2_CATALOG=file.gpkg|PG:...]
#        [PAIRS=file] [PAIRS_OPTS='--max-baseline 365 --neighbours 3 --pol HH ...']
#
# writes PAIRS (default A2_DATA/pairs/alos2-pairs.jsonl) with the pairs of
# every path and frame of the catalog (a2pairs(1) for the record and the
# options).  Safe to re-run and to kill: the list is written to
# PAIRS.tmp and renamed, and replaced only when the pairs changed, so its
# time says when a pair came or went.  A re-run with nothing new does
# nothing: the stamp work/alos2-pairs.KEY.stamp (KEY: a hash of PAIRS,
# PAIRS_OPTS and the catalog's name) is newer than a GeoPackage catalog
# that has not changed, so a2pairs does not even run; a PostGIS catalog is
# asked on every run, and PAIRS is left alone when its pairs are the same.

include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk

A2PAIRS = $(call a2_tool,a2pairs)
PAIRS ?= $(A2_DATA)/pairs/alos2-pairs.jsonl
override PAIRS := $(abspath $(PAIRS))
PAIRS_OPTS ?=

# The catalog by its hash (a connection string may hold a password).
A2_PAIRS_KEY := $(shell printf '%s\n%s\n%s' $(call a2_q,$(PAIRS)) $(call a2_q,$(PAIRS_OPTS)) \
	$(call a2_q,$(A2_CATALOG)) | sha256sum | cut -c1-16)
A2_PAIRS_STAMP := $(A2_W)/alos2-pairs.$(A2_PAIRS_KEY).stamp
# What the list is made from: a catalog file that exists (none yet: the
# first run writes an empty list, and the file's creation remakes it); a
# database or a missing list: every run.
A2_PAIRS_DEP := $(if $(filter PG:%,$(A2_CATALOG)),a2-pairs-ask,$(wildcard $(A2_CATALOG))) \
	$(if $(wildcard $(PAIRS)),,a2-pairs-ask)

.DEFAULT_GOAL := all
.PHONY: all a2-pairs-ask
all: $(A2_PAIRS_STAMP)

$(A2_PAIRS_STAMP): $(A2_PAIRS_DEP)
	@mkdir -p $(@D) $(dir $(PAIRS))
	@$(a2_say) a2pairs $(call a2_q,$(PAIRS))
	$(A2_Q)$(A2PAIRS) alos2 $(PAIRS_OPTS) > $(call a2_q,$(PAIRS).tmp) || \
	  { s=$$?; rm -f $(call a2_q,$(PAIRS).tmp); exit $$s; }
	$(A2_Q)if cmp -s $(call a2_q,$(PAIRS).tmp) $(call a2_q,$(PAIRS)); then rm -f $(call a2_q,$(PAIRS).tmp); \
	  else mv -f $(call a2_q,$(PAIRS).tmp) $(call a2_q,$(PAIRS)); fi
	$(A2_Q)printf '%s\n' $(call a2_q,$(PAIRS)) > $@.tmp && mv -f $@.tmp $@
