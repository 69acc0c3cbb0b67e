/*
 * hyp3.h: ASF HyP3's REST API for ARIA_S1_GUNW jobs (hyp3-gunw.md §1, §8):
 * Earthdata Login (the asf-urs cookie flow of §2.1, or a bearer token,
 * §2.2), the credit check, job submission in batches, listings by name
 * with their next pages, and the jobs followed to their files, which are
 * downloaded through fetch without any credential.  The job records are
 * jobrec.h's.
 */
#ifndef HYP3_H
#define HYP3_H

#include <jansson.h>

#include "net/fetch.h"
#include "net/http.h"
#include "net/jobrec.h"

#define HYP3_PROD_URL   "https://hyp3-api.asf.alaska.edu"
#define HYP3_TEST_URL   "https://hyp3-test-api.asf.alaska.edu"
#define HYP3_LOGIN_URL  "https://urs.earthdata.nasa.gov/oauth/authorize?response_type=code" \
	"&client_id=BO_n7nTIlMljdvU6kRRB3g&redirect_uri=https://cumulus.asf.alaska.edu/login&app_type=401"
#define HYP3_GUNW       "ARIA_S1_GUNW"
#define HYP3_GUNW_COST  60      /* credits a job (§1.1) */
#define HYP3_BATCH      200     /* jobs a POST /jobs (§1.3) */

struct hyp3 {
	struct http_opts http;  /* retries, timeout, netrc (EDL credentials) */
	const char *endpoint;   /* API base URL (may carry a path) */
	const char *login_url;  /* EDL authorize URL of the cookie flow */
	const char *token_file; /* EDL bearer token (0600 file), else the cookie flow */
	/* after hyp3_login */
	char *auth;             /* the "Authorization: Bearer" or "Cookie: asf-urs" header */
	const char *hdrs[2];
	struct http_opts api;   /* http with that header, to the API's origin only */
	int logged_in;
	int test;               /* --test: ASF's test API unless --endpoint */
};

/*
 * The options hyp3submit and hyp3poll share: their getopt_long codes (a
 * tool's own start at HYP3_O_TOOL), their table entries and one handler.
 */
enum { HYP3_O_ENDPOINT = 256, HYP3_O_LOGIN, HYP3_O_NETRC, HYP3_O_TEST, HYP3_O_TOKEN,
	HYP3_O_TOOL };
#define HYP3_LONGOPTS \
	{ "endpoint", required_argument, NULL, HYP3_O_ENDPOINT }, \
	{ "login-url", required_argument, NULL, HYP3_O_LOGIN }, \
	{ "netrc-file", required_argument, NULL, HYP3_O_NETRC }, \
	{ "test", no_argument, NULL, HYP3_O_TEST }, \
	{ "token-file", required_argument, NULL, HYP3_O_TOKEN }, \
	HTTP_LONGOPTS

/* Takes option C (ARG): 1, or 0 when it is none of the shared ones. */
int hyp3_option(struct hyp3 *h, int c, const char *arg);
/* After the options: the endpoint --test or the default gives. */
void hyp3_endpoint_default(struct hyp3 *h);

/* Logs in once (token file or cookie flow): an A2_EXIT_* status, 77 when
 * Earthdata Login refused (its words).  hyp3_logout wipes what it holds. */
int hyp3_login(struct hyp3 *h);
void hyp3_logout(struct hyp3 *h);

/*
 * A pair record of a2pairs ({"frame_id","reference_date","secondary_date"},
 * other keys ignored) as the job_parameters of an ARIA_S1_GUNW job (new),
 * or NULL with why in err (the rules of §1.3 a client can check).
 */
json_t *hyp3_gunw_params(json_t *pair, char *err, size_t n);
/* The job record file name of those parameters: F<frame>-<ref>_<sec>.json. */
char *hyp3_record_name(json_t *params);

/*
 * GET /user: 0 when the account is APPROVED and its remaining credits pay
 * for njobs jobs; else 77 with what is wrong (or the request's status).
 */
int hyp3_check_credits(struct hyp3 *h, long njobs);
/* POST /jobs {"validate_only"?, "jobs"}; *answer: the answer's jobs array
 * (new).  An A2_EXIT_* status with HyP3's detail: 2 bad input, 77 access
 * or credits, 75 unavailable. */
int hyp3_post_jobs(struct hyp3 *h, json_t *jobs, int validate_only, json_t **answer);
/* The job record of a submitted job: provider, endpoint and the job's own
 * fields (new). */
json_t *hyp3_record(const char *endpoint, json_t *job);

/* ---- polling ---- */

struct hyp3_poll {
	struct hyp3 *h;
	struct fetch_opts fetch;  /* downloads; no credential is ever added */
	const char *outdir;
	jobrec_emit *emit;        /* lines {"hyp3": ...} */
};
/* One job record: GET /jobs/ID, then hyp3_poll_job.  0 when its files are
 * all here, 75 while pending or running, 1 failed or expired, 77 refused. */
int hyp3_poll_record(const struct hyp3_poll *p, const char *path);
/* Every job called name (GET /jobs?name=, all next pages), each polled. */
int hyp3_poll_name(const struct hyp3_poll *p, const char *name);

#endif
