/*
 * auth.c - see auth.h.  Sessions and credentials are ordinary records, so
 * this file holds no SQL; the time is always passed in.  It never logs or
 * returns a password, a session id or a token, only what they resolve to.
 */
#include "app/auth.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth_cache.h"
#include "base/id.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "domain/user.h"

struct actor
auth_caller_actor(const struct auth_caller *c)
{
	struct actor a = { c->role, c->user_id, c->org_id[0] != '\0' ? c->org_id : NULL };

	return a;
}

json_t *
auth_caller_json(const struct auth_caller *c)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o}", "id", c->user_id, "email", c->email, "name", c->name, "role",
	                 role_name(c->role), "organisation",
	                 c->organisation[0] != '\0' ? json_string(c->organisation) : json_null());
}

json_t *
auth_caller_teams(struct store *s, const struct auth_caller *c)
{
	struct store_record r = { 0 };
	struct err e;
	json_t *teams = NULL;

	if (store_record_get(s, "user", c->user_id, &r, &e) == 0) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		teams = json_incref(json_object_get(doc, "teams"));
		json_decref(doc);
	}
	store_record_release(&r);
	if (!json_is_array(teams)) {
		json_decref(teams);
		teams = json_array();
	}
	return teams;
}

void
auth_address_key(const char *client, char out[64])
{
	unsigned char a6[16];

	if (strchr(client, ':') != NULL && inet_pton(AF_INET6, client, a6) == 1) {
		memset(a6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, a6, out, 64) != NULL) {
			size_t len = strlen(out);
			snprintf(out + len, 64 - len, "/64");
			return;
		}
	}
	snprintf(out, 64, "%s", client);
}

static int
audit(struct store_write *w, const char *actor_id, const char *action, const char *kind, const char *id, int64_t now)
{
	struct store_audit a = { .at = now,
		                 .actor_id = (char *)actor_id,
		                 .action = (char *)action,
		                 .kind = (char *)kind,
		                 .record_id = (char *)id };

	store_write_audit(w, &a);
	return 0;
}

static int
commit(struct store *s, struct store_write *w, struct err *e)
{
	int rc = store_commit(s, w, e);

	store_write_free(w);
	return rc;
}

/* Fills c's user fields from the user record with id; ERR_UNAUTHORIZED when it is gone or archived. */
static int
load_user(struct store *s, const char *user_id, struct auth_caller *c, struct err *e)
{
	struct store_record r = { 0 };
	json_t *doc;
	int role;

	if (store_record_get(s, "user", user_id, &r, e) != 0) {
		store_record_release(&r);
		return e->code == ERR_NOT_FOUND ? err_set(e, ERR_UNAUTHORIZED, NULL, "the account no longer exists")
		                                : -1;
	}
	doc = json_loads(r.doc, 0, NULL);
	role = role_parse(json_string_value(json_object_get(doc, "role")));
	if (r.archived || doc == NULL || role < 0) {
		json_decref(doc);
		store_record_release(&r);
		return err_set(e, ERR_UNAUTHORIZED, NULL, "the account is disabled");
	}
	c->role = (enum role)role;
	snprintf(c->user_id, sizeof(c->user_id), "%s", r.id);
	snprintf(c->org_id, sizeof(c->org_id), "%s", r.org_id != NULL ? r.org_id : "");
	snprintf(c->email, sizeof(c->email), "%s", r.key != NULL ? r.key : "");
	const char *name = json_string_value(json_object_get(doc, "name"));
	const char *org = json_string_value(json_object_get(doc, "organisation"));
	snprintf(c->name, sizeof(c->name), "%s", name != NULL ? name : "");
	snprintf(c->organisation, sizeof(c->organisation), "%s", org != NULL ? org : "");
	/* A customer is scoped by their organisation even when the record predates org_id. */
	if (c->role == ROLE_CUSTOMER && c->org_id[0] == '\0') {
		snprintf(c->org_id, sizeof(c->org_id), "%s", c->organisation);
	}
	json_decref(doc);
	store_record_release(&r);
	return 0;
}

int
auth_put_credential(struct store *s, const char *user_id, const char *hash, bool end_sessions, const char *actor_id,
                    int64_t now, struct err *e)
{
	struct store_record old = { 0 }, r = { 0 };
	struct err missing;
	bool exists = store_record_get(s, AUTH_KIND_CREDENTIAL, user_id, &old, &missing) == 0;
	json_t *was = exists ? json_loads(old.doc, 0, NULL) : NULL;
	/* A change starts a new generation, ending the sessions of the old; a re-hash keeps them. */
	json_int_t generation = json_integer_value(json_object_get(was, "generation")) + (end_sessions ? 1 : 0);
	json_t *doc = json_pack("{s:s, s:I}", "hash", hash, "generation", generation);
	char *text = json_dumps(doc, JSON_COMPACT);
	struct store_write *w = store_write_new();

	json_decref(was);
	r.kind = AUTH_KIND_CREDENTIAL;
	r.id = (char *)user_id;
	r.doc = text;
	r.created_at = r.updated_at = now;
	if (exists) {
		r.version = old.version;
		store_write_record_update(w, &r);
	} else {
		store_write_record_create(w, &r);
	}
	audit(w, actor_id, "set_password", "user", user_id, now);
	int rc = commit(s, w, e);
	secret_wipe(text, strlen(text));
	free(text);
	json_decref(doc);
	store_record_release(&old);
	return rc;
}

int
auth_set_password(struct store *s, const char *user_id, const char *email, const char *password, bool end_sessions,
                  const char *actor_id, int64_t now, struct err *e)
{
	char hash[SECRET_PASSWORD_HASH_SIZE];

	if (secret_password_check(password, email, e) != 0 || secret_password_hash(password, hash, e) != 0) {
		return -1;
	}
	return auth_put_credential(s, user_id, hash, end_sessions, actor_id, now, e);
}

bool
auth_credential(struct store *s, const char *user_id, char hash[SECRET_PASSWORD_HASH_SIZE], int64_t *generation)
{
	struct store_record r = { 0 };
	struct err e;
	bool ok = false;

	if (store_record_get(s, AUTH_KIND_CREDENTIAL, user_id, &r, &e) == 0 && !r.archived) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		const char *h = json_string_value(json_object_get(doc, "hash"));
		if (h != NULL && strlen(h) < SECRET_PASSWORD_HASH_SIZE) {
			if (hash != NULL) {
				snprintf(hash, SECRET_PASSWORD_HASH_SIZE, "%s", h);
			}
			if (generation != NULL) {
				*generation = json_integer_value(json_object_get(doc, "generation"));
			}
			ok = true;
		}
		json_decref(doc);
	}
	store_record_release(&r);
	return ok;
}

int
auth_session_create(struct store *s, struct auth_caller *c, int64_t now, struct err *e)
{
	char hash[SECRET_TOKEN_HASH_SIZE], id[ID_LEN + 1];
	struct store_record r = { 0 };

	int64_t generation = 0;

	secret_random_token(c->session_id);
	secret_token_hash(SECRET_PURPOSE_SESSION, c->session_id, hash);
	id_new(id, now * 1000);
	/* The session lasts while the password it was begun with does (its credential's generation). */
	auth_credential(s, c->user_id, NULL, &generation);
	json_t *doc = json_pack("{s:s,s:I,s:I,s:I}", "user_id", c->user_id, "created_at", (json_int_t)now, "expires_at",
	                        (json_int_t)(now + AUTH_SESSION_IDLE_S), "generation", (json_int_t)generation);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	r.kind = AUTH_KIND_SESSION;
	r.id = id;
	r.key = hash;
	r.doc = text;
	r.created_at = r.updated_at = now;
	struct store_write *w = store_write_new();
	store_write_record_create(w, &r);
	audit(w, c->user_id, "sign_in", AUTH_KIND_SESSION, id, now);
	int rc = commit(s, w, e);
	free(text);
	json_decref(doc);
	snprintf(c->record_id, sizeof(c->record_id), "%s", id);
	c->method = AUTH_SESSION;
	return rc;
}

int
auth_sign_in(struct app *app, const char *email, const char *password, const char *client, int64_t now,
             struct auth_caller *out, int64_t *retry_after_s, struct err *e)
{
	char account[USER_EMAIL_MAX + 1], address[64], hash[SECRET_PASSWORD_HASH_SIZE];
	struct store_record user = { 0 };
	struct err missing;
	bool known = false, have_hash = false, ok;
	size_t n = strlen(email);

	*retry_after_s = 0;
	auth_address_key(client, address);
	if (!ratelimit_check(app->signin_address, address, now, retry_after_s)) {
		return err_set(e, ERR_RATE_LIMITED, NULL,
		               "too many failed sign-ins from this address; try again later");
	}
	if (n > USER_EMAIL_MAX) {
		n = USER_EMAIL_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		account[i] = (char)tolower((unsigned char)email[i]);
	}
	account[n] = '\0';
	if (!ratelimit_attempt(app->signin_account, account, now, retry_after_s)) {
		return err_set(e, ERR_RATE_LIMITED, NULL, "too many sign-ins for this account; try again later");
	}
	if (store_record_get_by_key(app->store, "user", account, &user, &missing) == 0 && !user.archived) {
		known = true;
		have_hash = auth_credential(app->store, user.id, hash, NULL);
	}
	/* An unknown account, or one without a password, costs the same work as a wrong password. */
	ok = secret_password_verify(have_hash ? hash : NULL, password) && known && have_hash;
	if (ok && load_user(app->store, user.id, out, e) != 0) {
		ok = false;
	}
	if (!ok) {
		store_record_release(&user);
		ratelimit_attempt(app->signin_address, address, now, NULL);
		log_info("auth: failed sign-in from %s", address);
		return err_set(e, ERR_UNAUTHORIZED, NULL, "wrong e-mail address or password");
	}
	ratelimit_forget(app->signin_account, account);
	if (secret_password_needs_rehash(hash)) {
		struct err ignored;
		if (auth_set_password(app->store, user.id, account, password, false, user.id, now, &ignored) != 0) {
			log_warn("auth: re-hashing a password failed: %s", ignored.message);
		}
	}
	store_record_release(&user);
	secret_wipe(hash, sizeof(hash));
	return auth_session_create(app->store, out, now, e);
}

int
auth_sign_out(struct app *app, const struct auth_caller *c, int64_t now, struct err *e)
{
	struct store_record r = { 0 };

	if (c->method != AUTH_SESSION) {
		return err_set(e, ERR_INVALID, NULL, "this request is not signed in with a session");
	}
	if (store_record_get(app->store, AUTH_KIND_SESSION, c->record_id, &r, e) != 0) {
		store_record_release(&r);
		return -1;
	}
	struct store_write *w = store_write_new();
	store_write_record_archive(w, AUTH_KIND_SESSION, r.id, r.version, now);
	audit(w, c->user_id, "sign_out", AUTH_KIND_SESSION, r.id, now);
	store_record_release(&r);
	int rc = commit(app->store, w, e);
	auth_cache_clear(app->callers); /* after the commit: the session no longer resolves */
	return rc;
}

/* Pushes the idle deadline of session r on, at most every AUTH_SESSION_TOUCH_S; failures only cost a refresh. */
static void
session_touch(struct store *s, const struct store_record *r, json_t *doc, int64_t created_at, int64_t expires_at,
              int64_t now)
{
	int64_t next = now + AUTH_SESSION_IDLE_S, cap = created_at + AUTH_SESSION_MAX_S;
	struct store_record u = *r;
	struct err ignored;

	if (next > cap) {
		next = cap;
	}
	if (next - expires_at < AUTH_SESSION_TOUCH_S) {
		return;
	}
	json_object_set_new(doc, "expires_at", json_integer(next));
	u.doc = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	u.updated_at = now;
	struct store_write *w = store_write_new();
	store_write_record_update(w, &u);
	commit(s, w, &ignored); /* a concurrent request touching it first is fine */
	free(u.doc);
}

/* True (e set) when the user's password changed since a session of credential generation was begun. */
static bool
begun_before_password(struct store *s, const char *user_id, int64_t generation, struct err *e)
{
	int64_t now_generation = 0;

	if (auth_credential(s, user_id, NULL, &now_generation) && generation != now_generation) {
		err_set(e, ERR_UNAUTHORIZED, NULL, "the password was changed; sign in again");
		return true;
	}
	return false;
}

int
auth_resolve_session(struct app *app, const char *session_id, int64_t now, struct auth_caller *out, struct err *e)
{
	char hash[SECRET_TOKEN_HASH_SIZE];
	struct store_record r = { 0 };
	struct err missing;
	int rc = -1;

	if (strlen(session_id) != SECRET_TOKEN_LEN) {
		return err_set(e, ERR_UNAUTHORIZED, NULL, "the session is not valid; sign in again");
	}
	secret_token_hash(SECRET_PURPOSE_SESSION, session_id, hash);
	int64_t mono = time_monotonic_s();
	uint64_t epoch = 0;
	if (app->callers != NULL && auth_cache_get(app->callers, hash, mono, now, out, &epoch)) {
		return 0;
	}
	if (store_record_get_by_key(app->store, AUTH_KIND_SESSION, hash, &r, &missing) != 0 || r.archived) {
		store_record_release(&r);
		return err_set(e, ERR_UNAUTHORIZED, NULL, "the session is not valid; sign in again");
	}
	json_t *doc = json_loads(r.doc, 0, NULL);
	int64_t created_at = json_integer_value(json_object_get(doc, "created_at"));
	int64_t expires_at = json_integer_value(json_object_get(doc, "expires_at"));
	const char *user_id = json_string_value(json_object_get(doc, "user_id"));
	if (user_id == NULL || now >= expires_at || now >= created_at + AUTH_SESSION_MAX_S) {
		err_set(e, ERR_UNAUTHORIZED, NULL, "the session has expired; sign in again");
	} else if (load_user(app->store, user_id, out, e) == 0 &&
	           !begun_before_password(app->store, user_id, json_integer_value(json_object_get(doc, "generation")),
	                                  e)) {
		out->method = AUTH_SESSION;
		snprintf(out->record_id, sizeof(out->record_id), "%s", r.id);
		snprintf(out->session_id, sizeof(out->session_id), "%s", session_id);
		session_touch(app->store, &r, doc, created_at, expires_at, now);
		if (app->callers != NULL) {
			/* Not past the session's end, nor long enough to skip the touch that extends it. */
			int64_t until = created_at + AUTH_SESSION_MAX_S < expires_at ? created_at + AUTH_SESSION_MAX_S
			                                                             : expires_at;
			until = until < now + AUTH_CACHE_TTL_S ? until : now + AUTH_CACHE_TTL_S;
			auth_cache_put(app->callers, hash, out, mono, until, epoch);
		}
		rc = 0;
	}
	json_decref(doc);
	store_record_release(&r);
	return rc;
}

int
auth_resolve_token(struct app *app, const char *token, int64_t now, struct auth_caller *out, struct err *e)
{
	char id[SECRET_API_TOKEN_ID_SIZE];
	struct store_record r = { 0 };
	struct err missing;
	int rc = -1;

	if (secret_api_token_parse(token, id, e) != 0) {
		return -1;
	}
	char key[SECRET_TOKEN_HASH_SIZE];
	int64_t mono = time_monotonic_s();
	uint64_t epoch = 0;
	secret_token_hash(SECRET_PURPOSE_API_TOKEN, token, key);
	if (app->callers != NULL && auth_cache_get(app->callers, key, mono, now, out, &epoch)) {
		return 0;
	}
	if (store_record_get_by_key(app->store, AUTH_KIND_API_TOKEN, id, &r, &missing) != 0 || r.archived) {
		store_record_release(&r);
		return err_set(e, ERR_UNAUTHORIZED, NULL, "the API token is not valid");
	}
	json_t *doc = json_loads(r.doc, 0, NULL);
	const char *stored = json_string_value(json_object_get(doc, "hash"));
	const char *user_id = json_string_value(json_object_get(doc, "user_id"));
	if (stored == NULL || user_id == NULL || json_is_true(json_object_get(doc, "revoked")) ||
	    !secret_token_hash_matches(SECRET_PURPOSE_API_TOKEN, token, stored)) {
		err_set(e, ERR_UNAUTHORIZED, NULL, "the API token is not valid");
	} else if (load_user(app->store, user_id, out, e) == 0) {
		out->method = AUTH_TOKEN;
		snprintf(out->record_id, sizeof(out->record_id), "%s", r.id);
		out->session_id[0] = '\0';
		if (app->callers != NULL) {
			auth_cache_put(app->callers, key, out, mono, INT64_MAX, epoch);
		}
		rc = 0;
	}
	json_decref(doc);
	store_record_release(&r);
	return rc;
}
