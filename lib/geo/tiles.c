/*
 * tiles.c: the layers a2tiles makes: which polarisation a file holds, the
 * georeferencing and Web Mercator bounds of the sources (antimeridian and
 * poles included), the zoom range, and the display stretch from the
 * scene's statistics as a lookup table from DN to bytes.
 */
#include <ctype.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/a2.h"
#include "geo/tiles_int.h"

static const char *const pol_names[] = { "HH", "HV", "VH", "VV" };
#define MAXLAT 85.0511287798066

void
tiles_gdal_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	CPLSetErrorHandler(CPLQuietErrorHandler);
	/* Sources are read once per metatile window, in order: a big block
	 * cache buys nothing and would be most of the memory used. */
	if (!CPLGetConfigOption("GDAL_CACHEMAX", NULL))
		GDALSetCacheMax64(64 << 20);
	/* JAXA's GeoTIFFs are uncompressed strips: a metatile's window is
	 * read straight from the file, not a whole row at a time through the
	 * block cache (which read each row once per metatile column) */
	if (!CPLGetConfigOption("GTIFF_DIRECT_IO", NULL))
		CPLSetConfigOption("GTIFF_DIRECT_IO", "YES");
	GDALAllRegister();
}

double
tiles_span(int z)
{
	return 2 * TILES_R / (double)(1u << z);
}

void
tiles_bounds(int z, int x, int y, double b[4])
{
	double s = tiles_span(z);

	b[0] = -TILES_R + x * s;
	b[1] = TILES_R - (y + 1) * s;
	b[2] = -TILES_R + (x + 1) * s;
	b[3] = TILES_R - y * s;
}

static int
is_pol(const char *p)
{
	for (int i = 0; i < 4; i++)
		if (strncmp(p, pol_names[i], 2) == 0)
			return 1;
	return 0;
}

int
tiles_pol_of(const char *path, char pol[3])
{
	const char *b = a2_basename(path), *d;
	GDALDatasetH ds;

	pol[0] = 0;
	/* JAXA IMG-HH-..., the mosaic's ..._sl_HH_F02DAR.tif / ..._HH.tif */
	if (strncmp(b, "IMG-", 4) == 0 && is_pol(b + 4) && b[6] == '-')
		d = b + 4;
	else
		for (d = b; (d = strchr(d, '_')); d++)
			if (is_pol(d + 1) && (d[3] == '_' || d[3] == '.')) {
				d++;
				break;
			}
	if (d) {
		memcpy(pol, d, 2);
		pol[2] = 0;
		return 1;
	}
	/* JAXA GeoTIFFs also say it in ImageDescription */
	tiles_gdal_init();
	if ((ds = GDALOpen(path, GA_ReadOnly))) {
		const char *v = GDALGetMetadataItem(ds, "TIFFTAG_IMAGEDESCRIPTION", NULL);
		if (!v && GDALGetRasterCount(ds) > 0)
			v = GDALGetDescription(GDALGetRasterBand(ds, 1));
		if (v && strlen(v) == 2 && is_pol(v)) {
			memcpy(pol, v, 2);
			pol[2] = 0;
		}
		GDALClose(ds);
		if (pol[0])
			return 1;
	}
	return 0;
}

void
tiles_set_init(struct tiles_set *t, const struct tiles_opts *o)
{
	memset(t, 0, sizeof *t);
	t->o = *o;
}

void
tiles_set_free(struct tiles_set *t)
{
	for (int i = 0; i < t->nlayers; i++) {
		struct tiles_layer *L = &t->layer[i];
		for (int s = 0; s < L->nsrc; s++) {
			free(L->src[s].path);
			free(L->src[s].wkt);
			free(L->src[s].mask);
		}
		free(L->src);
		free(L->lut);
		free(L->blut);
	}
	memset(t, 0, sizeof *t);
}

int
tiles_set_add(struct tiles_set *t, const char *path, char **err)
{
	char pol[3] = "";
	struct tiles_layer *L = NULL;

	if (tiles_gunw_add(t, path))
		return 0;
	if (!tiles_pol_of(path, pol)) {
		*err = a2_asprintf("%s: cannot tell its polarisation (name it IMG-HH-..., or "
		    "give it an ImageDescription of HH, HV, VH or VV)", path);
		return -1;
	}
	for (int i = 0; i < t->nlayers; i++)
		if (strcmp(t->layer[i].name, pol) == 0)
			L = &t->layer[i];
	if (!L) {
		L = &t->layer[t->nlayers++];
		snprintf(L->name, sizeof L->name, "%s", pol);
	}
	L->src = a2_realloc(L->src, (L->nsrc + 1) * sizeof *L->src);
	memset(&L->src[L->nsrc], 0, sizeof *L->src);
	L->src[L->nsrc++].path = a2_strdup(path);
	return 0;
}

static int
pol_rank(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, pol_names[i]) == 0)
			return i;
	return 4;
}

static int
layer_cmp(const void *a, const void *b)
{
	const struct tiles_layer *x = a, *y = b;

	return pol_rank(x->name) != pol_rank(y->name) ? pol_rank(x->name) - pol_rank(y->name) : x->gunw - y->gunw;
}

static double
merc_y(double lat)
{
	lat = lat > MAXLAT ? MAXLAT : lat < -MAXLAT ? -MAXLAT : lat;
	return 6378137.0 * log(tan(M_PI / 4 + lat * M_PI / 360));
}

/* Lon/lat bounds of a source from its outline (w s e n, e > 180 when it
 * crosses the antimeridian), the pixel size in metres and whether it holds
 * a pole. */
static int
src_geometry(struct tiles_src *s, double ll[4], char **err)
{
	enum { K = 64 };
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL), wgs = OSRNewSpatialReference(NULL);
	OGRCoordinateTransformationH ct = NULL, back = NULL;
	double x[4 * K + 2], y[4 * K + 2], z[4 * K + 2];
	int ok[4 * K + 2], n = 0, good = 0, cross = 0, rc = -1;
	const char *wkt = s->wkt;

	if (OSRImportFromWkt(srs, (char **)&wkt) != OGRERR_NONE) {
		*err = a2_asprintf("%s: cannot read its coordinate system", s->path);
		goto out;
	}
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	OSRImportFromEPSG(wgs, 4326);
	OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
	if (!(ct = OCTNewCoordinateTransformation(srs, wgs)) || !(back = OCTNewCoordinateTransformation(wgs, srs))) {
		*err = a2_asprintf("%s: no transformation to WGS 84: %s", s->path, CPLGetLastErrorMsg());
		goto out;
	}
	for (int e = 0; e < 4; e++)
		for (int k = 0; k < K; k++, n++) {
			double a = (double)k / K;
			double px = e == 0 ? a * s->w : e == 1 ? s->w : e == 2 ? (1 - a) * s->w : 0;
			double py = e == 0 ? 0 : e == 1 ? a * s->h : e == 2 ? s->h : (1 - a) * s->h;
			x[n] = s->gt[0] + px * s->gt[1] + py * s->gt[2];
			y[n] = s->gt[3] + px * s->gt[4] + py * s->gt[5];
			z[n] = 0;
		}
	/* the centre pixel and its neighbour: the pixel size on the ground */
	for (int k = 0; k < 2; k++, n++) {
		double px = s->w / 2.0 + k, py = s->h / 2.0;
		x[n] = s->gt[0] + px * s->gt[1] + py * s->gt[2];
		y[n] = s->gt[3] + px * s->gt[4] + py * s->gt[5];
		z[n] = 0;
	}
	OCTTransformEx(ct, n, x, y, z, ok);
	ll[0] = ll[1] = HUGE_VAL;
	ll[2] = ll[3] = -HUGE_VAL;
	for (int k = 0, prev = -1; k < 4 * K; k++) {
		if (!ok[k])
			continue;
		if (prev >= 0 && fabs(x[k] - x[prev]) > 180)
			cross = 1;
		prev = k;
		good++;
	}
	if (good < 4) {
		*err = a2_asprintf("%s: its corners do not transform to WGS 84", s->path);
		goto out;
	}
	for (int k = 0; k < 4 * K; k++) {
		double lon = x[k];
		if (!ok[k])
			continue;
		if (cross && lon < 0)
			lon += 360;
		ll[0] = fmin(ll[0], lon);
		ll[2] = fmax(ll[2], lon);
		ll[1] = fmin(ll[1], y[k]);
		ll[3] = fmax(ll[3], y[k]);
	}
	if (ok[4 * K] && ok[4 * K + 1]) {
		double la = y[4 * K] * M_PI / 180, lb = y[4 * K + 1] * M_PI / 180;
		double dl = (x[4 * K + 1] - x[4 * K]) * M_PI / 180, h;
		h = pow(sin((lb - la) / 2), 2) + cos(la) * cos(lb) * pow(sin(dl / 2), 2);
		s->res_m = 2 * 6371008.8 * asin(sqrt(h));
	}
	/* a pole inside the raster: every longitude */
	for (int p = -1; p <= 1; p += 2) {
		double px = 0, py = 90.0 * p, pz = 0, det, u, v;
		int pok = 0;
		OCTTransformEx(back, 1, &px, &py, &pz, &pok);
		det = s->gt[1] * s->gt[5] - s->gt[2] * s->gt[4];
		if (!pok || det == 0)
			continue;
		u = ((px - s->gt[0]) * s->gt[5] - (py - s->gt[3]) * s->gt[2]) / det;
		v = ((py - s->gt[3]) * s->gt[1] - (px - s->gt[0]) * s->gt[4]) / det;
		if (u >= 0 && u <= s->w && v >= 0 && v <= s->h) {
			s->pole = 1;
			ll[0] = -180;
			ll[2] = 180;
			if (p > 0)
				ll[3] = 90;
			else
				ll[1] = -90;
		}
	}
	rc = 0;
out:
	if (ct)
		OCTDestroyCoordinateTransformation(ct);
	if (back)
		OCTDestroyCoordinateTransformation(back);
	OSRDestroySpatialReference(srs);
	OSRDestroySpatialReference(wgs);
	return rc;
}

static int
src_open(struct tiles_src *s, char **err)
{
	GDALDatasetH ds = GDALOpen(s->path, GA_ReadOnly);
	struct stat st;
	const char *wkt;

	if (!ds) {
		*err = a2_asprintf("%s: %s", s->path, CPLGetLastErrorMsg());
		return -1;
	}
	s->w = GDALGetRasterXSize(ds);
	s->h = GDALGetRasterYSize(ds);
	wkt = GDALGetProjectionRef(ds);
	if (GDALGetRasterCount(ds) < 1 || GDALGetGeoTransform(ds, s->gt) != CE_None || !wkt || !*wkt) {
		*err = a2_asprintf("%s: not a georeferenced raster (no geotransform or "
		    "coordinate system)", s->path);
		GDALClose(ds);
		return -1;
	}
	s->wkt = a2_strdup(wkt);
	GDALClose(ds);
	if (tiles_gunw_kind(s->path)) {
		/* a GUNW grid: the netCDF file's identity */
		char *f = tiles_gunw_file(s->path);
		if (f && stat(f, &st) == 0) {
			s->size = st.st_size;
			s->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
		}
		free(f);
	} else if (stat(s->path, &st) == 0) {
		s->size = st.st_size;
		s->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
	return 0;
}

/* Nearest-neighbour sample of a source (GDAL uses its overviews when it
 * has some), at most 1024 pixels on a side. */
static uint16_t *
sample(const struct tiles_src *s, int *bw, int *bh, char **err)
{
	GDALDatasetH ds = GDALOpen(s->path, GA_ReadOnly);
	int k = s->w > s->h ? s->w : s->h;
	uint16_t *buf;

	*bw = k > 1024 ? (int)((double)s->w * 1024 / k + 0.5) : s->w;
	*bh = k > 1024 ? (int)((double)s->h * 1024 / k + 0.5) : s->h;
	*bw += !*bw;
	*bh += !*bh;
	buf = a2_malloc((size_t)*bw * *bh * sizeof *buf);
	if (!ds || GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, s->w, s->h, buf, *bw, *bh,
	    GDT_UInt16, 0, 0) != CE_None) {
		*err = a2_asprintf("%s: read error: %s", s->path, CPLGetLastErrorMsg());
		free(buf);
		buf = NULL;
	}
	if (ds)
		GDALClose(ds);
	return buf;
}

static double
db_of_dn(double dn)
{
	return 20 * log10(dn) - 83;
}

/* The p-th fraction of a histogram of nb bins; the bin index. */
static int
percentile(const uint64_t *h, int nb, double p)
{
	uint64_t total = 0, want, run = 0;

	for (int i = 0; i < nb; i++)
		total += h[i];
	want = (uint64_t)(p * total);
	for (int i = 0; i < nb; i++)
		if ((run += h[i]) > want)
			return i;
	return nb - 1;
}

static void
build_lut(struct tiles_layer *L)
{
	double span = L->hi - L->lo;

	L->lut = a2_malloc(65536);
	L->lut[0] = 0;
	for (int d = 1; d < 65536; d++) {
		double v = ((L->stretch == TILES_DB ? db_of_dn(d) : d) - L->lo) / span;
		int b = 1 + (int)floor(254 * v + 0.5);
		L->lut[d] = b < 1 ? 1 : b > 255 ? 255 : b;
	}
	for (int b = 1; b < 256; b++) {
		double v = L->lo + (b - 1) * span / 254;
		L->db[b] = L->stretch == TILES_DB ? v : v > 0 ? db_of_dn(v) : -100;
	}
	L->db[0] = -100;
}

/* 2nd and 98th percentiles of the valid pixels, in dB (0.1 dB steps) or
 * DN; the first source's sample is kept (keep) for the composite's ratio. */
static int
layer_stats(struct tiles_set *t, int li, uint16_t **keep, int *kw, int *kh, char **err)
{
	struct tiles_layer *L = &t->layer[li];
	uint64_t *h = a2_calloc(65536, sizeof *h);
	int lo, hi;

	for (int s = 0; s < L->nsrc; s++) {
		int bw, bh;
		uint16_t *b = sample(&L->src[s], &bw, &bh, err);
		if (b && L->src[s].mask && tiles_mask_sample(&L->src[s], b, bw, bh, err) != 0) {
			free(b);
			b = NULL;
		}
		if (!b) {
			free(h);
			return -1;
		}
		for (size_t i = 0; i < (size_t)bw * bh; i++)
			h[b[i]]++;
		if (s == 0) {
			*keep = b;
			*kw = bw;
			*kh = bh;
		} else {
			free(b);
		}
	}
	h[0] = 0;
	lo = percentile(h, 65536, 0.02);
	hi = percentile(h, 65536, 0.98);
	free(h);
	if (hi == 0) {
		/* nothing but fill: any range will do */
		lo = 1;
		hi = 65535;
	}
	if (L->stretch == TILES_DB) {
		L->lo = floor(db_of_dn(lo ? lo : 1) * 10) / 10;
		L->hi = ceil(db_of_dn(hi) * 10) / 10;
	} else {
		L->lo = lo;
		L->hi = hi;
	}
	if (L->hi <= L->lo)
		L->hi = L->lo + 1;
	L->auto_range = 1;
	return 0;
}

static void
ratio_stats(struct tiles_set *t, const uint16_t *a, const uint16_t *b, size_t n)
{
	enum { LO = -300, NB = 800 };  /* 0.1 dB bins from -30 dB */
	uint64_t h[NB] = { 0 };
	int any = 0;

	for (size_t i = 0; a && b && i < n; i++)
		if (a[i] && b[i]) {
			int k = (int)floor(200 * log10((double)a[i] / b[i])) - LO;
			h[k < 0 ? 0 : k >= NB ? NB - 1 : k]++;
			any = 1;
		}
	if (!any) {
		t->o.rlo = 0;
		t->o.rhi = 15;
		return;
	}
	t->o.rlo = (percentile(h, NB, 0.02) + LO) / 10.0;
	t->o.rhi = (percentile(h, NB, 0.98) + LO + 1) / 10.0;
}

static void
build_composite(struct tiles_set *t, int co, int cross)
{
	struct tiles_layer *C = &t->layer[t->nlayers++];
	const struct tiles_layer *A = &t->layer[co], *B = &t->layer[cross];
	double span = t->o.rhi - t->o.rlo;

	snprintf(C->name, sizeof C->name, "RGB");
	C->composite = 1;
	C->co = co;
	C->cross = cross;
	C->lo = t->o.rlo;
	C->hi = t->o.rhi;
	C->stretch = TILES_DB;
	C->auto_range = !t->o.have_ratio;
	C->blut = a2_malloc(65536);
	for (int a = 0; a < 256; a++)
		for (int b = 0; b < 256; b++) {
			int v = 1 + (int)floor(254 * (A->db[a] - B->db[b] - t->o.rlo) / span + 0.5);
			C->blut[a * 256 + b] = a && b ? (v < 1 ? 1 : v > 255 ? 255 : v) : 0;
		}
}

static int
find_layer(const struct tiles_set *t, const char *name)
{
	for (int i = 0; i < t->nlayers; i++)
		if (strcmp(t->layer[i].name, name) == 0)
			return i;
	return -1;
}

int
tiles_set_prepare(struct tiles_set *t, char **err)
{
	uint16_t *keep[TILES_MAXLAYERS] = { 0 };
	int kw[TILES_MAXLAYERS] = { 0 }, kh[TILES_MAXLAYERS] = { 0 }, rc = -1;
	double res = HUGE_VAL, ref = NAN;
	int co, cross;

	tiles_gdal_init();
	if (t->nlayers == 0) {
		*err = a2_strdup("no GeoTIFF to tile");
		return -1;
	}
	qsort(t->layer, t->nlayers, sizeof *t->layer, layer_cmp);
	t->ll[0] = t->ll[1] = HUGE_VAL;
	t->ll[2] = t->ll[3] = -HUGE_VAL;
	for (int i = 0; i < t->nlayers; i++) {
		struct tiles_layer *L = &t->layer[i];
		for (int s = 0; s < L->nsrc; s++) {
			struct tiles_src *S = &L->src[s];
			double ll[4], shift = 0;
			if (src_open(S, err) != 0 || src_geometry(S, ll, err) != 0 ||
			    (S->mask && tiles_mask_check(S, err) != 0))
				goto out;
			/* every source on the same side of the antimeridian as the first */
			if (isnan(ref))
				ref = (ll[0] + ll[2]) / 2;
			else if (!S->pole)
				shift = 360 * round((ref - (ll[0] + ll[2]) / 2) / 360);
			ll[0] += shift;
			ll[2] += shift;
			S->merc[0] = ll[0] * TILES_R / 180;
			S->merc[2] = ll[2] * TILES_R / 180;
			S->merc[1] = merc_y(ll[1]);
			S->merc[3] = merc_y(ll[3]);
			for (int k = 0; k < 2; k++) {
				t->ll[k] = fmin(t->ll[k], ll[k]);
				t->ll[k + 2] = fmax(t->ll[k + 2], ll[k + 2]);
			}
			if (S->res_m > 0 && S->res_m < res)
				res = S->res_m;
		}
		if (L->gunw) {
			if (tiles_gunw_prepare(t, i, err) != 0)
				goto out;
			continue;
		}
		L->stretch = t->o.stretch;
		if (t->o.have_range) {
			L->lo = t->o.lo;
			L->hi = t->o.hi;
		} else if (layer_stats(t, i, &keep[i], &kw[i], &kh[i], err) != 0) {
			goto out;
		}
		build_lut(L);
	}
	if (t->ll[2] - t->ll[0] >= 360) {
		t->ll[0] = -180;
		t->ll[2] = 180;
	}
	if (t->ll[0] < -180) {
		t->ll[0] += 360;
		t->ll[2] += 360;
	}
	t->merc[0] = t->ll[0] * TILES_R / 180;
	t->merc[2] = t->ll[2] * TILES_R / 180;
	t->merc[1] = merc_y(t->ll[1]);
	t->merc[3] = merc_y(t->ll[3]);

	t->zmin = t->o.zmin;
	t->zmax = t->o.zmax;
	if (t->zmax < 0) {
		/* the zoom whose pixel is nearest the source's, at its latitude */
		double lat = (t->ll[1] + t->ll[3]) / 2 * M_PI / 180;
		double z = log2(2 * M_PI * 6378137.0 * cos(lat) / (TILES_PX * (res < HUGE_VAL ? res : 1000)));
		t->zmax = (int)floor(z + 0.5);
		if (t->zmax > TILES_MAXZ)
			t->zmax = TILES_MAXZ;
		if (t->zmax < t->zmin)
			t->zmax = t->zmin;
	}

	co = find_layer(t, "HH") >= 0 ? find_layer(t, "HH") : find_layer(t, "VV");
	cross = find_layer(t, "HV") >= 0 ? find_layer(t, "HV") : find_layer(t, "VH");
	if (t->o.composite && co >= 0 && cross >= 0) {
		if (!t->o.have_ratio) {
			int same = keep[co] && keep[cross] && kw[co] == kw[cross] && kh[co] == kh[cross];
			ratio_stats(t, same ? keep[co] : NULL, same ? keep[cross] : NULL, (size_t)kw[co] * kh[co]);
		}
		build_composite(t, co, cross);
	} else if (t->o.composite) {
		a2_warn("no RGB composite: it needs a co-polarised (HH or VV) and a cross-polarised "
		    "(HV or VH) layer");
	}
	rc = 0;
out:
	for (int i = 0; i < TILES_MAXLAYERS; i++)
		free(keep[i]);
	return rc;
}
