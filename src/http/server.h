/*
 * server.h - levera's HTTP server: libmicrohttpd on a pool of epoll threads
 * serving the route tables of http/api_*.c, with the checks their flags
 * name, one access log line and metrics per request, and a graceful stop.
 *
 * It does not open the store: the caller does and hands it over as app.
 */
#ifndef LEVERA_HTTP_SERVER_H
#define LEVERA_HTTP_SERVER_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "http/request.h"

#define HTTP_DEFAULT_LISTEN "127.0.0.1:8080"
#define HTTP_DEFAULT_DB "./data/levera.db"
#define HTTP_HEADER_MAX (32 * 1024)       /* request line and headers; more is answered by libmicrohttpd */
#define HTTP_DRAIN_MAX (16 * 1024 * 1024) /* body bytes read and dropped to answer 413 cleanly */

/* A family of gauges a later part adds to /metrics (open tickets, clocks at risk, breaches). */
struct metrics_source {
	const char *name; /* the "source" label of levera_metrics_source_up */
	/*
	 * Appends complete Prometheus text (# HELP, # TYPE, samples) to out.
	 * On -1 its output is dropped, the failure logged and its _up gauge is 0.
	 */
	int (*render)(void *app, struct buf *out, struct err *e);
};

struct http_server_config {
	const char *listen;            /* "HOST:PORT", "[::1]:PORT"; port 0 picks one; NULL: the default */
	const char *db_path;           /* recorded only; the caller opens the store */
	unsigned threads;              /* 0: 32 per online core, at least 64 */
	unsigned max_connections;      /* 0: 1024 */
	unsigned connection_timeout_s; /* idle seconds before a connection is closed; 0: 30 */
	unsigned shutdown_grace_s;     /* how long a stop waits for requests in flight; 0: 10 */
	void *app;                     /* handed to handlers as req->app; not owned */
	/*
	 * Runs before the handler of every ROUTE_AUTH route: sets req->caller
	 * or returns -1 with e.  The server refuses to start when a route needs
	 * it and it is NULL.
	 */
	int (*authenticate)(void *app, struct http_request *req, struct err *e);
	const struct metrics_source *metrics_sources; /* not owned */
	size_t nmetrics_sources;                      /* at most 64 */
};

struct http_server;

/*
 * Binds cfg->listen and starts serving on threads of the server's own.
 * Call it with SIGTERM and SIGINT blocked, so those threads never take
 * them.  cfg is copied; its strings and sources must outlive the server.
 * ERR_INVALID for a bad configuration, ERR_IO when the address cannot be
 * bound or the threads cannot start.
 */
int http_server_start(const struct http_server_config *cfg, struct http_server **out, struct err *e);

/* The URL the server listens on, "http://127.0.0.1:43121". */
const char *http_server_url(const struct http_server *srv);

/* Milliseconds since the last request completed; 0 while one is in flight. */
int64_t http_server_idle_ms(struct http_server *srv);

/*
 * Stops accepting connections (the port closes at once), lets the requests
 * in flight finish for up to shutdown_grace_s, then stops and frees srv.
 * NULL is a no-op.
 */
void http_server_stop(struct http_server *srv);

/* Appends the server's metrics and its sources' in the Prometheus text format 0.0.4. */
int http_server_metrics(const struct http_server *srv, struct buf *out, struct err *e);

#endif
