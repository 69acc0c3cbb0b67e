/*
 * a2cog: mosaics the 1x1 tiles of one year's 5x5 block of JAXA's yearly
 * PALSAR mosaic into one Cloud Optimized GeoTIFF per band, and prints the
 * COGs it wrote as one JSON line.
 */
#include "core/a2.h"
#include "mosaic/mosaic.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
"usage: a2cog [-uv] [-b band,...] [-o dir] [--level n] [--overviews n]\n"
"             year/block src ...\n"
"\n"
"Finds the JAXA rasters of the block's 1x1 tiles for the year under each\n"
"SRC (a file or a directory, searched recursively; ENVI data files with\n"
"their .hdr, or GeoTIFF), mosaics each band over the whole 5x5 block and\n"
"writes DIR/{BLOCK}_{YY}_sl_{BAND}[_F02DAR].tif as a COG, then prints\n"
"{\"cog\":{\"job\",\"year\",\"block\",\"id\",\"dir\",\"bands\":{KEY:{\"path\",\n"
"\"tiles\",\"nodata\"}}}}.\n"
"\n"
"  -b, --bands list    only these bands (HH,HV,linci,date,mask)\n"
"  -o, --output dir    output directory (default .)\n"
"  -u, --union         extent of the tiles found, not the whole block\n"
"      --level n       DEFLATE level (default 9)\n"
"      --overviews n   overview levels, 2 to 2^n (default 5; 0: GDAL's choice)\n"
"  -v, --verbose       say what is mosaicked\n"
"      --help, --version\n";

static int year, blat, blon;
/* the record so far, and the band being made: static, so that nothing is
 * lost when a2_die() exits */
static json_t *bands;
static char *cogname, *cogpath;
static struct {
	char **files;
	int n;
} found[MOSAIC_NBANDS];

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	int b, lat, lon;

	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	b = mosaic_match_file(path + ftw->base, year, blat, blon, &lat, &lon);
	if (b < 0)
		return 0;
	found[b].files = a2_realloc(found[b].files, (found[b].n + 1) * sizeof(char *));
	found[b].files[found[b].n++] = a2_strdup(path);
	return 0;
}

static int
cmp_base(const void *a, const void *b)
{
	return strcmp(a2_basename(*(char *const *)a), a2_basename(*(char *const *)b));
}

static int
parse_bands(const char *s, int *want)
{
	char *dup = a2_strdup(s), *save = NULL;

	for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int b;

		for (b = 0; b < MOSAIC_NBANDS; b++)
			if (strcasecmp(t, mosaic_bands[b].name) == 0)
				break;
		if (b == MOSAIC_NBANDS)
			a2_die_code(A2_EXIT_USAGE, "--bands %s: unknown band %s", s, t);
		want[b] = 1;
	}
	free(dup);
	return 0;
}

int
main(int argc, char **argv)
{
	enum { O_LEVEL = 256, O_OVERVIEWS };
	static const struct option longopts[] = {
		{ "bands", required_argument, NULL, 'b' },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "output", required_argument, NULL, 'o' },
		{ "overviews", required_argument, NULL, O_OVERVIEWS },
		{ "union", no_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct mosaic_cog_opts co = { 0, 5, 9 };
	const char *outdir = ".";
	char block[8], id[40], job[32], absdir[PATH_MAX], *end;
	int c, want[MOSAIC_NBANDS] = { 0 }, any = 0;
	json_t *rec;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "b:o:uv", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			parse_bands(optarg, want);
			any = 1;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'u':
			co.union_extent = 1;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_LEVEL:
			co.level = (int)strtol(optarg, &end, 10);
			if (*end || co.level < 1 || co.level > 12)
				a2_die_code(A2_EXIT_USAGE, "--level %s: want 1 to 12", optarg);
			break;
		case O_OVERVIEWS:
			co.overviews = (int)strtol(optarg, &end, 10);
			if (*end || co.overviews < 0 || co.overviews > 20)
				a2_die_code(A2_EXIT_USAGE, "--overviews %s: want 0 to 20", optarg);
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		a2_usage();
	year = (int)strtol(argv[0], &end, 10);
	if (end == argv[0] || *end != '/' || mosaic_name_parse(end + 1, &blat, &blon) != 0 ||
	    !mosaic_is_block(blat, blon))
		a2_die_code(A2_EXIT_USAGE, "%s: want YEAR/BLOCK, like 2017/N25W020", argv[0]);
	if (!mosaic_era(year))
		a2_die_code(A2_EXIT_USAGE, "%s: JAXA made no yearly mosaic in %d", argv[0], year);
	mosaic_name(block, blat, blon);
	snprintf(job, sizeof job, "%d/%s", year, block);

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0)
			a2_die("%s:", argv[i]);
		if (nftw(argv[i], visit, 16, FTW_PHYS) != 0)
			a2_die("%s: cannot walk:", argv[i]);
	}
	if (a2_mkdirs(outdir, 0755) != 0 || !realpath(outdir, absdir))
		a2_die("%s:", outdir);

	bands = json_object();
	for (int i = 0; i < mosaic_nbands(year); i++) {
		int b = mosaic_band_at(year, i);
		char *err;
		json_t *tiles;

		if (any && !want[b])
			continue;
		if (found[b].n == 0)
			a2_die("%s: no %s rasters of %s in %s%s", job, mosaic_bands[b].name, block,
			    argv[1], argc > 2 ? " ..." : "");
		tiles = json_array();
		a2_json_set(bands, mosaic_bands[b].key, json_pack("{s:n, s:o, s:i}", "path",
		    "tiles", tiles, "nodata", mosaic_nodata(year, b)));
		qsort(found[b].files, found[b].n, sizeof(char *), cmp_base);
		for (int k = 0; k < found[b].n; k++) {
			const char *f = a2_basename(found[b].files[k]);

			if (k > 0 && strncmp(f, a2_basename(found[b].files[k - 1]), 7) == 0)
				a2_die("%s: tile %.7s given twice: %s and %s", job, f,
				    found[b].files[k - 1], found[b].files[k]);
			json_array_append_new(tiles, json_stringn(f, 7));
		}
		cogname = mosaic_cog_name(year, block, b);
		cogpath = a2_path_join(absdir, cogname);
		a2_log("%s: %d tiles -> %s", mosaic_bands[b].name, found[b].n, cogpath);
		if (mosaic_cog_write(cogpath, found[b].files, found[b].n, year, b, blat, blon, &co, &err) != 0) {
			static char msg[1024];

			snprintf(msg, sizeof msg, "%s", err);
			free(err);
			a2_die("%s", msg);
		}
		json_object_set_new(json_object_get(bands, mosaic_bands[b].key), "path", json_string(cogpath));
		free(cogname);
		free(cogpath);
		cogname = cogpath = NULL;
	}
	mosaic_uuid(year, block, id);
	rec = json_pack("{s:{s:s, s:i, s:s, s:s, s:s, s:o}}", "cog", "job", job, "year", year,
	    "block", block, "id", id, "dir", absdir, "bands", bands);
	a2_json_print_line(rec);
	json_decref(rec);
	bands = NULL;
	for (int b = 0; b < MOSAIC_NBANDS; b++) {
		for (int k = 0; k < found[b].n; k++)
			free(found[b].files[k]);
		free(found[b].files);
	}
	return A2_EXIT_OK;
}
