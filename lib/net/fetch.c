/*
 * fetch.c: one verified, resumable download with libcurl (see fetch.h).
 * The remote answer decides everything: a 206 continues the .part, a 200
 * starts it over, a length that does not add up is retried, and only a
 * complete, fsynced file is renamed to its name and given a record.
 * Handle set-up, retry policy and redirects with extra headers are the
 * HTTP layer's (http.c); what is kept here is what a file needs.
 */
#include "core/a2.h"
#include "net/fetch.h"
#include "net/s3.h"
#include "net/http.h"
#include "net/netrc.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FLUSH_EVERY (32 << 20)
#define HASH_CHUNK (1 << 20)

/*
 * SHA-256 of .part in a thread of its own, reading back what the transfer
 * wrote (from the page cache): hashing in the write callback made a2fetch
 * a quarter slower than curl on a fast link.  The file is the buffer, so
 * the transfer never waits for the hash; the hash waits for data.
 */
struct hasher {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int fd;
	int running, err;
	int stop;               /* 1: hash what is left, then end; 2: end now */
	long long avail;        /* bytes written, ready to hash */
	long long hashed;
	struct sha256_ctx sha;
};

/* Why the write callback stopped a transfer. */
enum { STOP_NONE, STOP_STATUS, STOP_HTML, STOP_IO, STOP_NAME, STOP_RANGE, STOP_LOCK, STOP_STALL,
	STOP_LOGIN };
/* URL schemes, as libcurl sees them. */
enum { SC_HTTP, SC_FILE, SC_FTP };
/* What to do after an attempt. */
enum { A_DONE, A_RETRY, A_RESTART, A_FAIL };

struct xfer {
	CURL *c;
	const struct fetch_opts *o;
	const char *url;        /* without credentials, for messages */
	const char *dir;
	char *guess;            /* name from the URL */
	int file;               /* file:// */
	int ftp;                /* ftp:// */
	struct s3_target *s3;   /* s3://: where it is, how requests are signed */
	int head;
	char *name;             /* known from the state file or the answer */
	char *part;
	int fd;
	curl_off_t have;        /* bytes in .part, all of them hashed */
	curl_off_t flushed;     /* bytes whose writeback was started */
	curl_off_t asked;       /* range start asked for, -1 none */
	curl_off_t total;       /* expected full size, -1 unknown */
	char *etag, *lastmod;   /* validators of the bytes in .part */
	struct hasher hash;     /* of .part, from byte 0 */
	int started, fail, auth_sent;
	struct http_hops hops;  /* with extra headers, redirects are followed by hand */
	/* the current answer */
	long status;
	char *h_etag, *h_lastmod, *h_ctype, *h_cd;
	curl_off_t h_clen, h_cr_start, h_cr_total;
	long h_retry_after;
	int h_challenge;        /* WWW-Authenticate came with it */
	double shown;           /* last progress update */
	double active;          /* when the last bytes arrived */
	char err[256];          /* why the last attempt failed */
};

void
fetch_result_free(struct fetch_result *r)
{
	free(r->url);
	free(r->name);
	free(r->path);
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof *r);
}

void
fetch_netrc_check(const char *path)
{
	const char *home = getenv("HOME");
	char *dflt = NULL;
	struct stat st;
	int line;

	if (path && access(path, R_OK) != 0)
		a2_die_code(A2_EXIT_USAGE, "%s: netrc file:", path);
	if (!path && home && *home)
		path = dflt = a2_path_join(home, ".netrc");
	if (!path || stat(path, &st) != 0) {
		free(dflt);
		return;
	}
	if (st.st_mode & 077)
		a2_warn("%s: readable by others; chmod 600 it", path);
	/* what libcurl would only call "Failed to open/read local data" */
	if (S_ISREG(st.st_mode) && access(path, R_OK) == 0 && (line = netrc_check(path)) > 0)
		a2_die_code(A2_EXIT_USAGE, "%s: netrc file: line %d: unterminated quote", path, line);
	free(dflt);
}

/* Names: no directories, nothing hidden (records and temp files start
 * with a dot), no control characters, nothing that clashes with .part. */
int
fetch_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > NAME_MAX - 20 || name[0] == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return 0;
	if ((n > 5 && strcmp(name + n - 5, ".part") == 0) ||
	    (n > 10 && strcmp(name + n - 10, ".part.json") == 0))
		return 0;
	return 1;
}

static char *
unescape(const char *s, size_t n)
{
	int len;
	char *u = curl_easy_unescape(NULL, s, (int)n, &len);
	char *r;

	if (!u)
		a2_die("out of memory");
	r = memchr(u, '\0', len) ? NULL : a2_strndup(u, len);
	curl_free(u);
	return r;
}

char *
fetch_name_from_url(const char *url)
{
	const char *p = strstr(url, "://");
	const char *end, *seg;
	char *name;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "?#");
	seg = memchr(p, '/', end - p);
	if (!seg)
		return NULL;
	for (const char *q = seg; q < end; q++)
		if (*q == '/')
			seg = q + 1;
	name = unescape(seg, end - seg);
	if (name && !fetch_name_ok(name)) {
		free(name);
		name = NULL;
	}
	return name;
}

/*
 * Content-Disposition: attachment; filename="x.zip" (or unquoted, or RFC
 * 5987 filename*=UTF-8''x.zip, which wins).  Directory parts a sender put
 * in are dropped; what is left must pass fetch_name_ok().
 */
char *
fetch_name_from_disposition(const char *value)
{
	const char *p, *v = NULL;
	char *name = NULL, *base;
	int ext = 0;

	for (p = value; (p = strcasestr(p, "filename")) != NULL; p += 8) {
		const char *q = p + 8;
		int star = *q == '*';

		if (p > value && p[-1] != ';' && p[-1] != ' ' && p[-1] != '\t')
			continue;
		q += star;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!v || star) {
			v = q;
			ext = star;
		}
	}
	if (!v)
		return NULL;
	if (ext) {
		const char *q = strstr(v, "''");
		size_t n;

		if (!q)
			return NULL;
		q += 2;
		n = strcspn(q, "; \t");
		name = unescape(q, n);
	} else if (*v == '"') {
		size_t n = 0;

		name = a2_malloc(strlen(v));
		for (v++; *v && *v != '"'; v++) {
			if (*v == '\\' && v[1])
				v++;
			name[n++] = *v;
		}
		name[n] = '\0';
	} else {
		size_t n = strcspn(v, ";");

		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
			n--;
		name = a2_strndup(v, n);
	}
	if (!name)
		return NULL;
	base = name;
	for (char *q = name; *q; q++)
		if (*q == '/' || *q == '\\')
			base = q + 1;
	if (base != name)
		memmove(name, base, strlen(base) + 1);
	if (!fetch_name_ok(name)) {
		free(name);
		return NULL;
	}
	return name;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? a2_strdup(s) : NULL;
}

static void
reset_answer(struct xfer *x)
{
	x->status = 0;
	set_str(&x->h_etag, NULL);
	set_str(&x->h_lastmod, NULL);
	set_str(&x->h_ctype, NULL);
	set_str(&x->h_cd, NULL);
	x->h_clen = x->h_cr_start = x->h_cr_total = -1;
	x->h_retry_after = -1;
	x->h_challenge = 0;
}

static size_t
on_header(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	char *v, *line = http_header_line(buf, size * nmemb, &v);

	x->active = now_s();
	if (line && !v) {
		/* every answer (redirect, 401 challenge, final) starts afresh */
		reset_answer(x);
		v = strchr(line, ' ');
		x->status = v ? strtol(v + 1, NULL, 10) : 0;
	} else if (line) {
		if (strcasecmp(line, "ETag") == 0)
			set_str(&x->h_etag, v);
		else if (strcasecmp(line, "Last-Modified") == 0)
			set_str(&x->h_lastmod, v);
		else if (strcasecmp(line, "Content-Type") == 0)
			set_str(&x->h_ctype, v);
		else if (strcasecmp(line, "Content-Disposition") == 0)
			set_str(&x->h_cd, v);
		else if (strcasecmp(line, "Content-Length") == 0)
			x->h_clen = strtoll(v, NULL, 10);
		else if (strcasecmp(line, "Retry-After") == 0 && *v >= '0' && *v <= '9')
			x->h_retry_after = strtol(v, NULL, 10);
		else if (strcasecmp(line, "WWW-Authenticate") == 0)
			x->h_challenge = 1;
		else if (strcasecmp(line, "Content-Range") == 0) {
			/* bytes FIRST-LAST/TOTAL, or bytes STAR/TOTAL on a 416 */
			char *s = strchr(v, ' '), *t = strchr(v, '/');
			if (s && s[1] != '*')
				x->h_cr_start = strtoll(s + 1, NULL, 10);
			if (t && t[1] != '*')
				x->h_cr_total = strtoll(t + 1, NULL, 10);
		}
	}
	free(line);
	return size * nmemb;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ult, curl_off_t ulnow)
{
	struct xfer *x = arg;
	double t = now_s();

	/* libcurl's low-speed limit averages over seconds of history, so a
	 * stall after a burst goes unseen for long: time the silence instead */
	if (t - x->active > x->o->http.timeout) {
		x->fail = STOP_STALL;
		return 1;
	}
	if (!x->o->progress || !x->started || t - x->shown < 0.25)
		return 0;
	x->shown = t;
	if (x->total > 0)
		fprintf(stderr, "\r%s: %3d%% %lld/%lld MiB ", x->name, (int)(100.0 * x->have / x->total),
		    (long long)(x->have >> 20), (long long)(x->total >> 20));
	else
		fprintf(stderr, "\r%s: %lld MiB ", x->name, (long long)(x->have >> 20));
	return 0;
}

static char *
side_path(const struct xfer *x, const char *fmt)
{
	char *base = a2_asprintf(fmt, x->name);
	char *p = a2_path_join(x->dir, base);

	free(base);
	return p;
}

static void
write_state(struct xfer *x)
{
	json_t *j = json_object();
	char *path = side_path(x, "%s.part.json");

	a2_json_set(j, "url", json_string(x->url));
	a2_json_set(j, "name", json_string(x->name));
	a2_json_set(j, "etag", x->etag ? json_string(x->etag) : NULL);
	a2_json_set(j, "last_modified", x->lastmod ? json_string(x->lastmod) : NULL);
	a2_json_set(j, "size", x->total >= 0 ? json_integer(x->total) : NULL);
	a2_write_json(path, j);
	json_decref(j);
	free(path);
}

static void *
hash_run(void *arg)
{
	struct hasher *h = arg;
	unsigned char *buf = a2_malloc(HASH_CHUNK);
	long long off, n;
	ssize_t got;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->hashed == h->avail && !h->stop)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->hashed == h->avail || h->stop == 2)
			break;
		off = h->hashed;
		n = h->avail - off < HASH_CHUNK ? h->avail - off : HASH_CHUNK;
		pthread_mutex_unlock(&h->mu);
		while ((got = pread(h->fd, buf, n, off)) < 0 && errno == EINTR)
			;
		if (got > 0)
			sha256_update(&h->sha, got, buf);
		pthread_mutex_lock(&h->mu);
		if (got <= 0) {
			h->err = got < 0 ? errno : EIO;   /* shorter than written: changed under us */
			break;
		}
		h->hashed += got;
	}
	pthread_mutex_unlock(&h->mu);
	free(buf);
	return NULL;
}

/* Starts hashing fd from byte 0, the first avail bytes being there already. */
static int
hash_start(struct hasher *h, int fd, long long avail)
{
	memset(h, 0, sizeof *h);
	h->fd = fd;
	h->avail = avail;
	sha256_init(&h->sha);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if ((errno = pthread_create(&h->thread, NULL, hash_run, h)) != 0) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		return -1;
	}
	h->running = 1;
	return 0;
}

static void
hash_more(struct hasher *h, long long avail)
{
	pthread_mutex_lock(&h->mu);
	h->avail = avail;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Ends the thread, when all is hashed if finish; 0, or -1 with errno. */
static int
hash_stop(struct hasher *h, int finish)
{
	if (!h->running)
		return 0;
	pthread_mutex_lock(&h->mu);
	h->stop = finish ? 1 : 2;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	h->running = 0;
	if (h->err) {
		errno = h->err;
		return -1;
	}
	return 0;
}

/* Picks up what an earlier run left in .part, so the digest covers it. */
static int
hash_part(struct xfer *x)
{
	off_t end = lseek(x->fd, 0, SEEK_END);

	if (end < 0)
		return -1;
	x->have = x->flushed = end;
	return hash_start(&x->hash, x->fd, end);
}

static int
truncate_part(struct xfer *x)
{
	x->have = x->flushed = 0;
	if (x->fd < 0)
		return 0;
	/* the old bytes' hash is of no use, and the thread must not read
	 * a file that shrinks */
	hash_stop(&x->hash, 0);
	if (ftruncate(x->fd, 0) != 0 || lseek(x->fd, 0, SEEK_SET) != 0)
		return -1;
	return hash_start(&x->hash, x->fd, 0);
}

static int
open_part(struct xfer *x, int keep)
{
	x->part = side_path(x, "%s.part");
	x->fd = open(x->part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (x->fd < 0) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->part, strerror(errno));
		x->fail = STOP_IO;
		return -1;
	}
	/* two runs writing one .part would interleave: the second waits for later */
	if (flock(x->fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(x->err, sizeof x->err, "%s: being downloaded by another process", x->part);
		close(x->fd);
		x->fd = -1;
		x->fail = STOP_LOCK;
		return -1;
	}
	if (keep ? hash_part(x) : truncate_part(x)) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->part, strerror(errno));
		x->fail = STOP_IO;
		return -1;
	}
	return 0;
}

static int
is_html(const struct xfer *x)
{
	const char *n = x->name ? x->name : x->guess;
	size_t k = n ? strlen(n) : 0;

	if (!x->h_ctype || strncasecmp(x->h_ctype, "text/html", 9) != 0)
		return 0;
	/* asking for a page is fine */
	return !(k > 4 && (strcasecmp(n + k - 4, ".htm") == 0 || strcasecmp(n + k - 5, ".html") == 0));
}

/* Whether Content-Disposition names a file (usable or not). */
static int
cd_names(const struct xfer *x)
{
	return x->h_cd && strcasestr(x->h_cd, "filename");
}

/* The first body byte of an answer (or the end of an empty one): decide
 * whether this answer is the data, and where it goes. */
static int
body_start(struct xfer *x)
{
	long status = x->file || x->ftp ? 200 : x->status;
	char *eff = NULL;

	x->started = 1;
	if (x->ftp && x->asked >= 0)
		status = 206;   /* libcurl fails the transfer when REST is refused */
	if (status != 200 && status != 206) {
		x->fail = STOP_STATUS;
		return -1;
	}
	/* a session that lapsed sends its login form wherever we asked */
	curl_easy_getinfo(x->c, CURLINFO_EFFECTIVE_URL, &eff);
	if (x->o->login_mark && eff && strstr(eff, x->o->login_mark)) {
		snprintf(x->err, sizeof x->err, "redirected to the login form (login refused?)");
		x->fail = STOP_LOGIN;
		return -1;
	}
	if (is_html(x)) {
		x->fail = STOP_HTML;
		return -1;
	}
	if (x->o->need_name && !x->name && !cd_names(x)) {
		snprintf(x->err, sizeof x->err, "no Content-Disposition file name (login refused?)");
		x->fail = STOP_LOGIN;
		return -1;
	}
	if (x->ftp) {
		curl_off_t cl = -1;
		time_t mt = -1;
		char *v = NULL;

		curl_easy_getinfo(x->c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
		if (curl_easy_getinfo(x->c, CURLINFO_FILETIME_T, &mt) == CURLE_OK && mt >= 0)
			v = a2_asprintf("%lld", (long long)mt);
		/* MDTM is FTP's only validator: a changed time means a new file */
		if (x->asked >= 0 && v && x->lastmod && strcmp(v, x->lastmod) != 0) {
			snprintf(x->err, sizeof x->err, "remote file changed since the partial download");
			free(v);
			x->fail = STOP_RANGE;
			return -1;
		}
		set_str(&x->lastmod, v);
		free(v);
		/* after REST, libcurl counts only what is left */
		x->total = cl < 0 ? -1 : x->asked >= 0 ? x->asked + cl : cl;
	} else if (status == 206) {
		/* a 206 must continue exactly our bytes of the same entity */
		if (x->asked < 0 || x->h_cr_start != x->asked ||
		    (x->etag && x->h_etag && strcmp(x->etag, x->h_etag) != 0)) {
			snprintf(x->err, sizeof x->err, "206 does not continue the partial file");
			x->fail = STOP_RANGE;
			return -1;
		}
		if (x->h_cr_total >= 0)
			x->total = x->h_cr_total;
	} else {
		curl_off_t cl = -1;

		if (x->file)
			curl_easy_getinfo(x->c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
		else
			cl = x->h_clen;
		x->total = cl;
		if (x->have > 0) {
			a2_log("%s: whole body sent instead of the rest: starting %s over", x->url, x->name);
			if (truncate_part(x) != 0) {
				snprintf(x->err, sizeof x->err, "%s: %s", x->part, strerror(errno));
				x->fail = STOP_IO;
				return -1;
			}
		}
	}
	if (!x->ftp && (status == 200 || x->h_etag || x->h_lastmod)) {
		set_str(&x->etag, x->h_etag);
		set_str(&x->lastmod, x->h_lastmod);
	}
	if (!x->name && x->o->name)
		x->name = a2_strdup(x->o->name);
	if (!x->name) {
		x->name = x->h_cd ? fetch_name_from_disposition(x->h_cd) : NULL;
		if (!x->name && cd_names(x)) {
			snprintf(x->err, sizeof x->err, "unusable file name in Content-Disposition: %.120s", x->h_cd);
			x->fail = STOP_NAME;
			return -1;
		}
		if (!x->name && x->guess)
			x->name = a2_strdup(x->guess);
		if (!x->name) {
			snprintf(x->err, sizeof x->err, "no file name in the URL or Content-Disposition");
			x->fail = STOP_NAME;
			return -1;
		}
	}
	if (x->fd < 0 && open_part(x, 0) != 0)
		return -1;
	write_state(x);
	return 0;
}

static size_t
on_write(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb, done = 0;

	x->active = now_s();
	/* FTP without a body still writes its SIZE and MDTM as header text */
	if (x->head)
		return n;
	/* a redirect run() follows: its body is not the file */
	if (x->o->http.headers && !x->started && x->status >= 300 && x->status < 400)
		return n;
	if (!x->started && body_start(x) != 0)
		return 0;
	while (done < n) {
		ssize_t w = write(x->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(x->err, sizeof x->err, "%s: %s", x->part, strerror(errno));
			x->fail = STOP_IO;
			return 0;
		}
		x->have += w;
		done += w;
	}
	hash_more(&x->hash, x->have);
	/* start writeback as we go, so the fsync before the rename does not
	 * wait for a whole file's dirty pages at the end */
	if (!x->o->no_sync && x->have - x->flushed >= FLUSH_EVERY) {
		sync_file_range(x->fd, x->flushed, x->have - x->flushed, SYNC_FILE_RANGE_WRITE);
		x->flushed = x->have;
	}
	return n;
}

/* Sorts the outcome of one attempt; *code is the exit status for A_FAIL. */
static int
classify(struct xfer *x, CURLcode res, int *code)
{
	long st = x->status;

	*code = A2_EXIT_FAIL;
	switch (x->fail) {
	case STOP_IO:
	case STOP_NAME:
		return A_FAIL;
	case STOP_LOCK:
		*code = A2_EXIT_TEMPFAIL;
		return A_FAIL;
	case STOP_HTML:
		snprintf(x->err, sizeof x->err, "got an HTML page instead of data (login required?)");
		*code = A2_EXIT_NOPERM;
		return A_FAIL;
	case STOP_LOGIN:
		*code = A2_EXIT_NOPERM;
		return A_FAIL;
	case STOP_RANGE:
		return A_RESTART;
	case STOP_STALL:
		snprintf(x->err, sizeof x->err, "nothing received for %ld s", x->o->http.timeout);
		return A_RETRY;
	case STOP_STATUS:
		if (st < 300) {
			snprintf(x->err, sizeof x->err, "unexpected HTTP %ld", st);
			return A_FAIL;
		}
		break;
	}
	if ((x->file && res == CURLE_FILE_COULDNT_READ_FILE) ||
	    (x->ftp && res == CURLE_REMOTE_FILE_NOT_FOUND)) {
		snprintf(x->err, sizeof x->err, "no such file");
		return A_FAIL;
	}
	if (x->ftp && (res == CURLE_LOGIN_DENIED || res == CURLE_REMOTE_ACCESS_DENIED)) {
		snprintf(x->err, sizeof x->err, "%s", curl_easy_strerror(res));
		*code = A2_EXIT_NOPERM;
		return A_FAIL;
	}
	if (x->ftp && x->asked >= 0 && (res == CURLE_FTP_COULDNT_USE_REST ||
	    res == CURLE_BAD_DOWNLOAD_RESUME || res == CURLE_RANGE_ERROR)) {
		/* REST refused, or the part is longer than the file: start over */
		snprintf(x->err, sizeof x->err, "%s", curl_easy_strerror(res));
		return A_RESTART;
	}
	if (!x->file && !x->ftp && st >= 300 && (res == CURLE_OK || x->fail == STOP_STATUS)) {
		snprintf(x->err, sizeof x->err, "HTTP %ld", st);
		if (st == 408 || st == 429 || st >= 500)
			return A_RETRY;
		if (st == 416 && x->have > 0) {
			curl_off_t total = x->h_cr_total >= 0 ? x->h_cr_total : x->total;
			/* asked for the bytes after a part that is already whole */
			if (total == x->have) {
				x->total = total;
				return A_DONE;
			}
			return A_RESTART;
		}
		if (st == 407) {
			snprintf(x->err, sizeof x->err, "HTTP 407: the proxy refused access");
			*code = A2_EXIT_NOPERM;
		}
		if (st == 401 || st == 403) {
			if (x->auth_sent)
				snprintf(x->err, sizeof x->err, "HTTP %ld: credentials refused", st);
			else if (x->s3)
				snprintf(x->err, sizeof x->err, "HTTP %ld: access denied to an unsigned "
				    "request (no S3 credentials)", st);
			else if (st == 401 && !x->h_challenge && !x->o->http.basic_first)
				/* libcurl sends credentials only when challenged */
				snprintf(x->err, sizeof x->err, "HTTP 401 without a challenge "
				    "(no WWW-Authenticate header): no credentials sent");
			else
				snprintf(x->err, sizeof x->err, "HTTP %ld (no credentials for this host in %s)",
				    st, x->o->http.netrc ? x->o->http.netrc : "~/.netrc");
			*code = A2_EXIT_NOPERM;
		}
		return A_FAIL;
	}
	if (res != CURLE_OK) {
		snprintf(x->err, sizeof x->err, "%s", curl_easy_strerror(res));
		return http_retryable(res) ? A_RETRY : A_FAIL;
	}
	if (x->head)
		return A_DONE;
	if (!x->started && body_start(x) != 0)
		return classify(x, CURLE_OK, code);
	if (x->total >= 0 && x->have != x->total) {
		snprintf(x->err, sizeof x->err, "got %lld of %lld bytes", (long long)x->have,
		    (long long)x->total);
		return x->have < x->total ? A_RETRY : A_RESTART;
	}
	return A_DONE;
}

static CURL *
new_handle(struct xfer *x, const char *url)
{
	struct http_opts ho = x->o->http;
	CURL *c;

	if (!ho.agent)
		ho.agent = "a2fetch";
	if (x->s3)
		ho.userpwd = x->s3->keys;
	/* the trace always on: it says whether credentials went out */
	c = http_handle(url, &ho, 0, &x->auth_sent);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,ftp,file");
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	/* fewer, larger writes and hash updates */
	curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 512L * 1024);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	/* stalls are timed by on_progress, not by HTTP_STALL */
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	if (x->head)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (x->ftp) {
		curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
		curl_easy_setopt(c, CURLOPT_FTP_USE_EPSV, 1L);
	}
	return c;
}

/* dav://, davs:// are plain http(s) GETs; other schemes are refused. */
static char *
effective_url(const char *url, int *file, int *ftp)
{
	static const struct { const char *from, *to; } map[] = {
		{ "http://", "http://" }, { "https://", "https://" }, { "file://", "file://" },
		{ "dav://", "http://" }, { "davs://", "https://" }, { "ftp://", "ftp://" },
	};

	for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
		size_t n = strlen(map[i].from);
		if (strncasecmp(url, map[i].from, n) == 0) {
			*file = i == 2;
			*ftp = i == 5;
			return a2_asprintf("%s%s", map[i].to, url + n);
		}
	}
	return NULL;
}

static int
url_matches(json_t *j, const char *url)
{
	const char *u = a2_json_str(j, "url");

	return u && strcmp(u, url) == 0;
}

/* Finds the JSON side file of url: first the one of the guessed name,
 * else any in dir whose name fits (a Content-Disposition name differs
 * from the URL's). */
static json_t *
find_side(const char *dir, const char *url, const char *guess, const char *pre,
    const char *suf)
{
	DIR *d;
	struct dirent *e;
	json_t *j = NULL;
	size_t np = strlen(pre), ns = strlen(suf);

	if (guess) {
		char *base = a2_asprintf("%s%s%s", pre, guess, suf);
		char *p = a2_path_join(dir, base);
		j = json_load_file(p, 0, NULL);
		free(base);
		free(p);
		if (j && url_matches(j, url))
			return j;
		json_decref(j);
		j = NULL;
	}
	if (!(d = opendir(dir)))
		return NULL;
	while (!j && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *p;

		if (n <= np + ns || strncmp(e->d_name, pre, np) != 0 ||
		    strcmp(e->d_name + n - ns, suf) != 0 || (!*pre && e->d_name[0] == '.'))
			continue;
		p = a2_path_join(dir, e->d_name);
		j = json_load_file(p, 0, NULL);
		free(p);
		if (j && !url_matches(j, url)) {
			json_decref(j);
			j = NULL;
		}
	}
	closedir(d);
	return j;
}

static void
fill_result(struct fetch_result *r, json_t *rec, const char *dir)
{
	const char *s;

	r->name = a2_strdup(a2_json_str(rec, "name"));
	r->path = a2_path_join(dir, r->name);
	r->size = json_integer_value(json_object_get(rec, "size"));
	snprintf(r->sha256, sizeof r->sha256, "%s", a2_json_str(rec, "sha256"));
	if ((s = a2_json_str(rec, "etag")) != NULL)
		r->etag = a2_strdup(s);
	if ((s = a2_json_str(rec, "last_modified")) != NULL)
		r->last_modified = a2_strdup(s);
}

/* A file with a record for this URL and the recorded size (the one
 * wanted, if any) is done. */
static int
have_verified(const char *dir, const char *url, const char *guess, long long want,
    struct fetch_result *r)
{
	json_t *rec = find_side(dir, url, guess, ".", ".a2fetch.json");
	const char *name = rec ? a2_json_str(rec, "name") : NULL;
	const char *sha = rec ? a2_json_str(rec, "sha256") : NULL;
	struct stat st;
	char *p, *rp;
	int ok;

	if (!rec)
		return 0;
	if (!fetch_name_ok(name) || !sha || strlen(sha) != 64) {
		json_decref(rec);
		return 0;
	}
	p = a2_path_join(dir, name);
	rp = a2_asprintf("%s/.%s.a2fetch.json", dir, name);
	ok = stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size == json_integer_value(json_object_get(rec, "size"));
	if (!ok) {
		/* the file went or changed: its record no longer vouches for it */
		a2_log("%s: %s does not match its record: fetching again", url, p);
		unlink(rp);
	} else if (want > 0 && st.st_size != want) {
		/* verified by an a2 that did not check the size wanted: not the file */
		a2_log("%s: %s has %lld bytes, not %lld: fetching again", url, p,
		    (long long)st.st_size, want);
		unlink(p);
		unlink(rp);
		ok = 0;
	} else
		fill_result(r, rec, dir);
	free(rp);
	free(p);
	json_decref(rec);
	return ok;
}

/* Picks up NAME.part and its state from an earlier run, if any. */
static void
resume_state(struct xfer *x)
{
	json_t *st = find_side(x->dir, x->url, x->guess, "", ".part.json");
	const char *name = st ? a2_json_str(st, "name") : NULL;
	json_t *size;
	struct stat sb;

	if (!st)
		return;
	if (fetch_name_ok(name)) {
		x->name = a2_strdup(name);
		x->part = side_path(x, "%s.part");
		set_str(&x->etag, a2_json_str(st, "etag"));
		set_str(&x->lastmod, a2_json_str(st, "last_modified"));
		size = json_object_get(st, "size");
		x->total = json_is_integer(size) ? json_integer_value(size) : -1;
		if (!x->file && stat(x->part, &sb) == 0 && sb.st_size > 0) {
			free(x->part);
			x->part = NULL;
			open_part(x, 1);
		} else {
			free(x->part);
			x->part = NULL;
		}
	}
	json_decref(st);
}

static int
finish(struct xfer *x, const char *absdir, struct fetch_result *r)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char when[40], *final, *recpath, *state;
	json_t *j;

	if (hash_stop(&x->hash, 1) != 0 || x->hash.hashed != x->have) {
		a2_warn("%s: %s: hashing:", x->url, x->part);
		return A2_EXIT_FAIL;
	}
	if (x->o->size > 0 && x->have != x->o->size) {
		/* whole as sent, but not the file asked for: the next run starts afresh */
		a2_warn("%s: got %lld bytes where %lld were expected: not kept", x->url,
		    (long long)x->have, x->o->size);
		state = side_path(x, "%s.part.json");
		unlink(state);
		unlink(x->part);
		free(state);
		return A2_EXIT_FAIL;
	}
	final = a2_path_join(x->dir, x->name);
	if ((!x->o->no_sync && fsync(x->fd) != 0) || rename(x->part, final) != 0) {
		a2_warn("%s: %s:", x->url, x->part);
		free(final);
		return A2_EXIT_FAIL;
	}
	if (!x->o->no_sync)
		a2_fsync_dir(x->dir);
	sha256_digest(&x->hash.sha, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(r->sha256 + 2 * i, 3, "%02x", d[i]);
	r->name = a2_strdup(x->name);
	r->path = a2_path_join(absdir, x->name);
	r->size = x->have;
	r->etag = x->etag ? a2_strdup(x->etag) : NULL;
	r->last_modified = x->lastmod ? a2_strdup(x->lastmod) : NULL;
	a2_iso_now(when, sizeof when);
	j = json_object();
	a2_json_set(j, "url", json_string(x->url));
	a2_json_set(j, "name", json_string(x->name));
	a2_json_set(j, "size", json_integer(x->have));
	a2_json_set(j, "sha256", json_string(r->sha256));
	a2_json_set(j, "etag", x->etag ? json_string(x->etag) : NULL);
	a2_json_set(j, "last_modified", x->lastmod ? json_string(x->lastmod) : NULL);
	a2_json_set(j, "time", json_string(when));
	recpath = side_path(x, ".%s.a2fetch.json");
	a2_write_json(recpath, j);
	json_decref(j);
	state = side_path(x, "%s.part.json");
	unlink(state);
	free(state);
	free(recpath);
	free(final);
	return A2_EXIT_OK;
}

static void
xfer_free(struct xfer *x)
{
	if (x->c)
		curl_easy_cleanup(x->c);
	hash_stop(&x->hash, 0);
	if (x->s3) {
		s3_free(x->s3);
		free(x->s3);
	}
	if (x->fd >= 0)
		close(x->fd);
	free(x->guess);
	free(x->name);
	free(x->part);
	free(x->etag);
	free(x->lastmod);
	reset_answer(x);
}

/* The headers of one request: the caller's, unless a redirect left their
 * host, and If-Range with a range. */
static struct curl_slist *
request_headers(const struct xfer *x)
{
	struct curl_slist *l = http_headers(&x->o->http, x->hops.bare);
	const char *v = x->etag && strncmp(x->etag, "W/", 2) != 0 ? x->etag : x->lastmod;
	char *ifr;

	/* If-Range: the rest if the entity is unchanged, else all of it */
	if (x->asked >= 0 && v) {
		ifr = a2_asprintf("If-Range: %s", v);
		l = curl_slist_append(l, ifr);
		free(ifr);
	}
	if (x->s3)
		l = s3_sign(x->c, x->s3, NULL, l);
	return l;
}

/* After an answer: 1 when it was a redirect now followed (extra headers
 * only; else libcurl follows), -1 when refused (x->err says why). */
static int
follow(struct xfer *x, CURLcode res)
{
	if (!x->o->http.headers || res != CURLE_OK)
		return 0;
	return http_follow(x->c, &x->hops, x->status, x->err, sizeof x->err);
}

/* The attempts of one transfer, with capped exponential backoff. */
static int
run(struct xfer *x)
{
	struct http_backoff b;
	int code;

	http_backoff_init(&b, &x->o->http);
	for (;;) {
		curl_off_t before = x->have;
		CURLcode res;
		int act;

		/* every attempt starts where it was sent, headers and all */
		x->hops.n = x->hops.bare = 0;
		curl_easy_setopt(x->c, CURLOPT_URL, x->hops.start);
		x->asked = -1;
		curl_easy_setopt(x->c, CURLOPT_RANGE, NULL);
		if (x->have > 0 && !x->head) {
			char range[64];

			snprintf(range, sizeof range, "%lld-", (long long)x->have);
			curl_easy_setopt(x->c, CURLOPT_RANGE, range);
			x->asked = x->have;
			a2_log("%s: resuming %s at byte %lld", x->url, x->name, (long long)x->have);
		}
		do {
			struct curl_slist *hdr = request_headers(x);

			x->started = 0;
			x->active = now_s();
			x->fail = STOP_NONE;
			x->err[0] = '\0';
			reset_answer(x);
			curl_easy_setopt(x->c, CURLOPT_HTTPHEADER, hdr);
			res = curl_easy_perform(x->c);
			curl_easy_setopt(x->c, CURLOPT_HTTPHEADER, NULL);
			curl_slist_free_all(hdr);
		} while ((act = follow(x, res)) == 1);
		if (x->o->progress && x->started)
			fputc('\n', stderr);
		if (act < 0) {
			a2_warn("%s: %s", x->url, x->err);
			return A2_EXIT_FAIL;
		}
		act = classify(x, res, &code);
		if (act == A_DONE)
			return A2_EXIT_OK;
		if (act == A_FAIL) {
			a2_warn("%s: %s", x->url, x->err);
			return code;
		}
		if (act == A_RESTART) {
			a2_log("%s: %s: starting over", x->url, x->err);
			if (truncate_part(x) != 0) {
				a2_warn("%s: %s:", x->url, x->part);
				return A2_EXIT_FAIL;
			}
		}
		/* an attempt that brought data does not count against the retries */
		if (x->have > before)
			http_backoff_init(&b, &x->o->http);
		if (http_backoff_spent(&b, &x->o->http, x->url, x->err))
			return A2_EXIT_TEMPFAIL;
		if (act == A_RETRY)
			http_backoff_sleep(&b, &x->o->http, x->url, x->err, x->h_retry_after);
	}
}

/*
 * The per-host cap holds across processes (make -j runs many a2fetch):
 * slot files HOST.N in a private lock directory, one flock each.  Returns
 * the held slot's descriptor, or -1 when there is no cap.
 */
static int
host_slot(const char *url, int max)
{
	const char *base = getenv("A2_LOCK_DIR");
	char *dir, *host = NULL, *p;
	CURLU *u;
	int fd = -1;
	struct stat st;

	if (max <= 0 || !(u = curl_url()))
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return -1;
	}
	curl_url_cleanup(u);
	for (p = host; *p; p++)
		if (*p == '/' || *p == '[' || *p == ']')
			*p = '_';
	if (base && *base)
		dir = a2_strdup(base);
	else
		dir = a2_asprintf("%s/a2fetch-%ld", getenv("TMPDIR") && *getenv("TMPDIR") ?
		    getenv("TMPDIR") : "/tmp", (long)getuid());
	/* someone else's directory in /tmp could hold our slots hostage */
	if ((mkdir(dir, 0700) != 0 && errno != EEXIST) || stat(dir, &st) != 0 ||
	    st.st_uid != getuid()) {
		a2_log("%s: no private lock directory: no per-host cap", dir);
		goto out;
	}
	for (int wait = 0; fd < 0; wait = 1) {
		for (int i = 0; i < max && fd < 0; i++) {
			int k = wait ? (int)(getpid() % max) : i;
			char *path = a2_asprintf("%s/%s.%d", dir, host, k);

			fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
			free(path);
			if (fd < 0)
				goto out;
			if (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
				close(fd);
				fd = -1;
				if (wait)
					goto out;
			}
			if (wait)
				break;
		}
		if (fd < 0)
			a2_log("%s: %d transfers from %s already: waiting", url, max, host);
	}
out:
	curl_free(host);
	free(dir);
	return fd;
}

static int
setup(struct xfer *x, const char *url_in, const struct fetch_opts *o, char **eff,
    struct fetch_result *r)
{
	memset(x, 0, sizeof *x);
	x->fd = -1;
	x->o = o;
	x->total = -1;
	memset(r, 0, sizeof *r);
	r->size = -1;
	r->url = a2_url_strip_credentials(url_in);
	x->url = r->url;
	if (strcmp(r->url, url_in) != 0)
		a2_warn("%s: credentials in the URL ignored: they belong in the netrc file", r->url);
	if (o->name && !fetch_name_ok(o->name)) {
		a2_warn("%s: unusable file name %s", r->url, o->name);
		return A2_EXIT_FAIL;
	}
	if (strncasecmp(r->url, "s3://", 5) == 0) {
		int code;

		x->s3 = a2_calloc(1, sizeof *x->s3);
		if ((code = s3_open(r->url, o->no_sign ? S3_NO_SIGN : 0, x->s3)) != A2_EXIT_OK) {
			free(x->s3);
			x->s3 = NULL;
			return code;
		}
		*eff = a2_strdup(x->s3->base);
	} else if (!(*eff = effective_url(r->url, &x->file, &x->ftp))) {
		a2_warn("%s: unsupported URL scheme", r->url);
		return A2_EXIT_FAIL;
	}
	x->hops.start = *eff;
	x->hops.shown = x->url;
	x->guess = o->name ? a2_strdup(o->name) : fetch_name_from_url(r->url);
	return 0;
}

int
fetch_url(const char *url_in, const char *dir, const struct fetch_opts *o, struct fetch_result *r)
{
	struct xfer x;
	char *eff = NULL, *absdir;
	int code, slot;

	if ((code = setup(&x, url_in, o, &eff, r)) != 0)
		return code;
	if (a2_mkdirs(dir, 0755) != 0 || !(absdir = realpath(dir, NULL))) {
		a2_warn("%s:", dir);
		free(eff);
		xfer_free(&x);
		return A2_EXIT_FAIL;
	}
	x.dir = dir;
	if (have_verified(dir, r->url, x.guess, o->size, r)) {
		free(r->path);
		r->path = a2_path_join(absdir, r->name);
		r->cached = 1;
		a2_log("%s: %s already verified", r->url, r->path);
		code = A2_EXIT_OK;
		goto out;
	}
	resume_state(&x);
	if (x.fail != STOP_NONE) {
		a2_warn("%s: %s", x.url, x.err);
		code = x.fail == STOP_LOCK ? A2_EXIT_TEMPFAIL : A2_EXIT_FAIL;
		goto out;
	}
	x.c = new_handle(&x, eff);
	slot = x.file ? -1 : host_slot(eff, o->per_host);
	code = run(&x);
	if (slot >= 0)
		close(slot);
	if (code == A2_EXIT_OK)
		code = finish(&x, absdir, r);
out:
	free(absdir);
	free(eff);
	xfer_free(&x);
	return code;
}

int
fetch_head(const char *url_in, const struct fetch_opts *o, struct fetch_result *r)
{
	struct xfer x;
	char *eff = NULL, *effurl = NULL;
	int code;

	if ((code = setup(&x, url_in, o, &eff, r)) != 0)
		return code;
	x.head = 1;
	x.c = new_handle(&x, eff);
	code = run(&x);
	if (code == A2_EXIT_OK && !x.file && !x.ftp && x.status != 200) {
		a2_warn("%s: HTTP %ld", x.url, x.status);
		code = A2_EXIT_FAIL;
	} else if (code == A2_EXIT_OK && is_html(&x)) {
		a2_warn("%s: got an HTML page instead of data (login required?)", x.url);
		code = A2_EXIT_NOPERM;
	} else if (code == A2_EXIT_OK && o->login_mark &&
	    curl_easy_getinfo(x.c, CURLINFO_EFFECTIVE_URL, &effurl) == CURLE_OK && effurl &&
	    strstr(effurl, o->login_mark)) {
		a2_warn("%s: redirected to the login form (login refused?)", x.url);
		code = A2_EXIT_NOPERM;
	} else if (code == A2_EXIT_OK && o->need_name && !cd_names(&x)) {
		a2_warn("%s: no Content-Disposition file name (login refused?)", x.url);
		code = A2_EXIT_NOPERM;
	} else if (code == A2_EXIT_OK) {
		curl_off_t cl = -1;

		r->name = x.h_cd ? fetch_name_from_disposition(x.h_cd) : NULL;
		if (!r->name && x.guess && !cd_names(&x))
			r->name = a2_strdup(x.guess);
		if (!r->name) {
			a2_warn("%s: no usable file name in the URL or Content-Disposition", x.url);
			code = A2_EXIT_FAIL;
		}
		curl_easy_getinfo(x.c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
		r->size = x.file || x.ftp ? cl : x.h_clen;
		if (x.h_etag)
			r->etag = a2_strdup(x.h_etag);
		if (x.h_lastmod)
			r->last_modified = a2_strdup(x.h_lastmod);
	}
	free(eff);
	xfer_free(&x);
	return code;
}

/* libcurl parses the LIST answer: keep the names of plain files, and
 * skip each (CURL_CHUNK_BGN_FUNC_SKIP) rather than download it. */
static long
on_ftp_entry(const void *info, void *arg, int remains)
{
	const struct curl_fileinfo *fi = info;

	if (fi->filetype == CURLFILETYPE_FILE && fi->filename)
		fprintf(arg, "%s\n", fi->filename);
	return CURL_CHUNK_BGN_FUNC_SKIP;
}

int
fetch_ftp_names(const char *url, const struct fetch_opts *o, char **body, size_t *len)
{
	char *clean = a2_url_strip_credentials(url);
	char *pattern = a2_asprintf("%.*s*", (int)strcspn(url, "?#"), url);
	CURL *c = http_handle(pattern, &o->http, HTTP_STALL | HTTP_NOTRACE, NULL);
	CURLcode res;
	FILE *fp;
	int code = A2_EXIT_OK;

	*body = NULL;
	*len = 0;
	if (!(fp = open_memstream(body, len)))
		a2_die("out of memory");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "ftp");
	curl_easy_setopt(c, CURLOPT_WILDCARDMATCH, 1L);
	curl_easy_setopt(c, CURLOPT_CHUNK_BGN_FUNCTION, on_ftp_entry);
	curl_easy_setopt(c, CURLOPT_CHUNK_DATA, fp);
	res = curl_easy_perform(c);
	fclose(fp);
	if (res != CURLE_OK && res != CURLE_REMOTE_FILE_NOT_FOUND) {
		a2_warn("%s: %s", clean, curl_easy_strerror(res));
		code = res == CURLE_LOGIN_DENIED || res == CURLE_REMOTE_ACCESS_DENIED ?
		    A2_EXIT_NOPERM : res == CURLE_COULDNT_CONNECT || res == CURLE_OPERATION_TIMEDOUT ?
		    A2_EXIT_TEMPFAIL : A2_EXIT_FAIL;
		free(*body);
		*body = NULL;
	}
	curl_easy_cleanup(c);
	free(pattern);
	free(clean);
	return code;
}
