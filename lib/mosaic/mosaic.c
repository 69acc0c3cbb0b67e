/*
 * mosaic.c: the JAXA yearly mosaic's eras, grid, names and archive URLs
 * (palsar-mosaic.md §1-§3, §5.2, §7).
 */
#include "mosaic/mosaic.h"
#include "core/a2.h"
#include "core/uuid5.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The project's era rule is by year (> 2010 ALOS-2, 2000-2010 ALOS,
 * < 2000 JERS-1); first/last are the years JAXA actually mosaicked.
 * ALOS-2 takes two rows: JAXA's no-data became 1 in 2017 and an ODC
 * product has one no-data per measurement, so 2017 on is a product of
 * its own (share/odc/); 2015-2016 stay in DE Africa's alos_palsar_mosaic.
 */
static const struct mosaic_era eras[] = {
	{ "alos2", 2017, 2099, "ALOS/ALOS-2", "PALSAR/PALSAR-2", "alos", "alos2_palsar2_mosaic",
	  "2014-05-24", "83.0 dB", "ALOS-2/ext1/PALSAR-2_MSC/25m_MSC", "_F02DAR", "FBD", 5, 1 },
	{ "alos2", 2015, 2016, "ALOS/ALOS-2", "PALSAR/PALSAR-2", "alos", "alos_palsar_mosaic",
	  "2014-05-24", "83.0 dB", "ALOS-2/ext1/PALSAR-2_MSC/25m_MSC", "_F02DAR", "FBD", 5, 0 },
	{ "alos", 2007, 2010, "ALOS/ALOS-2", "PALSAR/PALSAR-2", "alos", "alos_palsar_mosaic",
	  "2006-01-24", "83.0 dB", "ALOS/ext1/PALSAR_MSC/25m_MSC", "", "FBD", 5, 0 },
	{ "jers1", 1996, 1996, "JERS-1", "SAR", "jers", "jers_sar_mosaic",
	  "1992-02-11", "84.66 dB", "ALOS/ext1/JERS-1_MSC/25m_MSC", "", "STD", 4, 0 },
};

/* units as the ODC product definitions say them (UDUNITS; "1": a number) */
const struct mosaic_band mosaic_bands[MOSAIC_NBANDS] = {
	{ "HH", "hh", "AVERAGE", "UInt16", "1", "HH backscatter, DN (gamma0 dB = 10 log10(DN^2) - CF)" },
	{ "HV", "hv", "AVERAGE", "UInt16", "1", "HV backscatter, DN (gamma0 dB = 10 log10(DN^2) - CF)" },
	{ "linci", "linci", "AVERAGE", "Byte", "degree", "local incidence angle, degrees" },
	{ "date", "date", "NEAREST", "UInt16", "day", "observation date, days since launchdate" },
	{ "mask", "mask", "NEAREST", "Byte", "1", "0 no data, 50 water, 100 layover, 150 shadow, 255 land" },
};

const struct mosaic_era *
mosaic_era(int year)
{
	for (size_t i = 0; i < sizeof eras / sizeof *eras; i++)
		if (year >= eras[i].first && year <= eras[i].last)
			return &eras[i];
	return NULL;
}

int
mosaic_nbands(int year)
{
	const struct mosaic_era *e = mosaic_era(year);

	return e ? e->nbands : 0;
}

int
mosaic_band_at(int year, int i)
{
	/* JERS-1 has no HV: skip it */
	if (mosaic_nbands(year) == 4 && i >= MOSAIC_HV)
		return i + 1;
	return i;
}

int
mosaic_nodata(int year, int band)
{
	const struct mosaic_era *e = mosaic_era(year);

	/* JAXA files declare 1 from 2017 on (stactools-palsar; the 2020
	 * sample), the mask keeps 0 for "no data" */
	if (band == MOSAIC_MASK || !e)
		return 0;
	return e->nodata;
}

void
mosaic_name(char *out, int lat, int lon)
{
	snprintf(out, 8, "%c%02d%c%03d", lat < 0 ? 'S' : 'N', abs(lat) % 100,
	    lon < 0 ? 'W' : 'E', abs(lon) % 1000);
}

int
mosaic_name_parse(const char *s, int *lat, int *lon)
{
	char buf[8];

	if (strlen(s) != 7 || (s[0] != 'N' && s[0] != 'S') || (s[3] != 'E' && s[3] != 'W'))
		return -1;
	for (int i = 1; i < 7; i++)
		if (i != 3 && !isdigit((unsigned char)s[i]))
			return -1;
	*lat = (s[1] - '0') * 10 + (s[2] - '0');
	*lon = (s[4] - '0') * 100 + (s[5] - '0') * 10 + (s[6] - '0');
	if (s[0] == 'S')
		*lat = -*lat;
	if (s[3] == 'W')
		*lon = -*lon;
	/* upper-left corners: lat -89..90, lon -180..179 */
	if (*lat < -89 || *lat > 90 || *lon < -180 || *lon > 179)
		return -1;
	mosaic_name(buf, *lat, *lon);
	return strcmp(buf, s) == 0 ? 0 : -1;	/* S00, W000 are not names */
}

static int
floor_div(int a, int b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

void
mosaic_block_of(int lat, int lon, int *blat, int *blon)
{
	/* §2: 5 ceil(lat/5), 5 floor(lon/5) */
	*blat = -5 * floor_div(-lat, 5);
	*blon = 5 * floor_div(lon, 5);
}

int
mosaic_is_block(int lat, int lon)
{
	return lat % 5 == 0 && lon % 5 == 0;
}

const char *
mosaic_base(enum mosaic_source src)
{
	if (src == MOSAIC_FTP)
		return a2_env("A2_JAXA_FTP_URL", "ftp://ftp.eorc.jaxa.jp/pub");
	return a2_env("A2_JAXA_HTTPS_URL", "https://www.eorc.jaxa.jp/ALOS/en/palsar_fnf/data");
}

char *
mosaic_archive_name(int year, const char *name, int zip)
{
	const struct mosaic_era *e = mosaic_era(year);
	const char *sfx = e->suffix;

	/* the 2023 zip re-release of 2007-2010 is "F__DAR" (two underscores) */
	if (zip && strcmp(e->name, "alos") == 0)
		sfx = "_F__DAR";
	return a2_asprintf("%s_%02d_MOS%s.%s", name, year % 100, sfx, zip ? "zip" : "tar.gz");
}

char *
mosaic_archive_url(enum mosaic_source src, const char *base, int year,
    const char *block, const char *tile, int zip)
{
	const struct mosaic_era *e = mosaic_era(year);
	char *name = mosaic_archive_name(year, tile ? tile : block, zip), *url;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (src == MOSAIC_HTTPS)
		url = a2_asprintf("%.*s/%d/dir_zip/%d/%s/%s", (int)n, base, year, year, block, name);
	else if (tile)
		url = a2_asprintf("%.*s/%s/%d/%s/%s", (int)n, base, e->ftp_dir, year, block, name);
	else
		url = a2_asprintf("%.*s/%s/%d/%s", (int)n, base, e->ftp_dir, year, name);
	free(name);
	return url;
}

void
mosaic_uuid(int year, const char *block, char *out)
{
	char y[16], t[16];
	const char *tags[2] = { y, t };

	snprintf(y, sizeof y, "YEAR=%d", year);
	snprintf(t, sizeof t, "TILE=%s", block);
	uuid5_odc(mosaic_era(year)->algorithm, "1", "", tags, 2, NULL, 0, out);
}

int
mosaic_match_file(const char *name, int year, int blat, int blon, int *lat, int *lon)
{
	char tile[8], yy[4];
	const char *p;
	int bl, bo;

	if (strlen(name) < 12 || name[7] != '_')
		return -1;
	memcpy(tile, name, 7);
	tile[7] = '\0';
	if (mosaic_name_parse(tile, lat, lon) != 0)
		return -1;
	mosaic_block_of(*lat, *lon, &bl, &bo);
	snprintf(yy, sizeof yy, "%02d", year % 100);
	if (bl != blat || bo != blon || strncmp(name + 8, yy, 2) != 0 || name[10] != '_')
		return -1;
	p = name + 11;
	if (strncmp(p, "sl_", 3) == 0)
		p += 3;
	for (int b = 0; b < MOSAIC_NBANDS; b++) {
		size_t n = strlen(mosaic_bands[b].name);
		const char *r = p + n;

		if (strncmp(p, mosaic_bands[b].name, n) != 0)
			continue;
		/* optional _F..DAR (F02DAR, F__DAR), then nothing or .tif */
		if (r[0] == '_' && r[1] == 'F' && r[2] && r[3] && strncmp(r + 4, "DAR", 3) == 0)
			r += 7;
		if (*r == '\0' || strcmp(r, ".tif") == 0 || strcmp(r, ".TIF") == 0)
			return b;
	}
	return -1;
}

char *
mosaic_cog_name(int year, const char *block, int band)
{
	return a2_asprintf("%s_%02d_sl_%s%s.tif", block, year % 100, mosaic_bands[band].name,
	    mosaic_era(year)->suffix);
}
