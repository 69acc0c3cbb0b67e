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
# $(call a2_ctx_var,VAR,KEY): VAR := KEY's value, unless VAR came from the
# command line.
a2_ctx_var = $(if $(filter command line,$(origin $(1))),,$(eval $(1) := $$(call a2_ctx,$(2))))
$(call a2_ctx_var,ORDER,auig2_orderid)
$(call a2_ctx_var,DATA_ID,data_id)
$(call a2_ctx_var,EOR_ID,eor_id)
$(call a2_ctx_var,START_DATE,start_date)
$(call a2_ctx_var,END_DATE,end_date)
$(call a2_ctx_var,URL,download_url)
$(call a2_ctx_var,A2_QUEUE,queue)
endif
