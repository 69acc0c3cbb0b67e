/*
 * synth.c: a2synth's options and modes, summary.txt, KML, the truth file
 * and packaging, on the scene model of synth_model.c (not physics, but
 * every number a reader can cross-check (corners, times, state vectors,
 * map grid) agrees with every other one) and the writers of synth_ceos.c
 * and synth_tiff.c.
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

#include "core/a2.h"
#include "sar/level.h"
#include "synth/synth.h"
#include "synth/synth_model.h"
#include "synth/synth_write.h"



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
		if (l->unsupported || l->name_rule == LEVEL_NAME_GUNW || level_find(l->level, NULL) != l)
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
	if (lv->name_rule == LEVEL_NAME_GUNW)
		return lv->synth_refusal;
	if (o->ceos < 0)
		o->ceos = strcmp(lv->format, "CEOS") == 0;
	if (m->nscans && !o->ceos && strcmp(o->level, "1.1") == 0)
		return "ScanSAR level 1.1 exists only in CEOS format";
	if (lv->name_rule == LEVEL_NAME_NRB && (!m->nscans || o->ceos))
		return "level 2.2 NRB exists only for ScanSAR modes (WBS WBD WWS WWD VBS VBD), "
		    "as GeoTIFF";
	if (lv->name_rule == LEVEL_NAME_NRB && o->mask)
		return "level 2.2 NRB takes no --mask (its mask file has its own codes)";
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
			c[k].lon = synth_round3(s->l11c[k][0] / 1e6);
			c[k].lat = synth_round3(s->l11c[k][1] / 1e6);
		}
		cc.lat = synth_round3(s->lat);
		cc.lon = synth_round3(s->lon);
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
	if (s->truth_extra)
		a2_json_set(j, "nrb", json_incref(s->truth_extra));
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
	if (level_find(s->o->level, NULL)->name_rule == LEVEL_NAME_NRB) {
		synth_write_nrb(s);
		return;
	}
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
		synth_scene_setup(s, o, k);
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
		json_decref(s->truth_extra);
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
	synth_model_free();
}
