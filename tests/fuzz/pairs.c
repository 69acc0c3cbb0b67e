/*
 * Fuzzes the Sentinel-1 date parser and enumeration (lib/sar/pairs.c):
 * the first four bytes choose the runs' baselines and neighbours, the
 * seeds and the months, the rest are dates one a line.  A parsed day must
 * format and parse back to itself; every pair must be two dates of the
 * list, the later first, and no pair may come twice.
 */
#include "fuzz.h"
#include "sar/pairs.h"

static int
by_day(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
in(const int *days, size_t n, int day)
{
	return bsearch(&day, days, n, sizeof *days, by_day) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct pairs_run runs[2];
	struct pairs_s1 o = { .runs = runs, .nruns = 2 };
	struct pairs_date *p;
	char *s, *save = NULL, out[11];
	int *days, day, back;
	size_t nd = 0, w = 0, np;

	if (n < 4)
		return 0;
	runs[0] = (struct pairs_run){ d[0], 1 + d[1] % 8 };
	runs[1] = (struct pairs_run){ 3 * d[0], 1 + d[1] % 3 };
	o.seeds = 1 + d[2] % 8;
	o.months = ((unsigned)d[3] << 1) & 0x1ffe;
	o.exclusive_months = d[3] & 1;
	s = fuzz_str(d + 4, n - 4);
	days = malloc((n + 1) * sizeof *days);
	if (!days)
		abort();
	for (char *t = strtok_r(s, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		if (pairs_date_parse(t, &day) != 0)
			continue;
		pairs_date_format(day, out);
		if (pairs_date_parse(out, &back) != 0 || back != day)
			abort();
		days[nd++] = day;
	}
	free(s);
	/* distinct days, as a2pairs hands them over */
	qsort(days, nd, sizeof *days, by_day);
	for (size_t i = 0; i < nd; i++)
		if (w == 0 || days[i] != days[w - 1])
			days[w++] = days[i];
	np = pairs_s1_dates(days, w, &o, &p);
	for (size_t i = 0; i < np; i++) {
		if (p[i].ref <= p[i].sec || !in(days, w, p[i].ref) || !in(days, w, p[i].sec))
			abort();
		for (size_t j = 0; j < i; j++)
			if (p[j].ref == p[i].ref && p[j].sec == p[i].sec)
				abort();
	}
	free(p);
	free(days);
	return 0;
}
