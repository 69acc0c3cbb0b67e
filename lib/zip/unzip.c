/*
 * unzip.c: safe, recursive, parallel zip extraction with libzip (see
 * unzip.h). Every member is checked before anything is written; the caps
 * are enforced on the bytes actually inflated, and a failed or killed run
 * leaves nothing behind but the untouched destination directory.
 */
#include "core/a2.h"
#include "zip/unzip.h"
#include "zip/zipcd.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define BUFSZ (2u << 20)          /* per worker; big reads, few syscalls */
#define FLUSH_EVERY (16u << 20)   /* start writeback early: fsync is then cheap */
#define RATIO_FLOOR (1u << 20)    /* below this no member is a bomb */
#define MAX_COMPONENTS 64
#define MAX_JOBS 8

/*
 * The temp dir being filled. It is removed at exit and on fatal signals;
 * while workers run, the handler only records the signal (workers stop at
 * their next chunk) and the main thread cleans up and re-raises it.
 */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_active;
static volatile sig_atomic_t in_workers;
static volatile sig_atomic_t sig_pending;
static int handlers_set;

static void
tmp_remove(void)
{
	if (tmp_active) {
		a2_rm_tree(tmp_path);
		tmp_active = 0;
	}
}

static void
die_by_signal(int sig)
{
	tmp_remove();
	a2_out_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_signal(int sig)
{
	if (in_workers && sig != SIGBUS) {
		sig_pending = sig;
		return;
	}
	die_by_signal(sig);
}

static void
handlers_install(void)
{
	struct sigaction sa;

	if (handlers_set)
		return;
	handlers_set = 1;
	atexit(tmp_remove);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

void
unzip_opts_default(struct unzip_opts *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	o->max_size = (uint64_t)64 << 30;
	o->max_ratio = 1000;
	o->max_files = 100000;
	o->jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
	o->max_depth = 4;
	o->nosync = 0;
}

struct member {
	zip_uint64_t idx;
	char *name;       /* normalised: '/'-separated, no "." or trailing '/' */
	int isdir;
	int iszip;        /* a nested zip, extracted next to itself */
	zip_uint64_t size, csize;
	time_t mtime;
};

/* State shared by the whole extraction of one command-line zip. */
struct ctx {
	const struct unzip_opts *o;
	_Atomic uint64_t total;  /* bytes inflated so far */
	uint64_t declared;       /* declared sizes so far */
	uint64_t files;          /* members so far */
	pthread_mutex_t mu;
	char *err;               /* first error, one line */
	atomic_int failed;
};

/* One zip being extracted into one directory. */
struct level {
	struct ctx *c;
	const char *path;   /* the zip file */
	const char *label;  /* how messages name it */
	const char *dest;
	struct member *m;
	size_t n;
	size_t *todo;       /* regular files, biggest first */
	size_t ntodo;
	atomic_size_t next;
	const void *map;    /* the zip file, mapped */
	size_t maplen;
};

static void fail(struct ctx *c, const char *fmt, ...) A2_PRINTF(2, 3);

static void
fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	pthread_mutex_lock(&c->mu);
	if (!c->err && s) {
		c->err = s;
		s = NULL;
	}
	c->failed = 1;
	pthread_mutex_unlock(&c->mu);
	free(s);
}

static int
stopping(struct ctx *c)
{
	return c->failed || sig_pending;
}

/*
 * Normalises a member name to a relative '/'-separated path, treating '\'
 * as a separator too. Returns NULL or why the name is refused.
 */
static const char *
name_normalise(const char *raw, char **out, int *isdir)
{
	size_t len = strlen(raw);
	const char *c = raw;
	char *s, *p;
	int ncomp = 0;

	*out = NULL;
	*isdir = len > 0 && (raw[len - 1] == '/' || raw[len - 1] == '\\');
	if (len == 0)
		return "empty member name";
	if (raw[0] == '/' || raw[0] == '\\')
		return "absolute member name";
	if (isalpha((unsigned char)raw[0]) && raw[1] == ':')
		return "member name with a drive letter";
	for (const char *q = raw; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return "member name with control characters";
	s = p = a2_malloc(len + 1);
	while (*c) {
		size_t k = strcspn(c, "/\\");

		if (k == 2 && c[0] == '.' && c[1] == '.') {
			free(s);
			return "member name leaves the extraction directory";
		}
		if (k > NAME_MAX) {
			free(s);
			return "member name component too long";
		}
		if (k > 0 && !(k == 1 && c[0] == '.')) {
			if (p != s)
				*p++ = '/';
			memcpy(p, c, k);
			p += k;
			ncomp++;
		}
		c += k;
		if (*c)
			c++;
	}
	*p = '\0';
	if (p == s) {
		free(s);
		return "empty member name";
	}
	if (ncomp > MAX_COMPONENTS) {
		free(s);
		return "member name too deep";
	}
	*out = s;
	return NULL;
}

static int
ends_zip(const char *name)
{
	const char *b = a2_basename(name);
	size_t n = strlen(b);

	return n > 4 && strcasecmp(b + n - 4, ".zip") == 0;
}

static int
cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

static struct member *
find_member(struct level *l, const char *name)
{
	struct member key = { .name = (char *)name };

	return bsearch(&key, l->m, l->n, sizeof *l->m, cmp_member);
}

static int
cmp_todo(const void *a, const void *b, void *arg)
{
	const struct level *l = arg;
	const struct member *x = &l->m[*(const size_t *)a];
	const struct member *y = &l->m[*(const size_t *)b];

	if (x->csize != y->csize)
		return x->csize < y->csize ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The Info-ZIP "UT" extra field holds the real UTC time; the DOS time is
 * the writer's local time, which libzip can only read as ours. */
static time_t
member_mtime(zip_t *z, zip_uint64_t idx, const zip_stat_t *st)
{
	zip_uint16_t len = 0;
	const zip_uint8_t *ut = zip_file_extra_field_get_by_id(z, idx, 0x5455, 0, &len,
	    ZIP_FL_CENTRAL);

	if (ut && len >= 5 && (ut[0] & 1))
		return (time_t)(int32_t)((uint32_t)ut[1] | (uint32_t)ut[2] << 8 |
		    (uint32_t)ut[3] << 16 | (uint32_t)ut[4] << 24);
	return (st->valid & ZIP_STAT_MTIME) ? st->mtime : 0;
}

static int
cmp_span(const void *a, const void *b, void *arg)
{
	const struct zipcd_entry *e = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (e[i].start != e[j].start)
		return e[i].start < e[j].start ? -1 : 1;
	return i < j ? -1 : i > j;
}

/*
 * Refuses members that share bytes, the overlapping-entries bomb: every
 * member's local header and data must lie apart from every other's and
 * before the central directory. zipcd reads where they lie (libzip does
 * not say); the entries it reads must be those libzip read, in number,
 * CRCs and sizes, so the two cannot be told apart by a zip with two
 * central directories. Called while l->m[i] is index i.
 */
static int
level_check_overlap(struct level *l, zip_t *z)
{
	struct ctx *c = l->c;
	struct zipcd cd;
	const char *why;
	size_t bad, *order, far = 0;
	int r = -1;

	if (zipcd_read(l->map, l->maplen, &cd, &why, &bad) != 0) {
		if (bad < l->n)
			fail(c, "%s: %s: %s", l->label, zip_get_name(z, bad, 0), why);
		else
			fail(c, "%s: %s", l->label, why);
		return -1;
	}
	for (size_t i = 0; i < l->n && i < cd.n; i++) {
		zip_stat_t st;

		/* by CRC and sizes, not names: libzip gives the Unicode Path
		 * extra field's name in place of the raw one */
		zip_stat_init(&st);
		if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_CRC) ||
		    st.crc != cd.e[i].crc || cd.e[i].csize != l->m[i].csize ||
		    cd.e[i].size != l->m[i].size) {
			fail(c, "%s: %s: central directory entry %zu read two ways", l->label,
			    zip_get_name(z, i, 0), i);
			zipcd_free(&cd);
			return -1;
		}
	}
	if (cd.n != l->n) {
		fail(c, "%s: central directory read two ways: %zu or %zu members", l->label,
		    l->n, cd.n);
		zipcd_free(&cd);
		return -1;
	}
	order = a2_calloc(cd.n ? cd.n : 1, sizeof *order);
	for (size_t i = 0; i < cd.n; i++)
		order[i] = i;
	qsort_r(order, cd.n, sizeof *order, cmp_span, cd.e);
	for (size_t k = 0; k < cd.n; k++) {
		const struct zipcd_entry *e = &cd.e[order[k]];

		if (k > 0 && e->start < cd.e[far].end) {
			fail(c, "%s: %s: overlaps member %s", l->label, zip_get_name(z, order[k], 0),
			    zip_get_name(z, far, 0));
			goto out;
		}
		if (e->end > cd.cd_start) {
			fail(c, "%s: %s: overlaps the central directory", l->label,
			    zip_get_name(z, order[k], 0));
			goto out;
		}
		if (k == 0 || e->end > cd.e[far].end)
			far = order[k];
	}
	r = 0;
out:
	free(order);
	zipcd_free(&cd);
	return r;
}

/* Reads the central directory and refuses anything unsafe before a byte is
 * written. Returns 0 or -1 (error recorded). */
static int
level_check(struct level *l, zip_t *z)
{
	struct ctx *c = l->c;
	zip_int64_t n = zip_get_num_entries(z, 0);
	uint64_t declared = 0;

	if (n < 0)
		n = 0;
	c->files += (uint64_t)n;
	if (c->files > c->o->max_files) {
		fail(c, "%s: more than %llu members (--max-files)", l->label,
		    (unsigned long long)c->o->max_files);
		return -1;
	}
	l->m = a2_calloc((size_t)n, sizeof *l->m);
	for (zip_int64_t i = 0; i < n; i++) {
		struct member *m = &l->m[l->n];
		zip_stat_t st;
		zip_uint8_t opsys;
		zip_uint32_t attr;
		const char *why;

		zip_stat_init(&st);
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0) {
			fail(c, "%s: member %lld: %s", l->label, (long long)i, zip_strerror(z));
			return -1;
		}
		if ((why = name_normalise(st.name, &m->name, &m->isdir))) {
			char *shown = a2_strdup(st.name);

			/* never send a hostile name's control bytes to a terminal */
			for (char *q = shown; *q; q++)
				if ((unsigned char)*q < 0x20 || *q == 0x7f)
					*q = '?';
			fail(c, "%s: %s: %s", l->label, shown, why);
			free(shown);
			return -1;
		}
		l->n++;
		m->idx = (zip_uint64_t)i;
		m->size = st.size;
		m->csize = st.comp_size;
		m->mtime = member_mtime(z, m->idx, &st);
		if (zip_file_get_external_attributes(z, m->idx, 0, &opsys, &attr) == 0) {
			if (opsys == ZIP_OPSYS_UNIX) {
				mode_t fmt = (attr >> 16) & S_IFMT;

				if (fmt == S_IFLNK) {
					fail(c, "%s: %s: symbolic link member refused", l->label, st.name);
					return -1;
				}
				if (fmt && fmt != S_IFREG && fmt != S_IFDIR) {
					fail(c, "%s: %s: not a regular file or directory", l->label, st.name);
					return -1;
				}
				if (fmt == S_IFREG && m->isdir) {
					fail(c, "%s: %s: file member named as a directory", l->label, st.name);
					return -1;
				}
				if (fmt == S_IFDIR)
					m->isdir = 1;
			} else if (attr & 0x10) { /* MS-DOS directory attribute */
				m->isdir = 1;
			}
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
			fail(c, "%s: %s: encrypted member refused", l->label, st.name);
			return -1;
		}
		if (m->isdir && st.size > 0) {
			fail(c, "%s: %s: directory member with data", l->label, st.name);
			return -1;
		}
		if (!m->isdir && !zip_compression_method_supported(st.comp_method, 0)) {
			fail(c, "%s: %s: unsupported compression method %d", l->label, st.name,
			    (int)st.comp_method);
			return -1;
		}
		declared += m->size;
		m->iszip = !m->isdir && ends_zip(m->name);
	}
	c->declared += declared;
	if (level_check_overlap(l, z) != 0)
		return -1;
	if (declared > c->o->max_size || c->declared > c->o->max_size) {
		fail(c, "%s: declared sizes exceed %llu bytes (--max-size)", l->label,
		    (unsigned long long)c->o->max_size);
		return -1;
	}
	qsort(l->m, l->n, sizeof *l->m, cmp_member);
	for (size_t i = 0; i < l->n; i++) {
		char *pre = a2_strdup(l->m[i].name);
		char *s;

		if (i > 0 && strcmp(l->m[i - 1].name, l->m[i].name) == 0) {
			fail(c, "%s: %s: duplicate member", l->label, l->m[i].name);
			free(pre);
			return -1;
		}
		/* a file may not also be the parent directory of another member */
		while ((s = strrchr(pre, '/'))) {
			struct member *f;

			*s = '\0';
			if ((f = find_member(l, pre)) && !f->isdir) {
				fail(c, "%s: %s: file and directory of the same path", l->label, pre);
				free(pre);
				return -1;
			}
		}
		free(pre);
	}
	l->todo = a2_calloc(l->n, sizeof *l->todo);
	for (size_t i = 0; i < l->n; i++)
		if (!l->m[i].isdir)
			l->todo[l->ntodo++] = i;
	qsort_r(l->todo, l->ntodo, sizeof *l->todo, cmp_todo, l);
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Inflates one member to EOF (so libzip checks its CRC), counting the caps
 * on the bytes produced, never on the declared sizes alone. */
static void
extract_file(struct level *l, zip_t *z, struct member *m, char *buf)
{
	struct ctx *c = l->c;
	const struct unzip_opts *o = c->o;
	char *path = a2_path_join(l->dest, m->name);
	zip_file_t *zf;
	uint64_t got = 0, flushed = 0;
	int fd, ok = 1;

	zf = zip_fopen_index(z, m->idx, 0);
	if (!zf) {
		fail(c, "%s: %s: %s", l->label, m->name, zip_strerror(z));
		free(path);
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		fail(c, "%s: %s: cannot create %s: %s", l->label, m->name, path, strerror(errno));
		zip_fclose(zf);
		free(path);
		return;
	}
	if (m->size > 0) {
		int e = posix_fallocate(fd, 0, (off_t)m->size);

		if (e == ENOSPC || e == EFBIG) {
			fail(c, "%s: %s: %s: %s", l->label, m->name, path, strerror(e));
			ok = 0;
		}
	}
	while (ok) {
		zip_int64_t r = zip_fread(zf, buf, BUFSZ);
		uint64_t total;

		if (r < 0) {
			fail(c, "%s: %s: %s", l->label, m->name, zip_file_strerror(zf));
			ok = 0;
			break;
		}
		if (r == 0)
			break;
		got += (uint64_t)r;
		total = atomic_fetch_add(&c->total, (uint64_t)r) + (uint64_t)r;
		if (got > m->size) {
			fail(c, "%s: %s: inflates to more than its declared %llu bytes", l->label,
			    m->name, (unsigned long long)m->size);
			ok = 0;
		} else if (total > o->max_size) {
			fail(c, "%s: %s: more than %llu bytes inflated (--max-size)", l->label,
			    m->name, (unsigned long long)o->max_size);
			ok = 0;
		} else if (got > RATIO_FLOOR &&
		    (double)got > o->max_ratio * (double)(m->csize ? m->csize : 1)) {
			fail(c, "%s: %s: compression ratio above %g (--max-ratio)", l->label,
			    m->name, o->max_ratio);
			ok = 0;
		} else if (write_all(fd, buf, (size_t)r) != 0) {
			fail(c, "%s: %s: write %s: %s", l->label, m->name, path, strerror(errno));
			ok = 0;
		} else if (stopping(c)) {
			ok = 0;
		}
		if (ok && !o->nosync && got - flushed >= FLUSH_EVERY) {
			sync_file_range(fd, (off_t)flushed, (off_t)(got - flushed), SYNC_FILE_RANGE_WRITE);
			flushed = got;
		}
	}
	if (ok && got != m->size) {
		fail(c, "%s: %s: inflated to %llu bytes, declared %llu", l->label, m->name,
		    (unsigned long long)got, (unsigned long long)m->size);
		ok = 0;
	}
	if (ok && m->mtime) {
		struct timespec ts[2] = { { m->mtime, 0 }, { m->mtime, 0 } };

		futimens(fd, ts);
	}
	if (ok && !o->nosync && fsync(fd) != 0) {
		fail(c, "%s: %s: fsync %s: %s", l->label, m->name, path, strerror(errno));
		ok = 0;
	}
	if (close(fd) != 0 && ok)
		fail(c, "%s: %s: close %s: %s", l->label, m->name, path, strerror(errno));
	zip_fclose(zf);
	free(path);
}

/*
 * Opens the mapped zip. libzip's file source reads 4 KiB at a time with a
 * seek before each chunk; reading from memory spares those ~90000 system
 * calls per 400 MB, and every worker shares the same pages.
 */
static zip_t *
level_open(struct level *l, int flags, int *zerr)
{
	static const char empty[1];
	zip_source_t *src;
	zip_error_t e;
	zip_t *z = NULL;

	zip_error_init(&e);
	src = zip_source_buffer_create(l->map ? l->map : empty, l->maplen, 0, &e);
	if (src && !(z = zip_open_from_source(src, flags, &e)))
		zip_source_free(src);
	*zerr = z ? 0 : zip_error_code_zip(&e);
	zip_error_fini(&e);
	return z;
}

static void *
worker(void *arg)
{
	struct level *l = arg;
	int zerr = 0;
	zip_t *z = level_open(l, ZIP_RDONLY, &zerr);
	char *buf;

	if (!z) {
		zip_error_t e;

		zip_error_init_with_code(&e, zerr);
		fail(l->c, "%s: %s", l->label, zip_error_strerror(&e));
		zip_error_fini(&e);
		return NULL;
	}
	buf = a2_malloc(BUFSZ);
	for (;;) {
		size_t k = atomic_fetch_add(&l->next, 1);

		if (k >= l->ntodo || stopping(l->c))
			break;
		extract_file(l, z, &l->m[l->todo[k]], buf);
	}
	free(buf);
	zip_discard(z);
	return NULL;
}

/* Runs the workers of one level with signals blocked in them, so the main
 * thread (in pthread_join) is the one that sees a signal. */
static void
level_run(struct level *l)
{
	int nw = l->c->o->jobs;
	pthread_t tid[MAX_JOBS];
	sigset_t all, old;
	int started = 0;

	if (nw > MAX_JOBS)
		nw = MAX_JOBS;
	if ((size_t)nw > l->ntodo)
		nw = (int)l->ntodo;
	if (nw <= 1) {
		if (l->ntodo)
			worker(l);
		return;
	}
	sigfillset(&all);
	sigdelset(&all, SIGBUS); /* a fault must reach its handler */
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < nw; i++)
		if (pthread_create(&tid[started], NULL, worker, l) == 0)
			started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started == 0)
		worker(l);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}

static int
level_map(struct level *l)
{
	struct stat st;
	int fd = open(l->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	l->maplen = (size_t)st.st_size;
	if (l->maplen > 0) {
		void *p = mmap(NULL, l->maplen, PROT_READ, MAP_PRIVATE, fd, 0);

		if (p == MAP_FAILED) {
			close(fd);
			return -1;
		}
		madvise(p, l->maplen, MADV_SEQUENTIAL);
		l->map = p;
	}
	close(fd);
	return 0;
}

static void
level_unmap(struct level *l)
{
	if (l->map)
		munmap((void *)l->map, l->maplen);
	l->map = NULL;
}

static void
level_free(struct level *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->m[i].name);
	free(l->m);
	free(l->todo);
}

/* Extracts the zip at path into dest (an existing empty directory), then
 * every nested zip into a sibling directory. Returns 0 or -1. */
static int
extract_level(struct ctx *c, const char *path, const char *label, const char *dest, int depth)
{
	struct level l;
	zip_t *z;
	int zerr = 0, r = -1;

	memset(&l, 0, sizeof l);
	l.c = c;
	l.path = path;
	l.label = label;
	l.dest = dest;
	/*
	 * JAXA's own zips carry local headers with a zero CRC but a real size
	 * next to a data descriptor, which ZIP_CHECKCONS calls inconsistent;
	 * such archives are read without it and guarded by the overlap check
	 * in level_check, the CRCs and the caps on inflated bytes.
	 */
	if (level_map(&l) != 0) {
		fail(c, "%s: %s", label, strerror(errno));
		return -1;
	}
	z = level_open(&l, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!z && zerr == ZIP_ER_INCONS)
		z = level_open(&l, ZIP_RDONLY, &zerr);
	if (!z && zerr == ZIP_ER_EXISTS) {
		fail(c, "%s: duplicate member names", label);
		level_unmap(&l);
		return -1;
	}
	if (!z) {
		zip_error_t e;

		zip_error_init_with_code(&e, zerr);
		fail(c, "%s: not a valid zip: %s", label, zip_error_strerror(&e));
		zip_error_fini(&e);
		level_unmap(&l);
		return -1;
	}
	if (level_check(&l, z) != 0) {
		zip_discard(z);
		goto out;
	}
	zip_discard(z);
	for (size_t i = 0; i < l.n; i++) {
		char *p = a2_path_join(dest, l.m[i].name);
		char *s = l.m[i].isdir ? NULL : strrchr(p, '/');

		if (s)
			*s = '\0';
		if (a2_mkdirs(p, 0755) != 0) {
			fail(c, "%s: %s: cannot create directory %s: %s", label, l.m[i].name, p,
			    strerror(errno));
			free(p);
			goto out;
		}
		free(p);
	}
	in_workers = 1;
	level_run(&l);
	in_workers = 0;
	if (sig_pending)
		die_by_signal(sig_pending);
	if (c->failed)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		struct member *m = &l.m[i];
		char *zpath, *sub, *sublabel;
		int sr;

		if (!m->iszip)
			continue;
		if (depth + 1 > c->o->max_depth) {
			fail(c, "%s: %s: zips nested more than %d deep", label, m->name, c->o->max_depth);
			goto out;
		}
		zpath = a2_path_join(dest, m->name);
		sub = a2_strndup(zpath, strlen(zpath) - 4);
		if (mkdir(sub, 0755) != 0) {
			fail(c, "%s: %s: cannot create %s for the nested zip: %s", label, m->name,
			    sub, strerror(errno));
			free(zpath);
			free(sub);
			goto out;
		}
		sublabel = a2_asprintf("%s: %s", label, m->name);
		sr = extract_level(c, zpath, sublabel, sub, depth + 1);
		free(sublabel);
		free(zpath);
		free(sub);
		if (sr != 0)
			goto out;
	}
	r = 0;
out:
	level_unmap(&l);
	level_free(&l);
	return r;
}

static int
fsync_dirs_cb(const char *path, const struct stat *st, int type, struct FTW *f)
{
	if (type == FTW_D || type == FTW_DP)
		return a2_fsync_dir(path) != 0;
	return 0;
}

/* DIR/<zip base name without .zip>, or with .d when there is no .zip. */
static char *
target_name(const char *zip)
{
	const char *b = a2_basename(zip);

	if (ends_zip(b))
		return a2_strndup(b, strlen(b) - 4);
	return a2_asprintf("%s.d", b);
}

char *
unzip_extract(const char *zip, const char *dir, const struct unzip_opts *o)
{
	struct ctx c;
	char *name = target_name(zip);
	char *final = a2_path_join(dir, name);
	char *tmp = NULL;
	struct stat st;
	mode_t um;

	/* what a killed run (SIGKILL: no handler ran) left behind */
	a2_tmp_sweep_beside(final);
	if (stat(final, &st) == 0) {
		free(name);
		if (S_ISDIR(st.st_mode))
			return final;
		a2_warn("%s: %s exists and is not a directory", zip, final);
		free(final);
		return NULL;
	}
	if (access(zip, R_OK) != 0) {
		a2_warn("%s:", zip);
		free(name);
		free(final);
		return NULL;
	}
	if (a2_mkdirs(dir, 0755) != 0) {
		a2_warn("%s: cannot create directory %s:", zip, dir);
		free(name);
		free(final);
		return NULL;
	}
	handlers_install();
	tmp = a2_tmp_name(dir, name, "XXXXXX");
	free(name);
	if (strlen(tmp) >= sizeof tmp_path) {
		a2_warn("%s: path too long: %s", zip, tmp);
		free(tmp);
		free(final);
		return NULL;
	}
	if (!mkdtemp(tmp)) {
		a2_warn("%s: cannot create %s:", zip, tmp);
		free(tmp);
		free(final);
		return NULL;
	}
	strcpy(tmp_path, tmp);
	tmp_active = 1;

	memset(&c, 0, sizeof c);
	c.o = o;
	pthread_mutex_init(&c.mu, NULL);
	if (extract_level(&c, zip, zip, tmp, 0) != 0)
		goto fail;
	if (!o->nosync && nftw(tmp, fsync_dirs_cb, 16, FTW_PHYS) != 0) {
		fail(&c, "%s: cannot sync %s", zip, tmp);
		goto fail;
	}
	if (sig_pending)
		die_by_signal(sig_pending);
	/* mkdtemp made it 0700; the result is an ordinary directory */
	um = umask(0);
	umask(um);
	chmod(tmp, 0777 & ~um);
	if (rename(tmp, final) != 0) {
		/* Another run finished first: its tree is as good as ours. */
		if ((errno == ENOTEMPTY || errno == EEXIST) && stat(final, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			tmp_remove();
		} else {
			fail(&c, "%s: cannot rename %s to %s: %s", zip, tmp, final, strerror(errno));
			goto fail;
		}
	}
	tmp_active = 0;
	a2_fsync_dir(dir);
	pthread_mutex_destroy(&c.mu);
	free(tmp);
	return final;
fail:
	tmp_remove();
	a2_warn("%s", c.err ? c.err : "extraction failed");
	free(c.err);
	pthread_mutex_destroy(&c.mu);
	free(tmp);
	free(final);
	return NULL;
}

/* ---- scene directories ---- */

/* What find_scenes() gathers under root. */
struct scenes_found {
	regex_t re;
	struct unzip_scene *s;
	size_t n, cap;
	const char *root, *source;
};

/* The zip whose members were extracted into exactly dir: the sibling
 * dir.zip (any case) that a nested extraction leaves next to it. */
static char *
archive_of(const char *dir)
{
	const char *b = a2_basename(dir);
	char *parent = a2_strndup(dir, (size_t)(b - dir) - 1);
	size_t bl = strlen(b);
	DIR *d = opendir(parent);
	struct dirent *e;
	char *found = NULL;

	while (d && (e = readdir(d))) {
		struct stat st;
		char *p;

		if (strlen(e->d_name) != bl + 4 || strncmp(e->d_name, b, bl) != 0 ||
		    strcasecmp(e->d_name + bl, ".zip") != 0)
			continue;
		p = a2_path_join(parent, e->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			found = p;
			break;
		}
		free(p);
	}
	if (d)
		closedir(d);
	free(parent);
	return found;
}

static void
find_scenes(struct scenes_found *sc, const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int scene = 0;
	char **subs = NULL;
	size_t nsub = 0;

	if (!d) {
		a2_warn("%s:", path);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = a2_path_join(path, e->d_name);
		if (lstat(p, &st) != 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < 256) {
			subs = a2_realloc(subs, (nsub + 1) * sizeof *subs);
			subs[nsub++] = p;
			continue;
		}
		if (S_ISREG(st.st_mode) && regexec(&sc->re, e->d_name, 0, NULL, 0) == 0)
			scene = 1;
		free(p);
	}
	closedir(d);
	if (scene) {
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? 2 * sc->cap : 8;
			sc->s = a2_realloc(sc->s, sc->cap * sizeof *sc->s);
		}
		sc->s[sc->n].dir = a2_strdup(path);
		sc->s[sc->n].archive = strcmp(path, sc->root) == 0 ?
		    (sc->source ? a2_strdup(sc->source) : NULL) : archive_of(path);
		sc->n++;
	}
	for (size_t i = 0; i < nsub; i++) {
		find_scenes(sc, subs[i], depth + 1);
		free(subs[i]);
	}
	free(subs);
}

static int
cmp_scene(const void *a, const void *b)
{
	return strcmp(((const struct unzip_scene *)a)->dir, ((const struct unzip_scene *)b)->dir);
}

size_t
unzip_scenes(const char *root, const char *source, struct unzip_scene **out)
{
	struct scenes_found sc;
	char *abs = realpath(root, NULL);

	memset(&sc, 0, sizeof sc);
	*out = NULL;
	if (!abs) {
		a2_warn("%s:", root);
		return 0;
	}
	/* an image of a JAXA product, the backscatter image of a level
	 * 2.2 NRB (palsar2-scansar-nrb.md §2), or a Sentinel-1 GUNW netCDF
	 * file (hyp3-gunw.md §4.1: its prefix; a2classify checks the rest) */
	if (regcomp(&sc.re, "^IMG-(HH|HV|VH|VV)-ALOS2|"
	    "^ALOS2[0-9]{9}-[0-9]{6}_[A-Z]{3}[LR]2\\.2GU[AD]_(HH|HV|VH|VV)_SLP\\.tif$|"
	    "^S1-GUNW(_CUSTOM)?-.*\\.nc$",
	    REG_EXTENDED | REG_NOSUB) != 0)
		a2_die("cannot compile the scene pattern");
	sc.root = abs;
	sc.source = source;
	find_scenes(&sc, abs, 0);
	regfree(&sc.re);
	free(abs);
	if (sc.n)
		qsort(sc.s, sc.n, sizeof *sc.s, cmp_scene);
	*out = sc.s;
	return sc.n;
}

void
unzip_scenes_free(struct unzip_scene *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].dir);
		free(s[i].archive);
	}
	free(s);
}
