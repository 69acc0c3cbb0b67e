/*
 * http.h: the HTTP layer every a2 request goes through: libcurl handle
 * set-up, retries with capped backoff, the -v trace without secrets,
 * cookie sessions, and small requests whose answer fits in memory
 * (service documents, search pages, login forms).  Files to keep are
 * fetch.h's, built on this.
 *
 * Credentials: o->userpwd ("user:password"), else the netrc file
 * (o->netrc, or ~/.netrc when present).  Extra headers such as an API key
 * go in o->headers, to the URL's own scheme, host and port only.  None of
 * them ever appear in messages: URLs are printed without user:password
 * and -v hides secret headers.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

struct http_opts {
	/* a tool's network options, shared by all its requests */
	const char *netrc;           /* netrc file; NULL: ~/.netrc if any */
	int retries;                 /* attempts after the first */
	long retry_delay_ms;         /* first backoff delay; the cap is 60 times it */
	long timeout;                /* connect timeout and stall limit, seconds; 0: 60 */
	/* what a request sends */
	const char *userpwd;         /* "user:password" instead of the netrc file, or NULL */
	const char *const *headers;  /* extra "Name: value" headers, NULL-terminated */
	int basic_first;             /* Basic credentials on the first request, unasked
	                              * (services whose 401 carries no challenge); else
	                              * Basic or Digest, once challenged */
	void *share;                 /* cookie session (http_session_new), or NULL */
	const char *agent;           /* User-Agent product; NULL: "a2" ("a2fetch" for fetch.h) */
	/* in-memory requests only */
	size_t max_body;             /* largest answer kept; 0: 64 MiB */
	long max_time;               /* whole request, seconds; 0: no limit */
	int quiet;                   /* no warnings: r->err says what went wrong */
};

/*
 * The network options every HTTP tool takes: their getopt_long codes
 * (below a tool's own, which start at 256), table entries and one
 * handler.  http_option() takes option C (ARG) into o: 1, or 0 when it
 * is none of these; flags as a2_number()'s.
 */
enum { HTTP_O_RETRIES = 200, HTTP_O_DELAY, HTTP_O_TIMEOUT };
#define HTTP_LONGOPTS_RETRY \
	{ "retries", required_argument, NULL, HTTP_O_RETRIES }, \
	{ "retry-delay", required_argument, NULL, HTTP_O_DELAY }
#define HTTP_LONGOPTS_TIMEOUT \
	{ "timeout", required_argument, NULL, HTTP_O_TIMEOUT }
#define HTTP_LONGOPTS HTTP_LONGOPTS_RETRY, HTTP_LONGOPTS_TIMEOUT
int http_option(struct http_opts *o, int c, const char *arg, int flags);

struct http_resp {
	long status;      /* HTTP status of the last answer, 0 if none came */
	char *body;       /* NUL-terminated (the NUL is not counted in len) */
	size_t len;
	char *ctype;      /* Content-Type, or NULL */
	char *url;        /* effective URL, after redirects, without credentials */
	char err[256];    /* why the request failed (no credentials in it) */
};

/* Sets up libcurl (call once, before any thread) and tears it down. */
void http_init(void);
void http_cleanup(void);

/*
 * GET url (or POST data, of type ctype: NULL is a form) into r.  Connection
 * errors, timeouts, HTTP 408, 429 and 5xx are retried with capped
 * exponential backoff (Retry-After honoured up to the cap).  A POST
 * redirected with 301-303 goes on as a GET, as browsers do.  Returns
 * A2_EXIT_OK when a final answer arrived, whatever its status (the caller
 * judges r->status); A2_EXIT_TEMPFAIL when the retries ran out (r->status
 * is the last status or 0, r->err says why); A2_EXIT_FAIL when retrying
 * cannot help (bad URL, credentials in it, answer larger than max_body).
 * r must be freed with http_resp_free().
 */
int http_get(const char *url, const struct http_opts *o, struct http_resp *r);
int http_post(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r);
void http_resp_free(struct http_resp *r);

/* ---- for code that drives libcurl itself (fetch.c, publish.c) ---- */

typedef void CURL;
struct curl_slist;

enum {
	HTTP_STALL = 1,       /* end a transfer under 1 byte/s for o->timeout */
	HTTP_NOFOLLOW = 2,    /* redirects are answers, not followed */
	HTTP_NOTRACE = 4,     /* no -v header trace (the caller logs requests) */
};
/*
 * A handle for url with what every request shares: http(s) only (a
 * redirect too), user agent, CURL_CA_BUNDLE, credentials and auth methods,
 * connect timeout, cookie session, the -v trace.  Redirects are followed
 * by libcurl, or by http_follow() when there are extra headers.  *sent,
 * when not NULL, is set once credentials or an API key go out.
 * http_setup() does the same to a handle (after curl_easy_reset).
 */
CURL *http_handle(const char *url, const struct http_opts *o, int flags, int *sent);
void http_setup(CURL *c, const char *url, const struct http_opts *o, int flags, int *sent);

/* The extra headers of one request: o->headers, none when bare. */
struct curl_slist *http_headers(const struct http_opts *o, int bare);

/*
 * Redirects followed by hand, so that extra headers never leave the
 * origin of the URL an attempt starts from.  http_follow() is called
 * after each answer: for a redirect it points c at the target (bare set
 * for good once it leaves the origin) and returns 1; 0: not a redirect to
 * follow; -1: refused, err says why.
 */
struct http_hops {
	const char *start;      /* the URL every attempt starts from */
	const char *shown;      /* start without credentials, for messages */
	int n;                  /* redirects followed in this attempt */
	int bare;               /* the extra headers stay behind */
};
int http_follow(CURL *c, struct http_hops *h, long status, char *err, size_t n);

/*
 * One answer header line (buf, n as libcurl hands it): a new string with
 * the line end dropped, split at the colon (*value after it, blanks
 * skipped).  *value is NULL for a status line ("HTTP/..."), and for a line
 * that is neither (then the result is NULL).
 */
char *http_header_line(const char *buf, size_t n, char **value);

/* Capped exponential backoff between attempts. */
struct http_backoff {
	long base, cap, delay;
	int tries;
};
void http_backoff_init(struct http_backoff *b, const struct http_opts *o);
/*
 * After a failed attempt (err says why): whether the retries are spent
 * (then "giving up" is warned), counting this one; and the pause before
 * the next, Retry-After (seconds, or -1) honoured up to the cap.  quiet:
 * no warnings.
 */
int http_backoff_spent(struct http_backoff *b, const struct http_opts *o, const char *shown,
    const char *err);
void http_backoff_sleep(struct http_backoff *b, const struct http_opts *o, const char *shown,
    const char *err, long retry_after);

/* Whether a libcurl result (CURLcode) is worth another attempt: name
 * resolution, connection, timeouts, resets, short bodies. */
int http_retryable(int res);

/* A cookie session for o->share; whether it holds a cookie of that name. */
void *http_session_new(void);
void http_session_free(void *share);
int http_session_has_cookie(void *share, const char *name);
/* The value of the session's cookie of that name (a new string: free it
 * with http_free_secret), or NULL. */
char *http_session_cookie(void *share, const char *name);

/* ---- URLs and secrets ---- */

/* The host of url (new string) or NULL. */
char *http_url_host(const char *url);
/* Whether a and b have one scheme, host and port (a default port filled
 * in): the rule for where a credential may go. */
int http_same_origin(const char *a, const char *b);
/* Whether a and b name the same host, whatever their schemes and ports
 * (where credentials issued for a service may go). */
int http_same_host(const char *a, const char *b);
/* s percent-encoded (n bytes; 0: strlen) as a new string. */
char *http_escape(const char *s, size_t n);
/* path percent-encoded segment by segment, '/' kept (new string). */
char *http_url_path(const char *path);
/* Squeezes runs of '/' in s to one, in place: a//b is a/b in a path, and
 * an S3 key or WebDAV path would get an empty segment. */
void http_squeeze_slashes(char *s);
/* Overwrites then frees a secret. */
void http_free_secret(char *s);

#endif
