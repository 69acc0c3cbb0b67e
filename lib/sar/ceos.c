/*
 * ceos.c: reading ALOS-2 CEOS files (alos2-formats.md §3) through the field
 * table of ceos_fields.h.  Files are walked record by record using the
 * length in each 12-byte header, never by assumed sizes, and every record
 * code and length is checked, so a truncated or foreign file gives an error
 * naming the file, the record number and the field.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/a2.h"
#include "sar/ceos.h"

/* Largest record accepted: the real leader's biggest is 728000 bytes and an
 * L1.1 ScanSAR line is well under 1 MB. */
#define CEOS_MAX_REC (16L * 1024 * 1024)

/* ---- field access ---- */

static int
in_rec(size_t reclen, size_t off, size_t len)
{
	return off <= reclen && len <= reclen - off;
}

/* Trimmed copy of rec[off, off+len) (blanks and NULs trimmed). */
static char *
trimmed(const unsigned char *rec, size_t off, size_t len)
{
	const char *s = (const char *)rec + off, *e = s + len;

	while (s < e && (*s == ' ' || *s == '\0'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\0'))
		e--;
	return a2_strndup(s, (size_t)(e - s));
}

char *
ceos_get_str(const unsigned char *rec, size_t reclen, struct ceos_field f)
{
	if (!in_rec(reclen, f.off, f.len))
		return NULL;
	return trimmed(rec, f.off, f.len);
}

int
ceos_get_int(const unsigned char *rec, size_t reclen, struct ceos_field f, long long *v)
{
	size_t i;

	if (!in_rec(reclen, f.off, f.len))
		return -1;
	if (f.type == 'B' || f.type == 'S') {
		unsigned long long u = 0;

		if (f.len < 1 || f.len > 8)
			return -1;
		for (i = 0; i < f.len; i++)
			u = u << 8 | rec[f.off + i];
		if (f.type == 'S' && f.len < 8 && (u >> (8 * f.len - 1)) & 1)
			u |= ~0ULL << (8 * f.len);
		*v = (long long)u;
		return 0;
	} else {
		char *s = trimmed(rec, f.off, f.len), *end;
		long long x;
		int r = -1;

		if (*s) {
			errno = 0;
			x = strtoll(s, &end, 10);
			if (errno == 0 && *end == '\0') {
				*v = x;
				r = 0;
			}
		}
		free(s);
		return r;
	}
}

int
ceos_get_float_at(const unsigned char *rec, size_t reclen, size_t off, size_t len, double *v)
{
	char *s, *end;
	double x;
	int r = -1;

	if (!in_rec(reclen, off, len))
		return -1;
	s = trimmed(rec, off, len);
	if (*s) {
		x = strtod(s, &end);
		if (*end == '\0') {
			*v = x;
			r = 0;
		}
	}
	free(s);
	return r;
}

int
ceos_get_float(const unsigned char *rec, size_t reclen, struct ceos_field f, double *v)
{
	return ceos_get_float_at(rec, reclen, f.off, f.len, v);
}

/* ---- record walking ---- */

struct cfile {
	const char *path;
	FILE *fp;
	long long size;
	char **err;
};

static int
cf_open(struct cfile *c, const char *path, char **err)
{
	struct stat st;

	c->path = path;
	c->err = err;
	if (!(c->fp = fopen(path, "rb"))) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(c->fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = a2_asprintf("%s: not a regular file", path);
		fclose(c->fp);
		return -1;
	}
	c->size = st.st_size;
	return 0;
}

static int
cf_read(struct cfile *c, long long off, void *buf, size_t len, long recno)
{
	if (fseeko(c->fp, off, SEEK_SET) != 0 || fread(buf, 1, len, c->fp) != len) {
		*c->err = a2_asprintf("%s: record %ld: read error at byte %lld", c->path, recno, off);
		return -1;
	}
	return 0;
}

static void
decode_header(const unsigned char *h, struct ceos_rec *r)
{
	r->seq = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	r->sub1 = h[4];
	r->type = h[5];
	r->sub2 = h[6];
	r->sub3 = h[7];
	r->len = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 | (uint32_t)h[10] << 8 | h[11];
}

/* Reads the header of record recno at off and checks its length against
 * the file; buf of r is not read. */
static int
cf_header(struct cfile *c, long long off, long recno, struct ceos_rec *r)
{
	unsigned char h[CEOS_HDR_LEN];

	if (c->size - off < CEOS_HDR_LEN) {
		*c->err = a2_asprintf("%s: record %ld: truncated (%lld bytes left, header needs %d)",
		    c->path, recno, c->size - off, CEOS_HDR_LEN);
		return -1;
	}
	if (cf_read(c, off, h, sizeof h, recno) != 0)
		return -1;
	decode_header(h, r);
	r->offset = off;
	r->buf = NULL;
	if (r->len < CEOS_HDR_LEN || r->len > CEOS_MAX_REC) {
		*c->err = a2_asprintf("%s: record %ld: field record length: %u out of range",
		    c->path, recno, r->len);
		return -1;
	}
	if (r->seq != (uint32_t)recno) {
		*c->err = a2_asprintf("%s: record %ld: field record sequence number: %u, expected %ld",
		    c->path, recno, r->seq, recno);
		return -1;
	}
	if ((long long)r->len > c->size - off) {
		*c->err = a2_asprintf("%s: record %ld: truncated (record length %u, %lld bytes left)",
		    c->path, recno, r->len, c->size - off);
		return -1;
	}
	return 0;
}

static int
cf_body(struct cfile *c, struct ceos_rec *r, long recno)
{
	r->buf = a2_malloc(r->len);
	if (cf_read(c, r->offset, r->buf, r->len, recno) != 0) {
		free(r->buf);
		r->buf = NULL;
		return -1;
	}
	return 0;
}

static const struct {
	enum ceos_file kind;
	const char *name;
	uint8_t sub1, type, sub2, sub3;
	uint32_t len;
} first_rec[] = {
	{ CEOS_FILE_VOL, "volume directory", 192, 192, 18, 18, VOL_VDR_LEN },
	{ CEOS_FILE_LED, "leader", 11, 192, 18, 18, LED_DESC_LEN },
	{ CEOS_FILE_IMG, "image", 50, 192, 18, 18, IMG_DESC_LEN },
	{ CEOS_FILE_TRL, "trailer", 63, 192, 18, 18, 720 },
};

/* Reads record 1 and checks its (seq, codes, length) tuple. */
static int
cf_first(struct cfile *c, enum ceos_file kind, struct ceos_rec *r)
{
	unsigned char h[CEOS_HDR_LEN];
	int k = (int)kind;

	if (c->size < CEOS_HDR_LEN) {
		*c->err = a2_asprintf("%s: record 1: truncated (%lld bytes, header needs %d)",
		    c->path, c->size, CEOS_HDR_LEN);
		return -1;
	}
	if (cf_read(c, 0, h, sizeof h, 1) != 0)
		return -1;
	decode_header(h, r);
	r->offset = 0;
	r->buf = NULL;
	if (r->seq != 1 || r->sub1 != first_rec[k].sub1 || r->type != first_rec[k].type ||
	    r->sub2 != first_rec[k].sub2 || r->sub3 != first_rec[k].sub3 ||
	    r->len != first_rec[k].len) {
		*c->err = a2_asprintf("%s: record 1: field record code: (%u, %u, %u, %u, %u, %u) "
		    "is not a CEOS %s file descriptor (1, %u, %u, %u, %u, %u)", c->path,
		    r->seq, r->sub1, r->type, r->sub2, r->sub3, r->len, first_rec[k].name,
		    first_rec[k].sub1, first_rec[k].type, first_rec[k].sub2, first_rec[k].sub3,
		    first_rec[k].len);
		return -1;
	}
	if ((long long)r->len > c->size) {
		*c->err = a2_asprintf("%s: record 1: truncated (record length %u, %lld bytes in file)",
		    c->path, r->len, c->size);
		return -1;
	}
	return cf_body(c, r, 1);
}

int
ceos_check_file(const char *path, enum ceos_file kind, char **err)
{
	struct cfile c;
	struct ceos_rec r;
	int ret;

	if (cf_open(&c, path, err) != 0)
		return -1;
	ret = cf_first(&c, kind, &r);
	free(r.buf);
	fclose(c.fp);
	return ret;
}

/* ---- typed field helpers that name the field in their errors ---- */

struct fctx {
	const char *path;
	long recno;
	const char *recname;
	const struct ceos_rec *r;
	char **err;
};

static int
f_fail(struct fctx *x, struct ceos_field f, const char *why)
{
	char *v = in_rec(x->r->len, f.off, f.len) ? trimmed(x->r->buf, f.off, f.len) : NULL;

	*x->err = a2_asprintf("%s: record %ld (%s): field %s (offset %u): %s%s%s%s", x->path,
	    x->recno, x->recname, f.name, f.off, why, v ? " \"" : "", v ? v : "", v ? "\"" : "");
	free(v);
	return -1;
}

/* Required integer. */
static int
f_int(struct fctx *x, struct ceos_field f, long long *v)
{
	if (!in_rec(x->r->len, f.off, f.len))
		return f_fail(x, f, "outside the record");
	if (ceos_get_int(x->r->buf, x->r->len, f, v) != 0)
		return f_fail(x, f, "not an integer:");
	return 0;
}

static int
f_is_blank(struct fctx *x, struct ceos_field f)
{
	char *s = ceos_get_str(x->r->buf, x->r->len, f);
	int b = s && *s == '\0';

	free(s);
	return b;
}

/* Optional float: blank gives NAN, garbage is an error. */
static int
f_float(struct fctx *x, struct ceos_field f, double *v)
{
	if (!in_rec(x->r->len, f.off, f.len))
		return f_fail(x, f, "outside the record");
	if (f_is_blank(x, f)) {
		*v = NAN;
		return 0;
	}
	if (ceos_get_float(x->r->buf, x->r->len, f, v) != 0)
		return f_fail(x, f, "not a number:");
	return 0;
}

/* Optional integer: blank gives def. */
static int
f_int_opt(struct fctx *x, struct ceos_field f, long long *v, long long def)
{
	if (in_rec(x->r->len, f.off, f.len) && f_is_blank(x, f)) {
		*v = def;
		return 0;
	}
	return f_int(x, f, v);
}

static char *
f_str(struct fctx *x, struct ceos_field f)
{
	char *s = ceos_get_str(x->r->buf, x->r->len, f);

	if (!s)
		f_fail(x, f, "outside the record");
	return s;
}

/* ---- time helpers ---- */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* "YYYYMMDDhhmmssttt" (DSSR 68) -> ISO, NULL if invalid. */
static char *
dssr_time_iso(const char *s)
{
	int y, mo, d, h, mi, se, ms, i;

	if (strlen(s) != 17)
		return NULL;
	for (i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return NULL;
	if (sscanf(s, "%4d%2d%2d%2d%2d%2d%3d", &y, &mo, &d, &h, &mi, &se, &ms) != 7)
		return NULL;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo) || h > 23 || mi > 59 || se > 60)
		return NULL;
	return a2_asprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, se, ms);
}

/* year, day of year (1-based), µs of day -> ISO, NULL if out of range. */
static char *
doy_time_iso(long long y, long long doy, long long us)
{
	int m = 1, d;

	if (y < 1970 || y > 9999 || doy < 1 || doy > (is_leap((int)y) ? 366 : 365) ||
	    us < 0 || us >= 86401LL * 1000000)
		return NULL;
	d = (int)doy;
	while (d > mdays((int)y, m)) {
		d -= mdays((int)y, m);
		m++;
	}
	return a2_asprintf("%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", y, m, d,
	    us / 3600000000LL, us / 60000000LL % 60, us / 1000000 % 60, us / 1000 % 1000);
}

/* ---- leader ---- */

enum led_rec { LR_DSSR, LR_MAPPROJ, LR_PLATPOS, LR_ATTITUDE, LR_RADIO, LR_QUALITY,
	LR_FACILITY, LR_N };

static const struct {
	const char *name;
	uint8_t sub1, type, sub2, sub3;
	int pair_off; /* count field in the descriptor, -1 for facility */
} led_codes[LR_N] = {
	[LR_DSSR] = { "DSSR", 18, 10, 18, 20, 180 },
	[LR_MAPPROJ] = { "map projection", 18, 20, 18, 20, 192 },
	[LR_PLATPOS] = { "platform position", 18, 30, 18, 20, 204 },
	[LR_ATTITUDE] = { "attitude", 18, 40, 18, 20, 216 },
	[LR_RADIO] = { "radiometric", 18, 50, 18, 20, 228 },
	[LR_QUALITY] = { "data quality", 18, 60, 18, 20, 252 },
	[LR_FACILITY] = { "facility related", 18, 200, 18, 70, -1 },
};

static int
read_dssr(struct fctx *x, struct ceos_leader *l)
{
	long long v;
	double prf_mhz;
	char *t;

	if (!(l->scene_id = f_str(x, DSSR_SCENE_ID)))
		return -1;
	if (!*l->scene_id)
		return f_fail(x, DSSR_SCENE_ID, "blank");
	if (!(t = f_str(x, DSSR_CENTER_TIME)))
		return -1;
	l->center_time = dssr_time_iso(t);
	free(t);
	if (!l->center_time)
		return f_fail(x, DSSR_CENTER_TIME, "not a YYYYMMDDhhmmssttt time:");
	if (f_int(x, DSSR_ORBIT, &l->orbit) != 0)
		return -1;
	if (f_float(x, DSSR_CENTER_LAT, &l->center_lat) || f_float(x, DSSR_CENTER_LON, &l->center_lon) ||
	    f_float(x, DSSR_CLOCK_ANGLE, &l->clock_angle) || f_float(x, DSSR_INCIDENCE, &l->incidence) ||
	    f_float(x, DSSR_WAVELENGTH, &l->wavelength) || f_float(x, DSSR_PRF_MHZ, &prf_mhz) ||
	    f_float(x, DSSR_RANGE_RATE, &l->range_rate_mhz) ||
	    f_float(x, DSSR_LINE_SPACING, &l->line_spacing) ||
	    f_float(x, DSSR_PIXEL_SPACING, &l->pixel_spacing) ||
	    f_float(x, DSSR_OFF_NADIR, &l->off_nadir))
		return -1;
	/* the DSSR holds the PRF in mHz */
	l->prf_hz = prf_mhz / 1000.0;
	if (f_int_opt(x, DSSR_BEAM, &v, -1) != 0)
		return -1;
	l->beam = (int)v;
	if (!(l->level = f_str(x, DSSR_LEVEL)) || !(l->product_type = f_str(x, DSSR_PRODUCT_TYPE)) ||
	    !(l->time_dir_line = f_str(x, DSSR_TIMEDIR_LINE)) || !(l->sensor_mode = f_str(x, DSSR_SENSOR)))
		return -1;
	return 0;
}

static int
read_mapproj(struct fctx *x, struct ceos_leader *l)
{
	long long zone;
	int i;

	if (f_int_opt(x, MPR_UTM_ZONE, &zone, 0) != 0 ||
	    f_float(x, MPR_FALSE_NORTHING, &l->false_northing) != 0)
		return -1;
	l->utm_zone = (int)zone;
	for (i = 0; i < 4; i++) {
		struct ceos_field la = CEOS_F(MPR_CORNERS + 2 * i * MPR_CORNER_LEN, MPR_CORNER_LEN, 'F',
		    "corner latitude");
		struct ceos_field lo = CEOS_F(MPR_CORNERS + (2 * i + 1) * MPR_CORNER_LEN, MPR_CORNER_LEN,
		    'F', "corner longitude");
		if (f_float(x, la, &l->corner_lat[i]) != 0 || f_float(x, lo, &l->corner_lon[i]) != 0)
			return -1;
	}
	l->has_mapproj = 1;
	return 0;
}

/* §3.6: the state vectors (the count was read by the caller). */
static int
read_platpos(struct fctx *x, struct ceos_leader *l)
{
	long long y, doy;
	double v;

	if (l->npoints < 2 || l->npoints > 1000)
		return f_fail(x, PPR_NPOINTS, "not between 2 and 1000:");
	if (f_int(x, PPR_YEAR, &y) || f_int(x, PPR_DOY, &doy) ||
	    f_float(x, PPR_SECONDS, &l->sv_sod) || f_float(x, PPR_INTERVAL, &l->sv_dt))
		return -1;
	if (y < 1990 || y > 2100)
		return f_fail(x, PPR_YEAR, "out of range:");
	if (doy < 1 || doy > (is_leap((int)y) ? 366 : 365))
		return f_fail(x, PPR_DOY, "out of range:");
	if (!(l->sv_sod >= 0 && l->sv_sod < 86401))
		return f_fail(x, PPR_SECONDS, "not a second of the day:");
	if (!(l->sv_dt > 0 && l->sv_dt <= 3600))
		return f_fail(x, PPR_INTERVAL, "not between 0 and 3600 s:");
	if (!in_rec(x->r->len, PPR_POINTS, (size_t)l->npoints * PPR_POINT_LEN)) {
		*x->err = a2_asprintf("%s: record %ld (%s): %d state vectors of %d bytes from "
		    "offset %d: beyond the record's %u bytes", x->path, x->recno, x->recname,
		    l->npoints, PPR_POINT_LEN, PPR_POINTS, x->r->len);
		return -1;
	}
	l->sv = a2_calloc((size_t)l->npoints, sizeof *l->sv);
	for (int i = 0; i < l->npoints; i++)
		for (int j = 0; j < 6; j++) {
			size_t off = PPR_POINTS + (size_t)PPR_POINT_LEN * i + PPR_VALUE_LEN * j;

			if (ceos_get_float_at(x->r->buf, x->r->len, off, PPR_VALUE_LEN, &v) != 0 ||
			    !isfinite(v)) {
				*x->err = a2_asprintf("%s: record %ld (%s): state vector %d, %s "
				    "(offset %zu): not a number", x->path, x->recno, x->recname,
				    i + 1, j < 3 ? "position" : "velocity", off);
				free(l->sv);
				l->sv = NULL;
				return -1;
			}
			l->sv[i][j] = v;
		}
	l->sv_n = l->npoints;
	l->sv_year = (int)y;
	l->sv_doy = (int)doy;
	return 0;
}

int
ceos_read_leader(const char *path, struct ceos_leader *l, char **err)
{
	struct cfile c;
	struct ceos_rec d, r;
	long long off, want[LR_N];
	int found[LR_N] = { 0 };
	long recno;
	int i, ret = -1;

	memset(l, 0, sizeof *l);
	l->cf = l->false_northing = NAN;
	if (cf_open(&c, path, err) != 0)
		return -1;
	if (cf_first(&c, CEOS_FILE_LED, &d) != 0)
		goto out;
	{
		struct fctx x = { path, 1, "file descriptor", &d, err };
		for (i = 0; i < LR_N; i++) {
			want[i] = -1;
			if (led_codes[i].pair_off < 0)
				continue;
			if (f_int_opt(&x, CEOS_F(led_codes[i].pair_off, 6, 'I', led_codes[i].name),
			    &want[i], 0) != 0) {
				free(d.buf);
				goto out;
			}
		}
	}
	free(d.buf);
	for (off = d.len, recno = 2; off < c.size; off += r.len, recno++) {
		struct fctx x = { path, recno, NULL, &r, err };

		if (cf_header(&c, off, recno, &r) != 0)
			goto out;
		for (i = 0; i < LR_N; i++)
			if (r.sub1 == led_codes[i].sub1 && r.type == led_codes[i].type &&
			    r.sub2 == led_codes[i].sub2 && r.sub3 == led_codes[i].sub3)
				break;
		if (i == LR_N) {
			*err = a2_asprintf("%s: record %ld: field record code: (%u, %u, %u, %u) "
			    "is not a leader record", path, recno, r.sub1, r.type, r.sub2, r.sub3);
			goto out;
		}
		x.recname = led_codes[i].name;
		found[i]++;
		if (found[i] > 1 || (i != LR_DSSR && i != LR_MAPPROJ && i != LR_PLATPOS && i != LR_RADIO))
			continue;
		if (cf_body(&c, &r, recno) != 0)
			goto out;
		switch (i) {
		case LR_DSSR:
			ret = read_dssr(&x, l);
			break;
		case LR_MAPPROJ:
			ret = read_mapproj(&x, l);
			break;
		case LR_PLATPOS: {
			long long n;
			char *e = NULL;

			ret = f_int_opt(&x, PPR_NPOINTS, &n, 0);
			l->npoints = (int)n;
			l->has_platpos = 1;
			/* a bad state vector costs the orbit, not the leader */
			x.err = &e;
			if (ret == 0 && read_platpos(&x, l) != 0)
				l->sv_err = e;
			break;
		}
		case LR_RADIO:
			ret = f_float(&x, RAD_CF, &l->cf);
			break;
		}
		free(r.buf);
		if (ret != 0)
			goto out;
		ret = -1;
	}
	for (i = 0; i < LR_N; i++) {
		if (want[i] >= 0 && want[i] != found[i]) {
			*err = a2_asprintf("%s: record 1: field number of %s records: descriptor says %lld, "
			    "file has %d", path, led_codes[i].name, want[i], found[i]);
			goto out;
		}
	}
	if (!found[LR_DSSR]) {
		*err = a2_asprintf("%s: no data set summary record", path);
		goto out;
	}
	if (!found[LR_PLATPOS])
		l->sv_err = a2_asprintf("%s: no platform position record", path);
	ret = 0;
out:
	fclose(c.fp);
	if (ret != 0)
		ceos_leader_free(l);
	return ret;
}

void
ceos_leader_free(struct ceos_leader *l)
{
	free(l->scene_id);
	free(l->center_time);
	free(l->level);
	free(l->product_type);
	free(l->time_dir_line);
	free(l->sensor_mode);
	free(l->sv);
	free(l->sv_err);
	l->scene_id = l->center_time = l->level = l->product_type = NULL;
	l->time_dir_line = l->sensor_mode = l->sv_err = NULL;
	l->sv = NULL;
}

/* ---- image ---- */

/* Reads the 544-byte prefix of signal record k (0-based) into geo slot g. */
static int
read_prefix(struct cfile *c, struct ceos_image *im, long long k, int g)
{
	struct ceos_rec r;
	long recno = (long)(k + 2);
	long long v = 0, y, doy, ms, us, lat[3], lon[3];
	struct fctx x = { c->path, recno, "signal data", &r, c->err };
	char **t = g == 0 ? &im->start_time : &im->end_time;
	int i;

	if (cf_header(c, IMG_DESC_LEN + k * im->reclen, recno, &r) != 0)
		return -1;
	if (r.type != 10 || r.len != (uint32_t)im->reclen) {
		*c->err = a2_asprintf("%s: record %ld: field record code: type %u length %u, "
		    "expected a signal data record (type 10) of %lld bytes", c->path, recno,
		    r.type, r.len, im->reclen);
		return -1;
	}
	r.len = SIG_PREFIX_LEN; /* only the prefix is read */
	r.buf = a2_malloc(SIG_PREFIX_LEN);
	if (cf_read(c, r.offset, r.buf, SIG_PREFIX_LEN, recno) != 0) {
		free(r.buf);
		return -1;
	}
	if (f_int(&x, SIG_YEAR, &y) || f_int(&x, SIG_DOY, &doy) || f_int(&x, SIG_MS, &ms) ||
	    f_int(&x, SIG_US, &us) || f_int(&x, SIG_LAT_FIRST, &lat[0]) ||
	    f_int(&x, SIG_LAT_CENTER, &lat[1]) || f_int(&x, SIG_LAT_LAST, &lat[2]) ||
	    f_int(&x, SIG_LON_FIRST, &lon[0]) || f_int(&x, SIG_LON_CENTER, &lon[1]) ||
	    f_int(&x, SIG_LON_LAST, &lon[2])) {
		free(r.buf);
		return -1;
	}
	if (g == 0) {
		f_int(&x, SIG_TX_POL, &v);
		im->tx_pol = (int)v;
		f_int(&x, SIG_RX_POL, &v);
		im->rx_pol = (int)v;
		f_int(&x, SIG_SCAN_ID, &v);
		im->scan_id = (int)v;
	}
	if (f_int_opt(&x, SIG_SLANT_RANGE, &im->slant_range[g], 0)) {
		free(r.buf);
		return -1;
	}
	/* µs of day is the precise one; some writers leave it 0 (sarpy) */
	if (us == 0)
		us = ms * 1000;
	im->year[g] = (int)y;
	im->doy[g] = (int)doy;
	im->usec[g] = us;
	if (!(*t = doy_time_iso(y, doy, us))) {
		f_fail(&x, SIG_US, "time out of range:");
		free(r.buf);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		im->lat[g][i] = lat[i] * 1e-6;
		im->lon[g][i] = lon[i] * 1e-6;
		if (fabs(im->lat[g][i]) > 90 || fabs(im->lon[g][i]) > 180) {
			f_fail(&x, i == 0 ? SIG_LAT_FIRST : i == 1 ? SIG_LAT_CENTER : SIG_LAT_LAST,
			    "coordinates out of range");
			free(r.buf);
			return -1;
		}
	}
	free(r.buf);
	return 0;
}

int
ceos_read_image(const char *path, struct ceos_image *im, char **err)
{
	struct cfile c;
	struct ceos_rec d;
	struct fctx x = { path, 1, "image file descriptor", &d, err };
	long long bursts;
	char *fc;
	int ret = -1;

	memset(im, 0, sizeof *im);
	if (cf_open(&c, path, err) != 0)
		return -1;
	if (cf_first(&c, CEOS_FILE_IMG, &d) != 0)
		goto out;
	if (f_int(&x, IMG_NRECORDS, &im->nrecords) || f_int(&x, IMG_RECLEN, &im->reclen) ||
	    f_int(&x, IMG_LINES, &im->lines) || f_int(&x, IMG_PIXELS, &im->pixels) ||
	    f_int(&x, IMG_PREFIX_BYTES, &im->prefix_bytes) ||
	    f_int(&x, IMG_DATA_BYTES, &im->data_bytes) ||
	    f_int_opt(&x, IMG_SCANSAR_BURSTS, &bursts, 0))
		goto outd;
	if (!(fc = f_str(&x, IMG_FORMAT_CODE)))
		goto outd;
	snprintf(im->format_code, sizeof im->format_code, "%s", fc);
	free(fc);
	im->scansar = bursts > 0;
	if (im->reclen < CEOS_HDR_LEN || im->reclen > CEOS_MAX_REC) {
		f_fail(&x, IMG_RECLEN, "out of range:");
		goto outd;
	}
	if (im->nrecords < 0 || im->nrecords > (1LL << 40) / im->reclen) {
		f_fail(&x, IMG_NRECORDS, "out of range:");
		goto outd;
	}
	if (im->prefix_bytes < 0 || im->prefix_bytes > im->reclen) {
		f_fail(&x, IMG_PREFIX_BYTES, "larger than the record:");
		goto outd;
	}
	/* Distributed samples may be cut to the descriptor: no records to
	 * read, which is not an error. */
	if (c.size == IMG_DESC_LEN) {
		ret = 0;
		goto outd;
	}
	if (c.size != IMG_DESC_LEN + im->nrecords * im->reclen) {
		*err = a2_asprintf("%s: record %lld: truncated: file is %lld bytes, descriptor "
		    "says %lld records of %lld bytes", path,
		    (c.size - IMG_DESC_LEN) / im->reclen + 2, c.size, im->nrecords, im->reclen);
		goto outd;
	}
	if (im->prefix_bytes == SIG_PREFIX_LEN && im->nrecords > 0) {
		if (read_prefix(&c, im, 0, 0) != 0 || read_prefix(&c, im, im->nrecords - 1, 1) != 0)
			goto outd;
		im->has_geo = 1;
	}
	ret = 0;
outd:
	free(d.buf);
out:
	fclose(c.fp);
	if (ret != 0)
		ceos_image_free(im);
	return ret;
}

void
ceos_image_free(struct ceos_image *im)
{
	free(im->start_time);
	free(im->end_time);
	im->start_time = im->end_time = NULL;
}

/* ---- volume directory ---- */

/* Text after the first ':' of s, trimmed (new string). */
static char *
after_label(const char *s)
{
	const char *p = strchr(s, ':');

	p = p ? p + 1 : s;
	while (*p == ' ')
		p++;
	return a2_strdup(p);
}

int
ceos_read_vol(const char *path, struct ceos_vol *v, char **err)
{
	struct cfile c;
	struct ceos_rec d, r;
	long long np, nt, off;
	long recno;
	int fp_found = 0, tx_found = 0, ret = -1;

	memset(v, 0, sizeof *v);
	if (cf_open(&c, path, err) != 0)
		return -1;
	if (cf_first(&c, CEOS_FILE_VOL, &d) != 0)
		goto out;
	{
		struct fctx x = { path, 1, "volume descriptor", &d, err };
		if (f_int(&x, VOL_NPOINTERS, &np) || f_int(&x, VOL_NTEXT, &nt)) {
			free(d.buf);
			goto out;
		}
	}
	free(d.buf);
	for (off = d.len, recno = 2; off < c.size; off += r.len, recno++) {
		struct fctx x = { path, recno, "text", &r, err };

		if (cf_header(&c, off, recno, &r) != 0)
			goto out;
		if (r.sub1 == 219 && r.type == 192 && r.sub2 == 18 && r.sub3 == 18) {
			fp_found++;
			continue;
		}
		if (!(r.sub1 == 18 && r.type == 192 && r.sub2 == 18 && r.sub3 == 18)) {
			*err = a2_asprintf("%s: record %ld: field record code: (%u, %u, %u, %u) "
			    "is not a volume directory record", path, recno, r.sub1, r.type, r.sub2,
			    r.sub3);
			goto out;
		}
		if (tx_found++)
			continue;
		if (cf_body(&c, &r, recno) != 0)
			goto out;
		{
			char *p = f_str(&x, VOLTXT_PRODUCT), *s = p ? f_str(&x, VOLTXT_SCENE) : NULL;
			if (p && s) {
				v->product = after_label(p);
				v->scene = after_label(s);
			}
			free(p);
			free(s);
		}
		free(r.buf);
		if (!v->product)
			goto out;
	}
	if (np != fp_found || nt != tx_found) {
		*err = a2_asprintf("%s: record 1: field number of file pointer records: descriptor "
		    "says %lld pointers and %lld text records, file has %d and %d", path, np, nt,
		    fp_found, tx_found);
		goto out;
	}
	v->npointers = fp_found;
	v->ntext = tx_found;
	ret = 0;
out:
	fclose(c.fp);
	if (ret != 0)
		ceos_vol_free(v);
	return ret;
}

void
ceos_vol_free(struct ceos_vol *v)
{
	free(v->product);
	free(v->scene);
	v->product = v->scene = NULL;
}
