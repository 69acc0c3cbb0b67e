/*
 * zipcd.c: the central directory and local headers of a zip, read only
 * for where members lie (see zipcd.h); libzip does the rest. Offsets are
 * those of PKWARE's APPNOTE.TXT 6.3, section numbers beside them.
 */
#include "core/a2.h"
#include "zip/zipcd.h"

#include <stdlib.h>
#include <string.h>

/* 4.3.16 end of central directory record */
#define EOCD_SIG "PK\5\6"
#define EOCD_LEN 22
#define EOCD_ENTRIES 10 /* 2: total entries */
#define EOCD_CDSIZE 12  /* 4 */
#define EOCD_CDOFF 16   /* 4 */
#define EOCD_COMMENT 20 /* 2: comment length */
/* 4.3.15 zip64 end of central directory locator, just before the EOCD */
#define LOC64_SIG "PK\6\7"
#define LOC64_LEN 20
#define LOC64_OFF 8     /* 8: where the zip64 EOCD is */
/* 4.3.14 zip64 end of central directory record */
#define EOCD64_SIG "PK\6\6"
#define EOCD64_LEN 56
#define EOCD64_ENTRIES 32 /* 8 */
#define EOCD64_CDSIZE 40  /* 8 */
#define EOCD64_CDOFF 48   /* 8 */
/* 4.3.12 central directory file header */
#define CEN_SIG "PK\1\2"
#define CEN_LEN 46
#define CEN_CRC 16      /* 4 */
#define CEN_CSIZE 20    /* 4 */
#define CEN_SIZE 24     /* 4 */
#define CEN_NAMELEN 28  /* 2 */
#define CEN_EXTRALEN 30 /* 2 */
#define CEN_COMMENTLEN 32 /* 2 */
#define CEN_OFFSET 42   /* 4: of the local header */
/* 4.3.7 local file header */
#define LOC_SIG "PK\3\4"
#define LOC_LEN 30
#define LOC_NAMELEN 26  /* 2 */
#define LOC_EXTRALEN 28 /* 2 */
/* 4.5.3 zip64 extended information extra field */
#define EF_ZIP64 0x0001

static uint64_t
le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* The EOCD whose comment ends the file (a writer's), else the last one. */
static const unsigned char *
find_eocd(const unsigned char *buf, size_t len)
{
	const unsigned char *last = NULL;

	if (len < EOCD_LEN)
		return NULL;
	for (size_t i = len - EOCD_LEN + 1; i-- > 0 && len - i <= EOCD_LEN + 0xffff;) {
		const unsigned char *p = buf + i;
		size_t tail = len - i - EOCD_LEN;

		if (memcmp(p, EOCD_SIG, 4) != 0 || le(p + EOCD_COMMENT, 2) > tail)
			continue;
		if (le(p + EOCD_COMMENT, 2) == tail)
			return p;
		if (!last)
			last = p;
	}
	return last;
}

/* The zip64 EOCD's entry count and central directory, when it has one. */
static int
read_eocd64(const unsigned char *buf, size_t len, const unsigned char *eocd, uint64_t *n,
    uint64_t *cdsize, uint64_t *cdoff)
{
	const unsigned char *loc = eocd - LOC64_LEN, *e;
	uint64_t off;

	if (eocd - buf < LOC64_LEN || memcmp(loc, LOC64_SIG, 4) != 0)
		return 0;
	off = le(loc + LOC64_OFF, 8);
	if (off > len || len - off < EOCD64_LEN || memcmp(buf + off, EOCD64_SIG, 4) != 0)
		return -1;
	e = buf + off;
	*n = le(e + EOCD64_ENTRIES, 8);
	*cdsize = le(e + EOCD64_CDSIZE, 8);
	*cdoff = le(e + EOCD64_CDOFF, 8);
	return 0;
}

/* Replaces the 0xffffffff fields of a central entry by their zip64 values,
 * which follow in this order (4.5.3). */
static int
read_zip64_extra(const unsigned char *ef, size_t len, uint64_t *size, uint64_t *csize,
    uint64_t *off)
{
	while (len >= 4) {
		size_t id = le(ef, 2), sz = le(ef + 2, 2);
		uint64_t *want[] = { size, csize, off };
		const unsigned char *p = ef + 4;

		if (sz > len - 4)
			return -1;
		if (id == EF_ZIP64) {
			for (int i = 0; i < 3; i++) {
				if (*want[i] != 0xffffffff)
					continue;
				if (p + 8 > ef + 4 + sz)
					return -1;
				*want[i] = le(p, 8);
				p += 8;
			}
			return 0;
		}
		ef += 4 + sz;
		len -= 4 + sz;
	}
	return 0;
}

int
zipcd_read(const unsigned char *buf, size_t len, struct zipcd *cd, const char **why,
    size_t *bad)
{
	const unsigned char *eocd = find_eocd(buf, len), *p;
	uint64_t n, cdsize, cdoff;

	memset(cd, 0, sizeof *cd);
	*bad = SIZE_MAX;
	if (!eocd) {
		*why = "no end of central directory";
		return -1;
	}
	n = le(eocd + EOCD_ENTRIES, 2);
	cdsize = le(eocd + EOCD_CDSIZE, 4);
	cdoff = le(eocd + EOCD_CDOFF, 4);
	if (read_eocd64(buf, len, eocd, &n, &cdsize, &cdoff) != 0) {
		*why = "bad zip64 end of central directory";
		return -1;
	}
	if (cdoff > len || cdsize > len - cdoff || n > cdsize / CEN_LEN) {
		*why = "central directory outside the file";
		return -1;
	}
	cd->cd_start = cdoff;
	cd->e = a2_calloc(n ? n : 1, sizeof *cd->e);
	p = buf + cdoff;
	for (cd->n = 0; cd->n < n; cd->n++) {
		struct zipcd_entry *e = &cd->e[cd->n];
		const unsigned char *end = buf + cdoff + cdsize, *l;
		uint64_t size, off;
		size_t namelen, extra, comment;

		*bad = cd->n;
		if (end - p < CEN_LEN || memcmp(p, CEN_SIG, 4) != 0)
			goto broken;
		namelen = le(p + CEN_NAMELEN, 2);
		extra = le(p + CEN_EXTRALEN, 2);
		comment = le(p + CEN_COMMENTLEN, 2);
		if ((size_t)(end - p) - CEN_LEN < namelen + extra + comment)
			goto broken;
		e->crc = (uint32_t)le(p + CEN_CRC, 4);
		e->csize = le(p + CEN_CSIZE, 4);
		size = le(p + CEN_SIZE, 4);
		off = le(p + CEN_OFFSET, 4);
		if (read_zip64_extra(p + CEN_LEN + namelen, extra, &size, &e->csize, &off) != 0)
			goto broken;
		e->size = size;
		p += CEN_LEN + namelen + extra + comment;
		if (off > len || len - off < LOC_LEN || memcmp(buf + off, LOC_SIG, 4) != 0) {
			*why = "no local header where the central directory says";
			goto fail;
		}
		l = buf + off;
		e->start = off;
		e->end = off + LOC_LEN + le(l + LOC_NAMELEN, 2) + le(l + LOC_EXTRALEN, 2);
		if (e->csize > UINT64_MAX - e->end) {
			*why = "compressed size beyond any file";
			goto fail;
		}
		e->end += e->csize;
	}
	*bad = SIZE_MAX;
	return 0;
broken:
	*why = "broken central directory entry";
fail:
	zipcd_free(cd);
	return -1;
}

void
zipcd_free(struct zipcd *cd)
{
	free(cd->e);
	cd->e = NULL;
	cd->n = 0;
}
