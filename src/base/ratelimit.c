/*
 * ratelimit.c - see ratelimit.h.  The bucket is GCRA (one "theoretical
 * arrival time" per key) counted in ticks of 1/burst seconds, so all
 * arithmetic is exact integers.  Keys are kept as 64-bit SipHash tags under
 * a per-limiter random key, in a fixed set-associative table of 8-way sets.
 */
#include "base/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "base/xalloc.h"

#define WAYS 8
#define MAX_STRIKES 64
#define MAX_CAPACITY ((size_t)1 << 24)
#define MAX_NOW_S ((int64_t)1 << 40) /* far past any real clock; keeps ticks in range */

const struct ratelimit_config RATELIMIT_SIGNIN_ACCOUNT = { 5, 300, 60, 3600, 86400, 65536 };
const struct ratelimit_config RATELIMIT_SIGNIN_ADDRESS = { 20, 300, 60, 3600, 86400, 65536 };

struct entry {
	uint64_t tag;          /* the key's SipHash with the low bit set; 0 for an empty way */
	int64_t tat;           /* GCRA theoretical arrival time, in ticks */
	int64_t blocked_until; /* Unix seconds */
	int64_t last_seen;     /* Unix seconds of the last recorded attempt */
	uint32_t strikes;      /* back-offs since the key was last forgiven */
};

struct ratelimit {
	struct ratelimit_config cfg;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	size_t set_mask; /* sets - 1; sets is a power of two */
	size_t used;
	struct entry *entries; /* sets * WAYS */
	pthread_mutex_t lock;  /* one lock: each operation holds it for well under a microsecond */
};

static int
check_range(const char *field, int64_t v, int64_t min, int64_t max, struct err *e)
{
	if (v < min || v > max) {
		return err_set(e, ERR_INVALID, field, "%s %lld is out of range %lld..%lld", field, (long long)v,
		               (long long)min, (long long)max);
	}
	return 0;
}

static int
check_config(const struct ratelimit_config *c, struct err *e)
{
	if (check_range("burst", c->burst, 1, 10000, e) != 0 ||
	    check_range("window_s", c->window_s, 1, 10000000, e) != 0 ||
	    check_range("backoff_base_s", c->backoff_base_s, 0, 10000000, e) != 0 ||
	    check_range("backoff_max_s", c->backoff_max_s, c->backoff_base_s, 10000000, e) != 0 ||
	    check_range("forgive_s", c->forgive_s, c->backoff_max_s, 1000000000, e) != 0 ||
	    check_range("capacity", c->capacity > MAX_CAPACITY ? INT64_MAX : (int64_t)c->capacity, 1,
	                (int64_t)MAX_CAPACITY, e) != 0) {
		return -1;
	}
	return 0;
}

struct ratelimit *
ratelimit_new(const struct ratelimit_config *cfg, struct err *e)
{
	struct ratelimit *rl;
	size_t sets = 1;

	if (check_config(cfg, e) != 0) {
		return NULL;
	}
	if (sodium_init() < 0) {
		err_set(e, ERR_INTERNAL, NULL, "libsodium could not be initialised");
		return NULL;
	}
	while (sets * WAYS < cfg->capacity) {
		sets *= 2;
	}
	rl = xcalloc(1, sizeof(*rl));
	rl->cfg = *cfg;
	rl->cfg.capacity = sets * WAYS;
	rl->set_mask = sets - 1;
	rl->entries = xcalloc(sets * WAYS, sizeof(*rl->entries));
	randombytes_buf(rl->hash_key, sizeof(rl->hash_key));
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL) {
		return;
	}
	pthread_mutex_destroy(&rl->lock);
	free(rl->entries);
	free(rl);
}

static uint64_t
key_tag(const struct ratelimit *rl, const char *key)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t tag;

	crypto_shorthash(h, (const unsigned char *)key, strlen(key), rl->hash_key);
	memcpy(&tag, h, sizeof(tag));
	return tag | 1;
}

static int64_t
clamp_now(int64_t now_s)
{
	return now_s < 0 ? 0 : now_s > MAX_NOW_S ? MAX_NOW_S : now_s;
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* True when the entry holds nothing a fresh one would not: evicting it loses no state. */
static bool
forgettable(const struct ratelimit *rl, const struct entry *en, int64_t now)
{
	return now >= en->blocked_until && en->tat <= now * rl->cfg.burst &&
	       (en->strikes == 0 || now - en->last_seen >= rl->cfg.forgive_s);
}

/*
 * The entry for tag, or NULL.  With make set, a missing key takes an empty
 * way of its set, else a forgettable one, else the one seen longest ago.
 */
static struct entry *
find(struct ratelimit *rl, uint64_t tag, bool make, int64_t now)
{
	struct entry *set = rl->entries + ((tag >> 1) & rl->set_mask) * WAYS, *victim = NULL;
	int victim_rank = 3;

	for (int i = 0; i < WAYS; i++) {
		int rank = set[i].tag == 0 ? 0 : forgettable(rl, &set[i], now) ? 1 : 2;
		if (set[i].tag == tag) {
			return &set[i];
		}
		if (rank < victim_rank || (rank == 2 && victim_rank == 2 && set[i].last_seen < victim->last_seen)) {
			victim = &set[i];
			victim_rank = rank;
		}
	}
	if (!make) {
		return NULL;
	}
	if (victim->tag == 0) {
		rl->used++;
	}
	*victim = (struct entry){ .tag = tag, .last_seen = now };
	return victim;
}

/* The back-off after the given number of strikes: base, doubled per strike, at most max. */
static int64_t
backoff_s(const struct ratelimit_config *c, uint32_t strikes)
{
	int64_t v = c->backoff_base_s;

	for (uint32_t i = 1; i < strikes && v < c->backoff_max_s; i++) {
		v *= 2;
	}
	return v < c->backoff_max_s ? v : c->backoff_max_s;
}

/* The verdict for en at now; with record set, the attempt is counted in en. */
static bool
decide(const struct ratelimit *rl, struct entry *en, int64_t now, bool record, int64_t *wait_s)
{
	const struct ratelimit_config *c = &rl->cfg;
	int64_t now_t = now * c->burst, tau = c->window_s * (c->burst - 1);
	int64_t tat = en->tat > now_t ? en->tat : now_t;
	uint32_t strikes = en->strikes;

	if (strikes > 0 && now - en->last_seen >= c->forgive_s) {
		strikes = 0;
	}
	if (record) {
		en->last_seen = now;
		en->strikes = strikes;
	}
	if (now < en->blocked_until) {
		*wait_s = en->blocked_until - now;
		return false;
	}
	if (tat - now_t > tau) {
		*wait_s = ceil_div(tat - tau - now_t, c->burst);
		return false;
	}
	*wait_s = 0;
	if (!record) {
		return true;
	}
	en->tat = tat + c->window_s;
	if (en->tat - now_t > tau) {
		/* This attempt emptied the bucket: lock the key out until a token is back and the back-off is over. */
		int64_t refill_s = ceil_div(en->tat - tau - now_t, c->burst), pause_s;
		en->strikes = strikes < MAX_STRIKES ? strikes + 1 : MAX_STRIKES;
		pause_s = backoff_s(c, en->strikes);
		en->blocked_until = now + (pause_s > refill_s ? pause_s : refill_s);
	}
	return true;
}

static bool
limit(struct ratelimit *rl, const char *key, int64_t now_s, bool record, int64_t *retry_after_s)
{
	uint64_t tag = key_tag(rl, key);
	int64_t now = clamp_now(now_s), wait_s;
	struct entry *en, fresh = { .tag = tag, .last_seen = now };
	bool allowed;

	pthread_mutex_lock(&rl->lock);
	en = find(rl, tag, record, now);
	allowed = decide(rl, en != NULL ? en : &fresh, now, record, &wait_s);
	pthread_mutex_unlock(&rl->lock);
	if (retry_after_s != NULL) {
		*retry_after_s = wait_s;
	}
	return allowed;
}

bool
ratelimit_attempt(struct ratelimit *rl, const char *key, int64_t now_s, int64_t *retry_after_s)
{
	return limit(rl, key, now_s, true, retry_after_s);
}

bool
ratelimit_check(struct ratelimit *rl, const char *key, int64_t now_s, int64_t *retry_after_s)
{
	return limit(rl, key, now_s, false, retry_after_s);
}

void
ratelimit_forget(struct ratelimit *rl, const char *key)
{
	uint64_t tag = key_tag(rl, key);
	struct entry *en;

	pthread_mutex_lock(&rl->lock);
	en = find(rl, tag, false, 0);
	if (en != NULL) {
		memset(en, 0, sizeof(*en));
		rl->used--;
	}
	pthread_mutex_unlock(&rl->lock);
}

size_t
ratelimit_count(struct ratelimit *rl)
{
	size_t n;

	pthread_mutex_lock(&rl->lock);
	n = rl->used;
	pthread_mutex_unlock(&rl->lock);
	return n;
}

size_t
ratelimit_capacity(const struct ratelimit *rl)
{
	return rl->cfg.capacity;
}
