/*
 * a2md: writes <ID>.met.json and <ID>.dataset.json (HySDS) and <ID>.stac.json
 * (STAC Item) for a classified scene and its footprint.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/footprint.h"
#include "product/md.h"
#include "sar/level.h"
#include "store/stac.h"

static const char usage[] =
    "usage: a2md [-o dir] [--source url] [--archive name] [--tiles tiles.json]\n"
    "            [scene.json [footprint.geojson]]\n"
    "       a2md --md-only [-o dir] [--id ID] [--tag tags] [group.json]\n"
    "\n"
    "Writes DIR/ID.met.json, DIR/ID.dataset.json and DIR/ID.stac.json and prints\n"
    "{\"md\":{...}}; with no operand, reads scene records on stdin and adds \"md\".\n"
    "With --md-only, makes the metadata-only product DIR/ID-md/ of each product\n"
    "of a2scan groups (group.json, or JSON Lines on stdin) from its files in place.\n"
    "  -o, --output DIR    output directory (default .)\n"
    "      --source URL    download source (credentials are removed)\n"
    "      --archive NAME  archive file name (default ID.zip)\n"
    "      --tiles FILE    tiles.json of a2tiles (layers and maximum zoom)\n"
    "      --md-only       metadata-only products of a2scan groups\n"
    "      --id ID         only this product of the group\n"
    "      --tag TAGS      met.json \"tags\" (a string) of metadata-only products\n"
    "      --help, --version\n";

static struct md_opts opts;
static char *absdir, *cmd;
static const char *only_id;

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

/* Writes the three files of d into dir; what the "md" record says. */
static json_t *
write_docs(const char *dir, const struct md_docs *d)
{
	char *met = a2_asprintf("%s/%s.met.json", dir, d->id);
	char *ds = a2_asprintf("%s/%s.dataset.json", dir, d->id);
	char *st = a2_asprintf("%s/%s.stac.json", dir, d->id);
	json_t *rec;

	a2_write_json(met, d->met);
	a2_write_json(ds, d->dataset);
	/* DATA/products/ID/ID.stac.json in the data directory's STAC tree
	 * (DATA/catalog.json, DATA/collections/TYPE/collection.json) */
	stac_item_links(d->stac, "products/ID", "collections", NULL);
	a2_write_json(st, d->stac);
	rec = json_pack("{s:s, s:s, s:s, s:s}", "id", d->id, "met", met, "dataset", ds, "stac", st);
	free(met);
	free(ds);
	free(st);
	return rec;
}

/* Builds, then writes all three files: an error leaves none behind. */
static json_t *
write_md(json_t *scene, json_t *fp, const struct md_opts *o, char **err)
{
	struct md_docs d;
	json_t *own = NULL, *rec;

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
	rec = write_docs(absdir, &d);
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

/* The -md products of one a2scan group: ID-md/ under absdir each. */
static int
archive_group(json_t *group)
{
	json_t *scan = json_object_get(group, "scan"), *prods, *p;
	size_t i;
	int ret = 0;

	if (!json_is_object(scan))
		scan = group;
	prods = json_object_get(scan, "products");
	if (!json_is_array(prods) || json_array_size(prods) == 0) {
		a2_warn("group: no \"products\" (not an a2scan record?)");
		return -1;
	}
	json_array_foreach(prods, i, p) {
		const char *id = a2_json_str(p, "id");
		struct md_docs d;
		char *err = NULL, *dir;
		json_t *rec;

		if (only_id && (!id || strcmp(id, only_id) != 0))
			continue;
		if (md_build_archive(group, id, absdir, &opts, &d, &err) != 0) {
			a2_warn("%s", err);
			free(err);
			ret = -1;
			continue;
		}
		dir = a2_path_join(absdir, d.id);
		if (a2_mkdirs(dir, 0755) != 0)
			a2_die("%s: cannot create:", dir);
		rec = json_pack("{s:o}", "md", write_docs(dir, &d));
		a2_json_print_line(rec);
		json_decref(rec);
		free(dir);
		md_docs_free(&d);
		if (only_id)
			return ret;
	}
	if (only_id) {
		a2_warn("group %s: no product %s", a2_json_str(scan, "scene_id") ?
		    a2_json_str(scan, "scene_id") : "?", only_id);
		return -1;
	}
	return ret;
}

static int
on_group(json_t *rec, void *arg)
{
	return archive_group(rec);
}

static int
on_group_file(const char *path, void *arg)
{
	json_t *g = load_json(path, "group");
	int r = archive_group(g);

	json_decref(g);
	return r;
}

/* A scene.json (or a pipeline record), with the footprint file fpfile when
 * given. */
static int
on_scene_file(const char *path, void *fpfile)
{
	json_t *scene = load_json(path, "scene"), *fp = NULL, *s, *md;
	char *err = NULL;
	int r = 0;

	/* a pipeline record works as well as a bare scene object */
	s = json_object_get(scene, "scene");
	if (json_is_object(s))
		fp = json_object_get(scene, "footprint");
	else
		s = scene;
	if (fpfile)
		fp = load_json(fpfile, "footprint");
	else if (fp)
		json_incref(fp);
	if ((md = write_md(s, fp, &opts, &err))) {
		md = json_pack("{s:o}", "md", md);
		a2_json_print_line(md);
		json_decref(md);
	} else {
		a2_warn("%s: %s", path, err);
		free(err);
		r = -1;
	}
	json_decref(fp);
	json_decref(scene);
	return r;
}

/* The tiles asset: tiles.json relative to the output directory when it
 * lies inside it, else the product's own TileJSON (tiles/tiles.json, as
 * a2tiles -o DIR writes it) when there is one; NULL if neither (an asset
 * names a file of the product, never one of work/). */
static char *
tiles_href(const char *tiles)
{
	char *t = realpath(tiles, NULL), *own;
	size_t n = strlen(absdir);

	if (!t)
		a2_die("%s:", tiles);
	if (strncmp(t, absdir, n) == 0 && t[n] == '/') {
		char *r = a2_strdup(t + n + 1);
		free(t);
		return r;
	}
	free(t);
	own = a2_path_join(absdir, "tiles/tiles.json");
	n = access(own, R_OK) == 0;
	free(own);
	return n ? a2_strdup("tiles/tiles.json") : NULL;
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
	enum { OPT_SOURCE = 256, OPT_ARCHIVE, OPT_TILES, OPT_MDONLY, OPT_ID, OPT_TAG };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "archive", required_argument, NULL, OPT_ARCHIVE },
		{ "tiles", required_argument, NULL, OPT_TILES },
		{ "md-only", no_argument, NULL, OPT_MDONLY },
		{ "id", required_argument, NULL, OPT_ID },
		{ "tag", required_argument, NULL, OPT_TAG },
		{ NULL, 0, NULL, 0 }
	};
	const char *outdir = ".", *tiles = NULL;
	char *href = NULL;
	json_t *tj = NULL;
	int c, ret = 0, mdonly = 0;

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
		case OPT_MDONLY:
			mdonly = 1;
			break;
		case OPT_ID:
			only_id = optarg;
			break;
		case OPT_TAG:
			opts.tags = optarg;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind, argv += optind;
	if (argc > 2 || (mdonly && (argc > 1 || tiles || opts.source || opts.archive)) ||
	    (!mdonly && (only_id || opts.tags)))
		a2_usage();
	if (a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s: cannot create:", outdir);
	if (!(absdir = realpath(outdir, NULL)))
		a2_die("%s:", outdir);
	/* what processes killed on this host left there, its own included */
	a2_tmp_sweep(absdir, NULL);
	opts.outdir = absdir;
	opts.cmdline = cmd;
	if (tiles) {
		tj = load_json(tiles, "tiles");
		opts.tiles = tj;
		opts.tiles_href = href = tiles_href(tiles);
	}
	if (mdonly)
		ret = a2_loop(argc, argv, on_group_file, on_group, NULL);
	else /* one scene, not a list: the second operand is its footprint */
		ret = a2_loop(argc ? 1 : 0, argv, on_scene_file, on_record, argc == 2 ? argv[1] : NULL);
	ret = !ret ? A2_EXIT_OK : A2_EXIT_FAIL;
	json_decref(tj);
	free(href);
	free(absdir);
	free(cmd);
	return ret;
}
