/* Fuzzes the PEPS credentials file reader (lib/net/maja.c: maja_auth_read),
 * which rejects a malformed file by dying (exit 2). */
#define FUZZ_WRAP_EXIT
#include "fuzz.h"
#include "net/http.h"
#include "net/maja.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *path = fuzz_file(d, n, "peps.txt");
	char *up;

	if (FUZZ_TRY) {
		up = maja_auth_read(path);
		if (!strchr(up, ':'))
			abort();
		http_free_secret(up);
	}
	FUZZ_END;
	return 0;
}
