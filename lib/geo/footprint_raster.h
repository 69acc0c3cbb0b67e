/*
 * footprint_raster.h: the valid-data outline of rasters on one grid (the
 * polarisations of a scene) as a footprint Feature (footprint_raster.c).
 */
#ifndef FOOTPRINT_RASTER_H
#define FOOTPRINT_RASTER_H

#include "geo/footprint_base.h"

/* Valid-data outline of rasters on one grid (the polarisations of a
 * scene); id goes to properties.id. */
json_t *footprint_from_raster(const char *path, const char *id, char **err);
json_t *footprint_from_rasters(const char *const *paths, int n, const char *id,
    const struct footprint_opts *o, char **err);

#endif
