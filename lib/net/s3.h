/*
 * s3.h: where an s3://BUCKET/KEY URL goes and how its requests are signed,
 * as the AWS tools read it, for a2publish (uploads) and a2fetch
 * (downloads).
 *
 * Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with
 * AWS_SESSION_TOKEN), else profile AWS_PROFILE (default "default") of
 * AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials).  Region: AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's region in AWS_CONFIG_FILE
 * (~/.aws/config), else us-east-1.  Endpoint: A2_S3_ENDPOINT,
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL with path-style addressing (an
 * S3-compatible store), else AWS with virtual-host style.  Requests are
 * signed with libcurl's AWS SigV4.
 */
#ifndef S3_H
#define S3_H

#include "net/http.h"

struct s3_target {
	char *base;     /* URL of the bucket and key (prefix), percent-encoded, no
	                 * trailing slash */
	char *shown;    /* s3://BUCKET[/KEY] for messages and records */
	char *sigv4;    /* aws:amz:REGION:s3 */
	char *keys;     /* "KEY_ID:SECRET", or NULL: anonymous (unsigned) */
	char *token;    /* session token, or NULL */
};

enum {
	S3_NEED_KEYS = 1,   /* no credentials is an error (77), warned */
	S3_NO_SIGN = 2,     /* anonymous whatever credentials there are */
};

/* Fills t for url (s3://BUCKET[/KEY]); an A2_EXIT_* status (warned). */
int s3_open(const char *url, int flags, struct s3_target *t);
/*
 * Signs the requests of c (after http_setup) when t has credentials:
 * SigV4 with t's keys (which http_setup must have been given as
 * o->userpwd), and returns h with the session token and the payload hash
 * (sha256 hex of the body sent; NULL: no body) headers appended.
 */
struct curl_slist *s3_sign(CURL *c, const struct s3_target *t, const char *payload_sha,
    struct curl_slist *h);
void s3_free(struct s3_target *t);

#endif
