# Sourced by tests/85-catalog.t and 86-publish.t: hand-made product
# directories with known footprints and times, in the met.json /
# dataset.json / stac.json shapes a2md writes (ingest-jobs.md §6).
#   mkprod DIR ID WEST SOUTH EAST NORTH START END [POLS]
# makes DIR/ID/ with a rectangular footprint; START/END as met.json has
# them (%Y-%m-%dT%H:%M:%S.%f); POLS a JSON list body, default "HH","HV".
# MKPROD_LOC, if set, is the GeoJSON location instead of the rectangle.
mkprod() {
	_d=$1/$2
	mkdir -p "$_d"
	_lvl=$(printf %s "$2" | cut -c27-29)
	_orb=$(printf %s "$2" | cut -c6-10 | sed 's/^0*//')
	_frm=$(printf %s "$2" | cut -c11-14 | sed 's/^0*//')
	_ver=v0.2.4; [ "$_lvl" = 1.1 ] && _ver=v0.1
	case $(printf %s "$2" | cut -c32) in A) _dir=ascending;; *) _dir=descending;; esac
	_loc=${MKPROD_LOC:-"{\"type\":\"Polygon\",\"coordinates\":[[[$3,$4],[$5,$4],[$5,$6],[$3,$6],[$3,$4]]]}"}
	cat > "$_d/$2.met.json" <<EOM
{"prod_name":"$2","spacecraftName":"ALOS2","platform":"ALOS2","dataset_type":"ALOS2",
"orbitNumber":${_orb:-0},"frameID":${_frm:-0},"trackNumber":$(( (14 * ${_orb:-0} + 24) % 207 )),
"prod_date":"20$(printf %s "$2" | cut -c16-17)-$(printf %s "$2" | cut -c18-19)-$(printf %s "$2" | cut -c20-21)",
"dfdn":{"AcquistionMode":"$(printf %s "$2" | cut -c23-25)","LookSide":"$(printf %s "$2" | cut -c26)"},
"lookDirection":"right","level":"L$_lvl","processingOption":"G","mapProjection":"U","direction":"$_dir",
"alos2md":{},"dataset":"ALOS2_GeoTIFF","source":"jaxa","location":$_loc,"starttime":"$7","endtime":"$8",
"tiles":false,"tile_layers":[],"tile_max_zoom":[],"archive_filename":"$2.zip"}
EOM
	printf '{"version":"%s","label":"%s","starttime":"%s","endtime":"%s","location":%s}\n' \
		"$_ver" "$2" "$7" "$8" "$_loc" > "$_d/$2.dataset.json"
	printf '{"type":"Feature","stac_version":"1.0.0","id":"%s","properties":{"sar:polarizations":[%s]}}\n' \
		"$2" "${9:-\"HH\",\"HV\"}" > "$_d/$2.stac.json"
}
