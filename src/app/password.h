/*
 * password.h - a signed-in user changes their own password; an admin or
 * manager resets someone else's.  Either ends the user's other sessions.
 * Hashing and the policy are base/secret.h's, credentials auth.h's.
 */
#ifndef LEVERA_APP_PASSWORD_H
#define LEVERA_APP_PASSWORD_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"
#include "domain/role.h"

/*
 * Changes caller c's password from current to next (JSON strings of 1 to
 * SECRET_PASSWORD_MAX_BYTES bytes, refused by name) at now, c being signed
 * in with a session (ERR_INVALID for a token).  A wrong current password is
 * ERR_INVALID on current_password and counts against the account's sign-in
 * limiter (ERR_RATE_LIMITED, *retry_after_s, once it is spent).  Every
 * session of the user ends; *out is c with a new one (its id shown once).
 */
int password_change(struct app *app, const struct auth_caller *c, const json_t *current, const json_t *next,
                    int64_t now, struct auth_caller *out, int64_t *retry_after_s, struct err *e);

/*
 * Sets user_id's password to next for actor (who may update users and
 * manage that user's role: a manager never resets an admin's), ending
 * every session of that user.  ERR_NOT_FOUND when there is no such user.
 */
int password_reset(struct app *app, const struct actor *actor, const char *user_id, const json_t *next, int64_t now,
                   struct err *e);

#endif
