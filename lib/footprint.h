/*
 * footprint.h: where a scene is, as a GeoJSON Feature (doc/records.md):
 * a closed, counter-clockwise [lon, lat] Polygon from summary.txt corners,
 * the CEOS map projection record, L1.1 IMG prefixes or a raster outline.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include <jansson.h>

enum footprint_method {
	FOOTPRINT_AUTO = 0,
	FOOTPRINT_SUMMARY,      /* summary.txt Img_ImageScene corners */
	FOOTPRINT_CEOS_MAPPROJ, /* LED map projection record (frame corners) */
	FOOTPRINT_CEOS_IMG,     /* L1.1 first/last IMG record prefixes */
	FOOTPRINT_GEOTIFF       /* valid-data outline of a raster */
};

/* "auto", "summary", ...; -1 for an unknown name. */
int footprint_method_parse(const char *s);
const char *footprint_method_name(int m);

/*
 * Footprint of a scene object (doc/records.md).  Returns a new Feature, or
 * NULL with a malloc'd message naming the file and field at fault.
 */
json_t *footprint_from_scene(json_t *scene, int method, char **err);
/* Valid-data outline of one raster file; id goes to properties.id. */
json_t *footprint_from_raster(const char *path, const char *id, char **err);

/*
 * Builds the Feature from n >= 3 corners (not closed) given as [lon, lat]
 * pairs: checks ranges, distinctness and area, keeps longitudes continuous
 * across the antimeridian, orients the ring counter-clockwise and closes
 * it.  what names the source in messages.
 */
json_t *footprint_feature(const double (*pt)[2], int n, const char *id,
    const char *method, const char *what, char **err);

/* Bounding box [west, south, east, north] of a Polygon geometry; west >
 * east when it crosses the antimeridian (RFC 7946 §5.2).  0 or -1. */
int footprint_bbox(json_t *geometry, double bbox[4]);

#endif
