/*
 * a2_gdal.h: opening a raster read-only with GDAL, its reason kept for the
 * caller's one-line message (a2_gdal.c).  The caller registers drivers.
 */
#ifndef A2_GDAL_H
#define A2_GDAL_H

/*
 * The GDALDatasetH of path, opened by one of drivers (NULL: any), or NULL
 * with *why (new) GDAL's reason, or fallback when GDAL gave none.
 */
void *a2_gdal_open(const char *path, const char *const *drivers, const char *fallback,
    char **why);
/* The same, opened with the multidimensional API (groups, attributes). */
void *a2_gdal_open_mdim(const char *path, const char *const *drivers, const char *fallback,
    char **why);

#endif
