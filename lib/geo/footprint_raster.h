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
/* The same outline as n open [lon, lat] points in WGS 84 (each longitude
 * in [-180, 180], not cut), *pixel the mask pixel in the raster's CRS
 * units: a new array for another method to check its polygon against
 * (footprint.c's nrb), or NULL with *err. */
double (*footprint_raster_outline(const char *const *paths, int n,
    const struct footprint_opts *o, int *npt, double *pixel, char **err))[2];

#endif
