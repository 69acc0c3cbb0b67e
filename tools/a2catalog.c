/*
 * a2catalog: adds product directories to a2's catalog (a GeoPackage, or
 * PostGIS for a team), answers "have we got ID?" for the jobs, queries by
 * place, time and kind, and removes.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "store/catalog.h"
#include "store/stac.h"

static const char usage[] =
"usage: a2catalog [-c catalog] add [--stac top] [dir ...]\n"
"       a2catalog [-c catalog] has id\n"
"       a2catalog [-c catalog] query [--geojson] [--bbox w,s,e,n] [--intersects geom]\n"
"                 [--start time] [--end time] [--id id] [--type type] [--level level]\n"
"                 [--mode mode] [--path n] [--frame n] [--direction dir]\n"
"       a2catalog [-c catalog] remove id ...\n"
"\n"
"The catalog is a GeoPackage file or an OGR connection string (PG:dbname=...);\n"
"default $A2_CATALOG, else $A2_DATA/catalog.gpkg.\n"
"  add      upsert products/ID/ directories (or \"md\" records on stdin);\n"
"           prints {\"catalog\":{\"id\",\"action\"}} per product; --stac TOP\n"
"           then writes TOP/catalog.json and TOP/collections/TYPE/collection.json\n"
"           for the products under TOP (the data dir: TOP/products/ID/)\n"
"  has      exits 0 if ID is catalogued, 1 if not, 75 if the catalog is unreadable\n"
"  query    prints matching products as JSON Lines (or a FeatureCollection);\n"
"           --intersects takes WKT, GeoJSON, or @file\n"
"  remove   deletes products by ID\n"
"  -c, --catalog catalog   the catalog\n"
"      --help, --version\n";

static const char *catname;
static struct catalog *cat;
static int status;

static void
open_catalog(int write, int fail_code)
{
	int code = catalog_open(catname, write, &cat);

	if (code != A2_EXIT_OK)
		exit(fail_code ? fail_code : code);
}

static void
close_catalog(void)
{
	int code = catalog_close(cat);

	cat = NULL;
	if (code != A2_EXIT_OK)
		exit(code);
}

static int
add_dir(const char *dir, json_t *in)
{
	static const char *actions[] = { "unchanged", "added", "updated" };
	struct catalog_product p;
	json_t *out;
	char *err;
	int r;

	if (catalog_product_read(dir, &p, &err) != 0) {
		a2_warn("%s", err);
		free(err);
		status = A2_EXIT_FAIL;
		return 1;
	}
	if ((r = catalog_put(cat, &p)) < 0) {
		catalog_product_free(&p);
		status = A2_EXIT_FAIL;
		return 1;
	}
	out = in ? json_deep_copy(in) : json_object();
	a2_json_set(out, "catalog", json_pack("{s:s, s:s}", "id", p.id, "action", actions[r]));
	a2_json_print_line(out);
	json_decref(out);
	catalog_product_free(&p);
	return 0;
}

static int
on_operand(const char *dir, void *arg)
{
	return add_dir(dir, NULL);
}

/* A pipeline record: the product directory is where a2md wrote met.json. */
static int
on_record(json_t *rec, void *arg)
{
	const char *met = a2_json_str(json_object_get(rec, "md"), "met");
	char *dir;
	int r;

	if (!met || !strchr(met, '/')) {
		a2_warn("stdin: record without \"md\".\"met\"");
		status = A2_EXIT_FAIL;
		return 1;
	}
	dir = a2_strndup(met, strrchr(met, '/') - met);
	r = add_dir(dir, rec);
	free(dir);
	return r;
}

/* The data dir's STAC Catalog and Collections, from the catalog. */
static void
write_stac(const char *dir)
{
	char real[PATH_MAX], *err;
	struct stac_tree t = { .top = real, .colls = "collections" };

	if (a2_mkdirs(dir, 0755) != 0 || !realpath(dir, real)) {
		a2_warn("%s:", dir);
		status = A2_EXIT_FAIL;
	} else if (stac_tree_from_catalog(cat, &t, 0, NULL, &err) != 0) {
		a2_warn("%s: %s", dir, err);
		free(err);
		status = A2_EXIT_FAIL;
	}
}

static int
print_line(json_t *rec, void *arg)
{
	a2_json_print_line(rec);
	return 0;
}

static int
collect(json_t *rec, void *arg)
{
	json_t *props = json_deep_copy(rec), *geom = json_incref(json_object_get(rec, "footprint"));

	json_object_del(props, "footprint");
	json_array_append_new(arg, json_pack("{s:s, s:O, s:o, s:o}", "type", "Feature",
	    "id", json_object_get(rec, "id"), "geometry", geom, "properties", props));
	return 0;
}

/* A level as "1.5", "L1.5" or "l1.5"; a direction as ascending, A, asc... */
static const char *
norm_level(const char *s)
{
	return (*s == 'L' || *s == 'l') ? s + 1 : s;
}

static const char *
norm_direction(const char *s)
{
	if (*s == 'A' || *s == 'a')
		return "ascending";
	if (*s == 'D' || *s == 'd')
		return "descending";
	a2_warn("%s: direction is ascending or descending", s);
	a2_usage();
}

int
main(int argc, char **argv)
{
	enum { O_STAC = 200, O_BBOX = 256, O_INTERSECTS, O_START, O_END, O_ID, O_TYPE, O_LEVEL, O_MODE,
		O_PATH, O_FRAME, O_DIRECTION, O_GEOJSON };
	static const struct option longopts[] = {
		{ "bbox", required_argument, NULL, O_BBOX },
		{ "catalog", required_argument, NULL, 'c' },
		{ "direction", required_argument, NULL, O_DIRECTION },
		{ "end", required_argument, NULL, O_END },
		{ "frame", required_argument, NULL, O_FRAME },
		{ "geojson", no_argument, NULL, O_GEOJSON },
		{ "id", required_argument, NULL, O_ID },
		{ "intersects", required_argument, NULL, O_INTERSECTS },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "mode", required_argument, NULL, O_MODE },
		{ "path", required_argument, NULL, O_PATH },
		{ "stac", required_argument, NULL, O_STAC },
		{ "start", required_argument, NULL, O_START },
		{ "type", required_argument, NULL, O_TYPE },
		{ NULL, 0, NULL, 0 },
	};
	struct catalog_query q = { .path = -1, .frame = -1 };
	char *defname = NULL, *geomfile = NULL;
	const char *verb, *stacdir = NULL;
	int c, nq = 0, geojson = 0;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		nq += c >= O_BBOX;
		switch (c) {
		case 'c':
			catname = optarg;
			break;
		case O_BBOX:
			if (sscanf(optarg, "%lf,%lf,%lf,%lf", &q.bbox[0], &q.bbox[1], &q.bbox[2],
			    &q.bbox[3]) != 4 || q.bbox[1] > q.bbox[3] ||
			    /* west > east crosses the antimeridian (RFC 7946 §5.2) */
			    (q.bbox[0] > q.bbox[2] && (q.bbox[0] > 180 || q.bbox[2] < -180))) {
				a2_warn("%s: bad bbox (west,south,east,north)", optarg);
				a2_usage();
			}
			q.has_bbox = 1;
			break;
		case O_INTERSECTS:
			if (*optarg == '@')
				q.geometry = geomfile = a2_read_file(optarg + 1, 16 << 20, NULL);
			else
				q.geometry = optarg;
			break;
		case O_START:
		case O_END:
			if (catalog_time(optarg, c == O_END, c == O_END ? q.end : q.start) != 0) {
				a2_warn("%s: bad time (YYYY-MM-DD[Thh:mm[:ss[.sss]]][Z])", optarg);
				a2_usage();
			}
			break;
		case O_ID:
			q.id = optarg;
			break;
		case O_TYPE:
			q.type = optarg;
			break;
		case O_LEVEL:
			q.level = norm_level(optarg);
			break;
		case O_MODE:
			q.mode = optarg;
			break;
		case O_PATH:
			q.path = (int)a2_number(optarg, "path", 0, INT_MAX, 0);
			break;
		case O_FRAME:
			q.frame = (int)a2_number(optarg, "frame", 0, INT_MAX, 0);
			break;
		case O_DIRECTION:
			q.direction = norm_direction(optarg);
			break;
		case O_GEOJSON:
			geojson = 1;
			break;
		case O_STAC:
			stacdir = optarg;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		a2_usage();
	verb = argv[0];
	argc--;
	argv++;
	if ((nq && strcmp(verb, "query") != 0) || (stacdir && strcmp(verb, "add") != 0))
		a2_usage();
	if (!catname)
		catname = defname = catalog_default_name();

	if (strcmp(verb, "add") == 0) {
		open_catalog(1, 0);
		if (a2_loop(argc, argv, on_operand, on_record, NULL))
			status = A2_EXIT_FAIL;
		/* still holding the writers' lock: a concurrent add waits, and
		 * then rebuilds with this product too */
		if (stacdir)
			write_stac(stacdir);
		close_catalog();
	} else if (strcmp(verb, "has") == 0) {
		int r;
		if (argc != 1)
			a2_usage();
		/* 1 means "not there", so failures must say something else */
		open_catalog(0, A2_EXIT_TEMPFAIL);
		r = catalog_has(cat, argv[0]);
		close_catalog();
		status = r == 1 ? A2_EXIT_OK : r == 0 ? A2_EXIT_FAIL : A2_EXIT_TEMPFAIL;
	} else if (strcmp(verb, "query") == 0) {
		json_t *feats = json_array();
		if (argc != 0)
			a2_usage();
		open_catalog(0, 0);
		if (catalog_query(cat, &q, geojson ? collect : print_line, feats) < 0)
			status = A2_EXIT_FAIL;
		close_catalog();
		if (geojson && status == A2_EXIT_OK) {
			json_t *fc = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", feats);
			a2_json_print_line(fc);
			json_decref(fc);
		} else
			json_decref(feats);
	} else if (strcmp(verb, "remove") == 0) {
		if (argc == 0)
			a2_usage();
		open_catalog(1, 0);
		for (int i = 0; i < argc; i++) {
			int r = catalog_remove(cat, argv[i]);
			if (r == 0)
				a2_warn("%s: not in the catalog", argv[i]);
			if (r != 1)
				status = A2_EXIT_FAIL;
		}
		close_catalog();
	} else {
		a2_warn("%s: unknown command", verb);
		a2_usage();
	}
	free(defname);
	free(geomfile);
	return status;
}
