/*
 * json.h - small helpers over jansson for the shapes every JSON answer uses.
 */
#ifndef LEVERA_BASE_JSON_H
#define LEVERA_BASE_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* An instant as RFC 3339 UTC, or JSON null for TIME_NONE (a new reference). */
json_t *json_instant(int64_t t);

/* part / whole x 100 as a JSON real, or null when whole is 0 (a ratio over nothing is not 0 %). */
json_t *json_pct(int64_t part, int64_t whole);

/* An amount of minor units (cents) as the API writes money: a decimal string in major units, "1234.50". */
json_t *json_money(int64_t minor);

/*
 * Appends s (UTF-8, NUL-terminated) as a JSON string literal, quotes
 * included, escaped as jansson escapes it; NULL appends null.  For answers
 * assembled as text on hot paths.
 */
int json_append_string(struct buf *b, const char *s, struct err *e);

/* Appends an instant as a quoted RFC 3339 UTC literal, or null for TIME_NONE. */
int json_append_instant(struct buf *b, int64_t t, struct err *e);

#endif
