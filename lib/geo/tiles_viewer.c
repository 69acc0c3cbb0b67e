/*
 * tiles_viewer.c: what describes a tile tree: tiles.json (TileJSON 3.0.0
 * with one entry per layer, as a2md reads it) and index.html, a Leaflet map
 * that works from file:// with Leaflet copied beside it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/footprint_base.h"
#include "geo/tiles_int.h"

char *
tiles_viewer_dir(void)
{
	return a2_share_dir("viewer", "index.html");
}

char *
tiles_leaflet_dir(void)
{
	const char *env = a2_env("A2_LEAFLET", NULL);
	char *d;

	if (env)
		return a2_dir_with(a2_strdup(env), "leaflet.js");
	/* Debian's libjs-leaflet, else npm's in a build tree */
	if ((d = a2_dir_with(a2_strdup("/usr/share/javascript/leaflet"), "leaflet.js")))
		return d;
	return a2_dir_with(a2_exe_relative("../../tests/node_modules/leaflet/dist"), "leaflet.js");
}

int
tiles_copy_leaflet(const char *dir, char **err)
{
	char *src = tiles_leaflet_dir(), *dst = a2_path_join(dir, "leaflet"), *img, *dimg;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (!src) {
		*err = a2_strdup("Leaflet not found: install libjs-leaflet or set A2_LEAFLET to a "
		    "directory holding leaflet.js");
		free(dst);
		return -1;
	}
	img = a2_path_join(src, "images");
	dimg = a2_path_join(dst, "images");
	if (a2_mkdirs(dimg, 0755) != 0) {
		*err = a2_asprintf("%s: %s", dimg, strerror(errno));
		rc = -1;
	}
	if (rc == 0) {
		a2_tmp_sweep(dst, NULL);
		a2_tmp_sweep(dimg, NULL);
	}
	for (int i = 0; rc == 0 && i < 2; i++) {
		static const char *const files[] = { "leaflet.js", "leaflet.css" };
		char *f = a2_path_join(src, files[i]), *t = a2_path_join(dst, files[i]);
		rc = a2_copy_file_if_changed(f, t, err);
		free(f);
		free(t);
	}
	if (rc == 0 && (d = opendir(img))) {
		while (rc == 0 && (e = readdir(d))) {
			size_t l = strlen(e->d_name);
			if (l > 4 && strcmp(e->d_name + l - 4, ".png") == 0) {
				char *f = a2_path_join(img, e->d_name), *t = a2_path_join(dimg, e->d_name);
				rc = a2_copy_file_if_changed(f, t, err);
				free(f);
				free(t);
			}
		}
		closedir(d);
	}
	free(img);
	free(dimg);
	free(src);
	free(dst);
	return rc;
}

static double
lat_of_y(double y)
{
	return (2 * atan(exp(y / 6378137.0)) - M_PI / 2) * 180 / M_PI;
}

static double
round7(double v)
{
	return round(v * 1e7) / 1e7;
}

/* A layer's tile URL template: relative to tiles.json, or under url. */
static json_t *
tile_template(const char *url, const char *layer)
{
	return json_sprintf("%s%s/{z}/{x}/{y}.png", url ? url : "", layer);
}

/*
 * tiles.json as published (public: tile URLs under t->o.url when set,
 * bounds as TileJSON 3.0.0 has them, never wrapping round the
 * antimeridian), or the viewer's copy in index.html (tile URLs relative,
 * so that it works from file://; across 180 degrees west > east, the
 * scene's own extent, which Leaflet's fitBounds is given unwrapped).
 */
static json_t *
tilejson(const struct tiles_set *t, const char *id, int public)
{
	json_t *j = json_object(), *layers = json_array(), *names = json_array(), *zooms = json_array();
	int zmin = -1, zmax = -1, cz;
	double w = t->ll[0], e = t->ll[2], s = t->ll[1], n = t->ll[3], cx, cy, fit;
	const char *first = NULL, *url = public ? t->o.url : NULL;

	for (int i = 0; i < t->nlayers; i++) {
		const struct tiles_layer *L = &t->layer[i];
		json_t *l;
		if (t->built_max[i] < 0)
			continue;   /* no tile holds any of its data */
		if (!first)
			first = L->name;
		l = json_pack("{s:s, s:s, s:[o], s:i, s:i, s:s, s:[f,f]}", "name", L->name, "title",
		    L->composite ? "RGB (HH, HV, HH/HV)" : L->name, "tiles", tile_template(url, L->name), "minzoom",
		    t->built_min[i], "maxzoom", t->built_max[i], "stretch",
		    L->composite || L->stretch == TILES_DB ? "db" : "dn", "range", L->lo, L->hi);
		if (L->composite) {
			json_object_set_new(l, "title", json_sprintf("RGB (%s, %s, %s/%s)", t->layer[L->co].name,
			    t->layer[L->cross].name, t->layer[L->co].name, t->layer[L->cross].name));
			json_object_set_new(l, "composite", json_pack("[s,s,s]", t->layer[L->co].name,
			    t->layer[L->cross].name, "ratio"));
		}
		if (L->gunw)
			tiles_gunw_layer_json(L, l);
		json_array_append_new(layers, l);
		json_array_append_new(names, json_string(L->name));
		json_array_append_new(zooms, json_integer(t->built_max[i]));
		if (zmin < 0 || t->built_min[i] < zmin)
			zmin = t->built_min[i];
		if (t->built_max[i] > zmax)
			zmax = t->built_max[i];
	}
	if (zmin < 0)
		zmin = zmax = t->zmin;
	/* the view that holds the bounds in about 1024 pixels */
	fit = fmin(8 * TILES_R / fmax(t->merc[2] - t->merc[0], 1e-9),
	    8 * TILES_R / fmax(t->merc[3] - t->merc[1], 1e-9));
	cz = (int)floor(log2(fit));
	cz = cz < zmin ? zmin : cz > zmax ? zmax : cz;
	cx = (w + e) / 2;
	cx = cx > 180 ? cx - 360 : cx;
	cy = lat_of_y((t->merc[1] + t->merc[3]) / 2);
	if (e > 180 && public) {
		/* across the antimeridian: every longitude.  TileJSON's bounds
		 * must not wrap; MapLibre asks for no tile when west > east
		 * and clamps an east beyond 180 to 180; Leaflet's TileLayer
		 * bounds test wrapped tiles against them (a2tiles(1)) */
		w = -180;
		e = 180;
	} else if (e > 180) {
		e -= 360;   /* the viewer's: west > east */
	}
	json_object_set_new(j, "tilejson", json_string("3.0.0"));
	json_object_set_new(j, "name", json_string(id ? id : "a2tiles"));
	json_object_set_new(j, "description", json_string("ALOS-2/PALSAR-2 backscatter, one layer per "
	    "polarisation (sigma0 dB = 20 log10(DN) - 83, 0 = no data)"));
	json_object_set_new(j, "version", json_string("1.0.0"));
	json_object_set_new(j, "attribution", json_string("ALOS-2/PALSAR-2 data: JAXA"));
	json_object_set_new(j, "scheme", json_string(t->o.scheme == TILES_TMS ? "tms" : "xyz"));
	json_object_set_new(j, "tiles", json_pack("[o]", tile_template(url, first ? first : t->layer[0].name)));
	json_object_set_new(j, "minzoom", json_integer(zmin));
	json_object_set_new(j, "maxzoom", json_integer(zmax));
	json_object_set_new(j, "bounds", json_pack("[f,f,f,f]", round7(w > 180 ? w - 360 : w), round7(s),
	    round7(e), round7(n)));
	json_object_set_new(j, "center", json_pack("[f,f,i]", round7(cx), round7(cy), cz));
	json_object_set_new(j, "format", json_string("png"));
	json_object_set_new(j, "layers", layers);
	/* met.json's keys, ready to copy (ingest-jobs.md §6.2) */
	json_object_set_new(j, "tile_layers", names);
	json_object_set_new(j, "tile_max_zoom", zooms);
	json_object_set_new(j, "generator", json_string("a2tiles " A2_VERSION));
	return j;
}

json_t *
tiles_tilejson(const struct tiles_set *t, const char *id)
{
	return tilejson(t, id, 1);
}

static int
num_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The numbered entries of a directory (x dirs, or y.png files), sorted. */
static long *
numbered(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char *end;
		long k;
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		k = strtol(e->d_name, &end, 10);
		if (strcmp(end, suffix) != 0)
			continue;
		if (*n == cap)
			v = a2_realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
		v[(*n)++] = k;
	}
	closedir(d);
	qsort(v, *n, sizeof *v, num_cmp);
	return v;
}

/* Which tiles exist: {layer: {z: {x: [[y0, y1], ...]}}}, read from the
 * tree, so that the viewer asks for no tile that is not there. */
static json_t *
tile_index(const json_t *tj, const char *dir)
{
	json_t *idx = json_object(), *l;
	size_t i;

	json_array_foreach(json_object_get(tj, "layers"), i, l) {
		const char *name = json_string_value(json_object_get(l, "name"));
		int z0 = json_integer_value(json_object_get(l, "minzoom"));
		int z1 = json_integer_value(json_object_get(l, "maxzoom"));
		json_t *lj = json_object();
		for (int z = z0; z <= z1; z++) {
			char *zd = a2_asprintf("%s/%s/%d", dir, name, z), key[16];
			size_t nx, ny;
			long *xs = numbered(zd, "", &nx);
			json_t *zj = json_object();
			for (size_t a = 0; a < nx; a++) {
				char *xd = a2_asprintf("%s/%ld", zd, xs[a]);
				long *ys = numbered(xd, ".png", &ny);
				json_t *runs = json_array();
				for (size_t k = 0; k < ny;) {
					size_t m = k;
					while (m + 1 < ny && ys[m + 1] == ys[m] + 1)
						m++;
					json_array_append_new(runs, json_pack("[I,I]", (json_int_t)ys[k], (json_int_t)ys[m]));
					k = m + 1;
				}
				snprintf(key, sizeof key, "%ld", xs[a]);
				if (ny)
					json_object_set_new(zj, key, runs);
				else
					json_decref(runs);
				free(ys);
				free(xd);
			}
			snprintf(key, sizeof key, "%d", z);
			json_object_set_new(lj, key, zj);
			free(xs);
			free(zd);
		}
		json_object_set_new(idx, name, lj);
	}
	return idx;
}

/* The page with the configuration where the template's marker is; "</"
 * escaped so that no string in it can end the script. */
static char *
render(const char *tmpl, json_t *cfg)
{
	static const char mark[] = "/*A2TILES_CONFIG*/null";
	char *js = json_dumps(cfg, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	const char *at = strstr(tmpl, mark);
	size_t n = 0, cap;
	char *out;

	if (!js || !at) {
		free(js);
		return NULL;
	}
	cap = strlen(tmpl) + 2 * strlen(js) + 1;
	out = a2_malloc(cap);
	memcpy(out, tmpl, at - tmpl);
	n = at - tmpl;
	for (const char *p = js; *p; p++) {
		if (p[0] == '<' && p[1] == '/')
			out[n++] = '<', out[n++] = '\\';
		else
			out[n++] = *p;
	}
	strcpy(out + n, at + strlen(mark));
	free(js);
	return out;
}

int
tiles_write_viewer(const struct tiles_set *t, const char *dir, const char *id, json_t *footprint,
    int with_page, char **err)
{
	json_t *tj = tiles_tilejson(t, id), *cfg, *moved;
	char *vdir, *tmpl, *page, *path;
	size_t len;

	if (!with_page)
		goto tilejson;
	if (!(vdir = tiles_viewer_dir())) {
		*err = a2_strdup("viewer template not found: set A2_SHARE to the directory holding "
		    "viewer/index.html");
		json_decref(tj);
		return -1;
	}
	if (tiles_copy_leaflet(dir, err) != 0) {
		free(vdir);
		json_decref(tj);
		return -1;
	}
	path = a2_path_join(vdir, "index.html");
	tmpl = a2_read_file(path, 1 << 20, &len);
	free(path);
	free(vdir);
	/* a footprint cut at 180 drawn whole: its parts meeting there (the
	 * page draws the longitudes it is given) */
	moved = footprint_unwrapped(json_object_get(footprint, "geometry") ?
	    json_object_get(footprint, "geometry") : footprint);
	cfg = json_pack("{s:o, s:o, s:O}", "tilejson", tilejson(t, id, 0), "index", tile_index(tj, dir), "footprint",
	    moved ? moved : footprint ? footprint : json_null());
	json_decref(moved);
	page = render(tmpl, cfg);
	free(tmpl);
	json_decref(cfg);
	if (!page) {
		*err = a2_strdup("viewer template has no /*A2TILES_CONFIG*/null marker");
		json_decref(tj);
		return -1;
	}
	path = a2_path_join(dir, "index.html");
	a2_write_file_if_changed(path, page, strlen(page), 0644);
	free(path);
	free(page);
tilejson:
	/* last, and always (make compares its time): tiles.json is the sign
	 * of a whole tree */
	path = a2_path_join(dir, "tiles.json");
	a2_write_json(path, tj);
	free(path);
	json_decref(tj);
	return 0;
}
