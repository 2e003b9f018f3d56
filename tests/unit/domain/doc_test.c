/*
 * doc_test.c - a document's keys checked against a list, and their values
 * taken in the same pass as json_object_get() finds them.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "domain/doc.h"

static const char *const keys[] = { "a", "ab", "b", "", NULL };

Test(doc, take_keys_as_check_keys_and_lookups)
{
	static const char *const texts[] = {
		"{}",
		"{\"a\":1,\"ab\":2,\"b\":[],\"\":null}",
		"{\"b\":1,\"a\":2}",
		"{\"a\":1,\"abc\":2,\"x\":3}",
		"{\"x\":1,\"abc\":2}",
		"{\"ba\":1}",
		"{\"A\":1}",
	};
	json_t *v[4];

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *doc = json_loads(texts[i], 0, NULL);
		struct err e1, e2;
		cr_assert_not_null(doc);
		err_clear(&e1);
		err_clear(&e2);
		int rc = doc_check_keys(doc, keys, &e1);
		cr_assert_eq(doc_take_keys(doc, keys, v, &e2), rc, "%s", texts[i]);
		cr_assert_str_eq(e1.field, e2.field);
		cr_assert_str_eq(e1.message, e2.message);
		for (size_t k = 0; rc == 0 && k < 4; k++) {
			cr_assert_eq(v[k], json_object_get(doc, keys[k]), "%s: %s", texts[i], keys[k]);
		}
		json_decref(doc);
	}
	/* A key with a NUL inside is listed by its name before the NUL, but is not that key. */
	json_t *doc = json_object();
	json_object_setn_new(doc, "ab\0z", 4, json_true());
	cr_assert_eq(doc_take_keys(doc, keys, v, NULL), 0);
	cr_assert_null(v[1]);
	json_decref(doc);
}
