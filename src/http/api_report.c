/*
 * api_report.c - GET /api/v1/reports/review?customer=&month=&format=: a
 * customer's monthly service review pack as JSON (the document) or
 * rendered as pdf, html, xlsx or csv, as a download; and GET
 * /api/v1/credits?month=: the credits owed that month, customer by customer.  What goes into it is
 * app/review.c's, how it looks src/report/pack.c's.
 */
#include "http/api_report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/review.h"
#include "http/reply.h"
#include "report/pack.h"
#include "report/render.h"

/* The largest pack answered (a long breach list in a PDF is a few MiB). */
#define PACK_MAX ((size_t)64 << 20)

static int
get_review(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "customer", "month", "format", NULL };
	struct actor actor = auth_caller_actor(req->caller);
	struct review_params p = { request_query(req, "customer"), request_query(req, "month"), false };
	const char *format = request_query(req, "format");
	enum pack_format f = PACK_PDF;
	bool json = format == NULL || strcmp(format, "json") == 0;
	json_t *pack;

	if (request_query_allow(req, allowed, e) != 0 || (!json && pack_format_parse(format, "format", &f, e) != 0) ||
	    review_build(req->app, &actor, &p, (int64_t)time(NULL), &pack, e) != 0) {
		return -1;
	}
	if (json) {
		return reply_json(req, 200, pack);
	}
	struct buf out;
	char disposition[96];
	buf_init(&out, PACK_MAX);
	int rc = render_pack(pack, f, &out, e);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"review-%s.%s\"",
	         json_string_value(json_object_get(pack, "month")), pack_format_name(f));
	json_decref(pack);
	if (rc != 0) {
		buf_release(&out);
		return -1;
	}
	rc = reply_buf(req, 200, pack_format_content_type(f), &out);
	buf_release(&out);
	return rc != 0 ? rc : reply_header(req, "Content-Disposition", disposition, e);
}

static int
get_credits(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "month", NULL };
	struct actor actor = auth_caller_actor(req->caller);
	json_t *out;

	if (request_query_allow(req, allowed, e) != 0 ||
	    review_credits_all(req->app, &actor, request_query(req, "month"), (int64_t)time(NULL), &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/reports/review", get_review, ROUTE_AUTH },
	{ HTTP_GET, "/api/v1/credits", get_credits, ROUTE_AUTH },
};

const struct route_table api_report_table = { "report", routes, sizeof(routes) / sizeof(routes[0]) };
