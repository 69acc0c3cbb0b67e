/*
 * level.c: the level table (level.h).  Names and values come from
 * alos2-formats.md §1.3 (the product ID), ingest-jobs.md §5.4-5.6 (type,
 * dataset, version), the STAC sar extension (product type) and
 * hyp3-gunw.md §4 (the GUNW row).
 */
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "sar/level.h"

/* the footprint methods of CEOS map products, GeoTIFFs and CEOS SLCs */
#define FP_CEOS_MAP  { "summary", "ceos-mapproj" }
#define FP_GEOTIFF   { "geotiff", "summary" }
#define FP_CEOS_SLC  { "ceos-img", "range-doppler" }

/*
 * The first row of a level gives its default format.  2.1 CEOS and 1.1
 * GeoTIFF are not distributed (or not by JAXA's ordering systems), but a
 * scene of either is classified as its level says.
 */
static const struct level levels[] = {
	{ "1.0", NULL, "level 1.0", LEVEL_NAME_RAW, NULL, NULL, NULL, NULL, NULL,
	  0, 0, 0, { NULL }, NULL, NULL, 0 },
	{ "1.1", "CEOS", NULL, LEVEL_NAME_RAW, "alos2_slc", "alos2_slc_md", "ALOS2-L1.1_SLC",
	  "v0.1", "SLC", 0, 0, 0, FP_CEOS_SLC, NULL, NULL, 0 },
	{ "1.1", "GeoTIFF", NULL, LEVEL_NAME_RAW, "alos2_slc", "alos2_slc_md", "ALOS2-L1.1_SLC",
	  "v0.1", "SLC", 0, 1, 0, FP_GEOTIFF,
	  "level 1.1 GeoTIFF is not supported by a2synth (use CEOS)", NULL, 0 },
	{ "1.5", "GeoTIFF", NULL, LEVEL_NAME_MAPPED, "L1.5_geotiff", "L1.5_geotiff", "ALOS2_GeoTIFF",
	  "v0.2.4", "GRD", 1, 1, 1, FP_GEOTIFF, NULL, NULL, 0 },
	{ "1.5", "CEOS", NULL, LEVEL_NAME_MAPPED, "L1.5_geotiff", "L1.5_geotiff", "ALOS2_CEOS",
	  "v0.2.4", "GRD", 1, 0, 1, FP_CEOS_MAP, NULL, NULL, 0 },
	{ "2.1", "GeoTIFF", NULL, LEVEL_NAME_GEOCODED, "L2.1_geotiff", "L2.1_geotiff", "ALOS2_GeoTIFF",
	  "v0.2.4", "GTC", 1, 1, 0, FP_GEOTIFF, NULL, NULL, 0 },
	{ "2.1", "CEOS", NULL, LEVEL_NAME_GEOCODED, "L2.1_geotiff", "L2.1_geotiff", "ALOS2_CEOS",
	  "v0.2.4", "GTC", 1, 0, 0, FP_CEOS_MAP, "level 2.1 is distributed only as GeoTIFF", NULL, 0 },
	/* a2's extension: the type, dataset and version of the other map levels */
	{ "3.1", "GeoTIFF", NULL, LEVEL_NAME_MAPPED, "L3.1_geotiff", "L3.1_geotiff", "ALOS2_GeoTIFF",
	  "v0.2.4", "GRD-NR", 1, 1, 0, FP_GEOTIFF, NULL, NULL, 0 },
	{ "3.1", "CEOS", NULL, LEVEL_NAME_MAPPED, "L3.1_geotiff", "L3.1_geotiff", "ALOS2_CEOS",
	  "v0.2.4", "GRD-NR", 1, 0, 0, FP_CEOS_MAP, NULL, NULL, 0 },
	/* PALSAR-2 ScanSAR Normalised Radar Backscatter (CEOS-ARD,
	 * palsar2-scansar-nrb.md): a2classify reads it (sar/nrb.c),
	 * a2footprint outlines it, a2md describes it (product/md_nrb.c) and
	 * a2tiles tiles it (geo/tiles_mask.c).  sar:product_type RTC: the sar
	 * extension's term for geocoded radiometrically terrain-corrected
	 * backscatter */
	{ "2.2", "GeoTIFF", NULL, LEVEL_NAME_NRB, "L2.2_nrb", "L2.2_nrb_md", "ALOS2_NRB",
	  "v0.1", "RTC", 1, 1, 0, { "nrb" }, NULL,
	  "PALSAR-2 ScanSAR level 2.2 Normalised Radar Backscatter (NRB)",
	  0 },
	/* ARIA's Sentinel-1 Geocoded Unwrapped Interferogram (hyp3-gunw.md §4):
	 * a2classify, a2footprint and a2md handle it (sar:product_type GUNW,
	 * ARIA's term: the sar extension has none for an interferogram);
	 * a2tiles tiles its unwrappedPhase, coherence and amplitude grids */
	{ "GUNW", "netCDF", NULL, LEVEL_NAME_GUNW, "s1_gunw", "s1_gunw", "S1-GUNW", NULL, "GUNW",
	  1, 1, 0, { "gunw" }, "made by a2synth --gunw NAME", NULL, 0 },
};

const struct level *
level_row(size_t i)
{
	return i < sizeof levels / sizeof levels[0] ? &levels[i] : NULL;
}

const struct level *
level_find(const char *level, const char *format)
{
	const struct level *l;

	if (!level)
		return NULL;
	for (size_t i = 0; (l = level_row(i)); i++)
		if (strcmp(l->level, level) == 0 &&
		    (!format || !l->format || strcmp(l->format, format) == 0))
			return l;
	return NULL;
}

char *
level_catalog_type(const char *level, int md)
{
	const struct level *l = level_find(level, NULL);

	if (l && l->type)
		return a2_strdup(md ? l->type_md : l->type);
	return a2_asprintf("L%s_geotiff", level);
}
