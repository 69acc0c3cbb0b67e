/*
 * Fuzzes the Sentinel Asia portal answers (lib/net/sources.c): a body as the
 * EOR list, an EOR's file list and a bulletin, through the functions the
 * sentinel-asia: sources use, checking what they promise.
 */
#include <time.h>

#include "fuzz.h"
#include "net/sources.h"

/* YYYY-MM-DD, a day of the calendar. */
static int
is_date(const char *s)
{
	struct tm tm;
	int y, m, d;

	if (strlen(s) != 10 || strspn(s, "0123456789-") != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	/* timegm normalises 2019-02-30 to March */
	return timegm(&tm) != -1 && tm.tm_mon == m - 1 && tm.tm_mday == d;
}

static void
check_meta(json_t *m, int want_id)
{
	static const char *keys[] = { "eor_id", "eor_date", "disaster_type", "country" };
	json_t *v;

	if (!json_is_object(m) || json_object_size(m) != 4)
		abort();
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!(v = json_object_get(m, keys[i])) || !(json_is_null(v) || json_is_string(v)))
			abort();
	v = json_object_get(m, "eor_date");
	if (json_is_string(v) && !is_date(json_string_value(v)))
		abort();
	if (want_id && !*a2_json_str(m, "eor_id"))
		abort();
	free(json_dumps(m, 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	json_t *recs, *files, *eors, *seen, *again, *f;
	char err[256];
	size_t i;

	if (!(recs = src_sa_records((const char *)d, n, err, sizeof err))) {
		if (strncmp(err, "not JSON: ", 10) != 0)
			abort();
		return 0;
	}
	if (!json_is_array(recs))
		abort();
	/* as a file list: each data id once, and only ALOS(Data) */
	seen = json_object();
	files = src_sa_files(recs, seen);
	json_array_foreach(files, i, f) {
		const char *id = a2_json_str(f, "dataId"), *type = a2_json_str(f, "typeStr");

		if (!id || !*id || !type || !strstr(type, "ALOS(Data)") || !json_object_get(seen, id))
			abort();
	}
	if (json_object_size(seen) != json_array_size(files))
		abort();
	again = src_sa_files(recs, seen);
	if (json_array_size(again))
		abort();
	json_decref(again);
	json_decref(files);
	json_decref(seen);
	/* as an EOR list, every date, and one day */
	eors = src_sa_eors(recs, 0, 99991231);
	json_array_foreach(eors, i, f)
		check_meta(f, 1);
	json_decref(eors);
	eors = src_sa_eors(recs, 20190816, 20190816);
	json_array_foreach(eors, i, f) {
		check_meta(f, 1);
		if (strcmp(a2_json_str(f, "eor_date"), "2019-08-16") != 0)
			abort();
	}
	json_decref(eors);
	/* as a bulletin */
	f = src_sa_eor_meta(json_array_get(recs, 0));
	check_meta(f, 0);
	json_decref(f);
	json_decref(recs);
	return 0;
}
