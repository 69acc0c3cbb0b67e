/*
 * synth_nrb.c: a PALSAR-2 ScanSAR level 2.2 NRB product after the recipe
 * of palsar2-scansar-nrb.md §7: gamma-0 amplitude, incidence and mask
 * COGs written by GDAL's COG driver as the real sample is (§2), a
 * summary.xml with every §3 element and its quirks (swapped
 * ProductImageSize, unquoted WKT CRS, N/A accuracies) and the KML of §4.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "synth/synth_model.h"
#include "synth/synth_write.h"

#define ROWS 256
/* mask codes, §5 */
enum { M_NODATA, M_VALID, M_LAYOVER, M_SHADOW, M_OCEAN, M_INVALID };

/* NRB values of one scene: names, pixel-centre corners. */
struct nrb {
	char prefix[40];
	struct synth_ll corner[4]; /* UL LL LR UR pixel centres */
	struct synth_ll center;    /* raster centre */
	struct synth_ll swath[4];  /* LT LB RB RT: counter-clockwise */
	long long count[6];        /* pixels per mask code */
};

/* along / across-track metres of a map position from the centre, across
 * positive to the right of the flight direction */
static void
track_xy(const struct synth_scene *s, double e, double n, double *a, double *c)
{
	double g = s->grid_heading;

	*a = (e - s->ce) * sin(g) + (n - s->cn) * cos(g);
	*c = (e - s->ce) * cos(g) - (n - s->cn) * sin(g);
}

static uint64_t
hash2(int x, int y)
{
	uint64_t h = (uint64_t)x * 0x9E3779B97F4A7C15ULL ^ (uint64_t)y * 0xC2B2AE3D27D4EB4FULL;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return h;
}

/*
 * The mask row: 0 outside the swath; inside, ocean water beyond a
 * coastline a quarter of the scene length ahead of the centre, land
 * elsewhere, and about 1 in 1024 pixels each layover, shadow or invalid.
 */
static void
mask_row(const struct synth_scene *s, int y, uint8_t *m)
{
	double n = s->uy - (y + 0.5) * s->spacing;
	int x0, x1;

	memset(m, 0, (size_t)s->width);
	if (!synth_quad_cols(s, y, &x0, &x1))
		return;
	for (int x = x0; x <= x1; x++) {
		double a, c;
		unsigned h = (unsigned)(hash2(x, y) & 1023);

		track_xy(s, s->ux + (x + 0.5) * s->spacing, n, &a, &c);
		m[x] = h == 1 ? M_LAYOVER : h == 2 ? M_SHADOW : h == 3 ? M_INVALID :
		    a > 0.25 * s->m->length_m ? M_OCEAN : M_VALID;
	}
}

/* Local incidence angle in 0.01 deg: 20 deg at near range to 70 at far. */
static uint16_t
lin_dn(const struct synth_scene *s, double e, double n)
{
	double a, c, side = s->o->look == 'R' ? 1 : -1, f;

	track_xy(s, e, n, &a, &c);
	f = (side * c + s->m->swath_m / 2) / s->m->swath_m;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	return (uint16_t)lround(2000 + 5000 * f);
}

/* One row of band (0..3 a polarisation's DN, 4 incidence, 5 mask). */
static void
nrb_row(struct synth_scene *s, struct synth_rng *r, int band, int y, uint8_t *mrow, void *out)
{
	double n = s->uy - (y + 0.5) * s->spacing;

	mask_row(s, y, mrow);
	if (band == 5) {
		memcpy(out, mrow, (size_t)s->width);
		return;
	}
	for (int x = 0; x < s->width; x++) {
		uint16_t *o = out;
		double e = s->ux + (x + 0.5) * s->spacing, v;

		if (!mrow[x]) {
			o[x] = 0;
			continue;
		}
		if (band == 4) {
			o[x] = lin_dn(s, e, n);
			continue;
		}
		/* gamma-0 amplitude within the 300..8000 DN of §7; water dark */
		v = synth_mean_dn(s, band, e, n) * synth_rayleigh(synth_rng_next(r)) *
		    (mrow[x] == M_OCEAN ? 0.2 : 1.0);
		o[x] = v < 300 ? 300 : v > 8000 ? 8000 : (uint16_t)v;
	}
}

/* Writes one band as a COG through a plain tiled GeoTIFF beside it. */
static void
write_cog(struct synth_scene *s, const char *name, int band, struct nrb *nv)
{
	GDALDataType type = band == 5 ? GDT_Byte : GDT_UInt16;
	char *path = synth_stage_path(s, name), *tmp = a2_asprintf("%s.tmp.tif", path);
	double gt[6] = { s->ux, s->spacing, 0, s->uy, 0, -s->spacing };
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	size_t px = band == 5 ? 1 : 2;
	uint8_t *buf = a2_malloc(px * (size_t)s->width * ROWS), *mrow = a2_malloc((size_t)s->width);
	char **opt = NULL, **copt = NULL;
	struct synth_rng r;
	GDALDatasetH ds, cog;
	int y, n;

	CPLSetConfigOption("GDAL_CACHEMAX", "64");
	GDALAllRegister();
	/* one line on failure (a2_die's), not GDAL's cascade */
	CPLPushErrorHandler(CPLQuietErrorHandler);
	CPLErrorReset();
	opt = CSLSetNameValue(opt, "TILED", "YES");
	opt = CSLSetNameValue(opt, "BIGTIFF", "IF_NEEDED");
	ds = GDALCreate(GDALGetDriverByName("GTiff"), tmp, s->width, s->height, 1, type, opt);
	if (!ds || OSRImportFromEPSG(srs, s->epsg) != OGRERR_NONE)
		a2_die("%s: %s", tmp, CPLGetLastErrorMsg());
	GDALSetGeoTransform(ds, gt);
	GDALSetSpatialRef(ds, srs);
	synth_rng_seed(&r, s, band, 0);
	for (y = 0; y < s->height; y += n) {
		n = s->height - y < ROWS ? s->height - y : ROWS;
		for (int k = 0; k < n; k++) {
			nrb_row(s, &r, band, y + k, mrow, buf + px * (size_t)k * s->width);
			if (band == 5)
				for (int x = 0; x < s->width; x++)
					nv->count[mrow[x]]++;
		}
		if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, y, s->width, n, buf, s->width,
		    n, type, 0, 0) != CE_None)
			a2_die("%s: %s", tmp, CPLGetLastErrorMsg());
	}
	/* LZW in 512 px tiles, the mask DEFLATE in 256 (§2); overviews
	 * of the nearest value, so no code or DN is made up */
	copt = CSLSetNameValue(copt, "COMPRESS", band == 5 ? "DEFLATE" : "LZW");
	copt = CSLSetNameValue(copt, "BLOCKSIZE", band == 5 ? "256" : "512");
	copt = CSLSetNameValue(copt, "RESAMPLING", "NEAREST");
	copt = CSLSetNameValue(copt, "BIGTIFF", "IF_NEEDED");
	cog = GDALCreateCopy(GDALGetDriverByName("COG"), path, ds, FALSE, copt, NULL, NULL);
	if (!cog || CPLGetLastErrorType() >= CE_Failure)
		a2_die("%s: %s", path, CPLGetLastErrorMsg());
	GDALClose(cog);
	GDALClose(ds);
	if (CPLGetLastErrorType() >= CE_Failure)
		a2_die("%s: %s", path, CPLGetLastErrorMsg());
	CPLPopErrorHandler();
	if (unlink(tmp) != 0)
		a2_die("%s: cannot remove:", tmp);
	synth_add_file(s, name);
	OSRDestroySpatialReference(srs);
	CSLDestroy(opt);
	CSLDestroy(copt);
	free(buf);
	free(mrow);
	free(tmp);
	free(path);
}

static void
iso(char *buf, size_t n, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* The WKT of the CRS with its names unquoted, as the real file has it
 * (GDAL cannot read it back: §3) */
static char *
wkt_unquoted(int epsg)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	char *wkt = NULL, *r, *q;

	if (OSRImportFromEPSG(srs, epsg) != OGRERR_NONE || OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
		a2_die("EPSG:%d: cannot build the spatial reference", epsg);
	r = a2_strdup(wkt);
	for (q = r; (q = strchr(q, '"'));)
		memmove(q, q + 1, strlen(q));
	CPLFree(wkt);
	OSRDestroySpatialReference(srs);
	return r;
}

static void
write_summary_xml(struct synth_scene *s, const struct nrb *nv)
{
	static const char *const bits[6] = { "NoData", "ValidData", "Layover", "Shadow",
		"OceanWater", "InvalidData" };
	const struct synth_opts *o = s->o;
	char *name = a2_asprintf("%s_summary.xml", nv->prefix), *path = synth_stage_path(s, name);
	char t0[64], t1[64], pols[16] = "", *crs = wkt_unquoted(s->epsg);
	const char *pass = o->dir == 'A' ? "Ascending" : "Descending";
	double nearinc = s->incidence - 7.7, farinc = s->incidence + 7.7;
	struct a2_out out;
	FILE *fp;
	int k;

	iso(t0, sizeof t0, s->t_start);
	iso(t1, sizeof t1, s->t_end);
	for (k = 0; k < s->npol; k++)
		snprintf(pols + strlen(pols), sizeof pols - strlen(pols), "%s%s", k ? " " : "",
		    synth_pol_names[s->pol[k]]);
	if (a2_out_open(&out, path, 0644) != 0)
		a2_die("%s: cannot create:", path);
	fp = out.fp;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Product type=\"Normalised Radar Backscatter\" copyright=\"JAXA/EORC\" version=\"5.5\">\n"
	    "\t<DataCollectionTime>\n\t\t<NumberOfAcquisitions>1</NumberOfAcquisitions>\n"
	    "\t\t<FirstAcquisitionDate>%s</FirstAcquisitionDate>\n"
	    "\t\t<LastAcquisitionDate>%s</LastAcquisitionDate>\n\t</DataCollectionTime>\n", t0, t1);
	fprintf(fp, "\t<SourceAttributes acqID=\"1\">\n\t\t<Satellite>ALOS2</Satellite>\n"
	    "\t\t<Instrument>PALSAR-2</Instrument>\n\t\t<SourceDataAcquisitionTime>\n"
	    "\t\t\t<StartTime>%s</StartTime>\n\t\t\t<EndTime>%s</EndTime>\n"
	    "\t\t</SourceDataAcquisitionTime>\n", t0, t1);
	fprintf(fp, "\t\t<SourceDataAcquisitionParameters>\n\t\t\t<RadarBand>L</RadarBand>\n"
	    "\t\t\t<RadarCenterFrequency units=\"GHz\">1.23650e+00</RadarCenterFrequency>\n"
	    "\t\t\t<ObservationMode>%s</ObservationMode>\n\t\t\t<Polarizations>%s</Polarizations>\n"
	    "\t\t\t<AntennaPointing>%s</AntennaPointing>\n\t\t\t<BeamID>W3</BeamID>\n"
	    "\t\t\t<RSP_Path_Number>%d</RSP_Path_Number>\n"
	    "\t\t\t<RSP_Frame_Number>%d</RSP_Frame_Number>\n"
	    "\t\t</SourceDataAcquisitionParameters>\n", s->m->code, pols,
	    o->look == 'R' ? "Right" : "Left", s->path, s->frame);
	fprintf(fp, "\t\t<OrbitInformation>\n\t\t\t<PassDirection>%s</PassDirection>\n"
	    "\t\t\t<OrbitDataSource>Precise</OrbitDataSource>\n\t\t</OrbitInformation>\n", pass);
	fprintf(fp, "\t\t<SourceProcParam>\n\t\t\t<ProcessingFacility>EICS</ProcessingFacility>\n"
	    "\t\t\t<ProcessingDate>2015-03-20T08:09:52Z</ProcessingDate>\n"
	    "\t\t\t<SoftwareVersion>000.000 </SoftwareVersion>\n"
	    "\t\t\t<ProductID>%s_%s%c1.1__%c</ProductID>\n\t\t\t<ProductLevel>SLC</ProductLevel>\n"
	    "\t\t\t<AzimuthNumberOfLooks>1</AzimuthNumberOfLooks>\n"
	    "\t\t\t<RangeNumberOfLooks>1</RangeNumberOfLooks>\n\t\t</SourceProcParam>\n",
	    s->scene_id, s->m->code, o->look, o->dir);
	fprintf(fp, "\t\t<SourceDataImageAttributes>\n\t\t\t<SourceDataGeometry type=\"WKT\">"
	    "Polygon ((");
	for (k = 0; k < 5; k++)
		fprintf(fp, "%s%.6f %.6f", k ? ", " : "", nv->swath[k % 4].lon, nv->swath[k % 4].lat);
	fprintf(fp, "))</SourceDataGeometry>\n"
	    "\t\t\t<AzimuthPixelSpacing>24.993</AzimuthPixelSpacing>\n"
	    "\t\t\t<RangePixelSpacing>4.291</RangePixelSpacing>\n"
	    "\t\t\t<AzimuthResolution>25.3</AzimuthResolution>\n"
	    "\t\t\t<RangeResolution>13.3</RangeResolution>\n"
	    "\t\t\t<IncAngleNearRange>%.3f</IncAngleNearRange>\n"
	    "\t\t\t<IncAngleFarRange>%.3f</IncAngleFarRange>\n\t\t</SourceDataImageAttributes>\n",
	    nearinc, farinc);
	for (k = 0; k < s->npol; k++)
		fprintf(fp, "\t\t<PerformanceIndicators pol=\"%s\">\n"
		    "\t\t\t<NoiseEquivalentIntensity type=\"Sigma0\">\n"
		    "\t\t\t\t<Estimates type=\"min\">%s</Estimates>\n"
		    "\t\t\t</NoiseEquivalentIntensity>\n\t\t</PerformanceIndicators>\n",
		    synth_pol_names[s->pol[k]], s->pol[k] == 0 || s->pol[k] == 3 ? "-30" : "-32.5");
	fprintf(fp, "\t</SourceAttributes>\n\t<CARD4LProductAttributes>\n\t\t<DataAccess>\n"
	    "\t\t\t<ProcessingFacility>JAXA/EORC</ProcessingFacility>\n"
	    "\t\t\t<ProcessingTime>2015-03-20T08:09:52.000000Z</ProcessingTime>\n"
	    "\t\t\t<SoftwareVersion>EGAS-APR Ver.1.0.0</SoftwareVersion>\n\t\t</DataAccess>\n"
	    "\t\t<ProductSampleSpacing>\n\t\t\t<ProductColumnSpacing>%.1f</ProductColumnSpacing>\n"
	    "\t\t\t<ProductRowSpacing>%.1f</ProductRowSpacing>\n\t\t</ProductSampleSpacing>\n"
	    "\t\t<Filtering>\n\t\t\t<FilterApplied>FALSE</FilterApplied>\n\t\t</Filtering>\n"
	    "\t\t<NoiseRemoval>\n\t\t\t<NoiseRemovalApplied>FALSE</NoiseRemovalApplied>\n"
	    "\t\t</NoiseRemoval>\n", s->spacing, s->spacing);
	/* the corner pixels' centres */
	fprintf(fp, "\t\t<ProductBoundingBox Corner=\"UL\">\n\t\t\t<Northing>%.6f</Northing>\n"
	    "\t\t\t<Easting>%.6f</Easting>\n\t\t</ProductBoundingBox>\n"
	    "\t\t<ProductBoundingBox Corner=\"LR\">\n\t\t\t<Northing>%.6f</Northing>\n"
	    "\t\t\t<Easting>%.6f</Easting>\n\t\t</ProductBoundingBox>\n",
	    s->uy - s->spacing / 2, s->ux + s->spacing / 2, s->uy - (s->height - 0.5) * s->spacing,
	    s->ux + (s->width - 0.5) * s->spacing);
	fprintf(fp, "\t\t<ProductGeographicalExtent type=\"WKT\">Polygon ((");
	for (k = 0; k < 5; k++)
		fprintf(fp, "%s%.6f %.6f", k ? ", " : "", nv->corner[k % 4].lon, nv->corner[k % 4].lat);
	/* two orders: the WKT UL LL LR UR, the lists UL LL UR LR */
	fprintf(fp, "))</ProductGeographicalExtent>\n"
	    "\t\t<SceneCenterLatitude>%.6f</SceneCenterLatitude>\n"
	    "\t\t<SceneCenterLongitude>%.6f</SceneCenterLongitude>\n"
	    "\t\t<SceneCornerLatitude order=\"UL, LL, UR, LR\">%.6f,%.6f,%.6f,%.6f</SceneCornerLatitude>\n"
	    "\t\t<SceneCornerLongitude order=\"UL, LL, UR, LR\">%.6f,%.6f,%.6f,%.6f</SceneCornerLongitude>\n",
	    nv->center.lat, nv->center.lon, nv->corner[0].lat, nv->corner[1].lat, nv->corner[3].lat,
	    nv->corner[2].lat, nv->corner[0].lon, nv->corner[1].lon, nv->corner[3].lon,
	    nv->corner[2].lon);
	/* swapped, as in the real sample: NumberLines holds the columns */
	fprintf(fp, "\t\t<ProductImageSize>\n\t\t\t<NumberLines>%d</NumberLines>\n"
	    "\t\t\t<NumPixelsPerLine>%d</NumPixelsPerLine>\n\t\t</ProductImageSize>\n"
	    "\t\t<PixelCoordinateConvention>pixel ULC</PixelCoordinateConvention>\n"
	    "\t\t<CoordinateReferenceSystem type=\"EPSG\">%d</CoordinateReferenceSystem>\n"
	    "\t\t<CoordinateReferenceSystem type=\"WKT\">%s</CoordinateReferenceSystem>\n",
	    s->width, s->height, s->epsg, crs);
	fprintf(fp, "\t\t<PerPixelMetadata>\n\t\t\t<DataMask>\n\t\t\t\t<FileName>%s_MSK.tif</FileName>\n"
	    "\t\t\t\t<DataType>Byte</DataType>\n\t\t\t\t<BitsPerSample>8</BitsPerSample>\n"
	    "\t\t\t\t<ByteOrder></ByteOrder>\n\t\t\t\t<BitValues>\n", nv->prefix);
	for (k = 0; k < 6; k++)
		fprintf(fp, "\t\t\t\t\t<%s>%d</%s>\n", bits[k], k, bits[k]);
	fprintf(fp, "\t\t\t\t</BitValues>\n\t\t\t</DataMask>\n\t\t\t<LocalIncAngle>\n"
	    "\t\t\t\t<FileName>%s_LIN.tif</FileName>\n"
	    "\t\t\t\t<SampleType units=\"deg\">Angle</SampleType>\n\t\t\t\t<DataType>UINT</DataType>\n"
	    "\t\t\t\t<BitsPerSample>16</BitsPerSample>\n\t\t\t\t<ByteOrder>Little Endian</ByteOrder>\n"
	    "\t\t\t\t<ConversionEq>0.01*DN</ConversionEq>\n\t\t\t</LocalIncAngle>\n"
	    "\t\t</PerPixelMetadata>\n", nv->prefix);
	for (k = 0; k < s->npol; k++)
		fprintf(fp, "\t\t<BackscatterMeasurementData>\n"
		    "\t\t\t<BackscatterMeasurement>Gamma-0</BackscatterMeasurement>\n"
		    "\t\t\t<BackscatterConvention>Linear Amplitude</BackscatterConvention>\n"
		    "\t\t\t<BackscatterConversionEq units=\"dB\">10*log10(DN^2)-83.0</BackscatterConversionEq>\n"
		    "\t\t\t<Polarization>%s</Polarization>\n\t\t\t<FileName>%s_%s_SLP.tif</FileName>\n"
		    "\t\t\t<DataType>UINT</DataType>\n\t\t\t<BitsPerSample>16</BitsPerSample>\n"
		    "\t\t</BackscatterMeasurementData>\n", synth_pol_names[s->pol[k]], nv->prefix,
		    synth_pol_names[s->pol[k]]);
	fprintf(fp, "\t\t<RadiometricTerrainCorrections>\n"
	    "\t\t\t<RTCAlgorithm type=\"DOI\">https://doi.org/10.1109/TGRS.2011.2120616</RTCAlgorithm>\n"
	    "\t\t</RadiometricTerrainCorrections>\n\t\t<GeometricCorrections>\n"
	    "\t\t\t<DigitalElevationModel dem=\"Surface\">\n"
	    "\t\t\t\t<DEMReference>https://www.eorc.jaxa.jp/ALOS/en/aw3d30/</DEMReference>\n"
	    "\t\t\t\t<EGMReference>https://doi.org/10.1029/2011JB008916</EGMReference>\n"
	    "\t\t\t</DigitalElevationModel>\n\t\t\t<GeoCorrAccuracy>\n"
	    "\t\t\t\t<NorthernSTDev>N/A</NorthernSTDev>\n\t\t\t\t<EasternSTDev>N/A</EasternSTDev>\n"
	    "\t\t\t\t<NorthernBias>N/A</NorthernBias>\n\t\t\t\t<EasternBias>N/A</EasternBias>\n"
	    "\t\t\t</GeoCorrAccuracy>\n\t\t\t<GriddingConvention>Upper Left Corner coordinates of "
	    "the product are multiples of %.1f m</GriddingConvention>\n"
	    "\t\t\t<IonosphericDelayCorrection>\n"
	    "\t\t\t\t<IonosphericDelayCorrectionApplied>FALSE</IonosphericDelayCorrectionApplied>\n"
	    "\t\t\t</IonosphericDelayCorrection>\n\t\t</GeometricCorrections>\n"
	    "\t</CARD4LProductAttributes>\n</Product>\n", 25.0);
	if (a2_out_commit(&out) != 0)
		a2_die("%s: write failed:", path);
	synth_add_file(s, name);
	free(crs);
	free(path);
	free(name);
}

/* The KML of §4, named with a hyphen as the real sample is. */
static void
write_kml(struct synth_scene *s, const struct nrb *nv)
{
	static const int ring[5] = { 0, 1, 2, 3, 0 }; /* UL LL LR UR UL */
	char *name = a2_asprintf("%s-%s.kml", s->scene_id, s->product_id);
	char *path = synth_stage_path(s, name), tc[64], ts[64], te[64];
	const struct synth_ll *c = nv->corner;
	struct a2_out out;
	FILE *fp;
	int k;

	iso(tc, sizeof tc, s->t_start + (s->t_end - s->t_start) / 2);
	iso(ts, sizeof ts, s->t_start);
	iso(te, sizeof te, s->t_end);
	tc[23] = ts[23] = te[23] = 0; /* hh:mm:ss.ttt at [11] */
	if (a2_out_open(&out, path, 0644) != 0)
		a2_die("%s: cannot create:", path);
	fp = out.fp;
	fprintf(fp, "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n  <Document>\n    <name>Product</name>\n"
	    "    <Folder>\n      <name>Scene Rectangle</name>\n      <Placemark>\n"
	    "        <name>%s</name>\n        <description><![CDATA[<table border=\"1\">"
	    "<tr><td>Satellite</td><td>ALOS-2</td></tr><tr><td>Sensor</td><td>PALSAR-2</td></tr>"
	    "<tr><td>Scene ID</td><td>%s</td></tr><tr><td>Product ID</td><td>%s</td></tr>"
	    "<tr><td>Observation Date</td><td>%04d-%02d-%02d</td></tr>"
	    "<tr><td>Path No</td><td>%d</td></tr><tr><td>Frame(center)</td><td>%d</td></tr>"
	    "<tr><td>SceneShift</td><td>0</td></tr><tr><td>Offnadir Angle</td><td>%.6f</td></tr>"
	    "<tr><td>Scene Time(Center)</td><td>%s</td></tr>"
	    "<tr><td>Scene Time(Start)</td><td>%s</td></tr>"
	    "<tr><td>Scene Time(End)</td><td>%s</td></tr>"
	    "<tr><td>Lat/Long(center)</td><td>%.6f/%.6f</td></tr>",
	    s->scene_id, s->scene_id, s->product_id, s->o->year, s->o->month, s->o->day, s->path,
	    s->frame, s->m->off_nadir, tc + 11, ts + 11, te + 11, nv->center.lat, nv->center.lon);
	fprintf(fp, "<tr><td>Lat/Long(Left Upper)</td><td>%.6f/%.6f</td></tr>"
	    "<tr><td>Lat/Long(Right Upper)</td><td>%.6f/%.6f</td></tr>"
	    "<tr><td>Lat/Long(Left Lower)</td><td>%.6f/%.6f</td></tr>"
	    "<tr><td>Lat/Long(Right Lower)</td><td>%.6f/%.6f</td></tr></table>]]></description>\n"
	    "        <Polygon>\n          <outerBoundaryIs>\n            <LinearRing>\n"
	    "              <coordinates>", c[0].lat, c[0].lon, c[3].lat, c[3].lon, c[1].lat, c[1].lon,
	    c[2].lat, c[2].lon);
	for (k = 0; k < 5; k++)
		fprintf(fp, "%s%.6f,%.6f,0.0", k ? " " : "", c[ring[k]].lon, c[ring[k]].lat);
	/* the centre Placemark names another scene in the real sample */
	fprintf(fp, "</coordinates>\n            </LinearRing>\n          </outerBoundaryIs>\n"
	    "        </Polygon>\n      </Placemark>\n    </Folder>\n    <Folder>\n"
	    "      <name>Scene Center</name>\n      <Placemark>\n"
	    "        <name>ALOS2329710540-200701</name>\n        <Point>\n"
	    "          <coordinates>%.6f,%.6f,4000.0</coordinates>\n        </Point>\n"
	    "      </Placemark>\n    </Folder>\n  </Document>\n</kml>\n", nv->center.lon, nv->center.lat);
	if (a2_out_commit(&out) != 0)
		a2_die("%s: write failed:", path);
	synth_add_file(s, name);
	free(path);
	free(name);
}

static json_t *
ring_json(const struct synth_ll *p, int n)
{
	json_t *r = json_array();

	for (int k = 0; k <= n; k++)
		json_array_append_new(r, json_pack("[ff]", round(p[k % n].lon * 1e6) / 1e6,
		    round(p[k % n].lat * 1e6) / 1e6));
	return r;
}

void
synth_write_nrb(struct synth_scene *s)
{
	static const char *const codes[6] = { "0", "1", "2", "3", "4", "5" };
	static const int swath[4] = { 0, 3, 2, 1 }; /* quad LT RT RB LB -> LT LB RB RT */
	struct nrb nv;
	json_t *t, *cnt;
	char *name;
	int k;

	memset(&nv, 0, sizeof nv);
	snprintf(nv.prefix, sizeof nv.prefix, "%s_%s", s->scene_id, s->product_id);
	/* UL LL LR UR pixel centres */
	for (k = 0; k < 4; k++) {
		double e = s->ux + (k >= 2 ? s->width - 0.5 : 0.5) * s->spacing;
		double n = s->uy - (k == 1 || k == 2 ? s->height - 0.5 : 0.5) * s->spacing;
		synth_utm_to_ll(s, e, n, &nv.corner[k].lat, &nv.corner[k].lon);
		synth_utm_to_ll(s, s->quad_e[swath[k]], s->quad_n[swath[k]], &nv.swath[k].lat,
		    &nv.swath[k].lon);
	}
	synth_utm_to_ll(s, s->ux + s->width * s->spacing / 2, s->uy - s->height * s->spacing / 2,
	    &nv.center.lat, &nv.center.lon);
	for (k = 0; k < s->npol; k++) {
		name = a2_asprintf("%s_%s_SLP.tif", nv.prefix, synth_pol_names[s->pol[k]]);
		write_cog(s, name, s->pol[k], &nv);
		free(name);
	}
	name = a2_asprintf("%s_LIN.tif", nv.prefix);
	write_cog(s, name, 4, &nv);
	free(name);
	name = a2_asprintf("%s_MSK.tif", nv.prefix);
	write_cog(s, name, 5, &nv);
	free(name);
	write_summary_xml(s, &nv);
	write_kml(s, &nv);
	cnt = json_object();
	for (k = 0; k < 6; k++)
		json_object_set_new(cnt, codes[k], json_integer(nv.count[k]));
	t = json_object();
	json_object_set_new(t, "file_prefix", json_string(nv.prefix));
	json_object_set_new(t, "geotransform", json_pack("[ffffff]", s->ux, s->spacing, 0.0, s->uy,
	    0.0, -s->spacing));
	json_object_set_new(t, "swath", ring_json(nv.swath, 4));
	json_object_set_new(t, "extent", ring_json(nv.corner, 4));
	json_object_set_new(t, "mask_counts", cnt);
	s->truth_extra = t;
}
