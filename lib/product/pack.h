/*
 * pack.h: the product archive ID.zip of one scene (a2pack): the per-scene
 * zip it came from, hard-linked (or copied), or a deterministic re-zip of
 * the scene directory.
 */
#ifndef PACK_H
#define PACK_H

#include <jansson.h>

/*
 * Writes OUTDIR/ID.zip for a scene object of doc/records.md ("id", "dir",
 * "archive", "date"); creates OUTDIR. Never touches the source. An
 * existing ID.zip with the same content is left alone. Returns the "pack"
 * object {id, zip, method, size} or NULL with a malloc'd one-line message.
 */
json_t *pack_scene(json_t *scene, const char *outdir, char **err);

/*
 * Zips every regular file under dir (paths relative to dir, sorted by
 * name, deflated, DOS time date 00:00, mode 0644) into path atomically.
 * date is "YYYY-MM-DD" or NULL for 1980-01-01. Same files, same bytes.
 * Returns 0 or -1 with a malloc'd message.
 */
int pack_rezip(const char *dir, const char *path, const char *date, char **err);

#endif
