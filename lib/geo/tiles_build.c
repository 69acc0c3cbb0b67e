/*
 * tiles_build.c: the tile pyramid. Metatiles (up to 8x8 tiles of the base
 * zoom) are warped and reduced to their own lower zooms by a pool of
 * threads; the zooms above them are reduced from their children in memory
 * as the metatiles come back in Z order, so memory stays flat whatever the
 * scene size. A journal (the --state file, kept outside the product
 * directory) records which tiles are blank, so a re-run checks the tiles
 * on disk and builds only what is missing or broken.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/tiles_int.h"

/* where an older a2tiles kept the journal: in the tile directory */
#define OLD_STATE ".a2tiles-state"
#define T2 (TILES_PX * TILES_PX)

/* Which tiles of a metatile's pyramid hold data: bit (4^q - 1)/3 + y*2^q + x
 * for the tile (x, y) of the q-th level below the top. */
struct mask {
	uint64_t b[2];
};

struct jent {
	int used, z, x, y;
	struct mask m[TILES_MAXLAYERS];
};

/* A tile handed up to its parent: per polarisation layer, its pixels, or
 * (lazy) a valid tile file to read them from if the parent needs them, or
 * neither (blank). */
struct node {
	unsigned char *buf[TILES_MAXLAYERS];
	unsigned lazy;
};

struct job {
	int x, y;
	struct node *res;
	struct mask m[TILES_MAXLAYERS];
	long written, kept, reused;
	char *err;
};

struct pend {
	int active, x, y;
	struct node *c[4];
};

struct build {
	struct tiles_set *t;
	const char *dir;
	char *state;             /* the journal's path */
	int tmpstate;            /* a temporary journal, removed at the end */
	int m, d, S, nw, fd;
	pthread_mutex_t lock;
	struct jent *tab;
	size_t cap, n;
	struct tiles_worker *wk;
	struct job *jobs;
	int njobs, maxjobs, next, failed;
	struct pend pend[TILES_MAXZ + 1];
	char *err;
};

static int
mask_get(const struct mask *m, int bit)
{
	return (int)(m->b[bit >> 6] >> (bit & 63) & 1);
}

static void
mask_set(struct mask *m, int bit)
{
	m->b[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static int
mask_bit(int q, int x, int y)
{
	return ((1 << 2 * q) - 1) / 3 + (y << q) + x;
}

/* ---- journal ---- */

static size_t
jhash(int z, int x, int y)
{
	uint64_t h = (uint64_t)z * 0x9E3779B97F4A7C15u ^ (uint64_t)x * 0xC2B2AE3D27D4EB4Fu ^
	    (uint64_t)y * 0x165667B19E3779F9u;
	return (size_t)(h ^ h >> 29);
}

static struct jent *
jfind(struct build *b, int z, int x, int y)
{
	if (!b->cap)
		return NULL;
	for (size_t i = jhash(z, x, y) & (b->cap - 1);; i = (i + 1) & (b->cap - 1)) {
		struct jent *e = &b->tab[i];
		if (!e->used)
			return NULL;
		if (e->z == z && e->x == x && e->y == y)
			return e;
	}
}

static void
jput(struct build *b, int z, int x, int y, const struct mask *m)
{
	struct jent *e;
	size_t i;

	if (2 * (b->n + 1) > b->cap) {
		struct jent *old = b->tab;
		size_t oc = b->cap;
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->tab = a2_calloc(b->cap, sizeof *b->tab);
		b->n = 0;
		for (size_t k = 0; k < oc; k++)
			if (old[k].used)
				jput(b, old[k].z, old[k].x, old[k].y, old[k].m);
		free(old);
	}
	for (i = jhash(z, x, y) & (b->cap - 1); b->tab[i].used; i = (i + 1) & (b->cap - 1))
		if (b->tab[i].z == z && b->tab[i].x == x && b->tab[i].y == y)
			break;
	e = &b->tab[i];
	if (!e->used)
		b->n++;
	e->used = 1;
	e->z = z;
	e->x = x;
	e->y = y;
	memcpy(e->m, m, sizeof e->m);
}

/* What the tiles depend on: options, stretch, and every source file's
 * identity. */
static char *
fingerprint(const struct tiles_set *t)
{
	uint64_t h = 14695981039346656037u;
	/* (" tms" only then: the journals of XYZ trees stay as they were) */
	char *s = a2_asprintf("a2tiles 1 z%d-%d meta%d rs%d png%d%s\n", t->zmin, t->zmax, t->o.meta,
	    t->o.resampling, t->o.level, t->o.scheme == TILES_TMS ? " tms" : "");

	for (int i = 0; i < t->nlayers; i++) {
		const struct tiles_layer *L = &t->layer[i];
		char *p = a2_asprintf("%s%s %d %.17g %.17g %d %d %d\n", s, L->name, L->stretch, L->lo,
		    L->hi, L->composite, L->co, L->cross);
		free(s);
		s = p;
		for (int k = 0; k < L->nsrc; k++) {
			char *r = realpath(L->src[k].path, NULL), *m = tiles_mask_ident(&L->src[k]);
			p = a2_asprintf("%s %s %lld %lld%s\n", s, r ? r : L->src[k].path, L->src[k].size,
			    L->src[k].mtime_ns, m);
			free(r);
			free(m);
			free(s);
			s = p;
		}
	}
	for (const char *c = s; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211u;
	free(s);
	return a2_asprintf("%016" PRIx64, h);
}

static char *
state_header(const struct tiles_set *t)
{
	char *fp = fingerprint(t), *names = a2_strdup(""), *h;

	for (int i = 0; i < t->nlayers; i++) {
		char *p = a2_asprintf("%s%s%s", names, i ? "," : "", t->layer[i].name);
		free(names);
		names = p;
	}
	h = a2_asprintf("a2tiles-state 1 %s %s\n", fp, names);
	free(fp);
	free(names);
	return h;
}

/* Removes the temporary files killed runs left in the z/x/y.png tree of
 * one layer (a2_tmp_sweep), and with all the tiles and the tree too. */
static void
clean_layer(const char *ldir, int all)
{
	DIR *dz = opendir(ldir);
	struct dirent *ez;

	if (!dz)
		return;
	while ((ez = readdir(dz))) {
		char *zd;
		DIR *dx;
		struct dirent *ex;
		if (!isdigit((unsigned char)ez->d_name[0]) || strspn(ez->d_name, "0123456789") != strlen(ez->d_name))
			continue;
		zd = a2_path_join(ldir, ez->d_name);
		if ((dx = opendir(zd))) {
			while ((ex = readdir(dx))) {
				char *xd;
				DIR *dy;
				struct dirent *ey;
				if (strspn(ex->d_name, "0123456789") != strlen(ex->d_name) || !*ex->d_name)
					continue;
				xd = a2_path_join(zd, ex->d_name);
				a2_tmp_sweep(xd, NULL);
				if (all && (dy = opendir(xd))) {
					while ((ey = readdir(dy))) {
						const char *n = ey->d_name;
						size_t l = strlen(n);
						if (l > 4 && strcmp(n + l - 4, ".png") == 0 &&
						    strspn(n, "0123456789") == l - 4) {
							char *f = a2_path_join(xd, n);
							unlink(f);
							free(f);
						}
					}
					closedir(dy);
				}
				if (all)
					rmdir(xd);
				free(xd);
			}
			closedir(dx);
		}
		if (all)
			rmdir(zd);
		free(zd);
	}
	closedir(dz);
}

static int
parse_mask(const char *s, char **end, struct mask *m)
{
	char *e;

	m->b[1] = strtoull(s, &e, 16);
	if (*e != '.')
		return -1;
	m->b[0] = strtoull(e + 1, end, 16);
	return 0;
}

/* The journal: the --state file (taking over one an older a2tiles left in
 * the tile directory, if there is none yet), or a new temporary file.  No
 * journal stays in the tile directory. */
static int
state_path(struct build *b, char **err)
{
	char *old = a2_path_join(b->dir, OLD_STATE);
	int fd;

	if (b->t->o.state) {
		b->state = a2_strdup(b->t->o.state);
		a2_tmp_sweep_beside(b->state);  /* a header a killed run was writing */
		if (access(b->state, F_OK) != 0 && access(old, F_OK) == 0 && rename(old, b->state) == 0)
			a2_log("journal %s taken over from %s", b->state, old);
	} else {
		const char *tmp = getenv("TMPDIR");
		b->state = a2_asprintf("%s/a2tiles-state.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(b->state)) < 0) {
			*err = a2_asprintf("%s: %s", b->state, strerror(errno));
			free(b->state);
			free(old);
			return -1;
		}
		close(fd);
		b->tmpstate = 1;
	}
	if (unlink(old) != 0 && errno != ENOENT) {
		*err = a2_asprintf("%s: %s", old, strerror(errno));
		if (b->tmpstate)
			unlink(b->state);
		free(b->state);
		free(old);
		return -1;
	}
	free(old);
	return 0;
}

/* Loads the journal if it was made with the same fingerprint; otherwise
 * clears the layers' old tiles and starts a new one. */
static int
journal_open(struct build *b, char **err)
{
	char *path = a2_strdup(b->state), *head = state_header(b->t), *buf, *p, *nl;
	size_t len = 0;
	int match = 0;

	buf = access(path, F_OK) == 0 ? a2_read_file(path, (size_t)1 << 30, &len) : NULL;
	if (buf && strncmp(buf, head, strlen(head)) == 0) {
		match = 1;
		for (p = buf + strlen(head); (nl = memchr(p, '\n', buf + len - p)); p = nl + 1) {
			struct mask m[TILES_MAXLAYERS] = { 0 };
			int z, x, y, d, n, i;
			char *q;
			*nl = 0;
			if (sscanf(p, "%d %d %d %d%n", &z, &x, &y, &d, &n) != 4)
				continue;
			q = p + n;
			for (i = 0; i < b->t->nlayers; i++)
				if (*q++ != ' ' || parse_mask(q, &q, &m[i]) != 0)
					break;
			if (i == b->t->nlayers && z >= 0 && z <= TILES_MAXZ)
				jput(b, z, x, y, m);
		}
	} else if (buf) {
		/* the layers of the old run, from its header: their tiles go too */
		char *names = NULL;
		if ((nl = strchr(buf, '\n')))
			*nl = 0;
		if ((p = strrchr(buf, ' ')) && strncmp(buf, "a2tiles-state ", 14) == 0)
			names = p + 1;
		for (char *tok = names ? strtok(names, ",") : NULL; tok; tok = strtok(NULL, ",")) {
			if (strlen(tok) <= 4 && !strchr(tok, '/') && tok[0] != '.') {
				char *l = a2_path_join(b->dir, tok);
				clean_layer(l, 1);
				rmdir(l);
				free(l);
			}
		}
	}
	free(buf);
	for (int i = 0; i < b->t->nlayers; i++) {
		char *l = a2_path_join(b->dir, b->t->layer[i].name);
		clean_layer(l, !match);
		free(l);
	}
	if (!match)
		a2_write_file(path, head, strlen(head), 0644);
	free(head);
	b->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (b->fd < 0) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static void
journal_add(struct build *b, int z, int x, int y, int d, const struct mask *m)
{
	char line[64 + TILES_MAXLAYERS * 40];
	int n = snprintf(line, sizeof line, "%d %d %d %d", z, x, y, d);

	for (int i = 0; i < b->t->nlayers; i++)
		n += snprintf(line + n, sizeof line - n, " %" PRIx64 ".%" PRIx64, m[i].b[1], m[i].b[0]);
	line[n++] = '\n';
	/* one write per line, O_APPEND: lines never interleave; a line cut
	 * short by a crash has no newline and is ignored */
	pthread_mutex_lock(&b->lock);
	if (write(b->fd, line, n) != n && !b->err)
		b->err = a2_asprintf("%s: %s", b->state, strerror(errno));
	pthread_mutex_unlock(&b->lock);
}

/* ---- tiles ---- */

static void
tile_path(const struct build *b, int li, int z, int x, int y, char *p, size_t n)
{
	/* TMS rows count from the south: the file of XYZ row y is 2^z - 1 - y */
	snprintf(p, n, "%s/%s/%d/%d/%d.png", b->dir, b->t->layer[li].name, z, x,
	    b->t->o.scheme == TILES_TMS ? (1 << z) - 1 - y : y);
}

/* Writes one tile unless a whole one is already there. 1 written, 0 kept,
 * -1 error. */
static int
emit(struct build *b, struct tiles_worker *w, int li, int z, int x, int y, const unsigned char *px,
    size_t stride, char **err)
{
	char path[PATH_MAX];
	const char *e;
	const struct tiles_layer *L = &b->t->layer[li];
	int composite = L->composite;

	tile_path(b, li, z, x, y, path, sizeof path);
	if (pngw_check_file(path))
		return 0;
	if ((L->gunw ? tiles_gunw_encode(&w->png, L, px, TILES_PX, TILES_PX, stride, b->t->o.level, &e) :
	    pngw_encode(&w->png, px, TILES_PX, TILES_PX, stride, composite ? PNGW_RGB_TRNS : PNGW_PALETTE,
	    b->t->o.level, &e)) != 0) {
		*err = a2_asprintf("%s: %s", path, e);
		return -1;
	}
	if (pngw_write_file(path, w->png.data, w->png.len) != 0) {
		char *slash = strrchr(path, '/');
		*slash = 0;
		if (errno != ENOENT || a2_mkdirs(path, 0755) != 0) {
			*err = a2_asprintf("%s: %s", path, strerror(errno));
			return -1;
		}
		*slash = '/';
		if (pngw_write_file(path, w->png.data, w->png.len) != 0) {
			*err = a2_asprintf("%s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 1;
}

/* The composite tile of one tile's co- and cross-polarised pixels;
 * 1 when it has any pixel. */
static int
composite(const struct tiles_layer *C, const unsigned char *a, const unsigned char *b, size_t stride,
    unsigned char *rgb)
{
	int any = 0;

	for (int y = 0; y < TILES_PX; y++) {
		const unsigned char *ra = a + y * stride, *rb = b + y * stride;
		unsigned char *o = rgb + 3 * TILES_PX * y;
		for (int x = 0; x < TILES_PX; x++, o += 3) {
			if (ra[x] && rb[x]) {
				o[0] = ra[x];
				o[1] = rb[x];
				o[2] = C->blut[ra[x] * 256 + rb[x]];
				any = 1;
			} else {
				o[0] = o[1] = o[2] = 0;
			}
		}
	}
	return any;
}

/* Writes the tiles of one tile position in every layer from the pixel
 * blocks px (NULL: blank) and sets bit in the masks. */
static int
emit_all(struct build *b, struct tiles_worker *w, int z, int x, int y, unsigned char *const *px,
    size_t stride, struct mask *m, int bit, long *written, long *kept, char **err)
{
	const struct tiles_set *t = b->t;

	for (int li = 0; li < t->nlayers; li++) {
		const struct tiles_layer *L = &t->layer[li];
		const unsigned char *p = px[li];
		size_t st = stride;
		int r;
		if (L->composite) {
			if (!px[L->co] || !px[L->cross] || !composite(L, px[L->co], px[L->cross], stride, w->rgb))
				continue;
			p = w->rgb;
			st = 3 * TILES_PX;
		} else if (!p) {
			continue;
		}
		mask_set(&m[li], bit);
		if ((r = emit(b, w, li, z, x, y, p, st, err)) < 0)
			return -1;
		*(r ? written : kept) += 1;
	}
	return 0;
}

static int
valid_all(const struct build *b, int z, int x, int y, int q, const struct mask *m)
{
	char path[PATH_MAX];

	for (int li = 0; li < b->t->nlayers; li++)
		for (int k = 0; k <= q; k++)
			for (int ty = 0; ty < (1 << k); ty++)
				for (int tx = 0; tx < (1 << k); tx++) {
					if (!mask_get(&m[li], mask_bit(k, tx, ty)))
						continue;
					tile_path(b, li, z + k, (x << k) + tx, (y << k) + ty, path, sizeof path);
					if (!pngw_check_file(path))
						return 0;
				}
	return 1;
}

static struct node *
node_new(void)
{
	return a2_calloc(1, sizeof(struct node));
}

static void
node_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < TILES_MAXLAYERS; i++)
		free(n->buf[i]);
	free(n);
}

/* The top tile of a metatile whose tiles are all on disk. */
static struct node *
node_lazy(const struct build *b, const struct mask *m)
{
	struct node *n = node_new();

	for (int li = 0; li < b->t->nlayers; li++)
		if (!b->t->layer[li].composite && mask_get(&m[li], 0))
			n->lazy |= 1u << li;
	return n;
}

/* One metatile: warp every layer's sources onto its base zoom, halve it
 * down to the top, write the tiles that hold data. */
static void
run_job(struct build *b, struct tiles_worker *w, struct job *j)
{
	const struct tiles_set *t = b->t;
	struct jent *e = jfind(b, b->m, j->x, j->y);
	int S = b->S, d = b->d;
	double bb[4], gt[6];

	if (e && valid_all(b, b->m, j->x, j->y, d, e->m)) {
		memcpy(j->m, e->m, sizeof j->m);
		j->res = node_lazy(b, e->m);
		j->reused = 1;
		return;
	}
	tiles_bounds(b->m, j->x, j->y, bb);
	gt[0] = bb[0];
	gt[1] = (bb[2] - bb[0]) / S;
	gt[2] = 0;
	gt[3] = bb[3];
	gt[4] = 0;
	gt[5] = -(bb[3] - bb[1]) / S;
	for (int li = 0; li < t->nlayers; li++) {
		const struct tiles_layer *L = &t->layer[li];
		if (L->composite)
			continue;
		memset(w->level[0][li], 0, (size_t)S * S);
		for (int s = 0; s < L->nsrc; s++)
			if (tiles_warp(w, li, s, gt, S, w->level[0][li], &j->err) != 0)
				return;
		for (int k = 1; k <= d; k++)
			(L->gunw == TILES_GUNW_PHASE ? tiles_gunw_half : tiles_half)(w->level[k - 1][li], S >> (k - 1),
			    S >> (k - 1), w->level[k][li], S >> k);
	}
	memset(j->m, 0, sizeof j->m);
	/* children before parents */
	for (int k = 0; k <= d; k++) {
		int n = 1 << (d - k), q = d - k, z = t->zmax - k;
		size_t stride = (size_t)S >> k;
		for (int ty = 0; ty < n; ty++)
			for (int tx = 0; tx < n; tx++) {
				unsigned char *px[TILES_MAXLAYERS] = { 0 };
				for (int li = 0; li < t->nlayers; li++) {
					unsigned char *p;
					if (t->layer[li].composite)
						continue;
					p = w->level[k][li] + (size_t)ty * TILES_PX * stride + tx * TILES_PX;
					px[li] = tiles_blank(p, TILES_PX, TILES_PX, stride) ? NULL : p;
				}
				if (emit_all(b, w, z, j->x * n + tx, j->y * n + ty, px, stride, j->m,
				    mask_bit(q, tx, ty), &j->written, &j->kept, &j->err) != 0)
					return;
			}
	}
	journal_add(b, b->m, j->x, j->y, d, j->m);
	j->res = node_new();
	for (int li = 0; li < t->nlayers; li++)
		if (!t->layer[li].composite && mask_get(&j->m[li], 0)) {
			j->res->buf[li] = a2_malloc(T2);
			memcpy(j->res->buf[li], w->level[d][li], T2);
		}
}

struct thread_arg {
	struct build *b;
	int w;
};

static void *
worker_main(void *arg)
{
	struct thread_arg *a = arg;
	struct build *b = a->b;
	int i;

	while (!__atomic_load_n(&b->failed, __ATOMIC_RELAXED) &&
	    (i = __atomic_fetch_add(&b->next, 1, __ATOMIC_RELAXED)) < b->njobs) {
		run_job(b, &b->wk[a->w], &b->jobs[i]);
		if (b->jobs[i].err)
			__atomic_store_n(&b->failed, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void feed(struct build *b, int z, int x, int y, struct node *n);

static void
zoom_seen(struct tiles_set *t, int li, int z)
{
	if (t->built_min[li] < 0 || z < t->built_min[li])
		t->built_min[li] = z;
	if (z > t->built_max[li])
		t->built_max[li] = z;
}

static void
masks_seen(struct build *b, int z, int q, const struct mask *m)
{
	for (int li = 0; li < b->t->nlayers; li++)
		for (int k = 0; k <= q; k++)
			for (int i = 0; i < (1 << 2 * k); i++)
				if (mask_get(&m[li], mask_bit(k, 0, 0) + i)) {
					zoom_seen(b->t, li, z + k);
					break;
				}
}

static int
run_batch(struct build *b)
{
	pthread_t th[64];
	struct thread_arg args[64];
	int nt = 0;

	b->next = 0;
	for (int i = 1; i < b->nw && i < b->njobs; i++, nt++) {
		args[nt].b = b;
		args[nt].w = i;
		if (pthread_create(&th[nt], NULL, worker_main, &args[nt]) != 0)
			break;
	}
	{
		struct thread_arg self = { b, 0 };
		worker_main(&self);
	}
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < b->njobs; i++) {
		struct job *j = &b->jobs[i];
		if (j->err && !b->err) {
			b->err = j->err;
			j->err = NULL;
		}
		free(j->err);
		if (b->err) {
			node_free(j->res);
			continue;
		}
		b->t->written += j->written;
		b->t->kept += j->kept;
		b->t->reused += j->reused;
		masks_seen(b, b->m, b->d, j->m);
		feed(b, b->m, j->x, j->y, j->res);
	}
	b->njobs = 0;
	return b->err ? -1 : 0;
}

/* A lazy child's pixels, read back from its tile. */
static int
materialise(struct build *b, struct node *n, int z, int x, int y)
{
	char path[PATH_MAX];

	for (int li = 0; n && li < b->t->nlayers; li++)
		if (n->lazy & 1u << li) {
			tile_path(b, li, z, x, y, path, sizeof path);
			n->buf[li] = a2_malloc(T2);
			if (pngw_read_index(path, n->buf[li], TILES_PX, TILES_PX) != 0) {
				if (!b->err)
					b->err = a2_asprintf("%s: not a tile a2tiles wrote", path);
				return -1;
			}
			n->lazy &= ~(1u << li);
		}
	return 0;
}

/* All four children of a tile above the metatiles are in: build it (or
 * take it from disk when it is already whole) and hand it up. */
static void
finalize(struct build *b, int z)
{
	struct pend *p = &b->pend[z];
	struct tiles_set *t = b->t;
	struct jent *e = jfind(b, z, p->x, p->y);
	struct node *n = node_new();
	struct mask m[TILES_MAXLAYERS] = { 0 };

	p->active = 0;
	if (e && valid_all(b, z, p->x, p->y, 0, e->m)) {
		node_free(n);
		n = node_lazy(b, e->m);
		memcpy(m, e->m, sizeof m);
		t->reused++;
	} else if (!b->err) {
		unsigned char *px[TILES_MAXLAYERS] = { 0 };
		for (int c = 0; c < 4; c++)
			materialise(b, p->c[c], z + 1, 2 * p->x + (c & 1), 2 * p->y + (c >> 1));
		for (int li = 0; li < t->nlayers && !b->err; li++) {
			if (t->layer[li].composite)
				continue;
			for (int c = 0; c < 4; c++) {
				const unsigned char *cb = p->c[c] ? p->c[c]->buf[li] : NULL;
				if (!cb)
					continue;
				if (!n->buf[li])
					n->buf[li] = a2_calloc(1, T2);
				(t->layer[li].gunw == TILES_GUNW_PHASE ? tiles_gunw_half : tiles_half)(cb, TILES_PX, TILES_PX,
				    n->buf[li] + (c >> 1) * (TILES_PX / 2) * TILES_PX + (c & 1) * (TILES_PX / 2), TILES_PX);
			}
			px[li] = n->buf[li];
		}
		if (!b->err && emit_all(b, &b->wk[0], z, p->x, p->y, px, TILES_PX, m, 0, &t->written, &t->kept,
		    &b->err) == 0)
			journal_add(b, z, p->x, p->y, 0, m);
	}
	masks_seen(b, z, 0, m);
	for (int c = 0; c < 4; c++) {
		node_free(p->c[c]);
		p->c[c] = NULL;
	}
	feed(b, z, p->x, p->y, n);
}

/* A finished tile of zoom z goes to its parent's slot; a parent whose
 * children are all in (the Z order has moved on) is finalised. */
static void
feed(struct build *b, int z, int x, int y, struct node *n)
{
	struct pend *p;

	if (z == b->t->zmin) {
		node_free(n);
		return;
	}
	p = &b->pend[z - 1];
	if (p->active && (p->x != x >> 1 || p->y != y >> 1))
		finalize(b, z - 1);
	if (!p->active) {
		p->active = 1;
		p->x = x >> 1;
		p->y = y >> 1;
	}
	node_free(p->c[(x & 1) + 2 * (y & 1)]);
	p->c[(x & 1) + 2 * (y & 1)] = n;
}

static int
intersects(const struct tiles_set *t, int z, int x, int y)
{
	double bb[4], eps = tiles_span(z) * 1e-6;

	tiles_bounds(z, x, y, bb);
	if (!(bb[1] + eps < t->merc[3] && t->merc[1] < bb[3] - eps))
		return 0;
	for (int k = 0; k <= 1; k++)
		if (bb[0] + k * 2 * TILES_R + eps < t->merc[2] && t->merc[0] < bb[2] + k * 2 * TILES_R - eps)
			return 1;
	return 0;
}

/* Depth first, children in Z order: metatiles reach the reducer with
 * every parent's children one after another. */
static int
walk(struct build *b, int z, int x, int y)
{
	if (b->err || !intersects(b->t, z, x, y))
		return b->err ? -1 : 0;
	if (z == b->m) {
		struct job *j = &b->jobs[b->njobs++];
		memset(j, 0, sizeof *j);
		j->x = x;
		j->y = y;
		return b->njobs == b->maxjobs ? run_batch(b) : 0;
	}
	for (int c = 0; c < 4; c++)
		if (walk(b, z + 1, 2 * x + (c & 1), 2 * y + (c >> 1)) != 0)
			return -1;
	return 0;
}

int
tiles_build(struct tiles_set *t, const char *dir, char **err)
{
	struct build b = { 0 };
	int n, y0, y1, xu0, xu1, rc = -1;
	double span;

	b.t = t;
	b.dir = dir;
	b.d = t->zmax - t->zmin < t->o.meta ? t->zmax - t->zmin : t->o.meta;
	b.m = t->zmax - b.d;
	b.S = TILES_PX << b.d;
	b.fd = -1;
	b.nw = t->o.threads < 1 ? 1 : t->o.threads > 64 ? 64 : t->o.threads;
	pthread_mutex_init(&b.lock, NULL);
	t->written = t->kept = t->reused = 0;
	for (int i = 0; i < TILES_MAXLAYERS; i++) {
		t->built_min[i] = -1;
		t->built_max[i] = -1;
	}
	if (a2_mkdirs(dir, 0755) != 0) {
		*err = a2_asprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	/* tiles.json, index.html: what a killed run left */
	a2_tmp_sweep(dir, NULL);
	if (state_path(&b, err) != 0)
		return -1;
	if (journal_open(&b, err) != 0) {
		if (b.tmpstate)
			unlink(b.state);
		free(b.state);
		return -1;
	}
	/* a temporary journal is of use to this run only: gone from TMPDIR
	 * at once, so that a run killed leaves nothing there */
	if (b.tmpstate && unlink(b.state) == 0)
		b.tmpstate = 0;
	b.wk = a2_calloc(b.nw, sizeof *b.wk);
	for (int i = 0; i < b.nw; i++)
		tiles_worker_init(&b.wk[i], t);
	b.maxjobs = 64 * b.nw;
	b.jobs = a2_calloc(b.maxjobs, sizeof *b.jobs);

	/* the tiles of the top zoom that the bounds touch */
	n = 1 << t->zmin;
	span = tiles_span(t->zmin);
	y0 = (int)floor((TILES_R - t->merc[3]) / span);
	y1 = (int)floor((TILES_R - t->merc[1]) / span);
	xu0 = (int)floor((t->merc[0] + TILES_R) / span);
	xu1 = (int)floor((t->merc[2] + TILES_R) / span);
	if (xu1 - xu0 + 1 >= n) {
		xu0 = 0;
		xu1 = n - 1;
	}
	for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < n; y++)
		for (int xu = xu0; xu <= xu1; xu++)
			if (walk(&b, t->zmin, ((xu % n) + n) % n, y) != 0)
				goto out;
	if (b.njobs && run_batch(&b) != 0)
		goto out;
	for (int z = b.m - 1; z >= t->zmin && !b.err; z--)
		if (b.pend[z].active)
			finalize(&b, z);
	if (!b.err)
		rc = 0;
out:
	if (b.err) {
		*err = b.err;
		b.err = NULL;
	}
	for (int z = 0; z <= TILES_MAXZ; z++)
		for (int c = 0; c < 4; c++)
			node_free(b.pend[z].c[c]);
	for (int i = 0; i < b.nw; i++)
		tiles_worker_free(&b.wk[i]);
	free(b.wk);
	free(b.jobs);
	free(b.tab);
	if (b.fd >= 0 && close(b.fd) != 0 && rc == 0) {
		*err = a2_asprintf("%s: %s", b.state, strerror(errno));
		rc = -1;
	}
	if (b.tmpstate)
		unlink(b.state);
	free(b.state);
	pthread_mutex_destroy(&b.lock);
	return rc;
}
