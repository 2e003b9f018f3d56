/*
 * json_alloc.c - see json_alloc.h.
 *
 * Each thread keeps up to NODE_KEEP freed blocks of each size class (16
 * bytes apart, up to NODE_CLASS_MAX bytes) on a list of its own and hands
 * them out again before asking malloc.  Every block is a malloc block of at
 * least its class's size (malloc_usable_size says which class a freed one
 * fits), so a block may be freed on another thread, or with free() by code
 * that knows nothing of this (json_dumps() results), without harm.  A
 * thread's blocks go back to malloc when it ends.
 */
#include "base/json_alloc.h"

#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#define NODE_CLASS_MAX 256 /* the largest block kept, in bytes */
#define NODE_CLASSES (NODE_CLASS_MAX / 16 + 1)
#define NODE_KEEP 64 /* blocks kept per class and thread: 140 KB at most */

struct node_cache {
	void *head[NODE_CLASSES]; /* a freed block holds the next one's address */
	unsigned short n[NODE_CLASSES];
	bool registered; /* with the key whose destructor empties it */
};

static _Thread_local struct node_cache cache;
static pthread_key_t cache_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* At a thread's end: its blocks back to malloc. */
static void
cache_release(void *arg)
{
	struct node_cache *c = arg;

	for (size_t k = 0; k < NODE_CLASSES; k++) {
		while (c->head[k] != NULL) {
			void *p = c->head[k];
			c->head[k] = *(void **)p;
			free(p);
		}
		c->n[k] = 0;
	}
	/* A block freed by a later destructor registers the cache again, for another round. */
	c->registered = false;
}

static void
make_key(void)
{
	(void)pthread_key_create(&cache_key, cache_release);
}

static void *
node_malloc(size_t size)
{
	size_t k = (size + 15) / 16;

	if (k >= NODE_CLASSES) {
		return malloc(size);
	}
	if (cache.n[k] > 0) {
		void *p = cache.head[k];
		cache.head[k] = *(void **)p;
		cache.n[k]--;
		return p;
	}
	/* The whole class's size, so that the block comes back to this class. */
	return malloc(k * 16);
}

static void
node_free(void *p)
{
	size_t k;

	if (p == NULL) {
		return;
	}
	k = malloc_usable_size(p) / 16;
	if (k >= NODE_CLASSES || cache.n[k] >= NODE_KEEP) {
		free(p);
		return;
	}
	if (!cache.registered) {
		pthread_once(&key_once, make_key);
		cache.registered = pthread_setspecific(cache_key, &cache) == 0;
		if (!cache.registered) {
			free(p);
			return;
		}
	}
	*(void **)p = cache.head[k];
	cache.head[k] = p;
	cache.n[k]++;
}

/* AddressSanitizer's own allocator must see every free, to catch a use after it. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#else
#define UNDER_ASAN 0
#endif

void
json_alloc_init(void)
{
	if (!UNDER_ASAN) {
		json_set_alloc_funcs(node_malloc, node_free);
	}
}
