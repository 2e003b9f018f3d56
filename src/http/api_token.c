/*
 * api_token.c - issuing, listing and revoking API tokens over HTTP.  Who
 * may do which is app/token.c's (the authorization matrix); the secret
 * appears in exactly one response, the 201 that creates it.
 */
#include "http/api_token.h"

#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/token.h"
#include "http/body.h"
#include "http/reply.h"

static int
post_token(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "name", NULL };
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	char token[SECRET_API_TOKEN_SIZE];
	json_t *out = NULL, *body;

	if (role_check_kind(&actor, RESOURCE_API_TOKEN, ACTION_CREATE, e) != 0) {
		return -1;
	}
	body = body_json(req, e);
	if (body == NULL || body_reject_unknown(body, allowed, e) != 0) {
		return -1;
	}
	json_t *name = json_object_get(body, "name");
	if (!json_is_string(name)) {
		return err_set(e, ERR_INVALID, "name", "a token needs a name (a string)");
	}
	if (token_create(app->store, &actor, json_string_value(name), (int64_t)time(NULL), token, &out, e) != 0) {
		return -1;
	}
	json_object_set_new(out, "token", json_string(token));
	secret_wipe(token, sizeof(token));
	return reply_json(req, 201, out);
}

static int
get_tokens(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "cursor", NULL };
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	json_t *out;

	if (request_query_allow(req, allowed, e) != 0 ||
	    token_list(app->store, &actor, request_query(req, "cursor"), &out, e) != 0) {
		return -1;
	}
	return reply_json(req, 200, out);
}

static int
delete_token(struct http_request *req, struct err *e)
{
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);

	if (token_revoke(app, &actor, request_param(req, "id"), (int64_t)time(NULL), e) != 0) {
		return -1;
	}
	return reply_text(req, 204, "text/plain; charset=utf-8", "", 0);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/tokens", post_token, ROUTE_AUTH },
	{ HTTP_GET, "/api/v1/tokens", get_tokens, ROUTE_AUTH },
	{ HTTP_DELETE, "/api/v1/tokens/{id}", delete_token, ROUTE_AUTH },
};

const struct route_table api_token_table = { "token", routes, sizeof(routes) / sizeof(routes[0]) };
