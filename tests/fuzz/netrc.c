/* Fuzzes the netrc(5) reader and checker (lib/net/netrc.c), and netrc_line
 * round trips. */
#include "fuzz.h"
#include "net/netrc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *path = fuzz_file(d, n, "netrc");
	static const char *hosts[] = { "127.0.0.1", "auig2.jaxa.jp", "" };
	char *login, *pw, *line, *l2, *p2;
	int bad = netrc_check(path);

	/* 0, or a line of the input */
	if (bad < 0 || (bad > 0 && (size_t)bad > n + 1))
		abort();
	for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
		if (netrc_find(path, hosts[i], &login, &pw) != 0)
			continue;
		/* what netrc_line writes must read back as the same entry */
		line = netrc_line("h.example", login, pw);
		path = fuzz_file((const uint8_t *)line, strlen(line), "netrc2");
		if (netrc_find(path, "h.example", &l2, &p2) != 0 || strcmp(l2, login) ||
		    strcmp(p2, pw))
			abort();
		/* and pass the check, unless a newline cuts a token */
		if (!strchr(login, '\n') && !strchr(pw, '\n') && netrc_check(path) != 0)
			abort();
		netrc_free(l2);
		netrc_free(p2);
		netrc_free(line);
		netrc_free(login);
		netrc_free(pw);
		path = fuzz_file(d, n, "netrc");
	}
	return 0;
}
