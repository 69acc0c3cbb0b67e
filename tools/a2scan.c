/*
 * a2scan: lists the ALOS-2 scenes in trees of unpacked data (an archive
 * such as P###/F####/), one JSON line per scene with each product's files,
 * for the archive flow's metadata-only products (a2md --md-only).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/a2.h"
#include "sar/scan.h"

static const char usage[] =
    "usage: a2scan [-qsv] [-r regex] DIR ...\n"
    "\n"
    "Walks each DIR and prints one JSON line per scene (orbit, frame, date):\n"
    "{\"scan\":{\"scene_id\",...,\"products\":[{\"id\",\"level\",\"files\":[...]}]}}.\n"
    "Stray files, unreadable directories and symlink loops are reported on\n"
    "stderr and skipped.\n"
    "\n"
    "  -q, --quiet         no warning per stray file\n"
    "  -r, --regex ERE     only files in directories whose path matches ERE\n"
    "  -s, --strict        exit 1 if anything was reported\n"
    "  -v, --verbose       log what is skipped and the totals\n"
    "      --help, --version\n";

static int
print_group(json_t *g, void *arg)
{
	a2_json_print_line(g);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "regex", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct scan_opts o = { 0 };
	struct scan_stats st;
	struct scan *s;
	int c, strict = 0, ret = A2_EXIT_OK;

	a2_init(argc, argv, usage);
	while ((c = getopt_long(argc, argv, "qr:sv", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o.quiet = 1;
			break;
		case 'r':
			o.dir_regex = optarg;
			break;
		case 's':
			strict = 1;
			break;
		case 'v':
			a2_verbose = 1;
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind, argv += optind;
	if (argc == 0)
		a2_usage();
	s = scan_new(&o);
	for (; argc > 0; argc--, argv++)
		if (scan_add(s, *argv) != 0)
			ret = A2_EXIT_FAIL;
	scan_groups(s, print_group, NULL);
	scan_stats(s, &st);
	a2_log("%zu directories, %zu files: %zu scenes, %zu products (%zu files), %zu stray, %zu errors",
	    st.dirs, st.files, st.scenes, st.products, st.alos2, st.stray, st.errors);
	if (strict && (st.stray || st.errors))
		ret = A2_EXIT_FAIL;
	scan_free(s);
	return ret;
}
