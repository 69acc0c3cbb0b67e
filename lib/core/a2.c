/*
 * a2.c: errors, allocation, atomic output and JSON helpers shared by every
 * tool (see a2.h).
 */
#include "core/a2.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

const char *a2_prog = "a2";
int a2_verbose;
static const char *usage_text;

#define A2_MAX_OUT 64
/* Temp files in flight; only touched from the main thread and the signal
 * handler (which only reads and unlinks). */
static char *volatile out_tmp[A2_MAX_OUT];

void
a2_out_cleanup(void)
{
	for (int i = 0; i < A2_MAX_OUT; i++)
		if (out_tmp[i])
			unlink(out_tmp[i]);
}

static void
on_signal(int sig)
{
	a2_out_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * What standard output is, for messages: the file it was redirected to,
 * or "standard output" when that cannot be told.
 */
static char *
stdout_name(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/fd/1", buf, sizeof buf - 1);

	if (n <= 0 || buf[0] != '/')
		return a2_strdup("standard output");
	buf[n] = '\0';
	return a2_asprintf("standard output (%s)", buf);
}

static void
say_stdout_failed(void)
{
	int saved = errno;
	char *name = stdout_name();

	fprintf(stderr, "%s: cannot write to %s: %s\n", a2_prog, name,
	    strerror(saved ? saved : EIO));
	free(name);
}

/* Says that standard output could not be written (naming where it goes
 * and why, from errno) and exits 1; a2_init() arranges the same check at
 * exit, so a tool exits 1 whenever what it printed did not arrive. */
static void A2_NORETURN
stdout_failed(void)
{
	say_stdout_failed();
	exit(A2_EXIT_FAIL);
}

/*
 * Output that did not reach its destination is a failure: at exit, flush
 * and close standard output and turn a success into exit 1 when that
 * fails (a full disk, a closed pipe), as sbase's fshut() does. A failure
 * keeps its own status. Registered first, so it runs after every other
 * exit handler (temporaries are gone by then) and may _exit().
 */
static void
stdout_shut(int status, void *arg)
{
	(void)arg;
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout) || (errno = 0, fclose(stdout) != 0)) {
		if (status == 0) {
			say_stdout_failed();
			_exit(A2_EXIT_FAIL);
		}
	}
}

void
a2_init(int argc, char **argv, const char *usage)
{
	const char *p = strrchr(argv[0], '/');

	a2_prog = p ? p + 1 : argv[0];
	usage_text = usage;
	on_exit(stdout_shut, NULL);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			exit(0);
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("%s (a2) %s\n", a2_prog, A2_VERSION);
			exit(0);
		}
	}
	atexit(a2_out_cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (getenv("A2_VERBOSE") && *getenv("A2_VERBOSE") == '1')
		a2_verbose = 1;
}

void
a2_usage(void)
{
	/* The synopsis is the help text up to its first blank line. */
	const char *end = usage_text ? strstr(usage_text, "\n\n") : NULL;

	if (usage_text)
		fprintf(stderr, "%.*s\n", end ? (int)(end - usage_text) : (int)strlen(usage_text), usage_text);
	exit(A2_EXIT_USAGE);
}

void
a2_vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", a2_prog);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
a2_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	a2_vwarn(fmt, ap);
	va_end(ap);
}

void
a2_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	a2_vwarn(fmt, ap);
	va_end(ap);
	exit(A2_EXIT_FAIL);
}

void
a2_die_code(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	a2_vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void
a2_log(const char *fmt, ...)
{
	va_list ap;

	if (!a2_verbose)
		return;
	va_start(ap, fmt);
	a2_vwarn(fmt, ap);
	va_end(ap);
}

void *
a2_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		a2_die("out of memory");
	return p;
}

void *
a2_calloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		a2_die("out of memory");
	return p;
}

void *
a2_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		a2_die("out of memory");
	return p;
}

char *
a2_strdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		a2_die("out of memory");
	return p;
}

char *
a2_strndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		a2_die("out of memory");
	return p;
}

char *
a2_vasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		a2_die("out of memory");
	return s;
}

char *
a2_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = a2_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static int
fsync_open(const char *path, int flags)
{
	int fd = open(path, flags);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int
a2_fsync_dir(const char *dir)
{
	return fsync_open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY);
}

int
a2_fsync_path(const char *path)
{
	return fsync_open(path, O_RDONLY);
}

char *
a2_dirname(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return a2_strdup(".");
	if (s == path)
		return a2_strdup("/");
	return a2_strndup(path, s - path);
}

/* This host's name as it goes into temp names: only [A-Za-z0-9.-]. */
static void
tmp_host(char *h, size_t n)
{
	if (gethostname(h, n) != 0 || !*h)
		snprintf(h, n, "localhost");
	h[n - 1] = '\0';
	for (char *p = h; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-", *p))
			*p = '_';
}

char *
a2_tmp_name(const char *dir, const char *name, const char *suffix)
{
	char host[65];

	tmp_host(host, sizeof host);
	return a2_asprintf("%s/.%s.tmp.%ld@%s.%s", dir, name, (long)getpid(), host, suffix);
}

char *
a2_tmp_beside(const char *path, const char *suffix)
{
	char *dir = a2_dirname(path), *tmp = a2_tmp_name(dir, a2_basename(path), suffix);

	free(dir);
	return tmp;
}


/* No such process, or a zombie: a killed tool orphaned under an init that
 * has not reaped it yet will never finish its temp either. */
static int
pid_gone(long pid)
{
	char path[64], buf[512], *p;
	size_t n;
	FILE *fp;

	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!(fp = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* "pid (comm) S ...": the state follows the last parenthesis */
	return (p = strrchr(buf, ')')) && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

/*
 * getdents64 rather than readdir, which may allocate: unzip.c removes its
 * half-filled tree from a fatal signal's handler.
 */
static void
rm_tree_at(int pfd, const char *name, int depth)
{
	char buf[1024] __attribute__((aligned(8)));
	long n;
	int fd;

	if (unlinkat(pfd, name, 0) == 0 || (errno != EISDIR && errno != EPERM))
		return;
	if (depth > 1024)
		return;
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	/* Entries removed while reading may shift the rest: re-read until empty. */
	for (int pass = 0; pass < 8; pass++) {
		int seen = 0;

		lseek(fd, 0, SEEK_SET);
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
			for (long off = 0; off < n;) {
				struct dirent64 *d = (struct dirent64 *)(buf + off);

				off += d->d_reclen;
				if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
					continue;
				seen = 1;
				rm_tree_at(fd, d->d_name, depth + 1);
			}
		}
		if (!seen)
			break;
	}
	close(fd);
	unlinkat(pfd, name, AT_REMOVEDIR);
}

void
a2_rm_tree(const char *path)
{
	rm_tree_at(AT_FDCWD, path, 0);
}

int
a2_tmp_sweep(const char *dir, const char *name)
{
	char *prefix = name ? a2_asprintf(".%s.tmp.", name) : NULL, host[65], *end;
	size_t pn = prefix ? strlen(prefix) : 0, hn;
	DIR *d = opendir(dir);
	struct dirent *e;
	long pid;
	int n = 0;

	tmp_host(host, sizeof host);
	hn = strlen(host);
	while (d && (e = readdir(d))) {
		const char *t = NULL;
		char *path;

		if (prefix && strncmp(e->d_name, prefix, pn) == 0)
			t = e->d_name + pn;
		else if (!prefix && e->d_name[0] == '.' && (t = strstr(e->d_name + 1, ".tmp.")))
			t += 5;
		if (!t || *t < '1' || *t > '9')
			continue;
		errno = 0;
		pid = strtol(t, &end, 10);
		/* a maker on another host, or one still running here, is left alone */
		if (errno || pid > 0x7fffffff || *end != '@' || strncmp(end + 1, host, hn) != 0 ||
		    end[1 + hn] != '.' || !pid_gone(pid))
			continue;
		path = a2_path_join(dir, e->d_name);
		a2_log("removing %s, left by process %ld", path, pid);
		a2_rm_tree(path);
		free(path);
		n++;
	}
	if (d)
		closedir(d);
	free(prefix);
	return n;
}

int
a2_tmp_sweep_beside(const char *path)
{
	char *dir = a2_dirname(path);
	int n = a2_tmp_sweep(dir, a2_basename(path));

	free(dir);
	return n;
}

int
a2_out_open(struct a2_out *o, const char *path, int mode)
{
	int slot;

	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->slot = -1;
	for (slot = 0; slot < A2_MAX_OUT && out_tmp[slot]; slot++)
		;
	if (slot == A2_MAX_OUT)
		a2_die("%s: too many output files open at once", path);
	o->path = a2_strdup(path);
	o->tmp = a2_tmp_beside(path, "XXXXXX");
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int e = errno;
		free(o->path);
		free(o->tmp);
		errno = e;
		return -1;
	}
	out_tmp[slot] = o->tmp;
	o->slot = slot;
	fchmod(o->fd, mode ? mode : 0644);
	o->fp = fdopen(o->fd, "w");
	if (!o->fp)
		a2_die("%s: fdopen:", o->tmp);
	return 0;
}

int
a2_out_commit(struct a2_out *o)
{
	char *dir;
	int r = 0;

	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(o->fd) != 0)
		r = -1;
	if (fclose(o->fp) != 0)
		r = -1;
	o->fp = NULL;
	if (r == 0 && rename(o->tmp, o->path) != 0)
		r = -1;
	if (r != 0) {
		int e = errno;
		unlink(o->tmp);
		errno = e;
	} else {
		dir = a2_dirname(o->path);
		a2_fsync_dir(dir);
		free(dir);
	}
	if (o->slot >= 0)
		out_tmp[o->slot] = NULL;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return r;
}

void
a2_out_abort(struct a2_out *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	if (o->slot >= 0)
		out_tmp[o->slot] = NULL;
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	o->slot = -1;
}

void
a2_write_file(const char *path, const void *buf, size_t len, int mode)
{
	struct a2_out o;

	if (a2_out_open(&o, path, mode) != 0)
		a2_die("%s: cannot create:", path);
	if (len && fwrite(buf, 1, len, o.fp) != len) {
		a2_out_abort(&o);
		a2_die("%s: write failed:", path);
	}
	if (a2_out_commit(&o) != 0)
		a2_die("%s: write failed:", path);
}

void
a2_write_file_if_changed(const char *path, const void *buf, size_t len, int mode)
{
	struct stat st;

	if (stat(path, &st) == 0 && (size_t)st.st_size == len) {
		size_t n;
		char *old = a2_read_file(path, len + 1, &n);
		int same = n == len && memcmp(old, buf, len) == 0;
		free(old);
		if (same)
			return;
	}
	a2_write_file(path, buf, len, mode);
}

int
a2_copy_file_if_changed(const char *from, const char *to, char **err)
{
	struct stat st;
	size_t len;
	char *buf;

	errno = 0;
	if (stat(from, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = a2_asprintf("%s: %s", from, errno ? strerror(errno) : "not a file");
		return -1;
	}
	buf = a2_read_file(from, (size_t)st.st_size + 1, &len);
	a2_write_file_if_changed(to, buf, len, 0644);
	free(buf);
	return 0;
}

void
a2_iso_now(char *buf, size_t n)
{
	struct timespec ts;
	struct tm tm;
	char s[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%.20s.%03dZ", s, (int)(ts.tv_nsec / 1000000));
}

char *
a2_json_dumps(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	char *t;

	if (!s)
		a2_die("cannot serialise JSON");
	t = a2_asprintf("%s\n", s);
	free(s);
	return t;
}

void
a2_write_json(const char *path, json_t *j)
{
	char *s = a2_json_dumps(j);

	a2_write_file(path, s, strlen(s), 0644);
	free(s);
}

void
a2_json_print_line(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));

	if (!s)
		a2_die("cannot serialise JSON");
	/* A record that cannot be written stops the tool at once: going on
	 * would do work nobody receives (a closed pipe) or lose records. */
	errno = 0;
	if (puts(s) == EOF || fflush(stdout) != 0)
		stdout_failed();
	free(s);
}

int
a2_json_lines(FILE *fp, const char *name, int (*fn)(json_t *, void *), void *arg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int failed = 0;

	while ((n = getline(&line, &cap, fp)) > 0) {
		json_error_t err;
		json_t *j;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		j = json_loads(line, 0, &err);
		if (!j || !json_is_object(j)) {
			/* one bad record must not stop the others */
			a2_warn("%s: line %ld: not a JSON object%s%s", name, lineno,
			    j ? "" : ": ", j ? "" : err.text);
			json_decref(j);
			failed++;
			continue;
		}
		if (fn(j, arg) != 0)
			failed++;
		json_decref(j);
	}
	free(line);
	return failed;
}

json_t *
a2_json_load_object(const char *path, char **err)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);

	if (!j)
		*err = a2_asprintf("%s: line %d: %s", path, je.line, je.text);
	else if (!json_is_object(j)) {
		*err = a2_asprintf("%s: not a JSON object", path);
		json_decref(j);
		j = NULL;
	}
	return j;
}

void
a2_json_set(json_t *obj, const char *key, json_t *v)
{
	json_object_set_new(obj, key, v ? v : json_null());
}

const char *
a2_json_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

int
a2_mkdirs(const char *path, int mode)
{
	char *p = a2_strdup(path);
	int r = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				r = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return r;
}

char *
a2_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return a2_asprintf("%s%s", dir, name);
	return a2_asprintf("%s/%s", dir, name);
}

const char *
a2_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

char *
a2_read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n = 0, cap = 8192;

	if (!fp)
		a2_die("%s:", path);
	buf = a2_malloc(cap + 1);
	for (;;) {
		size_t r;
		if (n == cap) {
			if (cap >= max) {
				fclose(fp);
				a2_die("%s: larger than %zu bytes", path, max);
			}
			cap *= 2;
			buf = a2_realloc(buf, cap + 1);
		}
		r = fread(buf + n, 1, cap - n, fp);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(fp))
		a2_die("%s: read error:", path);
	fclose(fp);
	if (n > max)
		a2_die("%s: larger than %zu bytes", path, max);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *
a2_cmdline(int argc, char **argv)
{
	size_t cap = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		cap += strlen(argv[i]) + 1;
	s = p = a2_malloc(cap);
	*s = '\0';
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", i ? argv[i] : a2_basename(argv[i]));
	return s;
}

char *
a2_url_strip_credentials(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *host, *at, *end;

	if (!scheme)
		return a2_strdup(url);
	host = scheme + 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', end - host);
	if (!at)
		return a2_strdup(url);
	/* last '@' in the authority wins */
	for (const char *q = at; q && q < end; q = memchr(q + 1, '@', end - q - 1))
		at = q;
	return a2_asprintf("%.*s%s", (int)(host - url), url, at + 1);
}
