#!/bin/sh
# mk/site.mk: with SITE set, a job run ends by writing the site once; a run
# with nothing new does nothing; a catalog changed by another run refreshes
# it; without SITE there is no site.
. "$(dirname "$0")/lib.sh"
. "$A2_TOP/tests/servers/catalog-products.sh"

A=ALOS2015976960-140909-FBDR1.5GUA
B=ALOS2235320010-181219-WBDR1.1__D
D=$T/data
mkprod "$D/products" $A 10 0 11 1 2014-09-09T04:33:42.052000 2014-09-09T04:33:52.052000
mkprod "$D/products" $B 20 5 22 7 2018-12-19T01:00:00.000000 2018-12-19T01:00:10.500000 '"HH"'
# a job as examples/url.mk is one, once the order's IDs are known; site.mk
# is included here until mk/a2.mk includes it
cat >"$T/job.mk" <<EOM
include $A2_TOP/mk/a2.mk
ifndef a2_site_targets
include $A2_TOP/mk/site.mk
endif
A2_IDS := \$(IDS)
all: \$(call a2_catalog_targets,\$(A2_IDS)) \$(a2_site_targets)
EOM
job() { make -s -f "$T/job.mk" A2_BIN="$A2_BIN" A2_DATA="$D" "$@" all; }

exits 0 "a run with SITE" -- job IDS=$A SITE="$D/site"
is "$(out)" "  a2catalog   $A
  a2site      $D/site" "writes the site once, after the catalog"
is "$(jq -c '.site | [.products, .catalog]' "$D/site/.a2site")" "[1,\"$D/catalog.gpkg\"]" \
	"the stamp holds a2site's line"
ok '[ -s "$D/site/index.html" ] && [ -s "$D/site/catalog.json" ]' "the page and the STAC Catalog"
exits 0 "the same run again" -- job IDS=$A SITE="$D/site"
is "$(out)" "" "does nothing"
exits 0 "a run without SITE" -- job IDS=$B
is "$(out)" "  a2catalog   $B" "catalogues, writes no site"
exits 0 "a run with SITE after the catalog changed" -- job IDS=$A SITE="$D/site"
is "$(out)" "  a2site      $D/site" "refreshes the site"
is "$(jq -c .site.products "$D/site/.a2site")" 2 "with both products"
ok 'no_temps "$D"' "no temp files"
is "$(find "$D/products" -mindepth 1 -name '.*' | wc -l)" 0 "no dot file in products/"

plan "$_tap_n"
done_testing
