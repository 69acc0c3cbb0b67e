#!/bin/sh
# PALSAR-2 ScanSAR level 2.2 NRB (palsar2-scansar-nrb.md): a2synth --level
# 2.2 products (files, COG layout, pixel values, summary.xml and KML
# quirks, determinism), a2classify on them (against the truth files) and
# on a folder holding the real sample's summary.xml and KML with the
# spec's worked values, folders whose files disagree (exit 1, one line
# naming the file and field), a2footprint's nrb method (the swath,
# checked against the mask's valid pixels; cut at the antimeridian) and
# a2md on the sample (the spec's worked values; the rest of a2md in
# 23-nrb-md.t), a2tiles on it (the rest in 84-tiles-nrb.t) and the URL job
# end to end.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null || skip_all "jq needed"
command -v gdalinfo >/dev/null && command -v gdal_create >/dev/null ||
	skip_all "gdalinfo and gdal_create needed"

ID=ALOS2015976960-140909-WWDR2.2GUA
P=ALOS2015976960-140909_WWDR2.2GUA

# ---- a2synth: the default NRB product (WWD, south, ascending, right) ----
exits 0 "a2synth --level 2.2: exit 0" -- a2synth --level 2.2 --mode WWD --package dir -o "$T/s"
is "$(out | jq -r .id)" "$ID" "ID with a hyphen, as every a2 product ID"
S=$T/s/$ID
is "$(cd "$S" && ls | tr '\n' ' ')" \
	"ALOS2015976960-140909-WWDR2.2GUA.kml ${P}_HH_SLP.tif ${P}_HV_SLP.tif ${P}_LIN.tif ${P}_MSK.tif ${P}_summary.xml " \
	"files: P_ with an underscore, the KML with a hyphen as the real sample"
TR=$T/s/$ID.truth.json
truth() { jq -c "$1" "$TR"; }

# COGs as the real sample's (§2): tiles, compression, types, no nodata
gi() { gdalinfo -json "$S/$1" | jq -c "$2"; }
for f in HH_SLP HV_SLP LIN; do
	is "$(gi "${P}_$f.tif" '[.bands[0].type, .bands[0].block, .metadata.IMAGE_STRUCTURE.COMPRESSION, .metadata.IMAGE_STRUCTURE.LAYOUT, .bands[0].noDataValue]')" \
		'["UInt16",[512,512],"LZW","COG",null]' "$f: UInt16 COG, LZW, 512 tiles, no nodata"
done
is "$(gi "${P}_MSK.tif" '[.bands[0].type, .bands[0].block, .metadata.IMAGE_STRUCTURE.COMPRESSION, .metadata.IMAGE_STRUCTURE.LAYOUT, .bands[0].noDataValue]')" \
	'["Byte",[256,256],"DEFLATE","COG",null]' "MSK: Byte COG, DEFLATE, 256 tiles, no nodata"
gt=$(gi "${P}_HH_SLP.tif" .geoTransform)
is "$gt" "$(truth .nrb.geotransform)" "geotransform as the truth file"
is "$(echo "$gt" | jq -c '[(.[0] + .[1] / 2) % 25, (.[3] + .[5] / 2) % 25, .[1] % 25]')" '[0,0,0]' \
	"UL pixel centre and spacing on multiples of 25 m"
is "$(gi "${P}_HH_SLP.tif" '[(.coordinateSystem.wkt | test("ID\\[\"EPSG\",32720\\]]$")), .metadata[""].AREA_OR_POINT]')" \
	'[true,"Area"]' "EPSG:32720 (south), pixel is area"

# pixel values: per mask code as the truth counts; 0 in HH, HV and LIN
# exactly where MSK is 0, else 300..8000 DN and 20..70 deg
xyz() { gdal_translate -q -of XYZ "$S/${P}_$1.tif" /vsistdout/ | awk '{print $3}'; }
xyz MSK >"$T/msk"
xyz HH_SLP >"$T/hh"
xyz LIN >"$T/lin"
is "$(sort -n "$T/msk" | uniq -c | awk '{printf "\"%s\":%s,", $2, $1}' | sed 's/^/{/; s/,$/}/')" \
	"$(truth .nrb.mask_counts)" "mask counts as the truth file"
is "$(truth '.nrb.mask_counts | [.["0"], .["1"], .["2"], .["3"], .["4"], .["5"]] | map(. > 0) | all')" true \
	"every code 0-5 occurs"
is "$(paste "$T/msk" "$T/hh" "$T/lin" | awk '($1 == 0) != ($2 == 0) || ($1 == 0) != ($3 == 0) { n++ } END { print n + 0 }')" 0 \
	"HH and LIN are 0 exactly where MSK is 0"
is "$(paste "$T/hh" "$T/lin" | awk '$1 { if (!lo || $1 < lo) lo = $1; if ($1 > hi) hi = $1; if (!a || $2 < a) a = $2; if ($2 > b) b = $2 } END { print lo, hi, a, b }')" \
	"300 8000 2002 6998" "HH 300..8000 DN, LIN within 2000..7000 (0.01 deg)"
a2synth --level 2.2 --mode WWD --package dir -o "$T/s2" >/dev/null
is "$(cd "$T/s2/$ID" && for f in *; do cmp -s "$f" "$S/$f" || echo "$f"; done)" "" \
	"same options, byte-identical files"

# summary.xml: its quirks on purpose
X=$S/${P}_summary.xml
xv() { sed -n "s|.*<$1[^>]*>\\(.*\\)</$1>.*|\\1|p" "$X"; }
is "$(xv NumberLines) $(xv NumPixelsPerLine)" "96 120" \
	"ProductImageSize swapped: NumberLines holds the 96 columns"
is "$(xv NorthernSTDev)" "N/A" "GeoCorrAccuracy N/A"
is "$(xv SoftwareVersion | head -1)" "000.000 " "SoftwareVersion with its trailing blank"
crs=$(sed -n 's|.*<CoordinateReferenceSystem type="WKT">\(.*\)</Coord.*|\1|p' "$X")
is "$(echo "$crs" | cut -c1-40)" "PROJCS[WGS 84 / UTM zone 20S,GEOGCS[WGS " "CRS WKT with its names unquoted"
exits 1 "GDAL rejects that WKT, as the real one" -- gdalsrsinfo "$crs"
if command -v xmllint >/dev/null; then
	exits 0 "summary.xml is well-formed XML" -- xmllint --noout "$X"
	exits 0 "the KML is well-formed XML" -- xmllint --noout "$S/$ID.kml"
fi
# a real KML client reads the scene rectangle
is "$(ogrinfo -ro -al -q "$S/$ID.kml" 'Scene Rectangle' | sed -n 's/^  Name (String) = //p')" \
	"ALOS2015976960-140909" "ogrinfo reads the KML's Placemark"

# ---- a2classify on it ----
exits 0 "a2classify: exit 0" -- a2classify "$S"
out >"$T/c.json"
j() { jq -c "$1" "$T/c.json"; }
is "$(j '[.id, .scene_id, .product_id, .level, .format, .mode, .look_side, .direction, .polarisations]')" \
	"[\"$ID\",\"ALOS2015976960-140909\",\"WWDR2.2GUA\",\"2.2\",\"GeoTIFF\",\"WWD\",\"R\",\"ascending\",[\"HH\",\"HV\"]]" \
	"identity"
is "$(j '[.type, .dataset, .version]')" '["L2.2_nrb","ALOS2_NRB","v0.1"]' "type, dataset, version"
is "$(j '[.start_time, .center_time, .end_time, .time_source]')" \
	"$(truth '[.start_time, .center_time, .end_time]' | sed 's/]$/,"summary.xml"]/')" "times from summary.xml"
is "$(j .files)" "{\"img\":{\"HH\":[\"${P}_HH_SLP.tif\"],\"HV\":[\"${P}_HV_SLP.tif\"]},\"kml\":\"$ID.kml\",\"lin\":\"${P}_LIN.tif\",\"msk\":\"${P}_MSK.tif\",\"summary_xml\":\"${P}_summary.xml\"}" \
	"file roles"
is "$(j '[.nrb.width, .nrb.height, .nrb.image_size_swapped, .nrb.epsg, .nrb.utm_zone, .nrb.south]')" \
	"[$(truth .width),$(truth .lines),true,32720,20,true]" "grid size (swap seen), EPSG:32720 in the south"
is "$(j .nrb.geotransform)" "$(truth .nrb.geotransform)" "geotransform: outer UL corner"
is "$(j .nrb.swath)" "$(truth .nrb.swath)" "swath ring (SourceDataGeometry)"
is "$(j .nrb.extent)" "$(truth .nrb.extent)" "extent ring (ProductGeographicalExtent)"
is "$(j '.nrb.swath | [range(0; length - 1) as $i | (.[$i][0] * .[$i + 1][1] - .[$i + 1][0] * .[$i][1])] | add > 0')" \
	true "swath counter-clockwise"
is "$(j '[.nrb.mask_codes, .nrb.incidence_conversion.scale, .nrb.backscatter.HH.db_offset, .nrb.geo_accuracy.northern_bias, .nrb.crosses_antimeridian]')" \
	'[{"NoData":0,"ValidData":1,"Layover":2,"Shadow":3,"OceanWater":4,"InvalidData":5},0.01,-83,null,false]' \
	"mask codes, incidence scale, dB offset, N/A as null"

# ---- a2footprint: the swath of summary.xml, checked against the mask ----
exits 0 "a2footprint: exit 0" -- a2footprint "$S"
is "$(out | jq -c '[.geometry.type, .properties.method, .properties.sources]')" \
	"[\"Polygon\",\"nrb\",[\"${P}_summary.xml\",\"${P}_MSK.tif\"]]" \
	"a2footprint: method nrb, from summary.xml and the mask"
is "$(out | jq -c '.geometry.coordinates[0]')" "$(truth .nrb.swath)" \
	"a2footprint: the swath ring exactly (CCW, first corner first)"
is "$(out | jq -c '[.bbox, .properties.mask_check]')" \
	'[[-65.098035,-13.004552,-61.288226,-9.211565],{"distance_m":5436,"tolerance_m":10200}]' \
	"a2footprint: bbox; mask outline 5436 m off, tolerance 1500 m + 2 mask pixels"
exits 0 "a2footprint of the scene record: exit 0" -- a2footprint "$T/c.json"
is "$(out | jq -c .geometry.coordinates[0])" "$(truth .nrb.swath)" "a2footprint of scene.json: the same ring"
# a mask that disagrees: the east part of the swath cut off
mkdir "$T/cut"
cp "$S"/* "$T/cut/"
gdal_translate -q -of COG -srcwin 0 0 60 120 "$S/${P}_MSK.tif" "$T/cut/${P}_MSK.tif"
jq --arg d "$T/cut" '.dir = $d' "$T/c.json" >"$T/cut.json"
exits 1 "a2footprint, mask cut short: exit 1" -- a2footprint "$T/cut.json"
is "$(err)" "a2footprint: $T/cut/${P}_MSK.tif: the outline of the valid pixels is 152637 m from the swath of ${P}_summary.xml (tolerance 10200 m)" \
	"a2footprint, mask cut short: one line naming the mask and the distance"
exits 1 "a2footprint -m nrb on a level 1.5 scene: exit 1" -- a2footprint -m nrb "$(a2synth --level 1.5 --package dir -o "$T/l15" | jq -r .path)"
is "$(err)" "a2footprint: ALOS2015976960-140909-FBDR1.5GUA: nrb: not a level 2.2 NRB scene (no nrb, files.summary_xml or files.msk)" \
	"a2footprint -m nrb on a level 1.5 scene: message"

# ---- the other cases of §7 ----
# descending, left-looking
a2synth --level 2.2 --mode WBD --look L --direction D --package dir -o "$T/d" >/dev/null
DD=$T/d/ALOS2015976960-140909-WBDL2.2GUD
exits 0 "descending left-looking: exit 0" -- a2classify "$DD"
is "$(out | jq -c '[.product_id, .look_side, .look_direction, .direction, .nrb.epsg]')" \
	'["WBDL2.2GUD","L","left","descending",32751]' "descending left-looking: identity"
is "$(grep -c '<AntennaPointing>Left</AntennaPointing>' "$DD/ALOS2015976960-140909_WBDL2.2GUD_summary.xml") $(grep -c '<PassDirection>Descending</PassDirection>' "$DD/ALOS2015976960-140909_WBDL2.2GUD_summary.xml")" \
	"1 1" "summary.xml: Left, Descending"
is "$(out | jq '.nrb.swath | [range(0; length - 1) as $i | (.[$i][0] * .[$i + 1][1] - .[$i + 1][0] * .[$i][1])] | add > 0')" \
	true "descending: swath counter-clockwise"
exits 0 "descending: a2footprint: exit 0" -- a2footprint "$DD"
is "$(out | jq -c '[.geometry.coordinates[0], .properties.mask_check]')" \
	"[$(jq -c .nrb.swath "$T/d/ALOS2015976960-140909-WBDL2.2GUD.truth.json"),{\"distance_m\":5244,\"tolerance_m\":10200}]" \
	"descending: a2footprint: the swath ring exactly, mask 5244 m off"
# northern hemisphere: the real sample's scene ID, path 137 (§2)
a2synth --level 2.2 --mode WWD --orbit 43759 --frame 500 --date 220630 --lon-shift 29.6 \
	--package dir -o "$T/n" >/dev/null
exits 0 "northern: exit 0" -- a2classify "$T/n/ALOS2437590500-220630-WWDR2.2GUA"
is "$(out | jq -c '[.id, .orbit, .frame, .path, .date, .nrb.epsg, .nrb.south]')" \
	'["ALOS2437590500-220630-WWDR2.2GUA",43759,500,137,"2022-06-30",32651,false]' \
	"northern: the sample's ID, path (14*43759+24) mod 207 = 137, EPSG:32651"
# across the antimeridian: zone 60, longitudes of both signs as given
a2synth --level 2.2 --mode WBS --lon-shift 243 --package dir -o "$T/am" >/dev/null
AM=$T/am/ALOS2015976960-140909-WBSR2.2GUA
exits 0 "antimeridian: exit 0" -- a2classify "$AM"
is "$(out | jq -c '[.polarisations, .nrb.epsg, .nrb.crosses_antimeridian, (.nrb.extent | map(.[0] > 0) | unique)]')" \
	'[["HH"],32760,true,[false,true]]' "antimeridian: EPSG:32760, crossing, both signs"
is "$(out | jq -c .nrb.swath)" "$(jq -c .nrb.swath "$T/am/ALOS2015976960-140909-WBSR2.2GUA.truth.json")" \
	"antimeridian: swath as the truth file"
exits 0 "antimeridian: a2footprint: exit 0" -- a2footprint "$AM"
is "$(out | jq -c '[.bbox, .geometry, .properties.mask_check]')" \
	'[[177.90326,-13.004463,-178.291326,-9.21583],{"type":"MultiPolygon","coordinates":[[[[178.556243,-13.004463],[180,-12.702765],[180,-9.4276044],[177.90326,-9.859954],[178.556243,-13.004463]]],[[[-178.97297,-9.21583],[-180,-9.4276044],[-180,-12.702765],[-178.291326,-12.345708],[-178.97297,-9.21583]]]]},{"distance_m":4408,"tolerance_m":10150}]' \
	"antimeridian: a2footprint: the swath cut at 180 into a MultiPolygon, west > east"

# a full file system: one line, exit 1, nothing left
mkdir "$T/fd"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=40k tmpfs "$T/fd" 2>/dev/null; then
	at_exit "umount '$T/fd' 2>/dev/null"
	exits 1 "a2synth --level 2.2 on a full file system: exit 1" -- a2synth --level 2.2 --mode WWD --package dir -o "$T/fd/o"
	is "$(err | wc -l | tr -d ' ') $(err | sed 's/^a2synth: .*_\(HH_SLP.tif\): .*/\1/')" "1 HH_SLP.tif" \
		"a2synth on a full file system: one line naming the image"
	is "$(find "$T/fd/o" -mindepth 1 | wc -l | tr -d ' ')" 0 "a2synth on a full file system: nothing left"
	umount "$T/fd"
fi

# a2synth refusals
exits 2 "a2synth: NRB is ScanSAR only" -- a2synth --level 2.2 --mode FBD -o "$T/x"
is "$(err)" "a2synth: FBD 2.2 GeoTIFF: level 2.2 NRB exists only for ScanSAR modes (WBS WBD WWS WWD VBS VBD), as GeoTIFF" \
	"a2synth: ScanSAR only: message"
exits 2 "a2synth: NRB takes no --mask" -- a2synth --level 2.2 --mode WBD --mask holes -o "$T/x"

# ---- the real sample's summary.xml and KML: the spec's worked values ----
# The rasters are sparse GeoTIFFs of the sample's grid (no pixel data).
R=$T/real
mkdir "$R"
RP=ALOS2437590500-220630_WWDR2.2GUA
for f in HH_SLP:UInt16 HV_SLP:UInt16 LIN:UInt16 MSK:Byte; do
	gdal_create -q -of GTiff -outsize 16234 15916 -bands 1 -ot "${f#*:}" -a_srs EPSG:32651 \
		-a_ullr 374612.5 3087012.5 780462.5 2689112.5 -co TILED=YES -co SPARSE_OK=TRUE \
		"$R/${RP}_${f%:*}.tif"
done
cat >"$R/${RP}_summary.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Product type="Normalised Radar Backscatter" copyright="JAXA/EORC" version="5.5">
	<DataCollectionTime>
		<NumberOfAcquisitions>1</NumberOfAcquisitions>
		<FirstAcquisitionDate>2022-06-30T15:58:00.078Z</FirstAcquisitionDate>
		<LastAcquisitionDate>2022-06-30T15:58:56.442Z</LastAcquisitionDate>
	</DataCollectionTime>
	<SourceAttributes acqID="1">
		<Satellite>ALOS2</Satellite>
		<Instrument>PALSAR-2</Instrument>
		<SourceDataAcquisitionTime>
			<StartTime>2022-06-30T15:58:00.078Z</StartTime>
			<EndTime>2022-06-30T15:58:56.442Z</EndTime>
		</SourceDataAcquisitionTime>
		<SourceDataAcquisitionParameters>
			<RadarBand>L</RadarBand>
			<RadarCenterFrequency units="GHz">1.23650e+00</RadarCenterFrequency>
			<ObservationMode>WWD</ObservationMode>
			<Polarizations>HH HV</Polarizations>
			<AntennaPointing>Right</AntennaPointing>
			<BeamID>W3</BeamID>
			<RSP_Path_Number>137</RSP_Path_Number>
			<RSP_Frame_Number>500</RSP_Frame_Number>
		</SourceDataAcquisitionParameters>
		<OrbitInformation>
			<PassDirection>Ascending</PassDirection>
			<OrbitDataSource>Precise</OrbitDataSource>
		</OrbitInformation>
		<SourceProcParam>
			<ProcessingFacility>EICS</ProcessingFacility>
			<ProcessingDate>2022-08-12T07:31:25Z</ProcessingDate>
			<SoftwareVersion>000.000 </SoftwareVersion>
			<ProductID>ALOS2437590500-220630_WWDR1.1__A</ProductID>
			<ProductLevel>SLC</ProductLevel>
			<AzimuthNumberOfLooks>1</AzimuthNumberOfLooks>
			<RangeNumberOfLooks>1</RangeNumberOfLooks>
		</SourceProcParam>
		<SourceDataImageAttributes>
			<SourceDataGeometry type="WKT">Polygon ((121.732262 27.339137, 122.316740 24.313445, 125.775968 24.879538, 125.285874 27.889129, 121.732262 27.339137))</SourceDataGeometry>
			<AzimuthPixelSpacing>24.993</AzimuthPixelSpacing>
			<RangePixelSpacing>4.291</RangePixelSpacing>
			<AzimuthResolution>25.3</AzimuthResolution>
			<RangeResolution>13.3</RangeResolution>
			<IncAngleNearRange>45.153</IncAngleNearRange>
			<IncAngleFarRange>60.590</IncAngleFarRange>
		</SourceDataImageAttributes>
		<PerformanceIndicators pol="HH">
			<NoiseEquivalentIntensity type="Sigma0">
				<Estimates type="min">-30</Estimates>
			</NoiseEquivalentIntensity>
		</PerformanceIndicators>
		<PerformanceIndicators pol="HV">
			<NoiseEquivalentIntensity type="Sigma0">
				<Estimates type="min">-32.5</Estimates>
			</NoiseEquivalentIntensity>
		</PerformanceIndicators>
	</SourceAttributes>
	<CARD4LProductAttributes>
		<DataAccess>
			<ProcessingFacility>JAXA/EORC</ProcessingFacility>
			<ProcessingTime>2022-08-12T17:21:22.312338Z</ProcessingTime>
			<SoftwareVersion>EGAS-APR Ver.1.0.0</SoftwareVersion>
		</DataAccess>
		<ProductSampleSpacing>
			<ProductColumnSpacing>25.0</ProductColumnSpacing>
			<ProductRowSpacing>25.0</ProductRowSpacing>
		</ProductSampleSpacing>
		<Filtering>
			<FilterApplied>FALSE</FilterApplied>
		</Filtering>
		<NoiseRemoval>
			<NoiseRemovalApplied>FALSE</NoiseRemovalApplied>
		</NoiseRemoval>
		<ProductBoundingBox Corner="UL">
			<Northing>3087000.000000</Northing>
			<Easting>374625.000000</Easting>
		</ProductBoundingBox>
		<ProductBoundingBox Corner="LR">
			<Northing>2689125.000000</Northing>
			<Easting>780450.000000</Easting>
		</ProductBoundingBox>
		<ProductGeographicalExtent type="WKT">Polygon ((121.726070 27.902011, 121.764426 24.310179, 125.762836 24.290071, 125.848492 27.878456, 121.726070 27.902011))</ProductGeographicalExtent>
		<SceneCenterLatitude>26.109578</SceneCenterLatitude>
		<SceneCenterLongitude>123.775605</SceneCenterLongitude>
		<SceneCornerLatitude order="UL, LL, UR, LR">27.902011,24.310179,27.878456,24.290071</SceneCornerLatitude>
		<SceneCornerLongitude order="UL, LL, UR, LR">121.726070,121.764426,125.848492,125.762836</SceneCornerLongitude>
		<ProductImageSize>
			<NumberLines>16234</NumberLines>
			<NumPixelsPerLine>15916</NumPixelsPerLine>
		</ProductImageSize>
		<PixelCoordinateConvention>pixel ULC</PixelCoordinateConvention>
		<CoordinateReferenceSystem type="EPSG">32651</CoordinateReferenceSystem>
		<CoordinateReferenceSystem type="WKT">PROJCS[WGS 84 / UTM zone 51N,GEOGCS[WGS 84,DATUM[WGS_1984,SPHEROID[WGS 84,6378137,298.257223563]]]]</CoordinateReferenceSystem>
		<PerPixelMetadata>
			<DataMask>
				<FileName>ALOS2437590500-220630_WWDR2.2GUA_MSK.tif</FileName>
				<DataType>Byte</DataType>
				<BitsPerSample>8</BitsPerSample>
				<ByteOrder></ByteOrder>
				<BitValues>
					<NoData>0</NoData>
					<ValidData>1</ValidData>
					<Layover>2</Layover>
					<Shadow>3</Shadow>
					<OceanWater>4</OceanWater>
					<InvalidData>5</InvalidData>
				</BitValues>
			</DataMask>
			<LocalIncAngle>
				<FileName>ALOS2437590500-220630_WWDR2.2GUA_LIN.tif</FileName>
				<SampleType units="deg">Angle</SampleType>
				<DataType>UINT</DataType>
				<BitsPerSample>16</BitsPerSample>
				<ByteOrder>Little Endian</ByteOrder>
				<ConversionEq>0.01*DN</ConversionEq>
			</LocalIncAngle>
		</PerPixelMetadata>
EOF
for pol in HH HV; do
	printf '\t\t<BackscatterMeasurementData>\n\t\t\t<BackscatterMeasurement>Gamma-0</BackscatterMeasurement>\n'
	printf '\t\t\t<BackscatterConvention>Linear Amplitude</BackscatterConvention>\n'
	printf '\t\t\t<BackscatterConversionEq units="dB">10*log10(DN^2)-83.0</BackscatterConversionEq>\n'
	printf '\t\t\t<Polarization>%s</Polarization>\n\t\t\t<FileName>%s_%s_SLP.tif</FileName>\n' "$pol" "$RP" "$pol"
	printf '\t\t\t<DataType>UINT</DataType>\n\t\t\t<BitsPerSample>16</BitsPerSample>\n'
	printf '\t\t</BackscatterMeasurementData>\n'
done >>"$R/${RP}_summary.xml"
cat >>"$R/${RP}_summary.xml" <<'EOF'
		<RadiometricTerrainCorrections>
			<RTCAlgorithm type="DOI">https://doi.org/10.1109/TGRS.2011.2120616</RTCAlgorithm>
		</RadiometricTerrainCorrections>
		<GeometricCorrections>
			<DigitalElevationModel dem="Surface">
				<DEMReference>https://www.eorc.jaxa.jp/ALOS/en/aw3d30/</DEMReference>
				<EGMReference>https://doi.org/10.1029/2011JB008916</EGMReference>
			</DigitalElevationModel>
			<GeoCorrAccuracy>
				<NorthernSTDev>N/A</NorthernSTDev>
				<EasternSTDev>N/A</EasternSTDev>
				<NorthernBias>N/A</NorthernBias>
				<EasternBias>N/A</EasternBias>
			</GeoCorrAccuracy>
		</GeometricCorrections>
	</CARD4LProductAttributes>
</Product>
EOF
cat >"$R/ALOS2437590500-220630-WWDR2.2GUA.kml" <<'EOF'
<?xml version='1.0' encoding='UTF-8'?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>Product</name>
    <Folder>
      <name>Scene Rectangle</name>
      <Placemark>
        <name>ALOS2437590500-220630</name>
        <description><![CDATA[<table><tr><td>Satellite</td><td>ALOS-2</td></tr><tr><td>Product ID</td><td>WWDR2.2GUA</td></tr><tr><td>Offnadir Angle</td><td>46.282988</td></tr><tr><td>Scene Time(Center)</td><td>15:58:28.260</td></tr></table>]]></description>
        <Polygon>
          <outerBoundaryIs>
            <LinearRing>
              <coordinates>121.726070,27.902011,0.0 121.764426,24.310179,0.0 125.762836,24.290071,0.0 125.848492,27.878456,0.0 121.726070,27.902011,0.0</coordinates>
            </LinearRing>
          </outerBoundaryIs>
        </Polygon>
      </Placemark>
    </Folder>
    <Folder>
      <name>Scene Center</name>
      <Placemark>
        <name>ALOS2329710540-200701</name>
        <Point>
          <coordinates>123.775605,26.109578,4000.0</coordinates>
        </Point>
      </Placemark>
    </Folder>
  </Document>
</kml>
EOF
exits 0 "real sample's metadata: exit 0" -- a2classify "$R"
out >"$T/r.json"
k() { jq -c "$1" "$T/r.json"; }
is "$(k '[.id, .path, .frame, .start_time, .center_time, .end_time]')" \
	'["ALOS2437590500-220630-WWDR2.2GUA",137,500,"2022-06-30T15:58:00.078Z","2022-06-30T15:58:28.260Z","2022-06-30T15:58:56.442Z"]' \
	"sample: path 137, times; centre 15:58:28.260 as the KML's"
is "$(k '[.nrb.height, .nrb.width, .nrb.image_size_swapped]')" '[15916,16234,true]' \
	"sample: 15916 rows x 16234 columns, ProductImageSize swapped"
is "$(k .nrb.bounds)" '[374612.5,2689112.5,780462.5,3087012.5]' \
	"sample: raster bounds = ProductBoundingBox -+ 12.5 m"
is "$(k .nrb.geotransform)" '[374612.5,25,0,3087012.5,0,-25]' "sample: geotransform (= proj:transform)"
is "$(k .nrb.scene_corners)" \
	'{"UL":[121.72607,27.902011],"LL":[121.764426,24.310179],"LR":[125.762836,24.290071],"UR":[125.848492,27.878456]}' \
	"sample: corner lists in order UL, LL, UR, LR put in place"
is "$(k .nrb.swath)" \
	'[[121.732262,27.339137],[122.31674,24.313445],[125.775968,24.879538],[125.285874,27.889129],[121.732262,27.339137]]' \
	"sample: swath"
is "$(k '.nrb.swath | [min_by(.[0])[0], min_by(.[1])[1], max_by(.[0])[0], max_by(.[1])[1]]')" \
	'[121.732262,24.313445,125.775968,27.889129]' "sample: swath bbox = stactools' bbox"
is "$(k '[.nrb.epsg, .nrb.scene_center, .nrb.off_nadir, .nrb.incidence_near, .nrb.incidence_far, .nrb.center_frequency_ghz, .nrb.noise_equivalent_sigma0_min, .nrb.geo_accuracy.eastern_stdev, .nrb.software_version]')" \
	'[32651,[123.775605,26.109578],46.282988,45.153,60.59,1.2365,{"HH":-30,"HV":-32.5},null,"EGAS-APR Ver.1.0.0"]' \
	"sample: EPSG, centre, off-nadir (KML), incidences, frequency, NESZ, N/A"
is "$(k '[.nrb.rtc_algorithm, .nrb.dem, .nrb.summary_version, .nrb.source_product_id]')" \
	'["https://doi.org/10.1109/TGRS.2011.2120616","https://www.eorc.jaxa.jp/ALOS/en/aw3d30/","5.5","ALOS2437590500-220630_WWDR1.1__A"]' \
	"sample: RTC algorithm, DEM, summary version, source L1.1 product"
is "$(k .nrb.backscatter.HH.db_offset | awk '{ for (i = split("447 1000 4467 8000", d, " "); i > 0; i--) s = sprintf("%.1f %s", 20 * log(d[i]) / log(10) + $1, s); print s }')" \
	"-30.0 -23.0 -10.0 -4.9 " "sample: DN 447, 1000, 4467, 8000 -> -30, -23, -10, -4.9 dB"
# a2md on it (the sparse rasters have no valid pixel: the swath as footprint)
k '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[.nrb.swath]},"properties":{}}' >"$T/rfp.json"
exits 0 "sample: a2md: exit 0" -- a2md -o "$T/rmd" "$T/r.json" "$T/rfp.json"
RI=$T/rmd/ALOS2437590500-220630-WWDR2.2GUA.stac.json
is "$(jq -c '[.bbox, .properties.datetime, (.properties | ."proj:code", ."proj:shape", ."proj:transform", ."proj:bbox", .gsd, ."sar:center_frequency", ."sar:polarizations", ."sar:product_type", ."sat:orbit_state", ."sat:absolute_orbit", ."sat:relative_orbit", ."a2:file_prefix")]' "$RI")" \
	'[[121.732262,24.313445,125.775968,27.889129],"2022-06-30T15:58:28.260Z","EPSG:32651",[15916,16234],[25,0,374612.5,0,-25,3087012.5],[374612.5,2689112.5,780462.5,3087012.5],25,1.2365,["HH","HV"],"RTC","ascending",43759,137,"ALOS2437590500-220630_WWDR2.2GUA"]' \
	"sample: a2md: stactools' bbox and datetime, proj:shape [15916, 16234] (not its [16234, 15916]), orbit and path"
is "$(jq -c '.alos2md | del(.geometry)' "$T/rmd/ALOS2437590500-220630-WWDR2.2GUA.met.json")" \
	'{"absolute_orbit":"43759","frame":"0500","flight_direction":"asc","satellite_name":"ALOS2","start_time":"2022-06-30T15:58:00.078000","stop_time":"2022-06-30T15:58:56.442000","beam_mode":"WWD","source":"a2_nrb","beam_id":"W3","center_frequency_ghz":1.2365,"incidence_near":45.153,"incidence_far":60.59,"orbit_data_source":"Precise","processing_facility":"JAXA/EORC","processing_time":"2022-08-12T17:21:22.312338Z","software_version":"EGAS-APR Ver.1.0.0","source_product_id":"ALOS2437590500-220630_WWDR1.1__A","summary_version":"5.5","epsg":32651,"width":16234,"height":15916,"radar_wave_length":0.242452,"off_nadir_angle":46.282988,"pixel_spacing":25,"polarizations":["HH","HV"]}' \
	"sample: a2md: met.json alos2md, summary.xml's values (doc/records.md)"

# ---- folders whose files disagree ----
# fresh NAME: a copy of the synthetic product; D its path
fresh() { rm -rf "${T:?}/$1"; cp -r "$S" "$T/$1"; D=$T/$1; }
fails() {
	_d=$1; _m=$2; shift 2
	exits 1 "$_d: exit 1" -- a2classify "$D"
	is "$(err)" "a2classify: $_m" "$_d: message"
	is "$(out)" "" "$_d: nothing on stdout"
}
XF=${P}_summary.xml
SA='SourceAttributes[@acqID=1]'
CP=CARD4LProductAttributes
xset() { sed -i "s|<$1\\([^>]*\\)>[^<]*</$1>|<$1\\1>$2</$1>|" "$D/$XF"; }

fresh m1; rm "$D/${P}_MSK.tif"
fails "no MSK" "$D: no ${P}_MSK.tif"
fresh m2; rm "$D/$XF"
fails "no summary.xml" "$D: no ${P}_summary.xml"
fresh m3; rm "$D/${P}_HV_SLP.tif"
fails "listed polarisation missing" "$D/$XF: $SA/SourceDataAcquisitionParameters/Polarizations: \"HH HV\" lists HV, but there is no ${P}_HV_SLP.tif"
fresh m4; rm "$D"/*_SLP.tif
fails "no backscatter image" "$D: no ${P}_XX_SLP.tif backscatter image"
fresh m5; xset Polarizations HH
fails "unlisted polarisation" "$D/${P}_HV_SLP.tif: not listed by $XF $SA/SourceDataAcquisitionParameters/Polarizations \"HH\""
fresh i1; mv "$D/${P}_LIN.tif" "$D/ALOS2015976970-140909_WWDR2.2GUA_LIN.tif"
fails "ID in the names" "$D: two scenes in one directory: $ID ($ID.kml) and ALOS2015976970-140909-WWDR2.2GUA (ALOS2015976970-140909_WWDR2.2GUA_LIN.tif)"
fresh i2; mv "$D/${P}_LIN.tif" "$D/ALOS2015976960-140909-WWDR2.2GUA_LIN.tif"
fails "hyphen in a data file name" "$D/ALOS2015976960-140909-WWDR2.2GUA_LIN.tif: an NRB file name has '_' between the scene ID and the product ID"
fresh i3; xset ObservationMode WBD
fails "summary.xml mode" "$D/$XF: $SA/SourceDataAcquisitionParameters/ObservationMode: \"WBD\" contradicts the mode WWD of the file names"
fresh i4; xset RSP_Frame_Number 6970
fails "summary.xml frame" "$D/$XF: $SA/SourceDataAcquisitionParameters/RSP_Frame_Number: 6970 contradicts the frame 6960 of the file names"
fresh i5; xset PassDirection Descending
fails "summary.xml pass direction" "$D/$XF: $SA/OrbitInformation/PassDirection: \"Descending\" contradicts the orbit direction A of the file names"
fresh i6; xset AntennaPointing Left
fails "summary.xml look" "$D/$XF: $SA/SourceDataAcquisitionParameters/AntennaPointing: \"Left\" contradicts the look side R of the file names"
fresh i7; sed -i 's|<ProductID>ALOS2015976960-140909_|<ProductID>ALOS2015976960-140910_|' "$D/$XF"
fails "summary.xml source product" "$D/$XF: $SA/SourceProcParam/ProductID: \"ALOS2015976960-140910_WWDR1.1__A\" contradicts the scene ID ALOS2015976960-140909 of the file names"
fresh i8; sed -i 's|<FileName>\([^<]*\)_HV_SLP.tif<|<FileName>\1_HV_SLP.TIF<|' "$D/$XF"
fails "summary.xml backscatter file" "$D/$XF: $CP/BackscatterMeasurementData[@Polarization=HV]/FileName: \"${P}_HV_SLP.TIF\" contradicts the file name ${P}_HV_SLP.tif"
fresh i9; sed -i 's|<FileName>\([^<]*\)_MSK.tif<|<FileName>\1_MASK.tif<|' "$D/$XF"
fails "summary.xml mask file" "$D/$XF: $CP/PerPixelMetadata/DataMask/FileName: \"${P}_MASK.tif\" contradicts the mask file name"
fresh k1; sed -i 's|<name>ALOS2015976960-140909</name>|<name>ALOS2015976960-140910</name>|' "$D/$ID.kml"
fails "KML scene ID" "$D/$ID.kml: Placemark name \"ALOS2015976960-140910\" contradicts the scene ID ALOS2015976960-140909 of the file names"
fresh k2; sed -i 's|<td>WWDR2.2GUA</td>|<td>WWDR2.2GUD</td>|' "$D/$ID.kml"
fails "KML product ID" "$D/$ID.kml: description Product ID \"WWDR2.2GUD\" contradicts the product ID WWDR2.2GUA of the file names"
fresh k3; sed -i 's|<coordinates>-65.078043,|<coordinates>-65.078143,|' "$D/$ID.kml"
fails "KML rectangle" "$D/$ID.kml: Polygon coordinates: point 1 -65.078143,-8.764292 contradicts $XF ProductGeographicalExtent -65.078043,-8.764292"
fresh k4; mv "$D/$ID.kml" "$D/${P}.kml"
exits 0 "KML named with '_' (stactools' name): accepted" -- a2classify "$D"
is "$(out | jq -r .files.kml)" "${P}.kml" "KML named with '_': its role"
fresh n1; xset NumberLines abc
fails "non-numeric size" "$D/$XF: $CP/ProductImageSize/NumberLines: not a number: \"abc\""
fresh n2; xset NumberLines 120; xset NumPixelsPerLine 96
exits 0 "size in rows, columns order: accepted" -- a2classify "$D"
is "$(out | jq -c '[.nrb.width, .nrb.height, .nrb.image_size_swapped]')" '[96,120,false]' \
	"size in rows, columns order: not swapped"
fresh n3; xset NumberLines 97
fails "size that matches neither way" "$D/$XF: $CP/ProductImageSize: NumberLines 97 and NumPixelsPerLine 120 match neither way the 120 rows and 96 columns of ProductBoundingBox"
fresh n4; xset SceneCenterLatitude N/A
fails "N/A where a number is needed" "$D/$XF: $CP/SceneCenterLatitude: not a number: \"N/A\""
fresh n5; sed -i 's|order="UL, LL, UR, LR">\([^<]*\)</SceneCornerLatitude>|order="UL, UR, LL, LR">\1</SceneCornerLatitude>|' "$D/$XF"
fails "corner order attribute" "$D/$XF: $CP/SceneCornerLatitude/Longitude: LL corner -61.321344,-8.766278 contradicts ProductGeographicalExtent -65.111429,-13.442722"
fresh n6; xset ProductColumnSpacing 4400.0
fails "bounding box not whole pixels" "$D/$XF: $CP/ProductBoundingBox: UL 271400.000,9030575.000 to LR 684650.000,8512925.000 is not a whole number of 4400 x 4350 m pixels"
fresh n7; sed -i 's|<CoordinateReferenceSystem type="EPSG">32720<|<CoordinateReferenceSystem type="EPSG">32620<|' "$D/$XF"
fails "EPSG contradicting the GeoTIFF" "$D/${P}_HH_SLP.tif: CRS EPSG:32720 contradicts EPSG:32620 of $XF"
fresh n8; sed -i 's|<StartTime>2014-09-09T|<StartTime>2014-09-9T|' "$D/$XF"
fails "bad time" "$D/$XF: $SA/SourceDataAcquisitionTime/StartTime: not an ISO time \"YYYY-MM-DDThh:mm:ss.sssZ\": \"2014-09-9T04:33:43.461Z\""
fresh n9; sed -i '/<SourceDataGeometry/d' "$D/$XF"
fails "missing element" "$D/$XF: $SA/SourceDataImageAttributes/SourceDataGeometry: missing"
fresh x1; head -c 300 "$S/$XF" >"$D/$XF"
exits 1 "cut summary.xml: exit 1" -- a2classify "$D"
is "$(err | sed 's/: not XML: .*/: not XML/')" "a2classify: $D/$XF: not XML" "cut summary.xml: message"
is "$(err | wc -l | tr -d ' ')" 1 "cut summary.xml: one line"
fresh x5; head -c 4194305 /dev/zero | tr '\0' ' ' >"$D/$XF"
fails "summary.xml over 4 MiB" "$D/$XF: not XML: 4194305 bytes, more than 4194304"
fresh x2; gdal_translate -q -outsize 48 60 "$S/${P}_LIN.tif" "$D/${P}_LIN.tif"
fails "raster of another size" "$D/${P}_LIN.tif: raster 48x60 contradicts the 96x120 of $XF"
fresh x3; gdal_translate -q -ot Byte "$S/${P}_LIN.tif" "$D/${P}_LIN.tif"
fails "raster of another type" "$D/${P}_LIN.tif: 1 band(s) of Byte, want one of UInt16"
fresh x4; : >"$D/${P}_MSK.tif"
exits 1 "0-byte MSK: exit 1" -- a2classify "$D"
is "$(err | cut -d: -f1-2)" "a2classify: $D/${P}_MSK.tif" "0-byte MSK: names the file"

# ---- a2tiles (84-tiles-nrb.t has the rest) ----
exits 0 "a2tiles: exit 0" -- a2tiles -z 0-4 -o "$T/tiles" "$S"

# ---- the URL job: unpacked, classified, outlined, tiled and described ----
if command -v make >/dev/null; then
	a2synth --level 2.2 --mode WWD --package flat -o "$T/u" >/dev/null
	# the job is a make of its own, run from its own directory
	exits 0 "URL job on an NRB zip: exit 0" -- sh -c 'cd "$1" && shift && exec "$@"' sh "$T" \
		make -f "$A2_TOP/examples/url.mk" A2_BIN="$A2_BIN" A2_DATA="$T/data" A2_TILES_ZOOM=0-6 URL="file://$T/u/$ID.zip"
	is "$(jq -r .id "$T/data/work/$ID/scene.json")" "$ID" "URL job: the scene was classified"
	is "$(ls "$T/data/work/$ID" | grep -c footprint)" 1 "URL job: the footprint was made"
	is "$(jq -c .tile_layers "$T/data/products/$ID/tiles/tiles.json" 2>/dev/null)" '["HH","HV","RGB"]' \
		"URL job: the tiles were made"
	is "$(jq -c .tile_layers "$T/data/products/$ID/$ID.met.json")" '["HH","HV","RGB"]' \
		"URL job: met.json names the tile layers"
fi

done_testing
