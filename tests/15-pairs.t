#!/bin/sh
# a2pairs: Sentinel-1 date pairs by ARIA's enumeration (hyp3-gunw.md §5.3,
# §8.9), the spec's worked example pair for pair, several runs, seeds,
# months and date ranges, and bad input naming its line (exit 2); ALOS-2
# pairs from a catalog of hand-made products (§6): groups of path, frame,
# look side and direction, the polarisation, ScanSAR as reference against
# stripmap, baseline and neighbour limits, locations.
. "$(dirname "$0")/lib.sh"
. "$A2_TOP/tests/servers/catalog-products.sh"
command -v jq >/dev/null || skip_all "jq needed"
unset A2_CATALOG A2_DATA

# ---- Sentinel-1 ----
# the worked example's dates, newest first as the spec lists them
printf '2025-01-25\n2025-01-13\n2025-01-01\n2024-12-20\n2024-12-08\n2024-11-26\n' >"$T/dates"
# the dates oldest first, as YYYYMMDD, with a comment, a blank line and CRLF
printf '# frame 25502\n20241126\r\n20241208\n\n  20241220\n20250101\n20250113T01:51:32Z\n20250125\n' >"$T/dates-asc"
# pairs of the last output as "REF SEC;" (dates without the century and dashes)
pairs() { out | jq -r '"\(.reference_date[2:] | gsub("-"; ""))-\(.secondary_date[2:] | gsub("-"; ""))"' | tr '\n' ' ' | sed 's/ $//'; }
s1() { exits 0 "s1 $1" -- sh -c "a2pairs s1 --frame 25502 $1 <'$T/dates'"; is "$(pairs)" "$2" "s1 $1: the pairs"; }

exits 0 "s1: the worked example (b=0, n=3, k=1)" -- a2pairs s1 --frame 25502 "$T/dates"
is "$(pairs)" "250125-250113 250125-250101 250125-241220 250113-250101 250113-241220 250113-241208 250101-241220 250101-241208 250101-241126 241220-241208 241220-241126 241208-241126" \
    "s1: the worked example's twelve pairs, in its order"
is "$(out | sed -n 1p)" '{"frame_id":25502,"reference_date":"2025-01-25","secondary_date":"2025-01-13"}' \
    "s1: a record is HyP3's job_parameters: frame_id an integer, dates YYYY-MM-DD"
cp "$T/.out" "$T/worked"
exits 0 "s1: the dates oldest first, YYYYMMDD, comments, CRLF, on stdin" -- sh -c "a2pairs s1 --frame 25502 <'$T/dates-asc'"
same_file "$T/.out" "$T/worked" "s1: the same pairs whatever the order and form of the dates"
s1 "--baseline 30 --neighbours 1" "250125-241220"
# runs concatenated in run order, a pair seen before dropped (§8.9): the
# 30-day run's one pair comes after the 0-day run's
s1 "--baseline 0,30 --neighbours 1" "250125-250113 250113-250101 250101-241220 241220-241208 241208-241126 250125-241220"
s1 "--baseline 30,0 --neighbours 1,1" "250125-241220 250125-250113 250113-250101 250101-241220 241220-241208 241208-241126"
# two seeds: 2025-01-13 starts too, and is not marked visited
s1 "--baseline 30 --neighbours 1 --seeds 2" "250125-241220 250113-241208"
# months: the stack of January and November dates adds 2025-01-01 - 2024-11-26
s1 "--neighbours 1 --months 1,11" "250125-250113 250113-250101 250101-241220 241220-241208 241208-241126 250101-241126"
s1 "--neighbours 1 --months 1,11 --exclusive-months" "250125-250113 250113-250101 250101-241126"
s1 "--range 2024-12-01/2025-01-05" "250101-241220 250101-241208 241220-241208"
s1 "--range 2024-11-01/2024-12-10 --range 2025-01-20/2025-02-01" "250125-241208 250125-241126 241208-241126"
s1 "--baseline 0,90,180,365 --neighbours 4,2,2,2 --seeds 2" \
    "250125-250113 250125-250101 250125-241220 250125-241208 250113-250101 250113-241220 250113-241208 250113-241126 250101-241220 250101-241208 250101-241126 241220-241208 241220-241126 241208-241126"
exits 0 "s1: no dates, no pairs" -- a2pairs s1 --frame 0 /dev/null
is "$(out)" "" "s1: nothing printed"
exits 0 "s1: one date, no pairs" -- sh -c "echo 2025-01-01 | a2pairs s1 --frame 0"
is "$(out)$(err)" "" "s1: nothing printed, nothing said"

# bad input: one line naming the line, exit 2
bad() {
	printf "$1" >"$T/bad"
	exits 2 "s1: $3" -- a2pairs s1 --frame 25502 "$T/bad"
	is "$(err)" "a2pairs: $T/bad: $2" "s1: $3: the message"
}
bad '2025-01-01\n2025-13-01\n' "line 2: 2025-13-01: not a date (YYYY-MM-DD)" "a malformed date"
bad '2025-02-29\n' "line 1: 2025-02-29: not a date (YYYY-MM-DD)" "a day that does not exist"
bad '2024-0\n' "line 1: 2024-0: not a date (YYYY-MM-DD)" "a date cut short"
bad '2025-01-01 12:00\n' "line 1: 2025-01-01 12:00: not a date (YYYY-MM-DD)" "a date and time with a space"
bad '2014-06-14\n' "line 1: 2014-06-14: before Sentinel-1's first day (2014-06-15)" "before the mission"
bad '2025-01-01\n2999-01-01\n' "line 2: 2999-01-01: a date in the future" "a future date"
bad '2025-01-01\n\n2025-01-01\n' "line 3: 2025-01-01: the date of line 1 again" "a repeated date"
bad '2025-01-01\n2025-01-13\n2025-01-07\n' "line 3: 2025-01-07: out of order (oldest first: line 2 has 2025-01-13)" "unsorted dates"
exits 2 "s1: a frame id out of range" -- a2pairs s1 --frame 27398 "$T/dates"
is "$(err)" "a2pairs: 27398: bad frame id (0 to 27397)" "s1: the frame id's message"
exits 2 "s1: a frame id that is not a number" -- a2pairs s1 --frame T064-135 "$T/dates"
is "$(err)" "a2pairs: T064-135: bad frame id (0 to 27397)" "s1: the frame id's message"
exits 2 "s1: no frame id" -- a2pairs s1 "$T/dates"
exits 2 "s1: runs that do not zip" -- a2pairs s1 --frame 1 --baseline 0,30 --neighbours 1,2,3 "$T/dates"
exits 2 "s1: a bad range" -- a2pairs s1 --frame 1 --range 2025-01-05/2025-01-01 "$T/dates"
exits 2 "s1: month 13" -- a2pairs s1 --frame 1 --months 13 "$T/dates"
exits 2 "s1: --exclusive-months without --months" -- a2pairs s1 --frame 1 --exclusive-months "$T/dates"
exits 2 "s1: an ALOS-2 option" -- a2pairs s1 --frame 1 --pol HH "$T/dates"
exits 1 "s1: a missing file" -- a2pairs s1 --frame 1 "$T/nothing"
is "$(err)" "a2pairs: $T/nothing: cannot open: No such file or directory" "s1: the missing file's message"
exits 2 "an unknown mode" -- a2pairs s2 --frame 1

# ---- ALOS-2 ----
# path 155 (orbits 207 apart share it), frame 2900, ascending, right looking,
# 14 days apart; E is level 1.5, K left looking, L descending; G and H are
# on path 169; D has HH only, M VV only.
P=$T/p
mkprod "$P" ALOS2010002900-160301-WBDR1.1__A 10 0 11 1 2016-03-01T03:00:00.000000 2016-03-01T03:00:52.000000        # A
mkprod "$P" ALOS2012072900-160315-FBDR1.1__A 10 0 11 1 2016-03-15T03:00:00.000000 2016-03-15T03:00:10.000000        # B
mkprod "$P" ALOS2014142900-160329-WBDR1.1__A 10 0 11 1 2016-03-29T03:00:00.000000 2016-03-29T03:00:52.000000        # C
mkprod "$P" ALOS2016212900-160412-FBSR1.1__A 10 0 11 1 2016-04-12T03:00:00.000000 2016-04-12T03:00:10.000000 '"HH"' # D
mkprod "$P" ALOS2016212900-160412-FBDR1.5GUA 10 0 11 1 2016-04-12T03:00:00.000000 2016-04-12T03:00:10.000000        # E
mkprod "$P" ALOS2018282900-160426-VBDR1.1__A 10 0 11 1 2016-04-26T03:00:00.000000 2016-04-26T03:01:00.000000        # F
mkprod "$P" ALOS2012082900-160315-FBDR1.1__A 20 0 21 1 2016-03-15T03:00:00.000000 2016-03-15T03:00:10.000000        # G
mkprod "$P" ALOS2014152900-160329-FBDR1.1__A 20 0 21 1 2016-03-29T03:00:00.000000 2016-03-29T03:00:10.000000        # H
mkprod "$P" ALOS2020352900-160510-FBDL1.1__A 10 0 11 1 2016-05-10T03:00:00.000000 2016-05-10T03:00:10.000000        # K
mkprod "$P" ALOS2020352900-160510-FBDR1.1__D 10 0 11 1 2016-05-10T15:00:00.000000 2016-05-10T15:00:10.000000        # L
mkprod "$P" ALOS2022422900-160524-FBDR1.1__A 10 0 11 1 2016-05-24T03:00:00.000000 2016-05-24T03:00:10.000000 '"VV","VH"' # M
CAT=$T/cat.gpkg
a2catalog -c "$CAT" add "$P"/*/ >/dev/null || echo "Bail out! a2catalog add"
# the products by letter, for short expectations
for x in A:ALOS2010002900-160301-WBDR1.1__A B:ALOS2012072900-160315-FBDR1.1__A C:ALOS2014142900-160329-WBDR1.1__A \
    D:ALOS2016212900-160412-FBSR1.1__A F:ALOS2018282900-160426-VBDR1.1__A G:ALOS2012082900-160315-FBDR1.1__A \
    H:ALOS2014152900-160329-FBDR1.1__A; do
	printf 's/%s/%s/g\n' "${x#*:}" "${x%%:*}"
done >"$T/letters.sed"
apairs() { out | jq -r '"\(.reference.id)-\(.secondary.id):\(.temporal_baseline_days)"' | sed -f "$T/letters.sed" | tr '\n' ' ' | sed 's/ $//'; }
al() { exits 0 "alos2 $1" -- a2pairs alos2 -c "$CAT" $1; is "$(apairs)" "$2" "alos2 $1: the pairs"; }

# F (ScanSAR wide) does not pair with A or C (ScanSAR nominal); ScanSAR is
# the reference against stripmap, older or not
al "" "F-D:14 F-B:42 C-D:14 D-B:28 A-D:42 C-B:14 C-A:28 A-B:14 H-G:14"
al "--neighbours 1" "F-D:14 C-D:14 C-B:14 A-B:14 H-G:14"
al "--neighbours 0" "F-D:14 F-B:42 C-D:14 D-B:28 A-D:42 C-B:14 C-A:28 A-B:14 H-G:14"
al "--max-baseline 27" "F-D:14 C-D:14 C-B:14 A-B:14 H-G:14"
al "--min-baseline 30" "F-B:42 A-D:42"
al "--pol HV" "F-B:42 C-B:14 C-A:28 A-B:14 H-G:14"
al "--path 169" "H-G:14"
al "--start 2016-03-10 --end 2016-04-12" "C-D:14 D-B:28 C-B:14 H-G:14"
al "--level 1.5" ""
A=ALOS2010002900-160301-WBDR1.1__A
B=ALOS2012072900-160315-FBDR1.1__A
exits 0 "alos2: a published product's location" -- a2publish -c "$CAT" "$T/pub" "$P/$A"
exits 0 "alos2: the pair A-B" -- a2pairs alos2 -c "$CAT" --end 2016-03-20
is "$(out)" "{\"reference\":{\"id\":\"$A\",\"location\":\"$T/pub/datasets/alos2_slc/v0.1/2016/03/01/$A\",\"mode\":\"WBD\",\"start_time\":\"2016-03-01T03:00:00.000Z\"},\"secondary\":{\"id\":\"$B\",\"location\":\"$P/$B\",\"mode\":\"FBD\",\"start_time\":\"2016-03-15T03:00:00.000Z\"},\"path\":155,\"frame\":2900,\"direction\":\"ascending\",\"look_side\":\"R\",\"polarisation\":\"HH\",\"temporal_baseline_days\":14}" \
    "alos2: the whole record: ids, locations (published, else the product directory), modes, times, group"
exits 0 "alos2: a catalog that does not exist is empty" -- a2pairs alos2 -c "$T/none.gpkg"
is "$(out)" "" "alos2: no pairs"
exits 0 "alos2: the catalog from A2_CATALOG" -- env A2_CATALOG="$CAT" a2pairs alos2 --path 169
is "$(apairs)" "H-G:14" "alos2: A2_CATALOG's pairs"
exits 2 "alos2: a bad polarisation" -- a2pairs alos2 -c "$CAT" --pol HX
exits 2 "alos2: a frame above 9999" -- a2pairs alos2 -c "$CAT" --frame 10000
exits 2 "alos2: a bad time" -- a2pairs alos2 -c "$CAT" --start 2016-99-01
exits 2 "alos2: a Sentinel-1 option" -- a2pairs alos2 -c "$CAT" --seeds 2
exits 2 "alos2: an operand" -- a2pairs alos2 -c "$CAT" extra

done_testing
