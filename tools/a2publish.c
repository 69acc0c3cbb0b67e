/*
 * a2publish: copies products/ID/ directories to a publish root (a
 * directory, s3://bucket/prefix, dav:// or davs://) in the HySDS datasets
 * layout, refusing to overwrite, and records where in the catalog; with
 * --flat, one directory's files as they are (the PALSAR mosaic).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "store/catalog.h"
#include "net/fetch.h"
#include "net/http.h"
#include "store/publish.h"

static const char usage[] =
"usage: a2publish [-fnv] [-c catalog] [--base-url url] [--netrc-file file] [--timeout s]\n"
"                 root dir ...\n"
"       a2publish --flat [-fv] [--netrc-file file] [--timeout s] dest dir\n"
"\n"
"Publishes each product directory DIR (products/ID/) under ROOT as\n"
"datasets/{type}/{version}/YYYY/MM/DD/ID/ (browse images also under browse/),\n"
"records the location in the catalog and prints\n"
"{\"publish\":{\"id\",\"location\"}} per product.  ROOT is a directory,\n"
"s3://bucket/prefix, dav://host/path or davs://host/path.  The published STAC\n"
"Item links ROOT/catalog.json and ROOT/datasets/TYPE/collection.json, which\n"
"are then written from the catalog.\n"
"With --flat, copies the files of DIR unchanged to DEST (same kinds, no\n"
"catalog) and prints {\"publish\":{\"location\",\"files\"}}.\n"
"\n"
"      --base-url url      the public URL of ROOT: absolute STAC self links\n"
"                          (default $A2_BASE_URL; none without)\n"
"  -c, --catalog catalog   the catalog (default $A2_CATALOG, else $A2_DATA/catalog.gpkg)\n"
"  -f, --force             replace a product published before\n"
"      --flat              publish one directory as it is\n"
"  -n, --no-catalog        do not record the location\n"
"      --netrc-file file   WebDAV credentials (default $A2_NETRC, else ~/.netrc)\n"
"      --timeout s         connect timeout and stall limit (default 60)\n"
"  -v, --verbose           log requests\n"
"      --help, --version\n";

static int
publish_one_dir(const char *dest, const char *dir, const struct publish_opts *o)
{
	char *loc;
	size_t n;
	int code;

	http_init();
	code = publish_flat(dir, dest, o, &loc, &n);
	if (code == A2_EXIT_OK) {
		json_t *j = json_pack("{s:{s:s, s:I}}", "publish", "location", loc, "files",
		    (json_int_t)n);
		a2_json_print_line(j);
		json_decref(j);
	}
	free(loc);
	http_cleanup();
	return code;
}

int
main(int argc, char **argv)
{
	enum { O_FLAT = 256, O_NETRC, O_BASE };
	static const struct option longopts[] = {
		{ "base-url", required_argument, NULL, O_BASE },
		{ "catalog", required_argument, NULL, 'c' },
		{ "flat", no_argument, NULL, O_FLAT },
		{ "force", no_argument, NULL, 'f' },
		{ "netrc-file", required_argument, NULL, O_NETRC },
		{ "no-catalog", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		HTTP_LONGOPTS_TIMEOUT,
		{ NULL, 0, NULL, 0 },
	};
	struct publish_opts o = { .http.timeout = 60 };
	const char *catname = NULL, *root;
	char *defname = NULL;
	int c, flat = 0, nocat = 0, status = A2_EXIT_OK;

	a2_init(argc, argv, usage);
	a2_env_net(&o.http.netrc, NULL, 0);
	if (getenv("A2_BASE_URL") && *getenv("A2_BASE_URL"))
		o.base = getenv("A2_BASE_URL");
	while ((c = getopt_long(argc, argv, "c:fnv", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			catname = optarg;
			break;
		case 'f':
			o.force = 1;
			break;
		case 'n':
			nocat = 1;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		case O_FLAT:
			flat = 1;
			break;
		case O_NETRC:
			o.http.netrc = optarg;
			break;
		case O_BASE:
			o.base = optarg;
			break;
		default:
			if (!http_option(&o.http, c, optarg, 0))
				a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || (flat && (argc != 2 || nocat || catname)))
		a2_usage();
	if (o.base && strncmp(o.base, "http://", 7) != 0 && strncmp(o.base, "https://", 8) != 0)
		a2_die_code(A2_EXIT_USAGE, "--base-url: not an http:// or https:// URL: %s", o.base);
	fetch_netrc_check(o.http.netrc);
	if (flat)
		return publish_one_dir(argv[0], argv[1], &o);
	if (!catname)
		catname = defname = catalog_default_name();
	root = argv[0];
	http_init();
	for (int i = 1; i < argc; i++) {
		struct catalog_product p;
		struct catalog *cat;
		char *err, *loc;
		int code;

		if (catalog_product_read(argv[i], &p, &err) != 0) {
			a2_warn("%s", err);
			free(err);
			status = A2_EXIT_FAIL;
			continue;
		}
		code = publish_product(&p, root, &o, &loc);
		if (code == A2_EXIT_OK && !nocat) {
			/* the writers' lock is held only for this product */
			p.publish = a2_strdup(loc);
			if ((code = catalog_open(catname, 1, &cat)) == A2_EXIT_OK) {
				if (catalog_put(cat, &p) < 0)
					code = A2_EXIT_FAIL;
				/* while holding the writers' lock */
				else
					code = publish_stac(cat, root, &o);
				if (catalog_close(cat) != A2_EXIT_OK)
					code = A2_EXIT_FAIL;
			}
		}
		if (code == A2_EXIT_OK) {
			json_t *j = json_pack("{s:{s:s, s:s}}", "publish", "id", p.id, "location", loc);
			a2_json_print_line(j);
			json_decref(j);
		} else if (status == A2_EXIT_OK)
			status = code;
		free(loc);
		catalog_product_free(&p);
	}
	http_cleanup();
	free(defname);
	return status;
}
