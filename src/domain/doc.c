/*
 * doc.c - see doc.h.
 */
#include "domain/doc.h"

#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

/* The place of key in the NULL-terminated list keys, or -1. */
static long
key_index(const char *const *keys, const char *key)
{
	for (long i = 0; keys[i] != NULL; i++) {
		/* Most names differ in their first byte: told apart without a call. */
		if (keys[i][0] == key[0] && strcmp(keys[i], key) == 0) {
			return i;
		}
	}
	return -1;
}

bool
doc_listed(const char *const *keys, const char *key)
{
	return key_index(keys, key) >= 0;
}

int
doc_check_keys(const json_t *obj, const char *const *keys, struct err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		if (!doc_listed(keys, key)) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.60s'", key);
		}
	}
	return 0;
}

int
doc_take_keys(const json_t *obj, const char *const *keys, json_t **v, struct err *e)
{
	size_t n = 0;

	while (keys[n] != NULL) {
		v[n++] = NULL;
	}
	for (void *it = json_object_iter((json_t *)obj); it != NULL; it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		long i = key_index(keys, key);
		if (i < 0) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.60s'", key);
		}
		/* Listed as strcmp() sees it; the value only for the key itself (no NUL inside), as a look-up finds it.
		 */
		if (json_object_iter_key_len(it) == strlen(keys[i])) {
			v[i] = json_object_iter_value(it);
		}
	}
	return 0;
}

int
doc_take_text(const json_t *obj, const char *key, size_t max, bool required, char **out, struct err *e)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		return required ? err_set(e, ERR_INVALID, key, "'%s' is required", key) : 0;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max) {
		return err_set(e, ERR_INVALID, key, "'%s' must be a text of 1 to %zu characters", key, max);
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

int
doc_take_date(const json_t *obj, const char *key, bool required, int64_t *day, struct err *e)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v)) {
		return required ? err_set(e, ERR_INVALID, key, "'%s' is required (YYYY-MM-DD)", key) : 0;
	}
	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, key, "'%s' must be a date string (YYYY-MM-DD)", key);
	}
	if (date_parse(json_string_value(v), json_string_length(v), day, e) != 0) {
		err_prefix_field(e, key);
		return -1;
	}
	return 0;
}
