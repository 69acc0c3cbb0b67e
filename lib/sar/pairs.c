/*
 * pairs.c: interferometric pairs (see pairs.h): ARIA's Sentinel-1 date
 * enumeration, reproduced step by step from hyp3-gunw.md §5.3 and §8.9,
 * and the ALOS-2 pairing rules of §6.
 */
#include "sar/pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "sar/name.h"

/* ---- dates: days since 1970-01-01 in the proleptic Gregorian calendar ---- */

static int
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
pairs_date_parse(const char *s, int *day)
{
	int y, m, d, yy, mm, dd, len;

	if ((y = digits(s, 4)) < 0)
		return -1;
	if (s[4] == '-') {
		/* in order: digits() stops at the NUL of a short string */
		if ((m = digits(s + 5, 2)) < 0 || s[7] != '-' || (d = digits(s + 8, 2)) < 0)
			return -1;
		len = 10;
	} else {
		if ((m = digits(s + 4, 2)) < 0 || (d = digits(s + 6, 2)) < 0)
			return -1;
		len = 8;
	}
	if (s[len] != '\0' && s[len] != 'T')
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = days_from_civil(y, m, d);
	civil_from_days(*day, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d ? 0 : -1; /* 2025-02-30 is not a day */
}

void
pairs_date_format(int day, char out[11])
{
	char buf[40];
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int
pairs_date_month(int day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	return m;
}

/* ---- Sentinel-1: ARIA's enumeration ---- */

struct plist {
	struct pairs_date *p;
	size_t n, cap;
};

static void
plist_add(struct plist *l, int ref, int sec)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->p = a2_realloc(l->p, l->cap * sizeof *l->p);
	}
	l->p[l->n].ref = ref;
	l->p[l->n++].sec = sec;
}

static int
newest_first(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y) - (x > y);
}

static int
pair_newest_first(const void *a, const void *b)
{
	const struct pairs_date *x = a, *y = b;

	if (x->ref != y->ref)
		return (x->ref < y->ref) - (x->ref > y->ref);
	return (x->sec < y->sec) - (x->sec > y->sec);
}

/*
 * One run on d[0..n), newest first (§5.3): the newest k dates seed the
 * queue, only the newest is marked visited; each reference takes the first
 * nb dates at least b days older, and queues those not yet visited.  The
 * pairs, de-duplicated (seeds can be queued twice), sorted newest first,
 * are appended to l.
 */
static void
enumerate(const int *d, size_t n, int b, int nb, int k, struct plist *l)
{
	size_t *queue, head = 0, tail = 0, from = l->n, w;
	char *visited;

	if (n == 0)
		return;
	/* each date is queued at most once after the seeds */
	queue = a2_malloc((n + (size_t)k) * sizeof *queue);
	visited = a2_calloc(n, 1);
	for (size_t i = 0; i < (size_t)k && i < n; i++)
		queue[tail++] = i;
	visited[0] = 1;
	while (head < tail) {
		size_t r = queue[head++], j = r + 1;
		int taken = 0;
		/* d is strictly decreasing: the candidates are a run from j on */
		while (j < n && d[j] > d[r] - b)
			j++;
		for (; j < n && taken < nb; j++, taken++) {
			plist_add(l, d[r], d[j]);
			if (!visited[j]) {
				visited[j] = 1;
				queue[tail++] = j;
			}
		}
	}
	free(queue);
	free(visited);
	if (l->n == from)
		return; /* no pair (and l->p may still be NULL) */
	qsort(l->p + from, l->n - from, sizeof *l->p, pair_newest_first);
	for (size_t i = w = from; i < l->n; i++)
		if (i == from || pair_newest_first(&l->p[i], &l->p[w - 1]) != 0)
			l->p[w++] = l->p[i];
	l->n = w;
}

struct seen {
	struct pairs_date p;
	size_t at;
};

static int
seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int r = pair_newest_first(&x->p, &y->p);

	return r ? r : (x->at > y->at) - (x->at < y->at);
}

/* Drops every pair seen earlier in the list, keeping the order (§8.9). */
static void
keep_first(struct plist *l)
{
	struct seen *s = a2_malloc((l->n ? l->n : 1) * sizeof *s);
	char *drop = a2_calloc(l->n ? l->n : 1, 1);
	size_t w = 0;

	for (size_t i = 0; i < l->n; i++) {
		s[i].p = l->p[i];
		s[i].at = i;
	}
	qsort(s, l->n, sizeof *s, seen_cmp);
	for (size_t i = 1; i < l->n; i++)
		if (pair_newest_first(&s[i].p, &s[i - 1].p) == 0)
			drop[s[i].at] = 1;
	for (size_t i = 0; i < l->n; i++)
		if (!drop[i])
			l->p[w++] = l->p[i];
	l->n = w;
	free(s);
	free(drop);
}

static int
in_ranges(int day, const struct pairs_s1 *o)
{
	if (o->nranges == 0)
		return 1;
	for (size_t i = 0; i < o->nranges; i++)
		if (day >= o->ranges[i][0] && day <= o->ranges[i][1])
			return 1;
	return 0;
}

size_t
pairs_s1_dates(const int *dates, size_t n, const struct pairs_s1 *o, struct pairs_date **out)
{
	int *stack = a2_malloc((n ? n : 1) * sizeof *stack), *season = a2_malloc((n ? n : 1) * sizeof *season);
	size_t ns = 0, nm = 0;
	struct plist l = { 0 };

	for (size_t i = 0; i < n; i++)
		if (in_ranges(dates[i], o))
			stack[ns++] = dates[i];
	qsort(stack, ns, sizeof *stack, newest_first);
	for (size_t i = 0; i < ns; i++)
		if (o->months & (1u << pairs_date_month(stack[i])))
			season[nm++] = stack[i];
	if (!(o->months && o->exclusive_months))
		for (size_t r = 0; r < o->nruns; r++)
			enumerate(stack, ns, o->runs[r].baseline, o->runs[r].neighbours, o->seeds, &l);
	if (o->months)
		for (size_t r = 0; r < o->nruns; r++)
			enumerate(season, nm, o->runs[r].baseline, o->runs[r].neighbours, o->seeds, &l);
	keep_first(&l);
	free(stack);
	free(season);
	*out = l.p;
	return l.n;
}

/* ---- ALOS-2 ---- */

int
pairs_alos2_compatible(const char *a, const char *b)
{
	const char *ba = name_mode_beam(a), *bb = name_mode_beam(b);
	int sa, sb;

	if (!ba || !bb)
		return -1;
	sa = strcmp(ba, "scansar") == 0;
	sb = strcmp(bb, "scansar") == 0;
	if (sa && sb)
		/* the same burst layout: nominal (WD1, 5 scans) or wide (WD2, 7) */
		return strcmp(name_mode_class(a), name_mode_class(b)) == 0 ? 0 : -1;
	if (sb)
		return 1;
	return 0;
}

static int
has_pol(const char *list, const char *pol)
{
	size_t n = strlen(pol);

	for (const char *s = list; s && *s; s += strspn(s, ",")) {
		size_t k = strcspn(s, ",");
		if (k == n && strncmp(s, pol, n) == 0)
			return 1;
		s += k;
	}
	return 0;
}

static int
str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Groups (path, frame, direction, look side), then newest first. */
static int
scene_cmp(const void *a, const void *b, void *base)
{
	const struct pairs_scene *s = base, *x = &s[*(const size_t *)a], *y = &s[*(const size_t *)b];
	int r;

	if (x->path != y->path)
		return (x->path > y->path) - (x->path < y->path);
	if (x->frame != y->frame)
		return (x->frame > y->frame) - (x->frame < y->frame);
	if ((r = str_cmp(x->direction, y->direction)) || (r = str_cmp(x->look_side, y->look_side)))
		return r;
	if ((r = str_cmp(y->start, x->start)))
		return r;
	return str_cmp(y->id, x->id);
}

static int
same_group(const struct pairs_scene *x, const struct pairs_scene *y)
{
	return x->path == y->path && x->frame == y->frame && str_cmp(x->direction, y->direction) == 0 &&
	    str_cmp(x->look_side, y->look_side) == 0;
}

size_t
pairs_alos2(const struct pairs_scene *s, size_t n, const struct pairs_alos2 *o, struct pairs_idx **out)
{
	size_t *ix = a2_malloc((n ? n : 1) * sizeof *ix), m = 0, np = 0, cap = 0;
	struct pairs_idx *p = NULL;
	int min = o->min_days > 1 ? o->min_days : 1; /* one day holds one pass */

	for (size_t i = 0; i < n; i++)
		if (has_pol(s[i].polarisations, o->pol) && name_mode_beam(s[i].mode))
			ix[m++] = i;
	qsort_r(ix, m, sizeof *ix, scene_cmp, (void *)s);
	for (size_t i = 0; i < m; i++) {
		const struct pairs_scene *a = &s[ix[i]];
		int taken = 0;
		for (size_t j = i + 1; j < m && same_group(a, &s[ix[j]]); j++) {
			const struct pairs_scene *b = &s[ix[j]];
			int days = a->day - b->day, c;
			if (o->neighbours >= 0 && taken >= o->neighbours)
				break;
			if (o->max_days >= 0 && days > o->max_days)
				break;
			if (days < min || (c = pairs_alos2_compatible(a->mode, b->mode)) < 0)
				continue;
			if (np == cap) {
				cap = cap ? 2 * cap : 64;
				p = a2_realloc(p, cap * sizeof *p);
			}
			p[np].ref = c == 0 ? ix[i] : ix[j];
			p[np].sec = c == 0 ? ix[j] : ix[i];
			p[np++].days = days;
			taken++;
		}
	}
	free(ix);
	*out = p;
	return np;
}
