/*
 * app.c - see app.h.  Only construction and teardown: the use cases that
 * read the context live in their own files (auth.c, token.c).
 */
#include "app/app.h"

#include <malloc.h>
#include <string.h>

#include "app/auth.h"

int
app_init(struct app *a, struct store *s, struct err *e)
{
	memset(a, 0, sizeof(*a));
	a->store = s;
	a->signin_account = ratelimit_new(&RATELIMIT_SIGNIN_ACCOUNT, e);
	if (a->signin_account == NULL) {
		return -1;
	}
	a->signin_address = ratelimit_new(&RATELIMIT_SIGNIN_ADDRESS, e);
	if (a->signin_address == NULL) {
		ratelimit_free(a->signin_account);
		a->signin_account = NULL;
		return -1;
	}
	a->catalog = catalog_new(s, e);
	if (a->catalog == NULL) {
		ratelimit_free(a->signin_account);
		ratelimit_free(a->signin_address);
		a->signin_account = a->signin_address = NULL;
		return -1;
	}
	/* Writers first: a reload must not wait behind an endless stream of readers. */
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&a->catalog_lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	a->tickets = ticket_cache_new(APP_TICKET_CACHE_SLOTS);
	a->callers = auth_cache_new(APP_CALLER_CACHE_SLOTS, sizeof(struct auth_caller));
	return 0;
}

struct catalog *
app_catalog(struct app *a)
{
	pthread_rwlock_wrlock(&a->catalog_lock);
	return a->catalog;
}

struct catalog *
app_catalog_shared(struct app *a)
{
	pthread_rwlock_rdlock(&a->catalog_lock);
	return a->catalog;
}

void
app_catalog_done(struct app *a)
{
	pthread_rwlock_unlock(&a->catalog_lock);
}

int
app_catalog_reload(struct app *a, struct err *e)
{
	struct catalog *fresh = catalog_new(a->store, e), *old;

	if (fresh == NULL) {
		return -1;
	}
	pthread_rwlock_wrlock(&a->catalog_lock);
	old = a->catalog;
	a->catalog = fresh;
	pthread_rwlock_unlock(&a->catalog_lock);
	catalog_free(old);
	return 0;
}

void
app_release_memory(struct app *a)
{
	ticket_cache_purge(a->tickets);
	store_release_memory(a->store);
	malloc_trim(0); /* glibc: returns the free pages of every arena to the kernel */
}

void
app_release(struct app *a)
{
	if (a == NULL) {
		return;
	}
	ratelimit_free(a->signin_account);
	ratelimit_free(a->signin_address);
	a->signin_account = NULL;
	a->signin_address = NULL;
	ticket_cache_free(a->tickets);
	a->tickets = NULL;
	auth_cache_free(a->callers);
	a->callers = NULL;
	if (a->catalog != NULL) {
		catalog_free(a->catalog);
		a->catalog = NULL;
		pthread_rwlock_destroy(&a->catalog_lock);
	}
}
