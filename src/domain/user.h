/*
 * user.h - people who sign in: staff (admin, manager, agent) of the provider
 * and customers' people, each customer user in exactly one customer
 * organisation; staff belong to teams.
 *
 * Passwords are not part of the document: they are set through
 * `levera user add` or the API and stored only as Argon2id hashes.
 */
#ifndef LEVERA_DOMAIN_USER_H
#define LEVERA_DOMAIN_USER_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"
#include "domain/role.h"

#define USER_MAX_TEAMS 16
#define USER_EMAIL_MAX 254 /* bytes, RFC 5321 */

struct user {
	char *email; /* owned; lower-cased, the sign-in name */
	char *name;  /* owned */
	enum role role;
	char *organisation;          /* owned reference; required for customers */
	char *teams[USER_MAX_TEAMS]; /* owned references; staff only */
	int nteams;
};

/* Fills u from a document; unknown fields are refused by name. */
int user_from_json(struct user *u, const json_t *doc, struct err *e);
void user_release(struct user *u);
json_t *user_to_json(const struct user *u);

/* Checks an e-mail address's shape (one '@', a dot in the domain, no spaces or controls, <= 254 bytes). */
int user_email_check(const char *email, struct err *e);

#endif
