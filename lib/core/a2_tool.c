/*
 * a2_tool.c: what a tool reads besides its options (see a2.h): numbers
 * given as options or settings, the settings the environment holds for
 * every tool, operands or stdin records, and the share directory.
 */
#include "core/a2.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

long
a2_number(const char *s, const char *what, long min, long max, int flags)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s != '\0' && *end == '\0' && v >= min && v <= max)
		return v;
	if (flags & A2_NUMBER_RANGE)
		a2_die_code(A2_EXIT_USAGE, "%s: bad %s (%ld to %ld)", s, what, min, max);
	a2_warn("%s: bad %s", s, what);
	a2_usage();
}

const char *
a2_env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

void
a2_env_net(const char **netrc, long *retry_delay_ms, int flags)
{
	const char *e;

	*netrc = a2_env("A2_NETRC", *netrc);
	/* as --retry-delay takes it, so a test can make retries instant */
	if (retry_delay_ms && (e = a2_env("A2_RETRY_DELAY_MS", NULL)))
		*retry_delay_ms = a2_number(e, "A2_RETRY_DELAY_MS", 0, 3600000, flags);
}

int
a2_loop(int argc, char **argv, int (*on_arg)(const char *arg, void *ctx),
    int (*on_rec)(json_t *rec, void *ctx), void *ctx)
{
	int failed = 0;

	if (argc == 0)
		return a2_json_lines(stdin, "stdin", on_rec, ctx);
	/* one bad operand must not stop the others */
	for (int i = 0; i < argc; i++)
		if (on_arg(argv[i], ctx) != 0)
			failed++;
	return failed;
}

char *
a2_exe_relative(const char *rel)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = 0;
	return a2_asprintf("%s/%s", exe, rel);
}

char *
a2_dir_with(char *dir, const char *file)
{
	struct stat st;
	char *p;
	int ok;

	if (!dir)
		return NULL;
	p = a2_path_join(dir, file);
	ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	if (ok)
		return dir;
	free(dir);
	return NULL;
}

char *
a2_share_dir(const char *sub, const char *file)
{
	const char *env = a2_env("A2_SHARE", NULL);
	char *rel, *d;

	if (env)
		return a2_dir_with(a2_asprintf("%s/%s", env, sub), file);
	/* installed (PREFIX/bin -> PREFIX/share/a2), else a build tree (build/bin) */
	rel = a2_asprintf("../share/a2/%s", sub);
	d = a2_dir_with(a2_exe_relative(rel), file);
	free(rel);
	if (d)
		return d;
	rel = a2_asprintf("../../share/%s", sub);
	d = a2_dir_with(a2_exe_relative(rel), file);
	free(rel);
	return d;
}
