/*
 * app.h - the context a running server hands to its handlers as req->app:
 * the store, the sign-in limiters, the shared catalog (behind its lock) and
 * the settings frozen at start-up.  Built once by `levera serve`.
 */
#ifndef LEVERA_APP_APP_H
#define LEVERA_APP_APP_H

#include <pthread.h>
#include <stdbool.h>

#include "app/auth_cache.h"
#include "app/catalog.h"
#include "app/ticket_cache.h"
#include "base/err.h"
#include "base/ratelimit.h"
#include "store/store.h"

/* Tickets kept half rendered: about 4 KiB each at most 16 MiB, none until read. */
#define APP_TICKET_CACHE_SLOTS 4096
/* Signed-in callers (API tokens and sessions) remembered, about 1 KiB each. */
#define APP_CALLER_CACHE_SLOTS 1024

struct app {
	struct store *store;              /* not owned */
	struct ratelimit *signin_account; /* owned: RATELIMIT_SIGNIN_ACCOUNT, keyed by lower-cased e-mail */
	struct ratelimit *signin_address; /* owned: RATELIMIT_SIGNIN_ADDRESS, keyed by client address (/64) */
	bool cookie_secure;               /* mark the session cookie Secure (served over HTTPS) */
	pthread_rwlock_t catalog_lock;    /* exclusive to resolve (it caches), shared to evaluate clocks */
	struct catalog *catalog;          /* owned: calendars and agreements compiled, references cached */
	struct ticket_cache *tickets;     /* owned: tickets recently read (ticket_cache.h); NULL: no cache */
	struct auth_cache *callers;       /* owned: credential hash -> struct auth_caller (auth_cache.h) */
};

/* Fills a for store s with new limiters; release with app_release. */
int app_init(struct app *a, struct store *s, struct err *e);

/*
 * Gives back what the caches hold (recently read tickets, the store's page
 * caches, the allocator's free memory), for a server that has been idle:
 * none of it is needed to answer, only to answer a burst faster.
 */
void app_release_memory(struct app *a);

/* Frees the limiters and the catalog (not the store).  NULL is a no-op. */
void app_release(struct app *a);

/*
 * Takes the catalog's lock and returns the catalog; give it back with
 * app_catalog_done.  app_catalog is exclusive, for anything that may
 * resolve a reference (catalog_resolve caches what it finds);
 * app_catalog_shared lets many threads evaluate clocks at once, using only
 * catalog_applicable, catalog_calendar and the agreements they return.
 * Hold it briefly: evaluating a ticket's clocks is microseconds, a store
 * read is not needed under it.
 */
struct catalog *app_catalog(struct app *a);
struct catalog *app_catalog_shared(struct app *a);
void app_catalog_done(struct app *a);

/*
 * Rebuilds the catalog from the store, after a calendar or agreement was
 * written (the old one is freed under the lock).
 */
int app_catalog_reload(struct app *a, struct err *e);

#endif
