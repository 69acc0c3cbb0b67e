# examples/url.mk: ingest the ALOS-2 order zip at a URL (http, https, ftp,
# file; dav and davs are WebDAV over http and https) into products:
#
#   make -f examples/url.mk URL=https://host/path/order.zip [A2_DATA=dir] [-j N]
#        [PUBLISH=dir|s3://bucket/prefix|davs://host/path] [A2_CATALOG=file.gpkg|PG:...] [SITE=dir]
#   make -f examples/url.mk CONTEXT=_context.json     # {"download_url": ...}
#
# V=1 shows the commands run.
#
# gives A2_DATA/products/ID/{ID.zip,ID.met.json,ID.dataset.json,ID.stac.json}
# for every scene in the zip.  Credentials come from ~/.netrc or A2_NETRC,
# never from the URL.  Run it again: it does only what is missing.

include $(dir $(lastword $(MAKEFILE_LIST)))../mk/a2.mk

include $(A2_MK)/context.mk
ifeq ($(strip $(URL)),)
$(error usage: make -f examples/url.mk URL=url [A2_DATA=dir] (or CONTEXT=_context.json with download_url))
endif

# The order's work dir is named after the URL, whose file name is known
# only once a2fetch has asked the server.
A2_URL_KEY := url-$(shell printf '%s' $(call a2_q,$(URL)) | sha256sum | cut -c1-16)

.DEFAULT_GOAL := all
.PHONY: all

# Its record makes reruns skip the network: a2fetch runs only when the
# record is missing (and would itself find a verified file in place).
$(A2_W)/$(A2_URL_KEY)/fetch.json:
	@$(a2_say) a2fetch $(call a2_q,$(URL))
	@mkdir -p $(@D)
	$(A2_Q)$(A2FETCH) -o $(A2_D) $(call a2_q,$(URL)) > $@.tmp && mv -f $@.tmp $@

include $(A2_W)/$(A2_URL_KEY)/targets.mk

all: $(call a2_order,$(A2_URL_KEY)) $(call a2_products,$(A2_IDS)) $(call a2_catalog_targets,$(A2_IDS)) $(a2_site_targets)
