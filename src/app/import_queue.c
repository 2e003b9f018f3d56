/*
 * import_queue.c - see import_queue.h.  FNV-1a and linear probing, as
 * base/strmap.c, without copies of the keys.
 */
#include "app/import_queue.h"

#include <string.h>

#include "base/strmap.h"

void
import_queue_clear(struct import_queue *q)
{
	if (q->n > 0) {
		memset(q->slots, 0, sizeof(q->slots));
		q->n = 0;
	}
}

bool
import_queue_add(struct import_queue *q, const char *key)
{
	uint64_t h = strmap_hash(key);
	size_t i = h & (IMPORT_QUEUE_SLOTS - 1);

	while (q->slots[i].key != NULL) {
		if (q->slots[i].hash == h && strcmp(q->slots[i].key, key) == 0) {
			return true;
		}
		i = (i + 1) & (IMPORT_QUEUE_SLOTS - 1);
	}
	if (q->n == IMPORT_QUEUE_KEYS) {
		return false;
	}
	q->slots[i].hash = h;
	q->slots[i].key = key;
	q->n++;
	return true;
}

bool
import_queue_has(const struct import_queue *q, const char *key, uint64_t hash)
{
	size_t i = hash & (IMPORT_QUEUE_SLOTS - 1);

	while (q->slots[i].key != NULL) {
		if (q->slots[i].hash == hash && strcmp(q->slots[i].key, key) == 0) {
			return true;
		}
		i = (i + 1) & (IMPORT_QUEUE_SLOTS - 1);
	}
	return false;
}
