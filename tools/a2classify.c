/*
 * a2classify: says what an unpacked ALOS-2 scene directory (or a
 * Sentinel-1 GUNW file) is (identity, level, mode, polarisations, files,
 * times) as the scene object of doc/records.md, one JSON line per
 * directory or per stdin record.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/a2.h"
#include "sar/gunw.h"
#include "sar/scene.h"

static const char usage[] =
    "usage: a2classify [-v] [DIR ...]\n"
    "\n"
    "Prints the scene object of each ALOS-2 scene directory DIR as one JSON\n"
    "line. With no DIR, reads pipeline records (JSON Lines with\n"
    "\"unpack\":{\"dir\":...}) on stdin and prints each with \"scene\" added.\n"
    "\n"
    "  -v, --verbose   log what is read\n"
    "  --help          this text\n"
    "  --version       print the version\n";

/* a GUNW that is not what its name says is bad input: exit 2 */
static int bad_gunw;

static json_t *
classify(const char *dir, char **err)
{
	json_t *scene = scene_classify(dir, err);

	if (!scene && gunw_is_product(dir))
		bad_gunw = 1;
	return scene;
}

/* One stdin record: classify unpack.dir, keep unpack.archive. */
static int
classify_record(json_t *rec, void *arg)
{
	json_t *unpack = json_object_get(rec, "unpack"), *scene, *archive;
	const char *dir = unpack ? a2_json_str(unpack, "dir") : NULL;
	long *lineno = arg;
	char *err;

	++*lineno;
	if (!dir) {
		a2_warn("stdin: record %ld: no \"unpack\":{\"dir\":...}", *lineno);
		return -1;
	}
	if (!(scene = classify(dir, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	archive = json_object_get(unpack, "archive");
	if (archive)
		json_object_set(scene, "archive", archive);
	json_object_set_new(rec, "scene", scene);
	a2_json_print_line(rec);
	return 0;
}

/* One operand: a scene directory. */
static int
classify_dir(const char *dir, void *arg)
{
	json_t *scene;
	char *err;

	a2_log("classifying %s", dir);
	if (!(scene = classify(dir, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	a2_json_print_line(scene);
	json_decref(scene);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	long lineno = 0;
	int c;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			a2_verbose = 1;
			break;
		default:
			a2_usage();
		}
	}
	if (a2_loop(argc - optind, argv + optind, classify_dir, classify_record, &lineno) == 0)
		return A2_EXIT_OK;
	return bad_gunw ? A2_EXIT_USAGE : A2_EXIT_FAIL;
}
