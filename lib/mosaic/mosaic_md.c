/*
 * mosaic_md.c: metadata of one year's block of the yearly mosaic: the ODC
 * eo3 dataset document (what odc-tools' stac-to-dc makes of DE Africa's
 * items, palsar-mosaic.md §9.2) and the STAC Item (sar, projection).
 */
#include "mosaic/mosaic.h"
#include "core/a2.h"
#include "core/a2_gdal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gdal.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>

#define EXT_SAR  "https://stac-extensions.github.io/sar/v1.3.0/schema.json"
#define EXT_PROJ "https://stac-extensions.github.io/projection/v2.0.0/schema.json"
#define COG_TYPE "image/tiff; application=geotiff; profile=cloud-optimized"

/* Degrees without float noise or -0 (the converter rounds likewise). */
static double
clean(double v)
{
	return round(v * 1e9) / 1e9 + 0.0;
}

static json_t *
real_array(const double *v, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_real(v[i]));
	return a;
}

static void
iso(char *out, size_t n, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct grid {
	int rows, cols, epsg;
	double gt[6], bbox[4];
};

static int
read_grid(const char *path, struct grid *g, char **err)
{
	GDALDatasetH ds;
	OGRSpatialReferenceH srs;
	const char *auth;
	char *why = NULL;

	GDALAllRegister();
	if (!(ds = a2_gdal_open(path, NULL, "", &why))) {
		*err = a2_asprintf("%s: cannot open: %s", path, why);
		free(why);
		return -1;
	}
	g->cols = GDALGetRasterXSize(ds);
	g->rows = GDALGetRasterYSize(ds);
	srs = GDALGetSpatialRef(ds);
	auth = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
	g->epsg = auth ? atoi(auth) : 0;
	if (GDALGetGeoTransform(ds, g->gt) != CE_None || g->epsg == 0) {
		GDALClose(ds);
		*err = a2_asprintf("%s: no georeferencing with an EPSG code", path);
		return -1;
	}
	GDALClose(ds);
	g->bbox[0] = clean(g->gt[0]);
	g->bbox[1] = clean(g->gt[3] + g->gt[5] * g->rows);
	g->bbox[2] = clean(g->gt[0] + g->gt[1] * g->cols);
	g->bbox[3] = clean(g->gt[3]);
	return 0;
}

/* The extent as a counter-clockwise GeoJSON polygon. */
static json_t *
polygon(const double *b)
{
	return json_pack("{s:s, s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon",
	    "coordinates", b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1]);
}

static char *
href(const char *base, const char *path)
{
	const char *name = a2_basename(path);

	if (!base)
		return a2_strdup(name);
	return a2_asprintf("%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", name);
}

int
mosaic_md_make(int year, const char *block, char *const cogs[MOSAIC_NBANDS],
    const char *base, long long now, json_t **eo3, json_t **stac, char **err)
{
	const struct mosaic_era *e = mosaic_era(year);
	char id[40], start[32], end[32], created[32], code[32];
	json_t *meas = json_object(), *assets = json_object(), *props, *pols, *gj;
	struct grid g;
	const char *ref = cogs[MOSAIC_HH];
	double tr[9];
	int jers = e->nbands == 4;

	*eo3 = *stac = NULL;
	for (int b = 0; !ref && b < MOSAIC_NBANDS; b++)
		ref = cogs[b];
	if (!ref) {
		*err = a2_asprintf("%d/%s: no COG", year, block);
		return -1;
	}
	if (read_grid(ref, &g, err) != 0) {
		json_decref(meas);
		json_decref(assets);
		return -1;
	}
	mosaic_uuid(year, block, id);
	snprintf(start, sizeof start, "%d-01-01T00:00:00Z", year);
	snprintf(end, sizeof end, "%d-12-31T23:59:59Z", year);
	iso(created, sizeof created, now);
	snprintf(code, sizeof code, "EPSG:%d", g.epsg);
	/* rasterio/affine order: a b c d e f, then the projective row */
	tr[0] = g.gt[1]; tr[1] = g.gt[2]; tr[2] = clean(g.gt[0]);
	tr[3] = g.gt[4]; tr[4] = g.gt[5]; tr[5] = clean(g.gt[3]);
	tr[6] = 0; tr[7] = 0; tr[8] = 1;

	pols = jers ? json_pack("[s]", "HH") : json_pack("[ss]", "HH", "HV");
	for (int i = 0; i < mosaic_nbands(year); i++) {
		int b = mosaic_band_at(year, i);
		char *h;

		if (!cogs[b])
			continue;
		h = href(base, cogs[b]);
		json_object_set_new(meas, mosaic_bands[b].key, json_pack("{s:s}", "path", h));
		json_object_set_new(assets, mosaic_bands[b].key, json_pack(
		    "{s:s, s:s, s:s, s:s, s:[s]}", "href", h, "type", COG_TYPE,
		    "title", mosaic_bands[b].name, "description", mosaic_bands[b].desc, "roles", "data"));
		free(h);
	}

	gj = polygon(g.bbox);
	*eo3 = json_pack("{s:s, s:s, s:{s:s}, s:s, s:{s:{s:[i,i], s:o}}, s:O, s:o}",
	    "$schema", "https://schemas.opendatacube.org/dataset", "id", id,
	    "product", "name", e->product, "crs", code,
	    "grids", "default", "shape", g.rows, g.cols, "transform", real_array(tr, 9),
	    "geometry", gj, "measurements", json_deep_copy(meas));
	/* eo3 spells crs in lower case, as stac-to-dc writes it */
	snprintf(code, sizeof code, "epsg:%d", g.epsg);
	json_object_set_new(*eo3, "crs", json_string(code));
	snprintf(code, sizeof code, "EPSG:%d", g.epsg);
	props = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "datetime", start, "dtr:start_datetime", start, "dtr:end_datetime", end,
	    "eo:platform", e->platform, "eo:instrument", e->instrument,
	    "odc:file_format", "GeoTIFF", "odc:processing_datetime", created,
	    "odc:product", e->product, "odc:region_code", block,
	    "cf", e->cf, "launchdate", e->launchdate);
	json_object_set_new(props, "proj:epsg", json_integer(g.epsg));
	json_object_set_new(*eo3, "properties", props);
	json_object_set_new(*eo3, "lineage", json_object());
	/* stac-to-dc's place for non-GeoTIFF assets; a block has none */
	json_object_set_new(*eo3, "accessories", json_object());
	json_decref(meas);

	props = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:i, s:s, s:s, s:s, s:s, s:s, s:f,"
	    " s:O, s:s, s:s, s:s, s:s, s:[i,i], s:o, s:o}",
	    "datetime", start, "start_datetime", start, "end_datetime", end, "created", created,
	    "platform", e->platform, "instruments", e->instrument, "gsd", 25,
	    "odc:product", e->product, "odc:region_code", block,
	    "cf", e->cf, "launchdate", e->launchdate,
	    "sar:frequency_band", "L", "sar:center_frequency", jers ? 1.275 : 1.2365,
	    "sar:polarizations", pols, "sar:instrument_mode", e->mode,
	    "sar:product_type", "GTC", "sar:observation_direction", "right",
	    "proj:code", code, "proj:shape", g.rows, g.cols,
	    "proj:transform", real_array(tr, 9), "proj:bbox", real_array(g.bbox, 4));
	json_decref(pols);
	*stac = json_pack("{s:s, s:s, s:[s,s], s:s, s:o, s:o, s:o, s:[], s:o}",
	    "type", "Feature", "stac_version", "1.0.0", "stac_extensions", EXT_SAR, EXT_PROJ,
	    "id", id, "geometry", gj, "bbox", real_array(g.bbox, 4), "properties", props,
	    "links", "assets", assets);
	if (!*eo3 || !*stac) {
		json_decref(*eo3);
		json_decref(*stac);
		*err = a2_asprintf("%d/%s: cannot build metadata", year, block);
		return -1;
	}
	if (base) {
		char *self = a2_asprintf("%s%s%s_%02d.stac-item.json", base,
		    base[strlen(base) - 1] == '/' ? "" : "/", block, year % 100);
		json_array_append_new(json_object_get(*stac, "links"),
		    json_pack("{s:s, s:s, s:s}", "rel", "self", "href", self, "type", "application/json"));
		free(self);
	}
	return 0;
}
