/*
 * api_ops.c - routes for whoever runs Levera rather than uses it: a health
 * check for load balancers and Prometheus metrics.  Both answer without
 * authentication and without touching the store.
 */
#include "http/api_ops.h"

#include <jansson.h>

#include "base/buf.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/server.h"

#define METRICS_MAX_BYTES (4 * 1024 * 1024)

static int
get_healthz(struct http_request *req, struct err *e)
{
	(void)e;
	return reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

static int
get_metrics(struct http_request *req, struct err *e)
{
	struct buf out;

	buf_init(&out, METRICS_MAX_BYTES);
	if (http_server_metrics(req->server, &out, e) != 0) {
		buf_release(&out);
		return -1;
	}
	return reply_buf(req, 200, "text/plain; version=0.0.4; charset=utf-8", &out);
}

static const struct route routes[] = {
	{ HTTP_GET, "/healthz", get_healthz, 0 },
	{ HTTP_GET, "/metrics", get_metrics, 0 },
};

const struct route_table api_ops_table = { "ops", routes, sizeof(routes) / sizeof(routes[0]) };
