# mk/site.mk: the catalog's static site (a2site: a map and a table of every
# product, and a STAC Catalog), refreshed at the end of a run when SITE is
# set.  Included by mk/a2.mk after catalog.mk; a job adds
# $(a2_site_targets) to its goal after the catalog stamps:
#
#   make -f examples/url.mk URL=... SITE=$(A2_DATA)/site
#
# $(SITE)/.a2site is a stamp holding a2site's JSON line.  It depends on this
# run's catalog stamps (work/ID/catalogued) and on the catalog file, so the site is written
# once after the last product is catalogued, and again only when the
# catalog changed (a PostGIS catalog, which make cannot date, refreshes
# it every run).

A2SITE = $(call a2_tool,a2site)
SITE ?=
# e.g. A2_SITE_FLAGS='--title "Rondonia archive"'
A2_SITE_FLAGS ?=

a2_site_targets = $(if $(strip $(SITE)),$(SITE)/.a2site)
a2_site_catalog = $(if $(filter PG:%,$(A2_CATALOG)),a2-site-force,$(wildcard $(A2_CATALOG)))

ifneq ($(strip $(SITE)),)
.PHONY: a2-site-force
$(SITE)/.a2site: $$(call a2_catalog_targets,$$(A2_IDS)) $$(a2_site_catalog)
	@$(a2_say) a2site $(call a2_q,$(SITE))
	$(A2_Q)mkdir -p $(call a2_q,$(SITE)) && $(A2SITE) -c $(call a2_q,$(A2_CATALOG)) -o $(call a2_q,$(SITE)) $(A2_SITE_FLAGS) > $@.tmp && mv -f $@.tmp $@
endif
