/*
 * site_stac.c: the STAC Catalog beside the site: catalog.json with one
 * child Collection per product type (stac/TYPE/collection.json), each
 * linking the products' own Items (products/ID/ID.stac.json, written by
 * a2md) by relative href, so the archive can be crawled from any copy.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "store/site.h"

#define STAC_VERSION "1.0.0"

struct coll {
	char *type, *dirname;
	json_t *items;      /* link objects */
	json_t *datasets;   /* {dataset: count} */
	double bbox[4];
	int has_bbox;
	char start[32], end[32];
};

/* A type as a directory name: nothing but [A-Za-z0-9._-], never . or .. */
static char *
safe_name(const char *s)
{
	char *d = a2_strdup(*s ? s : "_");

	for (char *p = d; *p; p++)
		if (!strchr("-._", *p) && !(*p >= 'A' && *p <= 'Z') && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= '0' && *p <= '9'))
			*p = '_';
	if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0)
		d[0] = '_';
	return d;
}

static void
grow_bbox(struct coll *c, json_t *coords)
{
	size_t i;
	json_t *v;

	if (!json_is_array(coords))
		return;
	if (json_array_size(coords) >= 2 && json_is_number(json_array_get(coords, 0))) {
		double x = json_number_value(json_array_get(coords, 0));
		double y = json_number_value(json_array_get(coords, 1));
		if (!c->has_bbox) {
			c->bbox[0] = c->bbox[2] = x;
			c->bbox[1] = c->bbox[3] = y;
			c->has_bbox = 1;
		}
		c->bbox[0] = x < c->bbox[0] ? x : c->bbox[0];
		c->bbox[1] = y < c->bbox[1] ? y : c->bbox[1];
		c->bbox[2] = x > c->bbox[2] ? x : c->bbox[2];
		c->bbox[3] = y > c->bbox[3] ? y : c->bbox[3];
		return;
	}
	json_array_foreach(coords, i, v)
		grow_bbox(c, v);
}

static struct coll *
find_coll(struct coll **cs, size_t *n, const char *type)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*cs)[i].type, type) == 0)
			return &(*cs)[i];
	*cs = a2_realloc(*cs, (*n + 1) * sizeof **cs);
	memset(&(*cs)[*n], 0, sizeof **cs);
	(*cs)[*n].type = a2_strdup(type);
	(*cs)[*n].dirname = safe_name(type);
	/* two types that differ only in unsafe characters still get two dirs */
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*cs)[i].dirname, (*cs)[*n].dirname) == 0) {
			char *d = a2_asprintf("%s_%zu", (*cs)[*n].dirname, *n);
			free((*cs)[*n].dirname);
			(*cs)[*n].dirname = d;
		}
	(*cs)[*n].items = json_array();
	(*cs)[*n].datasets = json_object();
	return &(*cs)[(*n)++];
}

static json_t *
stac_link(const char *rel, const char *href, const char *type, const char *title)
{
	json_t *l = json_pack("{s:s, s:s}", "rel", rel, "href", href);

	if (type)
		json_object_set_new(l, "type", json_string(type));
	if (title)
		json_object_set_new(l, "title", json_string(title));
	return l;
}

static json_t *
collection(const struct coll *c, const struct site_opts *o)
{
	json_t *coll, *links, *interval, *bbox;
	const char *k;
	json_t *v;
	char *desc = a2_asprintf("ALOS-2/PALSAR-2 products of type %s", c->type), *t;

	json_object_foreach(c->datasets, k, v) {
		t = a2_asprintf("%s%s %s (%lld)", desc, strchr(desc, ':') ? "," : ": dataset", k,
		    (long long)json_integer_value(v));
		free(desc);
		desc = t;
	}
	bbox = c->has_bbox ? json_pack("[[ffff]]", c->bbox[0], c->bbox[1], c->bbox[2], c->bbox[3])
	    : json_pack("[[ffff]]", -180.0, -90.0, 180.0, 90.0);
	interval = json_pack("[[oo]]", *c->start ? json_string(c->start) : json_null(),
	    *c->end ? json_string(c->end) : json_null());
	links = json_array();
	json_array_append_new(links, stac_link("root", "../../catalog.json", "application/json", o->title));
	json_array_append_new(links, stac_link("parent", "../../catalog.json", "application/json", o->title));
	json_array_extend(links, c->items);
	coll = json_pack("{s:s, s:s, s:[], s:s, s:s, s:s, s:s, s:{s:{s:o}, s:{s:o}}, s:o}",
	    "type", "Collection", "stac_version", STAC_VERSION, "stac_extensions",
	    "id", c->type, "title", c->type, "description", desc, "license", "proprietary",
	    "extent", "spatial", "bbox", bbox, "temporal", "interval", interval, "links", links);
	free(desc);
	return coll;
}

/* Removes stac/NAME/ directories of types no longer in the catalog (after
 * catalog.json stopped linking them). */
static void
remove_stale(const char *stacdir, const struct coll *cs, size_t n)
{
	struct dirent *e;
	DIR *d = opendir(stacdir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t i;
		char *sub, *f;

		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < n && strcmp(cs[i].dirname, e->d_name) != 0; i++)
			;
		if (i < n)
			continue;
		sub = a2_path_join(stacdir, e->d_name);
		f = a2_path_join(sub, "collection.json");
		if (unlink(f) == 0)
			rmdir(sub);
		free(f);
		free(sub);
	}
	closedir(d);
}

int
site_stac_write(const char *dir, json_t *features, const struct site_opts *o, json_t *summary,
    char **err)
{
	struct coll *cs = NULL;
	size_t n = 0, i;
	json_t *f, *cat, *links, *counts = json_object();
	char *stacdir = a2_path_join(dir, "stac"), *p;
	int rc = 0;

	json_array_foreach(features, i, f) {
		json_t *props = json_object_get(f, "properties");
		const char *type = a2_json_str(props, "type"), *href = a2_json_str(props, "href");
		const char *stac = a2_json_str(json_object_get(props, "files"), "stac");
		const char *ds = a2_json_str(props, "dataset");
		const char *st = a2_json_str(props, "start_time"), *et = a2_json_str(props, "end_time");
		struct coll *c = find_coll(&cs, &n, type ? type : "unknown");

		grow_bbox(c, json_object_get(json_object_get(f, "geometry"), "coordinates"));
		if (st && (!*c->start || strcmp(st, c->start) < 0))
			snprintf(c->start, sizeof c->start, "%s", st);
		if (et && (!*c->end || strcmp(et, c->end) > 0))
			snprintf(c->end, sizeof c->end, "%s", et);
		if (ds)
			json_object_set_new(c->datasets, ds,
			    json_integer(json_integer_value(json_object_get(c->datasets, ds)) + 1));
		/* only Items that exist: a crawler follows every link */
		if (href && stac) {
			/* collection.json is two levels below the site */
			char *h = a2_asprintf("../../%s/%s", href, stac);
			json_array_append_new(c->items, stac_link("item", h, "application/geo+json",
			    json_string_value(json_object_get(f, "id"))));
			free(h);
		}
	}
	links = json_array();
	json_array_append_new(links, stac_link("root", "./catalog.json", "application/json", o->title));
	for (i = 0; i < n; i++) {
		json_t *coll = collection(&cs[i], o);
		char *sub = a2_path_join(stacdir, cs[i].dirname), *h;

		if (a2_mkdirs(sub, 0755) != 0) {
			*err = a2_asprintf("%s: %s", sub, strerror(errno));
			rc = -1;
		} else {
			p = a2_path_join(sub, "collection.json");
			a2_write_json(p, coll);
			free(p);
		}
		h = a2_asprintf("./stac/%s/collection.json", cs[i].dirname);
		json_array_append_new(links, stac_link("child", h, "application/json", cs[i].type));
		json_object_set_new(counts, cs[i].type, json_integer((json_int_t)json_array_size(cs[i].items)));
		free(h);
		free(sub);
		json_decref(coll);
	}
	if (rc == 0) {
		cat = json_pack("{s:s, s:s, s:[], s:s, s:s, s:s, s:O}", "type", "Catalog",
		    "stac_version", STAC_VERSION, "stac_extensions", "id", o->id, "title", o->title,
		    "description", "Every product of this a2 catalog: one Collection per product "
		    "type, linking the products' STAC Items", "links", links);
		p = a2_path_join(dir, "catalog.json");
		a2_write_json(p, cat);
		free(p);
		json_decref(cat);
		remove_stale(stacdir, cs, n);
		json_object_set(summary, "collections", counts);
	}
	for (i = 0; i < n; i++) {
		free(cs[i].type);
		free(cs[i].dirname);
		json_decref(cs[i].items);
		json_decref(cs[i].datasets);
	}
	free(cs);
	free(stacdir);
	json_decref(links);
	json_decref(counts);
	return rc;
}
