/*
 * fetch.h: one verified, resumable transfer of one URL into a directory
 * (http, https, file; dav and davs are http and https).  Sources that expand
 * to URLs (AUIG2 orders, Sentinel Asia EORs, ...) are built on top of this.
 *
 * In DIR, NAME.part holds the bytes so far and NAME.part.json its state
 * (url, validators, expected size); a verified file becomes NAME with its
 * record .NAME.a2fetch.json (url, size, sha256, validators, time).
 */
#ifndef FETCH_H
#define FETCH_H

struct fetch_opts {
	const char *netrc;    /* netrc file; NULL: libcurl's default ~/.netrc */
	int retries;          /* attempts after the first */
	long retry_delay_ms;  /* first backoff delay; the cap is 60 times it */
	long timeout;         /* connect timeout and stall time, seconds */
	int progress;         /* progress line on stderr */
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

/* Sets up libcurl; dies when the build lacks what fetch needs. */
void fetch_init(void);
void fetch_cleanup(void);
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

/* Warns when a netrc file is readable by group or others. */
void fetch_netrc_check(const char *path);
/* File names: from the last URL path segment, from a Content-Disposition
 * value (NULL when unusable), and the check both must pass. */
char *fetch_name_from_url(const char *url);
char *fetch_name_from_disposition(const char *value);
int fetch_name_ok(const char *name);

#endif
