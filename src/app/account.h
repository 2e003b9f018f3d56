/*
 * account.h - making users who can sign in: a user record and its
 * credential in one durable write (`levera user add`), the first admin of a
 * new database, and the demo users' shared password.  Checking who may do
 * this is the caller's business (the CLI runs as the installation's owner).
 */
#ifndef LEVERA_APP_ACCOUNT_H
#define LEVERA_APP_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "base/secret.h"
#include "store/store.h"

#define ACCOUNT_BOOTSTRAP_EMAIL "admin@localhost"

struct account_new {
	const char *email;        /* required */
	const char *name;         /* NULL: none */
	const char *role;         /* "admin", "manager", "agent", "customer" */
	const char *organisation; /* a name or id; required for customers */
};

/*
 * Checks a new user without writing: the document's rules, the organisation
 * (a customer organisation for customers), and that the e-mail is free
 * (ERR_CONFLICT "email").  Errors name the field.
 */
int account_check(struct store *s, const struct account_new *u, struct err *e);

/*
 * Creates the user and its credential (password checked against the policy
 * first) at now in one write, audited as by actor_id (NULL: Levera).
 */
int account_create(struct store *s, const struct account_new *u, const char *password, const char *actor_id,
                   int64_t now, struct err *e);

/*
 * When the store holds no user at all, creates ACCOUNT_BOOTSTRAP_EMAIL as an
 * admin with a generated password, put in password (*created true); else
 * does nothing (*created false).
 */
int account_bootstrap_admin(struct store *s, int64_t now, char password[SECRET_GENERATED_PASSWORD_SIZE], bool *created,
                            struct err *e);

/*
 * Sets the password of the user with e-mail address email (any case) from
 * the console, after the policy check; every session of that user ends.
 */
int account_set_password(struct store *s, const char *email, const char *password, int64_t now, struct err *e);

/* Gives every user without a credential password (hashed once), counting them in *count. */
int account_set_missing_passwords(struct store *s, const char *password, int64_t now, long *count, struct err *e);

#endif
