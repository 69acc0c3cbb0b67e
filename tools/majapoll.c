/*
 * majapoll: reads majasubmit job records, asks the service how each job
 * is doing and, once it is finished, downloads its results (resumable and
 * verified, through fetch), printing JSON Lines of states and results.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/jobrec.h"
#include "net/maja.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
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

static struct maja_poll mp = {
	.fetch = { .http = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60,
		.basic_first = 1 } },  /* Basic up front: PEPS never challenged */
	.outdir = ".",
};
static const char *authfile;

static void
emit(json_t *m, json_t *download)
{
	jobrec_print("maja", m, download);
}

/* One look at every record. */
static int
poll_all(void *ctx)
{
	char **recs = ctx;
	int code = A2_EXIT_OK;

	for (int i = 0; recs[i]; i++)
		code = jobrec_worse(code, maja_poll_record(recs[i], &mp));
	return code;
}

int
main(int argc, char **argv)
{
	enum { O_DEADLINE = 256, O_INTERVAL, O_KEY, O_NETRC, O_WAIT };
	static const struct option longopts[] = {
		{ "auth", required_argument, NULL, 'a' },
		{ "deadline", required_argument, NULL, O_DEADLINE },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "key-file", required_argument, NULL, O_KEY },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", no_argument, NULL, O_WAIT },
		HTTP_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	double interval = 60, deadline = 86400;
	char *userpwd = NULL;
	int c, wait = 0, code;

	a2_init(argc, argv, usage);
	a2_env_net(&mp.fetch.http.netrc, &mp.fetch.http.retry_delay_ms, A2_NUMBER_RANGE);
	mp.keyfile = a2_env("A2_GEODES_KEY_FILE", mp.keyfile);
	while ((c = getopt_long(argc, argv, "a:o:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			authfile = optarg;
			break;
		case 'o':
			mp.outdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_DEADLINE:
			deadline = jobrec_seconds(optarg, "deadline");
			break;
		case O_INTERVAL:
			interval = jobrec_seconds(optarg, "interval");
			break;
		case O_KEY:
			mp.keyfile = optarg;
			break;
		case O_NETRC:
			mp.fetch.http.netrc = optarg;
			break;
		case O_WAIT:
			wait = 1;
			break;
		default:
			if (!http_option(&mp.fetch.http, c, optarg, A2_NUMBER_RANGE))
				a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		a2_usage();
	fetch_netrc_check(mp.fetch.http.netrc);
	if (mp.keyfile && access(mp.keyfile, R_OK) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: key file:", mp.keyfile);
	if (authfile)
		mp.fetch.http.userpwd = userpwd = maja_auth_read(authfile);
	mp.fetch.progress = isatty(2) && !a2_verbose;
	mp.emit = emit;
	http_init();
	code = jobrec_wait(poll_all, argv, wait, interval, deadline);
	http_cleanup();
	http_free_secret(userpwd);
	return code;
}
