/*
 * cache_test.c - the ticket and caller caches: a hit only while fresh, a
 * forget or clear is seen at once, and a read that raced a write is never
 * published.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth_cache.h"
#include "app/ticket_cache.h"
#include "base/xalloc.h"

static struct ticket_view *
view(const char *id, int64_t loaded_at)
{
	struct ticket_view *v = xcalloc(1, sizeof(*v));

	v->refs = 1;
	v->t.id = xstrdup(id);
	v->loaded_at = loaded_at;
	return v;
}

Test(ticket_cache, hit_while_fresh_miss_after)
{
	struct ticket_cache *c = ticket_cache_new(64);
	uint64_t gen = 99;

	cr_assert_null(ticket_cache_get(c, "a", 100, &gen));
	struct ticket_view *v = view("a", 100);
	ticket_cache_put(c, v, gen);
	ticket_view_release(v);

	struct ticket_view *hit = ticket_cache_get(c, "a", 100 + TICKET_CACHE_TTL_S, &gen);
	cr_assert_eq(hit, v, "fresh for TICKET_CACHE_TTL_S seconds");
	cr_assert_null(ticket_cache_get(c, "a", 101 + TICKET_CACHE_TTL_S, &gen), "then read again");
	cr_assert_null(ticket_cache_get(c, "b", 100, &gen), "another ticket is not this one");
	ticket_view_release(hit); /* the cache still holds its own reference */
	ticket_cache_free(c);
}

Test(ticket_cache, forget_is_seen_at_once_and_stops_a_racing_read)
{
	struct ticket_cache *c = ticket_cache_new(1); /* every ticket in one slot and stripe */
	uint64_t gen_a, gen_b;

	cr_assert_null(ticket_cache_get(c, "a", 10, &gen_a));
	cr_assert_null(ticket_cache_get(c, "b", 10, &gen_b));
	/* A write to a commits and forgets it while the read of a was under way. */
	ticket_cache_forget(c, "a");
	struct ticket_view *stale = view("a", 10);
	ticket_cache_put(c, stale, gen_a);
	ticket_view_release(stale);
	cr_assert_null(ticket_cache_get(c, "a", 10, &gen_a), "a view read before the write is not published");

	struct ticket_view *fresh = view("a", 10);
	ticket_cache_put(c, fresh, gen_a);
	ticket_view_release(fresh);
	struct ticket_view *hit = ticket_cache_get(c, "a", 10, &gen_a);
	cr_assert_eq(hit, fresh);
	ticket_view_release(hit);
	ticket_cache_forget(c, "a");
	cr_assert_null(ticket_cache_get(c, "a", 10, &gen_a), "forgotten at once");

	/* A colliding ticket replaces the older one; forgetting another id leaves it. */
	struct ticket_view *b = view("b", 10);
	ticket_cache_get(c, "b", 10, &gen_b);
	ticket_cache_put(c, b, gen_b);
	ticket_view_release(b);
	ticket_cache_forget(c, "zzz");
	hit = ticket_cache_get(c, "b", 10, &gen_b);
	cr_assert_eq(hit, b);
	ticket_view_release(hit);
	ticket_cache_forget(NULL, "a");
	ticket_cache_free(c);
}

struct caller {
	char name[32];
	int role;
};

Test(auth_cache, hit_copy_expiry_and_clear)
{
	struct auth_cache *c = auth_cache_new(8, sizeof(struct caller));
	struct caller in = { "ada", 3 }, out;
	uint64_t epoch;
	const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	cr_assert_not(auth_cache_get(c, key, 5, 1000, &out, &epoch));
	auth_cache_put(c, key, &in, 5, 2000, epoch);
	memset(&out, 0, sizeof(out));
	cr_assert(auth_cache_get(c, key, 5 + AUTH_CACHE_TTL_S, 1999, &out, &epoch));
	cr_assert_str_eq(out.name, "ada");
	cr_assert_eq(out.role, 3);
	cr_assert_not(auth_cache_get(c, key, 5, 2000, &out, &epoch), "not at or after valid_until");
	cr_assert_not(auth_cache_get(c, key, 6 + AUTH_CACHE_TTL_S, 1000, &out, &epoch), "not past the TTL");
	cr_assert_not(auth_cache_get(c, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee", 5, 1000,
	                             &out, &epoch),
	              "another key in the same slot is a miss");

	/* A clear between the read and the put leaves the entry unusable. */
	cr_assert(auth_cache_get(c, key, 5, 1000, &out, &epoch));
	uint64_t before = epoch;
	auth_cache_clear(c);
	cr_assert_not(auth_cache_get(c, key, 5, 1000, &out, &epoch), "cleared at once");
	auth_cache_put(c, key, &in, 5, 2000, before);
	cr_assert_not(auth_cache_get(c, key, 5, 1000, &out, &epoch), "a put from before the clear is stale");
	auth_cache_put(c, key, &in, 5, 2000, epoch);
	cr_assert(auth_cache_get(c, key, 5, 1000, &out, &epoch));
	auth_cache_clear(NULL);
	auth_cache_free(c);
}

Test(ticket_cache, purge_forgets_everything_and_stops_racing_reads)
{
	struct ticket_cache *c = ticket_cache_new(16);
	uint64_t gen_a, gen_b;
	const char *ids[] = { "a", "b", "c" };

	for (int i = 0; i < 3; i++) {
		uint64_t g;
		cr_assert_null(ticket_cache_get(c, ids[i], 10, &g));
		struct ticket_view *v = view(ids[i], 10);
		ticket_cache_put(c, v, g);
		ticket_view_release(v);
	}
	ticket_cache_get(c, "zz", 10, &gen_a);
	struct ticket_view *held = ticket_cache_get(c, "b", 10, &gen_b);
	cr_assert_not_null(held);
	ticket_cache_purge(c);
	for (int i = 0; i < 3; i++) {
		uint64_t g;
		cr_assert_null(ticket_cache_get(c, ids[i], 10, &g), "%s is gone", ids[i]);
	}
	cr_assert_str_eq(held->t.id, "b", "a view a reader holds outlives the purge");
	ticket_view_release(held);
	struct ticket_view *late = view("zz", 10);
	ticket_cache_put(c, late, gen_a);
	ticket_view_release(late);
	uint64_t g;
	cr_assert_null(ticket_cache_get(c, "zz", 10, &g), "a read begun before the purge is not published");
	ticket_cache_purge(NULL);
	ticket_cache_free(c);
}
