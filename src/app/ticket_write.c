/*
 * ticket_write.c - creating a ticket and appending an event to one, over
 * the API.  The columns and SLA columns are recomputed from the whole log
 * (ticket.c) and written with the events, the audit entry and (on create)
 * the idempotency entry, all in one store write.  A stale version writes
 * nothing.
 */
#include "app/ticket_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ticket.h"
#include "app/ticket_cache.h"
#include "base/id.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "domain/doc.h"

/* What the caller's role makes it on a ticket: the "by" of its events. */
static const char *
author_of(const struct actor *actor)
{
	return author_name(actor->role == ROLE_CUSTOMER ? AUTHOR_CUSTOMER : AUTHOR_AGENT);
}

/* Resolves a body's reference (a name or an id) to an id copied into out; unknown is ERR_INVALID. */
static int
resolve_copy(struct catalog *cat, enum catalog_kind k, const char *ref, const char *field, char out[STORE_ID_MAX + 1],
             struct err *e)
{
	const char *id = catalog_resolve(cat, k, ref, field, e);

	if (id == NULL) {
		e->code = ERR_INVALID;
		return -1;
	}
	snprintf(out, STORE_ID_MAX + 1, "%s", id);
	return 0;
}

/* The initial priority: "priority", or impact x urgency in the matrix m (medium when left out). */
static int
initial_priority(const json_t *body, const struct priority_matrix *m, enum priority *out, struct err *e)
{
	const json_t *p = json_object_get(body, "priority"), *imp = json_object_get(body, "impact"),
	             *urg = json_object_get(body, "urgency");
	int x, i, u;

	if (p != NULL) {
		if (imp != NULL || urg != NULL) {
			return err_set(e, ERR_INVALID, "priority", "give either a priority or impact and urgency");
		}
		x = priority_parse(json_string_value(p));
		if (x < 0) {
			return err_set(e, ERR_INVALID, "priority", "the priority must be \"P1\" .. \"P4\"");
		}
		*out = (enum priority)x;
		return 0;
	}
	i = imp != NULL ? level_parse(json_string_value(imp)) : LEVEL_MEDIUM;
	u = urg != NULL ? level_parse(json_string_value(urg)) : LEVEL_MEDIUM;
	if (i < 0 || u < 0) {
		return err_set(e, ERR_INVALID, i < 0 ? "impact" : "urgency", "%s must be high, medium or low",
		               i < 0 ? "impact" : "urgency");
	}
	*out = priority_from(m, (enum level)i, (enum level)u);
	return 0;
}

/* A string field of 1..max characters, or NULL when absent and optional. */
static int
text_field(const json_t *body, const char *key, size_t max, bool required, const char **out, struct err *e)
{
	const json_t *v = json_object_get(body, key);

	*out = NULL;
	if (v == NULL && !required) {
		return 0;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max) {
		return err_set(e, ERR_INVALID, key, "%s must be a string of 1 to %zu characters", key, max);
	}
	*out = json_string_value(v);
	return 0;
}

/* A stored answer for (actor, key): 1 with *status and the answer appended to out, 0 when none, -1 on a clash. */
static int
replay(struct app *app, const struct actor *actor, const char *key, const char *method_path, int *status,
       struct buf *out, struct err *e)
{
	struct store_idempotency k = { 0 };
	struct err ignored;
	int rc = 0;

	if (key == NULL || store_idempotency_get(app->store, actor->user_id, key, &k, &ignored) != 0) {
		return 0;
	}
	if (strcmp(k.method_path, method_path) != 0) {
		rc = err_set(e, ERR_CONFLICT, "Idempotency-Key", "this Idempotency-Key was used for %.80s",
		             k.method_path);
	} else {
		*status = k.status;
		rc = buf_append_str(out, k.response, e) == 0 ? 1 : -1;
	}
	store_idempotency_release(&k);
	return rc;
}

/* The checked body of a new ticket: ids resolved under the catalog's lock. */
struct new_ticket {
	int type;
	enum priority priority;
	const char *subject, *description, *ref;
	char customer[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1];
};

static int
read_new_ticket(struct app *app, const struct actor *actor, const json_t *body, struct new_ticket *nt, struct err *e)
{
	static const char *const keys[] = { "type",     "customer", "service", "subject", "description",
		                            "priority", "impact",   "urgency", "ref",     NULL };
	const char *customer = actor->role == ROLE_CUSTOMER ? actor->org_id : NULL, *service = NULL;

	if (doc_check_keys(body, keys, e) != 0) {
		return -1;
	}
	nt->type = ticket_type_parse(json_string_value(json_object_get(body, "type")));
	if (nt->type < 0) {
		return err_set(e, ERR_INVALID, "type", "the type must be incident, service_request, problem or change");
	}
	struct catalog *shared = app_catalog_shared(app);
	struct priority_matrix matrix = *catalog_priority_matrix(shared);
	app_catalog_done(app);
	if (text_field(body, "subject", 500, true, &nt->subject, e) != 0 ||
	    text_field(body, "description", 100000, false, &nt->description, e) != 0 ||
	    text_field(body, "ref", 64, false, &nt->ref, e) != 0 ||
	    text_field(body, "service", STORE_ID_MAX, true, &service, e) != 0 ||
	    initial_priority(body, &matrix, &nt->priority, e) != 0) {
		return -1;
	}
	if (json_object_get(body, "customer") != NULL || customer == NULL) {
		if (text_field(body, "customer", STORE_ID_MAX, true, &customer, e) != 0) {
			return -1;
		}
	}
	struct catalog *cat = app_catalog(app);
	int rc = resolve_copy(cat, CATALOG_ORGANISATION, customer, "customer", nt->customer, e) != 0 ||
	                         resolve_copy(cat, CATALOG_SERVICE, service, "service", nt->service, e) != 0 ||
	                         catalog_require_org_type(cat, nt->customer, "customer", "customer", e) != 0
	                 ? -1
	                 : 0;
	app_catalog_done(app);
	if (rc == 0 && role_check(actor, RESOURCE_TICKET, ACTION_CREATE, nt->customer, e) != 0) {
		/* Another organisation's customer is not revealed: the field is just wrong. */
		if (e->code == ERR_NOT_FOUND) {
			err_set(e, ERR_INVALID, "customer",
			        "a customer's user creates tickets for their own organisation only");
		}
		return -1;
	}
	return rc;
}

int
ticket_create(struct app *app, const struct actor *actor, const json_t *body, const char *idempotency_key,
              const char *method_path, int64_t now, int *status, struct buf *out, struct err *e)
{
	struct new_ticket nt;
	struct ticket_event ev;
	struct store_ticket t = { 0 };
	char id[ID_LEN + 1], when[RFC3339_LEN];
	int rc;

	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_CREATE, e) != 0) {
		return -1;
	}
	rc = replay(app, actor, idempotency_key, method_path, status, out, e);
	if (rc != 0) {
		return rc < 0 ? -1 : 0;
	}
	if (read_new_ticket(app, actor, body, &nt, e) != 0) {
		return -1;
	}
	json_t *docs = json_array();
	json_t *created =
	        json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "created", "at", rfc3339_format(now, when), "by",
	                  author_of(actor), "user", actor->user_id, "priority", priority_name(nt.priority));
	json_array_append_new(docs, created);
	if (ticket_event_from_json(&ev, created, e) != 0) {
		json_decref(docs);
		return -1;
	}
	id_new(id, now * 1000);
	t.id = id;
	t.ref = (char *)nt.ref;
	t.type = (char *)ticket_type_name((enum ticket_type)nt.type);
	t.customer_id = nt.customer;
	t.service_id = nt.service;
	t.requester_id = (char *)actor->user_id;
	t.created_at = now;
	t.version = 1;
	json_t *tdoc = json_pack("{s:s, s:s?, s:s}", "subject", nt.subject, "description", nt.description, "requester",
	                         actor->user_id);
	char *tdoc_text = json_dumps(tdoc, JSON_COMPACT);
	char *ev_text = json_dumps(created, JSON_COMPACT);
	json_decref(tdoc);
	t.doc = tdoc_text;
	size_t mark = out->len;
	/* Sets the columns the store write below takes, and renders the answer. */
	rc = ticket_render_text(app, &t, docs, &ev, 1, now, ticket_sees_notes(actor), out, e);
	json_decref(docs);
	if (rc != 0) {
		free(ev_text);
		free(tdoc_text);
		return -1;
	}

	/* The created event names its author and time: a ticket's audit trail is its own log. */
	struct store_event row = { .doc = ev_text };
	struct store_idempotency k = { .actor_id = (char *)actor->user_id,
		                       .key = (char *)idempotency_key,
		                       .method_path = (char *)method_path,
		                       .status = 201,
		                       .response = out->data + mark,
		                       .created_at = now };
	struct store_write *w = store_write_new();
	store_write_ticket_create(w, &t, &row, 1);
	if (idempotency_key != NULL) {
		store_write_idempotency(w, &k);
	}
	rc = store_commit(app->store, w, e);
	store_write_free(w);
	free(ev_text);
	free(tdoc_text);
	*status = 201;
	if (rc != 0) {
		out->len = mark; /* nothing was created: no answer */
		out->data[mark] = '\0';
		/* A concurrent retry with the same key won the race: answer what it stored. */
		if (e->code == ERR_CONFLICT && strcmp(e->field, "idempotency_key") == 0) {
			struct err again;
			err_clear(&again);
			rc = replay(app, actor, idempotency_key, method_path, status, out, &again);
			if (rc > 0) {
				return 0;
			}
		}
		return -1;
	}
	return 0;
}

int
ticket_preview(struct app *app, const struct actor *actor, const json_t *body, int64_t now, struct buf *out,
               struct err *e)
{
	struct new_ticket nt;
	struct ticket_event ev = { .at = now, .type = TEV_CREATED, .to_status = STATUS_COUNT };
	struct store_ticket t = { 0 };
	struct ticket_sla sla;

	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_CREATE, e) != 0 ||
	    read_new_ticket(app, actor, body, &nt, e) != 0) {
		return -1;
	}
	ev.to_priority = nt.priority;
	ev.by = actor->role == ROLE_CUSTOMER ? AUTHOR_CUSTOMER : AUTHOR_AGENT;
	t.customer_id = nt.customer;
	t.service_id = nt.service;
	t.created_at = now;
	/* Under the catalog's lock until rendered: the clocks point into its agreements. */
	struct catalog *cat = app_catalog_shared(app);
	int rc = ticket_columns(cat, &t, &ev, 1, now, &sla, e);
	rc = rc != 0 ? rc : buf_appendf(out, e, "{\"priority\":\"%s\",\"sla\":", priority_name(nt.priority));
	rc = rc != 0 ? rc : ticket_sla_append_json(out, &sla, NULL, e);
	rc = rc != 0 ? rc : buf_append_str(out, ",\"next_due_at\":", e);
	rc = rc != 0 ? rc : json_append_instant(out, sla.next_due_at, e);
	app_catalog_done(app);
	return rc != 0 ? rc : buf_append(out, "}", 1, e);
}

/* ---- appending an event --------------------------------------------------- */

/* The fields a posted event may have, by type (the import format without "at" and "by"). */
static const struct {
	const char *type;
	const char *const keys[4];
} posted[] = {
	{ "status", { "type", "to", NULL } },        { "priority", { "type", "to", NULL } },
	{ "reply", { "type", "public", "body" } },   { "assign", { "type", "team", "agent" } },
	{ "link", { "type", "problem", "change" } }, { "rating", { "type", "score", "comment" } },
	{ "work", { "type", "duration", "note" } },  { "outage", { "type", "start", "end" } },
};

static int
check_posted(const json_t *body, struct err *e)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const char *key;
	json_t *v;
	size_t i = 0;

	while (i < sizeof(posted) / sizeof(posted[0]) && (type == NULL || strcmp(type, posted[i].type) != 0)) {
		i++;
	}
	if (i == sizeof(posted) / sizeof(posted[0])) {
		return err_set(e, ERR_INVALID, "type",
		               "the event type must be status, priority, reply, assign, link, rating, work or outage");
	}
	json_object_foreach((json_t *)body, key, v)
	{
		bool known = false;
		for (size_t k = 0; k < 3 && posted[i].keys[k] != NULL && !known; k++) {
			known = strcmp(key, posted[i].keys[k]) == 0;
		}
		if (!known) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.40s' for a '%s' event", key, type);
		}
	}
	return 0;
}

/* What a customer may post: public replies, reopening a resolved ticket, and rating it. */
static int
customer_may(const struct ticket_event *ev, enum ticket_status current, struct err *e)
{
	if ((ev->type == TEV_REPLY && ev->public) || ev->type == TEV_RATING) {
		return 0;
	}
	if (ev->type == TEV_STATUS && current == STATUS_RESOLVED && ev->to_status == STATUS_IN_PROGRESS) {
		return 0;
	}
	return err_set(e, ERR_FORBIDDEN, "type",
	               "a customer may post public replies, reopen a resolved ticket and rate it");
}

/* Staff may post anything but a rating: satisfaction is the customer's to give. */
static int
staff_may(const struct ticket_event *ev, struct err *e)
{
	if (ev->type == TEV_RATING) {
		return err_set(e, ERR_FORBIDDEN, "type", "only the customer rates a ticket");
	}
	return 0;
}

/* Builds the new event's document: the body, stamped, with references resolved. */
static json_t *
stamped(struct app *app, const struct actor *actor, const json_t *body, int64_t at, struct err *e)
{
	char when[RFC3339_LEN];
	json_t *ev = json_deep_copy(body);
	int rc;

	json_object_set_new(ev, "at", json_string(rfc3339_format(at, when)));
	json_object_set_new(ev, "by", json_string(author_of(actor)));
	json_object_set_new(ev, "user", json_string(actor->user_id));
	struct catalog *cat = app_catalog(app);
	rc = catalog_resolve_field(cat, ev, "team", CATALOG_ORGANISATION, e) != 0 ||
	                     catalog_resolve_field(cat, ev, "agent", CATALOG_USER, e) != 0 ||
	                     (json_is_string(json_object_get(ev, "team")) &&
	                      catalog_require_org_type(cat, json_string_value(json_object_get(ev, "team")), "team",
	                                               "team", e) != 0)
	             ? -1
	             : 0;
	app_catalog_done(app);
	if (rc != 0) {
		if (e->code == ERR_NOT_FOUND) {
			e->code = ERR_INVALID;
		}
		json_decref(ev);
		return NULL;
	}
	return ev;
}

static int
append(struct app *app, const struct actor *actor, struct store_ticket *t, const struct store_event_list *log,
       const json_t *body, int64_t now, struct err *e)
{
	struct ticket_event evs[CATALOG_MAX_EVENTS];
	json_t *docs = json_array(), *ev = NULL;
	char *text = NULL;
	size_t n;
	int rc = -1;

	if (ticket_parse_log(log, docs, evs, &n, e) != 0) {
		goto done;
	}
	if (n == 0 || n >= CATALOG_MAX_EVENTS) {
		err_set(e, ERR_TOO_LARGE, "events", "the ticket has reached %d events", CATALOG_MAX_EVENTS);
		goto done;
	}
	int64_t at = now > evs[n - 1].at ? now : evs[n - 1].at;
	ev = stamped(app, actor, body, at, e);
	if (ev == NULL) {
		goto done;
	}
	json_array_append(docs, ev);
	if (ticket_event_from_json(&evs[n], ev, e) != 0) {
		goto done;
	}
	if (ticket_event_fits_type((enum ticket_type)ticket_type_parse(t->type), &evs[n], e) != 0) {
		goto done;
	}
	enum ticket_status current = (enum ticket_status)ticket_status_parse(t->status);
	if (evs[n].type == TEV_STATUS && !ticket_status_allows(current, evs[n].to_status)) {
		err_set(e, ERR_INVALID, "to", "a ticket cannot move from %s to %s", ticket_status_name(current),
		        ticket_status_name(evs[n].to_status));
		goto done;
	}
	if (actor->role == ROLE_CUSTOMER ? customer_may(&evs[n], current, e) != 0 : staff_may(&evs[n], e) != 0) {
		goto done;
	}
	if (ticket_events_check(evs, n + 1, e) != 0) {
		goto done;
	}
	struct store_ticket u = *t; /* t owns its strings; u borrows */
	struct catalog *cat = app_catalog_shared(app);
	rc = ticket_columns(cat, &u, evs, n + 1, now, NULL, e);
	app_catalog_done(app);
	if (rc != 0) {
		goto done;
	}
	text = json_dumps(ev, JSON_COMPACT);
	/* The event names its author and time: a ticket's audit trail is its own log. */
	struct store_event row = { .doc = text };
	struct store_write *w = store_write_new();
	store_write_ticket_append(w, &u, &row, 1);
	rc = store_commit(app->store, w, e);
	ticket_cache_forget(app->tickets, t->id); /* after the commit: a read now sees it */
	store_write_free(w);
	if (rc != 0 && store_err_is_version_mismatch(e)) {
		err_set(e, ERR_PRECONDITION, "If-Match", "the ticket changed since version %lld",
		        (long long)t->version);
	}
done:
	free(text);
	json_decref(ev);
	json_decref(docs);
	return rc;
}

int
ticket_add_event(struct app *app, const struct actor *actor, const char *id, int64_t version, const json_t *body,
                 int64_t now, json_t **out, int64_t *new_version, struct err *e)
{
	struct store_ticket t = { 0 };
	struct store_event_list log = { 0 };
	int rc = -1;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_UPDATE, e) != 0) {
		return -1;
	}
	if (store_ticket_get(app->store, id, &t, &log, e) != 0 ||
	    role_check(actor, RESOURCE_TICKET, ACTION_UPDATE, t.customer_id, e) != 0) {
		goto done;
	}
	if (check_posted(body, e) != 0) {
		goto done;
	}
	if (t.version != version) {
		err_set(e, ERR_PRECONDITION, "If-Match", "the ticket is at version %lld, not %lld",
		        (long long)t.version, (long long)version);
		goto done;
	}
	t.version = version;
	if (append(app, actor, &t, &log, body, now, e) == 0) {
		rc = ticket_read(app, actor, id, now, out, new_version, e);
	}
done:
	store_event_list_release(&log);
	store_ticket_release(&t);
	return rc;
}
