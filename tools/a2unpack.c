/*
 * a2unpack: extracts zips (nested ones too) safely and in parallel, and
 * prints one JSON line per ALOS-2 scene directory found; a Sentinel-1
 * GUNW .nc, which is no archive, is placed in a directory of its own.
 */
#include "core/a2.h"
#include "sar/gunw.h"
#include "zip/unzip.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
"usage: a2unpack [-d dir] [-j n] [--max-files n] [--max-ratio r] [--max-size bytes]\n"
"                [--no-sync] [zip ...]\n"
"\n"
"Extracts each zip into DIR/NAME (NAME: the zip's name without .zip), nested\n"
"zips into sibling directories, and prints one JSON line per scene directory.\n"
"A Sentinel-1 GUNW (S1-GUNW-....nc) is linked or copied to DIR/NAME/NAME.nc.\n"
"With no zip operand, reads JSON Lines records with download.path on stdin and\n"
"passes each on with \"unpack\" added.\n"
"\n"
"  -d dir           extract under dir (default .)\n"
"  -j n             members inflated at once (default: online CPUs, max 8)\n"
"  --max-files n    refuse more than n members in all (default 100000)\n"
"  --max-ratio r    refuse a member inflating more than r:1 (default 1000)\n"
"  --max-size bytes refuse more than bytes in all (K, M, G, T suffixes;\n"
"                   default 64G)\n"
"  --no-sync        do not fsync (scratch space: a killed run still leaves\n"
"                   nothing, a system crash may leave short files)\n"
"  --help, --version\n";

static const char *outdir = ".";
static struct unzip_opts opts;

static uint64_t
parse_size(const char *s, const char *opt)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		goto bad;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	}
	if (*end || (shift && v > (ULLONG_MAX >> shift)))
		goto bad;
	return (uint64_t)v << shift;
bad:
	a2_warn("%s: invalid value: %s", opt, s);
	a2_usage();
}

/* Records are JSON, whose strings are UTF-8: a path that is not cannot be
 * named in one, so it is refused before anything is extracted. */
static int
json_carries(const char *path)
{
	json_t *j = json_string(path);
	int ok = j != NULL;

	json_decref(j);
	return ok;
}

/* The records name the scene dirs under the absolute -d dir: checks it as
 * given and as resolved, as far as it exists, before any work. Returns 0
 * or -1 after saying which path is not UTF-8. */
static int
outdir_check(void)
{
	char *p = a2_strdup(outdir), *abs;
	int r = 0;

	while (!(abs = realpath(p, NULL)) && strcmp(p, ".") != 0 && strcmp(p, "/") != 0) {
		char *up = a2_dirname(p);

		free(p);
		p = up;
	}
	if (!json_carries(outdir) || (abs && !json_carries(abs))) {
		a2_warn("-d %s: path is not UTF-8, which JSON records cannot carry",
		    json_carries(outdir) ? abs : outdir);
		r = -1;
	}
	free(abs);
	free(p);
	return r;
}

/*
 * A GUNW is one netCDF file: DIR/ID/ID.nc, a hard link to it (a copy
 * across file systems), put there atomically and kept when it is already
 * that file; its directory is the product's.  Non-zero on failure.
 */
static int
place_gunw(const char *nc, const char *source, json_t *in)
{
	const char *base = a2_basename(nc);
	char *id = a2_asprintf("%.*s", (int)strlen(base) - 3, base), *err = NULL;
	char *dir = a2_path_join(outdir, id), *dst = a2_path_join(dir, base), *tmp, *abs = NULL;
	struct stat a, b;
	int r = 1;

	if (a2_mkdirs(dir, 0755) != 0) {
		a2_warn("%s: cannot create: %s", dir, strerror(errno));
		goto out;
	}
	if (stat(source, &a) != 0) {
		a2_warn("%s: %s", nc, strerror(errno));
		goto out;
	}
	if (stat(dst, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		tmp = a2_tmp_beside(dst, "link");
		unlink(tmp);
		if (link(source, tmp) == 0) {
			if (rename(tmp, dst) != 0) {
				a2_warn("%s: %s", dst, strerror(errno));
				unlink(tmp);
				free(tmp);
				goto out;
			}
		} else if (a2_copy_file_if_changed(source, dst, &err) != 0) {
			a2_warn("%s", err);
			free(err);
			free(tmp);
			goto out;
		}
		free(tmp);
	}
	if (!(abs = realpath(dir, NULL))) {
		a2_warn("%s: %s", dir, strerror(errno));
		goto out;
	}
	{
		json_t *o = in ? json_deep_copy(in) : json_object();

		a2_json_set(o, "unpack", json_pack("{s:s, s:n, s:s}", "dir", abs, "archive",
		    "source", source));
		a2_json_print_line(o);
		json_decref(o);
	}
	r = 0;
out:
	free(abs);
	free(dst);
	free(dir);
	free(id);
	return r;
}

/*
 * Extracts one zip and prints a line per scene directory in it: in (when
 * given) with "unpack" set.  Non-zero when the zip could not be extracted.
 */
static int
unpack(const char *zip, json_t *in)
{
	struct unzip_scene *sc = NULL;
	char *dir, *source;
	size_t n;

	if (!(source = realpath(zip, NULL)))
		source = a2_strdup(zip);
	/* the operand too: a link's own name names the output directory */
	if (!json_carries(zip) || !json_carries(source)) {
		a2_warn("%s: path is not UTF-8, which JSON records cannot carry",
		    json_carries(zip) ? source : zip);
		free(source);
		return 1;
	}
	if (gunw_is_file_name(a2_basename(zip))) {
		int r = place_gunw(zip, source, in);

		free(source);
		return r;
	}
	if (!(dir = unzip_extract(zip, outdir, &opts))) {
		free(source);
		return 1;
	}
	n = unzip_scenes(dir, source, &sc);
	if (n == 0)
		a2_warn("%s: no ALOS-2 scene directory found", zip);
	free(dir);
	for (size_t i = 0; i < n; i++) {
		json_t *out = in ? json_deep_copy(in) : json_object();

		a2_json_set(out, "unpack", json_pack("{s:s, s:s?, s:s}", "dir", sc[i].dir,
		    "archive", sc[i].archive, "source", source));
		a2_json_print_line(out);
		json_decref(out);
	}
	unzip_scenes_free(sc, n);
	free(source);
	return 0;
}

static int
one_record(json_t *rec, void *arg)
{
	const char *path = a2_json_str(json_object_get(rec, "download"), "path");

	if (!path) {
		a2_warn("stdin: record without download.path");
		return 1;
	}
	return unpack(path, rec);
}

static int
one_zip(const char *zip, void *arg)
{
	return unpack(zip, NULL);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-files", required_argument, NULL, 'F' },
		{ "max-ratio", required_argument, NULL, 'R' },
		{ "max-size", required_argument, NULL, 'S' },
		{ "no-sync", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;
	char *end;

	a2_init(argc, argv, usage);
	unzip_opts_default(&opts);
	while ((ch = getopt_long(argc, argv, "d:j:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			outdir = optarg;
			break;
		case 'F':
			opts.max_files = parse_size(optarg, "--max-files");
			break;
		case 'j':
			opts.jobs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || opts.jobs < 1 || opts.jobs > 64) {
				a2_warn("-j: invalid value: %s", optarg);
				a2_usage();
			}
			break;
		case 'N':
			opts.nosync = 1;
			break;
		case 'R':
			opts.max_ratio = strtod(optarg, &end);
			if (*end || end == optarg || !(opts.max_ratio >= 1)) {
				a2_warn("--max-ratio: invalid value: %s", optarg);
				a2_usage();
			}
			break;
		case 'S':
			opts.max_size = parse_size(optarg, "--max-size");
			break;
		default:
			a2_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (outdir_check() != 0)
		return A2_EXIT_FAIL;

	return a2_loop(argc, argv, one_zip, one_record, NULL) ? A2_EXIT_FAIL : A2_EXIT_OK;
}
