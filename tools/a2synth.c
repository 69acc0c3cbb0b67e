/*
 * a2synth: writes synthetic ALOS-2 products (CEOS or GeoTIFF, any level)
 * for tests and benchmarks, plus a truth file per product with the values
 * a reader should find.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/a2.h"
#include "synth/synth.h"

static const char usage[] =
"usage: a2synth [-s SEED] [--size tiny|small|bench|WxH] [--level 1.1|1.5|2.1|2.2|3.1]\n"
"               [--mode FBD] [--format CEOS|GeoTIFF] [--look R|L] [--direction A|D]\n"
"               [--pols HH,HV] [--orbit N] [--frame N] [--date YYMMDD] [--south]\n"
"               [--package order|flat|dir] [--order NNNNNNNNNN] [--items N]\n"
"               [--mask plain|holes|specks|mountains] [--lon-shift DEG] -o DIR\n"
"       a2synth --gunw NAME [--frame N] [--size WxH] [--gunw-attr NAME[=VALUE] ...] -o DIR\n"
"\n"
"Writes synthetic ALOS-2/PALSAR-2 products into DIR and prints one JSON line\n"
"per product: {\"id\",\"scene_id\",\"path\",\"truth\"}; with --gunw, the\n"
"Sentinel-1 GUNW netCDF file DIR/NAME.nc and {\"id\",\"path\"}. See a2synth(1).\n";

static long
num(const char *s, const char *what, long lo, long hi)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s (want %ld..%ld)", s, what, lo, hi);
	return v;
}

static int
parse_pols(const char *s)
{
	char *dup = a2_strdup(s), *tok, *save = NULL;
	int mask = 0, k;

	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < 4; k++)
			if (strcmp(tok, synth_pol_names[k]) == 0)
				break;
		if (k == 4 || (mask & (1 << k)))
			a2_die_code(A2_EXIT_USAGE, "%s: bad polarisation list (HH,HV,VH,VV, each once)", s);
		mask |= 1 << k;
	}
	free(dup);
	if (!mask)
		a2_die_code(A2_EXIT_USAGE, "--pols: empty list");
	return mask;
}

static void
parse_date(struct synth_opts *o, const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
		a2_die_code(A2_EXIT_USAGE, "%s: bad date (want YYMMDD)", s);
	y = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[2] - '0') * 10 + (s[3] - '0');
	d = (s[4] - '0') * 10 + (s[5] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && y % 4))
		a2_die_code(A2_EXIT_USAGE, "%s: bad date (want YYMMDD)", s);
	o->year = 2000 + y;
	o->month = m;
	o->day = d;
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "size", required_argument, NULL, 'S' },
		{ "level", required_argument, NULL, 'l' },
		{ "mode", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "look", required_argument, NULL, 'L' },
		{ "direction", required_argument, NULL, 'd' },
		{ "pols", required_argument, NULL, 'p' },
		{ "orbit", required_argument, NULL, 'O' },
		{ "frame", required_argument, NULL, 'F' },
		{ "date", required_argument, NULL, 'D' },
		{ "south", no_argument, NULL, 'n' },
		{ "package", required_argument, NULL, 'P' },
		{ "order", required_argument, NULL, 'r' },
		{ "items", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "mask", required_argument, NULL, 'M' },
		{ "lon-shift", required_argument, NULL, 'X' },
		{ "gunw", required_argument, NULL, 'G' },
		{ "gunw-attr", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct synth_opts o = {
		.seed = 1, .level = "1.5", .mode = "FBD", .ceos = -1, .look = 'R', .dir = 'A',
		.orbit = 1597, .frame = 6960, .year = 2014, .month = 9, .day = 9,
		.package = SYNTH_PKG_ORDER, .order = "0000012345", .items = 1,
	};
	const char *msg, *gunw = NULL, **attrs = NULL, *frame = NULL;
	size_t nattrs = 0;
	char *end;
	int c;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "o:s:", lopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			parse_date(&o, optarg);
			break;
		case 'F':
			frame = optarg; /* an ALOS-2 frame, or with --gunw an ARIA one */
			break;
		case 'A':
			if (!*optarg || *optarg == '=')
				a2_die_code(A2_EXIT_USAGE, "--gunw-attr: NAME[=VALUE]");
			attrs = a2_realloc(attrs, (nattrs + 2) * sizeof *attrs);
			attrs[nattrs++] = optarg;
			attrs[nattrs] = NULL;
			break;
		case 'G':
			gunw = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "R") && strcmp(optarg, "L"))
				a2_die_code(A2_EXIT_USAGE, "%s: bad look side (R or L)", optarg);
			o.look = optarg[0];
			break;
		case 'M':
			if (strcmp(optarg, "plain") == 0)
				o.mask = SYNTH_MASK_PLAIN;
			else if (strcmp(optarg, "holes") == 0)
				o.mask = SYNTH_MASK_HOLES;
			else if (strcmp(optarg, "specks") == 0)
				o.mask = SYNTH_MASK_SPECKS;
			else if (strcmp(optarg, "mountains") == 0)
				o.mask = SYNTH_MASK_MOUNTAINS;
			else
				a2_die_code(A2_EXIT_USAGE, "%s: bad mask (plain, holes, specks or mountains)",
				    optarg);
			break;
		case 'O':
			o.orbit = (int)num(optarg, "orbit", 1, 99999);
			break;
		case 'P':
			if (strcmp(optarg, "order") == 0)
				o.package = SYNTH_PKG_ORDER;
			else if (strcmp(optarg, "flat") == 0)
				o.package = SYNTH_PKG_FLAT;
			else if (strcmp(optarg, "dir") == 0)
				o.package = SYNTH_PKG_DIR;
			else
				a2_die_code(A2_EXIT_USAGE, "%s: bad package (order, flat or dir)", optarg);
			break;
		case 'S':
			if (strcmp(optarg, "tiny") == 0)
				o.size = 0;
			else if (strcmp(optarg, "small") == 0)
				o.size = 1;
			else if (strcmp(optarg, "bench") == 0)
				o.size = 2;
			else if (sscanf(optarg, "%dx%d", &o.width, &o.height) == 2 &&
			    strspn(optarg, "0123456789x") == strlen(optarg))
				o.size = 3;
			else
				a2_die_code(A2_EXIT_USAGE, "%s: bad size (tiny, small, bench or WxH)", optarg);
			break;
		case 'X':
			o.lon_shift = strtod(optarg, &end);
			if (!*optarg || *end || !(o.lon_shift >= -360 && o.lon_shift <= 360))
				a2_die_code(A2_EXIT_USAGE, "%s: bad longitude shift (-360..360 degrees)", optarg);
			break;
		case 'd':
			if (strcmp(optarg, "A") && strcmp(optarg, "D"))
				a2_die_code(A2_EXIT_USAGE, "%s: bad direction (A or D)", optarg);
			o.dir = optarg[0];
			break;
		case 'f':
			if (strcasecmp(optarg, "CEOS") == 0)
				o.ceos = 1;
			else if (strcasecmp(optarg, "GeoTIFF") == 0)
				o.ceos = 0;
			else
				a2_die_code(A2_EXIT_USAGE, "%s: bad format (CEOS or GeoTIFF)", optarg);
			break;
		case 'i':
			o.items = (int)num(optarg, "item count", 1, 999);
			break;
		case 'l':
			if (strlen(optarg) >= sizeof o.level)
				a2_die_code(A2_EXIT_USAGE, "%s: bad level", optarg);
			strcpy(o.level, optarg);
			break;
		case 'm':
			if (strlen(optarg) != 3 || !synth_mode_find(optarg))
				a2_die_code(A2_EXIT_USAGE, "%s: unknown observation mode", optarg);
			strcpy(o.mode, optarg);
			break;
		case 'n':
			o.south = 1;
			break;
		case 'o':
			o.outdir = optarg;
			break;
		case 'p':
			o.pols = parse_pols(optarg);
			break;
		case 'r':
			if (strlen(optarg) != 10 || strspn(optarg, "0123456789") != 10)
				a2_die_code(A2_EXIT_USAGE, "%s: bad order number (10 digits)", optarg);
			strcpy(o.order, optarg);
			break;
		case 's':
			o.seed = strtoull(optarg, &end, 10);
			if (!*optarg || *end)
				a2_die_code(A2_EXIT_USAGE, "%s: bad seed", optarg);
			break;
		default:
			a2_usage();
		}
	}
	if (optind != argc)
		a2_die_code(A2_EXIT_USAGE, "%s: unexpected operand", argv[optind]);
	if (!o.outdir)
		a2_die_code(A2_EXIT_USAGE, "-o DIR is required");
	if (gunw) {
		if (o.size != 0 && o.size != 3)
			a2_die_code(A2_EXIT_USAGE, "--gunw: --size must be WxH");
		if (o.size == 3 && (o.width < 2 || o.height < 2 || o.width > 20000 || o.height > 20000))
			a2_die_code(A2_EXIT_USAGE, "--gunw: --size must be 2x2 to 20000x20000");
		synth_gunw(gunw, frame ? (int)num(frame, "ARIA frame", 0, 27397) : 9852,
		    o.width, o.height, attrs, o.outdir);
		free(attrs);
		return 0;
	}
	if (attrs)
		a2_die_code(A2_EXIT_USAGE, "--gunw-attr: only with --gunw");
	if (frame)
		o.frame = (int)num(frame, "frame", 0, 7199);
	if ((msg = synth_check(&o)))
		a2_die_code(A2_EXIT_USAGE, "%s %s %s: %s", o.mode, o.level,
		    o.ceos > 0 ? "CEOS" : o.ceos == 0 ? "GeoTIFF" : "", msg);
	synth_run(&o);
	return 0;
}
