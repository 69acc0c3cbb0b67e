/*
 * tiles_warp.c: the base zoom of a2tiles: one source window per metatile,
 * read through the layer's lookup table into display bytes, then resampled
 * onto the Web Mercator grid by GDAL's transformer with a2's area average,
 * or by GDAL's warper for the other resampling algorithms.
 */
#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "geo/tiles_int.h"

#define LESS(a, b) ((a) < (b) ? (a) : (b))
#define MORE(a, b) ((a) > (b) ? (a) : (b))

static char *merc_wkt;
static pthread_once_t merc_once = PTHREAD_ONCE_INIT;

static void
merc_init(void)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);

	if (OSRImportFromEPSG(srs, 3857) != OGRERR_NONE || OSRExportToWkt(srs, &merc_wkt) != OGRERR_NONE)
		a2_die("EPSG:3857: PROJ has no definition of Web Mercator");
	OSRDestroySpatialReference(srs);
}

const char *
tiles_merc_wkt(void)
{
	pthread_once(&merc_once, merc_init);
	return merc_wkt;
}

static int open_source(struct tiles_worker *w, int li, int si, char **err);

void
tiles_worker_init(struct tiles_worker *w, const struct tiles_set *t)
{
	int S = TILES_PX << t->o.meta;

	memset(w, 0, sizeof *w);
	w->t = t;
	for (int i = 0; i < t->nlayers; i++) {
		int n = t->layer[i].nsrc;
		if (t->layer[i].composite)
			continue;
		w->ds[i] = a2_calloc(n, sizeof *w->ds[i]);
		w->gen[i] = a2_calloc(n, sizeof *w->gen[i]);
		w->approx[i] = a2_calloc(n, sizeof *w->approx[i]);
		for (int k = 0; k <= t->o.meta; k++)
			w->level[k][i] = a2_malloc((size_t)(S >> k) * (S >> k));
	}
	/* GUNW grids now, in this thread: HDF5 prints its error stack (the
	 * attributes netCDF looks for and does not find) in any thread but
	 * the one netCDF silenced it in; a failure is reported at first use */
	for (int i = 0; i < t->nlayers; i++)
		for (int s = 0; t->layer[i].gunw && s < t->layer[i].nsrc; s++) {
			char *e = NULL;
			if (open_source(w, i, s, &e) != 0 && w->ds[i][s]) {
				GDALClose(w->ds[i][s]);
				w->ds[i][s] = NULL;
			}
			free(e);
		}
	w->rgb = a2_malloc(3 * TILES_PX * TILES_PX);
	w->linecap = S + 1;
	for (int k = 0; k < 4; k++)
		w->line[k] = a2_malloc((w->linecap) * sizeof(double));
}

void
tiles_worker_free(struct tiles_worker *w)
{
	for (int i = 0; i < w->t->nlayers; i++) {
		for (int s = 0; w->ds[i] && s < w->t->layer[i].nsrc; s++) {
			if (w->approx[i][s])
				GDALDestroyApproxTransformer(w->approx[i][s]);
			if (w->ds[i][s])
				GDALClose(w->ds[i][s]);
		}
		free(w->ds[i]);
		free(w->gen[i]);
		free(w->approx[i]);
		for (int k = 0; k < 4; k++)
			free(w->level[k][i]);
	}
	tiles_mask_worker_free(w);
	for (int k = 0; k < 4; k++)
		free(w->line[k]);
	free(w->rgb);
	free(w->tmp);
	free(w->win);
	free(w->strip);
	free(w->fstrip);
	pngw_buf_free(&w->png);
}

void
tiles_half(const unsigned char *in, int n, size_t istride, unsigned char *out, size_t ostride)
{
	const uint64_t lo = 0x00ff00ff00ff00ffu, ones = 0x0101010101010101u, highs = 0x8080808080808080u;

	for (int y = 0; y < n / 2; y++) {
		const unsigned char *a = in + (size_t)(2 * y) * istride, *b = a + istride;
		unsigned char *o = out + (size_t)y * ostride;
		for (int x = 0; x < n / 2; x++, a += 2, b += 2) {
			unsigned s, c;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Four output pixels at once when their 16 inputs are all
			 * fill (0) or all valid: then each is (s + 2) >> 2, summed
			 * in 16-bit lanes of a 64-bit word (at most 1022, so no
			 * lane spills into the next). Byte for byte what the loop
			 * below gives, at a third of the time. */
			if ((x & 3) == 0 && x + 4 <= n / 2) {
				uint64_t va, vb, v;
				memcpy(&va, a, 8);
				memcpy(&vb, b, 8);
				if (!(va | vb)) {
					memset(o + x, 0, 4);
					x += 3, a += 6, b += 6;
					continue;
				}
				/* no zero byte in either word */
				if (!((((va - ones) & ~va) | ((vb - ones) & ~vb)) & highs)) {
					v = (va & lo) + (va >> 8 & lo) + (vb & lo) + (vb >> 8 & lo) + 0x0002000200020002u;
					v = v >> 2 & lo;
					o[x] = (unsigned char)v;
					o[x + 1] = (unsigned char)(v >> 16);
					o[x + 2] = (unsigned char)(v >> 32);
					o[x + 3] = (unsigned char)(v >> 48);
					x += 3, a += 6, b += 6;
					continue;
				}
			}
#endif
			s = a[0] + a[1] + b[0] + b[1];
			c = (a[0] != 0) + (a[1] != 0) + (b[0] != 0) + (b[1] != 0);
			/* round half up; all four valid is the common case */
			o[x] = c == 4 ? (s + 2) >> 2 : c ? (s + c / 2) / c : 0;
		}
	}
}

int
tiles_blank(const unsigned char *p, int w, int h, size_t stride)
{
	for (int y = 0; y < h; y++) {
		const unsigned char *r = p + (size_t)y * stride;
		uint64_t acc = 0;
		int x = 0;
		for (; x + 8 <= w; x += 8) {
			uint64_t v;
			memcpy(&v, r + x, 8);
			acc |= v;
		}
		for (; x < w; x++)
			acc |= r[x];
		if (acc)
			return 0;
	}
	return 1;
}

static int
open_source(struct tiles_worker *w, int li, int si, char **err)
{
	const struct tiles_src *s = &w->t->layer[li].src[si];

	if (w->ds[li][si])
		return 0;
	if (!(w->ds[li][si] = GDALOpenEx(s->path, GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
	    NULL, NULL, NULL))) {
		*err = a2_asprintf("%s: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	w->gen[li][si] = GDALCreateGenImgProjTransformer3(s->wkt, s->gt, tiles_merc_wkt(), s->gt);
	if (!w->gen[li][si]) {
		*err = a2_asprintf("%s: no transformation to EPSG:3857: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	/* an eighth of a pixel, as gdalwarp */
	w->approx[li][si] = GDALCreateApproxTransformer(GDALGenImgProjTransform, w->gen[li][si], 0.125);
	GDALApproxTransformerOwnsSubtransformer(w->approx[li][si], TRUE);
	return 0;
}

/* Reads source rows [y0, y1) x [x0, x1) through the lookup table into
 * w->win, f x f pixels averaged into one (fill left out; an NRB source's
 * masked pixels are fill, tiles_mask.c). */
static int
read_window(struct tiles_worker *w, int li, int si, GDALRasterBandH band, const unsigned char *lut,
    int x0, int y0, int x1, int y1, int f, int *rw, int *rh, char **err)
{
	int ww = x1 - x0, wh = y1 - y0, ow = (ww + f - 1) / f, oh = (wh + f - 1) / f;
	int rows = (int)((size_t)(4 << 20) / ((size_t)ww * 2));
	uint64_t *sum = NULL;   /* f may be thousands at low zooms */
	uint32_t *cnt = NULL;

	rows = rows < f ? f : rows - rows % f;
	if (rows > wh)
		rows = wh;
	w->win = tiles_grow(w->win, &w->wincap, (size_t)ow * oh, 1);
	w->strip = tiles_grow(w->strip, &w->stripcap, (size_t)ww * rows, sizeof *w->strip);
	if (f > 1) {
		sum = a2_malloc((size_t)ow * sizeof *sum);
		cnt = a2_malloc((size_t)ow * sizeof *cnt);
	}
	for (int y = y0; y < y1; y += rows) {
		int n = y + rows > y1 ? y1 - y : rows;
		if (GDALRasterIO(band, GF_Read, x0, y, ww, n, w->strip, ww, n, GDT_UInt16, 0, 0) != CE_None) {
			*err = a2_asprintf("read error: %s", CPLGetLastErrorMsg());
			free(sum);
			free(cnt);
			return -1;
		}
		if (tiles_mask_strip(w, li, si, x0, y, ww, n, err) != 0) {
			free(sum);
			free(cnt);
			return -1;
		}
		if (f == 1) {
			for (int k = 0; k < n; k++) {
				const uint16_t *s = w->strip + (size_t)k * ww;
				unsigned char *o = w->win + (size_t)(y - y0 + k) * ow;
				for (int x = 0; x < ww; x++)
					o[x] = lut[s[x]];
			}
			continue;
		}
		for (int k = 0; k < n; k += f) {
			int m = k + f > n ? n - k : f;
			unsigned char *o = w->win + (size_t)((y - y0 + k) / f) * ow;
			memset(sum, 0, (size_t)ow * sizeof *sum);
			memset(cnt, 0, (size_t)ow * sizeof *cnt);
			for (int r = 0; r < m; r++) {
				const uint16_t *s = w->strip + (size_t)(k + r) * ww;
				for (int x = 0; x < ww; x++) {
					unsigned v = lut[s[x]];
					sum[x / f] += v;
					cnt[x / f] += v != 0;
				}
			}
			for (int x = 0; x < ow; x++)
				o[x] = cnt[x] ? (sum[x] + cnt[x] / 2) / cnt[x] : 0;
		}
	}
	free(sum);
	free(cnt);
	*rw = ow;
	*rh = oh;
	return 0;
}

static int
transform_line(void *approx, int j, int i0, int i1, double *x, double *y, double *z, int *ok)
{
	int n = i1 - i0 + 1;

	for (int i = 0; i < n; i++) {
		x[i] = i0 + i;
		y[i] = j;
		z[i] = 0;
	}
	GDALApproxTransform(approx, TRUE, n, x, y, z, ok);
	for (int i = 0; i < n; i++)
		if (!ok[i])
			x[i] = y[i] = NAN;
	return 0;
}

/*
 * The area average: each destination pixel's corners go to the source
 * grid; the box they span is averaged, each source pixel weighted by the
 * part of the box it covers, fill pixels left out. This is what GDAL's
 * "average" does, in a loop specialised for bytes that runs about ten
 * times faster than GDAL 3.6's generic kernel.
 */
static void
average(struct tiles_worker *w, void *approx, int rx0, int ry0, int rx1, int ry1,
    double ox, double oy, double f, int rw, int rh, unsigned char *dst, int S)
{
	int n = rx1 - rx0 + 1;
	double *ax = w->line[0], *ay = w->line[1], *bx = w->line[2], *by = w->line[3], *t;
	double *z = a2_malloc(n * sizeof *z);
	int *ok = a2_malloc(n * sizeof *ok);
	const unsigned char *win = w->win;

	double inv = 1 / f;

	transform_line(approx, ry0, rx0, rx1, ax, ay, z, ok);
	for (int i = 0; i < n; i++) {
		ax[i] = (ax[i] - ox) * inv;
		ay[i] = (ay[i] - oy) * inv;
	}
	for (int j = ry0; j < ry1; j++) {
		unsigned char *o = dst + (size_t)j * S;
		transform_line(approx, j + 1, rx0, rx1, bx, by, z, ok);
		for (int i = 0; i < n; i++) {
			bx[i] = (bx[i] - ox) * inv;
			by[i] = (by[i] - oy) * inv;
		}
		for (int i = 0; i < n - 1; i++) {
			double u0, u1, v0, v1, area, acc = 0, wsum = 0, wx[16];
			int sx0, sx1, sy0, sy1;

			if (o[rx0 + i])
				continue;
			u0 = LESS(LESS(ax[i], ax[i + 1]), LESS(bx[i], bx[i + 1]));
			u1 = MORE(MORE(ax[i], ax[i + 1]), MORE(bx[i], bx[i + 1]));
			v0 = LESS(LESS(ay[i], ay[i + 1]), LESS(by[i], by[i + 1]));
			v1 = MORE(MORE(ay[i], ay[i + 1]), MORE(by[i], by[i + 1]));
			/* NaN (a corner that did not transform) fails these too */
			if (!(u1 > 0 && u0 < rw && v1 > 0 && v0 < rh))
				continue;
			area = (u1 - u0) * (v1 - v0);
			u0 = u0 < 0 ? 0 : u0;
			v0 = v0 < 0 ? 0 : v0;
			u1 = u1 > rw ? rw : u1;
			v1 = v1 > rh ? rh : v1;
			sx0 = (int)u0;
			sy0 = (int)v0;
			if (u1 <= sx0 + 2 && v1 <= sy0 + 2 && sx0 + 1 < rw && sy0 + 1 < rh) {
				/* the usual case, the box within 2x2 source pixels */
				const unsigned char *r0 = win + (size_t)sy0 * rw + sx0, *r1 = r0 + rw;
				double x1 = sx0 + 1, y1 = sy0 + 1;
				if (!(r0[0] | r0[1] | r1[0] | r1[1]))
					continue;   /* fill */
				double wx0 = LESS(u1, x1) - u0, wx1 = u1 > x1 ? u1 - x1 : 0;
				double wy0 = LESS(v1, y1) - v0, wy1 = v1 > y1 ? v1 - y1 : 0;
				double w00 = wx0 * wy0, w01 = wx1 * wy0, w10 = wx0 * wy1, w11 = wx1 * wy1;
				acc = w00 * r0[0] + w01 * r0[1] + w10 * r1[0] + w11 * r1[1];
				wsum = w00 * (r0[0] != 0) + w01 * (r0[1] != 0) + w10 * (r1[0] != 0) + w11 * (r1[1] != 0);
				goto done;
			}
			sx1 = (int)u1 + (u1 > (int)u1);
			sy1 = (int)v1 + (v1 > (int)v1);
			if (sx1 - sx0 > 16)
				sx1 = sx0 + 16;   /* f keeps boxes near one pixel; a corner case */
			for (int k = 0; k < sx1 - sx0; k++) {
				double a = sx0 + k;
				wx[k] = LESS(u1, a + 1) - MORE(u0, a);
			}
			for (int sy = sy0; sy < sy1; sy++) {
				const unsigned char *r = win + (size_t)sy * rw + sx0;
				double wy = LESS(v1, sy + 1) - MORE(v0, sy), rowacc = 0, roww = 0;
				for (int k = 0; k < sx1 - sx0; k++)
					if (r[k]) {
						rowacc += wx[k] * r[k];
						roww += wx[k];
					}
				acc += wy * rowacc;
				wsum += wy * roww;
			}
done:
			/* a sliver of the raster edge (rounding) is not a pixel */
			if (wsum > 1e-3 * area + 1e-9) {
				int v = (int)(acc / wsum + 0.5);
				o[rx0 + i] = v < 1 ? 1 : v > 255 ? 255 : v;
			}
		}
		t = ax, ax = bx, bx = t;
		t = ay, ay = by, by = t;
	}
	free(z);
	free(ok);
}

static GDALDatasetH
mem_dataset(int w, int h, unsigned char *px, const double gt[6], const char *wkt)
{
	GDALDatasetH ds = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 0, GDT_Byte, NULL);
	char opt[64], *opts[] = { opt, NULL };

	if (!ds)
		return NULL;
	snprintf(opt, sizeof opt, "DATAPOINTER=%p", (void *)px);
	GDALAddBand(ds, GDT_Byte, opts);
	GDALSetGeoTransform(ds, (double *)gt);
	GDALSetProjection(ds, wkt);
	GDALSetRasterNoDataValue(GDALGetRasterBand(ds, 1), 0);
	return ds;
}

/* Any other algorithm: GDAL's warper from the window to a scratch
 * metatile, whose pixels then fill what is still fill in dst. */
static int
gdal_warp(struct tiles_worker *w, const struct tiles_src *s, const double wgt[6], int rw, int rh,
    const double dstgt[6], int S, int rx0, int ry0, int rx1, int ry1, int alg, unsigned char *dst, char **err)
{
	GDALDatasetH sds, dds;
	GDALWarpOptions *o;
	GDALWarpOperationH op;
	void *gen, *ap;
	CPLErr e;

	if (!w->tmp)
		w->tmp = a2_malloc((size_t)S * S);
	memset(w->tmp, 0, (size_t)S * S);
	sds = mem_dataset(rw, rh, w->win, wgt, s->wkt);
	dds = mem_dataset(S, S, w->tmp, dstgt, tiles_merc_wkt());
	gen = GDALCreateGenImgProjTransformer3(s->wkt, wgt, tiles_merc_wkt(), dstgt);
	if (!sds || !dds || !gen) {
		*err = a2_asprintf("%s: GDAL warper setup: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	ap = GDALCreateApproxTransformer(GDALGenImgProjTransform, gen, 0.125);
	GDALApproxTransformerOwnsSubtransformer(ap, TRUE);
	o = GDALCreateWarpOptions();
	o->hSrcDS = sds;
	o->hDstDS = dds;
	o->nBandCount = 1;
	o->panSrcBands = CPLMalloc(sizeof(int));
	o->panDstBands = CPLMalloc(sizeof(int));
	o->panSrcBands[0] = o->panDstBands[0] = 1;
	o->eResampleAlg = alg;
	o->eWorkingDataType = GDT_Byte;
	o->padfSrcNoDataReal = CPLCalloc(1, sizeof(double));
	o->padfDstNoDataReal = CPLCalloc(1, sizeof(double));
	o->papszWarpOptions = CSLSetNameValue(o->papszWarpOptions, "INIT_DEST", "NO_DATA");
	o->dfWarpMemoryLimit = 64.0 * 1024 * 1024;
	o->pfnTransformer = GDALApproxTransform;
	o->pTransformerArg = ap;
	op = GDALCreateWarpOperation(o);
	e = op ? GDALChunkAndWarpImage(op, rx0, ry0, rx1 - rx0, ry1 - ry0) : CE_Failure;
	if (op)
		GDALDestroyWarpOperation(op);
	GDALDestroyApproxTransformer(ap);
	o->pTransformerArg = NULL;
	GDALDestroyWarpOptions(o);
	GDALClose(sds);
	GDALClose(dds);
	if (e != CE_None) {
		*err = a2_asprintf("%s: GDAL warper: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	for (int j = ry0; j < ry1; j++) {
		unsigned char *d = dst + (size_t)j * S, *t = w->tmp + (size_t)j * S;
		for (int i = rx0; i < rx1; i++)
			if (!d[i])
				d[i] = t[i];
	}
	return 0;
}

/* Whether two x ranges overlap, one of them possibly a world away. */
static int
x_overlap(double a0, double a1, double b0, double b1)
{
	for (int k = -1; k <= 1; k++)
		if (a0 + k * 2 * TILES_R < b1 && b0 < a1 + k * 2 * TILES_R)
			return 1;
	return 0;
}

int
tiles_warp(struct tiles_worker *w, int li, int si, const double dstgt[6], int S,
    unsigned char *dst, char **err)
{
	const struct tiles_layer *L = &w->t->layer[li];
	const struct tiles_src *s = &L->src[si];
	double mx0 = dstgt[0], mx1 = dstgt[0] + S * dstgt[1], my1 = dstgt[3], my0 = dstgt[3] + S * dstgt[5];
	double px[4 * 65], py[4 * 65], pz[4 * 65], lo[2], hi[2], ratio, wgt[6];
	int ok[4 * 65], n = 0, rx0 = 0, ry0 = 0, rx1 = S, ry1 = S, x0, y0, x1, y1, f, rw, rh;
	double world = 2 * TILES_R / dstgt[1];   /* the world's width in metatile pixels */

	if (!(s->merc[1] < my1 && my0 < s->merc[3]) || !x_overlap(s->merc[0], s->merc[2], mx0, mx1))
		return 0;
	if (open_source(w, li, si, err) != 0)
		return -1;
	GDALSetGenImgProjTransformerDstGeoTransform(w->gen[li][si], dstgt);

	/* the part of the metatile the source outline can reach */
	for (int e = 0; e < 4; e++)
		for (int k = 0; k <= 64; k++, n++) {
			double a = (double)k / 64;
			px[n] = e == 0 ? a * s->w : e == 1 ? s->w : e == 2 ? (1 - a) * s->w : 0;
			py[n] = e == 0 ? 0 : e == 1 ? a * s->h : e == 2 ? s->h : (1 - a) * s->h;
			pz[n] = 0;
		}
	GDALGenImgProjTransform(w->gen[li][si], FALSE, n, px, py, pz, ok);
	lo[0] = lo[1] = HUGE_VAL;
	hi[0] = hi[1] = -HUGE_VAL;
	for (int k = 0; k < n; k++)
		if (ok[k]) {
			/* across the antimeridian, the world copy nearest this metatile */
			px[k] -= world * round((px[k] - S / 2.0) / world);
			lo[0] = fmin(lo[0], px[k]);
			hi[0] = fmax(hi[0], px[k]);
			lo[1] = fmin(lo[1], py[k]);
			hi[1] = fmax(hi[1], py[k]);
		}
	/* around a pole the outline does not enclose the raster's inside */
	if (lo[0] <= hi[0] && !s->pole) {
		rx0 = lo[0] > 0 ? (int)floor(lo[0]) : 0;
		ry0 = lo[1] > 0 ? (int)floor(lo[1]) : 0;
		rx1 = hi[0] < S ? (int)ceil(hi[0]) : S;
		ry1 = hi[1] < S ? (int)ceil(hi[1]) : S;
		if (rx0 >= rx1 || ry0 >= ry1)
			return 0;
	}

	/* the source window that region reads */
	n = 0;
	for (int e = 0; e < 4; e++)
		for (int k = 0; k <= 64; k++, n++) {
			double a = (double)k / 64;
			px[n] = e == 0 ? rx0 + a * (rx1 - rx0) : e == 1 ? rx1 : e == 2 ? rx1 - a * (rx1 - rx0) : rx0;
			py[n] = e == 0 ? ry0 : e == 1 ? ry0 + a * (ry1 - ry0) : e == 2 ? ry1 : ry1 - a * (ry1 - ry0);
			pz[n] = 0;
		}
	GDALGenImgProjTransform(w->gen[li][si], TRUE, n, px, py, pz, ok);
	lo[0] = lo[1] = HUGE_VAL;
	hi[0] = hi[1] = -HUGE_VAL;
	for (int k = 0; k < n; k++)
		if (ok[k] && isfinite(px[k]) && isfinite(py[k])) {
			lo[0] = fmin(lo[0], px[k]);
			hi[0] = fmax(hi[0], px[k]);
			lo[1] = fmin(lo[1], py[k]);
			hi[1] = fmax(hi[1], py[k]);
		}
	if (lo[0] > hi[0])
		return 0;
	x0 = lo[0] - 1 > 0 ? (int)floor(lo[0] - 1) : 0;
	y0 = lo[1] - 1 > 0 ? (int)floor(lo[1] - 1) : 0;
	x1 = hi[0] + 1 < s->w ? (int)ceil(hi[0] + 1) : s->w;
	y1 = hi[1] + 1 < s->h ? (int)ceil(hi[1] + 1) : s->h;
	if (x0 >= x1 || y0 >= y1)
		return 0;

	/* Far more source pixels than metatile pixels: average whole blocks
	 * while reading, so the window stays about the metatile's size. */
	ratio = fmax((double)(x1 - x0) / (rx1 - rx0), (double)(y1 - y0) / (ry1 - ry0));
	f = ratio >= 2 ? (int)ratio : 1;
	if ((L->gunw ? tiles_gunw_read_window(w, L, GDALGetRasterBand(w->ds[li][si], 1), x0, y0, x1, y1, f, &rw,
	    &rh, err) : read_window(w, li, si, GDALGetRasterBand(w->ds[li][si], 1), L->lut, x0, y0, x1, y1, f,
	    &rw, &rh, err)) != 0) {
		char *e = *err;
		*err = a2_asprintf("%s: %s", s->path, e);
		free(e);
		return -1;
	}
	/* the phase: nearest neighbour, no mean across the wrap */
	if (w->t->o.resampling == TILES_RESAMPLE_A2 && L->gunw != TILES_GUNW_PHASE) {
		average(w, w->approx[li][si], rx0, ry0, rx1, ry1, x0, y0, f, rw, rh, dst, S);
		return 0;
	}
	wgt[0] = s->gt[0] + x0 * s->gt[1] + y0 * s->gt[2];
	wgt[1] = s->gt[1] * f;
	wgt[2] = s->gt[2] * f;
	wgt[3] = s->gt[3] + x0 * s->gt[4] + y0 * s->gt[5];
	wgt[4] = s->gt[4] * f;
	wgt[5] = s->gt[5] * f;
	return gdal_warp(w, s, wgt, rw, rh, dstgt, S, rx0, ry0, rx1, ry1,
	    L->gunw == TILES_GUNW_PHASE ? GRA_NearestNeighbour : w->t->o.resampling, dst, err);
}
