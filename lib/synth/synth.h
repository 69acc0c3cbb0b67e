/*
 * synth.h: synthetic ALOS-2 products for tests and benchmarks (a2synth).
 * synth.c holds the options, summary.txt, KML, truth file and packaging;
 * synth_model.c the scene model the writers share (synth_model.h);
 * synth_ceos.c the CEOS files; synth_tiff.c GeoTIFF, LUT and browse
 * images (synth_write.h); synth_gunw.c Sentinel-1 GUNW netCDF files.  Everything is a pure function of the options,
 * so the same options give byte-identical output.
 */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdint.h>

enum synth_pkg { SYNTH_PKG_ORDER, SYNTH_PKG_FLAT, SYNTH_PKG_DIR };
/* Valid-data shapes for footprint tests: zero "lakes" inside the swath,
 * non-zero specks outside it, or radar-shadow bands cutting it apart. */
enum synth_mask { SYNTH_MASK_PLAIN, SYNTH_MASK_HOLES, SYNTH_MASK_SPECKS, SYNTH_MASK_MOUNTAINS };

struct synth_opts {
	unsigned long long seed;
	int width, height;  /* 0: from size */
	int size;           /* 0 tiny, 1 small, 2 bench, 3 explicit WxH */
	char level[8];      /* 1.1 1.5 2.1 3.1 (GUNW: refused, made by synth_gunw) */
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
/* Writes OUTDIR/NAME.nc, a Sentinel-1 GUNW netCDF-4 file consistent with
 * the GUNW name (hyp3-gunw.md §4) and of ARIA frame FRAME (the name has
 * none), WIDTHxHEIGHT data pixels (0: 64x48),
 * atomically, and prints {"id","path"}; dies on error (a bad name: exit 2).
 * attrs (NULL-terminated, may be NULL): "NAME=VALUE" writes the root or
 * /science/grids attribute NAME as the string VALUE, "NAME" leaves it
 * out, so that readers' tests can have broken files. */
void synth_gunw(const char *name, int frame, int width, int height, const char *const *attrs,
    const char *outdir);

#endif
