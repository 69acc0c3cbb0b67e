# mk/context.mk: the original HySDS jobs' parameters (ingest-jobs.md 2.2)
# from CONTEXT=_context.json into make variables, read with jq.  A variable
# given on the command line wins over the context; an empty or null value
# counts as absent.  Included by examples/*.mk after mk/a2.mk.
#
#   auig2_orderid -> ORDER        (examples/auig2.mk)
#   data_id       -> DATA_ID      (examples/sentinel-asia.mk)
#   eor_id        -> EOR_ID
#   start_date    -> START_DATE   (YYYYMMDD)
#   end_date      -> END_DATE     (YYYYMMDD; not an original parameter:
#                                  the original cron's -end_time)
#   download_url  -> URL          (examples/url.mk)
#   archive       -> ARCHIVE      (examples/archive.mk; these keys and
#   levels        -> LEVELS        the ones below are a2's own, for jobs
#   regex         -> REGEX         the original had no HySDS job for; an
#   tag           -> TAG           absent one leaves the makefile's default)
#   year          -> YEAR         (examples/palsar-mosaic.mk)
#   bbox          -> BBOX
#   tiles         -> TILES
#   urls          -> NRB_URLS     (examples/nrb.mk: URLs, or STAC Items'
#   items         -> NRB_ITEMS     URLs, separated by white space)
#   queue         -> A2_QUEUE     where the job's recipes run: the Slurm
#                                  partition (DISPATCH=slurm) or PBS queue
#                                  (DISPATCH=pbs); ignored by DISPATCH=local.
#                                  The original fanned an EOR or date range
#                                  out as one HySDS job per data id on that
#                                  queue; here the ids are targets of one make
#                                  and make -j / DISPATCH spread them.
#
# auig2_username and auig2_password are not read here: the AUIG2 job hands
# the file to a2fetch --context, which decodes them into a private netrc,
# so credentials never pass through make variables, argv or environments.

ifdef CONTEXT
ifeq ($(wildcard $(CONTEXT)),)
$(error CONTEXT=$(CONTEXT): no such file)
endif
# $(call a2_ctx,KEY): the context's KEY as text ('' when absent or null).
a2_ctx = $(shell jq -r --arg k '$(1)' '.[$$k] // empty | tostring' $(call a2_q,$(CONTEXT)))
# VAR=KEY pairs: VAR := KEY's value, unless VAR came from the command line;
# for those of a2_ctx_opt only when KEY has a value, so that the job's own
# VAR ?= default still applies.
a2_ctx_set := ORDER=auig2_orderid DATA_ID=data_id EOR_ID=eor_id START_DATE=start_date \
	END_DATE=end_date URL=download_url A2_QUEUE=queue
a2_ctx_opt := ARCHIVE=archive LEVELS=levels REGEX=regex TAG=tag YEAR=year BBOX=bbox TILES=tiles \
	NRB_URLS=urls NRB_ITEMS=items
# $(call a2_ctx_do,VAR,KEY,ALWAYS)
a2_ctx_do = $(if $(filter command line,$(origin $(1))),,$(eval a2_ctx_v := $$(call a2_ctx,$(2)))$(if $(3)$(a2_ctx_v),$(eval $(1) := $$(a2_ctx_v))))
a2_ctx_pair = $(call a2_ctx_do,$(firstword $(subst =, ,$(1))),$(lastword $(subst =, ,$(1))),$(2))
$(foreach p,$(a2_ctx_set),$(call a2_ctx_pair,$(p),always))
$(foreach p,$(a2_ctx_opt),$(call a2_ctx_pair,$(p),))
endif
