/*
 * pngw.h: PNG through libpng for map tiles and browse images: encoding to
 * memory (grey as an 8-bit palette with index 0 transparent, grey+alpha,
 * RGB with black transparent), tile files written by rename, and the check
 * that tells a whole PNG from a truncated or damaged one.
 */
#ifndef PNGW_H
#define PNGW_H

#include <stddef.h>

enum pngw_kind {
	PNGW_GREY,        /* 1 byte/px, no transparency */
	PNGW_PALETTE,     /* 1 byte/px; index i is grey i, index 0 transparent */
	PNGW_GREY_ALPHA,  /* 2 bytes/px */
	PNGW_RGB,         /* 3 bytes/px, no transparency */
	PNGW_RGB_TRNS,    /* 3 bytes/px; 0,0,0 transparent */
};

struct pngw_buf {
	unsigned char *data;
	size_t len, cap;
};

/* Encodes a w x h image (rows stride bytes apart) into out (whose data is
 * reused, len reset). level is the zlib level (0-9). Returns 0, or -1 with
 * a message in err (static string). */
int pngw_encode(struct pngw_buf *out, const unsigned char *px, int w, int h, size_t stride,
    enum pngw_kind kind, int level, const char **err);
/* The same as PNGW_PALETTE with the colours rgb (256 RGB triples) instead
 * of grey; index 0 transparent. */
int pngw_encode_palette(struct pngw_buf *out, const unsigned char *px, int w, int h, size_t stride,
    const unsigned char *rgb, int level, const char **err);
void pngw_buf_free(struct pngw_buf *b);

/* Writes buf to path through a temporary file in the same directory and
 * rename(2), without fsync: a killed process leaves either no file or the
 * whole file under path (see a2tiles(1) for why tiles skip the fsync).
 * Returns 0 or -1 with errno. Thread-safe. */
int pngw_write_file(const char *path, const void *buf, size_t len);

/* 1 when path is a complete PNG: signature, IHDR first, every chunk's
 * length and CRC right, IEND last and at the end of the file. 0 when it is
 * missing, truncated or damaged. */
int pngw_check_file(const char *path);

/* Reads an 8-bit single-channel PNG of size w x h (a PNGW_PALETTE tile:
 * the indices) into px. Returns 0, or -1 when it is not such a file. */
int pngw_read_index(const char *path, unsigned char *px, int w, int h);

#endif
