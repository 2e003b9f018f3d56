/*
 * auth_cache.h - credentials recently resolved, so a request with a known
 * API token or session costs a keyed hash and a copy instead of two store
 * reads.  Keyed by the credential's hash (what the store keeps), never by
 * the credential itself.
 *
 * Coherence: auth_cache_clear after any change to users, tokens or sessions
 * made by this process; an entry is trusted for at most AUTH_CACHE_TTL_S
 * seconds, which bounds how long a change made by another process sharing
 * the database goes unseen.  Thread-safe; values are plain bytes copied in
 * and out, so the cache knows nothing of what a caller is.
 */
#ifndef LEVERA_APP_AUTH_CACHE_H
#define LEVERA_APP_AUTH_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_CACHE_TTL_S 1
#define AUTH_CACHE_KEY_SIZE 65 /* a hex hash and its NUL */

struct auth_cache;

/* A cache of at most slots values of value_size bytes each. */
struct auth_cache *auth_cache_new(size_t slots, size_t value_size);
void auth_cache_free(struct auth_cache *c);

/*
 * Copies the value stored for key into value when it was stored at or after
 * mono_now - AUTH_CACHE_TTL_S, after the last clear, and now (wall clock) is
 * before its valid_until.  *epoch receives the token for auth_cache_put.
 */
bool auth_cache_get(struct auth_cache *c, const char *key, int64_t mono_now, int64_t now, void *value, uint64_t *epoch);

/* Stores a copy of value for key until valid_until (wall clock), unless the cache was cleared since epoch. */
void auth_cache_put(struct auth_cache *c, const char *key, const void *value, int64_t mono_now, int64_t valid_until,
                    uint64_t epoch);

/* Forgets everything: call after committing a change to any user, token or session.  NULL is a no-op. */
void auth_cache_clear(struct auth_cache *c);

#endif
