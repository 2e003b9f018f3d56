/*
 * api_kpi.c - KPIs over HTTP: GET /api/v1/kpis?customer=&service=&priority=&from=&to=&group_by=.
 * The choice of tickets and the sums are app/kpi.c's and domain/kpi.c's;
 * this file only maps the request and the answer.
 */
#include "http/api_kpi.h"

#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/kpi.h"
#include "app/kpi_drill.h"
#include "http/reply.h"

static int
get_kpis(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "customer", "service", "priority", "from", "to", "group_by", NULL };
	struct actor actor = auth_caller_actor(req->caller);
	struct kpi_params p = {
		.customer = request_query(req, "customer"),
		.service = request_query(req, "service"),
		.priority = request_query(req, "priority"),
		.group_by = request_query(req, "group_by"),
		.from = request_query(req, "from"),
		.to = request_query(req, "to"),
	};
	json_t *out;

	if (request_query_allow(req, allowed, e) != 0 ||
	    kpi_query(req->app, &actor, &p, (int64_t)time(NULL), &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static int
get_kpi_tickets(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "figure",   "month",  "customer", "service",
		                               "priority", "cursor", "limit",    NULL };
	struct actor actor = auth_caller_actor(req->caller);
	struct kpi_drill_params p = {
		.figure = request_query(req, "figure"),
		.month = request_query(req, "month"),
		.customer = request_query(req, "customer"),
		.service = request_query(req, "service"),
		.priority = request_query(req, "priority"),
		.cursor = request_query(req, "cursor"),
		.limit = request_query(req, "limit"),
	};
	json_t *out;

	if (request_query_allow(req, allowed, e) != 0 ||
	    kpi_drill(req->app, &actor, &p, (int64_t)time(NULL), &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/kpis", get_kpis, ROUTE_AUTH },
	{ HTTP_GET, "/api/v1/kpis/tickets", get_kpi_tickets, ROUTE_AUTH },
};

const struct route_table api_kpi_table = { "kpi", routes, sizeof(routes) / sizeof(routes[0]) };
