/*
 * mosaic_cog.c: one band of a 5x5 block as a Cloud Optimized GeoTIFF:
 * the 1x1 tiles mosaicked through an in-memory VRT (GDALBuildVRT), then
 * GDAL's COG driver with the converter's settings (palsar-mosaic.md §5.3).
 */
#include "mosaic/mosaic.h"
#include "core/a2.h"
#include "core/a2_gdal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>

static int
fail(char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*err = a2_vasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Opens every tile and checks what BuildVRT would otherwise only warn
 * about (and skip the tile): one band, a north-up geotransform, the same
 * CRS and data type everywhere.
 */
static int
open_tiles(GDALDatasetH *ds, char **files, int n, char **err)
{
	OGRSpatialReferenceH first = NULL;
	GDALDataType type = GDT_Unknown;
	int r = 0;

	for (int i = 0; i < n && r == 0; i++) {
		double gt[6];
		OGRSpatialReferenceH srs;
		char *why = NULL;

		if (!(ds[i] = a2_gdal_open(files[i], NULL, "not a raster GDAL reads", &why)))
			r = fail(err, "%s: cannot open: %s", files[i], why);
		else if (GDALGetRasterCount(ds[i]) != 1)
			r = fail(err, "%s: %d bands, want 1", files[i], GDALGetRasterCount(ds[i]));
		else if (GDALGetGeoTransform(ds[i], gt) != CE_None || gt[2] != 0 || gt[4] != 0 || gt[5] >= 0)
			r = fail(err, "%s: no north-up georeferencing", files[i]);
		else if (!(srs = GDALGetSpatialRef(ds[i])))
			r = fail(err, "%s: no coordinate system", files[i]);
		else if (first && !OSRIsSame(first, srs))
			r = fail(err, "%s: coordinate system differs from %s", files[i], files[0]);
		else if (i > 0 && GDALGetRasterDataType(GDALGetRasterBand(ds[i], 1)) != type)
			r = fail(err, "%s: data type %s differs from %s", files[i],
			    GDALGetDataTypeName(GDALGetRasterDataType(GDALGetRasterBand(ds[i], 1))), files[0]);
		free(why);
		if (r == 0 && i == 0) {
			first = GDALGetSpatialRef(ds[0]);
			type = GDALGetRasterDataType(GDALGetRasterBand(ds[0], 1));
		}
	}
	return r;
}

int
mosaic_cog_write(const char *path, char **files, int n, int year, int band,
    int blat, int blon, const struct mosaic_cog_opts *o, char **err)
{
	GDALDatasetH *ds = a2_calloc(n, sizeof *ds), vrt = NULL, cog = NULL;
	GDALBuildVRTOptions *vo = NULL;
	char **args = NULL, **copts = NULL, nd[16], buf[64];
	const struct mosaic_band *b = &mosaic_bands[band];
	struct a2_out out;
	int r = -1, usage = 0;

	GDALAllRegister();
	if (open_tiles(ds, files, n, err) != 0)
		goto done;
	snprintf(nd, sizeof nd, "%d", mosaic_nodata(year, band));
	/* the whole block, so every year's COGs share one grid; areas without
	 * a tile (JAXA leaves out all-ocean ones) become no-data */
	if (!o->union_extent) {
		args = CSLAddString(args, "-te");
		snprintf(buf, sizeof buf, "%d", blon);
		args = CSLAddString(args, buf);
		snprintf(buf, sizeof buf, "%d", blat - 5);
		args = CSLAddString(args, buf);
		snprintf(buf, sizeof buf, "%d", blon + 5);
		args = CSLAddString(args, buf);
		snprintf(buf, sizeof buf, "%d", blat);
		args = CSLAddString(args, buf);
	}
	args = CSLAddString(args, "-srcnodata");
	args = CSLAddString(args, nd);
	args = CSLAddString(args, "-vrtnodata");
	args = CSLAddString(args, nd);
	if (!(vo = GDALBuildVRTOptionsNew(args, NULL))) {
		fail(err, "GDALBuildVRT options: %s", CPLGetLastErrorMsg());
		goto done;
	}
	CPLErrorReset();
	if (!(vrt = GDALBuildVRT("", n, ds, NULL, vo, &usage))) {
		fail(err, "%s: GDALBuildVRT: %s", path, CPLGetLastErrorMsg());
		goto done;
	}
	GDALSetDescription(GDALGetRasterBand(vrt, 1), b->name);
	/* what ODC's product definition says, so a reader can check it */
	GDALSetRasterUnitType(GDALGetRasterBand(vrt, 1), b->units);

	copts = CSLSetNameValue(copts, "BLOCKSIZE", "512");
	copts = CSLSetNameValue(copts, "COMPRESS", "DEFLATE");
	snprintf(buf, sizeof buf, "%d", o->level);
	copts = CSLSetNameValue(copts, "LEVEL", buf);
	copts = CSLSetNameValue(copts, "PREDICTOR", "YES");
	copts = CSLSetNameValue(copts, "BIGTIFF", "IF_SAFER");
	/* averaged backscatter and angles; dates and mask classes are kept */
	copts = CSLSetNameValue(copts, "OVERVIEW_RESAMPLING", b->resampling);
	if (o->overviews > 0) {
		snprintf(buf, sizeof buf, "%d", o->overviews);
		copts = CSLSetNameValue(copts, "OVERVIEW_COUNT", buf);
	}

	if (a2_out_open(&out, path, 0644) != 0) {
		fail(err, "%s: cannot create: %s", path, strerror(errno));
		goto done;
	}
	CPLErrorReset();
	cog = GDALCreateCopy(GDALGetDriverByName("COG"), out.tmp, vrt, FALSE, copts, NULL, NULL);
	if (cog)
		GDALClose(cog);	/* void in GDAL 3.6: a failed flush is the last error */
	if (!cog || CPLGetLastErrorType() >= CE_Failure) {
		fail(err, "%s: COG: %s", path, CPLGetLastErrorMsg());
		a2_out_abort(&out);
		goto done;
	}
	if (a2_fsync_path(out.tmp) != 0 || a2_out_commit(&out) != 0) {
		fail(err, "%s: write failed: %s", path, strerror(errno));
		goto done;
	}
	r = 0;
done:
	if (vrt)
		GDALClose(vrt);
	for (int i = 0; i < n; i++)
		if (ds[i])
			GDALClose(ds[i]);
	free(ds);
	GDALBuildVRTOptionsFree(vo);
	CSLDestroy(args);
	CSLDestroy(copts);
	return r;
}
