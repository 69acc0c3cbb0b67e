/*
 * Fuzzes the resto and GEODES STAC search answer handling of lib/net/maja.c:
 * http_get/http_post are replaced by stubs that answer every page with the
 * input (linked with --allow-multiple-definition so these win over http.o).
 * The first byte picks the HTTP status, so error answers are read too.
 */
#include "fuzz.h"
#include "net/maja.h"

static const uint8_t *in;
static size_t inlen;
static long status;

static int
answer(struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->body = fuzz_str(in, inlen);
	r->len = inlen;
	r->ctype = strdup("application/json");
	return 0;
}

int
http_get(const char *url, const struct http_opts *o, struct http_resp *r)
{
	return answer(r);
}

int
http_post(const char *url, const char *ctype, const char *data, size_t len,
    const struct http_opts *o, struct http_resp *r)
{
	return answer(r);
}

void
http_resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->ctype);
	r->body = r->ctype = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const long statuses[] = { 200, 200, 200, 200, 401, 403, 500, 404 };
	struct maja_where w;
	struct http_opts o;
	json_t *j;
	int code;

	if (n < 1)
		return 0;
	status = statuses[d[0] & 7];
	in = d + 1;
	inlen = n - 1;
	memset(&o, 0, sizeof o);
	memset(&w, 0, sizeof w);
	w.tile = "31TCJ";
	w.start = "2020-01-01";
	w.end = "2020-06-30";
	w.orbit = d[0] & 8 ? 51 : 0;
	if ((j = maja_resto_search("http://127.0.0.1:9/resto", &w, 10, &o, &code)))
		json_decref(j);
	if ((j = maja_geodes_search("http://127.0.0.1:9/stac", &w, 10, &o, &code)))
		json_decref(j);
	return 0;
}
