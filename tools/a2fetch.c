/*
 * a2fetch: downloads sources (URLs now; AUIG2 orders, Sentinel Asia and
 * friends later) into a directory, resumably and verified, printing one
 * JSON line per file.  Each source type expands a SOURCE spec into URLs.
 */
#include "a2.h"
#include "fetch.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
"usage: a2fetch [-lv] [-o dir] [--netrc-file file] [--retries n]\n"
"               [--retry-delay ms] [--timeout s] [source ...]\n"
"\n"
"Downloads each SOURCE (http, https, file, dav or davs URL) into DIR,\n"
"resuming partial downloads and verifying their length, and prints one\n"
"JSON line per file: {\"download\":{\"path\",\"url\",\"size\",\"sha256\",\"name\"}}.\n"
"Without SOURCE, reads JSON Lines records (\"url\", \"download\":{\"url\"} or\n"
"\"source\") on stdin and passes each on with its download added.\n"
"\n"
"  -o, --output dir      download directory (default .)\n"
"  -l, --list            print what would be fetched, fetch nothing\n"
"      --netrc-file file credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --retries n       retries after a failed attempt (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

static const char *outdir = ".";
static int list;
static struct fetch_opts opts = { NULL, 5, 1000, 60, 0 };

/* Prints the record: in, if given, passed on with "download" set. */
static void
emit(json_t *in, const struct fetch_result *r)
{
	json_t *out = in ? json_deep_copy(in) : json_object();
	json_t *d = json_object_get(out, "download");

	d = json_is_object(d) ? json_incref(d) : json_object();
	if (!list)
		a2_json_set(d, "path", json_string(r->path));
	a2_json_set(d, "url", json_string(r->url));
	if (r->size >= 0)
		a2_json_set(d, "size", json_integer(r->size));
	if (!list)
		a2_json_set(d, "sha256", json_string(r->sha256));
	a2_json_set(d, "name", json_string(r->name));
	a2_json_set(out, "download", d);
	a2_json_print_line(out);
	json_decref(out);
}

static int
src_url(const char *url, json_t *in)
{
	struct fetch_result r;
	int code = list ? fetch_head(url, &opts, &r) : fetch_url(url, outdir, &opts, &r);

	if (code == A2_EXIT_OK)
		emit(in, &r);
	fetch_result_free(&r);
	return code;
}

/* A source type: the part of SOURCE before the first ':' picks it. */
static const struct source {
	const char *type;
	int (*run)(const char *spec, json_t *in);
} sources[] = {
	{ "http", src_url },
	{ "https", src_url },
	{ "file", src_url },
	{ "dav", src_url },
	{ "davs", src_url },
};

static int
run_source(const char *spec, json_t *in)
{
	size_t n = strcspn(spec, ":");

	for (size_t i = 0; spec[n] == ':' && i < sizeof sources / sizeof *sources; i++)
		if (strlen(sources[i].type) == n && strncasecmp(spec, sources[i].type, n) == 0)
			return sources[i].run(spec, in);
	if (spec[n] == ':')
		a2_warn("%.*s: unknown source type", (int)n, spec);
	else
		a2_warn("%s: not a URL or source spec", spec);
	return A2_EXIT_FAIL;
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
on_record(json_t *rec, void *arg)
{
	json_t *d = json_object_get(rec, "download");
	const char *spec = a2_json_str(d, "url");
	int code;

	if (!spec)
		spec = a2_json_str(rec, "url");
	if (!spec)
		spec = a2_json_str(rec, "source");
	if (!spec) {
		a2_warn("stdin: record without \"url\", \"download\".\"url\" or \"source\"");
		code = A2_EXIT_FAIL;
	} else
		code = run_source(spec, rec);
	note(code);
	return code != A2_EXIT_OK;
}

static long
number(const char *s, const char *what, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > max) {
		a2_warn("%s: bad %s", s, what);
		a2_usage();
	}
	return v;
}

int
main(int argc, char **argv)
{
	enum { O_NETRC = 256, O_RETRIES, O_DELAY, O_TIMEOUT };
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "output", required_argument, NULL, 'o' },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "retry-delay", required_argument, NULL, O_DELAY },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *e;
	int c;

	a2_init(argc, argv, usage);
	if ((e = getenv("A2_NETRC")) && *e)
		opts.netrc = e;
	if ((e = getenv("A2_RETRY_DELAY_MS")) && *e)
		opts.retry_delay_ms = number(e, "A2_RETRY_DELAY_MS", 3600000);
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
		case O_NETRC:
			opts.netrc = optarg;
			break;
		case O_RETRIES:
			opts.retries = number(optarg, "retry count", 1000);
			break;
		case O_DELAY:
			opts.retry_delay_ms = number(optarg, "retry delay", 3600000);
			break;
		case O_TIMEOUT:
			opts.timeout = number(optarg, "timeout", 86400);
			if (opts.timeout == 0)
				a2_usage();
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (opts.netrc && access(opts.netrc, R_OK) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: netrc file:", opts.netrc);
	if (opts.netrc)
		fetch_netrc_check(opts.netrc);
	else if ((e = getenv("HOME")) && *e) {
		char *p = a2_path_join(e, ".netrc");
		fetch_netrc_check(p);
		free(p);
	}
	opts.progress = isatty(2) && !a2_verbose;
	fetch_init();
	if (argc == 0)
		a2_json_lines(stdin, "stdin", on_record, NULL);
	for (int i = 0; i < argc; i++)
		note(run_source(argv[i], NULL));
	fetch_cleanup();
	return status;
}
