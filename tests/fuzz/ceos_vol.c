/* Fuzzes the CEOS volume directory reader and the first-record checks of
 * every file kind (lib/sar/ceos.c: ceos_read_vol, ceos_check_file). */
#include "fuzz.h"
#include "sar/ceos.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *path = fuzz_file(d, n, "VOL-ALOS2015976960-140909-FBDR1.5GUA");
	static const enum ceos_file kinds[] = { CEOS_FILE_VOL, CEOS_FILE_LED, CEOS_FILE_IMG,
		CEOS_FILE_TRL };
	struct ceos_vol v;
	char *err = NULL;

	if (ceos_read_vol(path, &v, &err) == 0)
		ceos_vol_free(&v);
	else
		free(err);
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		err = NULL;
		if (ceos_check_file(path, kinds[i], &err) != 0)
			free(err);
	}
	return 0;
}
