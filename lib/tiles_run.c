/*
 * tiles_run.c: one product's a2tiles run: which files of a scene to use,
 * then tiles, viewer and browse images, and the record that says what was
 * made.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "a2.h"
#include "level.h"
#include "tiles.h"

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
		for (int i = 0; i < j->ntifs; i++)
			if (tiles_set_add(&t, j->tifs[i], err) != 0)
				goto out;
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
			    t.layer[i].stretch == TILES_DB ? "dB" : "DN", t.layer[i].lo, t.layer[i].hi,
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
