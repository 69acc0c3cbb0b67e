/*
 * zipcd.h: where each member of a zip lies in the file, read from its
 * central directory, which libzip (1.7) reads but does not tell: enough to
 * refuse members that share bytes (the overlapping-entries zip bomb).
 */
#ifndef ZIPCD_H
#define ZIPCD_H

#include <stddef.h>
#include <stdint.h>

/* One central directory entry: its CRC and sizes, and the bytes its
 * local header and compressed data occupy, [start, end). */
struct zipcd_entry {
	uint32_t crc;
	uint64_t size, csize;
	uint64_t start, end;
};

struct zipcd {
	struct zipcd_entry *e; /* in central directory order (libzip's index) */
	size_t n;
	uint64_t cd_start;     /* where the central directory begins */
};

/*
 * Reads the central directory of the zip in buf and every member's local
 * header. Returns 0, or -1 with *why saying what is wrong (and, when one
 * entry is to blame, *bad its index).
 */
int zipcd_read(const unsigned char *buf, size_t len, struct zipcd *cd, const char **why,
    size_t *bad);
void zipcd_free(struct zipcd *cd);

#endif
