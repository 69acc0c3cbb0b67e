/*
 * s3.c: S3 URLs, credentials, region, endpoint and SigV4 signing (see
 * s3.h), shared by publishing and fetching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include "core/a2.h"
#include "net/http.h"
#include "net/s3.h"

/* sha256 of nothing: the payload hash of a request without a body */
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A tiny INI reader for ~/.aws/credentials and ~/.aws/config. */
static char *
ini_get(const char *file, const char *section, const char *key)
{
	FILE *fp = fopen(file, "r");
	char *line = NULL, *val = NULL;
	size_t cap = 0;
	int in = 0;

	if (!fp)
		return NULL;
	while (!val && getline(&line, &cap, fp) > 0) {
		char *s = line + strspn(line, " \t"), *e;
		s[strcspn(s, "\r\n")] = '\0';
		if (*s == '[') {
			e = strchr(s, ']');
			in = e && (size_t)(e - s - 1) == strlen(section) && strncmp(s + 1, section, e - s - 1) == 0;
		} else if (in && (e = strchr(s, '='))) {
			char *k = s, *v = e + 1;
			while (e > k && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if ((size_t)(e - k) == strlen(key) && strncmp(k, key, e - k) == 0) {
				v += strspn(v, " \t");
				for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t'); )
					*--e = '\0';
				val = a2_strdup(v);
			}
		}
	}
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	fclose(fp);
	return val;
}

static char *
aws_file(const char *env, const char *name)
{
	const char *e = getenv(env), *home = getenv("HOME");

	if (e && *e)
		return a2_strdup(e);
	return a2_asprintf("%s/.aws/%s", home && *home ? home : ".", name);
}

int
s3_open(const char *url, int flags, struct s3_target *t)
{
	const char *bucket = url + 5, *e, *profile = getenv("AWS_PROFILE");
	const char *endpoint = getenv("A2_S3_ENDPOINT");
	char *cred = aws_file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	char *conf = aws_file("AWS_CONFIG_FILE", "config"), *section, *region = NULL, *prefix, *path;
	char *key = NULL, *secret = NULL;
	size_t bn = strcspn(bucket, "/");
	struct stat st;

	memset(t, 0, sizeof *t);
	if (!profile || !*profile)
		profile = "default";
	if (flags & S3_NO_SIGN)
		;
	else if ((e = getenv("AWS_ACCESS_KEY_ID")) && *e && getenv("AWS_SECRET_ACCESS_KEY")) {
		key = a2_strdup(e);
		secret = a2_strdup(getenv("AWS_SECRET_ACCESS_KEY"));
		if ((e = getenv("AWS_SESSION_TOKEN")) && *e)
			t->token = a2_strdup(e);
	} else {
		if (stat(cred, &st) == 0 && (st.st_mode & 077))
			a2_warn("%s: readable by others", cred);
		key = ini_get(cred, profile, "aws_access_key_id");
		secret = ini_get(cred, profile, "aws_secret_access_key");
		t->token = ini_get(cred, profile, "aws_session_token");
	}
	if ((e = getenv("AWS_REGION")) && *e)
		region = a2_strdup(e);
	else if ((e = getenv("AWS_DEFAULT_REGION")) && *e)
		region = a2_strdup(e);
	else {
		section = strcmp(profile, "default") ? a2_asprintf("profile %s", profile) : a2_strdup("default");
		region = ini_get(conf, section, "region");
		free(section);
	}
	if (!region)
		region = a2_strdup("us-east-1");
	free(cred);
	free(conf);
	/* SigV4 signs with them as user and password */
	if (key && secret)
		t->keys = a2_asprintf("%s:%s", key, secret);
	else {
		/* half a pair is no pair: anonymous */
		http_free_secret(t->token);
		t->token = NULL;
	}
	free(key);
	http_free_secret(secret);
	if (!t->keys && (flags & S3_NEED_KEYS)) {
		a2_warn("%s: no S3 credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
		    "~/.aws/credentials profile %s)", url, profile);
		free(region);
		return A2_EXIT_NOPERM;
	}
	if (bn == 0) {
		a2_warn("%s: no bucket", url);
		free(region);
		s3_free(t);
		return A2_EXIT_USAGE;
	}
	if (!endpoint || !*endpoint)
		endpoint = getenv("AWS_ENDPOINT_URL_S3");
	if (!endpoint || !*endpoint)
		endpoint = getenv("AWS_ENDPOINT_URL");
	prefix = a2_strdup(bucket[bn] ? bucket + bn + 1 : "");
	http_squeeze_slashes(prefix);
	while (*prefix && prefix[strlen(prefix) - 1] == '/')
		prefix[strlen(prefix) - 1] = '\0';
	path = http_url_path(prefix);
	/* path-style on a given endpoint (S3-compatible stores), virtual
	 * host style on AWS */
	if (endpoint && *endpoint)
		t->base = a2_asprintf("%.*s/%.*s%s%s", (int)(strlen(endpoint) -
		    (endpoint[strlen(endpoint) - 1] == '/')), endpoint, (int)bn, bucket,
		    *path ? "/" : "", path);
	else
		t->base = a2_asprintf("https://%.*s.s3.%s.amazonaws.com%s%s", (int)bn, bucket, region,
		    *path ? "/" : "", path);
	t->sigv4 = a2_asprintf("aws:amz:%s:s3", region);
	t->shown = a2_asprintf("s3://%.*s%s%s", (int)bn, bucket, *prefix ? "/" : "", prefix);
	free(path);
	free(prefix);
	free(region);
	return A2_EXIT_OK;
}

struct curl_slist *
s3_sign(CURL *c, const struct s3_target *t, const char *payload_sha, struct curl_slist *h)
{
	char *hdr;

	if (!t->keys)
		return h;
	/* after http_setup: SigV4 replaces its auth methods */
	curl_easy_setopt(c, CURLOPT_AWS_SIGV4, t->sigv4);
	if (t->token) {
		hdr = a2_asprintf("x-amz-security-token: %s", t->token);
		h = curl_slist_append(h, hdr);
		http_free_secret(hdr);
	}
	/* libcurl signs the payload hash given here (it cannot hash an
	 * upload it streams) */
	hdr = a2_asprintf("x-amz-content-sha256: %s", payload_sha ? payload_sha : EMPTY_SHA256);
	h = curl_slist_append(h, hdr);
	free(hdr);
	return h;
}

void
s3_free(struct s3_target *t)
{
	http_free_secret(t->keys);
	http_free_secret(t->token);
	free(t->sigv4);
	free(t->base);
	free(t->shown);
	memset(t, 0, sizeof *t);
}
