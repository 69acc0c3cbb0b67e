/*
 * ceos.h: reading and writing ALOS-2 CEOS records field by field, with the
 * field table of ceos_fields.h.  Readers never trust a field to lie inside
 * the record: every access is bounds-checked against the record length.
 */
#ifndef CEOS_H
#define CEOS_H

#include <stddef.h>
#include <stdint.h>
#include "sar/ceos_fields.h"

/* A record read from a file: header fields decoded, body owned. */
struct ceos_rec {
	uint32_t seq;
	uint8_t sub1, type, sub2, sub3;
	uint32_t len;       /* from the header, header included */
	long long offset;   /* of the record in its file */
	unsigned char *buf; /* len bytes */
};

/* ---- field access (implemented in ceos.c) ---- */
/* Text field with trailing and leading blanks removed (new string). NULL if
 * the field lies outside the record. */
char *ceos_get_str(const unsigned char *rec, size_t reclen, struct ceos_field f);
/* Integer field ('I', 'B' or 'S'). Returns 0 on success; -1 if blank,
 * outside the record or not a number. */
int ceos_get_int(const unsigned char *rec, size_t reclen, struct ceos_field f, long long *v);
/* Float field ('F', accepts fixed and exponent notation, "NAN"). */
int ceos_get_float(const unsigned char *rec, size_t reclen, struct ceos_field f, double *v);
/* Float at an explicit offset/length (for repeated groups). */
int ceos_get_float_at(const unsigned char *rec, size_t reclen, size_t off, size_t len, double *v);

/* ---- field writing (used by a2synth) ---- */
void ceos_put_str(unsigned char *rec, struct ceos_field f, const char *s);
void ceos_put_int(unsigned char *rec, struct ceos_field f, long long v);
/* printf-formats v (e.g. "%16.7f") right-justified into the field */
void ceos_put_float(unsigned char *rec, struct ceos_field f, const char *fmt, double v);
void ceos_put_float_at(unsigned char *rec, size_t off, size_t len, const char *fmt, double v);
/* fills the 12-byte header */
void ceos_put_header(unsigned char *rec, uint32_t seq, uint8_t sub1, uint8_t type,
    uint8_t sub2, uint8_t sub3, uint32_t len);

/* ---- whole-file readers (implemented in ceos.c) ---- */
/* Leader file: descriptor, DSSR, map projection, platform position and
 * radiometric records, walked by their header lengths. */
struct ceos_leader {
	char *scene_id;
	char *center_time; /* ISO 8601 ...Z */
	double center_lat, center_lon;
	long long orbit;
	double clock_angle, incidence, wavelength, prf_hz, range_rate_mhz,
	    line_spacing, pixel_spacing, off_nadir, cf;
	char *level, *product_type, *time_dir_line, *sensor_mode;
	int beam;
	int has_mapproj;
	double corner_lat[4], corner_lon[4]; /* TL, TR, BR, BL (1072..1199) */
	int utm_zone;
	double false_northing;
	int has_platpos;
	int npoints;
	/* the platform position record's state vectors: sv_n points (x y z
	 * in m, vx vy vz in m/s, Earth-fixed), the first at sv_year, day
	 * sv_doy, sv_sod seconds of day, then every sv_dt seconds.  NULL
	 * when the record is missing or unreadable, with sv_err saying why
	 * (the rest of the leader is still read). */
	double (*sv)[6];
	int sv_n, sv_year, sv_doy;
	double sv_sod, sv_dt;
	char *sv_err;
};
/* 0 ok, -1 error with a malloc'd message naming file, record and field. */
int ceos_read_leader(const char *path, struct ceos_leader *l, char **err);
void ceos_leader_free(struct ceos_leader *l);

struct ceos_image {
	long long nrecords, reclen, lines, pixels, prefix_bytes, data_bytes;
	char format_code[8];
	int scansar;
	int has_geo; /* L1.1: first and last signal record prefixes read */
	double lat[2][3], lon[2][3]; /* [first, last record][first, centre, last pixel], degrees */
	char *start_time, *end_time; /* ISO ...Z from year/doy/usec of first/last record */
	int year[2], doy[2];         /* first/last record time: year, day of year, */
	long long usec[2];           /* microseconds of day */
	long long slant_range[2];    /* slant range to the first pixel, m; 0 if blank */
	int tx_pol, rx_pol, scan_id;
};
/* Image file descriptor and, for L1.1 files that hold them, the first and
 * last signal record prefixes; a file cut to its descriptor is not an
 * error (has_geo 0). */
int ceos_read_image(const char *path, struct ceos_image *im, char **err);
void ceos_image_free(struct ceos_image *im);

/* First-record tuples of §3.1. */
enum ceos_file { CEOS_FILE_VOL, CEOS_FILE_LED, CEOS_FILE_IMG, CEOS_FILE_TRL };
/* Checks that path starts with the descriptor record of its kind. */
int ceos_check_file(const char *path, enum ceos_file kind, char **err);

/* Volume directory: the text record's product and scene strings with
 * their "PRODUCT:" / "ORBIT :" labels removed. */
struct ceos_vol {
	char *product, *scene;
	int npointers, ntext;
};
int ceos_read_vol(const char *path, struct ceos_vol *v, char **err);
void ceos_vol_free(struct ceos_vol *v);

#endif
