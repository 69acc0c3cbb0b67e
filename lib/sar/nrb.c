/*
 * nrb.c: reads a PALSAR-2 ScanSAR L2.2 NRB product (nrb.h).  summary.xml
 * is parsed with GDAL's CPL XML reader and read by element name, extras
 * and absences of optional elements tolerated (palsar2-scansar-nrb.md §3,
 * §8); its quirks are read as they are: ProductImageSize may give the
 * rows and columns either way round, GeoCorrAccuracy may be "N/A", the
 * WKT CRS is ignored for the EPSG code.  The file names, summary.xml, the
 * KML and the GeoTIFFs must tell the same story.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cpl_error.h>
#include <cpl_minixml.h>
#include <gdal.h>
#include <gdal_frmts.h>
#include <ogr_srs_api.h>

#include "core/a2.h"
#include "core/a2_gdal.h"
#include "sar/nrb.h"

#define SA "SourceAttributes[@acqID=1]/"
#define CP "CARD4LProductAttributes/"

static const char *const pols[4] = { "HH", "HV", "VH", "VV" };

struct nrb {
	const struct nrb_files *f;
	const struct name_id *id;
	char **err;
	char *xpath;        /* dir/summary.xml */
	CPLXMLNode *doc, *root;
};

static int
fail(struct nrb *c, const char *fmt, ...) A2_PRINTF(2, 3);

static int
fail(struct nrb *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*c->err = a2_vasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* summary.xml and the KML are a few kB: a bigger file is none of them */
#define XML_MAX (4 << 20)

/* Parses path quietly: the document, or NULL with *why (new). */
static CPLXMLNode *
xml_load(const char *path, char **why)
{
	CPLXMLNode *d;
	const char *m;
	struct stat st;

	if (stat(path, &st) != 0) {
		*why = a2_strdup(strerror(errno));
		return NULL;
	}
	if (st.st_size > XML_MAX) {
		*why = a2_asprintf("%lld bytes, more than %d", (long long)st.st_size, XML_MAX);
		return NULL;
	}
	CPLErrorReset();
	CPLPushErrorHandler(CPLQuietErrorHandler);
	d = CPLParseXMLFile(path);
	CPLPopErrorHandler();
	if (!d) {
		m = CPLGetLastErrorMsg();
		*why = a2_strdup(*m ? m : "empty");
	}
	return d;
}

/* The text of an element (its first text child), or "" */
static const char *
text_of(CPLXMLNode *n)
{
	for (n = n ? n->psChild : NULL; n; n = n->psNext)
		if (n->eType == CXT_Text)
			return n->pszValue;
	return "";
}

/* The first child element name (with attribute attr = val when attr). */
static CPLXMLNode *
child(CPLXMLNode *p, const char *name, size_t nlen, const char *attr, const char *val)
{
	CPLXMLNode *n, *any = NULL;

	for (n = p ? p->psChild : NULL; n; n = n->psNext) {
		const char *v;

		if (n->eType != CXT_Element || strlen(n->pszValue) != nlen ||
		    strncmp(n->pszValue, name, nlen) != 0)
			continue;
		if (!attr)
			return n;
		if ((v = CPLGetXMLValue(n, attr, NULL)) && strcmp(v, val) == 0)
			return n;
		if (!v && !any)
			any = n;
	}
	/* one element without the attribute stands for it (tolerant) */
	return any;
}

/* The element at path "A/B[@attr=val]/C" below the root, or NULL. */
static CPLXMLNode *
xnode(struct nrb *c, const char *path)
{
	CPLXMLNode *n = c->root;
	const char *p = path;

	while (n && *p) {
		size_t len = strcspn(p, "/");
		const char *br = memchr(p, '[', len);
		char attr[32] = "", val[32] = "";

		if (br && sscanf(br, "[@%31[^=]=%31[^]]]", attr, val) == 2)
			n = child(n, p, (size_t)(br - p), attr, val);
		else
			n = child(n, p, len, NULL, NULL);
		p += len;
		if (*p == '/')
			p++;
	}
	return n;
}

/* The trimmed text at path, or NULL (with *c->err unless optional). */
static const char *
xget(struct nrb *c, const char *path, int optional)
{
	static char buf[4][4096];
	static int k;
	CPLXMLNode *n = xnode(c, path);
	const char *t;
	size_t len;
	char *b;

	if (!n) {
		if (!optional)
			fail(c, "%s: %s: missing", c->xpath, path);
		return NULL;
	}
	t = text_of(n);
	while (isspace((unsigned char)*t))
		t++;
	b = buf[k++ % 4];
	snprintf(b, sizeof buf[0], "%s", t);
	len = strlen(b);
	while (len > 0 && isspace((unsigned char)b[len - 1]))
		b[--len] = 0;
	return b;
}

/* A number at path: 0, 1 absent (optional) or "N/A" (na_ok: *v NAN), -1. */
static int
xnum(struct nrb *c, const char *path, double *v, int optional)
{
	const char *t = xget(c, path, optional);
	char *end;

	*v = NAN;
	if (!t)
		return optional ? 1 : -1;
	if (optional && (strcmp(t, "N/A") == 0 || !*t))
		return 1;
	*v = strtod(t, &end);
	if (!*t || *end || !isfinite(*v))
		return fail(c, "%s: %s: not a number: \"%s\"", c->xpath, path, t);
	return 0;
}

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* ISO time with any fraction and 'Z' -> "YYYY-MM-DDThh:mm:ss.mmmZ", ms */
static int
iso_norm(const char *s, char *out, size_t n, long long *ms)
{
	struct tm tm = { 0 };
	int off = 0, frac = 0, digits = 0;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &off) != 6 || off != 19)
		return -1;
	s += off;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, digits++)
			if (digits < 3)
				frac = frac * 10 + (*s - '0');
	for (; digits < 3; digits++)
		frac *= 10;
	if (strcmp(s, "Z") != 0 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	*ms = (long long)t * 1000 + frac;
	gmtime_r(&t, &tm);
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	return 0;
}

/* "Polygon ((x y, x y, ...))" -> closed ring [[x,y],...] of at least 4
 * points, or NULL */
static json_t *
wkt_ring(const char *s)
{
	json_t *r = json_array();
	const char *p = strstr(s, "((");
	double x0 = NAN, y0 = NAN, x = 0, y = 0;
	char *end;

	if (strncasecmp(s, "POLYGON", 7) != 0 || !p)
		goto bad;
	for (p += 2;;) {
		x = strtod(p, &end);
		if (end == p)
			goto bad;
		p = end;
		y = strtod(p, &end);
		if (end == p)
			goto bad;
		p = end;
		if (isnan(x0))
			x0 = x, y0 = y;
		json_array_append_new(r, json_pack("[ff]", x, y));
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (strcmp(p, "))") == 0)
			break;
		else
			goto bad;
	}
	if (json_array_size(r) >= 4 && x == x0 && y == y0)
		return r;
bad:
	json_decref(r);
	return NULL;
}

static int
ring_point(json_t *ring, size_t i, double *x, double *y)
{
	json_t *p = json_array_get(ring, i);

	*x = json_real_value(json_array_get(p, 0));
	*y = json_real_value(json_array_get(p, 1));
	return p ? 0 : -1;
}

/* ---- identity ---- */

static int
check_identity(struct nrb *c)
{
	const struct name_id *id = c->id;
	const char *v;
	double d;

	if (!(v = xget(c, SA "Satellite", 0)))
		return -1;
	if (strcmp(v, "ALOS2") != 0 && strcmp(v, "ALOS-2") != 0)
		return fail(c, "%s: " SA "Satellite: \"%s\" is not ALOS2", c->xpath, v);
	if (!(v = xget(c, SA "SourceDataAcquisitionParameters/ObservationMode", 0)))
		return -1;
	if (strcmp(v, id->mode) != 0)
		return fail(c, "%s: " SA "SourceDataAcquisitionParameters/ObservationMode: \"%s\" "
		    "contradicts the mode %s of the file names", c->xpath, v, id->mode);
	if (!(v = xget(c, SA "SourceDataAcquisitionParameters/AntennaPointing", 0)))
		return -1;
	if (strcmp(v, id->look == 'R' ? "Right" : "Left") != 0)
		return fail(c, "%s: " SA "SourceDataAcquisitionParameters/AntennaPointing: \"%s\" "
		    "contradicts the look side %c of the file names", c->xpath, v, id->look);
	if (!(v = xget(c, SA "OrbitInformation/PassDirection", 0)))
		return -1;
	if (strcmp(v, id->orbit_dir == 'A' ? "Ascending" : "Descending") != 0)
		return fail(c, "%s: " SA "OrbitInformation/PassDirection: \"%s\" contradicts the "
		    "orbit direction %c of the file names", c->xpath, v, id->orbit_dir);
	if (xnum(c, SA "SourceDataAcquisitionParameters/RSP_Path_Number", &d, 0) != 0)
		return -1;
	if (d != name_path(id->orbit))
		return fail(c, "%s: " SA "SourceDataAcquisitionParameters/RSP_Path_Number: %g "
		    "contradicts the path %d of orbit %ld of the file names", c->xpath, d,
		    name_path(id->orbit), id->orbit);
	if (xnum(c, SA "SourceDataAcquisitionParameters/RSP_Frame_Number", &d, 0) != 0)
		return -1;
	if (d != id->frame)
		return fail(c, "%s: " SA "SourceDataAcquisitionParameters/RSP_Frame_Number: %g "
		    "contradicts the frame %d of the file names", c->xpath, d, id->frame);
	/* the source L1.1 product: ALOS2437590500-220630_WWDR1.1__A */
	if ((v = xget(c, SA "SourceProcParam/ProductID", 1)) && *v &&
	    strncmp(v, id->scene_id, strlen(id->scene_id)) != 0)
		return fail(c, "%s: " SA "SourceProcParam/ProductID: \"%s\" contradicts the scene "
		    "ID %s of the file names", c->xpath, v, id->scene_id);
	return 0;
}

/* Polarizations, one backscatter file per listed polarisation, and the
 * mask and incidence files as summary.xml names them. */
static int
check_files(struct nrb *c, json_t *o)
{
	const struct nrb_files *f = c->f;
	const char *v = xget(c, SA "SourceDataAcquisitionParameters/Polarizations", 0);
	char list[64];
	int listed[4] = { 0 }, i;
	json_t *bs = json_object();
	CPLXMLNode *n, *cp = xnode(c, "CARD4LProductAttributes");

	if (!v) {
		json_decref(bs);
		return -1;
	}
	snprintf(list, sizeof list, "%s", v);
	for (char *save = NULL, *t = strtok_r(list, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		if ((i = name_pol_index(t)) < 0) {
			json_decref(bs);
			return fail(c, "%s: " SA "SourceDataAcquisitionParameters/Polarizations: "
			    "\"%s\": %s is not a polarisation", c->xpath, v, t);
		}
		listed[i] = 1;
	}
	for (i = 0; i < 4; i++) {
		if (listed[i] && !f->slp[i]) {
			json_decref(bs);
			return fail(c, "%s: " SA "SourceDataAcquisitionParameters/Polarizations: \"%s\" "
			    "lists %s, but there is no %s_%s_SLP.tif", c->xpath, v, pols[i],
			    a2_json_str(o, "file_prefix"), pols[i]);
		}
		if (!listed[i] && f->slp[i]) {
			json_decref(bs);
			return fail(c, "%s/%s: not listed by %s " SA "SourceDataAcquisitionParameters/"
			    "Polarizations \"%s\"", f->dir, f->slp[i], f->xml, v);
		}
	}
	/* BackscatterMeasurementData, one per polarisation */
	for (i = 0; i < 4; i++) {
		const char *fn, *eq;
		double off = NAN;
		char tail;

		if (!f->slp[i])
			continue;
		for (n = cp ? cp->psChild : NULL; n; n = n->psNext)
			if (n->eType == CXT_Element && strcmp(n->pszValue, "BackscatterMeasurementData") == 0 &&
			    strcmp(CPLGetXMLValue(n, "Polarization", ""), pols[i]) == 0)
				break;
		if (!n) {
			json_decref(bs);
			return fail(c, "%s: " CP "BackscatterMeasurementData: none for %s", c->xpath, pols[i]);
		}
		fn = CPLGetXMLValue(n, "FileName", "");
		if (strcmp(fn, f->slp[i]) != 0) {
			json_decref(bs);
			return fail(c, "%s: " CP "BackscatterMeasurementData[@Polarization=%s]/FileName: "
			    "\"%s\" contradicts the file name %s", c->xpath, pols[i], fn, f->slp[i]);
		}
		eq = CPLGetXMLValue(n, "BackscatterConversionEq", "");
		/* 10*log10(DN^2)-83.0: the offset, when it has that form */
		if (sscanf(eq, "10*log10(DN^2)%lf%c", &off, &tail) != 1)
			off = NAN;
		json_object_set_new(bs, pols[i], json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}",
		    "measurement", CPLGetXMLValue(n, "BackscatterMeasurement", ""),
		    "convention", CPLGetXMLValue(n, "BackscatterConvention", ""),
		    "conversion", eq, "db_offset", jnum(off),
		    "data_type", CPLGetXMLValue(n, "DataType", ""),
		    "bits_per_sample", CPLGetXMLValue(n, "BitsPerSample", "")));
	}
	json_object_set_new(o, "backscatter", bs);
	if (!(v = xget(c, CP "PerPixelMetadata/DataMask/FileName", 0)))
		return -1;
	if (!f->msk || strcmp(v, f->msk) != 0)
		return fail(c, "%s: " CP "PerPixelMetadata/DataMask/FileName: \"%s\" %s", c->xpath, v,
		    f->msk ? "contradicts the mask file name" : "is missing from the directory");
	if (!(v = xget(c, CP "PerPixelMetadata/LocalIncAngle/FileName", 0)))
		return -1;
	if (!f->lin || strcmp(v, f->lin) != 0)
		return fail(c, "%s: " CP "PerPixelMetadata/LocalIncAngle/FileName: \"%s\" %s", c->xpath, v,
		    f->lin ? "contradicts the incidence file name" : "is missing from the directory");
	return 0;
}

/* start_time, end_time; the centre's date is the scene ID's */
static int
read_times(struct nrb *c, json_t *o)
{
	static const char *const keys[2] = { SA "SourceDataAcquisitionTime/StartTime",
		SA "SourceDataAcquisitionTime/EndTime" };
	char iso[2][48], mid[48];
	long long ms[2];
	time_t t;
	struct tm tm;

	for (int i = 0; i < 2; i++) {
		const char *v = xget(c, keys[i], 0);

		if (!v)
			return -1;
		if (iso_norm(v, iso[i], sizeof iso[i], &ms[i]) != 0)
			return fail(c, "%s: %s: not an ISO time \"YYYY-MM-DDThh:mm:ss.sssZ\": \"%s\"",
			    c->xpath, keys[i], v);
	}
	if (ms[0] > ms[1])
		return fail(c, "%s: %s %s is after %s %s", c->xpath, keys[0], iso[0], keys[1], iso[1]);
	t = (time_t)((ms[0] + (ms[1] - ms[0]) / 2) / 1000);
	gmtime_r(&t, &tm);
	snprintf(mid, sizeof mid, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (strcmp(mid, c->id->date) != 0)
		return fail(c, "%s: %s %s: the scene's centre date %s contradicts the date %s of the "
		    "file names", c->xpath, keys[0], iso[0], mid, c->id->date);
	json_object_set_new(o, "start_time", json_string(iso[0]));
	json_object_set_new(o, "end_time", json_string(iso[1]));
	return 0;
}

/* ---- the map grid ---- */

static int
read_grid(struct nrb *c, json_t *o, double gt[6], int *w, int *h, int *epsg)
{
	double sx, sy, ule, uln, lre, lrn, nl, np, fw, fh, e;
	const char *v;
	json_t *swapped;

	if (xnum(c, CP "CoordinateReferenceSystem[@type=EPSG]", &e, 0) != 0)
		return -1;
	*epsg = (int)e;
	if (e != *epsg || !((*epsg > 32600 && *epsg <= 32660) || (*epsg > 32700 && *epsg <= 32760)))
		return fail(c, "%s: " CP "CoordinateReferenceSystem[@type=EPSG]: %g is not a WGS 84 / "
		    "UTM zone (32601-32660, 32701-32760)", c->xpath, e);
	if (xnum(c, CP "ProductSampleSpacing/ProductColumnSpacing", &sx, 0) != 0 ||
	    xnum(c, CP "ProductSampleSpacing/ProductRowSpacing", &sy, 0) != 0 ||
	    xnum(c, CP "ProductBoundingBox[@Corner=UL]/Easting", &ule, 0) != 0 ||
	    xnum(c, CP "ProductBoundingBox[@Corner=UL]/Northing", &uln, 0) != 0 ||
	    xnum(c, CP "ProductBoundingBox[@Corner=LR]/Easting", &lre, 0) != 0 ||
	    xnum(c, CP "ProductBoundingBox[@Corner=LR]/Northing", &lrn, 0) != 0 ||
	    xnum(c, CP "ProductImageSize/NumberLines", &nl, 0) != 0 ||
	    xnum(c, CP "ProductImageSize/NumPixelsPerLine", &np, 0) != 0)
		return -1;
	if (!(sx > 0) || !(sy > 0))
		return fail(c, "%s: " CP "ProductSampleSpacing: spacings %g, %g are not positive",
		    c->xpath, sx, sy);
	/* the bounding box holds the corner pixels' centres */
	fw = (lre - ule) / sx + 1;
	fh = (uln - lrn) / sy + 1;
	if (fw < 1 || fh < 1 || fabs(fw - round(fw)) > 1e-6 || fabs(fh - round(fh)) > 1e-6 ||
	    fw > 1e6 || fh > 1e6)
		return fail(c, "%s: " CP "ProductBoundingBox: UL %.3f,%.3f to LR %.3f,%.3f is not a whole "
		    "number of %g x %g m pixels", c->xpath, ule, uln, lre, lrn, sx, sy);
	*w = (int)lround(fw);
	*h = (int)lround(fh);
	/* NumberLines holds the columns in the one real sample (§3) */
	if (*w == *h && nl == *w && np == *h)
		swapped = json_null(); /* cannot tell */
	else if (nl == *h && np == *w)
		swapped = json_false();
	else if (nl == *w && np == *h)
		swapped = json_true();
	else
		return fail(c, "%s: " CP "ProductImageSize: NumberLines %g and NumPixelsPerLine %g "
		    "match neither way the %d rows and %d columns of ProductBoundingBox", c->xpath,
		    nl, np, *h, *w);
	gt[0] = ule - sx / 2;
	gt[1] = sx;
	gt[2] = 0;
	gt[3] = uln + sy / 2;
	gt[4] = 0;
	gt[5] = -sy;
	json_object_set_new(o, "epsg", json_integer(*epsg));
	json_object_set_new(o, "utm_zone", json_integer(*epsg % 100));
	json_object_set_new(o, "south", json_boolean(*epsg > 32700));
	json_object_set_new(o, "width", json_integer(*w));
	json_object_set_new(o, "height", json_integer(*h));
	json_object_set_new(o, "image_size_swapped", swapped);
	json_object_set_new(o, "pixel_spacing", json_pack("[ff]", sx, sy));
	json_object_set_new(o, "geotransform", json_pack("[ffffff]", gt[0], gt[1], gt[2], gt[3],
	    gt[4], gt[5]));
	json_object_set_new(o, "bounds", json_pack("[ffff]", gt[0], gt[3] - *h * sy,
	    gt[0] + *w * sx, gt[3]));
	v = xget(c, CP "PixelCoordinateConvention", 1);
	json_object_set_new(o, "pixel_convention", v ? json_string(v) : json_null());
	return 0;
}

/* Each GeoTIFF: one band of its type, the grid and CRS of summary.xml. */
static int
check_tiff(struct nrb *c, const char *name, GDALDataType type, const double gt[6], int w, int h,
    int epsg)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	char *p = a2_path_join(c->f->dir, name), *why = NULL;
	GDALDatasetH ds = a2_gdal_open(p, gtiff, "GDAL cannot open it as a GeoTIFF", &why);
	double g[6];
	const char *code = NULL;
	OGRSpatialReferenceH srs;
	int r = 0;

	if (!ds) {
		r = fail(c, "%s: %s", p, why);
		free(why);
		free(p);
		return r;
	}
	if (GDALGetRasterXSize(ds) != w || GDALGetRasterYSize(ds) != h)
		r = fail(c, "%s: raster %dx%d contradicts the %dx%d of %s", p, GDALGetRasterXSize(ds),
		    GDALGetRasterYSize(ds), w, h, c->f->xml);
	else if (GDALGetRasterCount(ds) != 1 ||
	    GDALGetRasterDataType(GDALGetRasterBand(ds, 1)) != type)
		r = fail(c, "%s: %d band(s) of %s, want one of %s", p, GDALGetRasterCount(ds),
		    GDALGetDataTypeName(GDALGetRasterDataType(GDALGetRasterBand(ds, 1))),
		    GDALGetDataTypeName(type));
	else if (GDALGetGeoTransform(ds, g) != CE_None || fabs(g[0] - gt[0]) > 1e-3 ||
	    fabs(g[3] - gt[3]) > 1e-3 || fabs(g[1] - gt[1]) > 1e-9 || fabs(g[5] - gt[5]) > 1e-9 ||
	    g[2] != 0 || g[4] != 0)
		r = fail(c, "%s: upper left corner %.3f,%.3f and spacing %g contradict %s "
		    "ProductBoundingBox (%.3f,%.3f, %g)", p, g[0], g[3], g[1], c->f->xml, gt[0], gt[3],
		    gt[1]);
	else if (!(srs = GDALGetSpatialRef(ds)) ||
	    !(code = OSRGetAuthorityCode(srs, NULL)) || atoi(code) != epsg)
		r = fail(c, "%s: CRS EPSG:%s contradicts EPSG:%d of %s", p, code ? code : "none", epsg,
		    c->f->xml);
	GDALClose(ds);
	free(p);
	return r;
}

/* ---- geographic values ---- */

static int
read_geo(struct nrb *c, json_t *o)
{
	static const char *const names[4] = { "UL", "LL", "LR", "UR" }; /* extent ring order */
	const char *v, *order;
	json_t *swath, *ext, *corners;
	double la[4], lo[4], cla, clo;
	char *end, buf[64];
	int k, idx[4];

	if (!(v = xget(c, SA "SourceDataImageAttributes/SourceDataGeometry", 0)))
		return -1;
	if (!(swath = wkt_ring(v)))
		return fail(c, "%s: " SA "SourceDataImageAttributes/SourceDataGeometry: not a WKT "
		    "polygon of 4 or more points, closed: \"%.60s\"", c->xpath, v);
	json_object_set_new(o, "swath", swath);
	if (!(v = xget(c, CP "ProductGeographicalExtent", 0)))
		return -1;
	if (!(ext = wkt_ring(v)) || json_array_size(ext) != 5) {
		json_decref(ext);
		return fail(c, "%s: " CP "ProductGeographicalExtent: not a closed WKT polygon of 4 "
		    "corners: \"%.60s\"", c->xpath, v);
	}
	json_object_set_new(o, "extent", ext);
	{
		/* longitudes as given, so a scene across 180 spans the globe */
		double lo0 = 1e9, lo1 = -1e9, x, y;

		for (k = 0; k < 4; k++) {
			ring_point(ext, (size_t)k, &x, &y);
			lo0 = fmin(lo0, x);
			lo1 = fmax(lo1, x);
		}
		json_object_set_new(o, "crosses_antimeridian", json_boolean(lo1 - lo0 > 180));
	}
	if (xnum(c, CP "SceneCenterLatitude", &cla, 0) != 0 ||
	    xnum(c, CP "SceneCenterLongitude", &clo, 0) != 0)
		return -1;
	json_object_set_new(o, "scene_center", json_pack("[ff]", clo, cla));
	/* SceneCornerLatitude[@order="UL, LL, UR, LR"]: comma lists in that order */
	order = CPLGetXMLValue(xnode(c, CP "SceneCornerLatitude"), "order", "UL, LL, UR, LR");
	snprintf(buf, sizeof buf, "%s", order);
	k = 0;
	for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int j;

		for (j = 0; j < 4 && strcmp(t, names[j]) != 0; j++)
			;
		if (k == 4 || j == 4)
			return fail(c, "%s: " CP "SceneCornerLatitude: order \"%s\" is not UL, LL, UR, LR "
			    "in some order", c->xpath, order);
		idx[k++] = j;
	}
	if (k != 4)
		return fail(c, "%s: " CP "SceneCornerLatitude: order \"%s\" is not UL, LL, UR, LR in "
		    "some order", c->xpath, order);
	for (int ll = 0; ll < 2; ll++) {
		const char *key = ll ? CP "SceneCornerLongitude" : CP "SceneCornerLatitude";
		double *d = ll ? lo : la;
		const char *p;

		if (!(v = xget(c, key, 0)))
			return -1;
		for (p = v, k = 0; k < 4; k++) {
			d[idx[k]] = strtod(p, &end);
			if (end == p || (k < 3 && *end != ',') || (k == 3 && *end))
				return fail(c, "%s: %s: not 4 comma-separated numbers: \"%s\"", c->xpath,
				    key, v);
			p = end + 1;
		}
	}
	corners = json_object();
	for (k = 0; k < 4; k++) {
		double x, y;

		ring_point(ext, (size_t)k, &x, &y);
		if (fabs(x - lo[k]) > 1e-6 || fabs(y - la[k]) > 1e-6) {
			json_decref(corners);
			return fail(c, "%s: " CP "SceneCornerLatitude/Longitude: %s corner %.6f,%.6f "
			    "contradicts ProductGeographicalExtent %.6f,%.6f", c->xpath, names[k], lo[k],
			    la[k], x, y);
		}
		json_object_set_new(corners, names[k], json_pack("[ff]", lo[k], la[k]));
	}
	json_object_set_new(o, "scene_corners", corners);
	return 0;
}

/* ---- the other values later steps may want ---- */

static void
read_more(struct nrb *c, json_t *o)
{
	static const struct { const char *key, *path; } strs[] = {
		{ "radar_band", SA "SourceDataAcquisitionParameters/RadarBand" },
		{ "beam_id", SA "SourceDataAcquisitionParameters/BeamID" },
		{ "orbit_data_source", SA "OrbitInformation/OrbitDataSource" },
		{ "source_product_id", SA "SourceProcParam/ProductID" },
		{ "processing_facility", CP "DataAccess/ProcessingFacility" },
		{ "processing_time", CP "DataAccess/ProcessingTime" },
		{ "software_version", CP "DataAccess/SoftwareVersion" },
		{ "dem", CP "GeometricCorrections/DigitalElevationModel/DEMReference" },
		{ "rtc_algorithm", CP "RadiometricTerrainCorrections/RTCAlgorithm" },
	};
	static const struct { const char *key, *path; } nums[] = {
		{ "center_frequency_ghz", SA "SourceDataAcquisitionParameters/RadarCenterFrequency" },
		{ "incidence_near", SA "SourceDataImageAttributes/IncAngleNearRange" },
		{ "incidence_far", SA "SourceDataImageAttributes/IncAngleFarRange" },
	};
	static const struct { const char *key, *name; } acc[] = {
		{ "northern_stdev", "NorthernSTDev" }, { "eastern_stdev", "EasternSTDev" },
		{ "northern_bias", "NorthernBias" }, { "eastern_bias", "EasternBias" },
	};
	json_t *g = json_object(), *m = json_object(), *ne = json_object();
	CPLXMLNode *n;
	const char *v;
	double d, scale;
	size_t i;
	char tail;

	json_object_set_new(o, "summary_version", json_string(CPLGetXMLValue(c->root, "version", "")));
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
		json_object_set_new(o, strs[i].key, (v = xget(c, strs[i].path, 1)) ? json_string(v) :
		    json_null());
	/* numbers that are not: null, as N/A is */
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		*c->err = NULL;
		if (xnum(c, nums[i].path, &d, 1) < 0) {
			free(*c->err);
			d = NAN;
		}
		json_object_set_new(o, nums[i].key, jnum(d));
	}
	for (i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		char path[128];

		snprintf(path, sizeof path, CP "GeometricCorrections/GeoCorrAccuracy/%s", acc[i].name);
		*c->err = NULL;
		if (xnum(c, path, &d, 1) < 0) {
			free(*c->err);
			d = NAN;
		}
		json_object_set_new(g, acc[i].key, jnum(d));
	}
	*c->err = NULL;
	json_object_set_new(o, "geo_accuracy", g);
	/* mask codes by the names summary.xml gives them */
	for (n = xnode(c, CP "PerPixelMetadata/DataMask/BitValues"), n = n ? n->psChild : NULL; n;
	    n = n->psNext) {
		char *end;
		long code;

		if (n->eType != CXT_Element)
			continue;
		code = strtol(text_of(n), &end, 10);
		if (*text_of(n) && !*end)
			json_object_set_new(m, n->pszValue, json_integer(code));
	}
	json_object_set_new(o, "mask_codes", m);
	v = xget(c, CP "PerPixelMetadata/LocalIncAngle/ConversionEq", 1);
	if (!v || sscanf(v, "%lf*DN%c", &scale, &tail) != 1)
		scale = NAN;
	json_object_set_new(o, "incidence_conversion", json_pack("{s:o, s:o}", "equation",
	    v ? json_string(v) : json_null(), "scale", jnum(scale)));
	for (i = 0; i < 4; i++) {
		char path[160];

		snprintf(path, sizeof path, SA "PerformanceIndicators[@pol=%s]/NoiseEquivalentIntensity"
		    "[@type=Sigma0]/Estimates[@type=min]", pols[i]);
		*c->err = NULL;
		if (xnode(c, path) && xnum(c, path, &d, 1) >= 0)
			json_object_set_new(ne, pols[i], jnum(d));
		free(*c->err);
	}
	*c->err = NULL;
	json_object_set_new(o, "noise_equivalent_sigma0_min", ne);
}

/* ---- the KML ---- */

/* the cell after <td>label</td><td> in the description table */
static char *
kml_cell(const char *desc, const char *label)
{
	char *pat = a2_asprintf("<td>%s</td><td>", label), *r = NULL;
	const char *p = strstr(desc, pat), *e;

	if (p && (e = strstr(p += strlen(pat), "</td>")))
		r = a2_asprintf("%.*s", (int)(e - p), p);
	free(pat);
	return r;
}

static int
check_kml(struct nrb *c, json_t *o)
{
	char *p = a2_path_join(c->f->dir, c->f->kml), *why = NULL, *cell;
	CPLXMLNode *doc = xml_load(p, &why), *pm = NULL, *n;
	const char *name, *coords, *s;
	json_t *ext = json_object_get(o, "extent");
	double off = NAN;
	int r = -1, k;

	if (!doc) {
		fail(c, "%s: not XML: %s", p, why);
		goto out;
	}
	/* the Placemark of the Folder "Scene Rectangle" */
	for (n = CPLGetXMLNode(doc, "=kml.Document"), n = n ? n->psChild : NULL; n && !pm; n = n->psNext)
		if (n->eType == CXT_Element && strcmp(n->pszValue, "Folder") == 0 &&
		    strcmp(CPLGetXMLValue(n, "name", ""), "Scene Rectangle") == 0)
			pm = CPLGetXMLNode(n, "Placemark");
	if (!pm) {
		fail(c, "%s: kml/Document/Folder \"Scene Rectangle\"/Placemark: missing", p);
		goto out;
	}
	name = CPLGetXMLValue(pm, "name", "");
	if (strcmp(name, c->id->scene_id) != 0) {
		fail(c, "%s: Placemark name \"%s\" contradicts the scene ID %s of the file names", p,
		    name, c->id->scene_id);
		goto out;
	}
	if ((cell = kml_cell(CPLGetXMLValue(pm, "description", ""), "Product ID")) &&
	    strcmp(cell, c->id->product_id) != 0) {
		fail(c, "%s: description Product ID \"%s\" contradicts the product ID %s of the file "
		    "names", p, cell, c->id->product_id);
		free(cell);
		goto out;
	}
	free(cell);
	if ((cell = kml_cell(CPLGetXMLValue(pm, "description", ""), "Offnadir Angle"))) {
		char *end;
		off = strtod(cell, &end);
		if (end == cell || *end)
			off = NAN;
		free(cell);
	}
	coords = CPLGetXMLValue(pm, "Polygon.outerBoundaryIs.LinearRing.coordinates", "");
	for (s = coords, k = 0; k < 5; k++) {
		double x, y, ex, ey;
		char *end;

		x = strtod(s, &end);
		if (end == s || *end != ',')
			break;
		y = strtod(s = end + 1, &end);
		if (end == s || *end != ',')
			break;
		strtod(s = end + 1, &end);
		s = end;
		ring_point(ext, (size_t)k, &ex, &ey);
		if (fabs(x - ex) > 1e-6 || fabs(y - ey) > 1e-6) {
			fail(c, "%s: Polygon coordinates: point %d %.6f,%.6f contradicts %s "
			    "ProductGeographicalExtent %.6f,%.6f", p, k + 1, x, y, c->f->xml, ex, ey);
			goto out;
		}
	}
	if (k != 5) {
		fail(c, "%s: Polygon coordinates: not 5 points lon,lat,height: \"%.60s\"", p, coords);
		goto out;
	}
	json_object_set_new(o, "off_nadir", jnum(off));
	r = 0;
out:
	if (doc)
		CPLDestroyXMLNode(doc);
	free(why);
	free(p);
	return r;
}

json_t *
nrb_read(const struct nrb_files *f, const struct name_id *id, char **err)
{
	struct nrb c = { .f = f, .id = id, .err = err };
	json_t *o = json_object(), *files = json_object(), *slp = json_object();
	char *why = NULL, prefix[33];
	double gt[6];
	int w = 0, h = 0, epsg = 0, i, r = -1;

	snprintf(prefix, sizeof prefix, "%s_%s", id->scene_id, id->product_id);
	json_object_set_new(o, "file_prefix", json_string(prefix));
	if (!f->xml) {
		fail(&c, "%s: no %s_summary.xml", f->dir, prefix);
		goto out;
	}
	if (!f->msk || !f->lin) {
		fail(&c, "%s: no %s_%s.tif", f->dir, prefix, f->msk ? "LIN" : "MSK");
		goto out;
	}
	c.xpath = a2_path_join(f->dir, f->xml);
	if (!(c.doc = xml_load(c.xpath, &why))) {
		fail(&c, "%s: not XML: %s", c.xpath, why);
		goto out;
	}
	if (!(c.root = CPLGetXMLNode(c.doc, "=Product"))) {
		fail(&c, "%s: no root element Product: not a CARD4L NRB summary", c.xpath);
		goto out;
	}
	for (i = 0; i < 4; i++)
		if (f->slp[i])
			json_object_set_new(slp, pols[i], json_string(f->slp[i]));
	json_object_set_new(files, "slp", slp);
	slp = NULL;
	json_object_set_new(files, "lin", json_string(f->lin));
	json_object_set_new(files, "msk", json_string(f->msk));
	json_object_set_new(files, "summary_xml", json_string(f->xml));
	json_object_set_new(files, "kml", f->kml ? json_string(f->kml) : json_null());
	json_object_set_new(o, "files", files);
	files = NULL;
	if (check_identity(&c) != 0 || check_files(&c, o) != 0 || read_times(&c, o) != 0 ||
	    read_grid(&c, o, gt, &w, &h, &epsg) != 0 || read_geo(&c, o) != 0)
		goto out;
	read_more(&c, o);
	GDALRegister_GTiff();
	for (i = 0; i < 4; i++)
		if (f->slp[i] && check_tiff(&c, f->slp[i], GDT_UInt16, gt, w, h, epsg) != 0)
			goto out;
	if (check_tiff(&c, f->lin, GDT_UInt16, gt, w, h, epsg) != 0 ||
	    check_tiff(&c, f->msk, GDT_Byte, gt, w, h, epsg) != 0)
		goto out;
	if (f->kml && check_kml(&c, o) != 0)
		goto out;
	if (!f->kml)
		json_object_set_new(o, "off_nadir", json_null());
	r = 0;
out:
	json_decref(files);
	json_decref(slp);
	if (c.doc)
		CPLDestroyXMLNode(c.doc);
	free(c.xpath);
	free(why);
	if (r != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
