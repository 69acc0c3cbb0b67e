/*
 * ceos_write.c: the writing half of ceos.h, used by a2synth.  ASCII fields
 * are blank padded (text left-justified, numbers right-justified), binary
 * fields big-endian, all per the field table of ceos_fields.h.  A value
 * that does not fit its field is a bug in the caller, so it dies.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/a2.h"
#include "sar/ceos.h"

static void
put_be(unsigned char *p, size_t len, unsigned long long v)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[len - 1 - i] = (unsigned char)(v >> (8 * i));
}

/* Right-justifies s (already formatted) into the field. */
static void
put_right(unsigned char *rec, size_t off, size_t len, const char *s, const char *name)
{
	size_t n = strlen(s);

	if (n > len)
		a2_die("CEOS field %s: value \"%s\" longer than %zu bytes", name, s, len);
	memset(rec + off, ' ', len - n);
	memcpy(rec + off + len - n, s, n);
}

void
ceos_put_str(unsigned char *rec, struct ceos_field f, const char *s)
{
	size_t n = strlen(s);

	if (n > f.len)
		a2_die("CEOS field %s: text \"%s\" longer than %u bytes", f.name, s, f.len);
	memcpy(rec + f.off, s, n);
	memset(rec + f.off + n, ' ', f.len - n);
}

void
ceos_put_int(unsigned char *rec, struct ceos_field f, long long v)
{
	char buf[32];

	switch (f.type) {
	case 'B':
	case 'S':
		if (f.type == 'B' && v < 0)
			a2_die("CEOS field %s: negative value %lld", f.name, v);
		if (f.len < 8) {
			long long lim = 1LL << (8 * f.len - (f.type == 'S'));
			if (v >= lim || (f.type == 'S' && v < -lim))
				a2_die("CEOS field %s: %lld out of range", f.name, v);
		}
		put_be(rec + f.off, f.len, (unsigned long long)v);
		break;
	default:
		snprintf(buf, sizeof buf, "%lld", v);
		put_right(rec, f.off, f.len, buf, f.name);
	}
}

void
ceos_put_float_at(unsigned char *rec, size_t off, size_t len, const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, fmt, v);
	put_right(rec, off, len, buf, "float");
}

void
ceos_put_float(unsigned char *rec, struct ceos_field f, const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, fmt, v);
	put_right(rec, f.off, f.len, buf, f.name);
}

void
ceos_put_header(unsigned char *rec, uint32_t seq, uint8_t sub1, uint8_t type,
    uint8_t sub2, uint8_t sub3, uint32_t len)
{
	put_be(rec, 4, seq);
	rec[4] = sub1;
	rec[5] = type;
	rec[6] = sub2;
	rec[7] = sub3;
	put_be(rec + 8, 4, len);
}
