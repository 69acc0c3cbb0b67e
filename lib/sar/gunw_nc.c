/*
 * gunw_nc.c: what a GUNW netCDF file is (gunw.h): its name parsed
 * (gunw.c), then the file opened with GDAL's multidimensional API and
 * its own attributes checked against the name (hyp3-gunw.md §4.2, §4.3),
 * into the scene object of doc/records.md.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/md5.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_frmts.h>
#include <ogr_api.h>

#include "core/a2.h"
#include "core/a2_gdal.h"
#include "sar/gunw.h"
#include "sar/level.h"

struct nc {
	const char *file; /* for messages: the path as given */
	GDALDatasetH ds;
	GDALGroupH root;
	char **err;
};

static int ncfail(struct nc *c, const char *fmt, ...) A2_PRINTF(2, 3);

static int
ncfail(struct nc *c, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		a2_die("out of memory");
	va_end(ap);
	*c->err = a2_asprintf("%s: %s", c->file, m);
	free(m);
	return -1;
}

/* The attribute NAME of group GROUP ("/" or "/science/grids") */
static GDALAttributeH
attr(struct nc *c, const char *group, const char *name)
{
	GDALGroupH g = strcmp(group, "/") == 0 ? c->root :
	    GDALGroupOpenGroupFromFullname(c->root, group, NULL);
	GDALAttributeH a = g ? GDALGroupGetAttribute(g, name) : NULL;

	if (g && g != c->root)
		GDALGroupRelease(g);
	return a;
}

static const char *
where(const char *group)
{
	return strcmp(group, "/") == 0 ? "" : group;
}

/* A string attribute (new string), or NULL after ncfail */
static char *
attr_str(struct nc *c, const char *group, const char *name)
{
	GDALAttributeH a = attr(c, group, name);
	GDALExtendedDataTypeH t;
	const char *v;
	char *r = NULL;

	if (!a) {
		ncfail(c, "attribute %s%s%s is missing", where(group), *where(group) ? "/" : "", name);
		return NULL;
	}
	t = GDALAttributeGetDataType(a);
	if (GDALExtendedDataTypeGetClass(t) != GEDTC_STRING || !(v = GDALAttributeReadAsString(a)))
		ncfail(c, "attribute %s%s%s is not a string", where(group), *where(group) ? "/" : "",
		    name);
	else
		r = a2_strdup(v);
	GDALExtendedDataTypeRelease(t);
	GDALAttributeRelease(a);
	return r;
}

/* A numeric attribute: 0, or -1 after ncfail */
static int
attr_num(struct nc *c, const char *group, const char *name, double *v)
{
	GDALAttributeH a = attr(c, group, name);
	GDALExtendedDataTypeH t;
	int r = 0;

	if (!a)
		return ncfail(c, "attribute %s%s%s is missing", where(group), *where(group) ? "/" : "",
		    name);
	t = GDALAttributeGetDataType(a);
	if (GDALExtendedDataTypeGetClass(t) != GEDTC_NUMERIC)
		r = ncfail(c, "attribute %s%s%s is not a number", where(group), *where(group) ? "/" : "",
		    name);
	else
		*v = GDALAttributeReadAsDouble(a);
	GDALExtendedDataTypeRelease(t);
	GDALAttributeRelease(a);
	return r;
}

/* The first value of a string variable (new string), or NULL after ncfail */
static char *
var_str(struct nc *c, const char *full)
{
	GDALMDArrayH a = GDALGroupOpenMDArrayFromFullname(c->root, full, NULL);
	GDALExtendedDataTypeH t, s;
	GUInt64 start[2] = { 0, 0 };
	size_t count[2] = { 1, 1 }, nd;
	char *v = NULL, *r = NULL;

	if (!a) {
		ncfail(c, "variable %s is missing", full);
		return NULL;
	}
	t = GDALMDArrayGetDataType(a);
	nd = GDALMDArrayGetDimensionCount(a);
	s = GDALExtendedDataTypeCreateString(0);
	if (GDALExtendedDataTypeGetClass(t) != GEDTC_STRING || nd > 2)
		ncfail(c, "variable %s is not a string", full);
	else if (!GDALMDArrayRead(a, start, count, NULL, NULL, s, &v, NULL, 0) || !v)
		ncfail(c, "variable %s cannot be read: %s", full, CPLGetLastErrorMsg());
	else
		r = a2_strdup(v);
	CPLFree(v);
	GDALExtendedDataTypeRelease(s);
	GDALExtendedDataTypeRelease(t);
	GDALMDArrayRelease(a);
	return r;
}

/* Scene names out of a list as written (spaces, commas, brackets, quotes);
 * each a 67-character Sentinel-1 SLC name: 0 or -1 after ncfail */
static int
scene_list(struct nc *c, const char *what, const char *s, json_t **out)
{
	json_t *arr = json_array();

	while (*s) {
		size_t n;

		s += strspn(s, " \t\r\n,[]'\"");
		n = strcspn(s, " \t\r\n,[]'\"");
		if (!n)
			continue;
		if (n != 67 || strncmp(s, "S1", 2) != 0 || strncmp(s + 3, "_IW_SLC__1S", 11) != 0 ||
		    s[25] != 'T' || s[41] != 'T') {
			json_decref(arr);
			return ncfail(c, "%s: %.*s is not a Sentinel-1 IW SLC name", what, (int)n, s);
		}
		json_array_append_new(arr, json_stringn(s, n));
		s += n;
	}
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return ncfail(c, "%s: no scenes", what);
	}
	*out = arr;
	return 0;
}

/* Whether date (YYYY-MM-DD) is a start or stop date of one of the scenes;
 * *track the relative orbit of the first scene (0 if its satellite's
 * orbit numbering is not known). */
static int
scenes_have_date(json_t *scenes, const char *date, int *track)
{
	char d[9];
	size_t i;
	json_t *v;

	memcpy(d, date, 4);
	memcpy(d + 4, date + 5, 2);
	memcpy(d + 6, date + 8, 2);
	d[8] = '\0';
	*track = 0;
	json_array_foreach(scenes, i, v) {
		const char *s = json_string_value(v);
		long orbit = strtol(s + 49, NULL, 10);

		if (i == 0 && s[2] == 'A')
			*track = (int)((orbit - 73) % 175 + 1);
		else if (i == 0 && s[2] == 'B')
			*track = (int)((orbit - 27) % 175 + 1);
		if (strncmp(s + 17, d, 8) == 0 || strncmp(s + 33, d, 8) == 0)
			return 1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The scene names sorted, one space between (hyp3-gunw.md §4.1's "A B"),
 * appended to buf */
static void
scenes_sorted(json_t *scenes, char **buf)
{
	size_t n = json_array_size(scenes), i;
	const char **v = a2_malloc((n ? n : 1) * sizeof *v);
	char *t;

	for (i = 0; i < n; i++)
		v[i] = json_string_value(json_array_get(scenes, i));
	qsort(v, n, sizeof *v, cmp_str);
	for (i = 0; i < n; i++) {
		t = a2_asprintf("%s%s%s", *buf, i ? " " : "", v[i]);
		free(*buf);
		*buf = t;
	}
	free(v);
}

/* hhhh of the name (§4.1): the first 4 hex digits of the MD5 of
 * ["A B", "C D"] over the sorted reference and secondary scene names */
static void
scenes_hash(json_t *ref, json_t *sec, char out[5])
{
	struct md5_ctx ctx;
	uint8_t d[MD5_DIGEST_SIZE];
	char *s = a2_strdup("[\"");

	scenes_sorted(ref, &s);
	{
		char *t = a2_asprintf("%s\", \"", s);

		free(s);
		s = t;
	}
	scenes_sorted(sec, &s);
	{
		char *t = a2_asprintf("%s\"]", s);

		free(s);
		s = t;
	}
	md5_init(&ctx);
	md5_update(&ctx, strlen(s), (const uint8_t *)s);
	md5_digest(&ctx, sizeof d, d);
	snprintf(out, 5, "%02x%02x", d[0], d[1]);
	free(s);
}

/* The exterior ring of a WKT POLYGON as [[lon, lat], ...] (closed, as
 * written), or NULL after ncfail */
static json_t *
wkt_ring(struct nc *c, const char *what, const char *wkt)
{
	OGRGeometryH g = NULL, ring;
	char *p = (char *)wkt;
	json_t *arr;
	int n;

	if (OGR_G_CreateFromWkt(&p, NULL, &g) != OGRERR_NONE || !g ||
	    wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPolygon ||
	    !(ring = OGR_G_GetGeometryRef(g, 0)) || (n = OGR_G_GetPointCount(ring)) < 4) {
		if (g)
			OGR_G_DestroyGeometry(g);
		ncfail(c, "%s: not a WKT POLYGON of at least 3 points", what);
		return NULL;
	}
	arr = json_array();
	for (int i = 0; i < n; i++) {
		double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);

		if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
			OGR_G_DestroyGeometry(g);
			json_decref(arr);
			ncfail(c, "%s: point %g %g out of range", what, x, y);
			return NULL;
		}
		json_array_append_new(arr, json_pack("[f, f]", x, y));
	}
	OGR_G_DestroyGeometry(g);
	return arr;
}

/* The south-west corner of a ring as the name writes it (§4.1 GEO v3):
 * longitudes taken continuous from the first point, so that a ring across
 * the antimeridian has its west end on the side it starts. */
static void
ring_corner(json_t *ring, char out[14])
{
	double x0 = 0, xmin = 1e9, ymin = 1e9, x, y;
	size_t i;
	json_t *p;

	json_array_foreach(ring, i, p) {
		x = json_real_value(json_array_get(p, 0));
		y = json_real_value(json_array_get(p, 1));
		if (i == 0)
			x0 = x;
		while (x - x0 > 180)
			x -= 360;
		while (x - x0 < -180)
			x += 360;
		if (x < xmin)
			xmin = x;
		if (y < ymin)
			ymin = y;
	}
	if (xmin >= 180)
		xmin -= 360;
	if (xmin < -180)
		xmin += 360;
	snprintf(out, 14, "%05.0f%c_%05.0f%c", fabs(nearbyint(xmin)), xmin <= 0 ? 'W' : 'E',
	    fabs(nearbyint(ymin)), ymin >= 0 ? 'N' : 'S');
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The one GUNW .nc file of a directory (new string), NULL if none, or
 * with *err when there are several. */
static char *
dir_gunw(const char *dir, char **err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!gunw_is_file_name(e->d_name))
			continue;
		if (found) {
			if (err && !*err)
				*err = a2_asprintf("%s: more than one GUNW file (%s, %s)", dir, found,
				    e->d_name);
			continue;
		}
		found = a2_strdup(e->d_name);
	}
	closedir(d);
	return found;
}

int
gunw_is_product(const char *path)
{
	char *f;

	if (!is_dir(path))
		return gunw_is_file_name(a2_basename(path));
	f = dir_gunw(path, NULL);
	free(f);
	return f != NULL;
}

static json_t *
classify(struct nc *c, const char *abspath, const struct gunw_name *g)
{
	static const char *const nc[] = { "netCDF", NULL };
	const struct level *lv = level_find("GUNW", NULL);
	char *why = NULL, *ptype = NULL, *fver = NULL, *refs = NULL, *secs = NULL, *mission = NULL;
	char *t0 = NULL, *t1 = NULL, *bbox = NULL, *geomwkt = NULL, corner[14], *dir;
	json_t *o = NULL, *jref = NULL, *jsec = NULL, *ring = NULL, *fring = NULL, *gj;
	double frame, bperp;
	int track;

	GDALRegister_netCDF();
	if (!(c->ds = a2_gdal_open_mdim(abspath, nc, "GDAL cannot open it as netCDF", &why))) {
		ncfail(c, "%s", why);
		free(why);
		return NULL;
	}
	c->root = GDALDatasetGetRootGroup(c->ds);
	if (!(ptype = attr_str(c, "/", "product_type")))
		goto out;
	if (strcmp(ptype, "UNW GEO IFG") != 0) {
		ncfail(c, "attribute product_type is \"%s\", not \"UNW GEO IFG\"", ptype);
		goto out;
	}
	if (!(fver = attr_str(c, "/", "version")) || attr_num(c, "/", "aria_frame_id", &frame) != 0 ||
	    attr_num(c, "/", "mean_perpendicular_baseline", &bperp) != 0 ||
	    !(geomwkt = attr_str(c, "/", "product_geometry_wkt")) ||
	    !(refs = attr_str(c, "/science/grids", "reference_scenes")) ||
	    !(secs = attr_str(c, "/science/grids", "secondary_scenes")) ||
	    !(mission = var_str(c, "/science/radarMetaData/missionID")) ||
	    !(t0 = var_str(c, "/science/radarMetaData/azimuthZeroDopplerStartTime")) ||
	    !(t1 = var_str(c, "/science/radarMetaData/azimuthZeroDopplerEndTime")) ||
	    !(bbox = var_str(c, "/productBoundingBox")))
		goto out;
	if (strcmp(mission, "Sentinel-1") != 0) {
		ncfail(c, "variable /science/radarMetaData/missionID is \"%s\", not \"Sentinel-1\"",
		    mission);
		goto out;
	}
	if (frame != floor(frame) || frame < -1 || frame > 99999) {
		ncfail(c, "attribute aria_frame_id is %g, not a frame number", frame);
		goto out;
	}
	if (scene_list(c, "attribute /science/grids/reference_scenes", refs, &jref) != 0 ||
	    scene_list(c, "attribute /science/grids/secondary_scenes", secs, &jsec) != 0)
		goto out;
	if (!scenes_have_date(jref, g->reference_date, &track)) {
		ncfail(c, "attribute /science/grids/reference_scenes: no scene of the name's "
		    "reference date %s", g->reference_date);
		goto out;
	}
	if (track && track != g->track) {
		ncfail(c, "attribute /science/grids/reference_scenes: track %03d, the name says %03d",
		    track, g->track);
		goto out;
	}
	if (!scenes_have_date(jsec, g->secondary_date, &track)) {
		ncfail(c, "attribute /science/grids/secondary_scenes: no scene of the name's "
		    "secondary date %s", g->secondary_date);
		goto out;
	}
	if (strlen(t0) < 20 || strlen(t1) < 20 || (strncmp(t0, g->reference_date, 10) != 0 &&
	    strncmp(t1, g->reference_date, 10) != 0)) {
		ncfail(c, "variable /science/radarMetaData/azimuthZeroDopplerStartTime %s is not "
		    "on the name's reference date %s", t0, g->reference_date);
		goto out;
	}
	if (!(ring = wkt_ring(c, "attribute product_geometry_wkt", geomwkt)) ||
	    !(fring = wkt_ring(c, "variable /productBoundingBox", bbox)))
		goto out;
	ring_corner(ring, corner);
	if (!g->geo_v2 && strcmp(corner, g->geo) != 0) {
		ncfail(c, "attribute product_geometry_wkt: south-west corner %s, the name says %s",
		    corner, g->geo);
		goto out;
	}
	{
		char h[5];

		scenes_hash(jref, jsec, h);
		if (strcmp(h, g->hash) != 0) {
			ncfail(c, "attributes /science/grids/reference_scenes and secondary_scenes: "
			    "their hash is %s, the name says %s", h, g->hash);
			goto out;
		}
	}

	dir = a2_dirname(abspath);
	o = json_object();
	json_object_set_new(o, "id", json_string(g->id));
	json_object_set_new(o, "satellite", json_string("Sentinel-1"));
	json_object_set_new(o, "date", json_string(g->reference_date));
	json_object_set_new(o, "look_side", json_sprintf("%c", g->look));
	json_object_set_new(o, "look_direction", json_string(g->look == 'R' ? "right" : "left"));
	json_object_set_new(o, "level", json_string(lv->level));
	json_object_set_new(o, "orbit_direction", json_sprintf("%c", g->direction));
	json_object_set_new(o, "direction", json_string(g->direction == 'A' ? "ascending" :
	    "descending"));
	json_object_set_new(o, "format", json_string(lv->format));
	json_object_set_new(o, "dir", json_string(dir));
	json_object_set_new(o, "archive", json_null());
	json_object_set_new(o, "files", json_pack("{s:s}", "nc", a2_basename(abspath)));
	json_object_set_new(o, "type", json_string(lv->type));
	json_object_set_new(o, "dataset", json_string(lv->dataset));
	json_object_set_new(o, "version", json_sprintf("v%d_%d_%d", g->version[0], g->version[1],
	    g->version[2]));
	json_object_set_new(o, "start_time", json_string(t0));
	json_object_set_new(o, "center_time", json_sprintf("%sT%sZ", g->reference_date,
	    g->center_time));
	json_object_set_new(o, "end_time", json_string(t1));
	json_object_set_new(o, "time_source", json_string("gunw"));
	gj = gunw_name_json(g);
	json_object_set_new(gj, "frame_id", json_integer((json_int_t)frame));
	json_object_set_new(gj, "file_version", json_string(fver));
	json_object_set_new(gj, "perpendicular_baseline", json_real(bperp));
	json_object_set_new(gj, "reference_scenes", jref);
	json_object_set_new(gj, "secondary_scenes", jsec);
	json_object_set_new(gj, "bounding_polygon", fring);
	json_object_set_new(gj, "geometry_polygon", ring);
	jref = jsec = fring = ring = NULL;
	json_object_set_new(o, "gunw", gj);
	free(dir);
out:
	json_decref(jref);
	json_decref(jsec);
	json_decref(ring);
	json_decref(fring);
	free(ptype);
	free(fver);
	free(refs);
	free(secs);
	free(mission);
	free(t0);
	free(t1);
	free(bbox);
	free(geomwkt);
	return o;
}

json_t *
gunw_classify(const char *path, char **err)
{
	struct nc c = { 0 };
	struct gunw_name g;
	char abspath[PATH_MAX], *file = NULL, *p, *why = NULL;
	json_t *o;

	*err = NULL;
	c.file = path;
	c.err = err;
	if (is_dir(path)) {
		if (!(file = dir_gunw(path, &why))) {
			*err = a2_asprintf("%s: no S1-GUNW-….nc file in it", path);
			return NULL;
		}
		if (why) {
			free(file);
			*err = why;
			return NULL;
		}
		p = a2_path_join(path, file);
		free(file);
		file = p;
		c.file = file;
	}
	if (!realpath(c.file, abspath)) {
		ncfail(&c, "%s", strerror(errno));
		free(file);
		return NULL;
	}
	if (gunw_parse_name(a2_basename(c.file), &g, &why) != 0) {
		*err = why;
		free(file);
		return NULL;
	}
	o = classify(&c, abspath, &g);
	if (c.root)
		GDALGroupRelease(c.root);
	if (c.ds)
		GDALClose(c.ds);
	free(file);
	return o;
}
