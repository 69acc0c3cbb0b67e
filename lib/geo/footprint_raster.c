/*
 * footprint_raster.c: the valid-data outline of a raster (footprint.h).
 * A decimated read (GDAL picks an overview when there is one) gives a
 * mask of pixels that are non-zero in any band; holes are filled, GDAL
 * polygonizes it, specks go, GEOS closes narrow gaps, keeps the outer
 * ring of the largest part and simplifies it, and OGR reprojects it to
 * WGS 84.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "geo/footprint_base.h"
#include "geo/footprint_raster.h"

struct grid {
	int W, H;         /* full raster */
	double gt[6];     /* full raster geotransform */
};

static char *
no_georef(const char *path)
{
	return a2_asprintf("%s: no georeferencing (geotransform and CRS, or GCPs)", path);
}

static int
open_grid(GDALDatasetH ds, const char *path, struct grid *g, char **err)
{
	g->W = GDALGetRasterXSize(ds), g->H = GDALGetRasterYSize(ds);
	if (GDALGetRasterCount(ds) < 1 || g->W <= 0 || g->H <= 0) {
		*err = a2_asprintf("%s: no raster band", path);
		return -1;
	}
	if (GDALGetGeoTransform(ds, g->gt) != CE_None && (GDALGetGCPCount(ds) < 3 ||
	    !GDALGCPsToGeoTransform(GDALGetGCPCount(ds), GDALGetGCPs(ds), g->gt, TRUE))) {
		/* L1.1 GeoTIFF: four corner tie points, close to affine */
		*err = no_georef(path);
		return -1;
	}
	return 0;
}

/*
 * The raster's CRS and its transformations to and from WGS 84, made in a
 * thread of their own while the mask is read and outlined: PROJ opens its
 * database on first use in a thread, which costs as much as the read.
 * GDAL moves the objects to the PROJ context of the thread that uses them
 * later, so the caller may use them once the thread is joined.  The
 * thread opens the raster again: a GDAL dataset is not for two threads.
 */
struct crs_job {
	const char *path;
	pthread_t th;
	int started;
	OGRSpatialReferenceH srs, wgs;
	OGRCoordinateTransformationH ct, inv;
	char *err;
};

static void *
crs_run(void *arg)
{
	struct crs_job *j = arg;
	GDALDatasetH ds = footprint_gdal_open(j->path);
	double gt[6];

	if (!ds) {
		char *m = footprint_gdal_msg();
		j->err = a2_asprintf("%s: %s", j->path, m);
		free(m);
		return NULL;
	}
	if (GDALGetGeoTransform(ds, gt) == CE_None && GDALGetSpatialRef(ds))
		j->srs = OSRClone(GDALGetSpatialRef(ds));
	else if (GDALGetGeoTransform(ds, gt) != CE_None && GDALGetGCPSpatialRef(ds))
		j->srs = OSRClone(GDALGetGCPSpatialRef(ds));
	GDALClose(ds);
	if (!j->srs) {
		j->err = no_georef(j->path);
		return NULL;
	}
	OSRSetAxisMappingStrategy(j->srs, OAMS_TRADITIONAL_GIS_ORDER);
	j->wgs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(j->wgs, 4326);
	OSRSetAxisMappingStrategy(j->wgs, OAMS_TRADITIONAL_GIS_ORDER);
	if (!(j->ct = OCTNewCoordinateTransformation(j->srs, j->wgs))) {
		char *m = footprint_gdal_msg();
		j->err = a2_asprintf("%s: cannot transform to EPSG:4326: %s", j->path, m);
		free(m);
		return NULL;
	}
	if (!OSRIsGeographic(j->srs))
		j->inv = OCTGetInverse(j->ct);
	return NULL;
}

static void
crs_start(struct crs_job *j, const char *path)
{
	j->path = path;
	if (pthread_create(&j->th, NULL, crs_run, j) == 0)
		j->started = 1;
	else
		crs_run(j); /* no thread: the same work, in turn */
}

static void
crs_join(struct crs_job *j)
{
	if (j->started)
		pthread_join(j->th, NULL);
	j->started = 0;
}

static void
crs_free(struct crs_job *j)
{
	crs_join(j);
	if (j->inv)
		OCTDestroyCoordinateTransformation(j->inv);
	if (j->ct)
		OCTDestroyCoordinateTransformation(j->ct);
	if (j->wgs)
		OSRDestroySpatialReference(j->wgs);
	if (j->srs)
		OSRDestroySpatialReference(j->srs);
	free(j->err);
}

/*
 * ORs the non-zero pixels of every band of ds, read at w x h, into mask.
 * Mask row j samples one source row of [j H/h, (j+1) H/h) (nearest
 * neighbour), so on a strip TIFF only one strip in f is read.  Rows go
 * through a small buffer and the block cache is emptied as it goes:
 * reading the whole view at once kept every sampled strip cached, and
 * faulting in that much fresh memory cost more than reading the strips.
 * 8- and 16-bit bands (ALOS-2 GeoTIFFs are UInt16) are read as they are
 * stored, which spares GDAL a conversion per pixel; others as Float32.
 */
static int
read_mask(GDALDatasetH ds, const char *path, int w, int h, unsigned char *mask, char **err)
{
	enum { CHUNK = 32 };
	int W = GDALGetRasterXSize(ds), H = GDALGetRasterYSize(ds);
	int nb = GDALGetRasterCount(ds);
	void *buf = a2_malloc((size_t)w * CHUNK * sizeof(float));

	for (int b = 1; b <= nb; b++) {
		GDALRasterBandH band = GDALGetRasterBand(ds, b);
		GDALDataType t = GDALGetRasterDataType(band);
		int hasnd = 0;
		double nd = GDALGetRasterNoDataValue(band, &hasnd);

		if (t != GDT_Byte && t != GDT_UInt16 && t != GDT_Int16)
			t = GDT_Float32;
		for (int j0 = 0; j0 < h; j0 += CHUNK) {
			int n = h - j0 < CHUNK ? h - j0 : CHUNK;
			int y0 = (int)((long long)j0 * H / h), y1 = (int)((long long)(j0 + n) * H / h);
			unsigned char *m = mask + (size_t)j0 * w;
			size_t np = (size_t)w * n;

			if (GDALRasterIO(band, GF_Read, 0, y0, W, y1 - y0, buf, w, n, t, 0, 0) != CE_None) {
				char *msg = footprint_gdal_msg();
				*err = a2_asprintf("%s: band %d: %s", path, b, msg);
				free(msg);
				free(buf);
				return -1;
			}
			/* a no-data value the type cannot hold matches no pixel */
#define OR_VALID(T, LO, HI) do { \
	const T *v = buf; \
	T z = hasnd && nd >= (LO) && nd <= (HI) && nd == floor(nd) ? (T)nd : 0; \
	for (size_t i = 0; i < np; i++) \
		m[i] |= v[i] != 0 && v[i] != z; \
} while (0)
			if (t == GDT_Byte)
				OR_VALID(uint8_t, 0, UINT8_MAX);
			else if (t == GDT_UInt16)
				OR_VALID(uint16_t, 0, UINT16_MAX);
			else if (t == GDT_Int16)
				OR_VALID(int16_t, INT16_MIN, INT16_MAX);
			else {
				const float *v = buf;

				for (size_t i = 0; i < np; i++)
					m[i] |= v[i] != 0 && !isnan(v[i]) &&
					    !(hasnd && v[i] == (float)nd);
			}
#undef OR_VALID
			GDALFlushRasterCache(band);
		}
	}
	free(buf);
	return 0;
}

/*
 * Sets every zero pixel not connected (4-neighbours) to the mask's border
 * to one: water and shadow inside the swath are holes, which the
 * footprint drops anyway, and polygonize then has one ring fewer to trace
 * for each.  A flood fill from the border zeros, with an explicit queue.
 */
static void
fill_holes(unsigned char *mask, int w, int h)
{
	size_t n = (size_t)w * h, head = 0, tail = 0;
	uint32_t *q = a2_malloc(n * sizeof *q);

	enum { IN = 1, OUT = 2 };
#define SEED(i) do { if (mask[i] == 0) { mask[i] = OUT; q[tail++] = (uint32_t)(i); } } while (0)
	for (int x = 0; x < w; x++) {
		SEED((size_t)x);
		SEED((size_t)(h - 1) * w + x);
	}
	for (int y = 0; y < h; y++) {
		SEED((size_t)y * w);
		SEED((size_t)y * w + w - 1);
	}
	while (head < tail) {
		size_t i = q[head++];
		int x = (int)(i % w), y = (int)(i / w);

		if (x > 0)
			SEED(i - 1);
		if (x < w - 1)
			SEED(i + 1);
		if (y > 0)
			SEED(i - w);
		if (y < h - 1)
			SEED(i + w);
	}
#undef SEED
	for (size_t i = 0; i < n; i++)
		mask[i] = mask[i] != OUT ? IN : 0;
	free(q);
}

/* Outer rings of the value-1 polygons of the mask, in mask pixel units
 * (x right, y down), as a MultiPolygon; total area in *area. */
static OGRGeometryH
mask_parts(unsigned char *mask, int w, int h, const char *path, double *area, char **err)
{
	GDALDatasetH m = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 1, GDT_Byte, NULL);
	GDALDriverH vd = GDALGetDriverByName("Memory");
	GDALDatasetH v = vd ? GDALCreate(vd, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
	GDALRasterBandH b;
	OGRLayerH lyr;
	OGRFieldDefnH fd;
	OGRFeatureH ft;
	OGRGeometryH parts = NULL, all = NULL;
	double gt[6] = { 0, 1, 0, 0, 0, 1 }, a, amax = 0, speck = 4 + (double)w * h / 100000;
	int ok;

	*area = 0;
	if (!m || !v) {
		*err = a2_asprintf("%s: cannot create the in-memory mask", path);
		goto out;
	}
	GDALSetGeoTransform(m, gt);
	b = GDALGetRasterBand(m, 1);
	fill_holes(mask, w, h);
	ok = GDALRasterIO(b, GF_Write, 0, 0, w, h, mask, w, h, GDT_Byte, 0, 0) == CE_None;
	lyr = GDALDatasetCreateLayer(v, "mask", NULL, wkbPolygon, NULL);
	fd = OGR_Fld_Create("v", OFTInteger);
	OGR_L_CreateField(lyr, fd, TRUE);
	OGR_Fld_Destroy(fd);
	if (!ok || GDALPolygonize(b, b, lyr, 0, NULL, NULL, NULL) != CE_None) {
		char *m0 = footprint_gdal_msg();
		*err = a2_asprintf("%s: polygonize: %s", path, m0);
		free(m0);
		goto out;
	}
	parts = OGR_G_CreateGeometry(wkbMultiPolygon);
	all = OGR_G_CreateGeometry(wkbMultiPolygon);
	OGR_L_ResetReading(lyr);
	while ((ft = OGR_L_GetNextFeature(lyr))) {
		OGRGeometryH g = OGR_F_GetGeometryRef(ft);

		if (g && OGR_F_GetFieldAsInteger(ft, 0) == 1 && OGR_G_GetGeometryCount(g) > 0) {
			OGRGeometryH p = OGR_G_CreateGeometry(wkbPolygon);

			OGR_G_AddGeometry(p, OGR_G_GetGeometryRef(g, 0));
			OGR_G_AddGeometryDirectly(all, p);
		}
		OGR_F_Destroy(ft);
	}
	/* specks of a few pixels go, unless nothing bigger is left */
	for (int i = 0; i < OGR_G_GetGeometryCount(all); i++)
		if ((a = OGR_G_Area(OGR_G_GetGeometryRef(all, i))) > amax)
			amax = a;
	for (int i = 0; i < OGR_G_GetGeometryCount(all); i++) {
		OGRGeometryH p = OGR_G_GetGeometryRef(all, i);

		if ((a = OGR_G_Area(p)) >= speck || a == amax) {
			*area += a;
			OGR_G_AddGeometry(parts, p);
		}
	}
	if (OGR_G_GetGeometryCount(parts) == 0) {
		*err = a2_asprintf("%s: no valid (non-zero) pixels", path);
		OGR_G_DestroyGeometry(parts);
		parts = NULL;
	}
out:
	if (all)
		OGR_G_DestroyGeometry(all);
	if (v)
		GDALClose(v);
	if (m)
		GDALClose(m);
	return parts;
}

/* The part of a (Multi)Polygon with the largest area, as a new Polygon
 * of its exterior ring; its area in *a. */
static OGRGeometryH
largest(OGRGeometryH g, double *a)
{
	OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
	OGRGeometryH best = NULL, p;

	*a = 0;
	if (t == wkbPolygon) {
		best = g;
		*a = OGR_G_Area(g);
	} else {
		for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
			OGRGeometryH c = OGR_G_GetGeometryRef(g, i);
			double ca = OGR_G_Area(c);
			if (wkbFlatten(OGR_G_GetGeometryType(c)) == wkbPolygon && ca > *a) {
				best = c;
				*a = ca;
			}
		}
	}
	if (!best || OGR_G_GetGeometryCount(best) < 1)
		return NULL;
	p = OGR_G_CreateGeometry(wkbPolygon);
	OGR_G_AddGeometry(p, OGR_G_GetGeometryRef(best, 0));
	return p;
}

/*
 * One polygon for the data.  Radar shadow and water can cut the valid
 * pixels into pieces (the original polygonize job then gave many
 * polygons): a morphological closing (grow, merge, shrink) with a growing
 * distance joins them until one part holds nearly all the valid area.
 */
static OGRGeometryH
one_part(OGRGeometryH parts, double total)
{
	double a;
	OGRGeometryH p = largest(parts, &a);

	for (double k = 2; p && a < 0.995 * total && k <= 64; k *= 2) {
		/* parts are grown one by one: polygonize's parts may touch at
		 * a corner, which GEOS refuses in one MultiPolygon */
		OGRGeometryH g = OGR_G_CreateGeometry(wkbMultiPolygon), u, c, q;
		double qa;

		for (int i = 0; i < OGR_G_GetGeometryCount(parts); i++) {
			OGRGeometryH s = OGR_G_SimplifyPreserveTopology(OGR_G_GetGeometryRef(parts, i), 0.5);
			OGRGeometryH b = s ? OGR_G_Buffer(s, k, 2) : NULL;
			if (b && wkbFlatten(OGR_G_GetGeometryType(b)) == wkbPolygon)
				OGR_G_AddGeometryDirectly(g, b);
			else
				OGR_G_DestroyGeometry(b);
			OGR_G_DestroyGeometry(s);
		}
		u = OGR_G_UnionCascaded(g);
		c = u ? OGR_G_Buffer(u, -k, 2) : NULL;
		if (c && (q = largest(c, &qa))) {
			OGR_G_DestroyGeometry(p);
			p = q;
			a = qa;
		}
		OGR_G_DestroyGeometry(g);
		OGR_G_DestroyGeometry(u);
		OGR_G_DestroyGeometry(c);
	}
	return p;
}

static int
nvert(OGRGeometryH p)
{
	OGRGeometryH r = OGR_G_GetGeometryCount(p) ? OGR_G_GetGeometryRef(p, 0) : NULL;

	return r ? OGR_G_GetPointCount(r) - 1 : 0;
}

/*
 * At most maxv vertices, still holding the data: the outline grows by half
 * the tolerance before Douglas-Peucker (which moves the line by at most
 * the tolerance), so no valid pixel ends up more than half the tolerance
 * outside.  It starts at 1.5 mask pixels, just over the steps of a pixel
 * staircase, and grows until the vertex budget is met.
 */
static OGRGeometryH
simplify(OGRGeometryH p, int maxv)
{
	OGRGeometryH s = NULL;

	for (double t = 1.5; t < 1e6; t *= 1.25) {
		OGRGeometryH b = OGR_G_Buffer(p, t / 2, 1), q;
		double a;

		s = b ? OGR_G_SimplifyPreserveTopology(b, t) : NULL;
		OGR_G_DestroyGeometry(b);
		if (s && (q = largest(s, &a))) {
			OGR_G_DestroyGeometry(s);
			s = q;
			if (nvert(s) <= maxv)
				return s;
		}
		OGR_G_DestroyGeometry(s);
		s = NULL;
	}
	return NULL;
}

/* 1 if the North (pole 90) or South (-90) Pole is inside p; inv goes
 * from WGS 84 to p's CRS. */
static int
holds_pole(OGRGeometryH p, OGRCoordinateTransformationH inv, double pole)
{
	double x = 0, y = pole, z = 0;
	int in = 0;

	if (inv && OCTTransform(inv, 1, &x, &y, &z)) {
		OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
		OGR_G_SetPoint_2D(pt, 0, x, y);
		in = OGR_G_Contains(p, pt);
		OGR_G_DestroyGeometry(pt);
	}
	return in;
}

/*
 * The exterior ring of s (in the raster's CRS) in WGS 84 longitude and
 * latitude, as a new array of *np points (first not repeated).  A GeoJSON
 * edge is straight in longitude/latitude, while the outline's edges are
 * straight in the raster's CRS: near the poles the two part by several
 * pixels.  So the ring is densified to segments of seg CRS units,
 * transformed, and simplified again (Douglas-Peucker, GEOS) with the
 * smallest tolerance, from tol degrees up, that meets maxv vertices.
 * Longitudes are kept continuous while simplifying.
 */
static double (*geo_ring(OGRGeometryH s, OGRCoordinateTransformationH ct, double seg,
    double tol, int maxv, int *np))[2]
{
	OGRGeometryH d = OGR_G_Clone(OGR_G_GetGeometryRef(s, 0)), line = NULL, q;
	double (*pt)[2] = NULL;
	int n;

	*np = 0;
	if (seg > 0)
		OGR_G_Segmentize(d, seg);
	if (OGR_G_Transform(d, ct) != OGRERR_NONE)
		goto out;
	line = OGR_G_CreateGeometry(wkbLineString);
	for (int i = 0; i < OGR_G_GetPointCount(d); i++) {
		double x = OGR_G_GetX(d, i), px;

		if (i > 0) {
			px = OGR_G_GetX(line, i - 1);
			while (x - px > 180)
				x -= 360;
			while (x - px < -180)
				x += 360;
		}
		OGR_G_AddPoint_2D(line, x, OGR_G_GetY(d, i));
	}
	if (seg <= 0) /* nothing added */
		q = OGR_G_Clone(line);
	else
		for (q = NULL; tol < 10; tol *= 1.25) {
			if ((q = OGR_G_Simplify(line, tol)) && OGR_G_GetPointCount(q) - 1 <= maxv)
				break;
			OGR_G_DestroyGeometry(q);
			q = NULL;
		}
	if (!q)
		goto out;
	n = OGR_G_GetPointCount(q) - 1; /* closed: the last point is the first */
	pt = a2_calloc(n > 0 ? n : 1, sizeof *pt);
	for (int i = 0; i < n; i++) {
		pt[i][0] = remainder(OGR_G_GetX(q, i), 360);
		pt[i][1] = OGR_G_GetY(q, i);
		/* remainder() gives -180 for 180: keep the side the point was on */
		if (pt[i][0] == -180 && OGR_G_GetX(q, i) > 0)
			pt[i][0] = 180;
	}
	*np = n;
	OGR_G_DestroyGeometry(q);
out:
	OGR_G_DestroyGeometry(line);
	OGR_G_DestroyGeometry(d);
	return pt;
}

double (*footprint_raster_outline(const char *const *paths, int n,
    const struct footprint_opts *o, int *npt, double *pixel, char **err))[2]
{
	GDALDatasetH ds = NULL;
	struct grid g = { 0 };
	struct crs_job crs = { 0 };
	OGRGeometryH parts = NULL, p = NULL, s = NULL, ring;
	unsigned char *mask = NULL;
	double (*pt)[2] = NULL, total, mg[6], px;
	int f = 1, w = 0, h = 0, np = 0, maxside = o->mask_max > 16 ? o->mask_max : 2048;

	for (int i = 0; i < n; i++) {
		if (!(ds = footprint_gdal_open(paths[i]))) {
			char *m = footprint_gdal_msg();
			*err = a2_asprintf("%s: %s", paths[i], m);
			free(m);
			goto out;
		}
		if (i == 0) {
			if (open_grid(ds, paths[0], &g, err) != 0)
				goto out;
			crs_start(&crs, paths[0]);
			while ((g.W + f - 1) / f > maxside || (g.H + f - 1) / f > maxside)
				f++;
			w = (g.W + f - 1) / f, h = (g.H + f - 1) / f;
			mask = a2_calloc((size_t)w * h, 1);
		} else if (GDALGetRasterXSize(ds) != g.W || GDALGetRasterYSize(ds) != g.H) {
			/* another grid (e.g. a different resolution): first one only */
			GDALClose(ds);
			ds = NULL;
			continue;
		}
		if (read_mask(ds, paths[i], w, h, mask, err) != 0)
			goto out;
		GDALClose(ds);
		ds = NULL;
	}
	if (!(parts = mask_parts(mask, w, h, paths[0], &total, err)))
		goto out;
	if (!(p = one_part(parts, total)) || !(s = simplify(p, o->max_vertices > 3 ?
	    o->max_vertices : 100))) {
		*err = a2_asprintf("%s: cannot outline the valid data", paths[0]);
		goto out;
	}
	/* mask pixel units -> raster CRS */
	mg[0] = g.gt[0], mg[1] = g.gt[1] * g.W / w, mg[2] = g.gt[2] * g.H / h;
	mg[3] = g.gt[3], mg[4] = g.gt[4] * g.W / w, mg[5] = g.gt[5] * g.H / h;
	ring = OGR_G_GetGeometryRef(s, 0);
	for (int i = 0; i < OGR_G_GetPointCount(ring); i++) {
		double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
		OGR_G_SetPoint_2D(ring, i, mg[0] + x * mg[1] + y * mg[2], mg[3] + x * mg[4] + y * mg[5]);
	}
	crs_join(&crs);
	if (crs.err) {
		*err = crs.err;
		crs.err = NULL;
		goto out;
	}
	for (int k = 0; k < 2 && crs.inv; k++)
		if (holds_pole(s, crs.inv, k ? -90 : 90)) {
			*err = a2_asprintf("%s: the valid data covers the %s Pole; a near-polar "
			    "footprint cannot be drawn as a longitude/latitude polygon",
			    paths[0], k ? "South" : "North");
			goto out;
		}
	/* densify to 4 mask pixels, simplify to a quarter pixel in degrees
	 * of latitude (fewer metres in longitude: on the safe side) */
	px = hypot(mg[1], mg[2]);
	if (!(pt = geo_ring(s, crs.ct, OSRIsGeographic(crs.srs) ? 0 : 4 * px,
	    OSRIsGeographic(crs.srs) ? 0 : px * OSRGetLinearUnits(crs.srs, NULL) / 4 / 111320.0,
	    o->max_vertices > 3 ? o->max_vertices : 100, &np))) {
		char *m = footprint_gdal_msg();
		*err = a2_asprintf("%s: cannot transform to EPSG:4326: %s", paths[0], m);
		free(m);
		goto out;
	}
	for (int i = 0; i < np; i++)
		if (pt[i][0] > 180 && pt[i][0] < 180 + 1e-9)
			pt[i][0] = 180;
	*npt = np;
	*pixel = px;
out:
	free(mask);
	if (ds)
		GDALClose(ds);
	crs_free(&crs);
	if (parts)
		OGR_G_DestroyGeometry(parts);
	if (p)
		OGR_G_DestroyGeometry(p);
	if (s)
		OGR_G_DestroyGeometry(s);
	return pt;
}

json_t *
footprint_from_rasters(const char *const *paths, int n, const char *id,
    const struct footprint_opts *o, char **err)
{
	double (*pt)[2], px;
	int np;
	json_t *feat;

	if (!(pt = footprint_raster_outline(paths, n, o, &np, &px, err)))
		return NULL;
	feat = footprint_ring_feature((const double (*)[2])pt, np, 0, id, "geotiff", paths[0], err);
	if (feat) {
		for (int i = 0; i < n; i++)
			footprint_add_source(feat, paths[i]);
		json_object_set_new(json_object_get(feat, "properties"), "mask_pixel",
		    json_real(px));
	}
	free(pt);
	return feat;
}

json_t *
footprint_from_raster(const char *path, const char *id, char **err)
{
	struct footprint_opts o = FOOTPRINT_OPTS_DEFAULT;

	return footprint_from_rasters(&path, 1, id, &o, err);
}
