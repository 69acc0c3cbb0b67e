/*
 * hyp3submit: submits Sentinel-1 pairs (a2pairs records) to ASF HyP3 as
 * ARIA_S1_GUNW jobs, after checking the account's credits, and writes one
 * job record per job for hyp3poll.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/hyp3.h"
#include "net/jobrec.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
"usage: hyp3submit [-nv] [-o dir] [--name name] [--validate-only] [--test]\n"
"                  [--endpoint url] [--token-file file] [--login-url url]\n"
"                  [--netrc-file file] [--retries n] [--retry-delay ms]\n"
"                  [--timeout s] [pair ...]\n"
"\n"
"Submits each Sentinel-1 pair to HyP3 as an ARIA_S1_GUNW job, in batches of\n"
"up to 200, once GET /user says the account is approved and has the credits\n"
"(60 a job), and writes the job record DIR/F<frame>-<reference>_<secondary>.json\n"
"of each job (also printed).  A pair whose record exists is skipped.  A PAIR is\n"
"a JSON object {\"frame_id\":N,\"reference_date\":\"YYYY-MM-DD\",\n"
"\"secondary_date\":\"YYYY-MM-DD\"} or FRAME:REFERENCE:SECONDARY; without\n"
"operands, JSON Lines of pairs are read from stdin.\n"
"\n"
"  -n, --dry-run         print the request bodies, send nothing\n"
"  -o, --output dir      job record directory (default .)\n"
"      --endpoint url    HyP3 API (default $A2_HYP3_URL, else\n"
"                        https://hyp3-api.asf.alaska.edu)\n"
"      --login-url url   Earthdata Login authorize URL (default $A2_HYP3_LOGIN_URL,\n"
"                        else the one of ASF's login)\n"
"      --name name       the jobs' name (1 to 100 characters)\n"
"      --netrc-file file Earthdata Login credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --retries n       retries after a failed request (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --test            the test API, https://hyp3-test-api.asf.alaska.edu\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"      --token-file file Earthdata Login bearer token, a 0600 file (default\n"
"                        $A2_HYP3_TOKEN_FILE, else the netrc login)\n"
"      --validate-only   let HyP3 check the jobs; nothing is run or charged\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

static struct hyp3 h = { .http = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60 } };
static const char *outdir = ".", *name;
static int dry, validate;
static json_t *pending;  /* jobs to send */

/* One pair: its job, unless its record is there. */
static int
add(json_t *pair, const char *what)
{
	char err[200], *rec, *path;
	json_t *params = hyp3_gunw_params(pair, err, sizeof err), *job;

	if (!params) {
		a2_warn("%s: %s", what, err);
		return 1;
	}
	rec = hyp3_record_name(params);
	path = a2_path_join(outdir, rec);
	if (!validate && access(path, F_OK) == 0) {
		a2_log("%s: submitted already (%s)", what, path);
		json_decref(params);
	} else {
		job = json_object();
		a2_json_set(job, "job_type", json_string(HYP3_GUNW));
		if (name)
			a2_json_set(job, "name", json_string(name));
		a2_json_set(job, "job_parameters", params);
		json_array_append_new(pending, job);
	}
	free(rec);
	free(path);
	return 0;
}

static int
on_rec(json_t *rec, void *ctx)
{
	(void)ctx;
	return add(rec, "stdin");
}

static int
on_arg(const char *arg, void *ctx)
{
	json_t *pair;
	char ref[11], sec[11];
	int frame, n = 0, r;

	(void)ctx;
	if (arg[0] == '{')
		pair = json_loads(arg, 0, NULL);
	else if (sscanf(arg, "%d:%10[0-9-]:%10[0-9-]%n", &frame, ref, sec, &n) == 3 &&
	    arg[n] == '\0')
		pair = json_pack("{s:i, s:s, s:s}", "frame_id", frame, "reference_date", ref,
		    "secondary_date", sec);
	else
		pair = NULL;
	if (!json_is_object(pair)) {
		a2_warn("%s: not a pair (JSON object or FRAME:REFERENCE:SECONDARY)", arg);
		json_decref(pair);
		return 1;
	}
	r = add(pair, arg);
	json_decref(pair);
	return r;
}

/* One POST; records of what it accepted. */
static int
send_batch(json_t *batch)
{
	json_t *answer, *job;
	size_t i;
	int code = hyp3_post_jobs(&h, batch, validate, &answer);

	if (code != A2_EXIT_OK)
		return code;
	json_array_foreach(answer, i, job) {
		json_t *rec = hyp3_record(h.endpoint, job);
		char *file = hyp3_record_name(json_object_get(job, "job_parameters")), *path;

		if (validate) {
			a2_json_set(rec, "validate_only", json_true());
			a2_json_print_line(rec);
		} else if (!file) {
			a2_warn("%s: job %s: the answer has no job_parameters", h.endpoint,
			    a2_json_str(job, "job_id"));
			code = A2_EXIT_FAIL;
		} else {
			path = a2_path_join(outdir, file);
			jobrec_write(path, rec);
			free(path);
		}
		free(file);
		json_decref(rec);
	}
	json_decref(answer);
	return code;
}

static int
run(void)
{
	size_t n = json_array_size(pending);
	int code;

	if (n == 0) {
		a2_log("nothing to submit");
		return A2_EXIT_OK;
	}
	if (dry) {
		for (size_t i = 0; i < n; i += HYP3_BATCH) {
			json_t *body = json_object(), *b = json_array();
			for (size_t k = i; k < n && k < i + HYP3_BATCH; k++)
				json_array_append(b, json_array_get(pending, k));
			if (validate)
				a2_json_set(body, "validate_only", json_true());
			a2_json_set(body, "jobs", b);
			a2_json_print_line(body);
			json_decref(body);
		}
		return A2_EXIT_OK;
	}
	if (!validate && a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s:", outdir);
	if ((code = hyp3_check_credits(&h, (long)n)) != A2_EXIT_OK)
		return code;
	for (size_t i = 0; i < n; i += HYP3_BATCH) {
		json_t *b = json_array();

		for (size_t k = i; k < n && k < i + HYP3_BATCH; k++)
			json_array_append(b, json_array_get(pending, k));
		code = send_batch(b);
		json_decref(b);
		if (code != A2_EXIT_OK) {
			if (i > 0)
				a2_warn("%zu of %zu jobs were submitted (their records are written)", i, n);
			return code;
		}
	}
	return A2_EXIT_OK;
}

int
main(int argc, char **argv)
{
	enum { O_NAME = HYP3_O_TOOL, O_VALIDATE };
	static const struct option longopts[] = {
		HYP3_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "name", required_argument, NULL, O_NAME },
		{ "output", required_argument, NULL, 'o' },
		{ "validate-only", no_argument, NULL, O_VALIDATE },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int c, code;

	a2_init(argc, argv, usage);
	a2_env_net(&h.http.netrc, &h.http.retry_delay_ms, A2_NUMBER_RANGE);
	h.endpoint = a2_env("A2_HYP3_URL", NULL);
	h.login_url = a2_env("A2_HYP3_LOGIN_URL", HYP3_LOGIN_URL);
	h.token_file = a2_env("A2_HYP3_TOKEN_FILE", NULL);
	while ((c = getopt_long(argc, argv, "no:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			dry = 1;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_NAME:
			if (strlen(optarg) < 1 || strlen(optarg) > 100)
				a2_die_code(A2_EXIT_USAGE, "%s: bad job name (1 to 100 characters)", optarg);
			name = optarg;
			break;
		case O_VALIDATE:
			validate = 1;
			break;
		default:
			if (!hyp3_option(&h, c, optarg))
				a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	hyp3_endpoint_default(&h);
	fetch_netrc_check(h.http.netrc);
	pending = json_array();
	if (a2_loop(argc, argv, on_arg, on_rec, NULL) != 0)
		a2_die_code(A2_EXIT_USAGE, "bad pairs: nothing submitted");
	http_init();
	code = run();
	http_cleanup();
	hyp3_logout(&h);
	json_decref(pending);
	return code;
}
