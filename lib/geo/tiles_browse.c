/*
 * tiles_browse.c: the browse images the original job made (ingest-jobs.md
 * §5.7), named as it named them: NAME_disp.browse.png at a tenth of the
 * size and NAME_disp.browse_small.png within 250x250 for each GeoTIFF, in
 * dB with the tiles' stretch; NAME.browse.png and NAME.browse_small.png for
 * each JAXA BRS jpg of an L1.1 product.
 */
#include <gdal.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/a2.h"
#include "geo/pngw.h"
#include "geo/tiles_int.h"

#define SMALL 250

/* One output image being averaged from source rows. */
struct acc {
	int w, h, row;
	uint32_t *sum;
	uint32_t *cnt;
	int *col;              /* source column -> output column */
	unsigned char *px;
};

static void
acc_init(struct acc *a, int w, int h, int sw)
{
	a->w = w;
	a->h = h;
	a->row = 0;
	a->sum = a2_calloc(w, sizeof *a->sum);
	a->cnt = a2_calloc(w, sizeof *a->cnt);
	a->col = a2_malloc(sw * sizeof *a->col);
	for (int x = 0; x < sw; x++)
		a->col[x] = (int)((int64_t)x * w / sw);
	a->px = a2_calloc((size_t)w, h);
}

static void
acc_flush(struct acc *a)
{
	unsigned char *o = a->px + (size_t)a->row * a->w;

	for (int x = 0; x < a->w; x++) {
		o[x] = a->cnt[x] ? (a->sum[x] + a->cnt[x] / 2) / a->cnt[x] : 0;
		a->sum[x] = a->cnt[x] = 0;
	}
}

/* Source row y (already through the lookup table) into the image. */
static void
acc_row(struct acc *a, int y, int sh, const unsigned char *v, int sw)
{
	int r = (int)((int64_t)y * a->h / sh);

	if (r != a->row) {
		acc_flush(a);
		a->row = r;
	}
	for (int x = 0; x < sw; x++)
		if (v[x]) {
			a->sum[a->col[x]] += v[x];
			a->cnt[a->col[x]]++;
		}
}

static void
acc_free(struct acc *a)
{
	free(a->sum);
	free(a->cnt);
	free(a->col);
	free(a->px);
}

static int
write_png(const char *path, const unsigned char *px, int w, int h, int chans, enum pngw_kind kind,
    json_t *out, char **err)
{
	struct pngw_buf b = { 0 };
	const char *e;

	if (pngw_encode(&b, px, w, h, (size_t)w * chans, kind, 6, &e) != 0) {
		*err = a2_asprintf("%s: %s", path, e);
		return -1;
	}
	a2_write_file(path, b.data, b.len, 0644);
	pngw_buf_free(&b);
	if (out)
		json_array_append_new(out, json_string(path));
	return 0;
}

/* The size that fits w x h into SMALL x SMALL (ImageMagick's -resize). */
static void
fit_small(int w, int h, int *ow, int *oh)
{
	double s = fmin((double)SMALL / w, (double)SMALL / h);

	*ow = (int)(w * s + 0.5);
	*oh = (int)(h * s + 0.5);
	*ow += !*ow;
	*oh += !*oh;
}

static char *
stem(const char *path, const char *ext)
{
	const char *b = a2_basename(path);
	size_t n = strlen(b), e = strlen(ext);

	if (n > e && strcasecmp(b + n - e, ext) == 0)
		n -= e;
	return a2_strndup(b, n);
}

static int
browse_tif(const struct tiles_src *s, const unsigned char *lut, const char *outdir, json_t *out,
    char **err)
{
	GDALDatasetH ds = GDALOpen(s->path, GA_ReadOnly), mds = NULL;
	struct acc big, small;
	uint8_t *mbuf = NULL;
	size_t mcap = 0;
	int bw = (int)(s->w * 0.1 + 0.5), bh = (int)(s->h * 0.1 + 0.5), sw, sh, rows, rc = -1;
	uint16_t *dn;
	unsigned char *v;
	char *name, *p1, *p2;

	if (!ds) {
		*err = a2_asprintf("%s: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	if (s->mask && !(mds = GDALOpen(s->mask, GA_ReadOnly))) {
		*err = a2_asprintf("%s: %s", s->mask, CPLGetLastErrorMsg());
		GDALClose(ds);
		return -1;
	}
	bw += !bw;
	bh += !bh;
	fit_small(s->w, s->h, &sw, &sh);
	acc_init(&big, bw, bh, s->w);
	acc_init(&small, sw, sh, s->w);
	rows = (4 << 20) / (2 * s->w);
	rows = rows < 1 ? 1 : rows;
	dn = a2_malloc((size_t)s->w * rows * sizeof *dn);
	v = a2_malloc(s->w);
	for (int y = 0; y < s->h; y += rows) {
		int n = y + rows > s->h ? s->h - y : rows;
		if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, y, s->w, n, dn, s->w, n, GDT_UInt16, 0, 0)
		    != CE_None) {
			*err = a2_asprintf("%s: read error: %s", s->path, CPLGetLastErrorMsg());
			goto out;
		}
		if (mds && tiles_mask_window(mds, s->mask, 0, y, s->w, n, s->w, n, dn, &mbuf, &mcap, err) != 0)
			goto out;
		for (int k = 0; k < n; k++) {
			const uint16_t *r = dn + (size_t)k * s->w;
			for (int x = 0; x < s->w; x++)
				v[x] = lut[r[x]];
			acc_row(&big, y + k, s->h, v, s->w);
			acc_row(&small, y + k, s->h, v, s->w);
		}
	}
	acc_flush(&big);
	acc_flush(&small);
	name = stem(s->path, ".tif");
	p1 = a2_asprintf("%s/%s_disp.browse.png", outdir, name);
	p2 = a2_asprintf("%s/%s_disp.browse_small.png", outdir, name);
	if (write_png(p1, big.px, bw, bh, 1, PNGW_PALETTE, out, err) == 0 &&
	    write_png(p2, small.px, sw, sh, 1, PNGW_PALETTE, out, err) == 0)
		rc = 0;
	free(name);
	free(p1);
	free(p2);
out:
	free(dn);
	free(v);
	acc_free(&big);
	acc_free(&small);
	GDALClose(ds);
	if (mds)
		GDALClose(mds);
	free(mbuf);
	return rc;
}

struct browse_job {
	const struct tiles_set *t;
	const struct tiles_src *src;
	const unsigned char *lut;
	const char *outdir;
	json_t *out;
	char *err;
};

struct browse_pool {
	struct browse_job *jobs;
	int n, next;
};

static void *
browse_thread(void *arg)
{
	struct browse_pool *p = arg;
	int i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n) {
		struct browse_job *j = &p->jobs[i];
		browse_tif(j->src, j->lut, j->outdir, j->out, &j->err);
	}
	return NULL;
}

int
tiles_browse(const struct tiles_set *t, const char *outdir, json_t *out, char **err)
{
	struct browse_pool p = { 0 };
	pthread_t th[64];
	int nt = 0, rc = 0;

	a2_tmp_sweep(outdir, NULL); /* browse images a killed run left half-written */

	for (int i = 0; i < t->nlayers; i++)
		for (int s = 0; !t->layer[i].composite && !t->layer[i].gunw && s < t->layer[i].nsrc; s++) {
			p.jobs = a2_realloc(p.jobs, (p.n + 1) * sizeof *p.jobs);
			p.jobs[p.n++] = (struct browse_job){ t, &t->layer[i].src[s], t->layer[i].lut, outdir,
			    json_array(), NULL };
		}
	/* one source a thread: each reads its whole file */
	for (int i = 1; i < t->o.threads && i < p.n && nt < 64; i++)
		if (pthread_create(&th[nt], NULL, browse_thread, &p) == 0)
			nt++;
	browse_thread(&p);
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < p.n; i++) {
		if (p.jobs[i].err && rc == 0) {
			*err = p.jobs[i].err;
			p.jobs[i].err = NULL;
			rc = -1;
		}
		free(p.jobs[i].err);
		json_array_extend(out, p.jobs[i].out);
		json_decref(p.jobs[i].out);
	}
	free(p.jobs);
	return rc == 0 ? tiles_gunw_browse(t, outdir, out, err) : rc;
}

/* The jpg's bands (1 or 3) averaged down to w x h, interleaved. */
static unsigned char *
read_scaled(GDALDatasetH ds, int chans, int w, int h)
{
	unsigned char *px = a2_malloc((size_t)w * h * chans);
	int bands[3] = { 1, 2, 3 };
	GDALRasterIOExtraArg arg;

	INIT_RASTERIO_EXTRA_ARG(arg);
	arg.eResampleAlg = GRIORA_Average;
	if (GDALDatasetRasterIOEx(ds, GF_Read, 0, 0, GDALGetRasterXSize(ds), GDALGetRasterYSize(ds), px, w, h,
	    GDT_Byte, chans, bands, chans, (GSpacing)w * chans, 1, &arg) != CE_None) {
		free(px);
		return NULL;
	}
	return px;
}

int
tiles_browse_jpg(const char *jpg, const char *outdir, json_t *out, char **err)
{
	GDALDatasetH ds;
	int w, h, chans, bw, bh, sw, sh, rc = -1;
	unsigned char *big = NULL, *small = NULL;
	char *name, *p1 = NULL, *p2 = NULL;

	tiles_gdal_init();
	if (!(ds = GDALOpen(jpg, GA_ReadOnly))) {
		*err = a2_asprintf("%s: %s", jpg, CPLGetLastErrorMsg());
		return -1;
	}
	w = GDALGetRasterXSize(ds);
	h = GDALGetRasterYSize(ds);
	chans = GDALGetRasterCount(ds) >= 3 ? 3 : 1;
	bw = w;
	/* ScanSAR browse is five times as tall as wide: the original
	 * squeezed it to 40% (gdal_translate -outsize 100% 40%) */
	bh = strstr(a2_basename(jpg), "WBD") ? (int)(h * 0.4 + 0.5) : h;
	bh += !bh;
	fit_small(bw, bh, &sw, &sh);
	name = stem(jpg, ".jpg");
	p1 = a2_asprintf("%s/%s.browse.png", outdir, name);
	p2 = a2_asprintf("%s/%s.browse_small.png", outdir, name);
	if (!(big = read_scaled(ds, chans, bw, bh)) || !(small = read_scaled(ds, chans, sw, sh))) {
		*err = a2_asprintf("%s: read error: %s", jpg, CPLGetLastErrorMsg());
		goto out;
	}
	if (write_png(p1, big, bw, bh, chans, chans == 3 ? PNGW_RGB : PNGW_GREY, out, err) == 0 &&
	    write_png(p2, small, sw, sh, chans, chans == 3 ? PNGW_RGB : PNGW_GREY, out, err) == 0)
		rc = 0;
out:
	free(big);
	free(small);
	free(name);
	free(p1);
	free(p2);
	GDALClose(ds);
	return rc;
}
