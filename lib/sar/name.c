/*
 * name.c: ALOS-2 name parsing.  The regexes are those of
 * alos2-formats.md §1.3, compiled once; what a regex cannot say (real
 * calendar dates, level/option combinations, -F<n> only on ScanSAR L1.1)
 * is checked after the match.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "core/a2.h"
#include "sar/level.h"
#include "sar/name.h"

/* LEVELS and NRB_LEVELS stand for the levels of level.c's table, put in
 * by rx_init() */
#define LEVELS  "@L@"
#define NRB_LEVELS "@N@"
#define SCENE   "ALOS2([0-9]{5})([0-9]{4})-([0-9]{2})([0-9]{2})([0-9]{2})"
#define MODE    "(SBS|UBS|UBD|HBS|HBD|HBQ|FBS|FBD|FBQ|WBS|WBD|WWS|WWD|VBS|VBD)"
#define PRODUCT MODE "([LR])(" LEVELS ")([GR_])([UPML_])([AD])"
/* capture groups inside SCENE-PRODUCT */
#define ID_NGROUPS 11
/* the group of an NRB name's role suffix and of its polarisation */
#define NRB_ROLE 14
#define NRB_POL 15
/* PALSAR-2 ScanSAR level 2.2 Normalised Radar Backscatter (CEOS-ARD): groups
 * as PRODUCT's (palsar2-scansar-nrb.md §2) */
#define NRB_PRODUCT "(WBS|WBD|WWS|WWD|VBS|VBD)([LR])(" NRB_LEVELS ")(G)(U)([AD])"

enum { RE_ID, RE_SCENE, RE_CEOS, RE_IMGCEOS, RE_GTIFF, RE_BRS, RE_KML, RE_ORDERZIP, RE_NRB,
	RE_NRBID, RE_N };

static const char *rx_src[RE_N] = {
	[RE_ID] = "^(" SCENE ")-(" PRODUCT ")$",
	[RE_SCENE] = "^(" SCENE ")$",
	[RE_CEOS] = "^(VOL|LED|TRL)-(" SCENE "-" PRODUCT ")$",
	[RE_IMGCEOS] = "^IMG-(HH|HV|VH|VV)-(" SCENE "-" PRODUCT ")(-F([1-7]))?$",
	[RE_GTIFF] = "^(IMG|LUT)-(HH|HV|VH|VV)-(" SCENE "-" PRODUCT ")\\.(tif|txt)$",
	[RE_BRS] = "^BRS-(HH|HV|VH|VV)-(" SCENE "-" PRODUCT ")\\.jpg$",
	[RE_KML] = "^(" SCENE "_" PRODUCT ")\\.kml$",
	[RE_ORDERZIP] = "^[0-9]{10}_[0-9]{6}_(" SCENE ")\\.zip$",
	[RE_NRB] = "^(" SCENE ")[-_](" NRB_PRODUCT ")"
	    "(_(HH|HV|VH|VV)_SLP\\.tif|_LIN\\.tif|_MSK\\.tif|_summary\\.xml|\\.kml)$",
	[RE_NRBID] = "^(" SCENE ")-(" NRB_PRODUCT ")$",
};
static regex_t rx[RE_N];
static int rx_ready;

/* "1\\.0|1\\.1|..." : the table's levels with standard (nrb 0) or CEOS-ARD
 * (nrb 1) file names, each once */
static char *
level_alternatives(int nrb)
{
	const struct level *l;
	char *alt = a2_strdup(""), *t;

	for (size_t i = 0; (l = level_row(i)); i++) {
		char pat[16];

		if (l->name_rule == LEVEL_NAME_GUNW || (l->name_rule == LEVEL_NAME_NRB) != nrb ||
		    level_find(l->level, NULL) != l)
			continue;
		snprintf(pat, sizeof pat, "%.1s\\.%s", l->level, l->level + 2);
		t = a2_asprintf("%s%s%s", alt, *alt ? "|" : "", pat);
		free(alt);
		alt = t;
	}
	return alt;
}

/* src with each LEVELS and NRB_LEVELS replaced (new string) */
static char *
rx_expand(const char *src, const char *lv, const char *nrb)
{
	char *out = a2_strdup(""), *t;
	const char *p = src, *q;

	while ((q = strchr(p, '@')) && (strncmp(q, LEVELS, 3) == 0 || strncmp(q, NRB_LEVELS, 3) == 0)) {
		t = a2_asprintf("%s%.*s%s", out, (int)(q - p), p, q[1] == 'L' ? lv : nrb);
		free(out);
		out = t;
		p = q + 3;
	}
	t = a2_asprintf("%s%s", out, p);
	free(out);
	return t;
}

static void
rx_init(void)
{
	char msg[128], *lv, *nrb;
	int i, e;

	if (rx_ready)
		return;
	lv = level_alternatives(0);
	nrb = level_alternatives(1);
	for (i = 0; i < RE_N; i++) {
		char *src = rx_expand(rx_src[i], lv, nrb);

		e = regcomp(&rx[i], src, REG_EXTENDED);
		free(src);
		if (e != 0) {
			regerror(e, &rx[i], msg, sizeof msg);
			a2_die("internal error: regex %d: %s", i, msg);
		}
	}
	free(lv);
	free(nrb);
	rx_ready = 1;
}

#define NMATCH 20

static int
rx_match(int which, const char *s, regmatch_t *m)
{
	rx_init();
	return regexec(&rx[which], s, NMATCH, m, 0) == 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Fills n from a scene ID at s (21 chars, already matched by SCENE). */
static int
fill_scene(const char *what, const char *s, struct name_id *n, char **err)
{
	int yy = num(s + 15, 2), mm = num(s + 17, 2), dd = num(s + 19, 2);

	memcpy(n->scene_id, s, 21);
	n->scene_id[21] = '\0';
	n->orbit = num(s + 5, 5);
	n->frame = num(s + 10, 4);
	n->year = 2000 + yy;
	n->month = mm;
	n->day = dd;
	if (mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(n->year, mm)) {
		*err = a2_asprintf("%s: invalid observation date %.6s in scene ID", what, s + 15);
		return -1;
	}
	snprintf(n->date, sizeof n->date, "%04d-%02d-%02d", n->year, mm, dd);
	return 0;
}

/* Fills n from a product ID at p (10 chars, matched by PRODUCT) and checks
 * the rules of §1.3 the regex cannot. */
static int
fill_product(const char *what, const char *p, struct name_id *n, char **err)
{
	memcpy(n->product_id, p, 10);
	n->product_id[10] = '\0';
	memcpy(n->mode, p, 3);
	n->mode[3] = '\0';
	n->look = p[3];
	memcpy(n->level, p + 4, 3);
	n->level[3] = '\0';
	n->proc_opt = p[7];
	n->map_proj = p[8];
	n->orbit_dir = p[9];
	switch (level_find(n->level, NULL)->name_rule) {
	case LEVEL_NAME_RAW:
		if (n->proc_opt != '_' || n->map_proj != '_') {
			*err = a2_asprintf("%s: level %s product ID %s must have \"__\" at positions 8-9",
			    what, n->level, n->product_id);
			return -1;
		}
		break;
	case LEVEL_NAME_GEOCODED:
		if (n->proc_opt != 'G' || n->map_proj == '_') {
			*err = a2_asprintf("%s: level %s product ID %s must be geocoded (G) with a map projection",
			    what, n->level, n->product_id);
			return -1;
		}
		break;
	case LEVEL_NAME_MAPPED:
		if (n->proc_opt == '_' || n->map_proj == '_') {
			*err = a2_asprintf("%s: level %s product ID %s needs a processing option and a map projection",
			    what, n->level, n->product_id);
			return -1;
		}
		break;
	case LEVEL_NAME_NRB: /* its regex says it all */
	case LEVEL_NAME_GUNW: /* not in the regex: a GUNW has no product ID */
		break;
	}
	return 0;
}

static int
fill_id(const char *what, const char *s, struct name_id *n, char **err)
{
	memset(n, 0, sizeof *n);
	if (fill_scene(what, s, n, err) != 0 || fill_product(what, s + 22, n, err) != 0)
		return -1;
	snprintf(n->id, sizeof n->id, "%s-%s", n->scene_id, n->product_id);
	return 0;
}

int
name_parse_scene(const char *s, struct name_id *n, char **err)
{
	regmatch_t m[NMATCH];

	memset(n, 0, sizeof *n);
	if (!rx_match(RE_SCENE, s, m)) {
		*err = a2_asprintf("%s: not an ALOS-2 scene ID", s);
		return -1;
	}
	return fill_scene(s, s, n, err);
}

int
name_parse_id(const char *s, struct name_id *n, char **err)
{
	regmatch_t m[NMATCH];

	if (!rx_match(RE_ID, s, m) && !rx_match(RE_NRBID, s, m)) {
		*err = a2_asprintf("%s: not an ALOS-2 product name", s);
		return -1;
	}
	return fill_id(s, s, n, err);
}

static void
copy_pol(struct name_file *f, const char *s, regmatch_t g)
{
	memcpy(f->pol, s + g.rm_so, 2);
	f->pol[2] = '\0';
}

/*
 * An NRB file (RE_NRB matched): data files have '_' between the scene and
 * the product ID; the KML has '-' in the one real sample and '_' where
 * stactools looks for it (palsar2-scansar-nrb.md §2, §8.2), so it may
 * have either.
 */
static int
parse_nrb(const char *fname, struct name_file *f, const regmatch_t *m, char **err)
{
	const char *role = fname + m[NRB_ROLE].rm_so;
	char id[33];

	if (strcmp(role, ".kml") == 0)
		f->kind = NAME_KML;
	else if (fname[21] != '_') {
		*err = a2_asprintf("%s: an NRB file name has '_' between the scene ID and the "
		    "product ID", fname);
		return -1;
	} else if (strcmp(role, "_LIN.tif") == 0)
		f->kind = NAME_LIN;
	else if (strcmp(role, "_MSK.tif") == 0)
		f->kind = NAME_MSK;
	else if (strcmp(role, "_summary.xml") == 0)
		f->kind = NAME_SUMMARY_XML;
	else {
		f->kind = NAME_TIF;
		copy_pol(f, fname, m[NRB_POL]);
	}
	memcpy(id, fname, 32);
	id[32] = '\0';
	id[21] = '-';
	return fill_id(fname, id, &f->n, err) != 0 ? -1 : 1;
}

int
name_parse_file(const char *fname, struct name_file *f, char **err)
{
	regmatch_t m[NMATCH];
	char id[33];
	int ig; /* group of the whole ID */

	memset(f, 0, sizeof *f);
	f->has_product = 1;
	if (strcmp(fname, "summary.txt") == 0) {
		f->kind = NAME_SUMMARY;
		f->has_product = 0;
		return 1;
	}
	if (rx_match(RE_NRB, fname, m))
		return parse_nrb(fname, f, m, err);
	if (rx_match(RE_CEOS, fname, m)) {
		f->kind = fname[0] == 'V' ? NAME_VOL : fname[0] == 'L' ? NAME_LED : NAME_TRL;
		ig = 2;
	} else if (rx_match(RE_IMGCEOS, fname, m)) {
		f->kind = NAME_IMG;
		copy_pol(f, fname, m[1]);
		ig = 2;
		if (m[ig + ID_NGROUPS + 2].rm_so >= 0)
			f->subswath = fname[m[ig + ID_NGROUPS + 2].rm_so] - '0';
	} else if (rx_match(RE_GTIFF, fname, m)) {
		int tif = fname[m[3 + ID_NGROUPS + 1].rm_so + 1] == 'i';
		int img = fname[0] == 'I';
		if (img != tif) {
			/* IMG-...txt or LUT-...tif: neither role */
			return 0;
		}
		f->kind = img ? NAME_TIF : NAME_LUT;
		copy_pol(f, fname, m[2]);
		ig = 3;
	} else if (rx_match(RE_BRS, fname, m)) {
		f->kind = NAME_BRS;
		copy_pol(f, fname, m[1]);
		ig = 2;
	} else if (rx_match(RE_KML, fname, m)) {
		f->kind = NAME_KML;
		ig = 1;
	} else if (rx_match(RE_ORDERZIP, fname, m)) {
		f->kind = NAME_ORDERZIP;
		f->has_product = 0;
		if (fill_scene(fname, fname + m[1].rm_so, &f->n, err) != 0)
			return -1;
		return 1;
	} else
		return 0;

	memcpy(id, fname + m[ig].rm_so, 32);
	id[32] = '\0';
	id[21] = '-'; /* the KML name has '_' there */
	if (fill_id(fname, id, &f->n, err) != 0)
		return -1;
	if (f->subswath) {
		int max = f->n.mode[0] == 'V' ? 7 : 5;
		if (!name_is_scansar(f->n.mode) || strcmp(f->n.level, "1.1") != 0) {
			*err = a2_asprintf("%s: subswath suffix -F%d only exists for ScanSAR level 1.1",
			    fname, f->subswath);
			return -1;
		}
		if (f->subswath > max) {
			*err = a2_asprintf("%s: subswath -F%d beyond the %d scans of mode %s",
			    fname, f->subswath, max, f->n.mode);
			return -1;
		}
	}
	return 1;
}

int
name_path(long orbit)
{
	return (int)((14 * orbit + 24) % 207);
}

struct mode_info {
	const char *mode, *class, *beam;
	int npols;
};

static const struct mode_info modes[] = {
	{ "SBS", "SPT", "spotlight", 1 },
	{ "UBS", "SM1", "stripmap", 1 }, { "UBD", "SM1", "stripmap", 2 },
	{ "HBS", "SM2", "stripmap", 1 }, { "HBD", "SM2", "stripmap", 2 },
	{ "HBQ", "SM2", "stripmap", 4 },
	{ "FBS", "SM3", "stripmap", 1 }, { "FBD", "SM3", "stripmap", 2 },
	{ "FBQ", "SM3", "stripmap", 4 },
	{ "WBS", "WD1", "scansar", 1 }, { "WBD", "WD1", "scansar", 2 },
	{ "WWS", "WD1", "scansar", 1 }, { "WWD", "WD1", "scansar", 2 },
	{ "VBS", "WD2", "scansar", 1 }, { "VBD", "WD2", "scansar", 2 },
};

static const struct mode_info *
mode_find(const char *mode)
{
	size_t i;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i].mode, mode) == 0)
			return &modes[i];
	return NULL;
}

const char *
name_mode_class(const char *mode)
{
	const struct mode_info *m = mode_find(mode);
	return m ? m->class : NULL;
}

const char *
name_mode_beam(const char *mode)
{
	const struct mode_info *m = mode_find(mode);
	return m ? m->beam : NULL;
}

int
name_mode_npols(const char *mode)
{
	const struct mode_info *m = mode_find(mode);
	return m ? m->npols : 0;
}

int
name_is_scansar(const char *mode)
{
	const struct mode_info *m = mode_find(mode);
	return m && strcmp(m->beam, "scansar") == 0;
}

int
name_pol_index(const char *pol)
{
	static const char *pols[] = { "HH", "HV", "VH", "VV" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(pol, pols[i]) == 0)
			return i;
	return -1;
}
