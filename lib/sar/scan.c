/*
 * scan.c: the archive walk of scan.h.  A file's name says which product it
 * belongs to (name.h), so no file is opened except summaries, whose
 * product is inside them once alos2-scraper has renamed them to
 * <innerzip>.summary.txt and several scenes share a folder.
 */
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/a2.h"
#include "sar/gunw.h"
#include "sar/name.h"
#include "sar/scan.h"
#include "sar/summary.h"

#define SCAN_MAX_DEPTH 256

struct ent {
	char id[33];   /* product ID; for a summary its scene ID, or "" */
	unsigned dir;  /* index in dirs */
	char *name;
	long prod;     /* summaries: the product they went to, else -1 */
};

struct vec {
	struct ent *v;
	size_t n, cap;
};

struct devino {
	dev_t dev;
	ino_t ino;
};

struct scan {
	struct scan_opts o;
	regex_t rx;
	int has_rx;
	char **dirs;
	size_t ndirs, capdirs;
	struct vec files, sums;
	struct devino *seen;    /* open-addressing set of directories read */
	size_t nseen, capseen;
	struct devino stack[SCAN_MAX_DEPTH]; /* the directories being walked */
	int depth;
	struct scan_stats st;
};

struct scan *
scan_new(const struct scan_opts *o)
{
	struct scan *s = a2_calloc(1, sizeof *s);

	if (o)
		s->o = *o;
	if (s->o.dir_regex) {
		int e = regcomp(&s->rx, s->o.dir_regex, REG_EXTENDED | REG_NOSUB);
		if (e != 0) {
			char msg[128];
			regerror(e, &s->rx, msg, sizeof msg);
			a2_die_code(A2_EXIT_USAGE, "directory regex %s: %s", s->o.dir_regex, msg);
		}
		s->has_rx = 1;
	}
	return s;
}

void
scan_free(struct scan *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->files.n; i++)
		free(s->files.v[i].name);
	for (i = 0; i < s->sums.n; i++)
		free(s->sums.v[i].name);
	free(s->files.v);
	free(s->sums.v);
	for (i = 0; i < s->ndirs; i++)
		free(s->dirs[i]);
	free(s->dirs);
	free(s->seen);
	if (s->has_rx)
		regfree(&s->rx);
	free(s);
}

void
scan_stats(const struct scan *s, struct scan_stats *st)
{
	*st = s->st;
}

static size_t
devino_hash(struct devino k, size_t cap)
{
	unsigned long long h = (unsigned long long)k.ino * 0x9E3779B97F4A7C15ull ^ (unsigned long long)k.dev;
	return (size_t)(h ^ h >> 29) & (cap - 1);
}

/* Adds k to the set; 0 if it was new, 1 if it was there. */
static int
seen_add(struct scan *s, struct devino k)
{
	size_t i;

	if (2 * (s->nseen + 1) > s->capseen) {
		struct devino *old = s->seen;
		size_t oldcap = s->capseen;

		s->capseen = oldcap ? 2 * oldcap : 1024;
		s->seen = a2_calloc(s->capseen, sizeof *s->seen);
		s->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].ino)
				seen_add(s, old[i]);
		free(old);
	}
	for (i = devino_hash(k, s->capseen); s->seen[i].ino; i = (i + 1) & (s->capseen - 1))
		if (s->seen[i].ino == k.ino && s->seen[i].dev == k.dev)
			return 1;
	s->seen[i] = k;
	s->nseen++;
	return 0;
}

static void
vec_push(struct vec *v, const struct ent *e)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 1024;
		v->v = a2_realloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = *e;
}

static void
report(struct scan *s, int error, const char *fmt, ...) A2_PRINTF(3, 4);

/* A warning; errors always, strays unless quiet. */
static void
report(struct scan *s, int error, const char *fmt, ...)
{
	va_list ap;

	if (error)
		s->st.errors++;
	else
		s->st.stray++;
	if (!error && s->o.quiet)
		return;
	va_start(ap, fmt);
	a2_vwarn(fmt, ap);
	va_end(ap);
}

/* The scene ID (ALOS2 + 9 digits + '-' + 6 digits) inside a name. */
static int
scene_in(const char *name, char out[22])
{
	for (const char *p = strstr(name, "ALOS2"); p; p = strstr(p + 1, "ALOS2")) {
		if (strlen(p) >= 21 && strspn(p + 5, "0123456789") >= 9 && p[14] == '-' &&
		    strspn(p + 15, "0123456789") >= 6) {
			memcpy(out, p, 21);
			out[21] = '\0';
			return 1;
		}
	}
	return 0;
}

static void
add_file(struct scan *s, unsigned dir, const char *name)
{
	struct ent e = { .dir = dir, .prod = -1 };
	struct name_file f;
	char *err, scene[22];
	size_t n = strlen(name);
	int r;

	s->st.files++;
	if (strcmp(name, "summary.txt") == 0 ||
	    (n > 12 && strcmp(name + n - 12, ".summary.txt") == 0 && scene_in(name, scene))) {
		if (name[0] != 's')
			memcpy(e.id, scene, sizeof scene);
		e.name = a2_strdup(name);
		vec_push(&s->sums, &e);
		return;
	}
	if (gunw_is_file_name(name)) {
		/* one file, a product of its own: there is nothing to group */
		report(s, 0, "%s/%s: stray file (a Sentinel-1 GUNW: a2classify takes it as it is)",
		    s->dirs[dir], name);
		return;
	}
	if (!strstr(name, "ALOS2")) {
		report(s, 0, "%s/%s: stray file (not an ALOS-2 product file)", s->dirs[dir], name);
		return;
	}
	if ((r = name_parse_file(name, &f, &err)) < 0) {
		report(s, 0, "%s/%s: stray file: %s", s->dirs[dir], name, err);
		free(err);
		return;
	}
	if (r == 0) {
		report(s, 0, "%s/%s: stray file (not an ALOS-2 product file)", s->dirs[dir], name);
		return;
	}
	if (f.kind == NAME_ORDERZIP) {
		/* the zip the files came from, left beside them */
		a2_log("%s/%s: order zip, skipped", s->dirs[dir], name);
		return;
	}
	memcpy(e.id, f.n.id, sizeof e.id);
	e.name = a2_strdup(name);
	vec_push(&s->files, &e);
}

static void walk(struct scan *s, const char *path);

/* A directory entry whose type readdir did not say (or a symlink). */
static void
visit_other(struct scan *s, const char *path, unsigned dir, const char *name)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		report(s, 1, "%s: %s", path, errno == ENOENT ? "dangling symlink" : strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk(s, path);
	else if (S_ISREG(st.st_mode) && dir != (unsigned)-1)
		add_file(s, dir, name);
	else if (S_ISREG(st.st_mode))
		s->st.files++;
}

static void
walk(struct scan *s, const char *path)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	struct devino k;
	unsigned dir = (unsigned)-1;
	int i;

	if (s->depth == SCAN_MAX_DEPTH) {
		report(s, 1, "%s: deeper than %d directories, skipped", path, SCAN_MAX_DEPTH);
		return;
	}
	if (!(d = opendir(path))) {
		report(s, 1, "%s: %s", path, strerror(errno));
		return;
	}
	if (fstat(dirfd(d), &st) != 0) {
		report(s, 1, "%s: %s", path, strerror(errno));
		closedir(d);
		return;
	}
	k.dev = st.st_dev;
	k.ino = st.st_ino;
	for (i = 0; i < s->depth; i++) {
		if (s->stack[i].dev == k.dev && s->stack[i].ino == k.ino) {
			report(s, 1, "%s: symlink loop (a directory containing itself), skipped", path);
			closedir(d);
			return;
		}
	}
	if (seen_add(s, k)) {
		/* reached again through a symlink: its files are listed once */
		a2_log("%s: already scanned under another name", path);
		closedir(d);
		return;
	}
	s->stack[s->depth++] = k;
	s->st.dirs++;
	if (!s->has_rx || regexec(&s->rx, path, 0, NULL, 0) == 0) {
		if (s->ndirs == s->capdirs) {
			s->capdirs = s->capdirs ? 2 * s->capdirs : 256;
			s->dirs = a2_realloc(s->dirs, s->capdirs * sizeof *s->dirs);
		}
		s->dirs[s->ndirs] = a2_strdup(path);
		dir = (unsigned)s->ndirs++;
	}
	while ((errno = 0, e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (e->d_type == DT_REG) {
			if (dir != (unsigned)-1)
				add_file(s, dir, e->d_name);
			else
				s->st.files++;
			continue;
		}
		p = a2_asprintf("%s%s%s", path, path[1] ? "/" : "", e->d_name);
		if (e->d_type == DT_DIR)
			walk(s, p);
		else if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN)
			visit_other(s, p, dir, e->d_name);
		free(p);
	}
	if (errno)
		report(s, 1, "%s: %s", path, strerror(errno));
	closedir(d);
	s->depth--;
}

int
scan_add(struct scan *s, const char *root)
{
	char *abs = realpath(root, NULL);
	struct stat st;

	if (!abs || stat(abs, &st) != 0 || !S_ISDIR(st.st_mode)) {
		a2_warn("%s: %s", root, abs ? "not a directory" : strerror(errno));
		free(abs);
		s->st.errors++;
		return -1;
	}
	walk(s, abs);
	free(abs);
	return 0;
}

/* ---- grouping ---- */

static const char *const *cmp_dirs;

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = strcmp(cmp_dirs[x->dir], cmp_dirs[y->dir]);
	return c;
}

struct prod {
	size_t first, n; /* range in files */
	long sum;        /* index in sums, or -1 */
};

/* The product of a summary: the one its Scs_SceneID and Pds_ProductID
 * name, else the only product of its scene (or, for a plain
 * summary.txt, the only product) in its directory. */
static long
summary_product(struct scan *s, struct ent *e, const struct prod *p, size_t np)
{
	char *path = a2_path_join(s->dirs[e->dir], e->name), *err = NULL, id[64];
	struct summary *sm = summary_read(path, &err);
	const char *sid = NULL, *pid = NULL;
	long hit = -1;
	size_t lo = 0, hi = np;

	if (sm) {
		sid = summary_get_nonempty(sm, "Scs_SceneID");
		pid = summary_get_nonempty(sm, "Pds_ProductID");
	}
	if (sid && pid && (!e->id[0] || strcmp(sid, e->id) == 0)) {
		snprintf(id, sizeof id, "%s-%s", sid, pid);
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(s->files.v[p[mid].first].id, id);
			if (c == 0) {
				hit = (long)mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	if (hit < 0) {
		for (size_t i = 0; i < np; i++) {
			const struct ent *f = &s->files.v[p[i].first];
			int here = 0;
			for (size_t j = 0; j < p[i].n && !here; j++)
				here = s->files.v[p[i].first + j].dir == e->dir;
			if (!here || (e->id[0] && strncmp(f->id, e->id, 21) != 0))
				continue;
			if (hit >= 0) {
				hit = -2;
				break;
			}
			hit = (long)i;
		}
	}
	if (hit < 0)
		report(s, 0, "%s: stray summary: %s", path, err ? err : hit == -2 ?
		    "several products here and none named by its Scs_SceneID/Pds_ProductID" :
		    "no product of its scene here");
	free(err);
	free(path);
	summary_free(sm);
	return hit < 0 ? -1 : hit;
}

static int
path_cmp(const void *a, const void *b)
{
	const char *x = json_string_value(*(json_t *const *)a), *y = json_string_value(*(json_t *const *)b);
	int c = strcmp(a2_basename(x), a2_basename(y));

	return c ? c : strcmp(x, y);
}

static json_t *
product_json(struct scan *s, const struct prod *p, json_t *dirs)
{
	const struct ent *f = &s->files.v[p->first];
	struct name_id n;
	json_t *files = json_array(), *o, **v;
	char *err = NULL, *last = NULL;
	size_t i, nf;

	if (name_parse_id(f->id, &n, &err) != 0) {
		/* cannot happen: the name was parsed before */
		a2_die("%s: %s", f->id, err);
	}
	for (i = 0; i < p->n; i++) {
		const struct ent *e = &s->files.v[p->first + i];
		char *path = a2_path_join(s->dirs[e->dir], e->name);

		if (last && strcmp(last, e->name) == 0) {
			report(s, 0, "%s: a second copy of %s, skipped", path, e->name);
			free(path);
			continue;
		}
		last = e->name;
		s->st.alos2++;
		json_array_append_new(files, json_string(path));
		free(path);
	}
	if (p->sum >= 0) {
		const struct ent *e = &s->sums.v[p->sum];
		char *path = a2_path_join(s->dirs[e->dir], e->name);

		s->st.alos2++;
		json_array_append_new(files, json_string(path));
		free(path);
	}
	/* sorted by name, as the original globbed them */
	nf = json_array_size(files);
	v = a2_calloc(nf ? nf : 1, sizeof *v);
	for (i = 0; i < nf; i++)
		v[i] = json_incref(json_array_get(files, i));
	qsort(v, nf, sizeof *v, path_cmp);
	json_array_clear(files);
	for (i = 0; i < nf; i++) {
		const char *fp = json_string_value(v[i]);
		size_t dl = (size_t)(a2_basename(fp) - fp) - 1;
		json_t *d;
		size_t j;
		int have = 0;

		json_array_foreach(dirs, j, d)
			have |= strlen(json_string_value(d)) == dl &&
			    strncmp(json_string_value(d), fp, dl) == 0;
		if (!have)
			json_array_append_new(dirs, json_stringn(fp, dl));
		json_array_append_new(files, v[i]);
	}
	free(v);
	o = json_pack("{s:s, s:s, s:s, s:o}", "id", f->id, "level", n.level, "mode", n.mode,
	    "files", files);
	if (p->sum >= 0) {
		char *path = a2_path_join(s->dirs[s->sums.v[p->sum].dir], s->sums.v[p->sum].name);
		json_object_set_new(o, "summary", json_string(path));
		free(path);
	} else {
		json_object_set_new(o, "summary", json_null());
	}
	return o;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

static void
sort_strings(json_t *arr)
{
	size_t n = json_array_size(arr), i;
	json_t **v = a2_calloc(n ? n : 1, sizeof *v);

	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, str_cmp);
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

int
scan_groups(struct scan *s, int (*fn)(json_t *group, void *arg), void *arg)
{
	struct prod *p = NULL;
	size_t np = 0, i, j;
	int r = 0;

	cmp_dirs = (const char *const *)s->dirs;
	if (s->files.n)
		qsort(s->files.v, s->files.n, sizeof *s->files.v, ent_cmp);
	for (i = 0; i < s->files.n; i = j) {
		for (j = i + 1; j < s->files.n && strcmp(s->files.v[j].id, s->files.v[i].id) == 0; j++)
			;
		p = a2_realloc(p, (np + 1) * sizeof *p);
		p[np].first = i;
		p[np].n = j - i;
		p[np++].sum = -1;
	}
	if (s->sums.n)
		qsort(s->sums.v, s->sums.n, sizeof *s->sums.v, ent_cmp);
	for (i = 0; i < s->sums.n; i++) {
		long k = summary_product(s, &s->sums.v[i], p, np);
		if (k < 0)
			continue;
		if (p[k].sum >= 0) {
			report(s, 0, "%s/%s: a second summary of %s, skipped", s->dirs[s->sums.v[i].dir],
			    s->sums.v[i].name, s->files.v[p[k].first].id);
			continue;
		}
		p[k].sum = (long)i;
	}
	for (i = 0; i < np && !r; i = j) {
		const char *id = s->files.v[p[i].first].id;
		json_t *prods = json_array(), *dirs = json_array(), *g;
		struct name_id n;
		char fdate[16], *err = NULL;

		for (j = i; j < np && strncmp(s->files.v[p[j].first].id, id, 21) == 0; j++)
			json_array_append_new(prods, product_json(s, &p[j], dirs));
		sort_strings(dirs);
		if (name_parse_id(id, &n, &err) != 0)
			a2_die("%s: %s", id, err);
		/* the original's frame-date group key, FFFF-yymmdd */
		snprintf(fdate, sizeof fdate, "%.4s-%.6s", id + 10, id + 15);
		g = json_pack("{s:{s:s#, s:I, s:i, s:i, s:s, s:s, s:o, s:o}}", "scan",
		    "scene_id", id, (int)21, "orbit", (json_int_t)n.orbit, "frame", n.frame,
		    "path", name_path(n.orbit), "date", n.date, "fdate", fdate, "dirs", dirs,
		    "products", prods);
		s->st.scenes++;
		s->st.products += j - i;
		r = fn(g, arg);
		json_decref(g);
	}
	free(p);
	return r;
}
