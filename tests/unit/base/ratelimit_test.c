/*
 * ratelimit_test.c - the sign-in limiter: bursts, refill, the doubling
 * back-off and its cap, honest retry-after values, forgiveness, bounded
 * memory under a flood of distinct keys, and eight threads at once.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/ratelimit.h"
#include "unit/support/test_env.h"

/* 5 at once, one a minute after, back-off 60 s doubling to an hour, forgiven after a day. */
static const struct ratelimit_config five = { 5, 300, 60, 3600, 86400, 64 };

static struct ratelimit *
make(const struct ratelimit_config *cfg)
{
	struct err e;
	struct ratelimit *rl = ratelimit_new(cfg, &e);

	cr_assert_not_null(rl, "%s: %s", e.field, e.message);
	return rl;
}

/* Attempts at now until one is refused; returns how many were allowed and the wait of the refusal. */
static int
drain(struct ratelimit *rl, const char *key, int64_t now, int64_t *wait)
{
	int allowed = 0;

	while (ratelimit_attempt(rl, key, now, wait)) {
		cr_assert_eq(*wait, 0);
		allowed++;
		cr_assert_lt(allowed, 1000, "never refused");
	}
	return allowed;
}

Test(ratelimit, config_is_checked)
{
	static const struct {
		struct ratelimit_config cfg;
		const char *field;
	} bad[] = {
		{ { 0, 300, 60, 3600, 86400, 64 }, "burst" },
		{ { 10001, 300, 60, 3600, 86400, 64 }, "burst" },
		{ { 5, 0, 60, 3600, 86400, 64 }, "window_s" },
		{ { 5, 300, -1, 3600, 86400, 64 }, "backoff_base_s" },
		{ { 5, 300, 60, 30, 86400, 64 }, "backoff_max_s" },
		{ { 5, 300, 60, 3600, 600, 64 }, "forgive_s" },
		{ { 5, 300, 60, 3600, 86400, 0 }, "capacity" },
		{ { 5, 300, 60, 3600, 86400, (size_t)1 << 40 }, "capacity" },
	};
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_null(ratelimit_new(&bad[i].cfg, &e), "case %zu was accepted", i);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, bad[i].field, "case %zu", i);
	}
	ratelimit_free(NULL);
}

Test(ratelimit, capacity_rounds_up_and_the_shipped_configs_work)
{
	static const size_t asked[] = { 1, 8, 9, 100, 65536 }, got[] = { 8, 8, 16, 128, 65536 };

	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		struct ratelimit_config c = five;
		c.capacity = asked[i];
		struct ratelimit *rl = make(&c);
		cr_assert_eq(ratelimit_capacity(rl), got[i]);
		ratelimit_free(rl);
	}
	struct ratelimit *account = make(&RATELIMIT_SIGNIN_ACCOUNT), *address = make(&RATELIMIT_SIGNIN_ADDRESS);
	int64_t wait;
	cr_assert_eq(drain(account, "alice@example.com", 1000, &wait), 5);
	cr_assert_eq(wait, 60);
	cr_assert_eq(drain(address, "192.0.2.7", 1000, &wait), 20);
	cr_assert_eq(wait, 60);
	ratelimit_free(account);
	ratelimit_free(address);
}

Test(ratelimit, burst_then_refill_then_back_off)
{
	struct ratelimit *rl = make(&five);
	int64_t wait;

	cr_assert_eq(drain(rl, "alice", 1000, &wait), 5, "five at once");
	cr_assert_eq(wait, 60, "the fifth emptied the bucket: one minute");
	cr_assert_not(ratelimit_attempt(rl, "alice", 1059, &wait));
	cr_assert_eq(wait, 1, "refusals do not lengthen the wait");
	cr_assert(ratelimit_attempt(rl, "alice", 1060, &wait), "retry-after is honest");
	cr_assert_not(ratelimit_attempt(rl, "alice", 1060, &wait));
	cr_assert_eq(wait, 120, "emptied again: the back-off doubles");
	/* By 1180 two tokens are back (one a minute); taking both empties the bucket a third time. */
	cr_assert_eq(drain(rl, "alice", 1180, &wait), 2);
	cr_assert_eq(wait, 240);
	cr_assert(ratelimit_check(rl, "bob", 1180, &wait), "other keys are untouched");
	ratelimit_free(rl);
}

Test(ratelimit, back_off_doubles_to_its_cap)
{
	static const int64_t pauses[] = { 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600 };
	struct ratelimit *rl = make(&five);
	int64_t now = 5000, wait;

	for (size_t i = 0; i < sizeof(pauses) / sizeof(pauses[0]); i++) {
		int n = drain(rl, "mallory", now, &wait);
		cr_assert_geq(n, 1);
		cr_assert_eq(wait, pauses[i], "strike %zu: waited %lld", i + 1, (long long)wait);
		now += wait;
	}
	ratelimit_free(rl);
}

Test(ratelimit, quiet_keys_are_forgiven)
{
	struct ratelimit *rl = make(&five);
	int64_t now = 1000, wait;

	for (int i = 0; i < 4; i++) {
		drain(rl, "carol", now, &wait);
		now += wait;
	}
	cr_assert_eq(wait, 480);
	now = now - wait + 86400 - 1; /* a second short of a day after the last attempt */
	cr_assert_eq(drain(rl, "carol", now, &wait), 5);
	cr_assert_eq(wait, 960, "quiet for less than a day: still counted");
	now += wait + 86400;
	cr_assert_eq(drain(rl, "carol", now, &wait), 5);
	cr_assert_eq(wait, 60, "a quiet day starts the back-off over");
	ratelimit_free(rl);
}

Test(ratelimit, forget_and_check)
{
	struct ratelimit *rl = make(&five);
	int64_t wait;

	for (int i = 0; i < 100; i++) {
		cr_assert(ratelimit_check(rl, "dave", 1000, &wait));
	}
	cr_assert_eq(ratelimit_count(rl), 0, "checking records nothing");
	drain(rl, "dave", 1000, &wait);
	cr_assert_eq(ratelimit_count(rl), 1);
	cr_assert_not(ratelimit_check(rl, "dave", 1030, &wait));
	cr_assert_eq(wait, 30);
	ratelimit_forget(rl, "dave");
	ratelimit_forget(rl, "never seen");
	cr_assert_eq(ratelimit_count(rl), 0);
	cr_assert_eq(drain(rl, "dave", 1030, &wait), 5, "a successful sign-in clears the account's record");
	cr_assert_eq(wait, 60, "and its back-off");
	ratelimit_free(rl);
}

/* Failures-only counting: gate with check, record failures with attempt; the back-off still grows. */
Test(ratelimit, counting_only_failures)
{
	struct ratelimit *rl = make(&five);
	int64_t now = 1000, wait, waits[3];

	for (int round = 0; round < 3; round++) {
		while (ratelimit_check(rl, "198.51.100.9", now, &wait)) {
			ratelimit_attempt(rl, "198.51.100.9", now, NULL);
		}
		waits[round] = wait;
		now += wait;
	}
	cr_assert_eq(waits[0], 60);
	cr_assert_eq(waits[1], 120);
	cr_assert_eq(waits[2], 240);
	ratelimit_free(rl);
}

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t
next_random(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Whenever an attempt is refused with a wait, nothing is allowed a second earlier and something is on time. */
Test(ratelimit, retry_after_is_exact_on_random_schedules)
{
	struct ratelimit_config c = { 3, 90, 20, 600, 1200, 64 };
	int n = 20000 / test_scale();

	for (int burst = 1; burst <= 7; burst += 3) {
		c.burst = burst;
		struct ratelimit *rl = make(&c);
		int64_t now = 100000, wait;
		for (int i = 0; i < n; i++) {
			now += (int64_t)(next_random() % 40);
			if (ratelimit_attempt(rl, "k", now, &wait)) {
				continue;
			}
			cr_assert_gt(wait, 0);
			cr_assert_not(ratelimit_check(rl, "k", now + wait - 1, NULL), "allowed before the wait ended");
			cr_assert(ratelimit_check(rl, "k", now + wait, NULL), "still refused when the wait ended");
		}
		ratelimit_free(rl);
	}
}

Test(ratelimit, odd_clocks_stay_in_range)
{
	struct ratelimit *rl = make(&five);
	int64_t wait;

	drain(rl, "eve", 1000, &wait);
	cr_assert_not(ratelimit_attempt(rl, "eve", 500, &wait), "a clock stepping back does not unlock");
	cr_assert_geq(wait, 0);
	cr_assert(ratelimit_attempt(rl, "frank", INT64_MIN, &wait));
	cr_assert(ratelimit_attempt(rl, "grace", INT64_MAX, &wait));
	drain(rl, "grace", INT64_MAX, &wait);
	cr_assert_eq(wait, 60);
	ratelimit_free(rl);
}

/* A flood of distinct keys cannot grow the table; the limiter keeps working. */
Test(ratelimit, a_million_keys_fit_in_a_fixed_table)
{
	struct ratelimit_config c = five;
	int n = 1000000 / test_scale();
	int64_t wait;
	char key[32];

	c.capacity = 4096;
	struct ratelimit *rl = make(&c);
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "user%d@example.com", i);
		cr_assert(ratelimit_attempt(rl, key, 1000 + i / 1000, &wait));
		if (i % 65536 == 0) {
			cr_assert_leq(ratelimit_count(rl), 4096);
		}
	}
	cr_assert_eq(ratelimit_count(rl), 4096, "full, and no fuller");
	cr_assert_eq(drain(rl, "target@example.com", 5000, &wait), 5);
	cr_assert_eq(wait, 60);
	ratelimit_free(rl);
}

/* With capacity 8 there is one set of 8 ways, so the eviction order can be watched exactly. */
Test(ratelimit, eviction_takes_forgettable_then_stalest)
{
	struct ratelimit_config c = five;
	int64_t wait;
	char key[16];

	c.capacity = 8;
	struct ratelimit *rl = make(&c);
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "old%d", i);
		cr_assert(ratelimit_attempt(rl, key, 0, &wait));
	}
	drain(rl, "victim", 0, &wait);
	cr_assert_eq(ratelimit_count(rl), 8);
	/* At 1000 the seven one-attempt keys are forgettable; the victim still has its strike. */
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "new%d", i);
		cr_assert(ratelimit_attempt(rl, key, 1000, &wait));
	}
	cr_assert_eq(ratelimit_count(rl), 8);
	cr_assert_eq(drain(rl, "victim", 1000, &wait), 5);
	cr_assert_eq(wait, 120, "the victim kept its back-off through the flood");
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "new%d", i);
		cr_assert(ratelimit_attempt(rl, key, 1001, &wait));
	}
	/* Now every entry is live; a newcomer takes the stalest, the victim (last seen at 1000). */
	cr_assert(ratelimit_attempt(rl, "newcomer", 1002, &wait));
	cr_assert_eq(ratelimit_count(rl), 8);
	cr_assert(ratelimit_check(rl, "victim", 1002, &wait), "evicted: the victim starts afresh");
	ratelimit_free(rl);
}

struct worker {
	struct ratelimit *rl;
	int id, allowed_shared;
};

static void *
hammer(void *arg)
{
	struct worker *w = arg;
	char key[32];
	int64_t wait;

	for (int i = 0; i < 2000; i++) {
		if (ratelimit_attempt(w->rl, "shared@example.com", 1000, &wait)) {
			w->allowed_shared++;
		}
		snprintf(key, sizeof(key), "t%d-%d", w->id, i % 20);
		ratelimit_attempt(w->rl, key, 1000 + i / 100, &wait);
		ratelimit_check(w->rl, key, 1000 + i / 100, &wait);
		if (i % 7 == 0) {
			ratelimit_forget(w->rl, key);
		}
	}
	return NULL;
}

Test(ratelimit, eight_threads)
{
	struct ratelimit_config c = five;
	struct worker w[8];
	pthread_t t[8];
	int total = 0;

	c.capacity = 4096; /* 161 keys in 512 sets of 8: no set overflows, so nothing is evicted */
	struct ratelimit *rl = make(&c);
	for (int i = 0; i < 8; i++) {
		w[i] = (struct worker){ rl, i, 0 };
		cr_assert_eq(pthread_create(&t[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		total += w[i].allowed_shared;
	}
	cr_assert_eq(total, 5, "exactly one burst for a key shared by all threads, not %d", total);
	cr_assert_leq(ratelimit_count(rl), 161);
	ratelimit_free(rl);
}
