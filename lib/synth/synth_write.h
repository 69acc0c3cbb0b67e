/*
 * synth_write.h: a2synth's file writers, on the scene model: the CEOS files
 * (synth_ceos.c), GeoTIFF and LUT, and the browse images (synth_tiff.c),
 * the level 2.2 NRB product (synth_nrb.c).
 */
#ifndef SYNTH_WRITE_H
#define SYNTH_WRITE_H

#include "synth/synth_model.h"

void synth_write_ceos(struct synth_scene *s);
void synth_write_tiff(struct synth_scene *s);
void synth_write_brs(struct synth_scene *s);
/* level 2.2 NRB: every file of the product (synth_nrb.c) */
void synth_write_nrb(struct synth_scene *s);

#endif
