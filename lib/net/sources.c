/*
 * sources.c: what a SOURCE spec holds, and fetching it (see sources.h).
 * The portals' flows are those of ingest-jobs.md 3.1 (AUIG2) and 3.2
 * (Sentinel Asia), with the checks the original scripts lacked: a login
 * that did not take is an authentication error, never a saved "zip".
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/netrc.h"
#include "net/sources.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* A logged-in portal: the fetch options that carry its cookies. */
struct session {
	struct fetch_opts o;
	int state;              /* 0 not yet, 1 logged in, else the failed exit status */
};

static struct session auig2, sa;

/* The portals' pages: what a2fetch's downloads send, into memory. */
#define PAGE_MAX (16 << 20)

static int
page(struct session *s, const char *url, const char *form, struct http_resp *p)
{
	struct http_opts o = s->o.http;

	o.agent = "a2fetch";
	o.max_body = PAGE_MAX;
	return form ? http_post(url, NULL, form, strlen(form), &o, p) : http_get(url, &o, p);
}

static void
session_open(struct session *s, const struct fetch_opts *o)
{
	if (s->o.http.share)
		return;
	s->o = *o;
	s->o.http.share = http_session_new();
}

void
src_cleanup(void)
{
	struct session *all[] = { &auig2, &sa };

	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		http_session_free(all[i]->o.http.share);
		memset(all[i], 0, sizeof *all[i]);
	}
}

/*
 * Logs in at login_url with a form whose user and password fields are
 * ufield and pfield (plus extra, already encoded), credentials from the
 * netrc entry of its host.  The form body, holding the password, is wiped
 * once sent.  Returns 0 or an exit status; p holds the final answer.
 */
static int
form_login(struct session *s, const char *login_url, const char *ufield, const char *pfield,
    const char *extra, struct http_resp *p)
{
	char *host = http_url_host(login_url), *user, *pw, *eu, *ep, *form;
	int code;

	memset(p, 0, sizeof *p);
	if (!host) {
		a2_warn("%s: bad login URL", login_url);
		return A2_EXIT_USAGE;
	}
	if (netrc_find(s->o.http.netrc, host, &user, &pw) != 0) {
		a2_warn("%s: no credentials for %s in %s", login_url, host,
		    s->o.http.netrc ? s->o.http.netrc : "~/.netrc");
		free(host);
		return A2_EXIT_NOPERM;
	}
	free(host);
	/* the form page first: its session cookie must go with the login */
	if ((code = page(s, login_url, NULL, p)) != A2_EXIT_OK) {
		netrc_free(user);
		netrc_free(pw);
		return code;
	}
	http_resp_free(p);
	eu = http_escape(user, 0);
	ep = http_escape(pw, 0);
	netrc_free(user);
	netrc_free(pw);
	form = a2_asprintf("%s=%s&%s=%s%s", ufield, eu, pfield, ep, extra);
	netrc_free(eu);
	netrc_free(ep);
	a2_log("%s: logging in (POST %s=..., %s=(hidden))", login_url, ufield, pfield);
	code = page(s, login_url, form, p);
	netrc_free(form);
	if (code != A2_EXIT_OK)
		return code;
	if (p->status == 401 || p->status == 403) {
		a2_warn("%s: HTTP %ld: credentials refused", login_url, p->status);
		return A2_EXIT_NOPERM;
	}
	if (p->status >= 400) {
		a2_warn("%s: HTTP %ld", login_url, p->status);
		return A2_EXIT_FAIL;
	}
	return 0;
}

/* ---- plain URLs ---- */

static int
is_ftp_dir(const char *url)
{
	size_t n = strcspn(url, "?#");

	return strncasecmp(url, "ftp://", 6) == 0 && n > 6 && url[n - 1] == '/';
}

static int
one_url(const char *url, struct src_run *run, json_t *meta)
{
	struct fetch_result r;
	int code = run->list ? fetch_head(url, run->o, &r) : fetch_url(url, run->dir, run->o, &r);

	if (code == A2_EXIT_OK)
		run->emit(run->arg, meta, &r);
	fetch_result_free(&r);
	return code;
}

static int
src_url(const char *url, struct src_run *run)
{
	char *body, *line, *save = NULL;
	size_t len;
	int code, status = A2_EXIT_OK;

	if (!is_ftp_dir(url))
		return one_url(url, run, NULL);
	/* a directory: each plain file in it */
	if ((code = fetch_ftp_names(url, run->o, &body, &len)) != A2_EXIT_OK)
		return code;
	for (line = strtok_r(body, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *e, *u;
		const char *base = a2_basename(line);

		if (!fetch_name_ok(base))
			continue;
		e = http_escape(base, 0);
		u = a2_asprintf("%.*s%s", (int)strcspn(url, "?#"), url, e);
		code = one_url(u, run, NULL);
		if (code != A2_EXIT_OK && status == A2_EXIT_OK)
			status = code;
		free(e);
		free(u);
	}
	free(body);
	return status;
}

/* ---- AUIG2 (ingest-jobs.md 3.1) ---- */

static const char *
auig2_base(void)
{
	return a2_env("A2_AUIG2_URL", "https://auig2.jaxa.jp");
}

static int
auig2_login(const struct fetch_opts *o)
{
	struct http_resp p;
	char *url;
	int code;

	if (auig2.state)
		return auig2.state == 1 ? 0 : auig2.state;
	session_open(&auig2, o);
	url = a2_asprintf("%s/openam/UI/Login", auig2_base());
	code = form_login(&auig2, url, "IDToken1", "IDToken2", "", &p);
	/* OpenAM answers a refused login with its form again, as a 200, and
	 * gives an accepted one its SSO cookie */
	if (code == 0 && !http_session_has_cookie(auig2.o.http.share, "iPlanetDirectoryPro") &&
	    strstr(p.url, "/UI/Login")) {
		a2_warn("%s: login refused (the login form came back)", url);
		code = A2_EXIT_NOPERM;
	}
	http_resp_free(&p);
	free(url);
	auig2.state = code == 0 ? 1 : code;
	return code;
}

static int
src_auig2(const char *order, struct src_run *run)
{
	char *url, *src;
	json_t *meta;
	int code;

	if (!*order || order[strspn(order, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")]) {
		a2_warn("auig2:%s: bad order id", order);
		return A2_EXIT_USAGE;
	}
	url = a2_asprintf("%s/pp/service/download?downloadurl=/start/download/file&itemname=%s&itemtype=1",
	    auig2_base(), order);
	src = a2_asprintf("auig2:%s", order);
	meta = json_pack("{s:s, s:{s:s}}", "source", src, "auig2", "order_id", order);
	if (run->list) {
		/* an order is one file, named only when it is sent: list the URL */
		struct fetch_result r = { .url = url, .size = -1 };
		run->emit(run->arg, meta, &r);
		code = A2_EXIT_OK;
	} else if ((code = auig2_login(run->o)) == 0) {
		struct fetch_opts o = auig2.o;
		struct fetch_result r;

		o.need_name = 1;
		o.login_mark = "/UI/Login";
		code = fetch_url(url, run->dir, &o, &r);
		if (code == A2_EXIT_OK)
			run->emit(run->arg, meta, &r);
		fetch_result_free(&r);
	}
	json_decref(meta);
	free(src);
	free(url);
	return code;
}

/* ---- Sentinel Asia (ingest-jobs.md 3.2) ---- */

static const char *
sa_base(void)
{
	return a2_env("A2_SENTINEL_ASIA_URL", "https://sentinel.tksc.jaxa.jp/sentinel2");
}

static int
sa_login(const struct fetch_opts *o)
{
	struct http_resp p;
	char *url;
	int code;

	if (sa.state)
		return sa.state == 1 ? 0 : sa.state;
	session_open(&sa, o);
	url = a2_asprintf("%s/topControl.jsp", sa_base());
	code = form_login(&sa, url, "userid", "passwd", "&request=login&submit=login&loginId=", &p);
	if (code == 0 && !http_session_has_cookie(sa.o.http.share, "JSESSIONID")) {
		a2_warn("%s: no JSESSIONID cookie: not a session", url);
		code = A2_EXIT_FAIL;
	}
	http_resp_free(&p);
	free(url);
	sa.state = code == 0 ? 1 : code;
	return code;
}

/* GET a JSON endpoint of the logged-in portal: its records into *out. */
static int
sa_json(const char *url, json_t **out)
{
	struct http_resp p;
	char err[256];
	int code;

	*out = NULL;
	if ((code = page(&sa, url, NULL, &p)) != A2_EXIT_OK) {
		http_resp_free(&p);
		return code;
	}
	if (p.status == 401 || p.status == 403) {
		a2_warn("%s: HTTP %ld: access refused", url, p.status);
		code = A2_EXIT_NOPERM;
	} else if (p.status != 200) {
		a2_warn("%s: HTTP %ld", url, p.status);
		code = A2_EXIT_FAIL;
	} else if ((p.ctype && strncasecmp(p.ctype, "text/html", 9) == 0) ||
	    strstr(p.url, "topControl.jsp")) {
		a2_warn("%s: got an HTML page instead of JSON (login refused?)", url);
		code = A2_EXIT_NOPERM;
	} else if (!(*out = src_sa_records(p.body, p.len, err, sizeof err))) {
		a2_warn("%s: %s", url, err);
		code = A2_EXIT_FAIL;
	}
	http_resp_free(&p);
	return code;
}

/* The portal's wrapping of its records is not documented: take a
 * top-level array, or the first array in an object, or the object itself. */
json_t *
src_sa_records(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t e;
	json_t *j = json_loadb(body, len, 0, &e), *v, *r = NULL;
	const char *k;

	if (!j) {
		snprintf(err, errlen, "not JSON: %s (line %d)", e.text, e.line);
		return NULL;
	}
	if (json_is_array(j))
		return j;
	json_object_foreach(j, k, v)
		if (json_is_array(v)) {
			r = json_incref(v);
			break;
		}
	if (!r) {
		r = json_array();
		if (json_is_object(j))
			json_array_append(r, j);
	}
	json_decref(j);
	return r;
}

/* observeDateStr "16/Aug/2019" as 20190816, or -1 (30/Feb/2019 too:
 * strptime takes any day up to 31). */
static long
sa_date(const char *s)
{
	struct tm tm;
	const char *end;
	int mday;

	memset(&tm, 0, sizeof tm);
	if (!s || !(end = strptime(s, "%d/%b/%Y", &tm)) || *end)
		return -1;
	mday = tm.tm_mday;
	tm.tm_hour = 12;
	if (timegm(&tm) == -1 || tm.tm_mday != mday)
		return -1;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static json_t *
jstr_or_null(json_t *o, const char *k)
{
	const char *s = a2_json_str(o, k);

	return s ? json_string(s) : json_null();
}

json_t *
src_sa_eor_meta(json_t *eor)
{
	json_t *m = json_object();
	long d = sa_date(a2_json_str(eor, "observeDateStr"));

	json_object_set_new(m, "eor_id", jstr_or_null(eor, "requestId"));
	json_object_set_new(m, "eor_date", d < 0 ? json_null() :
	    json_sprintf("%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100));
	json_object_set_new(m, "disaster_type", jstr_or_null(eor, "disasterTypeStr"));
	json_object_set_new(m, "country", jstr_or_null(eor, "countryStr"));
	return m;
}

json_t *
src_sa_files(json_t *recs, json_t *seen)
{
	json_t *out = json_array(), *f;
	size_t i;

	json_array_foreach(recs, i, f) {
		const char *type = a2_json_str(f, "typeStr"), *id = a2_json_str(f, "dataId");

		if (!type || !strstr(type, "ALOS(Data)") || !id || !*id)
			continue;
		if (json_object_get(seen, id))
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append(out, f);
	}
	return out;
}

json_t *
src_sa_eors(json_t *recs, long from, long to)
{
	json_t *out = json_array(), *eor;
	size_t i;

	json_array_foreach(recs, i, eor) {
		long d = sa_date(a2_json_str(eor, "observeDateStr"));
		const char *id = a2_json_str(eor, "requestId");

		if (d < from || d > to || !id || !*id)
			continue;
		json_array_append_new(out, src_sa_eor_meta(eor));
	}
	return out;
}

static int
has_zip_suffix(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n > 4 && strcasecmp(name + n - 4, ".zip") == 0;
}

/*
 * One data id: HEAD (name, size: only zips are taken), then GET.  eor
 * and title (may be NULL) go into its record; single says whether a
 * non-zip is an error (data:ID) or is skipped (an EOR's listing).
 */
static int
sa_data(const char *id, json_t *eor, const char *title, int single, struct src_run *run)
{
	struct fetch_opts o = sa.o;
	struct fetch_result h, r;
	char *e = http_escape(id, 0), *url, *src;
	json_t *meta, *m;
	int code;

	url = a2_asprintf("%s/webresources/thumbnailEmob/download?dataId=%s", sa_base(), e);
	src = a2_asprintf("sentinel-asia:data:%s", id);
	m = eor ? json_deep_copy(eor) : json_object();
	json_object_set_new(m, "data_id", json_string(id));
	if (title)
		json_object_set_new(m, "title", json_string(title));
	meta = json_pack("{s:s, s:o}", "source", src, "sentinel_asia", m);
	o.need_name = 1;
	o.login_mark = "topControl.jsp";
	code = fetch_head(url, &o, &h);
	if (code == A2_EXIT_OK && !has_zip_suffix(h.name)) {
		a2_warn("%s: %s is not a zip (%s, %lld bytes): %s", src, h.url, h.name, h.size,
		    single ? "cannot process it" : "skipped");
		code = single ? A2_EXIT_FAIL : A2_EXIT_OK;
	} else if (code == A2_EXIT_OK && run->list)
		run->emit(run->arg, meta, &h);
	else if (code == A2_EXIT_OK) {
		code = fetch_url(url, run->dir, &o, &r);
		if (code == A2_EXIT_OK && h.size >= 0 && r.size != h.size) {
			a2_warn("%s: %lld bytes, the HEAD said %lld", src, r.size, h.size);
			code = A2_EXIT_FAIL;
		} else if (code == A2_EXIT_OK)
			run->emit(run->arg, meta, &r);
		fetch_result_free(&r);
	}
	fetch_result_free(&h);
	json_decref(meta);
	free(src);
	free(url);
	free(e);
	return code;
}

/* The ALOS(Data) files of one EOR whose metadata is eor. */
static int
sa_eor_files(const char *eor_id, json_t *eor, json_t *seen, struct src_run *run)
{
	char *e = http_escape(eor_id, 0);
	char *url = a2_asprintf("%s/webresources/thumbnailEmob/emergencyViewThumbnail"
	    "?requestId=%s&subsetName=Emergency+Observation&selectDate=", sa_base(), e);
	json_t *recs, *files, *f;
	size_t i;
	int code, status = A2_EXIT_OK;

	free(e);
	code = sa_json(url, &recs);
	free(url);
	if (code != A2_EXIT_OK)
		return code;
	files = src_sa_files(recs, seen);
	json_array_foreach(files, i, f) {
		code = sa_data(a2_json_str(f, "dataId"), eor, a2_json_str(f, "title"), 0, run);
		if (code != A2_EXIT_OK && status == A2_EXIT_OK)
			status = code;
		/* a refused login fails every file alike */
		if (code == A2_EXIT_NOPERM)
			break;
	}
	json_decref(files);
	json_decref(recs);
	return status;
}

static int
sa_eor(const char *eor_id, struct src_run *run)
{
	char *e = http_escape(eor_id, 0);
	char *url = a2_asprintf("%s/webresources/thumbnailEmob/viewBulletinContent?requestId=%s",
	    sa_base(), e);
	json_t *recs, *meta, *seen = json_object();
	int code;

	free(e);
	code = sa_json(url, &recs);
	free(url);
	if (code != A2_EXIT_OK) {
		json_decref(seen);
		return code;
	}
	meta = src_sa_eor_meta(json_array_get(recs, 0));
	if (json_is_null(json_object_get(meta, "eor_id")))
		json_object_set_new(meta, "eor_id", json_string(eor_id));
	code = sa_eor_files(eor_id, meta, seen, run);
	json_decref(meta);
	json_decref(recs);
	json_decref(seen);
	return code;
}

static long
yyyymmdd(const char *s, size_t n)
{
	struct tm tm;
	char buf[9];
	long v;

	if (n != 8 || strspn(s, "0123456789") < 8)
		return -1;
	memcpy(buf, s, 8);
	buf[8] = '\0';
	v = strtol(buf, NULL, 10);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = v / 10000 - 1900;
	tm.tm_mon = v / 100 % 100 - 1;
	tm.tm_mday = v % 100;
	tm.tm_hour = 12;
	/* timegm normalises 20190231 to March: not a date then */
	if (v / 100 % 100 < 1 || v / 100 % 100 > 12 || v % 100 < 1 || timegm(&tm) == -1 ||
	    tm.tm_mday != v % 100)
		return -1;
	return v;
}

static int
sa_since(const char *range, struct src_run *run)
{
	const char *colon = strchr(range, ':');
	long from = yyyymmdd(range, colon ? (size_t)(colon - range) : strlen(range)), to;
	char *url;
	json_t *recs, *eors, *meta, *seen;
	size_t i;
	int code, status = A2_EXIT_OK;

	if (colon)
		to = yyyymmdd(colon + 1, strlen(colon + 1));
	else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		to = (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	}
	if (from < 0 || to < 0 || to < from) {
		a2_warn("sentinel-asia:since:%s: want YYYYMMDD[:YYYYMMDD], start not after end", range);
		return A2_EXIT_USAGE;
	}
	url = a2_asprintf("%s/webresources/emobRequestSelect/viewList?subset_name=Emergency+Observation"
	    "&submit.countryIdx=&submit.disasterTypeIdx=", sa_base());
	code = sa_json(url, &recs);
	free(url);
	if (code != A2_EXIT_OK)
		return code;
	eors = src_sa_eors(recs, from, to);
	seen = json_object();
	json_array_foreach(eors, i, meta) {
		code = sa_eor_files(a2_json_str(meta, "eor_id"), meta, seen, run);
		if (code != A2_EXIT_OK && status == A2_EXIT_OK)
			status = code;
		if (code == A2_EXIT_NOPERM)
			break;
	}
	json_decref(seen);
	json_decref(eors);
	json_decref(recs);
	return status;
}

static int
src_sentinel_asia(const char *spec, struct src_run *run)
{
	const char *arg = strchr(spec, ':');
	size_t n = arg ? (size_t)(arg - spec) : 0;
	int code;

	if (!arg || !arg[1]) {
		a2_warn("sentinel-asia:%s: want data:ID, eor:EORID or since:YYYYMMDD[:YYYYMMDD]", spec);
		return A2_EXIT_USAGE;
	}
	arg++;
	if (!(n == 4 && strncmp(spec, "data", 4) == 0) && !(n == 3 && strncmp(spec, "eor", 3) == 0) &&
	    !(n == 5 && strncmp(spec, "since", 5) == 0)) {
		a2_warn("sentinel-asia:%s: want data:ID, eor:EORID or since:YYYYMMDD[:YYYYMMDD]", spec);
		return A2_EXIT_USAGE;
	}
	if ((code = sa_login(run->o)) != 0)
		return code;
	if (*spec == 'd')
		return sa_data(arg, NULL, NULL, 1, run);
	if (*spec == 'e')
		return sa_eor(arg, run);
	return sa_since(arg, run);
}

int
src_run(const char *spec, struct src_run *run)
{
	static const char *urls[] = { "http", "https", "ftp", "file", "dav", "davs", "s3" };
	size_t n = strcspn(spec, ":");

	if (spec[n] != ':') {
		a2_warn("%s: not a URL or source spec", spec);
		return A2_EXIT_FAIL;
	}
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++)
		if (strlen(urls[i]) == n && strncasecmp(spec, urls[i], n) == 0)
			return src_url(spec, run);
	if (n == 5 && strncmp(spec, "auig2", 5) == 0)
		return src_auig2(spec + 6, run);
	if (n == 13 && strncmp(spec, "sentinel-asia", 13) == 0)
		return src_sentinel_asia(spec + 14, run);
	a2_warn("%.*s: unknown source type", (int)n, spec);
	return A2_EXIT_FAIL;
}

/* ---- the original jobs' context ---- */

/* UTF-8 to code points and back: the shift works on characters. */
static int
utf8_next(const unsigned char **s, long *cp)
{
	const unsigned char *p = *s;
	int n = *p < 0x80 ? 0 : *p >= 0xf0 && *p < 0xf8 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : -1;

	if (n < 0)
		return -1;
	*cp = n == 0 ? *p : *p & (0x3f >> n);
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	return 0;
}

static int
utf8_put(char *o, long cp)
{
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	if (cp < 0x80)
		return o[0] = cp, 1;
	if (cp < 0x800)
		return o[0] = 0xc0 | cp >> 6, o[1] = 0x80 | (cp & 0x3f), 2;
	if (cp < 0x10000)
		return o[0] = 0xe0 | cp >> 12, o[1] = 0x80 | (cp >> 6 & 0x3f),
		    o[2] = 0x80 | (cp & 0x3f), 3;
	return o[0] = 0xf0 | cp >> 18, o[1] = 0x80 | (cp >> 12 & 0x3f),
	    o[2] = 0x80 | (cp >> 6 & 0x3f), o[3] = 0x80 | (cp & 0x3f), 4;
}

char *
src_auig2_decode(const char *in)
{
	const unsigned char *p = (const unsigned char *)in;
	char *out = a2_malloc(4 * strlen(in) + 1), *o = out;
	long cp;
	int k;

	for (long i = 0; *p; i++) {
		if (utf8_next(&p, &cp) != 0 || (k = utf8_put(o, cp - (i % 3 - 1))) < 0 ||
		    cp - (i % 3 - 1) == 0) {
			*o = '\0'; /* netrc_free wipes up to the NUL */
			netrc_free(out);
			return NULL;
		}
		o += k;
	}
	*o = '\0';
	return out;
}

char *
src_context_netrc(const char *context, const char *dir)
{
	json_error_t e;
	json_t *j = json_load_file(context, 0, &e);
	const char *user, *pw;
	char *plain, *host, *line, *path, *url;
	struct stat st;

	if (!j)
		a2_die_code(A2_EXIT_USAGE, "%s: %s (line %d)", context, e.text, e.line);
	if (stat(context, &st) == 0 && (st.st_mode & 077))
		a2_warn("%s: readable by others; it holds a password", context);
	user = a2_json_str(j, "auig2_username");
	pw = a2_json_str(j, "auig2_password");
	if (!user || !*user || !pw || !*pw) {
		json_decref(j);
		return NULL;
	}
	if (!(plain = src_auig2_decode(pw)))
		a2_die("%s: auig2_password: cannot be decoded", context);
	url = a2_asprintf("%s/openam/UI/Login", auig2_base());
	if (!(host = http_url_host(url)))
		a2_die_code(A2_EXIT_USAGE, "%s: bad A2_AUIG2_URL", auig2_base());
	if (a2_mkdirs(dir, 0755) != 0)
		a2_die("%s:", dir);
	line = netrc_line(host, user, plain);
	path = a2_path_join(dir, ".a2fetch.netrc");
	a2_write_file(path, line, strlen(line), 0600);
	netrc_free(line);
	netrc_free(plain);
	/* the jansson copy of the obfuscated form goes too */
	explicit_bzero((char *)pw, strlen(pw));
	free(host);
	free(url);
	json_decref(j);
	return path;
}
