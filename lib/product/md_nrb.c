/*
 * md_nrb.c: what met.json and the STAC Item of a level 2.2 NRB product
 * (palsar2-scansar-nrb.md) say beyond the other levels (md_nrb.h), from
 * the scene's "nrb" object (doc/records.md): md never reopens the files.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "product/md_nrb.h"

#define NRB_COG "image/tiff; application=geotiff; profile=cloud-optimized"
#define NRB_C 299792458.0

/* The mask codes (palsar2-scansar-nrb.md §5): summary.xml's BitValues
 * name, the class name and what it means. */
static const struct {
	const char *xml, *name, *description;
} nrb_classes[] = {
	{ "NoData", "no_data", "no data (outside the swath)" },
	{ "ValidData", "valid", "valid data" },
	{ "Layover", "layover", "layover" },
	{ "Shadow", "shadow", "radar shadow" },
	{ "OceanWater", "ocean_water", "ocean water (backscatter valid, over water)" },
	{ "InvalidData", "invalid", "invalid data" },
};

static int
is_num_array(json_t *a, size_t n)
{
	if (json_array_size(a) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!json_is_number(json_array_get(a, i)))
			return 0;
	return 1;
}

json_t *
md_nrb_get(json_t *scene, char **err)
{
	json_t *nrb = json_object_get(scene, "nrb");

	if (!json_is_object(nrb) || !json_is_integer(json_object_get(nrb, "epsg")) ||
	    !json_is_integer(json_object_get(nrb, "width")) ||
	    !json_is_integer(json_object_get(nrb, "height")) ||
	    !is_num_array(json_object_get(nrb, "geotransform"), 6) ||
	    !is_num_array(json_object_get(nrb, "bounds"), 4) ||
	    !json_is_object(json_object_get(nrb, "files")) ||
	    !json_is_string(json_object_get(nrb, "file_prefix"))) {
		*err = a2_asprintf("scene %s: no \"nrb\" object with file_prefix, files, epsg, width, "
		    "height, geotransform and bounds (run a2classify)",
		    a2_json_str(scene, "id") ? a2_json_str(scene, "id") : "?");
		return NULL;
	}
	return nrb;
}

void
md_nrb_alos2md(json_t *o, json_t *nrb, json_t *pols)
{
	static const char *const keep[] = { "beam_id", "center_frequency_ghz", "incidence_near",
	    "incidence_far", "orbit_data_source", "processing_facility", "processing_time",
	    "software_version", "source_product_id", "summary_version", "epsg", "width", "height" };
	json_t *f = json_object_get(nrb, "center_frequency_ghz"), *v;

	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if ((v = json_object_get(nrb, keep[i])) && !json_is_null(v))
			json_object_set(o, keep[i], v);
	if (json_is_number(f) && json_number_value(f) > 0)
		json_object_set_new(o, "radar_wave_length",
		    json_real(round(NRB_C / (json_number_value(f) * 1e9) * 1e6) / 1e6));
	if ((v = json_object_get(nrb, "off_nadir")) && json_is_number(v))
		json_object_set(o, "off_nadir_angle", v);
	if ((v = json_array_get(json_object_get(nrb, "pixel_spacing"), 0)) && json_is_number(v))
		json_object_set(o, "pixel_spacing", v);
	json_object_set_new(o, "polarizations", json_deep_copy(pols));
	json_object_set_new(o, "source", json_string("a2_nrb"));
}

void
md_nrb_props(json_t *props, json_t *nrb)
{
	json_t *gt = json_object_get(nrb, "geotransform"), *v;
	char code[24];

	snprintf(code, sizeof code, "EPSG:%lld", (long long)json_integer_value(json_object_get(nrb, "epsg")));
	json_object_set_new(props, "proj:code", json_string(code));
	/* [rows, columns] of the GeoTIFFs (a2classify checked them against
	 * the bounding box, whatever order ProductImageSize gives) */
	json_object_set_new(props, "proj:shape", json_pack("[OO]", json_object_get(nrb, "height"),
	    json_object_get(nrb, "width")));
	/* GDAL's geotransform in the affine order STAC (rasterio) uses */
	json_object_set_new(props, "proj:transform", json_pack("[OOOOOO]", json_array_get(gt, 1),
	    json_array_get(gt, 2), json_array_get(gt, 0), json_array_get(gt, 4), json_array_get(gt, 5),
	    json_array_get(gt, 3)));
	json_object_set(props, "proj:bbox", json_object_get(nrb, "bounds"));
	if ((v = json_array_get(json_object_get(nrb, "pixel_spacing"), 0)) && json_is_number(v))
		json_object_set(props, "gsd", v);
	if ((v = json_object_get(nrb, "center_frequency_ghz")) && json_is_number(v))
		json_object_set(props, "sar:center_frequency", v);
	json_object_set(props, "a2:file_prefix", json_object_get(nrb, "file_prefix"));
}

/* One band's raster:bands of the grid of nrb. */
static json_t *
band(json_t *nrb, const char *type)
{
	json_t *b = json_pack("{s:s, s:i, s:s}", "data_type", type, "nodata", 0, "sampling", "area");
	json_t *v = json_array_get(json_object_get(nrb, "pixel_spacing"), 0);

	if (json_is_number(v))
		json_object_set(b, "spatial_resolution", v);
	return json_pack("[o]", b);
}

/*
 * An asset of file NAME (in the scene directory): in the product, the
 * file inside the archive (archive extension: href the zip, the file's
 * path in it under "archive"); in a metadata-only product, the file in
 * place (its absolute path from FILES, the archive files).  Takes FIELDS
 * (title, description, roles, raster:bands...).
 */
static void
add_asset(json_t *assets, const char *key, const char *name, const char *type, json_t *fields,
    const char *archive, json_t *files)
{
	size_t i;
	json_t *v;

	if (!name) {
		json_decref(fields);
		return;
	}
	if (archive) {
		json_object_set_new(fields, "href", json_string(archive));
		json_object_set_new(fields, "type", json_string("application/zip"));
		json_object_set_new(fields, "archive", json_pack("[{s:s, s:s}]", "href", name, "type", type));
	} else {
		json_array_foreach(files, i, v) {
			const char *p = json_string_value(v);
			if (p && strcmp(a2_basename(p), name) == 0)
				json_object_set_new(fields, "href", json_string(p));
		}
		if (!json_object_get(fields, "href")) {
			json_decref(fields);
			return;
		}
		json_object_set_new(fields, "type", json_string(type));
	}
	json_object_set_new(assets, key, fields);
}

void
md_nrb_assets(json_t *assets, json_t *nrb, json_t *pols, const char *archive, json_t *files)
{
	json_t *f = json_object_get(nrb, "files"), *p, *bs, *classes, *codes;
	size_t i;
	char key[16], *d;

	json_array_foreach(pols, i, p) {
		const char *pol = json_string_value(p), *conv;
		json_t *off;

		if (!pol)
			continue;
		bs = json_object_get(json_object_get(nrb, "backscatter"), pol);
		off = json_object_get(bs, "db_offset");
		conv = a2_json_str(bs, "conversion");
		/* raster:bands' scale and offset are linear: the dB formula is
		 * said in words */
		if (json_is_number(off))
			d = a2_asprintf("Gamma-0 backscatter, terrain-corrected (RTC), %s: linear amplitude "
			    "DN, 0 = no data; gamma-0 in dB = 10*log10(DN^2) %c %.1f", pol,
			    json_number_value(off) < 0 ? '-' : '+', fabs(json_number_value(off)));
		else
			d = a2_asprintf("Gamma-0 backscatter, terrain-corrected (RTC), %s: linear amplitude "
			    "DN, 0 = no data; gamma-0 in dB = %s (summary.xml)", pol, conv ? conv : "?");
		snprintf(key, sizeof key, "%s_SLP", pol);
		add_asset(assets, key, a2_json_str(json_object_get(f, "slp"), pol), NRB_COG,
		    json_pack("{s:s, s:s, s:[ss], s:o}", "title", pol, "description", d, "roles", "data",
		    "gamma0", "raster:bands", band(nrb, "uint16")), archive, files);
		free(d);
	}
	{
		json_t *b = band(nrb, "uint16"), *sc = json_object_get(json_object_get(nrb,
		    "incidence_conversion"), "scale");
		const char *eq = a2_json_str(json_object_get(nrb, "incidence_conversion"), "equation");

		if (json_is_number(sc)) {
			json_object_set(json_array_get(b, 0), "scale", sc);
			json_object_set_new(json_array_get(b, 0), "offset", json_real(0));
			json_object_set_new(json_array_get(b, 0), "unit", json_string("deg"));
		}
		d = a2_asprintf("Local incidence angle: degrees = %s, 0 = no data", eq ? eq : "?");
		add_asset(assets, "LIN", a2_json_str(f, "lin"), NRB_COG, json_pack("{s:s, s:s, s:[ss], s:o}",
		    "title", "local incidence angle", "description", d, "roles", "metadata",
		    "local-incidence-angle", "raster:bands", b), archive, files);
		free(d);
	}
	codes = json_object_get(nrb, "mask_codes");
	classes = json_array();
	for (i = 0; i < sizeof nrb_classes / sizeof *nrb_classes; i++) {
		json_t *c = json_object_get(codes, nrb_classes[i].xml);
		if (json_is_integer(c))
			json_array_append_new(classes, json_pack("{s:O, s:s, s:s}", "value", c,
			    "name", nrb_classes[i].name, "description", nrb_classes[i].description));
	}
	add_asset(assets, "MSK", a2_json_str(f, "msk"), NRB_COG, json_pack("{s:s, s:s, s:[ss], s:o, s:o}",
	    "title", "mask", "description", "Quality mask: one code per pixel, not bit flags "
	    "(classification:classes); backscatter is usable where it is valid data or ocean water",
	    "roles", "metadata", "data-mask", "raster:bands", band(nrb, "uint8"),
	    "classification:classes", classes), archive, files);
	add_asset(assets, "summary", a2_json_str(f, "summary_xml"), "application/xml",
	    json_pack("{s:s, s:[s]}", "title", "CEOS-ARD summary.xml", "roles", "metadata"),
	    archive, files);
	add_asset(assets, "kml", a2_json_str(f, "kml"), "application/vnd.google-earth.kml+xml",
	    json_pack("{s:s, s:[s]}", "title", "scene rectangle (KML)", "roles", "metadata"),
	    archive, files);
}
