/*
 * api_session.h - signing in and out (/api/v1/session) and the server's
 * authenticate hook: a bearer API token or the session cookie, with the
 * CSRF check for cookie-authenticated writes.
 */
#ifndef LEVERA_HTTP_API_SESSION_H
#define LEVERA_HTTP_API_SESSION_H

#include "base/err.h"
#include "http/request.h"
#include "http/route.h"

#define API_SESSION_COOKIE "levera_session"

extern const struct route_table api_session_table;

/* The authenticate hook (http_server_config): app is a struct app; req->caller becomes a struct auth_caller. */
int api_authenticate(void *app, struct http_request *req, struct err *e);

#endif
