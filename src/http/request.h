/*
 * request.h - what a handler gets: the method, path, parameters, headers and
 * body of one request, and memory that lives exactly as long as it.
 *
 * The server fills a struct http_request before the handler runs and frees
 * everything hanging off it once the response has gone out.  How to answer
 * is in reply.h; the JSON body is read through body.h.
 */
#ifndef LEVERA_HTTP_REQUEST_H
#define LEVERA_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "http/route.h"
#include "http/url.h"

#define HTTP_BODY_MAX (1024 * 1024) /* a larger body is answered 413 before any handler runs */
#define HTTP_REPLY_MAX_HEADERS 8

struct MHD_Connection;
struct http_server;
struct request_chunk;
struct request_defer;

/* The answer, set by the reply_* functions. */
struct http_reply {
	unsigned status;          /* 0 until a reply_* call */
	const char *content_type; /* a static string */
	char *body;               /* malloc'd, handed to libmicrohttpd */
	size_t body_len;
	struct {
		const char *name, *value; /* in the request's memory */
	} headers[HTTP_REPLY_MAX_HEADERS];
	size_t nheaders;
	bool ui; /* reply_ui(): the web interface's security headers, not the API's */
};

/* Where the server is with a request. */
enum request_state {
	REQUEST_NEW,     /* the request line has arrived */
	REQUEST_BODY,    /* headers seen, a body is arriving */
	REQUEST_REPLIED, /* a response is queued */
};

struct http_request {
	/* For handlers to read. */
	enum http_method method;     /* HEAD requests run the GET route */
	const char *path;            /* raw (percent-encoded), without the query; NUL-terminated */
	const struct route *route;   /* the matched route */
	const char *body;            /* NUL-terminated, "" when there is none */
	size_t body_len;             /* at most HTTP_BODY_MAX */
	char client[48];             /* the peer's address: "127.0.0.1", "::1" */
	void *app;                   /* the server config's app pointer */
	struct http_server *server;  /* for http_server_metrics() and the like */
	int64_t if_match;            /* ROUTE_IF_MATCH routes: the version the entity tag names ("3" -> 3) */
	const char *idempotency_key; /* ROUTE_IDEMPOTENCY_KEY routes: the header's value, or NULL */
	void *caller;                /* set by the authenticate hook for ROUTE_AUTH routes */

	/* The server's bookkeeping; handlers use the functions below. */
	struct MHD_Connection *conn;
	enum request_state state;
	char *target; /* the raw request target ("/p?q"), owned */
	const char *query_raw;
	size_t query_len;
	struct url_query *query; /* in the request's memory; NULL without a query string */
	struct route_match match;
	size_t metrics_slot;
	struct buf body_buf;
	uint64_t body_seen; /* bytes received, kept or not */
	bool body_over;     /* more than HTTP_BODY_MAX arrived: the answer is 413 */
	uint64_t start_ns;  /* CLOCK_MONOTONIC when the request line arrived */
	struct http_reply reply;
	struct request_chunk *chunks;
	struct request_defer *defers;
};

/* A request with nothing set; free it with request_free. */
struct http_request *request_new(void);

/* Runs the deferred functions (last first), then frees req and all its memory.  NULL is a no-op. */
void request_free(struct http_request *req);

/* n bytes aligned for any type, valid until the request ends.  Never NULL. */
void *request_alloc(struct http_request *req, size_t n);

/* A NUL-terminated copy of the n bytes at s, valid until the request ends. */
char *request_strndup(struct http_request *req, const char *s, size_t n);

/* Calls fn(p) when the request ends, e.g. to release a store handle. */
void request_defer(struct http_request *req, void (*fn)(void *), void *p);

/* The decoded path parameter name ("id" of "/tickets/{id}"); NULL if the route has none. */
const char *request_param(const struct http_request *req, const char *name);

/* The decoded query parameter name, or NULL when it was not given. */
const char *request_query(const struct http_request *req, const char *name);

/* -1 with ERR_INVALID (field = the name) for a query parameter not in allowed (NULL-terminated). */
int request_query_allow(const struct http_request *req, const char *const *allowed, struct err *e);

/* The value of request header name (case-insensitive), or NULL; valid until the request ends. */
const char *request_header(const struct http_request *req, const char *name);

#endif
