/*
 * reply.c - replies and their headers; see reply.h.  The security headers
 * are two tables: the API's (nothing may load, nothing is stored) and the
 * web interface's (its own files only; the handler says how to cache).
 */
#include "http/reply.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "http/url.h"

static const struct {
	const char *name, *value;
} security_headers[] = {
	{ "X-Content-Type-Options", "nosniff" },
	{ "Cache-Control", "no-store" },
	{ "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'" },
	{ "Referrer-Policy", "no-referrer" },
};

#define NSECURITY_HEADERS (sizeof(security_headers) / sizeof(security_headers[0]))

/* The web interface: scripts, styles and requests from Levera's own origin only, never framed. */
static const struct {
	const char *name, *value;
} ui_headers[] = {
	{ "X-Content-Type-Options", "nosniff" },
	{ "Content-Security-Policy", REPLY_UI_CSP },
	{ "Referrer-Policy", "no-referrer" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
};

#define NUI_HEADERS (sizeof(ui_headers) / sizeof(ui_headers[0]))

static void
set_reply(struct http_request *req, unsigned status, const char *content_type, char *body, size_t len)
{
	free(req->reply.body);
	req->reply.ui = false;
	req->reply.status = status;
	req->reply.content_type = content_type;
	req->reply.body = body;
	req->reply.body_len = len;
}

static const char internal_body[] = "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\",\"field\":null}}";

static int
reply_internal(struct http_request *req)
{
	set_reply(req, 500, REPLY_JSON, xstrdup(internal_body), sizeof(internal_body) - 1);
	return 0;
}

int
reply_json(struct http_request *req, unsigned status, json_t *body)
{
	char *text;

	if (body == NULL) {
		log_error("http: a handler for %s replied with no JSON", req->path);
		return reply_internal(req);
	}
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL) {
		log_error("http: cannot serialise the JSON reply for %s", req->path);
		return reply_internal(req);
	}
	set_reply(req, status, REPLY_JSON, text, strlen(text));
	return 0;
}

void
reply_utf8_clean(const char *s, char *out, size_t cap)
{
	size_t k = 0, n = strlen(s);

	for (size_t i = 0; i < n && k + 1 < cap;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

		if (len > n - i || !url_utf8_valid(s + i, len)) {
			out[k++] = '?';
			i++;
		} else if (len < cap - k) {
			memcpy(out + k, s + i, len);
			k += len;
			i += len;
		} else {
			break; /* a character that does not fit is left out whole */
		}
	}
	out[k] = '\0';
}

int
reply_problem(struct http_request *req, unsigned status, const char *code, const char *field, const char *message)
{
	char msg[sizeof(((struct err *)0)->message)], fld[sizeof(((struct err *)0)->field)];
	json_t *f;

	reply_utf8_clean(message, msg, sizeof(msg));
	if (field != NULL && field[0] != '\0') {
		reply_utf8_clean(field, fld, sizeof(fld));
		f = json_string(fld);
	} else {
		f = json_null();
	}
	return reply_json(req, status,
	                  json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code, "message", msg, "field", f));
}

int
reply_error(struct http_request *req, const struct err *e)
{
	enum err_code code = e->code != ERR_OK ? e->code : ERR_INTERNAL;
	unsigned status = (unsigned)err_http_status(code);

	/* What failed inside (a path, a database message) is for the log, not for the caller. */
	if (status >= 500) {
		log_msg(code == ERR_INTERNAL ? LOG_ERROR : LOG_WARN, "http: %s %s: %s: %s",
		        http_method_name(req->method), req->path, err_code_name(code), e->message);
		if (code == ERR_INTERNAL) {
			return reply_internal(req);
		}
		return reply_problem(req, status, err_code_name(code), NULL, "the service is unavailable; try again");
	}
	return reply_problem(req, status, err_code_name(code), e->field,
	                     e->message[0] != '\0' ? e->message : err_code_name(code));
}

int
reply_text(struct http_request *req, unsigned status, const char *content_type, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	set_reply(req, status, content_type, copy, len);
	return 0;
}

int
reply_buf(struct http_request *req, unsigned status, const char *content_type, struct buf *b)
{
	size_t len;
	char *text = buf_detach(b, &len);

	set_reply(req, status, content_type, text, len);
	return 0;
}

void
reply_ui(struct http_request *req)
{
	req->reply.ui = true;
}

int
reply_header(struct http_request *req, const char *name, const char *value, struct err *e)
{
	struct http_reply *r = &req->reply;

	if (r->nheaders == HTTP_REPLY_MAX_HEADERS) {
		return err_set(e, ERR_INTERNAL, NULL, "more than %d reply headers", HTTP_REPLY_MAX_HEADERS);
	}
	r->headers[r->nheaders].name = request_strndup(req, name, strlen(name));
	r->headers[r->nheaders].value = request_strndup(req, value, strlen(value));
	r->nheaders++;
	return 0;
}

struct MHD_Response *
reply_response(struct http_request *req, bool closing)
{
	struct http_reply *r = &req->reply;
	struct MHD_Response *resp;
	bool ok = true;

	if (r->body != NULL) {
		resp = MHD_create_response_from_buffer_with_free_callback(r->body_len, r->body, free);
	} else {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	}
	if (resp == NULL) {
		return NULL;
	}
	r->body = NULL;
	if (r->content_type != NULL) {
		ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type) == MHD_YES;
	}
	if (r->ui) {
		for (size_t i = 0; i < NUI_HEADERS; i++) {
			ok = ok && MHD_add_response_header(resp, ui_headers[i].name, ui_headers[i].value) == MHD_YES;
		}
	} else {
		for (size_t i = 0; i < NSECURITY_HEADERS; i++) {
			ok = ok && MHD_add_response_header(resp, security_headers[i].name, security_headers[i].value) ==
			                   MHD_YES;
		}
	}
	for (size_t i = 0; i < r->nheaders; i++) {
		ok = ok && MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value) == MHD_YES;
	}
	if (closing) {
		ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") == MHD_YES;
	}
	if (!ok) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

int
reply_json_versioned(struct http_request *req, unsigned status, json_t *body, int64_t version, struct err *e)
{
	char etag[32];

	snprintf(etag, sizeof(etag), "\"%lld\"", (long long)version);
	if (reply_header(req, "ETag", etag, e) != 0) {
		json_decref(body);
		return -1;
	}
	return reply_json(req, status, body);
}
