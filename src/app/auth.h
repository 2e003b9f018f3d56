/*
 * auth.h - who is calling: signing in with a password, session cookies,
 * API tokens (resolved here, issued in token.h) and setting passwords.
 *
 * Stored as records through the store API only: kind "credential" (id = the
 * user's id, doc {"hash"}), kind "session" (key = the keyed hash of the
 * session id, doc {"user_id","created_at","expires_at"}) and kind
 * "api_token".  No secret is ever stored in clear (docs/security.md).
 */
#ifndef LEVERA_APP_AUTH_H
#define LEVERA_APP_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "base/secret.h"
#include "domain/role.h"
#include "store/store.h"

/* A session ends after 12 hours without use, and 7 days after sign-in whatever happens. */
#define AUTH_SESSION_IDLE_S (12 * 3600)
#define AUTH_SESSION_MAX_S (7 * 86400)
/* How stale the stored idle deadline may get before a request pushes it on (one write per this). */
#define AUTH_SESSION_TOUCH_S 300

#define AUTH_KIND_CREDENTIAL "credential"
#define AUTH_KIND_SESSION "session"
#define AUTH_KIND_API_TOKEN "api_token"

enum auth_method { AUTH_SESSION, AUTH_TOKEN };

/* A resolved caller.  Self-contained: it may be copied; nothing in it is a secret but session_id. */
struct auth_caller {
	enum auth_method method;
	enum role role;
	char user_id[STORE_ID_MAX + 1];
	char org_id[STORE_ID_MAX + 1]; /* "" when none; a customer's organisation */
	char email[STORE_ID_MAX + 1];
	char name[256];
	char organisation[STORE_ID_MAX + 1]; /* the user document's organisation id, "" when none */
	char record_id[STORE_ID_MAX + 1];    /* the session's or API token's record id */
	char session_id[SECRET_TOKEN_SIZE];  /* AUTH_SESSION: the id from the cookie (for CSRF) */
};

/* The caller as the authorization matrix sees it; its strings point into c. */
struct actor auth_caller_actor(const struct auth_caller *c);

/* {"id","email","name","role","organisation"} of the caller (a new reference). */
json_t *auth_caller_json(const struct auth_caller *c);

/* The ids of the teams the caller belongs to, read now (a new reference; [] when none). */
json_t *auth_caller_teams(struct store *s, const struct auth_caller *c);

/*
 * Signs in with email and password from client (an IP address) at now:
 * the limiters of docs/security.md, then the password, then a new session
 * whose id is put in out->session_id (shown once, as the cookie).  Wrong or
 * unknown credentials are ERR_UNAUTHORIZED after the same work; a limiter's
 * refusal is ERR_RATE_LIMITED with *retry_after_s set.
 */
int auth_sign_in(struct app *app, const char *email, const char *password, const char *client, int64_t now,
                 struct auth_caller *out, int64_t *retry_after_s, struct err *e);

/* Ends the caller's session (the record is archived, so the id is dead).  ERR_INVALID for a token caller. */
int auth_sign_out(struct app *app, const struct auth_caller *c, int64_t now, struct err *e);

/* Resolves a session id (the cookie's value) at now; ERR_UNAUTHORIZED when unknown, ended or expired. */
int auth_resolve_session(struct app *app, const char *session_id, int64_t now, struct auth_caller *out, struct err *e);

/* Resolves an API token ("lvr_...") at now; ERR_UNAUTHORIZED when malformed, unknown or revoked. */
int auth_resolve_token(struct app *app, const char *token, int64_t now, struct auth_caller *out, struct err *e);

/*
 * Sets the password of user user_id (whose e-mail is email) after checking
 * the policy, with an audit entry by actor_id (NULL: Levera itself).  With
 * end_sessions, every session begun before is over (a change or a reset);
 * without, they go on (a re-hash of the same password).
 */
int auth_set_password(struct store *s, const char *user_id, const char *email, const char *password, bool end_sessions,
                      const char *actor_id, int64_t now, struct err *e);

/* Stores an already made Argon2id hash as user_id's credential (creating or replacing it), audited. */
int auth_put_credential(struct store *s, const char *user_id, const char *hash, bool end_sessions, const char *actor_id,
                        int64_t now, struct err *e);

/*
 * user_id's stored password hash (into hash, may be NULL) and its
 * generation (into generation, may be NULL: a session begun under another
 * generation is over); false when the user has no password.
 */
bool auth_credential(struct store *s, const char *user_id, char hash[SECRET_PASSWORD_HASH_SIZE], int64_t *generation);

/* Starts a session for c (its user loaded) at now: its id goes into c->session_id, shown once. */
int auth_session_create(struct store *s, struct auth_caller *c, int64_t now, struct err *e);

/* The key a client address is limited under: the address, or for IPv6 its /64. */
void auth_address_key(const char *client, char out[64]);

#endif
