/*
 * hyp3poll: follows the HyP3 jobs of hyp3submit records (or every job of
 * a name) and, once a job has succeeded, downloads its files (resumable,
 * verified by size, through fetch), printing JSON Lines of states and files.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/hyp3.h"
#include "net/jobrec.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
"usage: hyp3poll [-v] [-o dir] [--name name] [--test] [--endpoint url]\n"
"                [--token-file file] [--login-url url] [--netrc-file file]\n"
"                [--wait] [--interval s] [--deadline s] [--retries n]\n"
"                [--retry-delay ms] [--timeout s] [record ...]\n"
"\n"
"Asks HyP3 how the job of each hyp3submit RECORD is doing, or every job\n"
"called NAME, and downloads the files of a succeeded job into DIR (verified\n"
"by size; a file already there is not fetched again).  Prints one JSON line\n"
"per file and per job.  Exits 0 when every file is here, 75 while a job is\n"
"pending or running, 1 when a job failed or expired, 77 when Earthdata\n"
"Login or HyP3 refused the credentials.\n"
"\n"
"  -o, --output dir      download directory (default .)\n"
"      --deadline s      with --wait: give up (75) after s seconds (default 86400)\n"
"      --endpoint url    HyP3 API (default $A2_HYP3_URL, else\n"
"                        https://hyp3-api.asf.alaska.edu) of --name; a record\n"
"                        names its own\n"
"      --interval s      with --wait: first pause between polls (default 60);\n"
"                        doubles up to 30 times it\n"
"      --login-url url   Earthdata Login authorize URL (default $A2_HYP3_LOGIN_URL,\n"
"                        else the one of ASF's login)\n"
"      --name name       every job of that name instead of records\n"
"      --netrc-file file Earthdata Login credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --retries n       retries after a failed request (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --test            the test API, https://hyp3-test-api.asf.alaska.edu\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"      --token-file file Earthdata Login bearer token, a 0600 file (default\n"
"                        $A2_HYP3_TOKEN_FILE, else the netrc login)\n"
"      --wait            poll until every job has succeeded or failed\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

static struct hyp3 h = { .http = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60 } };
static struct hyp3_poll hp = { .h = &h, .outdir = "." };
static const char *name;
static char **records;

static void
emit(json_t *m, json_t *download)
{
	jobrec_print("hyp3", m, download);
}

/* One look at every record, or at the name's jobs. */
static int
poll_all(void *ctx)
{
	int code = A2_EXIT_OK;

	(void)ctx;
	if (name)
		return hyp3_poll_name(&hp, name);
	for (int i = 0; records[i]; i++)
		code = jobrec_worse(code, hyp3_poll_record(&hp, records[i]));
	return code;
}

int
main(int argc, char **argv)
{
	enum { O_DEADLINE = HYP3_O_TOOL, O_INTERVAL, O_NAME, O_WAIT };
	static const struct option longopts[] = {
		HYP3_LONGOPTS,
		{ "deadline", required_argument, NULL, O_DEADLINE },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "name", required_argument, NULL, O_NAME },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", no_argument, NULL, O_WAIT },
		{ NULL, 0, NULL, 0 },
	};
	double interval = 60, deadline = 86400;
	int c, wait = 0, code;

	a2_init(argc, argv, usage);
	a2_env_net(&h.http.netrc, &h.http.retry_delay_ms, A2_NUMBER_RANGE);
	h.endpoint = a2_env("A2_HYP3_URL", NULL);
	h.login_url = a2_env("A2_HYP3_LOGIN_URL", HYP3_LOGIN_URL);
	h.token_file = a2_env("A2_HYP3_TOKEN_FILE", NULL);
	while ((c = getopt_long(argc, argv, "o:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			hp.outdir = optarg;
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
		case O_NAME:
			name = optarg;
			break;
		case O_WAIT:
			wait = 1;
			break;
		default:
			if (!hyp3_option(&h, c, optarg))
				a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if ((argc == 0) == (name == NULL))
		a2_usage();
	hyp3_endpoint_default(&h);
	records = argv;
	fetch_netrc_check(h.http.netrc);
	hp.fetch.http = h.http;
	hp.fetch.progress = isatty(2) && !a2_verbose;
	hp.emit = emit;
	http_init();
	code = jobrec_wait(poll_all, NULL, wait, interval, deadline);
	http_cleanup();
	hyp3_logout(&h);
	return code;
}
