/*
 * tiles.h: Web Mercator tiles (XYZ or TMS rows) of SAR GeoTIFFs (one layer per
 * polarisation, an optional RGB composite), the TileJSON and Leaflet viewer
 * that describe them, and the browse images (see a2tiles(1)).
 */
#ifndef TILES_H
#define TILES_H

#include <jansson.h>

#define TILES_PX 256          /* tile size in pixels */
#define TILES_MAXZ 22         /* highest zoom accepted */
#define TILES_MAXLAYERS 5     /* HH HV VH VV + one composite */
#define TILES_R 20037508.342789244 /* half the Web Mercator world, m */

enum tiles_stretch {
	TILES_DB,  /* sigma0 dB = 20 log10(DN) - 83, linear in dB */
	TILES_DN,  /* linear in DN (what gdal_translate -scale does) */
};

/* Tile rows: XYZ counts y from the north (OSM, Google, MapLibre); TMS from
 * the south (gdal2tiles, and HySDS's map UI, which asks Leaflet for tms). */
enum tiles_scheme {
	TILES_XYZ,
	TILES_TMS,
};

/* How the base zoom is resampled: the built-in area average, or one of
 * GDAL's warper algorithms (GDALResampleAlg values). */
#define TILES_RESAMPLE_A2 (-1)

struct tiles_src {
	char *path;
	int w, h;
	double gt[6];
	char *wkt;
	double res_m;    /* pixel size, metres (for -z ..auto) */
	double merc[4];  /* Web Mercator bounds, x unwrapped like tiles_set.merc */
	int pole;        /* the raster holds a pole */
	long long size, mtime_ns;
	char *mask;      /* an NRB scene's _MSK.tif: only code 1 is shown; NULL: none */
	long long mask_size, mask_mtime_ns;
};

struct tiles_layer {
	char name[16];           /* HH, HV, VH, VV; RGB for the composite; a GUNW's
	                          * unwrappedPhase, coherence, amplitude */
	int nsrc;
	struct tiles_src *src;
	int stretch;             /* enum tiles_stretch */
	double lo, hi;           /* stretch range (dB or DN) */
	int auto_range;          /* lo/hi came from the data */
	unsigned char *lut;      /* DN -> 0 (fill) or 1..255 */
	double db[256];          /* byte -> dB it stands for (composite) */
	/* composite only */
	int composite, co, cross;
	unsigned char *blut;     /* 256x256: (co, cross) bytes -> blue */
	/* a GUNW grid (tiles_gunw.c): enum tiles_gunw, 0 for a GeoTIFF */
	int gunw;
	double nodata;           /* its fill value */
};

/* The float32 grids of a Sentinel-1 GUNW that a2tiles makes layers of. */
enum tiles_gunw {
	TILES_GUNW_PHASE = 1,    /* unwrappedPhase, wrapped, cyclic colours */
	TILES_GUNW_COH,          /* coherence, grey */
	TILES_GUNW_AMP,          /* amplitude, dB grey */
};

struct tiles_opts {
	int zmin, zmax;          /* zmax -1: from the pixel size */
	int resampling;          /* TILES_RESAMPLE_A2 or a GDALResampleAlg */
	int threads;             /* workers (>= 1) */
	int level;               /* zlib level of tile PNGs */
	int composite;           /* add the RGB layer when co- and cross-pol exist */
	int stretch;             /* enum tiles_stretch */
	int have_range;          /* lo, hi given */
	double lo, hi;
	int have_ratio;          /* composite blue range given */
	double rlo, rhi;
	int meta;                /* levels per metatile (1..3) */
	int scheme;              /* enum tiles_scheme: how tile rows are numbered */
	const char *url;         /* the tile directory's public URL, ending in '/':
	                          * tiles.json's tile URLs are under it; NULL:
	                          * relative to tiles.json */
	const char *state;       /* the journal (RESUMING in a2tiles(1)); NULL: a
	                          * temporary one, removed when done */
};

struct tiles_set {
	struct tiles_opts o;
	int nlayers;             /* polarisation layers first, composite last */
	struct tiles_layer layer[TILES_MAXLAYERS];
	double ll[4];            /* lon/lat bounds w s e n; e > 180 across the antimeridian */
	double merc[4];          /* the same in Web Mercator metres, x unwrapped */
	int zmin, zmax;          /* the range built */
	/* what the last tiles_build did */
	long written, kept, reused;  /* tiles written, found whole; tiles and metatiles reused */
	int built_min[TILES_MAXLAYERS], built_max[TILES_MAXLAYERS]; /* -1: no tile */
};

void tiles_gdal_init(void);
/* The polarisation a file holds, from its name (IMG-HH-..., ..._sl_HV_...)
 * or its TIFF ImageDescription; 0 when it tells none. */
int tiles_pol_of(const char *path, char pol[3]);

void tiles_set_init(struct tiles_set *t, const struct tiles_opts *o);
void tiles_set_free(struct tiles_set *t);
/* Adds a GeoTIFF to the layer of its polarisation. */
int tiles_set_add(struct tiles_set *t, const char *path, char **err);
/* Reads the georeferencing and statistics of every source: bounds, zoom
 * range, stretch lookup tables, the composite layer. */
int tiles_set_prepare(struct tiles_set *t, char **err);

/* Builds (or completes) the tile tree in dir. */
int tiles_build(struct tiles_set *t, const char *dir, char **err);

/* tiles.json (TileJSON 3.0.0 plus a2's layer list) as written to dir:
 * tile URLs under o.url when set; across the antimeridian, bounds of
 * every longitude (-180, 180). */
json_t *tiles_tilejson(const struct tiles_set *t, const char *id);
/* Writes index.html and the Leaflet copy (when page is set), then
 * tiles.json into dir; footprint (a GeoJSON Feature or geometry, may be
 * NULL) is drawn on the map. */
int tiles_write_viewer(const struct tiles_set *t, const char *dir, const char *id,
    json_t *footprint, int page, char **err);
/* Where the viewer template and Leaflet are (NULL when missing). */
char *tiles_viewer_dir(void);
char *tiles_leaflet_dir(void);
/* Copies leaflet.js, leaflet.css and images/ into dir/leaflet/ (files
 * already holding the same bytes are left alone). */
int tiles_copy_leaflet(const char *dir, char **err);

/* Browse images of every source in outdir: NAME_disp.browse.png (a tenth
 * of the size) and NAME_disp.browse_small.png (within 250x250), NAME being
 * the source file name without .tif, one source a thread. Appends the
 * paths written to out. */
int tiles_browse(const struct tiles_set *t, const char *outdir, json_t *out, char **err);
/* The L1.1 way: a JAXA BRS jpg to NAME.browse.png (ScanSAR at 40% height)
 * and NAME.browse_small.png. */
int tiles_browse_jpg(const char *jpg, const char *outdir, json_t *out, char **err);

/* One product's worth: the tiles of tifs in tiles_dir (unless no_tiles)
 * with tiles.json and index.html (unless no_viewer), browse images of the
 * tifs (unless no_browse) and of the jpgs in browse_dir. Returns the
 * "tiles" record of doc/records.md. */
struct tiles_job {
	struct tiles_opts o;
	const char *const *tifs, *const *jpgs;
	int ntifs, njpgs;
	const char *id;            /* tiles.json name; may be NULL */
	const char *tiles_dir, *browse_dir;
	json_t *footprint;         /* may be NULL */
	int no_tiles, no_viewer, no_browse;
	const char *const *masks;  /* per tif, its mask (or NULL); NULL: none */
};
json_t *tiles_run(const struct tiles_job *j, char **err);
/* The GeoTIFFs (or, without any, the BRS jpgs) of a scene object
 * (doc/records.md), as new arrays of new strings. */
void tiles_scene_files(json_t *scene, char ***tifs, int *ntifs, char ***jpgs, int *njpgs);

/* The three GDAL subdatasets of a GUNW netCDF file nc, NETCDF:"nc":/science/
 * grids/data/{unwrappedPhase,coherence,amplitude}, appended to v. */
void tiles_gunw_sources(const char *nc, char ***v, int *n);

/* Frees what tiles_scene_files() gives. */
void tiles_free_list(char **v, int n);

/* a2tiles option values: "MIN-MAX" or "MIN-auto" (*zmax -1); "LO,HI" with
 * LO < HI; 0, or -1 when malformed.  A resampling name gives
 * TILES_RESAMPLE_A2 or a GDALResampleAlg, -2 when unknown. */
int tiles_parse_zoom(const char *s, int *zmin, int *zmax);
int tiles_parse_range(const char *s, double *lo, double *hi);
int tiles_parse_resampling(const char *s);
/* "xyz" or "tms" to enum tiles_scheme; -1 when neither. */
int tiles_parse_scheme(const char *s);

/* The files of one product, from a2tiles's operands. */
struct tiles_input {
	char **tifs, **jpgs;
	int ntifs, njpgs;
	char *id;            /* the last scene's, else the first GeoTIFF's name's */
	json_t *footprint;   /* the first pipeline record's; may be NULL */
	json_t *scene;       /* the last scene object; NULL: GeoTIFFs or jpgs only */
	char **masks;        /* per tif, its mask or NULL; NULL while none */
};
/* Adds one operand: a scene directory, a scene.json or pipeline record
 * (its files), a BRS jpg or a GeoTIFF; -1 with *err when it cannot be
 * read. */
int tiles_input_add(struct tiles_input *in, const char *arg, char **err);
void tiles_input_free(struct tiles_input *in);

/* The L2.2 NRB quality mask (tiles_mask.c): the _MSK.tif whose pixels of
 * any code but 1 (valid) are fill in every layer and browse image. */
/* The source path, just added, is masked by mask (NULL: nothing done). */
void tiles_set_mask(struct tiles_set *t, const char *path, const char *mask);
/* Turns the composite on when masked (NRB) sources hold a co- and a
 * cross-polarised layer. */
void tiles_mask_composite(struct tiles_set *t);
/* P_MSK.tif beside an NRB P_XX_SLP.tif when it exists (new string), else
 * NULL. */
char *tiles_mask_beside(const char *tif);
/* A scene's mask (files.msk, under its dir), new string; NULL: none. */
char *tiles_scene_mask(json_t *scene);
/* in->masks[from..ntifs) become copies of mask (NULL: none). */
void tiles_input_masks(struct tiles_input *in, int from, const char *mask);

/* Tile arithmetic (exposed for tests and the viewer). */
double tiles_span(int z);                 /* tile width in metres */
void tiles_bounds(int z, int x, int y, double b[4]); /* minx miny maxx maxy */

#endif
