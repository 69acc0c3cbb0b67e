/*
 * synth_tiff.c: GeoTIFF images (spec §4: little-endian, uncompressed
 * strips, uint16, UTM, ImageDescription = polarisation, pixel-is-area),
 * LUT text files (§4.4) and BRS browse JPEGs, all through GDAL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "synth/synth_model.h"
#include "synth/synth_write.h"

#define ROWS_PER_BLOCK 256

static GDALDriverH
driver(const char *name)
{
	GDALDriverH d;

	/* rows are written once, in order: a big block cache only costs RAM */
	CPLSetConfigOption("GDAL_CACHEMAX", "64");
	GDALAllRegister();
	d = GDALGetDriverByName(name);
	if (!d)
		a2_die("GDAL has no %s driver", name);
	return d;
}

static char *
utm_wkt(int epsg)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	char *wkt = NULL, *r;

	if (OSRImportFromEPSG(srs, epsg) != OGRERR_NONE || OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
		a2_die("EPSG:%d: cannot build the spatial reference", epsg);
	r = a2_strdup(wkt);
	CPLFree(wkt);
	OSRDestroySpatialReference(srs);
	return r;
}

static void
write_lut(struct synth_scene *s, int pol)
{
	char *name = a2_asprintf("LUT-%s-%s.txt", synth_pol_names[pol], s->id);
	char *path = synth_stage_path(s, name);
	FILE *fp = fopen(path, "w");
	int k;

	if (!fp)
		a2_die("%s:", path);
	/* B = 0, then A = 10^8.3 (CF = -83 dB) for each of the N columns */
	fprintf(fp, " %.15E\n", 0.0);
	for (k = 0; k < s->width; k++)
		fprintf(fp, " %.15E\n", 1.995262314968883e8);
	if (fclose(fp) != 0)
		a2_die("%s: write failed:", path);
	synth_add_file(s, name);
	free(path);
	free(name);
}

void
synth_write_tiff(struct synth_scene *s)
{
	GDALDriverH drv = driver("GTiff");
	char *wkt = utm_wkt(s->epsg);
	uint16_t *buf = a2_malloc(sizeof *buf * (size_t)s->width * ROWS_PER_BLOCK);
	double gt[6] = { s->ux, s->spacing, 0, s->uy, 0, -s->spacing };
	char **opt = NULL;
	int p;

	opt = CSLSetNameValue(opt, "TILED", "NO");
	opt = CSLSetNameValue(opt, "COMPRESS", "NONE");
	opt = CSLSetNameValue(opt, "ENDIANNESS", "LITTLE");
	opt = CSLSetNameValue(opt, "PROFILE", "GeoTIFF");
	opt = CSLSetNameValue(opt, "BIGTIFF", "IF_NEEDED");
	opt = CSLSetNameValue(opt, "INTERLEAVE", "BAND");
	for (p = 0; p < s->npol; p++) {
		int pol = s->pol[p], y, n;
		char *name = a2_asprintf("IMG-%s-%s.tif", synth_pol_names[pol], s->id);
		char *path = synth_stage_path(s, name);
		struct synth_rng r;
		GDALDatasetH ds = GDALCreate(drv, path, s->width, s->height, 1, GDT_UInt16, opt);
		GDALRasterBandH b;

		if (!ds)
			a2_die("%s: %s", path, CPLGetLastErrorMsg());
		GDALSetGeoTransform(ds, gt);
		GDALSetProjection(ds, wkt);
		GDALSetMetadataItem(ds, "TIFFTAG_IMAGEDESCRIPTION", synth_pol_names[pol], NULL);
		GDALSetMetadataItem(ds, "AREA_OR_POINT", "Area", NULL);
		b = GDALGetRasterBand(ds, 1);
		synth_rng_seed(&r, s, pol, 0);
		for (y = 0; y < s->height; y += n) {
			n = s->height - y < ROWS_PER_BLOCK ? s->height - y : ROWS_PER_BLOCK;
			for (int k = 0; k < n; k++)
				synth_dn_row(s, &r, pol, y + k, buf + (size_t)k * s->width);
			if (GDALRasterIO(b, GF_Write, 0, y, s->width, n, buf, s->width, n, GDT_UInt16,
			    0, 0) != CE_None)
				a2_die("%s: %s", path, CPLGetLastErrorMsg());
		}
		GDALFlushCache(ds);
		if (CPLGetLastErrorType() >= CE_Failure)
			a2_die("%s: %s", path, CPLGetLastErrorMsg());
		GDALClose(ds);
		synth_add_file(s, name);
		write_lut(s, pol);
		free(path);
		free(name);
	}
	CSLDestroy(opt);
	free(buf);
	free(wkt);
}

/* Browse: 8-bit grey JPEG of the low-resolution image, one per pol (the
 * real ones are 1/16 of the full raster). */
void
synth_write_brs(struct synth_scene *s)
{
	GDALDriverH mem = driver("MEM"), jpg = driver("JPEG");
	int mx = s->width > s->height ? s->width : s->height, f = (mx + 799) / 800, w, h, p;
	uint16_t *lr;
	unsigned char *px;

	if (f < 1)
		f = 1;
	if (f > 16)
		f = 16;
	w = (s->width + f - 1) / f;
	h = (s->height + f - 1) / f;
	lr = a2_malloc(sizeof *lr * (size_t)w * h);
	px = a2_malloc((size_t)w * h);
	for (p = 0; p < s->npol; p++) {
		int pol = s->pol[p];
		char *name = a2_asprintf("BRS-%s-%s.jpg", synth_pol_names[pol], s->id);
		char *path = synth_stage_path(s, name);
		char **opt = CSLSetNameValue(NULL, "QUALITY", "75");
		GDALDatasetH md, jd;
		size_t i;

		synth_lowres(s, pol, w, h, lr);
		for (i = 0; i < (size_t)w * h; i++) {
			/* 40..90 dB of DN onto 1..255, 0 stays fill */
			double db = lr[i] ? 20.0 * log10(lr[i]) : 0;
			int v = lr[i] ? (int)((db - 40.0) * 5.1) : 0;
			px[i] = lr[i] == 0 ? 0 : v < 1 ? 1 : v > 255 ? 255 : (unsigned char)v;
		}
		md = GDALCreate(mem, "", w, h, 1, GDT_Byte, NULL);
		if (!md || GDALRasterIO(GDALGetRasterBand(md, 1), GF_Write, 0, 0, w, h, px, w, h,
		    GDT_Byte, 0, 0) != CE_None)
			a2_die("%s: %s", path, CPLGetLastErrorMsg());
		jd = GDALCreateCopy(jpg, path, md, FALSE, opt, NULL, NULL);
		if (!jd)
			a2_die("%s: %s", path, CPLGetLastErrorMsg());
		GDALClose(jd);
		GDALClose(md);
		/* GDAL may leave an .aux.xml beside the JPEG */
		{
			char *aux = a2_asprintf("%s.aux.xml", path);
			unlink(aux);
			free(aux);
		}
		CSLDestroy(opt);
		free(path);
		free(name);
	}
	free(lr);
	free(px);
}
