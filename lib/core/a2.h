/*
 * a2.h: what every a2 tool shares: error reporting with documented exit
 * statuses, checked allocation, atomic output files and JSON output.
 */
#ifndef A2_H
#define A2_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#ifndef A2_VERSION
#define A2_VERSION "0.0.0"
#endif

/* Exit statuses, documented in a2(7). */
enum {
	A2_EXIT_OK = 0,
	A2_EXIT_FAIL = 1,     /* data or remote error */
	A2_EXIT_USAGE = 2,
	A2_EXIT_TEMPFAIL = 75, /* worth retrying later */
	A2_EXIT_NOPERM = 77    /* authentication or permission refused */
};

#define A2_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define A2_NORETURN __attribute__((noreturn))

extern const char *a2_prog;

/* Sets a2_prog and handles --help / --version (which exit). usage is the
 * full help text, printed to stdout for --help. */
void a2_init(int argc, char **argv, const char *usage);
/* Prints the SYNOPSIS part of usage to stderr and exits 2. */
void a2_usage(void) A2_NORETURN;

/* "prog: message" (plus ": strerror" if the format ends in ':'). */
void a2_warn(const char *fmt, ...) A2_PRINTF(1, 2);
void a2_die(const char *fmt, ...) A2_PRINTF(1, 2) A2_NORETURN;
void a2_die_code(int code, const char *fmt, ...) A2_PRINTF(2, 3) A2_NORETURN;
void a2_vwarn(const char *fmt, va_list ap);
/* Verbose logging (-v): printed only when a2_verbose is set. */
extern int a2_verbose;
void a2_log(const char *fmt, ...) A2_PRINTF(1, 2);

void *a2_malloc(size_t n);
void *a2_calloc(size_t n, size_t m);
void *a2_realloc(void *p, size_t n);
char *a2_strdup(const char *s);
char *a2_strndup(const char *s, size_t n);
char *a2_asprintf(const char *fmt, ...) A2_PRINTF(1, 2);
char *a2_vasprintf(const char *fmt, va_list ap);

/*
 * Temporaries are DIR/.NAME.tmp.PID@HOST.SUFFIX: the process that makes one
 * is in its name, so that a later run can tell one left by a killed
 * process (a2_tmp_sweep) from one still being filled, by a concurrent run
 * (make -j) or on another host sharing the directory.
 */
char *a2_tmp_name(const char *dir, const char *name, const char *suffix);
/* The same beside path: DIR/.BASENAME.tmp.PID@HOST.SUFFIX. */
char *a2_tmp_beside(const char *path, const char *suffix);
/* Removes the DIR/.NAME.tmp.* (files or trees; name NULL: of any NAME) of
 * processes of this host that are gone; returns how many. */
int a2_tmp_sweep(const char *dir, const char *name);
/* The same for the temporaries of path: DIR/.BASENAME.tmp.* */
int a2_tmp_sweep_beside(const char *path);

/*
 * Atomic output: data goes to DIR/.NAME.tmp.PID@HOST.XXXXXX, and
 * a2_out_commit() fsyncs it, renames it to its final name and fsyncs the
 * directory.
 * Temp files still open when the process exits through a2_die() or a
 * fatal signal are removed, so a failed tool never leaves a file that make
 * could take for done.
 */
struct a2_out {
	char *path;  /* final name */
	char *tmp;   /* temporary name */
	FILE *fp;
	int fd;
	int slot;
};
int a2_out_open(struct a2_out *o, const char *path, int mode);
int a2_out_commit(struct a2_out *o);
void a2_out_abort(struct a2_out *o);
/* Writes a whole buffer / JSON document atomically; dies on error. */
void a2_write_file(const char *path, const void *buf, size_t len, int mode);
void a2_write_json(const char *path, json_t *j);
/* Removes all temp files still registered (called on exit and signal). */
void a2_out_cleanup(void);

/* Writes path atomically unless it already holds exactly these bytes, so a
 * refresh does not touch what did not change. */
void a2_write_file_if_changed(const char *path, const void *buf, size_t len, int mode);
/* Copies a regular file that way; -1 with *err set when from is unreadable. */
int a2_copy_file_if_changed(const char *from, const char *to, char **err);
/* The current UTC time as "YYYY-MM-DDThh:mm:ss.sssZ". */
void a2_iso_now(char *buf, size_t n);

/* rm -rf, with system calls only, so a signal handler may use it too. */
void a2_rm_tree(const char *path);
/* mkdir -p; returns 0 or -1 with errno. */
int a2_mkdirs(const char *path, int mode);
/* fsync a directory, or a file, by name. */
int a2_fsync_dir(const char *dir);
int a2_fsync_path(const char *path);
/* Joins dir and name with one slash (new string). */
char *a2_path_join(const char *dir, const char *name);
const char *a2_basename(const char *path);
/* The directory part of path ("." when none; new string). */
char *a2_dirname(const char *path);
/* Reads a whole file (max bytes; dies with a message naming the file). */
char *a2_read_file(const char *path, size_t max, size_t *len);

/* JSON helpers */
/* Prints j compactly on one line to stdout and flushes. */
void a2_json_print_line(json_t *j);
/* Dumps j (2-space indent, keys in insertion order, newline at end) to a
 * new string. */
char *a2_json_dumps(json_t *j);
/* Reads JSON Lines from fp, calling fn for each object; a line that is not
 * a JSON object is reported (naming the line number) and skipped. Returns the
 * number of bad lines plus
 * failed callbacks. */
int a2_json_lines(FILE *fp, const char *name, int (*fn)(json_t *rec, void *arg), void *arg);
/* Reads a file holding one JSON object; NULL with *err ("PATH: line N:
 * WHY", "PATH: not a JSON object") when it does not. */
json_t *a2_json_load_object(const char *path, char **err);
/* Sets key on obj, stealing v; v == NULL sets JSON null. */
void a2_json_set(json_t *obj, const char *key, json_t *v);
const char *a2_json_str(json_t *obj, const char *key);

/*
 * What a tool reads besides its options (a2_tool.c).
 * a2_number(): an option or setting that is a decimal integer in
 * [min, max]; anything else is a usage error naming it: "VALUE: bad WHAT"
 * and the synopsis, or with A2_NUMBER_RANGE "VALUE: bad WHAT (MIN to MAX)"
 * alone.
 */
#define A2_NUMBER_RANGE 1
long a2_number(const char *s, const char *what, long min, long max, int flags);
/* The environment variable name, or def when it is unset or empty. */
const char *a2_env(const char *name, const char *def);
/* The settings of the network tools (a2(7)): $A2_NETRC replaces *netrc;
 * $A2_RETRY_DELAY_MS (0 to 3600000, checked as a2_number() with flags)
 * replaces *retry_delay_ms unless that is NULL. */
void a2_env_net(const char **netrc, long *retry_delay_ms, int flags);
/*
 * The loop of the pipeline tools (like mblaze's blaze822_loop): each
 * operand goes to on_arg; with none, each JSON Lines record on stdin goes
 * to on_rec (a2_json_lines).  A callback that fails says why and returns
 * non-zero; the others still run.  Returns how many failed, bad stdin
 * lines included.
 */
int a2_loop(int argc, char **argv, int (*on_arg)(const char *arg, void *ctx),
    int (*on_rec)(json_t *rec, void *ctx), void *ctx);
/* rel taken from the directory of the running program (new string); NULL
 * when that is unknown. */
char *a2_exe_relative(const char *rel);
/* dir when it holds the regular file file, else NULL (dir is freed; NULL
 * gives NULL). */
char *a2_dir_with(char *dir, const char *file);
/* The share directory sub (site, viewer) when it holds file: $A2_SHARE/sub
 * when that is set, else PREFIX/share/a2/sub of an installed PREFIX/bin,
 * else share/sub of the build tree; NULL when it does not (new string). */
char *a2_share_dir(const char *sub, const char *file);

/* The command line as one string (for provenance), never containing
 * credentials because a2 never takes them on the command line. */
char *a2_cmdline(int argc, char **argv);

/* Removes user:password@ from a URL (new string). */
char *a2_url_strip_credentials(const char *url);

#endif
