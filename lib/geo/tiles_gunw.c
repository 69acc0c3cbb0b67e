/*
 * tiles_gunw.c: the layers a2tiles makes of a Sentinel-1 GUNW (hyp3-gunw.md
 * §4.2-4.3): unwrappedPhase, coherence and amplitude, float32 grids read
 * through GDAL's netCDF driver (NETCDF:"file":/science/grids/data/NAME),
 * fill (_FillValue 0) transparent.
 *
 * Display bytes (0 = fill, 1..255 = a value):
 *   unwrappedPhase  wrapped: one colour cycle per 2 pi rad, byte 1 + k with
 *                   k = round(255 * (phase mod 2 pi) / 2 pi) mod 255, drawn
 *                   through a cyclic palette (tiles_gunw_palette) whose ends
 *                   meet; reduced by the circular mean, never the mean of
 *                   the bytes (the mean of +pi-e and -pi+e is pi, not 0);
 *   coherence       linear grey, byte 1 + round(254 * coherence), 0..1;
 *   amplitude       20 log10(amplitude) dB, linear from lo to hi (2nd and
 *                   98th percentiles of the grid, or --db-range).
 */
#include <cpl_conv.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "geo/tiles_int.h"

#define GRIDS "/science/grids/data/"
#define SMALL 250

static const char *const names[] = {
	[TILES_GUNW_PHASE] = "unwrappedPhase",
	[TILES_GUNW_COH] = "coherence",
	[TILES_GUNW_AMP] = "amplitude",
};

int
tiles_gunw_kind(const char *path)
{
	size_t n = strlen(path);

	if (strncmp(path, "NETCDF:", 7) != 0)
		return 0;
	for (int k = TILES_GUNW_PHASE; k <= TILES_GUNW_AMP; k++) {
		size_t m = strlen(GRIDS) + strlen(names[k]) + 1;
		if (n > m && path[n - m] == ':' && strncmp(path + n - m + 1, GRIDS, strlen(GRIDS)) == 0 &&
		    strcmp(path + n - strlen(names[k]), names[k]) == 0)
			return k;
	}
	return 0;
}

void
tiles_gunw_sources(const char *nc, char ***v, int *n)
{
	for (int k = TILES_GUNW_PHASE; k <= TILES_GUNW_AMP; k++) {
		*v = a2_realloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = a2_asprintf("NETCDF:\"%s\":" GRIDS "%s", nc, names[k]);
	}
}

char *
tiles_gunw_file(const char *path)
{
	const char *q;

	if (!tiles_gunw_kind(path) || path[7] != '"' || !(q = strchr(path + 8, '"')))
		return NULL;
	return a2_strndup(path + 8, (size_t)(q - path - 8));
}

int
tiles_gunw_add(struct tiles_set *t, const char *path)
{
	int k = tiles_gunw_kind(path);
	struct tiles_layer *L = NULL;

	if (!k)
		return 0;
	for (int i = 0; i < t->nlayers; i++)
		if (t->layer[i].gunw == k)
			L = &t->layer[i];
	if (!L) {
		L = &t->layer[t->nlayers++];
		snprintf(L->name, sizeof L->name, "%s", names[k]);
		L->gunw = k;
	}
	L->src = a2_realloc(L->src, (L->nsrc + 1) * sizeof *L->src);
	memset(&L->src[L->nsrc], 0, sizeof *L->src);
	L->src[L->nsrc++].path = a2_strdup(path);
	return 1;
}

/* ---- the phase circle: byte b stands for 2 pi (b - 1) / 255 ---- */

static double cs[256], sn[256];
static unsigned char palette[3 * 256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int
channel(double a)
{
	return (int)floor(127.5 + 127.5 * cos(a) + 0.5);
}

static void
circle_init(void)
{
	for (int b = 1; b < 256; b++) {
		double a = 2 * M_PI * (b - 1) / 255;
		cs[b] = cos(a);
		sn[b] = sin(a);
		palette[3 * b] = channel(a);
		palette[3 * b + 1] = channel(a - 2 * M_PI / 3);
		palette[3 * b + 2] = channel(a + 2 * M_PI / 3);
	}
}

const unsigned char *
tiles_gunw_palette(void)
{
	pthread_once(&once, circle_init);
	return palette;
}

/* The byte of the mean direction of sums s (sine) and c (cosine); first
 * when they cancel out (opposite phases: any of them stands for the
 * block). */
static unsigned char
circ_byte(double s, double c, unsigned char first)
{
	int k;

	if (s * s + c * c < 1e-12)
		return first;
	k = (int)floor(atan2(s, c) / (2 * M_PI) * 255 + 0.5);
	k = (k % 255 + 255) % 255;
	return (unsigned char)(k + 1);
}

unsigned char
tiles_gunw_byte(const struct tiles_layer *L, double v)
{
	double x;
	int b;

	if (!(v == v) || v == L->nodata)
		return 0;
	switch (L->gunw) {
	case TILES_GUNW_PHASE:
		x = v / (2 * M_PI);
		b = (int)floor((x - floor(x)) * 255 + 0.5);
		return (unsigned char)(b % 255 + 1);
	case TILES_GUNW_COH:
		if (v <= 0)
			return 0;
		return (unsigned char)(1 + (int)floor(254 * (v > 1 ? 1 : v) + 0.5));
	default:
		if (v <= 0)
			return 0;
		x = (20 * log10(v) - L->lo) / (L->hi - L->lo);
		b = 1 + (int)floor(254 * x + 0.5);
		return (unsigned char)(b < 1 ? 1 : b > 255 ? 255 : b);
	}
}

void
tiles_gunw_half(const unsigned char *in, int n, size_t istride, unsigned char *out, size_t ostride)
{
	pthread_once(&once, circle_init);
	for (int y = 0; y < n / 2; y++) {
		const unsigned char *a = in + (size_t)(2 * y) * istride, *b = a + istride;
		unsigned char *o = out + (size_t)y * ostride;
		for (int x = 0; x < n / 2; x++, a += 2, b += 2) {
			const unsigned char q[4] = { a[0], a[1], b[0], b[1] };
			double s = 0, c = 0;
			unsigned char first = 0;
			for (int k = 0; k < 4; k++)
				if (q[k]) {
					s += sn[q[k]];
					c += cs[q[k]];
					first = first ? first : q[k];
				}
			o[x] = first ? circ_byte(s, c, first) : 0;
		}
	}
}

/* Reads the float grid's window [x0, x1) x [y0, y1) into w->win as display
 * bytes, f x f pixels reduced into one: the circular mean for the phase,
 * the mean of the bytes for the others (fill left out). */
int
tiles_gunw_read_window(struct tiles_worker *w, const struct tiles_layer *L, GDALRasterBandH band,
    int x0, int y0, int x1, int y1, int f, int *rw, int *rh, char **err)
{
	int ww = x1 - x0, wh = y1 - y0, ow = (ww + f - 1) / f, oh = (wh + f - 1) / f;
	int rows = (int)((size_t)(4 << 20) / ((size_t)ww * sizeof(float)));
	int phase = L->gunw == TILES_GUNW_PHASE;
	double *s = a2_calloc(ow, sizeof *s), *c = a2_calloc(ow, sizeof *c);
	uint32_t *cnt = a2_calloc(ow, sizeof *cnt);
	unsigned char *first = a2_calloc(ow, 1);
	int rc = -1;

	pthread_once(&once, circle_init);
	rows = rows < f ? f : rows - rows % f;
	if (rows > wh)
		rows = wh;
	w->win = tiles_grow(w->win, &w->wincap, (size_t)ow * oh, 1);
	w->fstrip = tiles_grow(w->fstrip, &w->fstripcap, (size_t)ww * rows, sizeof *w->fstrip);
	for (int y = y0; y < y1; y += rows) {
		int n = y + rows > y1 ? y1 - y : rows;
		if (GDALRasterIO(band, GF_Read, x0, y, ww, n, w->fstrip, ww, n, GDT_Float32, 0, 0) != CE_None) {
			*err = a2_asprintf("read error: %s", CPLGetLastErrorMsg());
			goto out;
		}
		for (int k = 0; k < n; k += f) {
			int m = k + f > n ? n - k : f;
			unsigned char *o = w->win + (size_t)((y - y0 + k) / f) * ow;
			memset(s, 0, ow * sizeof *s);
			memset(c, 0, ow * sizeof *c);
			memset(cnt, 0, ow * sizeof *cnt);
			memset(first, 0, ow);
			for (int r = 0; r < m; r++) {
				const float *p = w->fstrip + (size_t)(k + r) * ww;
				for (int x = 0; x < ww; x++) {
					unsigned v = tiles_gunw_byte(L, p[x]);
					int ox = x / f;
					if (!v)
						continue;
					if (phase) {
						s[ox] += sn[v];
						c[ox] += cs[v];
					} else {
						s[ox] += v;
					}
					first[ox] = first[ox] ? first[ox] : v;
					cnt[ox]++;
				}
			}
			for (int x = 0; x < ow; x++)
				o[x] = !cnt[x] ? 0 : phase ? circ_byte(s[x], c[x], first[x]) :
				    (unsigned char)((s[x] + cnt[x] / 2) / cnt[x]);
		}
	}
	*rw = ow;
	*rh = oh;
	rc = 0;
out:
	free(s);
	free(c);
	free(cnt);
	free(first);
	return rc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A nearest-neighbour sample of a source, at most 1024 pixels on a side,
 * as floats; NULL with *err. */
static float *
sample(const struct tiles_src *S, int side, int *bw, int *bh, char **err)
{
	GDALDatasetH ds = GDALOpen(S->path, GA_ReadOnly);
	int k = S->w > S->h ? S->w : S->h;
	float *v;

	*bw = k > side ? (int)((double)S->w * side / k + 0.5) : S->w;
	*bh = k > side ? (int)((double)S->h * side / k + 0.5) : S->h;
	*bw += !*bw;
	*bh += !*bh;
	v = a2_malloc((size_t)*bw * *bh * sizeof *v);
	if (!ds || GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, S->w, S->h, v, *bw, *bh, GDT_Float32,
	    0, 0) != CE_None) {
		*err = a2_asprintf("%s: %s", S->path, CPLGetLastErrorMsg());
		free(v);
		v = NULL;
	}
	if (ds)
		GDALClose(ds);
	return v;
}

int
tiles_gunw_prepare(struct tiles_set *t, int li, char **err)
{
	struct tiles_layer *L = &t->layer[li];
	GDALDatasetH ds = GDALOpen(L->src[0].path, GA_ReadOnly);
	int has = 0;

	L->nodata = 0;
	if (ds) {
		double nd = GDALGetRasterNoDataValue(GDALGetRasterBand(ds, 1), &has);
		if (has)
			L->nodata = nd;
		GDALClose(ds);
	}
	L->stretch = TILES_DN;
	if (L->gunw == TILES_GUNW_PHASE) {
		L->lo = -M_PI;
		L->hi = M_PI;
	} else if (L->gunw == TILES_GUNW_COH) {
		L->lo = 0;
		L->hi = 1;
	} else if (t->o.have_range && t->o.stretch == TILES_DB) {
		L->stretch = TILES_DB;
		L->lo = t->o.lo;
		L->hi = t->o.hi;
	} else {
		/* 2nd and 98th percentiles of the sources' dB, 0.1 dB steps */
		double *db = NULL;
		size_t n = 0;
		L->stretch = TILES_DB;
		for (int s = 0; s < L->nsrc; s++) {
			int bw, bh;
			float *v = sample(&L->src[s], 1024, &bw, &bh, err);
			if (!v) {
				free(db);
				return -1;
			}
			db = a2_realloc(db, (n + (size_t)bw * bh) * sizeof *db);
			for (size_t i = 0; i < (size_t)bw * bh; i++)
				if (v[i] > 0 && v[i] != L->nodata)
					db[n++] = 20 * log10(v[i]);
			free(v);
		}
		qsort(db, n, sizeof *db, cmp_double);
		L->lo = n ? floor(db[(size_t)(0.02 * n)] * 10) / 10 : 0;
		L->hi = n ? ceil(db[(size_t)(0.98 * n)] * 10) / 10 : 1;
		if (L->hi <= L->lo)
			L->hi = L->lo + 1;
		L->auto_range = 1;
		free(db);
	}
	return 0;
}

void
tiles_gunw_layer_json(const struct tiles_layer *L, json_t *l)
{
	if (L->gunw == TILES_GUNW_PHASE) {
		json_object_set_new(l, "title", json_string("unwrapped phase, wrapped: one colour cycle per 2 pi rad"));
		json_object_set_new(l, "stretch", json_string("cyclic"));
		json_object_set_new(l, "cycle", json_real(2 * M_PI));
	} else if (L->gunw == TILES_GUNW_COH) {
		json_object_set_new(l, "title", json_string("coherence"));
		json_object_set_new(l, "stretch", json_string("linear"));
	} else {
		json_object_set_new(l, "title", json_string("amplitude (20 log10)"));
		json_object_set_new(l, "stretch", json_string("db"));
	}
}

int
tiles_gunw_encode(struct pngw_buf *out, const struct tiles_layer *L, const unsigned char *px, int w, int h,
    size_t stride, int level, const char **err)
{
	if (L->gunw == TILES_GUNW_PHASE)
		return pngw_encode_palette(out, px, w, h, stride, tiles_gunw_palette(), level, err);
	return pngw_encode(out, px, w, h, stride, PNGW_PALETTE, level, err);
}

/* One browse image of layer L: its first source sampled (nearest
 * neighbour, so that no phase is averaged) to w x h. */
static int
browse_one(const struct tiles_layer *L, const char *path, int side, json_t *out, char **err)
{
	struct pngw_buf b = { 0 };
	const char *e;
	unsigned char *px;
	float *v;
	int bw, bh;

	if (!(v = sample(&L->src[0], side, &bw, &bh, err)))
		return -1;
	px = a2_malloc((size_t)bw * bh);
	for (size_t i = 0; i < (size_t)bw * bh; i++)
		px[i] = tiles_gunw_byte(L, v[i]);
	free(v);
	if (tiles_gunw_encode(&b, L, px, bw, bh, (size_t)bw, 6, &e) != 0) {
		*err = a2_asprintf("%s: %s", path, e);
		free(px);
		return -1;
	}
	a2_write_file(path, b.data, b.len, 0644);
	json_array_append_new(out, json_string(path));
	pngw_buf_free(&b);
	free(px);
	return 0;
}

int
tiles_gunw_browse(const struct tiles_set *t, const char *outdir, json_t *out, char **err)
{
	for (int i = 0; i < t->nlayers; i++) {
		const struct tiles_layer *L = &t->layer[i];
		const struct tiles_src *S = L->src;
		char *nc, *stem, *p1, *p2;
		const char *b;
		int big, rc;
		if (!L->gunw || !L->nsrc)
			continue;
		nc = tiles_gunw_file(S->path);
		b = a2_basename(nc ? nc : S->path);
		stem = a2_strndup(b, strlen(b) > 3 && strcmp(b + strlen(b) - 3, ".nc") == 0 ? strlen(b) - 3 : strlen(b));
		p1 = a2_asprintf("%s/%s_%s.browse.png", outdir, stem, L->name);
		p2 = a2_asprintf("%s/%s_%s.browse_small.png", outdir, stem, L->name);
		/* a tenth of the size (at least a pixel), and within 250 x 250 */
		big = (S->w > S->h ? S->w : S->h) / 10;
		rc = browse_one(L, p1, big > 0 ? big : 1, out, err) == 0 &&
		    browse_one(L, p2, SMALL, out, err) == 0 ? 0 : -1;
		free(nc);
		free(stem);
		free(p1);
		free(p2);
		if (rc != 0)
			return -1;
	}
	return 0;
}
