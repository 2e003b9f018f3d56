/*
 * api_import.c - POST /api/v1/import: one record a line, exactly as the
 * command line imports them (app/import.c), answered with the tally and each
 * failed line's number, field and message.  The body is at most 1 MiB; a
 * larger import is cut into requests, or run with `levera import`.
 */
#include "http/api_import.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/import.h"
#include "http/reply.h"

#define MAX_REPORTED_ERRORS 100

struct tally {
	long created, skipped, failed;
	json_t *errors;
};

static void
report(void *ctx, long line, enum import_outcome out, const struct err *e)
{
	struct tally *t = ctx;

	if (out == IMPORT_CREATED) {
		t->created++;
		return;
	}
	if (out == IMPORT_SKIPPED) {
		t->skipped++;
		return;
	}
	t->failed++;
	if (json_array_size(t->errors) < MAX_REPORTED_ERRORS) {
		json_array_append_new(t->errors,
		                      json_pack("{s:i, s:s, s:s, s:s}", "line", (json_int_t)line, "code",
		                                err_code_name(e->code), "field", e->field, "message", e->message));
	}
}

static int
post_import(struct http_request *req, struct err *e)
{
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	struct tally t = { .errors = json_array() };
	const char *p = req->body, *end = req->body + req->body_len;
	long line = 0;

	if (role_check_kind(&actor, RESOURCE_IMPORT, ACTION_CREATE, e) != 0) {
		json_decref(t.errors);
		return -1;
	}
	struct importer *im = importer_new(app->store, &actor, report, &t, e);
	if (im == NULL) {
		json_decref(t.errors);
		return -1;
	}
	int64_t now = (int64_t)time(NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		if (len > 0 && p[len - 1] == '\r') {
			len--;
		}
		if (len > 0) {
			importer_line(im, p, len, now, line);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	importer_free(im);
	if (t.created > 0 && app_catalog_reload(app, e) != 0) {
		json_decref(t.errors);
		return -1;
	}
	/* The request succeeded even when lines failed: the tally says which, as the CLI does. */
	return reply_json(req, 200,
	                  json_pack("{s:I, s:I, s:I, s:o}", "created", (json_int_t)t.created, "skipped",
	                            (json_int_t)t.skipped, "failed", (json_int_t)t.failed, "errors", t.errors));
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/import", post_import, ROUTE_AUTH },
};

const struct route_table api_import_table = { "import", routes, sizeof(routes) / sizeof(routes[0]) };
