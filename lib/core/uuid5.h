/*
 * uuid5.h: RFC 4122 name-based (SHA-1, version 5) UUIDs, and the
 * deterministic dataset ids of Open Data Cube tools (odc_uuid).
 */
#ifndef UUID5_H
#define UUID5_H

#include <stddef.h>

#define UUID5_STRLEN 36

/* The namespace odc-tools uses for every derived dataset id. */
extern const unsigned char uuid5_ns_odc[16];

/* UUID v5 of name (len bytes) in namespace ns, formatted lower-case into
 * out (UUID5_STRLEN + 1 bytes). */
void uuid5_make(const unsigned char ns[16], const void *name, size_t len, char *out);
/* Parses a textual UUID; 0 on success, -1 if s is not one. */
int uuid5_parse(const char *s, unsigned char out[16]);
/*
 * odc_uuid(): the name is algorithm, version, deployment id, the tags
 * ("key=value", sorted) and the source UUIDs (sorted), each lower-cased,
 * joined by newlines.  tags and sources may be NULL when their count is 0.
 */
void uuid5_odc(const char *algorithm, const char *version, const char *deployment,
    const char *const *tags, size_t ntags, const char *const *sources, size_t nsources,
    char *out);

#endif
