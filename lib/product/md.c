/*
 * md.c: met.json, dataset.json and the STAC Item (md.h).  The met.json
 * keys, types and formats are those the ARIA/HySDS consumers read
 * (ingest-jobs.md §5.2, §6), so nothing here is renamed for taste.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/a2.h"
#include "geo/footprint.h"
#include "sar/level.h"
#include "product/md.h"
#include "sar/name.h"
#include "sar/scene.h"

/* COSPAR ID of ALOS-2 (launched 2014-05-24). */
#define MD_COSPAR "2014-029A"
/* PALSAR-2 centre frequency when no leader gives the wavelength. */
#define MD_FREQ_GHZ 1.2365
#define MD_C 299792458.0

int
md_time_hysds(const char *iso, char out[32])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	char frac[7] = "000000";
	const char *p = iso;
	size_t i;

	if (!iso || strlen(iso) < sizeof shape - 1)
		return -1;
	for (i = 0; i < sizeof shape - 1; i++, p++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)*p) : *p != shape[i])
			return -1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		/* more than microseconds is truncated, as strftime's %f would */
		for (i = 0; isdigit((unsigned char)*p); i++, p++)
			if (i < 6)
				frac[i] = *p;
	}
	if (*p == 'Z')
		p++;
	if (*p)
		return -1;
	snprintf(out, 32, "%.19s.%s", iso, frac);
	return 0;
}

int
md_tiles_parse(json_t *tiles, json_t **layers, json_t **zooms, char **err)
{
	json_t *l = json_object_get(tiles, "layers"), *v;
	const char *k;
	size_t i;

	*layers = json_array();
	*zooms = json_array();
	if (json_is_array(json_object_get(tiles, "tile_layers"))) {
		json_t *z = json_object_get(tiles, "tile_max_zoom");
		json_array_foreach(json_object_get(tiles, "tile_layers"), i, v) {
			json_t *zi = json_array_get(z, i);
			if (!json_is_string(v) || !json_is_integer(zi))
				goto bad;
			json_array_append(*layers, v);
			json_array_append(*zooms, zi);
		}
		return 0;
	}
	if (json_is_array(l)) {
		json_array_foreach(l, i, v) {
			json_t *name = json_object_get(v, "name"), *z = json_object_get(v, "max_zoom");
			if (!name)
				name = json_object_get(v, "pol");
			if (!z)
				z = json_object_get(v, "maxzoom");
			if (!json_is_string(name) || !json_is_integer(z))
				goto bad;
			json_array_append(*layers, name);
			json_array_append(*zooms, z);
		}
		return 0;
	}
	if (json_is_object(l)) {
		json_object_foreach(l, k, v) {
			json_t *z = json_object_get(v, "max_zoom");
			if (!z)
				z = json_object_get(v, "maxzoom");
			if (!json_is_integer(z))
				goto bad;
			json_array_append_new(*layers, json_string(k));
			json_array_append(*zooms, z);
		}
		return 0;
	}
bad:
	json_decref(*layers);
	json_decref(*zooms);
	*layers = *zooms = NULL;
	*err = a2_strdup("layers: expected [{\"name\":POL,\"max_zoom\":N},...]");
	return -1;
}

void
md_docs_free(struct md_docs *d)
{
	free(d->id);
	json_decref(d->met);
	json_decref(d->dataset);
	json_decref(d->stac);
	memset(d, 0, sizeof *d);
}

/* ---- pieces ---- */

static json_t *
footprint_polygon(json_t *fp, char **err)
{
	json_t *g = json_object_get(fp, "geometry");
	double bbox[4];

	if (!g)
		g = fp;
	if (!json_is_object(g) || !a2_json_str(g, "type") ||
	    (strcmp(a2_json_str(g, "type"), "Polygon") != 0 &&
	     strcmp(a2_json_str(g, "type"), "MultiPolygon") != 0) || footprint_bbox(g, bbox) != 0) {
		*err = a2_strdup("footprint: geometry: not a GeoJSON Polygon or MultiPolygon");
		return NULL;
	}
	return g;
}

/* alos2md for L1.5/L2.1: every summary.txt key lower-cased (Python's
 * ConfigParser did that), values without double quotes. */
static json_t *
alos2md_summary(json_t *sum)
{
	json_t *o = json_object(), *v;
	const char *k;

	json_object_foreach(sum, k, v) {
		char *lk = a2_strdup(k), *val;
		const char *s = json_string_value(v);
		size_t j = 0;

		for (char *q = lk; *q; q++)
			*q = tolower((unsigned char)*q);
		val = a2_strdup(s ? s : "");
		for (size_t i = 0; val[i]; i++)
			if (val[i] != '"')
				val[j++] = val[i];
		val[j] = '\0';
		json_object_set_new(o, lk, json_string(val));
		free(lk);
		free(val);
	}
	return o;
}

/* alos2md for L1.1 (the original ran BOS/ISCE extractors): the same keys
 * as the ISCE extractor, from the CEOS values a2classify read. */
static json_t *
alos2md_ceos(json_t *scene, const struct name_id *n, json_t *geom, const char *start,
    const char *end)
{
	json_t *o = json_object(), *dssr = json_object_get(json_object_get(scene, "ceos"), "dssr"), *v;
	char buf[16];

	snprintf(buf, sizeof buf, "%05ld", n->orbit);
	json_object_set_new(o, "absolute_orbit", json_string(buf));
	snprintf(buf, sizeof buf, "%04d", n->frame);
	json_object_set_new(o, "frame", json_string(buf));
	json_object_set_new(o, "flight_direction", json_string(n->orbit_dir == 'A' ? "asc" : "dsc"));
	json_object_set_new(o, "satellite_name", json_string("ALOS2"));
	json_object_set_new(o, "start_time", json_string(start));
	json_object_set_new(o, "stop_time", json_string(end));
	json_object_set_new(o, "geometry", json_deep_copy(geom));
	json_object_set_new(o, "beam_mode", json_string(n->mode));
	if ((v = json_object_get(dssr, "wavelength")) && json_is_number(v))
		json_object_set(o, "radar_wave_length", v);
	if ((v = json_object_get(dssr, "prf_hz")) && json_is_number(v))
		json_object_set(o, "prf", v);
	if ((v = json_object_get(dssr, "off_nadir")) && json_is_number(v))
		json_object_set(o, "off_nadir_angle", v);
	if ((v = json_object_get(dssr, "incidence")) && json_is_number(v))
		json_object_set(o, "incidence_angle", v);
	json_object_set_new(o, "source", json_string("a2_ceos"));
	return o;
}

/* UTM zone and hemisphere: summary Pds_UTM_ZoneNo, else the leader's map
 * projection record (mp, null when there is none).  0 if unknown. */
static int
utm_epsg(json_t *scene, json_t *mp, json_t *geom)
{
	const char *z = a2_json_str(json_object_get(scene, "summary"), "Pds_UTM_ZoneNo");
	json_int_t mz = json_integer_value(json_object_get(mp, "utm_zone"));
	int zone = 0, south = -1;
	double bbox[4];

	if (z && *z) {
		char *e;
		long v = strtol(z, &e, 10);
		if (!*e && v >= 1 && v <= 60)
			zone = (int)v;
	}
	if (json_is_object(mp)) {
		if (!zone && mz >= 1 && mz <= 60)
			zone = (int)mz;
		south = scene_num(json_object_get(mp, "false_northing")) > 0;
	}
	if (!zone)
		return 0;
	if (south < 0) {
		footprint_bbox(geom, bbox);
		south = bbox[1] + bbox[3] < 0;
	}
	return (south ? 32700 : 32600) + zone;
}

static int
sort_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Browse images already in outdir become assets keyed by polarisation. */
static void
browse_assets(json_t *assets, const char *outdir, const char *id)
{
	static const struct { const char *suffix, *key, *role; } kinds[] = {
		{ ".browse.png", "browse", "overview" },
		{ ".browse_small.png", "thumbnail", "thumbnail" },
	};

	for (size_t k = 0; k < 2; k++) {
		char *pat = a2_asprintf("%s/*%s", outdir, kinds[k].suffix);
		glob_t g;

		if (glob(pat, 0, NULL, &g) == 0) {
			qsort(g.gl_pathv, g.gl_pathc, sizeof *g.gl_pathv, sort_cmp);
			for (size_t i = 0; i < g.gl_pathc; i++) {
				const char *b = a2_basename(g.gl_pathv[i]);
				char key[64];

				snprintf(key, sizeof key, "%s", kinds[k].key);
				for (int p = 0; p < 4; p++) {
					static const char *pols[] = { "HH", "HV", "VH", "VV" };
					char tag[8];
					snprintf(tag, sizeof tag, "-%s-", pols[p]);
					if (strstr(b, tag)) {
						snprintf(key, sizeof key, "%s-%s", kinds[k].key, pols[p]);
						break;
					}
				}
				while (json_object_get(assets, key))
					snprintf(key + strlen(key), sizeof key - strlen(key), "_");
				json_object_set_new(assets, key, json_pack("{s:s, s:s, s:s, s:[s]}",
				    "href", b, "type", "image/png", "title", id, "roles", kinds[k].role));
			}
		}
		globfree(&g);
		free(pat);
	}
}

/* A metadata-only product's data stay where the archive keeps them: one
 * asset per file, keyed by its name, with its absolute path as href. */
static void
archive_assets(json_t *assets, json_t *files)
{
	size_t i;
	json_t *v;

	json_array_foreach(files, i, v) {
		const char *path = json_string_value(v), *b, *type = "application/octet-stream",
		    *role = "metadata";
		size_t n;

		if (!path)
			continue;
		b = a2_basename(path);
		n = strlen(b);
		if (strncmp(b, "IMG-", 4) == 0) {
			role = "data";
			if (n > 4 && strcmp(b + n - 4, ".tif") == 0)
				type = "image/tiff; application=geotiff";
		} else if (n > 4 && strcmp(b + n - 4, ".jpg") == 0) {
			role = "overview";
			type = "image/jpeg";
		} else if (n > 4 && strcmp(b + n - 4, ".txt") == 0) {
			type = "text/plain";
		} else if (n > 4 && strcmp(b + n - 4, ".kml") == 0) {
			type = "application/vnd.google-earth.kml+xml";
		}
		json_object_set_new(assets, b, json_pack("{s:s, s:s, s:[s]}", "href", path,
		    "type", type, "roles", role));
	}
}

static json_t *
required(json_t *scene, const char *key, json_type type, char **err)
{
	json_t *v = json_object_get(scene, key);

	if (!v || json_typeof(v) != type || (type == JSON_STRING && !*json_string_value(v)) ||
	    (type == JSON_ARRAY && json_array_size(v) == 0)) {
		*err = a2_asprintf("scene: %s: %s", key, v ? "wrong type or empty" : "missing");
		return NULL;
	}
	return v;
}

/*
 * The HySDS location (met.json and dataset.json): for the levels whose
 * row says so (1.5, CEOS or GeoTIFF), JAXA's four summary.txt image
 * corners, as alos2-ingest and JAXA's KML give them, whatever method made
 * the footprint; otherwise the footprint.  The STAC geometry stays the footprint: for a GeoTIFF the
 * outline of the valid data, which is where the pixels are.
 */
static json_t *
md_location(json_t *scene, const struct level *lv, json_t *footprint, json_t *geom)
{
	const char *method = a2_json_str(json_object_get(footprint, "properties"), "method");
	json_t *f, *g;
	char *e = NULL;

	/* the footprint may already be those corners (CEOS L1.5 by default) */
	if (!lv->location_summary || (method && strcmp(method, "summary") == 0))
		return json_incref(geom);
	if (!(f = footprint_from_scene(scene, FOOTPRINT_SUMMARY, &e))) {
		a2_warn("%s: location: no summary.txt corners, the footprint instead: %s",
		    a2_json_str(scene, "id"), e);
		free(e);
		return json_incref(geom);
	}
	g = json_incref(json_object_get(f, "geometry"));
	json_decref(f);
	return g;
}

/* dataset.json.  GRQ indexes its keys at the top of a product's document
 * (met.json's under "metadata") and, with no "center" there, takes the
 * centroid of "location": for a scene cut at 180 a point on the other
 * side of the Earth.  So such a scene says where it is. */
static json_t *
md_dataset(const char *version, const char *pid, const char *start, const char *end, json_t *loc)
{
	json_t *ds = json_pack("{s:s, s:s, s:s, s:s, s:O}", "version", version, "label", pid,
	    "starttime", start, "endtime", end, "location", loc);
	double cen[2];

	if (footprint_center(loc, cen) == 1)
		json_object_set_new(ds, "center", json_pack("{s:s, s:[f,f]}", "type", "Point", "coordinates",
		    cen[0], cen[1]));
	return ds;
}

/* The assets of met.json and dataset.json, next to the Item. */
static void
md_hysds_assets(json_t *assets, const char *pid)
{
	char buf[300];

	snprintf(buf, sizeof buf, "%s.met.json", pid);
	json_object_set_new(assets, "metadata", json_pack("{s:s, s:s, s:s, s:[s]}", "href", buf,
	    "type", "application/json", "title", "HySDS met.json", "roles", "metadata"));
	snprintf(buf, sizeof buf, "%s.dataset.json", pid);
	json_object_set_new(assets, "dataset", json_pack("{s:s, s:s, s:s, s:[s]}", "href", buf,
	    "type", "application/json", "title", "HySDS dataset.json", "roles", "metadata"));
}

/* The STAC Item (sar, sat, proj) of pid; takes props and assets.
 * collection: its catalog type (ingest-jobs.md §5.4), whose links a2md
 * sets (store/stac.h); NULL: none. */
static json_t *
md_stac_item(const char *pid, json_t *geom, json_t *props, const char *collection, json_t *assets)
{
	json_t *stac = json_object();
	double bbox[4];

	footprint_bbox(geom, bbox);
	json_object_set_new(stac, "type", json_string("Feature"));
	json_object_set_new(stac, "stac_version", json_string("1.0.0"));
	json_object_set_new(stac, "stac_extensions", json_pack("[sss]", MD_EXT_SAR, MD_EXT_SAT, MD_EXT_PROJ));
	json_object_set_new(stac, "id", json_string(pid));
	json_object_set_new(stac, "geometry", json_deep_copy(geom));
	json_object_set_new(stac, "bbox", json_pack("[ffff]", bbox[0], bbox[1], bbox[2], bbox[3]));
	json_object_set_new(stac, "properties", props);
	if (collection)
		json_object_set_new(stac, "collection", json_string(collection));
	json_object_set_new(stac, "links", json_array());
	json_object_set_new(stac, "assets", assets);
	return stac;
}

/* The tiles asset, when a2tiles made layers. */
static void
tiles_asset(json_t *assets, const struct md_opts *o, json_t *layers)
{
	if (o->tiles_href && layers && json_array_size(layers))
		json_object_set_new(assets, "tiles", json_pack("{s:s, s:s, s:s, s:[s]}", "href",
		    o->tiles_href, "type", "application/json", "title", "map tiles (a2tiles)",
		    "roles", "tiles"));
}

/* ---- a Sentinel-1 GUNW (hyp3-gunw.md §4) ---- */

/*
 * The times of a Sentinel-1 SLC name (S1A_IW_SLC__1SDV_<start>_<stop>_
 * <orbit>_...): start and stop as ISO 8601 ("2024-12-04T01:51:33Z"), the
 * absolute orbit.  -1 if name is not one.
 */
static int
s1_scene_times(const char *name, char start[24], char stop[24], long *orbit)
{
	static const char shape[] = "S1x_IW_SLC__1Sxx_ddddddddTdddddd_ddddddddTdddddd_dddddd_";
	char *t[2] = { start, stop };

	if (!name || strlen(name) < sizeof shape - 1)
		return -1;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)name[i]) :
		    shape[i] != 'x' && name[i] != shape[i])
			return -1;
	for (int k = 0; k < 2; k++) {
		const char *p = name + 17 + 16 * k;
		snprintf(t[k], 24, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", p, p + 4, p + 6, p + 9, p + 11, p + 13);
	}
	*orbit = strtol(name + 49, NULL, 10);
	return 0;
}

/* The earliest start and latest stop of a list of SLC names, the orbit
 * of the first; -1 if the list is empty or holds another name. */
static int
s1_scenes_span(json_t *names, char start[24], char stop[24], long *orbit, char **err)
{
	size_t i;
	json_t *v;

	if (!json_is_array(names) || !json_array_size(names)) {
		*err = a2_strdup("no Sentinel-1 scenes");
		return -1;
	}
	json_array_foreach(names, i, v) {
		char s[24], e[24];
		long o;
		if (s1_scene_times(json_string_value(v), s, e, &o) != 0) {
			*err = a2_asprintf("\"%s\": not a Sentinel-1 SLC name",
			    json_string_value(v) ? json_string_value(v) : "?");
			return -1;
		}
		if (i == 0 || strcmp(s, start) < 0)
			memcpy(start, s, 24);
		if (i == 0 || strcmp(e, stop) > 0)
			memcpy(stop, e, 24);
		if (i == 0)
			*orbit = o;
	}
	return 0;
}

/*
 * met.json, dataset.json and the STAC Item of a GUNW, from its scene
 * record (gunw object of a2classify, doc/records.md) and footprint.  The
 * reference times are the file's (radarMetaData), the secondary ones those
 * of its input scenes' names; the product spans secondary start to
 * reference end.
 */
static int
md_build_gunw(json_t *scene, json_t *footprint, const struct md_opts *o, const struct level *lv,
    struct md_docs *d, char **err)
{
	json_t *g = json_object_get(scene, "gunw"), *geom, *met, *props, *assets, *v, *refs, *secs;
	json_t *layers = NULL, *zooms = NULL;
	const char *id = a2_json_str(scene, "id"), *rst = a2_json_str(scene, "start_time"),
	    *ret = a2_json_str(scene, "end_time"), *ct = a2_json_str(scene, "center_time"),
	    *version = a2_json_str(scene, "version"), *rd = a2_json_str(g, "reference_date"),
	    *sd = a2_json_str(g, "secondary_date");
	char sst[24], set[24], rs[24], re[24], h[4][32], iso[4][40], plat[16], *e = NULL, *source = NULL, *archive;
	char pol[3] = "VV";
	const char *what;
	long rorb, sorb;
	int asc = a2_json_str(scene, "orbit_direction") && *a2_json_str(scene, "orbit_direction") == 'A';

	if (!json_is_object(g) || !id || !version || !rd || !sd || !json_is_integer(json_object_get(g, "track")) ||
	    !json_is_integer(json_object_get(g, "frame_id")) ||
	    !json_is_number(json_object_get(g, "perpendicular_baseline"))) {
		*err = a2_asprintf("scene %s: no \"gunw\" object with track, frame_id, dates and "
		    "perpendicular_baseline (run a2classify)", id ? id : "?");
		return -1;
	}
	refs = json_object_get(g, "reference_scenes");
	secs = json_object_get(g, "secondary_scenes");
	if (s1_scenes_span(refs, rs, re, &rorb, &e) != 0 || s1_scenes_span(secs, sst, set, &sorb, &e) != 0) {
		*err = a2_asprintf("scene %s: gunw reference/secondary_scenes: %s", id, e);
		free(e);
		return -1;
	}
	/* the reference times of the file, else of its scenes' names */
	if (!rst || !ret || md_time_hysds(rst, h[0]) != 0 || md_time_hysds(ret, h[1]) != 0) {
		rst = rs;
		ret = re;
		md_time_hysds(rst, h[0]);
		md_time_hysds(ret, h[1]);
	}
	md_time_hysds(sst, h[2]);
	md_time_hysds(set, h[3]);
	for (int i = 0; i < 4; i++) /* STAC: RFC 3339, the same digits */
		snprintf(iso[i], sizeof iso[i], "%.31sZ", h[i]);
	if (!(geom = footprint_polygon(footprint, err)))
		return -1;
	if (o->tiles && md_tiles_parse(o->tiles, &layers, &zooms, &e) != 0) {
		*err = a2_asprintf("tiles.json: %s", e);
		free(e);
		return -1;
	}
	/* ARIA makes GUNWs of the co-polarised channel: VV of 1SDV/1SSV, HH of 1SDH/1SSH */
	what = json_string_value(json_array_get(refs, 0));
	if (what[15] == 'H')
		memcpy(pol, "HH", 2);
	snprintf(plat, sizeof plat, "sentinel-1%c", tolower((unsigned char)what[2]));
	archive = o->archive ? a2_strdup(o->archive) : a2_asprintf("%s.zip", id);
	if (o->source)
		source = a2_url_strip_credentials(o->source);

	met = json_object();
	json_object_set_new(met, "prod_name", json_string(id));
	json_object_set_new(met, "spacecraftName", json_string("Sentinel-1"));
	json_object_set_new(met, "platform", json_string("Sentinel-1"));
	json_object_set_new(met, "dataset_type", json_string("Sentinel-1"));
	json_object_set_new(met, "orbitNumber", json_integer(rorb));
	json_object_set_new(met, "secondaryOrbitNumber", json_integer(sorb));
	json_object_set_new(met, "frameID", json_incref(json_object_get(g, "frame_id")));
	json_object_set_new(met, "trackNumber", json_incref(json_object_get(g, "track")));
	json_object_set_new(met, "prod_date", json_string(rd));
	json_object_set_new(met, "dfdn", json_pack("{s:s, s:s}", "AcquistionMode", "IW", "LookSide", "R"));
	json_object_set_new(met, "lookDirection", json_string("right"));
	json_object_set_new(met, "level", json_string("LGUNW"));
	json_object_set_new(met, "direction", json_string(asc ? "ascending" : "descending"));
	json_object_set_new(met, "dataset", json_string(lv->dataset));
	json_object_set_new(met, "source", json_string("aria"));
	json_object_set_new(met, "product_version", json_incref(json_object_get(g, "product_version")));
	json_object_set_new(met, "reference_date", json_string(rd));
	json_object_set_new(met, "secondary_date", json_string(sd));
	json_object_set_new(met, "reference_starttime", json_string(h[0]));
	json_object_set_new(met, "reference_endtime", json_string(h[1]));
	json_object_set_new(met, "secondary_starttime", json_string(h[2]));
	json_object_set_new(met, "secondary_endtime", json_string(h[3]));
	json_object_set_new(met, "perpendicularBaseline", json_incref(json_object_get(g, "perpendicular_baseline")));
	json_object_set_new(met, "reference_scenes", json_deep_copy(refs));
	json_object_set_new(met, "secondary_scenes", json_deep_copy(secs));
	json_object_set_new(met, "location", json_deep_copy(geom));
	json_object_set_new(met, "starttime", json_string(h[2]));
	json_object_set_new(met, "endtime", json_string(h[1]));
	/* tiles only when a2tiles made them (unwrappedPhase, coherence, amplitude) */
	json_object_set_new(met, "tiles", json_boolean(layers && json_array_size(layers)));
	json_object_set_new(met, "tile_layers", layers ? json_incref(layers) : json_array());
	json_object_set_new(met, "tile_max_zoom", zooms ? json_incref(zooms) : json_array());
	json_object_set_new(met, "archive_filename", json_string(archive));
	if (source)
		json_object_set_new(met, "download_source", json_string(source));

	props = json_object();
	json_object_set_new(props, "datetime", json_string(ct && *ct ? ct : iso[0]));
	json_object_set_new(props, "start_datetime", json_string(iso[2]));
	json_object_set_new(props, "end_datetime", json_string(iso[1]));
	json_object_set_new(props, "platform", json_string(plat));
	json_object_set_new(props, "constellation", json_string("sentinel-1"));
	json_object_set_new(props, "instruments", json_pack("[s]", "c-sar"));
	json_object_set_new(props, "sar:instrument_mode", json_string("IW"));
	json_object_set_new(props, "sar:frequency_band", json_string("C"));
	json_object_set_new(props, "sar:center_frequency", json_real(5.405));
	json_object_set_new(props, "sar:polarizations", json_pack("[s]", pol));
	json_object_set_new(props, "sar:product_type", json_string(lv->stac_type));
	json_object_set_new(props, "sar:observation_direction", json_string("right"));
	json_object_set_new(props, "sat:orbit_state", json_string(asc ? "ascending" : "descending"));
	json_object_set_new(props, "sat:absolute_orbit", json_integer(rorb));
	json_object_set_new(props, "sat:relative_orbit", json_incref(json_object_get(g, "track")));
	json_object_set_new(props, "proj:code", json_string("EPSG:4326"));
	json_object_set_new(props, "a2:level", json_string("GUNW"));
	json_object_set_new(props, "a2:dataset", json_string(lv->dataset));
	json_object_set_new(props, "a2:version", json_string(A2_VERSION));
	json_object_set_new(props, "a2:frame_id", json_incref(json_object_get(g, "frame_id")));
	json_object_set_new(props, "a2:reference_datetime", json_string(iso[0]));
	json_object_set_new(props, "a2:secondary_datetime", json_string(iso[2]));
	json_object_set_new(props, "a2:reference_end_datetime", json_string(iso[1]));
	json_object_set_new(props, "a2:secondary_end_datetime", json_string(iso[3]));
	json_object_set_new(props, "a2:perpendicular_baseline", json_incref(json_object_get(g, "perpendicular_baseline")));
	json_object_set_new(props, "a2:product_version", json_incref(json_object_get(g, "product_version")));
	if (o->cmdline)
		json_object_set_new(props, "a2:command", json_string(o->cmdline));
	if (source)
		json_object_set_new(props, "a2:source", json_string(source));
	if ((v = json_object_get(g, "reference_scenes")))
		json_object_set_new(props, "a2:reference_scenes", json_deep_copy(v));
	if ((v = json_object_get(g, "secondary_scenes")))
		json_object_set_new(props, "a2:secondary_scenes", json_deep_copy(v));

	/* the product directory holds the .nc in ID.zip (a2pack) */
	assets = json_object();
	json_object_set_new(assets, "archive", json_pack("{s:s, s:s, s:s, s:[s]}", "href", archive,
	    "type", "application/zip", "title", "ARIA GUNW netCDF-4 (zip)", "roles", "data"));
	md_hysds_assets(assets, id);
	tiles_asset(assets, o, layers);
	json_decref(layers);
	json_decref(zooms);

	d->id = a2_strdup(id);
	d->met = met;
	d->dataset = md_dataset(version, id, h[2], h[1], geom);
	d->stac = md_stac_item(id, geom, props, lv->type, assets);
	free(archive);
	free(source);
	return 0;
}

int
md_build(json_t *scene, json_t *footprint, const struct md_opts *o,
    struct md_docs *d, char **err)
{
	struct name_id n;
	const struct level *lv;
	json_t *geom, *loc, *pols, *v, *met, *ds, *stac, *props, *assets, *layers = NULL, *zooms = NULL;
	json_t *mp = json_null();
	const char *id, *dataset, *version, *st, *et, *ct;
	char start[32], end[32], lvl[8], buf[80], pid[40], *e = NULL, *source = NULL, *archive;
	double freq = MD_FREQ_GHZ;
	int slc, epsg;

	memset(d, 0, sizeof *d);
	if (!json_is_object(scene)) {
		*err = a2_strdup("scene: not a JSON object");
		return -1;
	}
	if (!required(scene, "id", JSON_STRING, err))
		return -1;
	lv = level_find(a2_json_str(scene, "level"), a2_json_str(scene, "format"));
	if (lv && lv->name_rule == LEVEL_NAME_GUNW && !o->archive_files) {
		scene_refuse_later(scene, LEVEL_STEP_METADATA);
		return md_build_gunw(scene, footprint, o, lv, d, err);
	}
	if (scene_name_id(scene, &n, err) != 0)
		return -1;
	id = a2_json_str(scene, "id");
	scene_refuse_later(scene, LEVEL_STEP_METADATA);
	if (!(lv = level_find(n.level, NULL)) || !lv->stac_type) {
		*err = a2_asprintf("scene: level: a2 does not handle level %s products", n.level);
		return -1;
	}
	/* the leader's map projection record, if the scene has a leader */
	if (json_object_get(scene, "ceos") && !(mp = scene_get_kept(scene, "ceos", "mapproj", err)))
		return -1;
	if (!required(scene, "satellite", JSON_STRING, err) ||
	    !required(scene, "dataset", JSON_STRING, err) ||
	    !required(scene, "version", JSON_STRING, err) ||
	    !required(scene, "start_time", JSON_STRING, err) ||
	    !required(scene, "end_time", JSON_STRING, err) ||
	    !(pols = required(scene, "polarisations", JSON_ARRAY, err)))
		return -1;
	dataset = a2_json_str(scene, "dataset");
	version = a2_json_str(scene, "version");
	st = a2_json_str(scene, "start_time");
	et = a2_json_str(scene, "end_time");
	ct = a2_json_str(scene, "center_time");
	if (md_time_hysds(st, start) != 0) {
		*err = a2_asprintf("scene: start_time: not an ISO 8601 time: \"%s\"", st);
		return -1;
	}
	if (md_time_hysds(et, end) != 0) {
		*err = a2_asprintf("scene: end_time: not an ISO 8601 time: \"%s\"", et);
		return -1;
	}
	if (!(geom = footprint_polygon(footprint, err)))
		return -1;
	if (o->tiles && md_tiles_parse(o->tiles, &layers, &zooms, &e) != 0) {
		*err = a2_asprintf("tiles.json: %s", e);
		free(e);
		return -1;
	}
	loc = md_location(scene, lv, footprint, geom);
	slc = !lv->georef;
	/* the product's name: the scene's, or ID-md for the archive flow */
	snprintf(pid, sizeof pid, "%s%s", id, o->archive_files ? "-md" : "");
	snprintf(lvl, sizeof lvl, "L%s", n.level);
	archive = o->archive ? a2_strdup(o->archive) : a2_asprintf("%s.zip", id);
	if (o->source)
		source = a2_url_strip_credentials(o->source);

	/* met.json, keys in the order of ingest-jobs.md §6.2 */
	met = json_object();
	json_object_set_new(met, "prod_name", json_string(pid));
	snprintf(buf, sizeof buf, "%s", a2_json_str(scene, "satellite"));
	json_object_set_new(met, "spacecraftName", json_string(buf));
	json_object_set_new(met, "platform", json_string(buf));
	json_object_set_new(met, "dataset_type", json_string(buf));
	json_object_set_new(met, "orbitNumber", json_integer(n.orbit));
	json_object_set_new(met, "frameID", json_integer(n.frame));
	json_object_set_new(met, "trackNumber", json_integer(name_path(n.orbit)));
	json_object_set_new(met, "prod_date", json_string(n.date));
	v = json_object();
	json_object_set_new(v, "AcquistionMode", json_string(n.mode));
	json_object_set_new(v, "LookSide", json_stringn(&n.look, 1));
	json_object_set_new(met, "dfdn", v);
	json_object_set_new(met, "lookDirection", json_string(n.look == 'R' ? "right" : "left"));
	json_object_set_new(met, "level", json_string(lvl));
	json_object_set_new(met, "processingOption", json_stringn(&n.proc_opt, 1));
	json_object_set_new(met, "mapProjection", json_stringn(&n.map_proj, 1));
	json_object_set_new(met, "direction", json_string(n.orbit_dir == 'A' ? "ascending" : "descending"));
	v = json_object_get(scene, "summary");
	if (!slc && json_object_size(v))
		json_object_set_new(met, "alos2md", alos2md_summary(v));
	else
		json_object_set_new(met, "alos2md", alos2md_ceos(scene, &n, geom, start, end));
	json_object_set_new(met, "dataset", json_string(dataset));
	json_object_set_new(met, "source", json_string("jaxa"));
	json_object_set_new(met, "location", json_deep_copy(loc));
	json_object_set_new(met, "starttime", json_string(start));
	json_object_set_new(met, "endtime", json_string(end));
	if (!slc) {
		/* the truth: tiles only when a2tiles made them, with the zoom it reached */
		json_object_set_new(met, "tiles", json_boolean(layers && json_array_size(layers)));
		json_object_set_new(met, "tile_layers", layers ? json_incref(layers) : json_array());
		json_object_set_new(met, "tile_max_zoom", zooms ? json_incref(zooms) : json_array());
	}
	if (o->archive_files) {
		json_object_set(met, "gekko_archive_files", o->archive_files);
		if (o->tags)
			json_object_set_new(met, "tags", json_string(o->tags));
	} else {
		json_object_set_new(met, "archive_filename", json_string(archive));
		if (source)
			json_object_set_new(met, "download_source", json_string(source));
	}

	ds = md_dataset(version, pid, start, end, loc);
	json_decref(loc);

	/* STAC Item */
	props = json_object();
	json_object_set_new(props, "datetime", json_string(ct && *ct ? ct : st));
	json_object_set_new(props, "start_datetime", json_string(st));
	json_object_set_new(props, "end_datetime", json_string(et));
	json_object_set_new(props, "platform", json_string("alos-2"));
	json_object_set_new(props, "constellation", json_string("alos"));
	json_object_set_new(props, "instruments", json_pack("[s]", "palsar-2"));
	json_object_set_new(props, "sar:instrument_mode", json_string(n.mode));
	json_object_set_new(props, "sar:frequency_band", json_string("L"));
	v = json_object_get(json_object_get(json_object_get(scene, "ceos"), "dssr"), "wavelength");
	if (json_is_number(v) && json_number_value(v) > 0.1 && json_number_value(v) < 1)
		freq = round(MD_C / json_number_value(v) / 1e9 * 1e6) / 1e6;
	json_object_set_new(props, "sar:center_frequency", json_real(freq));
	json_object_set_new(props, "sar:polarizations", json_deep_copy(pols));
	json_object_set_new(props, "sar:product_type", json_string(lv->stac_type));
	json_object_set_new(props, "sar:observation_direction", json_string(n.look == 'R' ? "right" : "left"));
	json_object_set_new(props, "sat:orbit_state", json_string(n.orbit_dir == 'A' ? "ascending" : "descending"));
	json_object_set_new(props, "sat:absolute_orbit", json_integer(n.orbit));
	/* JAXA paths run 1..207: the formula's 0 is path 207 */
	json_object_set_new(props, "sat:relative_orbit", json_integer(name_path(n.orbit) ? name_path(n.orbit) : 207));
	json_object_set_new(props, "sat:platform_international_designator", json_string(MD_COSPAR));
	if (slc) {
		/* slant range / azimuth geometry: no map CRS */
		json_object_set_new(props, "proj:code", json_null());
	} else if (n.map_proj == 'U' && (epsg = utm_epsg(scene, mp, geom))) {
		snprintf(buf, sizeof buf, "EPSG:%d", epsg);
		json_object_set_new(props, "proj:code", json_string(buf));
	}
	json_object_set_new(props, "a2:level", json_string(lvl));
	json_object_set_new(props, "a2:dataset", json_string(dataset));
	json_object_set_new(props, "a2:version", json_string(A2_VERSION));
	if (o->cmdline)
		json_object_set_new(props, "a2:command", json_string(o->cmdline));
	if (source && !o->archive_files)
		json_object_set_new(props, "a2:source", json_string(source));

	assets = json_object();
	if (o->archive_files)
		archive_assets(assets, o->archive_files);
	else
		json_object_set_new(assets, "archive", json_pack("{s:s, s:s, s:s, s:[s]}", "href", archive,
		    "type", "application/zip", "title", "JAXA product archive", "roles", "data"));
	md_hysds_assets(assets, pid);
	if (o->outdir && !o->archive_files)
		browse_assets(assets, o->outdir, id);
	tiles_asset(assets, o, layers);

	stac = md_stac_item(pid, geom, props, o->archive_files ? lv->type_md : lv->type, assets);

	json_decref(layers);
	json_decref(zooms);
	free(archive);
	free(source);
	d->id = a2_strdup(pid);
	d->met = met;
	d->dataset = ds;
	d->stac = stac;
	return 0;
}

/* ---- metadata-only products of the archive flow ---- */

static json_t *
group_product(json_t *group, const char *id, char **err)
{
	json_t *scan = json_object_get(group, "scan"), *prods, *p, *hit = NULL;
	size_t i;

	if (!json_is_object(scan))
		scan = group;
	prods = json_object_get(scan, "products");
	if (!json_is_array(prods) || json_array_size(prods) == 0) {
		*err = a2_strdup("group: no \"products\" (not an a2scan record?)");
		return NULL;
	}
	if (!id) {
		if (json_array_size(prods) > 1) {
			*err = a2_asprintf("group %s: %zu products; choose one with --id",
			    a2_json_str(scan, "scene_id") ? a2_json_str(scan, "scene_id") : "?",
			    json_array_size(prods));
			return NULL;
		}
		hit = json_array_get(prods, 0);
	}
	json_array_foreach(prods, i, p)
		if (id && a2_json_str(p, "id") && strcmp(a2_json_str(p, "id"), id) == 0)
			hit = p;
	if (!hit) {
		*err = a2_asprintf("group: no product %s", id);
		return NULL;
	}
	if (!a2_json_str(hit, "id") || !json_is_array(json_object_get(hit, "files")) ||
	    !json_array_size(json_object_get(hit, "files"))) {
		*err = a2_strdup("group: product without \"id\" or \"files\"");
		return NULL;
	}
	return hit;
}

/* Removes the symlinks made in dir, then dir. */
static void
links_remove(const char *dir, json_t *names)
{
	size_t i;
	json_t *v;

	json_array_foreach(names, i, v) {
		char *p = a2_path_join(dir, json_string_value(v));
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

int
md_build_archive(json_t *group, const char *id, const char *workdir,
    const struct md_opts *o, struct md_docs *d, char **err)
{
	json_t *prod, *files, *names = json_array(), *scene = NULL, *fp = NULL, *v;
	struct md_opts mo = *o;
	char *dir, *name, *m = NULL;
	const char *pid;
	size_t i;
	int r = -1;

	memset(d, 0, sizeof *d);
	if (!(prod = group_product(group, id, err))) {
		json_decref(names);
		return -1;
	}
	pid = a2_json_str(prod, "id");
	/* the group's product has its id and level, as a scene */
	scene_refuse_later(prod, LEVEL_STEP_METADATA);
	files = json_object_get(prod, "files");
	name = a2_asprintf("%s-md.links", pid);
	dir = a2_tmp_name(workdir, name, "XXXXXX");
	free(name);
	if (!mkdtemp(dir)) {
		*err = a2_asprintf("%s: cannot create: %s", dir, strerror(errno));
		free(dir);
		json_decref(names);
		return -1;
	}
	json_array_foreach(files, i, v) {
		const char *path = json_string_value(v), *b;
		size_t n;
		char *link;

		if (!path || path[0] != '/') {
			*err = a2_asprintf("group %s: files[%zu]: not an absolute path", pid, i);
			goto out;
		}
		b = a2_basename(path);
		n = strlen(b);
		/* alos2-scraper renamed summary.txt to <innerzip>.summary.txt */
		if (n >= 12 && strcmp(b + n - 12, ".summary.txt") == 0)
			b = "summary.txt";
		link = a2_path_join(dir, b);
		if (symlink(path, link) != 0) {
			*err = a2_asprintf("%s: %s", link, errno == EEXIST ?
			    "two files of the group have this name" : strerror(errno));
			free(link);
			goto out;
		}
		free(link);
		json_array_append_new(names, json_string(b));
	}
	if (!(scene = scene_classify(dir, &m))) {
		*err = a2_asprintf("%s (files of %s)", m, pid);
		goto out;
	}
	if (strcmp(a2_json_str(scene, "id"), pid) != 0) {
		*err = a2_asprintf("group %s: its files are product %s", pid, a2_json_str(scene, "id"));
		goto out;
	}
	if (!(fp = footprint_from_scene(scene, FOOTPRINT_AUTO, &m))) {
		*err = a2_asprintf("%s (files of %s)", m, pid);
		goto out;
	}
	mo.archive_files = files;
	r = md_build(scene, fp, &mo, d, err);
out:
	free(m);
	links_remove(dir, names);
	free(dir);
	json_decref(names);
	json_decref(scene);
	json_decref(fp);
	return r;
}
