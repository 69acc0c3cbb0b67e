/*
 * http.c: in-memory HTTP requests with retries (see http.h).  Kept apart
 * from fetch.c: these answers are documents to parse, not files to keep,
 * so there is no resume, no side files and a cap on their size.
 */
#include "a2.h"
#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define HTTP_MAX_BODY (64UL << 20)

struct req {
	const struct http_opts *o;
	const char *url;        /* without credentials, for messages */
	struct http_resp *r;
	long retry_after;
	int toobig;
};

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
http_resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->ctype);
	memset(r, 0, sizeof *r);
}

void
http_free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static size_t
on_header(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct req *q = arg;
	size_t n = size * nmemb;
	char *line = a2_strndup(buf, n), *v;
	size_t k;

	while ((k = strlen(line)) && (line[k - 1] == '\n' || line[k - 1] == '\r'))
		line[k - 1] = '\0';
	if (strncmp(line, "HTTP/", 5) == 0) {
		/* a redirect or a challenge comes before the answer that counts */
		free(q->r->ctype);
		q->r->ctype = NULL;
		q->retry_after = -1;
	} else if ((v = strchr(line, ':')) != NULL) {
		*v++ = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (strcasecmp(line, "Content-Type") == 0) {
			free(q->r->ctype);
			q->r->ctype = a2_strdup(v);
		} else if (strcasecmp(line, "Retry-After") == 0 && *v >= '0' && *v <= '9')
			q->retry_after = strtol(v, NULL, 10);
	}
	free(line);
	return n;
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

/* -v: headers both ways, secrets hidden. */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	static const char *secret[] = { "Authorization", "Proxy-Authorization", "Cookie",
		"Set-Cookie", "X-API-Key" };
	const char *p = data, *end = data + size;

	if (!a2_verbose || (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN))
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
		if (len && hide)
			a2_log("%c %.*s: (hidden)", type == CURLINFO_HEADER_OUT ? '>' : '<',
			    (int)(colon - p), p);
		else if (len)
			a2_log("%c %.*s", type == CURLINFO_HEADER_OUT ? '>' : '<', (int)len, p);
		p += n + (nl != NULL);
	}
	return 0;
}

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

static CURL *
new_handle(struct req *q, const char *url, struct curl_slist **hdr)
{
	CURL *c = curl_easy_init();
	const char *ca = getenv("CURL_CA_BUNDLE");

	if (!c)
		a2_die("cannot initialise libcurl");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "a2/" A2_VERSION);
	if (q->o->userpwd) {
		/* the services expect Basic up front (PEPS never challenged) */
		curl_easy_setopt(c, CURLOPT_USERPWD, q->o->userpwd);
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	} else {
		curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		if (q->o->netrc)
			curl_easy_setopt(c, CURLOPT_NETRC_FILE, q->o->netrc);
	}
	for (const char *const *h = q->o->headers; h && *h; h++)
		*hdr = curl_slist_append(*hdr, *h);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdr);
	if (ca && *ca)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, q->o->timeout > 0 ? q->o->timeout : 60L);
	/* stalled: under 1 byte/s for the whole timeout */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, q->o->timeout > 0 ? q->o->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, q);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, q);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(c, CURLOPT_VERBOSE, a2_verbose ? 1L : 0L);
	return c;
}

/* The attempts of one request. */
static int
perform(struct req *q, const char *url, const char *ctype, const char *data, size_t len)
{
	const struct http_opts *o = q->o;
	struct http_resp *r = q->r;
	struct curl_slist *hdr = NULL;
	long base = o->retry_delay_ms > 0 ? o->retry_delay_ms : 1;
	long cap = base * 60, delay = base;
	int tries = 0, code = A2_EXIT_FAIL;
	CURL *c;

	if (ctype) {
		char *h = a2_asprintf("Content-Type: %s", ctype);
		hdr = curl_slist_append(hdr, h);
		free(h);
	}
	c = new_handle(q, url, &hdr);
	if (data) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	for (;;) {
		CURLcode res;
		long st = 0;
		int again;

		free(r->body);
		r->body = NULL;
		r->len = 0;
		r->status = 0;
		r->err[0] = '\0';
		q->toobig = 0;
		q->retry_after = -1;
		res = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
		r->status = st;
		if (q->toobig) {
			snprintf(r->err, sizeof r->err, "answer larger than %zu bytes",
			    o->max_body ? o->max_body : HTTP_MAX_BODY);
			break;
		}
		if (res != CURLE_OK) {
			snprintf(r->err, sizeof r->err, "%s", curl_easy_strerror(res));
			again = http_retryable(res);
		} else {
			if (st >= 400)
				snprintf(r->err, sizeof r->err, "HTTP %ld", st);
			again = st == 408 || st == 429 || st >= 500;
			if (!again) {
				code = A2_EXIT_OK;
				break;
			}
		}
		if (!again)
			break;
		if (tries++ >= o->retries) {
			a2_warn("%s: %s; giving up after %d attempt%s", q->url, r->err, tries,
			    tries == 1 ? "" : "s");
			code = A2_EXIT_TEMPFAIL;
			break;
		} else {
			long wait = delay;
			if (q->retry_after >= 0 && q->retry_after * 1000 > wait)
				wait = q->retry_after * 1000;
			if (wait > cap)
				wait = cap;
			a2_warn("%s: %s; retrying in %ld ms", q->url, r->err, wait);
			sleep_ms(wait);
			delay = delay * 2 > cap ? cap : delay * 2;
		}
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(hdr);
	if (!r->body)
		r->body = a2_strdup("");
	return code;
}

static int
request(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r)
{
	struct req q;
	int code;

	memset(r, 0, sizeof *r);
	memset(&q, 0, sizeof q);
	q.o = o;
	q.r = r;
	q.url = a2_url_strip_credentials(url);
	if (strcmp(q.url, url) != 0) {
		snprintf(r->err, sizeof r->err, "credentials in the URL refused");
		a2_warn("%s: %s", q.url, r->err);
		free((char *)q.url);
		r->body = a2_strdup("");
		return A2_EXIT_FAIL;
	}
	code = perform(&q, url, ctype, data, len);
	if (code == A2_EXIT_FAIL && r->err[0])
		a2_warn("%s: %s", q.url, r->err);
	free((char *)q.url);
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
http_same_origin(const char *a, const char *b)
{
	char *oa = origin(a), *ob = origin(b);
	int same = oa && ob && strcasecmp(oa, ob) == 0;

	free(oa);
	free(ob);
	return same;
}
