/*
 * hyp3.c: the HyP3 client (see hyp3.h).  Section numbers refer to the
 * HyP3/GUNW facts (hyp3-gunw.md); §8 corrects the earlier sections.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/hyp3.h"
#include "net/jobrec.h"
#include "net/netrc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define HYP3_FIRST_DATE "2014-06-15"
#define HYP3_MAX_FRAME  27397

/* endpoint + path, one slash between (new) */
static char *
api_url(const char *endpoint, const char *path)
{
	size_t n = strlen(endpoint);

	while (n && endpoint[n - 1] == '/')
		n--;
	return a2_asprintf("%.*s%s", (int)n, endpoint, path);
}

/* ---- logging in (§2) ---- */

static int
read_token(struct hyp3 *h)
{
	struct stat st;
	size_t len, n;
	char *text;

	if (stat(h->token_file, &st) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: token file:", h->token_file);
	if (st.st_mode & 077)
		a2_die_code(A2_EXIT_USAGE, "%s: token file readable by others: chmod 600 it",
		    h->token_file);
	text = a2_read_file(h->token_file, 16384, &len);
	n = strcspn(text, "\r\n");
	if (n == 0) {
		free(text);
		a2_warn("%s: empty token file", h->token_file);
		return A2_EXIT_NOPERM;
	}
	h->auth = a2_asprintf("Authorization: Bearer %.*s", (int)n, text);
	explicit_bzero(text, len);
	free(text);
	return A2_EXIT_OK;
}

/* The value of key in the query of url (percent-decoded, new), or NULL. */
static char *
query_value(const char *url, const char *key)
{
	const char *q = url ? strchr(url, '?') : NULL;
	size_t k = strlen(key);

	while (q && *q) {
		q++;
		if (strncmp(q, key, k) == 0 && q[k] == '=') {
			const char *v = q + k + 1;
			size_t n = strcspn(v, "&#");
			char *out = a2_malloc(n + 1), *o = out;

			for (size_t i = 0; i < n; i++) {
				unsigned x;
				if (v[i] == '%' && i + 2 < n && sscanf(v + i + 1, "%2x", &x) == 1) {
					*o++ = (char)x;
					i += 2;
				} else
					*o++ = v[i] == '+' ? ' ' : v[i];
			}
			*o = '\0';
			return out;
		}
		q = strchr(q, '&');
	}
	return NULL;
}

/* §2.1: Basic credentials to the EDL host only (libcurl keeps them off
 * the hosts it is redirected to), cookies kept, asf-urs read at the end. */
static int
cookie_flow(struct hyp3 *h)
{
	struct http_opts lo = h->http;
	struct http_resp r;
	char *host = http_url_host(h->login_url), *login = NULL, *pw = NULL, *up, *msg, *jwt;
	const char *netrc = h->http.netrc ? h->http.netrc : "~/.netrc";
	int code;

	if (!host || netrc_find(h->http.netrc, host, &login, &pw) != 0) {
		a2_warn("no Earthdata Login credentials: no entry for %s in %s (or give --token-file)",
		    host ? host : h->login_url, netrc);
		free(host);
		return A2_EXIT_NOPERM;
	}
	up = a2_asprintf("%s:%s", login, pw);
	netrc_free(login);
	netrc_free(pw);
	lo.userpwd = up;
	lo.basic_first = 1;
	lo.headers = NULL;
	lo.share = http_session_new();
	code = http_get(h->login_url, &lo, &r);
	http_free_secret(up);
	if (code != A2_EXIT_OK)
		goto out;
	if ((msg = query_value(r.url, "error_msg")) != NULL) {
		char *res = query_value(r.url, "resolution_url");
		if (strstr(msg, "Please update your profile"))
			a2_warn("Earthdata Login: %s: https://urs.earthdata.nasa.gov/profile", msg);
		else
			a2_warn("Earthdata Login: %s%s%s", msg, res ? ": " : "", res ? res : "");
		free(res);
		free(msg);
		code = A2_EXIT_NOPERM;
	} else if (r.status < 200 || r.status > 299) {
		a2_warn("Earthdata Login: HTTP %ld: credentials refused (check the %s entry of %s)",
		    r.status, host, netrc);
		code = A2_EXIT_NOPERM;
	} else if (!(jwt = http_session_cookie(lo.share, "asf-urs"))) {
		a2_warn("Earthdata Login: no asf-urs cookie came back from %s", r.url);
		code = A2_EXIT_NOPERM;
	} else {
		/* §2.1 step 4: sent to the API host whatever its domain */
		h->auth = a2_asprintf("Cookie: asf-urs=%s", jwt);
		http_free_secret(jwt);
		a2_log("Earthdata Login: logged in as the %s entry of %s", host, netrc);
	}
out:
	http_resp_free(&r);
	http_session_free(lo.share);
	free(host);
	return code;
}

int
hyp3_login(struct hyp3 *h)
{
	int code;

	if (h->logged_in)
		return A2_EXIT_OK;
	code = h->token_file ? read_token(h) : cookie_flow(h);
	if (code != A2_EXIT_OK)
		return code;
	h->hdrs[0] = h->auth;
	h->hdrs[1] = NULL;
	h->api = h->http;
	h->api.headers = h->hdrs;
	h->api.userpwd = NULL;
	/* no netrc password to the API: the header is its credential */
	h->api.netrc = "/dev/null";
	h->logged_in = 1;
	return A2_EXIT_OK;
}

void
hyp3_logout(struct hyp3 *h)
{
	http_free_secret(h->auth);
	h->auth = NULL;
	h->logged_in = 0;
}

/* ---- API calls (§1.2, §1.7, §8.7) ---- */

/* HyP3's words: detail of a problem+json body, else its first line. */
static char *
detail_of(const struct http_resp *r)
{
	json_t *j = json_loadb(r->body, r->len, 0, NULL);
	const char *d = a2_json_str(j, "detail");
	char *s;
	size_t n;

	if (d)
		s = a2_strdup(d);
	else {
		n = strcspn(r->body, "\r\n");
		s = a2_strndup(r->body, n > 300 ? 300 : n);
	}
	json_decref(j);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

/*
 * GET url, or POST body (JSON) to it, with the login header; *out: the
 * answer's JSON object.  An A2_EXIT_* status, with what HyP3 said.
 */
static int
call(struct hyp3 *h, const char *url, const char *body, json_t **out)
{
	struct http_resp r;
	char *shown, *d;
	int code;

	*out = NULL;
	if ((code = hyp3_login(h)) != A2_EXIT_OK)
		return code;
	shown = a2_url_strip_credentials(url);
	code = body ? http_post(url, "application/json", body, strlen(body), &h->api, &r) :
	    http_get(url, &h->api, &r);
	if (code != A2_EXIT_OK)
		goto out;
	if (r.status == 200) {
		/* json_is_object() is a macro that evaluates its argument twice */
		*out = json_loadb(r.body, r.len, 0, NULL);
		if (!json_is_object(*out)) {
			a2_warn("%s: the answer is not a JSON object", shown);
			json_decref(*out);
			*out = NULL;
			code = A2_EXIT_FAIL;
		}
		goto out;
	}
	d = detail_of(&r);
	a2_warn("%s: HTTP %ld: %s", shown, r.status, *d ? d : "(no detail)");
	if (r.status == 401 || r.status == 403 || (r.status == 400 && strstr(d, " credits")))
		code = A2_EXIT_NOPERM;
	else if (r.status == 400 && body)
		code = A2_EXIT_USAGE;
	else
		code = A2_EXIT_FAIL;
	free(d);
out:
	http_resp_free(&r);
	free(shown);
	return code;
}

/* ---- submitting (§1.3, §1.6) ---- */

json_t *
hyp3_gunw_params(json_t *pair, char *err, size_t n)
{
	json_t *f = json_object_get(pair, "frame_id"), *p;
	const char *ref = a2_json_str(pair, "reference_date");
	const char *sec = a2_json_str(pair, "secondary_date");
	long first = jobrec_date_days(HYP3_FIRST_DATE);

	if (!json_is_integer(f) || json_integer_value(f) < 0 ||
	    json_integer_value(f) > HYP3_MAX_FRAME) {
		snprintf(err, n, "frame_id: not an integer from 0 to %d", HYP3_MAX_FRAME);
		return NULL;
	}
	if (!ref || jobrec_date_days(ref) < 0 || !sec || jobrec_date_days(sec) < 0) {
		snprintf(err, n, "reference_date and secondary_date: not YYYY-MM-DD dates");
		return NULL;
	}
	if (jobrec_date_days(ref) < first || jobrec_date_days(sec) < first) {
		snprintf(err, n, "%s: before the start of the Sentinel-1 mission (%s)",
		    jobrec_date_days(sec) < first ? sec : ref, HYP3_FIRST_DATE);
		return NULL;
	}
	if (jobrec_date_days(sec) >= jobrec_date_days(ref)) {
		snprintf(err, n, "secondary_date %s is not before reference_date %s", sec, ref);
		return NULL;
	}
	p = json_object();
	a2_json_set(p, "reference_date", json_string(ref));
	a2_json_set(p, "secondary_date", json_string(sec));
	a2_json_set(p, "frame_id", json_integer(json_integer_value(f)));
	return p;
}

char *
hyp3_record_name(json_t *params)
{
	const char *r = a2_json_str(params, "reference_date");
	const char *s = a2_json_str(params, "secondary_date");

	if (!r || !s || strlen(r) != 10 || strlen(s) != 10)
		return NULL;
	return a2_asprintf("F%lld-%.4s%.2s%.2s_%.4s%.2s%.2s.json",
	    (long long)json_integer_value(json_object_get(params, "frame_id")),
	    r, r + 5, r + 8, s, s + 5, s + 8);
}

int
hyp3_check_credits(struct hyp3 *h, long njobs)
{
	char *url = api_url(h->endpoint, "/user"), *shown = a2_url_strip_credentials(url);
	json_t *u, *rc;
	const char *st;
	int code = call(h, url, NULL, &u);

	if (code != A2_EXIT_OK)
		goto out;
	st = a2_json_str(u, "application_status");
	rc = json_object_get(u, "remaining_credits");
	if (!st || strcmp(st, "APPROVED") != 0) {
		/* §1.3 step 2: HyP3 refuses jobs of users it has not approved */
		a2_warn("%s: HyP3 user %s: application_status %s: not approved to submit jobs "
		    "(https://hyp3-docs.asf.alaska.edu/using/requesting_access)", shown,
		    a2_json_str(u, "user_id") ? a2_json_str(u, "user_id") : "?", st ? st : "missing");
		code = A2_EXIT_NOPERM;
	} else if (json_is_number(rc) && json_number_value(rc) < (double)njobs * HYP3_GUNW_COST) {
		a2_warn("%s: %ld job%s would cost %ld credits, but HyP3 user %s has only %g remaining "
		    "(credits renew on the first day of each month, UTC)", shown, njobs,
		    njobs == 1 ? "" : "s", njobs * HYP3_GUNW_COST,
		    a2_json_str(u, "user_id") ? a2_json_str(u, "user_id") : "?", json_number_value(rc));
		code = A2_EXIT_NOPERM;
	} else
		a2_log("%s: %s remaining credits, %ld needed", shown,
		    json_is_number(rc) ? "enough" : "unlimited", njobs * HYP3_GUNW_COST);
	json_decref(u);
out:
	free(url);
	free(shown);
	return code;
}

int
hyp3_post_jobs(struct hyp3 *h, json_t *jobs, int validate_only, json_t **answer)
{
	json_t *body = json_object(), *a;
	char *url = api_url(h->endpoint, "/jobs"), *text;
	int code;

	if (validate_only)
		a2_json_set(body, "validate_only", json_true());
	json_object_set(body, "jobs", jobs);
	text = json_dumps(body, JSON_COMPACT);
	code = call(h, url, text, &a);
	*answer = NULL;
	if (code == A2_EXIT_OK) {
		if (!json_is_array(json_object_get(a, "jobs")) ||
		    json_array_size(json_object_get(a, "jobs")) != json_array_size(jobs)) {
			a2_warn("%s: the answer does not list the %zu jobs sent", url,
			    json_array_size(jobs));
			code = A2_EXIT_FAIL;
		} else
			*answer = json_incref(json_object_get(a, "jobs"));
	}
	json_decref(a);
	free(text);
	json_decref(body);
	free(url);
	return code;
}

json_t *
hyp3_record(const char *endpoint, json_t *job)
{
	static const char *keys[] = { "job_id", "job_type", "name", "job_parameters", "user_id",
		"request_time", "credit_cost" };
	json_t *r = json_object();
	char *e = a2_url_strip_credentials(endpoint);

	a2_json_set(r, "provider", json_string("hyp3"));
	a2_json_set(r, "endpoint", json_string(e));
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (json_object_get(job, keys[i]))
			json_object_set(r, keys[i], json_object_get(job, keys[i]));
	free(e);
	return r;
}

/* ---- polling (§1.4, §1.8, §8.1, §8.4) ---- */

static json_t *
line_for(const char *label, json_t *job)
{
	json_t *m = json_object();

	a2_json_set(m, "job", json_string(label));
	a2_json_set(m, "job_id", json_string(a2_json_str(job, "job_id")));
	return m;
}

/* The files of a succeeded job, each through fetch with its name and
 * size and no credential of any kind (§1.8). */
static int
download_files(const struct hyp3_poll *p, const char *label, json_t *job, json_t *state)
{
	json_t *files = json_object_get(job, "files"), *f;
	int code = A2_EXIT_OK, archive = 0;
	long got = 0;
	size_t i;

	json_array_foreach(files, i, f) {
		const char *url = a2_json_str(f, "url"), *name = a2_json_str(f, "filename");
		json_t *sz = json_object_get(f, "size"), *m;
		struct fetch_opts fo = p->fetch;
		int c;

		if (!json_object_get(f, "s3"))
			archive = 1;
		if (!url || !fetch_name_ok(name)) {
			a2_warn("%s: job %s: file %zu without url or usable filename", label,
			    a2_json_str(job, "job_id"), i);
			code = jobrec_worse(code, A2_EXIT_FAIL);
			continue;
		}
		fo.http.userpwd = NULL;
		fo.http.headers = NULL;
		fo.http.share = NULL;
		fo.http.netrc = "/dev/null";
		fo.name = name;
		fo.size = json_is_integer(sz) ? json_integer_value(sz) : -1;
		m = line_for(label, job);
		a2_json_set(m, "file", json_string(name));
		if ((c = jobrec_download(url, p->outdir, &fo, m, p->emit)) == A2_EXIT_OK)
			got++;
		code = jobrec_worse(code, c);
	}
	a2_json_set(state, "files", json_integer(json_array_size(files)));
	a2_json_set(state, "downloaded", json_integer(got));
	/* §8.1: answered from ASF's archive, its files have no s3 */
	a2_json_set(state, "archive", json_boolean(archive));
	return code;
}

static int
poll_job(const struct hyp3_poll *p, const char *label, json_t *job)
{
	const char *st = a2_json_str(job, "status_code"), *id = a2_json_str(job, "job_id");
	const char *exp = a2_json_str(job, "expiration_time");
	json_t *state = line_for(label, job), *logs = json_object_get(job, "logs");
	long long t;
	int code;

	a2_json_set(state, "status_code", st ? json_string(st) : NULL);
	if (!st || !id) {
		a2_warn("%s: not a HyP3 job (no job_id or status_code)", label);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
	} else if (strcmp(st, "PENDING") == 0 || strcmp(st, "RUNNING") == 0) {
		a2_json_set(state, "state", json_string(strcmp(st, "PENDING") == 0 ? "pending" :
		    "running"));
		a2_log("%s: job %s %s", label, id, st);
		code = A2_EXIT_TEMPFAIL;
	} else if (strcmp(st, "FAILED") == 0) {
		const char *log = json_string_value(json_array_get(logs, 0));
		a2_warn("%s: job %s FAILED%s%s", label, id, log ? "; its log: " : "", log ? log : "");
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
	} else if (strcmp(st, "SUCCEEDED") != 0) {
		a2_warn("%s: job %s: unknown status_code %s: trying again later", label, id, st);
		a2_json_set(state, "state", json_string("unknown"));
		code = A2_EXIT_TEMPFAIL;
	} else if (exp && (t = jobrec_iso_seconds(exp)) >= 0 && (long long)time(NULL) >= t) {
		a2_warn("%s: job %s expired at %s: HyP3 has deleted its files; submit the pair again",
		    label, id, exp);
		a2_json_set(state, "state", json_string("expired"));
		a2_json_set(state, "expiration_time", json_string(exp));
		code = A2_EXIT_FAIL;
	} else if (json_array_size(json_object_get(job, "files")) == 0) {
		a2_warn("%s: job %s SUCCEEDED but names no file", label, id);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
	} else if (a2_mkdirs(p->outdir, 0755) != 0) {
		a2_warn("%s:", p->outdir);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
	} else {
		code = download_files(p, label, job, state);
		a2_json_set(state, "state", json_string(code == A2_EXIT_OK ? "succeeded" :
		    "incomplete"));
		if (exp)
			a2_json_set(state, "expiration_time", json_string(exp));
	}
	p->emit(state, NULL);
	return code;
}

int
hyp3_poll_record(const struct hyp3_poll *p, const char *path)
{
	char *err = NULL, *url, *esc;
	json_t *rec = a2_json_load_object(path, &err), *job;
	const char *id, *ep, *prov;
	int code;

	if (!rec) {
		a2_warn("%s", err);
		free(err);
		return A2_EXIT_FAIL;
	}
	id = a2_json_str(rec, "job_id");
	prov = a2_json_str(rec, "provider");
	ep = a2_json_str(rec, "endpoint");
	if (!prov || strcmp(prov, "hyp3") != 0 || !id || !ep) {
		a2_warn("%s: not a hyp3submit job record", path);
		json_decref(rec);
		return A2_EXIT_FAIL;
	}
	if (!http_same_origin(ep, p->h->endpoint) && !http_same_origin(ep, HYP3_PROD_URL) &&
	    !http_same_origin(ep, HYP3_TEST_URL)) {
		/* the login's credential goes to ASF's APIs and the one asked for only */
		a2_warn("%s: submitted to %s: poll it with --endpoint %s", path, ep, ep);
		json_decref(rec);
		return A2_EXIT_USAGE;
	}
	esc = http_escape(id, 0);
	url = a2_asprintf("/jobs/%s", esc);
	free(esc);
	esc = url;
	url = api_url(ep, esc);
	free(esc);
	code = call(p->h, url, NULL, &job);
	if (code == A2_EXIT_OK)
		code = poll_job(p, path, job);
	json_decref(job);
	free(url);
	json_decref(rec);
	return code;
}

int
hyp3_poll_name(const struct hyp3_poll *p, const char *name)
{
	char *esc = http_escape(name, 0), *path = a2_asprintf("/jobs?name=%s", esc);
	char *url = api_url(p->h->endpoint, path);
	json_t *all = json_array(), *page, *j;
	int code = A2_EXIT_OK;
	size_t i;

	free(esc);
	free(path);
	/* §1.5, §8.6: next pages until there is no next; a page may be empty */
	while (url) {
		const char *next;

		if ((code = call(p->h, url, NULL, &page)) != A2_EXIT_OK)
			break;
		json_array_extend(all, json_object_get(page, "jobs"));
		next = a2_json_str(page, "next");
		free(url);
		url = next ? a2_strdup(next) : NULL;
		json_decref(page);
		if (url && !http_same_origin(url, p->h->endpoint)) {
			char *shown = a2_url_strip_credentials(url);
			a2_warn("%s: next page on another host than %s: not followed", shown,
			    p->h->endpoint);
			free(shown);
			code = A2_EXIT_FAIL;
			break;
		}
	}
	free(url);
	if (code == A2_EXIT_OK && json_array_size(all) == 0) {
		a2_warn("%s: no job named %s", p->h->endpoint, name);
		code = A2_EXIT_FAIL;
	}
	if (code == A2_EXIT_OK)
		json_array_foreach(all, i, j)
			code = jobrec_worse(code, poll_job(p, name, j));
	json_decref(all);
	return code;
}

int
hyp3_option(struct hyp3 *h, int c, const char *arg)
{
	switch (c) {
	case HYP3_O_ENDPOINT:
		h->endpoint = arg;
		return 1;
	case HYP3_O_LOGIN:
		h->login_url = arg;
		return 1;
	case HYP3_O_NETRC:
		h->http.netrc = arg;
		return 1;
	case HYP3_O_TEST:
		h->test = 1;
		return 1;
	case HYP3_O_TOKEN:
		h->token_file = arg;
		return 1;
	}
	return http_option(&h->http, c, arg, A2_NUMBER_RANGE);
}

void
hyp3_endpoint_default(struct hyp3 *h)
{
	if (h->test)
		h->endpoint = HYP3_TEST_URL;
	else if (!h->endpoint)
		h->endpoint = HYP3_PROD_URL;
}
