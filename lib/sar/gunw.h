/*
 * gunw.h: ARIA Sentinel-1 GUNW products (hyp3-gunw.md §4): the name
 * grammar of §4.1 (gunw.c) and the scene object a2classify makes of a
 * GUNW netCDF file, cross-checked against the file's own attributes
 * (gunw_nc.c).
 */
#ifndef GUNW_H
#define GUNW_H

#include <jansson.h>

/* A GUNW name split into the fields of §4.1. */
struct gunw_name {
	char id[96];          /* the name without ".nc" */
	int custom;           /* prefix S1-GUNW_CUSTOM */
	char direction;       /* A or D (reference flight direction) */
	char look;            /* R */
	int track;            /* reference path, 1..175 */
	char reference_date[11], secondary_date[11]; /* YYYY-MM-DD */
	char center_time[9];  /* HH:MM:SS, reference centre, truncated */
	char geo[16];         /* the GEO field as written */
	int geo_v2;           /* 0: v3 (lon_lat of the SW corner), 1: v2 (two latitudes) */
	double geo_a, geo_b;  /* v3: west lon, south lat (whole deg); v2: the two latitudes */
	char hash[5];         /* 4 hex digits */
	int version[3];       /* vX_Y_Z */
};

/* 0, or -1 with a malloc'd one-line message naming s and what is wrong.
 * s is a file name without directory ("….nc" or the bare ID). */
int gunw_parse_name(const char *s, struct gunw_name *g, char **err);
/* 1 if the file name has the shape of a GUNW (S1-GUNW…, ending .nc), so
 * that it is a GUNW or a broken one, else 0. */
int gunw_is_file_name(const char *fname);
/* The name's fields as the "gunw" members of the scene object
 * (doc/records.md; direction and look side are the object's own
 * orbit_direction and look_side), new object. */
json_t *gunw_name_json(const struct gunw_name *g);

/*
 * The scene object of a GUNW netCDF file (path: the .nc file, or a
 * directory holding exactly one), or NULL with a malloc'd one-line
 * message naming the file and the attribute that is wrong.
 */
json_t *gunw_classify(const char *path, char **err);
/* 1 if path is a GUNW file or a directory holding one .nc named as one. */
int gunw_is_product(const char *path);

#endif
