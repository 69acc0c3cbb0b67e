/*
 * footprint.c: scene footprints (footprint.h): the corner methods that read
 * numbers JAXA wrote (and the NRB swath, checked against the mask outline
 * footprint_raster.c traces) and the choice of method per level, on the base of
 * footprint_base.c.  The raster outline is in footprint_raster.c, the L1.1
 * prefixes and their range-Doppler check in footprint_l11.c; neither calls
 * back into this file.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_frmts.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "geo/footprint.h"
#include "geo/footprint_l11.h"
#include "sar/level.h"
#include "net/sarcat.h"
#include "sar/scene.h"

static const char *method_names[] = {
	[FOOTPRINT_AUTO] = "auto",
	[FOOTPRINT_SUMMARY] = "summary",
	[FOOTPRINT_CEOS_MAPPROJ] = "ceos-mapproj",
	[FOOTPRINT_CEOS_IMG] = "ceos-img",
	[FOOTPRINT_GEOTIFF] = "geotiff",
	[FOOTPRINT_RANGE_DOPPLER] = "range-doppler",
	[FOOTPRINT_SARCAT] = "sarcat",
	[FOOTPRINT_GUNW] = "gunw",
	[FOOTPRINT_NRB] = "nrb",
};

int
footprint_method_parse(const char *s)
{
	for (size_t i = 0; i < sizeof method_names / sizeof *method_names; i++)
		if (strcmp(s, method_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
footprint_method_name(int m)
{
	if (m < 0 || (size_t)m >= sizeof method_names / sizeof *method_names)
		return "?";
	return method_names[m];
}

/* ---- summary ---- */

static const char *const corner_key[4] = { "LeftTop", "RightTop", "RightBottom", "LeftBottom" };

static int
summary_num(json_t *sum, const char *file, const char *key, double lo, double hi,
    double *v, char **err)
{
	const char *s = a2_json_str(sum, key);
	char *end;

	if (!s || !*s) {
		*err = a2_asprintf("%s: %s: missing", file, key);
		return -1;
	}
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*v)) {
		*err = a2_asprintf("%s: %s: not a number: \"%s\"", file, key, s);
		return -1;
	}
	if (*v < lo || *v > hi) {
		*err = a2_asprintf("%s: %s: %s out of range [%g, %g]", file, key, s, lo, hi);
		return -1;
	}
	return 0;
}

static int
summary_has_corners(json_t *scene)
{
	json_t *sum = json_object_get(scene, "summary");
	char key[64];

	for (int i = 0; i < 4; i++) {
		const char *s;
		snprintf(key, sizeof key, "Img_ImageScene%sLatitude", corner_key[i]);
		if (!(s = a2_json_str(sum, key)) || !*s)
			return 0;
		snprintf(key, sizeof key, "Img_ImageScene%sLongitude", corner_key[i]);
		if (!(s = a2_json_str(sum, key)) || !*s)
			return 0;
	}
	return 1;
}

static json_t *
fp_summary(json_t *scene, const char *id, char **err)
{
	json_t *sum = json_object_get(scene, "summary"), *f;
	const char *sname = a2_json_str(json_object_get(scene, "files"), "summary");
	char *file = footprint_scene_path(scene, sname ? sname : "summary.txt");
	double p[4][2];
	char key[64];

	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "Img_ImageScene%sLongitude", corner_key[i]);
		if (summary_num(sum, file, key, -180, 180, &p[i][0], err) != 0)
			goto fail;
		snprintf(key, sizeof key, "Img_ImageScene%sLatitude", corner_key[i]);
		if (summary_num(sum, file, key, -90, 90, &p[i][1], err) != 0)
			goto fail;
	}
	if ((f = footprint_feature((const double (*)[2])p, 4, id, "summary", file, err)))
		footprint_add_source(f, file);
	free(file);
	return f;
fail:
	free(file);
	return NULL;
}

/* ---- CEOS ---- */

static json_t *
fp_mapproj(json_t *scene, const char *id, char **err)
{
	const char *led = a2_json_str(json_object_get(scene, "files"), "led");
	json_t *mp, *c, *f;
	double p[4][2];
	char *path, *what;

	if (!led) {
		*err = a2_asprintf("%s: files.led: no leader file in the scene", id);
		return NULL;
	}
	if (!(mp = scene_get_kept(scene, "ceos", "mapproj", err)))
		return NULL;
	path = footprint_scene_path(scene, led);
	if (json_is_null(mp)) {
		*err = a2_asprintf("%s: no map projection record", path);
		free(path);
		return NULL;
	}
	c = json_object_get(mp, "corners");
	for (int i = 0; i < 4; i++) {
		p[i][0] = scene_num(json_array_get(json_array_get(c, i), 0));
		p[i][1] = scene_num(json_array_get(json_array_get(c, i), 1));
	}
	what = a2_asprintf("%s: map projection record corners", path);
	if ((f = footprint_feature((const double (*)[2])p, 4, id, "ceos-mapproj", what, err)))
		footprint_add_source(f, path);
	free(what);
	free(path);
	return f;
}

/* ---- raster scenes ---- */

/*
 * The raster of the first polarisation, all its bands.  The other
 * polarisations come from the same echoes and share its valid data, so
 * reading them would double the time for nothing.
 */
static json_t *
fp_raster(json_t *scene, const char *id, const struct footprint_opts *o, char **err)
{
	json_t *img = json_object_get(json_object_get(scene, "files"), "img"), *l, *f;
	json_t *pols = json_object_get(scene, "polarisations"), *p;
	const char *k, *name = NULL;
	char *paths[1];
	int n = 0;
	size_t j;

	json_array_foreach(pols, j, p)
		if (!name && json_string_value(p))
			name = json_string_value(json_array_get(json_object_get(img,
			    json_string_value(p)), 0));
	json_object_foreach(img, k, l)
		if (!name)
			name = json_string_value(json_array_get(l, 0));
	if (name)
		paths[n++] = footprint_scene_path(scene, name);
	if (!n) {
		*err = a2_asprintf("%s: files.img: no image file in the scene", id);
		return NULL;
	}
	f = footprint_from_rasters((const char *const *)paths, n, id, o, err);
	for (int i = 0; i < n; i++)
		free(paths[i]);
	return f;
}

static json_t *
fp_sarcat(json_t *scene, const char *id, const char *url, char **err)
{
	const char *sid = a2_json_str(scene, "scene_id");
	char *fid = NULL, *what;
	json_t *ring, *pt, *f;
	double (*p)[2];
	size_t i, n;

	if (!url) {
		*err = a2_asprintf("%s: sarcat: no SARCAT URL (set A2_SARCAT_URL or --sarcat)", id);
		return NULL;
	}
	if (!sid) {
		*err = a2_asprintf("%s: sarcat: scene has no scene_id", id);
		return NULL;
	}
	if (!(ring = sarcat_ring(url, sid, &fid, err)))
		return NULL;
	n = json_array_size(ring);
	p = a2_calloc(n ? n : 1, sizeof *p);
	json_array_foreach(ring, i, pt) {
		p[i][0] = json_number_value(json_array_get(pt, 0));
		p[i][1] = json_number_value(json_array_get(pt, 1));
	}
	what = a2_asprintf("SARCAT feature %s for %s", fid ? fid : "?", sid);
	f = footprint_ring_feature((const double (*)[2])p, (int)n, 0, id, "sarcat", what, err);
	if (f)
		footprint_add_source(f, NULL); /* a web service, no file */
	if (f && fid)
		json_object_set_new(json_object_get(f, "properties"), "sarcat_id", json_string(fid));
	free(what);
	free(fid);
	free(p);
	json_decref(ring);
	return f;
}

/* ---- gunw: the productBoundingBox a2classify kept (hyp3-gunw.md §4.2) ---- */

static json_t *
fp_gunw(json_t *scene, const char *id, char **err)
{
	json_t *ring = scene_get_kept(scene, "gunw", "bounding_polygon", err), *pt, *f;
	double (*p)[2];
	size_t i, n;
	char *path;

	if (!ring)
		return NULL;
	n = json_array_size(ring);
	if (n < 4) {
		*err = a2_asprintf("%s: gunw: gunw.bounding_polygon: fewer than 3 points", id);
		return NULL;
	}
	p = a2_calloc(n, sizeof *p);
	json_array_foreach(ring, i, pt) {
		p[i][0] = json_number_value(json_array_get(pt, 0));
		p[i][1] = json_number_value(json_array_get(pt, 1));
	}
	/* the WKT ring is closed: the Feature is made of the open ring */
	if (p[0][0] == p[n - 1][0] && p[0][1] == p[n - 1][1])
		n--;
	f = footprint_ring_feature((const double (*)[2])p, (int)n, 0, id, "gunw",
	    "productBoundingBox", err);
	if (f) {
		const char *nc = a2_json_str(json_object_get(scene, "files"), "nc");

		path = nc ? footprint_scene_path(scene, nc) : NULL;
		footprint_add_source(f, path);
		free(path);
	}
	free(p);
	return f;
}

/* ---- nrb: summary.xml's swath, checked against the mask (palsar2-scansar-nrb.md §5) ---- */

/*
 * How far the swath may be from the outline of the mask's valid pixels:
 * the spec measured up to 1.3 km between SourceDataGeometry (four
 * corners) and the real sample's MSK != 0 edge, which is not straight;
 * 1500 m covers that, plus two pixels of the decimated mask the outline
 * is traced on (one lost to nearest-neighbour sampling, one to
 * simplifying).  A swath of another scene, or a mask cut short, is
 * kilometres further off.
 */
#define NRB_TOLERANCE_M 1500.0
/* How densely each line is sampled for the other's distance to it. */
#define NRB_SAMPLE_M 50.0

/* The points of pt made continuous in longitude (no jump over 180
 * degrees), the first within 180 degrees of lon0, as a closed ring in
 * the CRS of ct; NULL if PROJ fails. */
static OGRGeometryH
nrb_line(const double (*pt)[2], int n, double lon0, OGRCoordinateTransformationH ct)
{
	OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
	double x = 0;

	for (int i = 0; i <= n; i++) {
		double lon = pt[i % n][0], ref = i ? x : lon0;

		x = lon + 360 * round((ref - lon) / 360);
		OGR_G_AddPoint_2D(g, x, pt[i % n][1]);
	}
	if (OGR_G_Transform(g, ct) != OGRERR_NONE) {
		OGR_G_DestroyGeometry(g);
		return NULL;
	}
	return g;
}

/* The largest distance from the line a, sampled every NRB_SAMPLE_M, to
 * the line b (metres).  b is not sampled: the distance from a point to
 * b's segments is exact, and a short b keeps each call cheap. */
static double
nrb_directed(OGRGeometryH a, OGRGeometryH b)
{
	OGRGeometryH s = OGR_G_Clone(a);
	double d = 0;

	OGR_G_Segmentize(s, NRB_SAMPLE_M);
	for (int i = 0; i < OGR_G_GetPointCount(s); i++) {
		OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
		double e;

		OGR_G_SetPoint_2D(p, 0, OGR_G_GetX(s, i), OGR_G_GetY(s, i));
		e = OGR_G_Distance(p, b);
		OGR_G_DestroyGeometry(p);
		if (e > d)
			d = e;
	}
	OGR_G_DestroyGeometry(s);
	return d;
}

/*
 * The Hausdorff distance, in metres in the scene's UTM zone, between the
 * swath ring and the mask outline (each sampled every NRB_SAMPLE_M for
 * its distance to the other), or -1 with *err.
 */
static double
nrb_distance(const double (*sw)[2], int ns, const double (*mk)[2], int nm, int epsg,
    char **err)
{
	OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL), utm = OSRNewSpatialReference(NULL);
	OGRCoordinateTransformationH ct = NULL;
	OGRGeometryH a = NULL, b = NULL;
	double d = -1;

	if (OSRImportFromEPSG(wgs, 4326) != OGRERR_NONE || OSRImportFromEPSG(utm, epsg) != OGRERR_NONE) {
		*err = a2_asprintf("EPSG:%d: not known to PROJ", epsg);
		goto out;
	}
	OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
	OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
	if (!(ct = OCTNewCoordinateTransformation(wgs, utm)) ||
	    !(a = nrb_line(sw, ns, sw[0][0], ct)) || !(b = nrb_line(mk, nm, sw[0][0], ct))) {
		char *m = footprint_gdal_msg();
		*err = a2_asprintf("cannot transform to EPSG:%d: %s", epsg, m);
		free(m);
		goto out;
	}
	d = fmax(nrb_directed(a, b), nrb_directed(b, a));
out:
	if (a)
		OGR_G_DestroyGeometry(a);
	if (b)
		OGR_G_DestroyGeometry(b);
	if (ct)
		OCTDestroyCoordinateTransformation(ct);
	OSRDestroySpatialReference(wgs);
	OSRDestroySpatialReference(utm);
	return d;
}

static json_t *
fp_nrb(json_t *scene, const char *id, const struct footprint_opts *o, char **err)
{
	json_t *nrb = json_object_get(scene, "nrb"), *ring, *pt, *f = NULL;
	const char *xml = a2_json_str(json_object_get(scene, "files"), "summary_xml");
	const char *msk = a2_json_str(json_object_get(scene, "files"), "msk");
	double (*p)[2] = NULL, (*m)[2] = NULL, px = 0, d, tol;
	char *xpath = NULL, *mpath = NULL, *what = NULL;
	json_t *epsg;
	int nm = 0;
	size_t i, n;

	if (!json_is_object(nrb) || !xml || !msk) {
		*err = a2_asprintf("%s: nrb: not a level 2.2 NRB scene (no nrb, files.summary_xml "
		    "or files.msk)", id);
		return NULL;
	}
	if (!(ring = scene_get_kept(scene, "nrb", "swath", err)) ||
	    !(epsg = scene_get_kept(scene, "nrb", "epsg", err)))
		return NULL;
	xpath = footprint_scene_path(scene, xml);
	n = json_array_size(ring);
	if (n < 4 || !json_is_integer(epsg)) {
		*err = a2_asprintf("%s: %s", xpath, n < 4 ? "SourceDataGeometry: fewer than 3 points" :
		    "scene nrb.epsg: not an integer");
		goto out;
	}
	p = a2_calloc(n, sizeof *p);
	json_array_foreach(ring, i, pt) {
		p[i][0] = scene_num(json_array_get(pt, 0));
		p[i][1] = scene_num(json_array_get(pt, 1));
	}
	if (p[0][0] == p[n - 1][0] && p[0][1] == p[n - 1][1])
		n--; /* the WKT ring is closed */
	what = a2_asprintf("%s: SourceDataGeometry", xpath);
	if (!(f = footprint_ring_feature((const double (*)[2])p, (int)n, 0, id, "nrb", what, err)))
		goto out;
	/* the check: the outline of MSK != 0 (every code but NoData) */
	mpath = footprint_scene_path(scene, msk);
	if (!(m = footprint_raster_outline((const char *const *)&mpath, 1, o, &nm, &px, err)))
		goto fail;
	if (nm < 3) {
		*err = a2_asprintf("%s: no valid pixels to outline", mpath);
		goto fail;
	}
	if ((d = nrb_distance((const double (*)[2])p, (int)n, (const double (*)[2])m, nm,
	    (int)json_integer_value(epsg), err)) < 0)
		goto fail;
	tol = NRB_TOLERANCE_M + 2 * px;
	if (d > tol) {
		*err = a2_asprintf("%s: the outline of the valid pixels is %.0f m from the swath "
		    "of %s (tolerance %.0f m)", mpath, d, a2_basename(xpath), tol);
		goto fail;
	}
	footprint_add_source(f, xpath);
	footprint_add_source(f, mpath);
	json_object_set_new(json_object_get(f, "properties"), "mask_check",
	    json_pack("{s:I, s:I}", "distance_m", (json_int_t)round(d), "tolerance_m",
	    (json_int_t)round(tol)));
	goto out;
fail:
	json_decref(f);
	f = NULL;
out:
	free(p);
	free(m);
	free(what);
	free(xpath);
	free(mpath);
	return f;
}

static json_t *
run_method(json_t *scene, const char *id, int m, const struct footprint_opts *o,
    const char *url, char **err)
{
	const char *fmt = a2_json_str(scene, "format");
	int ceos = fmt && strcmp(fmt, "CEOS") == 0;

	switch (m) {
	case FOOTPRINT_SUMMARY:
		return fp_summary(scene, id, err);
	case FOOTPRINT_CEOS_MAPPROJ:
		return fp_mapproj(scene, id, err);
	case FOOTPRINT_CEOS_IMG:
		return footprint_l11(scene, id, 0, o, err);
	case FOOTPRINT_RANGE_DOPPLER:
		return footprint_l11(scene, id, 1, o, err);
	case FOOTPRINT_SARCAT:
		return fp_sarcat(scene, id, url, err);
	case FOOTPRINT_GUNW:
		return fp_gunw(scene, id, err);
	case FOOTPRINT_NRB:
		return fp_nrb(scene, id, o, err);
	case FOOTPRINT_GEOTIFF:
		if (ceos) {
			*err = a2_asprintf("%s: geotiff: the scene is in CEOS format", id);
			return NULL;
		}
		return fp_raster(scene, id, o, err);
	}
	*err = a2_asprintf("%s: unknown footprint method %d", id, m);
	return NULL;
}

json_t *
footprint_from_scene_opts(json_t *scene, const struct footprint_opts *o, char **err)
{
	const char *id = a2_json_str(scene, "id"), *fmt, *url;
	const struct level *lv;
	int order[6], n = 0, ceos;
	json_t *f = NULL;
	char *last = NULL;

	if (!json_is_object(scene)) {
		*err = a2_strdup("scene: not a JSON object");
		return NULL;
	}
	scene_refuse_later(scene, LEVEL_STEP_FOOTPRINT);
	if (!id) {
		*err = a2_strdup("scene: id: missing");
		return NULL;
	}
	fmt = a2_json_str(scene, "format");
	ceos = fmt && strcmp(fmt, "CEOS") == 0;
	url = o->sarcat_url ? o->sarcat_url : getenv("A2_SARCAT_URL");
	if (url && !*url)
		url = NULL;
	if (o->method != FOOTPRINT_AUTO)
		return run_method(scene, id, o->method, o, url, err);
	/*
	 * Per level, the most exact method first: the catalogue when one is
	 * named (it is what the archive's users see), then the data's own
	 * geolocation, then what JAXA wrote about it.
	 */
	if (url)
		order[n++] = FOOTPRINT_SARCAT;
	/* a scene of no level a2 handles: as a map product of its format */
	lv = level_find(a2_json_str(scene, "level"), fmt ? fmt : "GeoTIFF");
	if (!lv || !lv->footprint[0])
		lv = level_find("1.5", ceos ? "CEOS" : "GeoTIFF");
	for (int i = 0; i < 3 && lv->footprint[i]; i++)
		order[n++] = footprint_method_parse(lv->footprint[i]);
	for (int i = 0; i < n; i++) {
		char *e = NULL;

		if (order[i] == FOOTPRINT_SUMMARY && !summary_has_corners(scene) && i + 1 < n)
			continue;
		if ((f = run_method(scene, id, order[i], o, url, &e))) {
			free(last);
			return f;
		}
		if (i + 1 < n)
			a2_warn("%s: %s failed, trying %s: %s", id, footprint_method_name(order[i]),
			    footprint_method_name(order[i + 1]), e);
		free(last);
		last = e;
	}
	*err = last;
	return NULL;
}

json_t *
footprint_from_scene(json_t *scene, int method, char **err)
{
	struct footprint_opts o = FOOTPRINT_OPTS_DEFAULT;

	o.method = method;
	return footprint_from_scene_opts(scene, &o, err);
}
