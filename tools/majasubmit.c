/*
 * majasubmit: asks a PEPS-style WPS service for MAJA L2A processing of a
 * Sentinel-2 tile over a period (FULL_MAJA), or of each L1C product a
 * catalogue search selects (MAJA), or finds the L2A products GEODES
 * already holds; writes a job record for majapoll.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/http.h"
#include "net/jobrec.h"
#include "net/maja.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
"usage: majasubmit [-nv] [-a authfile] [-o record] [--provider peps|geodes]\n"
"                  [--single] [-t tile | -l place | --lat lat --lon lon |\n"
"                  --box lonmin,latmin,lonmax,latmax] -d start [-e end]\n"
"                  [-r orbit] [--endpoint url] [--search-url url]\n"
"                  [--netrc-file file] [--max-products n] [--retries n]\n"
"                  [--retry-delay ms] [--timeout s]\n"
"\n"
"Submits a FULL_MAJA time series of TILE from START to END (55 to 366 days,\n"
"START on or after 2016-04-01) to a PEPS-style WPS service, or with --single\n"
"one MAJA run per S2 L1C product found in the catalogue, and writes the job\n"
"record RECORD (also printed) with the raw answer beside it.  With\n"
"--provider geodes, finds the MAJA L2A products GEODES already has instead.\n"
"\n"
"  -a, --auth file       PEPS auth file, one line 'email password'\n"
"                        (default: netrc credentials of the service host)\n"
"  -d, --start date      first day, YYYY-MM-DD\n"
"  -e, --end date        end of the period, YYYY-MM-DD\n"
"  -l, --location place  (--single) place name for the catalogue search\n"
"  -n, --dry-run         print the request URL(s), submit nothing\n"
"  -o, --output record   job record (default maja-job.json)\n"
"  -r, --orbit n         Sentinel-2 relative orbit, 1-143\n"
"  -t, --tile tile       MGRS tile, e.g. 31TCJ or T31TCJ\n"
"      --box lonmin,latmin,lonmax,latmax   (--single) search box\n"
"      --endpoint url    WPS URL (default $A2_MAJA_WPS_URL, else PEPS)\n"
"      --lat lat --lon lon                 (--single) search point\n"
"      --max-products n  refuse --single runs over n products (default 20)\n"
"      --netrc-file file credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --provider p      peps (default) or geodes\n"
"      --retries n       retries after a failed request (default 5)\n"
"      --retry-delay ms  first retry delay; doubles up to 60 times it (default 1000)\n"
"      --search-url url  catalogue (default $A2_MAJA_SEARCH_URL, else PEPS resto;\n"
"                        geodes: $A2_GEODES_URL, else the GEODES STAC API)\n"
"      --single          one MAJA run per L1C product instead of FULL_MAJA\n"
"      --timeout s       connect timeout and stall limit (default 60)\n"
"  -v, --verbose         log requests and answers (never credentials)\n"
"      --help, --version\n";

/* Basic up front: PEPS never challenged */
static struct http_opts opts = { .retries = 5, .retry_delay_ms = 1000, .timeout = 60,
	.basic_first = 1 };
static const char *record = "maja-job.json";
static const char *endpoint, *search_url, *authfile;
static const char *creds;    /* what a refusal is about */
static int dry, single, geodes, max_products = 20;
static struct maja_where where;
static char tile[16];

static double
real(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0')
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s", s, what);
	return v;
}

/* The raw answer goes beside the record: NAME.json -> NAME.SUFFIX. */
static char *
beside(const char *suffix)
{
	size_t n = strlen(record);

	if (n > 5 && strcmp(record + n - 5, ".json") == 0)
		n -= 5;
	return a2_asprintf("%.*s.%s", (int)n, record, suffix);
}

static char *
abs_path(const char *p)
{
	char *cwd;
	char *r;

	if (p[0] == '/')
		return a2_strdup(p);
	if (!(cwd = getcwd(NULL, 0)))
		a2_die("getcwd:");
	r = a2_path_join(cwd, p);
	free(cwd);
	return r;
}

static void
finish(json_t *rec)
{
	jobrec_write(record, rec);
	json_decref(rec);
}

static int
run_full(void)
{
	char *url = maja_full_url(endpoint, where.start, where.end, tile, where.orbit);
	char *resp = beside("response.xml"), *aresp = abs_path(resp);
	json_t *rec;
	int code;

	if (dry) {
		printf("%s\n", url);
		free(url);
		free(resp);
		free(aresp);
		return 0;
	}
	rec = maja_record("peps", endpoint, "FULL_MAJA", &where);
	code = maja_execute(url, &opts, aresp, creds, rec);
	if (code == A2_EXIT_OK)
		finish(rec);
	else
		json_decref(rec);
	free(url);
	free(resp);
	free(aresp);
	return code;
}

static int
run_single(void)
{
	json_t *ids, *v, *rec, *jobs;
	size_t i;
	int code;

	ids = maja_resto_search(search_url, &where, 500, &opts, &code);
	if (!ids)
		return code;
	if (json_array_size(ids) == 0) {
		a2_warn("%s: no S2 L1C product matches", search_url);
		json_decref(ids);
		return A2_EXIT_FAIL;
	}
	if (!dry && json_array_size(ids) > (size_t)max_products) {
		a2_warn("%zu products selected: more than --max-products %d; nothing submitted",
		    json_array_size(ids), max_products);
		json_decref(ids);
		return A2_EXIT_FAIL;
	}
	rec = maja_record("peps", endpoint, "MAJA", &where);
	jobs = json_array();
	json_array_foreach(ids, i, v) {
		const char *prod = json_string_value(v);
		char *url = maja_single_url(endpoint, prod);
		char *suffix = a2_asprintf("%s.xml", prod), *resp = beside(suffix);
		char *aresp = abs_path(resp);
		json_t *job = json_object();

		if (dry)
			printf("%s\n", url);
		else {
			a2_json_set(job, "product", json_string(prod));
			code = maja_execute(url, &opts, aresp, creds, job);
		}
		free(url);
		free(suffix);
		free(resp);
		free(aresp);
		if (!dry && code != A2_EXIT_OK) {
			size_t k;
			json_t *done;
			/* the record is all or nothing; say what the service has already */
			json_array_foreach(jobs, k, done)
				a2_warn("%s was accepted: %s", a2_json_str(done, "product"),
				    a2_json_str(done, "status_location"));
			json_decref(job);
			json_decref(jobs);
			json_decref(rec);
			json_decref(ids);
			return code;
		}
		json_array_append_new(jobs, job);
	}
	json_decref(ids);
	a2_json_set(rec, "jobs", jobs);
	if (dry)
		json_decref(rec);
	else
		finish(rec);
	return A2_EXIT_OK;
}

static int
run_geodes(void)
{
	json_t *items, *rec;
	int code;

	if (dry) {
		printf("%s/search\n", search_url);
		return 0;
	}
	items = maja_geodes_search(search_url, &where, 80, &opts, &code);
	if (!items)
		return code;
	if (json_array_size(items) == 0) {
		a2_warn("%s: no %s item for T%s from %s to %s", search_url, MAJA_GEODES_COLLECTION,
		    tile, where.start, where.end);
		json_decref(items);
		return A2_EXIT_FAIL;
	}
	rec = maja_record("geodes", search_url, MAJA_GEODES_COLLECTION, &where);
	a2_json_set(rec, "items", items);
	finish(rec);
	return A2_EXIT_OK;
}

int
main(int argc, char **argv)
{
	enum { O_BOX = 256, O_ENDPOINT, O_LAT, O_LON, O_MAX, O_NETRC, O_PROVIDER, O_SEARCH,
		O_SINGLE };
	static const struct option longopts[] = {
		{ "auth", required_argument, NULL, 'a' },
		{ "box", required_argument, NULL, O_BOX },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "end", required_argument, NULL, 'e' },
		{ "endpoint", required_argument, NULL, O_ENDPOINT },
		{ "lat", required_argument, NULL, O_LAT },
		{ "location", required_argument, NULL, 'l' },
		{ "lon", required_argument, NULL, O_LON },
		{ "max-products", required_argument, NULL, O_MAX },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "orbit", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "provider", required_argument, NULL, O_PROVIDER },
		{ "search-url", required_argument, NULL, O_SEARCH },
		{ "single", no_argument, NULL, O_SINGLE },
		{ "start", required_argument, NULL, 'd' },
		{ "tile", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		HTTP_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *tilearg = NULL;
	int c, lat = 0, lon = 0, code;
	char *msg, *userpwd = NULL;

	a2_init(argc, argv, usage);
	a2_env_net(&opts.netrc, &opts.retry_delay_ms, A2_NUMBER_RANGE);
	while ((c = getopt_long(argc, argv, "a:d:e:l:no:r:t:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			authfile = optarg;
			break;
		case 'd':
			where.start = optarg;
			break;
		case 'e':
			where.end = optarg;
			break;
		case 'l':
			where.place = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'o':
			record = optarg;
			break;
		case 'r':
			where.orbit = a2_number(optarg, "relative orbit", 1, 143, A2_NUMBER_RANGE);
			break;
		case 't':
			tilearg = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_BOX:
			if (sscanf(optarg, "%lf,%lf,%lf,%lf%n", &where.bbox[0], &where.bbox[1],
			    &where.bbox[2], &where.bbox[3], &c) != 4 || optarg[c] != '\0' ||
			    where.bbox[0] >= where.bbox[2] || where.bbox[1] >= where.bbox[3])
				a2_die_code(A2_EXIT_USAGE, "%s: bad box (lonmin,latmin,lonmax,latmax)", optarg);
			where.box = 1;
			break;
		case O_ENDPOINT:
			endpoint = optarg;
			break;
		case O_LAT:
			where.lat = real(optarg, "latitude");
			lat = 1;
			break;
		case O_LON:
			where.lon = real(optarg, "longitude");
			lon = 1;
			break;
		case O_MAX:
			max_products = a2_number(optarg, "product count", 1, 100000, A2_NUMBER_RANGE);
			break;
		case O_NETRC:
			opts.netrc = optarg;
			break;
		case O_PROVIDER:
			if (strcmp(optarg, "peps") == 0)
				geodes = 0;
			else if (strcmp(optarg, "geodes") == 0)
				geodes = 1;
			else
				a2_die_code(A2_EXIT_USAGE, "%s: unknown provider (peps or geodes)", optarg);
			break;
		case O_SEARCH:
			search_url = optarg;
			break;
		case O_SINGLE:
			single = 1;
			break;
		default:
			if (!http_option(&opts, c, optarg, A2_NUMBER_RANGE))
				a2_usage();
		}
	}
	if (optind != argc)
		a2_usage();
	if (lat != lon)
		a2_die_code(A2_EXIT_USAGE, "--lat and --lon go together");
	where.point = lat;
	if (tilearg) {
		if (maja_tile(tilearg, tile, sizeof tile) != 0)
			a2_die_code(A2_EXIT_USAGE, "%s: not a Sentinel-2 tile (e.g. 31TCJ)", tilearg);
		where.tile = tile;
	}
	if (!where.start)
		a2_die_code(A2_EXIT_USAGE, "no start date (-d YYYY-MM-DD)");
	if (single && geodes)
		a2_die_code(A2_EXIT_USAGE, "--single is a PEPS mode");
	if ((msg = maja_check_where(&where, single ? MAJA_SINGLE : geodes ? MAJA_GEODES :
	    MAJA_FULL)) != NULL)
		a2_die_code(A2_EXIT_USAGE, "%s", msg);
	if (!endpoint)
		endpoint = a2_env("A2_MAJA_WPS_URL", MAJA_PEPS_WPS);
	if (!search_url)
		search_url = geodes ? a2_env("A2_GEODES_URL", MAJA_GEODES_STAC) :
		    a2_env("A2_MAJA_SEARCH_URL", MAJA_PEPS_SEARCH);
	fetch_netrc_check(opts.netrc);
	creds = authfile ? authfile : opts.netrc ? opts.netrc : "~/.netrc";
	if (authfile && !geodes && !dry)
		opts.userpwd = userpwd = maja_auth_read(authfile);
	http_init();
	code = geodes ? run_geodes() : single ? run_single() : run_full();
	http_cleanup();
	http_free_secret(userpwd);
	return code;
}
