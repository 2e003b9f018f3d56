/*
 * reply.h - answering a request: JSON bodies, the error object and plain
 * text, each with the security headers every Levera response carries.
 *
 * A reply is stored on the request and sent by the server after the handler
 * returns, so handlers never touch libmicrohttpd.  A second reply replaces
 * the first.  JSON is built with jansson and dumped once.
 */
#ifndef LEVERA_HTTP_REPLY_H
#define LEVERA_HTTP_REPLY_H

#include <jansson.h>
#include <stdbool.h>

#include "base/buf.h"
#include "base/err.h"
#include "http/request.h"

#define REPLY_JSON "application/json; charset=utf-8"

/* The web interface's Content-Security-Policy: no inline script or style, nothing from elsewhere. */
#define REPLY_UI_CSP                                                                                                   \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "          \
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/* Answers status with body as compact JSON; takes body's reference (NULL answers 500).  Returns 0. */
int reply_json(struct http_request *req, unsigned status, json_t *body);

/* reply_json with ETag: "<version>" (takes body in every case). */
int reply_json_versioned(struct http_request *req, unsigned status, json_t *body, int64_t version, struct err *e);

/*
 * Answers {"error":{"code","message","field"}} with err_http_status(e->code);
 * field is null when e names none.  An internal error is logged and answered
 * without its message.  Returns 0.
 */
int reply_error(struct http_request *req, const struct err *e);

/* The error object for a status the err table has no code for (405). field may be NULL.  Returns 0. */
int reply_problem(struct http_request *req, unsigned status, const char *code, const char *field, const char *message);

/* Answers status with a copy of the len bytes of text.  Returns 0. */
int reply_text(struct http_request *req, unsigned status, const char *content_type, const char *text, size_t len);

/* Answers status with the contents of b, which is left empty.  Returns 0. */
int reply_buf(struct http_request *req, unsigned status, const char *content_type, struct buf *b);

/*
 * Adds a response header (ETag, Location, Allow); both strings are copied.
 * -1 with ERR_INTERNAL past HTTP_REPLY_MAX_HEADERS.
 */
int reply_header(struct http_request *req, const char *name, const char *value, struct err *e);

/*
 * Marks the reply set last as the web interface's: it carries the UI's
 * security headers (REPLY_UI_CSP) instead of the API's, and no Cache-Control
 * of theirs, so the handler adds its own.  A later reply_* call undoes it.
 */
void reply_ui(struct http_request *req);

struct MHD_Response;

/*
 * For the server: the libmicrohttpd response of req's reply with the
 * security headers, and "Connection: close" when closing.  The body moves
 * into the response.  NULL when libmicrohttpd refuses.
 */
struct MHD_Response *reply_response(struct http_request *req, bool closing);

/* Copies s into out (cap bytes), replacing bytes that are not UTF-8 with '?'. */
void reply_utf8_clean(const char *s, char *out, size_t cap);

#endif
