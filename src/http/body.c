/*
 * body.c - request bodies as JSON objects; see body.h.
 */
#include "http/body.h"

#include <string.h>
#include <strings.h>

static const char *
json_kind(const json_t *v)
{
	static const char *const kinds[] = {
		[JSON_OBJECT] = "object", [JSON_ARRAY] = "array",  [JSON_STRING] = "string", [JSON_INTEGER] = "number",
		[JSON_REAL] = "number",   [JSON_TRUE] = "boolean", [JSON_FALSE] = "boolean", [JSON_NULL] = "null",
	};
	return kinds[json_typeof(v)];
}

int
body_parse_object(const char *s, size_t n, json_t **out, struct err *e)
{
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	if (n == 0) {
		return err_set(e, ERR_INVALID, NULL, "the request body is empty; a JSON object is expected");
	}
	v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (v == NULL) {
		return err_set(e, ERR_INVALID, NULL, "malformed JSON at line %d, column %d (byte %d): %s", jerr.line,
		               jerr.column, jerr.position, jerr.text);
	}
	if (!json_is_object(v)) {
		err_set(e, ERR_INVALID, NULL, "the request body is a JSON %s; a JSON object is expected", json_kind(v));
		json_decref(v);
		return -1;
	}
	*out = v;
	return 0;
}

static void
decref(void *p)
{
	json_decref(p);
}

/* True for "application/json", with parameters or not, in any case. */
static bool
is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	while (*ct == ' ' || *ct == '\t') {
		ct++;
	}
	if (strncasecmp(ct, want, n) != 0) {
		return false;
	}
	ct += n;
	while (*ct == ' ' || *ct == '\t') {
		ct++;
	}
	return *ct == '\0' || *ct == ';';
}

json_t *
body_json(struct http_request *req, struct err *e)
{
	const char *ct = request_header(req, "Content-Type");
	json_t *v;

	if (req->body_len > 0 && (ct == NULL || !is_json_type(ct))) {
		err_set(e, ERR_INVALID, NULL, "the request body must be sent as application/json");
		return NULL;
	}
	if (body_parse_object(req->body, req->body_len, &v, e) != 0) {
		return NULL;
	}
	request_defer(req, decref, v);
	return v;
}

int
body_reject_unknown(const json_t *obj, const char *const *allowed, struct err *e)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)obj, key, value)
	{
		size_t k = 0;

		(void)value;
		while (allowed[k] != NULL && strcmp(allowed[k], key) != 0) {
			k++;
		}
		if (allowed[k] == NULL) {
			return err_set(e, ERR_INVALID, key, "unknown field '%s'", key);
		}
	}
	return 0;
}
