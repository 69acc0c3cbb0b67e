/*
 * synth.h: synthetic ALOS-2 products for tests and benchmarks (a2synth).
 * synth.c holds the geometry model, summary.txt, KML, truth file and
 * packaging; synth_ceos.c the CEOS files; synth_tiff.c GeoTIFF, LUT and
 * browse images.  Everything is a pure function of the options, so the
 * same options give byte-identical output.
 */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdint.h>

#include "geoloc.h"

enum synth_pkg { SYNTH_PKG_ORDER, SYNTH_PKG_FLAT, SYNTH_PKG_DIR };
/* Valid-data shapes for footprint tests: zero "lakes" inside the swath,
 * non-zero specks outside it, or radar-shadow bands cutting it apart. */
enum synth_mask { SYNTH_MASK_PLAIN, SYNTH_MASK_HOLES, SYNTH_MASK_SPECKS, SYNTH_MASK_MOUNTAINS };

struct synth_opts {
	unsigned long long seed;
	int width, height;  /* 0: from size */
	int size;           /* 0 tiny, 1 small, 2 bench, 3 explicit WxH */
	char level[4];      /* 1.1 1.5 2.1 3.1 */
	char mode[4];
	int ceos;           /* 1 CEOS, 0 GeoTIFF, -1 default for the level */
	char look;          /* R L */
	char dir;           /* A D */
	int pols;           /* bit mask over synth_pol_names, 0: from mode */
	int orbit, frame;
	int year, month, day;
	int south;
	enum synth_pkg package;
	char order[11];
	int items;
	int mask;           /* SYNTH_MASK_*: extra no-data in map rasters */
	double lon_shift;   /* deg east added to the orbit's node longitude */
	const char *outdir;
};

/* Observation mode parameters (spec §1.2, §3.4, §4.3, §5). */
struct synth_mode {
	const char *code;
	int nscans;          /* ScanSAR subswaths, 0 for stripmap/spotlight */
	double swath_m;      /* across track */
	double length_m;     /* along track */
	double duration_s;   /* scene length */
	double spacing_m;    /* L1.5 pixel spacing */
	double off_nadir;    /* deg */
	double rate_mhz;     /* range sampling rate */
	double prf_hz;       /* nominal PRF of the real mode */
	const char *opcode;  /* DSSR sensor mode chars [10:12] */
	int defpols;         /* default polarisation mask */
	int beam;            /* antenna beam number */
};

extern const char *const synth_pol_names[4]; /* HH HV VH VV */

const struct synth_mode *synth_mode_find(const char *code);
/* Checks the option combination; returns NULL or a static message. */
const char *synth_check(struct synth_opts *o);
/* Writes every product and prints one JSON line each; dies on error. */
void synth_run(const struct synth_opts *o);

/* ---- shared between synth*.c ---- */

struct synth_ll { double lon, lat; };

struct synth_scene {
	const struct synth_opts *o;
	const struct synth_mode *m;
	char scene_id[22], product_id[11], id[33];
	int frame, path, item;
	int l11;                 /* level 1.1 */
	int npol;
	int pol[4];              /* indexes into synth_pol_names */
	int64_t t_center, t_start, t_end; /* Unix ms */
	double nadir_lat, nadir_lon, heading; /* heading at centre, deg */
	double lat, lon;         /* scene centre (exact, not rounded) */
	double incidence;
	double altitude;         /* m */
	/* map grid (UTM) */
	int zone, south, epsg;
	double ce, cn;           /* scene centre easting / northing */
	double grid_heading;     /* rad, flight direction in the UTM grid */
	double ux, uy;           /* UTM of the upper-left raster corner */
	double spacing;          /* m, square pixels */
	int width, height;       /* L1.5+: map raster; L1.1: per-file pixels x lines */
	double quad_e[4], quad_n[4]; /* image quadrilateral LT RT RB LB (UTM) */
	/* values as written to summary.txt (3 decimals) */
	struct synth_ll img[4], img_c, frm[4], frm_c;
	/* L1.1: per scan (index 0 for stripmap) */
	int nfiles_scan;         /* 1 or nscans */
	int lines[7];
	double prf[7];           /* effective PRF (Hz) = lines / duration */
	double near_range;       /* slant range to first pixel, m */
	double r0[7];            /* L1.1: whole-metre slant range of pixel 0 per scan */
	double dr;               /* L1.1: slant range pixel spacing, m */
	double fs_mhz;           /* L1.1: range sampling rate that gives dr */
	double day0;             /* Unix seconds of 0h UTC of the centre's day */
	struct geoloc_orbit orb; /* the state vectors below, times in s of that day */
	int32_t l11c[4][2];      /* [lon,lat] 1e-6 deg: L0P0 L0Pn LnPn LnP0 */
	/* state vectors (ECR) */
	double sv[28][6];
	double sv_t0;            /* seconds of day of the first vector */
	/* output */
	char *stage;             /* staging directory */
	char *files[64];         /* product files (Pdi list order) */
	int nfiles;
	double data_bytes;
	double *colt;            /* per-column texture cache of synth_dn_row */
};

/* Ground position at (along, cross) metres from the scene centre, along
 * in the flight direction, cross positive to the right of the track. */
void synth_geo(const struct synth_scene *s, double along, double cross, double *lat, double *lon);
/* L1.1: ground position of pixel p of line k of subswath scan (0-based). */
void synth_l11_pos(const struct synth_scene *s, int scan, int k, int p, double *lat, double *lon);
/* L1.1: range-Doppler position of pixel p of line k of subswath scan
 * (0-based) from the state vectors, line time and slant range written to
 * the IMG file; the prefix corners are made with it. */
void synth_l11_geo(const struct synth_scene *s, int scan, int k, int p, double *lat, double *lon);
/* Microseconds since the Unix epoch of line k of subswath scan. */
int64_t synth_l11_time(const struct synth_scene *s, int scan, int k);
/* UTM of the scene's zone <-> lat/lon */
void synth_utm_to_ll(const struct synth_scene *s, double e, double n, double *lat, double *lon);
void synth_ll_to_utm(const struct synth_scene *s, double lat, double lon, double *e, double *n);
/* Path of a file in the staging directory (new string). */
char *synth_stage_path(const struct synth_scene *s, const char *name);
void synth_add_file(struct synth_scene *s, const char *name);

/* Pseudo-random numbers: xorshift64*, seeded per file. */
struct synth_rng { uint64_t x; };
void synth_rng_seed(struct synth_rng *r, const struct synth_scene *s, int pol, int scan);
uint64_t synth_rng_next(struct synth_rng *r);
/* Mean amplitude (DN) of the synthetic backscatter at map position e, n. */
double synth_mean_dn(const struct synth_scene *s, int pol, double e, double n);
/* One map-raster row y of uint16 DN (0 outside the image quadrilateral). */
void synth_dn_row(struct synth_scene *s, struct synth_rng *r, int pol, int y, uint16_t *row);
/* Low-resolution greyscale of the map raster (no speckle): w x h DN. */
void synth_lowres(const struct synth_scene *s, int pol, int w, int h, uint16_t *out);
/* A Rayleigh-distributed factor with mean ~1 from 12 random bits. */
double synth_rayleigh(uint64_t bits);

void synth_write_ceos(struct synth_scene *s);
void synth_write_tiff(struct synth_scene *s);
void synth_write_brs(struct synth_scene *s);

#endif
