/*
 * catalog.c: the products table (catalog.h) through OGR, so that a
 * GeoPackage file and PostGIS (and any other OGR datasource that can
 * update) behave the same.  Times are DATETIME (GeoPackage: ISO 8601 text
 * with milliseconds, which also compares as text) or timestamptz (PostGIS),
 * read back as 2014-09-09T04:33:42.052Z.  The footprint column takes any
 * geometry: a Polygon, or the MultiPolygon of a scene cut at the
 * antimeridian.  A catalog made before (times as text, a Polygon-only
 * footprint column) is converted on its first write.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>

#include "core/a2.h"
#include "store/catalog.h"
#include "sar/level.h"

#define CATALOG_LAYER "products"
/* Key of the PostgreSQL advisory lock that serialises writers. */
#define CATALOG_PG_LOCK "4152"
#define CATALOG_MAX_JSON (64 << 20)

enum {
	F_ID, F_DATASET, F_TYPE, F_LEVEL, F_VERSION, F_PLATFORM, F_MODE, F_POLS,
	F_ORBIT, F_PATH, F_FRAME, F_LOOK, F_DIRECTION, F_START, F_END, F_PRODUCT,
	F_PUBLISH, F_INGEST, F_SHA, F_N
};

static const struct {
	const char *name;
	OGRFieldType type;
} fields[F_N] = {
	[F_ID] = { "id", OFTString },
	[F_DATASET] = { "dataset", OFTString },
	[F_TYPE] = { "type", OFTString },
	[F_LEVEL] = { "level", OFTString },
	[F_VERSION] = { "version", OFTString },
	[F_PLATFORM] = { "platform", OFTString },
	[F_MODE] = { "mode", OFTString },
	[F_POLS] = { "polarisations", OFTString },
	[F_ORBIT] = { "orbit", OFTInteger },
	[F_PATH] = { "path", OFTInteger },
	[F_FRAME] = { "frame", OFTInteger },
	[F_LOOK] = { "look_side", OFTString },
	[F_DIRECTION] = { "direction", OFTString },
	[F_START] = { "start_time", OFTDateTime },
	[F_END] = { "end_time", OFTDateTime },
	[F_PRODUCT] = { "product", OFTString },
	[F_PUBLISH] = { "publish", OFTString },
	[F_INGEST] = { "ingest_time", OFTDateTime },
	[F_SHA] = { "met_sha256", OFTString },
};

struct catalog {
	char *name;
	GDALDatasetH ds;   /* NULL: a catalog that does not exist yet (read) */
	OGRLayerH lyr;     /* NULL: no products table yet (read) */
	int lockfd;
	int write, tx;
	int f[F_N];        /* field indexes in lyr */
};

/* ---- products/ID/ ---- */

static char *
gdal_msg(void)
{
	const char *m = CPLGetLastErrorMsg();

	return a2_strdup(m && *m ? m : "unknown GDAL error");
}

static json_t *
load(const char *path, int need, char sha[65], char **err)
{
	json_error_t je;
	json_t *j;
	char *buf;
	size_t n;

	if (access(path, F_OK) != 0) {
		if (need)
			*err = a2_asprintf("%s: missing", path);
		return NULL;
	}
	buf = a2_read_file(path, CATALOG_MAX_JSON, &n);
	if (sha) {
		struct sha256_ctx c;
		uint8_t d[SHA256_DIGEST_SIZE];

		sha256_init(&c);
		sha256_update(&c, n, (const uint8_t *)buf);
		sha256_digest(&c, sizeof d, d);
		for (size_t i = 0; i < sizeof d; i++)
			snprintf(sha + 2 * i, 3, "%02x", d[i]);
	}
	j = json_loadb(buf, n, 0, &je);
	free(buf);
	if (!j || !json_is_object(j)) {
		*err = a2_asprintf("%s: %s", path, j ? "not a JSON object" : je.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

int
catalog_time(const char *s, int end, char out[32])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, n = 0, date_only;
	const char *p;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	p = s + n;
	date_only = *p == '\0';
	if (*p == 'T' || *p == ' ') {
		p++;
		if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		p += n;
		if (*p == ':') {
			if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
				return -1;
			sec = (p[1] - '0') * 10 + p[2] - '0';
			p += 3;
			if (*p == '.') {
				int k = 0;
				for (p++; isdigit((unsigned char)*p); p++, k++)
					if (k < 3)
						ms = ms * 10 + *p - '0';
				if (k == 0)
					return -1;
				for (; k < 3; k++)
					ms *= 10;
			}
		}
		if (*p == 'Z')
			p++;
	}
	if (*p || y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec > 60)
		return -1;
	if (end && date_only) {
		h = 23, mi = 59, sec = 59, ms = 999;
	}
	/* (unsigned char) casts bound the widths for the compiler; the
	 * values were checked above */
	snprintf(out, 32, "%02u%02u-%02u-%02uT%02u:%02u:%02u.%03uZ", (unsigned char)(y / 100),
	    (unsigned char)(y % 100), (unsigned char)mo, (unsigned char)d, (unsigned char)h, (unsigned char)mi,
	    (unsigned char)sec, (unsigned short)ms % 1000u);
	return 0;
}

static char *
str_of(json_t *o, const char *key, char **err, const char *file)
{
	const char *s = a2_json_str(o, key);

	if (!s) {
		if (!*err)
			*err = a2_asprintf("%s: no string \"%s\"", file, key);
		return NULL;
	}
	return a2_strdup(s);
}

static int
int_of(json_t *o, const char *key, char **err, const char *file)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v)) {
		if (!*err)
			*err = a2_asprintf("%s: no integer \"%s\"", file, key);
		return -1;
	}
	return (int)json_integer_value(v);
}

int
catalog_product_read(const char *dir, struct catalog_product *p, char **err)
{
	char abs[PATH_MAX], *met_path = NULL, *ds_path = NULL, *stac_path = NULL;
	json_t *met = NULL, *ds = NULL, *stac = NULL, *loc, *pols;
	const char *id, *lvl, *st, *et, *pd;
	int r = -1;

	memset(p, 0, sizeof *p);
	*err = NULL;
	if (!realpath(dir, abs)) {
		*err = a2_asprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	id = a2_basename(abs);
	met_path = a2_asprintf("%s/%s.met.json", abs, id);
	ds_path = a2_asprintf("%s/%s.dataset.json", abs, id);
	stac_path = a2_asprintf("%s/%s.stac.json", abs, id);
	if (!(met = load(met_path, 1, p->met_sha256, err)) || !(ds = load(ds_path, 1, NULL, err)))
		goto out;
	stac = load(stac_path, 0, NULL, err);
	if (*err)
		goto out;
	p->id = str_of(met, "prod_name", err, met_path);
	if (p->id && strcmp(p->id, id) != 0) {
		*err = a2_asprintf("%s: prod_name %s is not the directory name", met_path, p->id);
		goto out;
	}
	/* the acquisition date of the publish layout: the name's, as the
	 * HySDS recognizer took it, which prod_date holds (ingest-jobs.md §5.2) */
	pd = a2_json_str(met, "prod_date");
	if (!pd || strlen(pd) != 10 || pd[4] != '-' || pd[7] != '-' || strspn(pd, "0123456789") != 4 ||
	    strspn(pd + 5, "0123456789") != 2 || strspn(pd + 8, "0123456789") != 2) {
		*err = a2_asprintf("%s: no \"prod_date\" YYYY-MM-DD", met_path);
		goto out;
	}
	snprintf(p->date, sizeof p->date, "%.4s/%.2s/%.2s", pd, pd + 5, pd + 8);
	p->dataset = str_of(met, "dataset", err, met_path);
	p->platform = str_of(met, "platform", err, met_path);
	p->direction = str_of(met, "direction", err, met_path);
	p->mode = str_of(json_object_get(met, "dfdn"), "AcquistionMode", err, met_path);
	p->look_side = str_of(json_object_get(met, "dfdn"), "LookSide", err, met_path);
	p->orbit = int_of(met, "orbitNumber", err, met_path);
	p->path = int_of(met, "trackNumber", err, met_path);
	p->frame = int_of(met, "frameID", err, met_path);
	p->version = str_of(ds, "version", err, ds_path);
	lvl = a2_json_str(met, "level");
	st = a2_json_str(met, "starttime");
	et = a2_json_str(met, "endtime");
	if (*err)
		goto out;
	if (!lvl || (*lvl != 'L' && *lvl != 'l') || !lvl[1]) {
		*err = a2_asprintf("%s: bad \"level\"", met_path);
		goto out;
	}
	p->level = a2_strdup(lvl + 1);
	/* the datasets.json type (ingest-jobs.md §5.4) */
	p->type = level_catalog_type(p->level, strlen(id) > 3 && strcmp(id + strlen(id) - 3, "-md") == 0);
	if (catalog_time(st, 0, p->start) != 0 || catalog_time(et, 0, p->end) != 0) {
		*err = a2_asprintf("%s: bad \"starttime\" or \"endtime\"", met_path);
		goto out;
	}
	loc = json_object_get(met, "location");
	if (!a2_json_str(loc, "type") || (strcmp(a2_json_str(loc, "type"), "Polygon") != 0 &&
	    strcmp(a2_json_str(loc, "type"), "MultiPolygon") != 0)) {
		*err = a2_asprintf("%s: \"location\" is not a GeoJSON Polygon or MultiPolygon", met_path);
		goto out;
	}
	p->footprint = json_incref(loc);
	/* polarisations are only in the STAC Item (met.json has none) */
	pols = json_object_get(json_object_get(stac, "properties"), "sar:polarizations");
	p->polarisations = a2_strdup("");
	if (json_is_array(pols)) {
		size_t i;
		json_t *v;
		json_array_foreach(pols, i, v) {
			char *t;
			if (!json_is_string(v))
				continue;
			t = a2_asprintf("%s%s%s", p->polarisations, *p->polarisations ? "," : "",
			    json_string_value(v));
			free(p->polarisations);
			p->polarisations = t;
		}
	}
	p->product = a2_strdup(abs);
	r = 0;
out:
	json_decref(met);
	json_decref(ds);
	json_decref(stac);
	free(met_path);
	free(ds_path);
	free(stac_path);
	if (r != 0)
		catalog_product_free(p);
	return r;
}

void
catalog_product_free(struct catalog_product *p)
{
	free(p->id);
	free(p->dataset);
	free(p->type);
	free(p->level);
	free(p->version);
	free(p->platform);
	free(p->mode);
	free(p->polarisations);
	free(p->look_side);
	free(p->direction);
	json_decref(p->footprint);
	free(p->product);
	free(p->publish);
	memset(p, 0, sizeof *p);
}

char *
catalog_default_name(void)
{
	const char *e = a2_env("A2_CATALOG", NULL);

	return e ? a2_strdup(e) : a2_path_join(a2_env("A2_DATA", "./a2-data"), "catalog.gpkg");
}

/* ---- the datasource ---- */

/* "PG:...", "MySQL:..." and the like are connection strings; anything
 * else is a file. */
static int
is_connection(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

	return n >= 2 && name[n] == ':';
}

static int
is_pg(const char *name)
{
	return strncasecmp(name, "PG:", 3) == 0 || strncasecmp(name, "postgresql://", 13) == 0;
}

static int
exec_sql(GDALDatasetH ds, const char *sql)
{
	OGRLayerH r;

	CPLErrorReset();
	r = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
	if (r) {
		/* a cursor runs when read */
		OGRFeatureH f = OGR_L_GetNextFeature(r);
		if (f)
			OGR_F_Destroy(f);
		GDALDatasetReleaseResultSet(ds, r);
	}
	return CPLGetLastErrorType() >= CE_Failure ? -1 : 0;
}

static OGRLayerH
create_layer(GDALDatasetH ds, const char *name)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	char *opts[] = { "GEOMETRY_NAME=footprint", "FID=fid", NULL };
	OGRLayerH l;

	OSRImportFromEPSG(srs, 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	/* any geometry: Polygons, and MultiPolygons cut at the antimeridian */
	l = GDALDatasetCreateLayer(ds, CATALOG_LAYER, srs, wkbUnknown, opts);
	OSRRelease(srs);
	if (!l) {
		char *m = gdal_msg();
		a2_warn("%s: cannot create table %s: %s", name, CATALOG_LAYER, m);
		free(m);
		return NULL;
	}
	for (int i = 0; i < F_N; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
		OGRErr e = OGR_L_CreateField(l, fd, TRUE);
		OGR_Fld_Destroy(fd);
		if (e != OGRERR_NONE) {
			a2_warn("%s: cannot create column %s", name, fields[i].name);
			return NULL;
		}
	}
	/* the backstop against duplicates, and the index that "has" uses */
	if (exec_sql(ds, "CREATE UNIQUE INDEX products_id ON products (id)") != 0) {
		char *m = gdal_msg();
		a2_warn("%s: cannot index products.id: %s", name, m);
		free(m);
		return NULL;
	}
	return l;
}

/* A new GeoPackage appears whole: made under a temporary name, then
 * linked to its name, which fails harmlessly if a concurrent add made it
 * first. */
static int
create_gpkg(const char *name)
{
	GDALDriverH drv = GDALGetDriverByName("GPKG");
	struct timespec ts;
	GDALDatasetH ds;
	char *tmp, *suffix;
	int r = 0;

	if (!drv) {
		a2_warn("%s: GDAL lacks the GPKG driver", name);
		return A2_EXIT_FAIL;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	suffix = a2_asprintf("%ld.gpkg", ts.tv_nsec);
	tmp = a2_tmp_beside(name, suffix);
	free(suffix);
	CPLErrorReset();
	ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
	if (!ds) {
		char *m = gdal_msg();
		a2_warn("%s: cannot create: %s", name, m);
		free(m);
		free(tmp);
		return A2_EXIT_FAIL;
	}
	if (!create_layer(ds, name))
		r = A2_EXIT_FAIL;
	GDALClose(ds);
	if (r == 0 && link(tmp, name) != 0 && errno != EEXIST) {
		a2_warn("%s:", name);
		r = A2_EXIT_FAIL;
	}
	unlink(tmp);
	free(tmp);
	return r;
}

static void
find_fields(struct catalog *c)
{
	OGRFeatureDefnH d = OGR_L_GetLayerDefn(c->lyr);

	for (int i = 0; i < F_N; i++)
		c->f[i] = OGR_FD_GetFieldIndex(d, fields[i].name);
}

/* Opens c->name (locked already if a file) and finds its products
 * table, made if missing when writing; an A2_EXIT_* status. */
static int
open_ds(struct catalog *c)
{
	int file = !is_connection(c->name);
	const char *who = file ? c->name : "catalog";

	CPLErrorReset();
	c->ds = GDALOpenEx(c->name, GDAL_OF_VECTOR | (c->write ? GDAL_OF_UPDATE : 0) | GDAL_OF_VERBOSE_ERROR,
	    NULL, NULL, NULL);
	if (!c->ds) {
		char *m = gdal_msg();
		a2_warn("%s: cannot open: %s", who, m);
		free(m);
		/* a database that is down may be up later */
		return file ? A2_EXIT_FAIL : A2_EXIT_TEMPFAIL;
	}
	if (c->write && is_pg(c->name) && exec_sql(c->ds, "SELECT pg_advisory_lock(" CATALOG_PG_LOCK ")") != 0) {
		a2_warn("%s: cannot take the writers' lock", "catalog");
		return A2_EXIT_TEMPFAIL;
	}
	c->lyr = GDALDatasetGetLayerByName(c->ds, CATALOG_LAYER);
	if (!c->lyr && c->write && !(c->lyr = create_layer(c->ds, who)))
		return A2_EXIT_FAIL;
	if (c->lyr) {
		find_fields(c);
		for (int i = 0; i < F_N; i++)
			if (c->f[i] < 0) {
				a2_warn("%s: table %s has no column %s", who, CATALOG_LAYER, fields[i].name);
				return A2_EXIT_FAIL;
			}
	}
	return A2_EXIT_OK;
}

/* 1 when column I should be a time but is (still) text. */
static int
time_is_text(struct catalog *c, int i)
{
	OGRFeatureDefnH d = OGR_L_GetLayerDefn(c->lyr);

	return fields[i].type == OFTDateTime && OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, c->f[i])) != OFTDateTime;
}

/* 1 when the footprint column takes Polygons only (a catalog made before
 * antimeridian scenes were catalogued). */
static int
geometry_is_polygon(struct catalog *c)
{
	return wkbFlatten(OGR_L_GetGeomType(c->lyr)) == wkbPolygon;
}

static int
needs_migration(struct catalog *c)
{
	for (int i = 0; i < F_N; i++)
		if (time_is_text(c, i))
			return 1;
	return geometry_is_polygon(c);
}

/*
 * A GeoPackage's footprint column declared GEOMETRY, in the table's
 * definition and in gpkg_geometry_columns (GDAL reads both and cannot
 * alter the type).  SQLite cannot ALTER a column's type; its documented
 * way for a change that leaves the stored rows as they are (here: both
 * declared types have NUMERIC affinity) is to edit the schema text with
 * writable_schema and bump schema_version.
 */
static int
gpkg_any_geometry(GDALDatasetH ds)
{
	OGRLayerH res;
	OGRFeatureH f = NULL;
	char *sql;
	int v = -1, r;

	CPLErrorReset();
	if ((res = GDALDatasetExecuteSQL(ds, "PRAGMA schema_version", NULL, NULL))) {
		if ((f = OGR_L_GetNextFeature(res)))
			v = OGR_F_GetFieldAsInteger(f, 0);
		OGR_F_Destroy(f);
		GDALDatasetReleaseResultSet(ds, res);
	}
	if (v < 0 || exec_sql(ds, "PRAGMA writable_schema = ON") != 0)
		return -1;
	sql = a2_asprintf("PRAGMA schema_version = %d", v + 1);
	r = exec_sql(ds, "UPDATE sqlite_master SET sql = replace(sql, '\"footprint\" POLYGON', '\"footprint\" GEOMETRY')"
	    " WHERE type = 'table' AND name = '" CATALOG_LAYER "'") != 0 ||
	    exec_sql(ds, sql) != 0 ||
	    exec_sql(ds, "UPDATE gpkg_geometry_columns SET geometry_type_name = 'GEOMETRY'"
	    " WHERE lower(table_name) = '" CATALOG_LAYER "'") != 0 ? -1 : 0;
	free(sql);
	return exec_sql(ds, "PRAGMA writable_schema = OFF") != 0 ? -1 : r;
}

/*
 * Converts a catalog made before, in one transaction, so that a failure
 * leaves it as it was.  Text time columns become DATETIME or timestamptz:
 * the text is what catalog_time() wrote (UTC, milliseconds, Z), which both
 * backends take as that instant: GeoPackage keeps the very text,
 * PostgreSQL casts it.  A Polygon footprint column becomes one of any
 * geometry, its Polygons kept as they are (PostGIS: the column's typmod;
 * GeoPackage: gpkg_any_geometry()).
 */
static int
migrate(struct catalog *c)
{
	const char *who = is_connection(c->name) ? "catalog" : c->name;
	int r, n = 0, geom = geometry_is_polygon(c);
	char *m;

	for (int i = 0; i < F_N; i++)
		n += time_is_text(c, i);
	r = GDALDatasetStartTransaction(c->ds, FALSE) == OGRERR_NONE ? 0 : -1;
	if (r == 0 && n && is_pg(c->name)) {
		char *sql = a2_strdup("ALTER TABLE " CATALOG_LAYER), *t;
		for (int i = 0, k = 0; i < F_N; i++)
			if (time_is_text(c, i)) {
				t = a2_asprintf("%s%s ALTER COLUMN \"%s\" TYPE timestamptz USING \"%s\"::timestamptz",
				    sql, k++ ? "," : "", fields[i].name, fields[i].name);
				free(sql);
				sql = t;
			}
		r = exec_sql(c->ds, sql);
		free(sql);
	} else if (n)
		for (int i = 0; i < F_N && r == 0; i++)
			if (time_is_text(c, i)) {
				OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, OFTDateTime);
				CPLErrorReset();
				if (OGR_L_AlterFieldDefn(c->lyr, c->f[i], fd, ALTER_TYPE_FLAG) != OGRERR_NONE)
					r = -1;
				OGR_Fld_Destroy(fd);
			}
	/* last: GDAL's GeoPackage AlterFieldDefn rewrites the table as its
	 * layer was read (a Polygon column) */
	if (r == 0 && geom)
		r = is_pg(c->name) ? exec_sql(c->ds, "ALTER TABLE " CATALOG_LAYER
		    " ALTER COLUMN footprint TYPE geometry(Geometry,4326)") : gpkg_any_geometry(c->ds);
	if (r == 0 && GDALDatasetCommitTransaction(c->ds) == OGRERR_NONE)
		return A2_EXIT_OK;
	m = gdal_msg();
	a2_warn("%s: cannot convert its %s: %s", who,
	    !n ? "footprint column" : geom ? "times and footprint column" : "times", m);
	free(m);
	GDALDatasetRollbackTransaction(c->ds);
	return A2_EXIT_FAIL;
}

int
catalog_open(const char *name, int write, struct catalog **out)
{
	static int registered;
	struct catalog *c = a2_calloc(1, sizeof *c);
	int file = !is_connection(name), r;
	struct stat st;

	*out = NULL;
	if (!registered) {
		/* GDAL's messages reach the user through ours, once */
		CPLSetErrorHandler(CPLQuietErrorHandler);
		GDALAllRegister();
		registered = 1;
	}
	c->name = a2_strdup(name);
	c->lockfd = -1;
	c->write = write;
	if (file && write)
		a2_tmp_sweep_beside(name); /* what a creation killed by SIGKILL left */
	if (file && stat(name, &st) != 0) {
		if (errno != ENOENT || !write) {
			if (errno != ENOENT) {
				a2_warn("%s:", name);
				free(c->name);
				free(c);
				return A2_EXIT_FAIL;
			}
			*out = c;  /* nothing catalogued yet */
			return A2_EXIT_OK;
		}
		if (create_gpkg(name) != 0) {
			free(c->name);
			free(c);
			return A2_EXIT_FAIL;
		}
	}
	/* SQLite's own locks give SQLITE_BUSY to concurrent writers; a
	 * whole-file flock makes them wait their turn instead.  The fd stays
	 * open until GDAL has closed the file: closing another fd of the file
	 * would drop SQLite's fcntl locks. */
	if (file) {
		c->lockfd = open(name, O_RDONLY | O_CLOEXEC);
		if (c->lockfd < 0 || flock(c->lockfd, write ? LOCK_EX : LOCK_SH) != 0) {
			a2_warn("%s: cannot lock:", name);
			catalog_close(c);
			return A2_EXIT_FAIL;
		}
	}
	if ((r = open_ds(c)) != A2_EXIT_OK) {
		catalog_close(c);
		return r;
	}
	if (write && c->lyr && needs_migration(c)) {
		if ((r = migrate(c)) == A2_EXIT_OK) {
			/* the layer's columns as they now are */
			GDALClose(c->ds);
			c->ds = NULL;
			r = open_ds(c);
		}
		if (r != A2_EXIT_OK) {
			catalog_close(c);
			return r;
		}
	}
	if (write)
		c->tx = GDALDatasetStartTransaction(c->ds, FALSE) == OGRERR_NONE;
	*out = c;
	return A2_EXIT_OK;
}

int
catalog_close(struct catalog *c)
{
	int r = A2_EXIT_OK;

	if (!c)
		return r;
	if (c->ds && c->tx && GDALDatasetCommitTransaction(c->ds) != OGRERR_NONE) {
		char *m = gdal_msg();
		a2_warn("%s: commit failed: %s", is_connection(c->name) ? "catalog" : c->name, m);
		free(m);
		r = A2_EXIT_FAIL;
	}
	if (c->ds)
		GDALClose(c->ds);
	if (c->lockfd >= 0)
		close(c->lockfd);
	free(c->name);
	free(c);
	return r;
}

/* ---- rows ---- */

/* 'text' as an SQL literal (new string). */
static char *
sql_str(const char *s)
{
	size_t n = 0;
	char *q, *p;

	for (const char *t = s; *t; t++)
		n += *t == '\'' ? 2 : 1;
	q = p = a2_malloc(n + 3);
	*p++ = '\'';
	for (; *s; s++) {
		if (*s == '\'')
			*p++ = '\'';
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

static void
set_id_filter(struct catalog *c, const char *id)
{
	char *v = sql_str(id), *f = a2_asprintf("\"id\" = %s", v);

	OGR_L_SetAttributeFilter(c->lyr, f);
	OGR_L_ResetReading(c->lyr);
	free(v);
	free(f);
}

static void
now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 32 - 19, ".%03uZ", (unsigned short)(ts.tv_nsec / 1000000) % 1000u);
}

/* Stores T, a time as catalog_time() writes it, as that instant in UTC. */
static void
set_time(struct catalog *c, OGRFeatureH f, int i, const char *t)
{
	int y, mo, d, h, mi;
	unsigned sec, ms;

	if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2u.%3uZ", &y, &mo, &d, &h, &mi, &sec, &ms) == 7)
		OGR_F_SetFieldDateTimeEx(f, c->f[i], y, mo, d, h, mi, (float)sec + (float)ms / 1000.0f, 100);
}

static int
fill(struct catalog *c, OGRFeatureH f, const struct catalog_product *p)
{
	char *gj = json_dumps(p->footprint, JSON_COMPACT);
	OGRGeometryH g = gj ? OGR_G_CreateGeometryFromJson(gj) : NULL;
	char now[32];

	free(gj);
	if (!g || (OGR_G_GetGeometryType(g) != wkbPolygon && OGR_G_GetGeometryType(g) != wkbMultiPolygon)) {
		a2_warn("%s: footprint is not a valid Polygon or MultiPolygon", p->id);
		if (g)
			OGR_G_DestroyGeometry(g);
		return -1;
	}
	OGR_F_SetGeometryDirectly(f, g);
	OGR_F_SetFieldString(f, c->f[F_ID], p->id);
	OGR_F_SetFieldString(f, c->f[F_DATASET], p->dataset);
	OGR_F_SetFieldString(f, c->f[F_TYPE], p->type);
	OGR_F_SetFieldString(f, c->f[F_LEVEL], p->level);
	OGR_F_SetFieldString(f, c->f[F_VERSION], p->version);
	OGR_F_SetFieldString(f, c->f[F_PLATFORM], p->platform);
	OGR_F_SetFieldString(f, c->f[F_MODE], p->mode);
	OGR_F_SetFieldString(f, c->f[F_POLS], p->polarisations);
	OGR_F_SetFieldInteger(f, c->f[F_ORBIT], p->orbit);
	OGR_F_SetFieldInteger(f, c->f[F_PATH], p->path);
	OGR_F_SetFieldInteger(f, c->f[F_FRAME], p->frame);
	OGR_F_SetFieldString(f, c->f[F_LOOK], p->look_side);
	OGR_F_SetFieldString(f, c->f[F_DIRECTION], p->direction);
	set_time(c, f, F_START, p->start);
	set_time(c, f, F_END, p->end);
	OGR_F_SetFieldString(f, c->f[F_PRODUCT], p->product);
	if (p->publish)
		OGR_F_SetFieldString(f, c->f[F_PUBLISH], p->publish);
	now_iso(now);
	set_time(c, f, F_INGEST, now);
	OGR_F_SetFieldString(f, c->f[F_SHA], p->met_sha256);
	return 0;
}

static const char *
field(struct catalog *c, OGRFeatureH f, int i)
{
	return OGR_F_IsFieldSetAndNotNull(f, c->f[i]) ? OGR_F_GetFieldAsString(f, c->f[i]) : NULL;
}

/* A time column as catalog_time() writes it, whether the backend gives
 * it as a time in any zone or (a catalog not yet converted) as that text;
 * NULL when null. */
static const char *
time_field(struct catalog *c, OGRFeatureH f, int i, char out[32])
{
	int y, mo, d, h, mi, tz;
	long long ms;
	struct tm tm;
	time_t t;
	float sec;

	if (!OGR_F_IsFieldSetAndNotNull(f, c->f[i]))
		return NULL;
	if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, c->f[i])) != OFTDateTime ||
	    !OGR_F_GetFieldAsDateTimeEx(f, c->f[i], &y, &mo, &d, &h, &mi, &sec, &tz))
		return OGR_F_GetFieldAsString(f, c->f[i]);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi;
	/* tz: 100 is UTC, each step from it 15 minutes; 0 and 1 (unknown,
	 * local) are taken as UTC, which is all a2 writes */
	ms = (long long)timegm(&tm) * 1000 + (long long)(sec * 1000.0f + 0.5f);
	if (tz > 1)
		ms -= (long long)(tz - 100) * 15 * 60 * 1000;
	t = (time_t)(ms / 1000);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 32 - 19, ".%03uZ", (unsigned short)(ms % 1000) % 1000u);
	return out;
}

static int
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int
catalog_put(struct catalog *c, const struct catalog_product *p)
{
	OGRFeatureH f;
	OGRErr e;
	int r;

	if (!c->lyr)
		return -1;
	set_id_filter(c, p->id);
	f = OGR_L_GetNextFeature(c->lyr);
	OGR_L_SetAttributeFilter(c->lyr, NULL);
	if (f && same(field(c, f, F_SHA), p->met_sha256) && same(field(c, f, F_PRODUCT), p->product) &&
	    (!p->publish || same(field(c, f, F_PUBLISH), p->publish))) {
		OGR_F_Destroy(f);
		return CATALOG_UNCHANGED;
	}
	r = f ? CATALOG_UPDATED : CATALOG_ADDED;
	if (!f)
		f = OGR_F_Create(OGR_L_GetLayerDefn(c->lyr));
	if (fill(c, f, p) != 0) {
		OGR_F_Destroy(f);
		return -1;
	}
	CPLErrorReset();
	e = r == CATALOG_ADDED ? OGR_L_CreateFeature(c->lyr, f) : OGR_L_SetFeature(c->lyr, f);
	OGR_F_Destroy(f);
	if (e != OGRERR_NONE) {
		char *m = gdal_msg();
		a2_warn("%s: cannot write to the catalog: %s", p->id, m);
		free(m);
		return -1;
	}
	return r;
}

int
catalog_has(struct catalog *c, const char *id)
{
	OGRFeatureH f;

	if (!c->lyr)
		return 0;
	CPLErrorReset();
	set_id_filter(c, id);
	f = OGR_L_GetNextFeature(c->lyr);
	OGR_L_SetAttributeFilter(c->lyr, NULL);
	if (f) {
		OGR_F_Destroy(f);
		return 1;
	}
	return CPLGetLastErrorType() >= CE_Failure ? -1 : 0;
}

int
catalog_remove(struct catalog *c, const char *id)
{
	GIntBig fids[16];
	int n = 0, r = 0;
	OGRFeatureH f;

	if (!c->lyr)
		return 0;
	set_id_filter(c, id);
	while (n < 16 && (f = OGR_L_GetNextFeature(c->lyr))) {
		fids[n++] = OGR_F_GetFID(f);
		OGR_F_Destroy(f);
	}
	OGR_L_SetAttributeFilter(c->lyr, NULL);
	for (int i = 0; i < n; i++)
		if (OGR_L_DeleteFeature(c->lyr, fids[i]) != OGRERR_NONE) {
			char *m = gdal_msg();
			a2_warn("%s: cannot remove: %s", id, m);
			free(m);
			return -1;
		} else
			r = 1;
	return r;
}

/* ---- queries ---- */

/* A Polygon's rings as GeoJSON coordinates. */
static json_t *
polygon_rings(OGRGeometryH g)
{
	json_t *rings = json_array();

	for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
		OGRGeometryH ring = OGR_G_GetGeometryRef(g, i);
		json_t *pts = json_array();
		for (int k = 0; k < OGR_G_GetPointCount(ring); k++)
			json_array_append_new(pts, json_pack("[f,f]", OGR_G_GetX(ring, k), OGR_G_GetY(ring, k)));
		json_array_append_new(rings, pts);
	}
	return rings;
}

/* Coordinates written the same way whatever the backend gave back. */
static json_t *
geojson(OGRGeometryH g)
{
	OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
	json_t *polys;

	if (t == wkbPolygon)
		return json_pack("{s:s, s:o}", "type", "Polygon", "coordinates", polygon_rings(g));
	if (t == wkbMultiPolygon) {
		polys = json_array();
		for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
			json_array_append_new(polys, polygon_rings(OGR_G_GetGeometryRef(g, i)));
		return json_pack("{s:s, s:o}", "type", "MultiPolygon", "coordinates", polys);
	} else {
		char *gj = OGR_G_ExportToJson(g);
		json_t *j = gj ? json_loads(gj, 0, NULL) : NULL;
		CPLFree(gj);
		return j;
	}
}

static json_t *
record(struct catalog *c, OGRFeatureH f)
{
	static const int ints[] = { F_ORBIT, F_PATH, F_FRAME };
	json_t *r = json_object(), *pols = json_array();
	OGRGeometryH g = OGR_F_GetGeometryRef(f);
	const char *s;

	for (int i = 0; i < F_N; i++) {
		char tb[32];
		const char *v = fields[i].type == OFTDateTime ? time_field(c, f, i, tb) : field(c, f, i);
		int isint = 0;

		for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
			isint |= ints[k] == i;
		if (i == F_POLS) {
			/* "HH,HV" -> ["HH","HV"] */
			for (s = v ? v : ""; *s; s += strspn(s, ",")) {
				size_t n = strcspn(s, ",");
				json_array_append_new(pols, json_stringn(s, n));
				s += n;
			}
			a2_json_set(r, fields[i].name, pols);
		} else if (i == F_END) {
			a2_json_set(r, fields[i].name, v ? json_string(v) : NULL);
			a2_json_set(r, "footprint", g ? geojson(g) : NULL);
		} else if (isint)
			a2_json_set(r, fields[i].name, v ? json_integer(OGR_F_GetFieldAsInteger(f, c->f[i])) : NULL);
		else
			a2_json_set(r, fields[i].name, v ? json_string(v) : NULL);
	}
	return r;
}

/* GeoJSON (a geometry or a Feature) or WKT. */
static OGRGeometryH
parse_geometry(const char *s)
{
	OGRGeometryH g = NULL;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '{') {
		json_t *j = json_loads(s, 0, NULL), *geom;
		char *t;
		if (!j)
			return NULL;
		geom = json_object_get(j, "geometry");
		t = json_dumps(json_is_object(geom) ? geom : j, JSON_COMPACT);
		g = t ? OGR_G_CreateGeometryFromJson(t) : NULL;
		free(t);
		json_decref(j);
	} else {
		char *w = (char *)s;
		if (OGR_G_CreateFromWkt(&w, NULL, &g) != OGRERR_NONE)
			g = NULL;
	}
	return g;
}

/* The Polygon of a lon/lat box. */
static OGRGeometryH
box(double w, double s, double e, double n)
{
	OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing), poly = OGR_G_CreateGeometry(wkbPolygon);

	OGR_G_AddPoint_2D(ring, w, s);
	OGR_G_AddPoint_2D(ring, e, s);
	OGR_G_AddPoint_2D(ring, e, n);
	OGR_G_AddPoint_2D(ring, w, n);
	OGR_G_AddPoint_2D(ring, w, s);
	OGR_G_AddGeometryDirectly(poly, ring);
	return poly;
}

static void
add_term(char **where, const char *col, const char *op, const char *val)
{
	char *v = sql_str(val), *t;

	t = a2_asprintf("%s%s\"%s\" %s %s", *where ? *where : "", *where ? " AND " : "", col, op, v);
	free(*where);
	free(v);
	*where = t;
}

static int
by_start(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int r = strcmp(a2_json_str(x, "start_time") ? a2_json_str(x, "start_time") : "",
	    a2_json_str(y, "start_time") ? a2_json_str(y, "start_time") : "");

	return r ? r : strcmp(a2_json_str(x, "id"), a2_json_str(y, "id"));
}

long
catalog_query(struct catalog *c, const struct catalog_query *q,
    int (*fn)(json_t *rec, void *arg), void *arg)
{
	OGRGeometryH filter = NULL;
	json_t **recs = NULL;
	size_t n = 0, cap = 0;
	char *where = NULL;
	OGRFeatureH f;
	long r;

	if (!c->lyr)
		return 0;
	if (q->geometry) {
		if (!(filter = parse_geometry(q->geometry))) {
			a2_warn("--intersects: not WKT or a GeoJSON geometry or Feature");
			return -1;
		}
	} else if (q->has_bbox) {
		/* west > east: a box across the antimeridian, one part each side */
		filter = OGR_G_CreateGeometry(wkbMultiPolygon);
		if (q->bbox[0] > q->bbox[2]) {
			OGR_G_AddGeometryDirectly(filter, box(q->bbox[0], q->bbox[1], 180, q->bbox[3]));
			OGR_G_AddGeometryDirectly(filter, box(-180, q->bbox[1], q->bbox[2], q->bbox[3]));
		} else
			OGR_G_AddGeometryDirectly(filter, box(q->bbox[0], q->bbox[1], q->bbox[2], q->bbox[3]));
	}
	if (q->id)
		add_term(&where, "id", "=", q->id);
	if (q->type)
		add_term(&where, "type", "=", q->type);
	if (q->level)
		add_term(&where, "level", "=", q->level);
	if (q->mode)
		add_term(&where, "mode", "=", q->mode);
	if (q->direction)
		add_term(&where, "direction", "=", q->direction);
	/* integers as literals, which need no quoting */
	if (q->path >= 0) {
		char *t = a2_asprintf("%s%s\"path\" = %d", where ? where : "", where ? " AND " : "", q->path);
		free(where);
		where = t;
	}
	if (q->frame >= 0) {
		char *t = a2_asprintf("%s%s\"frame\" = %d", where ? where : "", where ? " AND " : "", q->frame);
		free(where);
		where = t;
	}
	/* overlapping the window; a literal in the stored form compares as
	 * a time in PostgreSQL and as text (the same order) in GeoPackage */
	if (*q->start)
		add_term(&where, "end_time", ">=", q->start);
	if (*q->end)
		add_term(&where, "start_time", "<=", q->end);
	CPLErrorReset();
	if (OGR_L_SetAttributeFilter(c->lyr, where) != OGRERR_NONE) {
		a2_warn("catalog: bad filter %s", where);
		free(where);
		if (filter)
			OGR_G_DestroyGeometry(filter);
		return -1;
	}
	/* the index narrows by envelope; GEOS then decides exactly */
	OGR_L_SetSpatialFilter(c->lyr, filter);
	OGR_L_ResetReading(c->lyr);
	while ((f = OGR_L_GetNextFeature(c->lyr))) {
		OGRGeometryH g = OGR_F_GetGeometryRef(f);
		if (!filter || (g && OGR_G_Intersects(g, filter))) {
			if (n == cap)
				recs = a2_realloc(recs, (cap = cap ? 2 * cap : 64) * sizeof *recs);
			recs[n++] = record(c, f);
		}
		OGR_F_Destroy(f);
	}
	r = CPLGetLastErrorType() >= CE_Failure ? -1 : (long)n;
	if (r < 0) {
		char *m = gdal_msg();
		a2_warn("catalog: query failed: %s", m);
		free(m);
	}
	OGR_L_SetAttributeFilter(c->lyr, NULL);
	OGR_L_SetSpatialFilter(c->lyr, NULL);
	free(where);
	if (filter)
		OGR_G_DestroyGeometry(filter);
	if (n)
		qsort(recs, n, sizeof *recs, by_start);
	for (size_t i = 0; i < n; i++) {
		if (r >= 0 && fn(recs[i], arg) != 0)
			r = -1;
		json_decref(recs[i]);
	}
	free(recs);
	return r;
}
