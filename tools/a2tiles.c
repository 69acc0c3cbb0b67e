/*
 * a2tiles: Web Mercator tiles (XYZ or TMS rows) of ALOS-2 GeoTIFFs, one layer per
 * polarisation, or of a Sentinel-1 GUNW's grids (unwrapped phase, coherence,
 * amplitude), with tiles.json, an offline Leaflet viewer and the browse
 * images of the product.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/tiles.h"
#include "sar/level.h"
#include "sar/scene.h"
#include "store/publish.h"

static const char usage[] =
    "usage: a2tiles [-v] [-j threads] [-z min-max] [-o dir] [-t tilesdir]\n"
    "               [--db-range lo,hi | --dn-range lo,hi] [--resampling alg]\n"
    "               [--scheme xyz|tms] [--composite] [--ratio-range lo,hi]\n"
    "               [--footprint file] [--id id] [--base-url url]\n"
    "               [--no-browse | --browse-only] [--no-viewer] [--state file]\n"
    "               [file.tif | file.jpg | file.nc | scene.json | scenedir ...]\n"
    "\n"
    "Tiles the GeoTIFFs into DIR/tiles/{POL}/{z}/{x}/{y}.png (256 px) with\n"
    "tiles.json and index.html, and writes their browse images into DIR; BRS\n"
    "jpgs (L1.1) get browse images only; a Sentinel-1 GUNW .nc gives layers\n"
    "unwrappedPhase (wrapped, cyclic colours), coherence and amplitude (or the\n"
    "one given as NETCDF:\"file.nc\":/science/grids/data/NAME). Prints\n"
    "{\"tiles\":{...}}. With no\n"
    "operand, reads pipeline records with \"scene\" on stdin and adds \"tiles\"\n"
    "(tiles then go to DIR/tiles/ID).\n"
    "\n"
    "  -o, --output dir       product directory (default .)\n"
    "  -t, --tiles-dir dir    tile directory (default DIR/tiles)\n"
    "  -z, --zoom min-max     zoom range (default 0-14; max may be \"auto\")\n"
    "  -j, --threads n        worker threads (default: the processors)\n"
    "      --db-range lo,hi   stretch sigma0 dB lo..hi (default: 2%..98% of the scene)\n"
    "      --dn-range lo,hi   stretch DN linearly instead (as gdal_translate -scale)\n"
    "      --resampling alg   base zoom: average (default), near, bilinear, cubic,\n"
    "                         cubicspline, lanczos, mode, max, min, med, q1, q3, rms,\n"
    "                         gdal-average (GDAL's warper for all but average)\n"
    "      --scheme xyz|tms   tile rows from the north (default) or the south\n"
    "                         (gdal2tiles', what HySDS's map UI reads)\n"
    "      --composite        add an RGB layer (HH, HV, HH/HV) for dual-pol (always\n"
    "                         for an L2.2 NRB scene, whose mask hides its no data,\n"
    "                         ocean, layover, shadow and invalid pixels)\n"
    "      --ratio-range lo,hi  its blue: HH/HV in dB (default from the scene)\n"
    "      --footprint file   GeoJSON drawn on the map\n"
    "      --id id            the tile set's name (default from the file names)\n"
    "      --base-url url     where the publish root is served: tiles.json's tile\n"
    "                         URLs become absolute, under the product's URL\n"
    "                         (default: relative to tiles.json)\n"
    "      --png-level n      zlib level of tiles, 0-9 (default 0: stored)\n"
    "      --no-browse        no browse images\n"
    "      --browse-only      browse images only, no tiles\n"
    "      --no-viewer        no index.html (tiles.json still)\n"
    "      --state file       the journal that makes a rerun resume (default: a\n"
    "                         temporary one; a rerun builds every tile)\n"
    "  -v, --verbose          log what is done, and how long it took\n"
    "      --help, --version\n";

static struct tiles_job base;
static const char *outdir = ".", *tilesdir;
static json_t *footprint_opt;
static char *base_url;

/* The public URL of the tile directory rel (under the product directory)
 * of scene's product: its published directory under base_url, the layout
 * of a2publish (new string), or NULL with *err. */
static char *
tiles_url(json_t *scene, const char *rel, char **err)
{
	struct catalog_product p = { 0 };
	struct name_id n;
	char *u, *t;

	if (scene_name_id(scene, &n, err) != 0)
		return NULL;
	if (!(p.version = (char *)a2_json_str(scene, "version"))) {
		*err = a2_asprintf("%s: scene has no \"version\"", a2_json_str(scene, "id"));
		return NULL;
	}
	p.id = (char *)a2_json_str(scene, "id");
	p.type = level_catalog_type(n.level, 0);
	snprintf(p.date, sizeof p.date, "%.4s/%.2s/%.2s", n.date, n.date + 5, n.date + 8);
	u = publish_url(base_url, &p);
	t = a2_asprintf("%s%s/", u, rel);
	free(p.type);
	free(u);
	return t;
}

/* Runs one product, its tiles in tdir, rel under the product directory;
 * the "tiles" record or NULL (message printed). */
static json_t *
run(const struct tiles_input *in, const char *tdir, const char *rel)
{
	struct tiles_job j = base;
	json_t *rec;
	char *err = NULL, *url = NULL;

	j.tifs = (const char *const *)in->tifs;
	j.ntifs = in->ntifs;
	j.masks = (const char *const *)in->masks;
	j.jpgs = (const char *const *)in->jpgs;
	j.njpgs = in->njpgs;
	j.id = in->id;
	j.footprint = footprint_opt ? footprint_opt : in->footprint;
	j.tiles_dir = tdir;
	j.browse_dir = outdir;
	if (!in->ntifs && !in->njpgs) {
		a2_warn("%s: no GeoTIFF and no BRS jpg to make tiles or browse images of",
		    in->id ? in->id : "input");
		return NULL;
	}
	if (base_url && !(j.o.url = url = tiles_url(in->scene, rel, &err))) {
		a2_warn("--base-url: %s", err);
		free(err);
		return NULL;
	}
	if (a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s:", outdir);
	if (!(rec = tiles_run(&j, &err))) {
		a2_warn("%s", err);
		free(err);
	}
	free(url);
	return rec;
}

/* A pipeline record: one product, its tiles in DIR/tiles/ID. */
static int
on_record(json_t *rec, void *arg)
{
	json_t *scene = json_object_get(rec, "scene"), *res;
	struct tiles_input in = { 0 };
	const char *id = a2_json_str(scene, "id");
	char *tdir, *rel, *m;

	if (!json_is_object(scene) || !id || strchr(id, '/')) {
		a2_warn("stdin: record has no \"scene\" with an id (run a2classify first)");
		return -1;
	}
	tiles_scene_files(scene, &in.tifs, &in.ntifs, &in.jpgs, &in.njpgs);
	m = tiles_scene_mask(scene);
	tiles_input_masks(&in, 0, m);
	free(m);
	in.id = a2_strdup(id);
	in.footprint = json_incref(json_object_get(rec, "footprint"));
	in.scene = json_incref(scene);
	rel = a2_asprintf("tiles/%s", id);
	tdir = tilesdir ? a2_path_join(tilesdir, id) : a2_asprintf("%s/%s", outdir, rel);
	res = run(&in, tdir, rel);
	free(rel);
	free(tdir);
	tiles_input_free(&in);
	if (!res)
		return -1;
	json_object_set_new(rec, "tiles", res);
	a2_json_print_line(rec);
	return 0;
}

/* Operands: every one is part of one product. */
static struct tiles_input operands;

static int
on_operand(const char *arg, void *ctx)
{
	char *err;

	if (tiles_input_add(&operands, arg, &err) != 0)
		a2_die("%s", err);
	return 0;
}

int
main(int argc, char **argv)
{
	enum { O_DB = 256, O_DN, O_RES, O_COMP, O_RATIO, O_FP, O_ID, O_LEVEL, O_NOBROWSE,
	    O_BONLY, O_NOVIEW, O_META, O_SCHEME, O_STATE, O_BASE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "tiles-dir", required_argument, NULL, 't' },
		{ "zoom", required_argument, NULL, 'z' },
		{ "threads", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "db-range", required_argument, NULL, O_DB },
		{ "dn-range", required_argument, NULL, O_DN },
		{ "resampling", required_argument, NULL, O_RES },
		{ "composite", no_argument, NULL, O_COMP },
		{ "ratio-range", required_argument, NULL, O_RATIO },
		{ "footprint", required_argument, NULL, O_FP },
		{ "id", required_argument, NULL, O_ID },
		{ "png-level", required_argument, NULL, O_LEVEL },
		{ "no-browse", no_argument, NULL, O_NOBROWSE },
		{ "browse-only", no_argument, NULL, O_BONLY },
		{ "no-viewer", no_argument, NULL, O_NOVIEW },
		{ "metatile", required_argument, NULL, O_META },
		{ "scheme", required_argument, NULL, O_SCHEME },
		{ "state", required_argument, NULL, O_STATE },
		{ "base-url", required_argument, NULL, O_BASE },
		{ NULL, 0, NULL, 0 }
	};
	struct tiles_opts *o = &base.o;
	char *err = NULL, *tdir;
	json_t *res;
	int c, ret = A2_EXIT_OK;
	long n;

	a2_init(argc, argv, usage);
	o->zmin = 0;
	o->zmax = 14;
	o->resampling = TILES_RESAMPLE_A2;
	o->level = 0;
	o->meta = 3;
	o->stretch = TILES_DB;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = n > 0 ? (int)n : 1;
	while ((c = getopt_long(argc, argv, "j:o:t:vz:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			n = strtol(optarg, &err, 10);
			if (*err || n < 1 || n > 64)
				a2_usage();
			o->threads = n;
			err = NULL;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 't':
			tilesdir = optarg;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case 'z':
			if (tiles_parse_zoom(optarg, &o->zmin, &o->zmax) != 0) {
				a2_warn("-z %s: want MIN-MAX with 0 <= MIN <= MAX <= %d, or MIN-auto", optarg,
				    TILES_MAXZ);
				a2_usage();
			}
			break;
		case O_DB:
		case O_DN:
			if (tiles_parse_range(optarg, &o->lo, &o->hi) != 0) {
				a2_warn("%s: want LO,HI with LO < HI", optarg);
				a2_usage();
			}
			o->have_range = 1;
			o->stretch = c == O_DB ? TILES_DB : TILES_DN;
			break;
		case O_RES:
			if ((o->resampling = tiles_parse_resampling(optarg)) == -2) {
				a2_warn("--resampling %s: unknown", optarg);
				a2_usage();
			}
			break;
		case O_COMP:
			o->composite = 1;
			break;
		case O_RATIO:
			if (tiles_parse_range(optarg, &o->rlo, &o->rhi) != 0) {
				a2_warn("%s: want LO,HI with LO < HI", optarg);
				a2_usage();
			}
			o->have_ratio = 1;
			break;
		case O_FP:
			if (!(footprint_opt = a2_json_load_object(optarg, &err)))
				a2_die("%s", err);
			break;
		case O_ID:
			operands.id = a2_strdup(optarg);
			break;
		case O_LEVEL:
			n = strtol(optarg, &err, 10);
			if (*err || n < 0 || n > 9)
				a2_usage();
			o->level = n;
			err = NULL;
			break;
		case O_NOBROWSE:
			base.no_browse = 1;
			break;
		case O_BONLY:
			base.no_tiles = 1;
			break;
		case O_NOVIEW:
			base.no_viewer = 1;
			break;
		case O_SCHEME:
			if ((o->scheme = tiles_parse_scheme(optarg)) < 0) {
				a2_warn("--scheme %s: want xyz or tms", optarg);
				a2_usage();
			}
			break;
		case O_STATE:
			o->state = optarg;
			break;
		case O_BASE:
			/* a public URL: any user:password in it stays out */
			if (strspn(optarg, "abcdefghijklmnopqrstuvwxyz") < 2 ||
			    strncmp(optarg + strspn(optarg, "abcdefghijklmnopqrstuvwxyz"), "://", 3) != 0) {
				a2_warn("--base-url %s: want an absolute URL (https://host/path)", optarg);
				a2_usage();
			}
			free(base_url);
			base_url = a2_url_strip_credentials(optarg);
			break;
		case O_META:
			n = strtol(optarg, &err, 10);
			if (*err || n < 1 || n > 3)
				a2_usage();
			o->meta = n;
			err = NULL;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (base.no_browse && base.no_tiles) {
		a2_warn("--no-browse and --browse-only: nothing to do");
		a2_usage();
	}

	if (base_url && tilesdir) {
		a2_warn("--base-url: the tile URLs are under the product's, not with -t");
		a2_usage();
	}
	if (o->state && argc == 0) {
		a2_warn("--state: one journal is for one product, named by operands, not records on stdin");
		a2_usage();
	}
	if (a2_loop(argc, argv, on_operand, on_record, NULL) != 0)
		ret = A2_EXIT_FAIL;
	if (argc > 0 && base_url && !operands.scene) {
		a2_warn("--base-url: no scene to place the product by: give a scene directory, "
		    "scene.json or pipeline record");
		a2_usage();
	}
	if (argc > 0) {
		tdir = tilesdir ? a2_strdup(tilesdir) : a2_path_join(outdir, "tiles");
		if ((res = run(&operands, tdir, "tiles"))) {
			json_t *out = json_pack("{s:o}", "tiles", res);
			a2_json_print_line(out);
			json_decref(out);
		} else {
			ret = A2_EXIT_FAIL;
		}
		free(tdir);
	}
	tiles_input_free(&operands);
	json_decref(footprint_opt);
	free(base_url);
	return ret;
}
