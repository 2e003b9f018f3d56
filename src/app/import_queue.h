/*
 * import_queue.h - the ids (or refs) of the tickets of one import batch, so
 * a repeat in a later line is skipped while the batch is being written.
 *
 * A fixed table of borrowed keys with their hashes: no allocation per key,
 * one hash per key for every batch in flight.  Holds at most
 * IMPORT_QUEUE_KEYS keys.
 */
#ifndef LEVERA_APP_IMPORT_QUEUE_H
#define LEVERA_APP_IMPORT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/import.h"

#define IMPORT_QUEUE_KEYS IMPORT_BATCH
#define IMPORT_QUEUE_SLOTS (4 * IMPORT_QUEUE_KEYS) /* a power of two; at most a quarter full */

struct import_queue {
	struct import_queue_slot {
		uint64_t hash;
		const char *key; /* borrowed; NULL for a free slot */
	} slots[IMPORT_QUEUE_SLOTS];
	size_t n;
};

/* Empties q (storage the caller owns, zeroed or emptied before). */
void import_queue_clear(struct import_queue *q);

/*
 * Adds key (borrowed: it must stay valid until q is emptied), unless q holds
 * it; false when it does not and q is full (IMPORT_QUEUE_KEYS keys).
 */
bool import_queue_add(struct import_queue *q, const char *key);

/* Whether q holds key, whose strmap_hash() is hash. */
bool import_queue_has(const struct import_queue *q, const char *key, uint64_t hash);

#endif
