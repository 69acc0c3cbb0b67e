/*
 * a2fetch: downloads sources (URLs, AUIG2 orders, Sentinel Asia data)
 * into a directory, resumably and verified, printing one JSON line per
 * file.  lib/net/sources.c expands each SOURCE spec into URLs.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/sources.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
"usage: a2fetch [-lv] [-o dir] [--context file] [--max-per-host n]\n"
"               [--netrc-file file] [--no-sign-request] [--no-sync]\n"
"               [--retries n] [--retry-delay ms] [--timeout s] [source ...]\n"
"\n"
"Downloads each SOURCE into DIR, resuming partial downloads and verifying\n"
"their length, and prints one JSON line per file:\n"
"{\"download\":{\"path\",\"url\",\"size\",\"sha256\",\"name\",...}}.\n"
"SOURCE: an http, https, ftp, file, dav, davs or s3://BUCKET/KEY URL (an\n"
"ftp URL ending in / is a directory), auig2:ORDER, sentinel-asia:data:ID,\n"
"sentinel-asia:eor:EORID or sentinel-asia:since:YYYYMMDD[:YYYYMMDD].\n"
"Without SOURCE, reads JSON Lines records (\"download\":{\"source\"|\"url\"},\n"
"\"url\" or \"source\") on stdin and passes each on with its download added.\n"
"\n"
"  -o, --output dir      download directory (default .)\n"
"  -l, --list            print what would be fetched, fetch nothing\n"
"      --context file    _context.json: AUIG2 credentials into a 0600 netrc\n"
"                        beside it, used instead of the netrc file\n"
"      --max-per-host n  transfers per host at once, over all a2fetch\n"
"                        processes (default 4, 0: no cap)\n"
"      --netrc-file file credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --no-sign-request s3:// requests unsigned (public buckets), whatever\n"
"                        credentials there are\n"
"      --no-sync         rename without fsync (atomic but not crash-safe)\n"
"      --retries n       retries after a failed attempt (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

static const char *outdir = ".";
static int list;
static struct fetch_opts opts = { .http = { .retries = 5, .retry_delay_ms = 1000,
	.timeout = 60 }, .per_host = 4 };

/*
 * Prints the record: in, if given, passed on with "download" set.  The
 * source's metadata fills what the record does not say yet, so a listed
 * record fetched later keeps what the listing knew (an EOR's date, say).
 */
static void
emit(void *arg, json_t *meta, const struct fetch_result *r)
{
	json_t *in = arg;
	json_t *out = in ? json_deep_copy(in) : json_object();
	json_t *d = json_object_get(out, "download"), *v, *old;
	const char *k;

	d = json_is_object(d) ? json_incref(d) : json_object();
	if (!list)
		a2_json_set(d, "path", json_string(r->path));
	a2_json_set(d, "url", json_string(r->url));
	if (r->size >= 0)
		a2_json_set(d, "size", json_integer(r->size));
	if (!list)
		a2_json_set(d, "sha256", json_string(r->sha256));
	if (r->name)
		a2_json_set(d, "name", json_string(r->name));
	json_object_foreach(meta, k, v) {
		old = json_object_get(d, k);
		if (json_is_object(old) && json_is_object(v))
			json_object_update_missing(old, v);
		else if (!old)
			json_object_set(d, k, v);
	}
	a2_json_set(out, "download", d);
	a2_json_print_line(out);
	json_decref(out);
}

static int
run_source(const char *spec, json_t *in)
{
	struct src_run run = { &opts, outdir, list, emit, in };

	return src_run(spec, &run);
}

static int status;

static void
note(int code)
{
	/* the first failure decides the exit status */
	if (code != A2_EXIT_OK && status == A2_EXIT_OK)
		status = code;
}

static int
on_operand(const char *spec, void *arg)
{
	int code = run_source(spec, NULL);

	note(code);
	return code != A2_EXIT_OK;
}

static int
on_record(json_t *rec, void *arg)
{
	json_t *d = json_object_get(rec, "download");
	/* a listed portal file is fetched through its source (the login) */
	const char *spec = a2_json_str(d, "source");
	int code;

	if (!spec)
		spec = a2_json_str(d, "url");
	if (!spec)
		spec = a2_json_str(rec, "url");
	if (!spec)
		spec = a2_json_str(rec, "source");
	if (!spec) {
		a2_warn("stdin: record without \"download\".\"source\" or \"url\", \"url\" or \"source\"");
		code = A2_EXIT_FAIL;
	} else
		code = run_source(spec, rec);
	note(code);
	return code != A2_EXIT_OK;
}

int
main(int argc, char **argv)
{
	enum { O_NETRC = 256, O_CONTEXT, O_PERHOST, O_NOSYNC, O_NOSIGN };
	static const struct option longopts[] = {
		{ "context", required_argument, NULL, O_CONTEXT },
		{ "list", no_argument, NULL, 'l' },
		{ "max-per-host", required_argument, NULL, O_PERHOST },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "no-sign-request", no_argument, NULL, O_NOSIGN },
		{ "no-sync", no_argument, NULL, O_NOSYNC },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		HTTP_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *context = NULL;
	char *ctxnetrc = NULL;
	int c;

	a2_init(argc, argv, usage);
	a2_env_net(&opts.http.netrc, &opts.http.retry_delay_ms, 0);
	while ((c = getopt_long(argc, argv, "lo:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			list = 1;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_CONTEXT:
			context = optarg;
			break;
		case O_NETRC:
			opts.http.netrc = optarg;
			break;
		case O_NOSIGN:
			opts.no_sign = 1;
			break;
		case O_NOSYNC:
			opts.no_sync = 1;
			break;
		case O_PERHOST:
			opts.per_host = a2_number(optarg, "connection count", 0, 1000, 0);
			break;
		default:
			if (!http_option(&opts.http, c, optarg, 0))
				a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (context) {
		char *dir = a2_strdup(context), *slash = strrchr(dir, '/');

		if (slash)
			*slash = '\0';
		if ((ctxnetrc = src_context_netrc(context, slash ? (*dir ? dir : "/") : ".")) != NULL)
			opts.http.netrc = ctxnetrc;
		free(dir);
	}
	fetch_netrc_check(opts.http.netrc);
	opts.progress = isatty(2) && !a2_verbose;
	http_init();
	a2_loop(argc, argv, on_operand, on_record, NULL);
	src_cleanup();
	http_cleanup();
	free(ctxnetrc);
	return status;
}
