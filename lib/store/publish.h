/*
 * publish.h: copies a product directory to a publish root in the HySDS
 * datasets layout (ingest-jobs.md §5.4):
 *   ROOT/datasets/{type}/{version}/YYYY/MM/DD/ID/   every file
 *   ROOT/browse/{type}/{version}/YYYY/MM/DD/ID/     *.browse.png, *.browse_small.png
 * ROOT is a directory, s3://bucket/prefix or dav:// / davs:// (WebDAV).
 */
#ifndef PUBLISH_H
#define PUBLISH_H

#include "store/catalog.h"

#include "net/http.h"

struct publish_opts {
	int force;            /* replace a product already published */
	const char *base;     /* public URL of the root (STAC self links), or NULL */
	struct http_opts http; /* netrc (WebDAV credentials), timeout (connect, stall) */
};

/*
 * Publishes p (catalog_product_read) under root.  A product already
 * published is refused (exit status 1) unless o->force.  The product
 * appears complete or not at all: a directory is filled under a
 * temporary name and renamed; on S3 and WebDAV ID.dataset.json, which
 * makes a directory a product for HySDS, is uploaded last.  *location
 * gets the product's location without credentials.  Returns A2_EXIT_*.
 */
int publish_product(const struct catalog_product *p, const char *root,
    const struct publish_opts *o, char **location);

/*
 * Copies the files under dir (a dot file anywhere refuses it) unchanged
 * to dest, a directory, s3://bucket/prefix or dav:// / davs:// URL, with
 * the same rules: a directory is filled under a temporary name and renamed; a
 * remote gets its JSON files last, and the last of them already there
 * means published (refused unless o->force).  *location gets dest,
 * absolute and without credentials, *nfiles the number of files.
 */
int publish_flat(const char *dir, const char *dest, const struct publish_opts *o,
    char **location, size_t *nfiles);

/*
 * Rewrites root's STAC Catalog (catalog.json) and Collections
 * (datasets/{type}/collection.json) from the catalog c: every product it
 * records as published under root (doc/records.md).  Call it holding the
 * writers' lock (c opened for writing), so that concurrent publishers
 * lose no product.  A directory root's unchanged files are left alone;
 * S3 and WebDAV get them uploaded.  Returns A2_EXIT_*.
 */
int publish_stac(struct catalog *c, const char *root, const struct publish_opts *o);

/* datasets/{type}/{version}/YYYY/MM/DD/ID (new string); kind "datasets"
 * or "browse". */
char *publish_path(const struct catalog_product *p, const char *kind);
/* The public URL of p's published directory: base (where ROOT is served;
 * trailing '/' dropped) + '/' + publish_path(p, "datasets") + '/' (new
 * string). */
char *publish_url(const char *base, const struct catalog_product *p);

/* The public URL of p's published directory: BASE (the URL at which the
 * root is served) without trailing '/', '/', publish_path(p, "datasets"),
 * '/' (new string). */
char *publish_url(const char *base, const struct catalog_product *p);

#endif
