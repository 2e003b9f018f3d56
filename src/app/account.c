/*
 * account.c - see account.h.  The user document is made by domain/user.c
 * and its references resolved through the catalog, as an import does; the
 * password is hashed here and only the hash is written.
 */
#include "app/account.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/catalog.h"
#include "base/id.h"
#include "base/xalloc.h"
#include "domain/user.h"

/*
 * The canonical user document of u with its organisation resolved into
 * *doc, and the record's org_id (customers: their organisation) into org_id.
 */
static int
prepare(struct store *s, const struct account_new *u, json_t **doc, char org_id[STORE_ID_MAX + 1], struct err *e)
{
	struct user parsed;
	struct catalog *cat;
	const char *org;
	int rc = -1;

	*doc = NULL;
	org_id[0] = '\0';
	if (u->email == NULL || u->role == NULL) {
		return err_set(e, ERR_INVALID, u->email == NULL ? "email" : "role",
		               "a user needs an e-mail address and a role");
	}
	json_t *in = json_pack("{s:s,s:s?,s:s,s:s?}", "email", u->email, "name", u->name, "role", u->role,
	                       "organisation", u->organisation);
	if (user_from_json(&parsed, in, e) != 0) {
		json_decref(in);
		return -1;
	}
	json_decref(in);
	cat = catalog_new(s, e);
	if (cat == NULL) {
		user_release(&parsed);
		return -1;
	}
	*doc = user_to_json(&parsed);
	if (catalog_resolve_field(cat, *doc, "organisation", CATALOG_ORGANISATION, e) == 0) {
		org = json_string_value(json_object_get(*doc, "organisation"));
		if (parsed.role != ROLE_CUSTOMER) {
			rc = 0;
		} else if (catalog_require_org_type(cat, org, "organisation", "customer", e) == 0) {
			snprintf(org_id, STORE_ID_MAX + 1, "%s", org);
			rc = 0;
		}
	}
	catalog_free(cat);
	user_release(&parsed);
	if (rc != 0) {
		json_decref(*doc);
		*doc = NULL;
	}
	return rc;
}

static int
check_free(struct store *s, const char *email, struct err *e)
{
	struct store_record r = { 0 };
	struct err missing;
	int taken = store_record_get_by_key(s, "user", email, &r, &missing) == 0;

	store_record_release(&r);
	if (taken) {
		return err_set(e, ERR_CONFLICT, "email", "a user with e-mail address '%s' already exists", email);
	}
	return 0;
}

int
account_check(struct store *s, const struct account_new *u, struct err *e)
{
	char org_id[STORE_ID_MAX + 1];
	json_t *doc;

	if (prepare(s, u, &doc, org_id, e) != 0) {
		return -1;
	}
	int rc = check_free(s, json_string_value(json_object_get(doc, "email")), e);
	json_decref(doc);
	return rc;
}

/* Writes the user record with doc and its credential hash in one write. */
static int
write_user(struct store *s, json_t *doc, const char *org_id, const char *hash, const char *actor_id, int64_t now,
           struct err *e)
{
	char id[ID_LEN + 1];
	struct store_record user = { 0 }, cred = { 0 };
	struct store_audit a = { .at = now, .actor_id = (char *)actor_id, .action = "create", .kind = "user" };
	json_t *cdoc = json_pack("{s:s}", "hash", hash);

	id_new(id, now * 1000);
	user.kind = "user";
	user.id = id;
	user.key = (char *)json_string_value(json_object_get(doc, "email"));
	user.org_id = org_id[0] != '\0' ? (char *)org_id : NULL;
	user.doc = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	user.created_at = user.updated_at = now;
	cred.kind = AUTH_KIND_CREDENTIAL;
	cred.id = id;
	cred.doc = json_dumps(cdoc, JSON_COMPACT);
	cred.created_at = cred.updated_at = now;
	a.record_id = id;
	struct store_write *w = store_write_new();
	store_write_record_create(w, &user);
	store_write_record_create(w, &cred);
	store_write_audit(w, &a);
	int rc = store_commit(s, w, e);
	store_write_free(w);
	if (rc != 0 && e->code == ERR_CONFLICT) {
		err_set(e, ERR_CONFLICT, "email", "a user with e-mail address '%s' already exists", user.key);
	}
	free(user.doc);
	free(cred.doc);
	json_decref(cdoc);
	return rc;
}

int
account_create(struct store *s, const struct account_new *u, const char *password, const char *actor_id, int64_t now,
               struct err *e)
{
	char org_id[STORE_ID_MAX + 1], hash[SECRET_PASSWORD_HASH_SIZE];
	json_t *doc;
	int rc = -1;

	if (prepare(s, u, &doc, org_id, e) != 0) {
		return -1;
	}
	const char *email = json_string_value(json_object_get(doc, "email"));
	if (check_free(s, email, e) == 0 && secret_password_check(password, email, e) == 0 &&
	    secret_password_hash(password, hash, e) == 0) {
		rc = write_user(s, doc, org_id, hash, actor_id, now, e);
	}
	json_decref(doc);
	return rc;
}

int
account_bootstrap_admin(struct store *s, int64_t now, char password[SECRET_GENERATED_PASSWORD_SIZE], bool *created,
                        struct err *e)
{
	struct store_record_query q = { .kind = "user", .archived = STORE_ARCHIVED_INCLUDE, .limit = 1 };
	struct store_record_page page = { 0 };
	char hash[SECRET_PASSWORD_HASH_SIZE];
	/* Built directly: "localhost" has no dot, which user_email_check asks of addresses people type. */
	struct user admin = { .email = ACCOUNT_BOOTSTRAP_EMAIL, .name = "Administrator", .role = ROLE_ADMIN };

	*created = false;
	if (store_record_list(s, &q, &page, e) != 0) {
		store_record_page_release(&page);
		return -1;
	}
	size_t n = page.n;
	store_record_page_release(&page);
	if (n > 0) {
		return 0;
	}
	secret_generate_password(password);
	if (secret_password_hash(password, hash, e) != 0) {
		return -1;
	}
	json_t *doc = user_to_json(&admin);
	int rc = write_user(s, doc, "", hash, NULL, now, e);
	json_decref(doc);
	*created = rc == 0;
	return rc;
}

int
account_set_missing_passwords(struct store *s, const char *password, int64_t now, long *count, struct err *e)
{
	struct store_record_query q = { .kind = "user", .limit = STORE_PAGE_MAX };
	struct store_record_page page = { 0 };
	char hash[SECRET_PASSWORD_HASH_SIZE], *cursor = NULL;
	bool hashed = false;
	int rc = 0;

	*count = 0;
	do {
		q.cursor = cursor;
		if (store_record_list(s, &q, &page, e) != 0) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < page.n && rc == 0; i++) {
			struct store_record c = { 0 };
			struct err missing;
			bool has = store_record_get(s, AUTH_KIND_CREDENTIAL, page.rows[i].id, &c, &missing) == 0;
			store_record_release(&c);
			if (has) {
				continue;
			}
			/* One hash for all: they share the password anyway, and Argon2 is slow on purpose. */
			if (!hashed && secret_password_hash(password, hash, e) != 0) {
				rc = -1;
				break;
			}
			hashed = true;
			rc = auth_put_credential(s, page.rows[i].id, hash, false, NULL, now, e);
			*count += rc == 0;
		}
		free(cursor);
		cursor = page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_record_page_release(&page);
	} while (rc == 0 && cursor != NULL);
	free(cursor);
	return rc;
}

int
account_set_password(struct store *s, const char *email, const char *password, int64_t now, struct err *e)
{
	char key[USER_EMAIL_MAX + 1];
	struct store_record r = { 0 };
	size_t n = strlen(email);

	if (n > USER_EMAIL_MAX) {
		return err_set(e, ERR_INVALID, "email", "an e-mail address is at most %d bytes", USER_EMAIL_MAX);
	}
	for (size_t i = 0; i <= n; i++) {
		key[i] = (char)tolower((unsigned char)email[i]);
	}
	if (store_record_get_by_key(s, "user", key, &r, e) != 0 || r.archived) {
		store_record_release(&r);
		return err_set(e, ERR_NOT_FOUND, "email", "no user has the e-mail address '%.100s'", key);
	}
	int rc = auth_set_password(s, r.id, key, password, true, NULL, now, e);
	store_record_release(&r);
	return rc;
}
