# examples/gunw.mk: the ARIA Sentinel-1 GUNW interferograms of one frame,
# made by ASF's HyP3 and ingested as a2 products:
#
#   make -f examples/gunw.mk FRAME=25502 DATES=dates.txt [START=YYYY-MM-DD] [END=YYYY-MM-DD]
#        [PAIRS_OPTS='--baseline 0,24 --neighbours 3,3'] [HYP3_NAME=name]
#        [HYP3_OPTS='--test --token-file file'] [POLL_OPTS='--interval 600 --deadline 43200']
#        [A2_DATA=dir] [PUBLISH=dest] [A2_CATALOG=file.gpkg|PG:...] [SITE=dir] [-j N]
#   make -f examples/gunw.mk PAIRS=pairs.jsonl ...    # pairs as a2pairs prints them
#
# pairs (a2pairs s1: the ARIA enumeration of the acquisition dates in
# DATES, one YYYY-MM-DD a line, kept from START to END) -> those not in
# the catalog -> hyp3submit -> hyp3poll --wait (download) -> every
# downloaded .nc through the per-scene rules of mk/a2.mk, as the URL job:
# a2unpack | a2classify, a2footprint, a2tiles, a2pack, a2md, a2catalog,
# a2publish, a2site.  HYP3_OPTS go to both HyP3 tools (endpoint, login,
# retries: hyp3submit(1)); credentials come from the netrc or the token
# file, never from the command line.  V=1 shows the commands run.
#
# What is already there is skipped: a pair is "in the catalog" when a
# product of type s1_gunw has its frame (catalog "frame", the file's
# aria_frame_id) and its reference_secondary dates (the name's date pair),
# whatever its version or origin.  Only the other pairs are submitted
# (hyp3submit skips a pair whose job record work/hyp3/F<frame>-<ref>_<sec>.json
# exists) and polled; so a re-run with nothing new sends no request at all.
# Safe to kill: records, downloads and every listing are written to a
# temporary file and renamed; a re-run submits nothing twice, polls the
# jobs of the pairs not yet catalogued and does only what is missing.
#
# Files: work/gunw-KEY/{pairs,todo,poll}.jsonl, poll.status and orders.mk
# (KEY: a hash of the pair options), work/hyp3/*.json (job records),
# downloads/hyp3/*.nc, and per job the order work/hyp3-JOB_ID/ (fetch.json:
# the download) of mk/a2.mk.  A job that failed or expired is reported at
# the end with hyp3poll's exit status (1; 75: still pending at the
# deadline, or HyP3 unreachable; 77: credentials) after what succeeded is
# ingested, and make fails; remove its record to submit the pair again.

# Tiles up to the zoom whose pixel is nearest the grid's 90 m (10 or 11),
# not the 0-14 of the ALOS-2 jobs (mk/a2.mk): zooms 12-14 would only
# enlarge its pixels, in some 80 times the tiles.
A2_TILES_ZOOM ?= 0-auto
include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk

A2PAIRS    = $(call a2_tool,a2pairs)
HYP3SUBMIT = $(call a2_tool,hyp3submit)
HYP3POLL   = $(call a2_tool,hyp3poll)
HYP3_OPTS ?=
HYP3_NAME ?=
POLL_OPTS ?=
PAIRS_OPTS ?=

ifneq ($(strip $(PAIRS)),)
override PAIRS := $(abspath $(PAIRS))
A2_GUNW_SRC := $(PAIRS)
else ifneq ($(strip $(FRAME)),)
ifeq ($(strip $(DATES)),)
$(error usage: make -f examples/gunw.mk FRAME=id DATES=file [START=date] [END=date] (or PAIRS=file))
endif
override DATES := $(abspath $(DATES))
A2_GUNW_SRC := $(DATES)
else
$(error usage: make -f examples/gunw.mk FRAME=id DATES=file [START=date] [END=date] (or PAIRS=file))
endif
A2_GUNW_RANGE := $(if $(strip $(START)$(END)),--range $(or $(strip $(START)),2014-06-15)/$(or $(strip $(END)),9999-12-31))

A2_GUNW_KEY := $(shell printf '%s\n' $(call a2_q,$(A2_GUNW_SRC)) $(call a2_q,$(FRAME)) \
	$(call a2_q,$(A2_GUNW_RANGE)) $(call a2_q,$(PAIRS_OPTS)) | sha256sum | cut -c1-16)
G := $(A2_W)/gunw-$(A2_GUNW_KEY)
A2_HYP3_RECS := $(A2_W)/hyp3

.DEFAULT_GOAL := all
.PHONY: all a2-gunw-ask a2-gunw-status

# The catalog and HyP3 are asked once a run: on its first pass, not again
# when make restarts to read the order makefiles made on the way.
a2_gunw_ask := $(if $(MAKE_RESTARTS),,a2-gunw-ask)

# $(call a2_gunw_put,FILE): move FILE.tmp to FILE if it differs (so that
# FILE's time says when its content changed), else drop it.
a2_gunw_put = if cmp -s $(1).tmp $(1); then rm -f $(1).tmp; else mv -f $(1).tmp $(1); fi

$(G)/pairs.jsonl: $(A2_GUNW_SRC)
	@mkdir -p $(@D)
	@$(a2_say) a2pairs $(call a2_q,$<)
ifneq ($(strip $(PAIRS)),)
	$(A2_Q)jq -ce 'select(.frame_id and .reference_date and .secondary_date)' $(call a2_q,$<) > $@.tmp || \
	  { echo "$<: not pairs as a2pairs prints them" >&2; rm -f $@.tmp; exit 2; }
else
	$(A2_Q)$(A2PAIRS) s1 --frame $(call a2_q,$(FRAME)) $(A2_GUNW_RANGE) $(PAIRS_OPTS) $(call a2_q,$<) > $@.tmp || \
	  { s=$$?; rm -f $@.tmp; exit $$s; }
endif
	$(A2_Q)$(call a2_gunw_put,$@)

# The pairs whose GUNW the catalog lacks (the catalog's GUNWs by frame and
# the name's date pair, jq's keys "FRAME YYYYMMDD_YYYYMMDD").
$(G)/todo.jsonl: $(G)/pairs.jsonl $(a2_gunw_ask)
	$(A2_Q)$(A2CATALOG) query --type s1_gunw $(if $(strip $(PAIRS)),,--frame $(call a2_q,$(FRAME))) > $@.cat.tmp || \
	  { s=$$?; rm -f $@.cat.tmp; exit $$s; }
	$(A2_Q)jq -c --slurpfile cat $@.cat.tmp \
	  '(reduce $$cat[] as $$c ({}; .["\($$c.frame) \($$c.id | split("-")[6])"] = true)) as $$have | select($$have["\(.frame_id) \(.reference_date | gsub("-"; ""))_\(.secondary_date | gsub("-"; ""))"] | not)' \
	  $< > $@.tmp && rm -f $@.cat.tmp
	@n=$$(($$(wc -l < $<) - $$(wc -l < $@.tmp))); [ $$n = 0 ] || echo "# $$n of the pairs already in the catalog" >&2
	$(A2_Q)$(call a2_gunw_put,$@)

# Submit what has no job record, then poll the jobs of every pair to do
# until they end (hyp3poll --wait), downloading what succeeded.  Nothing to
# do: nothing sent.  poll.jsonl holds the downloads (without their state,
# which says whether this run fetched them), poll.status hyp3poll's exit.
$(G)/poll.jsonl: $(G)/todo.jsonl $(a2_gunw_ask)
	$(A2_Q)if [ -s $< ]; then \
	  $(a2_say) hyp3submit "$$(wc -l < $<) pairs" && \
	  $(HYP3SUBMIT) $(HYP3_OPTS) $(if $(strip $(HYP3_NAME)),--name $(call a2_q,$(HYP3_NAME))) \
	    -o $(A2_HYP3_RECS) < $< > /dev/null || exit $$?; \
	  recs=$$(jq -r '"$(A2_HYP3_RECS)/F\(.frame_id)-\(.reference_date | gsub("-"; ""))_\(.secondary_date | gsub("-"; "")).json"' $<); \
	  $(a2_say) hyp3poll "$$(wc -l < $<) jobs"; \
	  $(HYP3POLL) $(HYP3_OPTS) --wait $(POLL_OPTS) -o $(A2_D)/hyp3 $$recs > $@.out.tmp; \
	  s=$$?; \
	else : > $@.out.tmp; s=0; fi; \
	jq -c 'select(.download) | {download: (.download | {path, url, size, sha256, name}), job_id: .hyp3.job_id}' \
	  $@.out.tmp > $@.tmp && rm -f $@.out.tmp && \
	printf '%s\n' $$s > $(G)/poll.status.tmp && mv -f $(G)/poll.status.tmp $(G)/poll.status && \
	$(call a2_gunw_put,$@)

# One order of mk/a2.mk per downloaded job, work/hyp3-JOB_ID/, whose
# fetch.json is the download (its URL becomes met.json's download_source).
$(G)/orders.mk: $(G)/poll.jsonl
	$(A2_Q)jq -r .job_id $< | while read -r j; do \
	  case $$j in ''|*[!0-9a-f-]*) echo "$<: bad job_id '$$j'" >&2; exit 1;; esac; \
	  printf 'A2_GUNW_ORDERS += hyp3-%s\ninclude $$(A2_W)/hyp3-%s/targets.mk\n' "$$j" "$$j"; \
	done > $@.tmp && mv -f $@.tmp $@

# A job's download never changes (a pair submitted again is a new job).
$(A2_W)/hyp3-%/fetch.json: | $(G)/poll.jsonl
	@mkdir -p $(@D)
	$(A2_Q)jq -c 'select(.job_id == "$*")' $(G)/poll.jsonl > $@.tmp && \
	if [ -s $@.tmp ]; then mv -f $@.tmp $@; else rm -f $@.tmp; echo "$(G)/poll.jsonl: no download of job $*" >&2; exit 1; fi

include $(G)/orders.mk

a2-gunw-status: $(foreach k,$(A2_GUNW_ORDERS),$(call a2_order,$(k))) $(call a2_products,$(A2_IDS)) \
		$(call a2_catalog_targets,$(A2_IDS)) $(a2_site_targets)
	@s=$$(cat $(G)/poll.status) && case $$s in \
	  0) ;; \
	  1) echo "gunw.mk: hyp3poll: exit 1: a job failed or expired (above); what succeeded is ingested" >&2; exit 1;; \
	  75) echo "gunw.mk: hyp3poll: exit 75: jobs still pending or running, or HyP3 unreachable; run again later" >&2; exit 75;; \
	  *) echo "gunw.mk: hyp3poll: exit $$s" >&2; exit $$s;; esac

all: a2-gunw-status
