/*
 * fuzz.h: what the libFuzzer harnesses share: the input as a string or as
 * a file (the CEOS, netrc and zip readers take paths), and a way back from
 * a2_die() (built with -Wl,--wrap=exit) so a parser that rejects its input
 * by dying is fuzzed in-process too.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/a2.h"

static char fuzz_dir[256];

/* A private scratch directory, made once per process. */
static __attribute__((unused)) const char *
fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/a2fuzz.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
	}
	return fuzz_dir;
}

/* Writes the input to DIR/name and returns that path (static buffer). */
static __attribute__((unused)) const char *
fuzz_file(const uint8_t *d, size_t n, const char *name)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
	if (!(fp = fopen(path, "wb")) || (n && fwrite(d, 1, n, fp) != n) || fclose(fp))
		abort();
	return path;
}

/* The input as a NUL-terminated string (free it). */
static __attribute__((unused)) char *
fuzz_str(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

#ifdef FUZZ_WRAP_EXIT
static jmp_buf fuzz_jmp;
static volatile int fuzz_armed;
void __real_exit(int code) __attribute__((noreturn));
void __wrap_exit(int code) __attribute__((noreturn));
void
__wrap_exit(int code)
{
	if (fuzz_armed) {
		fuzz_armed = 0;
		longjmp(fuzz_jmp, code ? code : 256);
	}
	__real_exit(code);
}
/* if (FUZZ_TRY) { code that may a2_die } FUZZ_END; */
#define FUZZ_TRY (fuzz_armed = 1, setjmp(fuzz_jmp) == 0)
#define FUZZ_END (fuzz_armed = 0)
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	a2_prog = "fuzz";
	return 0;
}
#endif
