/*
 * majapoll: reads majasubmit job records, asks the service how each job
 * is doing and, once it is finished, downloads its results (resumable and
 * verified, through fetch), printing JSON Lines of states and results.
 */
#include "a2.h"
#include "fetch.h"
#include "http.h"
#include "maja.h"
#include "netrc.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: majapoll [-v] [-a authfile] [-o dir] [--key-file file]\n"
"                [--netrc-file file] [--wait] [--interval s] [--deadline s]\n"
"                [--retries n] [--retry-delay ms] [--timeout s] record ...\n"
"\n"
"Polls the jobs of each majasubmit RECORD and, when a job is finished,\n"
"downloads its results into DIR (NOVALD results skipped, verified files\n"
"kept).  Prints one JSON line per result and per job state.  Exits 0 when\n"
"everything is downloaded, 75 while a job is pending or running, 1 when a\n"
"job failed, 77 when credentials are refused.\n"
"\n"
"  -a, --auth file       PEPS auth file, one line 'email password'\n"
"                        (default: netrc credentials of each host)\n"
"  -o, --output dir      download directory (default .)\n"
"      --deadline s      with --wait: give up (75) after s seconds (default 86400)\n"
"      --interval s      with --wait: first pause between polls (default 60);\n"
"                        doubles up to 30 times it\n"
"      --key-file file   GEODES API key (default $A2_GEODES_KEY_FILE, else the\n"
"                        netrc password of the GEODES host)\n"
"      --netrc-file file credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --retries n       retries after a failed request (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"      --wait            poll until every job is done or failed\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

static struct http_opts opts = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60 };
static struct fetch_opts fopts = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60 };
static const char *outdir = ".", *authfile, *keyfile;
static char *userpwd;       /* from the auth file */
static int memnetrc = -1;   /* fetch's netrc for the auth file's credentials */

static long
number(const char *s, const char *what, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s (%ld to %ld)", s, what, min, max);
	return v;
}

static double
seconds(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 31536000)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s (seconds)", s, what);
	return v;
}

/* 77 beats 1 beats 75 beats 0: a refusal or a failure is not worth waiting for. */
static int
worse(int a, int b)
{
	static const int rank[] = { A2_EXIT_OK, A2_EXIT_TEMPFAIL, A2_EXIT_FAIL, A2_EXIT_NOPERM };
	int ra = 0, rb = 0;

	for (int i = 0; i < 4; i++) {
		if (rank[i] == a)
			ra = i;
		if (rank[i] == b)
			rb = i;
	}
	if (b == A2_EXIT_USAGE)
		rb = 2;
	return rb > ra ? b : a;
}

/*
 * fetch.h takes credentials only from a netrc file: the auth file's are
 * handed over as a netrc that lives in memory (never on disk), one
 * machine line per result host.  They are the service's: a result on
 * another host than the WPS endpoint's gets none of them (only what the
 * netrc file has for that host).
 */
static const char *
netrc_for(const char *url, const char *endpoint)
{
	static char path[64];
	char *host, *ephost, *line, *user, *pw;
	size_t n;
	int same;

	if (!userpwd)
		return opts.netrc;
	if (!(host = http_url_host(url)))
		return NULL;
	ephost = endpoint ? http_url_host(endpoint) : NULL;
	same = ephost && strcasecmp(host, ephost) == 0;
	free(ephost);
	if (!same) {
		a2_log("%s: not on the service's host: no auth-file credentials", url);
		free(host);
		return opts.netrc;
	}
	if (memnetrc < 0 && (memnetrc = memfd_create("a2-netrc", MFD_CLOEXEC)) < 0)
		a2_die("memfd_create:");
	user = a2_strdup(userpwd);
	pw = strchr(user, ':');
	*pw++ = '\0';
	line = netrc_line(host, user, pw);
	n = strlen(line);
	if (lseek(memnetrc, 0, SEEK_END) < 0 || write(memnetrc, line, n) != (ssize_t)n)
		a2_die("memfd write:");
	netrc_free(line);
	explicit_bzero(user, strlen(userpwd));
	free(user);
	free(host);
	snprintf(path, sizeof path, "/proc/self/fd/%d", memnetrc);
	return path;
}

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

static void
emit(json_t *m, json_t *download)
{
	json_t *j = json_object();

	if (download)
		a2_json_set(j, "download", download);
	a2_json_set(j, "maja", m);
	a2_json_print_line(j);
	json_decref(j);
}

/* Downloads the results of a finished report. */
static int
download_results(const char *recpath, const char *endpoint, json_t *job,
    const struct maja_report *rep, json_t *state)
{
	int code = A2_EXIT_OK;
	long got = 0, novald = 0;
	json_t *v;
	size_t i;

	json_array_foreach(rep->results, i, v) {
		const char *url = json_string_value(v);
		char *name = url ? fetch_name_from_url(url) : NULL;
		json_t *m = line_for(recpath, job), *d;
		struct fetch_opts fo = fopts;
		struct fetch_result fr;
		int c;

		if (!name) {
			a2_warn("%s: result %zu: no usable file name in %s", recpath, i,
			    url ? url : "(not a string)");
			code = worse(code, A2_EXIT_FAIL);
			json_decref(m);
			continue;
		}
		a2_json_set(m, "result", json_string(name));
		if (strstr(name, "NOVALD")) {
			/* §7.3: dates over 90 % cloudy are issued as not valid */
			a2_warn("%s: too cloudy (NOVALD): skipped", name);
			a2_json_set(m, "url", json_string(url));
			a2_json_set(m, "state", json_string("novald"));
			emit(m, NULL);
			novald++;
			free(name);
			continue;
		}
		fo.netrc = netrc_for(url, endpoint);
		/* what the status requests send: some services never challenge */
		fo.basic_first = 1;
		c = fetch_url(url, outdir, &fo, &fr);
		if (c == A2_EXIT_OK) {
			d = json_object();
			a2_json_set(d, "path", json_string(fr.path));
			a2_json_set(d, "url", json_string(fr.url));
			a2_json_set(d, "size", json_integer(fr.size));
			a2_json_set(d, "sha256", json_string(fr.sha256));
			a2_json_set(d, "name", json_string(fr.name));
			a2_json_set(m, "state", json_string(fr.cached ? "present" : "downloaded"));
			emit(m, d);
			got++;
		} else {
			json_decref(m);
			code = worse(code, c);
		}
		fetch_result_free(&fr);
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
get_doc(const char *what, const char *url, struct http_resp *r, json_t *state)
{
	char *shown = a2_url_strip_credentials(url);
	int code = http_get(url, &opts, r);

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

static int
poll_peps(const char *recpath, json_t *rec, json_t *job)
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
	if ((code = get_doc("status", loc, &r, state)) != A2_EXIT_OK)
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
		struct http_opts once = opts;
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
	if ((code = get_doc("report", w.reference, &r, state)) != A2_EXIT_OK)
		goto out_rw;
	if (maja_report_parse(r.body, r.len, &rep, err, sizeof err) != 0) {
		a2_warn("%s: %s", w.reference, err);
		a2_json_set(state, "state", json_string("failed"));
		code = A2_EXIT_FAIL;
		goto out_rw;
	}
	a2_json_set(state, "job_status", json_string(rep.job_status));
	if (rep.process)
		a2_json_set(state, "process", json_string(rep.process));
	if (rep.unprocessed >= 0)
		a2_json_set(state, "unprocessed", json_integer(rep.unprocessed));
	if (strcmp(rep.job_status, "FINISHED") == 0) {
		a2_json_set(state, "state", json_string("finished"));
		code = download_results(recpath, ep ? ep : MAJA_PEPS_WPS, job, &rep, state);
	} else if (strcmp(rep.job_status, "STALLED") == 0) {
		a2_json_set(state, "state", json_string("running"));
		a2_log("%s: running (%s); about 25 minutes per date plus an hour for the first",
		    recpath, rep.process ? rep.process : "?");
		code = A2_EXIT_TEMPFAIL;
	} else if (strcmp(rep.job_status, "PENDING") == 0) {
		a2_json_set(state, "state", json_string("pending"));
		a2_log("%s: pending: the processing centre is busy", recpath);
		code = A2_EXIT_TEMPFAIL;
	} else if (strcmp(rep.job_status, "ERROR") == 0 || strcmp(rep.job_status, "CANCELED") == 0) {
		a2_warn("%s: job %s: %s", recpath, rep.job_status, rep.message ? rep.message : "(no message)");
		a2_json_set(state, "state", json_string(strcmp(rep.job_status, "ERROR") == 0 ?
		    "error" : "canceled"));
		a2_json_set(state, "message", rep.message ? json_string(rep.message) : NULL);
		code = A2_EXIT_FAIL;
	} else {
		a2_warn("%s: unknown job_status %s: trying again later", recpath, rep.job_status);
		a2_json_set(state, "state", json_string("unknown"));
		code = A2_EXIT_TEMPFAIL;
	}
	maja_report_free(&rep);
out_rw:
	http_resp_free(&r);
out_w:
	maja_wps_free(&w);
	emit(state, NULL);
	return code;
out_r:
	http_resp_free(&r);
	emit(state, NULL);
	return code;
}

static char *
geodes_key(const char *url)
{
	char *host, *key, *login = NULL;
	const char *f = keyfile;

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
	if (!host || netrc_find(opts.netrc, host, &login, &key) != 0)
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
geodes_asset(const char *endpoint, const char *href, const char *name, long long size,
    json_t *m)
{
	struct fetch_opts fo = fopts;
	struct fetch_result fr;
	const char *hdrs[2] = { NULL, NULL };
	char *key, *hdr = NULL;
	json_t *d;
	int c;

	if (!http_same_origin(href, endpoint))
		a2_log("%s: not on the GEODES host: fetched without the API key", href);
	else if (!(key = geodes_key(href))) {
		a2_warn("%s: no GEODES API key (--key-file or netrc)", href);
		json_decref(m);
		return A2_EXIT_NOPERM;
	} else {
		hdrs[0] = hdr = a2_asprintf("X-API-Key: %s", key);
		http_free_secret(key);
		fo.headers = hdrs;
	}
	fo.name = name;
	fo.size = size;
	fo.netrc = opts.netrc;
	c = fetch_url(href, outdir, &fo, &fr);
	http_free_secret(hdr);
	if (c == A2_EXIT_OK) {
		d = json_object();
		a2_json_set(d, "path", json_string(fr.path));
		a2_json_set(d, "url", json_string(fr.url));
		a2_json_set(d, "size", json_integer(fr.size));
		a2_json_set(d, "sha256", json_string(fr.sha256));
		a2_json_set(d, "name", json_string(fr.name));
		a2_json_set(m, "state", json_string(fr.cached ? "present" : "downloaded"));
		emit(m, d);
	} else
		json_decref(m);
	fetch_result_free(&fr);
	return c;
}

static int
poll_geodes(const char *recpath, json_t *rec)
{
	json_t *items = json_object_get(rec, "items"), *it, *a;
	json_t *state = json_object();
	const char *endpoint = a2_json_str(rec, "endpoint");
	size_t i, k;
	long got = 0, n = 0;
	int code = A2_EXIT_OK;

	a2_json_set(state, "job", json_string(recpath));
	if (a2_mkdirs(outdir, 0755) != 0) {
		a2_warn("%s:", outdir);
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
				code = worse(code, A2_EXIT_FAIL);
				continue;
			}
			m = json_object();
			a2_json_set(m, "job", json_string(recpath));
			a2_json_set(m, "item", json_string(a2_json_str(it, "id")));
			a2_json_set(m, "result", json_string(name));
			c = geodes_asset(endpoint ? endpoint : MAJA_GEODES_STAC, href, name, size, m);
			if (c == A2_EXIT_OK)
				got++;
			code = worse(code, c);
		}
	}
	a2_json_set(state, "state", json_string(code == A2_EXIT_OK ? "finished" : "incomplete"));
	a2_json_set(state, "results", json_integer(n));
	a2_json_set(state, "downloaded", json_integer(got));
	emit(state, NULL);
	return code;
}

static int
poll_record(const char *path)
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
		code = poll_geodes(path, rec);
	else if (prov && strcmp(prov, "peps") == 0) {
		/* FULL_MAJA: the record is the job; MAJA: one job per product */
		jobs = json_object_get(rec, "jobs");
		if (json_is_array(jobs))
			json_array_foreach(jobs, i, job)
				code = worse(code, poll_peps(path, rec, job));
		else
			code = poll_peps(path, rec, rec);
	} else {
		a2_warn("%s: unknown provider %s", path, prov ? prov : "(none)");
		code = A2_EXIT_FAIL;
	}
	json_decref(rec);
	return code;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	enum { O_DEADLINE = 256, O_INTERVAL, O_KEY, O_NETRC, O_RETRIES, O_DELAY, O_TIMEOUT, O_WAIT };
	static const struct option longopts[] = {
		{ "auth", required_argument, NULL, 'a' },
		{ "deadline", required_argument, NULL, O_DEADLINE },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "key-file", required_argument, NULL, O_KEY },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "output", required_argument, NULL, 'o' },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "retry-delay", required_argument, NULL, O_DELAY },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", no_argument, NULL, O_WAIT },
		{ NULL, 0, NULL, 0 },
	};
	double interval = 60, deadline = 86400, start, pause, left, nap;
	struct timespec ts;
	const char *e;
	int c, wait = 0, code;

	a2_init(argc, argv, usage);
	if ((e = getenv("A2_NETRC")) && *e)
		opts.netrc = e;
	if ((e = getenv("A2_GEODES_KEY_FILE")) && *e)
		keyfile = e;
	if ((e = getenv("A2_RETRY_DELAY_MS")) && *e)
		opts.retry_delay_ms = number(e, "A2_RETRY_DELAY_MS", 0, 3600000);
	while ((c = getopt_long(argc, argv, "a:o:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			authfile = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_DEADLINE:
			deadline = seconds(optarg, "deadline");
			break;
		case O_INTERVAL:
			interval = seconds(optarg, "interval");
			break;
		case O_KEY:
			keyfile = optarg;
			break;
		case O_NETRC:
			opts.netrc = optarg;
			break;
		case O_RETRIES:
			opts.retries = number(optarg, "retry count", 0, 1000);
			break;
		case O_DELAY:
			opts.retry_delay_ms = number(optarg, "retry delay", 0, 3600000);
			break;
		case O_TIMEOUT:
			opts.timeout = number(optarg, "timeout", 1, 86400);
			break;
		case O_WAIT:
			wait = 1;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		a2_usage();
	fetch_netrc_check(opts.netrc);
	if (keyfile && access(keyfile, R_OK) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: key file:", keyfile);
	if (authfile)
		opts.userpwd = userpwd = maja_auth_read(authfile);
	fopts.retries = opts.retries;
	fopts.retry_delay_ms = opts.retry_delay_ms;
	fopts.timeout = opts.timeout;
	fopts.progress = isatty(2) && !a2_verbose;
	fopts.netrc = opts.netrc;
	http_init();
	start = now_s();
	pause = interval;
	for (;;) {
		code = A2_EXIT_OK;
		for (int i = 0; i < argc; i++)
			code = worse(code, poll_record(argv[i]));
		if (!wait || code != A2_EXIT_TEMPFAIL)
			break;
		left = deadline - (now_s() - start);
		if (left <= 0) {
			a2_warn("not done after %.0f s: giving up for now", now_s() - start);
			break;
		}
		/* the last pause ends at the deadline, for one last look */
		nap = pause < left ? pause : left;
		a2_log("polling again in %.1f s", nap);
		ts.tv_sec = (time_t)nap;
		ts.tv_nsec = (long)((nap - (time_t)nap) * 1e9);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		pause = pause * 2 > interval * 30 ? interval * 30 : pause * 2;
	}
	http_cleanup();
	http_free_secret(userpwd);
	if (memnetrc >= 0)
		close(memnetrc);
	return code;
}
