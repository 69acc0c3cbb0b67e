/*
 * pack.c: ID.zip of a scene (see pack.h).  The original per-scene zip is
 * kept as it is (a hard link costs nothing and proves identity); only a
 * scene that arrived loose is re-zipped, in a way that gives the same
 * bytes for the same files, so reruns and other machines agree.
 */
#include "product/pack.h"
#include "core/a2.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define PACK_MAX_FILES 100000
#define PACK_MAX_DEPTH 16

struct pack_list {
	char **rel;
	size_t n, cap;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files under root/rel, as paths relative to root. */
static int
list_files(const char *root, const char *rel, int depth, struct pack_list *l, char **err)
{
	char *path = *rel ? a2_path_join(root, rel) : a2_strdup(root);
	DIR *d = opendir(path);
	struct dirent *e;
	int r = 0;

	if (!d) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (r == 0 && (e = readdir(d))) {
		char *sub, *full;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		sub = *rel ? a2_asprintf("%s/%s", rel, e->d_name) : a2_strdup(e->d_name);
		full = a2_path_join(root, sub);
		if (lstat(full, &st) != 0) {
			*err = a2_asprintf("%s: %s", full, strerror(errno));
			r = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= PACK_MAX_DEPTH) {
				*err = a2_asprintf("%s: directories nested deeper than %d", full, PACK_MAX_DEPTH);
				r = -1;
			} else
				r = list_files(root, sub, depth + 1, l, err);
		} else if (S_ISREG(st.st_mode)) {
			if (l->n == PACK_MAX_FILES) {
				*err = a2_asprintf("%s: more than %d files", root, PACK_MAX_FILES);
				r = -1;
			} else {
				if (l->n == l->cap) {
					l->cap = l->cap ? 2 * l->cap : 64;
					l->rel = a2_realloc(l->rel, l->cap * sizeof *l->rel);
				}
				l->rel[l->n++] = sub;
				sub = NULL;
			}
		} else
			a2_warn("%s: not a regular file, left out", full);
		free(sub);
		free(full);
	}
	closedir(d);
	free(path);
	return r;
}

static void
list_free(struct pack_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->rel[i]);
	free(l->rel);
}

/* 1 when both files hold the same bytes, 0 when not, -1 on error. */
static int
same_bytes(const char *a, const char *b)
{
	static char ba[1 << 16], bb[1 << 16];
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int r = 1;

	if (!fa || !fb) {
		r = -1;
		goto out;
	}
	for (;;) {
		size_t na = fread(ba, 1, sizeof ba, fa);
		size_t nb = fread(bb, 1, sizeof bb, fb);

		if (na != nb || memcmp(ba, bb, na) != 0) {
			r = 0;
			break;
		}
		if (na == 0) {
			if (ferror(fa) || ferror(fb))
				r = -1;
			break;
		}
	}
out:
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return r;
}

/* 1 when path exists with the same size and bytes as other. */
static int
same_file(const char *path, const char *other)
{
	struct stat a, b;

	if (stat(path, &a) != 0 || stat(other, &b) != 0 || a.st_size != b.st_size)
		return 0;
	return same_bytes(path, other) == 1;
}

/* DOS date of "YYYY-MM-DD" (the zip format counts from 1980). */
static zip_uint16_t
dos_date(const char *date)
{
	int y, m, d;

	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    y < 1980 || y > 2107 || m < 1 || m > 12 || d < 1 || d > 31)
		return (0 << 9) | (1 << 5) | 1;
	return (zip_uint16_t)(((y - 1980) << 9) | (m << 5) | d);
}

int
pack_rezip(const char *dir, const char *path, const char *date, char **err)
{
	struct pack_list l = { 0 };
	struct a2_out o;
	zip_uint16_t dd = dos_date(date);
	zip_t *za;
	int zerr, r = -1;

	if (list_files(dir, "", 0, &l, err) != 0)
		goto out;
	if (l.n == 0) {
		*err = a2_asprintf("%s: no files to pack", dir);
		goto out;
	}
	qsort(l.rel, l.n, sizeof *l.rel, cmp_str);
	if (a2_out_open(&o, path, 0644) != 0) {
		*err = a2_asprintf("%s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	/*
	 * libzip writes its own temp file next to the name it is given and
	 * renames it over that name on zip_close: giving it our registered
	 * temp name keeps the half-written archive away from the final name.
	 */
	if (!(za = zip_open(o.tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		*err = a2_asprintf("%s: %s", o.tmp, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		a2_out_abort(&o);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		char *full = a2_path_join(dir, l.rel[i]);
		zip_source_t *src = zip_source_file(za, full, 0, -1);
		zip_int64_t idx = -1;

		if (src && (idx = zip_file_add(za, l.rel[i], src, 0)) < 0)
			zip_source_free(src);
		/* Time and mode are fixed, not taken from the disk, so the
		 * bytes depend on the names and contents alone. */
		if (!src || idx < 0 ||
		    zip_set_file_compression(za, idx, ZIP_CM_DEFLATE, 6) != 0 ||
		    zip_file_set_dostime(za, idx, 0, dd, 0) != 0 ||
		    zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX,
		    (zip_uint32_t)(S_IFREG | 0644) << 16) != 0) {
			*err = a2_asprintf("%s: %s", full, zip_strerror(za));
			free(full);
			zip_discard(za);
			a2_out_abort(&o);
			goto out;
		}
		free(full);
	}
	if (zip_close(za) != 0) {
		*err = a2_asprintf("%s: %s", path, zip_strerror(za));
		zip_discard(za);
		a2_out_abort(&o);
		goto out;
	}
	if (chmod(o.tmp, 0644) != 0 || a2_fsync_path(o.tmp) != 0) {
		*err = a2_asprintf("%s: %s", o.tmp, strerror(errno));
		a2_out_abort(&o);
		goto out;
	}
	if (same_file(path, o.tmp)) {
		/* Keep the old file (and its mtime): make must see no change. */
		a2_out_abort(&o);
		r = 0;
		goto out;
	}
	if (a2_out_commit(&o) != 0) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	list_free(&l);
	return r;
}

/* Copies src to path atomically. */
static int
copy_file(const char *src, const char *path, char **err)
{
	static char buf[1 << 16];
	struct a2_out o;
	FILE *in = fopen(src, "rb");
	size_t n;

	if (!in) {
		*err = a2_asprintf("%s: %s", src, strerror(errno));
		return -1;
	}
	if (a2_out_open(&o, path, 0644) != 0) {
		*err = a2_asprintf("%s: cannot create: %s", path, strerror(errno));
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, o.fp) != n)
			break;
	if (ferror(in) || ferror(o.fp)) {
		*err = a2_asprintf("%s: copy to %s failed: %s", src, path, strerror(errno));
		fclose(in);
		a2_out_abort(&o);
		return -1;
	}
	fclose(in);
	if (a2_out_commit(&o) != 0) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Puts archive at path as a hard link, or as a copy where links cannot
 * be made (another filesystem); *method says which.
 */
static int
link_or_copy(const char *archive, const char *path, const char **method, char **err)
{
	struct stat sa, sp;
	struct a2_out o;

	if (stat(archive, &sa) != 0) {
		*err = a2_asprintf("%s: archive: %s", archive, strerror(errno));
		return -1;
	}
	if (stat(path, &sp) == 0) {
		if (sp.st_dev == sa.st_dev && sp.st_ino == sa.st_ino) {
			*method = "link";
			return 0;
		}
		if (same_file(path, archive)) {
			*method = "copy";
			return 0;
		}
	}
	/* The registered temp name becomes the link, so a signal between
	 * link and rename still removes it. */
	if (a2_out_open(&o, path, 0644) != 0) {
		*err = a2_asprintf("%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	unlink(o.tmp);
	if (link(archive, o.tmp) == 0) {
		if (a2_out_commit(&o) != 0) {
			*err = a2_asprintf("%s: %s", path, strerror(errno));
			return -1;
		}
		*method = "link";
		return 0;
	}
	if (errno != EXDEV && errno != EPERM && errno != EMLINK &&
	    errno != ENOTSUP && errno != EOPNOTSUPP) {
		*err = a2_asprintf("%s: cannot link %s: %s", path, archive, strerror(errno));
		a2_out_abort(&o);
		return -1;
	}
	a2_out_abort(&o);
	*method = "copy";
	return copy_file(archive, path, err);
}

static int
valid_id(const char *id)
{
	if (!id || !*id || strlen(id) > 128 || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return 0;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
	    strlen(id);
}

json_t *
pack_scene(json_t *scene, const char *outdir, char **err)
{
	const char *id = a2_json_str(scene, "id");
	const char *dir = a2_json_str(scene, "dir");
	const char *archive = a2_json_str(scene, "archive");
	const char *method = "rezip";
	char *absdir, *name, *path;
	struct stat st;
	json_t *res = NULL;

	if (!valid_id(id)) {
		*err = a2_asprintf("scene: \"id\" missing or not a product name");
		return NULL;
	}
	if (!archive && !dir) {
		*err = a2_asprintf("scene %s: neither \"archive\" nor \"dir\"", id);
		return NULL;
	}
	if (a2_mkdirs(outdir, 0755) != 0) {
		*err = a2_asprintf("%s: %s", outdir, strerror(errno));
		return NULL;
	}
	if (!(absdir = realpath(outdir, NULL))) {
		*err = a2_asprintf("%s: %s", outdir, strerror(errno));
		return NULL;
	}
	name = a2_asprintf("%s.zip", id);
	path = a2_path_join(absdir, name);
	/* what an a2pack killed while writing this ID.zip left (its own temp
	 * and libzip's beside it); a concurrent one's are kept */
	a2_tmp_sweep_beside(path);
	if (archive ? link_or_copy(archive, path, &method, err) != 0 :
	    pack_rezip(dir, path, a2_json_str(scene, "date"), err) != 0)
		goto out;
	if (stat(path, &st) != 0) {
		*err = a2_asprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	res = json_pack("{s:s, s:s, s:s, s:I}", "id", id, "zip", path, "method", method,
	    "size", (json_int_t)st.st_size);
out:
	free(absdir);
	free(name);
	free(path);
	return res;
}
