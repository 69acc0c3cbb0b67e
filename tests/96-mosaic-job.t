#!/bin/sh
# examples/palsar-mosaic.mk end to end: synthetic JAXA archives of both
# eras (ENVI 2010, GeoTIFF 2019, and the .zip release of 2008) served by
# vsftpd on loopback (anonymous, as ftp.eorc.jaxa.jp), fetched, mosaicked,
# described and published as {prefix}/{YYYY}/{BLOCK}/{file} (a directory,
# and S3 through s3rver); a re-run with the server gone does nothing.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SYNTH=$A2_TOP/tests/servers/mosaic-synth.py
command -v vsftpd >/dev/null || skip_all "no vsftpd (apt-get install vsftpd)"
$PY -c 'import osgeo, numpy' 2>/dev/null || skip_all "no python3-gdal"
unset ftp_proxy FTP_PROXY ALL_PROXY all_proxy

S=$T/srv
mk() { $PY "$SYNTH" --root "$S/root" "$@" >/dev/null || echo "Bail out! mosaic-synth.py $*"; }
mk --year 2019 --block N05E010 --tiles N04E011,N03E012 --subdir
mk --year 2010 --block N05E010 --tiles N04E011,N05E010
mk --year 2008 --block S05W020 --tiles S06W017 --zip
sh "$A2_TOP/tests/servers/mosaic-ftpd.sh" "$S/root" "$S/state" >"$S/ftpd.log" 2>&1 &
FTPD=$!
at_exit "kill $FTPD 2>/dev/null"
wait_file "$S/state/port" || { echo "Bail out! vsftpd did not start: $(cat "$S/ftpd.log")"; exit 1; }
A2_JAXA_FTP_URL=ftp://127.0.0.1:$(cat "$S/state/port")/pub
export A2_JAXA_FTP_URL

D=$T/data
job() { make --no-print-directory -f "$A2_TOP/examples/palsar-mosaic.mk" A2_DATA="$D" "$@"; }
P=$D/products/palsar-mosaic
files() { (cd "$1" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' '); }

# one tile of block N05E010, two eras, published to a directory
exits 0 "make -j2 YEAR=2010,2019 BBOX=..." -- job -j2 YEAR=2010,2019 BBOX=11.2,3.2,11.8,3.8 PUBLISH="$T/pub"
is "$(files "$T/pub")" "2010/N05E010/N05E010_10.stac-item.json 2010/N05E010/N05E010_10_sl_HH.tif 2010/N05E010/N05E010_10_sl_HV.tif 2010/N05E010/N05E010_10_sl_date.tif 2010/N05E010/N05E010_10_sl_linci.tif 2010/N05E010/N05E010_10_sl_mask.tif 2010/N05E010/N05E010_2010.odc-metadata.json 2019/N05E010/N05E010_19.stac-item.json 2019/N05E010/N05E010_19_sl_HH_F02DAR.tif 2019/N05E010/N05E010_19_sl_HV_F02DAR.tif 2019/N05E010/N05E010_19_sl_date_F02DAR.tif 2019/N05E010/N05E010_19_sl_linci_F02DAR.tif 2019/N05E010/N05E010_19_sl_mask_F02DAR.tif 2019/N05E010/N05E010_2019.odc-metadata.json " \
    "published: {YYYY}/{BLOCK}/ COGs, eo3 and STAC of each year"
for y in 2010 2019; do
	for f in "$P/$y/N05E010"/*; do
		same_file "$f" "$T/pub/$y/N05E010/${f##*/}" "$y: ${f##*/} published as made"
	done
done
# the job's COGs are what a2cog makes of the archive by hand
mkdir -p "$T/x"
bsdtar -xf "$S/root/pub/ALOS-2/ext1/PALSAR-2_MSC/25m_MSC/2019/N05E010_19_MOS_F02DAR.tar.gz" -C "$T/x"
a2cog -b HH,mask -o "$T/hand" 2019/N05E010 "$T/x" >/dev/null
same_file "$P/2019/N05E010/N05E010_19_sl_HH_F02DAR.tif" "$T/hand/N05E010_19_sl_HH_F02DAR.tif" "2019 HH: the fetched archive's mosaic"
same_file "$P/2019/N05E010/N05E010_19_sl_mask_F02DAR.tif" "$T/hand/N05E010_19_sl_mask_F02DAR.tif" "2019 mask: the fetched archive's mosaic"
is "$(gdalinfo -json "$P/2010/N05E010/N05E010_10_sl_HH.tif" | jq -c '[.metadata.IMAGE_STRUCTURE.LAYOUT, .size, .bands[0].noDataValue]')" \
    '["COG",[500,500],0]' "2010 (ENVI tiles): a COG of the whole block, no-data 0"
is "$(gdalinfo -checksum "$P/2010/N05E010/N05E010_10_sl_HH.tif" | sed -n 's/.*Checksum=//p')" \
    "$(gdalinfo -checksum "$T/pub/2010/N05E010/N05E010_10_sl_HH.tif" | sed -n 's/.*Checksum=//p')" "checksums agree"
is "$(jq -r .id "$T/pub/2019/N05E010/N05E010_19.stac-item.json") $(jq -r .id "$T/pub/2010/N05E010/N05E010_2010.odc-metadata.json")" \
    "$(a2grid -y 2019 N05E010 | jq -r .id) $(a2grid -y 2010 N05E010 | jq -r .id)" "metadata ids are the odc_uuid of each year's block"
is "$(jq -c .publish "$D/work/palsar-mosaic/2019/N05E010/published.json")" \
    "{\"job\":\"2019/N05E010\",\"location\":\"$(cd "$T/pub/2019/N05E010" && pwd -P)\",\"files\":7}" "publish record"
ok '[ ! -e "$D/work/palsar-mosaic/2019/N05E010/src" ]' "unpacked tiles removed after the mosaic"
ok 'no_temps "$D" && no_temps "$T/pub"' "no temp file left"

# a re-run does nothing, even with the server gone
kill "$FTPD"; wait "$FTPD" 2>/dev/null
ls -l --time-style=+%s.%N -R "$D" "$T/pub" >"$T/before"
exits 0 "re-run without the server" -- job -j2 YEAR=2010,2019 BBOX=11.2,3.2,11.8,3.8 PUBLISH="$T/pub"
is "$(out | sed 's/^make\[[0-9]*\]:/make:/')" "make: Nothing to be done for 'all'." "re-run: nothing to be done"
ls -l --time-style=+%s.%N -R "$D" "$T/pub" >"$T/after"
same_file "$T/before" "$T/after" "re-run touched no file"
exits 0 "make -q agrees" -- job -q YEAR=2010,2019 BBOX=11.2,3.2,11.8,3.8 PUBLISH="$T/pub"
# a lost metadata record is remade alone, without the network
rm "$D/work/palsar-mosaic/2010/N05E010/eo3.json"
exits 0 "remake one record" -- job YEAR=2010,2019 BBOX=11.2,3.2,11.8,3.8 PUBLISH="$T/pub"
is "$(out | grep -c -e a2fetch -e a2cog)" 0 "no fetch, no mosaic"
ok 'out | grep -q "a2eo3 $D/work/palsar-mosaic/2010/N05E010/cog.json"' "only a2eo3 (and the publish after it) ran"

# the same blocks published to S3 (s3rver on loopback)
S3=$T/s3
start_s3 "$S3" bkt
s3keys() { (cd "$S3/data/bkt" && find . -name '*._S3rver_object' | sed 's|^\./||; s|\._S3rver_object$||' | sort | tr '\n' ' '); }
rm "$D"/work/palsar-mosaic/*/N05E010/published.json
exits 0 "publish to s3://bkt/mosaic/" -- env A2_S3_ENDPOINT="http://127.0.0.1:$(cat "$S3/port")" \
    AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER \
    make --no-print-directory -f "$A2_TOP/examples/palsar-mosaic.mk" A2_DATA="$D" \
    YEAR=2010,2019 BBOX=11.2,3.2,11.8,3.8 PUBLISH=s3://bkt/mosaic/
is "$(s3keys)" "$(files "$T/pub" | sed 's|\([^ ]*\) |mosaic/\1 |g')" "s3: keys {prefix}/{YYYY}/{BLOCK}/{file}, every file"
same_objects() {
	for f in "$P/2019/N05E010"/*; do
		cmp -s "$f" "$S3/data/bkt/mosaic/2019/N05E010/${f##*/}._S3rver_object" || return 1
	done
}
ok same_objects "s3: objects hold the files' bytes"
is "$(jq -c .publish "$D/work/palsar-mosaic/2010/N05E010/published.json")" \
    '{"job":"2010/N05E010","location":"s3://bkt/mosaic/2010/N05E010","files":7}' "s3: publish record"
ok '! grep -rq S3RVER "$D/work" && ! out | grep -q S3RVER' "s3: no secret in the records or output"

# the .zip release (a2unpack) and a missing archive
sh "$A2_TOP/tests/servers/mosaic-ftpd.sh" "$S/root" "$S/state2" >"$S/ftpd2.log" 2>&1 &
FTPD=$!
at_exit "kill $FTPD 2>/dev/null"
wait_file "$S/state2/port" || echo "Bail out! vsftpd did not restart"
A2_JAXA_FTP_URL=ftp://127.0.0.1:$(cat "$S/state2/port")/pub
exits 0 "FORMAT=zip, TILES=" -- job YEAR=2008 FORMAT=zip TILES=S06W017
is "$(files "$P/2008/S05W020")" "S05W020_08.stac-item.json S05W020_08_sl_HH.tif S05W020_08_sl_HV.tif S05W020_08_sl_date.tif S05W020_08_sl_linci.tif S05W020_08_sl_mask.tif S05W020_2008.odc-metadata.json " \
    "2008 from S05W020_08_MOS_F__DAR.zip"
is "$(find "$D/products" -mindepth 1 -name '.*' | wc -l)" 0 "no dot file in products/"
exits 2 "no archive on the server" -- job YEAR=2019 TILES=N20E020
ok 'err | grep -q "N20E020_19_MOS_F02DAR.tar.gz"' "the failing URL is named"
ok '[ ! -e "$P/2019/N20E020" ] && [ ! -e "$D/work/palsar-mosaic/2019/N20E020/fetch.jsonl" ]' "no product, no record"
exits 2 "YEAR without a mosaic" -- job YEAR=2012 TILES=N05E010
ok 'err | grep -q "a2grid: --year 2012: JAXA made no yearly mosaic that year"' "a2grid says why"

plan $_tap_n
done_testing
