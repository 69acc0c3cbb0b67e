/*
 * scene.h: what an unpacked ALOS-2 scene directory holds - the scene object
 * of doc/records.md, built from file names, summary.txt and the CEOS
 * records, after checking that they all tell the same story.
 */
#ifndef SCENE_H
#define SCENE_H

#include <jansson.h>

/* The scene object of doc/records.md ("archive" is null); NULL with a
 * malloc'd one-line message naming the file and field on error (a
 * GeoTIFF image GDAL cannot open: GDAL's reason; a product a2 does not
 * handle: what it is). */
json_t *scene_classify(const char *dir, char **err);

#endif
