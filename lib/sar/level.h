/*
 * level.h: the product levels and formats a2 knows, one row each: what the
 * product ID must say, what the scene record, met.json, STAC and catalog
 * call the product, how its footprint is found and whether it is tiled.
 * A new level is a row in level.c, its generator in synth*.c and a test.
 */
#ifndef LEVEL_H
#define LEVEL_H

/* What positions 8-9 of the product ID (processing option, map
 * projection) must hold, alos2-formats.md §1.3. */
enum level_name_rule {
	LEVEL_NAME_RAW = 1, /* "__" */
	LEVEL_NAME_GEOCODED, /* "G" and a map projection */
	LEVEL_NAME_MAPPED,  /* a processing option and a map projection */
	LEVEL_NAME_NRB,     /* CEOS-ARD file names (palsar2-scansar-nrb.md §2) */
	LEVEL_NAME_GUNW     /* a Sentinel-1 GUNW, not an ALOS-2 product ID (sar/gunw.h) */
};

struct level {
	const char *level;      /* "1.5", as in the product ID; "GUNW" */
	const char *format;     /* "CEOS", "GeoTIFF" or "netCDF" (scene "format"); NULL: any */
	/* Recognised but refused: names what it is ("level 1.0"), else NULL. */
	const char *unsupported;
	enum level_name_rule name_rule;
	const char *type;       /* scene "type" and catalog type (ingest-jobs.md §5.4) */
	const char *type_md;    /* catalog type of its metadata-only ID-md product */
	const char *dataset;    /* scene and met.json "dataset" */
	const char *version;    /* dataset.json "version"; NULL: the product's name says */
	const char *stac_type;  /* STAC sar:product_type */
	/* Map geometry: a STAC proj:code, met.json tile keys and alos2md
	 * from summary.txt.  0: slant range (the SLC), none of them, and
	 * alos2md from the CEOS values as the ISCE extractor gave them. */
	int georef;
	int tiled;              /* a2tiles tiles its images; 0: JAXA's browse jpgs only */
	int location_summary;   /* met.json location: summary.txt corners, not the footprint */
	const char *footprint[3]; /* a2footprint's auto methods in order, after SARCAT */
	const char *synth_refusal; /* why a2synth does not make it; NULL: it does */
	/* Classified, but some steps after a2classify (later_steps) do not
	 * handle it yet: names what it is ("PALSAR-2 ... (NRB)"). */
	const char *later;
	unsigned later_steps;   /* LEVEL_STEP_* that refuse it; 0: none */
};

/* The steps after a2classify, for level "later_steps" and
 * scene_refuse_later(). */
enum level_step {
	LEVEL_STEP_FOOTPRINT = 1, /* a2footprint */
	LEVEL_STEP_METADATA = 2,  /* a2md */
	LEVEL_STEP_TILES = 4      /* a2tiles */
};

/*
 * The row of a level in a format (NULL: the level's first row, whose
 * format is a2synth's default for the level), or NULL if a2 does not know
 * the pair.
 */
const struct level *level_find(const char *level, const char *format);
/* Rows in table order, i from 0; NULL after the last. */
const struct level *level_row(size_t i);
/* The catalog type of a product of level (e.g. "1.1"), md: its ID-md
 * product; an unknown level is "L<level>_geotiff" (new string). */
char *level_catalog_type(const char *level, int md);

#endif
