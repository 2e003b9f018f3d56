/*
 * app.h - the context a running server hands to its handlers as req->app:
 * the store, the sign-in limiters and the settings frozen at start-up.
 * Built once by `levera serve`; nothing here is changed after that.
 */
#ifndef LEVERA_APP_APP_H
#define LEVERA_APP_APP_H

#include <stdbool.h>

#include "base/err.h"
#include "base/ratelimit.h"
#include "store/store.h"

struct app {
	struct store *store;              /* not owned */
	struct ratelimit *signin_account; /* owned: RATELIMIT_SIGNIN_ACCOUNT, keyed by lower-cased e-mail */
	struct ratelimit *signin_address; /* owned: RATELIMIT_SIGNIN_ADDRESS, keyed by client address (/64) */
	bool cookie_secure;               /* mark the session cookie Secure (served over HTTPS) */
};

/* Fills a for store s with new limiters; release with app_release. */
int app_init(struct app *a, struct store *s, struct err *e);

/* Frees the limiters (not the store).  NULL is a no-op. */
void app_release(struct app *a);

#endif
