/*
 * netrc.h: the credentials of one host from a netrc(5) file, for services
 * that want them in a form body (AUIG2, Sentinel Asia) rather than in an
 * HTTP authentication header, which libcurl fills from the file itself.
 */
#ifndef NETRC_H
#define NETRC_H

/*
 * Looks host up in path (NULL: $HOME/.netrc): the first "machine host"
 * entry, else "default".  Returns 0 with *login and *password set (new
 * strings; wipe them with netrc_free), or -1 when there is no such file
 * or entry.
 */
int netrc_find(const char *path, const char *host, char **login, char **password);
/*
 * Checks path as libcurl reads it (line by line; "#" starts a comment; a
 * macdef body runs to an empty line): 0 when fine, else the number of the
 * first line holding a quoted token that does not end on it, which libcurl
 * refuses with no word of where.  Dies naming the file when unreadable.
 */
int netrc_check(const char *path);
/* Zeroes and frees a secret. */
void netrc_free(char *secret);
/* A netrc line for host, quoting what needs it (new string; netrc_free it). */
char *netrc_line(const char *host, const char *login, const char *password);

#endif
