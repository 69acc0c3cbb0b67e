/*
 * jobrec.h: what the job clients (majasubmit/majapoll, hyp3submit/hyp3poll)
 * share: the job record written atomically and printed, the order of their
 * exit statuses, a result downloaded through fetch and reported as a JSON
 * line, and the --wait loop (capped backoff between polls, a deadline).
 */
#ifndef JOBREC_H
#define JOBREC_H

#include <jansson.h>

#include "net/fetch.h"

/* Days since 1970-01-01 of a real YYYY-MM-DD date, or -1. */
long jobrec_date_days(const char *s);
/* Seconds since the epoch of an ISO 8601 time with a Z or +HH:MM offset
 * (fractions ignored), or -1 when s is not one. */
long long jobrec_iso_seconds(const char *s);
/* A --deadline or --interval value: 0 to a year of seconds, or a usage
 * error naming what. */
double jobrec_seconds(const char *s, const char *what);

/* Writes the record to path (temp + rename) and prints it as one line. */
void jobrec_write(const char *path, json_t *rec);

/* Of two exit statuses, the one that matters more: 77, 1 (2 counts as
 * 1), 75, 0. */
int jobrec_worse(int a, int b);

/* One state or result line: m, with the download record or NULL (both taken). */
typedef void jobrec_emit(json_t *m, json_t *download);
/* Prints that line: {"download": download, key: m} (both taken). */
void jobrec_print(const char *key, json_t *m, json_t *download);
/*
 * url through fetch into dir.  Done: m gets "state" present or downloaded
 * and is emitted with the download record (path, url, size, sha256, name);
 * else m is freed (fetch said why).  An A2_EXIT_* status.
 */
int jobrec_download(const char *url, const char *dir, const struct fetch_opts *fo,
    json_t *m, jobrec_emit *emit);

/*
 * Runs once(ctx) (an A2_EXIT_* status); with wait, again while it says 75,
 * pausing interval seconds, doubling up to 30 times it, the last pause
 * ending at the deadline (seconds from the start) for one last look.
 * Returns the last status.
 */
int jobrec_wait(int (*once)(void *ctx), void *ctx, int wait, double interval, double deadline);

#endif
