/*
 * stac.c: STAC Catalogs and Collections of a2's products (stac.h): the
 * Collection of each product type with the union of its products' extents,
 * linking their Items by relative href, and the Catalog above them, so a
 * tree can be crawled from any copy and loaded by a STAC API.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "sar/level.h"
#include "store/catalog.h"
#include "store/stac.h"

struct coll {
	char *type, *dirname;
	json_t *items;      /* link objects */
	json_t *datasets;   /* {dataset: count} */
	double bbox[4];
	int has_bbox;
	/* longitude spans of the features' parts, and whether one crosses
	 * 180 (then the extent is the shortest span holding them all) */
	double (*spans)[2];
	size_t nspans;
	int crosses;
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

/* The least and greatest longitude of COORDS (any nesting). */
static void
lon_range(json_t *coords, double *lo, double *hi)
{
	size_t i;
	json_t *v;

	if (!json_is_array(coords))
		return;
	if (json_array_size(coords) >= 2 && json_is_number(json_array_get(coords, 0))) {
		double x = json_number_value(json_array_get(coords, 0));
		*lo = x < *lo ? x : *lo;
		*hi = x > *hi ? x : *hi;
		return;
	}
	json_array_foreach(coords, i, v)
		lon_range(v, lo, hi);
}

static void
add_span(struct coll *c, double w, double e)
{
	c->spans = a2_realloc(c->spans, (c->nspans + 1) * sizeof *c->spans);
	c->spans[c->nspans][0] = w;
	c->spans[c->nspans++][1] = e;
}

/*
 * The longitude spans of a feature: an Item's bbox (a MultiPoint of its
 * two corners) whose west is greater than its east crosses 180, as does a
 * MultiPolygon with a part ending at 180 and one at -180 (a footprint cut
 * there, RFC 7946 3.1.9); any other part is one span.
 */
static void
grow_spans(struct coll *c, json_t *geom)
{
	const char *type = a2_json_str(geom, "type");
	json_t *coords = json_object_get(geom, "coordinates"), *part;
	size_t i;
	int east = 0, west = 0;

	if (!type || !json_is_array(coords))
		return;
	if (strcmp(type, "MultiPoint") == 0 && json_array_size(coords) == 2) {
		double w = json_number_value(json_array_get(json_array_get(coords, 0), 0));
		double e = json_number_value(json_array_get(json_array_get(coords, 1), 0));
		if (w > e) {
			c->crosses = 1;
			add_span(c, w, 180);
			add_span(c, -180, e);
		} else
			add_span(c, w, e);
		return;
	}
	if (strcmp(type, "MultiPolygon") != 0) {
		double lo = 1e9, hi = -1e9;
		lon_range(coords, &lo, &hi);
		if (lo <= hi)
			add_span(c, lo, hi);
		return;
	}
	json_array_foreach(coords, i, part) {
		double lo = 1e9, hi = -1e9;
		lon_range(part, &lo, &hi);
		if (lo > hi)
			continue;
		east |= hi == 180;
		west |= lo == -180;
		add_span(c, lo, hi);
	}
	c->crosses |= east && west;
}

static int
span_cmp(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1];
}

/*
 * West and east of the shortest span of longitudes holding every span of
 * C: the complement of the widest gap between them, west > east when it
 * crosses 180, -180 and 180 when no gap is left.
 */
static void
shortest_span(struct coll *c, double *w, double *e)
{
	double (*m)[2] = a2_malloc(c->nspans * sizeof *m), gap;
	size_t n = 0, at;

	qsort(c->spans, c->nspans, sizeof *c->spans, span_cmp);
	for (size_t i = 0; i < c->nspans; i++)
		if (n && c->spans[i][0] <= m[n - 1][1]) {
			if (c->spans[i][1] > m[n - 1][1])
				m[n - 1][1] = c->spans[i][1];
		} else {
			m[n][0] = c->spans[i][0];
			m[n++][1] = c->spans[i][1];
		}
	/* the gap across 180, then those between merged spans */
	gap = m[0][0] + 360 - m[n - 1][1];
	at = n - 1;
	for (size_t i = 0; i + 1 < n; i++)
		if (m[i + 1][0] - m[i][1] > gap) {
			gap = m[i + 1][0] - m[i][1];
			at = i;
		}
	if (gap <= 0) {
		*w = -180;
		*e = 180;
	} else {
		*w = m[(at + 1) % n][0];
		*e = m[at][1];
	}
	free(m);
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

/* BASE/REL, with one slash between (new string). */
static char *
url_join(const char *base, const char *rel)
{
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	return a2_asprintf("%.*s/%s", (int)n, base, rel);
}

/* Whose products a catalog type holds: the level table's GUNW rows are
 * Sentinel-1's, every other type ALOS-2's. */
static const char *
collection_mission(const char *type)
{
	const struct level *l;

	for (size_t i = 0; (l = level_row(i)); i++)
		if (l->name_rule == LEVEL_NAME_GUNW && l->type && strcmp(l->type, type) == 0)
			return "Sentinel-1 (ARIA GUNW)";
	return "ALOS-2/PALSAR-2";
}

static json_t *
collection(const struct coll *c, const struct stac_tree *t)
{
	json_t *coll, *links, *interval, *bbox;
	double w = c->bbox[0], e = c->bbox[2];
	const char *k;
	json_t *v;
	char *desc = a2_asprintf("%s products of type %s", collection_mission(c->type), c->type), *s;

	json_object_foreach(c->datasets, k, v) {
		s = a2_asprintf("%s%s %s (%lld)", desc, strchr(desc, ':') ? "," : ": dataset", k,
		    (long long)json_integer_value(v));
		free(desc);
		desc = s;
	}
	if (c->crosses && c->nspans)
		shortest_span((struct coll *)c, &w, &e);
	bbox = c->has_bbox ? json_pack("[[ffff]]", w, c->bbox[1], e, c->bbox[3])
	    : json_pack("[[ffff]]", -180.0, -90.0, 180.0, 90.0);
	interval = json_pack("[[oo]]", *c->start ? json_string(c->start) : json_null(),
	    *c->end ? json_string(c->end) : json_null());
	links = json_array();
	if (t->base) {
		char *rel = a2_asprintf("%s/%s/collection.json", t->colls, c->dirname);
		s = url_join(t->base, rel);
		json_array_append_new(links, stac_link("self", s, "application/json", NULL));
		free(s);
		free(rel);
	}
	json_array_append_new(links, stac_link("root", "../../catalog.json", "application/json",
	    t->title ? t->title : "a2 products"));
	json_array_append_new(links, stac_link("parent", "../../catalog.json", "application/json",
	    t->title ? t->title : "a2 products"));
	json_array_extend(links, c->items);
	coll = json_pack("{s:s, s:s, s:[], s:s, s:s, s:s, s:s, s:{s:{s:o}, s:{s:o}}, s:o}",
	    "type", "Collection", "stac_version", STAC_VERSION, "stac_extensions",
	    "id", c->type, "title", c->type, "description", desc, "license", "proprietary",
	    "extent", "spatial", "bbox", bbox, "temporal", "interval", interval, "links", links);
	free(desc);
	return coll;
}

static void
write_json(const char *path, json_t *j)
{
	char *s = a2_json_dumps(j);

	a2_write_file_if_changed(path, s, strlen(s), 0644);
	free(s);
}

/* Removes COLLS/NAME/ directories of types no longer in the tree (after
 * catalog.json stopped linking them). */
static void
remove_stale(const char *collsdir, const struct coll *cs, size_t n)
{
	struct dirent *e;
	DIR *d = opendir(collsdir);

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
		sub = a2_path_join(collsdir, e->d_name);
		f = a2_path_join(sub, "collection.json");
		/* in a published tree datasets/TYPE/ holds the products too */
		if (unlink(f) == 0)
			rmdir(sub);
		free(f);
		free(sub);
	}
	closedir(d);
}

void
stac_item_links(json_t *item, const char *rel_dir, const char *colls, const char *self)
{
	json_t *old = json_object_get(item, "links"), *links = json_array(), *l;
	const char *type = a2_json_str(item, "collection"), *p;
	char *up = a2_strdup(""), *s;
	size_t i;

	/* one "../" for each component of REL_DIR */
	for (p = rel_dir; *p; p += strcspn(p, "/"), p += *p == '/') {
		s = a2_asprintf("%s../", up);
		free(up);
		up = s;
	}
	if (self)
		json_array_append_new(links, stac_link("self", self, "application/geo+json", NULL));
	s = a2_asprintf("%scatalog.json", up);
	json_array_append_new(links, stac_link("root", s, "application/json", NULL));
	free(s);
	if (type) {
		char *dir = safe_name(type);
		s = a2_asprintf("%s%s/%s/collection.json", up, colls, dir);
		json_array_append_new(links, stac_link("parent", s, "application/json", type));
		json_array_append_new(links, stac_link("collection", s, "application/json", type));
		free(s);
		free(dir);
	}
	json_array_foreach(old, i, l) {
		const char *rel = a2_json_str(l, "rel");
		if (!rel || (strcmp(rel, "self") && strcmp(rel, "root") && strcmp(rel, "parent") &&
		    strcmp(rel, "collection")))
			json_array_append(links, l);
	}
	json_object_set_new(item, "links", links);
	free(up);
}

int
stac_tree_write(const struct stac_tree *t, json_t *features, json_t *summary, char **err)
{
	struct coll *cs = NULL;
	size_t n = 0, i;
	json_t *f, *cat, *links, *counts = json_object();
	char *collsdir = a2_path_join(t->top, t->colls), *p;
	const char *title = t->title ? t->title : "a2 products";
	int rc = 0;

	json_array_foreach(features, i, f) {
		json_t *props = json_object_get(f, "properties");
		const char *type = a2_json_str(props, "type"), *stac = a2_json_str(props, "stac");
		const char *ds = a2_json_str(props, "dataset");
		const char *st = a2_json_str(props, "start_time"), *et = a2_json_str(props, "end_time");
		struct coll *c = find_coll(&cs, &n, type ? type : "unknown");

		grow_bbox(c, json_object_get(json_object_get(f, "geometry"), "coordinates"));
		grow_spans(c, json_object_get(f, "geometry"));
		if (st && (!*c->start || strcmp(st, c->start) < 0))
			snprintf(c->start, sizeof c->start, "%s", st);
		if (et && (!*c->end || strcmp(et, c->end) > 0))
			snprintf(c->end, sizeof c->end, "%s", et);
		if (ds)
			json_object_set_new(c->datasets, ds,
			    json_integer(json_integer_value(json_object_get(c->datasets, ds)) + 1));
		/* only Items that exist: a crawler follows every link */
		if (stac) {
			/* collection.json is two levels below the top */
			char *h = a2_asprintf("../../%s", stac);
			json_array_append_new(c->items, stac_link("item", h, "application/geo+json",
			    json_string_value(json_object_get(f, "id"))));
			free(h);
		}
	}
	links = json_array();
	if (t->base) {
		p = url_join(t->base, "catalog.json");
		json_array_append_new(links, stac_link("self", p, "application/json", NULL));
		free(p);
	}
	json_array_append_new(links, stac_link("root", "./catalog.json", "application/json", title));
	for (i = 0; i < n; i++) {
		json_t *coll = collection(&cs[i], t);
		char *sub = a2_path_join(collsdir, cs[i].dirname), *h;

		if (a2_mkdirs(sub, 0755) != 0) {
			*err = a2_asprintf("%s: %s", sub, strerror(errno));
			rc = -1;
		} else {
			p = a2_path_join(sub, "collection.json");
			write_json(p, coll);
			free(p);
		}
		h = a2_asprintf("./%s/%s/collection.json", t->colls, cs[i].dirname);
		json_array_append_new(links, stac_link("child", h, "application/json", cs[i].type));
		json_object_set_new(counts, cs[i].type, json_integer((json_int_t)json_array_size(cs[i].items)));
		free(h);
		free(sub);
		json_decref(coll);
	}
	if (rc == 0) {
		cat = json_pack("{s:s, s:s, s:[], s:s, s:s, s:s, s:O}", "type", "Catalog",
		    "stac_version", STAC_VERSION, "stac_extensions", "id", t->id ? t->id : "a2",
		    "title", title, "description", t->description ? t->description :
		    "ALOS-2 products made by a2: one Collection per product type, linking the "
		    "products' STAC Items", "links", links);
		p = a2_path_join(t->top, "catalog.json");
		write_json(p, cat);
		free(p);
		json_decref(cat);
		remove_stale(collsdir, cs, n);
		if (summary)
			json_object_set(summary, "collections", counts);
	}
	for (i = 0; i < n; i++) {
		free(cs[i].type);
		free(cs[i].dirname);
		json_decref(cs[i].items);
		json_decref(cs[i].datasets);
		free(cs[i].spans);
	}
	free(cs);
	free(collsdir);
	json_decref(links);
	json_decref(counts);
	return rc;
}

struct gather {
	const struct stac_tree *t;
	const char *key;     /* "product" or "publish" */
	json_t *features;
};

/* A catalog record whose Item is in the tree -> a Feature. */
static int
gather(json_t *rec, void *arg)
{
	static const char *const keep[] = { "type", "dataset", "start_time", "end_time" };
	struct gather *g = arg;
	const char *id = a2_json_str(rec, "id"), *loc = a2_json_str(rec, g->key);
	const char *prod = a2_json_str(rec, "product"), *top = g->t->match ? g->t->match : g->t->top;
	size_t n = strlen(top);
	json_t *props, *geom, *doc, *bbox;
	struct stat st;
	char *item, *own;

	if (!id || !loc || !prod || strncmp(loc, top, n) != 0 || loc[n] != '/' || !loc[n + 1])
		return 0;
	item = a2_asprintf("%s/%s.stac.json", loc, id);
	if (!g->t->match && (stat(item, &st) != 0 || !S_ISREG(st.st_mode))) {
		free(item);
		return 0;
	}
	/* the product's Item: a published one differs in its links only */
	own = a2_asprintf("%s/%s.stac.json", prod, id);
	doc = json_load_file(own, 0, NULL);
	free(own);
	/* the extent holds the Items' bboxes (a GeoTIFF's data outline may
	 * reach past the scene corners the catalog keeps) */
	bbox = json_object_get(doc, "bbox");
	if (json_array_size(bbox) == 4)
		geom = json_pack("{s:s, s:[[OO][OO]]}", "type", "MultiPoint", "coordinates",
		    json_array_get(bbox, 0), json_array_get(bbox, 1), json_array_get(bbox, 2),
		    json_array_get(bbox, 3));
	else
		geom = json_incref(json_object_get(rec, "footprint"));
	json_decref(doc);
	props = json_object();
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		json_t *v = json_object_get(rec, keep[i]);
		if (json_is_string(v))
			json_object_set(props, keep[i], v);
	}
	json_object_set_new(props, "stac", json_string(item + n + 1));
	json_array_append_new(g->features, json_pack("{s:s, s:s, s:O, s:o}", "type", "Feature",
	    "id", id, "geometry", geom ? geom : json_null(), "properties", props));
	json_decref(geom);
	free(item);
	return 0;
}

int
stac_tree_from_catalog(struct catalog *c, const struct stac_tree *t, int published,
    json_t *summary, char **err)
{
	struct catalog_query q = { .path = -1, .frame = -1 };
	struct gather g = { t, published ? "publish" : "product", json_array() };
	int r;

	if (catalog_query(c, &q, gather, &g) < 0) {
		*err = a2_strdup("catalog: could not read the products");
		json_decref(g.features);
		return -1;
	}
	r = stac_tree_write(t, g.features, summary, err);
	json_decref(g.features);
	return r;
}
