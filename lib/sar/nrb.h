/*
 * nrb.h: the PALSAR-2 ScanSAR level 2.2 Normalised Radar Backscatter
 * product (CEOS-ARD, palsar2-scansar-nrb.md): its summary.xml, KML and
 * GeoTIFFs read and checked against the file names, and what later steps
 * need of them kept as the scene's "nrb" object (doc/records.md).
 */
#ifndef NRB_H
#define NRB_H

#include <jansson.h>

#include "sar/name.h"

/* A scene directory's NRB files by role (names without the directory;
 * NULL: absent). */
struct nrb_files {
	const char *dir;
	const char *slp[4]; /* HH HV VH VV backscatter */
	const char *lin, *msk, *xml, *kml;
};

/*
 * The "nrb" object of the scene (start_time and end_time inside it as the
 * summary gives them, in ms), or NULL with a malloc'd one-line message
 * naming the file and the element or field that is missing, not a number
 * or contradicts the file names or another file.
 */
json_t *nrb_read(const struct nrb_files *f, const struct name_id *id, char **err);

#endif
