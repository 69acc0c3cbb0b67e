/*
 * summary.h: JAXA summary.txt (alos2-formats.md §2): Key="Value" lines
 * kept in file order.
 */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <jansson.h>

#define SUMMARY_MAX (1024 * 1024) /* real files are about 2 KiB */

struct summary {
	char *path;
	size_t n;
	char **keys, **vals;
};

/* Reads and parses path; NULL with a malloc'd message naming the file and
 * line on error. */
struct summary *summary_read(const char *path, char **err);
/* Parses a buffer (name is used in messages). */
struct summary *summary_parse(const char *name, const char *buf, size_t len, char **err);
void summary_free(struct summary *s);
/* Value of key (first occurrence), NULL if absent. */
const char *summary_get(const struct summary *s, const char *key);
/* Value of key, NULL if absent or empty. */
const char *summary_get_nonempty(const struct summary *s, const char *key);
/* {"Key":"Value",...} in file order (new reference). */
json_t *summary_to_json(const struct summary *s);
/* "YYYYMMDD hh:mm:ss.ttt" -> "YYYY-MM-DDThh:mm:ss.tttZ" (out holds 32
 * bytes); -1 if v is not such a time or out of range. */
int summary_time_iso(const char *v, char out[32]);

#endif
