/*
 * catalog.h: a2's product catalog, one "products" table in any OGR
 * datasource that can update: a GeoPackage file by default, PostGIS
 * (PG:...) for a team.  It replaces the dedup ARIA's Elasticsearch did.
 */
#ifndef CATALOG_H
#define CATALOG_H

#include <jansson.h>

/* One product, as read from products/ID/ (met.json, dataset.json,
 * stac.json) or from a catalog row. */
struct catalog_product {
	char *id, *dataset, *type, *level, *version, *platform, *mode;
	char *polarisations;        /* "HH,HV" */
	int orbit, path, frame;
	char *look_side, *direction; /* "R"/"L", "ascending"/"descending" */
	char start[32], end[32];     /* 2014-09-09T04:33:42.052Z */
	json_t *footprint;           /* GeoJSON Polygon or MultiPolygon, EPSG:4326 */
	char *product;               /* absolute product directory */
	char *publish;               /* publish location or NULL */
	char met_sha256[65];
	char date[11];               /* acquisition date YYYY/MM/DD (from the ID) */
};

struct catalog;

/* Reads products/ID/: 0, or -1 with a malloc'd message naming the file
 * or key. */
int catalog_product_read(const char *dir, struct catalog_product *p, char **err);
void catalog_product_free(struct catalog_product *p);

/* $A2_CATALOG, else $A2_DATA/catalog.gpkg, else ./a2-data/catalog.gpkg
 * (new string). */
char *catalog_default_name(void);

/*
 * Opens the catalog NAME (a file path or an OGR connection string such as
 * PG:dbname=a2), for writing (created if missing; writers are serialised:
 * flock on a file, an advisory lock on PostgreSQL) or reading.  A missing
 * catalog file opened for reading is an empty catalog.  Returns an
 * A2_EXIT_* status (messages on stderr name the catalog).
 */
int catalog_open(const char *name, int write, struct catalog **c);
/* Commits what was written and closes; A2_EXIT_* status. */
int catalog_close(struct catalog *c);

enum { CATALOG_UNCHANGED, CATALOG_ADDED, CATALOG_UPDATED };
/* Inserts or updates p by id.  An unchanged met.json and product path
 * change nothing; p->publish NULL keeps a recorded publish location.
 * Returns CATALOG_* or -1 (warned). */
int catalog_put(struct catalog *c, const struct catalog_product *p);
/* 1 present, 0 absent, -1 error. */
int catalog_has(struct catalog *c, const char *id);
/* 1 removed, 0 absent, -1 error. */
int catalog_remove(struct catalog *c, const char *id);

struct catalog_query {
	int has_bbox;
	double bbox[4];          /* west, south, east, north */
	const char *geometry;    /* WKT or GeoJSON, intersecting */
	char start[32], end[32]; /* time window ("" open) */
	const char *id, *type, *level, *mode, *direction;
	int path, frame;         /* -1: any */
};
/* Normalises a time: 2014-09-09[Thh:mm[:ss[.fff]]][Z] -> the stored form;
 * end rounds a date up to its last millisecond.  0 or -1. */
int catalog_time(const char *s, int end, char out[32]);
/* Calls fn with each matching record (doc: a2catalog(1)), in start time
 * order; a non-zero return stops.  Returns the number of matches or -1. */
long catalog_query(struct catalog *c, const struct catalog_query *q,
    int (*fn)(json_t *rec, void *arg), void *arg);

#endif
