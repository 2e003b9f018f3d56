/*
 * auth_cache.c - see auth_cache.h.  A direct-mapped table (a colliding key
 * replaces the older entry) behind striped mutexes; a clear bumps one epoch
 * instead of touching the entries.  No store access and no hashing of
 * secrets here.
 */
#include "app/auth_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "base/xalloc.h"

#define STRIPES 16

struct entry {
	char key[AUTH_CACHE_KEY_SIZE]; /* "" when empty */
	uint64_t epoch;
	int64_t loaded_at;   /* monotonic seconds */
	int64_t valid_until; /* wall clock */
	unsigned char *value;
};

struct auth_cache {
	struct entry *slots;
	size_t nslots, value_size;
	uint64_t epoch; /* atomic */
	pthread_mutex_t locks[STRIPES];
};

struct auth_cache *
auth_cache_new(size_t slots, size_t value_size)
{
	struct auth_cache *c = xcalloc(1, sizeof(*c));

	c->nslots = slots > 0 ? slots : 1;
	c->value_size = value_size;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
	for (size_t i = 0; i < c->nslots; i++) {
		c->slots[i].value = xcalloc(1, value_size);
	}
	for (size_t i = 0; i < STRIPES; i++) {
		pthread_mutex_init(&c->locks[i], NULL);
	}
	return c;
}

void
auth_cache_free(struct auth_cache *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < c->nslots; i++) {
		free(c->slots[i].value);
	}
	for (size_t i = 0; i < STRIPES; i++) {
		pthread_mutex_destroy(&c->locks[i]);
	}
	free(c->slots);
	free(c);
}

/* Keys are hashes already: their first hex digits spread well. */
static size_t
slot_of(const struct auth_cache *c, const char *key)
{
	uint64_t h = 0;

	for (int i = 0; i < 12 && key[i] != '\0'; i++) {
		h = h * 16 + (uint64_t)(key[i] & 0x1f);
	}
	return (size_t)(h % c->nslots);
}

bool
auth_cache_get(struct auth_cache *c, const char *key, int64_t mono_now, int64_t now, void *value, uint64_t *epoch)
{
	size_t slot = slot_of(c, key);
	struct entry *en = &c->slots[slot];
	bool hit;

	*epoch = __atomic_load_n(&c->epoch, __ATOMIC_ACQUIRE);
	pthread_mutex_lock(&c->locks[slot % STRIPES]);
	hit = en->key[0] != '\0' && secret_str_equal(en->key, key) && en->epoch == *epoch &&
	      en->loaded_at >= mono_now - AUTH_CACHE_TTL_S && now < en->valid_until;
	if (hit) {
		memcpy(value, en->value, c->value_size);
	}
	pthread_mutex_unlock(&c->locks[slot % STRIPES]);
	return hit;
}

void
auth_cache_put(struct auth_cache *c, const char *key, const void *value, int64_t mono_now, int64_t valid_until,
               uint64_t epoch)
{
	size_t slot = slot_of(c, key);
	struct entry *en = &c->slots[slot];

	if (strlen(key) >= AUTH_CACHE_KEY_SIZE) {
		return;
	}
	pthread_mutex_lock(&c->locks[slot % STRIPES]);
	/* Checked under the lock: a clear that came after the read leaves the entry stale (its epoch). */
	memcpy(en->key, key, strlen(key) + 1);
	en->epoch = epoch;
	en->loaded_at = mono_now;
	en->valid_until = valid_until;
	memcpy(en->value, value, c->value_size);
	pthread_mutex_unlock(&c->locks[slot % STRIPES]);
}

void
auth_cache_clear(struct auth_cache *c)
{
	if (c != NULL) {
		__atomic_add_fetch(&c->epoch, 1, __ATOMIC_ACQ_REL);
	}
}
