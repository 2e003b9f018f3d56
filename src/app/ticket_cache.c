/*
 * ticket_cache.c - see ticket_cache.h.  A direct-mapped table of view
 * pointers (a colliding ticket replaces the older one) behind striped
 * mutexes; views are reference counted so a reader renders without a lock.
 * No store access and no rendering here.
 */
#include "app/ticket_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define STRIPES 64

struct stripe {
	pthread_mutex_t lock;
	uint64_t generation; /* bumped by every forget in this stripe */
};

struct ticket_cache {
	struct ticket_view **slots;
	size_t nslots;
	struct stripe stripes[STRIPES];
};

void
ticket_view_release(struct ticket_view *v)
{
	if (v == NULL || __atomic_sub_fetch(&v->refs, 1, __ATOMIC_ACQ_REL) > 0) {
		return;
	}
	store_ticket_release(&v->t);
	json_decref(v->docs);
	free(v->evs);
	free(v->head);
	free(v->events_all);
	free(v->events_public);
	free(v);
}

struct ticket_cache *
ticket_cache_new(size_t slots)
{
	struct ticket_cache *c = xcalloc(1, sizeof(*c));

	c->nslots = slots > 0 ? slots : 1;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
	for (size_t i = 0; i < STRIPES; i++) {
		pthread_mutex_init(&c->stripes[i].lock, NULL);
	}
	return c;
}

void
ticket_cache_free(struct ticket_cache *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < c->nslots; i++) {
		ticket_view_release(c->slots[i]);
	}
	for (size_t i = 0; i < STRIPES; i++) {
		pthread_mutex_destroy(&c->stripes[i].lock);
	}
	free(c->slots);
	free(c);
}

/* FNV-1a: ids are random already, this only folds them. */
static size_t
slot_of(const struct ticket_cache *c, const char *id)
{
	uint64_t h = 1469598103934665603u;

	for (const unsigned char *p = (const unsigned char *)id; *p != '\0'; p++) {
		h = (h ^ *p) * 1099511628211u;
	}
	return (size_t)(h % c->nslots);
}

static struct stripe *
stripe_of(struct ticket_cache *c, size_t slot)
{
	return &c->stripes[slot % STRIPES];
}

struct ticket_view *
ticket_cache_get(struct ticket_cache *c, const char *id, int64_t mono_now, uint64_t *generation)
{
	size_t slot = slot_of(c, id);
	struct stripe *st = stripe_of(c, slot);
	struct ticket_view *v;

	pthread_mutex_lock(&st->lock);
	v = c->slots[slot];
	if (v != NULL && strcmp(v->t.id, id) == 0 && v->loaded_at >= mono_now - TICKET_CACHE_TTL_S) {
		__atomic_add_fetch(&v->refs, 1, __ATOMIC_RELAXED);
	} else {
		v = NULL;
		*generation = st->generation;
	}
	pthread_mutex_unlock(&st->lock);
	return v;
}

void
ticket_cache_put(struct ticket_cache *c, struct ticket_view *v, uint64_t generation)
{
	size_t slot = slot_of(c, v->t.id);
	struct stripe *st = stripe_of(c, slot);
	struct ticket_view *old = NULL;

	pthread_mutex_lock(&st->lock);
	if (st->generation == generation) {
		__atomic_add_fetch(&v->refs, 1, __ATOMIC_RELAXED);
		old = c->slots[slot];
		c->slots[slot] = v;
	}
	pthread_mutex_unlock(&st->lock);
	ticket_view_release(old);
}

void
ticket_cache_forget(struct ticket_cache *c, const char *id)
{
	if (c == NULL) {
		return;
	}
	size_t slot = slot_of(c, id);
	struct stripe *st = stripe_of(c, slot);
	struct ticket_view *old = NULL;

	pthread_mutex_lock(&st->lock);
	st->generation++;
	if (c->slots[slot] != NULL && strcmp(c->slots[slot]->t.id, id) == 0) {
		old = c->slots[slot];
		c->slots[slot] = NULL;
	}
	pthread_mutex_unlock(&st->lock);
	ticket_view_release(old);
}

void
ticket_cache_purge(struct ticket_cache *c)
{
	for (size_t i = 0; c != NULL && i < c->nslots; i++) {
		struct stripe *st = stripe_of(c, i);
		pthread_mutex_lock(&st->lock);
		struct ticket_view *old = c->slots[i];
		c->slots[i] = NULL;
		st->generation++;
		pthread_mutex_unlock(&st->lock);
		ticket_view_release(old);
	}
}
