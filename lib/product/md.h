/*
 * md.h: product metadata: the HySDS-compatible <ID>.met.json and
 * <ID>.dataset.json of ingest-jobs.md §5-§6, and a STAC 1.0.0 Item with
 * the sar, sat and projection extensions.
 */
#ifndef MD_H
#define MD_H

#include <jansson.h>

#define MD_EXT_SAR  "https://stac-extensions.github.io/sar/v1.3.0/schema.json"
#define MD_EXT_SAT  "https://stac-extensions.github.io/sat/v1.2.0/schema.json"
#define MD_EXT_PROJ "https://stac-extensions.github.io/projection/v2.0.0/schema.json"

struct md_opts {
	const char *outdir;     /* where the files go (assets are looked up there) */
	const char *source;     /* download URL or path; credentials are stripped */
	const char *archive;    /* archive file name, default <ID>.zip */
	json_t *tiles;          /* parsed tiles.json, or NULL */
	const char *tiles_href; /* tiles.json relative to outdir */
	const char *cmdline;    /* provenance, already free of credentials */
	/* Metadata-only archive product (ingest-jobs.md §8): the ID gets
	 * "-md", met.json lists these absolute paths as gekko_archive_files
	 * (and tags, a string, when set) instead of archive_filename and
	 * download_source, and the STAC assets point at the files in place. */
	json_t *archive_files;  /* array of strings, or NULL */
	const char *tags;
};

struct md_docs {
	char *id;               /* the product's ID (with -md when metadata-only) */
	json_t *met, *dataset, *stac;
};

/*
 * Builds the three documents from a scene object (doc/records.md) and its
 * footprint (a GeoJSON Feature or Polygon).  0, or -1 with a malloc'd
 * message naming the missing or bad key.
 */
int md_build(json_t *scene, json_t *footprint, const struct md_opts *o,
    struct md_docs *d, char **err);
void md_docs_free(struct md_docs *d);

/*
 * The metadata-only product <ID>-md of one product of an a2scan scene group
 * (a {"scan":{...}} record or its inner object): its files are symlinked
 * into a new directory under workdir (a renamed <innerzip>.summary.txt as
 * summary.txt), which is classified, given a footprint and removed; the
 * data are never copied.  id selects the product (NULL: the group must
 * hold one).  o->archive_files is set from the group.  0, or -1 with a
 * malloc'd message.
 */
int md_build_archive(json_t *group, const char *id, const char *workdir,
    const struct md_opts *o, struct md_docs *d, char **err);

/* "2014-09-09T04:33:42.052Z" -> "2014-09-09T04:33:42.052000" (met.json's
 * %Y-%m-%dT%H:%M:%S.%f); -1 if iso is not such a time. */
int md_time_hysds(const char *iso, char out[32]);

/*
 * Tile layers and their real maximum zoom from a tiles.json (a2tiles):
 * {"layers":[{"name":"HH","max_zoom":8},...]} or {"layers":{"HH":{...}}}
 * or {"tile_layers":["HH"],"tile_max_zoom":[8]}.  New arrays, or -1.
 */
int md_tiles_parse(json_t *tiles, json_t **layers, json_t **zooms, char **err);

#endif
