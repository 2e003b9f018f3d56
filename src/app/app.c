/*
 * app.c - see app.h.  Only construction and teardown: the use cases that
 * read the context live in their own files (auth.c, token.c).
 */
#include "app/app.h"

#include <string.h>

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
	return 0;
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
}
