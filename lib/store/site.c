/*
 * site.c: writes the catalog's static site (site.h).  The page reads its
 * products from data.js, a script assigning a GeoJSON FeatureCollection,
 * because a page opened from file:// may not fetch() a JSON file.  Only
 * links to files that exist go into it, so the page never asks for a
 * missing one.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "store/catalog.h"
#include "store/site.h"
#include "store/stac.h"
#include "geo/tiles.h"

/* the page's own files, copied from the share directory */
static const char *const templates[] = { "site.css", "site.js", "index.html" };

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
site_share_dir(void)
{
	return a2_share_dir("site", "index.html");
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static void
url_encode(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
}

char *
site_href(const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *f = a2_asprintf("%s%s", from, fl && from[fl - 1] == '/' ? "" : "/");
	char *t = a2_asprintf("%s%s", to, tl && to[tl - 1] == '/' ? "" : "/");
	size_t i, common = 0, len;
	char *buf;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		a2_die("open_memstream:");
	/* the longest common prefix of whole path components */
	for (i = 0; f[i] && f[i] == t[i]; i++)
		if (f[i] == '/')
			common = i + 1;
	/* one ".." for each component of FROM past it */
	for (i = common; f[i]; i++)
		if (f[i] == '/')
			fputs("../", fp);
	t[strlen(t) - 1] = 0;
	if (t[common])
		url_encode(fp, t + common);
	else if (ftell(fp) == 0)
		fputc('.', fp);
	fclose(fp);
	/* "../" alone names a directory: drop the slash for a clean href */
	if (len > 1 && buf[len - 1] == '/')
		buf[len - 1] = 0;
	free(f);
	free(t);
	return buf;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The files of products/ID/ the page links to, by role.  The browse image
 * shown is the first in name order (HH before HV), with its full-size
 * sibling when there is one.
 */
static json_t *
product_files(const char *pdir, const char *id)
{
	static const struct { const char *key, *fmt; } fixed[] = {
		{ "met", "%s.met.json" }, { "dataset", "%s.dataset.json" },
		{ "stac", "%s.stac.json" }, { "zip", "%s.zip" },
	};
	json_t *files = json_object();
	char **names = NULL, *p;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		char *name = a2_asprintf(fixed[i].fmt, id);
		p = a2_path_join(pdir, name);
		if (is_file(p))
			json_object_set_new(files, fixed[i].key, json_string(name));
		free(p);
		free(name);
	}
	p = a2_path_join(pdir, "tiles/index.html");
	if (is_file(p))
		json_object_set_new(files, "tiles", json_string("tiles/index.html"));
	free(p);
	if ((d = opendir(pdir))) {
		while ((e = readdir(d)))
			if (ends_with(e->d_name, ".browse_small.png")) {
				if (n == cap)
					names = a2_realloc(names, (cap = cap ? 2 * cap : 4) * sizeof *names);
				names[n++] = a2_strdup(e->d_name);
			}
		closedir(d);
	}
	if (n) {
		char *big;
		qsort(names, n, sizeof *names, by_name);
		json_object_set_new(files, "thumb", json_string(names[0]));
		big = a2_asprintf("%.*s.browse.png", (int)(strlen(names[0]) - strlen(".browse_small.png")),
		    names[0]);
		p = a2_path_join(pdir, big);
		if (is_file(p))
			json_object_set_new(files, "browse", json_string(big));
		free(p);
		free(big);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return files;
}

struct collect {
	const char *dir;
	json_t *features;
	long missing;
};

/* A catalog record -> a Feature of data.js. */
static int
collect(json_t *rec, void *arg)
{
	static const char *const keep[] = {
		"id", "type", "dataset", "version", "level", "mode", "polarisations", "orbit",
		"path", "frame", "look_side", "direction", "start_time", "end_time", "publish",
	};
	struct collect *c = arg;
	const char *id = a2_json_str(rec, "id"), *prod = a2_json_str(rec, "product");
	json_t *props = json_object(), *geom = json_object_get(rec, "footprint");
	char real[PATH_MAX];

	if (!id || !prod) {
		a2_warn("catalog: a record without id or product");
		json_decref(props);
		return 0;
	}
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		json_t *v = json_object_get(rec, keep[i]);
		if (v && !json_is_null(v))
			json_object_set(props, keep[i], v);
	}
	/* a product moved or deleted since it was catalogued stays on the map,
	 * without links */
	if (realpath(prod, real)) {
		char *href = site_href(c->dir, real);
		json_object_set_new(props, "href", json_string(href));
		json_object_set_new(props, "files", product_files(real, id));
		free(href);
	} else {
		a2_warn("%s: %s (catalogued product missing; shown without links)", prod, strerror(errno));
		json_object_set_new(props, "files", json_object());
		c->missing++;
	}
	json_array_append_new(c->features, json_pack("{s:s, s:s, s:O, s:o}", "type", "Feature",
	    "id", id, "geometry", geom ? geom : json_null(), "properties", props));
	return 0;
}

/* data.js: one Feature a line, so a refresh diffs well. */
static void
write_data(const char *dir, json_t *features, const struct site_opts *o)
{
	char *buf, *path = a2_path_join(dir, "data.js"), *s;
	size_t len, i;
	json_t *f;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		a2_die("open_memstream:");
	f = json_string(o->title);
	s = json_dumps(f, JSON_ENCODE_ANY);
	json_decref(f);
	fprintf(fp, "/* a2site: the catalog's products, a GeoJSON FeatureCollection */\n"
	    "window.A2_SITE = {\"type\":\"FeatureCollection\",\"title\":%s,\"features\":[\n", s);
	free(s);
	json_array_foreach(features, i, f) {
		s = json_dumps(f, JSON_COMPACT | JSON_REAL_PRECISION(10));
		fprintf(fp, "%s%s\n", s, i + 1 < json_array_size(features) ? "," : "");
		free(s);
	}
	fputs("]};\n", fp);
	if (fclose(fp) != 0)
		a2_die("%s: out of memory", path);
	a2_write_file(path, buf, len, 0644);
	free(buf);
	free(path);
}

/* The STAC Catalog beside the site: catalog.json, stac/TYPE/collection.json,
 * linking the Items of the products the page links. */
static int
site_stac(const char *dir, json_t *features, const struct site_opts *o, json_t *summary,
    char **err)
{
	struct stac_tree t = { .top = dir, .colls = "stac", .id = o->id, .title = o->title,
	    .description = "Every product of this a2 catalog: one Collection per product type, "
	    "linking the products' STAC Items" };
	json_t *fs = json_array(), *f;
	size_t i;
	int r;

	json_array_foreach(features, i, f) {
		json_t *props = json_object_get(f, "properties"), *g = json_copy(f);
		const char *href = a2_json_str(props, "href");
		const char *stac = a2_json_str(json_object_get(props, "files"), "stac");

		props = json_copy(props);
		if (href && stac)
			json_object_set_new(props, "stac", json_pack("s++", href, "/", stac));
		json_object_set_new(g, "properties", props);
		json_array_append_new(fs, g);
	}
	r = stac_tree_write(&t, fs, summary, err);
	json_decref(fs);
	return r;
}

json_t *
site_write(struct catalog *cat, const char *dir, const struct site_opts *o, char **err)
{
	struct catalog_query q = { .path = -1, .frame = -1 };
	struct collect c = { 0 };
	char real[PATH_MAX], *share = NULL;
	json_t *summary = NULL;
	long n;

	*err = NULL;
	if (a2_mkdirs(dir, 0755) != 0 || !realpath(dir, real)) {
		*err = a2_asprintf("%s: %s", dir, strerror(errno));
		return NULL;
	}
	if (!(share = site_share_dir())) {
		*err = a2_strdup("page templates not found: set A2_SHARE to the directory holding "
		    "site/index.html");
		return NULL;
	}
	c.dir = real;
	c.features = json_array();
	if ((n = catalog_query(cat, &q, collect, &c)) < 0) {
		*err = a2_strdup("catalog: could not read the products");
		goto out;
	}
	/* what data.js refers to first, data.js last */
	if (tiles_copy_leaflet(real, err) != 0)
		goto out;
	for (size_t i = 0; i < sizeof templates / sizeof *templates; i++) {
		char *f = a2_path_join(share, templates[i]), *t = a2_path_join(real, templates[i]);
		int r = a2_copy_file_if_changed(f, t, err);
		free(f);
		free(t);
		if (r != 0)
			goto out;
	}
	summary = json_pack("{s:s, s:I, s:I}", "dir", real, "products", (json_int_t)n,
	    "missing", (json_int_t)c.missing);
	if (site_stac(real, c.features, o, summary, err) != 0) {
		json_decref(summary);
		summary = NULL;
		goto out;
	}
	write_data(real, c.features, o);
	json_object_set_new(summary, "index", json_pack("s++", real, "/", "index.html"));
out:
	json_decref(c.features);
	free(share);
	return summary;
}
