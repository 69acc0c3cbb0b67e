/*
 * footprint.c: scene footprints (footprint.h).  Corner methods read the
 * numbers JAXA wrote and keep their precision; the raster method outlines
 * the non-zero pixels of a downsampled band with GDAL/OGR.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "a2.h"
#include "ceos.h"
#include "footprint.h"

/* Largest side of the mask the raster method polygonizes: enough for a
 * footprint, small enough to stay fast on a 30000-line scene. */
#define FP_MASK_MAX 1024

static const char *method_names[] = {
	[FOOTPRINT_AUTO] = "auto",
	[FOOTPRINT_SUMMARY] = "summary",
	[FOOTPRINT_CEOS_MAPPROJ] = "ceos-mapproj",
	[FOOTPRINT_CEOS_IMG] = "ceos-img",
	[FOOTPRINT_GEOTIFF] = "geotiff",
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

static double
signed_area(const double (*p)[2], int n)
{
	double a = 0;

	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		a += p[i][0] * p[j][1] - p[j][0] * p[i][1];
	}
	return a / 2;
}

json_t *
footprint_feature(const double (*pt)[2], int n, const char *id,
    const char *method, const char *what, char **err)
{
	double (*p)[2];
	double area, minlon = 1e9;
	json_t *ring, *feat;

	if (n < 3) {
		*err = a2_asprintf("%s: %d corners, need at least 3", what, n);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		if (!isfinite(pt[i][1]) || pt[i][1] < -90 || pt[i][1] > 90) {
			*err = a2_asprintf("%s: corner %d latitude %.15g out of range [-90, 90]",
			    what, i + 1, pt[i][1]);
			return NULL;
		}
		if (!isfinite(pt[i][0]) || pt[i][0] < -180 || pt[i][0] > 180) {
			*err = a2_asprintf("%s: corner %d longitude %.15g out of range [-180, 180]",
			    what, i + 1, pt[i][0]);
			return NULL;
		}
	}
	p = a2_calloc(n, sizeof *p);
	memcpy(p, pt, n * sizeof *p);
	/*
	 * Keep longitudes continuous so a scene across the antimeridian is not
	 * drawn around the world: each point follows its predecessor, then the
	 * whole ring moves east if it went below -180 (179.9, -179.9 becomes
	 * 179.9, 180.1).
	 */
	for (int i = 1; i < n; i++) {
		while (p[i][0] - p[i - 1][0] > 180)
			p[i][0] -= 360;
		while (p[i][0] - p[i - 1][0] < -180)
			p[i][0] += 360;
	}
	for (int i = 0; i < n; i++)
		if (p[i][0] < minlon)
			minlon = p[i][0];
	if (minlon < -180)
		for (int i = 0; i < n; i++)
			p[i][0] += 360;
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (p[i][0] == p[j][0] && p[i][1] == p[j][1]) {
				*err = a2_asprintf("%s: corners %d and %d are the same point", what, i + 1, j + 1);
				free(p);
				return NULL;
			}
	area = signed_area((const double (*)[2])p, n);
	if (!(fabs(area) > 1e-10)) {
		*err = a2_asprintf("%s: corners enclose no area", what);
		free(p);
		return NULL;
	}
	/* RFC 7946: exterior rings are counter-clockwise; keep the first
	 * corner first when reversing. */
	if (area < 0)
		for (int i = 1, j = n - 1; i < j; i++, j--) {
			double t0 = p[i][0], t1 = p[i][1];
			p[i][0] = p[j][0], p[i][1] = p[j][1];
			p[j][0] = t0, p[j][1] = t1;
		}
	ring = json_array();
	for (int i = 0; i <= n; i++)
		json_array_append_new(ring, json_pack("[ff]", p[i % n][0], p[i % n][1]));
	free(p);
	feat = json_pack("{s:s, s:{s:s, s:[o]}, s:{s:s, s:s}}",
	    "type", "Feature",
	    "geometry", "type", "Polygon", "coordinates", ring,
	    "properties", "id", id ? id : "", "method", method);
	return feat;
}

int
footprint_bbox(json_t *geometry, double bbox[4])
{
	json_t *ring = json_array_get(json_object_get(geometry, "coordinates"), 0), *pt;
	size_t i;
	int n = 0;

	bbox[0] = bbox[1] = 1e9;
	bbox[2] = bbox[3] = -1e9;
	json_array_foreach(ring, i, pt) {
		json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
		double lon, lat;

		if (!json_is_number(x) || !json_is_number(y))
			return -1;
		lon = json_number_value(x), lat = json_number_value(y);
		if (lon < bbox[0]) bbox[0] = lon;
		if (lon > bbox[2]) bbox[2] = lon;
		if (lat < bbox[1]) bbox[1] = lat;
		if (lat > bbox[3]) bbox[3] = lat;
		n++;
	}
	if (n < 4)
		return -1;
	/* continuous longitudes past 180 wrap back: west > east */
	if (bbox[2] > 180)
		bbox[2] -= 360;
	return 0;
}

/* ---- scene object access ---- */

static char *
scene_path(json_t *scene, const char *name)
{
	const char *dir = a2_json_str(scene, "dir");

	if (!dir || name[0] == '/')
		return a2_strdup(name);
	return a2_path_join(dir, name);
}

/* The image files of the first polarisation (doc/records.md order). */
static json_t *
scene_first_img(json_t *scene)
{
	json_t *img = json_object_get(json_object_get(scene, "files"), "img");
	json_t *pols = json_object_get(scene, "polarisations"), *p, *l;
	const char *k;
	size_t i;

	json_array_foreach(pols, i, p) {
		l = json_object_get(img, json_string_value(p) ? json_string_value(p) : "");
		if (json_array_size(l))
			return l;
	}
	json_object_foreach(img, k, l)
		if (json_array_size(l))
			return l;
	return NULL;
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
	char *file = scene_path(scene, sname ? sname : "summary.txt");
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
	f = footprint_feature((const double (*)[2])p, 4, id, "summary", file, err);
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
	struct ceos_leader l;
	double p[4][2];
	char *path, *what;
	json_t *f;

	if (!led) {
		*err = a2_asprintf("%s: files.led: no leader file in the scene", id);
		return NULL;
	}
	path = scene_path(scene, led);
	memset(&l, 0, sizeof l);
	if (ceos_read_leader(path, &l, err) != 0) {
		free(path);
		return NULL;
	}
	if (!l.has_mapproj) {
		*err = a2_asprintf("%s: no map projection record", path);
		ceos_leader_free(&l);
		free(path);
		return NULL;
	}
	for (int i = 0; i < 4; i++) {
		p[i][0] = l.corner_lon[i];
		p[i][1] = l.corner_lat[i];
	}
	ceos_leader_free(&l);
	what = a2_asprintf("%s: map projection record corners", path);
	f = footprint_feature((const double (*)[2])p, 4, id, "ceos-mapproj", what, err);
	free(what);
	free(path);
	return f;
}

static int
read_img(json_t *scene, const char *name, struct ceos_image *im, char **path, char **err)
{
	*path = scene_path(scene, name);
	memset(im, 0, sizeof *im);
	if (ceos_read_image(*path, im, err) != 0)
		return -1;
	if (!im->has_geo) {
		*err = a2_asprintf("%s: no signal record prefixes with latitude/longitude", *path);
		ceos_image_free(im);
		return -1;
	}
	return 0;
}

/*
 * L1.1: corners L0P0, L0Pn, LnPn, LnP0 of the first and last records.
 * ScanSAR has one file per subswath, F1 nearest in range: the near edge
 * comes from the first subswath and the far edge from the last.
 */
static json_t *
fp_img(json_t *scene, const char *id, char **err)
{
	json_t *l = scene_first_img(scene), *f;
	struct ceos_image near, far;
	char *npath = NULL, *fpath = NULL, *what;
	double p[4][2];
	size_t n = json_array_size(l);

	if (!n) {
		*err = a2_asprintf("%s: files.img: no image file in the scene", id);
		return NULL;
	}
	if (read_img(scene, json_string_value(json_array_get(l, 0)), &near, &npath, err) != 0) {
		free(npath);
		return NULL;
	}
	if (n > 1) {
		if (read_img(scene, json_string_value(json_array_get(l, n - 1)), &far, &fpath, err) != 0) {
			ceos_image_free(&near);
			free(npath);
			free(fpath);
			return NULL;
		}
	} else {
		far = near;
	}
	p[0][0] = near.lon[0][0], p[0][1] = near.lat[0][0];
	p[1][0] = far.lon[0][2], p[1][1] = far.lat[0][2];
	p[2][0] = far.lon[1][2], p[2][1] = far.lat[1][2];
	p[3][0] = near.lon[1][0], p[3][1] = near.lat[1][0];
	what = a2_asprintf("%s: signal record prefix corners", npath);
	f = footprint_feature((const double (*)[2])p, 4, id, "ceos-img", what, err);
	free(what);
	if (n > 1)
		ceos_image_free(&far);
	ceos_image_free(&near);
	free(npath);
	free(fpath);
	return f;
}

/* ---- raster ---- */

static char *
gdal_msg(void)
{
	const char *m = CPLGetLastErrorMsg();

	return a2_strdup(m && *m ? m : "unknown GDAL error");
}

static void
gdal_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	CPLSetErrorHandler(CPLQuietErrorHandler);
	GDALAllRegister();
}

/* Nonzero-pixel mask of band 1, at most FP_MASK_MAX on a side, as an
 * in-memory Byte dataset with the matching geotransform. */
static GDALDatasetH
mask_dataset(GDALDatasetH ds, const double gt[6], const char *path, char **err)
{
	int W = GDALGetRasterXSize(ds), H = GDALGetRasterYSize(ds);
	int f = 1, w, h, hasnd = 0;
	GDALRasterBandH b = GDALGetRasterBand(ds, 1);
	GDALDatasetH m;
	double mgt[6], nd;
	float *buf;
	unsigned char *mask;

	if (!b || W <= 0 || H <= 0) {
		*err = a2_asprintf("%s: no raster band", path);
		return NULL;
	}
	while ((W + f - 1) / f > FP_MASK_MAX || (H + f - 1) / f > FP_MASK_MAX)
		f++;
	w = (W + f - 1) / f, h = (H + f - 1) / f;
	nd = GDALGetRasterNoDataValue(b, &hasnd);
	buf = a2_malloc((size_t)w * h * sizeof *buf);
	if (GDALRasterIO(b, GF_Read, 0, 0, W, H, buf, w, h, GDT_Float32, 0, 0) != CE_None) {
		char *m0 = gdal_msg();
		*err = a2_asprintf("%s: band 1: %s", path, m0);
		free(m0);
		free(buf);
		return NULL;
	}
	mask = a2_malloc((size_t)w * h);
	for (size_t i = 0; i < (size_t)w * h; i++)
		mask[i] = buf[i] != 0 && !isnan(buf[i]) && !(hasnd && buf[i] == (float)nd);
	free(buf);
	m = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 1, GDT_Byte, NULL);
	if (!m) {
		free(mask);
		*err = a2_asprintf("%s: cannot create the mask dataset", path);
		return NULL;
	}
	mgt[0] = gt[0], mgt[1] = gt[1] * W / w, mgt[2] = gt[2] * H / h;
	mgt[3] = gt[3], mgt[4] = gt[4] * W / w, mgt[5] = gt[5] * H / h;
	GDALSetGeoTransform(m, mgt);
	if (GDALRasterIO(GDALGetRasterBand(m, 1), GF_Write, 0, 0, w, h, mask, w, h,
	    GDT_Byte, 0, 0) != CE_None) {
		free(mask);
		GDALClose(m);
		*err = a2_asprintf("%s: cannot write the mask", path);
		return NULL;
	}
	free(mask);
	return m;
}

/* Exterior ring of the largest polygon of value 1, simplified by one mask
 * pixel (in the raster's own units, before reprojection: the staircase
 * of pixel edges is what simplification is for). */
static OGRGeometryH
largest_outline(GDALDatasetH m, OGRSpatialReferenceH srs, double tol, const char *path, char **err)
{
	GDALDriverH drv = GDALGetDriverByName("Memory");
	GDALDatasetH v = drv ? GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
	OGRLayerH lyr;
	OGRFieldDefnH fd;
	OGRFeatureH ft;
	OGRGeometryH best = NULL;
	double best_area = 0;

	if (!v) {
		*err = a2_asprintf("%s: no OGR Memory driver", path);
		return NULL;
	}
	lyr = GDALDatasetCreateLayer(v, "outline", srs, wkbPolygon, NULL);
	fd = OGR_Fld_Create("v", OFTInteger);
	OGR_L_CreateField(lyr, fd, TRUE);
	OGR_Fld_Destroy(fd);
	if (GDALPolygonize(GDALGetRasterBand(m, 1), GDALGetRasterBand(m, 1), lyr, 0, NULL,
	    NULL, NULL) != CE_None) {
		char *m0 = gdal_msg();
		*err = a2_asprintf("%s: polygonize: %s", path, m0);
		free(m0);
		GDALClose(v);
		return NULL;
	}
	OGR_L_ResetReading(lyr);
	while ((ft = OGR_L_GetNextFeature(lyr))) {
		OGRGeometryH g = OGR_F_GetGeometryRef(ft);
		double a = g ? OGR_G_Area(g) : 0;

		if (g && OGR_F_GetFieldAsInteger(ft, 0) == 1 && a > best_area) {
			OGRGeometryH ring = OGR_G_GetGeometryRef(g, 0);
			if (ring) {
				if (best)
					OGR_G_DestroyGeometry(best);
				best = OGR_G_CreateGeometry(wkbPolygon);
				OGR_G_AddGeometry(best, ring);
				best_area = a;
			}
		}
		OGR_F_Destroy(ft);
	}
	GDALClose(v);
	if (!best) {
		*err = a2_asprintf("%s: band 1 has no valid (non-zero) pixels", path);
		return NULL;
	}
	{
		OGRGeometryH s = OGR_G_SimplifyPreserveTopology(best, tol);
		if (s && !OGR_G_IsEmpty(s)) {
			OGR_G_DestroyGeometry(best);
			best = s;
		} else if (s) {
			OGR_G_DestroyGeometry(s);
		}
	}
	return best;
}

json_t *
footprint_from_raster(const char *path, const char *id, char **err)
{
	GDALDatasetH ds, m = NULL;
	OGRSpatialReferenceH srs = NULL, wgs = NULL;
	OGRCoordinateTransformationH ct = NULL;
	OGRGeometryH poly = NULL, ring;
	double gt[6], (*p)[2] = NULL, tol;
	json_t *f = NULL;
	int n;

	gdal_init();
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
	if (!ds) {
		char *m0 = gdal_msg();
		*err = a2_asprintf("%s: %s", path, m0);
		free(m0);
		return NULL;
	}
	if (GDALGetGeoTransform(ds, gt) == CE_None && GDALGetSpatialRef(ds)) {
		srs = OSRClone(GDALGetSpatialRef(ds));
	} else if (GDALGetGCPCount(ds) >= 3 && GDALGetGCPSpatialRef(ds) &&
	    GDALGCPsToGeoTransform(GDALGetGCPCount(ds), GDALGetGCPs(ds), gt, TRUE)) {
		/* L1.1 GeoTIFF: four corner tie points, close to affine */
		srs = OSRClone(GDALGetGCPSpatialRef(ds));
	} else {
		*err = a2_asprintf("%s: no georeferencing (geotransform and CRS, or GCPs)", path);
		goto out;
	}
	if (!(m = mask_dataset(ds, gt, path, err)))
		goto out;
	{
		double mgt[6];
		GDALGetGeoTransform(m, mgt);
		tol = hypot(mgt[1], mgt[2]);
	}
	if (!(poly = largest_outline(m, srs, tol, path, err)))
		goto out;
	wgs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(wgs, 4326);
	OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	ct = OCTNewCoordinateTransformation(srs, wgs);
	if (!ct || OGR_G_Transform(poly, ct) != OGRERR_NONE) {
		char *m0 = gdal_msg();
		*err = a2_asprintf("%s: cannot transform to EPSG:4326: %s", path, m0);
		free(m0);
		goto out;
	}
	ring = OGR_G_GetGeometryRef(poly, 0);
	n = ring ? OGR_G_GetPointCount(ring) : 0;
	/* the ring comes closed; footprint_feature closes it again */
	if (n > 1 && OGR_G_GetX(ring, 0) == OGR_G_GetX(ring, n - 1) &&
	    OGR_G_GetY(ring, 0) == OGR_G_GetY(ring, n - 1))
		n--;
	p = a2_calloc(n ? n : 1, sizeof *p);
	for (int i = 0; i < n; i++) {
		/* 1e-7 deg (1 cm) is far below a pixel; more digits are noise */
		p[i][0] = round(OGR_G_GetX(ring, i) * 1e7) / 1e7;
		p[i][1] = round(OGR_G_GetY(ring, i) * 1e7) / 1e7;
	}
	f = footprint_feature((const double (*)[2])p, n, id, "geotiff", path, err);
out:
	free(p);
	if (ct)
		OCTDestroyCoordinateTransformation(ct);
	if (wgs)
		OSRDestroySpatialReference(wgs);
	if (srs)
		OSRDestroySpatialReference(srs);
	if (poly)
		OGR_G_DestroyGeometry(poly);
	if (m)
		GDALClose(m);
	GDALClose(ds);
	return f;
}

static json_t *
fp_raster(json_t *scene, const char *id, char **err)
{
	json_t *l = scene_first_img(scene), *f;
	const char *name = json_string_value(json_array_get(l, 0));
	char *path;

	if (!name) {
		*err = a2_asprintf("%s: files.img: no image file in the scene", id);
		return NULL;
	}
	path = scene_path(scene, name);
	f = footprint_from_raster(path, id, err);
	free(path);
	return f;
}

static int
level_is(json_t *scene, const char *lv)
{
	const char *s = a2_json_str(scene, "level");

	return s && strcmp(s, lv) == 0;
}

json_t *
footprint_from_scene(json_t *scene, int method, char **err)
{
	const char *id = a2_json_str(scene, "id");
	const char *fmt = a2_json_str(scene, "format");
	int ceos = fmt && strcmp(fmt, "CEOS") == 0;

	if (!json_is_object(scene)) {
		*err = a2_strdup("scene: not a JSON object");
		return NULL;
	}
	if (!id) {
		*err = a2_strdup("scene: id: missing");
		return NULL;
	}
	if (method == FOOTPRINT_AUTO) {
		if (summary_has_corners(scene))
			method = FOOTPRINT_SUMMARY;
		else if (ceos && (level_is(scene, "1.5") || level_is(scene, "3.1")))
			method = FOOTPRINT_CEOS_MAPPROJ;
		else if (ceos && level_is(scene, "1.1"))
			method = FOOTPRINT_CEOS_IMG;
		else
			method = FOOTPRINT_GEOTIFF;
	}
	switch (method) {
	case FOOTPRINT_SUMMARY:
		return fp_summary(scene, id, err);
	case FOOTPRINT_CEOS_MAPPROJ:
		return fp_mapproj(scene, id, err);
	case FOOTPRINT_CEOS_IMG:
		return fp_img(scene, id, err);
	case FOOTPRINT_GEOTIFF:
		if (ceos) {
			*err = a2_asprintf("%s: geotiff: the scene is in CEOS format", id);
			return NULL;
		}
		return fp_raster(scene, id, err);
	}
	*err = a2_asprintf("%s: unknown footprint method %d", id, method);
	return NULL;
}
