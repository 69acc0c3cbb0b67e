#!/bin/sh
# a2classify's name, summary.txt and CEOS checks, on crafted copies of the
# real product: every broken input gives exit 1, one line on stderr naming
# the file (and record/field), and nothing on stdout.
. "$(dirname "$0")/lib.sh"

[ -f "$REAL_ZIP" ] || skip_all "real product $REAL_ZIP missing"
S=ALOS2015976960-140909
P=FBDR1.5GUA
ID=$S-$P
mkdir "$T/real" && (cd "$T/real" && unzip -q "$REAL_ZIP") || exit 1

# fresh NAME: a copy of the real product made of hard links (cheap);
# own FILE breaks the link before a file is patched.
fresh() { rm -rf "${T:?}/$1"; mkdir "$T/$1"; ln "$T"/real/* "$T/$1/"; D=$T/$1; }
own() { cp "$1" "$1.x" && mv "$1.x" "$1"; }
# patch FILE OFFSET STRING: overwrite bytes in place
patch() { own "$1"; printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
# patchb FILE OFFSET OCTAL: one binary byte
patchb() { own "$1"; printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
# fails DESC MESSAGE CMD...: exit 1, exactly MESSAGE on stderr, no stdout
fails() {
	_d=$1; _m=$2; shift 2
	exits 1 "$_d: exit 1" -- "$@"
	is "$(err)" "a2classify: $_m" "$_d: message"
	is "$(out)" "" "$_d: nothing on stdout"
}
# empty DIR FILE...: a directory of empty files with these names
empty() { rm -rf "${T:?}/$1"; mkdir "$T/$1"; D=$T/$1; shift; for f; do : >"$D/$f"; done; }

# ---- names ----
empty d13 IMG-HH-ALOS2015976960-141309-$P
fails "month 13" "$D/IMG-HH-ALOS2015976960-141309-$P: invalid observation date 141309 in scene ID" \
	a2classify "$D"
empty d32 IMG-HH-ALOS2015976960-140932-$P.tif
fails "day 32" "$D/IMG-HH-ALOS2015976960-140932-$P.tif: invalid observation date 140932 in scene ID" \
	a2classify "$D"
empty feb30 BRS-HH-ALOS2015976960-150230-$P.jpg IMG-HH-ALOS2015976960-150230-$P.tif
fails "Feb 30" "$D/BRS-HH-ALOS2015976960-150230-$P.jpg: invalid observation date 150230 in scene ID" \
	a2classify "$D"
empty feb29 IMG-HH-ALOS2015976960-150229-$P.tif
fails "Feb 29 2015" "$D/IMG-HH-ALOS2015976960-150229-$P.tif: invalid observation date 150229 in scene ID" \
	a2classify "$D"
# 2016 is a leap year: a GeoTIFF directory with nothing else classifies
# (its image a real GeoTIFF: an empty one is refused, 99-bad-inputs.t)
empty leap LUT-HH-ALOS2015976960-160229-FBDR2.1GUD.txt
a2synth --size tiny --level 2.1 --format GeoTIFF --pols HH --package dir -o "$T/syn" >/dev/null &&
	cp "$T"/syn/*/IMG-HH-*.tif "$D/IMG-HH-ALOS2015976960-160229-FBDR2.1GUD.tif"
exits 0 "Feb 29 2016 is a date" -- a2classify "$D"
is "$(out | jq -r '[.date,.level,.format,.time_source,.files.lut.HH,.type,.dataset,(.ceos|type)]|join(" ")')" \
	"2016-02-29 2.1 GeoTIFF  LUT-HH-ALOS2015976960-160229-FBDR2.1GUD.txt L2.1_geotiff ALOS2_GeoTIFF null" \
	"Feb 29 2016: values, no times without summary or CEOS"
is "$(out | jq -r '.start_time')" "null" "no summary, no CEOS: start_time null"

empty l11 IMG-HH-$S-FBDR1.1GUA
fails "1.1 needs __" "$D/IMG-HH-$S-FBDR1.1GUA: level 1.1 product ID FBDR1.1GUA must have \"__\" at positions 8-9" \
	a2classify "$D"
empty l21 IMG-HH-$S-FBDR2.1RUA.tif
fails "2.1 needs G" "$D/IMG-HH-$S-FBDR2.1RUA.tif: level 2.1 product ID FBDR2.1RUA must be geocoded (G) with a map projection" \
	a2classify "$D"
empty l15 IMG-HH-$S-FBDR1.5__A.tif
fails "1.5 needs an option" "$D/IMG-HH-$S-FBDR1.5__A.tif: level 1.5 product ID FBDR1.5__A needs a processing option and a map projection" \
	a2classify "$D"
empty fsm IMG-HH-$S-FBDR1.1__A-F1
fails "-F on stripmap" "$D/IMG-HH-$S-FBDR1.1__A-F1: subswath suffix -F1 only exists for ScanSAR level 1.1" \
	a2classify "$D"
empty f15 IMG-HH-$S-WBDR1.5GUA-F2
fails "-F at level 1.5" "$D/IMG-HH-$S-WBDR1.5GUA-F2: subswath suffix -F2 only exists for ScanSAR level 1.1" \
	a2classify "$D"
empty f6 IMG-HH-$S-WBDR1.1__D-F6
fails "-F6 on a 5-scan mode" "$D/IMG-HH-$S-WBDR1.1__D-F6: subswath -F6 beyond the 5 scans of mode WBD" \
	a2classify "$D"
empty nof IMG-HH-$S-WBDR1.1__D-F1 IMG-HV-$S-WBDR1.1__D
fails "ScanSAR L1.1 without -F" "$D/IMG-HV-$S-WBDR1.1__D: ScanSAR level 1.1 image without a subswath suffix -F<n>" \
	a2classify "$D"
empty mixed IMG-HH-$S-$P.tif IMG-HV-ALOS2015976970-140909-$P.tif
fails "two scenes" "$D: two scenes in one directory: $ID (IMG-HH-$ID.tif) and ALOS2015976970-140909-$P (IMG-HV-ALOS2015976970-140909-$P.tif)" \
	a2classify "$D"
empty twofmt IMG-HH-$ID IMG-HV-$ID.tif
fails "CEOS and GeoTIFF" "$D: both CEOS and GeoTIFF image files (IMG-HV-$ID.tif)" a2classify "$D"
empty noimg summary.txt "BRS-HH-$ID.jpg" notes.txt
fails "no image" "$D: no ALOS-2 IMG file" a2classify "$D"
# a PALSAR-2 ScanSAR level 2.2 NRB product (palsar2-scansar-nrb.md §2) is
# read from its summary.xml (21-nrb.t has the rest); a folder of some of
# its files is refused for what it lacks
N=ALOS2437590500-220630
empty nrb "$N-WWDR2.2GUA.kml" "${N}_WWDR2.2GUA_summary.xml" "${N}_WWDR2.2GUA_HH_SLP.tif" \
	"${N}_WWDR2.2GUA_HV_SLP.tif" "${N}_WWDR2.2GUA_LIN.tif" "${N}_WWDR2.2GUA_MSK.tif"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<Product type="Normalised Radar Backscatter">\n' \
	>"$D/${N}_WWDR2.2GUA_summary.xml"
fails "ScanSAR L2.2 NRB, summary.xml cut short" \
	"$D/${N}_WWDR2.2GUA_summary.xml: not XML: Parse error at EOF, not all elements have been closed, starting with Product" \
	a2classify "$D"
for f in "${N}_WBSL2.2GUD_MSK.tif" "${N}_WBSL2.2GUD_summary.xml" "${N}_WBSL2.2GUD.kml"; do
	empty nrb1 "$f"
	fails "ScanSAR L2.2 NRB, only $f" "$D: no ${N}_WBSL2.2GUD_XX_SLP.tif backscatter image" \
		a2classify "$D"
done
fails "missing directory" "$T/nonexistent: No such file or directory" a2classify "$T/nonexistent"

# ---- summary.txt ----
fresh scs; own "$D/summary.txt"; sed -i 's/^Scs_SceneID=.*/Scs_SceneID="ALOS2015976970-140909"/' "$D/summary.txt"
fails "summary scene ID" "$D/summary.txt: Scs_SceneID \"ALOS2015976970-140909\" contradicts the scene ID $S of the file names" \
	a2classify "$D"
fresh pds; own "$D/summary.txt"; sed -i 's/^Pds_ProductID=.*/Pds_ProductID="FBDR1.5GUD"/' "$D/summary.txt"
fails "summary product ID" "$D/summary.txt: Pds_ProductID \"FBDR1.5GUD\" contradicts the product ID $P of the file names" \
	a2classify "$D"
fresh lbi; own "$D/summary.txt"; sed -i 's/^Lbi_ProcessLevel=.*/Lbi_ProcessLevel="1.1"/' "$D/summary.txt"
fails "summary level" "$D/summary.txt: Lbi_ProcessLevel \"1.1\" contradicts the level 1.5 of the file names" \
	a2classify "$D"
fresh noeq; own "$D/summary.txt"; sed -i '7s/=/ /' "$D/summary.txt"
fails "line without =" "$D/summary.txt: line 7: no '=' in line" a2classify "$D"
fresh quote; own "$D/summary.txt"; sed -i '12s/"$//' "$D/summary.txt"
fails "unbalanced quote" "$D/summary.txt: line 12: value of Img_SceneCenterDateTime is not one double-quoted string" \
	a2classify "$D"
fresh quote2; own "$D/summary.txt"; sed -i '3s/="ALOS2/="AL"OS2/' "$D/summary.txt"
fails "quote inside value" "$D/summary.txt: line 3: value of Scs_SceneID is not one double-quoted string" \
	a2classify "$D"
fresh nul; own "$D/summary.txt"; printf 'Extra="a\000b"\n' >>"$D/summary.txt"
fails "NUL byte" "$D/summary.txt: line 63: NUL byte 0x00" a2classify "$D"
fresh utf; own "$D/summary.txt"; printf 'Extra="caf\303\251"\n' >>"$D/summary.txt"
fails "non-ASCII byte" "$D/summary.txt: line 63: non-ASCII byte 0xc3" a2classify "$D"
fresh badtime; own "$D/summary.txt"; sed -i 's/^Img_SceneEndDateTime=.*/Img_SceneEndDateTime="20140931 04:33:52.052"/' "$D/summary.txt"
fails "bad summary time" "$D/summary.txt: Img_SceneEndDateTime: not a valid \"YYYYMMDD hh:mm:ss.ttt\" time: \"20140931 04:33:52.052\"" \
	a2classify "$D"
fresh bigsum; own "$D/summary.txt"; head -c 1048577 /dev/zero | tr '\0' '\n' >>"$D/summary.txt"
fails "summary over 1 MiB" "$D/summary.txt: larger than 1048576 bytes" a2classify "$D"

exits 0 "real product classifies" -- a2classify "$T/real"
out >"$T/want.json"
# CRLF line ends, blank lines and no final LF are tolerated and change nothing
fresh crlf; own "$D/summary.txt"
{ sed 's/$/\r/' "$T/real/summary.txt"; printf '\r\n\n  \n'; printf 'Last="x"'; } >"$D/summary.txt"
exits 0 "CRLF, blank lines, no final LF: exit 0" -- a2classify "$D"
is "$(out | jq -c 'del(.dir, .summary.Last)')" "$(jq -c 'del(.dir)' "$T/want.json")" \
	"CRLF summary gives the same scene"
is "$(out | jq -r '.summary.Last')" "x" "last line without LF is read"
is "$(out | jq -r '.summary | keys_unsorted | .[0], .[62], length')" "$(printf 'Odi_SceneId\nLast\n63')" \
	"summary keys in file order"
# missing keys: no start time in summary -> DSSR centre +- 5 s (IMG is cut)
fresh miss; own "$D/summary.txt"; sed -i '/^Img_SceneStartDateTime=/d; /^Scs_SceneID=/d' "$D/summary.txt"
exits 0 "missing keys: exit 0" -- a2classify "$D"
is "$(out | jq -r '[.time_source,.start_time,.center_time,.end_time]|join(" ")')" \
	"ceos-dssr 2014-09-09T04:33:42.052Z 2014-09-09T04:33:47.052Z 2014-09-09T04:33:52.052Z" \
	"missing start time: times from the DSSR"
fresh emptyval; own "$D/summary.txt"; sed -i 's/^Scs_SceneID=.*/Scs_SceneID=""/' "$D/summary.txt"
exits 0 "empty value: exit 0" -- a2classify "$D"
is "$(out | jq -r '.summary.Scs_SceneID | length')" "0" "empty value kept as \"\""

# ---- CEOS ----
fresh ledtrunc; own "$D/LED-$ID"; truncate -s 3000 "$D/LED-$ID"
fails "truncated LED" "$D/LED-$ID: record 2: truncated (record length 4096, 2280 bytes left)" a2classify "$D"
fresh ledtrunc2; own "$D/LED-$ID"; truncate -s 1611000 "$D/LED-$ID"
fails "LED cut in its last record" "$D/LED-$ID: record 12: truncated (record length 5000, 4948 bytes left)" \
	a2classify "$D"
fresh volcut; own "$D/VOL-$ID"; truncate -s 1000 "$D/VOL-$ID"
fails "truncated VOL" "$D/VOL-$ID: record 3: truncated (record length 360, 280 bytes left)" a2classify "$D"
fresh ledcode; patchb "$D/LED-$ID" 725 013
fails "wrong DSSR record code" "$D/LED-$ID: record 2: field record code: (18, 11, 18, 20) is not a leader record" \
	a2classify "$D"
fresh ledfirst; patchb "$D/LED-$ID" 4 062
fails "LED file descriptor code" "$D/LED-$ID: record 1: field record code: (1, 50, 192, 18, 18, 720) is not a CEOS leader file descriptor (1, 11, 192, 18, 18, 720)" \
	a2classify "$D"
fresh ledseq; patchb "$D/LED-$ID" 4819 004
fails "LED sequence number" "$D/LED-$ID: record 3: field record sequence number: 4, expected 3" \
	a2classify "$D"
fresh imgcut; own "$D/IMG-HV-$ID"; truncate -s 700 "$D/IMG-HV-$ID"
fails "IMG cut inside its descriptor" "$D/IMG-HV-$ID: record 1: truncated (record length 720, 700 bytes in file)" \
	a2classify "$D"
fresh imgpart; own "$D/IMG-HH-$ID"; head -c 1000 /dev/zero >>"$D/IMG-HH-$ID"
fails "IMG with part of a record" "$D/IMG-HH-$ID: record 2: truncated: file is 1720 bytes, descriptor says 13161 records of 25932 bytes" \
	a2classify "$D"
fresh trl; patchb "$D/TRL-$ID" 5 012
fails "TRL descriptor code" "$D/TRL-$ID: record 1: field record code: (1, 63, 10, 18, 18, 720) is not a CEOS trailer file descriptor (1, 63, 192, 18, 18, 720)" \
	a2classify "$D"
fresh orbit; patch "$D/LED-$ID" 1164 "    1598"
fails "DSSR orbit" "$D/LED-$ID: DSSR orbit number 1598 contradicts orbit 1597 of the file names" a2classify "$D"
fresh orbitbad; patch "$D/LED-$ID" 1164 "    15x8"
fails "DSSR orbit not a number" "$D/LED-$ID: record 2 (DSSR): field orbit number (offset 444): not an integer: \"15x8\"" \
	a2classify "$D"
fresh dssrid; patch "$D/LED-$ID" 740 "ALOS2015976960-140910"
fails "DSSR scene ID" "$D/LED-$ID: DSSR scene ID \"ALOS2015976960-140910\" contradicts the scene ID $S of the file names" \
	a2classify "$D"
fresh clock; patch "$D/LED-$ID" 1196 " -90.000"
fails "clock angle" "$D/LED-$ID: DSSR clock angle -90 contradicts look side R of the file names" a2classify "$D"
fresh tdir; patch "$D/LED-$ID" 2254 "DESCEND "
fails "time direction" "$D/LED-$ID: DSSR time direction, line \"DESCEND\" contradicts orbit direction A of the file names" \
	a2classify "$D"
fresh dtime; patch "$D/LED-$ID" 788 "20140909253347052"
fails "DSSR centre time" "$D/LED-$ID: record 2 (DSSR): field scene centre time (offset 68): not a YYYYMMDDhhmmssttt time: \"20140909253347052\"" \
	a2classify "$D"
fresh volprod; patch "$D/VOL-$ID" 1816 "PRODUCT:FBDR1.5GUD"
fails "VOL PRODUCT" "$D/VOL-$ID: text record PRODUCT: \"FBDR1.5GUD\" contradicts the product ID $P of the file names" \
	a2classify "$D"
fresh volscene; patch "$D/VOL-$ID" 1956 "ORBIT :ALOS2015986960-140909"
fails "VOL ORBIT" "$D/VOL-$ID: text record ORBIT: \"ALOS2015986960-140909\" contradicts the scene ID $S of the file names" \
	a2classify "$D"

# ---- several operands and stdin records: failures do not stop the rest ----
exits 1 "good and bad operands: exit 1" -- a2classify "$T/real" "$T/orbit" "$T/real"
is "$(out | jq -r .id | tr '\n' ' ')" "$ID $ID " "good operands still printed, one line each"
is "$(err | wc -l | tr -d ' ')" "1" "one error line"
printf '{"unpack":{"dir":"%s","archive":"/x/a.zip"},"n":1}\n{"unpack":{"dir":"%s","archive":null},"n":2}\n{"n":3}\n{"unpack":{"dir":"%s"},"n":4}\n' \
	"$T/real" "$T/clock" "$T/real" >"$T/in.jsonl"
exits 1 "stdin with failing records: exit 1" -- sh -c 'a2classify <"$1"' sh "$T/in.jsonl"
is "$(out | jq -r '[.n, .scene.id, .scene.archive, .unpack.dir] | map(tostring) | join(" ")')" \
	"$(printf '1 %s /x/a.zip %s\n4 %s null %s' "$ID" "$T/real" "$ID" "$T/real")" \
	"stdin: records 1 and 4 printed with scene added, archive kept"
is "$(err)" "$(printf 'a2classify: %s\na2classify: stdin: record 3: no "unpack":{"dir":...}' \
	"$T/clock/LED-$ID: DSSR clock angle -90 contradicts look side R of the file names")" \
	"stdin: one message per failed record"
exits 0 "empty stdin" -- sh -c 'a2classify </dev/null'
is "$(out)" "" "empty stdin: no output"
exits 2 "unknown option" -- a2classify --bogus
plan "$_tap_n"
done_testing
