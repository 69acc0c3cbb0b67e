/*
 * a2tiles: Web Mercator XYZ tiles of ALOS-2 GeoTIFFs, one layer per
 * polarisation, with tiles.json, an offline Leaflet viewer and the browse
 * images of the product.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "a2.h"
#include "scene.h"
#include "tiles.h"

static const char usage[] =
    "usage: a2tiles [-v] [-j threads] [-z min-max] [-o dir] [-t tilesdir]\n"
    "               [--db-range lo,hi | --dn-range lo,hi] [--resampling alg]\n"
    "               [--composite] [--ratio-range lo,hi] [--footprint file] [--id id]\n"
    "               [--no-browse | --browse-only] [--no-viewer]\n"
    "               [file.tif | file.jpg | scene.json | scenedir ...]\n"
    "\n"
    "Tiles the GeoTIFFs into DIR/tiles/{POL}/{z}/{x}/{y}.png (XYZ, 256 px) with\n"
    "tiles.json and index.html, and writes their browse images into DIR; BRS\n"
    "jpgs (L1.1) get browse images only. Prints {\"tiles\":{...}}. With no\n"
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
    "      --composite        add an RGB layer (HH, HV, HH/HV) for dual-pol\n"
    "      --ratio-range lo,hi  its blue: HH/HV in dB (default from the scene)\n"
    "      --footprint file   GeoJSON drawn on the map\n"
    "      --id id            the tile set's name (default from the file names)\n"
    "      --png-level n      zlib level of tiles, 0-9 (default 0: stored)\n"
    "      --no-browse        no browse images\n"
    "      --browse-only      browse images only, no tiles\n"
    "      --no-viewer        no index.html (tiles.json still)\n"
    "  -v, --verbose          log what is done, and how long it took\n"
    "      --help, --version\n";

static struct tiles_job base;
static const char *outdir = ".", *tilesdir;
static json_t *footprint_opt;

static int
parse_pair(const char *s, double *a, double *b)
{
	char *e;

	*a = strtod(s, &e);
	if (e == s || *e != ',')
		return -1;
	s = e + 1;
	*b = strtod(s, &e);
	return e == s || *e || !(*b > *a) ? -1 : 0;
}

static int
parse_zoom(const char *s, int *zmin, int *zmax)
{
	char *e;
	long a = strtol(s, &e, 10), b;

	if (e == s || *e != '-' || a < 0 || a > TILES_MAXZ)
		return -1;
	*zmin = a;
	if (strcmp(e + 1, "auto") == 0) {
		*zmax = -1;
		return 0;
	}
	s = e + 1;
	b = strtol(s, &e, 10);
	if (e == s || *e || b < a || b > TILES_MAXZ)
		return -1;
	*zmax = b;
	return 0;
}

static int
parse_resampling(const char *s)
{
	static const struct { const char *name; int alg; } algs[] = {
		{ "average", TILES_RESAMPLE_A2 }, { "gdal-average", 5 }, { "near", 0 },
		{ "bilinear", 1 }, { "cubic", 2 }, { "cubicspline", 3 }, { "lanczos", 4 },
		{ "mode", 6 }, { "max", 8 }, { "min", 9 }, { "med", 10 }, { "q1", 11 },
		{ "q3", 12 }, { "rms", 14 },
	};

	for (size_t i = 0; i < sizeof algs / sizeof *algs; i++)
		if (strcmp(s, algs[i].name) == 0)
			return algs[i].alg;
	return -2;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcasecmp(s + n - m, suf) == 0;
}

static json_t *
load_json(const char *path, char **err)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);

	if (!j)
		*err = a2_asprintf("%s: line %d: %s", path, je.line, je.text);
	else if (!json_is_object(j)) {
		*err = a2_asprintf("%s: not a JSON object", path);
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* The ID of IMG-HH-<ID>.tif, else the file name less its extension. */
static char *
id_of(const char *path)
{
	const char *b = a2_basename(path), *dot = strrchr(b, '.');

	if (strncmp(b, "IMG-", 4) == 0 && strlen(b) > 7 && b[6] == '-')
		b += 7;
	return a2_strndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

static void
add(char ***v, int *n, const char *s)
{
	*v = a2_realloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = a2_strdup(s);
}

static void
free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Runs one product; the "tiles" record or NULL (message printed). */
static json_t *
run(char **tifs, int ntifs, char **jpgs, int njpgs, const char *id, json_t *fp, const char *tdir)
{
	struct tiles_job j = base;
	json_t *rec;
	char *err = NULL;

	j.tifs = (const char *const *)tifs;
	j.ntifs = ntifs;
	j.jpgs = (const char *const *)jpgs;
	j.njpgs = njpgs;
	j.id = id;
	j.footprint = footprint_opt ? footprint_opt : fp;
	j.tiles_dir = tdir;
	j.browse_dir = outdir;
	if (!ntifs && !njpgs) {
		a2_warn("%s: no GeoTIFF and no BRS jpg to make tiles or browse images of", id ? id : "input");
		return NULL;
	}
	if (a2_mkdirs(outdir, 0755) != 0)
		a2_die("%s:", outdir);
	if (!(rec = tiles_run(&j, &err))) {
		a2_warn("%s", err);
		free(err);
	}
	return rec;
}

static int
on_record(json_t *rec, void *arg)
{
	json_t *scene = json_object_get(rec, "scene"), *res;
	char **tifs, **jpgs, *tdir;
	int nt, nj;
	const char *id = a2_json_str(scene, "id");

	(void)arg;
	if (!json_is_object(scene) || !id || strchr(id, '/')) {
		a2_warn("stdin: record has no \"scene\" with an id (run a2classify first)");
		return -1;
	}
	tiles_scene_files(scene, &tifs, &nt, &jpgs, &nj);
	tdir = tilesdir ? a2_path_join(tilesdir, id) : a2_asprintf("%s/tiles/%s", outdir, id);
	res = run(tifs, nt, jpgs, nj, id, json_object_get(rec, "footprint"), tdir);
	free(tdir);
	free_list(tifs, nt);
	free_list(jpgs, nj);
	if (!res)
		return -1;
	json_object_set_new(rec, "tiles", res);
	a2_json_print_line(rec);
	return 0;
}

int
main(int argc, char **argv)
{
	enum { O_DB = 256, O_DN, O_RES, O_COMP, O_RATIO, O_FP, O_ID, O_LEVEL, O_NOBROWSE,
	    O_BONLY, O_NOVIEW, O_META };
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
		{ NULL, 0, NULL, 0 }
	};
	struct tiles_opts *o = &base.o;
	char **tifs = NULL, **jpgs = NULL, *id = NULL, *err = NULL, *tdir;
	json_t *fp = NULL, *res;
	int c, nt = 0, nj = 0, ret = A2_EXIT_OK;
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
			if (parse_zoom(optarg, &o->zmin, &o->zmax) != 0) {
				a2_warn("-z %s: want MIN-MAX with 0 <= MIN <= MAX <= %d, or MIN-auto", optarg,
				    TILES_MAXZ);
				a2_usage();
			}
			break;
		case O_DB:
		case O_DN:
			if (parse_pair(optarg, &o->lo, &o->hi) != 0) {
				a2_warn("%s: want LO,HI with LO < HI", optarg);
				a2_usage();
			}
			o->have_range = 1;
			o->stretch = c == O_DB ? TILES_DB : TILES_DN;
			break;
		case O_RES:
			if ((o->resampling = parse_resampling(optarg)) == -2) {
				a2_warn("--resampling %s: unknown", optarg);
				a2_usage();
			}
			break;
		case O_COMP:
			o->composite = 1;
			break;
		case O_RATIO:
			if (parse_pair(optarg, &o->rlo, &o->rhi) != 0) {
				a2_warn("%s: want LO,HI with LO < HI", optarg);
				a2_usage();
			}
			o->have_ratio = 1;
			break;
		case O_FP:
			if (!(footprint_opt = load_json(optarg, &err)))
				a2_die("%s", err);
			break;
		case O_ID:
			id = a2_strdup(optarg);
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

	if (argc == 0) {
		ret = a2_json_lines(stdin, "stdin", on_record, NULL) ? A2_EXIT_FAIL : A2_EXIT_OK;
		goto out;
	}
	/* every operand is part of one product */
	for (int i = 0; i < argc; i++) {
		struct stat st;
		json_t *scene = NULL, *j = NULL;
		char **t2, **j2;
		int n2, m2;

		if (stat(argv[i], &st) != 0)
			a2_die("%s:", argv[i]);
		if (S_ISDIR(st.st_mode)) {
			if (!(scene = scene_classify(argv[i], &err)))
				a2_die("%s", err);
		} else if (has_suffix(argv[i], ".json")) {
			if (!(j = load_json(argv[i], &err)))
				a2_die("%s", err);
			scene = json_object_get(j, "scene");
			if (json_is_object(scene)) {
				if (!fp && json_is_object(json_object_get(j, "footprint")))
					fp = json_incref(json_object_get(j, "footprint"));
				json_incref(scene);
				json_decref(j);
			} else {
				scene = j;
			}
		} else if (has_suffix(argv[i], ".jpg") || has_suffix(argv[i], ".jpeg")) {
			add(&jpgs, &nj, argv[i]);
			continue;
		} else {
			add(&tifs, &nt, argv[i]);
			if (!id)
				id = id_of(argv[i]);
			continue;
		}
		if (!a2_json_str(scene, "id"))
			a2_die("%s: not a scene object (no \"id\")", argv[i]);
		if (!id || strcmp(id, a2_json_str(scene, "id")) != 0) {
			free(id);
			id = a2_strdup(a2_json_str(scene, "id"));
		}
		tiles_scene_files(scene, &t2, &n2, &j2, &m2);
		for (int k = 0; k < n2; k++)
			add(&tifs, &nt, t2[k]);
		for (int k = 0; k < m2; k++)
			add(&jpgs, &nj, j2[k]);
		free_list(t2, n2);
		free_list(j2, m2);
		json_decref(scene);
	}
	tdir = tilesdir ? a2_strdup(tilesdir) : a2_path_join(outdir, "tiles");
	if ((res = run(tifs, nt, jpgs, nj, id, fp, tdir))) {
		json_t *out = json_pack("{s:o}", "tiles", res);
		a2_json_print_line(out);
		json_decref(out);
	} else {
		ret = A2_EXIT_FAIL;
	}
	free(tdir);
out:
	free_list(tifs, nt);
	free_list(jpgs, nj);
	free(id);
	json_decref(fp);
	json_decref(footprint_opt);
	return ret;
}
