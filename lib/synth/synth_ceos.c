/*
 * synth_ceos.c: CEOS VOL/LED/IMG/TRL files of a synthetic product (spec
 * §3), record by record with the offsets of ceos_fields.h.  Record sizes
 * and codes are those of the real JAXA sample; bodies carry what readers
 * look at and blanks elsewhere.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/a2.h"
#include "sar/ceos.h"
#include "synth/synth_model.h"
#include "synth/synth_write.h"

#define SWVER "002.012"

/* What the VOL file pointer needs to know about each file. */
struct finfo {
	char name[96];
	char fileid[17];
	long long nrec, maxlen;
};

struct ceos_out {
	struct finfo f[40];
	int n;
};

static FILE *
open_stage(struct synth_scene *s, const char *name)
{
	char *p = synth_stage_path(s, name);
	FILE *fp = fopen(p, "wb");

	if (!fp)
		a2_die("%s:", p);
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	free(p);
	return fp;
}

static void
close_stage(struct synth_scene *s, FILE *fp, const char *name)
{
	if (ferror(fp) | fclose(fp))
		a2_die("%s/%s: write failed:", s->stage, name);
}

static unsigned char *
new_rec(size_t len, uint32_t seq, uint8_t sub1, uint8_t type, uint8_t sub2, uint8_t sub3)
{
	unsigned char *r = a2_malloc(len);

	memset(r, ' ', len);
	ceos_put_header(r, seq, sub1, type, sub2, sub3, (uint32_t)len);
	return r;
}

static void
put_rec(FILE *fp, unsigned char *r, size_t len)
{
	fwrite(r, 1, len, fp);
	free(r);
}

/* §3.1 descriptor block of LED/IMG/TRL */
static void
put_desc(unsigned char *r, const char *fileid)
{
	ceos_put_str(r, CEOS_DESC_ASCII, "A");
	ceos_put_str(r, CEOS_DESC_DOC, "CEOS-SAR");
	ceos_put_str(r, CEOS_DESC_DOCREV, " A");
	ceos_put_str(r, CEOS_DESC_RECREV, " A");
	ceos_put_str(r, CEOS_DESC_SWVER, SWVER);
	ceos_put_int(r, CEOS_DESC_FILENO, 1);
	ceos_put_str(r, CEOS_DESC_FILEID, fileid);
	ceos_put_str(r, CEOS_DESC_FSEQ, "FSEQ");
	ceos_put_int(r, CEOS_DESC_FSEQLOC, 1);
	ceos_put_int(r, CEOS_DESC_FSEQLEN, 4);
	ceos_put_str(r, CEOS_DESC_FTYP, "FTYP");
	ceos_put_int(r, CEOS_DESC_FTYPLOC, 5);
	ceos_put_int(r, CEOS_DESC_FTYPLEN, 4);
	ceos_put_str(r, CEOS_DESC_FLGT, "FLGT");
	ceos_put_int(r, CEOS_DESC_FLGTLOC, 9);
	ceos_put_int(r, CEOS_DESC_FLGTLEN, 4);
}

static void
split_time(int64_t ms, int *year, int *month, int *day, int *doy, long long *msod)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*day = tm.tm_mday;
	*doy = tm.tm_yday + 1;
	*msod = (long long)(ms - ((int64_t)t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec)) * 1000);
}

static struct ceos_field
at(unsigned short off, unsigned short len, char type)
{
	return CEOS_F(off, len, type, "field");
}

/* ---------------------------------------------------------------- */
/* leader */

static void
put_dssr(struct synth_scene *s, unsigned char *r)
{
	const struct synth_mode *m = s->m;
	int y, mo, d, doy;
	long long msod;
	char buf[64];

	ceos_put_int(r, DSSR_SEQ, 1);
	ceos_put_str(r, DSSR_SCENE_ID, s->scene_id);
	split_time(s->t_center, &y, &mo, &d, &doy, &msod);
	snprintf(buf, sizeof buf, "%04d%02d%02d%02lld%02lld%02lld%03lld", y, mo, d, msod / 3600000,
	    msod / 60000 % 60, msod / 1000 % 60, msod % 1000);
	ceos_put_str(r, DSSR_CENTER_TIME, buf);
	ceos_put_float(r, DSSR_CENTER_LAT, "%.7f", s->lat);
	ceos_put_float(r, DSSR_CENTER_LON, "%.7f", s->lon);
	ceos_put_float(r, DSSR_HEADING, "%.7f", s->heading);
	ceos_put_str(r, DSSR_ELLIPSOID, "GRS80");
	ceos_put_float(r, DSSR_SEMIMAJOR_KM, "%.7f", 6378.137);
	ceos_put_float(r, DSSR_SEMIMINOR_KM, "%.7f", 6356.7523141);
	ceos_put_float(r, DSSR_GM, "%.7f", 5.974);
	ceos_put_float(r, DSSR_GRAVITY, "%.7f", 3.986005);
	ceos_put_float(r, DSSR_J2, "%.7f", 0.1082629);
	ceos_put_float(r, DSSR_J3, "%.7f", -0.0000254);
	ceos_put_float(r, DSSR_J4, "%.7f", -0.0000162);
	ceos_put_int(r, DSSR_CENTER_LINE, (s->l11 ? s->lines[0] : s->height) / 2);
	ceos_put_int(r, DSSR_CENTER_PIXEL, s->width / 2);
	ceos_put_int(r, DSSR_NCHANNELS, s->npol == 1 ? 1 : 4);
	ceos_put_str(r, DSSR_MISSION, "ALOS2");
	snprintf(buf, sizeof buf, "ALOS2 -L -%s15-", m->opcode);
	ceos_put_str(r, DSSR_SENSOR, buf);
	ceos_put_int(r, DSSR_ORBIT, s->o->orbit);
	ceos_put_float(r, DSSR_NADIR_LAT, "%.3f", s->nadir_lat);
	ceos_put_float(r, DSSR_NADIR_LON, "%.3f", s->nadir_lon);
	ceos_put_float(r, DSSR_NADIR_HEADING, "%.3f", s->heading);
	ceos_put_float(r, DSSR_CLOCK_ANGLE, "%.3f", s->o->look == 'R' ? 90.0 : -90.0);
	ceos_put_float(r, DSSR_INCIDENCE, "%.3f", s->incidence);
	ceos_put_float(r, DSSR_WAVELENGTH, "%.9f", 0.2424525);
	ceos_put_str(r, DSSR_PULSE_CODE, "LINEAR FM CHIRP");
	ceos_put_float(r, DSSR_CHIRP_CONST, "%.7E", 0.0);
	ceos_put_float(r, DSSR_CHIRP_LINEAR, "%.7E", 8.0733624e11);
	/* L1.1: the effective rate of the (scaled) range sampling */
	ceos_put_float(r, DSSR_RANGE_RATE, "%.7f", s->l11 ? s->fs_mhz : m->rate_mhz);
	ceos_put_float(r, DSSR_RANGE_GATE, "%.7f", 2.0 * s->near_range / 299792458.0 * 1e6);
	ceos_put_float(r, DSSR_PULSE_LEN, "%.7f", 30.842168);
	/* L1.1: the effective PRF of the (scaled) line sampling */
	ceos_put_float(r, DSSR_PRF_MHZ, "%.7f", (s->l11 ? s->prf[0] : m->prf_hz) * 1000.0);
	ceos_put_str(r, DSSR_FACILITY, "EICS");
	ceos_put_str(r, DSSR_SYSTEM, "EICS");
	ceos_put_str(r, DSSR_SYSVERSION, SWVER);
	ceos_put_str(r, DSSR_LEVEL, s->o->level);
	ceos_put_str(r, DSSR_PRODUCT_TYPE, s->l11 ? "SLANT RANGE SINGLE LOOK COMPLEX" :
	    "STANDARD GEOCODED IMAGE");
	ceos_put_float(r, DSSR_LOOKS_AZ, "%.7f", s->l11 ? 1.0 : 2.0);
	ceos_put_float(r, DSSR_LOOKS_RG, "%.7f", 1.0);
	ceos_put_float(r, DSSR_BW_AZ, "%.7f", 1355.932914);
	ceos_put_float(r, DSSR_BW_RG, "%.7f", 24900.0);
	ceos_put_float(r, DSSR_RES_RG, "%.7f", 8.2004161);
	ceos_put_float(r, DSSR_RES_AZ, "%.7f", 9.4979547);
	if (s->l11)
		ceos_put_str(r, DSSR_TIMEDIR_PIXEL, "INCREASE");
	ceos_put_str(r, DSSR_TIMEDIR_LINE, s->o->dir == 'A' ? "ASCEND" : "DESCEND");
	ceos_put_str(r, DSSR_LINE_CONTENT, s->l11 ? "RANGE" : "OTHER");
	if (s->l11) {
		ceos_put_float(r, DSSR_LINE_SPACING, "%.7f", m->length_m / s->lines[0]);
		ceos_put_float(r, DSSR_PIXEL_SPACING, "%.7f", s->spacing);
	} else {
		ceos_put_float(r, DSSR_LINE_SPACING, "%.7f", s->spacing);
		ceos_put_float(r, DSSR_PIXEL_SPACING, "%.7f", s->spacing);
	}
	ceos_put_float(r, DSSR_OFF_NADIR, "%.7f", m->off_nadir);
	ceos_put_int(r, DSSR_BEAM, m->beam);
}

/* Bilinear (line, pixel) -> value through the four corner values, 1-based
 * L and P as the real record uses: v = a0 + a1 L + a2 P + a3 L P. */
static void
bilinear(const double c[4], int lines, int pixels, double a[4])
{
	/* c: first line first pixel, first line last pixel, last/last, last/first */
	double dl = lines - 1, dp = pixels - 1;
	double c0 = c[0], c1 = c[3] - c[0], c2 = c[1] - c[0], c3 = c[0] - c[1] - c[3] + c[2];

	a[3] = c3 / (dl * dp);
	a[1] = c1 / dl - a[3];
	a[2] = c2 / dp - a[3];
	a[0] = c0 - c1 / dl - c2 / dp + a[3];
}

static void
put_mpr(struct synth_scene *s, unsigned char *r)
{
	double lat[4], lon[4], e[4], n[4], a[4];
	int k;

	ceos_put_str(r, MPR_DESCRIPTOR, "GEOCODED");
	ceos_put_int(r, MPR_PIXELS, s->width);
	ceos_put_int(r, MPR_LINES, s->height);
	ceos_put_float(r, MPR_PIXEL_SPACING, "%.7f", s->spacing);
	ceos_put_float(r, MPR_LINE_SPACING, "%.7f", s->spacing);
	ceos_put_str(r, at(MPR_ORIENTATION.off + 13, 3, 'A'), "NAN");
	ceos_put_float(r, MPR_ALTITUDE, "%.7f", s->altitude);
	ceos_put_float(r, MPR_GROUND_SPEED, "%.7f", 6933.22);
	ceos_put_float(r, MPR_HEADING, "%.7f", s->heading);
	ceos_put_str(r, MPR_ELLIPSOID, "GRS80");
	ceos_put_float(r, MPR_SEMIMAJOR, "%.7f", 6378137.0);
	ceos_put_float(r, MPR_SEMIMINOR, "%.7f", 6356752.3141);
	ceos_put_str(r, MPR_PROJECTION, "UTM-PROJECTION");
	ceos_put_str(r, MPR_PROJ_NAME, "UNIVERSAL TRANSVERSE MERCATOR");
	ceos_put_int(r, MPR_UTM_ZONE, s->zone);
	ceos_put_float(r, MPR_FALSE_EASTING, "%.5f", 500000.0);
	ceos_put_float(r, MPR_FALSE_NORTHING, "%.5f", s->south ? 10000000.0 : 0.0);
	ceos_put_float(r, MPR_CENTER_LON, "%.7f", s->lon);
	ceos_put_float(r, MPR_CENTER_LAT, "%.7f", s->lat);
	ceos_put_float(r, MPR_SCALE, "%.7f", 0.9996);
	/* corner pixel centres: TL TR BR BL */
	for (k = 0; k < 4; k++) {
		e[k] = s->ux + ((k == 1 || k == 2) ? s->width - 0.5 : 0.5) * s->spacing;
		n[k] = s->uy - (k >= 2 ? s->height - 0.5 : 0.5) * s->spacing;
		synth_utm_to_ll(s, e[k], n[k], &lat[k], &lon[k]);
		ceos_put_float_at(r, MPR_GRID_CORNERS + 32 * k, 16, "%.7f", n[k] / 1000.0);
		ceos_put_float_at(r, MPR_GRID_CORNERS + 32 * k + 16, 16, "%.7f", e[k] / 1000.0);
		ceos_put_float_at(r, MPR_CORNERS + 32 * k, MPR_CORNER_LEN, "%.7f", lat[k]);
		ceos_put_float_at(r, MPR_CORNERS + 32 * k + 16, MPR_CORNER_LEN, "%.7f", lon[k]);
	}
	bilinear(lon, s->height, s->width, a);
	for (k = 0; k < 4; k++)
		ceos_put_float_at(r, MPR_GEO_COEF + MPR_COEF_LEN * k, MPR_COEF_LEN, "%.10E", a[k]);
	bilinear(lat, s->height, s->width, a);
	for (k = 0; k < 4; k++)
		ceos_put_float_at(r, MPR_GEO_COEF + MPR_COEF_LEN * (4 + k), MPR_COEF_LEN, "%.10E", a[k]);
}

static void
put_ppr(struct synth_scene *s, unsigned char *r)
{
	int y, mo, d, doy, k, j;
	long long msod;
	int64_t t0 = s->t_center - (int64_t)llround(fmod((double)s->t_center / 1000.0, 86400.0) * 1000.0) +
	    (int64_t)llround(s->sv_t0 * 1000.0);

	ceos_put_str(r, PPR_DESIGNATOR, "2");
	for (j = 0; j < 6; j++)
		ceos_put_float_at(r, PPR_ELEMENTS + 16 * j, 16, "%.7f", s->sv[14][j]);
	ceos_put_int(r, PPR_NPOINTS, 28);
	split_time(t0, &y, &mo, &d, &doy, &msod);
	ceos_put_int(r, PPR_YEAR, y);
	ceos_put_int(r, PPR_MONTH, mo);
	ceos_put_int(r, PPR_DAY, d);
	ceos_put_int(r, PPR_DOY, doy);
	ceos_put_float(r, PPR_SECONDS, "%.15E", msod / 1000.0);
	ceos_put_float(r, PPR_INTERVAL, "%.15E", 60.0);
	ceos_put_str(r, PPR_FRAME, "ECR");
	for (j = 0; j < 6; j++)
		ceos_put_float_at(r, PPR_ERRORS + 16 * j, 16, "%.7f", j < 3 ? 100.0 : 0.3);
	for (k = 0; k < 28; k++)
		for (j = 0; j < 6; j++)
			ceos_put_float_at(r, PPR_POINTS + PPR_POINT_LEN * k + PPR_VALUE_LEN * j,
			    PPR_VALUE_LEN, "%.15E", s->sv[k][j]);
	ceos_put_int(r, at(PPR_POINTS + PPR_POINT_LEN * 28 + PPR_LEAP_SECOND_AFTER, 1, 'I'), 0);
}

static void
put_att(struct synth_scene *s, unsigned char *r)
{
	/* 22 points, 1 s apart for stripmap (3 s for ScanSAR), from 6.3 s
	 * before the scene start, as in the real leader */
	int64_t step = s->m->nscans ? 3000 : 1000, t = s->t_start - 6309;
	double side = s->o->look == 'R' ? 1 : -1;
	int k, j, y, mo, d, doy;
	long long msod;

	ceos_put_int(r, ATT_NPOINTS, 22);
	for (k = 0; k < 22; k++, t += step) {
		unsigned char *p = r + ATT_POINTS + ATT_POINT_LEN * k;
		double ang[3] = { -0.0648 - 0.00004 * k, -side * 30.19, -3.699 - 0.0009 * k };
		split_time(t, &y, &mo, &d, &doy, &msod);
		ceos_put_int(p, ATT_DOY, doy);
		ceos_put_int(p, ATT_MS, msod);
		for (j = 0; j < 3; j++) {
			ceos_put_int(p, at(12 + 4 * j, 4, 'I'), 0);
			ceos_put_float_at(p, ATT_ANGLES + 14 * j, 14, "%.6E", ang[j]);
			ceos_put_int(p, at(66 + 4 * j, 4, 'I'), 0);
			ceos_put_float_at(p, ATT_RATES + 14 * j, 14, "%.6E", j == 2 ? -8.9e-4 : -5.2e-5);
		}
	}
}

static void
put_rad(unsigned char *r)
{
	int k;

	ceos_put_int(r, RAD_SEQ, 1);
	ceos_put_int(r, RAD_NDATASETS, 1);
	ceos_put_float(r, RAD_CF, "%.7f", -83.0);
	/* DT and DR: identity 2x2 complex matrices */
	for (k = 0; k < 16; k++)
		ceos_put_float_at(r, RAD_MATRICES + 16 * k, 16, "%.7f",
		    (k % 8 == 0 || k % 8 == 6) ? 1.0 : 0.0);
}

static long long
write_led(struct synth_scene *s, struct ceos_out *co)
{
	/* (type, sub3, length) of records 2.. as in the real leader */
	static const struct { uint8_t type, sub3; unsigned len; } recs[] = {
		{ 10, 20, 4096 }, { 20, 20, 1620 }, { 30, 20, 4680 }, { 40, 20, 16384 },
		{ 50, 20, 9860 }, { 60, 20, 1620 }, { 200, 70, 325000 }, { 200, 70, 511000 },
		{ 200, 70, 3072 }, { 200, 70, 728000 }, { 200, 70, 5000 },
	};
	char *name = a2_asprintf("LED-%s", s->id);
	FILE *fp = open_stage(s, name);
	unsigned char *r = new_rec(LED_DESC_LEN, 1, 11, 192, 18, 18);
	uint32_t seq = 1;
	int k, fac = 0, off;
	struct finfo *fi = &co->f[co->n++];

	put_desc(r, "AL2 SARCSARL");
	/* (count, length) pairs: DSSR, map projection, platform position,
	 * attitude, radiometric, radiometric compensation, data quality,
	 * then the other kinds (none) */
	{
		static const int cnt[7] = { 1, 1, 1, 1, 1, 0, 1 };
		static const int len[7] = { 4096, 1620, 4680, 16384, 9860, 0, 1620 };
		for (k = 0, off = LED_PAIR_FIRST; off <= LED_PAIR_LAST; off += 12, k++) {
			int c = k < 7 ? cnt[k] : 0, l = k < 7 ? len[k] : 0;
			if (k == 1 && s->l11)
				c = l = 0;
			ceos_put_int(r, at((unsigned short)off, 6, 'I'), c);
			ceos_put_int(r, at((unsigned short)(off + 6), 6, 'I'), l);
		}
	}
	for (k = 0; k < LED_FAC_COUNT; k++) {
		ceos_put_int(r, at((unsigned short)(LED_FAC_FIRST + LED_FAC_STEP * k), 6, 'I'), 1);
		ceos_put_int(r, at((unsigned short)(LED_FAC_FIRST + LED_FAC_STEP * k + 6), 8, 'I'),
		    recs[6 + k].len);
	}
	put_rec(fp, r, LED_DESC_LEN);
	for (k = 0; k < (int)(sizeof recs / sizeof recs[0]); k++) {
		if (recs[k].type == 20 && s->l11)
			continue; /* no map projection record at L1.1 */
		r = new_rec(recs[k].len, ++seq, 18, recs[k].type, 18, recs[k].sub3);
		switch (recs[k].type) {
		case 10: put_dssr(s, r); break;
		case 20: put_mpr(s, r); break;
		case 30: put_ppr(s, r); break;
		case 40: put_att(s, r); break;
		case 50: put_rad(r); break;
		case 60:
			ceos_put_int(r, DQ_SEQ, 1);
			ceos_put_int(r, DQ_NCHANNELS, s->npol);
			break;
		default:
			ceos_put_int(r, FAC_SEQ, ++fac);
		}
		put_rec(fp, r, recs[k].len);
	}
	close_stage(s, fp, name);
	snprintf(fi->name, sizeof fi->name, "%s", name);
	snprintf(fi->fileid, sizeof fi->fileid, "AL2 SARCSARL");
	fi->nrec = seq;
	fi->maxlen = 728000;
	free(name);
	return seq;
}

/* ---------------------------------------------------------------- */
/* image files */

static void
put_img_desc(struct synth_scene *s, unsigned char *r, const char *fileid, int lines, int pixels,
    int prefix, int bpp, int scan)
{
	put_desc(r, fileid);
	ceos_put_int(r, IMG_NRECORDS, lines);
	ceos_put_int(r, IMG_RECLEN, prefix + (long long)bpp * pixels);
	ceos_put_int(r, IMG_BITS, s->l11 ? 32 : 16);
	ceos_put_int(r, IMG_SAMPLES, s->l11 ? 2 : 1);
	ceos_put_int(r, IMG_BYTES_PER_PIX, bpp);
	ceos_put_int(r, IMG_CHANNELS, 1);
	ceos_put_int(r, IMG_LINES, lines);
	ceos_put_int(r, IMG_LEFT_BORDER, 0);
	ceos_put_int(r, IMG_PIXELS, pixels);
	ceos_put_int(r, IMG_RIGHT_BORDER, 0);
	ceos_put_int(r, IMG_TOP_BORDER, 0);
	ceos_put_int(r, IMG_BOTTOM_BORDER, 0);
	ceos_put_str(r, IMG_INTERLEAVE, "BSQ");
	ceos_put_int(r, IMG_PHYS_RECS, 1);
	ceos_put_int(r, IMG_PHYS_RECS_MULTI, 1);
	ceos_put_int(r, IMG_PREFIX_BYTES, prefix);
	ceos_put_int(r, IMG_DATA_BYTES, (long long)bpp * pixels);
	ceos_put_int(r, IMG_SUFFIX_BYTES, 0);
	ceos_put_str(r, IMG_LOC_LINE, "  13 4PB");
	ceos_put_str(r, IMG_LOC_CHANNEL, "  49 2PB");
	ceos_put_str(r, IMG_LOC_TIME, "  45 4PB");
	ceos_put_str(r, IMG_LOC_LEFTFILL, "  21 4PB");
	ceos_put_str(r, IMG_LOC_RIGHTFILL, "  29 4PB");
	ceos_put_str(r, IMG_LOC_QUALITY, "  97 4PB");
	ceos_put_str(r, IMG_DATA_FORMAT, s->l11 ? "COMPLEX*8" : "UNSIGNED INTEGER*2");
	ceos_put_str(r, IMG_FORMAT_CODE, s->l11 ? "C*8" : "IU2");
	ceos_put_int(r, IMG_MIN_VALUE1, 0);
	ceos_put_int(r, IMG_MIN_VALUE2, 0);
	if (!s->l11)
		ceos_put_int(r, IMG_MAX_VALUE, 65535);
	if (scan > 0) {
		/* ISCE's WBD burst constants (spec §5): bursts in the scene,
		 * lines per burst, and the burst cycle minus its length */
		static const int blen[7] = { 358, 470, 358, 355, 487, 358, 470 };
		static const double bcyc[7] = { 2086.26, 2597.80, 1886.18, 1779.60, 2211.17,
			2086.26, 2597.80 };
		static const double prf[7] = { 2661.847, 3314.512, 2406.568, 2270.575, 2821.225,
			2661.847, 3314.512 };
		int i = scan - 1;
		ceos_put_int(r, IMG_SCANSAR_BURSTS, (long long)(s->m->duration_s * prf[i] / bcyc[i]));
		ceos_put_int(r, IMG_SCANSAR_LINES, blen[i]);
		ceos_put_int(r, IMG_SCANSAR_OVERLAP, (long long)(bcyc[i] - blen[i]));
	}
}

static void
put_prefix_common(struct synth_scene *s, unsigned char *r, int k, int pixels, int64_t t_us,
    int pol, double prf_hz, int scan)
{
	int y, mo, d, doy;
	long long msod;

	ceos_put_int(r, SIG_LINE, k + 1);
	ceos_put_int(r, SIG_INDEX, k + 1);
	ceos_put_int(r, SIG_LEFT_FILL, 0);
	ceos_put_int(r, SIG_NPIXELS, pixels);
	ceos_put_int(r, SIG_RIGHT_FILL, 0);
	ceos_put_int(r, SIG_UPDATE_FLAG, 0);
	split_time(t_us / 1000, &y, &mo, &d, &doy, &msod);
	ceos_put_int(r, SIG_YEAR, y);
	ceos_put_int(r, SIG_DOY, doy);
	ceos_put_int(r, SIG_MS, msod);
	ceos_put_int(r, SIG_CHANNEL, 1);
	ceos_put_int(r, SIG_CHANNEL_CODE, 0);
	/* 0 = H, 1 = V: transmit is the first letter */
	ceos_put_int(r, SIG_TX_POL, synth_pol_names[pol][0] == 'V');
	ceos_put_int(r, SIG_RX_POL, synth_pol_names[pol][1] == 'V');
	ceos_put_int(r, SIG_PRF_MHZ, llround(prf_hz * 1000.0));
	ceos_put_int(r, SIG_SCAN_ID, scan);
	if (s->l11) {
		/* µs of day: the day of this line */
		long long us = msod * 1000 + (t_us % 1000 + 1000) % 1000;
		ceos_put_int(r, SIG_US, us);
	}
}

static void
be_u16(unsigned char *p, const uint16_t *v, int n)
{
	for (int i = 0; i < n; i++) {
		p[2 * i] = (unsigned char)(v[i] >> 8);
		p[2 * i + 1] = (unsigned char)v[i];
	}
}

static void
be_f32(unsigned char *p, float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	p[0] = (unsigned char)(u >> 24);
	p[1] = (unsigned char)(u >> 16);
	p[2] = (unsigned char)(u >> 8);
	p[3] = (unsigned char)u;
}

/* L1.1 signal data: one file per pol (and per scan for ScanSAR). */
static void
write_img_l11(struct synth_scene *s, struct ceos_out *co, int pol, int scan)
{
	int ns = s->m->nscans, lines = s->lines[scan > 0 ? scan - 1 : 0], n = s->width, k, p;
	int si = scan > 0 ? scan - 1 : 0;
	double prf = s->prf[si], side = s->o->look == 'R' ? 1 : -1, g = s->grid_heading;
	size_t reclen = SIG_PREFIX_LEN + 8 * (size_t)n;
	char *name = ns ? a2_asprintf("IMG-%s-%s-F%d", synth_pol_names[pol], s->id, scan) :
	    a2_asprintf("IMG-%s-%s", synth_pol_names[pol], s->id);
	FILE *fp = open_stage(s, name);
	unsigned char *r = new_rec(IMG_DESC_LEN, 1, 50, 192, 18, 18), *buf;
	struct finfo *fi = &co->f[co->n++];
	struct synth_rng rng;
	/* sigma0 = 10 log10(I^2+Q^2) + CF - 32 (spec §4.4): amplitude = DN·10^1.6 */
	double amp = pow(10.0, 1.6);

	put_img_desc(s, r, "AL2 SARBIMOP", lines, n, SIG_PREFIX_LEN, 8, scan);
	put_rec(fp, r, IMG_DESC_LEN);
	buf = a2_malloc(reclen);
	synth_rng_seed(&rng, s, pol, scan);
	for (k = 0; k < lines; k++) {
		int64_t t = synth_l11_time(s, si, k);
		double lat, lon, along = s->m->length_m * (k / (double)lines - 0.5), base, cr0;
		memset(buf, 0, SIG_PREFIX_LEN);
		memset(buf + 288, ' ', SIG_PREFIX_LEN - 288);
		ceos_put_header(buf, (uint32_t)k + 2, 50, 10, 18, 20, (uint32_t)reclen);
		put_prefix_common(s, buf, k, n, t, pol, prf, scan);
		ceos_put_int(buf, SIG_SLANT_RANGE, llround(s->r0[si]));
		/* only the first and last records are read by footprint tools,
		 * but every record carries its own geolocation */
		synth_l11_geo(s, si, k, 0, &lat, &lon);
		ceos_put_int(buf, SIG_LAT_FIRST, llround(lat * 1e6));
		ceos_put_int(buf, SIG_LON_FIRST, llround(lon * 1e6));
		synth_l11_geo(s, si, k, n / 2, &lat, &lon);
		ceos_put_int(buf, SIG_LAT_CENTER, llround(lat * 1e6));
		ceos_put_int(buf, SIG_LON_CENTER, llround(lon * 1e6));
		synth_l11_geo(s, si, k, n - 1, &lat, &lon);
		ceos_put_int(buf, SIG_LAT_LAST, llround(lat * 1e6));
		ceos_put_int(buf, SIG_LON_LAST, llround(lon * 1e6));
		ceos_put_int(buf, SIG_FRAME, 0);
		/* complex speckle around the synthetic backscatter */
		cr0 = -s->m->swath_m / 2 + s->m->swath_m * si / (ns ? ns : 1);
		base = amp;
		for (p = 0; p < n; p++) {
			double cross = side * (cr0 + (p + 0.5) * s->spacing);
			double e = s->ce + along * sin(g) + cross * cos(g);
			double nn = s->cn + along * cos(g) - cross * sin(g);
			uint64_t b = synth_rng_next(&rng);
			double a = base * synth_mean_dn(s, pol, e, nn) * synth_rayleigh(b);
			double ph = (double)(b >> 40) / (double)(1ULL << 24) * 2 * M_PI;
			be_f32(buf + SIG_PREFIX_LEN + 8 * p, (float)round(a * cos(ph)));
			be_f32(buf + SIG_PREFIX_LEN + 8 * p + 4, (float)round(a * sin(ph)));
		}
		fwrite(buf, 1, reclen, fp);
	}
	free(buf);
	close_stage(s, fp, name);
	snprintf(fi->name, sizeof fi->name, "%s", name);
	snprintf(fi->fileid, sizeof fi->fileid, "AL2 SARBIMOP");
	fi->nrec = lines + 1;
	fi->maxlen = (long long)reclen;
	free(name);
}

/* L1.5/3.1 processed image: rows of the map raster. */
static void
write_img_l15(struct synth_scene *s, struct ceos_out *co, int pol)
{
	int w = s->width, k;
	size_t reclen = PROC_PREFIX_LEN + 2 * (size_t)w;
	char *name = a2_asprintf("IMG-%s-%s", synth_pol_names[pol], s->id);
	FILE *fp = open_stage(s, name);
	unsigned char *r = new_rec(IMG_DESC_LEN, 1, 50, 192, 18, 18), *buf;
	uint16_t *row = a2_malloc(sizeof *row * (size_t)w);
	struct finfo *fi = &co->f[co->n++];
	struct synth_rng rng;
	double dur_us = (double)(s->t_end - s->t_start) * 1000.0;

	put_img_desc(s, r, "AL2 SARCIMOP", s->height, w, PROC_PREFIX_LEN, 2, 0);
	put_rec(fp, r, IMG_DESC_LEN);
	buf = a2_malloc(reclen);
	synth_rng_seed(&rng, s, pol, 0);
	for (k = 0; k < s->height; k++) {
		/* north-up rows: the top row is the end of an ascending pass */
		double f = (k + 0.5) / s->height, lat, lon, n = s->uy - (k + 0.5) * s->spacing;
		int64_t t = s->t_start * 1000 + llround((s->o->dir == 'A' ? 1.0 - f : f) * dur_us);
		memset(buf, 0, PROC_PREFIX_LEN);
		ceos_put_header(buf, (uint32_t)k + 2, 50, 11, 18, 20, (uint32_t)reclen);
		put_prefix_common(s, buf, k, w, t, pol, s->m->prf_hz, 0);
		ceos_put_int(buf, PROC_GEO_FLAG, 1);
		synth_utm_to_ll(s, s->ux + 0.5 * s->spacing, n, &lat, &lon);
		ceos_put_int(buf, PROC_LAT_FIRST, llround(lat * 1e6));
		ceos_put_int(buf, PROC_LON_FIRST, llround(lon * 1e6));
		synth_utm_to_ll(s, s->ux + (w / 2 + 0.5) * s->spacing, n, &lat, &lon);
		ceos_put_int(buf, PROC_LAT_CENTER, llround(lat * 1e6));
		ceos_put_int(buf, PROC_LON_CENTER, llround(lon * 1e6));
		synth_utm_to_ll(s, s->ux + (w - 0.5) * s->spacing, n, &lat, &lon);
		ceos_put_int(buf, PROC_LAT_LAST, llround(lat * 1e6));
		ceos_put_int(buf, PROC_LON_LAST, llround(lon * 1e6));
		synth_dn_row(s, &rng, pol, k, row);
		be_u16(buf + PROC_PREFIX_LEN, row, w);
		fwrite(buf, 1, reclen, fp);
	}
	free(buf);
	free(row);
	close_stage(s, fp, name);
	snprintf(fi->name, sizeof fi->name, "%s", name);
	snprintf(fi->fileid, sizeof fi->fileid, "AL2 SARCIMOP");
	fi->nrec = s->height + 1;
	fi->maxlen = (long long)reclen;
	free(name);
}

/* ---------------------------------------------------------------- */
/* trailer and volume directory */

static void
write_trl(struct synth_scene *s, struct ceos_out *co)
{
	char *name = a2_asprintf("TRL-%s", s->id);
	FILE *fp = open_stage(s, name);
	unsigned char *r = new_rec(LED_DESC_LEN, 1, 63, 192, 18, 18), *px;
	int lines = s->l11 ? s->lines[0] : s->height;
	int w = (s->width + 15) / 16, h = (lines + 15) / 16, k, off;
	long long len = 2LL * w * h;
	uint16_t *lr = a2_malloc(sizeof *lr * (size_t)w * h);
	struct finfo *fi = &co->f[co->n++];

	put_desc(r, "AL2 SARCSART");
	for (off = LED_PAIR_FIRST; off <= LED_PAIR_LAST; off += 12) {
		ceos_put_int(r, at((unsigned short)off, 6, 'I'), 0);
		ceos_put_int(r, at((unsigned short)(off + 6), 6, 'I'), 0);
	}
	for (k = 0; k < LED_FAC_COUNT; k++) {
		ceos_put_int(r, at((unsigned short)(LED_FAC_FIRST + LED_FAC_STEP * k), 6, 'I'), 0);
		ceos_put_int(r, at((unsigned short)(LED_FAC_FIRST + LED_FAC_STEP * k + 6), 8, 'I'), 0);
	}
	ceos_put_int(r, TRL_NLOWRES, 1);
	ceos_put_int(r, TRL_LOWRES_LEN, len);
	ceos_put_int(r, TRL_LOWRES_PIXELS, w);
	ceos_put_int(r, TRL_LOWRES_LINES, h);
	ceos_put_int(r, TRL_LOWRES_BPP, 2);
	put_rec(fp, r, LED_DESC_LEN);
	/* the low-resolution image follows with no record header */
	if (s->l11) {
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double lat, lon, e, n;
				int kk = y * 16 < lines ? y * 16 : lines - 1;
				int pp = x * 16 < s->width ? x * 16 : s->width - 1;
				synth_l11_pos(s, 0, kk, pp, &lat, &lon);
				synth_ll_to_utm(s, lat, lon, &e, &n);
				lr[(size_t)y * w + x] = (uint16_t)fmin(65535, synth_mean_dn(s, s->pol[0], e, n));
			}
	} else
		synth_lowres(s, s->pol[0], w, h, lr);
	px = a2_malloc((size_t)len);
	be_u16(px, lr, w * h);
	fwrite(px, 1, (size_t)len, fp);
	free(px);
	free(lr);
	close_stage(s, fp, name);
	snprintf(fi->name, sizeof fi->name, "%s", name);
	snprintf(fi->fileid, sizeof fi->fileid, "AL2 SARCSART");
	fi->nrec = 2;
	fi->maxlen = len;
	free(name);
}

static void
write_vol(struct synth_scene *s, struct ceos_out *co)
{
	char *name = a2_asprintf("VOL-%s", s->id), buf[64];
	FILE *fp = open_stage(s, name);
	unsigned char *r = new_rec(VOL_VDR_LEN, 1, 192, 192, 18, 18);
	uint32_t seq = 1;
	int k;

	ceos_put_str(r, CEOS_DESC_ASCII, "A");
	ceos_put_str(r, CEOS_DESC_DOC, "CEOS-SAR");
	ceos_put_str(r, CEOS_DESC_DOCREV, " A");
	ceos_put_str(r, CEOS_DESC_RECREV, " A");
	ceos_put_str(r, CEOS_DESC_SWVER, SWVER);
	ceos_put_str(r, VOL_PHYS_VOL_ID, "EICS");
	ceos_put_str(r, VOL_LOGICAL_VOL_ID, "AL2SAR20150320");
	ceos_put_str(r, VOL_SET_ID, "ALOS2  SAR");
	ceos_put_int(r, VOL_NVOL, 1);
	ceos_put_int(r, VOL_FIRST_VOL, 1);
	ceos_put_int(r, VOL_LAST_VOL, 1);
	ceos_put_int(r, VOL_THIS_VOL, 1);
	ceos_put_int(r, VOL_FIRST_FILE, co->n);
	ceos_put_int(r, VOL_LOGVOL1, 1);
	ceos_put_int(r, VOL_LOGVOL2, 1);
	ceos_put_str(r, VOL_DATE, "20150320");
	ceos_put_str(r, VOL_TIME, "08095250");
	ceos_put_str(r, VOL_COUNTRY, "JAPAN");
	ceos_put_str(r, VOL_AGENCY, "JAXA");
	ceos_put_str(r, VOL_FACILITY, "EICS");
	ceos_put_int(r, VOL_NPOINTERS, co->n);
	ceos_put_int(r, VOL_NTEXT, 1);
	put_rec(fp, r, VOL_VDR_LEN);
	for (k = 0; k < co->n; k++) {
		struct finfo *f = &co->f[k];
		const char *cls = "IMAGERY OPTIONS FILE", *code = "IMOP";
		if (strncmp(f->name, "LED", 3) == 0)
			cls = "SARLEADER FILE", code = "SARL";
		else if (strncmp(f->name, "TRL", 3) == 0)
			cls = "SARTRAILER FILE", code = "SART";
		r = new_rec(VOL_VDR_LEN, ++seq, 219, 192, 18, 18);
		ceos_put_str(r, CEOS_DESC_ASCII, "A");
		ceos_put_int(r, VOLPTR_NUMBER, k + 1);
		ceos_put_str(r, VOLPTR_FILEID, f->fileid);
		ceos_put_str(r, VOLPTR_CLASS, cls);
		ceos_put_str(r, VOLPTR_CLASSCODE, code);
		ceos_put_str(r, VOLPTR_DATATYPE, "MIXED BINARY AND ASCII");
		ceos_put_str(r, VOLPTR_TYPECODE, "MBAA");
		ceos_put_int(r, VOLPTR_NRECORDS, f->nrec);
		ceos_put_int(r, VOLPTR_FIRSTLEN, 720);
		ceos_put_int(r, VOLPTR_MAXLEN, f->maxlen);
		ceos_put_str(r, VOLPTR_LENTYPE, "VARIABLE LEN");
		ceos_put_str(r, VOLPTR_LENCODE, "VARE");
		ceos_put_int(r, VOLPTR_FIRSTVOL, 1);
		ceos_put_int(r, VOLPTR_LASTVOL, 1);
		ceos_put_int(r, VOLPTR_FIRSTREC, 1);
		ceos_put_int(r, VOLPTR_LASTREC, f->nrec);
		put_rec(fp, r, VOL_VDR_LEN);
	}
	r = new_rec(VOL_VDR_LEN, ++seq, 18, 192, 18, 18);
	ceos_put_str(r, CEOS_DESC_ASCII, "A");
	snprintf(buf, sizeof buf, "PRODUCT:%s", s->product_id);
	ceos_put_str(r, VOLTXT_PRODUCT, buf);
	ceos_put_str(r, VOLTXT_CREATION, "PROCESS:JAPAN-JAXA-ALOS2-EICS  20150320 080952");
	ceos_put_str(r, VOLTXT_TAPE, "TAPE ID:");
	snprintf(buf, sizeof buf, "ORBIT :%s", s->scene_id);
	ceos_put_str(r, VOLTXT_SCENE, buf);
	snprintf(buf, sizeof buf, "FRAME CENTRE: N%+07.2f  E%+07.2f", s->lat, s->lon);
	ceos_put_str(r, VOLTXT_LOCATION, buf);
	put_rec(fp, r, VOL_VDR_LEN);
	close_stage(s, fp, name);
	/* the VOL file lists itself first in summary.txt */
	s->files[s->nfiles++] = name;
}

void
synth_write_ceos(struct synth_scene *s)
{
	struct ceos_out co = { .n = 0 };
	int p, k;

	write_led(s, &co);
	for (p = 0; p < s->npol; p++) {
		if (s->l11 && s->m->nscans)
			for (k = 1; k <= s->m->nscans; k++)
				write_img_l11(s, &co, s->pol[p], k);
		else if (s->l11)
			write_img_l11(s, &co, s->pol[p], 0);
		else
			write_img_l15(s, &co, s->pol[p]);
	}
	write_trl(s, &co);
	write_vol(s, &co);
	for (k = 0; k < co.n; k++)
		synth_add_file(s, co.f[k].name);
	/* summary's data size counts VOL too */
	{
		char *vp = synth_stage_path(s, s->files[0]);
		FILE *fp = fopen(vp, "rb");
		if (fp) {
			fseek(fp, 0, SEEK_END);
			s->data_bytes += (double)ftell(fp);
			fclose(fp);
		}
		free(vp);
	}
}
