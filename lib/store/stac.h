/*
 * stac.h: STAC Catalogs and Collections of a2's products, in one place:
 * the Collection of a product type (its extent the union of its
 * products'), the root Catalog, and the links of an Item to them.  Used
 * for a data directory (a2catalog add --stac), a published tree
 * (a2publish) and the site (a2site); doc/records.md gives the layouts.
 */
#ifndef STAC_H
#define STAC_H

#include <jansson.h>

struct catalog;

#define STAC_VERSION "1.0.0"

/* A tree: TOP/catalog.json, TOP/COLLS/TYPE/collection.json. */
struct stac_tree {
	const char *top;          /* absolute directory */
	const char *colls;        /* "collections", "datasets", "stac" */
	const char *id, *title, *description; /* the root Catalog; NULL: a2's */
	const char *base;         /* public URL of TOP (self links), or NULL */
	const char *match;        /* where the Items are, if not TOP (a URL) */
};

/*
 * Sets the links of ITEM (an a2md STAC Item with "collection"), at
 * TOP/REL_DIR/ (REL_DIR: "products/ID", or "datasets/TYPE/.../ID") in a tree whose
 * Collections are in TOP/COLLS/: root, parent and collection relative;
 * self SELF when not NULL (an absolute URL).  Other links are kept.
 */
void stac_item_links(json_t *item, const char *rel_dir, const char *colls, const char *self);

/*
 * Writes the tree T from FEATURES (GeoJSON Features whose properties
 * hold "type", "dataset", "start_time", "end_time" and, for Items in the
 * tree, "stac": the Item's path relative to T->top): one Collection per
 * type, linking its Items, and the Catalog linking the Collections.  A
 * file that would not change is not written; the Collections of types no
 * longer present are removed.  Adds {"collections":{TYPE:items}} to
 * SUMMARY when not NULL.  0, or -1 with a malloc'd message in *err.
 */
int stac_tree_write(const struct stac_tree *t, json_t *features, json_t *summary, char **err);

/*
 * The same from the catalog: every product whose directory (published
 * 0) or publish location (published 1) is TOP/... (T->match/... when
 * set: a URL, whose Items are taken as there) and holds its Item; the
 * spatial extent is the union of the Items' bboxes.
 */
int stac_tree_from_catalog(struct catalog *c, const struct stac_tree *t, int published,
    json_t *summary, char **err);

#endif
