/*
 * api_settings.c - the priority matrix and the labour rate over HTTP: read
 * each with its ETag (version 0 while the default applies), replace it with
 * If-Match.  The
 * rules are app/settings.c's; this file only maps requests and answers.
 */
#include "http/api_settings.h"

#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/settings.h"
#include "http/body.h"
#include "http/reply.h"

static int
get_matrix(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *out;
	int64_t version;

	if (request_query_allow(req, (const char *const[]){ NULL }, e) != 0 ||
	    settings_matrix_get(req->app, &actor, &out, &version, e) != 0) {
		return -1;
	}
	return reply_json_versioned(req, 200, out, version, e);
}

static int
put_matrix(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body, *out;
	int64_t new_version;

	body = body_json(req, e);
	if (body == NULL || settings_matrix_put(req->app, &actor, body, req->if_match, (int64_t)time(NULL), &out,
	                                        &new_version, e) != 0) {
		return -1;
	}
	return reply_json_versioned(req, 200, out, new_version, e);
}

static int
get_labour_rate(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *out;
	int64_t version;

	if (request_query_allow(req, (const char *const[]){ NULL }, e) != 0 ||
	    settings_labour_rate_get(req->app, &actor, &out, &version, e) != 0) {
		return -1;
	}
	return reply_json_versioned(req, 200, out, version, e);
}

static int
put_labour_rate(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body, *out;
	int64_t new_version;

	body = body_json(req, e);
	if (body == NULL || settings_labour_rate_put(req->app, &actor, body, req->if_match, (int64_t)time(NULL), &out,
	                                             &new_version, e) != 0) {
		return -1;
	}
	return reply_json_versioned(req, 200, out, new_version, e);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/priority-matrix", get_matrix, ROUTE_AUTH },
	{ HTTP_PUT, "/api/v1/priority-matrix", put_matrix, ROUTE_AUTH | ROUTE_IF_MATCH },
	{ HTTP_GET, "/api/v1/labour-rate", get_labour_rate, ROUTE_AUTH },
	{ HTTP_PUT, "/api/v1/labour-rate", put_labour_rate, ROUTE_AUTH | ROUTE_IF_MATCH },
};

const struct route_table api_settings_table = { "settings", routes, sizeof(routes) / sizeof(routes[0]) };
