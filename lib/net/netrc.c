/*
 * netrc.c: host credentials from a netrc file (see netrc.h).  Tokens are
 * separated by blanks or newlines; a token may be double-quoted with
 * backslash escapes, as libcurl reads them; macdef bodies are skipped.
 */
#include "core/a2.h"
#include "net/netrc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NETRC_MAX (1 << 20)

void
netrc_free(char *secret)
{
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
}

/* The next token at *p (new string, or NULL at the end). */
static char *
token(char **p)
{
	char *s = *p, *t, *o;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	t = o = a2_malloc(strlen(s) + 1);
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			*o++ = *s;
		}
		if (*s == '"')
			s++;
	} else
		while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			*o++ = *s++;
	*o = '\0';
	*p = s;
	return t;
}

/* One entry: kind 1 is our machine, 2 default, 0 another machine. */
struct entry {
	int kind;
	char *login, *password;
};

static void
entry_clear(struct entry *e)
{
	netrc_free(e->login);
	netrc_free(e->password);
	memset(e, 0, sizeof *e);
}

int
netrc_find(const char *path, const char *host, char **login, char **password)
{
	char *buf, *p, *tok, *mine = NULL;
	struct entry cur = { 0 }, hit = { 0 }, def = { 0 };
	const char *home = getenv("HOME");
	FILE *fp;

	*login = *password = NULL;
	if (!path) {
		if (!home || !*home)
			return -1;
		path = mine = a2_path_join(home, ".netrc");
	}
	if (!(fp = fopen(path, "r"))) {
		free(mine);
		return -1;
	}
	fclose(fp);
	buf = a2_read_file(path, NETRC_MAX, NULL);
	free(mine);
	for (p = buf;; free(tok)) {
		tok = token(&p);
		if (!tok || strcmp(tok, "machine") == 0 || strcmp(tok, "default") == 0) {
			/* the entry before ends here: keep it if it is the one */
			if (cur.kind == 1 && !hit.kind && cur.password)
				hit = cur, memset(&cur, 0, sizeof cur);
			else if (cur.kind == 2 && !def.kind && cur.password)
				def = cur, memset(&cur, 0, sizeof cur);
			entry_clear(&cur);
			if (!tok || hit.kind)
				break;
			if (*tok == 'd')
				cur.kind = 2;
			else {
				char *m = token(&p);
				cur.kind = m && strcasecmp(m, host) == 0;
				free(m);
			}
		} else if (strcmp(tok, "login") == 0 || strcmp(tok, "password") == 0 ||
		    strcmp(tok, "account") == 0) {
			char *v = token(&p);
			char **dst = *tok == 'l' ? &cur.login : *tok == 'p' ? &cur.password : NULL;

			if (dst && v) {
				netrc_free(*dst);
				*dst = v;
			} else
				netrc_free(v);
		} else if (strcmp(tok, "macdef") == 0) {
			char *end = strstr(p, "\n\n");
			p = end ? end + 2 : p + strlen(p);
		}
	}
	free(tok);
	explicit_bzero(buf, strlen(buf));
	free(buf);
	if (!hit.kind)
		hit = def, memset(&def, 0, sizeof def);
	entry_clear(&def);
	if (!hit.kind)
		return -1;
	*login = hit.login ? hit.login : a2_strdup("");
	*password = hit.password;
	return 0;
}

int
netrc_check(const char *path)
{
	char *buf = a2_read_file(path, NETRC_MAX, NULL), *p = buf, *eol, *t;
	int line = 1, bad = 0, macdef = 0, next;

	for (; *p && !bad; p = *eol ? eol + 1 : eol, line++) {
		eol = p + strcspn(p, "\n");
		if (macdef) {
			/* a macro's body ends at an empty line */
			if (p != eol && *p != '\r')
				continue;
			macdef = 0;
		}
		next = 0;
		for (t = p; t < eol && !bad;) {
			if (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\v' || *t == '\f') {
				t++;
			} else if (*t == '#') {
				break;
			} else if (*t == '"') {
				int esc = 0;

				for (t++; t < eol && (esc || *t != '"'); t++)
					esc = !esc && *t == '\\';
				if (t == eol)
					bad = line;
				else
					t++;
			} else {
				char *w = t;
				t += strcspn(t, " \t\r\v\f\n");
				if (t - w == 6 && strncasecmp(w, "macdef", 6) == 0)
					next = 1;
			}
		}
		macdef = next;
	}
	explicit_bzero(buf, strlen(buf));
	free(buf);
	return bad;
}

static char *
quote(const char *s)
{
	char *q = a2_malloc(2 * strlen(s) + 3), *o = q;

	*o++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return q;
}

char *
netrc_line(const char *host, const char *login, const char *password)
{
	char *l = quote(login), *p = quote(password);
	char *line = a2_asprintf("machine %s login %s password %s\n", host, l, p);

	netrc_free(l);
	netrc_free(p);
	return line;
}
