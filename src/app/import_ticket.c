/*
 * import_ticket.c - see import_ticket.h.
 */
#include "app/import_ticket.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ticket.h"
#include "base/json_fast.h"
#include "domain/doc.h"
#include "domain/ticket.h"

#define CATALOG_MAX_EVENTS 256

/* Parses and checks the events, resolving teams and agents to ids in evdocs (in place; the events borrow from it). */
static int
ticket_events(struct catalog *cat, json_t *evdocs, enum ticket_type type, const char *priority,
              struct ticket_event *evs, size_t *n, struct err *e)
{
	size_t i;
	json_t *ev;
	char field[48];

	if (!json_is_array(evdocs) || json_array_size(evdocs) == 0 || json_array_size(evdocs) > CATALOG_MAX_EVENTS) {
		return err_set(e, ERR_INVALID, "events", "a ticket needs a list of 1 to %d events", CATALOG_MAX_EVENTS);
	}
	json_array_foreach(evdocs, i, ev)
	{
		if (json_is_object(ev) && i == 0 && json_object_get(ev, "priority") == NULL) {
			json_object_set_new(ev, "priority", json_string(priority));
		}
		if ((json_is_object(ev) &&
		     (catalog_resolve_field_in_place(cat, ev, "team", CATALOG_ORGANISATION, e) != 0 ||
		      catalog_resolve_field_in_place(cat, ev, "agent", CATALOG_USER, e) != 0)) ||
		    ticket_event_from_json(&evs[i], ev, e) != 0 || ticket_event_fits_type(type, &evs[i], e) != 0) {
			snprintf(field, sizeof(field), "events[%zu]", i);
			err_prefix_field(e, field);
			return -1;
		}
	}
	*n = json_array_size(evdocs);
	return ticket_events_check(evs, *n, e);
}

static const char *const ticket_keys[TK_COUNT + 1] = {
	[TK_KIND] = "kind",
	[TK_ID] = "id",
	[TK_REF] = "ref",
	[TK_TYPE] = "type",
	[TK_CUSTOMER] = "customer",
	[TK_SERVICE] = "service",
	[TK_PRIORITY] = "priority",
	[TK_SUBJECT] = "subject",
	[TK_DESCRIPTION] = "description",
	[TK_REQUESTER] = "requester",
	[TK_EVENTS] = "events",
	[TK_STATUS] = "status",
	[TK_SLA] = "sla",
	[TK_COUNT] = NULL,
};

int
import_ticket_precheck(const json_t *doc, json_t *f[TK_COUNT], struct err *e)
{
	const json_t *given_id;

	if (doc_take_keys(doc, ticket_keys, f, e) != 0) {
		return -1;
	}
	given_id = f[TK_ID];
	if (given_id != NULL && (!json_is_string(given_id) || !id_valid(json_string_value(given_id)))) {
		return err_set(e, ERR_INVALID, "id", "an id is 26 characters of 0-9 and a-z, as Levera writes them");
	}
	return 0;
}

/* Appends doc's text and a NUL to b: the offset it starts at, or -1 when b is full. */
static long
append_text(struct buf *b, const json_t *doc)
{
	size_t at = b->len;
	struct err ignored;

	if (json_fast_dump_compact(doc, b, &ignored) != 0 || buf_append(b, "", 1, &ignored) != 0) {
		return -1;
	}
	return (long)at;
}

/* The ticket's own document, as json_pack("{s:s, s:s?, s:s?}", ...) would write it, into b (see append_text). */
static long
append_ticket_doc(struct buf *b, json_t *const f[TK_COUNT])
{
	static const struct {
		enum ticket_key key;
		const char *head;
	} parts[] = {
		{ TK_SUBJECT, "{\"subject\":" },
		{ TK_DESCRIPTION, ",\"description\":" },
		{ TK_REQUESTER, ",\"requester\":" },
	};
	size_t at = b->len;
	struct err ignored;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const json_t *v = f[parts[i].key];
		if (buf_append_str(b, parts[i].head, &ignored) != 0 ||
		    (json_is_string(v) ? json_fast_dump_compact(v, b, &ignored) : buf_append(b, "null", 4, &ignored)) !=
		            0) {
			return -1;
		}
	}
	return buf_append(b, "}", 2, &ignored) != 0 ? -1 : (long)at;
}

/*
 * The texts of a ticket's write: its document into t->doc, its events' into
 * rows[i].doc, all in b (emptied first; the write copies them), those that
 * do not fit in their own allocation (own[i] for the events, own[n] for
 * the ticket's).
 */
static void
ticket_texts(struct buf *b, const json_t *doc, json_t *const f[TK_COUNT], const json_t *evdocs, size_t n,
             struct store_ticket *t, struct store_event *rows, bool *own)
{
	long at[CATALOG_MAX_EVENTS + 1];

	buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		at[i] = append_text(b, json_array_get(evdocs, i));
	}
	at[n] = append_ticket_doc(b, f);
	for (size_t i = 0; i < n; i++) {
		own[i] = at[i] < 0;
		rows[i].seq = 0;
		rows[i].doc = own[i] ? json_dumps(json_array_get(evdocs, i), JSON_COMPACT) : b->data + at[i];
	}
	own[n] = at[n] < 0;
	if (own[n]) {
		json_t *tdoc =
		        json_pack("{s:s, s:s?, s:s?}", "subject", json_string_value(json_object_get(doc, "subject")),
		                  "description", json_string_value(json_object_get(doc, "description")), "requester",
		                  json_string_value(json_object_get(doc, "requester")));
		t->doc = json_dumps(tdoc, JSON_COMPACT);
		json_decref(tdoc);
	} else {
		t->doc = b->data + at[n];
	}
}

int
import_ticket_build(struct catalog *cat, struct buf *texts, const char *actor_id, json_t *doc,
                    json_t *const f[TK_COUNT], int64_t now, char id[ID_LEN + 1], struct store_write *w, struct err *e)
{
	struct ticket_event evs[CATALOG_MAX_EVENTS];
	struct store_event rows[CATALOG_MAX_EVENTS];
	struct store_ticket t = { 0 };
	const json_t *given_id = f[TK_ID], *subject = f[TK_SUBJECT], *customer_name = f[TK_CUSTOMER],
	             *service_name = f[TK_SERVICE];
	const char *customer, *service;
	size_t n = 0;
	int type = ticket_type_parse(json_string_value(f[TK_TYPE]));
	int prio = priority_parse(json_string_value(f[TK_PRIORITY]));

	if (type < 0) {
		return err_set(e, ERR_INVALID, "type", "the type must be incident, service_request, problem or change");
	}
	if (prio < 0) {
		return err_set(e, ERR_INVALID, "priority", "the priority must be \"P1\" .. \"P4\"");
	}
	if (!json_is_string(subject) || json_string_length(subject) == 0 || json_string_length(subject) > 500) {
		return err_set(e, ERR_INVALID, "subject", "a ticket needs a subject of 1 to 500 characters");
	}
	if (!json_is_string(customer_name) || !json_is_string(service_name)) {
		return err_set(e, ERR_INVALID, json_is_string(customer_name) ? "service" : "customer",
		               "a ticket names its customer and service");
	}
	customer = catalog_resolve(cat, CATALOG_ORGANISATION, json_string_value(customer_name), "customer", e);
	service = customer == NULL
	                  ? NULL
	                  : catalog_resolve(cat, CATALOG_SERVICE, json_string_value(service_name), "service", e);
	if (service == NULL || catalog_require_org_type(cat, customer, "customer", "customer", e) != 0) {
		return -1;
	}
	/* catalog_resolve() may grow the caches; copy what the ticket keeps. */
	char customer_id[ID_LEN + 1], service_id[ID_LEN + 1];
	id_copy(customer_id, customer);
	id_copy(service_id, service);
	json_t *evdocs = f[TK_EVENTS];
	if (ticket_events(cat, evdocs, (enum ticket_type)type, priority_name((enum priority)prio), evs, &n, e) != 0) {
		return -1;
	}
	if (given_id != NULL) {
		id_copy(id, json_string_value(given_id));
	} else {
		id_new(id, now * 1000);
	}
	t.id = id;
	t.ref = (char *)json_string_value(f[TK_REF]);
	t.type = (char *)ticket_type_name((enum ticket_type)type);
	t.customer_id = customer_id;
	t.service_id = service_id;
	t.created_at = evs[0].at;
	/* Status, priority, holder and the SLA columns, from the log: the same code the API writes with. */
	if (ticket_columns(cat, &t, evs, n, now, NULL, e) != 0) {
		return -1;
	}
	bool own[CATALOG_MAX_EVENTS + 1];
	ticket_texts(texts, doc, f, evdocs, n, &t, rows, own);
	struct store_audit a = {
		.at = now, .actor_id = (char *)actor_id, .action = "import", .kind = "ticket", .record_id = id
	};
	store_write_ticket_create(w, &t, rows, n);
	store_write_audit(w, &a);
	for (size_t i = 0; i < n; i++) {
		if (own[i]) {
			free(rows[i].doc);
		}
	}
	if (own[n]) {
		free(t.doc);
	}
	return 0;
}
