/*
 * body_test.c - JSON bodies, unknown fields, and the replies built from
 * errors (shape, status, what a 5xx hides), without a server.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "http/body.h"
#include "http/reply.h"
#include "http/request.h"

static int
parse(const char *s, json_t **out, struct err *e)
{
	err_clear(e);
	return body_parse_object(s, strlen(s), out, e);
}

Test(body, objects_parse)
{
	json_t *v;
	struct err e;

	cr_assert_eq(parse("{\"title\":\"disk full\",\"priority\":2}", &v, &e), 0);
	cr_assert_str_eq(json_string_value(json_object_get(v, "title")), "disk full");
	json_decref(v);
}

Test(body, malformed_json_says_where)
{
	json_t *v;
	struct err e;

	cr_assert_eq(parse("{\"a\": 1,\n \"b\": }", &v, &e), -1);
	cr_assert_null(v);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "");
	cr_assert(strstr(e.message, "malformed JSON at line 2, column ") != NULL, "%s", e.message);
	cr_assert(strstr(e.message, "(byte ") != NULL, "%s", e.message);
	cr_assert_eq(parse("{\"a\": 1", &v, &e), -1, "truncated");
	cr_assert_eq(parse("{\"a\": 1} x", &v, &e), -1, "trailing bytes");
	cr_assert_eq(parse("{\"a\": \"\\u0000\"}", &v, &e), -1, "NUL in a string");
	cr_assert_eq(parse("{\"a\": \"\xff\"}", &v, &e), -1, "not UTF-8");
	cr_assert_eq(parse("{\"a\": 1, \"a\": 2}", &v, &e), -1, "duplicate key");
	cr_assert_eq(body_parse_object("", 0, &v, &e), -1);
	cr_assert(strstr(e.message, "empty") != NULL);
}

Test(body, only_objects)
{
	const char *others[] = { "[1,2]", "\"x\"", "3", "true", "null" };
	json_t *v;
	struct err e;

	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		cr_assert_eq(parse(others[i], &v, &e), -1, "%s", others[i]);
		cr_assert(strstr(e.message, "a JSON object is expected") != NULL, "%s", e.message);
	}
}

Test(body, deep_nesting_is_an_error_not_a_crash)
{
	static char deep[200002];
	json_t *v;
	struct err e;

	deep[0] = '{';
	memcpy(deep + 1, "\"a\":", 4);
	memset(deep + 5, '[', sizeof(deep) - 6);
	deep[sizeof(deep) - 1] = '\0';
	cr_assert_eq(parse(deep, &v, &e), -1);
}

Test(body, unknown_fields_are_named)
{
	const char *const allowed[] = { "title", "priority", NULL };
	json_t *v;
	struct err e;

	cr_assert_eq(parse("{\"title\":\"x\",\"priority\":1}", &v, &e), 0);
	cr_assert_eq(body_reject_unknown(v, allowed, &e), 0);
	json_decref(v);
	cr_assert_eq(parse("{\"title\":\"x\",\"prio\":1,\"zzz\":2}", &v, &e), 0);
	cr_assert_eq(body_reject_unknown(v, allowed, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "prio");
	cr_assert_str_eq(e.message, "unknown field 'prio'");
	json_decref(v);
}

/* The reply of a request with no connection behind it, parsed back. */
static json_t *
reply_of(struct http_request *req, unsigned *status)
{
	json_error_t jerr;
	json_t *v = json_loadb(req->reply.body, req->reply.body_len, 0, &jerr);

	cr_assert_not_null(v, "%s: %s", jerr.text, req->reply.body);
	cr_assert_str_eq(req->reply.content_type, REPLY_JSON);
	*status = req->reply.status;
	return v;
}

Test(reply, error_shape_and_status)
{
	struct http_request *req = request_new();
	struct err e;
	unsigned status;
	json_t *v;

	req->path = "/x";
	err_set(&e, ERR_INVALID, "title", "'%s' is too long", "abc");
	reply_error(req, &e);
	v = reply_of(req, &status);
	cr_assert_eq(status, 400);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "error"), "code")), "invalid");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "error"), "message")),
	                 "'abc' is too long");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "error"), "field")), "title");
	json_decref(v);

	err_set(&e, ERR_NOT_FOUND, NULL, "no ticket 'T-9'");
	reply_error(req, &e);
	v = reply_of(req, &status);
	cr_assert_eq(status, 404);
	cr_assert(json_is_null(json_object_get(json_object_get(v, "error"), "field")));
	json_decref(v);
	request_free(req);
}

Test(reply, server_errors_hide_their_details)
{
	struct http_request *req = request_new();
	struct err e;
	unsigned status;
	json_t *v;

	req->path = "/x";
	err_set(&e, ERR_INTERNAL, NULL, "invariant broke at /secret/path");
	reply_error(req, &e);
	v = reply_of(req, &status);
	cr_assert_eq(status, 500);
	cr_assert(strstr(req->reply.body, "secret") == NULL);
	json_decref(v);
	err_set(&e, ERR_IO, NULL, "cannot open /var/lib/levera/x.db");
	reply_error(req, &e);
	v = reply_of(req, &status);
	cr_assert_eq(status, 503);
	cr_assert(strstr(req->reply.body, "/var/lib") == NULL);
	json_decref(v);
	request_free(req);
}

Test(reply, bad_utf8_in_a_message_still_makes_json)
{
	struct http_request *req = request_new();
	struct err e;
	unsigned status;
	char clean[16];
	json_t *v;

	req->path = "/x";
	err_set(&e, ERR_INVALID, "f\xff", "bad '\xc3' value '\xe2\x82\xac'");
	reply_error(req, &e);
	v = reply_of(req, &status);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "error"), "message")),
	                 "bad '?' value '\xe2\x82\xac'");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "error"), "field")), "f?");
	json_decref(v);
	request_free(req);
	reply_utf8_clean("ab\xe2\x82\xac", clean, 4);
	cr_assert_str_eq(clean, "ab", "a sequence that does not fit is left out whole");
	reply_utf8_clean("ab\xe2\x82", clean, sizeof(clean));
	cr_assert_str_eq(clean, "ab??");
}

Test(reply, headers_json_and_memory)
{
	struct http_request *req = request_new();
	struct err e;
	char *big;

	req->path = "/x";
	cr_assert_eq(reply_json(req, 201, json_pack("{s:i}", "id", 7)), 0);
	cr_assert_eq(req->reply.status, 201);
	cr_assert_str_eq(req->reply.body, "{\"id\":7}");
	for (int i = 0; i < HTTP_REPLY_MAX_HEADERS; i++) {
		cr_assert_eq(reply_header(req, "ETag", "\"3\"", &e), 0);
	}
	cr_assert_eq(reply_header(req, "ETag", "\"3\"", &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	/* Request memory: small and large pieces, all freed with the request (ASan checks). */
	for (int i = 0; i < 1000; i++) {
		char *p = request_alloc(req, (size_t)(i % 50) + 1);
		memset(p, 'x', (size_t)(i % 50) + 1);
	}
	big = request_alloc(req, 100000);
	memset(big, 'y', 100000);
	cr_assert_str_eq(request_strndup(req, "hello world", 5), "hello");
	cr_assert_eq((uintptr_t)request_alloc(req, 3) % _Alignof(max_align_t), 0);
	request_defer(req, (void (*)(void *))json_decref, json_pack("{s:s}", "freed", "at the end"));
	request_free(req);
	request_free(NULL);
}
