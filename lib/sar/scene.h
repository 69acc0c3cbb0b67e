/*
 * scene.h: what an unpacked ALOS-2 scene directory holds - the scene object
 * of doc/records.md, built from file names, summary.txt and the CEOS
 * records, after checking that they all tell the same story.
 */
#ifndef SCENE_H
#define SCENE_H

#include <jansson.h>

#include "sar/name.h"

/* The scene object of doc/records.md ("archive" is null); NULL with a
 * malloc'd one-line message naming the file and field on error (a
 * GeoTIFF image GDAL cannot open: GDAL's reason; a product a2 does not
 * handle: what it is).  dir may also be a Sentinel-1 GUNW file or a
 * directory holding one (gunw_classify). */
json_t *scene_classify(const char *dir, char **err);

/*
 * The values a2classify keeps for later steps, so that they need not read
 * the leader or the IMG files again: key (under parent, when not NULL) of
 * a scene object, or NULL with a malloc'd message naming the key when the
 * record comes from an a2classify older than that key (run it again).
 */
json_t *scene_get_kept(json_t *scene, const char *parent, const char *key, char **err);
/*
 * The identity of a scene object as name.c parsed it when a2classify made
 * it (id, scene_id, product_id, orbit, frame, date, mode, look_side, level,
 * processing_option, map_projection, orbit_direction), without parsing
 * the ID again.  0, or -1 with a malloc'd "scene: KEY: ..." message.
 */
int scene_name_id(json_t *scene, struct name_id *n, char **err);
/*
 * A step after a2classify (step: a LEVEL_STEP_* of level.h, named
 * "footprint", "metadata" or "tiles") given a scene (or an a2scan product:
 * "id" and "level", no "format") of a level whose row lists that step in
 * later_steps: dies with "ID: WHAT of a ... product: not yet supported"
 * and exit status 2.  Each step says which it is, so a level can be
 * handled by some steps and not yet by the next.
 */
void scene_refuse_later(json_t *scene, unsigned step);
/* A number of such a record: null (a NaN when it was read) is NAN. */
double scene_num(json_t *v);

#endif
