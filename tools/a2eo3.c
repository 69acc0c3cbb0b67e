/*
 * a2eo3: the Open Data Cube eo3 dataset document and the STAC Item of one
 * year's block of JAXA's yearly PALSAR mosaic, from the COGs a2cog made.
 */
#include "core/a2.h"
#include "mosaic/mosaic.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
"usage: a2eo3 [-o dir] [--base url] [record.json]\n"
"\n"
"Reads the {\"cog\":{...}} line of a2cog (from RECORD.json or stdin), writes\n"
"DIR/{BLOCK}_{YYYY}.odc-metadata.json (ODC eo3 dataset) and\n"
"DIR/{BLOCK}_{YY}.stac-item.json (STAC Item), and prints the record with\n"
"\"eo3\":{\"id\",\"dataset\",\"stac\"} added.  Asset and measurement paths are\n"
"the COG file names, or BASE/NAME; the time of processing is\n"
"$SOURCE_DATE_EPOCH when set.\n"
"\n"
"  -o, --output dir   output directory (default: the COGs' directory)\n"
"      --base url     where the files will be published (absolute hrefs)\n"
"      --help, --version\n";

static const char *outdir, *base;
static long long now;

static int
on_record(json_t *rec, void *arg)
{
	json_t *cog = json_object_get(rec, "cog"), *bands, *eo3, *stac;
	char *cogs[MOSAIC_NBANDS] = { NULL }, *err, *dpath, *spath, *n;
	const char *block = a2_json_str(cog, "block"), *dir = outdir;
	int year = (int)json_integer_value(json_object_get(cog, "year"));
	int bl, bo;

	if (!block || mosaic_name_parse(block, &bl, &bo) != 0 || !mosaic_era(year)) {
		a2_warn("%s: no \"cog\":{\"year\",\"block\"} record", (const char *)arg);
		return -1;
	}
	if (!dir && !(dir = a2_json_str(cog, "dir")))
		dir = ".";
	bands = json_object_get(cog, "bands");
	for (int b = 0; b < MOSAIC_NBANDS; b++) {
		json_t *o = json_object_get(bands, mosaic_bands[b].key);
		cogs[b] = (char *)a2_json_str(o, "path");
	}
	if (mosaic_md_make(year, block, cogs, base, now, &eo3, &stac, &err) != 0) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	if (a2_mkdirs(dir, 0755) != 0)
		a2_die("%s:", dir);
	n = a2_asprintf("%s_%d.odc-metadata.json", block, year);
	dpath = a2_path_join(dir, n);
	free(n);
	n = a2_asprintf("%s_%02d.stac-item.json", block, year % 100);
	spath = a2_path_join(dir, n);
	free(n);
	a2_write_json(dpath, eo3);
	a2_write_json(spath, stac);
	a2_json_set(rec, "eo3", json_pack("{s:O, s:s, s:s}", "id", json_object_get(stac, "id"),
	    "dataset", dpath, "stac", spath));
	a2_json_print_line(rec);
	json_decref(eo3);
	json_decref(stac);
	free(dpath);
	free(spath);
	return 0;
}

int
main(int argc, char **argv)
{
	enum { O_BASE = 256 };
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, O_BASE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char absdir[PATH_MAX];
	FILE *fp = stdin;
	int c, bad;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case O_BASE:
			base = optarg;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (base && *base == '\0'))
		a2_usage();
	if (outdir) {
		if (a2_mkdirs(outdir, 0755) != 0 || !realpath(outdir, absdir))
			a2_die("%s:", outdir);
		outdir = absdir;
	}
	now = time(NULL);
	if (sde) {
		char *end;

		errno = 0;
		now = strtoll(sde, &end, 10);
		if (*sde == '\0' || *end || errno || now < 0)
			a2_die_code(A2_EXIT_USAGE, "SOURCE_DATE_EPOCH=%s: not seconds since 1970", sde);
	}
	if (argc == 1 && !(fp = fopen(argv[0], "r")))
		a2_die("%s:", argv[0]);
	bad = a2_json_lines(fp, argc ? argv[0] : "stdin", on_record, argc ? argv[0] : "stdin");
	if (fp != stdin)
		fclose(fp);
	return bad ? A2_EXIT_FAIL : A2_EXIT_OK;
}
