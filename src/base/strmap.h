/*
 * strmap.h - a hash map from strings to strings (both copied and owned), for
 * caches such as "organisation name -> id" during an import.  Open
 * addressing with linear probing; grows at 70 % load.  Not thread-safe.
 */
#ifndef LEVERA_BASE_STRMAP_H
#define LEVERA_BASE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	struct strmap_slot {
		char *key, *value;
	} * slots;
	size_t cap, n;
};

/* The hash the map files a key under (64-bit FNV-1a), for tables of their own. */
uint64_t strmap_hash(const char *s);

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);

/* The value stored for key, or NULL. */
const char *strmap_get(const struct strmap *m, const char *key);

/* Stores (a copy of) value for key, replacing any earlier value. */
void strmap_put(struct strmap *m, const char *key, const char *value);

#endif
