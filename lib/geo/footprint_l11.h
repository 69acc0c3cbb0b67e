/*
 * footprint_l11.h: L1.1 CEOS footprints (footprint_l11.c): the corners of
 * the IMG prefixes kept in the scene record and their range-Doppler check.
 */
#ifndef FOOTPRINT_L11_H
#define FOOTPRINT_L11_H

#include "geo/footprint_base.h"

/* rd selects which of the two gives the polygon. */
json_t *footprint_l11(json_t *scene, const char *id, int rd, const struct footprint_opts *o,
    char **err);

#endif
