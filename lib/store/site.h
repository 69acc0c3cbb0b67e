/*
 * site.h: the catalog as a static web site (a2site): a Leaflet map and a
 * table of every product that work from file:// with nothing to install,
 * and a STAC Catalog (one Collection per product type) linking the
 * products' STAC Items, so STAC browsers and crawlers can walk the archive.
 */
#ifndef SITE_H
#define SITE_H

#include <jansson.h>

struct catalog;

struct site_opts {
	const char *title;  /* page and STAC Catalog title */
	const char *id;     /* STAC Catalog id */
};

/*
 * Writes DIR/index.html, site.js, site.css, leaflet/, data.js (the
 * products), catalog.json and stac/TYPE/collection.json from every product
 * of the catalog.  Each file is replaced atomically, data.js after
 * everything it refers to.  Returns a summary object (new reference) or
 * NULL with a malloc'd message in *err.
 */
json_t *site_write(struct catalog *c, const char *dir, const struct site_opts *o, char **err);

/* The directory holding the page templates (index.html, site.js,
 * site.css): $A2_SHARE/site, else PREFIX/share/a2/site beside the binary,
 * else share/site of a build tree; NULL if none (new string). */
char *site_share_dir(void);

/* The relative URL from directory FROM to path TO (both absolute),
 * percent-encoded (new string). */
char *site_href(const char *from, const char *to);

#endif
