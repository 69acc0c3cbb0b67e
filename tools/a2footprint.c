/*
 * a2footprint: the footprint of ALOS-2 scenes as GeoJSON Features, from a
 * scene directory, a scene.json, a GeoTIFF, or scene records on stdin.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/a2.h"
#include "geo/footprint.h"
#include "sar/name.h"
#include "sar/gunw.h"
#include "sar/scene.h"

static const char usage[] =
    "usage: a2footprint [-d metres] [-m method] [-n vertices] [-o file] [-s url]\n"
    "                   [dir | raster | scene.json ...]\n"
    "\n"
    "Prints the footprint of each scene as a GeoJSON Feature (one per line);\n"
    "with no operand, reads scene records on stdin and adds \"footprint\".\n"
    "  -d, --max-disagreement M  L1.1: warn when the prefix corners and the\n"
    "                            range-Doppler geolocation differ more (250)\n"
    "  -m, --method M    auto (default), summary, ceos-mapproj, ceos-img,\n"
    "                    range-doppler, geotiff, sarcat, gunw, nrb\n"
    "  -n, --max-vertices N  raster outline vertices (100)\n"
    "  -o, --output F    also write the Feature to F (one operand only)\n"
    "  -s, --sarcat URL  BOS SARCAT WFS endpoint (default $A2_SARCAT_URL)\n"
    "      --help, --version\n";

static struct footprint_opts opt = FOOTPRINT_OPTS_DEFAULT;
static const char *out;  /* -o */
#define method opt.method

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* A file whose first non-blank byte is '{' is a scene record; any other
 * file is a raster for GDAL (GeoTIFF, VRT, ERDAS Imagine, ...). */
static int
looks_json(const char *path)
{
	FILE *fp = fopen(path, "rb");
	int c = EOF;

	if (!fp)
		return 1; /* the JSON reader names the error */
	while ((c = getc(fp)) != EOF && isspace(c))
		;
	fclose(fp);
	return c == '{';
}

/* The Feature of one operand, or NULL with *err. */
static json_t *
footprint_of(const char *arg, char **err)
{
	struct stat st;
	json_t *scene, *f;

	if (stat(arg, &st) != 0) {
		*err = a2_asprintf("%s: %s", arg, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode) || gunw_is_product(arg)) {
		if (!(scene = scene_classify(arg, err)))
			return NULL;
	} else if (has_suffix(arg, ".tif") || has_suffix(arg, ".tiff") || !looks_json(arg)) {
		struct name_file nf;
		char *e = NULL;
		const char *id;

		if (method != FOOTPRINT_AUTO && method != FOOTPRINT_GEOTIFF) {
			*err = a2_asprintf("%s: method %s needs a scene, not a raster", arg,
			    footprint_method_name(method));
			return NULL;
		}
		id = name_parse_file(a2_basename(arg), &nf, &e) == 1 && nf.has_product ?
		    nf.n.id : a2_basename(arg);
		f = footprint_from_rasters(&arg, 1, id, &opt, err);
		free(e);
		return f;
	} else {
		json_error_t je;
		json_t *j = json_load_file(arg, 0, &je);

		if (!j || !json_is_object(j)) {
			*err = a2_asprintf("%s: line %d: not a JSON object%s%s", arg, je.line,
			    j ? "" : ": ", j ? "" : je.text);
			json_decref(j);
			return NULL;
		}
		/* a whole pipeline record is accepted too */
		scene = json_object_get(j, "scene");
		scene = json_is_object(scene) ? json_incref(scene) : json_incref(j);
		json_decref(j);
	}
	f = footprint_from_scene_opts(scene, &opt, err);
	json_decref(scene);
	return f;
}

static int
on_record(json_t *rec, void *arg)
{
	json_t *scene = json_object_get(rec, "scene"), *f;
	char *err = NULL;

	if (!json_is_object(scene)) {
		a2_warn("stdin: record has no \"scene\" (run a2classify first)");
		return -1;
	}
	if (!(f = footprint_from_scene_opts(scene, &opt, &err))) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	json_object_set_new(rec, "footprint", f);
	a2_json_print_line(rec);
	return 0;
}

static int
on_operand(const char *arg, void *ctx)
{
	char *err = NULL;
	json_t *f = footprint_of(arg, &err);

	if (!f) {
		a2_warn("%s", err);
		free(err);
		return -1;
	}
	if (out)
		a2_write_json(out, f);
	a2_json_print_line(f);
	json_decref(f);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-disagreement", required_argument, NULL, 'd' },
		{ "method", required_argument, NULL, 'm' },
		{ "max-vertices", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "sarcat", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "d:m:n:o:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opt.max_disagree_m = strtod(optarg, &end);
			if (!*optarg || *end || !(opt.max_disagree_m >= 0)) {
				a2_warn("bad -d metres: %s", optarg);
				a2_usage();
			}
			break;
		case 'm':
			if ((method = footprint_method_parse(optarg)) < 0) {
				a2_warn("unknown method: %s", optarg);
				a2_usage();
			}
			break;
		case 'n':
			opt.max_vertices = (int)strtol(optarg, &end, 10);
			if (!*optarg || *end || opt.max_vertices < 4 || opt.max_vertices > 100000) {
				a2_warn("bad -n vertices (4..100000): %s", optarg);
				a2_usage();
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			opt.sarcat_url = optarg;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind, argv += optind;
	if (out && argc != 1) {
		a2_warn("-o needs exactly one operand");
		a2_usage();
	}
	if (out)
		a2_tmp_sweep_beside(out); /* what an a2footprint killed while writing it left */
	return a2_loop(argc, argv, on_operand, on_record, NULL) ? A2_EXIT_FAIL : A2_EXIT_OK;
}
