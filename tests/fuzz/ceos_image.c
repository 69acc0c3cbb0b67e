/* Fuzzes the CEOS image descriptor and L1.1 signal-record prefix reader
 * (lib/sar/ceos.c: ceos_read_image). */
#include "fuzz.h"
#include "sar/ceos.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *path = fuzz_file(d, n, "IMG-HH-ALOS2015976960-140909-FBDR1.1__A");
	struct ceos_image im;
	char *err = NULL;

	if (ceos_read_image(path, &im, &err) == 0)
		ceos_image_free(&im);
	else
		free(err);
	err = NULL;
	if (ceos_check_file(path, CEOS_FILE_IMG, &err) != 0)
		free(err);
	return 0;
}
