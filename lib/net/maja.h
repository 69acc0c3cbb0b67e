/*
 * maja.h: MAJA Sentinel-2 L2A processing requests on a PEPS-style WPS
 * service (FULL_MAJA time series or one MAJA run per L1C product), their
 * status documents and execution reports, the resto catalogue search that
 * selects L1C products, the GEODES STAC search for L2A products already
 * made, and the job records majasubmit writes and majapoll follows.
 * Section numbers refer to the MAJA/PEPS facts (maja.md).
 */
#ifndef MAJA_H
#define MAJA_H

#include <jansson.h>
#include <stddef.h>

#include "net/fetch.h"
#include "net/http.h"
#include "net/jobrec.h"

#define MAJA_PEPS_WPS     "https://peps.cnes.fr/resto/wps"
#define MAJA_PEPS_SEARCH  "https://peps.cnes.fr/resto/api/collections"
#define MAJA_GEODES_STAC  "https://geodes-portal.cnes.fr/api/stac"
#define MAJA_GEODES_COLLECTION "THEIA_REFLECTANCE_SENTINEL2_L2A"
#define MAJA_FIRST_DATE   "2016-04-01"
#define MAJA_MIN_DAYS     55
#define MAJA_MAX_DAYS     366

/* ---- validation (§6.2) ---- */

/* Strips one leading T, checks the tile pattern, upper-cases it into out
 * (at least 8 bytes).  Returns 0, or -1 when it is not a tile. */
int maja_tile(const char *in, char *out, size_t n);
/* The FULL_MAJA period rules: NULL when start..end is acceptable, else
 * a message (new string). */
char *maja_check_period(const char *start, const char *end);

/* ---- WPS requests (§6.3, §7.2, §8.1), KVP GET URLs (new strings) ---- */

char *maja_full_url(const char *endpoint, const char *start, const char *end,
    const char *tile, int orbit);
char *maja_single_url(const char *endpoint, const char *product);
char *maja_update_url(const char *endpoint, const char *wps_id);
/* The WPS id of a status location: its last path segment without
 * .xml and without pywps- (new string, or NULL). */
char *maja_wps_id(const char *status_location);

/* ---- WPS documents (§7.4) ---- */

enum { MAJA_WPS_NONE, MAJA_WPS_ACCEPTED, MAJA_WPS_STARTED, MAJA_WPS_PAUSED,
	MAJA_WPS_SUCCEEDED, MAJA_WPS_FAILED };

struct maja_wps {
	int state;              /* MAJA_WPS_* from wps:Status */
	int percent;            /* percentCompleted, -1 if none */
	char *status_location;
	char *process;          /* ows:Identifier of wps:Process */
	char *text;             /* the status text, or the exception text */
	char *exception_code;   /* ProcessFailed or ows:ExceptionReport */
	char *reference;        /* href of the last wps:Reference */
	int exception_report;   /* the document is an ows:ExceptionReport */
};
/* Parses an ExecuteResponse (or an ows:ExceptionReport, which sets
 * exception_report).  Returns 0, or -1 when xml is neither. */
int maja_wps_parse(const char *xml, struct maja_wps *w);
void maja_wps_free(struct maja_wps *w);
const char *maja_wps_state_name(int state);

/* ---- execution report (§7.3) ---- */

struct maja_report {
	const char *job_status;  /* FINISHED, STALLED, PENDING, ERROR, CANCELED, ... */
	json_t *results;         /* array of URL strings (borrowed from root) */
	long long unprocessed;   /* -1 unknown */
	char *process;           /* progress as text, or NULL */
	const char *message;
	json_t *root;
};
/* Parses the report; returns 0, or -1 with err set. */
int maja_report_parse(const char *text, size_t len, struct maja_report *r, char *err, size_t n);
void maja_report_free(struct maja_report *r);

/* ---- credentials (§2.1) ---- */

/* Reads the first line "email password" of an auth file into a new
 * "email:password" string (free with http_free_secret).  A CR before the
 * newline is dropped.  Dies (exit 2) naming the file when it is malformed. */
char *maja_auth_read(const char *path);

/* ---- searches (§4, §14) ---- */

struct maja_where {
	const char *tile;       /* normalised, no T */
	const char *place;      /* q= */
	int point;              /* lat, lon set */
	double lat, lon;
	int box;                /* lonmin, latmin, lonmax, latmax */
	double bbox[4];
	const char *start, *end;
	int orbit;              /* 0: any */
};
/*
 * resto search of S2 L1C products (collection S2ST, productType S2MSI1C),
 * page after page until totalResults are read or a page comes back empty;
 * products of another relative orbit are dropped (client side, _RNNN).
 * Returns an array of productIdentifier strings and sets *code (A2_EXIT_*).
 */
json_t *maja_resto_search(const char *base, const struct maja_where *w, int page_size,
    const struct http_opts *o, int *code);
/*
 * GEODES STAC search of MAJA L2A items (POST BASE/search, collection
 * THEIA_REFLECTANCE_SENTINEL2_L2A, grid:code, date overlap, relative orbit),
 * following pages.  Returns an array of {"id","datetime","assets":[{"key",
 * "href","name","size"?}]} holding each item's data assets; sets *code.
 */
json_t *maja_geodes_search(const char *base, const struct maja_where *w, int page_size,
    const struct http_opts *o, int *code);

/* ---- requests and job records (§4.1, §6) ---- */

enum { MAJA_FULL, MAJA_SINGLE, MAJA_GEODES };
/* The rules of a request of that mode (FULL_MAJA, one MAJA run per L1C
 * product, a GEODES search), w->start set: NULL when w fits them, else a
 * message (new string).  A --single request without an end date gets 9999-01-01. */
char *maja_check_where(struct maja_where *w, int mode);
/* A job record: provider, endpoint (without credentials), process, tile,
 * period, orbit and the time of submission. */
json_t *maja_record(const char *provider, const char *endpoint, const char *process,
    const struct maja_where *w);
/*
 * One WPS Execute (GET url).  The answer, whatever it says, goes to
 * respfile, named in job.response; on acceptance job gets status_location
 * and wps_id.  creds names the credentials a refusal is about.  Returns an
 * A2_EXIT_* status, with the service's message.
 */
int maja_execute(const char *url, const struct http_opts *o, const char *respfile,
    const char *creds, json_t *job);

/* ---- polling (§7, §14) ---- */

struct maja_poll {
	/* downloads; fetch.http also serves the status requests.  Its userpwd
	 * (the auth file's) goes to results on the WPS endpoint's host only */
	struct fetch_opts fetch;
	const char *outdir;
	const char *keyfile;    /* GEODES API key; NULL: netrc password of its host */
	/* one state or result line: m, with the download record or NULL (both taken) */
	jobrec_emit *emit;
};
/*
 * Asks how the jobs of a record are doing (PEPS: status document, report)
 * and downloads what is finished (GEODES: every asset).  Returns 0 when
 * all is downloaded, 75 while a job is pending or running, 1 when one
 * failed, 77 when credentials were refused (the worst of its jobs).
 */
int maja_poll_record(const char *path, const struct maja_poll *p);

#endif
