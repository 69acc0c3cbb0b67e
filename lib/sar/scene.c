/*
 * scene.c: classifies one scene directory.  File names give the identity;
 * summary.txt, the volume directory, the leader and the image descriptors
 * must agree with it, because a product whose parts disagree would be
 * published under the wrong name or date.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_frmts.h>

#include "core/a2.h"
#include "core/a2_gdal.h"
#include "sar/ceos.h"
#include "sar/level.h"
#include "sar/name.h"
#include "sar/gunw.h"
#include "sar/nrb.h"
#include "sar/scene.h"
#include "sar/summary.h"

static const char *pol_names[4] = { "HH", "HV", "VH", "VV" };

struct img {
	char *name;
	int subswath;
};

/* A directory being classified: its files by role, and what they gave. */
struct classify {
	const char *dir;
	char **err;
	struct name_id id;
	char *first; /* file that gave the ID */
	int format;  /* 0 none, 'C' CEOS, 'G' GeoTIFF */
	const struct level *lv; /* its row of the level table */
	struct img img[4][8];
	int nimg[4];
	char *lut[4], *brs[4];
	char *vol, *led, *trl, *kml, *summary;
	char *lin, *msk, *xml; /* level 2.2 NRB */
	unsigned subswaths; /* bit n: -Fn seen */
};

static int
fail(struct classify *s, const char *fmt, ...) A2_PRINTF(2, 3);

static int
fail(struct classify *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*s->err = a2_vasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

static char *
path_of(struct classify *s, const char *name)
{
	return a2_path_join(s->dir, name);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmpimg(const void *a, const void *b)
{
	const struct img *x = a, *y = b;
	return x->subswath - y->subswath;
}

/* Sorts the directory's files into roles. */
static int
sort_files(struct classify *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int ret = -1;

	if (!d)
		return fail(s, "%s: %s", s->dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = a2_realloc(names, (n + 1) * sizeof *names);
		names[n++] = a2_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmpstr);
	for (i = 0; i < n; i++) {
		struct name_file f;
		struct stat st;
		char *p = path_of(s, names[i]), *m;
		int r;

		r = stat(p, &st);
		free(p);
		if (r != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((r = name_parse_file(names[i], &f, &m)) < 0) {
			fail(s, "%s/%s", s->dir, m);
			free(m);
			goto out;
		}
		if (r == 0 || f.kind == NAME_ORDERZIP)
			continue;
		if (f.kind == NAME_SUMMARY) {
			s->summary = names[i];
			names[i] = NULL;
			continue;
		}
		if (!s->first) {
			s->id = f.n;
			s->first = a2_strdup(names[i]);
		} else if (strcmp(s->id.id, f.n.id) != 0) {
			fail(s, "%s: two scenes in one directory: %s (%s) and %s (%s)", s->dir,
			    s->id.id, s->first, f.n.id, names[i]);
			goto out;
		}
		switch (f.kind) {
		case NAME_IMG:
		case NAME_TIF: {
			int pi = name_pol_index(f.pol), fmt = f.kind == NAME_IMG ? 'C' : 'G';
			if (s->format && s->format != fmt) {
				fail(s, "%s: both CEOS and GeoTIFF image files (%s)", s->dir, names[i]);
				goto out;
			}
			s->format = fmt;
			if (s->nimg[pi] == 8) {
				fail(s, "%s: too many %s image files", s->dir, f.pol);
				goto out;
			}
			if (fmt == 'C' && name_is_scansar(s->id.mode) &&
			    strcmp(s->id.level, "1.1") == 0 && !f.subswath) {
				fail(s, "%s/%s: ScanSAR level 1.1 image without a subswath suffix -F<n>",
				    s->dir, names[i]);
				goto out;
			}
			s->img[pi][s->nimg[pi]].name = names[i];
			s->img[pi][s->nimg[pi]++].subswath = f.subswath;
			if (f.subswath)
				s->subswaths |= 1u << f.subswath;
			names[i] = NULL;
			break;
		}
		case NAME_LUT:
			free(s->lut[name_pol_index(f.pol)]);
			s->lut[name_pol_index(f.pol)] = names[i];
			names[i] = NULL;
			break;
		case NAME_BRS:
			free(s->brs[name_pol_index(f.pol)]);
			s->brs[name_pol_index(f.pol)] = names[i];
			names[i] = NULL;
			break;
		case NAME_VOL: s->vol = names[i]; names[i] = NULL; break;
		case NAME_LED: s->led = names[i]; names[i] = NULL; break;
		case NAME_TRL: s->trl = names[i]; names[i] = NULL; break;
		case NAME_KML: s->kml = names[i]; names[i] = NULL; break;
		case NAME_LIN: s->lin = names[i]; names[i] = NULL; break;
		case NAME_MSK: s->msk = names[i]; names[i] = NULL; break;
		case NAME_SUMMARY_XML: s->xml = names[i]; names[i] = NULL; break;
		default: break;
		}
	}
	if (!s->format && s->first && level_find(s->id.level, NULL)->name_rule == LEVEL_NAME_NRB) {
		fail(s, "%s: no %s_%s_XX_SLP.tif backscatter image", s->dir, s->id.scene_id,
		    s->id.product_id);
		goto out;
	}
	if (!s->format) {
		fail(s, "%s: no ALOS-2 IMG file", s->dir);
		goto out;
	}
	for (i = 0; i < 4; i++)
		qsort(s->img[i], (size_t)s->nimg[i], sizeof s->img[i][0], cmpimg);
	s->lv = level_find(s->id.level, s->format == 'C' ? "CEOS" : "GeoTIFF");
	if (s->lv->unsupported) {
		fail(s, "%s: %s products are not supported (%s)", s->dir, s->lv->unsupported, s->id.id);
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

static void
classify_free(struct classify *s)
{
	int i, j;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < s->nimg[i]; j++)
			free(s->img[i][j].name);
		free(s->lut[i]);
		free(s->brs[i]);
	}
	free(s->vol);
	free(s->led);
	free(s->trl);
	free(s->kml);
	free(s->summary);
	free(s->lin);
	free(s->msk);
	free(s->xml);
	free(s->first);
}

/* ---- times ---- */

/* ISO "YYYY-MM-DDThh:mm:ss.tttZ" <-> ms since the epoch. */
static int
iso_ms(const char *iso, long long *ms)
{
	struct tm tm = { 0 };
	int msec;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &msec) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*ms = (long long)timegm(&tm) * 1000 + msec;
	return 0;
}

static char *
ms_iso(long long ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	return a2_asprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

static char *
mid_iso(const char *a, const char *b)
{
	long long x, y;

	if (iso_ms(a, &x) != 0 || iso_ms(b, &y) != 0)
		return NULL;
	return ms_iso(x + (y - x) / 2);
}

struct times {
	char *start, *center, *end;
	const char *source;
};

static void
times_free(struct times *t)
{
	free(t->start);
	free(t->center);
	free(t->end);
}

/* Reads Img_Scene{Start,Center,End}DateTime; a value present but invalid
 * is an error. */
static int
summary_times(struct classify *s, const struct summary *sm, struct times *t)
{
	static const char *keys[3] = { "Img_SceneStartDateTime", "Img_SceneCenterDateTime",
		"Img_SceneEndDateTime" };
	char iso[3][32];
	int have[3], i;

	for (i = 0; i < 3; i++) {
		const char *v = summary_get_nonempty(sm, keys[i]);
		have[i] = v != NULL;
		if (v && summary_time_iso(v, iso[i]) != 0)
			return fail(s, "%s/%s: %s: not a valid \"YYYYMMDD hh:mm:ss.ttt\" time: \"%s\"",
			    s->dir, s->summary, keys[i], v);
	}
	if (!have[0] || !have[2])
		return 0;
	if (strcmp(iso[0], iso[2]) > 0)
		return fail(s, "%s/%s: Img_SceneStartDateTime %s is after Img_SceneEndDateTime %s",
		    s->dir, s->summary, iso[0], iso[2]);
	t->start = a2_strdup(iso[0]);
	t->end = a2_strdup(iso[2]);
	t->center = have[1] ? a2_strdup(iso[1]) : mid_iso(iso[0], iso[2]);
	t->source = "summary";
	return 0;
}

/* ---- checks against the other parts ---- */

static int
check_summary(struct classify *s, const struct summary *sm)
{
	static const struct { const char *key, *what; } ids[] = {
		{ "Scs_SceneID", "scene ID" }, { "Pds_ProductID", "product ID" },
		{ "Lbi_ProcessLevel", "level" }, { "Pdi_ProductFormat", "format" },
	};
	const char *want[4];
	size_t i;

	want[0] = s->id.scene_id;
	want[1] = s->id.product_id;
	want[2] = s->id.level;
	want[3] = s->format == 'C' ? "CEOS" : "GeoTIFF";
	for (i = 0; i < 4; i++) {
		const char *v = summary_get_nonempty(sm, ids[i].key);
		if (v && strcmp(v, want[i]) != 0)
			return fail(s, "%s/%s: %s \"%s\" contradicts the %s %s of the file names",
			    s->dir, s->summary, ids[i].key, v, ids[i].what, want[i]);
	}
	return 0;
}

static int
check_vol(struct classify *s)
{
	struct ceos_vol v;
	char *p = path_of(s, s->vol), *m;
	int ret = -1;

	if (ceos_read_vol(p, &v, &m) != 0) {
		fail(s, "%s", m);
		free(m);
		free(p);
		return -1;
	}
	if (*v.product && strcmp(v.product, s->id.product_id) != 0)
		fail(s, "%s: text record PRODUCT: \"%s\" contradicts the product ID %s of the file names",
		    p, v.product, s->id.product_id);
	else if (*v.scene && strcmp(v.scene, s->id.scene_id) != 0)
		fail(s, "%s: text record ORBIT: \"%s\" contradicts the scene ID %s of the file names",
		    p, v.scene, s->id.scene_id);
	else
		ret = 0;
	ceos_vol_free(&v);
	free(p);
	return ret;
}

static int
check_leader(struct classify *s, const struct ceos_leader *l, const char *p)
{
	const char *want_dir = s->id.orbit_dir == 'A' ? "ASCEND" : "DESCEND";

	if (strcmp(l->scene_id, s->id.scene_id) != 0)
		return fail(s, "%s: DSSR scene ID \"%s\" contradicts the scene ID %s of the file names",
		    p, l->scene_id, s->id.scene_id);
	if (l->orbit != s->id.orbit)
		return fail(s, "%s: DSSR orbit number %lld contradicts orbit %ld of the file names",
		    p, l->orbit, s->id.orbit);
	/* clock angle +90 is right-looking, -90 left */
	if (!isnan(l->clock_angle) && l->clock_angle != 0 &&
	    (l->clock_angle > 0) != (s->id.look == 'R'))
		return fail(s, "%s: DSSR clock angle %g contradicts look side %c of the file names",
		    p, l->clock_angle, s->id.look);
	if (*l->time_dir_line && strcmp(l->time_dir_line, want_dir) != 0)
		return fail(s, "%s: DSSR time direction, line \"%s\" contradicts orbit direction %c "
		    "of the file names", p, l->time_dir_line, s->id.orbit_dir);
	if (*l->level && strcmp(l->level, s->id.level) != 0)
		return fail(s, "%s: DSSR product level code \"%s\" contradicts level %s of the file names",
		    p, l->level, s->id.level);
	return 0;
}

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *
dssr_json(const struct ceos_leader *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "scene_id", json_string(l->scene_id));
	json_object_set_new(o, "center_time", json_string(l->center_time));
	json_object_set_new(o, "center_lat", jnum(l->center_lat));
	json_object_set_new(o, "center_lon", jnum(l->center_lon));
	json_object_set_new(o, "orbit", json_integer(l->orbit));
	json_object_set_new(o, "clock_angle", jnum(l->clock_angle));
	json_object_set_new(o, "incidence", jnum(l->incidence));
	json_object_set_new(o, "wavelength", jnum(l->wavelength));
	json_object_set_new(o, "prf_hz", jnum(l->prf_hz));
	json_object_set_new(o, "range_sampling_rate_mhz", jnum(l->range_rate_mhz));
	json_object_set_new(o, "level", json_string(l->level));
	json_object_set_new(o, "product_type", json_string(l->product_type));
	json_object_set_new(o, "time_direction_line", json_string(l->time_dir_line));
	json_object_set_new(o, "line_spacing", jnum(l->line_spacing));
	json_object_set_new(o, "pixel_spacing", jnum(l->pixel_spacing));
	json_object_set_new(o, "off_nadir", jnum(l->off_nadir));
	json_object_set_new(o, "beam", l->beam >= 0 ? json_integer(l->beam) : json_null());
	json_object_set_new(o, "calibration_factor", jnum(l->cf));
	json_object_set_new(o, "sensor_mode", json_string(l->sensor_mode));
	return o;
}

/* The map projection record's values that a2footprint and a2md use; null
 * when the leader has no such record. */
static json_t *
mapproj_json(const struct ceos_leader *l)
{
	json_t *c = json_array();

	if (!l->has_mapproj) {
		json_decref(c);
		return json_null();
	}
	for (int i = 0; i < 4; i++)
		json_array_append_new(c, json_pack("[oo]", jnum(l->corner_lon[i]), jnum(l->corner_lat[i])));
	return json_pack("{s:i, s:o, s:o}", "utm_zone", l->utm_zone,
	    "false_northing", jnum(l->false_northing), "corners", c);
}

/* The platform position record's state vectors (the orbit of a2footprint's
 * range-Doppler geolocation), or why there are none. */
static json_t *
orbit_json(const struct ceos_leader *l)
{
	json_t *pts;

	if (!l->sv)
		return json_pack("{s:s}", "error", l->sv_err ? l->sv_err : "no state vectors");
	pts = json_array();
	for (int i = 0; i < l->sv_n; i++)
		json_array_append_new(pts, json_pack("[ffffff]", l->sv[i][0], l->sv[i][1],
		    l->sv[i][2], l->sv[i][3], l->sv[i][4], l->sv[i][5]));
	return json_pack("{s:i, s:i, s:f, s:f, s:o}", "year", l->sv_year, "day_of_year", l->sv_doy,
	    "seconds_of_day", l->sv_sod, "interval", l->sv_dt, "points", pts);
}

static json_t *
image_json(const struct ceos_image *im)
{
	json_t *o = json_object();

	json_object_set_new(o, "lines", json_integer(im->lines));
	json_object_set_new(o, "pixels", json_integer(im->pixels));
	json_object_set_new(o, "prefix_bytes", json_integer(im->prefix_bytes));
	json_object_set_new(o, "record_length", json_integer(im->reclen));
	json_object_set_new(o, "format_code", json_string(im->format_code));
	json_object_set_new(o, "records", json_integer(im->nrecords));
	json_object_set_new(o, "scansar", json_boolean(im->scansar));
	return o;
}

/*
 * What a2footprint needs of an IMG file's first and last signal record
 * prefixes (L1.1), so that it need not read the file again: null when the
 * file has none.  Latitudes and longitudes stay the integers the prefix
 * holds (millionths of a degree), so that the degrees a reader computes
 * are those ceos.c computed, to the last bit.
 */
static json_t *
prefixes_json(const struct ceos_image *im)
{
	json_t *lines = json_array();

	if (!im->has_geo) {
		json_decref(lines);
		return json_null();
	}
	for (int g = 0; g < 2; g++) {
		json_t *lat = json_array(), *lon = json_array();

		for (int i = 0; i < 3; i++) {
			json_array_append_new(lat, json_integer(llround(im->lat[g][i] * 1e6)));
			json_array_append_new(lon, json_integer(llround(im->lon[g][i] * 1e6)));
		}
		json_array_append_new(lines, json_pack("{s:i, s:i, s:I, s:I, s:o, s:o}",
		    "year", im->year[g], "day_of_year", im->doy[g], "usec_of_day", (json_int_t)im->usec[g],
		    "slant_range", (json_int_t)im->slant_range[g], "lat_microdeg", lat,
		    "lon_microdeg", lon));
	}
	return json_pack("{s:I, s:I, s:o}", "pixels", (json_int_t)im->pixels,
	    "records", (json_int_t)im->nrecords, "lines", lines);
}

/* Reads every CEOS image descriptor (and L1.1 prefixes), checks them
 * against the names, and keeps the first descriptor, the prefixes and the
 * time span. */
static int
read_images(struct classify *s, json_t **jimg, json_t *prefixes, struct times *t)
{
	int i, j, first = 1;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < s->nimg[i]; j++) {
			struct ceos_image im;
			char *p = path_of(s, s->img[i][j].name), *m;
			int r = 0;

			if (ceos_read_image(p, &im, &m) != 0) {
				fail(s, "%s", m);
				free(m);
				free(p);
				return -1;
			}
			if (im.has_geo) {
				/* prefix polarisation codes: 0 H, 1 V */
				char pol[3] = { im.tx_pol == 0 ? 'H' : im.tx_pol == 1 ? 'V' : '?',
					im.rx_pol == 0 ? 'H' : im.rx_pol == 1 ? 'V' : '?', 0 };
				if (strcmp(pol, pol_names[i]) != 0)
					r = fail(s, "%s: record 2: field transmit/receive polarisation: "
					    "%d/%d (%s) contradicts %s of the file name", p, im.tx_pol,
					    im.rx_pol, pol, pol_names[i]);
				else if (s->img[i][j].subswath && im.scan_id != s->img[i][j].subswath)
					r = fail(s, "%s: record 2: field scan ID: %d contradicts subswath "
					    "-F%d of the file name", p, im.scan_id, s->img[i][j].subswath);
				if (r == 0 && (!t->start || strcmp(im.start_time, t->start) < 0)) {
					free(t->start);
					t->start = a2_strdup(im.start_time);
				}
				if (r == 0 && (!t->end || strcmp(im.end_time, t->end) > 0)) {
					free(t->end);
					t->end = a2_strdup(im.end_time);
				}
			}
			if (r == 0 && first) {
				*jimg = image_json(&im);
				first = 0;
			}
			if (r == 0)
				json_object_set_new(prefixes, s->img[i][j].name, prefixes_json(&im));
			ceos_image_free(&im);
			free(p);
			if (r != 0)
				return -1;
		}
	}
	if (t->start && t->end) {
		t->center = mid_iso(t->start, t->end);
		t->source = "ceos-img";
	}
	return 0;
}

/*
 * Opens every GeoTIFF image with GDAL's GTiff driver (which reads the
 * header and the first directory), so that one GDAL cannot open (0 bytes,
 * cut short, unreadable) is refused here, with GDAL's reason, and not by
 * the first tool that reads its pixels.
 */
static int
check_tiffs(struct classify *s)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	int i, j, r = 0;

	GDALRegister_GTiff();
	for (i = 0; i < 4 && r == 0; i++)
		for (j = 0; j < s->nimg[i] && r == 0; j++) {
			char *p = path_of(s, s->img[i][j].name), *why = NULL;
			GDALDatasetH ds = a2_gdal_open(p, gtiff, "GDAL cannot open it as a GeoTIFF", &why);

			if (ds)
				GDALClose(ds);
			else
				r = fail(s, "%s: %s", p, why);
			free(why);
			free(p);
		}
	return r;
}

/* A level 2.2 NRB directory: what nrb.c reads of it, and its times. */
static json_t *
classify_nrb(struct classify *s, struct times *t)
{
	struct nrb_files f = { .dir = s->dir, .lin = s->lin, .msk = s->msk, .xml = s->xml,
		.kml = s->kml };
	json_t *o;

	for (int i = 0; i < 4; i++) {
		if (s->nimg[i] > 1)
			return fail(s, "%s: two %s backscatter images", s->dir, pol_names[i]), NULL;
		f.slp[i] = s->nimg[i] ? s->img[i][0].name : NULL;
	}
	if (!(o = nrb_read(&f, &s->id, s->err)))
		return NULL;
	t->start = a2_strdup(a2_json_str(o, "start_time"));
	t->end = a2_strdup(a2_json_str(o, "end_time"));
	t->center = mid_iso(t->start, t->end);
	t->source = "summary.xml";
	/* the scene's own start_time and end_time say them */
	json_object_del(o, "start_time");
	json_object_del(o, "end_time");
	return o;
}

static json_t *
files_json(struct classify *s)
{
	json_t *f = json_object(), *img = json_object(), *lut = json_object(), *brs = json_array();
	int i, j;

	if (s->vol)
		json_object_set_new(f, "vol", json_string(s->vol));
	if (s->led)
		json_object_set_new(f, "led", json_string(s->led));
	if (s->trl)
		json_object_set_new(f, "trl", json_string(s->trl));
	for (i = 0; i < 4; i++) {
		json_t *a;
		if (!s->nimg[i])
			continue;
		a = json_array();
		for (j = 0; j < s->nimg[i]; j++)
			json_array_append_new(a, json_string(s->img[i][j].name));
		json_object_set_new(img, pol_names[i], a);
	}
	json_object_set_new(f, "img", img);
	for (i = 0; i < 4; i++) {
		if (s->lut[i])
			json_object_set_new(lut, pol_names[i], json_string(s->lut[i]));
		if (s->brs[i])
			json_array_append_new(brs, json_string(s->brs[i]));
	}
	if (json_object_size(lut))
		json_object_set_new(f, "lut", lut);
	else
		json_decref(lut);
	if (json_array_size(brs))
		json_object_set_new(f, "brs", brs);
	else
		json_decref(brs);
	if (s->kml)
		json_object_set_new(f, "kml", json_string(s->kml));
	if (s->lin)
		json_object_set_new(f, "lin", json_string(s->lin));
	if (s->msk)
		json_object_set_new(f, "msk", json_string(s->msk));
	if (s->xml)
		json_object_set_new(f, "summary_xml", json_string(s->xml));
	if (s->summary)
		json_object_set_new(f, "summary", json_string(s->summary));
	return f;
}

static json_t *
jstr_or_null(const char *v)
{
	return v ? json_string(v) : json_null();
}

static json_t *
build(struct classify *s, const char *absdir, struct summary *sm, json_t *ceos, json_t *prefixes,
    json_t *nrb, struct times *t)
{
	json_t *o = json_object(), *pols = json_array(), *subs = json_array();
	const char *lvl = s->id.level;
	char buf[2] = { 0, 0 };
	int i;

	json_object_set_new(o, "id", json_string(s->id.id));
	json_object_set_new(o, "scene_id", json_string(s->id.scene_id));
	json_object_set_new(o, "product_id", json_string(s->id.product_id));
	json_object_set_new(o, "satellite", json_string("ALOS2"));
	json_object_set_new(o, "orbit", json_integer(s->id.orbit));
	json_object_set_new(o, "frame", json_integer(s->id.frame));
	json_object_set_new(o, "path", json_integer(name_path(s->id.orbit)));
	json_object_set_new(o, "date", json_string(s->id.date));
	json_object_set_new(o, "mode", json_string(s->id.mode));
	json_object_set_new(o, "mode_class", json_string(name_mode_class(s->id.mode)));
	json_object_set_new(o, "beam", json_string(name_mode_beam(s->id.mode)));
	buf[0] = s->id.look;
	json_object_set_new(o, "look_side", json_string(buf));
	json_object_set_new(o, "look_direction", json_string(s->id.look == 'R' ? "right" : "left"));
	json_object_set_new(o, "level", json_string(lvl));
	buf[0] = s->id.proc_opt;
	json_object_set_new(o, "processing_option", json_string(buf));
	buf[0] = s->id.map_proj;
	json_object_set_new(o, "map_projection", json_string(buf));
	buf[0] = s->id.orbit_dir;
	json_object_set_new(o, "orbit_direction", json_string(buf));
	json_object_set_new(o, "direction",
	    json_string(s->id.orbit_dir == 'A' ? "ascending" : "descending"));
	json_object_set_new(o, "format", json_string(s->format == 'C' ? "CEOS" : "GeoTIFF"));
	for (i = 0; i < 4; i++)
		if (s->nimg[i])
			json_array_append_new(pols, json_string(pol_names[i]));
	json_object_set_new(o, "polarisations", pols);
	for (i = 1; i <= 7; i++)
		if (s->subswaths & (1u << i))
			json_array_append_new(subs, json_integer(i));
	json_object_set_new(o, "subswaths", subs);
	json_object_set_new(o, "dir", json_string(absdir));
	json_object_set_new(o, "archive", json_null());
	json_object_set_new(o, "files", files_json(s));
	json_object_set_new(o, "type", json_string(s->lv->type));
	json_object_set_new(o, "dataset", json_string(s->lv->dataset));
	json_object_set_new(o, "version", json_string(s->lv->version));
	json_object_set_new(o, "start_time", jstr_or_null(t->start));
	json_object_set_new(o, "center_time", jstr_or_null(t->center));
	json_object_set_new(o, "end_time", jstr_or_null(t->end));
	json_object_set_new(o, "time_source", jstr_or_null(t->source));
	json_object_set_new(o, "summary", summary_to_json(sm));
	if (ceos)
		json_object_set_new(o, "ceos", ceos);
	if (prefixes)
		json_object_set_new(o, "img_prefixes", prefixes);
	if (nrb)
		json_object_set_new(o, "nrb", nrb);
	return o;
}

json_t *
scene_classify(const char *dir, char **err)
{
	struct classify s;
	struct summary *sm = NULL;
	struct ceos_leader l;
	struct times t = { 0 }, ti = { 0 };
	json_t *ceos = NULL, *jimg = NULL, *prefixes = NULL, *nrb = NULL, *o = NULL;
	char absdir[PATH_MAX], *p = NULL, *m;
	int have_led = 0;

	if (gunw_is_product(dir))
		return gunw_classify(dir, err);
	memset(&s, 0, sizeof s);
	s.dir = dir;
	s.err = err;
	if (!realpath(dir, absdir)) {
		fail(&s, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	if (sort_files(&s) != 0)
		goto out;
	if (s.lv->name_rule == LEVEL_NAME_NRB) {
		if (!(nrb = classify_nrb(&s, &t)))
			goto out;
	} else if (s.summary) {
		p = path_of(&s, s.summary);
		sm = summary_read(p, &m);
		free(p);
		p = NULL;
		if (!sm) {
			fail(&s, "%s", m);
			free(m);
			goto out;
		}
		if (check_summary(&s, sm) != 0 || summary_times(&s, sm, &t) != 0)
			goto out;
	}
	if (s.vol && check_vol(&s) != 0)
		goto out;
	if (s.trl) {
		p = path_of(&s, s.trl);
		if (ceos_check_file(p, CEOS_FILE_TRL, &m) != 0) {
			fail(&s, "%s", m);
			free(m);
			goto out;
		}
		free(p);
		p = NULL;
	}
	if (s.led) {
		p = path_of(&s, s.led);
		if (ceos_read_leader(p, &l, &m) != 0) {
			fail(&s, "%s", m);
			free(m);
			goto out;
		}
		have_led = 1;
		if (check_leader(&s, &l, p) != 0)
			goto out;
		free(p);
		p = NULL;
	}
	if (s.format == 'C' && read_images(&s, &jimg, prefixes = json_object(), &ti) != 0)
		goto out;
	if (s.format == 'G' && !nrb && check_tiffs(&s) != 0)
		goto out;
	if (!t.source && ti.source) {
		times_free(&t);
		t = ti;
		memset(&ti, 0, sizeof ti);
	}
	if (!t.source && have_led) {
		/* nominal half scene length, alos2-formats.md §1.4 and §5 */
		long long c, half = name_is_scansar(s.id.mode) ? 26000 : 5000;
		if (iso_ms(l.center_time, &c) == 0) {
			times_free(&t);
			t.start = ms_iso(c - half);
			t.center = a2_strdup(l.center_time);
			t.end = ms_iso(c + half);
			t.source = "ceos-dssr";
		}
	}
	if (have_led) {
		ceos = json_object();
		json_object_set_new(ceos, "dssr", dssr_json(&l));
		if (jimg) {
			json_object_set_new(ceos, "image", jimg);
			jimg = NULL;
		}
		json_object_set_new(ceos, "mapproj", mapproj_json(&l));
		json_object_set_new(ceos, "state_vectors", orbit_json(&l));
	}
	o = build(&s, absdir, sm, ceos, prefixes, nrb, &t);
	ceos = prefixes = nrb = NULL;
out:
	free(p);
	if (have_led)
		ceos_leader_free(&l);
	json_decref(ceos);
	json_decref(prefixes);
	json_decref(nrb);
	json_decref(jimg);
	times_free(&t);
	times_free(&ti);
	summary_free(sm);
	classify_free(&s);
	return o;
}

json_t *
scene_get_kept(json_t *scene, const char *parent, const char *key, char **err)
{
	json_t *v = json_object_get(parent ? json_object_get(scene, parent) : scene, key);
	const char *id = a2_json_str(scene, "id");

	if (!v)
		*err = a2_asprintf("%s: scene record without %s%s%s: it comes from an older "
		    "a2classify; run a2classify again", id ? id : "scene", parent ? parent : "",
		    parent ? "." : "", key);
	return v;
}

void
scene_refuse_later(json_t *scene, unsigned step)
{
	const struct level *lv = level_find(a2_json_str(scene, "level"), a2_json_str(scene, "format"));
	const char *id = a2_json_str(scene, "id");
	const char *what = step == LEVEL_STEP_FOOTPRINT ? "footprint" :
	    step == LEVEL_STEP_METADATA ? "metadata" : "tiles";

	if (lv && lv->later && (lv->later_steps & step))
		a2_die_code(A2_EXIT_USAGE, "%s: %s of a %s product: not yet supported",
		    id ? id : "scene", what, lv->later);
}

double
scene_num(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* s of at most size - 1 characters, or *err naming key */
static int
id_str(json_t *scene, const char *key, char *dst, size_t size, char **err)
{
	json_t *v = json_object_get(scene, key);

	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) >= size) {
		*err = a2_asprintf("scene: %s: %s", key, v ? "wrong type or empty" : "missing");
		return -1;
	}
	memcpy(dst, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

int
scene_name_id(json_t *scene, struct name_id *n, char **err)
{
	char look[2], opt[2], proj[2], dir[2];
	json_t *orbit = json_object_get(scene, "orbit"), *frame = json_object_get(scene, "frame");

	memset(n, 0, sizeof *n);
	if (id_str(scene, "id", n->id, sizeof n->id, err) || id_str(scene, "scene_id", n->scene_id,
	    sizeof n->scene_id, err) || id_str(scene, "product_id", n->product_id,
	    sizeof n->product_id, err) || id_str(scene, "date", n->date, sizeof n->date, err) ||
	    id_str(scene, "mode", n->mode, sizeof n->mode, err) ||
	    id_str(scene, "look_side", look, sizeof look, err) ||
	    id_str(scene, "level", n->level, sizeof n->level, err) ||
	    id_str(scene, "processing_option", opt, sizeof opt, err) ||
	    id_str(scene, "map_projection", proj, sizeof proj, err) ||
	    id_str(scene, "orbit_direction", dir, sizeof dir, err))
		return -1;
	if (!json_is_integer(orbit) || !json_is_integer(frame)) {
		json_t *bad = json_is_integer(orbit) ? frame : orbit;
		*err = a2_asprintf("scene: %s: %s", bad == orbit ? "orbit" : "frame",
		    bad ? "not an integer" : "missing");
		return -1;
	}
	if (sscanf(n->date, "%4d-%2d-%2d", &n->year, &n->month, &n->day) != 3) {
		*err = a2_asprintf("scene: date: not YYYY-MM-DD: \"%s\"", n->date);
		return -1;
	}
	n->orbit = (long)json_integer_value(orbit);
	n->frame = (int)json_integer_value(frame);
	n->look = look[0];
	n->proc_opt = opt[0];
	n->map_proj = proj[0];
	n->orbit_dir = dir[0];
	return 0;
}
