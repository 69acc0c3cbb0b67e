/*
 * footprint_base.h: what every footprint method shares: the method names
 * and options, the Feature made from a ring (footprint.h's rules), its
 * bbox, the scene record's file paths and sources, and GDAL's set-up.
 * The methods (footprint.c, footprint_l11.c, footprint_raster.c) build on
 * it; it calls none of them.
 */
#ifndef FOOTPRINT_BASE_H
#define FOOTPRINT_BASE_H

#include <jansson.h>

enum footprint_method {
	FOOTPRINT_AUTO = 0,
	FOOTPRINT_SUMMARY,      /* summary.txt Img_ImageScene corners */
	FOOTPRINT_CEOS_MAPPROJ, /* LED map projection record (frame corners) */
	FOOTPRINT_CEOS_IMG,     /* L1.1 first/last IMG record prefixes */
	FOOTPRINT_GEOTIFF,      /* valid-data outline of a raster */
	FOOTPRINT_RANGE_DOPPLER, /* L1.1 corners geolocated from the orbit */
	FOOTPRINT_SARCAT,       /* WFS query of BOS SARCAT */
	FOOTPRINT_GUNW,         /* a Sentinel-1 GUNW's productBoundingBox */
	FOOTPRINT_NRB           /* an L2.2 NRB swath, checked against its mask */
};

struct footprint_opts {
	int method;
	int max_vertices;       /* raster outline; default 100 */
	int mask_max;           /* largest side of the raster mask; default 2048 */
	double max_disagree_m;  /* L1.1 warning threshold; default 250 */
	const char *sarcat_url; /* NULL: $A2_SARCAT_URL, unset: no SARCAT */
};
#define FOOTPRINT_OPTS_DEFAULT { FOOTPRINT_AUTO, 100, 1024, 250.0, NULL }

/*
 * Builds the Feature from n >= 3 points (not closed) given as [lon, lat]
 * pairs: checks ranges (and, if strict, that no two points are the same),
 * rounds to 7 decimals and drops repeated points, refuses a ring around a
 * pole, orients it counter-clockwise (keeping the first point first) and
 * cuts it at the antimeridian.  what names the source in messages.
 */
json_t *footprint_feature(const double (*pt)[2], int n, const char *id,
    const char *method, const char *what, char **err);
json_t *footprint_ring_feature(const double (*pt)[2], int n, int strict, const char *id,
    const char *method, const char *what, char **err);

/* Bounding box [west, south, east, north] of a Polygon or MultiPolygon;
 * west > east when it crosses the antimeridian (RFC 7946 §5.2).  0 or -1. */
int footprint_bbox(json_t *geometry, double bbox[4]);
/* A footprint cut at the antimeridian (a MultiPolygon with parts ending
 * at 180 and at -180) put back together for a map: a copy whose western
 * parts are moved 360 degrees east, so that the parts meet at 180.  NULL
 * for any other geometry. */
json_t *footprint_unwrapped(json_t *geometry);
/* The centre of a footprint cut at the antimeridian: the centroid GEOS
 * computes of footprint_unwrapped(), its longitude brought back into
 * [-180, 180], 7 decimals.  1 with c = [lon, lat]; 0 for any other
 * geometry (whose own centroid is on it); -1 when GDAL cannot read it. */
int footprint_center(json_t *geometry, double c[2]);

/* A raster opened read-only (a GDALDatasetH): GDAL is set up once,
 * quietly, with the GTiff and in-memory drivers, and all drivers are
 * registered if those cannot open it; NULL with GDAL's error. */
void *footprint_gdal_open(const char *path);
char *footprint_gdal_msg(void);
/* Path of a scene file (new string). */
char *footprint_scene_path(json_t *scene, const char *name);
/* Appends the file name of path to properties.sources of a Feature
 * (made empty when path is NULL): every method names the files it read. */
void footprint_add_source(json_t *feat, const char *path);

#endif
