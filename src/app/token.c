/*
 * token.c - see token.h.  Tokens are "api_token" records keyed by their
 * public id, doc {"user_id","name","hash","created_at","revoked"}; a revoked
 * token is also archived, so lists skip it.  No SQL, no clock reads.
 */
#include "app/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/auth_cache.h"
#include "base/id.h"
#include "base/timefmt.h"

/* The listing entry of a token record: never its hash. */
static json_t *
entry(const struct store_record *r, const json_t *doc)
{
	char at[RFC3339_LEN];

	return json_pack("{s:s,s:O,s:O,s:s,s:b}", "id", r->key, "name", json_object_get(doc, "name"), "user_id",
	                 json_object_get(doc, "user_id"), "created_at",
	                 rfc3339_format(json_integer_value(json_object_get(doc, "created_at")), at), "revoked",
	                 json_is_true(json_object_get(doc, "revoked")));
}

static void
audit(struct store_write *w, const struct actor *actor, const char *action, const char *id, int64_t now)
{
	struct store_audit a = { .at = now,
		                 .actor_id = (char *)actor->user_id,
		                 .action = (char *)action,
		                 .kind = AUTH_KIND_API_TOKEN,
		                 .record_id = (char *)id };

	store_write_audit(w, &a);
}

int
token_create(struct store *s, const struct actor *actor, const char *name, int64_t now,
             char token[SECRET_API_TOKEN_SIZE], json_t **out, struct err *e)
{
	char pub[SECRET_API_TOKEN_ID_SIZE], hash[SECRET_TOKEN_HASH_SIZE], id[ID_LEN + 1];
	struct store_record r = { 0 };
	size_t n = name != NULL ? strlen(name) : 0;

	if (role_check_kind(actor, RESOURCE_API_TOKEN, ACTION_CREATE, e) != 0) {
		return -1;
	}
	if (n == 0 || n > TOKEN_NAME_MAX) {
		return err_set(e, ERR_INVALID, "name", "a token's name is 1 to %d bytes", TOKEN_NAME_MAX);
	}
	secret_api_token_new(token, pub);
	secret_token_hash(SECRET_PURPOSE_API_TOKEN, token, hash);
	id_new(id, now * 1000);
	json_t *doc = json_pack("{s:s,s:s,s:s,s:I,s:b}", "user_id", actor->user_id, "name", name, "hash", hash,
	                        "created_at", (json_int_t)now, "revoked", 0);
	r.kind = AUTH_KIND_API_TOKEN;
	r.id = id;
	r.key = pub;
	r.doc = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	r.created_at = r.updated_at = now;
	struct store_write *w = store_write_new();
	store_write_record_create(w, &r);
	audit(w, actor, "create", id, now);
	int rc = store_commit(s, w, e);
	store_write_free(w);
	if (rc == 0) {
		*out = entry(&r, doc);
	}
	free(r.doc);
	json_decref(doc);
	return rc;
}

int
token_list(struct store *s, const struct actor *actor, const char *cursor, json_t **out, struct err *e)
{
	struct store_record_query q = { .kind = AUTH_KIND_API_TOKEN,
		                        .sort = STORE_RECORD_BY_CREATED,
		                        .cursor = cursor };
	struct store_record_page page = { 0 };

	if (role_check_kind(actor, RESOURCE_API_TOKEN, ACTION_READ, e) != 0 ||
	    store_record_list(s, &q, &page, e) != 0) {
		store_record_page_release(&page);
		return -1;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++) {
		json_t *doc = json_loads(page.rows[i].doc, 0, NULL);
		json_array_append_new(items, entry(&page.rows[i], doc));
		json_decref(doc);
	}
	*out = json_pack("{s:o,s:o}", "items", items, "next_cursor",
	                 page.next_cursor != NULL ? json_string(page.next_cursor) : json_null());
	store_record_page_release(&page);
	return 0;
}

/* The role of user_id, or -1 when the user is gone. */
static int
owner_role(struct store *s, const char *user_id)
{
	struct store_record u = { 0 };
	struct err ignored;
	int role = -1;

	if (user_id != NULL && store_record_get(s, "user", user_id, &u, &ignored) == 0) {
		json_t *doc = json_loads(u.doc, 0, NULL);
		role = role_parse(json_string_value(json_object_get(doc, "role")));
		json_decref(doc);
	}
	store_record_release(&u);
	return role;
}

int
token_revoke(struct app *app, const struct actor *actor, const char *id, int64_t now, struct err *e)
{
	struct store *s = app->store;
	struct store_record r = { 0 };
	struct err missing;
	int rc = -1, role;

	if (role_check_kind(actor, RESOURCE_API_TOKEN, ACTION_ARCHIVE, e) != 0) {
		return -1;
	}
	if (store_record_get_by_key(s, AUTH_KIND_API_TOKEN, id, &r, &missing) != 0 || r.archived) {
		store_record_release(&r);
		return err_set(e, ERR_NOT_FOUND, "id", "no API token '%.40s'", id);
	}
	json_t *doc = json_loads(r.doc, 0, NULL);
	role = owner_role(s, json_string_value(json_object_get(doc, "user_id")));
	if (role < 0 || role_check_manage(actor, (enum role)role, e) == 0) {
		char *old = r.doc;
		json_object_set_new(doc, "revoked", json_true());
		r.doc = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		r.archived = true;
		r.updated_at = now;
		struct store_write *w = store_write_new();
		store_write_record_update(w, &r);
		audit(w, actor, "revoke", r.id, now);
		rc = store_commit(s, w, e);
		auth_cache_clear(app->callers); /* after the commit: the token no longer resolves */
		store_write_free(w);
		free(r.doc);
		r.doc = old;
	}
	json_decref(doc);
	store_record_release(&r);
	return rc;
}
