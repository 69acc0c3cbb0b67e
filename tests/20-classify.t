#!/bin/sh
# a2classify on the real JAXA L1.5 CEOS product (exact values) and on
# a2synth products of every level, checked against a2synth's truth files.
. "$(dirname "$0")/lib.sh"

[ -f "$REAL_ZIP" ] || skip_all "real product $REAL_ZIP missing"
ID=ALOS2015976960-140909-FBDR1.5GUA
mkdir "$T/real" && (cd "$T/real" && unzip -q "$REAL_ZIP") || exit 1
R=$(cd "$T/real" && pwd -P)

# ---- the real product ----
exits 0 "real product: exit 0" -- a2classify "$T/real"
out >"$T/real.json"
is "$(wc -l <"$T/real.json" | tr -d ' ')" "1" "one JSON line"
j() { jq -c "$1" "$T/real.json"; }
is "$(j .id)" "\"$ID\"" "id"
is "$(j .scene_id)" '"ALOS2015976960-140909"' "scene_id"
is "$(j .product_id)" '"FBDR1.5GUA"' "product_id"
is "$(j .satellite)" '"ALOS2"' "satellite"
is "$(j .orbit)" "1597" "orbit"
is "$(j .frame)" "6960" "frame"
is "$(j .path)" "26" "path (14*1597+24) mod 207"
is "$(j .date)" '"2014-09-09"' "date"
is "$(j .mode)" '"FBD"' "mode"
is "$(j .mode_class)" '"SM3"' "mode_class"
is "$(j .beam)" '"stripmap"' "beam"
is "$(j .look_side)" '"R"' "look_side"
is "$(j .look_direction)" '"right"' "look_direction"
is "$(j .level)" '"1.5"' "level"
is "$(j .processing_option)" '"G"' "processing_option"
is "$(j .map_projection)" '"U"' "map_projection"
is "$(j .orbit_direction)" '"A"' "orbit_direction"
is "$(j .direction)" '"ascending"' "direction"
is "$(j .format)" '"CEOS"' "format"
is "$(j .polarisations)" '["HH","HV"]' "polarisations"
is "$(j .subswaths)" '[]' "subswaths"
is "$(j .type)" '"L1.5_geotiff"' "type"
is "$(j .dataset)" '"ALOS2_CEOS"' "dataset"
is "$(j .version)" '"v0.2.4"' "version"
is "$(j .start_time)" '"2014-09-09T04:33:42.052Z"' "start_time from summary"
is "$(j .center_time)" '"2014-09-09T04:33:47.052Z"' "center_time from summary"
is "$(j .end_time)" '"2014-09-09T04:33:52.052Z"' "end_time from summary"
is "$(j .time_source)" '"summary"' "time_source"
is "$(j .dir)" "\"$R\"" "dir is absolute"
is "$(j .archive)" "null" "archive null for a directory operand"
is "$(j .files)" "$(printf '{"vol":"VOL-%s","led":"LED-%s","trl":"TRL-%s","img":{"HH":["IMG-HH-%s"],"HV":["IMG-HV-%s"]},"brs":["BRS-HH-%s.jpg","BRS-HV-%s.jpg"],"kml":"ALOS2015976960-140909_FBDR1.5GUA.kml","summary":"summary.txt"}' \
	$ID $ID $ID $ID $ID $ID $ID)" "file roles"
is "$(j '.summary | length')" "62" "summary: all 62 keys"
is "$(j '.summary.Odi_SiteDateTime')" '"PROCESS:JAPAN-JAXA-ALOS2-EICS  20150320 080952"' "summary value kept verbatim"
is "$(j '.summary.Ach_PRF_Check')" '""' "summary empty value"
is "$(j '.ceos.dssr.orbit')" "1597" "DSSR orbit"
is "$(j '.ceos.dssr.clock_angle')" "90" "DSSR clock angle"
is "$(j '.ceos.dssr.time_direction_line')" '"ASCEND"' "DSSR time direction"
is "$(j '.ceos.dssr.level')" '"1.5"' "DSSR level"
is "$(j '.ceos.dssr.scene_id')" '"ALOS2015976960-140909"' "DSSR scene ID"
is "$(j '.ceos.dssr.center_time')" '"2014-09-09T04:33:47.052Z"' "DSSR centre time"
is "$(j '[.ceos.dssr.center_lat, .ceos.dssr.center_lon, .ceos.dssr.incidence, .ceos.dssr.wavelength]')" \
	'[-11.0510316,-62.5322403,40.573,0.2424525]' "DSSR centre, incidence, wavelength"
is "$(j '[.ceos.dssr.prf_hz, .ceos.dssr.range_sampling_rate_mhz, .ceos.dssr.off_nadir, .ceos.dssr.beam, .ceos.dssr.calibration_factor]')" \
	'[2122.318448518,34.9305319,36.6481913,7,-83]' "DSSR PRF (Hz), rate, off-nadir, beam, CF"
is "$(j '.ceos.dssr.product_type')" '"STANDARD GEOCODED IMAGE"' "DSSR product type"
is "$(j '.ceos.image')" '{"lines":13161,"pixels":12870,"prefix_bytes":192,"record_length":25932,"format_code":"IU2","records":13161,"scansar":false}' \
	"IMG descriptor (file cut to it: no error)"

# the same through a pipeline record: archive comes from unpack
printf '{"unpack":{"dir":"%s","archive":"/data/x.zip","source":"/d/o.zip"}}\n' "$T/real" >"$T/rec"
exits 0 "stdin record: exit 0" -- sh -c 'a2classify <"$1"' sh "$T/rec"
is "$(out | jq -c '[.unpack.source, .scene.archive, .scene.id]')" "[\"/d/o.zip\",\"/data/x.zip\",\"$ID\"]" \
	"stdin record: unpack kept, scene added with its archive"
is "$(out | jq -c '.scene | del(.archive)')" "$(jq -c 'del(.archive)' "$T/real.json")" \
	"stdin record: same scene as the operand form"

# ---- a2synth products of every level ----
if ! command -v a2synth >/dev/null 2>&1; then
	_tap 0 "a2synth products # SKIP a2synth not built yet"
	plan "$_tap_n"
	done_testing
fi

n=0
# synth DESC SYNTH-OPTIONS...: makes a product as a directory, classifies
# it and compares the scene with the truth file.
synth() {
	n=$((n + 1)); _d=$1; shift
	if ! a2synth --package dir "$@" -o "$T/s$n" >"$T/s$n.line" 2>"$T/s$n.err"; then
		_tap 1 "$_d: a2synth $*"; sed 's/^/# /' "$T/s$n.err" >&2; return 1
	fi
	P=$(jq -r .path "$T/s$n.line"); TR=$(jq -r .truth "$T/s$n.line")
	exits 0 "$_d: exit 0" -- a2classify "$P"
	out >"$T/s$n.json"
	S=$T/s$n.json
	for k in id orbit frame path look_side orbit_direction level format polarisations \
	    start_time center_time end_time; do
		is "$(jq -c ".$k" "$S")" "$(jq -c ".$k" "$TR")" "$_d: $k as in the truth file"
	done
}
s() { jq -r "$1" "$S"; }
ms() { date -u -d "$1" +%s%3N; }
# img_times DESC [scansar]: times from the first and last IMG records: the start is
# the scene start; the last record is one line interval (duration/lines,
# within 2 ms) before the scene end of the truth file.
img_times() {
	is "$(out | jq -c '[.time_source,.start_time]')" "$(jq -c '["ceos-img",.start_time]' "$TR")" \
		"$1 without summary: source and start time from the first IMG record"
	_s=$(ms "$(jq -r .start_time "$TR")"); _e=$(ms "$(jq -r .end_time "$TR")")
	_l=$(jq -r .lines "$TR"); _g=$(ms "$(out | jq -r .end_time)")
	_want=$(( (_e - _s) / _l )); _got=$(( _e - _g ))
	if [ "${2:-}" = scansar ]; then
		# subswaths have their own line counts; the latest last line
		# ends the scene, less than one truth line interval early
		ok "[ $_got -gt 0 ] && [ $_got -le $((_want + 2)) ]" \
			"$1 without summary: end time from the latest last IMG record ($_got ms before the scene end, < $_want ms)"
	else
		ok "[ $_got -ge $((_want - 2)) ] && [ $_got -le $((_want + 2)) ]" \
			"$1 without summary: end time from the last IMG record ($_got ms before the scene end, line interval $_want ms)"
	fi
}

synth "L1.1 stripmap FBD" --level 1.1 --mode FBD --look R --direction A --orbit 1597 --frame 6960 &&
{
	is "$(s '[.level,.format,.mode,.beam,.look_direction,.direction,.type,.dataset,.version]|join(" ")')" \
		"1.1 CEOS FBD stripmap right ascending alos2_slc ALOS2-L1.1_SLC v0.1" "L1.1 FBD: derived values"
	is "$(s '.polarisations|join(",")')" "HH,HV" "L1.1 FBD: pols from the mode"
	is "$(s '.ceos.image.prefix_bytes')" "544" "L1.1 FBD: signal data prefix"
	is "$(s '.ceos.dssr.orbit')" "1597" "L1.1 FBD: DSSR orbit"
	# without summary.txt the times come from the first and last IMG prefixes
	rm "$P/summary.txt"
	exits 0 "L1.1 FBD without summary: exit 0" -- a2classify "$P"
	img_times "L1.1 FBD"
	is "$(out | jq -c '.summary')" "{}" "L1.1 FBD without summary: summary {}"
	# a signal record whose polarisation contradicts the file name
	_f=$P/IMG-HV-$(s .id)
	printf '\000\001' | dd of="$_f" bs=1 seek=772 conv=notrunc 2>/dev/null
	exits 1 "L1.1 prefix polarisation contradicting the name: exit 1" -- a2classify "$P"
	is "$(err)" "a2classify: $_f: record 2: field transmit/receive polarisation: 1/1 (VV) contradicts HV of the file name" \
		"L1.1 prefix polarisation: message names file, record and field"
	is "$(out)" "" "L1.1 prefix polarisation: nothing on stdout"
}
synth "L1.1 ScanSAR WBD" --level 1.1 --mode WBD --direction D --orbit 3000 --frame 2900 &&
{
	is "$(s '[.level,.mode,.beam,.mode_class,.orbit_direction,.direction,(.orbit|tostring),(.path|tostring)]|join(" ")')" \
		"1.1 WBD scansar WD1 D descending 3000 $(( (14 * 3000 + 24) % 207 ))" "L1.1 WBD: derived values"
	is "$(s '.subswaths|map(tostring)|join(",")')" "1,2,3,4,5" "L1.1 WBD: five subswaths"
	is "$(s '.files.img.HH|length')" "5" "L1.1 WBD: five HH images"
	is "$(s '.files.img.HV[4]')" "IMG-HV-$(s .id)-F5" "L1.1 WBD: images in subswath order"
	rm "$P/summary.txt"
	exits 0 "L1.1 WBD without summary: exit 0" -- a2classify "$P"
	img_times "L1.1 WBD" scansar
}
synth "L1.5 CEOS" --level 1.5 --format CEOS --look L --direction D &&
{
	is "$(s '[.format,.look_side,.look_direction,.direction,.type,.dataset]|join(" ")')" \
		"CEOS L left descending L1.5_geotiff ALOS2_CEOS" "L1.5 CEOS: derived values"
	is "$(s '.ceos.dssr.time_direction_line')" "DESCEND" "L1.5 CEOS: DSSR direction"
}
synth "L1.5 GeoTIFF" --level 1.5 --format GeoTIFF --pols HH &&
{
	is "$(s '[.format,.type,.dataset,.version,(.polarisations|join(","))]|join(" ")')" \
		"GeoTIFF L1.5_geotiff ALOS2_GeoTIFF v0.2.4 HH" "L1.5 GeoTIFF: derived values"
	is "$(s '.files.lut.HH')" "LUT-HH-$(s .id).txt" "L1.5 GeoTIFF: LUT role"
	is "$(s '.ceos')" "null" "L1.5 GeoTIFF: no ceos object"
}
synth "L2.1 GeoTIFF dual-pol" --level 2.1 --pols HH,HV --south --date 160229 &&
{
	is "$(s '[.level,.format,.processing_option,.date,(.polarisations|join(","))]|join(" ")')" \
		"2.1 GeoTIFF G 2016-02-29 HH,HV" "L2.1: derived values"
	is "$(s '.type')" "L2.1_geotiff" "L2.1: type"
}
synth "L3.1" --level 3.1 --mode HBQ &&
{
	is "$(s '[.level,.type,.mode,.mode_class,(.polarisations|join(","))]|join(" ")')" \
		"3.1 L3.1_geotiff HBQ SM2 HH,HV,VH,VV" "L3.1: derived values"
}
# an order package of two items goes through a2unpack elsewhere; here the
# flat zip form unzipped by hand must classify the same as the dir form
if a2synth --package flat --level 1.5 -o "$T/flat" >"$T/flat.line" 2>/dev/null; then
	mkdir "$T/flatdir" && (cd "$T/flatdir" && unzip -q "$(jq -r .path "$T/flat.line")")
	exits 0 "flat package unzipped: exit 0" -- a2classify "$T/flatdir"
	is "$(out | jq -c '[.id,.start_time,.end_time]')" \
		"$(jq -c '[.id,.start_time,.end_time]' "$(jq -r .truth "$T/flat.line")")" "flat package: as the truth file"
fi
plan "$_tap_n"
done_testing
