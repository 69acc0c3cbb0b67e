/* Fuzzes the summary.txt parser (lib/sar/summary.c) and its time conversion. */
#include "fuzz.h"
#include "sar/summary.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *err = NULL, iso[32];
	struct summary *s = summary_parse("fuzz", (const char *)d, n, &err);
	json_t *j;

	if (!s) {
		free(err);
		return 0;
	}
	for (size_t i = 0; i < s->n; i++)
		(void)summary_time_iso(s->vals[i], iso);
	(void)summary_get_nonempty(s, "Img_SceneCenterDateTime");
	j = summary_to_json(s);
	json_decref(j);
	summary_free(s);
	return 0;
}
