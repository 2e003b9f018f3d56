/*
 * ratelimit.h - a thread-safe, bounded, in-memory limiter for sign-in attempts.
 *
 * Per key (an e-mail address, a client address): a token bucket of `burst`
 * attempts refilled over `window_s`; each time an attempt empties it, the key
 * is locked out for a back-off that doubles until the key has been quiet for
 * `forgive_s`.  The caller passes the time in; nothing here reads a clock.
 * Memory is fixed at creation: a key flood evicts stale keys, never grows it.
 */
#ifndef LEVERA_BASE_RATELIMIT_H
#define LEVERA_BASE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct ratelimit_config {
	int burst;              /* attempts allowed at once, 1..10000 */
	int64_t window_s;       /* a drained bucket refills in this many seconds */
	int64_t backoff_base_s; /* the least wait after the first refusal */
	int64_t backoff_max_s;  /* the back-off doubles up to this */
	int64_t forgive_s;      /* a key quiet this long loses its back-off; >= backoff_max_s */
	size_t capacity;        /* keys remembered, rounded up to a power of two of at least 8 */
};

/* Per account: 5 attempts, then one a minute, refusals waiting 1, 2, 4 ... 60 minutes. */
extern const struct ratelimit_config RATELIMIT_SIGNIN_ACCOUNT;

/* Per client address: 20 failures, then one every 15 s, the same back-off (offices share addresses). */
extern const struct ratelimit_config RATELIMIT_SIGNIN_ADDRESS;

struct ratelimit;

/* A new limiter (free with ratelimit_free); NULL and ERR_INVALID on a bad config. */
struct ratelimit *ratelimit_new(const struct ratelimit_config *cfg, struct err *e);

/* Frees rl; NULL is a no-op. */
void ratelimit_free(struct ratelimit *rl);

/*
 * Records an attempt by key at now_s (Unix seconds) and returns whether it
 * may go ahead.  When it may not, *retry_after_s (may be NULL) is the
 * seconds until an attempt will be allowed, else 0.  The attempt that
 * empties the bucket is allowed and starts the next, longer back-off;
 * refused attempts change nothing but the time the key was last seen.
 */
bool ratelimit_attempt(struct ratelimit *rl, const char *key, int64_t now_s, int64_t *retry_after_s);

/* What ratelimit_attempt() would answer, recording nothing (for limiters that count only failures). */
bool ratelimit_check(struct ratelimit *rl, const char *key, int64_t now_s, int64_t *retry_after_s);

/* Forgets key: its bucket is full again and its back-off gone (after a successful sign-in). */
void ratelimit_forget(struct ratelimit *rl, const char *key);

/* Keys currently remembered, and the most that can be. */
size_t ratelimit_count(struct ratelimit *rl);
size_t ratelimit_capacity(const struct ratelimit *rl);

#endif
