/*
 * tiles_int.h: what the tiles*.c files share and nothing else uses: the
 * per-thread worker state and the base-zoom warp.
 */
#ifndef TILES_INT_H
#define TILES_INT_H

#include <gdal.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/a2.h"

#include "geo/pngw.h"
#include "geo/tiles.h"

/* One thread's own GDAL handles and scratch memory: GDAL datasets may not
 * be shared between threads, and the buffers are reused from one metatile
 * to the next so that memory stays flat. */
struct tiles_worker {
	const struct tiles_set *t;
	GDALDatasetH *ds[TILES_MAXLAYERS];         /* per source, opened on first use */
	void **gen[TILES_MAXLAYERS];               /* source pixel <-> metatile pixel */
	void **approx[TILES_MAXLAYERS];            /* the same, interpolated along rows */
	unsigned char *level[4][TILES_MAXLAYERS];  /* metatile pyramid */
	unsigned char *rgb;                        /* one composite tile */
	unsigned char *tmp;                        /* GDAL warper output */
	unsigned char *win;                        /* source window, bytes */
	size_t wincap;
	uint16_t *strip;                           /* source rows, DN */
	size_t stripcap;
	double *line[4];                           /* transformed pixel corners */
	int linecap;
	struct pngw_buf png;
	float *fstrip;                             /* source rows of a GUNW grid */
	size_t fstripcap;
	GDALDatasetH *mds[TILES_MAXLAYERS];        /* per source, its mask, opened on first use */
	uint8_t *mstrip;                           /* mask rows */
	size_t mstripcap;
};

void tiles_worker_init(struct tiles_worker *w, const struct tiles_set *t);

/* A scratch buffer of at least n elements of size bytes (*cap of them),
 * reallocated (contents lost) when smaller. */
static inline void *
tiles_grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	free(p);
	*cap = n;
	return a2_malloc(n * size);
}
void tiles_worker_free(struct tiles_worker *w);

/* Warps source si of layer li into dst, an S x S byte image whose
 * geotransform in EPSG:3857 is dstgt, setting only pixels that are still 0
 * (fill). Returns 0, or -1 with a message in err. */
int tiles_warp(struct tiles_worker *w, int li, int si, const double dstgt[6], int S,
    unsigned char *dst, char **err);

/* EPSG:3857 as WKT (static). */
const char *tiles_merc_wkt(void);

/* 2x2 average of an n x n byte image (0 = fill, left out of the mean) into
 * an n/2 x n/2 one with row stride ostride. */
void tiles_half(const unsigned char *in, int n, size_t istride, unsigned char *out, size_t ostride);

/* 1 when the n x n block (rows stride apart) holds no pixel other than 0. */
int tiles_blank(const unsigned char *p, int w, int h, size_t stride);

/* ---- a Sentinel-1 GUNW's layers (tiles_gunw.c) ---- */
/* enum tiles_gunw of a NETCDF:"file":/science/grids/data/NAME subdataset;
 * 0 for anything else. */
int tiles_gunw_kind(const char *path);
/* The file of such a subdataset (new string), NULL for anything else. */
char *tiles_gunw_file(const char *path);
/* Adds path to the layer of its grid: 1, or 0 when it is no GUNW grid. */
int tiles_gunw_add(struct tiles_set *t, const char *path);
/* The fill value and stretch of GUNW layer li. */
int tiles_gunw_prepare(struct tiles_set *t, int li, char **err);
/* A grid value as a display byte (0: fill). */
unsigned char tiles_gunw_byte(const struct tiles_layer *L, double v);
/* The cyclic palette of the phase: 256 RGB triples, index 0 unused. */
const unsigned char *tiles_gunw_palette(void);
/* read_window of tiles_warp.c for a GUNW grid. */
int tiles_gunw_read_window(struct tiles_worker *w, const struct tiles_layer *L, GDALRasterBandH band,
    int x0, int y0, int x1, int y1, int f, int *rw, int *rh, char **err);
/* tiles_half of the phase: the circular mean of the 2x2 pixels. */
void tiles_gunw_half(const unsigned char *in, int n, size_t istride, unsigned char *out, size_t ostride);
/* A tile of layer L as PNG: the phase through its palette, others grey;
 * index 0 transparent. */
int tiles_gunw_encode(struct pngw_buf *out, const struct tiles_layer *L, const unsigned char *px, int w,
    int h, size_t stride, int level, const char **err);
/* tiles.json's description and attribution of a GUNW's tiles. */
void tiles_gunw_tilejson(json_t *j);
/* tiles.json's description of a GUNW layer: title, stretch. */
void tiles_gunw_layer_json(const struct tiles_layer *L, json_t *l);
/* NAME_LAYER.browse.png (a tenth of the size) and NAME_LAYER.browse_small.png
 * (within 250x250) of every GUNW layer, NAME the .nc file's. */
int tiles_gunw_browse(const struct tiles_set *t, const char *outdir, json_t *out, char **err);

/* The NRB mask (tiles_mask.c). Checks that s->mask is on s's grid (size
 * and geotransform), noting its size and time. */
int tiles_mask_check(struct tiles_src *s, char **err);
/* " mask PATH SIZE MTIME" for the journal's fingerprint; "" unmasked. */
char *tiles_mask_ident(const struct tiles_src *s);
/* Reads the mask's window (x0, y0, w, h) at bw x bh into *buf (grown to
 * *cap) and makes dn 0 wherever its code is not 1. */
int tiles_mask_window(GDALDatasetH mds, const char *path, int x0, int y0, int w, int h, int bw, int bh,
    uint16_t *dn, uint8_t **buf, size_t *cap, char **err);
/* The same for a whole-raster sample of bw x bh. */
int tiles_mask_sample(const struct tiles_src *s, uint16_t *dn, int bw, int bh, char **err);
/* The same for w->strip, rows [y0, y0 + n) x [x0, x0 + ww) of source si of
 * layer li (nothing when it has no mask). */
int tiles_mask_strip(struct tiles_worker *w, int li, int si, int x0, int y0, int ww, int n, char **err);
void tiles_mask_worker_free(struct tiles_worker *w);

#endif
