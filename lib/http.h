/*
 * http.h: small HTTP requests whose answer fits in memory (service
 * documents, search pages, JSON reports), with retries, for tools that talk
 * to web services.  Bulk downloads belong to fetch.h.
 *
 * Credentials: o->userpwd ("user:password", sent as preemptive Basic), else
 * the netrc file (o->netrc, or ~/.netrc when present).  Extra headers such
 * as an API key go in o->headers.  None of them ever appear in messages:
 * URLs are printed without user:password and -v hides secret headers.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

struct http_opts {
	const char *netrc;           /* netrc file; NULL: ~/.netrc if any */
	const char *userpwd;         /* "user:password" for Basic, or NULL */
	const char *const *headers;  /* extra "Name: value" headers, NULL-terminated */
	int retries;                 /* attempts after the first */
	long retry_delay_ms;         /* first backoff delay; the cap is 60 times it */
	long timeout;                /* connect timeout and stall limit, seconds */
	size_t max_body;             /* largest answer kept; 0: 64 MiB */
};

struct http_resp {
	long status;      /* HTTP status of the last answer, 0 if none came */
	char *body;       /* NUL-terminated (the NUL is not counted in len) */
	size_t len;
	char *ctype;      /* Content-Type, or NULL */
	char err[256];    /* why the request failed (no credentials in it) */
};

/* Sets up libcurl (call once, before any thread) and tears it down. */
void http_init(void);
void http_cleanup(void);

/*
 * GET url (or POST data of type ctype) into r.  Connection errors,
 * timeouts, HTTP 408, 429 and 5xx are retried with capped exponential
 * backoff (Retry-After honoured up to the cap).  Returns A2_EXIT_OK when a
 * final answer arrived, whatever its status (the caller judges r->status);
 * A2_EXIT_TEMPFAIL when the retries ran out (r->status is the last status
 * or 0, r->err says why); A2_EXIT_FAIL when retrying cannot help (bad URL,
 * answer larger than max_body).  r must be freed with http_resp_free().
 */
int http_get(const char *url, const struct http_opts *o, struct http_resp *r);
int http_post(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r);
void http_resp_free(struct http_resp *r);

/* Whether a libcurl result (CURLcode) is worth another attempt: name
 * resolution, connection, timeouts, resets, short bodies. */
int http_retryable(int res);

/* The host of url (new string) or NULL. */
char *http_url_host(const char *url);
/* Whether a and b have one scheme, host and port (a default port filled
 * in): the rule for where a credential may go. */
int http_same_origin(const char *a, const char *b);
/* Overwrites then frees a secret. */
void http_free_secret(char *s);

#endif
