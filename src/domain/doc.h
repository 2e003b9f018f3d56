/*
 * doc.h - reading fields of JSON record documents the same way everywhere:
 * unknown keys refused by name, texts with length limits, dates, and the
 * field named in every error.
 */
#ifndef LEVERA_DOMAIN_DOC_H
#define LEVERA_DOMAIN_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* True when key is in the NULL-terminated list keys. */
bool doc_listed(const char *const *keys, const char *key);

/* Refuses the first key of obj not in keys: "unknown field 'x'", field x. */
int doc_check_keys(const json_t *obj, const char *const *keys, struct err *e);

/*
 * doc_check_keys(), and in one pass the value of each keys[i] into v[i]
 * (NULL when obj has none), as json_object_get() would find it.  v has a
 * place for each key; the values are borrowed from obj.
 */
int doc_take_keys(const json_t *obj, const char *const *keys, json_t **v, struct err *e);

/*
 * Copies the text obj[key] (1..max bytes) into *out (caller frees).  Absent
 * or null: *out = NULL, an error only when required.
 */
int doc_take_text(const json_t *obj, const char *key, size_t max, bool required, char **out, struct err *e);

/* Reads obj[key] as a "YYYY-MM-DD" date into *day; absent or null leaves *day alone. */
int doc_take_date(const json_t *obj, const char *key, bool required, int64_t *day, struct err *e);

#endif
