/*
 * uuid5.c: version 5 UUIDs over nettle's SHA-1, and odc-tools' recipe for
 * deterministic dataset ids built on them.
 */
#include "core/uuid5.h"
#include "core/a2.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nettle/sha1.h>

/* 6f34c6f4-13d6-43c0-8e4e-42b6c13203af */
const unsigned char uuid5_ns_odc[16] = {
	0x6f, 0x34, 0xc6, 0xf4, 0x13, 0xd6, 0x43, 0xc0,
	0x8e, 0x4e, 0x42, 0xb6, 0xc1, 0x32, 0x03, 0xaf
};

void
uuid5_make(const unsigned char ns[16], const void *name, size_t len, char *out)
{
	struct sha1_ctx ctx;
	unsigned char d[SHA1_DIGEST_SIZE];

	sha1_init(&ctx);
	sha1_update(&ctx, 16, ns);
	sha1_update(&ctx, len, name);
	sha1_digest(&ctx, sizeof d, d);
	d[6] = (d[6] & 0x0f) | 0x50;	/* version 5 */
	d[8] = (d[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	snprintf(out, UUID5_STRLEN + 1,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
	    d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

int
uuid5_parse(const char *s, unsigned char out[16])
{
	int n = 0;

	if (strlen(s) != UUID5_STRLEN)
		return -1;
	for (int i = 0; i < UUID5_STRLEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]))
			return -1;
		sscanf(s + i, "%2hhx", &out[n++]);
		i++;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends a newline and s lower-cased (the name skips the first newline,
 * so that empty parts still keep their place). */
static void
add_part(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = a2_realloc(*buf, *len + n + 2);
	(*buf)[(*len)++] = '\n';
	for (size_t i = 0; i < n; i++)
		(*buf)[(*len)++] = (char)tolower((unsigned char)s[i]);
	(*buf)[*len] = '\0';
}

/* Sorted copies before lower-casing, as odc_uuid sorts the strings it is
 * given and lower-cases the joined list. */
static void
add_sorted(char **buf, size_t *len, const char *const *v, size_t n)
{
	const char **s;

	if (n == 0)
		return;
	s = a2_calloc(n, sizeof *s);
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_str);
	for (size_t i = 0; i < n; i++)
		add_part(buf, len, s[i]);
	free(s);
}

void
uuid5_odc(const char *algorithm, const char *version, const char *deployment,
    const char *const *tags, size_t ntags, const char *const *sources, size_t nsources,
    char *out)
{
	char *buf = NULL;
	size_t len = 0;

	add_part(&buf, &len, algorithm);
	add_part(&buf, &len, version);
	add_part(&buf, &len, deployment ? deployment : "");
	add_sorted(&buf, &len, tags, ntags);
	add_sorted(&buf, &len, sources, nsources);
	uuid5_make(uuid5_ns_odc, buf + 1, len - 1, out);
	free(buf);
}
