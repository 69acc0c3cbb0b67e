/*
 * summary.c: summary.txt parser.  JAXA writes LF-ended Key="Value" lines;
 * files that went through other hands may have CRLF, blank lines or no
 * final LF, which are accepted.  Anything else is an error naming the line,
 * because a silently skipped line would lose metadata.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "sar/summary.h"

static void
add(struct summary *s, const char *k, size_t kl, const char *v, size_t vl)
{
	s->keys = a2_realloc(s->keys, (s->n + 1) * sizeof *s->keys);
	s->vals = a2_realloc(s->vals, (s->n + 1) * sizeof *s->vals);
	s->keys[s->n] = a2_strndup(k, kl);
	s->vals[s->n] = a2_strndup(v, vl);
	s->n++;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

struct summary *
summary_parse(const char *name, const char *buf, size_t len, char **err)
{
	struct summary *s = a2_calloc(1, sizeof *s);
	size_t pos = 0;
	long lineno = 0;

	s->path = a2_strdup(name);
	while (pos < len) {
		const char *l = buf + pos, *eq, *k0, *k1, *v0, *v1, *q;
		size_t n = 0, i;

		lineno++;
		while (pos + n < len && buf[pos + n] != '\n')
			n++;
		pos += n + 1;
		if (n > 0 && l[n - 1] == '\r')
			n--;
		for (i = 0; i < n; i++) {
			unsigned char c = l[i];
			if (c == 0 || c >= 0x80 || (c < 0x20 && c != '\t')) {
				*err = a2_asprintf("%s: line %ld: %s byte 0x%02x", name, lineno,
				    c == 0 ? "NUL" : c >= 0x80 ? "non-ASCII" : "control", c);
				goto fail;
			}
		}
		/* blank line */
		for (i = 0; i < n && is_blank(l[i]); i++)
			;
		if (i == n)
			continue;
		eq = memchr(l, '=', n);
		if (!eq) {
			*err = a2_asprintf("%s: line %ld: no '=' in line", name, lineno);
			goto fail;
		}
		k0 = l;
		while (k0 < eq && is_blank(*k0))
			k0++;
		k1 = eq;
		while (k1 > k0 && is_blank(k1[-1]))
			k1--;
		if (k0 == k1) {
			*err = a2_asprintf("%s: line %ld: empty key", name, lineno);
			goto fail;
		}
		for (q = k0; q < k1; q++)
			if (is_blank(*q) || *q == '"') {
				*err = a2_asprintf("%s: line %ld: blank or quote in key", name, lineno);
				goto fail;
			}
		v0 = eq + 1;
		v1 = l + n;
		while (v0 < v1 && is_blank(*v0))
			v0++;
		while (v1 > v0 && is_blank(v1[-1]))
			v1--;
		if (v1 - v0 < 2 || *v0 != '"' || v1[-1] != '"' ||
		    memchr(v0 + 1, '"', (size_t)(v1 - v0 - 2))) {
			*err = a2_asprintf("%s: line %ld: value of %.*s is not one double-quoted string",
			    name, lineno, (int)(k1 - k0), k0);
			goto fail;
		}
		add(s, k0, (size_t)(k1 - k0), v0 + 1, (size_t)(v1 - v0 - 2));
	}
	return s;
fail:
	summary_free(s);
	return NULL;
}

struct summary *
summary_read(const char *path, char **err)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;
	struct summary *s;

	if (!fp) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = a2_malloc(SUMMARY_MAX + 1);
	n = fread(buf, 1, SUMMARY_MAX + 1, fp);
	if (ferror(fp)) {
		*err = a2_asprintf("%s: read error: %s", path, strerror(errno));
		s = NULL;
	} else if (n > SUMMARY_MAX) {
		*err = a2_asprintf("%s: larger than %d bytes", path, SUMMARY_MAX);
		s = NULL;
	} else
		s = summary_parse(path, buf, n, err);
	fclose(fp);
	free(buf);
	return s;
}

void
summary_free(struct summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->keys[i]);
		free(s->vals[i]);
	}
	free(s->keys);
	free(s->vals);
	free(s->path);
	free(s);
}

const char *
summary_get(const struct summary *s, const char *key)
{
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return s->vals[i];
	return NULL;
}

const char *
summary_get_nonempty(const struct summary *s, const char *key)
{
	const char *v = summary_get(s, key);
	return v && *v ? v : NULL;
}

json_t *
summary_to_json(const struct summary *s)
{
	json_t *o = json_object();
	size_t i;

	if (!s)
		return o;
	/* A repeated key keeps its first position and value, as summary_get. */
	for (i = 0; i < s->n; i++)
		if (!json_object_get(o, s->keys[i]))
			json_object_set_new(o, s->keys[i], json_string(s->vals[i]));
	return o;
}

static int
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
dnum(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

int
summary_time_iso(const char *v, char out[32])
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se, ms, leap;

	/* YYYYMMDD hh:mm:ss.ttt */
	if (!v || strlen(v) != 21 || !digits(v, 8) || v[8] != ' ' || !digits(v + 9, 2) ||
	    v[11] != ':' || !digits(v + 12, 2) || v[14] != ':' || !digits(v + 15, 2) ||
	    v[17] != '.' || !digits(v + 18, 3))
		return -1;
	y = dnum(v, 4), mo = dnum(v + 4, 2), d = dnum(v + 6, 2);
	h = dnum(v + 9, 2), mi = dnum(v + 12, 2), se = dnum(v + 15, 2), ms = dnum(v + 18, 3);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, se, ms);
	return 0;
}
