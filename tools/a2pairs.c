/*
 * a2pairs: interferometric pairs as JSON Lines: Sentinel-1 date pairs of
 * an ARIA frame (the job parameters of HyP3's ARIA_S1_GUNW), or ALOS-2
 * scene pairs from a2's catalog for alos2App.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/a2.h"
#include "sar/pairs.h"
#include "store/catalog.h"

static const char usage[] =
"usage: a2pairs s1 --frame id [--baseline days[,days...]] [--neighbours n[,n...]]\n"
"                  [--seeds k] [--months m[,m...]] [--exclusive-months]\n"
"                  [--range first/last] [file]\n"
"       a2pairs alos2 [-c catalog] [--path n] [--frame n] [--start time] [--end time]\n"
"                  [--min-baseline days] [--max-baseline days] [--neighbours n]\n"
"                  [--pol pol] [--level level]\n"
"\n"
"  s1     date pairs of ARIA frame id (0 to 27397) from the acquisition dates\n"
"         (YYYY-MM-DD, one a line, oldest or newest first) in file or on stdin;\n"
"         prints {\"frame_id\",\"reference_date\",\"secondary_date\"} per pair.\n"
"         Runs: --baseline (default 0) zipped with --neighbours (default 3);\n"
"         --seeds (default 1); --months adds the pairs of those months' dates\n"
"         (--exclusive-months: only those); --range keeps dates in first/last\n"
"  alos2  pairs of catalogued ALOS-2 scenes (level 1.1 unless --level) of one\n"
"         path, frame, look side and direction, both with --pol (default HH);\n"
"         --neighbours older scenes per scene (default 3, 0: all);\n"
"         prints {\"reference\":{\"id\",\"location\",...},\"secondary\":{...},...}\n"
"  -c, --catalog catalog   the catalog (default $A2_CATALOG, else\n"
"                          $A2_DATA/catalog.gpkg)\n"
"      --help, --version\n";

#define S1_FIRST_DAY "2014-06-15" /* Sentinel-1A's first acquisitions (HyP3's bound) */
#define S1_MAX_FRAME 27397
#define MAX_RUNS 16
#define MAX_RANGES 64

/* "4,2,2" into v (at most max numbers in [min, hi]); the count. */
static size_t
number_list(const char *s, const char *what, long min, long hi, int *v, size_t max)
{
	size_t n = 0;
	char *copy = a2_strdup(s), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == max)
			a2_die_code(A2_EXIT_USAGE, "%s: more than %zu %s", s, max, what);
		v[n++] = (int)a2_number(t, what, min, hi, A2_NUMBER_RANGE);
	}
	if (n == 0)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s", s, what);
	free(copy);
	return n;
}

static int
today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[16];
	int d;

	gmtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	pairs_date_parse(buf, &d);
	return d;
}

/*
 * The dates of fp, one a line (blank lines and # comments skipped), each a
 * Sentinel-1 day up to today, all in one order without repeats: anything
 * else is bad input naming the line.
 */
static size_t
read_dates(FILE *fp, const char *name, int **out)
{
	int first, last = today(), *d = NULL, order = 0;
	size_t n = 0, cap = 0, len = 0;
	long lineno = 0, prevline = 0;
	char *line = NULL, *s, *e;
	ssize_t got;

	pairs_date_parse(S1_FIRST_DAY, &first);
	while (errno = 0, (got = getline(&line, &len, fp)) != -1) {
		int day, o;
		lineno++;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		for (e = line + got; e > s && strchr(" \t\r\n", e[-1]); e--)
			;
		*e = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		if (pairs_date_parse(s, &day) != 0)
			a2_die_code(A2_EXIT_USAGE, "%s: line %ld: %s: not a date (YYYY-MM-DD)", name, lineno, s);
		if (day < first)
			a2_die_code(A2_EXIT_USAGE, "%s: line %ld: %s: before Sentinel-1's first day (%s)",
			    name, lineno, s, S1_FIRST_DAY);
		if (day > last)
			a2_die_code(A2_EXIT_USAGE, "%s: line %ld: %s: a date in the future", name, lineno, s);
		if (n > 0) {
			char prev[11];
			pairs_date_format(d[n - 1], prev);
			if (day == d[n - 1])
				a2_die_code(A2_EXIT_USAGE, "%s: line %ld: %s: the date of line %ld again",
				    name, lineno, s, prevline);
			o = day > d[n - 1] ? 1 : -1;
			if (order && o != order)
				a2_die_code(A2_EXIT_USAGE, "%s: line %ld: %s: out of order (%s first: line %ld has %s)",
				    name, lineno, s, order > 0 ? "oldest" : "newest", prevline, prev);
			order = o;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			d = a2_realloc(d, cap * sizeof *d);
		}
		d[n++] = day;
		prevline = lineno;
	}
	if (errno || ferror(fp))
		a2_die("%s: cannot read:", name);
	free(line);
	*out = d;
	return n;
}

struct s1_opts {
	const char *frame, *baseline, *neighbours, *seeds, *months;
	int exclusive;
	const char *ranges[MAX_RANGES];
	size_t nranges;
};

static int
run_s1(struct s1_opts *so, int argc, char **argv)
{
	int b[MAX_RUNS] = { 0 }, nb[MAX_RUNS] = { 3 }, m[12], ranges[MAX_RANGES][2], frame, *dates;
	size_t nbase = 1, nneigh = 1, nruns, n, np;
	struct pairs_run runs[MAX_RUNS];
	struct pairs_s1 o = { .seeds = 1 };
	struct pairs_date *p;
	const char *name = "stdin";
	FILE *fp = stdin;

	if (argc > 1 || !so->frame)
		a2_usage();
	frame = (int)a2_number(so->frame, "frame id", 0, S1_MAX_FRAME, A2_NUMBER_RANGE);
	if (so->baseline)
		nbase = number_list(so->baseline, "baseline", 0, 100000, b, MAX_RUNS);
	if (so->neighbours)
		nneigh = number_list(so->neighbours, "neighbours", 1, 100000, nb, MAX_RUNS);
	if (nbase != nneigh && nbase != 1 && nneigh != 1)
		a2_die_code(A2_EXIT_USAGE, "--baseline has %zu values, --neighbours %zu: give as many, or one",
		    nbase, nneigh);
	nruns = nbase > nneigh ? nbase : nneigh;
	for (size_t i = 0; i < nruns; i++) {
		runs[i].baseline = b[nbase == 1 ? 0 : i];
		runs[i].neighbours = nb[nneigh == 1 ? 0 : i];
	}
	if (so->seeds)
		o.seeds = (int)a2_number(so->seeds, "seeds", 1, 100000, A2_NUMBER_RANGE);
	if (so->months) {
		size_t nm = number_list(so->months, "month", 1, 12, m, 12);
		for (size_t i = 0; i < nm; i++)
			o.months |= 1u << m[i];
	} else if (so->exclusive)
		a2_die_code(A2_EXIT_USAGE, "--exclusive-months needs --months");
	for (size_t i = 0; i < so->nranges; i++) {
		const char *r = so->ranges[i], *slash = strchr(r, '/');
		char *a = slash ? a2_strndup(r, slash - r) : NULL;
		if (!slash || pairs_date_parse(a, &ranges[i][0]) != 0 ||
		    pairs_date_parse(slash + 1, &ranges[i][1]) != 0 || ranges[i][0] > ranges[i][1])
			a2_die_code(A2_EXIT_USAGE, "%s: bad range (YYYY-MM-DD/YYYY-MM-DD, first not after last)", r);
		free(a);
	}
	o.runs = runs;
	o.nruns = nruns;
	o.exclusive_months = so->exclusive;
	o.ranges = (const int (*)[2])ranges;
	o.nranges = so->nranges;

	if (argc == 1 && strcmp(argv[0], "-") != 0) {
		name = argv[0];
		if (!(fp = fopen(name, "r")))
			a2_die("%s: cannot open:", name);
	}
	n = read_dates(fp, name, &dates);
	if (fp != stdin)
		fclose(fp);
	np = pairs_s1_dates(dates, n, &o, &p);
	for (size_t i = 0; i < np; i++) {
		char ref[11], sec[11];
		json_t *j;
		pairs_date_format(p[i].ref, ref);
		pairs_date_format(p[i].sec, sec);
		j = json_pack("{s:i, s:s, s:s}", "frame_id", frame, "reference_date", ref, "secondary_date", sec);
		a2_json_print_line(j);
		json_decref(j);
	}
	free(p);
	free(dates);
	return A2_EXIT_OK;
}

struct alos2_opts {
	const char *catalog, *path, *frame, *start, *end, *min, *max, *neighbours, *pol, *level;
};

static int
collect(json_t *rec, void *arg)
{
	json_array_append(arg, rec);
	return 0;
}

/* "HH,HV" from the record's list */
static char *
pols_of(json_t *rec)
{
	json_t *a = json_object_get(rec, "polarisations"), *v;
	size_t i, len = 1;
	char *s;

	json_array_foreach(a, i, v)
		len += json_string_length(v) + 1;
	s = a2_calloc(len, 1);
	json_array_foreach(a, i, v) {
		if (*s)
			strcat(s, ",");
		strcat(s, json_string_value(v) ? json_string_value(v) : "");
	}
	return s;
}

static json_t *
side(json_t *rec)
{
	const char *loc = a2_json_str(rec, "publish");

	return json_pack("{s:s?, s:s?, s:s?, s:s?}", "id", a2_json_str(rec, "id"),
	    "location", loc ? loc : a2_json_str(rec, "product"), "mode", a2_json_str(rec, "mode"),
	    "start_time", a2_json_str(rec, "start_time"));
}

/* --start or --end (NULL: open) as the catalog takes it */
static void
window(const char *s, int end, char out[32])
{
	if (s && catalog_time(s, end, out) != 0) {
		a2_warn("%s: bad time (YYYY-MM-DD[Thh:mm[:ss[.sss]]][Z])", s);
		a2_usage();
	}
}

static int
run_alos2(struct alos2_opts *ao, int argc, char **argv)
{
	struct catalog_query q = { .path = -1, .frame = -1, .level = "1.1" };
	struct pairs_alos2 o = { .pol = "HH", .min_days = 0, .max_days = -1, .neighbours = 3 };
	struct pairs_scene *s;
	struct pairs_idx *p;
	struct catalog *cat;
	json_t *recs = json_array(), *rec, **by;
	char *defname = NULL, **pols;
	size_t n = 0, np, i;
	int code;

	if (argc != 0)
		a2_usage();
	if (ao->path)
		q.path = (int)a2_number(ao->path, "path", 0, INT_MAX, 0);
	if (ao->frame)
		q.frame = (int)a2_number(ao->frame, "frame", 0, 9999, 0);
	window(ao->start, 0, q.start);
	window(ao->end, 1, q.end);
	if (ao->min)
		o.min_days = (int)a2_number(ao->min, "minimum baseline", 0, 100000, 0);
	if (ao->max)
		o.max_days = (int)a2_number(ao->max, "maximum baseline", 0, 100000, 0);
	if (ao->neighbours) {
		o.neighbours = (int)a2_number(ao->neighbours, "neighbours", 0, 100000, 0);
		if (o.neighbours == 0)
			o.neighbours = -1;
	}
	if (ao->pol) {
		if (strlen(ao->pol) != 2 || !strchr("HV", ao->pol[0]) || !strchr("HV", ao->pol[1])) {
			a2_warn("%s: bad polarisation (HH, HV, VH or VV)", ao->pol);
			a2_usage();
		}
		o.pol = ao->pol;
	}
	if (ao->level)
		q.level = (*ao->level == 'L' || *ao->level == 'l') ? ao->level + 1 : ao->level;

	if (!ao->catalog)
		ao->catalog = defname = catalog_default_name();
	if ((code = catalog_open(ao->catalog, 0, &cat)) != A2_EXIT_OK)
		exit(code);
	if (catalog_query(cat, &q, collect, recs) < 0) {
		catalog_close(cat);
		exit(A2_EXIT_FAIL);
	}
	if ((code = catalog_close(cat)) != A2_EXIT_OK)
		exit(code);

	s = a2_calloc(json_array_size(recs) + 1, sizeof *s);
	pols = a2_calloc(json_array_size(recs) + 1, sizeof *pols);
	by = a2_calloc(json_array_size(recs) + 1, sizeof *by);
	json_array_foreach(recs, i, rec) {
		const char *start = a2_json_str(rec, "start_time");
		struct pairs_scene *x = &s[n];
		if (!start || pairs_date_parse(start, &x->day) != 0 || !a2_json_str(rec, "mode"))
			continue; /* not a scene to pair */
		x->id = a2_json_str(rec, "id");
		x->mode = a2_json_str(rec, "mode");
		x->polarisations = pols[n] = pols_of(rec);
		x->look_side = a2_json_str(rec, "look_side");
		x->direction = a2_json_str(rec, "direction");
		x->path = (int)json_integer_value(json_object_get(rec, "path"));
		x->frame = (int)json_integer_value(json_object_get(rec, "frame"));
		x->start = start;
		by[n++] = rec;
	}
	np = pairs_alos2(s, n, &o, &p);
	for (i = 0; i < np; i++) {
		const struct pairs_scene *r = &s[p[i].ref];
		json_t *j = json_pack("{s:o, s:o, s:i, s:i, s:s?, s:s?, s:s, s:i}",
		    "reference", side(by[p[i].ref]), "secondary", side(by[p[i].sec]), "path", r->path,
		    "frame", r->frame, "direction", r->direction, "look_side", r->look_side,
		    "polarisation", o.pol, "temporal_baseline_days", p[i].days);
		a2_json_print_line(j);
		json_decref(j);
	}
	free(by);
	for (i = 0; i < n; i++)
		free(pols[i]);
	free(pols);
	free(s);
	free(p);
	json_decref(recs);
	free(defname);
	return A2_EXIT_OK;
}

int
main(int argc, char **argv)
{
	enum { O_BASELINE = 256, O_NEIGHBOURS, O_SEEDS, O_MONTHS, O_EXCLUSIVE, O_RANGE, O_FRAME,
		O_PATH, O_START, O_END, O_MIN, O_MAX, O_POL, O_LEVEL, O_CATALOG };
	static const struct option longopts[] = {
		{ "baseline", required_argument, NULL, O_BASELINE },
		{ "catalog", required_argument, NULL, O_CATALOG },
		{ "end", required_argument, NULL, O_END },
		{ "exclusive-months", no_argument, NULL, O_EXCLUSIVE },
		{ "frame", required_argument, NULL, O_FRAME },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "max-baseline", required_argument, NULL, O_MAX },
		{ "min-baseline", required_argument, NULL, O_MIN },
		{ "months", required_argument, NULL, O_MONTHS },
		{ "neighbours", required_argument, NULL, O_NEIGHBOURS },
		{ "path", required_argument, NULL, O_PATH },
		{ "pol", required_argument, NULL, O_POL },
		{ "range", required_argument, NULL, O_RANGE },
		{ "seeds", required_argument, NULL, O_SEEDS },
		{ "start", required_argument, NULL, O_START },
		{ NULL, 0, NULL, 0 },
	};
	struct s1_opts so = { 0 };
	struct alos2_opts ao = { 0 };
	/* where each option goes, and the mode it belongs to (S s1, A alos2, B both) */
	struct { const char **s1, **alos2; char mode; } to[] = {
		[O_BASELINE - 256] = { &so.baseline, NULL, 'S' },
		[O_NEIGHBOURS - 256] = { &so.neighbours, &ao.neighbours, 'B' },
		[O_SEEDS - 256] = { &so.seeds, NULL, 'S' },
		[O_MONTHS - 256] = { &so.months, NULL, 'S' },
		[O_EXCLUSIVE - 256] = { NULL, NULL, 'S' },
		[O_RANGE - 256] = { NULL, NULL, 'S' },
		[O_FRAME - 256] = { &so.frame, &ao.frame, 'B' },
		[O_PATH - 256] = { NULL, &ao.path, 'A' },
		[O_START - 256] = { NULL, &ao.start, 'A' },
		[O_END - 256] = { NULL, &ao.end, 'A' },
		[O_MIN - 256] = { NULL, &ao.min, 'A' },
		[O_MAX - 256] = { NULL, &ao.max, 'A' },
		[O_POL - 256] = { NULL, &ao.pol, 'A' },
		[O_LEVEL - 256] = { NULL, &ao.level, 'A' },
		[O_CATALOG - 256] = { NULL, &ao.catalog, 'A' },
	};
	char used = 0;
	int c;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		if (c == 'c')
			c = O_CATALOG;
		if (c < O_BASELINE || c > O_CATALOG)
			a2_usage();
		c -= 256;
		if (to[c].s1)
			*to[c].s1 = optarg;
		if (to[c].alos2)
			*to[c].alos2 = optarg;
		if (to[c].mode != 'B')
			used |= to[c].mode == 'S' ? 1 : 2;
		if (c == O_EXCLUSIVE - 256)
			so.exclusive = 1;
		if (c == O_RANGE - 256) {
			if (so.nranges == MAX_RANGES)
				a2_die_code(A2_EXIT_USAGE, "more than %d --range", MAX_RANGES);
			so.ranges[so.nranges++] = optarg;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc >= 1 && strcmp(argv[0], "s1") == 0 && !(used & 2))
		return run_s1(&so, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "alos2") == 0 && !(used & 1))
		return run_alos2(&ao, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "s1") != 0 && strcmp(argv[0], "alos2") != 0)
		a2_warn("%s: unknown mode (s1 or alos2)", argv[0]);
	a2_usage();
}
