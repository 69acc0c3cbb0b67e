/*
 * a2md: writes <ID>.met.json and <ID>.dataset.json (HySDS) and <ID>.stac.json
 * (STAC Item) for a classified scene and its footprint.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a2.h"
#include "footprint.h"
#include "md.h"

static const char usage[] =
    "usage: a2md [-o dir] [--source url] [--archive name] [--tiles tiles.json]\n"
    "            [scene.json [footprint.geojson]]\n"
    "\n"
    "Writes DIR/ID.met.json, DIR/ID.dataset.json and DIR/ID.stac.json and prints\n"
    "{\"md\":{...}}; with no operand, reads scene records on stdin and adds \"md\".\n"
    "  -o, --output DIR    output directory (default .)\n"
    "      --source URL    download source (credentials are removed)\n"
    "      --archive NAME  archive file name (default ID.zip)\n"
    "      --tiles FILE    tiles.json of a2tiles (layers and maximum zoom)\n"
    "      --help, --version\n";

static struct md_opts opts;
static char *absdir, *cmd;

static json_t *
load_json(const char *path, const char *what)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);

	if (!j)
		a2_die("%s: %s: line %d: %s", what, path, je.line, je.text);
	if (!json_is_object(j))
		a2_die("%s: %s: not a JSON object", what, path);
	return j;
}

/* Builds, then writes all three files: an error leaves none behind. */
static json_t *
write_md(json_t *scene, json_t *fp, const struct md_opts *o, char **err)
{
	struct md_docs d;
	json_t *own = NULL, *rec;
	char *met, *ds, *st;

	if (!json_is_object(fp)) {
		if (!(own = footprint_from_scene(scene, FOOTPRINT_AUTO, err)))
			return NULL;
		fp = own;
	}
	if (md_build(scene, fp, o, &d, err) != 0) {
		json_decref(own);
		return NULL;
	}
	json_decref(own);
	met = a2_asprintf("%s/%s.met.json", absdir, d.id);
	ds = a2_asprintf("%s/%s.dataset.json", absdir, d.id);
	st = a2_asprintf("%s/%s.stac.json", absdir, d.id);
	a2_write_json(met, d.met);
	a2_write_json(ds, d.dataset);
	a2_write_json(st, d.stac);
	rec = json_pack("{s:s, s:s, s:s, s:s}", "id", d.id, "met", met, "dataset", ds, "stac", st);
	free(met);
	free(ds);
	free(st);
	md_docs_free(&d);
	return rec;
}

static int
on_record(json_t *rec, void *arg)
{
	struct md_opts o = opts;
	json_t *scene = json_object_get(rec, "scene"), *md;
	const char *zip = a2_json_str(json_object_get(rec, "pack"), "zip");
	char *err = NULL;

	if (!json_is_object(scene)) {
		a2_warn("stdin: record has no \"scene\" (run a2classify first)");
		return -1;
	}
	/* the URL it came from, else the local zip it was unpacked from */
	if (!o.source)
		o.source = a2_json_str(json_object_get(rec, "download"), "url");
	if (!o.source)
		o.source = a2_json_str(json_object_get(rec, "unpack"), "source");
	if (!o.archive && zip)
		o.archive = a2_basename(zip);
	if (!(md = write_md(scene, json_object_get(rec, "footprint"), &o, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	json_object_set_new(rec, "md", md);
	a2_json_print_line(rec);
	return 0;
}

/* tiles.json relative to the output directory when it lies inside it. */
static char *
tiles_href(const char *tiles)
{
	char *t = realpath(tiles, NULL);
	size_t n = strlen(absdir);

	if (!t)
		a2_die("%s:", tiles);
	if (strncmp(t, absdir, n) == 0 && t[n] == '/') {
		char *r = a2_strdup(t + n + 1);
		free(t);
		return r;
	}
	return t;
}

/* The command line for provenance, with any user:password@ removed. */
static char *
safe_cmdline(int argc, char **argv)
{
	char **v = a2_calloc(argc + 1, sizeof *v), *s;

	for (int i = 0; i < argc; i++)
		v[i] = a2_url_strip_credentials(argv[i]);
	s = a2_cmdline(argc, v);
	for (int i = 0; i < argc; i++)
		free(v[i]);
	free(v);
	return s;
}

int
main(int argc, char **argv)
{
	enum { OPT_SOURCE = 256, OPT_ARCHIVE, OPT_TILES };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "archive", required_argument, NULL, OPT_ARCHIVE },
		{ "tiles", required_argument, NULL, OPT_TILES },
		{ NULL, 0, NULL, 0 }
	};
	const char *outdir = ".", *tiles = NULL;
	char *href = NULL, *err = NULL;
	json_t *tj = NULL, *md;
	int c, ret = 0;

	a2_init(argc, argv, usage);
	cmd = safe_cmdline(argc, argv);
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case OPT_SOURCE:
			opts.source = optarg;
			break;
		case OPT_ARCHIVE:
			if (!*optarg || strchr(optarg, '/'))
				a2_die_code(A2_EXIT_USAGE, "--archive: a file name, not a path: %s", optarg);
			opts.archive = optarg;
			break;
		case OPT_TILES:
			tiles = optarg;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind, argv += optind;
	if (argc > 2)
		a2_usage();
	if (a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s: cannot create:", outdir);
	if (!(absdir = realpath(outdir, NULL)))
		a2_die("%s:", outdir);
	opts.outdir = absdir;
	opts.cmdline = cmd;
	if (tiles) {
		tj = load_json(tiles, "tiles");
		opts.tiles = tj;
		opts.tiles_href = href = tiles_href(tiles);
	}
	if (argc == 0) {
		ret = a2_json_lines(stdin, "stdin", on_record, NULL) ? A2_EXIT_FAIL : 0;
	} else {
		json_t *scene = load_json(argv[0], "scene"), *fp = NULL, *s;

		/* a pipeline record works as well as a bare scene object */
		s = json_object_get(scene, "scene");
		if (json_is_object(s))
			fp = json_object_get(scene, "footprint");
		else
			s = scene;
		if (argc == 2)
			fp = load_json(argv[1], "footprint");
		else if (fp)
			json_incref(fp);
		if ((md = write_md(s, fp, &opts, &err))) {
			md = json_pack("{s:o}", "md", md);
			a2_json_print_line(md);
			json_decref(md);
		} else {
			a2_warn("%s: %s", argv[0], err);
			free(err);
			ret = A2_EXIT_FAIL;
		}
		json_decref(fp);
		json_decref(scene);
	}
	json_decref(tj);
	free(href);
	free(absdir);
	free(cmd);
	return ret;
}
