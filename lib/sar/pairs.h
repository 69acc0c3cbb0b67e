/*
 * pairs.h: interferometric pairs.  Sentinel-1 date pairs by ARIA's
 * enumeration (../shared/spec/hyp3-gunw.md §5.3, §8.9) and ALOS-2 scene
 * pairs by the rules alos2App needs (§6).
 */
#ifndef PAIRS_H
#define PAIRS_H

#include <stddef.h>

/* A date as days since 1970-01-01. */
/* YYYY-MM-DD or YYYYMMDD, a real calendar day, optionally followed by
 * "T..." (a time, ignored); 0, or -1 when it is not one. */
int pairs_date_parse(const char *s, int *day);
/* YYYY-MM-DD into out (11 bytes). */
void pairs_date_format(int day, char out[11]);
/* The month (1 to 12) of a day. */
int pairs_date_month(int day);

/* One (minimum temporal baseline, neighbours) run of ARIA's enumeration. */
struct pairs_run {
	int baseline;   /* days, >= 0 */
	int neighbours; /* secondaries per reference, >= 1 */
};

struct pairs_s1 {
	const struct pairs_run *runs;
	size_t nruns;
	int seeds;              /* newest dates that start the queue, >= 1 */
	unsigned months;        /* bit m set: month m (1..12) in the seasonal stack; 0: none */
	int exclusive_months;   /* the seasonal pairs replace the others */
	const int (*ranges)[2]; /* [first, last] days kept (inclusive); none: all */
	size_t nranges;
};

struct pairs_date {
	int ref, sec; /* ref later than sec */
};

/*
 * The date pairs of dates (n distinct days, any order): each run of o
 * enumerated on the stack clipped to o's ranges, newest first; then, with
 * months, the same runs on the stack of those months; concatenated in that
 * order, a pair seen before dropped.  Returns the number of pairs in *out
 * (malloc'd).
 */
size_t pairs_s1_dates(const int *dates, size_t n, const struct pairs_s1 *o, struct pairs_date **out);

/* An ALOS-2 scene as the catalog has it. */
struct pairs_scene {
	const char *id;
	const char *mode;         /* FBD, WBD, ... */
	const char *polarisations; /* "HH,HV" */
	const char *look_side;    /* R or L */
	const char *direction;    /* ascending or descending */
	int path, frame;
	int day;                  /* UTC date of the start */
	const char *start;        /* start time, orders scenes of one day */
};

struct pairs_alos2 {
	const char *pol;     /* the polarisation both must have (HH) */
	int min_days;        /* temporal baseline limits (days); max < 0: none */
	int max_days;
	int neighbours;      /* older scenes per scene, < 0: all */
};

struct pairs_idx {
	size_t ref, sec; /* indices into the scenes */
	int days;        /* temporal baseline */
};

/*
 * The pairs of scenes alos2App can process (§6): same path, frame, look
 * side and direction, both with o->pol, on different days within the
 * baseline limits; modes compatible (pairs_alos2_compatible).  Each scene
 * pairs with up to o->neighbours of the nearest older scenes it can pair
 * with.  The later scene is the reference, except that ScanSAR is the
 * reference against stripmap or spotlight.  Ordered by path, frame,
 * direction, look side, then the later scene newest first and the earlier
 * newest first.  Returns the count, *out malloc'd.
 */
size_t pairs_alos2(const struct pairs_scene *s, size_t n, const struct pairs_alos2 *o,
    struct pairs_idx **out);
/* Whether modes a (later) and b can be paired: -1 no; 0 yes, a is the
 * reference; 1 yes, b is the reference. */
int pairs_alos2_compatible(const char *a, const char *b);

#endif
