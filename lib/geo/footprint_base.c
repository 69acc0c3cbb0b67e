/*
 * footprint_base.c: what every footprint method builds on (footprint_base.h):
 * GDAL's quiet set-up, a ring of [lon, lat] made into the RFC 7946 Feature
 * (7 decimals, counter-clockwise, cut at the antimeridian), its bbox, and
 * the scene record's paths and sources.
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

#include "core/a2.h"
#include "geo/footprint_base.h"

/* ogrsf_frmts.h, which declares it, is C++ only; the symbol is C */
void RegisterOGRMEM(void);

/*
 * Only the drivers every ALOS-2 product needs: GTiff, and MEM and Memory
 * for the mask and its polygons.  Registering all 200-odd drivers costs
 * about 2 ms of the few tens a footprint takes; footprint_gdal_open()
 * registers them when a file is something else.
 */
static void
gdal_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	CPLSetErrorHandler(CPLQuietErrorHandler);
	GDALRegister_GTiff();
	GDALRegister_MEM();
	RegisterOGRMEM();
}

static void
register_all(void)
{
	GDALAllRegister();
}

void *
footprint_gdal_open(const char *path)
{
	/* without VERBOSE_ERROR GDAL says nothing about a file no driver
	 * takes (0 bytes, not a raster) or that cannot be read */
	const int flags = GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR;
	static pthread_once_t all = PTHREAD_ONCE_INIT;
	GDALDatasetH ds;

	gdal_init();
	ds = GDALOpenEx(path, flags, NULL, NULL, NULL);
	if (!ds) {
		pthread_once(&all, register_all);
		ds = GDALOpenEx(path, flags, NULL, NULL, NULL);
	}
	return ds;
}

char *
footprint_gdal_msg(void)
{
	const char *m = CPLGetLastErrorMsg();

	return a2_strdup(m && *m ? m : "unknown GDAL error");
}

/* ---- the Feature ---- */

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

/* 1e-7 degree is 1 cm: far below any pixel, and RFC 7946 §11.2 */
static double
round7(double v)
{
	double r = round(v * 1e7) / 1e7;

	return r == 0 ? 0 : r;
}

/* Drops repeated consecutive points (and a closing one); new count. */
static int
dedupe(double (*p)[2], int n)
{
	int m = 0;

	for (int i = 0; i < n; i++)
		if (m == 0 || p[i][0] != p[m - 1][0] || p[i][1] != p[m - 1][1]) {
			p[m][0] = p[i][0], p[m][1] = p[i][1];
			m++;
		}
	while (m > 1 && p[0][0] == p[m - 1][0] && p[0][1] == p[m - 1][1])
		m--;
	return m;
}

/* A closed JSON ring, counter-clockwise, of OGR ring g shifted by dx. */
static json_t *
ogr_ring_json(OGRGeometryH g, double dx)
{
	int n = OGR_G_GetPointCount(g);
	double (*p)[2] = a2_calloc(n ? n : 1, sizeof *p);
	json_t *ring = json_array();

	for (int i = 0; i < n; i++) {
		p[i][0] = round7(OGR_G_GetX(g, i) + dx);
		p[i][1] = round7(OGR_G_GetY(g, i));
	}
	n = dedupe(p, n);
	if (n >= 3 && signed_area((const double (*)[2])p, n) < 0)
		for (int i = 1, j = n - 1; i < j; i++, j--) {
			double t0 = p[i][0], t1 = p[i][1];
			p[i][0] = p[j][0], p[i][1] = p[j][1];
			p[j][0] = t0, p[j][1] = t1;
		}
	for (int i = 0; i <= n && n >= 3; i++)
		json_array_append_new(ring, json_pack("[ff]", p[i % n][0], p[i % n][1]));
	free(p);
	return ring;
}

/* Appends the polygons of g (Polygon or MultiPolygon), exteriors only,
 * shifted by dx degrees, to the MultiPolygon coordinates array mp. */
static void
add_parts(json_t *mp, OGRGeometryH g, double dx)
{
	OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));

	if (t == wkbPolygon) {
		json_t *r;
		if (OGR_G_GetGeometryCount(g) < 1)
			return;
		r = ogr_ring_json(OGR_G_GetGeometryRef(g, 0), dx);
		if (json_array_size(r) >= 4)
			json_array_append_new(mp, json_pack("[o]", r));
		else
			json_decref(r);
	} else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
		for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
			add_parts(mp, OGR_G_GetGeometryRef(g, i), dx);
	}
}

/* Clip of poly to the longitudes [w, w + 360], moved by dx. */
static void
clip_add(json_t *mp, OGRGeometryH poly, double w, double dx)
{
	OGRGeometryH box = OGR_G_CreateGeometry(wkbPolygon), r = OGR_G_CreateGeometry(wkbLinearRing), c;

	OGR_G_AddPoint_2D(r, w, -90);
	OGR_G_AddPoint_2D(r, w + 360, -90);
	OGR_G_AddPoint_2D(r, w + 360, 90);
	OGR_G_AddPoint_2D(r, w, 90);
	OGR_G_AddPoint_2D(r, w, -90);
	OGR_G_AddGeometryDirectly(box, r);
	if ((c = OGR_G_Intersection(poly, box))) {
		add_parts(mp, c, dx);
		OGR_G_DestroyGeometry(c);
	}
	OGR_G_DestroyGeometry(box);
}

json_t *
footprint_ring_feature(const double (*pt)[2], int n, int strict, const char *id,
    const char *method, const char *what, char **err)
{
	double (*p)[2], area, minlon = 1e9, maxlon = -1e9, wind = 0, s = 90, nn = -90;
	json_t *geom, *feat, *ring;

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
	if (strict)
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				if (pt[i][0] == pt[j][0] && pt[i][1] == pt[j][1]) {
					*err = a2_asprintf("%s: corners %d and %d are the same point",
					    what, i + 1, j + 1);
					return NULL;
				}
	p = a2_calloc(n ? n : 1, sizeof *p);
	for (int i = 0; i < n; i++)
		p[i][0] = round7(pt[i][0]), p[i][1] = round7(pt[i][1]);
	n = dedupe(p, n);
	if (n < 3) {
		*err = a2_asprintf("%s: %d distinct corners, need at least 3", what, n);
		free(p);
		return NULL;
	}
	/*
	 * Longitudes made continuous (each point follows its predecessor):
	 * a ring that then winds once around the Earth holds a pole, which
	 * no [lon, lat] polygon can draw; one that leaves [-180, 180] crosses
	 * the antimeridian and is cut there.
	 */
	for (int i = 1; i <= n; i++) {
		double d = p[i % n][0] - p[i - 1][0];
		while (d > 180)
			d -= 360;
		while (d < -180)
			d += 360;
		wind += d;
		if (i < n)
			p[i][0] = p[i - 1][0] + d;
	}
	for (int i = 0; i < n; i++) {
		s = fmin(s, p[i][1]);
		nn = fmax(nn, p[i][1]);
	}
	if (fabs(wind) > 180) {
		*err = a2_asprintf("%s: the footprint encloses the %s Pole (latitudes %.4f to %.4f); "
		    "a near-polar scene cannot be drawn as a longitude/latitude polygon", what,
		    s + nn > 0 ? "North" : "South", s, nn);
		free(p);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		minlon = fmin(minlon, p[i][0]);
	if (minlon < -180)
		for (int i = 0; i < n; i++)
			p[i][0] += 360;
	minlon = 1e9;
	for (int i = 0; i < n; i++) {
		minlon = fmin(minlon, p[i][0]);
		maxlon = fmax(maxlon, p[i][0]);
	}
	area = signed_area((const double (*)[2])p, n);
	if (!(fabs(area) > 1e-12)) {
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
	if (maxlon <= 180) {
		ring = json_array();
		for (int i = 0; i <= n; i++)
			json_array_append_new(ring, json_pack("[ff]", p[i % n][0], p[i % n][1]));
		geom = json_pack("{s:s, s:[o]}", "type", "Polygon", "coordinates", ring);
	} else {
		OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon), r = OGR_G_CreateGeometry(wkbLinearRing);
		json_t *mp = json_array();

		for (int i = 0; i <= n; i++)
			OGR_G_AddPoint_2D(r, p[i % n][0], p[i % n][1]);
		OGR_G_AddGeometryDirectly(poly, r);
		clip_add(mp, poly, -180, 0);   /* up to 180 E */
		clip_add(mp, poly, 180, -360); /* past it, moved to the west */
		OGR_G_DestroyGeometry(poly);
		if (json_array_size(mp) < 2) {
			*err = a2_asprintf("%s: cannot cut the footprint at the antimeridian", what);
			json_decref(mp);
			free(p);
			return NULL;
		}
		geom = json_pack("{s:s, s:o}", "type", "MultiPolygon", "coordinates", mp);
	}
	feat = json_pack("{s:s, s:[ffff], s:o, s:{s:s, s:s}}",
	    "type", "Feature",
	    "bbox", minlon, s, maxlon > 180 ? maxlon - 360 : maxlon, nn,
	    "geometry", geom,
	    "properties", "id", id ? id : "", "method", method);
	free(p);
	return feat;
}

json_t *
footprint_feature(const double (*pt)[2], int n, const char *id,
    const char *method, const char *what, char **err)
{
	return footprint_ring_feature(pt, n, 1, id, method, what, err);
}

/* A cut footprint's parts touch the antimeridian at exactly +180 and
 * -180: the west edge is the westmost point of the part ending at +180. */
int
footprint_bbox(json_t *geometry, double bbox[4])
{
	const char *t = a2_json_str(geometry, "type");
	json_t *polys = json_object_get(geometry, "coordinates"), *pt;
	double wmin = 1e9, emax = -1e9;
	size_t i;
	int n = 0, multi = t && strcmp(t, "MultiPolygon") == 0, east180 = 0, west180 = 0;

	if (!t || (!multi && strcmp(t, "Polygon") != 0) || !json_is_array(polys))
		return -1;
	bbox[0] = bbox[1] = 1e9;
	bbox[2] = bbox[3] = -1e9;
	for (size_t k = 0; k < (multi ? json_array_size(polys) : 1); k++) {
		json_t *ring = json_array_get(multi ? json_array_get(polys, k) : polys, 0);
		double lo = 1e9, hi = -1e9;
		if (json_array_size(ring) < 4)
			return -1;
		json_array_foreach(ring, i, pt) {
			json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
			double lon, lat;

			if (!json_is_number(x) || !json_is_number(y))
				return -1;
			lon = json_number_value(x), lat = json_number_value(y);
			lo = fmin(lo, lon), hi = fmax(hi, lon);
			bbox[1] = fmin(bbox[1], lat);
			bbox[3] = fmax(bbox[3], lat);
			n++;
		}
		bbox[0] = fmin(bbox[0], lo);
		bbox[2] = fmax(bbox[2], hi);
		if (hi == 180) {
			east180 = 1;
			wmin = fmin(wmin, lo);
		} else if (lo == -180) {
			west180 = 1;
			emax = fmax(emax, hi);
		}
	}
	if (n < 4)
		return -1;
	if (multi && east180 && west180) {
		bbox[0] = wmin;
		bbox[2] = emax;
	}
	/* continuous longitudes past 180 (older footprints) wrap back */
	if (bbox[2] > 180)
		bbox[2] -= 360;
	return 0;
}

/* Lowest and highest longitude of a ring; -1 if it is not one. */
static int
ring_lon_range(json_t *ring, double *lo, double *hi)
{
	json_t *pt;
	size_t i;

	*lo = 1e9, *hi = -1e9;
	if (json_array_size(ring) < 4)
		return -1;
	json_array_foreach(ring, i, pt) {
		json_t *x = json_array_get(pt, 0);
		if (!json_is_number(x))
			return -1;
		*lo = fmin(*lo, json_number_value(x));
		*hi = fmax(*hi, json_number_value(x));
	}
	return 0;
}

json_t *
footprint_unwrapped(json_t *geometry)
{
	json_t *polys = json_object_get(geometry, "coordinates"), *moved, *poly, *ring, *pt;
	int east180 = 0, west180 = 0;
	double lo, hi;
	size_t k, i, n;

	if (!a2_json_str(geometry, "type") || strcmp(a2_json_str(geometry, "type"), "MultiPolygon") != 0)
		return NULL;
	json_array_foreach(polys, k, poly) {
		if (ring_lon_range(json_array_get(poly, 0), &lo, &hi) != 0)
			return NULL;
		east180 |= hi == 180;
		west180 |= lo == -180;
	}
	if (!east180 || !west180)
		return NULL;
	moved = json_deep_copy(geometry);
	json_array_foreach(json_object_get(moved, "coordinates"), k, poly) {
		ring_lon_range(json_array_get(poly, 0), &lo, &hi);
		if (lo == -180)
			json_array_foreach(poly, i, ring)
				json_array_foreach(ring, n, pt)
					json_array_set_new(pt, 0, json_real(round7(json_number_value(json_array_get(pt, 0)) + 360)));
	}
	return moved;
}

int
footprint_center(json_t *geometry, double c[2])
{
	json_t *moved = footprint_unwrapped(geometry);
	OGRGeometryH g, cen;
	char *s;

	if (!moved)
		return 0;
	s = json_dumps(moved, JSON_COMPACT);
	json_decref(moved);
	g = s ? OGR_G_CreateGeometryFromJson(s) : NULL;
	free(s);
	cen = OGR_G_CreateGeometry(wkbPoint);
	if (!g || OGR_G_Centroid(g, cen) != OGRERR_NONE) {
		if (g)
			OGR_G_DestroyGeometry(g);
		OGR_G_DestroyGeometry(cen);
		return -1;
	}
	c[0] = round7(OGR_G_GetX(cen, 0) > 180 ? OGR_G_GetX(cen, 0) - 360 : OGR_G_GetX(cen, 0));
	c[1] = round7(OGR_G_GetY(cen, 0));
	OGR_G_DestroyGeometry(g);
	OGR_G_DestroyGeometry(cen);
	return 1;
}

/* ---- scene object access ---- */

char *
footprint_scene_path(json_t *scene, const char *name)
{
	const char *dir = a2_json_str(scene, "dir");

	if (!dir || name[0] == '/')
		return a2_strdup(name);
	return a2_path_join(dir, name);
}

void
footprint_add_source(json_t *feat, const char *path)
{
	json_t *props = json_object_get(feat, "properties"), *src = json_object_get(props, "sources");

	if (!json_is_array(src)) {
		src = json_array();
		json_object_set_new(props, "sources", src);
	}
	if (path)
		json_array_append_new(src, json_string(a2_basename(path)));
}
