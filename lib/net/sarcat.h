/*
 * sarcat.h: the footprint of a scene from the BOS SARCAT catalogue, a WFS
 * service (ingest-jobs.md §7.2): GetFeature filtered on the scene ID,
 * GeoJSON answer, first feature.
 */
#ifndef SARCAT_H
#define SARCAT_H

#include <jansson.h>

/*
 * Exterior ring of the first feature for scene_id (ALOS2ooooonnnn-yymmdd)
 * as a new JSON array of [lon, lat]; *fid gets the feature id (new string
 * or NULL).  NULL with a malloc'd message on any failure: network, HTTP
 * status, JSON, no feature, no polygon.
 */
json_t *sarcat_ring(const char *base, const char *scene_id, char **fid, char **err);

#endif
