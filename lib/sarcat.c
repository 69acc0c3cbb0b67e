/*
 * sarcat.c: BOS SARCAT WFS query (sarcat.h), with libcurl.  One GET, a
 * short timeout and a size cap: a footprint has cheaper methods to fall
 * back on, so no retries.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "a2.h"
#include "sarcat.h"

#define SARCAT_MAX (8 << 20)

struct buf {
	char *p;
	size_t n;
};

static size_t
on_data(char *d, size_t sz, size_t nm, void *arg)
{
	struct buf *b = arg;
	size_t n = sz * nm;

	if (b->n + n > SARCAT_MAX)
		return 0;
	b->p = a2_realloc(b->p, b->n + n + 1);
	memcpy(b->p + b->n, d, n);
	b->n += n;
	b->p[b->n] = 0;
	return n;
}

/* Exterior ring of a Polygon, or of the first part of a MultiPolygon. */
static json_t *
outer_ring(json_t *geom)
{
	const char *t = a2_json_str(geom, "type");
	json_t *c = json_object_get(geom, "coordinates");

	if (t && strcmp(t, "MultiPolygon") == 0)
		c = json_array_get(c, 0);
	else if (!t || strcmp(t, "Polygon") != 0)
		return NULL;
	return json_array_get(c, 0);
}

json_t *
sarcat_ring(const char *base, const char *scene_id, char **fid, char **err)
{
	CURL *c = curl_easy_init();
	struct buf b = { NULL, 0 };
	char *filter = NULL, *q = NULL, *url = NULL, *shown;
	json_t *j = NULL, *ring = NULL, *pt, *feat;
	json_error_t je;
	long status = 0;
	CURLcode rc;
	size_t i;

	*fid = NULL;
	shown = a2_url_strip_credentials(base);
	if (!c) {
		*err = a2_asprintf("%s: cannot start libcurl", shown);
		goto out;
	}
	q = a2_asprintf("(identifier='%s')", scene_id);
	filter = curl_easy_escape(c, q, 0);
	url = a2_asprintf("%s%sservice=WFS&version=1.0.0&request=GetFeature&typeName=bos:sarcat"
	    "&maxFeatures=50&outputFormat=json&cql_filter=%s", base, strchr(base, '?') ? "&" : "?",
	    filter);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "a2footprint/" A2_VERSION);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		*err = a2_asprintf("%s: SARCAT query: %s", shown, curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		*err = a2_asprintf("%s: SARCAT query: HTTP %ld", shown, status);
		goto out;
	}
	if (!(j = json_loadb(b.p ? b.p : "", b.n, 0, &je))) {
		*err = a2_asprintf("%s: SARCAT answer: line %d: %s", shown, je.line, je.text);
		goto out;
	}
	feat = json_array_get(json_object_get(j, "features"), 0);
	if (!feat) {
		*err = a2_asprintf("%s: SARCAT answer: no feature for %s", shown, scene_id);
		goto out;
	}
	ring = outer_ring(json_object_get(feat, "geometry"));
	if (json_array_size(ring) < 3) {
		*err = a2_asprintf("%s: SARCAT answer: features[0].geometry: not a polygon", shown);
		ring = NULL;
		goto out;
	}
	json_array_foreach(ring, i, pt)
		if (!json_is_number(json_array_get(pt, 0)) || !json_is_number(json_array_get(pt, 1))) {
			*err = a2_asprintf("%s: SARCAT answer: features[0].geometry: point %zu is "
			    "not [lon, lat]", shown, i + 1);
			ring = NULL;
			goto out;
		}
	json_incref(ring);
	if (a2_json_str(feat, "id"))
		*fid = a2_strdup(a2_json_str(feat, "id"));
out:
	json_decref(j);
	if (filter)
		curl_free(filter);
	if (c)
		curl_easy_cleanup(c);
	free(q);
	free(url);
	free(b.p);
	free(shown);
	return ring;
}
