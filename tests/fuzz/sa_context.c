/*
 * Fuzzes what lib/net/sources.c exposes of its JSON handling: the AUIG2
 * password de-obfuscation and the _context.json reader that writes the
 * netrc entry (src_context_netrc dies on a bad file: exit wrapped).  The
 * Sentinel Asia portal answers have their own harness, sa_json.c.
 */
#define FUZZ_WRAP_EXIT
#include "fuzz.h"
#include "net/netrc.h"
#include "net/sources.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), *plain, *out;
	const char *path;

	if ((plain = src_auig2_decode(s)))
		netrc_free(plain);
	free(s);
	path = fuzz_file(d, n, "_context.json");
	if (FUZZ_TRY) {
		out = src_context_netrc(path, fuzz_tmpdir());
		if (out) {
			unlink(out);
			free(out);
		}
	}
	FUZZ_END;
	return 0;
}
