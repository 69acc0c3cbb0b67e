/*
 * a2pack: puts a scene's archive ID.zip in its product directory: the
 * per-scene zip it was unpacked from (hard-linked, or copied across
 * filesystems) or a deterministic re-zip of the scene directory.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/a2.h"
#include "product/pack.h"
#include "sar/scene.h"

static const char usage[] =
    "usage: a2pack [-v] [-a zip] [-o dir] [scenedir | scene.json ...]\n"
    "\n"
    "Writes DIR/ID.zip for each scene: a hard link to (or copy of) the\n"
    "per-scene zip the scene was unpacked from, else a deterministic re-zip\n"
    "of the scene directory, and prints {\"pack\":{id, zip, method, size}}.\n"
    "With no operand, reads pipeline records with \"scene\" on stdin and\n"
    "prints each with \"pack\" added.\n"
    "\n"
    "  -a, --archive zip  the scene's per-scene zip (one operand only)\n"
    "  -o, --output dir   where ID.zip goes (default .)\n"
    "  -v, --verbose      log what is done\n"
    "  --help, --version\n";

static const char *outdir = ".", *archive;

/* A scene.json operand: a scene object, or a pipeline record holding one. */
static json_t *
load_scene(const char *path, char **err)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je), *s;

	if (!j) {
		*err = a2_asprintf("%s: line %d: %s", path, je.line, je.text);
		return NULL;
	}
	if ((s = json_object_get(j, "scene")) && json_is_object(s)) {
		json_incref(s);
		json_decref(j);
		return s;
	}
	if (!json_is_object(j) || !json_object_get(j, "id")) {
		*err = a2_asprintf("%s: not a scene object (no \"id\")", path);
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *
load_operand(const char *arg, char **err)
{
	struct stat st;

	if (stat(arg, &st) != 0) {
		*err = a2_asprintf("%s: %s", arg, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode))
		return scene_classify(arg, err);
	return load_scene(arg, err);
}

static int
pack_record(json_t *rec, void *arg)
{
	json_t *scene = json_object_get(rec, "scene"), *pack;
	long *lineno = arg;
	char *err;

	++*lineno;
	if (!json_is_object(scene)) {
		a2_warn("stdin: record %ld: no \"scene\"", *lineno);
		return -1;
	}
	if (!(pack = pack_scene(scene, outdir, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	json_object_set_new(rec, "pack", pack);
	a2_json_print_line(rec);
	return 0;
}

static int
pack_operand(const char *arg, void *ctx)
{
	json_t *scene, *pack, *out;
	char *err;

	if (!(scene = load_operand(arg, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	if (archive)
		json_object_set_new(scene, "archive", json_string(archive));
	a2_log("packing %s", a2_json_str(scene, "id"));
	if (!(pack = pack_scene(scene, outdir, &err))) {
		a2_warn("%s", err);
		free(err);
		json_decref(scene);
		return -1;
	}
	out = json_pack("{s:o}", "pack", pack);
	a2_json_print_line(out);
	json_decref(out);
	json_decref(scene);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "archive", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	long lineno = 0;
	int c;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "a:o:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			archive = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (archive && argc != 1) {
		a2_warn("-a needs exactly one scene operand");
		a2_usage();
	}

	return a2_loop(argc, argv, pack_operand, pack_record, &lineno) ? A2_EXIT_FAIL : A2_EXIT_OK;
}
