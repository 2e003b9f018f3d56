/*
 * ticket.c - tickets read: a ticket's columns derived from its log (shared
 * by import, the API and the writes of ticket_write.c), one ticket as JSON
 * with its clocks as of now, and pages of them.  Customers see their own
 * organisation's tickets only, and never internal notes.  No HTTP here.
 */
#include "app/ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ticket_cache.h"
#include "base/json.h"
#include "base/id.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

#define TICKET_MAX_AGREEMENTS 16
/* Room set aside for a ticket's clocks when its answer is sized: a few clocks with their spans. */
#define TICKET_CLOCKS_ROOM 4096

/* The clocks of the agreements that apply to ticket t (n > 0 events evs) as of now; spans into trace (or NULL). */
static int
eval_clocks(struct catalog *cat, const struct store_ticket *t, const struct ticket_event *evs, size_t n, int64_t now,
            struct ticket_sla *sla, struct ticket_sla_trace *trace, struct err *e)
{
	const struct agreement_spec *ags[TICKET_MAX_AGREEMENTS];
	size_t nags = catalog_applicable(cat, t->customer_id, t->service_id, floor_div(evs[0].at, 86400), ags,
	                                 TICKET_MAX_AGREEMENTS);

	return ticket_sla_eval_traced(evs, n, ags, nags, catalog_calendar, cat, now, sla, trace, e);
}

/* ticket_columns, the clocks' spans also recorded into trace (may be NULL). */
static int
set_columns(struct catalog *cat, struct store_ticket *t, const struct ticket_event *evs, size_t n, int64_t now,
            struct ticket_sla *sla_out, struct ticket_sla_trace *trace, struct err *e)
{
	struct ticket_sla_event happened[32];
	struct ticket_sla local, *sla = sla_out != NULL ? sla_out : &local;
	enum ticket_status status = STATUS_NEW;

	if (n == 0) {
		return err_set(e, ERR_INTERNAL, "events", "a ticket's log is empty");
	}
	t->priority = (char *)priority_name(evs[0].to_priority);
	t->team_id = t->agent_id = NULL;
	t->resolved_at = TIME_NONE;
	t->updated_at = evs[0].at;
	for (size_t i = 0; i < n; i++) {
		t->updated_at = evs[i].at;
		if (evs[i].type == TEV_STATUS) {
			status = evs[i].to_status;
			if (status == STATUS_RESOLVED) {
				t->resolved_at = evs[i].at;
			} else if (!ticket_status_is_done(status)) {
				t->resolved_at = TIME_NONE;
			}
		} else if (evs[i].type == TEV_PRIORITY) {
			t->priority = (char *)priority_name(evs[i].to_priority);
		} else if (evs[i].type == TEV_ASSIGN) {
			t->team_id = (char *)evs[i].team;
			t->agent_id = (char *)evs[i].agent;
		}
	}
	t->status = (char *)ticket_status_name(status);
	t->open = !ticket_status_is_done(status);
	if (eval_clocks(cat, t, evs, n, now, sla, trace, e) != 0) {
		return -1;
	}
	t->next_due_at = sla->next_due_at;
	/* Happened but unrecorded (k > 0): the job records them at once; else it waits for the next. */
	if (ticket_sla_pending(sla, evs, n, now, happened, 32, &t->next_sla_event_at) > 0) {
		t->next_sla_event_at = happened[0].at;
	}
	t->sla_state = (char *)ticket_sla_state_name(sla->state);
	return 0;
}

/* The ticket's state after its events: what the list columns show. */
int
ticket_columns(struct catalog *cat, struct store_ticket *t, const struct ticket_event *evs, size_t n, int64_t now,
               struct ticket_sla *sla_out, struct err *e)
{
	return set_columns(cat, t, evs, n, now, sla_out, NULL, e);
}

/* ---- rendering ------------------------------------------------------------ */

json_t *
ticket_str_json(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* What customers never see: an internal note (a reply that is not public) and logged work. */
static bool
is_note(const json_t *ev)
{
	const char *type = json_string_value(json_object_get(ev, "type"));

	if (type == NULL) {
		return false;
	}
	return (strcmp(type, "reply") == 0 && json_is_false(json_object_get(ev, "public"))) ||
	       strcmp(type, "work") == 0;
}

/* The list columns of t; the caller adds the rest. */
static json_t *
summary_json(const struct store_ticket *t)
{
	json_t *doc = t->doc != NULL ? json_loads(t->doc, 0, NULL) : NULL;
	json_t *out = json_object();

	json_object_set_new(out, "id", json_string(t->id));
	json_object_set_new(out, "ref", ticket_str_json(t->ref));
	json_object_set_new(out, "type", ticket_str_json(t->type));
	json_object_set_new(out, "customer", ticket_str_json(t->customer_id));
	json_object_set_new(out, "service", ticket_str_json(t->service_id));
	json_object_set(out, "subject",
	                json_object_get(doc, "subject") != NULL ? json_object_get(doc, "subject") : json_null());
	json_object_set_new(out, "priority", ticket_str_json(t->priority));
	json_object_set_new(out, "status", ticket_str_json(t->status));
	json_object_set_new(out, "team", ticket_str_json(t->team_id));
	json_object_set_new(out, "agent", ticket_str_json(t->agent_id));
	json_object_set_new(out, "created_at", json_instant(t->created_at));
	json_object_set_new(out, "updated_at", json_instant(t->updated_at));
	json_object_set_new(out, "version", json_integer(t->version));
	json_object_set_new(out, "sla_state", json_string(t->sla_state != NULL ? t->sla_state : "none"));
	json_object_set_new(out, "next_due_at", json_instant(t->next_due_at));
	json_decref(doc);
	return out;
}

/* The fields before the clocks: the columns and the document's description and requester. */
static json_t *
head_json(const struct store_ticket *t)
{
	json_t *out = summary_json(t), *doc = t->doc != NULL ? json_loads(t->doc, 0, NULL) : NULL;

	json_object_set(out, "description",
	                json_object_get(doc, "description") != NULL ? json_object_get(doc, "description")
	                                                            : json_null());
	json_object_set(out, "requester",
	                json_object_get(doc, "requester") != NULL ? json_object_get(doc, "requester") : json_null());
	json_decref(doc);
	/* The live figures replace the stored ones. */
	json_object_del(out, "sla_state");
	json_object_del(out, "next_due_at");
	return out;
}

/* The log as the viewer may see it, each event with its seq. */
static json_t *
events_json(const json_t *docs, bool notes)
{
	json_t *events = json_array(), *ev;
	size_t i;

	json_array_foreach(docs, i, ev)
	{
		if (!notes && is_note(ev)) {
			continue;
		}
		json_t *copy = json_deep_copy(ev);
		json_object_set_new(copy, "seq", json_integer((json_int_t)i + 1));
		json_array_append_new(events, copy);
	}
	return events;
}

/* True when actor may read internal notes. */
bool
ticket_sees_notes(const struct actor *actor)
{
	return role_allows(actor->role, RESOURCE_TICKET_NOTE, ACTION_READ, NULL);
}

/* Parses a stored log into docs (a new array) and evs (borrowing from docs). */
int
ticket_parse_log(const struct store_event_list *log, json_t *docs, struct ticket_event *evs, size_t *n, struct err *e)
{
	*n = 0;
	if (log->n > CATALOG_MAX_EVENTS) {
		return err_set(e, ERR_TOO_LARGE, "events", "the ticket has more than %d events", CATALOG_MAX_EVENTS);
	}
	for (size_t i = 0; i < log->n; i++) {
		json_t *doc = json_loads(log->v[i].doc, 0, NULL);
		json_array_append_new(docs, doc != NULL ? doc : json_object());
		if (ticket_event_from_json(&evs[i], json_array_get(docs, i), e) != 0) {
			return -1;
		}
	}
	*n = log->n;
	return 0;
}

/* json as compact text into *text (owned) and *len; a trailing '}' dropped when open. */
static void
dump(json_t *json, bool open, char **text, size_t *len)
{
	*text = json_dumps(json, JSON_COMPACT);
	*len = strlen(*text);
	if (open && *len > 0) {
		(*text)[--*len] = '\0';
	}
	json_decref(json);
}

/*
 * Evaluates t's clocks from its n events evs as of now (with columns, also
 * setting t's columns) and appends ,"sla":[...],"sla_state":...,"next_due_at":...
 * to out.  All under the catalog's lock: the clocks point into its agreements.
 */
static int
render_clocks(struct app *app, struct store_ticket *t, bool columns, const struct ticket_event *evs, size_t n,
              int64_t now, struct buf *out, struct err *e)
{
	struct ticket_sla sla;
	struct ticket_sla_trace trace; /* about 40 KiB; the spans are listed from it, not evaluated again */
	struct catalog *cat = app_catalog_shared(app);
	int rc = columns ? set_columns(cat, t, evs, n, now, &sla, &trace, e)
	                 : eval_clocks(cat, t, evs, n, now, &sla, &trace, e);

	rc = rc != 0 ? rc : buf_append_str(out, ",\"sla\":", e);
	rc = rc != 0 ? rc : ticket_sla_append_json(out, &sla, &trace, e);
	rc = rc != 0 ? rc : buf_append_str(out, ",\"sla_state\":\"", e);
	rc = rc != 0 ? rc : buf_append_str(out, ticket_sla_state_name(sla.state), e);
	rc = rc != 0 ? rc : buf_append_str(out, "\",\"next_due_at\":", e);
	rc = rc != 0 ? rc : json_append_instant(out, sla.next_due_at, e);
	app_catalog_done(app);
	return rc;
}

/* Appends ,"events":EVENTS} to out. */
static int
render_events(struct buf *out, const char *events, size_t events_len, struct err *e)
{
	int rc = buf_append_str(out, ",\"events\":", e);

	rc = rc != 0 ? rc : buf_append(out, events, events_len, e);
	return rc != 0 ? rc : buf_append(out, "}", 1, e);
}

int
ticket_render_text(struct app *app, struct store_ticket *t, const json_t *docs, const struct ticket_event *evs,
                   size_t n, int64_t now, bool notes, struct buf *out, struct err *e)
{
	struct buf clocks;
	char *head, *events;
	size_t head_len, events_len;

	buf_init(&clocks, out->max);
	if (render_clocks(app, t, true, evs, n, now, &clocks, e) != 0) {
		buf_release(&clocks);
		return -1;
	}
	dump(head_json(t), true, &head, &head_len);
	dump(events_json(docs, notes), false, &events, &events_len);
	int rc = buf_append(out, head, head_len, e);
	rc = rc != 0 ? rc : buf_append(out, clocks.data, clocks.len, e);
	rc = rc != 0 ? rc : render_events(out, events, events_len, e);
	buf_release(&clocks);
	free(head);
	free(events);
	return rc;
}

/* Ticket id read from the store, parsed and half rendered: a new view with one reference. */
static struct ticket_view *
view_read(struct store *s, const char *id, int64_t mono, struct err *e)
{
	struct ticket_view *v = xcalloc(1, sizeof(*v));
	struct store_event_list log = { 0 };

	v->refs = 1;
	v->loaded_at = mono;
	v->docs = json_array();
	if (store_ticket_get(s, id, &v->t, &log, e) != 0) {
		goto fail;
	}
	v->evs = xcalloc(log.n > 0 ? log.n : 1, sizeof(*v->evs));
	if (ticket_parse_log(&log, v->docs, v->evs, &v->n, e) != 0) {
		goto fail;
	}
	if (v->n == 0) {
		err_set(e, ERR_INTERNAL, "events", "a ticket's log is empty");
		goto fail;
	}
	store_event_list_release(&log);
	dump(head_json(&v->t), true, &v->head, &v->head_len);
	dump(events_json(v->docs, true), false, &v->events_all, &v->events_all_len);
	dump(events_json(v->docs, false), false, &v->events_public, &v->events_public_len);
	return v;
fail:
	store_event_list_release(&log);
	ticket_view_release(v);
	return NULL;
}

/* The view of ticket id, from the cache when it is fresh there; release it with ticket_view_release. */
static struct ticket_view *
view_get(struct app *app, const char *id, struct err *e)
{
	int64_t mono = time_monotonic_s();
	uint64_t generation = 0;
	struct ticket_view *v = app->tickets != NULL ? ticket_cache_get(app->tickets, id, mono, &generation) : NULL;

	if (v == NULL) {
		v = view_read(app->store, id, mono, e);
		if (v != NULL && app->tickets != NULL) {
			ticket_cache_put(app->tickets, v, generation);
		}
	}
	return v;
}

int
ticket_read_text(struct app *app, const struct actor *actor, const char *id, int64_t now, struct buf *out,
                 int64_t *version, struct err *e)
{
	struct ticket_view *v = view_get(app, id, e);
	int rc = -1;

	if (v == NULL || role_check(actor, RESOURCE_TICKET, ACTION_READ, v->t.customer_id, e) != 0) {
		goto done;
	}
	/* The stored columns stay what the head shows; only the clocks are as of now. */
	bool notes = ticket_sees_notes(actor);
	size_t events_len = notes ? v->events_all_len : v->events_public_len;
	/* One allocation for the whole answer, not one per doubling; past the ceiling the appends say so. */
	size_t want = v->head_len + events_len + TICKET_CLOCKS_ROOM;
	rc = want <= out->max - out->len ? buf_reserve(out, want, e) : 0;
	rc = rc != 0 ? rc : buf_append(out, v->head, v->head_len, e);
	rc = rc != 0 ? rc : render_clocks(app, &v->t, false, v->evs, v->n, now, out, e);
	rc = rc != 0 ? rc : render_events(out, notes ? v->events_all : v->events_public, events_len, e);
	*version = v->t.version;
done:
	ticket_view_release(v);
	return rc;
}

int
ticket_read(struct app *app, const struct actor *actor, const char *id, int64_t now, json_t **out, int64_t *version,
            struct err *e)
{
	struct buf b;
	int rc;

	*out = NULL;
	buf_init(&b, TICKET_TEXT_MAX);
	rc = ticket_read_text(app, actor, id, now, &b, version, e);
	if (rc == 0) {
		*out = json_loadb(b.data, b.len, 0, NULL);
		if (*out == NULL) {
			rc = err_set(e, ERR_INTERNAL, NULL, "a ticket rendered as invalid JSON");
		}
	}
	buf_release(&b);
	return rc;
}

/* ---- listing -------------------------------------------------------------- */

int
ticket_filter_ref(struct app *app, enum catalog_kind k, const char *ref, const char *field, char out[STORE_ID_MAX + 1],
                  const char **dst, struct err *e)
{
	if (ref == NULL) {
		*dst = NULL;
		return 0;
	}
	struct catalog *cat = app_catalog(app);
	const char *id = catalog_resolve(cat, k, ref, field, e);
	if (id != NULL) {
		snprintf(out, STORE_ID_MAX + 1, "%s", id);
	}
	app_catalog_done(app);
	if (id == NULL) {
		e->code = ERR_INVALID;
		return -1;
	}
	*dst = out;
	return 0;
}

static const struct {
	const char *name;
	enum store_ticket_sort sort;
	bool descending;
} sorts[] = {
	{ "due_at", STORE_TICKET_BY_DUE, false },         { "created_at", STORE_TICKET_BY_CREATED, false },
	{ "-created_at", STORE_TICKET_BY_CREATED, true }, { "updated_at", STORE_TICKET_BY_UPDATED, false },
	{ "-updated_at", STORE_TICKET_BY_UPDATED, true },
};

/* Splits a comma-separated list of statuses into vals (names checked). */
static int
split_statuses(char *s, const char **vals, size_t *n, struct err *e)
{
	char *p = s;

	*n = 0;
	while (p != NULL) {
		char *comma = strchr(p, ',');
		if (comma != NULL) {
			*comma = '\0';
		}
		if (ticket_status_parse(p) < 0 || *n == STORE_FILTER_VALUES_MAX) {
			return err_set(e, ERR_INVALID, "status", "unknown status '%.40s'", p);
		}
		vals[(*n)++] = p;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return 0;
}

int
ticket_list(struct app *app, const struct actor *actor, const struct ticket_list_params *p, json_t **out, struct err *e)
{
	static const char *const sla_states[] = { "at_risk", "breached", NULL };
	struct store_ticket_query q = { 0 };
	struct store_ticket_page page = { 0 };
	char customer[STORE_ID_MAX + 1], team[STORE_ID_MAX + 1], agent[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1];
	char statuses[256];
	const char *status_vals[STORE_FILTER_VALUES_MAX], *sla_val[1];
	enum scope scope = SCOPE_NONE;
	size_t i;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0) {
		return -1;
	}
	role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope);
	/* team=none and agent=none: nobody holds it (the unassigned queue). */
	q.team_none = p->team != NULL && strcmp(p->team, "none") == 0;
	q.agent_none = p->agent != NULL && strcmp(p->agent, "none") == 0;
	if (ticket_filter_ref(app, CATALOG_ORGANISATION, p->customer, "customer", customer, &q.customer_id, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_ORGANISATION, q.team_none ? NULL : p->team, "team", team, &q.team_id, e) !=
	            0 ||
	    ticket_filter_ref(app, CATALOG_USER, q.agent_none ? NULL : p->agent, "agent", agent, &q.agent_id, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_SERVICE, p->service, "service", service, &q.service_id, e) != 0) {
		return -1;
	}
	if (scope == SCOPE_OWN_ORG) {
		if (actor->org_id == NULL || (q.customer_id != NULL && strcmp(q.customer_id, actor->org_id) != 0)) {
			*out = json_pack("{s:[], s:n}", "items", "next_cursor");
			return 0;
		}
		q.customer_id = actor->org_id;
	}
	if (p->priority != NULL && priority_parse(p->priority) < 0) {
		return err_set(e, ERR_INVALID, "priority", "the priority must be \"P1\" .. \"P4\"");
	}
	q.priority = p->priority;
	if (p->status != NULL) {
		if (strlen(p->status) >= sizeof(statuses)) {
			return err_set(e, ERR_INVALID, "status", "too many statuses");
		}
		snprintf(statuses, sizeof(statuses), "%s", p->status);
		if (split_statuses(statuses, status_vals, &q.n_statuses, e) != 0) {
			return -1;
		}
		q.statuses = status_vals;
	}
	if (p->sla != NULL) {
		for (i = 0; sla_states[i] != NULL && strcmp(sla_states[i], p->sla) != 0; i++) {
		}
		if (sla_states[i] == NULL) {
			return err_set(e, ERR_INVALID, "sla", "sla must be at_risk or breached");
		}
		sla_val[0] = sla_states[i];
		q.sla_states = sla_val;
		q.n_sla_states = 1;
	}
	if (p->open != NULL) {
		if (strcmp(p->open, "true") != 0 && strcmp(p->open, "false") != 0) {
			return err_set(e, ERR_INVALID, "open", "open must be true or false");
		}
		q.open_only = strcmp(p->open, "true") == 0;
	}
	q.sort = STORE_TICKET_BY_CREATED;
	if (p->sort != NULL) {
		for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]) && strcmp(sorts[i].name, p->sort) != 0; i++) {
		}
		if (i == sizeof(sorts) / sizeof(sorts[0])) {
			return err_set(e, ERR_INVALID, "sort",
			               "sort must be due_at, created_at or updated_at ('-' for newest first)");
		}
		q.sort = sorts[i].sort;
		q.descending = sorts[i].descending;
	}
	if (p->limit != NULL) {
		char *end;
		long v = strtol(p->limit, &end, 10);
		if (*p->limit == '\0' || *end != '\0' || v < 1 || v > STORE_PAGE_MAX) {
			return err_set(e, ERR_INVALID, "limit", "limit must be 1 to %d", STORE_PAGE_MAX);
		}
		q.limit = (size_t)v;
	}
	q.cursor = p->cursor;
	if (store_ticket_list(app->store, &q, &page, e) != 0) {
		return -1;
	}
	json_t *items = json_array();
	for (i = 0; i < page.n; i++) {
		json_array_append_new(items, summary_json(&page.rows[i]));
	}
	*out = json_pack("{s:o, s:o}", "items", items, "next_cursor", ticket_str_json(page.next_cursor));
	store_ticket_page_release(&page);
	return 0;
}
