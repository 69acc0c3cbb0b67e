/*
 * a2grid: the 5x5 degree blocks (and their 1x1 tiles) of JAXA's yearly
 * PALSAR mosaic that cover an area, with the archive URLs to fetch and the
 * dataset id of each, as JSON Lines: one line per year and block.
 */
#include "core/a2.h"
#include "mosaic/mosaic.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
"usage: a2grid -y year[,year...] [-t] [-b W,S,E,N] [-l file] [-s ftp|https]\n"
"              [-f tar.gz|zip] [name ...]\n"
"\n"
"Prints one JSON line per year and 5x5 degree block of the JAXA yearly\n"
"mosaic covering the area: the bounding box, the 1x1 tile names given\n"
"(a block name stands for its 25 tiles), the names listed in FILE (one a\n"
"line, - for stdin), or all of these:\n"
"{\"job\",\"year\",\"block\",\"id\",\"era\",\"bbox\",\"tiles\",\"urls\"}.\n"
"\n"
"  -b, --bbox W,S,E,N      degrees (west, south, east, north)\n"
"  -f, --format fmt        archive format: tar.gz (FTP default) or zip\n"
"  -l, --list file         names, one a line\n"
"  -s, --source src        ftp (anonymous, 5x5 archives; default) or https\n"
"                          (JAXA login, 1x1 archives); bases from\n"
"                          $A2_JAXA_FTP_URL, $A2_JAXA_HTTPS_URL\n"
"  -t, --tiles             FTP: one archive per 1x1 tile, not per block\n"
"  -y, --year years        comma-separated years or ranges (2015-2017)\n"
"      --help, --version\n";

/* Selected 1x1 tiles by upper-left corner: [90 - lat][lon + 180]. */
static unsigned char sel[180][360];
static int nsel;

static void
select_tile(int lat, int lon)
{
	if (!sel[90 - lat][lon + 180])
		nsel++;
	sel[90 - lat][lon + 180] = 1;
}

static void
select_name(const char *name, const char *where)
{
	int lat, lon;

	if (mosaic_name_parse(name, &lat, &lon) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: not a tile name (like N25W020): %s", where, name);
	if (!mosaic_is_block(lat, lon)) {
		select_tile(lat, lon);
		return;
	}
	for (int a = lat; a > lat - 5; a--)
		for (int o = lon; o < lon + 5; o++)
			select_tile(a, o);
}

static void
select_bbox(const char *s)
{
	double v[4];
	char *end;
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		errno = 0;
		v[i] = strtod(p, &end);
		if (end == p || errno || !isfinite(v[i]) || *end != (i < 3 ? ',' : '\0'))
			a2_die_code(A2_EXIT_USAGE, "--bbox %s: want W,S,E,N in degrees", s);
		p = end + 1;
	}
	if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] >= v[2] || v[1] >= v[3])
		a2_die_code(A2_EXIT_USAGE, "--bbox %s: want -180 <= W < E <= 180, -90 <= S < N <= 90", s);
	/* tiles whose area meets the box: lat (a-1, a), lon (o, o+1) */
	for (int a = (int)floor(v[1]) + 1; a <= (int)ceil(v[3]); a++)
		for (int o = (int)floor(v[0]); o <= (int)ceil(v[2]) - 1; o++)
			select_tile(a, o);
}

static void
select_list(const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char line[256];
	long n = 0;

	if (!fp)
		a2_die("%s:", path);
	while (fgets(line, sizeof line, fp)) {
		char *s = line, *e;
		char *where;

		n++;
		s += strspn(s, " \t");
		e = s + strcspn(s, " \t\r\n#");
		*e = '\0';
		if (*s == '\0')
			continue;
		where = a2_asprintf("%s:%ld", path, n);
		select_name(s, where);
		free(where);
	}
	if (ferror(fp))
		a2_die("%s: read error:", path);
	if (fp != stdin)
		fclose(fp);
}

static int years[256], nyears;

static void
parse_years(const char *s)
{
	char *dup = a2_strdup(s), *save = NULL;

	for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *end;
		long a = strtol(t, &end, 10), b = a;

		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (end == t || *end != '\0' || a > b || b - a > 200)
			a2_die_code(A2_EXIT_USAGE, "--year %s: want years like 2017,2019-2021", s);
		for (long y = a; y <= b; y++) {
			if (!mosaic_era((int)y))
				a2_die_code(A2_EXIT_USAGE, "--year %ld: JAXA made no yearly mosaic that year "
				    "(1996, 2007-2010, 2015 on)", y);
			if (nyears == (int)(sizeof years / sizeof *years))
				a2_die_code(A2_EXIT_USAGE, "--year %s: too many years", s);
			years[nyears++] = (int)y;
		}
	}
	free(dup);
}

static void
print_block(int year, int blat, int blon, enum mosaic_source src, const char *base,
    int per_tile, int zip)
{
	char block[8], id[40], job[16];
	json_t *rec = json_object(), *tiles = json_array(), *urls = json_array();

	mosaic_name(block, blat, blon);
	mosaic_uuid(year, block, id);
	snprintf(job, sizeof job, "%d/%s", year, block);
	/* north to south, west to east, like the JAXA archive listing */
	for (int a = blat; a > blat - 5; a--)
		for (int o = blon; o < blon + 5; o++) {
			char t[8];

			if (!sel[90 - a][o + 180])
				continue;
			mosaic_name(t, a, o);
			json_array_append_new(tiles, json_string(t));
			if (per_tile) {
				char *u = mosaic_archive_url(src, base, year, block, t, zip);
				json_array_append_new(urls, json_string(u));
				free(u);
			}
		}
	if (!per_tile) {
		char *u = mosaic_archive_url(src, base, year, block, NULL, zip);
		json_array_append_new(urls, json_string(u));
		free(u);
	}
	a2_json_set(rec, "job", json_string(job));
	a2_json_set(rec, "year", json_integer(year));
	a2_json_set(rec, "block", json_string(block));
	a2_json_set(rec, "id", json_string(id));
	a2_json_set(rec, "era", json_string(mosaic_era(year)->name));
	a2_json_set(rec, "bbox", json_pack("[iiii]", blon, blat - 5, blon + 5, blat));
	a2_json_set(rec, "tiles", tiles);
	a2_json_set(rec, "urls", urls);
	a2_json_print_line(rec);
	json_decref(rec);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "bbox", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "list", required_argument, NULL, 'l' },
		{ "source", required_argument, NULL, 's' },
		{ "tiles", no_argument, NULL, 't' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	enum mosaic_source src = MOSAIC_FTP;
	const char *fmt = NULL, *base;
	int c, per_tile = 0, zip;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "b:f:l:s:ty:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			select_bbox(optarg);
			break;
		case 'f':
			if (strcmp(optarg, "tar.gz") != 0 && strcmp(optarg, "zip") != 0)
				a2_die_code(A2_EXIT_USAGE, "--format %s: want tar.gz or zip", optarg);
			fmt = optarg;
			break;
		case 'l':
			select_list(optarg);
			break;
		case 's':
			if (strcmp(optarg, "ftp") == 0)
				src = MOSAIC_FTP;
			else if (strcmp(optarg, "https") == 0)
				src = MOSAIC_HTTPS;
			else
				a2_die_code(A2_EXIT_USAGE, "--source %s: want ftp or https", optarg);
			break;
		case 't':
			per_tile = 1;
			break;
		case 'y':
			parse_years(optarg);
			break;
		default:
			a2_usage();
		}
	}
	for (argv += optind; *argv; argv++)
		select_name(*argv, "operand");
	if (nyears == 0 || nsel == 0)
		a2_usage();
	/* the HTTPS site serves 1x1 zips only */
	if (src == MOSAIC_HTTPS) {
		per_tile = 1;
		if (!fmt)
			fmt = "zip";
	}
	zip = fmt && strcmp(fmt, "zip") == 0;
	base = mosaic_base(src);

	for (int y = 0; y < nyears; y++)
		for (int blat = 90; blat > -90; blat -= 5)
			for (int blon = -180; blon < 180; blon += 5) {
				int any = 0;

				for (int a = blat; a > blat - 5 && !any; a--)
					for (int o = blon; o < blon + 5 && !any; o++)
						any = sel[90 - a][o + 180];
				if (any)
					print_block(years[y], blat, blon, src, base, per_tile, zip);
			}
	return A2_EXIT_OK;
}
