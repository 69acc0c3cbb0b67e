/* Fuzzes the WPS ExecuteResponse / ExceptionReport parser (lib/net/maja.c). */
#include "fuzz.h"
#include "net/maja.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), *id;
	struct maja_wps w;

	if (maja_wps_parse(s, &w) == 0) {
		(void)maja_wps_state_name(w.state);
		if (w.status_location && (id = maja_wps_id(w.status_location)))
			free(id);
		maja_wps_free(&w);
	}
	free(s);
	return 0;
}
