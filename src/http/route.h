/*
 * route.h - HTTP routes as const tables, and matching a request to one.
 *
 * A route is a method, a path pattern ("/api/v1/tickets/{id}"), a handler
 * and flags naming the checks the server runs before the handler.  Each
 * http/api_*.c exports one table; the server joins them into a router at
 * start-up, which is read-only after.  Matching does not allocate.
 */
#ifndef LEVERA_HTTP_ROUTE_H
#define LEVERA_HTTP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD, /* answered by the GET route; the server sends no body */
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD_OTHER, /* any other token; never routed */
	HTTP_METHOD_COUNT
};

/* The method named by a request line's token (case-sensitive, as HTTP says). */
enum http_method http_method_parse(const char *name);

const char *http_method_name(enum http_method m);

/* Cross-cutting checks, run by the server from these flags before the handler. */
enum route_flag {
	ROUTE_AUTH = 1u << 0,            /* needs an authenticated caller (the server's authenticate hook) */
	ROUTE_IF_MATCH = 1u << 1,        /* an update: needs If-Match with the record's version */
	ROUTE_IDEMPOTENCY_KEY = 1u << 2, /* a creating POST: takes an optional Idempotency-Key */
};

struct http_request;

/*
 * A handler answers with one of the reply_* functions and returns 0, or
 * returns -1 with e filled and the server replies with the error.
 */
typedef int (*route_handler)(struct http_request *req, struct err *e);

struct route {
	enum http_method method;
	const char *pattern; /* "/", or "/seg/{param}/...": literals [A-Za-z0-9._~-], params whole segments */
	route_handler handler;
	unsigned flags; /* enum route_flag bits */
};

/* One api_*.c file's routes. */
struct route_table {
	const char *name; /* for start-up errors, e.g. "ops" */
	const struct route *routes;
	size_t count;
};

#define ROUTE_MAX_SEGMENTS 16
#define ROUTE_MAX_PARAMS 4
#define ROUTE_MAX_PATH 2048       /* raw bytes; a longer path is ERR_TOO_LARGE */
#define ROUTE_MAX_PARAM_BYTES 256 /* a decoded path parameter */
#define ROUTE_MAX_PARAM_NAME 32

struct route_compiled; /* private to route.c */

struct router {
	struct route_compiled *routes; /* owned */
	size_t count;
	const char **patterns; /* owned array of the distinct patterns, borrowed strings */
	size_t npatterns;
};

/*
 * Joins ntables tables into r.  -1 with ERR_INVALID (field = the pattern)
 * for a malformed pattern or two routes with one method and the same shape
 * ("/a/{x}" and "/a/{y}").  Release r with router_release either way.
 */
int router_init(struct router *r, const struct route_table *const *tables, size_t ntables, struct err *e);

void router_release(struct router *r);

struct route_param {
	const char *name; /* borrowed from the route's pattern, not NUL-terminated */
	size_t name_len;
	const char *value; /* decoded, NUL-terminated, in the match's text */
	size_t value_len;
};

struct route_match {
	const struct route *route; /* NULL when the path is known but not for this method */
	size_t pattern_id;         /* index into router.patterns, also for 405s */
	unsigned allow;            /* bit (1u << method) per method the path has; GET implies HEAD */
	struct route_param params[ROUTE_MAX_PARAMS];
	size_t nparams;
	char text[ROUTE_MAX_PARAMS * (ROUTE_MAX_PARAM_BYTES + 1)];
};

/*
 * Matches the raw (percent-encoded) path of len bytes.  Literal segments
 * compare byte for byte; parameters are decoded and must be 1 to
 * ROUTE_MAX_PARAM_BYTES bytes of UTF-8 without control characters or '/'.
 * The most specific pattern wins ("/t/new" before "/t/{id}").
 *
 * Returns 0 with m->route set, or 0 with m->route NULL and m->allow the
 * methods the path does have (a 405), or -1 with ERR_NOT_FOUND when no
 * pattern matches, ERR_TOO_LARGE for a path over ROUTE_MAX_PATH, and
 * ERR_INVALID (field = the parameter's name) for a bad parameter.
 */
int router_match(const struct router *r, enum http_method method, const char *path, size_t len, struct route_match *m,
                 struct err *e);

/* The decoded value of path parameter name, or NULL. */
const char *route_param(const struct route_match *m, const char *name);

/* Writes the Allow header's value ("GET, HEAD, PATCH") for a bit set into out. */
void route_allow_header(unsigned allow, char *out, size_t cap);

#endif
