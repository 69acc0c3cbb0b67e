/*
 * gunw.c: the GUNW name grammar of hyp3-gunw.md §4.1: the spec's regex,
 * then the calendar dates and clock time it cannot check.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "sar/gunw.h"

#define GUNW_RX "^(S1-GUNW|S1-GUNW_CUSTOM)-([AD])-([RL])-([0-9]{3})-tops-([0-9]{8})_([0-9]{8})-" \
	"([0-9]{6})-([0-9]{5}[EW]_[0-9]{5}[NS]|[0-9]{5}[NS]_[0-9]{5}[NS])-PP-([0-9a-f]{4})-" \
	"v([0-9]+)_([0-9]+)_([0-9]+)(\\.nc)?$"
#define GUNW_SHAPE "S1-GUNW[_CUSTOM]-D-L-TTT-tops-YYYYMMDD_YYYYMMDD-HHMMSS-GEO-PP-hhhh-vX_Y_Z"

static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* "YYYY-MM-DD" of 8 digits at s, or -1 for a date not on the calendar */
static int
gunw_date(const char *s, char out[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2), leap;

	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 2014 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	memcpy(out, s, 4);
	out[4] = '-';
	memcpy(out + 5, s + 4, 2);
	out[7] = '-';
	memcpy(out + 8, s + 6, 2);
	out[10] = '\0';
	return 0;
}

int
gunw_is_file_name(const char *fname)
{
	size_t n = strlen(fname);

	return strncmp(fname, "S1-GUNW", 7) == 0 && n > 3 && strcmp(fname + n - 3, ".nc") == 0;
}

int
gunw_parse_name(const char *s, struct gunw_name *g, char **err)
{
	static regex_t rx;
	static int ready;
	regmatch_t m[14];
	const char *geo;
	size_t n;

	if (!ready) {
		if (regcomp(&rx, GUNW_RX, REG_EXTENDED) != 0)
			a2_die("internal error: GUNW regex");
		ready = 1;
	}
	memset(g, 0, sizeof *g);
	n = strlen(s);
	if (n >= sizeof g->id + 3 || regexec(&rx, s, 14, m, 0) != 0) {
		*err = a2_asprintf("%s: not a GUNW name (want %s)", s, GUNW_SHAPE);
		return -1;
	}
	n = (size_t)(m[13].rm_so >= 0 ? m[13].rm_so : (regoff_t)n);
	if (n >= sizeof g->id) {
		*err = a2_asprintf("%s: not a GUNW name (too long)", s);
		return -1;
	}
	memcpy(g->id, s, n);
	g->custom = m[1].rm_eo - m[1].rm_so > 7;
	g->direction = s[m[2].rm_so];
	g->look = s[m[3].rm_so];
	g->track = digits(s + m[4].rm_so, 3);
	if (g->track < 1 || g->track > 175) {
		*err = a2_asprintf("%s: track %03d is not a Sentinel-1 path (001..175)", s, g->track);
		return -1;
	}
	if (gunw_date(s + m[5].rm_so, g->reference_date) != 0 ||
	    gunw_date(s + m[6].rm_so, g->secondary_date) != 0) {
		*err = a2_asprintf("%s: invalid date in %.17s", s, s + m[5].rm_so);
		return -1;
	}
	if (strcmp(g->reference_date, g->secondary_date) <= 0) {
		*err = a2_asprintf("%s: reference date %s is not after secondary date %s", s,
		    g->reference_date, g->secondary_date);
		return -1;
	}
	{
		const char *t = s + m[7].rm_so;

		if (digits(t, 2) > 23 || digits(t + 2, 2) > 59 || digits(t + 4, 2) > 59) {
			*err = a2_asprintf("%s: invalid time %.6s", s, t);
			return -1;
		}
		snprintf(g->center_time, sizeof g->center_time, "%.2s:%.2s:%.2s", t, t + 2, t + 4);
	}
	geo = s + m[8].rm_so;
	memcpy(g->geo, geo, 13);
	if (geo[5] == 'E' || geo[5] == 'W') {
		g->geo_a = digits(geo, 5) * (geo[5] == 'W' ? -1 : 1);
		g->geo_b = digits(geo + 7, 5) * (geo[12] == 'S' ? -1 : 1);
		if (digits(geo, 5) > 180 || digits(geo + 7, 5) > 90) {
			*err = a2_asprintf("%s: corner %s out of range", s, g->geo);
			return -1;
		}
	} else {
		/* v2: two latitudes, 2 + 3 digits (34441N: 34.441) */
		g->geo_v2 = 1;
		g->geo_a = digits(geo, 5) / 1000.0 * (geo[5] == 'S' ? -1 : 1);
		g->geo_b = digits(geo + 7, 5) / 1000.0 * (geo[12] == 'S' ? -1 : 1);
		if (digits(geo, 5) > 90000 || digits(geo + 7, 5) > 90000) {
			*err = a2_asprintf("%s: latitude in %s out of range", s, g->geo);
			return -1;
		}
	}
	memcpy(g->hash, s + m[9].rm_so, 4);
	for (int i = 0; i < 3; i++) {
		int len = m[10 + i].rm_eo - m[10 + i].rm_so;

		if (len > 4) {
			*err = a2_asprintf("%s: version number too long", s);
			return -1;
		}
		g->version[i] = digits(s + m[10 + i].rm_so, len);
	}
	return 0;
}

json_t *
gunw_name_json(const struct gunw_name *g)
{
	char *ver = a2_asprintf("%d.%d.%d", g->version[0], g->version[1], g->version[2]);
	json_t *o = json_pack("{s:b, s:i, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "custom", g->custom, "track", g->track, "reference_date", g->reference_date,
	    "secondary_date", g->secondary_date, "center_time", g->center_time,
	    "geo", g->geo, "hash", g->hash, "product_version", ver);

	free(ver);
	if (g->geo_v2)
		json_object_set_new(o, "geo_latitudes", json_pack("[f, f]", g->geo_a, g->geo_b));
	else
		json_object_set_new(o, "geo_corner", json_pack("[i, i]", (int)g->geo_a, (int)g->geo_b));
	return o;
}
