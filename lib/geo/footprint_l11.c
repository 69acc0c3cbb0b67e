/*
 * footprint_l11.c: L1.1 CEOS footprints (footprint.h).  The first and last
 * signal record prefixes of each IMG file, which a2classify kept in the
 * scene record (img_prefixes), give corner latitudes and longitudes, line
 * times and the slant range; the leader's state vectors (ceos.state_vectors)
 * give the orbit.  The corners are then geolocated again by range-Doppler
 * (geoloc.h), so each method checks the other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "core/a2.h"
#include "geo/footprint_base.h"
#include "geo/footprint_l11.h"
#include "sar/geoloc.h"
#include "sar/scene.h"

#define C_LIGHT 299792458.0
#define MAX_SCANS 8

/* What the footprint needs of one IMG file. */
struct l11_file {
	char *path;
	long long pixels;
	double lat[2][3], lon[2][3]; /* [first, last line][first, centre, last pixel] */
	double t[2];                 /* s since 2000-01-01 of the first, last line */
	double r0[2];                /* slant range to the first pixel, m */
};

/* The image files of the first polarisation (doc/records.md order). */
static json_t *
scene_first_img(json_t *scene)
{
	json_t *img = json_object_get(json_object_get(scene, "files"), "img");
	json_t *pols = json_object_get(scene, "polarisations"), *p, *l;
	const char *k;
	size_t i;

	json_array_foreach(pols, i, p) {
		l = json_object_get(img, json_string_value(p) ? json_string_value(p) : "");
		if (json_array_size(l))
			return l;
	}
	json_object_foreach(img, k, l)
		if (json_array_size(l))
			return l;
	return NULL;
}

/* Corners, line times and slant ranges of one IMG file at path, from its
 * first and last signal record prefixes as the scene record keeps them
 * (pre: null when the file has none). */
static int
read_file(json_t *pre, const char *path, struct l11_file *f, char **err)
{
	json_t *line[2];
	long long sr[2];

	memset(f, 0, sizeof *f);
	f->path = a2_strdup(path);
	if (!json_is_object(pre)) {
		*err = a2_asprintf("%s: no signal record prefixes with latitude/longitude", path);
		return -1;
	}
	for (int g = 0; g < 2; g++) {
		line[g] = json_array_get(json_object_get(pre, "lines"), g);
		sr[g] = json_integer_value(json_object_get(line[g], "slant_range"));
	}
	if (!(sr[0] > 0 && sr[1] > 0)) {
		*err = a2_asprintf("%s: record %lld: signal data prefix: slant range to first "
		    "pixel is not positive", path, sr[0] > 0 ?
		    (long long)json_integer_value(json_object_get(pre, "records")) + 1 : 2);
		return -1;
	}
	f->pixels = json_integer_value(json_object_get(pre, "pixels"));
	for (int g = 0; g < 2; g++) {
		json_t *lat = json_object_get(line[g], "lat_microdeg");
		json_t *lon = json_object_get(line[g], "lon_microdeg");

		/* as ceos.c turns the prefix's integers into degrees */
		for (int i = 0; i < 3; i++) {
			f->lat[g][i] = json_integer_value(json_array_get(lat, i)) * 1e-6;
			f->lon[g][i] = json_integer_value(json_array_get(lon, i)) * 1e-6;
		}
		f->t[g] = geoloc_days((int)json_integer_value(json_object_get(line[g], "year")),
		    (int)json_integer_value(json_object_get(line[g], "day_of_year"))) * 86400.0 +
		    json_integer_value(json_object_get(line[g], "usec_of_day")) / 1e6;
		f->r0[g] = (double)sr[g];
	}
	return 0;
}

/* The orbit of the scene record's state vectors, times in s since
 * 2000-01-01; sv receives the vectors (to be freed). */
static int
scene_orbit(json_t *sv, struct geoloc_orbit *o, double (**vec)[6], char **err)
{
	json_t *pts = json_object_get(sv, "points");
	size_t n = json_array_size(pts);

	if (a2_json_str(sv, "error") || n < 2) {
		*err = a2_strdup(a2_json_str(sv, "error") ? a2_json_str(sv, "error") : "no state vectors");
		return -1;
	}
	*vec = a2_calloc(n, sizeof **vec);
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < 6; j++)
			(*vec)[i][j] = scene_num(json_array_get(json_array_get(pts, i), j));
	o->n = (int)n;
	o->dt = scene_num(json_object_get(sv, "interval"));
	o->t0 = geoloc_days((int)json_integer_value(json_object_get(sv, "year")),
	    (int)json_integer_value(json_object_get(sv, "day_of_year"))) * 86400.0 +
	    scene_num(json_object_get(sv, "seconds_of_day"));
	o->sv = *vec;
	return 0;
}

/* Corner c (0 L0P0, 1 L0Pn, 2 LnPn, 3 LnP0) of a file, as read. */
static void
corner(const struct l11_file *f, int c, double *lon, double *lat)
{
	int g = c >= 2, px = c == 1 || c == 2 ? 2 : 0;

	*lon = f->lon[g][px];
	*lat = f->lat[g][px];
}

/* The union of the files' quadrilaterals (ScanSAR subswaths overlap in
 * range), longitudes kept continuous with the first corner; new ring. */
static double (*union_ring(double q[][4][2], int nf, int *np))[2]
{
	OGRGeometryH u = NULL, r;
	double (*p)[2], best = 1e300;
	int n, st = 0;

	for (int i = 0; i < nf; i++) {
		OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon), lr = OGR_G_CreateGeometry(wkbLinearRing);
		for (int c = 0; c <= 4; c++) {
			double x = q[i][c % 4][0];
			while (x - q[0][0][0] > 180)
				x -= 360;
			while (x - q[0][0][0] < -180)
				x += 360;
			OGR_G_AddPoint_2D(lr, x, q[i][c % 4][1]);
		}
		OGR_G_AddGeometryDirectly(poly, lr);
		if (!u) {
			u = poly;
		} else {
			OGRGeometryH v = OGR_G_Union(u, poly);
			OGR_G_DestroyGeometry(u);
			OGR_G_DestroyGeometry(poly);
			u = v;
		}
	}
	if (!u || wkbFlatten(OGR_G_GetGeometryType(u)) != wkbPolygon) {
		/* subswaths that do not touch: their hull */
		OGRGeometryH h = u ? OGR_G_ConvexHull(u) : NULL;
		OGR_G_DestroyGeometry(u);
		u = h;
	}
	if (!u || !(r = OGR_G_GetGeometryRef(u, 0))) {
		OGR_G_DestroyGeometry(u);
		*np = 0;
		return NULL;
	}
	n = OGR_G_GetPointCount(r) - 1;
	p = a2_calloc(n > 0 ? n : 1, sizeof *p);
	/* start at the vertex nearest F1's L0P0, as a single file's ring does */
	for (int i = 0; i < n; i++) {
		double d = hypot(OGR_G_GetX(r, i) - q[0][0][0], OGR_G_GetY(r, i) - q[0][0][1]);
		if (d < best) {
			best = d;
			st = i;
		}
	}
	for (int k = 0; k < n; k++) {
		int i = (st + k) % n;
		p[k][0] = OGR_G_GetX(r, i);
		if (p[k][0] > 180)
			p[k][0] -= 360;
		if (p[k][0] < -180)
			p[k][0] += 360;
		p[k][1] = OGR_G_GetY(r, i);
	}
	OGR_G_DestroyGeometry(u);
	*np = n;
	return p;
}

json_t *
footprint_l11(json_t *scene, const char *id, int rd, const struct footprint_opts *o, char **err)
{
	json_t *l = scene_first_img(scene), *f = NULL, *props, *pre;
	const char *led = a2_json_str(json_object_get(scene, "files"), "led");
	struct l11_file fl[MAX_SCANS];
	struct geoloc_orbit orb = { 0 };
	double q[MAX_SCANS][4][2], g[MAX_SCANS][4][2], worst = 0, dr, (*p)[2] = NULL;
	double (*vec)[6] = NULL;
	char *ledpath = NULL, *what = NULL;
	int nf = (int)json_array_size(l), side, np = 0, ngeo = 0, rd_ok = 0;

	memset(fl, 0, sizeof fl);
	if (!nf) {
		*err = a2_asprintf("%s: files.img: no image file in the scene", id);
		return NULL;
	}
	if (nf > MAX_SCANS) {
		*err = a2_asprintf("%s: files.img: %d image files for one polarisation", id, nf);
		return NULL;
	}
	if (!(pre = scene_get_kept(scene, NULL, "img_prefixes", err)))
		return NULL;
	for (int i = 0; i < nf; i++) {
		const char *name = json_string_value(json_array_get(l, i));
		char *path = footprint_scene_path(scene, name);
		int r = read_file(json_object_get(pre, name ? name : ""), path, &fl[i], err);
		free(path);
		if (r != 0)
			goto out;
		for (int c = 0; c < 4; c++)
			corner(&fl[i], c, &q[i][c][0], &q[i][c][1]);
	}
	/* the range-Doppler check: leader orbit, sampling rate, look side */
	if (!led) {
		what = a2_asprintf("%s: files.led: no leader file in the scene", id);
	} else {
		json_t *dssr = json_object_get(json_object_get(scene, "ceos"), "dssr"), *sv;
		double rate = scene_num(json_object_get(dssr, "range_sampling_rate_mhz"));
		double clock = scene_num(json_object_get(dssr, "clock_angle"));
		char *e = NULL;

		ledpath = footprint_scene_path(scene, led);
		if (!(sv = scene_get_kept(scene, "ceos", "state_vectors", &e)) ||
		    scene_orbit(sv, &orb, &vec, &e) != 0) {
			what = e;
		} else if (!(rate > 0)) {
			what = a2_asprintf("%s: DSSR range sampling rate: not positive", ledpath);
		} else {
			const char *ls = a2_json_str(scene, "look_side");
			side = clock != 0 ? (clock > 0 ? 1 : -1) : (ls && *ls == 'L' ? -1 : 1);
			dr = C_LIGHT / 2 / (rate * 1e6);
			rd_ok = 1;
			for (int i = 0; i < nf && rd_ok; i++)
				for (int c = 0; c < 6; c++) {
					/* corners, then the centre pixel of both lines */
					int gl = c < 4 ? c >= 2 : c - 4;
					double px = c < 4 ? (c == 1 || c == 2 ? fl[i].pixels - 1 : 0) :
					    (double)(fl[i].pixels / 2);
					double la, lo, d;
					if (geoloc_rdr2geo(&orb, fl[i].t[gl], fl[i].r0[gl] + px * dr, side,
					    &la, &lo) != 0) {
						what = a2_asprintf("%s: line %s, pixel %.0f: no range-Doppler "
						    "solution from the state vectors of %s", fl[i].path,
						    gl ? "last" : "first", px + 1, ledpath);
						rd_ok = 0;
						break;
					}
					if (c < 4) {
						g[i][c][0] = lo;
						g[i][c][1] = la;
						d = geoloc_dist(la, lo, q[i][c][1], q[i][c][0]);
					} else {
						d = geoloc_dist(la, lo, fl[i].lat[gl][1], fl[i].lon[gl][1]);
					}
					worst = fmax(worst, d);
					ngeo++;
				}
		}
	}
	if (rd && !rd_ok) {
		*err = what;
		what = NULL;
		goto out;
	}
	if (nf == 1) {
		p = a2_calloc(4, sizeof *p);
		memcpy(p, rd ? g[0] : q[0], sizeof g[0]);
		np = 4;
	} else if (!(p = union_ring(rd ? g : q, nf, &np))) {
		*err = a2_asprintf("%s: cannot join the subswath corners", fl[0].path);
		goto out;
	}
	{
		char *w = a2_asprintf("%s: %s corners", fl[0].path, rd ? "range-Doppler" :
		    "signal record prefix");
		f = footprint_ring_feature((const double (*)[2])p, np, 1, id,
		    rd ? "range-doppler" : "ceos-img", w, err);
		free(w);
	}
	if (!f)
		goto out;
	props = json_object_get(f, "properties");
	for (int i = 0; i < nf; i++)
		footprint_add_source(f, fl[i].path);
	if (ledpath && rd_ok)
		footprint_add_source(f, ledpath);
	if (rd_ok) {
		json_object_set_new(props, "geolocation", json_pack("{s:s, s:f, s:i}",
		    "method", rd ? "ceos-img" : "range-doppler",
		    "agreement_m", round(worst * 1000) / 1000, "points", ngeo));
		if (worst > o->max_disagree_m)
			a2_warn("%s: prefix corners and range-Doppler geolocation disagree by %.1f m "
			    "(more than %.0f m)", id, worst, o->max_disagree_m);
	} else {
		json_object_set_new(props, "geolocation", json_pack("{s:s, s:n, s:s}",
		    "method", "range-doppler", "agreement_m", "error", what));
		a2_warn("%s: no range-Doppler check: %s", id, what);
	}
out:
	for (int i = 0; i < nf && i < MAX_SCANS; i++)
		free(fl[i].path);
	free(vec);
	free(ledpath);
	free(what);
	free(p);
	return f;
}
