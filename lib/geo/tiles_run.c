/*
 * tiles_run.c: one product's a2tiles run: its options, which files of a
 * scene or of the operands to use, then tiles, viewer and browse images,
 * and the record that says what was made.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "core/a2.h"
#include "sar/level.h"
#include "sar/scene.h"
#include "geo/tiles_int.h"

static char *
scene_path(json_t *scene, const char *name)
{
	const char *dir = a2_json_str(scene, "dir");

	return dir && name[0] != '/' ? a2_path_join(dir, name) : a2_strdup(name);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcasecmp(s + n - m, suf) == 0;
}

void
tiles_scene_files(json_t *scene, char ***tifs, int *ntifs, char ***jpgs, int *njpgs)
{
	json_t *files = json_object_get(scene, "files"), *img = json_object_get(files, "img"), *v, *f;
	const char *pol, *fmt = a2_json_str(scene, "format");
	const struct level *lv = fmt ? level_find(a2_json_str(scene, "level"), fmt) : NULL;
	size_t i;

	*tifs = *jpgs = NULL;
	*ntifs = *njpgs = 0;
	scene_refuse_later(scene, LEVEL_STEP_TILES);
	/* a scene of no known level or format: whatever GeoTIFFs it has */
	if (lv && !lv->tiled)
		img = NULL;
	json_object_foreach(img, pol, v) {
		json_array_foreach(v, i, f) {
			const char *n = json_string_value(f);
			if (n && (has_suffix(n, ".tif") || has_suffix(n, ".tiff"))) {
				*tifs = a2_realloc(*tifs, (*ntifs + 1) * sizeof **tifs);
				(*tifs)[(*ntifs)++] = scene_path(scene, n);
			}
		}
	}
	if (!*ntifs && (!lv || lv->tiled) && json_is_string(json_object_get(files, "nc"))) {
		char *nc = scene_path(scene, json_string_value(json_object_get(files, "nc")));
		tiles_gunw_sources(nc, tifs, ntifs);
		free(nc);
	}
	if (*ntifs)
		return;
	/* CEOS products: JAXA's browse jpgs are all there is */
	json_array_foreach(json_object_get(files, "brs"), i, f) {
		const char *n = json_string_value(f);
		if (n) {
			*jpgs = a2_realloc(*jpgs, (*njpgs + 1) * sizeof **jpgs);
			(*jpgs)[(*njpgs)++] = scene_path(scene, n);
		}
	}
}

char *
tiles_scene_mask(json_t *scene)
{
	const char *m = a2_json_str(json_object_get(scene, "files"), "msk");

	return m ? scene_path(scene, m) : NULL;
}

int
tiles_parse_range(const char *s, double *lo, double *hi)
{
	char *e;

	*lo = strtod(s, &e);
	if (e == s || *e != ',')
		return -1;
	s = e + 1;
	*hi = strtod(s, &e);
	return e == s || *e || !(*hi > *lo) ? -1 : 0;
}

int
tiles_parse_zoom(const char *s, int *zmin, int *zmax)
{
	char *e;
	long a = strtol(s, &e, 10), b;

	if (e == s || *e != '-' || a < 0 || a > TILES_MAXZ)
		return -1;
	*zmin = a;
	if (strcmp(e + 1, "auto") == 0) {
		*zmax = -1;
		return 0;
	}
	s = e + 1;
	b = strtol(s, &e, 10);
	if (e == s || *e || b < a || b > TILES_MAXZ)
		return -1;
	*zmax = b;
	return 0;
}

int
tiles_parse_resampling(const char *s)
{
	static const struct { const char *name; int alg; } algs[] = {
		{ "average", TILES_RESAMPLE_A2 }, { "gdal-average", 5 }, { "near", 0 },
		{ "bilinear", 1 }, { "cubic", 2 }, { "cubicspline", 3 }, { "lanczos", 4 },
		{ "mode", 6 }, { "max", 8 }, { "min", 9 }, { "med", 10 }, { "q1", 11 },
		{ "q3", 12 }, { "rms", 14 },
	};

	for (size_t i = 0; i < sizeof algs / sizeof *algs; i++)
		if (strcmp(s, algs[i].name) == 0)
			return algs[i].alg;
	return -2;
}

int
tiles_parse_scheme(const char *s)
{
	return strcmp(s, "xyz") == 0 ? TILES_XYZ : strcmp(s, "tms") == 0 ? TILES_TMS : -1;
}

/* The ID of IMG-HH-<ID>.tif, else the file name less its extension. */
static char *
id_of(const char *path)
{
	const char *b = a2_basename(path), *dot = strrchr(b, '.');

	if (strncmp(b, "IMG-", 4) == 0 && strlen(b) > 7 && b[6] == '-')
		b += 7;
	return a2_strndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

static void
add(char ***v, int *n, const char *s)
{
	*v = a2_realloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = a2_strdup(s);
}

void
tiles_free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The scene of a scene directory, scene.json or pipeline record (whose
 * footprint in->footprint takes if it has none yet). */
static json_t *
input_scene(struct tiles_input *in, const char *arg, int dir, char **err)
{
	json_t *j, *scene;

	if (dir)
		return scene_classify(arg, err);
	if (!(j = a2_json_load_object(arg, err)))
		return NULL;
	scene = json_object_get(j, "scene");
	if (!json_is_object(scene))
		return j;
	if (!in->footprint && json_is_object(json_object_get(j, "footprint")))
		in->footprint = json_incref(json_object_get(j, "footprint"));
	json_incref(scene);
	json_decref(j);
	return scene;
}

int
tiles_input_add(struct tiles_input *in, const char *arg, char **err)
{
	struct stat st;
	json_t *scene;
	char **t, **j, *m;
	int nt, nj;

	if (tiles_gunw_kind(arg)) {
		/* one grid of a GUNW: NETCDF:"file.nc":/science/grids/data/NAME */
		char *nc = tiles_gunw_file(arg);
		add(&in->tifs, &in->ntifs, arg);
		if (!in->id && nc)
			in->id = id_of(nc);
		free(nc);
		return 0;
	}
	if (stat(arg, &st) != 0) {
		*err = a2_asprintf("%s: %s", arg, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) && !has_suffix(arg, ".json")) {
		if (has_suffix(arg, ".jpg") || has_suffix(arg, ".jpeg")) {
			add(&in->jpgs, &in->njpgs, arg);
		} else if (has_suffix(arg, ".nc")) {
			/* a GUNW: its three grids */
			tiles_gunw_sources(arg, &in->tifs, &in->ntifs);
			if (!in->id)
				in->id = id_of(arg);
		} else {
			char *beside = tiles_mask_beside(arg);
			add(&in->tifs, &in->ntifs, arg);
			tiles_input_masks(in, in->ntifs - 1, beside);
			free(beside);
			if (!in->id)
				in->id = id_of(arg);
		}
		return 0;
	}
	if (!(scene = input_scene(in, arg, S_ISDIR(st.st_mode), err)))
		return -1;
	if (!a2_json_str(scene, "id")) {
		*err = a2_asprintf("%s: not a scene object (no \"id\")", arg);
		json_decref(scene);
		return -1;
	}
	if (!in->id || strcmp(in->id, a2_json_str(scene, "id")) != 0) {
		free(in->id);
		in->id = a2_strdup(a2_json_str(scene, "id"));
	}
	tiles_scene_files(scene, &t, &nt, &j, &nj);
	m = tiles_scene_mask(scene);
	for (int k = 0; k < nt; k++)
		add(&in->tifs, &in->ntifs, t[k]);
	tiles_input_masks(in, in->ntifs - nt, m);
	free(m);
	for (int k = 0; k < nj; k++)
		add(&in->jpgs, &in->njpgs, j[k]);
	tiles_free_list(t, nt);
	tiles_free_list(j, nj);
	json_decref(in->scene);
	in->scene = scene;
	return 0;
}

void
tiles_input_free(struct tiles_input *in)
{
	tiles_free_list(in->masks, in->masks ? in->ntifs : 0);
	tiles_free_list(in->tifs, in->ntifs);
	tiles_free_list(in->jpgs, in->njpgs);
	free(in->id);
	json_decref(in->footprint);
	json_decref(in->scene);
}

static char *
abs_path(const char *p)
{
	char *r = realpath(p, NULL);

	return r ? r : a2_strdup(p);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

json_t *
tiles_run(const struct tiles_job *j, char **err)
{
	struct tiles_set t;
	json_t *rec = json_object(), *browse = json_array();
	double t0 = now();
	int ok = 0;

	tiles_set_init(&t, &j->o);
	if (j->ntifs) {
		for (int i = 0; i < j->ntifs; i++) {
			if (tiles_set_add(&t, j->tifs[i], err) != 0)
				goto out;
			tiles_set_mask(&t, j->tifs[i], j->masks ? j->masks[i] : NULL);
		}
		tiles_mask_composite(&t);
		if (!j->no_tiles && !j->no_viewer) {
			/* find out now, not after the work */
			char *v = tiles_viewer_dir(), *l = tiles_leaflet_dir();
			int missing = !v || !l;
			if (missing)
				*err = a2_strdup(!v ? "viewer template not found: set A2_SHARE to the directory "
				    "holding viewer/index.html" : "Leaflet not found: install libjs-leaflet or "
				    "set A2_LEAFLET to a directory holding leaflet.js");
			free(v);
			free(l);
			if (missing)
				goto out;
		}
		if (tiles_set_prepare(&t, err) != 0)
			goto out;
		for (int i = 0; i < t.nlayers; i++)
			a2_log("layer %s: %s %g..%g%s", t.layer[i].name, t.layer[i].composite ? "HH/HV dB" :
			    t.layer[i].gunw == TILES_GUNW_PHASE ? "rad, wrapped" : t.layer[i].gunw == TILES_GUNW_COH ?
			    "linear" : t.layer[i].stretch == TILES_DB ? "dB" : "DN", t.layer[i].lo, t.layer[i].hi,
			    t.layer[i].auto_range ? " (from the data)" : "");
		if (!j->no_tiles) {
			json_t *tj;
			char *dir, *p;
			a2_log("tiles: zoom %d-%d, %d threads, into %s", t.zmin, t.zmax, t.o.threads, j->tiles_dir);
			if (tiles_build(&t, j->tiles_dir, err) != 0 ||
			    tiles_write_viewer(&t, j->tiles_dir, j->id, j->footprint, !j->no_viewer, err) != 0)
				goto out;
			a2_log("tiles: %ld written, %ld already there, %ld reused from the journal (%.2f s)",
			    t.written, t.kept, t.reused, now() - t0);
			tj = tiles_tilejson(&t, j->id);
			dir = abs_path(j->tiles_dir);
			p = a2_path_join(dir, "tiles.json");
			json_object_set_new(rec, "dir", json_string(dir));
			json_object_set_new(rec, "tilejson", json_string(p));
			if (!j->no_viewer) {
				char *h = a2_path_join(dir, "index.html");
				json_object_set_new(rec, "viewer", json_string(h));
				free(h);
			}
			free(dir);
			free(p);
			for (const char **k = (const char *[]){ "minzoom", "maxzoom", "bounds", "layers",
			    "tile_layers", "tile_max_zoom", NULL }; *k; k++)
				json_object_set(rec, *k, json_object_get(tj, *k));
			json_object_set_new(rec, "written", json_integer(t.written));
			json_object_set_new(rec, "kept", json_integer(t.kept));
			json_decref(tj);
		}
		if (!j->no_browse && tiles_browse(&t, j->browse_dir, browse, err) != 0)
			goto out;
	}
	for (int i = 0; i < j->njpgs; i++)
		if (tiles_browse_jpg(j->jpgs[i], j->browse_dir, browse, err) != 0)
			goto out;
	a2_log("done in %.2f s", now() - t0);
	ok = 1;
out:
	tiles_set_free(&t);
	if (!ok) {
		json_decref(rec);
		json_decref(browse);
		return NULL;
	}
	{
		/* absolute, as every path in a record */
		json_t *abs = json_array(), *v;
		size_t i;
		json_array_foreach(browse, i, v) {
			char *p = abs_path(json_string_value(v));
			json_array_append_new(abs, json_string(p));
			free(p);
		}
		json_decref(browse);
		json_object_set_new(rec, "browse", abs);
	}
	return rec;
}
