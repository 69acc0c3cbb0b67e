/*
 * synth_model.h: the scene model shared by a2synth's parts (synth_model.c):
 * the scene's geometry, times and map grid, its backscatter, the staging
 * directory.  The writers (synth_write.h) and synth.c build on it.
 */
#ifndef SYNTH_MODEL_H
#define SYNTH_MODEL_H

#include <stdint.h>

#include "sar/geoloc.h"
#include "synth/synth.h"

#define DEG (M_PI / 180.0)
#define RE 6378137.0            /* GRS80 semi-major axis */
#define ALT 628000.0            /* ALOS-2 reference altitude */
#define GM 3.986004418e14
#define OMEGA_E 7.2921150e-5    /* Earth rotation, rad/s */
#define INCL (97.9 * DEG)
/* Ascending-node longitude of orbit 1597, chosen so the default scene
 * lands near the real sample (frame 6960, 62.5 W). */
#define NODE_LON_1597 (-69.35)
/* Fixed "processing" time: mtimes in zips, VOL and summary dates. */
#define PROC_TIME 1426838992    /* 2015-03-20 08:09:52 UTC */

#define P_HH 1
#define P_HV 2
#define P_VH 4
#define P_VV 8


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
	void *truth_extra;       /* json_t: a writer's own truth keys, or NULL */
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
/* The columns x0..x1 of map-raster row y inside the image quadrilateral:
 * 1, or 0 when the row misses it. */
int synth_quad_cols(const struct synth_scene *s, int y, int *x0, int *x1);
/* One map-raster row y of uint16 DN (0 outside the image quadrilateral). */
void synth_dn_row(struct synth_scene *s, struct synth_rng *r, int pol, int y, uint16_t *row);
/* Low-resolution greyscale of the map raster (no speckle): w x h DN. */
void synth_lowres(const struct synth_scene *s, int pol, int w, int h, uint16_t *out);
/* A Rayleigh-distributed factor with mean ~1 from 12 random bits. */
double synth_rayleigh(uint64_t bits);

/* Sets up scene item of the options (geometry, times, grid, orbit). */
void synth_scene_setup(struct synth_scene *s, const struct synth_opts *o, int item);
/* v rounded to 3 decimals, as summary.txt writes it (no -0). */
double synth_round3(double v);
/* Frees what the model keeps between scenes (its UTM transformations). */
void synth_model_free(void);

#endif
