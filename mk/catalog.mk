# mk/catalog.mk: the catalog and publish steps of a2's flow, included by
# mk/a2.mk (after its tool variables and A2_DATA):
#
#   work/ID/catalogued   a2catalog add (the product is catalogued), which
#                        also rewrites the data dir's STAC Catalog and
#                        Collections (catalog.json,
#                        collections/TYPE/collection.json) when they change
#   work/ID/published    a2publish $(PUBLISH) (only when PUBLISH is set)
#
# Both are stamps holding the ID or the tool's JSON line, written
# atomically.  They live under work/, as all of a2's state does: a product
# directory holds the product and nothing else, so what a2publish (or
# HySDS's own publisher) uploads is exactly what it holds.  Jobs skip
# scenes the catalog already has
# (this machine's runs, or a team's PostGIS catalog) with a2_catalog_new
# or a2_catalog_has before fetching or building them, as alos2-ingest
# relied on ARIA's Elasticsearch.
#
#   make -f examples/url.mk URL=... PUBLISH=s3://bucket/prefix
#   make -f examples/url.mk URL=... A2_CATALOG='PG:host=db dbname=a2'

A2CATALOG = $(call a2_tool,a2catalog)
A2PUBLISH = $(call a2_tool,a2publish)

# The catalog every tool of the run uses (a2catalog, a2publish).
A2_CATALOG ?= $(A2_DATA)/catalog.gpkg
export A2_CATALOG
# Where to publish (a directory, s3://bucket/prefix, dav://, davs://);
# empty: no publishing.  A2_PUBLISH_FLAGS=-f replaces earlier publishes.
PUBLISH ?=
A2_PUBLISH_FLAGS ?=
# The public URL at which PUBLISH's root is served (http:// or https://):
# tiles.json then holds absolute tile URLs under the product's (a2tiles
# --base-url), as TileJSON clients such as MapLibre need, and the published
# STAC documents get absolute self links (a2publish --base-url).  Unset, a
# dav:// or davs:// PUBLISH gives it (http:// or https://, the server
# WebDAV is on); a directory or s3:// root gives none: the tile URLs stay
# relative and the STAC tree is self-contained (relative links only).
A2_BASE_URL ?= $(if $(filter dav://% davs://%,$(PUBLISH)),$(patsubst dav%,http%,$(PUBLISH)))

# $(call a2_catalog_has,ID): a shell condition, true when ID is in the
# catalog; a catalog that cannot be read (exit 75) fails the recipe
# rather than passing for "not there":
#   if $(call a2_catalog_has,$$id); then echo skip; else ...; fi
a2_catalog_has = { $(A2CATALOG) has $(1); _a2s=$$?; [ $$_a2s -le 1 ] || exit $$_a2s; [ $$_a2s = 0 ]; }

# $(a2_catalog_new): a shell filter passing on the IDs (one a line) that
# are not catalogued yet; the others become make comments.
a2_catalog_new = while read -r _a2id; do \
	$(A2CATALOG) has "$$_a2id"; _a2s=$$?; \
	case $$_a2s in 0) echo "\# $$_a2id: already in the catalog" >&2;; 1) echo "$$_a2id";; *) exit $$_a2s;; esac; \
	done

# $(call a2_catalog_targets,IDS): the stamps to build for the scenes IDS.
a2_catalog_targets = $(foreach i,$(1),$(A2_W)/$(i)/catalogued $(if $(strip $(PUBLISH)),$(A2_W)/$(i)/published))

# A data dir of an older a2 kept these stamps in the product directory
# (products/ID/.catalog, .published) and a2tiles its journal there
# (products/ID/tiles/.a2tiles-state): they move to work/ID/ (catalogued,
# published, tiles.state) when a job first reads the data dir, before make
# looks at any target, so nothing is done again and no dot file stays.
a2_old_state := $(wildcard $(A2_P)/*/.catalog $(A2_P)/*/.published $(A2_P)/*/tiles/.a2tiles-state)
ifneq ($(a2_old_state),)
a2_old_state := $(shell for f in $(a2_old_state); do \
	case $$f in (*/.catalog) d=$${f%/.catalog} n=catalogued;; (*/.published) d=$${f%/.published} n=published;; \
	  (*) d=$${f%/tiles/.a2tiles-state} n=tiles.state;; esac; w=$(A2_W)/$$(basename "$$d"); \
	mkdir -p "$$w" && { [ -e "$$w/$$n" ] && rm -f "$$f" || mv -f "$$f" "$$w/$$n"; } || echo "$$f"; done)
$(if $(a2_old_state),$(error cannot move the state of an older a2 out of products/: $(a2_old_state)))
endif

# The stamp holds only the ID: a2catalog's "action" (added, unchanged)
# depends on whether an earlier, killed run got that far, and the stamp
# must be the same bytes either way.  (The metadata files are made after
# the zip, so the catalog never lists a product still being written.)
$(A2_W)/%/catalogued: $(A2_P)/%/$$*.met.json $(A2_P)/%/$$*.dataset.json $(A2_P)/%/$$*.stac.json
	@$(a2_say) a2catalog $*
	@mkdir -p $(@D)
	$(A2_Q)$(A2CATALOG) add --stac $(A2_DATA) $(A2_P)/$* > /dev/null && printf '%s\n' $(call a2_q,$*) > $@.tmp && mv -f $@.tmp $@

$(A2_W)/%/published: $(A2_W)/%/catalogued
	$(if $(strip $(PUBLISH)),,$(error $@: PUBLISH is not set))
	@$(a2_say) a2publish $*
	$(A2_Q)$(A2PUBLISH) $(A2_PUBLISH_FLAGS) $(if $(strip $(A2_BASE_URL)),--base-url $(call a2_q,$(A2_BASE_URL))) $(call a2_q,$(PUBLISH)) $(A2_P)/$* > $@.tmp && mv -f $@.tmp $@
