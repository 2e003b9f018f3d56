/*
 * api_record.c - organisations, users, services, calendars, agreements,
 * survey answers and cost records over HTTP: one set of handlers,
 * parameterised by a row of `kinds` found from the route's pattern.
 * Checking and resolving a document is app/record.c's; who may do what is
 * domain/role.c's.  Passwords are not records and never pass through here.
 */
#include "http/api_record.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/record.h"
#include "base/id.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/agreement.h"
#include "domain/holiday_ics.h"
#include "http/body.h"
#include "http/reply.h"

struct kind {
	const char *path; /* the collection's pattern */
	enum catalog_kind kind;
	enum resource resource;
};

static const struct kind kinds[] = {
	{ "/api/v1/organisations", CATALOG_ORGANISATION, RESOURCE_ORGANISATION },
	{ "/api/v1/users", CATALOG_USER, RESOURCE_USER },
	{ "/api/v1/services", CATALOG_SERVICE, RESOURCE_SERVICE },
	{ "/api/v1/calendars", CATALOG_CALENDAR, RESOURCE_CALENDAR },
	{ "/api/v1/agreements", CATALOG_AGREEMENT, RESOURCE_AGREEMENT },
	{ "/api/v1/surveys", CATALOG_SURVEY, RESOURCE_SURVEY },
	{ "/api/v1/costs", CATALOG_COST, RESOURCE_COST },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The row whose collection the matched route's pattern starts with. */
static const struct kind *
kind_of(const struct http_request *req)
{
	const char *p = req->route->pattern;

	for (size_t i = 0; i < NKINDS; i++) {
		size_t n = strlen(kinds[i].path);
		if (strncmp(p, kinds[i].path, n) == 0 && (p[n] == '\0' || p[n] == '/')) {
			return &kinds[i];
		}
	}
	return &kinds[0]; /* not reached: every route of the table is a kind's */
}

static const char *
kind_name(const struct kind *k)
{
	return catalog_kind_name(k->kind);
}

/* A stored record with its document parsed. */
struct loaded {
	struct store_record r;
	json_t *doc;
};

static void
loaded_release(struct loaded *l)
{
	store_record_release(&l->r);
	json_decref(l->doc);
	l->doc = NULL;
}

/* The organisation a record belongs to, for the matrix: a customer organisation is its own. */
static const char *
record_org(const struct kind *k, const struct loaded *l)
{
	if (k->kind == CATALOG_ORGANISATION) {
		const char *type = json_string_value(json_object_get(l->doc, "type"));
		return type != NULL && strcmp(type, "customer") == 0 ? l->r.id : NULL;
	}
	return l->r.org_id;
}

/*
 * A customer reads the calendars their organisation's SLAs are measured on
 * (what business hours were promised), no others; true clears e.
 */
static bool
promised_calendar(struct app *app, const struct kind *k, const struct actor *actor, const char *id, struct err *e)
{
	if (k->resource != RESOURCE_CALENDAR || actor->role != ROLE_CUSTOMER) {
		return false;
	}
	struct catalog *cat = app_catalog_shared(app);
	bool promised = catalog_calendar_promised_to(cat, id, actor->org_id);
	app_catalog_done(app);
	if (promised) {
		err_clear(e);
	}
	return promised;
}

/* Reads record id of kind k that actor may read (another organisation's is not found). */
static int
load(struct http_request *req, const struct kind *k, const struct actor *actor, struct loaded *l, struct err *e)
{
	struct app *app = req->app;
	const char *id = request_param(req, "id");
	struct err ignored;

	memset(l, 0, sizeof(*l));
	if (store_record_get(app->store, kind_name(k), id, &l->r, &ignored) != 0) {
		return err_set(e, ERR_NOT_FOUND, "id", "no %s with id '%.64s'", kind_name(k), id);
	}
	l->doc = json_loads(l->r.doc, 0, NULL);
	if (!json_is_object(l->doc)) {
		loaded_release(l);
		return err_set(e, ERR_INTERNAL, NULL, "the stored %s '%.64s' is not a JSON object", kind_name(k), id);
	}
	if (role_check(actor, k->resource, ACTION_READ, record_org(k, l), e) != 0 &&
	    !promised_calendar(app, k, actor, l->r.id, e)) {
		loaded_release(l);
		return -1;
	}
	return 0;
}

/* {"warnings": [...]} of an OLA or UC against the SLA it underpins; nothing for other kinds. */
static void
add_fit_warnings(struct app *app, json_t *out, const json_t *doc)
{
	struct agreement_spec inner, outer;
	struct store_record r = { 0 };
	struct err ignored;
	json_t *warnings = json_array();
	const char *underpins = json_string_value(json_object_get(doc, "underpins"));

	json_object_set_new(out, "warnings", warnings);
	if (underpins == NULL || agreement_from_json(&inner, doc, &ignored) != 0) {
		return;
	}
	if (store_record_get(app->store, "agreement", underpins, &r, &ignored) == 0) {
		json_t *odoc = json_loads(r.doc, 0, NULL);
		if (odoc != NULL && agreement_from_json(&outer, odoc, &ignored) == 0) {
			struct catalog *cat = app_catalog_shared(app);
			agreement_fit(&inner, &outer, agreement_fit_from(&inner, &outer), catalog_calendar, cat,
			              warnings);
			app_catalog_done(app);
			agreement_spec_release(&outer);
		}
		json_decref(odoc);
	}
	store_record_release(&r);
	agreement_spec_release(&inner);
}

/* The wire form: id, version, times, archived, then the document (references as ids). */
static json_t *
record_json(struct app *app, const struct kind *k, const struct store_record *r, const json_t *doc, bool fit)
{
	char created[RFC3339_LEN], updated[RFC3339_LEN];
	json_t *out = json_pack("{s:s, s:I, s:s, s:s, s:b}", "id", r->id, "version", (json_int_t)r->version,
	                        "created_at", rfc3339_format(r->created_at, created), "updated_at",
	                        rfc3339_format(r->updated_at, updated), "archived", (int)r->archived);

	json_object_update_missing(out, (json_t *)doc);
	if (fit && k->kind == CATALOG_AGREEMENT) {
		add_fit_warnings(app, out, doc);
	}
	return out;
}

/* Checks and resolves a body of kind k under the catalog's lock. */
static int
build(struct http_request *req, const struct kind *k, const json_t *body, struct record_built *b, struct err *e)
{
	struct app *app = req->app;
	int rc = record_build(app_catalog(app), k->kind, body, b, e);

	app_catalog_done(app);
	return rc;
}

/* Commits w; a taken key becomes a conflict on the name (or e-mail), a stale version a 412. */
static int
commit(struct app *app, const struct kind *k, struct store_write *w, const struct record_built *b, struct err *e)
{
	struct err reload;

	if (store_commit(app->store, w, e) != 0) {
		if (store_err_is_version_mismatch(e)) {
			return err_set(e, ERR_PRECONDITION, "If-Match",
			               "the %s changed since that version; read it again", kind_name(k));
		}
		if (e->code == ERR_CONFLICT && strcmp(e->field, "key") == 0) {
			return err_set(e, ERR_CONFLICT, record_key_field(k->kind), "a %s '%.100s' exists already",
			               kind_name(k), b != NULL ? b->key : "");
		}
		return -1;
	}
	if (!record_kind_in_catalog(k->kind)) {
		return 0; /* survey answers and costs: no caller, name or agreement changed */
	}
	/* A user's role or organisation may have changed: signed-in callers are resolved again. */
	auth_cache_clear(app->callers);
	/* Names, types, calendars and agreements may all have changed: the catalog starts over. */
	if (app_catalog_reload(app, &reload) != 0) {
		fprintf(stderr, "levera: reloading the catalog: %s\n", reload.message);
	}
	return 0;
}

static void
audit(struct store_write *w, const struct actor *actor, const char *action, const struct kind *k, const char *id,
      int64_t now)
{
	struct store_audit a = { .at = now,
		                 .actor_id = (char *)actor->user_id,
		                 .action = (char *)action,
		                 .kind = (char *)kind_name(k),
		                 .record_id = (char *)id };

	store_write_audit(w, &a);
}

/* The If-Match version; 412 when it is not the stored one (nothing is written). */
static int
check_version(const struct http_request *req, const struct kind *k, int64_t stored, struct err *e)
{
	if (req->if_match != stored) {
		return err_set(e, ERR_PRECONDITION, "If-Match", "the %s is at version %lld, not %lld", kind_name(k),
		               (long long)stored, (long long)req->if_match);
	}
	return 0;
}

/* Users: the caller must be allowed to manage the role (both roles, on a change). */
static int
check_manage(const struct actor *actor, int role, struct err *e)
{
	return role < 0 ? 0 : role_check_manage(actor, (enum role)role, e);
}

static int
stored_role(const struct kind *k, const json_t *doc)
{
	return k->kind == CATALOG_USER ? role_parse(json_string_value(json_object_get(doc, "role"))) : -1;
}

/* Answers a retried creating POST with the stored response; 1 when there was none. */
static int
replay(struct http_request *req, const struct actor *actor, const char *method_path, struct err *e)
{
	struct app *app = req->app;
	struct store_idempotency k = { 0 };
	struct err ignored;
	char etag[32];

	if (req->idempotency_key == NULL ||
	    store_idempotency_get(app->store, actor->user_id, req->idempotency_key, &k, &ignored) != 0) {
		return 1;
	}
	if (strcmp(k.method_path, method_path) != 0) {
		store_idempotency_release(&k);
		return err_set(e, ERR_CONFLICT, "Idempotency-Key", "this Idempotency-Key was used for %.100s",
		               k.method_path);
	}
	json_t *stored = json_loads(k.response, 0, NULL);
	snprintf(etag, sizeof(etag), "\"%lld\"", (long long)json_integer_value(json_object_get(stored, "version")));
	json_decref(stored);
	reply_header(req, "ETag", etag, &ignored);
	reply_text(req, (unsigned)k.status, REPLY_JSON, k.response, strlen(k.response));
	store_idempotency_release(&k);
	return 0;
}

static int
post_record(struct http_request *req, struct err *e)
{
	const struct kind *k = kind_of(req);
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	struct record_built b;
	struct store_record r = { 0 };
	char id[ID_LEN + 1], method_path[64];
	int64_t now = (int64_t)time(NULL);
	json_t *body;
	int rc;

	snprintf(method_path, sizeof(method_path), "POST %s", k->path);
	if (role_check_kind(&actor, k->resource, ACTION_CREATE, e) != 0) {
		return -1;
	}
	rc = replay(req, &actor, method_path, e);
	if (rc <= 0) {
		return rc;
	}
	body = body_json(req, e);
	if (body == NULL) {
		return -1;
	}
	if (build(req, k, body, &b, e) != 0 || role_check(&actor, k->resource, ACTION_CREATE, b.org_id, e) != 0 ||
	    check_manage(&actor, b.role, e) != 0) {
		record_built_release(&b);
		return -1;
	}
	id_new(id, now * 1000);
	char *text = json_dumps(b.doc, JSON_COMPACT | JSON_SORT_KEYS);
	char *key = record_store_key(&b, id);
	r.kind = (char *)kind_name(k);
	r.id = id;
	r.key = key;
	r.org_id = b.org_id;
	r.version = 1;
	r.created_at = r.updated_at = now;
	r.doc = text;
	json_t *out = record_json(app, k, &r, b.doc, true);
	char *response = json_dumps(out, JSON_COMPACT);
	struct store_write *w = store_write_new();
	store_write_record_create(w, &r);
	audit(w, &actor, "create", k, id, now);
	if (req->idempotency_key != NULL) {
		struct store_idempotency idem = { .actor_id = (char *)actor.user_id,
			                          .key = (char *)req->idempotency_key,
			                          .method_path = method_path,
			                          .status = 201,
			                          .response = response,
			                          .created_at = now };
		store_write_idempotency(w, &idem);
	}
	rc = commit(app, k, w, &b, e);
	store_write_free(w);
	free(response);
	free(text);
	free(key);
	record_built_release(&b);
	if (rc != 0) {
		json_decref(out);
		/* A concurrent retry with the same key won the race: answer what it stored. */
		if (e->code == ERR_CONFLICT && strcmp(e->field, "idempotency_key") == 0 &&
		    replay(req, &actor, method_path, e) == 0) {
			return 0;
		}
		return -1;
	}
	return reply_json_versioned(req, 201, out, 1, e);
}

static int
get_record(struct http_request *req, struct err *e)
{
	const struct kind *k = kind_of(req);
	struct actor actor = auth_caller_actor(req->caller);
	struct loaded l;

	if (load(req, k, &actor, &l, e) != 0) {
		return -1;
	}
	json_t *out = record_json(req->app, k, &l.r, l.doc, true);
	int64_t version = l.r.version;
	loaded_release(&l);
	return reply_json_versioned(req, 200, out, version, e);
}

/* ?limit= (1..STORE_PAGE_MAX) and ?archived= (false, true, all) into q. */
static int
list_query(const struct http_request *req, struct store_record_query *q, struct err *e)
{
	static const struct {
		const char *name;
		enum store_archived value;
	} archived[] = { { "false", STORE_ARCHIVED_EXCLUDE },
		         { "true", STORE_ARCHIVED_ONLY },
		         { "all", STORE_ARCHIVED_INCLUDE } };
	const char *limit = request_query(req, "limit"), *arch = request_query(req, "archived");
	size_t i = 0;

	if (limit != NULL) {
		char *end;
		long v = strtol(limit, &end, 10);
		if (limit[0] < '0' || limit[0] > '9' || *end != '\0' || v < 1 || v > STORE_PAGE_MAX) {
			return err_set(e, ERR_INVALID, "limit", "limit must be 1 to %d, not '%.20s'", STORE_PAGE_MAX,
			               limit);
		}
		q->limit = (size_t)v;
	}
	if (arch != NULL) {
		while (i < sizeof(archived) / sizeof(archived[0]) && strcmp(arch, archived[i].name) != 0) {
			i++;
		}
		if (i == sizeof(archived) / sizeof(archived[0])) {
			return err_set(e, ERR_INVALID, "archived", "archived must be false, true or all, not '%.20s'",
			               arch);
		}
		q->archived = archived[i].value;
	}
	q->cursor = request_query(req, "cursor");
	return 0;
}

static int
get_records(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "cursor", "limit", "archived", NULL };
	const struct kind *k = kind_of(req);
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	struct store_record_query q = { .kind = kind_name(k), .sort = STORE_RECORD_BY_KEY };
	struct store_record_page page = { 0 };
	enum scope scope = SCOPE_NONE;

	if (role_check_kind(&actor, k->resource, ACTION_READ, e) != 0 || request_query_allow(req, allowed, e) != 0 ||
	    list_query(req, &q, e) != 0) {
		return -1;
	}
	role_allows(actor.role, k->resource, ACTION_READ, &scope);
	json_t *items = json_array();
	if (scope == SCOPE_OWN_ORG) {
		/* An organisation's own records; a customer organisation's record is its own (at most one row). */
		q.org_id = actor.org_id;
		if (actor.org_id == NULL) {
			return reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
		}
		if (k->kind == CATALOG_ORGANISATION) {
			struct store_record r = { 0 };
			struct err ignored;
			if (q.cursor == NULL && store_record_get(app->store, q.kind, actor.org_id, &r, &ignored) == 0 &&
			    (q.archived == STORE_ARCHIVED_INCLUDE ||
			     r.archived == (q.archived == STORE_ARCHIVED_ONLY))) {
				json_t *doc = json_loads(r.doc, 0, NULL);
				json_array_append_new(items, record_json(app, k, &r, doc, false));
				json_decref(doc);
			}
			store_record_release(&r);
			return reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
		}
	}
	if (store_record_list(app->store, &q, &page, e) != 0) {
		json_decref(items);
		if (e->code == ERR_INVALID && q.cursor != NULL) {
			return err_set(e, ERR_INVALID, "cursor", "the cursor is not one this list gave");
		}
		return -1;
	}
	for (size_t i = 0; i < page.n; i++) {
		json_t *doc = json_loads(page.rows[i].doc, 0, NULL);
		/* The fit check is per record (GET /agreements/{id}); a list stays cheap. */
		json_array_append_new(items, record_json(app, k, &page.rows[i], doc, false));
		json_decref(doc);
	}
	json_t *out = json_pack("{s:o, s:s?}", "items", items, "next_cursor", page.next_cursor);
	if (page.next_cursor == NULL) {
		json_object_set_new(out, "next_cursor", json_null());
	}
	store_record_page_release(&page);
	return reply_json(req, 200, out);
}

/* Writes b over l as version `version`, audited as action; answers the new record. */
static int
replace(struct http_request *req, const struct kind *k, const struct actor *actor, struct loaded *l,
        struct record_built *b, int64_t version, const char *action, struct err *e)
{
	struct app *app = req->app;
	int64_t now = (int64_t)time(NULL);
	char *text = json_dumps(b->doc, JSON_COMPACT | JSON_SORT_KEYS);
	struct store_record r = l->r;
	char *key = record_store_key(b, r.id);

	r.key = key;
	r.org_id = b->org_id;
	r.doc = text;
	r.version = version;
	r.updated_at = now;
	struct store_write *w = store_write_new();
	store_write_record_update(w, &r);
	audit(w, actor, action, k, r.id, now);
	int rc = commit(app, k, w, b, e);
	store_write_free(w);
	free(key);
	if (rc != 0) {
		free(text);
		return -1;
	}
	r.version = version + 1;
	json_t *out = record_json(app, k, &r, b->doc, true);
	free(text);
	return reply_json_versioned(req, 200, out, version + 1, e);
}

static int
put_record(struct http_request *req, struct err *e)
{
	const struct kind *k = kind_of(req);
	struct actor actor = auth_caller_actor(req->caller);
	struct record_built b = { 0 };
	struct loaded l;
	json_t *body;
	int rc = -1;

	if (load(req, k, &actor, &l, e) != 0) {
		return -1;
	}
	if (role_check(&actor, k->resource, ACTION_UPDATE, record_org(k, &l), e) != 0 ||
	    check_manage(&actor, stored_role(k, l.doc), e) != 0 || check_version(req, k, l.r.version, e) != 0) {
		goto done;
	}
	body = body_json(req, e);
	if (body == NULL || build(req, k, body, &b, e) != 0 ||
	    role_check(&actor, k->resource, ACTION_UPDATE, b.org_id, e) != 0 || check_manage(&actor, b.role, e) != 0) {
		goto done;
	}
	rc = replace(req, k, &actor, &l, &b, req->if_match, "update", e);
done:
	record_built_release(&b);
	loaded_release(&l);
	return rc;
}

static int
delete_record(struct http_request *req, struct err *e)
{
	const struct kind *k = kind_of(req);
	struct app *app = req->app;
	struct actor actor = auth_caller_actor(req->caller);
	int64_t now = (int64_t)time(NULL);
	struct loaded l;
	int rc = -1;

	if (load(req, k, &actor, &l, e) != 0) {
		return -1;
	}
	if (role_check(&actor, k->resource, ACTION_ARCHIVE, record_org(k, &l), e) == 0 &&
	    check_manage(&actor, stored_role(k, l.doc), e) == 0 && check_version(req, k, l.r.version, e) == 0) {
		struct store_write *w = store_write_new();
		store_write_record_archive(w, kind_name(k), l.r.id, req->if_match, now);
		audit(w, &actor, "archive", k, l.r.id, now);
		rc = commit(app, k, w, NULL, e);
		store_write_free(w);
	}
	loaded_release(&l);
	if (rc != 0) {
		return -1;
	}
	return reply_text(req, 204, "text/plain; charset=utf-8", "", 0);
}

/* ?from=/?to= as a year; def when absent. */
static int
query_year(const struct http_request *req, const char *name, int def, int *out, struct err *e)
{
	const char *v = request_query(req, name);
	char *end;

	*out = def;
	if (v == NULL) {
		return 0;
	}
	long y = strtol(v, &end, 10);
	if (v[0] < '0' || v[0] > '9' || *end != '\0' || y < HOLIDAY_ICS_MIN_YEAR || y > HOLIDAY_ICS_MAX_YEAR) {
		return err_set(e, ERR_INVALID, name, "%s must be a year from %d to %d, not '%.20s'", name,
		               HOLIDAY_ICS_MIN_YEAR, HOLIDAY_ICS_MAX_YEAR, v);
	}
	*out = (int)y;
	return 0;
}

static int
post_holidays(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "from", "to", NULL };
	const struct kind *k = kind_of(req);
	struct actor actor = auth_caller_actor(req->caller);
	const char *type = request_header(req, "Content-Type");
	int year = civil_from_days(floor_div((int64_t)time(NULL), 86400)).year, from, to;
	struct record_built b = { 0 };
	int64_t *dates = NULL;
	size_t ndates = 0;
	struct loaded l;
	int rc = -1;

	if (request_query_allow(req, allowed, e) != 0 || query_year(req, "from", year, &from, e) != 0 ||
	    query_year(req, "to", from + 4, &to, e) != 0) {
		return -1;
	}
	if (type == NULL || strncmp(type, "text/calendar", 13) != 0) {
		return err_set(e, ERR_INVALID, "Content-Type", "send the holidays as text/calendar (an .ics file)");
	}
	if (load(req, k, &actor, &l, e) != 0) {
		return -1;
	}
	if (role_check(&actor, k->resource, ACTION_UPDATE, NULL, e) != 0 ||
	    holiday_ics_dates(req->body, req->body_len, from, to, &dates, &ndates, e) != 0) {
		goto done;
	}
	json_t *doc = json_deep_copy(l.doc);
	json_t *holidays = json_object_get(doc, "holidays");
	if (!json_is_array(holidays)) {
		holidays = json_array();
		json_object_set_new(doc, "holidays", holidays);
	}
	for (size_t i = 0; i < ndates; i++) {
		char day[11];
		json_array_append_new(holidays, json_string(date_format(dates[i], day)));
	}
	rc = build(req, k, doc, &b, e);
	json_decref(doc);
	if (rc == 0) {
		rc = replace(req, k, &actor, &l, &b, l.r.version, "update", e);
	}
done:
	free(dates);
	record_built_release(&b);
	loaded_release(&l);
	return rc;
}

#define KIND_ROUTES(p)                                                                                                 \
	{ HTTP_POST, p, post_record, ROUTE_AUTH | ROUTE_IDEMPOTENCY_KEY }, { HTTP_GET, p, get_records, ROUTE_AUTH },   \
	        { HTTP_GET, p "/{id}", get_record, ROUTE_AUTH },                                                       \
	        { HTTP_PUT, p "/{id}", put_record, ROUTE_AUTH | ROUTE_IF_MATCH },                                      \
	{                                                                                                              \
		HTTP_DELETE, p "/{id}", delete_record, ROUTE_AUTH | ROUTE_IF_MATCH                                     \
	}

static const struct route routes[] = {
	KIND_ROUTES("/api/v1/organisations"),
	KIND_ROUTES("/api/v1/users"),
	KIND_ROUTES("/api/v1/services"),
	KIND_ROUTES("/api/v1/calendars"),
	KIND_ROUTES("/api/v1/agreements"),
	KIND_ROUTES("/api/v1/surveys"),
	KIND_ROUTES("/api/v1/costs"),
	{ HTTP_POST, "/api/v1/calendars/{id}/holidays", post_holidays, ROUTE_AUTH },
};

const struct route_table api_record_table = { "record", routes, sizeof(routes) / sizeof(routes[0]) };
