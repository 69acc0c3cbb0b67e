/*
 * Fuzzes a2unpack's zip member validation and extraction (lib/zip/unzip.c):
 * every input is a zip extracted into a scratch directory, which is then
 * removed.  Traversal, links and devices must be refused, never written
 * outside the scratch directory.
 */
#include <ftw.h>
#include <sys/stat.h>
#include "fuzz.h"
#include "zip/unzip.h"

static int
rm_cb(const char *p, const struct stat *st, int type, struct FTW *f)
{
	return remove(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static char out[512], zip[512];
	struct unzip_opts o;
	char *dir;

	snprintf(out, sizeof out, "%s/out", fuzz_tmpdir());
	snprintf(zip, sizeof zip, "%s", fuzz_file(d, n, "in.zip"));
	mkdir(out, 0755);
	unzip_opts_default(&o);
	o.jobs = 1;
	o.nosync = 1;
	o.max_size = 1 << 22;
	o.max_files = 256;
	if ((dir = unzip_extract(zip, out, &o))) {
		struct unzip_scene *sc;
		size_t ns = unzip_scenes(dir, zip, &sc);

		unzip_scenes_free(sc, ns);
		free(dir);
	}
	nftw(out, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
