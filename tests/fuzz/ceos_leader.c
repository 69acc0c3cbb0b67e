/* Fuzzes the CEOS leader reader (lib/sar/ceos.c: ceos_read_leader). */
#include "fuzz.h"
#include "sar/ceos.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *path = fuzz_file(d, n, "LED-ALOS2015976960-140909-FBDR1.5GUA");
	struct ceos_leader l;
	char *err = NULL;

	if (ceos_read_leader(path, &l, &err) == 0)
		ceos_leader_free(&l);
	else
		free(err);
	err = NULL;
	if (ceos_check_file(path, CEOS_FILE_LED, &err) != 0)
		free(err);
	return 0;
}
