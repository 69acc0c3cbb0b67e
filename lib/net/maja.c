/*
 * maja.c: the PEPS MAJA protocol (see maja.h): request URLs exactly as
 * the historic scripts sent them, WPS 1.0.0 status documents read with
 * GDAL's MiniXML, execution reports with jansson, the two catalogue
 * searches with their pagination, and the job records: submitting (WPS
 * Execute) and polling (status, report, downloads through fetch).
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/jobrec.h"
#include "net/maja.h"
#include "net/netrc.h"

#include <cpl_error.h>
#include <cpl_minixml.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* ---- validation ---- */

int
maja_tile(const char *in, char *out, size_t n)
{
	/* §6.2: 2 digits (UTM zone 0-6x), 1-3 letters, optional trailing % */
	static const char pat[] = "^[0-6][0-9][A-Za-z]{1,3}%?$";
	regex_t re;
	int ok;

	if (in[0] == 'T')
		in++;
	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0)
		a2_die("cannot compile the tile pattern");
	ok = regexec(&re, in, 0, NULL, 0) == 0 && strlen(in) < n;
	regfree(&re);
	if (!ok)
		return -1;
	for (size_t i = 0; in[i]; i++)
		out[i] = in[i] >= 'a' && in[i] <= 'z' ? in[i] - 'a' + 'A' : in[i];
	out[strlen(in)] = '\0';
	return 0;
}

char *
maja_check_period(const char *start, const char *end)
{
	long s = jobrec_date_days(start), e = jobrec_date_days(end);
	long first = jobrec_date_days(MAJA_FIRST_DATE);

	if (s < 0)
		return a2_asprintf("start date %s: not a date (YYYY-MM-DD)", start);
	if (e < 0)
		return a2_asprintf("end date %s: not a date (YYYY-MM-DD)", end);
	/* README's rule: the start (the 2019 script tested the end) */
	if (s < first)
		return a2_asprintf("start date %s: MAJA processing must start on or after %s "
		    "(earlier L1C products lack information MAJA needs)", start, MAJA_FIRST_DATE);
	if (e <= s)
		return a2_asprintf("end date %s: not after the start date %s", end, start);
	if (e - s < MAJA_MIN_DAYS)
		return a2_asprintf("%s to %s is %ld days: MAJA needs at least %d days "
		    "(two months) to initialise", start, end, e - s, MAJA_MIN_DAYS);
	if (e - s > MAJA_MAX_DAYS)
		return a2_asprintf("%s to %s is %ld days: at most %d days (one year) per request; "
		    "split the period", start, end, e - s, MAJA_MAX_DAYS);
	return NULL;
}

/* ---- request URLs ---- */

static const char *
sep(const char *endpoint)
{
	return strchr(endpoint, '?') ? "&" : "?";
}

char *
maja_full_url(const char *endpoint, const char *start, const char *end, const char *tile,
    int orbit)
{
	char orb[32] = "";

	/* §6.3: the datainputs values go as they are, not URL-encoded */
	if (orbit > 0)
		snprintf(orb, sizeof orb, ";relativeOrbitNumber=%d", orbit);
	return a2_asprintf("%s%srequest=execute&service=WPS&version=1.0.0&identifier=FULL_MAJA"
	    "&datainputs=startDate=%s;completionDate=%s;tileid=%s%s"
	    "&status=true&storeExecuteResponse=true", endpoint, sep(endpoint), start, end, tile, orb);
}

char *
maja_single_url(const char *endpoint, const char *product)
{
	return a2_asprintf("%s%sservice=WPS&request=execute&version=1.0.0&identifier=MAJA"
	    "&datainputs=product=%s&storeExecuteResponse=true&status=true&title=Maja-Process",
	    endpoint, sep(endpoint), product);
}

char *
maja_update_url(const char *endpoint, const char *wps_id)
{
	return a2_asprintf("%s%srequest=execute&service=WPS&version=1.0.0"
	    "&identifier=PROCESSING_STATUS&datainputs=wps_id=%s&status=false"
	    "&storeExecuteResponse=false", endpoint, sep(endpoint), wps_id);
}

char *
maja_wps_id(const char *loc)
{
	const char *end = loc + strcspn(loc, "?#"), *seg = loc;
	size_t n;

	for (const char *p = loc; p < end; p++)
		if (*p == '/')
			seg = p + 1;
	n = end - seg;
	if (n > 4 && strncmp(seg + n - 4, ".xml", 4) == 0)
		n -= 4;
	if (n > 6 && strncmp(seg, "pywps-", 6) == 0)
		seg += 6, n -= 6;
	return n ? a2_strndup(seg, n) : NULL;
}

/* ---- WPS documents ---- */

const char *
maja_wps_state_name(int state)
{
	static const char *names[] = { "none", "accepted", "started", "paused", "succeeded", "failed" };

	return state >= 0 && state <= MAJA_WPS_FAILED ? names[state] : "none";
}

/* The first element called name at or below node, siblings included. */
static CPLXMLNode *
find(CPLXMLNode *node, const char *name)
{
	for (; node; node = node->psNext) {
		CPLXMLNode *c;

		if (node->eType != CXT_Element)
			continue;
		if (strcmp(node->pszValue, name) == 0)
			return node;
		if ((c = find(node->psChild, name)) != NULL)
			return c;
	}
	return NULL;
}

static void
find_last(CPLXMLNode *node, const char *name, CPLXMLNode **last)
{
	for (; node; node = node->psNext) {
		if (node->eType != CXT_Element)
			continue;
		if (strcmp(node->pszValue, name) == 0)
			*last = node;
		find_last(node->psChild, name, last);
	}
}

static char *
text_of(CPLXMLNode *node)
{
	for (CPLXMLNode *c = node ? node->psChild : NULL; c; c = c->psNext)
		if (c->eType == CXT_Text)
			return a2_strdup(c->pszValue);
	return NULL;
}

static char *
attr_of(CPLXMLNode *node, const char *name)
{
	for (CPLXMLNode *c = node ? node->psChild : NULL; c; c = c->psNext)
		if (c->eType == CXT_Attribute && strcmp(c->pszValue, name) == 0)
			return text_of(c);
	return NULL;
}

static void
exception(CPLXMLNode *node, struct maja_wps *w)
{
	CPLXMLNode *e = find(node, "Exception");

	if (!e)
		return;
	w->exception_code = attr_of(e, "exceptionCode");
	w->text = text_of(find(e->psChild, "ExceptionText"));
}

int
maja_wps_parse(const char *xml, struct maja_wps *w)
{
	static const char *states[] = { NULL, "ProcessAccepted", "ProcessStarted", "ProcessPaused",
		"ProcessSucceeded", "ProcessFailed" };
	CPLXMLNode *doc, *root, *st, *ref = NULL;

	memset(w, 0, sizeof *w);
	w->percent = -1;
	CPLPushErrorHandler(CPLQuietErrorHandler);
	doc = CPLParseXMLString(xml);
	CPLPopErrorHandler();
	if (!doc)
		return -1;
	/* prefixes differ between servers (wps:, default namespace) */
	CPLStripXMLNamespace(doc, NULL, TRUE);
	if ((root = find(doc, "ExceptionReport")) != NULL && !find(doc, "ExecuteResponse")) {
		w->exception_report = 1;
		exception(root, w);
		CPLDestroyXMLNode(doc);
		return 0;
	}
	if (!(root = find(doc, "ExecuteResponse"))) {
		CPLDestroyXMLNode(doc);
		return -1;
	}
	w->status_location = attr_of(root, "statusLocation");
	w->process = text_of(find(find(root->psChild, "Process"), "Identifier"));
	if ((st = find(root->psChild, "Status")) != NULL) {
		for (int i = 1; i <= MAJA_WPS_FAILED; i++) {
			CPLXMLNode *s = find(st->psChild, states[i]);
			char *pc;

			if (!s)
				continue;
			w->state = i;
			if ((pc = attr_of(s, "percentCompleted")) != NULL) {
				w->percent = atoi(pc);
				free(pc);
			}
			if (i == MAJA_WPS_FAILED)
				exception(s, w);
			else
				w->text = text_of(s);
			break;
		}
	}
	/* the scripts follow the last reference: the JSON report */
	find_last(root->psChild, "Reference", &ref);
	if (ref)
		w->reference = attr_of(ref, "href");
	CPLDestroyXMLNode(doc);
	return 0;
}

void
maja_wps_free(struct maja_wps *w)
{
	free(w->status_location);
	free(w->process);
	free(w->text);
	free(w->exception_code);
	free(w->reference);
	memset(w, 0, sizeof *w);
}

/* ---- execution report ---- */

int
maja_report_parse(const char *text, size_t len, struct maja_report *r, char *err, size_t n)
{
	json_error_t je;
	json_t *ui, *v;

	memset(r, 0, sizeof *r);
	r->unprocessed = -1;
	if (!(r->root = json_loadb(text, len, 0, &je))) {
		snprintf(err, n, "not JSON: %s (line %d)", je.text, je.line);
		return -1;
	}
	ui = json_object_get(r->root, "USER_INFO");
	if (!json_is_object(ui) || !(r->job_status = a2_json_str(ui, "job_status"))) {
		snprintf(err, n, "no USER_INFO.job_status");
		maja_report_free(r);
		return -1;
	}
	r->results = json_object_get(ui, "results");
	if (r->results && !json_is_array(r->results)) {
		snprintf(err, n, "USER_INFO.results is not an array");
		maja_report_free(r);
		return -1;
	}
	/* numbers come as numbers or as numeric strings */
	v = json_object_get(ui, "unprocessed");
	if (json_is_integer(v))
		r->unprocessed = json_integer_value(v);
	else if (json_is_string(v) && *json_string_value(v))
		r->unprocessed = strtoll(json_string_value(v), NULL, 10);
	v = json_object_get(ui, "process");
	if (json_is_string(v))
		r->process = a2_strdup(json_string_value(v));
	else if (json_is_number(v))
		r->process = a2_asprintf("%g", json_number_value(v));
	r->message = a2_json_str(ui, "message");
	return 0;
}

void
maja_report_free(struct maja_report *r)
{
	free(r->process);
	json_decref(r->root);
	memset(r, 0, sizeof *r);
}

/* ---- credentials ---- */

char *
maja_auth_read(const char *path)
{
	struct stat st;
	size_t len, n;
	char *text = a2_read_file(path, 1 << 16, &len), *sp, *up;

	if (stat(path, &st) == 0 && (st.st_mode & 077))
		a2_warn("%s: readable by others; chmod 600 it", path);
	n = strcspn(text, "\n");
	text[n] = '\0';
	if (n && text[n - 1] == '\r')
		text[--n] = '\0';
	/* §2.1: exactly two fields split on one space */
	sp = strchr(text, ' ');
	if (!sp || sp == text || !sp[1] || strchr(sp + 1, ' ')) {
		explicit_bzero(text, len);
		free(text);
		a2_die_code(A2_EXIT_USAGE, "%s: the first line must be 'email password'", path);
	}
	*sp = ':';
	up = a2_strdup(text);
	explicit_bzero(text, len);
	free(text);
	return up;
}

/* ---- searches ---- */

/* A2_EXIT_* for a search answer that is not a 200. */
static int
answer_code(const char *url, const struct http_resp *r)
{
	if (r->status == 401 || r->status == 403) {
		a2_warn("%s: HTTP %ld: access refused", url, r->status);
		return A2_EXIT_NOPERM;
	}
	a2_warn("%s: HTTP %ld", url, r->status);
	return A2_EXIT_FAIL;
}

static json_t *
load_page(const char *url, const struct http_resp *r, int *code)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);

	if (!json_is_object(j)) {
		a2_warn("%s: answer is not a JSON object", url);
		json_decref(j);
		*code = A2_EXIT_FAIL;
		return NULL;
	}
	return j;
}

json_t *
maja_resto_search(const char *base, const struct maja_where *w, int page_size,
    const struct http_opts *o, int *code)
{
	json_t *ids = json_array(), *seen = json_object();
	char *where = NULL;
	char orb[16];
	long long total = -1;

	*code = A2_EXIT_OK;
	if (w->tile)
		where = a2_asprintf("tileid=%s", w->tile);
	else if (w->place) {
		char *q = http_escape(w->place, 0);
		where = a2_asprintf("q=%s", q);
		free(q);
	} else if (w->point)
		where = a2_asprintf("lat=%f&lon=%f", w->lat, w->lon);
	else if (w->box)
		where = a2_asprintf("box=%g,%g,%g,%g", w->bbox[0], w->bbox[1], w->bbox[2], w->bbox[3]);
	snprintf(orb, sizeof orb, "_R%03d", w->orbit);
	for (int page = 1;; page++) {
		struct http_resp r;
		char *url = a2_asprintf("%s/S2ST/search.json?productType=S2MSI1C%s%s"
		    "&startDate=%s&completionDate=%s&maxRecords=%d&page=%d", base,
		    where ? "&" : "", where ? where : "", w->start, w->end, page_size, page);
		json_t *j, *feats, *f, *t;
		size_t i, n, fresh = 0;

		*code = http_get(url, o, &r);
		if (*code == A2_EXIT_OK && r.status != 200)
			*code = answer_code(url, &r);
		j = *code == A2_EXIT_OK ? load_page(url, &r, code) : NULL;
		http_resp_free(&r);
		if (!j) {
			free(url);
			break;
		}
		if (json_object_get(j, "ErrorCode")) {
			/* resto errors: {"ErrorCode":N,"ErrorMessage":"..."} */
			const char *m = a2_json_str(j, "ErrorMessage");
			a2_warn("%s: catalogue error %lld: %s", url,
			    json_integer_value(json_object_get(j, "ErrorCode")), m ? m : "?");
			*code = m && strcmp(m, "Unauthorized") == 0 ? A2_EXIT_NOPERM : A2_EXIT_FAIL;
			json_decref(j);
			free(url);
			break;
		}
		t = json_object_get(json_object_get(j, "properties"), "totalResults");
		if (!t)
			t = json_object_get(j, "totalResults");
		if (json_is_integer(t))
			total = json_integer_value(t);
		feats = json_object_get(j, "features");
		n = json_array_size(feats);
		json_array_foreach(feats, i, f) {
			const char *id = a2_json_str(json_object_get(f, "properties"), "productIdentifier");
			const char *hit;

			if (!id || json_object_get(seen, id))
				continue;
			json_object_set_new(seen, id, json_true());
			fresh++;
			/* §4.1: the orbit filter is the client's, _RNNN past index 0 */
			if (w->orbit > 0 && (!(hit = strstr(id, orb)) || hit == id))
				continue;
			json_array_append_new(ids, json_string(id));
		}
		json_decref(j);
		a2_log("%s: %zu products", url, n);
		free(url);
		/* a page of nothing new (a server ignoring page=) ends it too */
		if (n == 0 || fresh == 0 || (total >= 0 && (long long)json_object_size(seen) >= total) ||
		    (total < 0 && n < (size_t)page_size))
			break;
	}
	free(where);
	json_decref(seen);
	if (*code != A2_EXIT_OK) {
		json_decref(ids);
		return NULL;
	}
	return ids;
}

static int
is_data_asset(json_t *a)
{
	json_t *roles = json_object_get(a, "roles"), *r;
	const char *type = a2_json_str(a, "type");
	size_t i;
	int data = 0;

	json_array_foreach(roles, i, r)
		if (json_is_string(r) && strcmp(json_string_value(r), "data") == 0)
			data = 1;
	/* §14: the data asset, not its XML metadata */
	return data && !(type && strcasestr(type, "xml"));
}

static json_t *
geodes_item(json_t *f)
{
	json_t *out = json_object(), *assets = json_array(), *a;
	json_t *props = json_object_get(f, "properties");
	const char *id = a2_json_str(f, "id"), *key, *dt;

	dt = a2_json_str(props, "start_datetime");
	if (!dt)
		dt = a2_json_str(props, "datetime");
	a2_json_set(out, "id", json_string(id));
	a2_json_set(out, "datetime", dt ? json_string(dt) : NULL);
	json_object_foreach(json_object_get(f, "assets"), key, a) {
		const char *href = a2_json_str(a, "href");
		json_t *o, *size = json_object_get(a, "file:size");
		char *name;

		if (!href || !is_data_asset(a))
			continue;
		name = fetch_name_from_url(href);
		/* download endpoints often end in a generic segment */
		if (!name || !strchr(name, '.')) {
			free(name);
			name = a2_asprintf("%s%s%s", id, strcmp(key, "data") ? "_" : "",
			    strcmp(key, "data") ? key : "");
			if (a2_json_str(a, "type") && strcasestr(a2_json_str(a, "type"), "zip")) {
				char *z = a2_asprintf("%s.zip", name);
				free(name);
				name = z;
			}
		}
		o = json_object();
		a2_json_set(o, "key", json_string(key));
		a2_json_set(o, "href", json_string(href));
		a2_json_set(o, "name", json_string(name));
		if (json_is_integer(size))
			a2_json_set(o, "size", json_integer(json_integer_value(size)));
		json_array_append_new(assets, o);
		free(name);
	}
	a2_json_set(out, "assets", assets);
	return out;
}

json_t *
maja_geodes_search(const char *base, const struct maja_where *w, int page_size,
    const struct http_opts *o, int *code)
{
	json_t *items = json_array(), *seen = json_object();
	char *url = a2_asprintf("%s/search", base);
	char *gte = a2_asprintf("%sT00:00:00Z", w->start);
	char *lte = a2_asprintf("%sT23:59:59Z", w->end);
	char *grid = a2_asprintf("T%s", w->tile);

	*code = A2_EXIT_OK;
	for (int page = 1;; page++) {
		json_t *body = json_pack("{s:i, s:i, s:[s], s:{s:{s:s}, s:{s:s}, s:{s:s}},"
		    " s:[{s:s, s:s}]}", "page", page, "limit", page_size,
		    "collections", MAJA_GEODES_COLLECTION,
		    "query", "grid:code", "contains", grid, "end_datetime", "gte", gte,
		    "start_datetime", "lte", lte,
		    "sortBy", "field", "start_datetime", "direction", "asc");
		json_t *j, *feats, *f, *l, *matched;
		struct http_resp r;
		char *text;
		size_t i, n, fresh = 0;
		int next = 0;

		if (w->orbit > 0)
			json_object_set_new(json_object_get(body, "query"), "sat:relative_orbit",
			    json_pack("{s:i}", "eq", w->orbit));
		text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		*code = http_post(url, "application/json", text, strlen(text), o, &r);
		free(text);
		if (*code == A2_EXIT_OK && r.status != 200)
			*code = answer_code(url, &r);
		j = *code == A2_EXIT_OK ? load_page(url, &r, code) : NULL;
		http_resp_free(&r);
		if (!j)
			break;
		feats = json_object_get(j, "features");
		n = json_array_size(feats);
		json_array_foreach(feats, i, f) {
			const char *id = a2_json_str(f, "id");

			if (!id || json_object_get(seen, id))
				continue;
			json_object_set_new(seen, id, json_true());
			fresh++;
			json_array_append_new(items, geodes_item(f));
		}
		json_array_foreach(json_object_get(j, "links"), i, l)
			if (a2_json_str(l, "rel") && strcmp(a2_json_str(l, "rel"), "next") == 0)
				next = 1;
		matched = json_object_get(j, "numberMatched");
		if (!matched)
			matched = json_object_get(json_object_get(j, "context"), "matched");
		if (json_is_integer(matched))
			next = (long long)json_object_size(seen) < json_integer_value(matched);
		json_decref(j);
		if (n == 0 || fresh == 0 || !next)
			break;
	}
	free(url);
	free(gte);
	free(lte);
	free(grid);
	json_decref(seen);
	if (*code != A2_EXIT_OK) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* ---- requests and job records (§4.1, §6) ---- */

/* Whether start..end is a period of real dates. */
static int
is_period(const char *start, const char *end)
{
	return jobrec_date_days(start) >= 0 && jobrec_date_days(end) >= 0 &&
	    jobrec_date_days(end) >= jobrec_date_days(start);
}

char *
maja_check_where(struct maja_where *w, int mode)
{
	int geo = !!w->tile + !!w->place + w->point + w->box;

	if (mode == MAJA_SINGLE) {
		/* §4.1: one place, and only one */
		if (geo != 1)
			return a2_strdup("--single needs one of -t, -l, --lat/--lon, --box");
		if (!w->end)
			w->end = "9999-01-01";
	} else {
		if (!w->tile || geo != 1)
			return a2_strdup("a tile (-t) and nothing else says where");
		if (!w->end)
			return a2_strdup("no end date (-e YYYY-MM-DD)");
		if (mode == MAJA_FULL)
			return maja_check_period(w->start, w->end);
	}
	if (!is_period(w->start, w->end))
		return a2_asprintf("%s to %s: not a period of YYYY-MM-DD dates", w->start, w->end);
	return NULL;
}

json_t *
maja_record(const char *provider, const char *endpoint, const char *process,
    const struct maja_where *w)
{
	json_t *j = json_object();
	char *e = a2_url_strip_credentials(endpoint), when[40];

	a2_iso_now(when, sizeof when);
	a2_json_set(j, "provider", json_string(provider));
	a2_json_set(j, "endpoint", json_string(e));
	a2_json_set(j, "process", json_string(process));
	a2_json_set(j, "tile", w->tile ? json_string(w->tile) : NULL);
	a2_json_set(j, "start_date", json_string(w->start));
	a2_json_set(j, "end_date", json_string(w->end));
	a2_json_set(j, "orbit", w->orbit ? json_integer(w->orbit) : NULL);
	a2_json_set(j, "submitted", json_string(when));
	free(e);
	return j;
}

int
maja_execute(const char *url, const struct http_opts *o, const char *respfile,
    const char *creds, json_t *job)
{
	struct http_resp r;
	struct maja_wps w;
	char *shown = a2_url_strip_credentials(url);
	int code = http_get(url, o, &r), parsed;

	if (r.status != 0) {
		/* §6.4: the answer is kept whatever it says */
		a2_write_file(respfile, r.body, r.len, 0644);
		a2_json_set(job, "response", json_string(respfile));
	}
	if (code != A2_EXIT_OK)
		goto out;
	parsed = maja_wps_parse(r.body, &w) == 0;
	if (r.status == 401 || r.status == 403 ||
	    (r.body && strstr(r.body, "\"Unauthorized\"") && r.status != 200)) {
		a2_warn("%s: HTTP %ld: credentials refused (check %s)", shown, r.status, creds);
		code = A2_EXIT_NOPERM;
	} else if (r.status != 200) {
		size_t n = strcspn(r.body, "\r\n");
		a2_warn("%s: HTTP %ld%s%.*s", shown, r.status, n ? ": " : "", (int)(n > 200 ? 200 : n),
		    r.body);
		code = A2_EXIT_FAIL;
	} else if (!parsed) {
		json_t *j = json_loadb(r.body, r.len, 0, NULL);
		const char *m = a2_json_str(j, "ErrorMessage");
		/* §8.1: resto answers errors in JSON */
		if (m && strcmp(m, "Unauthorized") == 0) {
			a2_warn("%s: credentials refused (check %s)", shown, creds);
			code = A2_EXIT_NOPERM;
		} else {
			a2_warn("%s: not a WPS answer%s%s", shown, m ? ": " : "", m ? m : "");
			code = A2_EXIT_FAIL;
		}
		json_decref(j);
	} else if (w.exception_report || w.state == MAJA_WPS_FAILED) {
		a2_warn("%s: refused: %s%s%s", shown, w.exception_code ? w.exception_code : "exception",
		    w.text ? ": " : "", w.text ? w.text : "");
		code = A2_EXIT_FAIL;
	} else if (!w.status_location || w.state == MAJA_WPS_NONE) {
		a2_warn("%s: the answer has no status%s", shown,
		    w.status_location ? "" : " location (not an asynchronous execution?)");
		code = A2_EXIT_FAIL;
	} else {
		char *id = maja_wps_id(w.status_location);
		char *loc = a2_url_strip_credentials(w.status_location);

		a2_json_set(job, "status_location", json_string(loc));
		a2_json_set(job, "wps_id", id ? json_string(id) : NULL);
		a2_log("%s: %s", shown, w.text ? w.text : maja_wps_state_name(w.state));
		free(id);
		free(loc);
	}
	if (parsed)
		maja_wps_free(&w);
out:
	http_resp_free(&r);
	free(shown);
	return code;
}

/* ---- polling (§7) ---- */

static json_t *
line_for(const char *recpath, json_t *job)
{
	json_t *m = json_object();

	a2_json_set(m, "job", json_string(recpath));
	if (a2_json_str(job, "product"))
		a2_json_set(m, "product", json_string(a2_json_str(job, "product")));
	if (a2_json_str(job, "wps_id"))
		a2_json_set(m, "wps_id", json_string(a2_json_str(job, "wps_id")));
	return m;
}

/* Downloads the results of a finished report.  The auth file's
 * credentials are the service's: a result on another host than the WPS
 * endpoint's gets none of them (only what the netrc file has for it). */
static int
download_results(const struct maja_poll *p, const char *recpath, const char *endpoint,
    json_t *job, const struct maja_report *rep, json_t *state)
{
	int code = A2_EXIT_OK;
	long got = 0, novald = 0;
	json_t *v;
	size_t i;

	json_array_foreach(rep->results, i, v) {
		const char *url = json_string_value(v);
		char *name = url ? fetch_name_from_url(url) : NULL;
		json_t *m = line_for(recpath, job);
		struct fetch_opts fo = p->fetch;
		int c;

		if (!name) {
			a2_warn("%s: result %zu: no usable file name in %s", recpath, i,
			    url ? url : "(not a string)");
			code = jobrec_worse(code, A2_EXIT_FAIL);
			json_decref(m);
			continue;
		}
		a2_json_set(m, "result", json_string(name));
		if (strstr(name, "NOVALD")) {
			/* §7.3: dates over 90 % cloudy are issued as not valid */
			a2_warn("%s: too cloudy (NOVALD): skipped", name);
			a2_json_set(m, "url", json_string(url));
			a2_json_set(m, "state", json_string("novald"));
			p->emit(m, NULL);
			novald++;
			free(name);
			continue;
		}
		if (fo.http.userpwd && !http_same_host(url, endpoint)) {
			a2_log("%s: not on the service's host: no auth-file credentials", url);
			fo.http.userpwd = NULL;
		}
		/* Basic up front, as the status requests: some services never challenge */
		if ((c = jobrec_download(url, p->outdir, &fo, m, p->emit)) == A2_EXIT_OK)
			got++;
		else
			code = jobrec_worse(code, c);
		free(name);
	}
	a2_json_set(state, "results", json_integer(json_array_size(rep->results)));
	a2_json_set(state, "downloaded", json_integer(got));
	a2_json_set(state, "novald", json_integer(novald));
	if (rep->unprocessed > 0)
		a2_warn("%s: %lld L1C date%s could not be processed", recpath, rep->unprocessed,
		    rep->unprocessed == 1 ? "" : "s");
	return code;
}

/* GETs a document of a job; an A2_EXIT_* status, with what went wrong in *state. */
static int
get_doc(const struct maja_poll *p, const char *what, const char *url, struct http_resp *r,
    json_t *state)
{
	char *shown = a2_url_strip_credentials(url);
	int code = http_get(url, &p->fetch.http, r);

	if (code == A2_EXIT_TEMPFAIL)
		a2_json_set(state, "state", json_string("unreachable"));
	else if (code == A2_EXIT_OK && (r->status == 401 || r->status == 403)) {
		a2_warn("%s: %s: HTTP %ld: credentials refused", shown, what, r->status);
		a2_json_set(state, "state", json_string("refused"));
		code = A2_EXIT_NOPERM;
	} else if (code == A2_EXIT_OK && r->status == 404) {
		a2_warn("%s: %s: HTTP 404: the service does not know this job (any more)", shown, what);
		a2_json_set(state, "state", json_string("missing"));
		code = A2_EXIT_FAIL;
	} else if (code == A2_EXIT_OK && r->status != 200) {
		a2_warn("%s: %s: HTTP %ld", shown, what, r->status);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
	} else if (code != A2_EXIT_OK)
		a2_json_set(state, "state", json_string("failed"));
	free(shown);
	return code;
}

/* What the report says of the job, into state; downloads when finished. */
static int
report_state(const struct maja_poll *p, const char *recpath, const char *ep, json_t *job,
    const struct maja_report *rep, json_t *state)
{
	a2_json_set(state, "job_status", json_string(rep->job_status));
	if (rep->process)
		a2_json_set(state, "process", json_string(rep->process));
	if (rep->unprocessed >= 0)
		a2_json_set(state, "unprocessed", json_integer(rep->unprocessed));
	if (strcmp(rep->job_status, "FINISHED") == 0) {
		a2_json_set(state, "state", json_string("finished"));
		return download_results(p, recpath, ep ? ep : MAJA_PEPS_WPS, job, rep, state);
	}
	if (strcmp(rep->job_status, "STALLED") == 0) {
		a2_json_set(state, "state", json_string("running"));
		a2_log("%s: running (%s); about 25 minutes per date plus an hour for the first",
		    recpath, rep->process ? rep->process : "?");
		return A2_EXIT_TEMPFAIL;
	}
	if (strcmp(rep->job_status, "PENDING") == 0) {
		a2_json_set(state, "state", json_string("pending"));
		a2_log("%s: pending: the processing centre is busy", recpath);
		return A2_EXIT_TEMPFAIL;
	}
	if (strcmp(rep->job_status, "ERROR") == 0 || strcmp(rep->job_status, "CANCELED") == 0) {
		a2_warn("%s: job %s: %s", recpath, rep->job_status,
		    rep->message ? rep->message : "(no message)");
		a2_json_set(state, "state", json_string(strcmp(rep->job_status, "ERROR") == 0 ?
		    "error" : "canceled"));
		a2_json_set(state, "message", rep->message ? json_string(rep->message) : NULL);
		return A2_EXIT_FAIL;
	}
	a2_warn("%s: unknown job_status %s: trying again later", recpath, rep->job_status);
	a2_json_set(state, "state", json_string("unknown"));
	return A2_EXIT_TEMPFAIL;
}

static int
poll_peps(const struct maja_poll *p, const char *recpath, json_t *rec, json_t *job)
{
	const char *loc = a2_json_str(job, "status_location");
	const char *ep = a2_json_str(rec, "endpoint"), *id = a2_json_str(job, "wps_id");
	json_t *state = line_for(recpath, job);
	struct http_resp r;
	struct maja_wps w;
	struct maja_report rep;
	char err[256];
	int code;

	if (!loc) {
		a2_warn("%s: job without status_location", recpath);
		json_decref(state);
		return A2_EXIT_FAIL;
	}
	if ((code = get_doc(p, "status", loc, &r, state)) != A2_EXIT_OK)
		goto out_r;
	if (maja_wps_parse(r.body, &w) != 0 || w.exception_report) {
		a2_warn("%s: not a WPS status document", loc);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
		if (w.exception_report)
			maja_wps_free(&w);
		goto out_r;
	}
	http_resp_free(&r);
	if (ep && id) {
		/* §7.2 step 4: PEPS wanted this nudge after each status read; its
		 * answer says nothing, and a failure of it changes nothing */
		struct http_opts once = p->fetch.http;
		char *u = maja_update_url(ep, id);
		once.retries = 0;
		http_get(u, &once, &r);
		http_resp_free(&r);
		free(u);
	}
	a2_json_set(state, "wps_status", json_string(maja_wps_state_name(w.state)));
	if (w.percent >= 0)
		a2_json_set(state, "percent", json_integer(w.percent));
	if (w.state == MAJA_WPS_FAILED) {
		a2_warn("%s: job failed: %s%s%s", recpath, w.exception_code ? w.exception_code : "",
		    w.exception_code && w.text ? ": " : "", w.text ? w.text : "");
		a2_json_set(state, "state", json_string("failed"));
		a2_json_set(state, "message", w.text ? json_string(w.text) : NULL);
		code = A2_EXIT_FAIL;
		goto out_w;
	}
	if (!w.reference) {
		/* no report yet: early, or the service is in trouble (§12, #6) */
		a2_json_set(state, "state", json_string(w.state == MAJA_WPS_SUCCEEDED ? "failed" :
		    "accepted"));
		code = w.state == MAJA_WPS_SUCCEEDED ? A2_EXIT_FAIL : A2_EXIT_TEMPFAIL;
		if (code == A2_EXIT_FAIL)
			a2_warn("%s: succeeded, but the status document names no report", loc);
		goto out_w;
	}
	if ((code = get_doc(p, "report", w.reference, &r, state)) != A2_EXIT_OK)
		goto out_rw;
	if (maja_report_parse(r.body, r.len, &rep, err, sizeof err) != 0) {
		a2_warn("%s: %s", w.reference, err);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
		goto out_rw;
	}
	code = report_state(p, recpath, ep, job, &rep, state);
	maja_report_free(&rep);
out_rw:
	http_resp_free(&r);
out_w:
	maja_wps_free(&w);
	p->emit(state, NULL);
	return code;
out_r:
	http_resp_free(&r);
	p->emit(state, NULL);
	return code;
}

static char *
geodes_key(const struct maja_poll *p, const char *url)
{
	char *host, *key, *login = NULL;
	const char *f = p->keyfile;

	if (f) {
		size_t len, n;
		char *text = a2_read_file(f, 4096, &len);
		struct stat st;

		if (stat(f, &st) == 0 && (st.st_mode & 077))
			a2_warn("%s: readable by others; chmod 600 it", f);
		n = strcspn(text, "\r\n");
		key = a2_strndup(text, n);
		explicit_bzero(text, len);
		free(text);
		return key;
	}
	host = http_url_host(url);
	if (!host || netrc_find(p->fetch.http.netrc, host, &login, &key) != 0)
		key = NULL;
	netrc_free(login);
	free(host);
	return key;
}

/* One GEODES asset through fetch: the file keeps the catalogue's name
 * and must have its size.  The API key goes as a header to the GEODES
 * host (endpoint's) only: fetch drops it on a redirect elsewhere, and an
 * asset elsewhere is fetched without it.  Prints m with the download, or
 * frees it. */
static int
geodes_asset(const struct maja_poll *p, const char *endpoint, const char *href,
    const char *name, long long size, json_t *m)
{
	struct fetch_opts fo = p->fetch;
	const char *hdrs[2] = { NULL, NULL };
	char *key, *hdr = NULL;
	int c;

	/* the key, not the auth file, and Digest when challenged */
	fo.http.userpwd = NULL;
	fo.http.basic_first = 0;
	if (!http_same_origin(href, endpoint))
		a2_log("%s: not on the GEODES host: fetched without the API key", href);
	else if (!(key = geodes_key(p, href))) {
		a2_warn("%s: no GEODES API key (--key-file or netrc)", href);
		json_decref(m);
		return A2_EXIT_NOPERM;
	} else {
		hdrs[0] = hdr = a2_asprintf("X-API-Key: %s", key);
		http_free_secret(key);
		fo.http.headers = hdrs;
	}
	fo.name = name;
	fo.size = size;
	c = jobrec_download(href, p->outdir, &fo, m, p->emit);
	http_free_secret(hdr);
	return c;
}

static int
poll_geodes(const struct maja_poll *p, const char *recpath, json_t *rec)
{
	json_t *items = json_object_get(rec, "items"), *it, *a;
	json_t *state = json_object();
	const char *endpoint = a2_json_str(rec, "endpoint");
	size_t i, k;
	long got = 0, n = 0;
	int code = A2_EXIT_OK;

	a2_json_set(state, "job", json_string(recpath));
	if (a2_mkdirs(p->outdir, 0755) != 0) {
		a2_warn("%s:", p->outdir);
		json_decref(state);
		return A2_EXIT_FAIL;
	}
	json_array_foreach(items, i, it) {
		json_array_foreach(json_object_get(it, "assets"), k, a) {
			const char *href = a2_json_str(a, "href"), *name = a2_json_str(a, "name");
			json_t *sz = json_object_get(a, "size"), *m;
			long long size = json_is_integer(sz) ? json_integer_value(sz) : -1;
			int c;

			n++;
			if (!href || !fetch_name_ok(name)) {
				a2_warn("%s: item %s: asset without href or usable name", recpath,
				    a2_json_str(it, "id"));
				code = jobrec_worse(code, A2_EXIT_FAIL);
				continue;
			}
			m = json_object();
			a2_json_set(m, "job", json_string(recpath));
			a2_json_set(m, "item", json_string(a2_json_str(it, "id")));
			a2_json_set(m, "result", json_string(name));
			c = geodes_asset(p, endpoint ? endpoint : MAJA_GEODES_STAC, href, name, size, m);
			if (c == A2_EXIT_OK)
				got++;
			code = jobrec_worse(code, c);
		}
	}
	a2_json_set(state, "state", json_string(code == A2_EXIT_OK ? "finished" : "incomplete"));
	a2_json_set(state, "results", json_integer(n));
	a2_json_set(state, "downloaded", json_integer(got));
	p->emit(state, NULL);
	return code;
}

int
maja_poll_record(const char *path, const struct maja_poll *p)
{
	json_error_t je;
	json_t *rec = json_load_file(path, 0, &je), *jobs, *job;
	const char *prov;
	size_t i;
	int code = A2_EXIT_OK;

	if (!json_is_object(rec)) {
		a2_warn("%s: not a job record: %s", path, je.text);
		json_decref(rec);
		return A2_EXIT_FAIL;
	}
	prov = a2_json_str(rec, "provider");
	if (prov && strcmp(prov, "geodes") == 0)
		code = poll_geodes(p, path, rec);
	else if (prov && strcmp(prov, "peps") == 0) {
		/* FULL_MAJA: the record is the job; MAJA: one job per product */
		jobs = json_object_get(rec, "jobs");
		if (json_is_array(jobs))
			json_array_foreach(jobs, i, job)
				code = jobrec_worse(code, poll_peps(p, path, rec, job));
		else
			code = poll_peps(p, path, rec, rec);
	} else {
		a2_warn("%s: unknown provider %s", path, prov ? prov : "(none)");
		code = A2_EXIT_FAIL;
	}
	json_decref(rec);
	return code;
}
