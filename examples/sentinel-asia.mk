# examples/sentinel-asia.mk: ingest ALOS-2 data from the JAXA Sentinel Asia
# portal into products:
#
#   make -f examples/sentinel-asia.mk DATA_ID=JPJXisis0001201908160001
#   make -f examples/sentinel-asia.mk EOR_ID=ERAHAC000007
#   make -f examples/sentinel-asia.mk START_DATE=20190801 [END_DATE=20190831]
#   make -f examples/sentinel-asia.mk CONTEXT=_context.json  # data_id, eor_id,
#                                                            # start_date, queue
#
# (one of them; DATA_ID wins, then EOR_ID; END_DATE defaults to today) gives
# A2_DATA/products/ID/... for every scene of every ALOS(Data) zip found.  An
# EOR or a date range is listed again on each run (the portal may have new
# data), but a data id fetched once is never fetched again, so a rerun does
# only what is new.  Credentials: the netrc entry of the portal's host;
# A2_SENTINEL_ASIA_URL overrides the portal
# (default https://sentinel.tksc.jaxa.jp/sentinel2).

include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk
include $(A2_MK)/context.mk

a2_word_ok = $(if $(shell printf '%s' $(call a2_q,$(1)) | tr -d 'A-Za-z0-9._-'),,ok)

.DEFAULT_GOAL := all
.PHONY: all FORCE
FORCE:

ifneq ($(strip $(DATA_ID)),)
$(if $(call a2_word_ok,$(DATA_ID)),,$(error DATA_ID=$(DATA_ID): not a data id))
A2_SA_IDS := $(DATA_ID)
else
ifneq ($(strip $(EOR_ID)),)
$(if $(call a2_word_ok,$(EOR_ID)),,$(error EOR_ID=$(EOR_ID): not an EOR id))
A2_SA_SPEC := sentinel-asia:eor:$(EOR_ID)
A2_SA_LIST := $(A2_W)/sa-eor-$(EOR_ID)
else ifneq ($(strip $(START_DATE)),)
$(if $(call a2_word_ok,$(START_DATE)$(END_DATE)),,$(error START_DATE/END_DATE: want YYYYMMDD))
A2_SA_SPEC := sentinel-asia:since:$(START_DATE)$(if $(strip $(END_DATE)),:$(END_DATE))
A2_SA_LIST := $(A2_W)/sa-since-$(START_DATE)-$(or $(strip $(END_DATE)),today)
else
$(error usage: make -f examples/sentinel-asia.mk DATA_ID=id | EOR_ID=id | START_DATE=yyyymmdd [END_DATE=yyyymmdd] [A2_DATA=dir] (or CONTEXT=_context.json with data_id, eor_id or start_date))
endif

# The listing is asked for on every run, and replaces the old one only when
# it differs, so that nothing downstream is redone for an unchanged list.
$(A2_SA_LIST)/list.jsonl: FORCE
	@mkdir -p $(@D)
	$(A2FETCH) --list $(call a2_q,$(A2_SA_SPEC)) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# The data ids of the list (each one's download URL, met.json's source,
# is in its fetch.json).
$(A2_SA_LIST)/ids.mk: $(A2_SA_LIST)/list.jsonl
	{ echo '# made from list.jsonl by examples/sentinel-asia.mk'; \
	  jq -r '.download.sentinel_asia.data_id // ""' $< | while read -r id; do \
	    case $$id in ''|*[!A-Za-z0-9._-]*) echo "$<: bad data id '$$id'" >&2; exit 1;; esac; \
	    printf 'A2_SA_IDS += %s\n' "$$id"; \
	  done; } > $@.tmp && mv -f $@.tmp $@

include $(A2_SA_LIST)/ids.mk
endif

# One data id is one order: fetched with what the listing knew about it
# (its EOR), or by its id alone.
$(A2_W)/sa-%/fetch.json:
	@mkdir -p $(@D)
	$(if $(A2_SA_LIST),jq -c --arg id $(call a2_q,$*) 'select(.download.sentinel_asia.data_id == $$id)' \
		$(A2_SA_LIST)/list.jsonl | $(A2FETCH) -o $(A2_D),$(A2FETCH) -o $(A2_D) \
		$(call a2_q,sentinel-asia:data:$*)) > $@.tmp && mv -f $@.tmp $@

include $(foreach i,$(A2_SA_IDS),$(A2_W)/sa-$(i)/targets.mk)

all: $(foreach i,$(A2_SA_IDS),$(call a2_order,sa-$(i))) $(call a2_products,$(A2_IDS)) $(call a2_catalog_targets,$(A2_IDS)) $(a2_site_targets)
