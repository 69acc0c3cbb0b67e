/*
 * jobrec.c: the job clients' shared part (see jobrec.h): dates and times
 * of their records, the record written and printed, exit statuses ranked,
 * one result downloaded and reported, and the --wait loop.
 */
#include "core/a2.h"
#include "net/jobrec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

long
jobrec_date_days(const char *s)
{
	struct tm tm = { 0 }, want, back;
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (!digits(s, 4) || !digits(s + 5, 2) || !digits(s + 8, 2))
		return -1;
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	want = tm;
	t = timegm(&tm);
	/* 2017-02-30 normalises to March: not a date */
	if (!gmtime_r(&t, &back) || back.tm_year != want.tm_year || back.tm_mon != want.tm_mon ||
	    back.tm_mday != want.tm_mday || t < 0)
		return -1;
	return (long)(t / 86400);
}

long long
jobrec_iso_seconds(const char *s)
{
	char day[11];
	const char *p;
	long d;
	int h, m, sec, sign = 1, oh = 0, om = 0;

	if (!s || strlen(s) < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    !digits(s + 11, 2) || !digits(s + 14, 2) || !digits(s + 17, 2))
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if ((d = jobrec_date_days(day)) < 0)
		return -1;
	h = atoi(s + 11);
	m = atoi(s + 14);
	sec = atoi(s + 17);
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z')
		p++;
	else if ((*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2)) {
		sign = *p == '-' ? -1 : 1;
		oh = atoi(p + 1);
		om = atoi(p + 4);
		p += 6;
	} else
		return -1;
	if (*p)
		return -1;
	return (long long)d * 86400 + h * 3600 + m * 60 + sec - sign * (oh * 3600 + om * 60);
}

double
jobrec_seconds(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 31536000)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s (seconds)", s, what);
	return v;
}

void
jobrec_write(const char *path, json_t *rec)
{
	a2_write_json(path, rec);
	a2_json_print_line(rec);
}

void
jobrec_print(const char *key, json_t *m, json_t *download)
{
	json_t *j = json_object();

	if (download)
		a2_json_set(j, "download", download);
	a2_json_set(j, key, m);
	a2_json_print_line(j);
	json_decref(j);
}

int
jobrec_worse(int a, int b)
{
	static const int rank[] = { A2_EXIT_OK, A2_EXIT_TEMPFAIL, A2_EXIT_FAIL, A2_EXIT_NOPERM };
	int ra = 0, rb = 0;

	for (int i = 0; i < 4; i++) {
		if (rank[i] == a)
			ra = i;
		if (rank[i] == b)
			rb = i;
	}
	if (b == A2_EXIT_USAGE)
		rb = 2;
	return rb > ra ? b : a;
}

int
jobrec_download(const char *url, const char *dir, const struct fetch_opts *fo, json_t *m,
    jobrec_emit *emit)
{
	struct fetch_result fr;
	json_t *d;
	int c = fetch_url(url, dir, fo, &fr);

	if (c == A2_EXIT_OK) {
		d = json_object();
		a2_json_set(d, "path", json_string(fr.path));
		a2_json_set(d, "url", json_string(fr.url));
		a2_json_set(d, "size", json_integer(fr.size));
		a2_json_set(d, "sha256", json_string(fr.sha256));
		a2_json_set(d, "name", json_string(fr.name));
		a2_json_set(m, "state", json_string(fr.cached ? "present" : "downloaded"));
		emit(m, d);
	} else
		json_decref(m);
	fetch_result_free(&fr);
	return c;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
jobrec_wait(int (*once)(void *ctx), void *ctx, int wait, double interval, double deadline)
{
	double start = now_s(), pause = interval, left, nap;
	struct timespec ts;
	int code;

	for (;;) {
		code = once(ctx);
		if (!wait || code != A2_EXIT_TEMPFAIL)
			break;
		left = deadline - (now_s() - start);
		if (left <= 0) {
			a2_warn("not done after %.0f s: giving up for now", now_s() - start);
			break;
		}
		/* the last pause ends at the deadline, for one last look */
		nap = pause < left ? pause : left;
		a2_log("polling again in %.1f s", nap);
		ts.tv_sec = (time_t)nap;
		ts.tv_nsec = (long)((nap - (time_t)nap) * 1e9);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		pause = pause * 2 > interval * 30 ? interval * 30 : pause * 2;
	}
	return code;
}
