/*
 * ticket_cache.h - recently read tickets kept parsed and half rendered, so
 * reading one again costs an evaluation of its clocks and a copy, not two
 * store reads and a JSON parse of its log.  Only the clocks depend on the
 * instant; they are evaluated on every read.
 *
 * Coherence: every write made by this process forgets the ticket after it
 * commits (read-your-writes); a view is trusted for at most
 * TICKET_CACHE_TTL_S seconds, which bounds how stale a write made by another
 * process sharing the database can look.  A read that raced with a write
 * never stores its view (a per-stripe generation says so).  Thread-safe.
 */
#ifndef LEVERA_APP_TICKET_CACHE_H
#define LEVERA_APP_TICKET_CACHE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/ticket.h"
#include "store/store.h"

#define TICKET_CACHE_TTL_S 1

/* One ticket as read from the store: immutable once published, shared by reference. */
struct ticket_view {
	struct store_ticket t;    /* the row as stored */
	json_t *docs;             /* the log's documents; only read once published */
	struct ticket_event *evs; /* n events, borrowing from docs */
	size_t n;
	char *head; /* '{' and the fields before the clocks, no closing brace */
	size_t head_len;
	char *events_all; /* the log as a JSON array, internal notes included */
	size_t events_all_len;
	char *events_public; /* the log without internal notes */
	size_t events_public_len;
	int64_t loaded_at; /* monotonic seconds */
	int refs;          /* atomic */
};

/*
 * A view is made (xcalloc, refs 1, every field owned) by app/ticket.c, which
 * knows how tickets render.  Drops one reference; the last frees it all.
 */
void ticket_view_release(struct ticket_view *v);

struct ticket_cache;

/* A cache of at most slots views (a power of two is best). */
struct ticket_cache *ticket_cache_new(size_t slots);
void ticket_cache_free(struct ticket_cache *c);

/*
 * The view of ticket id loaded at or after mono_now - TICKET_CACHE_TTL_S
 * (a reference the caller releases), or NULL.  On NULL, *generation is the
 * token to hand to ticket_cache_put with the view read from the store.
 */
struct ticket_view *ticket_cache_get(struct ticket_cache *c, const char *id, int64_t mono_now, uint64_t *generation);

/* Publishes v (the cache takes its own reference) unless ticket v->t.id changed since generation was taken. */
void ticket_cache_put(struct ticket_cache *c, struct ticket_view *v, uint64_t generation);

/* Forgets ticket id: call after committing any change to it.  NULL c is a no-op. */
void ticket_cache_forget(struct ticket_cache *c, const char *id);

/* Forgets every view (an idle server gives its memory back).  NULL c is a no-op. */
void ticket_cache_purge(struct ticket_cache *c);

#endif
