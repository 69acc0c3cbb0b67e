/*
 * a2site: writes the catalog as a static web site: a map and a table of
 * every product, filtered in the browser, and a STAC Catalog of their
 * Items.  Open DIR/index.html from disk or serve DIR with any web server.
 */
#include <getopt.h>
#include <stdlib.h>

#include "core/a2.h"
#include "store/catalog.h"
#include "store/site.h"

static const char usage[] =
"usage: a2site [-c catalog] [-o dir] [--title text] [--id id]\n"
"\n"
"Writes DIR/index.html (a Leaflet map and a table of every product of the\n"
"catalog, with filters), data.js, catalog.json (a STAC Catalog with one\n"
"Collection per product type, linking the products' STAC Items) and prints\n"
"{\"site\":{...}}.\n"
"  -c, --catalog catalog   the catalog (default $A2_CATALOG, else\n"
"                          $A2_DATA/catalog.gpkg)\n"
"  -o, --output dir        the site directory (default .)\n"
"      --title text        page and STAC Catalog title (default \"a2 catalog\")\n"
"      --id id             STAC Catalog id (default \"a2\")\n"
"      --help, --version\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "catalog", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, 'T' },
		{ "id", required_argument, NULL, 'I' },
		{ NULL, 0, NULL, 0 },
	};
	struct site_opts o = { .title = "a2 catalog", .id = "a2" };
	const char *dir = ".";
	char *name = NULL, *err;
	struct catalog *cat;
	json_t *out;
	int ch, code;

	a2_init(argc, argv, usage);
	while ((ch = getopt_long(argc, argv, "c:o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			free(name);
			name = a2_strdup(optarg);
			break;
		case 'o':
			dir = optarg;
			break;
		case 'I':
			o.id = optarg;
			break;
		case 'T':
			o.title = optarg;
			break;
		default:
			a2_usage();
		}
	}
	if (optind != argc || !*dir || !*o.id)
		a2_usage();
	if (!name)
		name = catalog_default_name();
	if ((code = catalog_open(name, 0, &cat)) != A2_EXIT_OK) {
		free(name);
		return code;
	}
	out = site_write(cat, dir, &o, &err);
	if ((code = catalog_close(cat)) != A2_EXIT_OK) {
		json_decref(out);
		free(name);
		return code;
	}
	if (!out)
		a2_die("%s", err);
	a2_json_set(out, "catalog", json_string(name));
	free(name);
	out = json_pack("{s:o}", "site", out);
	a2_json_print_line(out);
	json_decref(out);
	return A2_EXIT_OK;
}
