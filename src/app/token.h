/*
 * token.h - API tokens: issuing (admins only), listing without secrets and
 * revoking.  A token is shown once, when made; the store keeps its public
 * id (the record's key) and a keyed hash.  Resolving one is in auth.h.
 */
#ifndef LEVERA_APP_TOKEN_H
#define LEVERA_APP_TOKEN_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "base/secret.h"
#include "domain/role.h"
#include "store/store.h"

#define TOKEN_NAME_MAX 200

/*
 * Issues a token named name to actor at now: token gets the secret (show it
 * once), *out a new reference to its listing entry.  ERR_FORBIDDEN unless
 * the matrix allows the actor to create api_token records.
 */
int token_create(struct store *s, const struct actor *actor, const char *name, int64_t now,
                 char token[SECRET_API_TOKEN_SIZE], json_t **out, struct err *e);

/* One page of tokens (not revoked) as {"items":[...],"next_cursor"}; cursor may be NULL. */
int token_list(struct store *s, const struct actor *actor, const char *cursor, json_t **out, struct err *e);

/*
 * Revokes the token with public id at now.  ERR_NOT_FOUND when there is no
 * such live token; ERR_FORBIDDEN when actor may not manage its owner's role.
 */
int token_revoke(struct app *app, const struct actor *actor, const char *id, int64_t now, struct err *e);

#endif
