/*
 * url.h - the parts of a request target: percent-decoding, UTF-8 checks and
 * the query string.
 *
 * Pure functions on caller storage; nothing here allocates.  Every decoded
 * value is NUL-free UTF-8, so it can go into JSON or a bound SQL value as is.
 */
#ifndef LEVERA_HTTP_URL_H
#define LEVERA_HTTP_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define URL_QUERY_MAX_BYTES 4096 /* the raw query string */
#define URL_QUERY_MAX_PARAMS 32
#define URL_QUERY_MAX_NAME 64    /* decoded bytes */
#define URL_QUERY_MAX_VALUE 1024 /* decoded bytes */

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no surrogates). */
bool url_utf8_valid(const char *s, size_t n);

/*
 * Decodes the %XX escapes of the n bytes at s (and '+' as a space when
 * plus_is_space, as query strings have it) into out, which has room for
 * n + 1 bytes, and NUL-terminates it.  -1 with ERR_INVALID for a malformed
 * escape, an escaped NUL or a result that is not UTF-8.
 */
int url_decode(const char *s, size_t n, bool plus_is_space, char *out, size_t *out_len, struct err *e);

struct url_param {
	const char *name;  /* decoded, [A-Za-z0-9_.-]+ */
	const char *value; /* decoded, NUL-terminated; "" for "?name" */
	size_t value_len;
};

struct url_query {
	struct url_param items[URL_QUERY_MAX_PARAMS];
	size_t n;
	char text[URL_QUERY_MAX_BYTES + URL_QUERY_MAX_PARAMS + 2]; /* the decoded names and values */
};

/*
 * Parses the n bytes of a raw query string (without the '?') into q:
 * "a=1&b=x%20y".  Empty pieces ("a=1&&b=2", a trailing '&') are skipped.
 * -1 with ERR_TOO_LARGE when the string, a name, a value or the count is
 * over its ceiling, ERR_INVALID for a bad escape or name and for a name
 * given twice (field = that name, else "query").
 */
int url_query_parse(const char *raw, size_t n, struct url_query *q, struct err *e);

/* The value of name in q, or NULL when it was not given. */
const char *url_query_get(const struct url_query *q, const char *name);

/*
 * -1 with ERR_INVALID (field = the name) when q holds a name that is not in
 * allowed (a NULL-terminated list); q may be NULL.
 */
int url_query_allow(const struct url_query *q, const char *const *allowed, struct err *e);

#endif
