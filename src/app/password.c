/*
 * password.c - see password.h.  Sessions end through the credential's
 * generation (auth.c checks it on every session it resolves), so no session
 * record has to be found and archived here.
 */
#include "app/password.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/secret.h"

/* value as a password of field name: a string of 1 to SECRET_PASSWORD_MAX_BYTES bytes; NULL with e when not. */
static const char *
given(const json_t *value, const char *name, struct err *e)
{
	const char *v = json_string_value(value);

	if (v == NULL || v[0] == '\0') {
		err_set(e, ERR_INVALID, name, "a password (a non-empty string) is required");
		return NULL;
	}
	if (strlen(v) > SECRET_PASSWORD_MAX_BYTES) {
		err_set(e, ERR_INVALID, name, "a password is at most %d bytes", SECRET_PASSWORD_MAX_BYTES);
		return NULL;
	}
	return v;
}

/* The policy's refusal names the field the caller filled in. */
static int
set(struct app *app, const char *user_id, const char *email, const char *next, const char *field, const char *actor_id,
    int64_t now, struct err *e)
{
	if (auth_set_password(app->store, user_id, email, next, true, actor_id, now, e) != 0) {
		if (e->code == ERR_INVALID) {
			snprintf(e->field, sizeof(e->field), "%s", field);
		}
		return -1;
	}
	auth_cache_clear(app->callers); /* after the commit: the user's other sessions no longer resolve */
	return 0;
}

int
password_change(struct app *app, const struct auth_caller *c, const json_t *current_value, const json_t *next_value,
                int64_t now, struct auth_caller *out, int64_t *retry_after_s, struct err *e)
{
	char hash[SECRET_PASSWORD_HASH_SIZE];
	bool have_hash;

	*retry_after_s = 0;
	const char *current = given(current_value, "current_password", e);
	const char *next = current != NULL ? given(next_value, "new_password", e) : NULL;
	if (next == NULL) {
		return -1;
	}
	if (c->method != AUTH_SESSION) {
		return err_set(e, ERR_INVALID, NULL,
		               "a password is changed from a signed-in session, not with a token");
	}
	if (!ratelimit_check(app->signin_account, c->email, now, retry_after_s)) {
		return err_set(e, ERR_RATE_LIMITED, NULL, "too many wrong passwords for this account; try again later");
	}
	have_hash = auth_credential(app->store, c->user_id, hash, NULL);
	if (!secret_password_verify(have_hash ? hash : NULL, current) || !have_hash) {
		ratelimit_attempt(app->signin_account, c->email, now, NULL);
		secret_wipe(hash, sizeof(hash));
		return err_set(e, ERR_INVALID, "current_password", "the current password is wrong");
	}
	secret_wipe(hash, sizeof(hash));
	if (set(app, c->user_id, c->email, next, "new_password", c->user_id, now, e) != 0) {
		return -1;
	}
	ratelimit_forget(app->signin_account, c->email);
	*out = *c;
	return auth_session_create(app->store, out, now, e);
}

int
password_reset(struct app *app, const struct actor *actor, const char *user_id, const json_t *next_value, int64_t now,
               struct err *e)
{
	struct store_record r = { 0 };
	int rc = -1;

	if (role_check_kind(actor, RESOURCE_USER, ACTION_UPDATE, e) != 0) {
		return -1;
	}
	if (store_record_get(app->store, "user", user_id, &r, e) != 0) {
		store_record_release(&r);
		return -1;
	}
	json_t *doc = json_loads(r.doc, 0, NULL);
	int role = role_parse(json_string_value(json_object_get(doc, "role")));
	if (r.archived) {
		err_set(e, ERR_NOT_FOUND, NULL, "no such user");
	} else if (role < 0) {
		err_set(e, ERR_INTERNAL, "role", "the user has no valid role");
	} else if (role_check_manage(actor, (enum role)role, e) == 0) {
		/* Who and whom first: the password is looked at only when the reset is allowed. */
		const char *next = given(next_value, "password", e);
		rc = next == NULL
		             ? -1
		             : set(app, r.id, r.key != NULL ? r.key : "", next, "password", actor->user_id, now, e);
	}
	json_decref(doc);
	store_record_release(&r);
	return rc;
}
