/*
 * sarcat.c: BOS SARCAT WFS query (sarcat.h), through the HTTP layer.  One
 * GET, short timeouts and a size cap: a footprint has cheaper methods to
 * fall back on, so no retries.
 */
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "net/http.h"
#include "net/sarcat.h"

#define SARCAT_MAX (8 << 20)

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
	struct http_opts o = { .timeout = 10, .max_time = 30, .max_body = SARCAT_MAX,
		.agent = "a2footprint", .quiet = 1 };
	struct http_resp r;
	char *filter, *q, *url, *shown;
	json_t *j = NULL, *ring = NULL, *pt, *feat;
	json_error_t je;
	size_t i;
	int code;

	*fid = NULL;
	shown = a2_url_strip_credentials(base);
	q = a2_asprintf("(identifier='%s')", scene_id);
	filter = http_escape(q, 0);
	url = a2_asprintf("%s%sservice=WFS&version=1.0.0&request=GetFeature&typeName=bos:sarcat"
	    "&maxFeatures=50&outputFormat=json&cql_filter=%s", base, strchr(base, '?') ? "&" : "?",
	    filter);
	free(q);
	free(filter);
	code = http_get(url, &o, &r);
	free(url);
	if (code != A2_EXIT_OK && r.status < 300) {
		*err = a2_asprintf("%s: SARCAT query: %s", shown, r.err);
		goto out;
	}
	if (r.status != 200) {
		*err = a2_asprintf("%s: SARCAT query: HTTP %ld", shown, r.status);
		goto out;
	}
	if (!(j = json_loadb(r.body, r.len, 0, &je))) {
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
	http_resp_free(&r);
	free(shown);
	return ring;
}
