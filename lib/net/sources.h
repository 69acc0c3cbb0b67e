/*
 * sources.h: SOURCE specs that expand to verified downloads (fetch.h):
 * plain URLs (ftp directories listed), AUIG2 orders behind an OpenAM
 * login, and Sentinel Asia data ids, EORs and date ranges behind a
 * JSESSIONID login.  Each file found is handed to the caller with its
 * source metadata.
 */
#ifndef SOURCES_H
#define SOURCES_H

#include <jansson.h>
#include "net/fetch.h"

struct src_run {
	const struct fetch_opts *o;
	const char *dir;        /* download directory */
	int list;               /* list what the source holds, fetch nothing */
	/* one file: meta holds the keys to add to the download record (borrowed) */
	void (*emit)(void *arg, json_t *meta, const struct fetch_result *r);
	void *arg;
};

/* Runs one SOURCE spec; returns an A2_EXIT_* status. */
int src_run(const char *spec, struct src_run *run);
/* Ends the login sessions. */
void src_cleanup(void);

/*
 * The original jobs' _context.json carries auig2_username and the
 * obfuscated auig2_password (ingest-jobs.md 2.2).  Writes them, decoded,
 * as a 0600 netrc entry for the AUIG2 host in dir and returns its path
 * (new), or NULL when the context holds no credentials.  Dies on a bad file.
 */
char *src_context_netrc(const char *context, const char *dir);
/* Reverses the submit-time shift of code point i by (i % 3) - 1 (new
 * string), NULL when the result is not valid UTF-8 text. */
char *src_auig2_decode(const char *obfuscated);

/*
 * The Sentinel Asia portal's JSON answers (ingest-jobs.md 3.2), parsed
 * from a response body alone, as sentinel-asia: sources use them (and the
 * fuzzer, tests/fuzz/sa_json.c).  Every result is new.
 *
 * src_sa_records: the records of an answer (EOR list, file list or
 * bulletin): a top-level array, else the first array in the object, else
 * the object itself as the one record; NULL with a message in err when
 * the body is not JSON.
 */
json_t *src_sa_records(const char *body, size_t len, char *err, size_t errlen);
/* {eor_id, eor_date (YYYY-MM-DD), disaster_type, country} of an EOR list
 * or bulletin record, each null when the record lacks it. */
json_t *src_sa_eor_meta(json_t *eor);
/* The EORs of a list observed from..to (YYYYMMDD, both included) that have
 * a requestId: an array of their src_sa_eor_meta. */
json_t *src_sa_eors(json_t *recs, long from, long to);
/* The records of an EOR's file list to fetch: typeStr holding
 * "ALOS(Data)" and a dataId not yet in the object seen (which gets it). */
json_t *src_sa_files(json_t *recs, json_t *seen);

#endif
