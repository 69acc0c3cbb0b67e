/*
 * unzip.h: safe, recursive, parallel zip extraction with libzip, and the
 * search for ALOS-2 scene directories in the extracted tree.
 */
#ifndef UNZIP_H
#define UNZIP_H

#include <stddef.h>
#include <stdint.h>

struct unzip_opts {
	uint64_t max_size;  /* total bytes produced, nested zips included */
	double max_ratio;   /* per member: inflated / compressed */
	uint64_t max_files; /* members, nested zips included */
	int jobs;           /* members inflated at once */
	int max_depth;      /* zips inside zips */
	int nosync;         /* skip fsync: a killed run still leaves nothing,
	                       a system crash may leave a short file */
};

/* One scene directory: absolute paths; archive is NULL when no zip was
 * extracted into exactly this directory. */
struct unzip_scene {
	char *dir;
	char *archive;
};

void unzip_opts_default(struct unzip_opts *o);

/*
 * Extracts zip into DIR/<name> (name: the zip's base name without .zip, or
 * with .d appended when it has no .zip suffix), through a temp dir renamed
 * only once everything, nested zips included, is complete and synced. If
 * DIR/<name> already exists nothing is extracted. Returns the final
 * directory (new string) or NULL after printing one line naming the zip
 * and member; nothing is left behind then.  Temp dirs of <name> left by
 * killed runs are removed first (a2_tmp_sweep), those of live ones kept.
 */
char *unzip_extract(const char *zip, const char *dir, const struct unzip_opts *o);

/*
 * Finds the directories under root holding IMG-<POL>-ALOS2 files (or a
 * level 2.2 NRB's <SCENE>_<PRODUCT>_<POL>_SLP.tif, or a Sentinel-1 GUNW's
 * S1-GUNW[_CUSTOM]-....nc), sorted
 * by path. root is the extraction dir of source (whose archive is source
 * itself); other dirs get the sibling DIR.zip they were extracted from.
 * Returns the number of scenes; *out is an array to free with
 * unzip_scenes_free.
 */
size_t unzip_scenes(const char *root, const char *source, struct unzip_scene **out);
void unzip_scenes_free(struct unzip_scene *s, size_t n);

#endif
