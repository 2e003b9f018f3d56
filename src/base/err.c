/*
 * err.c - error values and the table that maps their codes to the outside
 * world (wire names, HTTP statuses, exit statuses).
 */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int http_status;
	int exit_status;
} err_table[ERR_CODE_COUNT] = {
	[ERR_OK] = { "ok", 200, 0 },
	[ERR_INVALID] = { "invalid", 400, 2 },
	[ERR_NOT_FOUND] = { "not_found", 404, 2 },
	[ERR_CONFLICT] = { "conflict", 409, 1 },
	[ERR_TOO_LARGE] = { "too_large", 413, 2 },
	[ERR_RANGE] = { "out_of_range", 422, 1 },
	[ERR_IO] = { "io", 503, 1 },
	[ERR_INTERNAL] = { "internal", 500, 70 },
	[ERR_FORBIDDEN] = { "forbidden", 403, 2 },
	[ERR_UNAUTHORIZED] = { "unauthorized", 401, 2 },
	[ERR_RATE_LIMITED] = { "rate_limited", 429, 1 },
	[ERR_PRECONDITION] = { "precondition_failed", 412, 1 },
};

void
err_clear(struct err *e)
{
	if (e == NULL) {
		return;
	}
	e->code = ERR_OK;
	e->field[0] = '\0';
	e->message[0] = '\0';
}

int
err_set(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL) {
		return -1;
	}
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field != NULL ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return -1;
}

void
err_prefix_field(struct err *e, const char *prefix)
{
	char joined[2 * sizeof(e->field)];

	if (e == NULL) {
		return;
	}
	if (e->field[0] == '\0') {
		snprintf(e->field, sizeof(e->field), "%s", prefix);
		return;
	}
	if (e->field[0] == '[') {
		snprintf(joined, sizeof(joined), "%s%s", prefix, e->field);
	} else {
		snprintf(joined, sizeof(joined), "%s.%s", prefix, e->field);
	}
	/* A field path longer than the field keeps its start, which names the record. */
	snprintf(e->field, sizeof(e->field), "%.*s", (int)sizeof(e->field) - 1, joined);
}

const char *
err_code_name(enum err_code code)
{
	if ((unsigned)code >= ERR_CODE_COUNT) {
		code = ERR_INTERNAL;
	}
	return err_table[code].name;
}

int
err_http_status(enum err_code code)
{
	if ((unsigned)code >= ERR_CODE_COUNT) {
		code = ERR_INTERNAL;
	}
	return err_table[code].http_status;
}

int
err_exit_status(enum err_code code)
{
	if ((unsigned)code >= ERR_CODE_COUNT) {
		code = ERR_INTERNAL;
	}
	return err_table[code].exit_status;
}
