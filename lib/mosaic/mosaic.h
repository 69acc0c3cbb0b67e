/*
 * mosaic.h: JAXA's 25 m PALSAR/PALSAR-2/JERS-1 yearly mosaic: eras, the
 * 1x1 and 5x5 degree grid and its names, archive URLs, band files, the
 * COG writer and the eo3/STAC metadata (spec: palsar-mosaic.md).
 */
#ifndef MOSAIC_H
#define MOSAIC_H

#include <jansson.h>

/* One sensor era (palsar-mosaic.md §1.1, §3, §6, §7). */
struct mosaic_era {
	const char *name;       /* alos2, alos, jers1 */
	int first, last;        /* years with a mosaic */
	const char *platform;   /* as DE Africa writes it */
	const char *instrument;
	const char *algorithm;  /* odc_uuid algorithm */
	const char *product;    /* ODC product name (share/odc/NAME.odc-product.yaml) */
	const char *launchdate; /* zero reference of the date band */
	const char *cf;         /* calibration factor, "83.0 dB" */
	const char *ftp_dir;    /* under the FTP base, before /YYYY/ */
	const char *suffix;     /* archive and COG name suffix: _F02DAR or "" */
	const char *mode;       /* sar:instrument_mode */
	int nbands;             /* 5, or 4 without HV (JERS-1) */
	int nodata;             /* of every band but the mask */
};

/* The bands of a mosaic, in the order they are written. */
struct mosaic_band {
	const char *name;       /* as in JAXA file names: HH, HV, linci, date, mask */
	const char *key;        /* measurement / asset key: hh, hv, ... */
	const char *resampling; /* overviews */
	const char *type;       /* GDAL data type name */
	const char *units;      /* GDAL unit type, ODC units */
	const char *desc;
};
enum { MOSAIC_HH, MOSAIC_HV, MOSAIC_LINCI, MOSAIC_DATE, MOSAIC_MASK, MOSAIC_NBANDS };
extern const struct mosaic_band mosaic_bands[MOSAIC_NBANDS];

/* NULL when JAXA made no mosaic that year. */
const struct mosaic_era *mosaic_era(int year);
/* The bands of a year: band i of the year is mosaic_bands[mosaic_band_at(year, i)]. */
int mosaic_nbands(int year);
int mosaic_band_at(int year, int i);
/* No-data value of a band in a year (JAXA: 1 for all but the mask from 2017). */
int mosaic_nodata(int year, int band);

/* Tile names: upper-left corner, N00/E000 for zero.  out holds 8 bytes. */
void mosaic_name(char *out, int lat, int lon);
/* Parses a canonical name; 0 or -1. */
int mosaic_name_parse(const char *s, int *lat, int *lon);
/* Upper-left corner of the 5x5 block holding the 1x1 tile at (lat, lon). */
void mosaic_block_of(int lat, int lon, int *blat, int *blon);
/* Is (lat, lon) a block corner? */
int mosaic_is_block(int lat, int lon);

/* Archive sources. */
enum mosaic_source { MOSAIC_FTP, MOSAIC_HTTPS };
/* URL base of a source: $A2_JAXA_FTP_URL / $A2_JAXA_HTTPS_URL or JAXA's. */
const char *mosaic_base(enum mosaic_source src);
/*
 * The archive of a block (tile == NULL) or of one 1x1 tile of it, as a new
 * string; zip picks the .zip release over .tar.gz.  The HTTPS site has
 * 1x1 archives only.
 */
char *mosaic_archive_name(int year, const char *name, int zip);
char *mosaic_archive_url(enum mosaic_source src, const char *base, int year,
    const char *block, const char *tile, int zip);

/* The odc_uuid of a year's block (§7); out holds 37 bytes. */
void mosaic_uuid(int year, const char *block, char *out);

/*
 * Band of a JAXA raster file name (not a path) of the year inside the
 * block, or -1: {TILE}_{YY}_[sl_]{BAND}[_F..DAR][.tif].  *lat, *lon get
 * the tile.
 */
int mosaic_match_file(const char *name, int year, int blat, int blon, int *lat, int *lon);
/* COG name of a band: {BLOCK}_{YY}_sl_{BAND}{suffix}.tif (§5.2). */
char *mosaic_cog_name(int year, const char *block, int band);

/*
 * Mosaics the rasters files[0..n) into a COG at path (atomically).
 * union_extent: the extent of the files instead of the whole block.
 * Returns 0, or -1 with a message in *err.
 */
struct mosaic_cog_opts {
	int union_extent;
	int overviews;      /* count; 0: GDAL's choice */
	int level;          /* DEFLATE level */
};
int mosaic_cog_write(const char *path, char **files, int n, int year, int band,
    int blat, int blon, const struct mosaic_cog_opts *o, char **err);

/*
 * Metadata of a year's block from its COGs (paths by band index, NULL when
 * absent): the eo3 dataset document and the STAC Item, hrefs relative
 * (file names) unless base is given.  now: processing time, seconds.
 */
int mosaic_md_make(int year, const char *block, char *const cogs[MOSAIC_NBANDS],
    const char *base, long long now, json_t **eo3, json_t **stac, char **err);

#endif
