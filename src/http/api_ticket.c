/*
 * api_ticket.c - tickets over HTTP: create (with Idempotency-Key), read
 * (with its ETag), list, and append an event (with If-Match).  The rules
 * and the writes are app/ticket*.c's; this file only maps requests and
 * answers.
 */
#include "http/api_ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/ticket.h"
#include "app/ticket_write.h"
#include "http/body.h"
#include "http/reply.h"

static int
post_ticket(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body = body_json(req, e);
	struct buf out;
	int status = 201;

	buf_init(&out, TICKET_TEXT_MAX);
	if (body == NULL ||
	    ticket_create(req->app, &actor, body, req->idempotency_key, "POST /api/v1/tickets", (int64_t)time(NULL),
	                  &status, &out, e) != 0 ||
	    reply_header(req, "ETag", "\"1\"", e) != 0) {
		buf_release(&out);
		return -1;
	}
	return reply_buf(req, (unsigned)status, REPLY_JSON, &out);
}

static int
post_preview(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body = body_json(req, e);
	struct buf out;

	buf_init(&out, TICKET_TEXT_MAX);
	if (body == NULL || ticket_preview(req->app, &actor, body, (int64_t)time(NULL), &out, e) != 0) {
		buf_release(&out);
		return -1;
	}
	return reply_buf(req, 200, REPLY_JSON, &out);
}

static int
get_ticket(struct http_request *req, struct err *e)
{
	struct actor actor = auth_caller_actor(req->caller);
	struct buf out;
	char etag[32];
	int64_t version;

	buf_init(&out, TICKET_TEXT_MAX);
	if (request_query_allow(req, (const char *const[]){ NULL }, e) != 0 ||
	    ticket_read_text(req->app, &actor, request_param(req, "id"), (int64_t)time(NULL), &out, &version, e) != 0) {
		buf_release(&out);
		return -1;
	}
	snprintf(etag, sizeof(etag), "\"%lld\"", (long long)version);
	if (reply_header(req, "ETag", etag, e) != 0) {
		buf_release(&out);
		return -1;
	}
	return reply_buf(req, 200, REPLY_JSON, &out);
}

static int
get_tickets(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "status", "customer", "team", "agent",  "service", "priority",
		                               "sla",    "open",     "sort", "cursor", "limit",   NULL };
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	struct ticket_list_params p = {
		.status = request_query(req, "status"),
		.customer = request_query(req, "customer"),
		.team = request_query(req, "team"),
		.agent = request_query(req, "agent"),
		.service = request_query(req, "service"),
		.priority = request_query(req, "priority"),
		.sla = request_query(req, "sla"),
		.open = request_query(req, "open"),
		.sort = request_query(req, "sort"),
		.cursor = request_query(req, "cursor"),
		.limit = request_query(req, "limit"),
	};
	json_t *out;

	if (request_query_allow(req, allowed, e) != 0 || ticket_list(app, &actor, &p, &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static int
post_event(struct http_request *req, struct err *e)
{
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body, *out;
	int64_t new_version;

	if (req->if_match < 1) {
		return err_set(e, ERR_INVALID, "If-Match", "If-Match must be the ticket's version, such as \"3\"");
	}
	body = body_json(req, e);
	if (body == NULL || ticket_add_event(app, &actor, request_param(req, "id"), req->if_match, body,
	                                     (int64_t)time(NULL), &out, &new_version, e) != 0) {
		return -1;
	}
	return reply_json_versioned(req, 200, out, new_version, e);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/tickets", post_ticket, ROUTE_AUTH | ROUTE_IDEMPOTENCY_KEY },
	{ HTTP_GET, "/api/v1/tickets", get_tickets, ROUTE_AUTH },
	{ HTTP_GET, "/api/v1/tickets/{id}", get_ticket, ROUTE_AUTH },
	{ HTTP_POST, "/api/v1/tickets/preview", post_preview, ROUTE_AUTH },
	{ HTTP_POST, "/api/v1/tickets/{id}/events", post_event, ROUTE_AUTH | ROUTE_IF_MATCH },
};

const struct route_table api_ticket_table = { "ticket", routes, sizeof(routes) / sizeof(routes[0]) };
