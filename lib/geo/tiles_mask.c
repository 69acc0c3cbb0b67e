/*
 * tiles_mask.c: the quality mask of an L2.2 NRB scene (its _MSK.tif,
 * palsar2-scansar-nrb.md §5) under a2tiles' layers: wherever its code is
 * not 1 (valid) -- 0 no data, 2 layover, 3 shadow, 4 ocean water, 5
 * invalid -- the source's DN is made 0 before the lookup table, so that
 * pixel is fill (transparent) in every layer, the composite and the
 * browse images, and left out of the stretch's statistics. The mask is
 * read in the same window as the band: it must be on the same grid.
 */
#include <cpl_conv.h>
#include <gdal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/tiles_int.h"

#define MSK_VALID 1

void
tiles_set_mask(struct tiles_set *t, const char *path, const char *mask)
{
	struct tiles_src *last = NULL;

	for (int i = 0; mask && i < t->nlayers; i++)
		for (int s = 0; s < t->layer[i].nsrc; s++)
			if (strcmp(t->layer[i].src[s].path, path) == 0 && !t->layer[i].src[s].mask)
				last = &t->layer[i].src[s];
	if (last)
		last->mask = a2_strdup(mask);
}

void
tiles_mask_composite(struct tiles_set *t)
{
	int masked = 0, co = 0, cross = 0;

	for (int i = 0; i < t->nlayers; i++) {
		const char *n = t->layer[i].name;
		for (int s = 0; s < t->layer[i].nsrc; s++)
			masked |= t->layer[i].src[s].mask != NULL;
		co |= strcmp(n, "HH") == 0 || strcmp(n, "VV") == 0;
		cross |= strcmp(n, "HV") == 0 || strcmp(n, "VH") == 0;
	}
	if (masked && co && cross)
		t->o.composite = 1;
}

char *
tiles_mask_beside(const char *tif)
{
	static const char *const pols[] = { "_HH_SLP.tif", "_HV_SLP.tif", "_VH_SLP.tif", "_VV_SLP.tif" };
	size_t n = strlen(tif), k = strlen(pols[0]);
	char *m;

	for (int i = 0; i < 4; i++)
		if (n > k && strcmp(tif + n - k, pols[i]) == 0) {
			m = a2_asprintf("%.*s_MSK.tif", (int)(n - k), tif);
			if (access(m, F_OK) == 0)
				return m;
			free(m);
		}
	return NULL;
}

void
tiles_input_masks(struct tiles_input *in, int from, const char *mask)
{
	if (!in->ntifs)
		return;
	in->masks = a2_realloc(in->masks, in->ntifs * sizeof *in->masks);
	for (int k = from; k < in->ntifs; k++)
		in->masks[k] = mask ? a2_strdup(mask) : NULL;
}

int
tiles_mask_check(struct tiles_src *s, char **err)
{
	GDALDatasetH ds = GDALOpen(s->mask, GA_ReadOnly);
	double gt[6];
	struct stat st;
	int w, h, rc = -1;

	if (!ds) {
		*err = a2_asprintf("%s: %s", s->mask, CPLGetLastErrorMsg());
		return -1;
	}
	w = GDALGetRasterXSize(ds);
	h = GDALGetRasterYSize(ds);
	if (GDALGetRasterCount(ds) < 1 || GDALGetGeoTransform(ds, gt) != CE_None) {
		*err = a2_asprintf("%s: the mask of %s has no geotransform", s->mask, a2_basename(s->path));
		goto out;
	}
	if (w != s->w || h != s->h) {
		*err = a2_asprintf("%s: mask of %dx%d pixels, not the %dx%d of %s", s->mask, w, h, s->w, s->h,
		    a2_basename(s->path));
		goto out;
	}
	for (int k = 0; k < 6; k++)
		if (fabs(gt[k] - s->gt[k]) > 1e-6 * fabs(s->gt[1])) {
			*err = a2_asprintf("%s: mask geotransform (%.17g %.17g %.17g %.17g %.17g %.17g) is not that "
			    "of %s (%.17g %.17g %.17g %.17g %.17g %.17g)", s->mask, gt[0], gt[1], gt[2], gt[3], gt[4],
			    gt[5], a2_basename(s->path), s->gt[0], s->gt[1], s->gt[2], s->gt[3], s->gt[4], s->gt[5]);
			goto out;
		}
	if (stat(s->mask, &st) == 0) {
		s->mask_size = st.st_size;
		s->mask_mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
	rc = 0;
out:
	GDALClose(ds);
	return rc;
}

char *
tiles_mask_ident(const struct tiles_src *s)
{
	char *r;

	if (!s->mask)
		return a2_strdup("");
	r = realpath(s->mask, NULL);
	if (r) {
		char *m = a2_asprintf(" mask %s %lld %lld", r, s->mask_size, s->mask_mtime_ns);
		free(r);
		return m;
	}
	return a2_asprintf(" mask %s %lld %lld", s->mask, s->mask_size, s->mask_mtime_ns);
}

int
tiles_mask_window(GDALDatasetH mds, const char *path, int x0, int y0, int w, int h, int bw, int bh,
    uint16_t *dn, uint8_t **buf, size_t *cap, char **err)
{
	size_t n = (size_t)bw * bh;
	uint8_t *m;

	if (n > *cap) {
		free(*buf);
		*cap = n;
		*buf = a2_malloc(n);
	}
	m = *buf;
	if (GDALRasterIO(GDALGetRasterBand(mds, 1), GF_Read, x0, y0, w, h, m, bw, bh, GDT_Byte, 0, 0) != CE_None) {
		*err = a2_asprintf("%s: read error: %s", path, CPLGetLastErrorMsg());
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		dn[i] = m[i] == MSK_VALID ? dn[i] : 0;
	return 0;
}

int
tiles_mask_sample(const struct tiles_src *s, uint16_t *dn, int bw, int bh, char **err)
{
	GDALDatasetH ds = GDALOpen(s->mask, GA_ReadOnly);
	uint8_t *buf = NULL;
	size_t cap = 0;
	int rc;

	if (!ds) {
		*err = a2_asprintf("%s: %s", s->mask, CPLGetLastErrorMsg());
		return -1;
	}
	rc = tiles_mask_window(ds, s->mask, 0, 0, s->w, s->h, bw, bh, dn, &buf, &cap, err);
	free(buf);
	GDALClose(ds);
	return rc;
}

int
tiles_mask_strip(struct tiles_worker *w, int li, int si, int x0, int y0, int ww, int n, char **err)
{
	const struct tiles_src *s = &w->t->layer[li].src[si];

	if (!s->mask)
		return 0;
	if (!w->mds[li])
		w->mds[li] = a2_calloc(w->t->layer[li].nsrc, sizeof *w->mds[li]);
	if (!w->mds[li][si] && !(w->mds[li][si] = GDALOpenEx(s->mask, GDAL_OF_RASTER | GDAL_OF_READONLY |
	    GDAL_OF_VERBOSE_ERROR, NULL, NULL, NULL))) {
		*err = a2_asprintf("%s: %s", s->mask, CPLGetLastErrorMsg());
		return -1;
	}
	return tiles_mask_window(w->mds[li][si], s->mask, x0, y0, ww, n, ww, n, w->strip, &w->mstrip,
	    &w->mstripcap, err);
}

void
tiles_mask_worker_free(struct tiles_worker *w)
{
	for (int i = 0; i < TILES_MAXLAYERS; i++) {
		for (int s = 0; w->mds[i] && s < w->t->layer[i].nsrc; s++)
			if (w->mds[i][s])
				GDALClose(w->mds[i][s]);
		free(w->mds[i]);
	}
	free(w->mstrip);
}
