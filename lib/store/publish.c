/*
 * publish.c: a product directory into the datasets layout (publish.h) of
 * a directory, an S3 bucket (libcurl's AWS SigV4) or a WebDAV server
 * (MKCOL, PUT), refusing to overwrite as HySDS's noclobber did.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <nettle/sha2.h>

#include "core/a2.h"
#include "net/http.h"
#include "net/s3.h"
#include "store/publish.h"
#include "store/stac.h"

/* The files of a product: paths relative to its directory, in publish
 * order (ID.dataset.json last). */
struct files {
	char **rel;
	size_t n, cap;
	const char *marker;
	char *item_rel, *item; /* ID.stac.json and its published form (or NULL) */
};

static void
files_add(struct files *f, const char *rel)
{
	if (f->n == f->cap)
		f->rel = a2_realloc(f->rel, (f->cap = f->cap ? 2 * f->cap : 32) * sizeof *f->rel);
	f->rel[f->n++] = a2_strdup(rel);
}

static void
files_free(struct files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->rel[i]);
	free(f->rel);
	free(f->item_rel);
	free(f->item);
	memset(f, 0, sizeof *f);
}

static int
walk(const char *top, const char *rel, struct files *f)
{
	char *dir = *rel ? a2_path_join(top, rel) : a2_strdup(top);
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), r = 0;

	if (n < 0) {
		a2_warn("%s:", dir);
		free(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *sub = *rel ? a2_asprintf("%s/%s", rel, name) : a2_strdup(name);
		char *full = a2_path_join(top, sub);
		struct stat st;

		/* every file is published, so a product directory must hold
		 * nothing but the product: a dot file (a temporary of a run
		 * still going or killed, a stamp of another tool) is refused */
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			;
		else if (*name == '.' && r == 0) {
			a2_warn("%s: a dot file in a product directory (a2 keeps its state under work/)", full);
			r = -1;
		} else if (r == 0 && stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				r = walk(top, sub, f);
			else if (S_ISREG(st.st_mode))
				files_add(f, sub);
		}
		free(sub);
		free(full);
		free(ents[i]);
	}
	free(ents);
	free(dir);
	return r;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
is_browse(const char *rel)
{
	return !strchr(rel, '/') && (ends_with(rel, ".browse.png") || ends_with(rel, ".browse_small.png"));
}

/* Lists the product; the marker (ID.dataset.json) goes last. */
static int
list_product(const struct catalog_product *p, struct files *f, char **marker)
{
	size_t i, k;

	*marker = a2_asprintf("%s.dataset.json", p->id);
	if (walk(p->product, "", f) != 0)
		return -1;
	for (i = k = 0; i < f->n; i++)
		if (strcmp(f->rel[i], *marker) == 0)
			k = i + 1;
	if (!k) {
		a2_warn("%s: no %s", p->product, *marker);
		return -1;
	}
	char *m = f->rel[k - 1];
	memmove(f->rel + k - 1, f->rel + k, (f->n - k) * sizeof *f->rel);
	f->rel[f->n - 1] = m;
	return 0;
}

char *
publish_path(const struct catalog_product *p, const char *kind)
{
	return a2_asprintf("%s/%s/%s/%s/%s", kind, p->type, p->version, p->date, p->id);
}

char *
publish_url(const char *base, const struct catalog_product *p)
{
	char *rel = publish_path(p, "datasets"), *u;
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	u = a2_asprintf("%.*s/%s/", (int)n, base, rel);
	free(rel);
	return u;
}

/*
 * The Item as published: its root, parent and collection links lead from
 * datasets/TYPE/VERSION/YYYY/MM/DD/ID/ to the root's catalog.json and
 * datasets/TYPE/collection.json (the data dir's lead from products/ID/ to
 * its catalog.json and collections/TYPE/: no relative href can do both),
 * and, with a
 * base URL, self is its public URL.  Everything else is as a2md wrote it.
 */
static int
published_item(const struct catalog_product *p, const struct publish_opts *o, struct files *f)
{
	char *path, *rel, *self = NULL, *url;
	json_error_t je;
	json_t *item;

	f->item_rel = a2_asprintf("%s.stac.json", p->id);
	path = a2_path_join(p->product, f->item_rel);
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (!(item = json_load_file(path, 0, &je)) || !json_is_object(item)) {
		a2_warn("%s: %s", path, item ? "not a JSON object" : je.text);
		json_decref(item);
		free(path);
		return -1;
	}
	/* the Collection of the type it is published under */
	json_object_set_new(item, "collection", json_string(p->type));
	rel = publish_path(p, "datasets");
	if (o->base) {
		url = publish_url(o->base, p);
		self = a2_asprintf("%s%s", url, f->item_rel);
		free(url);
	}
	stac_item_links(item, rel, "datasets", self);
	f->item = a2_json_dumps(item);
	json_decref(item);
	free(rel);
	free(self);
	free(path);
	return 0;
}

/* ---- a directory ---- */

/* Writes BUF as the new file TO. */
static int
write_new(const char *to, const char *buf)
{
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), r = 0;
	size_t n = strlen(buf);

	if (out < 0) {
		a2_warn("%s:", to);
		return -1;
	}
	for (ssize_t done = 0, w; (size_t)done < n; done += w)
		if ((w = write(out, buf + done, n - done)) < 0) {
			a2_warn("%s: write:", to);
			r = -1;
			break;
		}
	if (r == 0 && fsync(out) != 0) {
		a2_warn("%s: fsync:", to);
		r = -1;
	}
	if (close(out) != 0 && r == 0) {
		a2_warn("%s:", to);
		r = -1;
	}
	return r;
}

static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out, r = 0;
	char buf[1 << 16];
	ssize_t n;

	if (in < 0) {
		a2_warn("%s:", from);
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		a2_warn("%s:", to);
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		for (ssize_t done = 0, w; done < n; done += w)
			if ((w = write(out, buf + done, n - done)) < 0) {
				a2_warn("%s: write:", to);
				r = -1;
				goto out;
			}
	if (n < 0) {
		a2_warn("%s: read:", from);
		r = -1;
	} else if (fsync(out) != 0) {
		a2_warn("%s: fsync:", to);
		r = -1;
	}
out:
	close(in);
	if (close(out) != 0 && r == 0) {
		a2_warn("%s:", to);
		r = -1;
	}
	return r;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Fills PARENT/.NAME.tmp.PID@HOST.XXXXXX with the files of src, then
 * renames it to final (an absolute PARENT/NAME): without force with
 * RENAME_NOREPLACE (so two publishers cannot both win), with force by
 * exchanging it with the old one, which is then removed.  Those that
 * publishers killed on this host left go first.
 */
static int
dir_install(const char *src, struct files *f, const char *final, int browse_only, int force)
{
	char *parent = a2_strndup(final, strrchr(final, '/') - final);
	char *tmp = a2_tmp_beside(final, "XXXXXX");
	int r = A2_EXIT_FAIL;

	if (a2_mkdirs(parent, 0755) != 0) {
		a2_warn("%s:", parent);
		goto out;
	}
	a2_tmp_sweep_beside(final);
	if (!mkdtemp(tmp)) {
		a2_warn("%s:", tmp);
		goto out;
	}
	chmod(tmp, 0755);
	for (size_t i = 0; i < f->n; i++) {
		char *from, *to, *slash;
		if (browse_only && !is_browse(f->rel[i]))
			continue;
		from = a2_path_join(src, f->rel[i]);
		to = a2_path_join(tmp, f->rel[i]);
		slash = strrchr(to, '/');
		*slash = '\0';
		if (a2_mkdirs(to, 0755) != 0)
			a2_warn("%s:", to);
		*slash = '/';
		if (f->item && strcmp(f->rel[i], f->item_rel) == 0 ? write_new(to, f->item) != 0 :
		    copy_file(from, to) != 0) {
			free(from);
			free(to);
			rm_tree(tmp);
			goto out;
		}
		free(from);
		free(to);
	}
	a2_fsync_dir(tmp);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) == 0) {
		r = A2_EXIT_OK;
	} else if (errno == EEXIST && !force) {
		a2_warn("%s: already published (--force replaces it)", final);
		rm_tree(tmp);
	} else if (errno == EEXIST && renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
		rm_tree(tmp);   /* now the old product */
		r = A2_EXIT_OK;
	} else {
		a2_warn("%s:", final);
		rm_tree(tmp);
	}
	if (r == A2_EXIT_OK)
		a2_fsync_dir(parent);
out:
	free(parent);
	free(tmp);
	return r;
}

static int
dir_put(const struct catalog_product *p, const char *root, const char *kind,
    struct files *f, int browse_only, int force)
{
	char *rel = publish_path(p, kind), *final = a2_path_join(root, rel);
	int r = dir_install(p->product, f, final, browse_only, force);

	free(rel);
	free(final);
	return r;
}

static int
publish_dir(const struct catalog_product *p, const char *root, const struct publish_opts *o,
    struct files *f, char **location)
{
	char *rel = publish_path(p, "datasets"), *final = a2_path_join(root, rel);
	int has_browse = 0, r;

	free(rel);
	/* checked first so that a refused product does not touch browse/ */
	if (!o->force && access(final, F_OK) == 0) {
		a2_warn("%s: already published (--force replaces it)", final);
		free(final);
		return A2_EXIT_FAIL;
	}
	for (size_t i = 0; i < f->n; i++)
		has_browse |= is_browse(f->rel[i]);
	if (has_browse && (r = dir_put(p, root, "browse", f, 1, 1)) != A2_EXIT_OK) {
		free(final);
		return r;
	}
	if ((r = dir_put(p, root, "datasets", f, 0, o->force)) == A2_EXIT_OK)
		*location = final;
	else
		free(final);
	return r;
}

/* ---- HTTP: S3 and WebDAV ---- */

struct remote {
	CURL *c;
	const struct publish_opts *o;
	char *base;                 /* URL the relative paths are appended to */
	char *shown;                /* root for messages and the catalog */
	int s3;
	struct s3_target t;         /* S3: addressing and credentials */
	char **made;                /* WebDAV collections known to exist */
	size_t nmade;
};

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	return size * n;
}

static int
sha256_file(const char *path, char hex[65])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE], buf[1 << 16];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return -1;
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&c, n, buf);
	fclose(fp);
	sha256_digest(&c, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}

/*
 * One request: method on base/rel, uploading file if given.  Returns the
 * HTTP status, or -1 (transport error, warned) with *code the exit status.
 */
static long
request(struct remote *x, const char *method, const char *rel, const char *file, int *code)
{
	char *path = http_url_path(rel), *url = a2_asprintf("%s/%s", x->base, path);
	struct http_opts ho = x->o->http;
	struct curl_slist *h = NULL;
	FILE *fp = NULL;
	char sha[65];
	long status = -1;
	CURLcode e;

	/* one handle, reset, so that the connection is reused; redirects
	 * are answers here, and requests are logged as a whole */
	ho.agent = "a2publish";
	ho.userpwd = x->s3 ? x->t.keys : NULL;
	curl_easy_reset(x->c);
	http_setup(x->c, url, &ho, HTTP_STALL | HTTP_NOFOLLOW | HTTP_NOTRACE, NULL);
	curl_easy_setopt(x->c, CURLOPT_WRITEFUNCTION, discard);
	if (x->s3) {
		/* libcurl signs the payload hash given here (it cannot hash an
		 * upload it streams) */
		if (file && sha256_file(file, sha) != 0) {
			a2_warn("%s:", file);
			*code = A2_EXIT_FAIL;
			goto out;
		}
		h = s3_sign(x->c, &x->t, file ? sha : NULL, h);
	}
	if (file) {
		struct stat st;
		if (!(fp = fopen(file, "rb")) || fstat(fileno(fp), &st) != 0) {
			a2_warn("%s:", file);
			*code = A2_EXIT_FAIL;
			goto out;
		}
		curl_easy_setopt(x->c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(x->c, CURLOPT_READDATA, fp);
		curl_easy_setopt(x->c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
		h = curl_slist_append(h, "Expect:");
	} else if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(x->c, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(x->c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(x->c, CURLOPT_HTTPHEADER, h);
	a2_log("%s %s/%s", method, x->shown, rel);
	if ((e = curl_easy_perform(x->c)) != CURLE_OK) {
		a2_warn("%s/%s: %s", x->shown, rel, curl_easy_strerror(e));
		*code = A2_EXIT_TEMPFAIL;
		goto out;
	}
	curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, &status);
	a2_log("%s %s/%s: %ld", method, x->shown, rel, status);
out:
	if (fp)
		fclose(fp);
	curl_slist_free_all(h);
	free(path);
	free(url);
	return status;
}

/* The exit status an unexpected HTTP status calls for (warned). */
static int
http_fail(struct remote *x, const char *method, const char *rel, long status)
{
	a2_warn("%s/%s: %s answered HTTP %ld", x->shown, rel, method, status);
	if (status == 401 || status == 403)
		return A2_EXIT_NOPERM;
	return status >= 500 || status == 429 ? A2_EXIT_TEMPFAIL : A2_EXIT_FAIL;
}

/* MKCOL every collection above rel that this run has not seen yet. */
static int
dav_mkcols(struct remote *x, const char *rel)
{
	char *p = a2_strdup(rel);
	int code = A2_EXIT_OK;

	for (char *s = strchr(p, '/'); s && code == A2_EXIT_OK; s = strchr(s + 1, '/')) {
		size_t i;
		long st;
		*s = '\0';
		for (i = 0; i < x->nmade && strcmp(x->made[i], p) != 0; i++)
			;
		if (i == x->nmade) {
			char *col = a2_asprintf("%s/", p);
			st = request(x, "MKCOL", col, NULL, &code);
			free(col);
			/* 405: it exists already */
			if (st >= 0 && st != 201 && st != 405)
				code = http_fail(x, "MKCOL", p, st);
			x->made = a2_realloc(x->made, (x->nmade + 1) * sizeof *x->made);
			x->made[x->nmade++] = a2_strdup(p);
		}
		*s = '/';
	}
	free(p);
	return code;
}

static int
remote_put(struct remote *x, const char *rel, const char *file)
{
	int code = A2_EXIT_OK;
	long st;

	if (!x->s3 && (code = dav_mkcols(x, rel)) != A2_EXIT_OK)
		return code;
	st = request(x, "PUT", rel, file, &code);
	if (st < 0)
		return code;
	if (st != 200 && st != 201 && st != 204)
		return http_fail(x, "PUT", rel, st);
	return A2_EXIT_OK;
}

static void
remote_free(struct remote *x)
{
	if (x->s3)
		s3_free(&x->t);
	else {
		free(x->base);
		free(x->shown);
	}
	for (size_t i = 0; i < x->nmade; i++)
		free(x->made[i]);
	free(x->made);
	if (x->c)
		curl_easy_cleanup(x->c);
}

/* dir/rel, or either alone when the other is empty (new string). */
static char *
under(const char *dir, const char *rel)
{
	return a2_asprintf("%s%s%s", dir, *dir && *rel ? "/" : "", rel);
}

/*
 * Sets x up for root; *dir gets where root is below the server's root
 * (WebDAV, so that MKCOL can make that path as well), or "" on S3, whose
 * prefix is part of x->base.
 */
static int
remote_open(struct remote *x, const char *root, char **dir)
{
	*dir = NULL;
	x->c = http_handle(root, &x->o->http, HTTP_NOTRACE, NULL);
	if (strncmp(root, "s3://", 5) == 0) {
		int code;

		x->s3 = 1;
		*dir = a2_strdup("");
		if ((code = s3_open(root, S3_NEED_KEYS, &x->t)) == A2_EXIT_OK) {
			x->base = x->t.base;
			x->shown = x->t.shown;
		}
		return code;
	}
	char *clean = a2_url_strip_credentials(root), *host = strstr(clean, "://") + 3;
	char *path = host + strcspn(host, "/");
	int tls = strncmp(root, "davs://", 7) == 0;
	size_t n = strlen(path);

	while (n && path[n - 1] == '/')
		path[--n] = '\0';
	*dir = a2_strdup(path + strspn(path, "/"));
	http_squeeze_slashes(*dir);
	x->shown = a2_strndup(clean, host + strcspn(host, "/") - clean);
	x->base = a2_asprintf("%s%s", tls ? "https" : "http", strstr(x->shown, "://"));
	free(clean);
	return A2_EXIT_OK;
}

/* The published Item as a scratch file to upload ($TMPDIR, removed after
 * the upload); NULL (warned) on error. */
static char *
item_file(const char *item)
{
	const char *d = getenv("TMPDIR");
	char *path = a2_asprintf("%s/a2publish.item.XXXXXX", d && *d ? d : "/tmp");
	int fd = mkstemp(path);

	if (fd < 0) {
		a2_warn("%s:", path);
		free(path);
		return NULL;
	}
	close(fd);
	unlink(path);
	if (write_new(path, item) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/*
 * Uploads the files of src under ds (browse images also under br, when
 * not NULL), the marker (the last file) last.  noclobber: a marker already
 * there means published, refused unless force.
 */
static int
remote_send(struct remote *x, const char *src, struct files *f, const char *ds, const char *br,
    int force)
{
	char *rel = under(ds, f->rel[f->n - 1]);
	int code = A2_EXIT_OK;
	long st;

	st = request(x, "HEAD", rel, NULL, &code);
	free(rel);
	if (st < 0)
		return code;
	if (st == 200 && !force) {
		a2_warn("%s/%s: already published (--force replaces it)", x->shown, ds);
		return A2_EXIT_FAIL;
	}
	if (st != 200 && st != 404)
		return http_fail(x, "HEAD", ds, st);
	for (size_t i = 0; i < f->n && code == A2_EXIT_OK; i++) {
		char *file = f->item && strcmp(f->rel[i], f->item_rel) == 0 ? item_file(f->item) :
		    a2_path_join(src, f->rel[i]);
		int tmp = file != NULL && f->item && strcmp(f->rel[i], f->item_rel) == 0;

		if (!file) {
			code = A2_EXIT_FAIL;
			break;
		}
		if (br && is_browse(f->rel[i])) {
			rel = under(br, f->rel[i]);
			code = remote_put(x, rel, file);
			free(rel);
		}
		if (code == A2_EXIT_OK) {
			rel = under(ds, f->rel[i]);
			code = remote_put(x, rel, file);
			free(rel);
		}
		if (tmp)
			unlink(file);
		free(file);
	}
	return code;
}

static int
publish_remote(const struct catalog_product *p, const char *root, const struct publish_opts *o,
    struct files *f, char **location)
{
	struct remote x = { .o = o };
	char *ds = publish_path(p, "datasets"), *br = publish_path(p, "browse"), *dir, *t;
	int code;

	if ((code = remote_open(&x, root, &dir)) == A2_EXIT_OK) {
		t = under(dir, ds);
		free(ds);
		ds = t;
		t = under(dir, br);
		free(br);
		br = t;
		code = remote_send(&x, p->product, f, ds, br, o->force);
	}
	if (code == A2_EXIT_OK)
		*location = a2_asprintf("%s/%s", x.shown, ds);
	remote_free(&x);
	free(dir);
	free(ds);
	free(br);
	return code;
}

static int
is_remote(const char *root)
{
	return strncmp(root, "s3://", 5) == 0 || strncmp(root, "dav://", 6) == 0 ||
	    strncmp(root, "davs://", 7) == 0;
}

/* The files of a flat directory, JSON files (the metadata that makes the
 * others findable) last, so that the last one can mark completion. */
static int
list_flat(const char *dir, struct files *f)
{
	size_t k = 0;

	if (walk(dir, "", f) != 0)
		return -1;
	if (f->n == 0) {
		a2_warn("%s: no files to publish", dir);
		return -1;
	}
	for (size_t i = 0; i < f->n; i++)
		if (!ends_with(f->rel[i], ".json")) {
			char *t = f->rel[i];
			memmove(f->rel + k + 1, f->rel + k, (i - k) * sizeof *f->rel);
			f->rel[k++] = t;
		}
	return 0;
}

static int
flat_dir(const char *dir, const char *dest, const struct publish_opts *o, struct files *f,
    char **location)
{
	char *d = a2_strdup(dest), *parent, *abs = NULL, *final;
	size_t n = strlen(d);
	int r = A2_EXIT_FAIL;

	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	parent = strrchr(d, '/') ? a2_strndup(d, strrchr(d, '/') - d + (strrchr(d, '/') == d)) :
	    a2_strdup(".");
	if (!*a2_basename(d) || strcmp(a2_basename(d), ".") == 0 ||
	    strcmp(a2_basename(d), "..") == 0)
		a2_warn("%s: not a directory name to publish to", dest);
	else if (a2_mkdirs(parent, 0755) != 0 || !(abs = realpath(parent, NULL)))
		a2_warn("%s:", parent);
	else {
		final = a2_asprintf("%s/%s", strcmp(abs, "/") ? abs : "", a2_basename(d));
		if ((r = dir_install(dir, f, final, 0, o->force)) == A2_EXIT_OK)
			*location = final;
		else
			free(final);
	}
	free(abs);
	free(parent);
	free(d);
	return r;
}

int
publish_flat(const char *dir, const char *dest, const struct publish_opts *o, char **location,
    size_t *nfiles)
{
	struct files f = { 0 };
	int code;

	*location = NULL;
	*nfiles = 0;
	if (list_flat(dir, &f) != 0) {
		files_free(&f);
		return A2_EXIT_FAIL;
	}
	if (is_remote(dest)) {
		struct remote x = { .o = o };
		char *path;

		if ((code = remote_open(&x, dest, &path)) == A2_EXIT_OK &&
		    (code = remote_send(&x, dir, &f, path, NULL, o->force)) == A2_EXIT_OK)
			*location = under(x.shown, path);
		remote_free(&x);
		free(path);
	} else if (strstr(dest, "://")) {
		a2_warn("%s: not a directory, s3://, dav:// or davs:// destination", dest);
		code = A2_EXIT_USAGE;
	} else
		code = flat_dir(dir, dest, o, &f, location);
	if (code == A2_EXIT_OK)
		*nfiles = f.n;
	files_free(&f);
	return code;
}

/* The tree built in a scratch directory ($TMPDIR), then uploaded. */
static int
stac_remote(struct catalog *c, const char *root, const struct publish_opts *o)
{
	struct remote x = { .o = o };
	struct files f = { 0 };
	struct stac_tree t = { .colls = "datasets", .base = o->base };
	const char *tmpdir = getenv("TMPDIR");
	char *dir, *scratch = NULL, *match = NULL, *err;
	int code;

	if ((code = remote_open(&x, root, &dir)) != A2_EXIT_OK)
		goto out;
	scratch = a2_asprintf("%s/a2publish.stac.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(scratch)) {
		a2_warn("%s:", scratch);
		free(scratch);
		scratch = NULL;
		code = A2_EXIT_FAIL;
		goto out;
	}
	t.top = scratch;
	t.match = match = under(x.shown, dir);
	if (stac_tree_from_catalog(c, &t, 1, NULL, &err) != 0) {
		a2_warn("%s: %s", root, err);
		free(err);
		code = A2_EXIT_FAIL;
		goto out;
	}
	if (walk(scratch, "", &f) != 0) {
		code = A2_EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < f.n && code == A2_EXIT_OK; i++) {
		char *file = a2_path_join(scratch, f.rel[i]), *rel = under(dir, f.rel[i]);
		code = remote_put(&x, rel, file);
		free(rel);
		free(file);
	}
out:
	if (scratch)
		rm_tree(scratch);
	files_free(&f);
	remote_free(&x);
	free(scratch);
	free(match);
	free(dir);
	return code;
}

int
publish_stac(struct catalog *c, const char *root, const struct publish_opts *o)
{
	char real[PATH_MAX], *err;
	struct stac_tree t = { .top = real, .colls = "datasets", .base = o->base };

	if (is_remote(root))
		return stac_remote(c, root, o);
	if (!realpath(root, real)) {
		a2_warn("%s:", root);
		return A2_EXIT_FAIL;
	}
	if (stac_tree_from_catalog(c, &t, 1, NULL, &err) != 0) {
		a2_warn("%s: %s", root, err);
		free(err);
		return A2_EXIT_FAIL;
	}
	return A2_EXIT_OK;
}

int
publish_product(const struct catalog_product *p, const char *root, const struct publish_opts *o,
    char **location)
{
	struct files f = { 0 };
	char *marker = NULL;
	int code;

	*location = NULL;
	if (list_product(p, &f, &marker) != 0 || published_item(p, o, &f) != 0) {
		files_free(&f);
		free(marker);
		return A2_EXIT_FAIL;
	}
	if (is_remote(root))
		code = publish_remote(p, root, o, &f, location);
	else if (strstr(root, "://")) {
		a2_warn("%s: not a directory, s3://, dav:// or davs:// root", root);
		code = A2_EXIT_USAGE;
	} else {
		char abs[PATH_MAX];
		if (a2_mkdirs(root, 0755) != 0 || !realpath(root, abs)) {
			a2_warn("%s:", root);
			code = A2_EXIT_FAIL;
		} else
			code = publish_dir(p, abs, o, &f, location);
	}
	files_free(&f);
	free(marker);
	return code;
}
