/*
 * ceos.h: reading and writing ALOS-2 CEOS records field by field, with the
 * field table of ceos_fields.h.  Readers never trust a field to lie inside
 * the record: every access is bounds-checked against the record length.
 */
#ifndef CEOS_H
#define CEOS_H

#include <stddef.h>
#include <stdint.h>
#include "ceos_fields.h"

/* A record read from a file: header fields decoded, body owned. */
struct ceos_rec {
	uint32_t seq;
	uint8_t sub1, type, sub2, sub3;
	uint32_t len;       /* from the header, header included */
	long long offset;   /* of the record in its file */
	unsigned char *buf; /* len bytes */
};

/* ---- field access (implemented in ceos.c) ---- */
/* Text field with trailing and leading blanks removed (new string). NULL if
 * the field lies outside the record. */
char *ceos_get_str(const unsigned char *rec, size_t reclen, struct ceos_field f);
/* Integer field ('I', 'B' or 'S'). Returns 0 on success; -1 if blank,
 * outside the record or not a number. */
int ceos_get_int(const unsigned char *rec, size_t reclen, struct ceos_field f, long long *v);
/* Float field ('F', accepts fixed and exponent notation, "NAN"). */
int ceos_get_float(const unsigned char *rec, size_t reclen, struct ceos_field f, double *v);
/* Float at an explicit offset/length (for repeated groups). */
int ceos_get_float_at(const unsigned char *rec, size_t reclen, size_t off, size_t len, double *v);

/* ---- field writing (used by a2synth) ---- */
void ceos_put_str(unsigned char *rec, struct ceos_field f, const char *s);
void ceos_put_int(unsigned char *rec, struct ceos_field f, long long v);
/* printf-formats v (e.g. "%16.7f") right-justified into the field */
void ceos_put_float(unsigned char *rec, struct ceos_field f, const char *fmt, double v);
void ceos_put_float_at(unsigned char *rec, size_t off, size_t len, const char *fmt, double v);
/* fills the 12-byte header */
void ceos_put_header(unsigned char *rec, uint32_t seq, uint8_t sub1, uint8_t type,
    uint8_t sub2, uint8_t sub3, uint32_t len);

#endif
