/*
 * name.h: ALOS-2 scene IDs, product IDs and the file names built from them
 * (../shared/spec/alos2-formats.md §1), parsed with the POSIX regexes of
 * §1.3 plus the consistency rules that the regexes cannot express.
 */
#ifndef NAME_H
#define NAME_H

/* A 32-character product name split into its parts. */
struct name_id {
	char id[33];         /* ALOS2015976960-140909-FBDR1.5GUA */
	char scene_id[22];   /* ALOS2015976960-140909 */
	char product_id[11]; /* FBDR1.5GUA */
	long orbit;
	int frame;
	int year, month, day; /* year with century */
	char date[16];        /* YYYY-MM-DD */
	char mode[4];
	char look;            /* R or L */
	char level[4];        /* 1.0 1.1 1.5 2.1 3.1 */
	char proc_opt;        /* G R _ */
	char map_proj;        /* U P M L _ */
	char orbit_dir;       /* A or D */
};

enum name_kind {
	NAME_OTHER = 0, /* not an ALOS-2 product file */
	NAME_VOL, NAME_LED, NAME_TRL,
	NAME_IMG,       /* CEOS image (ScanSAR L1.1: subswath > 0) */
	NAME_TIF,       /* GeoTIFF image */
	NAME_LUT, NAME_BRS, NAME_KML, NAME_SUMMARY, NAME_ORDERZIP,
	/* level 2.2 NRB (its backscatter images are NAME_TIF) */
	NAME_LIN, NAME_MSK, NAME_SUMMARY_XML
};

struct name_file {
	enum name_kind kind;
	char pol[3];     /* HH HV VH VV, "" when the role has none */
	int subswath;    /* 1..7 for -F<n>, else 0 */
	int has_product; /* 0 for order zips (scene ID only) */
	struct name_id n;
};

/* Each returns 0 on success, -1 with a malloc'd message naming s. */
int name_parse_scene(const char *s, struct name_id *n, char **err);
int name_parse_id(const char *s, struct name_id *n, char **err);
/* Classifies a file name (no directory part): 1 an ALOS-2 file (f
 * filled), 0 not one (f->kind NAME_OTHER), -1 a name that has the shape of
 * one but is invalid (bad date, level/option mismatch...), with *err set. */
int name_parse_file(const char *fname, struct name_file *f, char **err);

/* JAXA path number (207 paths per cycle), §1.4. */
int name_path(long orbit);
/* SPT SM1 SM2 SM3 WD1 WD2, or NULL for an unknown mode. */
const char *name_mode_class(const char *mode);
/* spotlight, stripmap, scansar */
const char *name_mode_beam(const char *mode);
/* Number of polarisations the mode records (1, 2 or 4); 0 unknown. */
int name_mode_npols(const char *mode);
int name_is_scansar(const char *mode);
/* Index of pol in HH HV VH VV, -1 if none of them. */
int name_pol_index(const char *pol);

#endif
