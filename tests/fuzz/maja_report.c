/* Fuzzes the MAJA execution report (JSON) parser (lib/net/maja.c). */
#include "fuzz.h"
#include "net/maja.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct maja_report r;
	char err[256];

	if (maja_report_parse((const char *)d, n, &r, err, sizeof err) == 0)
		maja_report_free(&r);
	return 0;
}
