/*
 * synth_gunw.c: synthetic ARIA Sentinel-1 GUNW netCDF-4 files
 * (hyp3-gunw.md §4.2) written with GDAL's netCDF driver through the
 * multidimensional API: the root attributes and productBoundingBox, the
 * data, imagingGeometry and corrections groups and radarMetaData, all
 * consistent with the name given (§4.1), small so that tests are fast.
 */
#define _DEFAULT_SOURCE /* timegm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "sar/gunw.h"
#include "synth/synth.h"

#define WAVELENGTH 0.05546576
#define BPERP_REF 0.0 /* the secondary's offset is made per name below */

struct gw {
	const char *path;
	const char *const *attrs; /* NAME=VALUE or NAME (left out), for readers' tests */
	GDALGroupH root;
	GDALExtendedDataTypeH f32, f64, i32, str;
	GDALDimensionH matchup;
};

static void
gdal_check(const struct gw *w, const void *h, const char *what)
{
	if (!h || CPLGetLastErrorType() >= CE_Failure)
		a2_die("%s: %s: %s", w->path, what, *CPLGetLastErrorMsg() ?
		    CPLGetLastErrorMsg() : "GDAL failed");
}

static GDALGroupH
group(struct gw *w, GDALGroupH parent, const char *name)
{
	GDALGroupH g = GDALGroupCreateGroup(parent, name, NULL);

	gdal_check(w, g, name);
	return g;
}

/* A group attribute's override: its value, "" for none given, or NULL */
static const char *
override(const struct gw *w, const char *name, int *omit)
{
	size_t n = strlen(name);

	*omit = 0;
	for (const char *const *p = w->attrs; p && *p; p++)
		if (strncmp(*p, name, n) == 0 && ((*p)[n] == '=' || !(*p)[n])) {
			*omit = !(*p)[n];
			return *omit ? "" : *p + n + 1;
		}
	return NULL;
}

static void
attr_str(struct gw *w, GDALGroupH g, GDALMDArrayH a, const char *name, const char *v)
{
	GDALAttributeH at;
	const char *ov;
	int omit;

	if (g && (ov = override(w, name, &omit))) {
		if (omit)
			return;
		v = ov;
	}
	at = g ? GDALGroupCreateAttribute(g, name, 0, NULL, w->str, NULL) :
	    GDALMDArrayCreateAttribute(a, name, 0, NULL, w->str, NULL);

	gdal_check(w, at, name);
	if (!GDALAttributeWriteString(at, v))
		gdal_check(w, NULL, name);
	GDALAttributeRelease(at);
}

static void
attr_num(struct gw *w, GDALGroupH g, GDALMDArrayH a, const char *name, GDALExtendedDataTypeH t,
    double v)
{
	GDALAttributeH at;
	int omit;

	/* an override of a number is written as given: a string */
	if (g && override(w, name, &omit)) {
		attr_str(w, g, a, name, "");
		return;
	}
	at = g ? GDALGroupCreateAttribute(g, name, 0, NULL, t, NULL) :
	    GDALMDArrayCreateAttribute(a, name, 0, NULL, t, NULL);

	gdal_check(w, at, name);
	if (!GDALAttributeWriteDouble(at, v))
		gdal_check(w, NULL, name);
	GDALAttributeRelease(at);
}

static GDALDimensionH
dim(struct gw *w, GDALGroupH g, const char *name, size_t n, CSLConstList opt)
{
	GDALDimensionH d = GDALGroupCreateDimension(g, name, NULL, NULL, n, opt);

	gdal_check(w, d, name);
	return d;
}

/* A 1-D float64 coordinate variable of its own dimension, values from v0 by dv */
static GDALDimensionH
coord(struct gw *w, GDALGroupH g, const char *name, size_t n, double v0, double dv,
    const char *units)
{
	GDALDimensionH d = dim(w, g, name, n, NULL);
	GDALMDArrayH a = GDALGroupCreateMDArray(g, name, 1, &d, w->f64, NULL);
	double *v = a2_malloc(n * sizeof *v);
	GUInt64 start = 0;
	size_t count = n;

	gdal_check(w, a, name);
	for (size_t i = 0; i < n; i++)
		v[i] = v0 + dv * (double)i;
	if (!GDALMDArrayWrite(a, &start, &count, NULL, NULL, w->f64, v, v, n * sizeof *v))
		gdal_check(w, NULL, name);
	if (units)
		GDALMDArraySetUnit(a, units);
	free(v);
	GDALMDArrayRelease(a);
	return d;
}

/* A float32 variable over dims, filled by fn(i, j, k) where the last
 * dimension varies fastest; fill is its _FillValue. */
static void
grid(struct gw *w, GDALGroupH g, const char *name, int nd, GDALDimensionH *d, double fill,
    const char *units, const char *grid_mapping, float (*fn)(const void *, size_t, size_t, size_t),
    const void *arg)
{
	GDALMDArrayH a = GDALGroupCreateMDArray(g, name, (size_t)nd, d, w->f32, NULL);
	GUInt64 start[3] = { 0, 0, 0 };
	size_t count[3] = { 1, 1, 1 }, n = 1;
	float *v;

	gdal_check(w, a, name);
	for (int i = 0; i < nd; i++)
		n *= count[3 - nd + i] = (size_t)GDALDimensionGetSize(d[i]);
	v = a2_malloc(n * sizeof *v);
	for (size_t i = 0; i < count[0]; i++)
		for (size_t j = 0; j < count[1]; j++)
			for (size_t k = 0; k < count[2]; k++)
				v[(i * count[1] + j) * count[2] + k] = fn(arg, i, j, k);
	GDALMDArraySetNoDataValueAsDouble(a, fill);
	if (!GDALMDArrayWrite(a, start, count + 3 - nd, NULL, NULL, w->f32, v, v, n * sizeof *v))
		gdal_check(w, NULL, name);
	if (units)
		GDALMDArraySetUnit(a, units);
	if (grid_mapping)
		attr_str(w, NULL, a, "grid_mapping", grid_mapping);
	free(v);
	GDALMDArrayRelease(a);
}

/* A variable-length string variable of one value on the unlimited matchup */
static void
strvar(struct gw *w, GDALGroupH g, const char *name, const char *v)
{
	GDALMDArrayH a = GDALGroupCreateMDArray(g, name, 1, &w->matchup, w->str, NULL);
	GUInt64 start = 0;
	size_t count = 1;
	const char *buf[1] = { v };

	gdal_check(w, a, name);
	if (!GDALMDArrayWrite(a, &start, &count, NULL, NULL, w->str, buf, buf, sizeof buf))
		gdal_check(w, NULL, name);
	GDALMDArrayRelease(a);
}

static void
numvar(struct gw *w, GDALGroupH g, const char *name, double v)
{
	GDALMDArrayH a = GDALGroupCreateMDArray(g, name, 0, NULL, w->f64, NULL);

	gdal_check(w, a, name);
	if (!GDALMDArrayWrite(a, NULL, NULL, NULL, NULL, w->f64, &v, &v, sizeof v))
		gdal_check(w, NULL, name);
	GDALMDArrayRelease(a);
}

static char *
wgs84_wkt(void)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	char *wkt = NULL, *r;

	if (OSRImportFromEPSG(srs, 4326) != OGRERR_NONE || OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
		a2_die("EPSG:4326: cannot build the spatial reference");
	r = a2_strdup(wkt);
	CPLFree(wkt);
	OSRDestroySpatialReference(srs);
	return r;
}

/* the scene's footprint: a parallelogram leaning with the track, whose
 * south-west bounds round to the name's corner (lon may pass 180) */
struct shape {
	double q[5][2];
	double west, south, east, north;
	double lat0, dlat, lon0, dlon; /* data grid: first pixel centre, steps */
	int w, h;
};

static int
inside(const struct shape *s, double lon, double lat)
{
	int in = 0;

	for (int i = 0, j = 3; i < 4; j = i++)
		if ((s->q[i][1] > lat) != (s->q[j][1] > lat) &&
		    lon < (s->q[j][0] - s->q[i][0]) * (lat - s->q[i][1]) /
		    (s->q[j][1] - s->q[i][1]) + s->q[i][0])
			in = !in;
	return in;
}

static float
f_phase(const void *arg, size_t i, size_t j, size_t k)
{
	const struct shape *s = arg;
	double lat = s->lat0 + s->dlat * (double)j, lon = s->lon0 + s->dlon * (double)k;

	(void)i;
	return inside(s, lon, lat) ? (float)(0.25 * (double)k - 0.1 * (double)j + 0.5) : 0.0f;
}

static float
f_coh(const void *arg, size_t i, size_t j, size_t k)
{
	const struct shape *s = arg;
	double lat = s->lat0 + s->dlat * (double)j, lon = s->lon0 + s->dlon * (double)k;

	(void)i;
	return inside(s, lon, lat) ? (float)(0.3 + 0.6 * (double)((j * 7 + k * 3) % 11) / 10.0) : 0.0f;
}

static float
f_cc(const void *arg, size_t i, size_t j, size_t k)
{
	const struct shape *s = arg;
	double lat = s->lat0 + s->dlat * (double)j, lon = s->lon0 + s->dlon * (double)k;

	(void)i;
	return inside(s, lon, lat) ? (float)(k * 2 < (size_t)s->w ? 1 : 2) : -1.0f;
}

static float
f_amp(const void *arg, size_t i, size_t j, size_t k)
{
	const struct shape *s = arg;
	double lat = s->lat0 + s->dlat * (double)j, lon = s->lon0 + s->dlon * (double)k;

	(void)i;
	return inside(s, lon, lat) ? (float)(1000 + (j * 31 + k * 17) % 400) : 0.0f;
}

/* cubes: value by height level i only, so readers can check it exactly */
static float
f_bperp(const void *arg, size_t i, size_t j, size_t k)
{
	(void)arg, (void)j, (void)k;
	return (float)(-84.5 + 0.5 * (double)i);
}

static float
f_angle(const void *arg, size_t i, size_t j, size_t k)
{
	(void)j, (void)k;
	return (float)(*(const double *)arg - 0.25 * (double)i);
}

static float
f_small(const void *arg, size_t i, size_t j, size_t k)
{
	(void)arg, (void)i;
	return (float)(0.01 * (double)(j + k + 1));
}

/* "S1A_IW_SLC__1SDV_<start>_<stop>_<orbit>_<datatake>_<id>" of a scene
 * starting at t (seconds of the Unix epoch) */
static char *
slc_name(time_t t, int orbit, unsigned take, const char *uid)
{
	char a[16], b[16];
	time_t u = t + 27;
	struct tm tm;

	strftime(a, sizeof a, "%Y%m%dT%H%M%S", gmtime_r(&t, &tm));
	strftime(b, sizeof b, "%Y%m%dT%H%M%S", gmtime_r(&u, &tm));
	return a2_asprintf("S1A_IW_SLC__1SDV_%s_%s_%06d_%06X_%s", a, b, orbit, take & 0xffffff, uid);
}

static time_t
epoch(const char *date, const char *hms)
{
	struct tm tm = { 0 };

	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	sscanf(hms, "%d:%d:%d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* S1A's absolute orbit of a relative one near a date: rel = (abs - 73) % 175 + 1 */
static int
s1a_orbit(int track, time_t t)
{
	long cycles = (long)((t - 1396569600) / (12 * 86400)); /* since 2014-04-04 */

	return (int)(73 + (track - 1) + 175 * cycles);
}

void
synth_gunw(const char *name, int frame, int width, int height, const char *const *attrs, const char *outdir)
{
	struct gunw_name g;
	struct shape s;
	struct gw w = { 0 };
	struct a2_out out;
	GDALDriverH drv;
	GDALDatasetH ds;
	GDALGroupH grids, data, geom, corr, rmd, g1, g2, g3;
	GDALDimensionH d[3], dm[3], dims[2];
	char *err, *path, *fname, *wkt84, *poly, *ref[2], *sec[2], *refs, *secs, when[32];
	time_t tc = 0, ts = 0;
	double inc = 37.5, az = -100.2;
	int orbit;
	char **copt = NULL;
	json_t *line;

	if (gunw_parse_name(name, &g, &err) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s", err);
	if (g.geo_v2)
		a2_die_code(A2_EXIT_USAGE, "%s: a2synth makes GUNW names with a v3 corner (like "
		    "00120W_00038N) only", name);
	/* the corner rounds (half to even) to the name's: +0.2 deg inside it */
	s.west = g.geo_a + (g.geo[5] == 'W' && g.geo_a == 0 ? -0.4 : 0.2);
	s.south = g.geo_b + 0.2;
	s.east = s.west + 2.9;
	s.north = s.south + 2.6;
	{
		double x = s.west, y = s.south, q[4][2] = { { x + 0.5, y }, { x + 2.9, y + 0.4 },
			{ x + 2.4, y + 2.6 }, { x, y + 2.2 } };

		if (g.direction == 'D')
			for (int i = 0; i < 4; i++)
				q[i][1] = 2 * y + 2.6 - q[i][1];
		for (int i = 0; i < 4; i++)
			memcpy(s.q[i], q[i], sizeof q[i]);
		memcpy(s.q[4], q[0], sizeof q[0]);
	}
	s.w = width > 0 ? width : 64;
	s.h = height > 0 ? height : 48;
	s.dlon = (s.east - s.west) / s.w;
	s.dlat = -(s.north - s.south) / s.h;
	s.lon0 = s.west + s.dlon / 2;
	s.lat0 = s.north + s.dlat / 2;

	/* the WKT as ISCE writes it, longitudes in [-180, 180] */
	poly = a2_strdup("POLYGON ((");
	for (int i = 0; i < 5; i++) {
		double lon = s.q[i][0] > 180 ? s.q[i][0] - 360 : s.q[i][0];
		char *t = a2_asprintf("%s%s%.6f %.6f", poly, i ? ", " : "", lon, s.q[i][1]);

		free(poly);
		poly = t;
	}
	{
		char *t = a2_asprintf("%s))", poly);
		free(poly);
		poly = t;
	}
	/* two scenes per pass, the name's centre time between them */
	tc = epoch(g.reference_date, g.center_time);
	ts = epoch(g.secondary_date, g.center_time) + 1;
	orbit = s1a_orbit(g.track, tc);
	ref[0] = slc_name(tc - 26, orbit, (unsigned)orbit * 7, "9D6A");
	ref[1] = slc_name(tc - 1, orbit, (unsigned)orbit * 7, "F3FE");
	orbit -= 175 * (int)((tc - ts + 43200) / (12 * 86400));
	sec[0] = slc_name(ts - 26, orbit, (unsigned)orbit * 7, "6070");
	sec[1] = slc_name(ts - 1, orbit, (unsigned)orbit * 7, "BB7D");
	refs = a2_asprintf("%s %s", ref[0], ref[1]);
	secs = a2_asprintf("%s %s", sec[0], sec[1]);

	fname = a2_asprintf("%s.nc", g.id);
	path = a2_path_join(outdir, fname);
	if (a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s:", outdir);
	if (a2_out_open(&out, path, 0644) != 0)
		a2_die("%s:", path);
	GDALAllRegister();
	if (!(drv = GDALGetDriverByName("netCDF")))
		a2_die("GDAL has no netCDF driver");
	w.path = path;
	w.attrs = attrs;
	copt = CSLSetNameValue(copt, "FORMAT", "NC4");
	CPLErrorReset();
	ds = GDALCreateMultiDimensional(drv, out.tmp, NULL, copt);
	gdal_check(&w, ds, "create");
	w.root = GDALDatasetGetRootGroup(ds);
	w.f32 = GDALExtendedDataTypeCreate(GDT_Float32);
	w.f64 = GDALExtendedDataTypeCreate(GDT_Float64);
	w.i32 = GDALExtendedDataTypeCreate(GDT_Int32);
	w.str = GDALExtendedDataTypeCreateString(0);
	wkt84 = wgs84_wkt();

	/* root attributes (§4.2) */
	attr_str(&w, w.root, NULL, "product_type", "UNW GEO IFG");
	attr_str(&w, w.root, NULL, "Conventions", "CF-1.6");
	attr_str(&w, w.root, NULL, "title", "ARIA standard product UNW GEO IFG");
	attr_str(&w, w.root, NULL, "version", "1c");
	attr_str(&w, w.root, NULL, "author", "a2synth");
	attr_str(&w, w.root, NULL, "institution", "a2 (synthetic)");
	attr_str(&w, w.root, NULL, "references", "hyp3-gunw.md 4.2");
	attr_str(&w, w.root, NULL, "source", "Contains modified Copernicus Sentinel data processed "
	    "by a2synth using the DockerizedTopsApp HyP3 plugin version 0.3.8");
	attr_num(&w, w.root, NULL, "aria_frame_id", w.i32, frame);
	{
		char *cl = a2_asprintf("isce2_topsapp --frame-id %d", frame);

		attr_str(&w, w.root, NULL, "topsapp_command_line_string", cl);
		free(cl);
	}
	attr_str(&w, w.root, NULL, "isce2_topsapp_version", "0.3.8");
	attr_str(&w, w.root, NULL, "product_geometry_wkt", poly);
	attr_num(&w, w.root, NULL, "mean_filtered_coherence_with_water_mask", w.f64, 0.6125);
	attr_num(&w, w.root, NULL, "mean_filtered_coherence_without_water_mask", w.f64, 0.5875);
	attr_num(&w, w.root, NULL, "mean_unfiltered_coherence_with_water_mask", w.f64, 0.4125);
	attr_num(&w, w.root, NULL, "mean_unfiltered_coherence_without_water_mask", w.f64, 0.3875);
	attr_num(&w, w.root, NULL, "mean_incidence_angle", w.f64, inc);
	attr_num(&w, w.root, NULL, "mean_azimuth_angle", w.f64, az);
	attr_num(&w, w.root, NULL, "mean_parallel_baseline", w.f64, 31.25);
	attr_num(&w, w.root, NULL, "mean_perpendicular_baseline", w.f64, -83.75);
	attr_str(&w, w.root, NULL, "ogr_geometry_field", "productBoundingBox");
	attr_str(&w, w.root, NULL, "ogr_layer_name", "productBoundingBox");
	attr_str(&w, w.root, NULL, "ogr_layer_type", "POLYGON");

	/* root dimensions and the bounding polygon: char[wkt_count][length],
	 * GDAL naming the length dimension wkt_count_length (ARIA: wkt_length) */
	{
		char **uopt = CSLSetNameValue(NULL, "UNLIMITED", "YES");
		char **copt2 = CSLSetNameValue(NULL, "NC_TYPE", "NC_CHAR");
		GDALMDArrayH a;
		GUInt64 start = 0;
		size_t count = 1;
		const char *buf[1] = { poly };
		GDALExtendedDataTypeH fixed = GDALExtendedDataTypeCreateString(strlen(poly));

		w.matchup = dim(&w, w.root, "matchup", 1, uopt);
		dims[0] = dim(&w, w.root, "wkt_count", 1, NULL);
		a = GDALGroupCreateMDArray(w.root, "productBoundingBox", 1, dims, fixed, copt2);
		gdal_check(&w, a, "productBoundingBox");
		if (!GDALMDArrayWrite(a, &start, &count, NULL, NULL, w.str, buf, buf, sizeof buf))
			gdal_check(&w, NULL, "productBoundingBox");
		attr_str(&w, NULL, a, "description", "Product bounding polygon (WKT)");
		attr_str(&w, NULL, a, "grid_mapping", "crs_polygon");
		GDALMDArrayRelease(a);
		a = GDALGroupCreateMDArray(w.root, "crs_polygon", 0, NULL, w.i32, NULL);
		gdal_check(&w, a, "crs_polygon");
		attr_str(&w, NULL, a, "spatial_ref", wkt84);
		GDALMDArrayRelease(a);
		GDALDimensionRelease(dims[0]);
		GDALExtendedDataTypeRelease(fixed);
		CSLDestroy(uopt);
		CSLDestroy(copt2);
	}

	g1 = group(&w, w.root, "science");
	grids = group(&w, g1, "grids");
	attr_str(&w, grids, NULL, "reference_scenes", refs);
	attr_str(&w, grids, NULL, "secondary_scenes", secs);
	attr_num(&w, grids, NULL, "frame_id", w.i32, frame);
	attr_str(&w, grids, NULL, "compute_solid_earth_tide", "True");
	attr_str(&w, grids, NULL, "dense_offsets", "False");

	/* data: 2-D on 1-D latitude/longitude */
	data = group(&w, grids, "data");
	d[0] = coord(&w, data, "latitude", (size_t)s.h, s.lat0, s.dlat, "degrees_north");
	d[1] = coord(&w, data, "longitude", (size_t)s.w, s.lon0, s.dlon, "degrees_east");
	{
		GDALMDArrayH a = GDALGroupCreateMDArray(data, "crs", 0, NULL, w.i32, NULL);

		gdal_check(&w, a, "crs");
		attr_str(&w, NULL, a, "grid_mapping_name", "latitude_longitude");
		attr_num(&w, NULL, a, "semi_major_axis", w.f64, 6378137.0);
		attr_num(&w, NULL, a, "inverse_flattening", w.f64, 298.257223563);
		attr_str(&w, NULL, a, "crs_wkt", wkt84);
		GDALMDArrayRelease(a);
	}
	grid(&w, data, "unwrappedPhase", 2, d, 0, "radians", "crs", f_phase, &s);
	grid(&w, data, "coherence", 2, d, 0, NULL, "crs", f_coh, &s);
	grid(&w, data, "connectedComponents", 2, d, -1, NULL, "crs", f_cc, &s);
	grid(&w, data, "amplitude", 2, d, 0, "watt", "crs", f_amp, &s);
	grid(&w, data, "unfilteredCoherence", 2, d, 0, NULL, "crs", f_coh, &s);
	GDALDimensionRelease(d[0]);
	GDALDimensionRelease(d[1]);

	/* imagingGeometry: 3-D cubes at 0.1 deg laterally */
	geom = group(&w, grids, "imagingGeometry");
	dm[0] = coord(&w, geom, "heightsMeta", 3, -1500.0, 4500.0, "m");
	dm[1] = coord(&w, geom, "latitudeMeta", (size_t)ceil((s.north - s.south) / 0.1) + 1,
	    s.north, -0.1, "degrees_north");
	dm[2] = coord(&w, geom, "longitudeMeta", (size_t)ceil((s.east - s.west) / 0.1) + 1,
	    s.west, 0.1, "degrees_east");
	{
		GDALMDArrayH a = GDALGroupCreateMDArray(geom, "crsMeta", 0, NULL, w.i32, NULL);

		gdal_check(&w, a, "crsMeta");
		attr_str(&w, NULL, a, "grid_mapping_name", "latitude_longitude");
		attr_str(&w, NULL, a, "crs_wkt", wkt84);
		GDALMDArrayRelease(a);
	}
	{
		double par = 31.25, look = 33.0;

		grid(&w, geom, "perpendicularBaseline", 3, dm, 0, "m", "crsMeta", f_bperp, NULL);
		grid(&w, geom, "parallelBaseline", 3, dm, 0, "m", "crsMeta", f_angle, &par);
		grid(&w, geom, "incidenceAngle", 3, dm, 0, "degrees", "crsMeta", f_angle, &inc);
		grid(&w, geom, "lookAngle", 3, dm, 0, "degrees", "crsMeta", f_angle, &look);
		grid(&w, geom, "azimuthAngle", 3, dm, 0, "degrees", "crsMeta", f_angle, &az);
	}
	for (int i = 0; i < 3; i++)
		GDALDimensionRelease(dm[i]);

	/* corrections: ionosphere and the solid earth tide of each date */
	corr = group(&w, grids, "corrections");
	g2 = group(&w, corr, "derived");
	g3 = group(&w, g2, "ionosphere");
	dm[0] = coord(&w, g3, "latitudeIono", 8, s.north, -(s.north - s.south) / 7, "degrees_north");
	dm[1] = coord(&w, g3, "longitudeIono", 8, s.west, (s.east - s.west) / 7, "degrees_east");
	grid(&w, g3, "ionosphere", 2, dm, 0, "radians", NULL, f_small, NULL);
	GDALDimensionRelease(dm[0]);
	GDALDimensionRelease(dm[1]);
	GDALGroupRelease(g3);
	GDALGroupRelease(g2);
	g2 = group(&w, corr, "external");
	g3 = group(&w, g2, "tides");
	GDALGroupRelease(g2);
	g2 = group(&w, g3, "solidEarth");
	GDALGroupRelease(g3);
	for (int r = 0; r < 2; r++) {
		GDALGroupH gr = group(&w, g2, r ? "secondary" : "reference");

		dm[0] = coord(&w, gr, "heightsMeta", 3, -1500.0, 4500.0, "m");
		dm[1] = coord(&w, gr, "latitudeMeta", 4, s.north, -(s.north - s.south) / 3, "degrees_north");
		dm[2] = coord(&w, gr, "longitudeMeta", 4, s.west, (s.east - s.west) / 3, "degrees_east");
		grid(&w, gr, "solidEarthTide", 3, dm, 0, "radians", NULL, f_small, NULL);
		for (int i = 0; i < 3; i++)
			GDALDimensionRelease(dm[i]);
		GDALGroupRelease(gr);
	}
	GDALGroupRelease(g2);
	GDALGroupRelease(corr);

	/* radarMetaData: strings on matchup, numbers scalar */
	rmd = group(&w, g1, "radarMetaData");
	strvar(&w, rmd, "missionID", "Sentinel-1");
	numvar(&w, rmd, "wavelength", WAVELENGTH);
	numvar(&w, rmd, "centerFrequency", 299792458.0 / WAVELENGTH);
	strvar(&w, rmd, "productType", "UNW GEO IFG");
	strvar(&w, rmd, "ISCEversion", "2.6.3");
	strvar(&w, rmd, "unwrapMethod", "snaphu");
	strvar(&w, rmd, "DEM", "GLO-30");
	numvar(&w, rmd, "ESDthreshold", -1);
	{
		struct tm tm;
		time_t t0 = tc - 26, t1 = tc + 26;

		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S.000000Z", gmtime_r(&t0, &tm));
		strvar(&w, rmd, "azimuthZeroDopplerStartTime", when);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S.000000Z", gmtime_r(&t1, &tm));
		strvar(&w, rmd, "azimuthZeroDopplerEndTime", when);
	}
	numvar(&w, rmd, "azimuthTimeInterval", 0.002055556);
	numvar(&w, rmd, "slantRangeSpacing", 2.329562);
	numvar(&w, rmd, "slantRangeStart", 798980.125);
	numvar(&w, rmd, "slantRangeEnd", 956307.125);
	g2 = group(&w, rmd, "inputSLC");
	for (int r = 0; r < 2; r++) {
		GDALGroupH gr = group(&w, g2, r ? "secondary" : "reference");

		strvar(&w, gr, "L1InputGranules", r ? secs : refs);
		strvar(&w, gr, "orbitType", "precise");
		GDALGroupRelease(gr);
	}
	GDALGroupRelease(g2);
	GDALGroupRelease(rmd);
	GDALGroupRelease(data);
	GDALGroupRelease(geom);
	GDALGroupRelease(grids);
	GDALGroupRelease(g1);
	GDALDimensionRelease(w.matchup);
	GDALGroupRelease(w.root);
	GDALExtendedDataTypeRelease(w.f32);
	GDALExtendedDataTypeRelease(w.f64);
	GDALExtendedDataTypeRelease(w.i32);
	GDALExtendedDataTypeRelease(w.str);
	GDALClose(ds);
	gdal_check(&w, ds, "close");
	if (a2_out_commit(&out) != 0)
		a2_die("%s: write failed:", path);

	line = json_pack("{s:s, s:s}", "id", g.id, "path", path);
	a2_json_print_line(line);
	json_decref(line);
	for (int i = 0; i < 2; i++) {
		free(ref[i]);
		free(sec[i]);
	}
	free(refs);
	free(secs);
	free(wkt84);
	free(poly);
	free(fname);
	free(path);
	CSLDestroy(copt);
}
