/*
 * synth.c: the geometry model of a2synth, summary.txt, KML, the truth file
 * and packaging.  The model is a circular sun-synchronous orbit: frame ->
 * argument of latitude -> nadir, swath beside the track, UTM grid around
 * it.  Not physics, but every number a reader can cross-check (corners,
 * times, state vectors, map grid) agrees with every other one.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ogr_srs_api.h>
#include <zip.h>

#include "a2.h"
#include "level.h"
#include "synth.h"

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

const char *const synth_pol_names[4] = { "HH", "HV", "VH", "VV" };

#define P_HH 1
#define P_HV 2
#define P_VH 4
#define P_VV 8

static const struct synth_mode modes[] = {
	/* code nscans swath length dur spacing offnadir rate prf opcode pols beam */
	{ "SBS", 0, 25000, 25000, 10, 0.625, 35.0, 104.7915957, 3500.0, "00", P_HH, 3 },
	{ "UBS", 0, 55000, 70000, 10, 2.5, 35.4, 104.7915957, 3400.0, "01", P_HH, 4 },
	{ "UBD", 0, 55000, 70000, 10, 2.5, 35.4, 104.7915957, 3400.0, "01", P_HH | P_HV, 4 },
	{ "HBS", 0, 55000, 70000, 10, 3.125, 32.4, 52.39579786, 3000.0, "02", P_HH, 5 },
	{ "HBD", 0, 55000, 70000, 10, 3.125, 32.4, 52.39579786, 3000.0, "02", P_HH | P_HV, 5 },
	{ "HBQ", 0, 40000, 70000, 10, 3.125, 30.2, 52.39579786, 3100.0, "18", 15, 6 },
	{ "FBS", 0, 70000, 70000, 10, 6.25, 36.6, 34.9305319, 2122.3184485, "03", P_HH, 7 },
	{ "FBD", 0, 70000, 70000, 10, 6.25, 36.6, 34.9305319, 2122.3184485, "03", P_HH | P_HV, 7 },
	{ "FBQ", 0, 30000, 70000, 10, 6.25, 28.2, 34.9305319, 2600.0, "19", 15, 8 },
	{ "WBS", 5, 350500, 355000, 52, 25, 32.5, 17.46526595, 2661.847, "08", P_HH, 16 },
	{ "WBD", 5, 350500, 355000, 52, 25, 32.5, 17.46526595, 2661.847, "08", P_HH | P_HV, 16 },
	{ "WWS", 5, 350500, 355000, 52, 25, 32.5, 34.9305319, 2661.847, "08", P_HH, 16 },
	{ "WWD", 5, 350500, 355000, 52, 25, 32.5, 34.9305319, 2661.847, "08", P_HH | P_HV, 16 },
	{ "VBS", 7, 489500, 355000, 52, 25, 37.0, 17.46526595, 2661.847, "09", P_HH, 17 },
	{ "VBD", 7, 489500, 355000, 52, 25, 37.0, 17.46526595, 2661.847, "09", P_HH | P_HV, 17 },
};

/* PRF of ScanSAR subswaths relative to the first one (ISCE WBD constants,
 * spec §5); VB's scans 6 and 7 reuse 1 and 2. */
static const double scan_prf[7] = { 2661.847, 3314.512, 2406.568, 2270.575, 2821.225,
	2661.847, 3314.512 };

const struct synth_mode *
synth_mode_find(const char *code)
{
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i].code, code) == 0)
			return &modes[i];
	return NULL;
}

/* "level must be 1.1, 1.5, 2.1 or 3.1": the levels of the table a2
 * handles (made once) */
static const char *
synth_levels(void)
{
	static char msg[128];
	const struct level *l, *last = NULL;

	if (*msg)
		return msg;
	snprintf(msg, sizeof msg, "level must be");
	for (size_t i = 0; (l = level_row(i)); i++) {
		if (l->unsupported || level_find(l->level, NULL) != l)
			continue;
		if (last)
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s %s",
			    strcmp(msg, "level must be") ? "," : "", last->level);
		last = l;
	}
	snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " or %s", last->level);
	return msg;
}

const char *
synth_check(struct synth_opts *o)
{
	const struct synth_mode *m = synth_mode_find(o->mode);
	const struct level *lv;

	if (!m)
		return "unknown observation mode";
	if (!(lv = level_find(o->level, NULL)) || lv->unsupported)
		return synth_levels();
	if (o->ceos < 0)
		o->ceos = strcmp(lv->format, "CEOS") == 0;
	if (m->nscans && !o->ceos && strcmp(o->level, "1.1") == 0)
		return "ScanSAR level 1.1 exists only in CEOS format";
	if ((lv = level_find(o->level, o->ceos ? "CEOS" : "GeoTIFF"))->synth_refusal)
		return lv->synth_refusal;
	if (o->orbit < 1 || o->orbit > 99999)
		return "orbit must be 1..99999";
	if (o->frame < 0 || o->frame > 7199)
		return "frame must be 0..7199";
	if (o->items < 1 || o->items > 999)
		return "items must be 1..999";
	if (!o->pols)
		o->pols = m->defpols;
	if (o->size == 3 && (o->width < 2 || o->height < 2 || o->width > 100000 ||
	    o->height > 100000))
		return "size WxH must be 2..100000 each";
	return NULL;
}

/* ---------------------------------------------------------------- */
/* geometry */

static double
wrap180(double d)
{
	d = fmod(d + 180.0, 360.0);
	if (d < 0)
		d += 360.0;
	return d - 180.0;
}

/* Great-circle destination from (lat, lon), bearing brg (rad), distance d. */
static void
destination(double lat, double lon, double brg, double d, double *olat, double *olon)
{
	double p1 = lat * DEG, l1 = lon * DEG, g = d / RE;
	double p2 = asin(sin(p1) * cos(g) + cos(p1) * sin(g) * cos(brg));
	double l2 = l1 + atan2(sin(brg) * sin(g) * cos(p1), cos(g) - sin(p1) * sin(p2));

	*olat = p2 / DEG;
	*olon = wrap180(l2 / DEG);
}

static double
round3(double v)
{
	double r = round(v * 1000.0) / 1000.0;

	return r == 0 ? 0 : r; /* no "-0.000" */
}

static OGRCoordinateTransformationH
make_ct(int from, int to)
{
	OGRSpatialReferenceH a = OSRNewSpatialReference(NULL), b = OSRNewSpatialReference(NULL);
	OGRCoordinateTransformationH ct;

	if (OSRImportFromEPSG(a, from) != OGRERR_NONE || OSRImportFromEPSG(b, to) != OGRERR_NONE)
		a2_die("EPSG:%d/%d: unknown to PROJ (is proj-data installed?)", from, to);
	OSRSetAxisMappingStrategy(a, OAMS_TRADITIONAL_GIS_ORDER);
	OSRSetAxisMappingStrategy(b, OAMS_TRADITIONAL_GIS_ORDER);
	ct = OCTNewCoordinateTransformation(a, b);
	if (!ct)
		a2_die("EPSG:%d -> EPSG:%d: no transformation", from, to);
	OSRDestroySpatialReference(a);
	OSRDestroySpatialReference(b);
	return ct;
}

static OGRCoordinateTransformationH ct_fwd, ct_inv; /* per scene, rebuilt */

void
synth_utm_to_ll(const struct synth_scene *s, double e, double n, double *lat, double *lon)
{
	double x = e, y = n, z = 0;

	(void)s;
	if (!OCTTransform(ct_inv, 1, &x, &y, &z))
		a2_die("UTM -> geographic transformation failed");
	*lon = x;
	*lat = y;
}

void
synth_ll_to_utm(const struct synth_scene *s, double lat, double lon, double *e, double *n)
{
	double x = lon, y = lat, z = 0;

	(void)s;
	if (!OCTTransform(ct_fwd, 1, &x, &y, &z))
		a2_die("geographic -> UTM transformation failed");
	*e = x;
	*n = y;
}

void
synth_geo(const struct synth_scene *s, double along, double cross, double *lat, double *lon)
{
	double g = s->grid_heading;
	double e = s->ce + along * sin(g) + cross * cos(g);
	double n = s->cn + along * cos(g) - cross * sin(g);

	synth_utm_to_ll(s, e, n, lat, lon);
}

void
synth_l11_pos(const struct synth_scene *s, int scan, int k, int p, double *lat, double *lon)
{
	const struct synth_mode *m = s->m;
	int ns = s->nfiles_scan;
	double side = s->o->look == 'R' ? 1 : -1;
	double along = m->length_m * (k / (double)s->lines[scan] - 0.5);
	double cross = -m->swath_m / 2 + m->swath_m * scan / ns + (p + 0.5) * s->spacing;

	synth_geo(s, along, side * cross, lat, lon);
}

int64_t
synth_l11_time(const struct synth_scene *s, int scan, int k)
{
	return s->t_start * 1000 + llround(k * 1e6 / s->prf[scan]);
}

void
synth_l11_geo(const struct synth_scene *s, int scan, int k, int p, double *lat, double *lon)
{
	double t = synth_l11_time(s, scan, k) / 1e6 - s->day0;

	if (geoloc_rdr2geo(&s->orb, t, s->r0[scan] + p * s->dr, s->o->look == 'R' ? 1 : -1,
	    lat, lon) != 0)
		a2_die("%s: line %d pixel %d of scan %d: no range-Doppler solution", s->id,
		    k, p, scan + 1);
}

static void
raster_size(struct synth_scene *s)
{
	const struct synth_opts *o = s->o;
	static const int geo[3][2] = { { 96, 120 }, { 1000, 1000 }, { 10000, 10000 } };
	static const int slc[3][2] = { { 64, 80 }, { 1000, 1000 }, { 5000, 5000 } };

	if (o->size == 3) {
		s->width = o->width;
		s->height = o->height;
	} else if (s->l11) {
		s->width = slc[o->size][0];
		s->height = slc[o->size][1];
	} else {
		s->width = geo[o->size][0];
		s->height = geo[o->size][1];
	}
}

/* Sets up everything about one scene that does not need file output. */
static void
scene_setup(struct synth_scene *s, const struct synth_opts *o, int item)
{
	const struct synth_mode *m = synth_mode_find(o->mode);
	double T = 2 * M_PI * sqrt(pow(RE + ALT, 3) / GM);
	double phi, uA, u, node, t_rel, t_node, sod, alpha, ve, vn, vg, side, sini, d, inc;
	struct tm tm = { 0 };
	time_t day;
	int k;

	memset(s, 0, sizeof *s);
	s->o = o;
	s->m = m;
	s->item = item;
	s->frame = (o->frame + 10 * item) % 7200;
	s->path = (14 * o->orbit + 24) % 207;
	s->l11 = strcmp(o->level, "1.1") == 0;
	for (k = 0; k < 4; k++)
		if (o->pols & (1 << k))
			s->pol[s->npol++] = k;
	snprintf(s->scene_id, sizeof s->scene_id, "ALOS2%05u%04u-%02u%02u%02u",
	    (unsigned)o->orbit % 100000, (unsigned)s->frame % 10000, (unsigned)o->year % 100,
	    (unsigned)o->month % 100, (unsigned)o->day % 100);
	snprintf(s->product_id, sizeof s->product_id, "%s%c%s%s%c", m->code, o->look, o->level,
	    level_find(o->level, NULL)->name_rule == LEVEL_NAME_RAW ? "__" : "GU", o->dir);
	snprintf(s->id, sizeof s->id, "%s-%s", s->scene_id, s->product_id);
	s->altitude = ALT;
	side = o->look == 'R' ? 1 : -1;

	/* Nadir at scene centre time: latitude from the frame (frame 0 is the
	 * ascending node), branch from the orbit direction. */
	phi = asin(sin(INCL) * sin(s->frame / 7200.0 * 2 * M_PI));
	if (o->south && phi > 0)
		phi = -phi;
	uA = asin(sin(phi) / sin(INCL));
	u = o->dir == 'A' ? uA : M_PI - uA;
	if (u > M_PI)
		u -= 2 * M_PI;
	t_rel = u / (2 * M_PI) * T;
	/* Successive orbits step west by 14 days / 207 orbits of rotation;
	 * the node is crossed at local midnight (sun-synchronous). */
	node = wrap180(NODE_LON_1597 + o->lon_shift - (o->orbit - 1597) * 360.0 * 14.0 / 207.0);
	s->nadir_lat = phi / DEG;
	s->nadir_lon = wrap180(node + atan2(cos(INCL) * sin(u), cos(u)) / DEG -
	    OMEGA_E * t_rel / DEG);
	t_node = fmod(-node * 240.0 + 86400.0, 86400.0);
	sod = fmod(t_node + t_rel + 86400.0, 86400.0);
	tm.tm_year = o->year - 1900;
	tm.tm_mon = o->month - 1;
	tm.tm_mday = o->day;
	day = timegm(&tm);
	s->t_center = (int64_t)day * 1000 + (int64_t)llround(sod * 1000.0);
	s->t_start = s->t_center - (int64_t)(m->duration_s * 500.0);
	s->t_end = s->t_center + (int64_t)(m->duration_s * 500.0);

	/* ground-track heading: orbit azimuth minus the Earth's rotation */
	sini = cos(INCL) / cos(phi);
	alpha = o->dir == 'A' ? asin(sini) : M_PI - asin(sini);
	vg = 2 * M_PI * RE / T;
	ve = vg * sin(alpha) - OMEGA_E * RE * cos(phi);
	vn = vg * cos(alpha);
	s->heading = atan2(ve, vn) / DEG;

	/* scene centre: ground range of the nominal off-nadir angle */
	inc = asin((RE + ALT) / RE * sin(m->off_nadir * DEG));
	s->incidence = inc / DEG;
	d = RE * (inc - m->off_nadir * DEG);
	destination(s->nadir_lat, s->nadir_lon, (s->heading + side * 90.0) * DEG, d, &s->lat, &s->lon);

	s->zone = (int)floor((s->lon + 180.0) / 6.0) + 1;
	if (s->zone > 60)
		s->zone = 60;
	s->south = s->lat < 0;
	s->epsg = (s->south ? 32700 : 32600) + s->zone;
	if (ct_fwd)
		OCTDestroyCoordinateTransformation(ct_fwd);
	if (ct_inv)
		OCTDestroyCoordinateTransformation(ct_inv);
	ct_fwd = make_ct(4326, s->epsg);
	ct_inv = make_ct(s->epsg, 4326);
	synth_ll_to_utm(s, s->lat, s->lon, &s->ce, &s->cn);
	{
		double la, lo, e, n;
		destination(s->lat, s->lon, s->heading * DEG, 1000.0, &la, &lo);
		synth_ll_to_utm(s, la, lo, &e, &n);
		s->grid_heading = atan2(e - s->ce, n - s->cn);
	}
	raster_size(s);

	/* slant range to the near edge (spherical Earth) */
	{
		double dn = d - m->swath_m / 2, g = dn / RE, a = RE + ALT;
		s->near_range = sqrt(RE * RE + a * a - 2 * RE * a * cos(g));
	}

	/* 28 state vectors, 60 s apart, the first on a whole minute about
	 * 13.8 min before the scene centre (as in the real leader) */
	{
		double csod = fmod((double)s->t_center / 1000.0, 86400.0);
		double t0 = floor((csod - 828.0) / 60.0) * 60.0, a = RE + ALT, n = 2 * M_PI / T;
		double Om = node * DEG;
		s->sv_t0 = t0;
		for (k = 0; k < 28; k++) {
			double tau = t0 + 60.0 * k - csod + t_rel, uu = n * tau, th = OMEGA_E * tau;
			double x = a * (cos(uu) * cos(Om) - sin(uu) * cos(INCL) * sin(Om));
			double y = a * (cos(uu) * sin(Om) + sin(uu) * cos(INCL) * cos(Om));
			double z = a * sin(uu) * sin(INCL);
			double vx = a * n * (-sin(uu) * cos(Om) - cos(uu) * cos(INCL) * sin(Om));
			double vy = a * n * (-sin(uu) * sin(Om) + cos(uu) * cos(INCL) * cos(Om));
			double vz = a * n * cos(uu) * sin(INCL);
			double xr = x * cos(th) + y * sin(th), yr = -x * sin(th) + y * cos(th);
			s->sv[k][0] = xr;
			s->sv[k][1] = yr;
			s->sv[k][2] = z;
			s->sv[k][3] = vx * cos(th) + vy * sin(th) + OMEGA_E * yr;
			s->sv[k][4] = -vx * sin(th) + vy * cos(th) - OMEGA_E * xr;
			s->sv[k][5] = vz;
		}
	}
	s->day0 = (double)day;
	s->orb.n = 28;
	s->orb.t0 = s->sv_t0;
	s->orb.dt = 60.0;
	s->orb.sv = s->sv;

	if (!s->l11) {
		/* image quadrilateral; "up" is the flight direction for
		 * ascending passes and its reverse for descending ones, so
		 * LT..LB name the corners as they appear north-up */
		double g = s->grid_heading, ue, un, re, rn, hl = m->length_m / 2,
		    hw = m->swath_m / 2, emin, emax, nmin, nmax, mg, sx, sy;
		static const int su[4] = { 1, 1, -1, -1 }, sr[4] = { -1, 1, 1, -1 };
		ue = sin(g);
		un = cos(g);
		if (o->dir == 'D') {
			ue = -ue;
			un = -un;
		}
		re = un;
		rn = -ue;
		emin = nmin = 1e300;
		emax = nmax = -1e300;
		for (k = 0; k < 4; k++) {
			s->quad_e[k] = s->ce + su[k] * hl * ue + sr[k] * hw * re;
			s->quad_n[k] = s->cn + su[k] * hl * un + sr[k] * hw * rn;
			emin = fmin(emin, s->quad_e[k]);
			emax = fmax(emax, s->quad_e[k]);
			nmin = fmin(nmin, s->quad_n[k]);
			nmax = fmax(nmax, s->quad_n[k]);
		}
		/* square pixels in 1/8 m steps, big enough that the frame
		 * holds the quadrilateral with a 1% margin */
		mg = 0.01 * fmax(emax - emin, nmax - nmin);
		sx = (emax - emin + 2 * mg) / s->width;
		sy = (nmax - nmin + 2 * mg) / s->height;
		s->spacing = ceil(fmax(sx, sy) * 8.0) / 8.0;
		if (s->spacing < m->spacing_m && o->size != 3)
			s->spacing = m->spacing_m;
		s->ux = floor(s->ce - s->width * s->spacing / 2);
		s->uy = ceil(s->cn + s->height * s->spacing / 2);
		for (k = 0; k < 4; k++) {
			double la, lo;
			synth_utm_to_ll(s, s->quad_e[k], s->quad_n[k], &la, &lo);
			s->img[k].lat = round3(la);
			s->img[k].lon = round3(lo);
		}
		s->img_c.lat = round3(s->lat);
		s->img_c.lon = round3(s->lon);
		/* frame corners: centres of the corner pixels, as in the CEOS
		 * map projection record (LT RT RB LB) */
		for (k = 0; k < 4; k++) {
			double e = s->ux + ((k == 1 || k == 2) ? s->width - 0.5 : 0.5) * s->spacing;
			double n = s->uy - ((k >= 2) ? s->height - 0.5 : 0.5) * s->spacing;
			double la, lo;
			synth_utm_to_ll(s, e, n, &la, &lo);
			s->frm[k].lat = round3(la);
			s->frm[k].lon = round3(lo);
		}
		{
			double la, lo;
			synth_utm_to_ll(s, s->ux + s->width * s->spacing / 2,
			    s->uy - s->height * s->spacing / 2, &la, &lo);
			s->frm_c.lat = round3(la);
			s->frm_c.lon = round3(lo);
		}
	} else {
		/* L1.1: lines in time order, pixels in increasing slant range;
		 * footprint spans the real swath, so the spacings scale */
		int ns = m->nscans ? m->nscans : 1, last = ns - 1;
		double lat, lon;
		s->nfiles_scan = ns;
		for (k = 0; k < ns; k++) {
			s->lines[k] = m->nscans ? (int)lround(s->height * scan_prf[k] / scan_prf[0]) :
			    s->height;
			s->prf[k] = s->lines[k] / m->duration_s;
		}
		s->spacing = m->swath_m / ns / s->width;
		/*
		 * Slant ranges of the swath edges; the pixels split that span
		 * evenly, so like the PRF the range sampling rate written to
		 * the DSSR is the effective one of this raster size.  ScanSAR
		 * subswaths overlap by a sixteenth, as real ones do.  Pixel 0
		 * of each scan sits on a whole metre, as the prefix holds it.
		 */
		{
			double a = RE + ALT, gf = (d + m->swath_m / 2) / RE, far;
			int ov = ns > 1 ? (s->width + 15) / 16 : 0;
			far = sqrt(RE * RE + a * a - 2 * RE * a * cos(gf));
			s->fs_mhz = round(299792458.0 / 2 / ((far - s->near_range) /
			    (ns * s->width - (ns - 1) * ov)) / 1e6 * 1e7) / 1e7;
			s->dr = 299792458.0 / 2 / (s->fs_mhz * 1e6);
			for (k = 0; k < ns; k++)
				s->r0[k] = round(s->near_range + k * (s->width - ov) * s->dr);
		}
		/* L0P0 L0Pn LnPn LnP0, from the same function the IMG writer uses */
		{
			static const int sc[4] = { 0, 1, 1, 0 }, ln[4] = { 0, 0, 1, 1 }, px[4] = { 0, 1, 1, 0 };
			for (k = 0; k < 4; k++) {
				int scan = sc[k] ? last : 0;
				synth_l11_geo(s, scan, ln[k] ? s->lines[scan] - 1 : 0,
				    px[k] ? s->width - 1 : 0, &lat, &lon);
				s->l11c[k][0] = (int32_t)lround(lon * 1e6);
				s->l11c[k][1] = (int32_t)lround(lat * 1e6);
			}
		}
	}

}

/* ---------------------------------------------------------------- */
/* synthetic backscatter */

static const double pol_db[4] = { -8.0, -16.0, -16.0, -9.0 }; /* sigma0 per pol */
static double rayleigh_tab[4096];

double
synth_rayleigh(uint64_t bits)
{
	if (rayleigh_tab[4095] == 0) {
		/* inverse CDF at bin centres, scaled to mean 1 */
		for (int i = 0; i < 4096; i++)
			rayleigh_tab[i] = sqrt(-log(1.0 - (i + 0.5) / 4096.0)) / (sqrt(M_PI) / 2.0);
	}
	return rayleigh_tab[bits & 4095];
}

void
synth_rng_seed(struct synth_rng *r, const struct synth_scene *s, int pol, int scan)
{
	/* splitmix64 of everything that names the file */
	uint64_t z = s->o->seed * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)s->o->orbit << 40) ^
	    ((uint64_t)s->frame << 20) ^ ((uint64_t)pol << 8) ^ (uint64_t)scan;

	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	r->x = z ? z : 1;
}

uint64_t
synth_rng_next(struct synth_rng *r)
{
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return r->x * 0x2545F4914F6CDD1DULL;
}

/* Texture: fields and a river-like dark band, so browse images and tiles
 * show structure. Map coordinates make all pols and resolutions agree. */
static double
texture_e(double e)
{
	return 1.0 + 0.35 * sin(2 * M_PI * e / 7300.0);
}

static double
texture_n(double n)
{
	return 1.0 + 0.35 * cos(2 * M_PI * n / 5100.0);
}

/* dark bands every 23 km, 800 m wide */
static double
river(const struct synth_scene *s, double e, double n)
{
	return fabs(fmod(fabs(e - s->ce + 0.3 * (n - s->cn)), 23000.0) - 11500.0) < 400.0 ? 0.15 : 1.0;
}

double
synth_mean_dn(const struct synth_scene *s, int pol, double e, double n)
{
	double base = pow(10.0, (pol_db[pol] + 83.0) / 20.0);

	return base * texture_e(e) * texture_n(n) * river(s, e, n);
}

static int
quad_span(const struct synth_scene *s, double n, double *emin, double *emax)
{
	int k, hit = 0;

	*emin = 1e300;
	*emax = -1e300;
	for (k = 0; k < 4; k++) {
		int j = (k + 1) % 4;
		double n0 = s->quad_n[k], n1 = s->quad_n[j], e;
		if ((n < n0) == (n < n1) || n0 == n1)
			continue;
		e = s->quad_e[k] + (n - n0) * (s->quad_e[j] - s->quad_e[k]) / (n1 - n0);
		*emin = fmin(*emin, e);
		*emax = fmax(*emax, e);
		hit = 1;
	}
	return hit;
}

/*
 * --mask shapes, in metres along and across the track from the centre:
 * holes are two lakes inside the swath; mountains are five wavy shadow
 * bands, each cutting the swath from edge to edge, so the valid data
 * falls apart into six pieces.  1 if the pixel is no-data.
 */
static int
masked(const struct synth_scene *s, double e, double n)
{
	double g = s->grid_heading, L = s->m->length_m, W = s->m->swath_m;
	double a = (e - s->ce) * sin(g) + (n - s->cn) * cos(g);
	double c = (e - s->ce) * cos(g) - (n - s->cn) * sin(g);

	switch (s->o->mask) {
	case SYNTH_MASK_HOLES:
		return hypot(a - 0.15 * L, c + 0.1 * W) < 0.12 * W ||
		    hypot((a + 0.2 * L) / 2, c - 0.2 * W) < 0.05 * W;
	case SYNTH_MASK_MOUNTAINS:
		for (int i = 1; i <= 5; i++) {
			double ai = L * (i / 6.0 - 0.5) + 0.03 * L * sin(2 * M_PI * c / (0.3 * W) + i);
			if (fabs(a - ai) < 0.008 * L)
				return 1;
		}
		return 0;
	}
	return 0;
}

/* Specks: about 1 in 256 pixels outside the swath is not zero. */
static int
speck(int x, int y)
{
	uint64_t h = (uint64_t)x * 0x9E3779B97F4A7C15ULL ^ (uint64_t)y * 0xC2B2AE3D27D4EB4FULL;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return (h & 255) == 0;
}

void
synth_dn_row(struct synth_scene *s, struct synth_rng *r, int pol, int y, uint16_t *row)
{
	double n = s->uy - (y + 0.5) * s->spacing, emin, emax, base;
	int x0, x1, x;

	memset(row, 0, sizeof *row * (size_t)s->width);
	if (s->o->mask == SYNTH_MASK_SPECKS)
		for (x = 0; x < s->width; x++)
			if (speck(x, y))
				row[x] = 100;
	if (!quad_span(s, n, &emin, &emax))
		return;
	x0 = (int)ceil((emin - s->ux) / s->spacing - 0.5);
	x1 = (int)floor((emax - s->ux) / s->spacing - 0.5);
	if (x0 < 0)
		x0 = 0;
	if (x1 > s->width - 1)
		x1 = s->width - 1;
	if (!s->colt) {
		s->colt = a2_calloc((size_t)s->width, sizeof *s->colt);
		for (x = 0; x < s->width; x++)
			s->colt[x] = texture_e(s->ux + (x + 0.5) * s->spacing);
	}
	base = pow(10.0, (pol_db[pol] + 83.0) / 20.0) * texture_n(n);
	for (x = x0; x <= x1; x++) {
		uint64_t b = synth_rng_next(r);
		double e = s->ux + (x + 0.5) * s->spacing, v;
		/* about 1 in 2048 pixels inside the swath is a zero (dropout) */
		if ((b >> 20 & 2047) == 0)
			continue;
		v = base * s->colt[x] * river(s, e, n) * synth_rayleigh(b);
		row[x] = v < 1 ? 1 : v > 65535 ? 65535 : (uint16_t)v;
		if (s->o->mask && masked(s, e, n))
			row[x] = 0;
	}
}

static int
inside_quad(const struct synth_scene *s, double e, double n)
{
	int k, pos = 0, neg = 0;

	for (k = 0; k < 4; k++) {
		int j = (k + 1) % 4;
		double c = (s->quad_e[j] - s->quad_e[k]) * (n - s->quad_n[k]) -
		    (s->quad_n[j] - s->quad_n[k]) * (e - s->quad_e[k]);
		if (c > 0)
			pos = 1;
		else if (c < 0)
			neg = 1;
	}
	return !(pos && neg);
}

void
synth_lowres(const struct synth_scene *s, int pol, int w, int h, uint16_t *out)
{
	double fx = (double)s->width / w, fy = (double)s->height / h;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double e = s->ux + (x + 0.5) * fx * s->spacing;
			double n = s->uy - (y + 0.5) * fy * s->spacing;
			double v = inside_quad(s, e, n) ? synth_mean_dn(s, pol, e, n) : 0;
			out[(size_t)y * w + x] = v > 65535 ? 65535 : (uint16_t)v;
		}
}

/* ---------------------------------------------------------------- */
/* staging, summary, KML, truth */

char *
synth_stage_path(const struct synth_scene *s, const char *name)
{
	return a2_path_join(s->stage, name);
}

void
synth_add_file(struct synth_scene *s, const char *name)
{
	struct stat st;
	char *p = synth_stage_path(s, name);

	if (s->nfiles == (int)(sizeof s->files / sizeof s->files[0]))
		a2_die("%s: too many product files", s->id);
	if (stat(p, &st) == 0)
		s->data_bytes += (double)st.st_size;
	free(p);
	s->files[s->nfiles++] = a2_strdup(name);
}

static void
fmt_time(char *buf, size_t n, int64_t ms, int iso)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int r = (int)(ms - (int64_t)t * 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (iso)
		snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, r);
	else
		snprintf(buf, n, "%04d%02d%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, r);
}

static void
kv(FILE *fp, const char *k, const char *fmt, ...)
{
	va_list ap;

	fprintf(fp, "%s=\"", k);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputs("\"\n", fp);
}

static void
kv_deg(FILE *fp, const char *k, double v)
{
	kv(fp, k, "%.3f", v);
}

static void
write_summary(struct synth_scene *s)
{
	const struct synth_opts *o = s->o;
	static const char *const cn[4] = { "LeftTop", "RightTop", "RightBottom", "LeftBottom" };
	static const int order[4] = { 0, 1, 3, 2 }; /* LT RT LB RB, as real files list them */
	char *path = synth_stage_path(s, "summary.txt"), key[64], lv[3], tb[96];
	struct a2_out out;
	FILE *fp;
	int k;

	lv[0] = o->level[0];
	lv[1] = o->level[2];
	lv[2] = 0;
	if (a2_out_open(&out, path, 0644) != 0)
		a2_die("%s: cannot create:", path);
	fp = out.fp;
	kv(fp, "Odi_SceneId", "SARD%012d-%05d-007-048", o->orbit * 10 + s->item, s->frame);
	kv(fp, "Odi_SiteDateTime", "PROCESS:JAPAN-JAXA-ALOS2-EICS  20150320 080952");
	kv(fp, "Scs_SceneID", "%s", s->scene_id);
	kv(fp, "Scs_SceneShift", "0");
	kv(fp, "Pds_ProductID", "%s", s->product_id);
	if (!s->l11) {
		kv(fp, "Pds_ResamplingMethod", "%s", strcmp(o->level, "2.1") == 0 ? "BL" : "NN");
		kv(fp, "Pds_UTM_ZoneNo", "%d", s->zone);
		kv(fp, "Pds_MapDirection", "MapNorth");
		kv(fp, "Pds_PixelSpacing", "%.6f", s->spacing);
	}
	kv(fp, "Pds_OrbitDataPrecision", "Precision");
	kv(fp, "Pds_AttitudeDataPrecision", "Onboard");
	if (strcmp(o->level, "2.1") == 0) {
		kv(fp, "Pds_DigitalElevationModel", "SRTM90m_v4.1");
		kv(fp, "Pds_GeoidModel", "EGM96");
	}
	fmt_time(tb, sizeof tb, s->t_center, 0);
	kv(fp, "Img_SceneCenterDateTime", "%s", tb);
	fmt_time(tb, sizeof tb, s->t_start, 0);
	kv(fp, "Img_SceneStartDateTime", "%s", tb);
	fmt_time(tb, sizeof tb, s->t_end, 0);
	kv(fp, "Img_SceneEndDateTime", "%s", tb);
	/* L1.1: corner keys omitted (the spec marks them L1.5/2.1/3.1 only) */
	if (!s->l11) {
		kv_deg(fp, "Img_ImageSceneCenterLatitude", s->img_c.lat);
		kv_deg(fp, "Img_ImageSceneCenterLongitude", s->img_c.lon);
		for (k = 0; k < 4; k++) {
			snprintf(key, sizeof key, "Img_ImageScene%sLatitude", cn[order[k]]);
			kv_deg(fp, key, s->img[order[k]].lat);
			snprintf(key, sizeof key, "Img_ImageScene%sLongitude", cn[order[k]]);
			kv_deg(fp, key, s->img[order[k]].lon);
		}
		kv_deg(fp, "Img_FrameSceneCenterLatitude", s->frm_c.lat);
		kv_deg(fp, "Img_FrameSceneCenterLongitude", s->frm_c.lon);
		for (k = 0; k < 4; k++) {
			snprintf(key, sizeof key, "Img_FrameScene%sLatitude", cn[order[k]]);
			kv_deg(fp, key, s->frm[order[k]].lat);
			snprintf(key, sizeof key, "Img_FrameScene%sLongitude", cn[order[k]]);
			kv_deg(fp, key, s->frm[order[k]].lon);
		}
	}
	kv(fp, "Img_OffNadirAngle", "%.1f", s->m->off_nadir);
	kv(fp, "Pdi_ProductDataSize", "%.1f", s->data_bytes / 1048576.0);
	snprintf(key, sizeof key, "Pdi_CntOfL%sProductFileName", lv);
	kv(fp, key, "%d", s->nfiles);
	for (k = 0; k < s->nfiles; k++) {
		snprintf(key, sizeof key, "Pdi_L%sProductFileName%02d", lv, k + 1);
		kv(fp, key, "%s", s->files[k]);
	}
	if (!s->l11)
		kv(fp, "Pdi_BitPixel", "16");
	kv(fp, "Pdi_NoOfPixels_0", "%d", s->width);
	kv(fp, "Pdi_NoOfLines_0", "%d", s->l11 ? s->lines[0] : s->height);
	kv(fp, "Pdi_ProductFormat", "%s", o->ceos ? "CEOS" : "GeoTIFF");
	kv(fp, "Ach_TimeCheck", "GOOD");
	kv(fp, "Ach_AttitudeCheck", "GOOD");
	kv(fp, "Ach_AbsoluteNavigationStatus", "");
	kv(fp, "Ach_HouseKeepingDataCheck", "GOOD");
	kv(fp, "Ach_OrbitCheck", "GOOD");
	kv(fp, "Ach_OnBoardAttitudeCheck", "GOOD");
	kv(fp, "Ach_LossLines", "GOOD");
	kv(fp, "Ach_AbsoluteNavigationTime", "");
	kv(fp, "Ach_PRF_Check", "");
	kv(fp, "Ach_CalibrationDataCheck", "");
	kv(fp, "Rad_PracticeResultCode", "GOOD");
	kv(fp, "Lbi_Satellite", "ALOS2");
	kv(fp, "Lbi_Sensor", "SAR");
	kv(fp, "Lbi_ProcessLevel", "%s", o->level);
	kv(fp, "Lbi_ProcessFacility", "EICS");
	kv(fp, "Lbi_ObservationDate", "%04d%02d%02d", o->year, o->month, o->day);
	if (a2_out_commit(&out) != 0)
		a2_die("%s: write failed:", path);
	free(path);
}

/* KML numbers as the real files print them: trailing zeros dropped. */
static const char *
knum(char *buf, size_t n, double v)
{
	size_t l;

	snprintf(buf, n, "%.3f", v);
	l = strlen(buf);
	while (l > 0 && buf[l - 1] == '0')
		buf[--l] = 0;
	if (l > 0 && buf[l - 1] == '.')
		buf[l++] = '0', buf[l] = 0;
	return buf;
}

static void
write_kml(struct synth_scene *s)
{
	char *name = a2_asprintf("%s_%s.kml", s->scene_id, s->product_id);
	char *path = synth_stage_path(s, name);
	char a[6][32], tc[96], ts[96], te[96];
	struct synth_ll c[4], cc;
	struct a2_out out;
	FILE *fp;
	int k;

	if (s->l11) {
		for (k = 0; k < 4; k++) {
			/* L1.1: ring from the IMG corners, ordered like the
			 * image: first line = top for ascending passes */
			c[k].lon = round3(s->l11c[k][0] / 1e6);
			c[k].lat = round3(s->l11c[k][1] / 1e6);
		}
		cc.lat = round3(s->lat);
		cc.lon = round3(s->lon);
	} else {
		memcpy(c, s->img, sizeof c);
		cc = s->img_c;
	}
	fmt_time(tc, sizeof tc, s->t_center, 0);
	fmt_time(ts, sizeof ts, s->t_start, 0);
	fmt_time(te, sizeof te, s->t_end, 0);
	if (a2_out_open(&out, path, 0644) != 0)
		a2_die("%s: cannot create:", path);
	fp = out.fp;
	fprintf(fp, "<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
	    "  <name>kmlproduct</name>\n  <Document>\n    <name>Product</name>\n"
	    "    <Style id=\"transPoly\">\n      <LineStyle>\n        <width>0.1</width>\n"
	    "      </LineStyle>\n      <PolyStyle>\n        <color>8864ff64</color>\n"
	    "      </PolyStyle>\n    </Style>\n    <Folder>\n      <name>Scene Rectangle</name>\n"
	    "      <Placemark>\n        <name>%s</name>\n", s->scene_id);
	fprintf(fp, "        <description><![CDATA[<br/> <table border=\"1\" cellspacing=\"0\" "
	    "cellpadding=\"2\" bordercolor=\"C0C0C0\" ><tr><td>Satellite</td><td>ALOS2</td></tr>"
	    "<tr><td>Sensor</td><td>PALSAR-2</td></tr><tr><td>Scene ID</td><td>%s</td></tr>"
	    "<tr><td>Product ID</td><td>%s</td></tr><tr><td>Observation Date</td>"
	    "<td>%04d-%02d-%02d</td></tr><tr><td>Path No</td><td>%d</td></tr>"
	    "<tr><td>Frame(center)</td><td>%d</td></tr><tr><td>SceneShift</td><td>0</td></tr>"
	    "<tr><td>Offnadir Angle</td><td>%.1f</td></tr>"
	    "<tr><td>Scene Time(Center)</td><td>%s</td></tr>"
	    "<tr><td>Scene Time(Start)</td><td>%s</td></tr>"
	    "<tr><td>Scene Time(End)</td><td>%s</td></tr>",
	    s->scene_id, s->product_id, s->o->year, s->o->month, s->o->day, s->path, s->frame,
	    s->m->off_nadir, tc + 9, ts + 9, te + 9);
	fprintf(fp, "<tr><td>Lat/Long(center)</td><td>%s/%s</td></tr>"
	    "<tr><td>Lat/Long(Left Upper)</td><td>%s/%s</td></tr>",
	    knum(a[0], 32, cc.lat), knum(a[1], 32, cc.lon), knum(a[2], 32, c[0].lat),
	    knum(a[3], 32, c[0].lon));
	fprintf(fp, "<tr><td>Lat/Long(Right Upper)</td><td>%s/%s</td></tr>"
	    "<tr><td>Lat/Long(Left Lower)</td><td>%s/%s</td></tr>",
	    knum(a[0], 32, c[1].lat), knum(a[1], 32, c[1].lon), knum(a[2], 32, c[3].lat),
	    knum(a[3], 32, c[3].lon));
	fprintf(fp, "<tr><td>Lat/Long(Right Lower)</td><td>%s/%s</td></tr></table>]]>"
	    "</description>\n", knum(a[0], 32, c[2].lat), knum(a[1], 32, c[2].lon));
	fprintf(fp, "        <Snippet maxLines=\"2\"/>\n        <visibility>1</visibility>\n"
	    "        <styleUrl>#transPoly</styleUrl>\n        <Polygon>\n"
	    "          <tessellate>1</tessellate>\n          <altitudeMode>clampToGround</altitudeMode>\n"
	    "          <outerBoundaryIs>\n            <LinearRing>\n              <coordinates>");
	/* LT, LB, RB, RT, LT */
	{
		static const int ring[5] = { 0, 3, 2, 1, 0 };
		for (k = 0; k < 5; k++)
			fprintf(fp, "%s,%s,0.0 ", knum(a[0], 32, c[ring[k]].lon),
			    knum(a[1], 32, c[ring[k]].lat));
	}
	fprintf(fp, "</coordinates>\n            </LinearRing>\n          </outerBoundaryIs>\n"
	    "        </Polygon>\n      </Placemark>\n    </Folder>\n    <Folder>\n"
	    "      <name>Scene Center</name>\n      <Placemark>\n        <name>%s</name>\n"
	    "        <description></description>\n        <Point>\n"
	    "          <altitudeMode>clampToGround</altitudeMode>\n"
	    "          <coordinates>%s,%s,4000.0</coordinates>\n        </Point>\n"
	    "      </Placemark>\n    </Folder>\n  </Document>\n</kml>\n",
	    s->scene_id, knum(a[0], 32, cc.lon), knum(a[1], 32, cc.lat));
	if (a2_out_commit(&out) != 0)
		a2_die("%s: write failed:", path);
	free(path);
	free(name);
}

static json_t *
ll_json(struct synth_ll p)
{
	return json_pack("[ff]", p.lon, p.lat);
}

static json_t *
corners_json(const struct synth_ll c[4])
{
	return json_pack("{s:o,s:o,s:o,s:o}", "lt", ll_json(c[0]), "rt", ll_json(c[1]), "rb",
	    ll_json(c[2]), "lb", ll_json(c[3]));
}

static json_t *
truth_json(const struct synth_scene *s, const char *pkgpath)
{
	const struct synth_opts *o = s->o;
	json_t *j = json_object(), *pols = json_array(), *files = json_array();
	char tb[96];
	int k;

	for (k = 0; k < s->npol; k++)
		json_array_append_new(pols, json_string(synth_pol_names[s->pol[k]]));
	for (k = 0; k < s->nfiles; k++)
		json_array_append_new(files, json_string(s->files[k]));
	a2_json_set(j, "id", json_string(s->id));
	a2_json_set(j, "scene_id", json_string(s->scene_id));
	a2_json_set(j, "product_id", json_string(s->product_id));
	a2_json_set(j, "mode", json_string(s->m->code));
	a2_json_set(j, "level", json_string(o->level));
	a2_json_set(j, "format", json_string(o->ceos ? "CEOS" : "GeoTIFF"));
	a2_json_set(j, "polarisations", pols);
	a2_json_set(j, "orbit", json_integer(o->orbit));
	a2_json_set(j, "frame", json_integer(s->frame));
	a2_json_set(j, "path", json_integer(s->path));
	a2_json_set(j, "look_side", json_stringn(&o->look, 1));
	a2_json_set(j, "orbit_direction", json_stringn(&o->dir, 1));
	fmt_time(tb, sizeof tb, s->t_start, 1);
	a2_json_set(j, "start_time", json_string(tb));
	fmt_time(tb, sizeof tb, s->t_center, 1);
	a2_json_set(j, "center_time", json_string(tb));
	fmt_time(tb, sizeof tb, s->t_end, 1);
	a2_json_set(j, "end_time", json_string(tb));
	if (!s->l11) {
		a2_json_set(j, "image_center", ll_json(s->img_c));
		a2_json_set(j, "image_corners", corners_json(s->img));
		a2_json_set(j, "frame_center", ll_json(s->frm_c));
		a2_json_set(j, "frame_corners", corners_json(s->frm));
	} else {
		json_t *c = json_array();
		a2_json_set(j, "image_corners", NULL);
		a2_json_set(j, "frame_corners", NULL);
		/* ring order L0P0, L0Pn, LnPn, LnP0 as in the IMG prefixes */
		for (k = 0; k < 4; k++)
			json_array_append_new(c, json_pack("[ff]", s->l11c[k][0] / 1e6,
			    s->l11c[k][1] / 1e6));
		a2_json_set(j, "l11_corners", c);
		/* per subswath, as written to each file's prefixes */
		c = json_array();
		for (int sc = 0; sc < s->nfiles_scan; sc++) {
			static const int ln[4] = { 0, 0, 1, 1 }, px[4] = { 0, 1, 1, 0 };
			json_t *q = json_array();
			for (k = 0; k < 4; k++) {
				double la, lo;
				synth_l11_geo(s, sc, ln[k] ? s->lines[sc] - 1 : 0, px[k] ? s->width - 1 : 0,
				    &la, &lo);
				json_array_append_new(q, json_pack("[ff]", lround(lo * 1e6) / 1e6,
				    lround(la * 1e6) / 1e6));
			}
			json_array_append_new(c, q);
		}
		a2_json_set(j, "l11_scan_corners", c);
		/* the slant range geometry the prefixes and DSSR hold */
		c = json_array();
		for (int sc = 0; sc < s->nfiles_scan; sc++)
			json_array_append_new(c, json_real(s->r0[sc]));
		a2_json_set(j, "l11_near_range", c);
		a2_json_set(j, "l11_range_spacing", json_real(s->dr));
	}
	a2_json_set(j, "width", json_integer(s->width));
	a2_json_set(j, "lines", json_integer(s->l11 ? s->lines[0] : s->height));
	if (s->l11 && s->m->nscans) {
		json_t *a = json_array();
		for (k = 0; k < s->m->nscans; k++)
			json_array_append_new(a, json_integer(s->lines[k]));
		a2_json_set(j, "scan_lines", a);
	}
	a2_json_set(j, "pixel_spacing", json_real(s->spacing));
	a2_json_set(j, "utm_zone", s->l11 ? NULL : json_integer(s->zone));
	a2_json_set(j, "epsg", s->l11 ? NULL : json_integer(s->epsg));
	if (!s->l11)
		a2_json_set(j, "geotransform", json_pack("[ffffff]", s->ux, s->spacing, 0.0, s->uy,
		    0.0, -s->spacing));
	a2_json_set(j, "center", json_pack("[ff]", s->lon, s->lat));
	a2_json_set(j, "heading", json_real(s->heading));
	a2_json_set(j, "files", files);
	a2_json_set(j, "package", json_string(pkgpath));
	return j;
}

/* ---------------------------------------------------------------- */
/* packaging */

static char *stage_root; /* removed at exit if a run dies half way */

static void
stage_cleanup(void)
{
	if (stage_root)
		a2_rm_tree(stage_root);
}

static int
cmp_name(const void *a, const void *b)
{
	/* JAXA zips list members case-insensitively sorted */
	int c = strcasecmp(*(char *const *)a, *(char *const *)b);

	return c ? c : strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes zip `path` holding the files `names` of directory `dir`,
 * deterministically: sorted, fixed mtime and attributes. */
static void
zip_dir_files(const char *path, const char *dir, char **names, int n, int store)
{
	char *tmp = a2_tmp_beside(path, "zip");
	char **sorted = a2_calloc((size_t)n, sizeof *sorted);
	zip_t *za;
	int err, k;

	memcpy(sorted, names, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, cmp_name);
	unlink(tmp);
	za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		a2_die("%s: cannot create zip: %s", tmp, zip_error_strerror(&ze));
	}
	for (k = 0; k < n; k++) {
		char *p = a2_path_join(dir, sorted[k]);
		struct stat st;
		zip_source_t *src;
		zip_int64_t idx;
		if (stat(p, &st) != 0)
			a2_die("%s:", p);
		src = zip_source_file(za, p, 0, -1);
		if (!src || (idx = zip_file_add(za, sorted[k], src, ZIP_FL_ENC_UTF_8)) < 0)
			a2_die("%s: cannot add %s: %s", tmp, sorted[k], zip_strerror(za));
		/* level 1 for big rasters keeps bench runs short */
		if (zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
		    store ? 0 : st.st_size > (32 << 20) ? 1 : 6) != 0 ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx, PROC_TIME, 0) != 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
		    (zip_uint32_t)0100644 << 16) != 0)
			a2_die("%s: %s: %s", tmp, sorted[k], zip_strerror(za));
		free(p);
	}
	if (zip_close(za) != 0)
		a2_die("%s: cannot write zip: %s", tmp, zip_strerror(za));
	if (rename(tmp, path) != 0)
		a2_die("%s: cannot rename to %s:", tmp, path);
	free(tmp);
	free(sorted);
}

/* all regular files of a directory (new array of new strings) */
static char **
list_dir(const char *dir, int *n)
{
	char **v = NULL;
	struct dirent **ents;
	int k, m = scandir(dir, &ents, NULL, alphasort);

	*n = 0;
	if (m < 0)
		a2_die("%s:", dir);
	v = a2_calloc((size_t)m + 1, sizeof *v);
	for (k = 0; k < m; k++) {
		if (ents[k]->d_name[0] != '.')
			v[(*n)++] = a2_strdup(ents[k]->d_name);
		free(ents[k]);
	}
	free(ents);
	return v;
}

static void
free_list(char **v, int n)
{
	for (int k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

static char *
abs_path(const char *p)
{
	char *r = realpath(p, NULL);

	return r ? r : a2_strdup(p);
}

static void
build_scene(struct synth_scene *s)
{
	if (mkdir(s->stage, 0755) != 0)
		a2_die("%s: cannot create:", s->stage);
	if (s->o->ceos)
		synth_write_ceos(s);
	else
		synth_write_tiff(s);
	if (!s->l11)
		synth_write_brs(s);
	write_kml(s);
	write_summary(s);
}

void
synth_run(const struct synth_opts *o)
{
	char *root, *orderdir = NULL, *ordername = NULL;
	char **inner = NULL;
	int k, ninner = 0;
	json_t *pending = json_array();

	/* zip mtimes go through localtime(); make them the same everywhere */
	setenv("TZ", "UTC0", 1);
	tzset();
	if (a2_mkdirs(o->outdir, 0755) != 0)
		a2_die("%s: cannot create:", o->outdir);
	a2_tmp_sweep(o->outdir, "a2synth.stage"); /* of a2synth runs killed here */
	root = a2_tmp_name(o->outdir, "a2synth.stage", "XXXXXX");
	if (!mkdtemp(root))
		a2_die("%s: cannot create:", root);
	stage_root = root;
	atexit(stage_cleanup);
	if (o->package == SYNTH_PKG_ORDER) {
		orderdir = a2_path_join(root, "order");
		if (mkdir(orderdir, 0755) != 0)
			a2_die("%s:", orderdir);
		inner = a2_calloc((size_t)o->items, sizeof *inner);
		ordername = a2_asprintf("%s/%s.zip", o->outdir, o->order);
	}
	for (k = 0; k < o->items; k++) {
		struct synth_scene sc, *s = &sc;
		char *pkg = NULL, *truthp, *pkgabs;
		json_t *line, *truth;
		scene_setup(s, o, k);
		s->stage = a2_path_join(root, s->id);
		build_scene(s);
		switch (o->package) {
		case SYNTH_PKG_ORDER: {
			int n;
			char **names = list_dir(s->stage, &n);
			inner[ninner] = a2_asprintf("%s_%03d%03d_%s.zip", o->order, 1, k + 1, s->scene_id);
			pkg = a2_path_join(orderdir, inner[ninner]);
			zip_dir_files(pkg, s->stage, names, n, 0);
			free_list(names, n);
			ninner++;
			free(pkg);
			pkg = a2_strdup(ordername);
			break;
		}
		case SYNTH_PKG_FLAT: {
			int n;
			char **names = list_dir(s->stage, &n);
			pkg = a2_asprintf("%s/%s.zip", o->outdir, s->id);
			zip_dir_files(pkg, s->stage, names, n, 0);
			free_list(names, n);
			break;
		}
		case SYNTH_PKG_DIR:
			pkg = a2_path_join(o->outdir, s->id);
			a2_rm_tree(pkg);
			if (rename(s->stage, pkg) != 0)
				a2_die("%s: cannot rename to %s:", s->stage, pkg);
			break;
		}
		a2_rm_tree(s->stage);
		truthp = a2_asprintf("%s/%s.truth.json", o->outdir, s->id);
		{
			/* the order zip does not exist yet: resolve the dir */
			char *d = abs_path(o->outdir);
			pkgabs = a2_path_join(d, a2_basename(pkg));
			free(d);
		}
		truth = truth_json(s, pkgabs);
		if (o->package == SYNTH_PKG_ORDER)
			a2_json_set(truth, "order_item", json_string(inner[ninner - 1]));
		a2_write_json(truthp, truth);
		{
			char *tabs = abs_path(truthp);
			line = json_pack("{s:s,s:s,s:s,s:s}", "id", s->id, "scene_id", s->scene_id,
			    "path", pkgabs, "truth", tabs);
			free(tabs);
		}
		/* an order's lines are printed once its zip exists */
		if (o->package == SYNTH_PKG_ORDER)
			json_array_append_new(pending, line);
		else {
			a2_json_print_line(line);
			json_decref(line);
		}
		json_decref(truth);
		free(truthp);
		free(pkgabs);
		free(pkg);
		free(s->stage);
		free(s->colt);
		for (int f = 0; f < s->nfiles; f++)
			free(s->files[f]);
	}
	if (o->package == SYNTH_PKG_ORDER) {
		size_t i;
		json_t *v;
		zip_dir_files(ordername, orderdir, inner, ninner, 1);
		json_array_foreach(pending, i, v)
			a2_json_print_line(v);
	}
	json_decref(pending);
	a2_rm_tree(root);
	stage_root = NULL;
	free(root);
	if (inner) {
		for (k = 0; k < ninner; k++)
			free(inner[k]);
		free(inner);
	}
	free(orderdir);
	free(ordername);
	if (ct_fwd)
		OCTDestroyCoordinateTransformation(ct_fwd);
	if (ct_inv)
		OCTDestroyCoordinateTransformation(ct_inv);
	ct_fwd = ct_inv = NULL;
}
