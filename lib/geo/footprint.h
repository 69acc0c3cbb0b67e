/*
 * footprint.h: where a scene is, as an RFC 7946 GeoJSON Feature
 * (doc/records.md): counter-clockwise rings of [lon, lat] with 7 decimals,
 * cut into a MultiPolygon at the antimeridian.  Methods: summary.txt
 * corners, the CEOS map projection record, L1.1 IMG prefixes checked by
 * range-Doppler geolocation (or that geolocation itself), a raster's
 * valid-data outline, the BOS SARCAT catalogue, a GUNW's bounding box,
 * or an L2.2 NRB swath checked against its mask's outline.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include <jansson.h>

#include "geo/footprint_base.h"
#include "geo/footprint_raster.h"

/* "auto", "summary", ...; -1 for an unknown name. */
int footprint_method_parse(const char *s);
const char *footprint_method_name(int m);

/*
 * Footprint of a scene object (doc/records.md).  Returns a new Feature, or
 * NULL with a malloc'd message naming the file and field at fault.  In
 * auto mode the methods of the scene's level are tried in turn and a
 * failure of one is a warning.
 */
json_t *footprint_from_scene(json_t *scene, int method, char **err);
json_t *footprint_from_scene_opts(json_t *scene, const struct footprint_opts *o, char **err);
#endif
