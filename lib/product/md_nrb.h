/*
 * md_nrb.h: the level 2.2 NRB parts of met.json and the STAC Item (for
 * product/md.c), from the scene's "nrb" object (doc/records.md).
 */
#ifndef MD_NRB_H
#define MD_NRB_H

#include <jansson.h>

#define MD_EXT_RASTER  "https://stac-extensions.github.io/raster/v1.1.0/schema.json"
#define MD_EXT_CLASS   "https://stac-extensions.github.io/classification/v1.1.0/schema.json"
#define MD_EXT_ARCHIVE "https://stac-extensions.github.io/archive/v1.0.0/schema.json"

/* The scene's "nrb" object, checked for what md needs (borrowed), or
 * NULL with a malloc'd message. */
json_t *md_nrb_get(json_t *scene, char **err);

/* Adds the NRB values to alos2md o (beam ID, frequency, incidence range,
 * processing, grid, polarisations pols) and sets its source "a2_nrb". */
void md_nrb_alos2md(json_t *o, json_t *nrb, json_t *pols);

/* Sets the Item properties of the grid (proj:code, proj:shape [rows,
 * columns], proj:transform, proj:bbox, gsd), sar:center_frequency and
 * a2:file_prefix. */
void md_nrb_props(json_t *props, json_t *nrb);

/*
 * Adds the assets of the NRB files: <POL>_SLP for each of pols, LIN,
 * MSK, summary and kml (stactools' keys), with roles, raster:bands and
 * the mask's classification:classes.  archive: the product's zip, which
 * holds them (archive extension); NULL: a metadata-only product, whose
 * files (absolute paths) are the hrefs.
 */
void md_nrb_assets(json_t *assets, json_t *nrb, json_t *pols, const char *archive, json_t *files);

#endif
