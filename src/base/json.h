/*
 * json.h - small helpers over jansson for the shapes every JSON answer uses.
 */
#ifndef LEVERA_BASE_JSON_H
#define LEVERA_BASE_JSON_H

#include <jansson.h>
#include <stdint.h>

/* An instant as RFC 3339 UTC, or JSON null for TIME_NONE (a new reference). */
json_t *json_instant(int64_t t);

#endif
