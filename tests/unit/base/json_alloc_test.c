/*
 * json_alloc_test.c - jansson's blocks recycled per thread.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_alloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define RECYCLES 0 /* the cache stands aside for AddressSanitizer */
#else
#define RECYCLES 1
#endif

/* A ticket-like document: objects, strings, numbers, an array. */
static json_t *
sample(int i)
{
	json_t *events = json_array();

	for (int k = 0; k < 10; k++) {
		json_array_append_new(events, json_pack("{s:s, s:s, s:i, s:b}", "type", "reply", "at",
		                                        "2026-03-02T09:00:00Z", "n", i * 10 + k, "public", k % 2));
	}
	return json_pack("{s:s, s:i, s:o}", "subject", "Mail delayed", "i", i, "events", events);
}

Test(json_alloc, installed_except_under_asan)
{
	json_malloc_t m;
	json_free_t f;

	json_alloc_init();
	json_get_alloc_funcs(&m, &f);
	cr_assert_eq(m != malloc && f != free, RECYCLES, "jansson allocates through the cache");
	json_t *a = json_string("first");
	json_decref(a);
	json_t *b = json_string("second");
	cr_assert_str_eq(json_string_value(b), "second");
	json_decref(b);
}

Test(json_alloc, documents_survive_reuse_and_plain_free)
{
	json_alloc_init();
	for (int i = 0; i < 2000; i++) {
		json_t *doc = sample(i);
		char *text = json_dumps(doc, JSON_COMPACT);
		json_t *back = json_loads(text, 0, NULL);
		cr_assert(json_equal(doc, back), "round %d", i);
		cr_assert_eq(
		        json_integer_value(json_object_get(json_array_get(json_object_get(back, "events"), 9), "n")),
		        i * 10 + 9);
		free(text); /* as the code does with json_dumps(): the block is malloc's own */
		json_decref(back);
		json_decref(doc);
	}
	/* A string longer than any class, and an empty one. */
	char big[4096];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	json_t *s = json_string(big), *empty = json_string("");
	cr_assert_eq(json_string_length(s), sizeof(big) - 1);
	cr_assert_eq(json_string_length(empty), 0);
	json_decref(s);
	json_decref(empty);
}

struct handoff {
	json_t *docs[64];
};

static void *
free_them(void *arg)
{
	struct handoff *h = arg;

	for (size_t i = 0; i < 64; i++) {
		json_decref(h->docs[i]);
	}
	/* This thread's own documents, then its end gives its cache back. */
	for (int i = 0; i < 100; i++) {
		json_decref(sample(i));
	}
	return NULL;
}

Test(json_alloc, blocks_freed_on_another_thread)
{
	struct handoff h;
	pthread_t t;

	json_alloc_init();
	size_t before = mallinfo2().uordblks;
	for (size_t i = 0; i < 64; i++) {
		h.docs[i] = sample((int)i);
	}
	cr_assert_eq(pthread_create(&t, NULL, free_them, &h), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	/* The thread kept some of those blocks for reuse; its end gave them back to malloc. */
	if (RECYCLES) {
		size_t after = mallinfo2().uordblks;
		cr_assert_leq(after, before + 4096, "%zu bytes in use before, %zu after", before, after);
	}
	json_t *doc = sample(7);
	cr_assert_eq(json_integer_value(json_object_get(doc, "i")), 7);
	json_decref(doc);
}
