/*
 * strmap.c - see strmap.h.  FNV-1a hashing: keys are short names.
 */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

uint64_t
strmap_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s != '\0'; s++) {
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->n = 0;
}

void
strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
	strmap_init(m);
}

static struct strmap_slot *
find(const struct strmap *m, const char *key)
{
	size_t i = strmap_hash(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0) {
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

const char *
strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0) {
		return NULL;
	}
	return find(m, key)->value;
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = old.cap == 0 ? 16 : old.cap * 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.slots[i].key != NULL) {
			*find(m, old.slots[i].key) = old.slots[i];
			m->n++;
		}
	}
	free(old.slots);
}

void
strmap_put(struct strmap *m, const char *key, const char *value)
{
	struct strmap_slot *s;

	if (m->cap == 0 || (m->n + 1) * 10 > m->cap * 7) {
		grow(m);
	}
	s = find(m, key);
	if (s->key == NULL) {
		s->key = xstrdup(key);
		m->n++;
	} else {
		free(s->value);
	}
	s->value = xstrdup(value);
}
