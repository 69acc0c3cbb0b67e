/*
 * fetch.h: one verified, resumable transfer of one URL into a directory
 * (http, https, ftp, file; dav and davs are http and https; s3://BUCKET/KEY
 * is a GET signed with the credentials s3.h finds, unsigned without any).  Sources that
 * expand to URLs (AUIG2 orders, Sentinel Asia EORs, ...) are built on top
 * of this (sources.h), sharing a cookie session through fetch_opts.http.
 * The requests themselves go through the HTTP layer (http.h).
 *
 * In DIR, NAME.part holds the bytes so far and NAME.part.json its state
 * (url, validators, expected size); a verified file becomes NAME with its
 * record .NAME.a2fetch.json (url, size, sha256, validators, time).
 */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>

#include "net/http.h"

struct fetch_opts {
	/* netrc, retries, retry delay, timeout (connect timeout and stall
	 * time), credentials, auth methods, cookie session; extra headers
	 * (an API key) go to the URL's own scheme, host and port only:
	 * dropped for good on a redirect elsewhere, and hidden by -v */
	struct http_opts http;
	int progress;         /* progress line on stderr */
	int per_host;         /* concurrent transfers per host, all processes; 0: no cap */
	int no_sync;          /* rename without fsync: atomic, not durable */
	int need_name;        /* no Content-Disposition file name: login failed (77) */
	const char *login_mark; /* an answer URL containing it is a login form (77) */
	const char *name;     /* file name to use (fetch_name_ok), whatever the answer says */
	int no_sign;          /* s3://: unsigned (anonymous), whatever credentials there are */
	long long size;       /* > 0: the size the file must have (a catalogue's);
	                       * a file of another size is neither kept nor final */
};

struct fetch_result {
	char *url;            /* as given, without credentials */
	char *name;           /* file name in the directory */
	char *path;           /* absolute path of the verified file */
	long long size;       /* -1: unknown (fetch_head) */
	char sha256[65];      /* lower-case hex; "" from fetch_head */
	char *etag;
	char *last_modified;
	int cached;           /* verified earlier: nothing was transferred */
};

/*
 * Downloads url into dir (created if missing), resuming a .part left by
 * an earlier run, verifying length and hashing, or finds it already there
 * (r->cached).  Returns an A2_EXIT_* status; failures are reported on
 * stderr as "URL: what went wrong".
 */
int fetch_url(const char *url, const char *dir, const struct fetch_opts *o,
    struct fetch_result *r);
/* What fetch_url would fetch (HEAD): r->url, r->name, r->size. */
int fetch_head(const char *url, const struct fetch_opts *o, struct fetch_result *r);
void fetch_result_free(struct fetch_result *r);
/* The plain files of an ftp:// directory URL, one name a line, into
 * *body (new, *len bytes); an A2_EXIT_* status. */
int fetch_ftp_names(const char *url, const struct fetch_opts *o, char **body, size_t *len);

/* Checks the netrc file a tool was given (NULL: ~/.netrc, if any), as
 * every tool taking one does: dies (exit 2) when a given one cannot be
 * read, warns when it is readable by group or others, and dies (exit 2)
 * naming the line of a quoted token that does not end on it (netrc_check). */
void fetch_netrc_check(const char *path);
/* File names: from the last URL path segment, from a Content-Disposition
 * value (NULL when unusable), and the check both must pass. */
char *fetch_name_from_url(const char *url);
char *fetch_name_from_disposition(const char *value);
int fetch_name_ok(const char *name);

#endif
