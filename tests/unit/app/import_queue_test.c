/*
 * import_queue_test.c - the keys a batch queued are found, others are not,
 * and an emptied queue holds nothing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/import_queue.h"
#include "base/strmap.h"

static bool
has(const struct import_queue *q, const char *key)
{
	return import_queue_has(q, key, strmap_hash(key));
}

Test(import_queue, finds_what_it_holds)
{
	struct import_queue *q = calloc(1, sizeof(*q));
	static char keys[IMPORT_QUEUE_KEYS][32];

	for (size_t i = 0; i < IMPORT_QUEUE_KEYS; i++) {
		snprintf(keys[i], sizeof(keys[i]), "DEMO-%06zu", i * 7);
		cr_assert(import_queue_add(q, keys[i]));
	}
	cr_assert_eq(q->n, IMPORT_QUEUE_KEYS);
	cr_assert_not(import_queue_add(q, "one too many"));
	cr_assert(import_queue_add(q, keys[3]), "a key it holds is not added twice");
	cr_assert_eq(q->n, IMPORT_QUEUE_KEYS);
	for (size_t i = 0; i < IMPORT_QUEUE_KEYS; i++) {
		char other[32];
		snprintf(other, sizeof(other), "DEMO-%06zu", i * 7 + 1);
		cr_assert(has(q, keys[i]));
		cr_assert_not(has(q, other));
	}
	cr_assert_not(has(q, ""));
	import_queue_clear(q);
	cr_assert_eq(q->n, 0);
	cr_assert_not(has(q, keys[0]));
	free(q);
}
