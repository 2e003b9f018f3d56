/*
 * api_simulation.c - POST /api/v1/simulations: an SLA's proposed terms
 * applied to the tickets of a period, beside the agreement as it is.  It
 * answers 200, not 201: nothing is created or written (app/simulation.c).
 */
#include "http/api_simulation.h"

#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/simulation.h"
#include "http/body.h"
#include "http/reply.h"

static int
post_simulation(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body, *out;

	if (request_query_allow(req, (const char *const[]){ NULL }, e) != 0) {
		return -1;
	}
	body = body_json(req, e);
	if (body == NULL || simulation_run(req->app, &actor, body, (int64_t)time(NULL), &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/simulations", post_simulation, ROUTE_AUTH },
};

const struct route_table api_simulation_table = { "simulation", routes, sizeof(routes) / sizeof(routes[0]) };
