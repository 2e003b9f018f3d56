/*
 * settings.c - see settings.h.  Each setting is one "setting" record with a
 * fixed id (CATALOG_MATRIX_ID, CATALOG_LABOUR_RATE_ID); until it is first
 * stored the default applies and the version is 0.  No SQL, no HTTP.
 */
#include "app/settings.h"

#include <stdlib.h>
#include <string.h>

#include "domain/doc.h"

/*
 * Writes setting id (what, in messages) as doc, provided it is at version
 * (0: not stored yet, and then created), audited; 412 when it is at
 * another version or moves meanwhile.
 */
static int
store_setting(struct app *app, const struct actor *actor, const char *id, const char *what, const json_t *doc,
              int64_t version, int64_t now, struct err *e)
{
	struct store_record r = { 0 }, old = { 0 };
	struct err missing;
	bool stored = store_record_get(app->store, CATALOG_SETTING_KIND, id, &old, &missing) == 0;
	int64_t current = stored ? old.version : 0;

	store_record_release(&old);
	if (current != version) {
		return err_set(e, ERR_PRECONDITION, "If-Match", "the %s is at version %lld, not %lld", what,
		               (long long)current, (long long)version);
	}
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);

	r.kind = CATALOG_SETTING_KIND;
	r.id = (char *)id;
	r.doc = text;
	r.created_at = r.updated_at = now;
	r.version = version;
	struct store_audit a = { .at = now,
		                 .actor_id = (char *)actor->user_id,
		                 .action = stored ? "update" : "create",
		                 .kind = CATALOG_SETTING_KIND,
		                 .record_id = (char *)id,
		                 .doc = text };
	struct store_write *w = store_write_new();
	if (stored) {
		store_write_record_update(w, &r);
	} else {
		store_write_record_create(w, &r);
	}
	store_write_audit(w, &a);
	int rc = store_commit(app->store, w, e);
	store_write_free(w);
	free(text);
	if (rc != 0) {
		if (store_err_is_version_mismatch(e) || e->code == ERR_CONFLICT) {
			return err_set(e, ERR_PRECONDITION, "If-Match", "the %s changed meanwhile; read it again",
			               what);
		}
		return -1;
	}
	return 0;
}

int
settings_matrix_get(struct app *app, const struct actor *actor, json_t **out, int64_t *version, struct err *e)
{
	struct store_record r = { 0 };
	struct err missing;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_SETTING, ACTION_READ, e) != 0) {
		return -1;
	}
	bool stored = store_record_get(app->store, CATALOG_SETTING_KIND, CATALOG_MATRIX_ID, &r, &missing) == 0;
	*version = stored ? r.version : 0;
	store_record_release(&r);
	struct catalog *cat = app_catalog_shared(app);
	*out = json_pack("{s:o, s:b, s:I}", "matrix", priority_matrix_to_json(catalog_priority_matrix(cat)), "default",
	                 !stored, "version", (json_int_t)*version);
	app_catalog_done(app);
	return 0;
}

int
settings_matrix_put(struct app *app, const struct actor *actor, const json_t *body, int64_t version, int64_t now,
                    json_t **out, int64_t *new_version, struct err *e)
{
	static const char *const keys[] = { "matrix", NULL };
	struct priority_matrix m;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_SETTING, ACTION_UPDATE, e) != 0 || doc_check_keys(body, keys, e) != 0) {
		return -1;
	}
	const json_t *doc = json_object_get(body, "matrix");
	if (doc == NULL) {
		return err_set(e, ERR_INVALID, "matrix", "the body is {\"matrix\": {impact: {urgency: priority}}}");
	}
	if (priority_matrix_from_json(&m, doc, e) != 0) {
		if (strcmp(e->field, "matrix") != 0) {
			err_prefix_field(e, "matrix");
		}
		return -1;
	}
	json_t *canonical = priority_matrix_to_json(&m);
	int rc = store_setting(app, actor, CATALOG_MATRIX_ID, "matrix", canonical, version, now, e);
	json_decref(canonical);
	if (rc != 0) {
		return -1;
	}
	/* Tickets created from now on take their priority from the new matrix. */
	if (app_catalog_reload(app, e) != 0) {
		return -1;
	}
	return settings_matrix_get(app, actor, out, new_version, e);
}

int
settings_labour_rate(struct app *app, struct labour_rate *rate, int64_t *version, struct err *e)
{
	struct store_record r = { 0 };
	struct err missing;
	int rc = 0;

	labour_rate_default(rate);
	*version = 0;
	if (store_record_get(app->store, CATALOG_SETTING_KIND, CATALOG_LABOUR_RATE_ID, &r, &missing) == 0) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		rc = labour_rate_from_json(rate, doc, e);
		if (rc != 0) {
			err_prefix_field(e, "labour_rate");
		}
		*version = r.version;
		json_decref(doc);
	}
	store_record_release(&r);
	return rc;
}

int
settings_labour_rate_get(struct app *app, const struct actor *actor, json_t **out, int64_t *version, struct err *e)
{
	struct labour_rate rate;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_COST, ACTION_READ, e) != 0 ||
	    settings_labour_rate(app, &rate, version, e) != 0) {
		return -1;
	}
	*out = labour_rate_to_json(&rate);
	json_object_set_new(*out, "default", json_boolean(*version == 0));
	json_object_set_new(*out, "version", json_integer((json_int_t)*version));
	return 0;
}

int
settings_labour_rate_put(struct app *app, const struct actor *actor, const json_t *body, int64_t version, int64_t now,
                         json_t **out, int64_t *new_version, struct err *e)
{
	struct labour_rate rate;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_COST, ACTION_UPDATE, e) != 0 ||
	    labour_rate_from_json(&rate, body, e) != 0) {
		return -1;
	}
	json_t *canonical = labour_rate_to_json(&rate);
	int rc = store_setting(app, actor, CATALOG_LABOUR_RATE_ID, "labour rate", canonical, version, now, e);
	json_decref(canonical);
	if (rc != 0) {
		return -1;
	}
	return settings_labour_rate_get(app, actor, out, new_version, e);
}
