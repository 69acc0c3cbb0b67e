/*
 * a2_gdal.c: a raster opened with GDAL for a tool that reports GDAL's own
 * reason on one line (a2_gdal.h), so that GDAL's handler prints nothing
 * and every caller says why the same way.  Apart from a2.c so that tools
 * without GDAL do not link it.
 */
#include <cpl_error.h>
#include <gdal.h>

#include "core/a2.h"
#include "core/a2_gdal.h"

static void *
gdal_open(const char *path, unsigned kind, const char *const *drivers, const char *fallback,
    char **why)
{
	GDALDatasetH ds;
	const char *m;

	CPLErrorReset();
	CPLPushErrorHandler(CPLQuietErrorHandler);
	ds = GDALOpenEx(path, kind | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers, NULL, NULL);
	CPLPopErrorHandler();
	if (!ds) {
		m = CPLGetLastErrorMsg();
		*why = a2_strdup(*m ? m : fallback);
	}
	return ds;
}

void *
a2_gdal_open(const char *path, const char *const *drivers, const char *fallback, char **why)
{
	return gdal_open(path, GDAL_OF_RASTER, drivers, fallback, why);
}

void *
a2_gdal_open_mdim(const char *path, const char *const *drivers, const char *fallback, char **why)
{
	return gdal_open(path, GDAL_OF_MULTIDIM_RASTER, drivers, fallback, why);
}
