/*
 * scan.h: finds the ALOS-2 product files in a tree of unpacked data (the
 * archive of ingest-jobs.md §8, P###/F#### or any other layout) and
 * groups them by scene and product, for the archive flow's metadata-only
 * products.
 */
#ifndef SCAN_H
#define SCAN_H

#include <jansson.h>
#include <stddef.h>

struct scan_opts {
	const char *dir_regex; /* ERE a directory's path must match for its files to count */
	int quiet;             /* no warning per stray file */
};

struct scan_stats {
	size_t dirs, files;    /* directories read, files seen */
	size_t alos2;          /* files that went into a group */
	size_t stray;          /* other files, and ALOS-2 names that are invalid */
	size_t errors;         /* unreadable directories, symlink loops, dangling links */
	size_t scenes, products;
};

struct scan;

struct scan *scan_new(const struct scan_opts *o);
/* Walks root (following symlinks to directories, each directory once).
 * What cannot be read is warned about, counted in errors, and skipped.
 * -1 only when root itself cannot be read. */
int scan_add(struct scan *s, const char *root);
/*
 * Calls fn with each scene group, in scene ID order:
 * {"scan":{"scene_id","orbit","frame","path","date","fdate","dirs":[...],
 *  "products":[{"id","level","mode","files":[...],"summary"}]}}
 * files are absolute, sorted by name.  Stops at the first fn != 0 and
 * returns it.
 */
int scan_groups(struct scan *s, int (*fn)(json_t *group, void *arg), void *arg);
void scan_stats(const struct scan *s, struct scan_stats *st);
void scan_free(struct scan *s);

#endif
