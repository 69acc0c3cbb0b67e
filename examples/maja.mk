# examples/maja.mk: MAJA L2A time series of one Sentinel-2 tile.
#
#   make -f examples/maja.mk TILE=31TCJ START=2017-07-01 END=2018-01-01 \
#        [ORBIT=51] [PROVIDER=peps|geodes] [AUTH=peps.txt] [KEY_FILE=geodes.key] \
#        [A2_DATA=dir] [MAJA_PENDING_OK=1]
#   make -f examples/maja.mk CONTEXT=_context.json  # {"tile","start_date","end_date","orbit","provider"}
#
# The first run submits the request (majasubmit) and writes the job record
# A2_DATA/maja/TILE/job-START_END[_RNNN].PROVIDER.json; it is never
# submitted again while that record exists (delete it to resubmit).  Every
# run then polls the job (majapoll) and, once it is finished, downloads its
# results into A2_DATA/maja/TILE/, and writes results-….jsonl (one JSON
# line per result) as the mark that the series is complete.
#
# Credentials: AUTH names the PEPS auth file ('email password'), else
# ~/.netrc (or A2_NETRC); GEODES keys come from KEY_FILE (or
# A2_GEODES_KEY_FILE) or the netrc password of the download host.  The
# service endpoints come from A2_MAJA_WPS_URL, A2_MAJA_SEARCH_URL and
# A2_GEODES_URL when set.
#
# While the job is pending or running, majapoll exits 75 and so does the
# recipe: make reports "Error 75" and exits 2; nothing is marked done.
# Run it from cron until it succeeds, e.g. every two hours:
#
#   0 */2 * * * cd /data && make -s -f /usr/local/share/a2/examples/maja.mk \
#       TILE=31TCJ START=2017-07-01 END=2018-01-01 AUTH=$HOME/.peps.txt MAJA_PENDING_OK=1
#
# With MAJA_PENDING_OK=1 a job still running is not an error (exit 0, one
# line on stderr), so cron mails only real failures (exit 2, with majapoll's
# message: 1 failed job, 77 credentials refused).

SHELL := /bin/sh
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DELETE_ON_ERROR:

MAJA_MK := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
A2_DATA ?= ./a2-data
override A2_DATA := $(abspath $(A2_DATA))

ifeq ($(origin A2_BIN),undefined)
A2_BIN := $(if $(wildcard $(MAJA_MK)/../tools/majapoll.c),$(wildcard $(abspath $(MAJA_MK)/../build/bin)))
endif
MAJASUBMIT = $(if $(A2_BIN),$(A2_BIN)/)majasubmit
MAJAPOLL   = $(if $(A2_BIN),$(A2_BIN)/)majapoll
# $(call maja_q,TEXT): TEXT as one single-quoted shell word.
maja_q = '$(subst ','\'',$(1))'

ifdef CONTEXT
TILE     := $(shell jq -r '.tile // empty' $(call maja_q,$(CONTEXT)))
START    := $(shell jq -r '.start_date // empty' $(call maja_q,$(CONTEXT)))
END      := $(shell jq -r '.end_date // empty' $(call maja_q,$(CONTEXT)))
ORBIT    := $(shell jq -r '.orbit // empty' $(call maja_q,$(CONTEXT)))
PROVIDER := $(shell jq -r '.provider // empty' $(call maja_q,$(CONTEXT)))
endif
ifeq ($(strip $(TILE)),)
$(error usage: make -f examples/maja.mk TILE=tile START=YYYY-MM-DD END=YYYY-MM-DD [ORBIT=n] [PROVIDER=peps|geodes] (or CONTEXT=_context.json))
endif
ifeq ($(strip $(START))$(strip $(END)),$(strip $(START)))
$(error usage: make -f examples/maja.mk TILE=tile START=YYYY-MM-DD END=YYYY-MM-DD [ORBIT=n] [PROVIDER=peps|geodes])
endif
ifeq ($(strip $(PROVIDER)),)
PROVIDER := peps
endif
ifeq ($(filter peps geodes,$(PROVIDER)),)
$(error PROVIDER=$(PROVIDER): peps or geodes)
endif
# Names come from the command line: keep them to what a path can hold.
ifneq ($(shell printf '%s' $(call maja_q,$(TILE)$(START)$(END)$(ORBIT)) | tr -d 'A-Za-z0-9-'),)
$(error TILE, START, END and ORBIT hold letters, digits and '-' only)
endif

MAJA_TILE := $(patsubst T%,%,$(TILE))
MAJA_DIR  := $(A2_DATA)/maja/$(MAJA_TILE)
MAJA_KEY  := $(START)_$(END)$(if $(ORBIT),_R$(ORBIT)).$(PROVIDER)
MAJA_JOB  := $(MAJA_DIR)/job-$(MAJA_KEY).json
MAJA_DONE := $(MAJA_DIR)/results-$(MAJA_KEY).jsonl

MAJA_SUBMIT_OPTS := --provider $(PROVIDER) -t $(MAJA_TILE) -d $(START) -e $(END) \
	$(if $(ORBIT),-r $(ORBIT)) $(if $(AUTH),-a $(call maja_q,$(AUTH)))
MAJA_POLL_OPTS := $(if $(AUTH),-a $(call maja_q,$(AUTH))) \
	$(if $(KEY_FILE),--key-file $(call maja_q,$(KEY_FILE)))

.DEFAULT_GOAL := all
.PHONY: all
all: $(MAJA_DONE)

# Submitted once: the record has no prerequisite, so it is never remade.
$(MAJA_JOB):
	@mkdir -p $(@D)
	$(MAJASUBMIT) $(MAJA_SUBMIT_OPTS) -o $@ >/dev/null

# Remade on every run until majapoll says everything is downloaded.
$(MAJA_DONE): $(MAJA_JOB)
	@echo "$(MAJAPOLL) -o $(MAJA_DIR) $<"; \
	$(MAJAPOLL) $(MAJA_POLL_OPTS) -o $(MAJA_DIR) $< > $@.tmp; rc=$$?; \
	if [ $$rc = 0 ]; then mv -f $@.tmp $@; exit 0; fi; \
	rm -f $@.tmp; \
	if [ $$rc = 75 ] && [ -n "$(MAJA_PENDING_OK)" ]; then \
		echo "$<: not finished yet; run again later" >&2; exit 0; fi; \
	exit $$rc
