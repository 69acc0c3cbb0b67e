/*
 * http.c: the HTTP layer (see http.h): one handle set-up, one retry
 * policy, one -v trace, and the in-memory requests built on them.  These
 * answers are documents to parse, not files to keep: no resume, no side
 * files, and a cap on their size.
 */
#include "core/a2.h"
#include "net/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define HTTP_MAX_BODY (64UL << 20)
#define HTTP_MAX_REDIRS 10L

void
http_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		a2_die("cannot initialise libcurl");
}

void
http_cleanup(void)
{
	curl_global_cleanup();
}

void
http_free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* ---- handles ---- */

/* A trace line (n bytes) with the values of the query parameters that
 * carry a login (a one-time code in a request line or a redirect's
 * Location, a token) replaced by "(hidden)" (new string). */
int
http_option(struct http_opts *o, int c, const char *arg, int flags)
{
	switch (c) {
	case HTTP_O_RETRIES:
		o->retries = (int)a2_number(arg, "retry count", 0, 1000, flags);
		return 1;
	case HTTP_O_DELAY:
		o->retry_delay_ms = a2_number(arg, "retry delay", 0, 3600000, flags);
		return 1;
	case HTTP_O_TIMEOUT:
		o->timeout = a2_number(arg, "timeout", 1, 86400, flags);
		return 1;
	}
	return 0;
}

static char *
redact_query(const char *line, size_t n)
{
	static const char *secret[] = { "code", "token", "access_token", "password" };
	/* each replacement adds at most 8 bytes for the 5 or more of "name=" */
	char *out = a2_malloc(n * 3 + 16), *o = out;
	size_t i = 0;
	int query = 0;

	while (i < n) {
		char c = line[i++];

		*o++ = c;
		if (c == ' ' || c == '#')
			query = 0;
		else if (c == '?')
			query = 1;
		if (!query || (c != '?' && c != '&'))
			continue;
		for (size_t s = 0; s < sizeof secret / sizeof *secret; s++) {
			size_t k = strlen(secret[s]);

			if (n - i > k && strncasecmp(line + i, secret[s], k) == 0 && line[i + k] == '=') {
				memcpy(o, line + i, k + 1);
				o += k + 1;
				for (i += k + 1; i < n && line[i] != '&' && line[i] != ' ' && line[i] != '#'; i++)
					;
				memcpy(o, "(hidden)", 8);
				o += 8;
				break;
			}
		}
	}
	*o = '\0';
	return out;
}

/* -v: request and answer headers, without secrets.  curl's own text
 * lines are left out: they may quote proxy URLs with passwords. */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	static const char *secret[] = { "Authorization", "Proxy-Authorization", "Cookie",
		"Set-Cookie", "X-API-Key", "X-Amz-Security-Token" };
	int *sent = arg;
	const char *p = data, *end = data + size;

	if (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p, len = n;
		const char *colon = memchr(p, ':', n);
		int hide = 0;

		while (len && (p[len - 1] == '\r' || p[len - 1] == '\n'))
			len--;
		for (size_t i = 0; colon && i < sizeof secret / sizeof *secret; i++)
			if ((size_t)(colon - p) == strlen(secret[i]) &&
			    strncasecmp(p, secret[i], colon - p) == 0)
				hide = 1;
		/* FTP's password command has no colon: shown as "PASS (hidden)" */
		if (type == CURLINFO_HEADER_OUT && len >= 4 && (len == 4 || p[4] == ' ') &&
		    (strncasecmp(p, "PASS", 4) == 0 || strncasecmp(p, "ACCT", 4) == 0)) {
			hide = 2;
			colon = p + 4;
		}
		if (sent && hide && type == CURLINFO_HEADER_OUT &&
		    (strncasecmp(p, "Authorization", 13) == 0 || strncasecmp(p, "X-API-Key", 9) == 0))
			*sent = 1;
		if (len && a2_verbose) {
			if (hide)
				a2_log("%c %.*s%s (hidden)", type == CURLINFO_HEADER_OUT ? '>' : '<',
				    (int)(colon - p), p, hide == 1 ? ":" : "");
			else {
				char *l = redact_query(p, len);
				a2_log("%c %s", type == CURLINFO_HEADER_OUT ? '>' : '<', l);
				free(l);
			}
		}
		p += n + (nl != NULL);
	}
	return 0;
}

void
http_setup(CURL *c, const char *url, const struct http_opts *o, int flags, int *sent)
{
	const char *ca = getenv("CURL_CA_BUNDLE");
	long timeout = o->timeout > 0 ? o->timeout : 60L;
	char *agent = a2_asprintf("%s/%s", o->agent ? o->agent : "a2", A2_VERSION);

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* libcurl sends custom headers (an API key) wherever a redirect leads:
	 * with them, redirects are followed by http_follow() */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, o->headers || (flags & HTTP_NOFOLLOW) ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, HTTP_MAX_REDIRS);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, agent);
	free(agent);
	if (o->userpwd)
		curl_easy_setopt(c, CURLOPT_USERPWD, o->userpwd);
	else {
		curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		if (o->netrc)
			curl_easy_setopt(c, CURLOPT_NETRC_FILE, o->netrc);
	}
	/* Digest is preferred when offered; Basic goes unasked only when
	 * asked to: a lone method is used at once */
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)(o->basic_first ? CURLAUTH_BASIC :
	    CURLAUTH_BASIC | CURLAUTH_DIGEST));
	/* only the curl tool reads CURL_CA_BUNDLE by itself */
	if (ca && *ca)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	if (flags & HTTP_STALL) {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
	}
	if (!(flags & HTTP_NOTRACE)) {
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, sent);
		/* the trace also tells whether credentials went out */
		curl_easy_setopt(c, CURLOPT_VERBOSE, a2_verbose || sent ? 1L : 0L);
	}
	if (o->share) {
		/* "": the cookie engine on, in memory, fed by the login */
		curl_easy_setopt(c, CURLOPT_SHARE, (CURLSH *)o->share);
		curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	}
}

CURL *
http_handle(const char *url, const struct http_opts *o, int flags, int *sent)
{
	CURL *c = curl_easy_init();

	if (!c)
		a2_die("cannot initialise libcurl");
	http_setup(c, url, o, flags, sent);
	return c;
}

struct curl_slist *
http_headers(const struct http_opts *o, int bare)
{
	struct curl_slist *l = NULL, *n;

	for (const char *const *h = o->headers; h && *h && !bare; h++) {
		if (!(n = curl_slist_append(l, *h)))
			a2_die("out of memory");
		l = n;
	}
	return l;
}

int
http_follow(CURL *c, struct http_hops *h, long status, char *err, size_t n)
{
	char *to = NULL;

	if (status < 300 || status > 399 ||
	    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &to) != CURLE_OK || !to)
		return 0;
	if (++h->n > HTTP_MAX_REDIRS) {
		snprintf(err, n, "more than %ld redirects", HTTP_MAX_REDIRS);
		return -1;
	}
	if (strncasecmp(to, "http://", 7) != 0 && strncasecmp(to, "https://", 8) != 0) {
		snprintf(err, n, "redirected to a scheme other than http or https");
		return -1;
	}
	if (!h->bare && !http_same_origin(h->start, to)) {
		h->bare = 1;
		a2_log("%s: redirected to another host: the extra headers stay behind", h->shown);
	}
	to = a2_strdup(to);
	curl_easy_setopt(c, CURLOPT_URL, to);
	free(to);
	return 1;
}

char *
http_header_line(const char *buf, size_t n, char **value)
{
	char *line = a2_strndup(buf, n), *v;
	size_t k;

	while ((k = strlen(line)) && (line[k - 1] == '\n' || line[k - 1] == '\r'))
		line[k - 1] = '\0';
	*value = NULL;
	if (strncmp(line, "HTTP/", 5) == 0)
		return line;
	if (!(v = strchr(line, ':'))) {
		free(line);
		return NULL;
	}
	*v++ = '\0';
	while (*v == ' ' || *v == '\t')
		v++;
	*value = v;
	return line;
}

/* ---- retries ---- */

int
http_retryable(int res)
{
	switch (res) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

void
http_backoff_init(struct http_backoff *b, const struct http_opts *o)
{
	b->base = o->retry_delay_ms > 0 ? o->retry_delay_ms : 1;
	b->cap = b->base * 60;
	b->delay = b->base;
	b->tries = 0;
}

int
http_backoff_spent(struct http_backoff *b, const struct http_opts *o, const char *shown,
    const char *err)
{
	if (b->tries++ < o->retries)
		return 0;
	if (!o->quiet)
		a2_warn("%s: %s; giving up after %d attempt%s", shown, err, b->tries,
		    b->tries == 1 ? "" : "s");
	return 1;
}

void
http_backoff_sleep(struct http_backoff *b, const struct http_opts *o, const char *shown,
    const char *err, long retry_after)
{
	struct timespec ts;
	long wait = b->delay;

	if (retry_after >= 0 && retry_after * 1000 > wait)
		wait = retry_after * 1000;
	if (wait > b->cap)
		wait = b->cap;
	if (!o->quiet)
		a2_warn("%s: %s; retrying in %ld ms", shown, err, wait);
	ts.tv_sec = wait / 1000;
	ts.tv_nsec = (wait % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	b->delay = b->delay * 2 > b->cap ? b->cap : b->delay * 2;
}

/* ---- cookie sessions ---- */

void *
http_session_new(void)
{
	CURLSH *s = curl_share_init();

	if (!s)
		a2_die("cannot initialise libcurl");
	curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
	return s;
}

void
http_session_free(void *share)
{
	if (share)
		curl_share_cleanup(share);
}

char *
http_session_cookie(void *share, const char *name)
{
	CURL *c;
	struct curl_slist *l = NULL;
	char *value = NULL;

	if (!share || !(c = curl_easy_init()))
		return NULL;
	curl_easy_setopt(c, CURLOPT_SHARE, (CURLSH *)share);
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	curl_easy_getinfo(c, CURLINFO_COOKIELIST, &l);
	/* Netscape lines: domain, tailmatch, path, secure, expires, NAME, value */
	for (struct curl_slist *e = l; e && !value; e = e->next) {
		const char *f = e->data;
		for (int i = 0; i < 5 && f; i++)
			if ((f = strchr(f, '\t')) != NULL)
				f++;
		if (f && strncmp(f, name, strlen(name)) == 0 && f[strlen(name)] == '\t')
			value = a2_strdup(f + strlen(name) + 1);
	}
	/* the list holds the values of every cookie of the session */
	for (struct curl_slist *e = l; e; e = e->next)
		explicit_bzero(e->data, strlen(e->data));
	curl_slist_free_all(l);
	curl_easy_cleanup(c);
	return value;
}

int
http_session_has_cookie(void *share, const char *name)
{
	char *v = http_session_cookie(share, name);

	http_free_secret(v);
	return v != NULL;
}

/* ---- in-memory requests ---- */

struct req {
	const struct http_opts *o;
	struct http_resp *r;
	const char *ctype, *data;  /* a POST's */
	size_t len;
	long retry_after;
	int toobig;
};

void
http_resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->ctype);
	free(r->url);
	memset(r, 0, sizeof *r);
}

static size_t
on_header(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct req *q = arg;
	char *v, *line = http_header_line(buf, size * nmemb, &v);

	if (line && !v) {
		/* a redirect or a challenge comes before the answer that counts */
		free(q->r->ctype);
		q->r->ctype = NULL;
		q->retry_after = -1;
	} else if (line && strcasecmp(line, "Content-Type") == 0) {
		free(q->r->ctype);
		q->r->ctype = a2_strdup(v);
	} else if (line && strcasecmp(line, "Retry-After") == 0 && *v >= '0' && *v <= '9')
		q->retry_after = strtol(v, NULL, 10);
	free(line);
	return size * nmemb;
}

static size_t
on_write(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct req *q = arg;
	struct http_resp *r = q->r;
	size_t n = size * nmemb, max = q->o->max_body ? q->o->max_body : HTTP_MAX_BODY;

	if (r->len + n > max) {
		q->toobig = 1;
		return 0;
	}
	r->body = a2_realloc(r->body, r->len + n + 1);
	memcpy(r->body + r->len, buf, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

/* One attempt, redirects followed by hand when there are extra headers;
 * -1 when a redirect was refused (r->err says why). */
static int
attempt(CURL *c, struct req *q, struct http_hops *h, CURLcode *res)
{
	struct http_resp *r = q->r;
	int hop;

	h->n = h->bare = 0;
	curl_easy_setopt(c, CURLOPT_URL, h->start);
	if (q->data) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->data);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->len);
	}
	do {
		struct curl_slist *hdr = NULL;
		long st = 0;

		if (q->ctype) {
			char *ct = a2_asprintf("Content-Type: %s", q->ctype);
			hdr = curl_slist_append(NULL, ct);
			free(ct);
		}
		if (hdr || q->o->headers) {
			struct curl_slist *extra = http_headers(q->o, h->bare), *e;

			for (e = extra; e; e = e->next)
				hdr = curl_slist_append(hdr, e->data);
			curl_slist_free_all(extra);
		}
		free(r->body);
		r->body = NULL;
		r->len = 0;
		r->err[0] = '\0';
		q->toobig = 0;
		q->retry_after = -1;
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		*res = curl_easy_perform(c);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
		curl_slist_free_all(hdr);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
		r->status = st;
		hop = q->o->headers && *res == CURLE_OK ? http_follow(c, h, st, r->err, sizeof r->err) : 0;
		/* followed here, a POST goes on as libcurl's would */
		if (hop == 1 && q->data && st <= 303)
			curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} while (hop == 1);
	return hop;
}

static int
request(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r)
{
	struct req q = { o, r, ctype, data, len, -1, 0 };
	struct http_hops h = { url, NULL, 0, 0 };
	struct http_backoff b;
	char *shown = a2_url_strip_credentials(url), *eff = NULL;
	int code = A2_EXIT_FAIL;
	CURLcode res;
	CURL *c;

	memset(r, 0, sizeof *r);
	h.shown = shown;
	if (strcmp(shown, url) != 0) {
		snprintf(r->err, sizeof r->err, "credentials in the URL refused");
		goto out;
	}
	c = http_handle(url, o, HTTP_STALL, NULL);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &q);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &q);
	if (o->max_time > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT, o->max_time);
	http_backoff_init(&b, o);
	for (;;) {
		int again;

		if (attempt(c, &q, &h, &res) < 0)
			break;
		if (q.toobig) {
			snprintf(r->err, sizeof r->err, "answer larger than %zu bytes",
			    o->max_body ? o->max_body : HTTP_MAX_BODY);
			break;
		}
		if (res != CURLE_OK) {
			snprintf(r->err, sizeof r->err, "%s", curl_easy_strerror(res));
			again = http_retryable(res);
		} else {
			if (r->status >= 400)
				snprintf(r->err, sizeof r->err, "HTTP %ld", r->status);
			again = r->status == 408 || r->status == 429 || r->status >= 500;
			if (!again) {
				code = A2_EXIT_OK;
				break;
			}
		}
		if (!again)
			break;
		if (http_backoff_spent(&b, o, shown, r->err)) {
			code = A2_EXIT_TEMPFAIL;
			break;
		}
		http_backoff_sleep(&b, o, shown, r->err, q.retry_after);
	}
	curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
	r->url = a2_url_strip_credentials(eff ? eff : url);
	curl_easy_cleanup(c);
out:
	if (code == A2_EXIT_FAIL && r->err[0] && !o->quiet)
		a2_warn("%s: %s", shown, r->err);
	if (!r->body)
		r->body = a2_strdup("");
	free(shown);
	return code;
}

int
http_get(const char *url, const struct http_opts *o, struct http_resp *r)
{
	return request(url, NULL, NULL, 0, o, r);
}

int
http_post(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r)
{
	return request(url, ctype, data, len, o, r);
}

/* ---- URLs ---- */

char *
http_url_host(const char *url)
{
	CURLU *h = curl_url();
	char *host = NULL, *r = NULL;

	if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		r = a2_strdup(host);
	curl_free(host);
	curl_url_cleanup(h);
	return r;
}

/* Scheme, host and port of url as one string (new), or NULL. */
static char *
origin(const char *url)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *r = NULL;

	if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		r = a2_asprintf("%s://%s:%s", scheme, host, port);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	return r;
}

int
http_same_host(const char *a, const char *b)
{
	char *ha = http_url_host(a), *hb = http_url_host(b);
	int same = ha && hb && strcasecmp(ha, hb) == 0;

	free(ha);
	free(hb);
	return same;
}

int
http_same_origin(const char *a, const char *b)
{
	char *oa = origin(a), *ob = origin(b);
	int same = oa && ob && strcasecmp(oa, ob) == 0;

	free(oa);
	free(ob);
	return same;
}

char *
http_escape(const char *s, size_t n)
{
	char *e = curl_easy_escape(NULL, s, (int)n), *r;

	if (!e)
		a2_die("out of memory");
	r = a2_strdup(e);
	curl_free(e);
	return r;
}

char *
http_url_path(const char *path)
{
	char *out = a2_strdup("");

	while (*path) {
		size_t n = strcspn(path, "/");
		char *e = http_escape(path, n), *t;
		t = a2_asprintf("%s%s%s", out, e, path[n] ? "/" : "");
		free(e);
		free(out);
		out = t;
		path += n + (path[n] == '/');
	}
	return out;
}

void
http_squeeze_slashes(char *s)
{
	char *d = s, *start = s;

	for (; *s; s++)
		if (*s != '/' || d == start || d[-1] != '/')
			*d++ = *s;
	*d = '\0';
}
