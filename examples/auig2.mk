# examples/auig2.mk: ingest a JAXA AUIG2 order into products:
#
#   make -f examples/auig2.mk ORDER=0000022708 [A2_DATA=dir] [-j N]
#   make -f examples/auig2.mk CONTEXT=_context.json   # auig2_orderid,
#                                        # auig2_username, auig2_password
#
# gives A2_DATA/products/ID/{ID.zip,ID.met.json,ID.dataset.json,ID.stac.json}
# for every scene of the order (a lumped order holds several).  The login
# comes from the netrc entry of the AUIG2 host (~/.netrc or A2_NETRC), or,
# with CONTEXT, from its auig2_username / auig2_password, which a2fetch
# decodes into a 0600 .a2fetch.netrc beside the context file.  A2_AUIG2_URL
# overrides the portal (default https://auig2.jaxa.jp).  Run it again: it
# does only what is missing.

include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk
include $(A2_MK)/context.mk

ifeq ($(strip $(ORDER)),)
$(error usage: make -f examples/auig2.mk ORDER=id [A2_DATA=dir] (or CONTEXT=_context.json with auig2_orderid))
endif
ifneq ($(shell printf '%s' $(call a2_q,$(ORDER)) | tr -d 'A-Za-z0-9_-'),)
$(error ORDER=$(ORDER): not an AUIG2 order id)
endif

A2_AUIG2_KEY := auig2-$(ORDER)

.DEFAULT_GOAL := all
.PHONY: all

$(A2_W)/$(A2_AUIG2_KEY)/fetch.json:
	@mkdir -p $(@D)
	$(A2FETCH) $(if $(CONTEXT),--context $(call a2_q,$(abspath $(CONTEXT)))) -o $(A2_D) \
		auig2:$(ORDER) > $@.tmp && mv -f $@.tmp $@

include $(A2_W)/$(A2_AUIG2_KEY)/targets.mk

all: $(call a2_order,$(A2_AUIG2_KEY)) $(call a2_products,$(A2_IDS)) $(call a2_catalog_targets,$(A2_IDS)) $(a2_site_targets)
