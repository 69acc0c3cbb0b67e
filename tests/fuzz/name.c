/* Fuzzes the product, scene and file name parsers (lib/sar/name.c). */
#include "fuzz.h"
#include "sar/name.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), *err = NULL;
	struct name_id id;
	struct name_file f;

	if (name_parse_scene(s, &id, &err) != 0)
		free(err), err = NULL;
	if (name_parse_id(s, &id, &err) != 0)
		free(err), err = NULL;
	else {
		(void)name_path(id.orbit);
		(void)name_mode_class(id.mode);
		(void)name_mode_beam(id.mode);
		(void)name_mode_npols(id.mode);
		(void)name_is_scansar(id.mode);
	}
	if (name_parse_file(s, &f, &err) < 0)
		free(err), err = NULL;
	else
		(void)name_pol_index(f.pol);
	free(s);
	return 0;
}
