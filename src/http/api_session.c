/*
 * api_session.c - POST, GET and DELETE /api/v1/session, and the hook that
 * resolves every ROUTE_AUTH request's caller.  The rules (limits, expiry,
 * hashing) are app/auth.c's; this file reads headers and writes cookies.
 */
#include "http/api_session.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/password.h"
#include "http/body.h"
#include "http/reply.h"

/* The value of cookie name in a Cookie header, copied into out; false when absent or too long. */
static bool
cookie_value(const char *header, const char *name, char *out, size_t cap)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';') {
			p++;
		}
		const char *end = strchr(p, ';');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t vlen = len - nlen - 1;
			if (vlen >= cap) {
				return false;
			}
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

static bool
is_safe(enum http_method m)
{
	return m == HTTP_GET || m == HTTP_HEAD || m == HTTP_OPTIONS;
}

int
api_authenticate(void *ctx, struct http_request *req, struct err *e)
{
	struct app *app = ctx;
	struct auth_caller *c = request_alloc(req, sizeof(*c));
	const char *authz = request_header(req, "Authorization");
	const char *cookies = request_header(req, "Cookie");
	char sid[SECRET_TOKEN_SIZE + 1];
	int64_t now = (int64_t)time(NULL);

	memset(c, 0, sizeof(*c));
	if (authz != NULL) {
		if (strncmp(authz, "Bearer ", 7) != 0) {
			return err_set(e, ERR_UNAUTHORIZED, NULL, "the Authorization header must be 'Bearer <token>'");
		}
		if (auth_resolve_token(app, authz + 7, now, c, e) != 0) {
			return -1;
		}
	} else if (cookies != NULL && cookie_value(cookies, API_SESSION_COOKIE, sid, sizeof(sid))) {
		if (auth_resolve_session(app, sid, now, c, e) != 0) {
			return -1;
		}
		const char *csrf = request_header(req, "X-CSRF-Token");
		if (!is_safe(req->method) && (csrf == NULL || !secret_csrf_verify(c->session_id, csrf))) {
			return err_set(e, ERR_FORBIDDEN, "X-CSRF-Token", "missing or wrong CSRF token");
		}
	} else {
		return err_set(e, ERR_UNAUTHORIZED, NULL, "sign in or send an API token");
	}
	req->caller = c;
	return 0;
}

static int
set_cookie(struct http_request *req, const char *value, bool clear, struct err *e)
{
	struct app *app = req->app;
	char header[256];

	snprintf(header, sizeof(header), "%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s", API_SESSION_COOKIE, value,
	         clear ? "; Max-Age=0" : "", app->cookie_secure ? "; Secure" : "");
	return reply_header(req, "Set-Cookie", header, e);
}

static json_t *
session_json(const struct auth_caller *c)
{
	json_t *out = json_pack("{s:o}", "user", auth_caller_json(c));

	if (c->method == AUTH_SESSION) {
		char csrf[SECRET_CSRF_SIZE];
		secret_csrf_token(c->session_id, csrf);
		json_object_set_new(out, "csrf_token", json_string(csrf));
	}
	return out;
}

/* -1 for e, with Retry-After when a limiter refused. */
static int
refused(struct http_request *req, int64_t retry_after_s, const struct err *e)
{
	if (e->code == ERR_RATE_LIMITED) {
		char v[32];
		struct err ignored;
		snprintf(v, sizeof(v), "%lld", (long long)(retry_after_s > 0 ? retry_after_s : 1));
		reply_header(req, "Retry-After", v, &ignored);
	}
	return -1;
}

/* The answer to a new session c: its cookie and {user, csrf_token}; the id is wiped after. */
static int
signed_in(struct http_request *req, struct auth_caller *c, struct err *e)
{
	int rc = set_cookie(req, c->session_id, false, e);
	json_t *out = session_json(c);

	secret_wipe(c->session_id, sizeof(c->session_id));
	if (rc != 0) {
		json_decref(out);
		return -1;
	}
	return reply_json(req, 200, out);
}

static int
post_session(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "email", "password", NULL };
	struct app *app = req->app;
	struct auth_caller c;
	int64_t retry_after_s = 0;
	json_t *body = body_json(req, e);

	if (body == NULL || body_reject_unknown(body, allowed, e) != 0) {
		return -1;
	}
	const char *email = json_string_value(json_object_get(body, "email"));
	const char *password = json_string_value(json_object_get(body, "password"));
	if (email == NULL || email[0] == '\0') {
		return err_set(e, ERR_INVALID, "email", "sign-in needs an e-mail address");
	}
	if (password == NULL || password[0] == '\0') {
		return err_set(e, ERR_INVALID, "password", "sign-in needs a password");
	}
	if (strlen(password) > SECRET_PASSWORD_MAX_BYTES) {
		return err_set(e, ERR_INVALID, "password", "a password is at most %d bytes", SECRET_PASSWORD_MAX_BYTES);
	}
	if (auth_sign_in(app, email, password, req->client, (int64_t)time(NULL), &c, &retry_after_s, e) != 0) {
		return refused(req, retry_after_s, e);
	}
	return signed_in(req, &c, e);
}

static int
get_session(struct http_request *req, struct err *e)
{
	struct app *app = req->app;
	json_t *out = session_json(req->caller);

	(void)e;
	/* Read fresh, not from the cached caller: the UI shows "my team's" queue from it. */
	json_object_set_new(json_object_get(out, "user"), "teams", auth_caller_teams(app->store, req->caller));
	return reply_json(req, 200, out);
}

static int
delete_session(struct http_request *req, struct err *e)
{
	if (auth_sign_out(req->app, req->caller, (int64_t)time(NULL), e) != 0 || set_cookie(req, "", true, e) != 0) {
		return -1;
	}
	return reply_text(req, 204, "text/plain; charset=utf-8", "", 0);
}

static int
post_password(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "current_password", "new_password", NULL };
	struct auth_caller c;
	int64_t retry_after_s = 0;
	json_t *body = body_json(req, e);

	if (body == NULL || body_reject_unknown(body, allowed, e) != 0) {
		return -1;
	}
	if (password_change(req->app, req->caller, json_object_get(body, "current_password"),
	                    json_object_get(body, "new_password"), (int64_t)time(NULL), &c, &retry_after_s, e) != 0) {
		return refused(req, retry_after_s, e);
	}
	return signed_in(req, &c, e);
}

static int
put_user_password(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "password", NULL };
	struct actor actor = auth_caller_actor(req->caller);
	json_t *body = body_json(req, e);

	if (body == NULL || body_reject_unknown(body, allowed, e) != 0 ||
	    password_reset(req->app, &actor, request_param(req, "id"), json_object_get(body, "password"),
	                   (int64_t)time(NULL), e) != 0) {
		return -1;
	}
	return reply_text(req, 204, "text/plain; charset=utf-8", "", 0);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/session", post_session, 0 },
	{ HTTP_GET, "/api/v1/session", get_session, ROUTE_AUTH },
	{ HTTP_DELETE, "/api/v1/session", delete_session, ROUTE_AUTH },
	{ HTTP_POST, "/api/v1/session/password", post_password, ROUTE_AUTH },
	{ HTTP_PUT, "/api/v1/users/{id}/password", put_user_password, ROUTE_AUTH },
};

const struct route_table api_session_table = { "session", routes, sizeof(routes) / sizeof(routes[0]) };
