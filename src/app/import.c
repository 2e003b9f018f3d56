/*
 * import.c - one record a line into the store.
 *
 * Every reference is resolved to an id (app/catalog.c) before anything is
 * written, and each ticket's SLA columns (state, next deadline) are computed
 * as it is written, from the same engine the API uses.  Configuration
 * records are one store write each; tickets go in group commits of
 * IMPORT_BATCH.  Every write carries its audit entry.
 */
#include "app/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/ticket.h"
#include "app/record.h"
#include "base/id.h"
#include "base/strmap.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/agreement.h"
#include "domain/calendar.h"
#include "domain/doc.h"
#include "domain/organisation.h"
#include "domain/service.h"
#include "domain/ticket_sla.h"
#include "domain/user.h"

#define CATALOG_MAX_EVENTS 256

struct importer {
	struct store *store;
	char *actor_id;
	struct actor actor; /* who imports, when checked (has_actor) */
	bool has_actor;
	struct catalog *cat;
	import_report_fn report;
	void *report_ctx;
	struct store_write *pending[IMPORT_BATCH]; /* queued ticket writes */
	long pending_tags[IMPORT_BATCH];
	size_t npending;
	struct strmap pending_refs; /* refs queued in this batch: a repeat is skipped */
	struct strmap pending_ids;  /* ticket ids queued in this batch, likewise */
};

/* What a record handler did; QUEUED is reported when its batch commits. */
enum handled {
	HANDLED_CREATED = IMPORT_CREATED,
	HANDLED_SKIPPED = IMPORT_SKIPPED,
	HANDLED_FAILED = IMPORT_FAILED,
	HANDLED_QUEUED
};

struct importer *
importer_new(struct store *s, const struct actor *actor, import_report_fn report, void *ctx, struct err *e)
{
	struct importer *im;
	struct catalog *cat = catalog_new(s, e);

	if (cat == NULL) {
		return NULL;
	}
	im = xcalloc(1, sizeof(*im));
	im->store = s;
	im->cat = cat;
	im->report = report;
	im->report_ctx = ctx;
	if (actor != NULL) {
		im->actor_id = actor->user_id != NULL ? xstrdup(actor->user_id) : NULL;
		im->actor = (struct actor){ .role = actor->role, .user_id = im->actor_id };
		im->has_actor = true;
	}
	strmap_init(&im->pending_refs);
	strmap_init(&im->pending_ids);
	return im;
}

void
importer_free(struct importer *im)
{
	if (im == NULL) {
		return;
	}
	importer_flush(im, NULL);
	strmap_release(&im->pending_refs);
	strmap_release(&im->pending_ids);
	catalog_free(im->cat);
	free(im->actor_id);
	free(im);
}

static int
commit_one(struct importer *im, struct store_write *w, const char *kind, const char *id, int64_t now, struct err *e)
{
	struct store_audit a = {
		.at = now, .actor_id = im->actor_id, .action = "import", .kind = (char *)kind, .record_id = (char *)id
	};
	int rc;

	store_write_audit(w, &a);
	rc = store_commit(im->store, w, e);
	store_write_free(w);
	return rc;
}

/*
 * Creates a configuration record unless one with its key exists.  Returns
 * the outcome; on IMPORT_CREATED or IMPORT_SKIPPED, id receives its id.
 */
static enum import_outcome
put_record(struct importer *im, enum catalog_kind k, const char *key, const char *org_id, const json_t *doc,
           int64_t now, char id[ID_LEN + 1], struct err *e)
{
	struct store_record existing = { 0 }, r = { 0 };
	struct err ignored;
	char *text;
	int rc;

	if (store_record_get_by_key(im->store, catalog_kind_name(k), key, &existing, &ignored) == 0) {
		snprintf(id, ID_LEN + 1, "%s", existing.id);
		catalog_remember(im->cat, k, key, existing.id);
		store_record_release(&existing);
		return IMPORT_SKIPPED;
	}
	id_new(id, now * 1000);
	text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	r.kind = (char *)catalog_kind_name(k);
	r.id = id;
	r.key = (char *)key;
	r.org_id = (char *)org_id;
	r.created_at = r.updated_at = now;
	r.doc = text;
	struct store_write *w = store_write_new();
	store_write_record_create(w, &r);
	rc = commit_one(im, w, catalog_kind_name(k), id, now, e);
	free(text);
	if (rc != 0) {
		return IMPORT_FAILED;
	}
	catalog_remember(im->cat, k, key, id);
	return IMPORT_CREATED;
}

/* Creates a configuration record of kind k unless one with its key exists (app/record.c checks it). */
static enum import_outcome
import_kind(struct importer *im, enum catalog_kind k, json_t *doc, int64_t now, struct err *e)
{
	struct record_built b;
	char id[ID_LEN + 1];
	enum import_outcome out = IMPORT_FAILED;

	if (record_build(im->cat, k, doc, &b, e) == 0) {
		out = put_record(im, k, b.key, b.org_id, b.doc, now, id, e);
	}
	if (out == IMPORT_CREATED && record_note_stored(im->cat, &b, id, e) != 0) {
		out = IMPORT_FAILED;
	} else if (out == IMPORT_SKIPPED && k == CATALOG_ORGANISATION) {
		catalog_remember_org_type(im->cat, id, b.type);
	}
	record_built_release(&b);
	return out;
}

/* Parses and checks the events, resolving teams and agents to ids in evdocs (a copy the events borrow from). */
static int
ticket_events(struct importer *im, json_t *evdocs, const char *priority, struct ticket_event *evs, size_t *n,
              struct err *e)
{
	size_t i;
	json_t *ev;
	char field[48];

	if (!json_is_array(evdocs) || json_array_size(evdocs) == 0 || json_array_size(evdocs) > CATALOG_MAX_EVENTS) {
		return err_set(e, ERR_INVALID, "events", "a ticket needs a list of 1 to %d events", CATALOG_MAX_EVENTS);
	}
	json_array_foreach(evdocs, i, ev)
	{
		snprintf(field, sizeof(field), "events[%zu]", i);
		if (json_is_object(ev) && i == 0 && json_object_get(ev, "priority") == NULL) {
			json_object_set_new(ev, "priority", json_string(priority));
		}
		if (json_is_object(ev) && (catalog_resolve_field(im->cat, ev, "team", CATALOG_ORGANISATION, e) != 0 ||
		                           catalog_resolve_field(im->cat, ev, "agent", CATALOG_USER, e) != 0)) {
			err_prefix_field(e, field);
			return -1;
		}
		if (ticket_event_from_json(&evs[i], ev, e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
	}
	*n = json_array_size(evdocs);
	return ticket_events_check(evs, *n, e);
}

static enum handled
import_ticket(struct importer *im, json_t *doc, int64_t now, long tag, struct err *e)
{
	/* status and sla are what `levera export` adds: derived from the events, so not read. */
	static const char *const keys[] = { "id",       "ref",     "type",        "customer",  "service",
		                            "priority", "subject", "description", "requester", "events",
		                            "status",   "sla",     NULL };
	struct ticket_event evs[CATALOG_MAX_EVENTS];
	struct store_event rows[CATALOG_MAX_EVENTS];
	struct store_ticket t = { 0 }, existing = { 0 };
	struct err ignored;
	char id[ID_LEN + 1];
	const char *ref = json_string_value(json_object_get(doc, "ref"));
	const char *customer, *service;
	size_t n = 0;
	int type = ticket_type_parse(json_string_value(json_object_get(doc, "type")));
	int prio = priority_parse(json_string_value(json_object_get(doc, "priority")));
	enum handled out = HANDLED_FAILED;

	if (doc_check_keys(doc, keys, e) != 0) {
		return HANDLED_FAILED;
	}
	const json_t *given_id = json_object_get(doc, "id");
	if (given_id != NULL && (!json_is_string(given_id) || !id_valid(json_string_value(given_id)))) {
		err_set(e, ERR_INVALID, "id", "an id is 26 characters of 0-9 and a-z, as Levera writes them");
		return HANDLED_FAILED;
	}
	if (ref != NULL && (strmap_get(&im->pending_refs, ref) != NULL ||
	                    store_ticket_get_by_ref(im->store, ref, &existing, &ignored) == 0)) {
		store_ticket_release(&existing);
		return HANDLED_SKIPPED;
	}
	/* An exported ticket keeps its id, so links to it survive a move; one already here is skipped. */
	if (given_id != NULL &&
	    (strmap_get(&im->pending_ids, json_string_value(given_id)) != NULL ||
	     store_ticket_get(im->store, json_string_value(given_id), &existing, NULL, &ignored) == 0)) {
		store_ticket_release(&existing);
		return HANDLED_SKIPPED;
	}
	if (type < 0) {
		err_set(e, ERR_INVALID, "type", "the type must be incident, service_request, problem or change");
		return HANDLED_FAILED;
	}
	if (prio < 0) {
		err_set(e, ERR_INVALID, "priority", "the priority must be \"P1\" .. \"P4\"");
		return HANDLED_FAILED;
	}
	if (!json_is_string(json_object_get(doc, "subject")) ||
	    json_string_length(json_object_get(doc, "subject")) == 0 ||
	    json_string_length(json_object_get(doc, "subject")) > 500) {
		err_set(e, ERR_INVALID, "subject", "a ticket needs a subject of 1 to 500 characters");
		return HANDLED_FAILED;
	}
	if (!json_is_string(json_object_get(doc, "customer")) || !json_is_string(json_object_get(doc, "service"))) {
		err_set(e, ERR_INVALID, json_is_string(json_object_get(doc, "customer")) ? "service" : "customer",
		        "a ticket names its customer and service");
		return HANDLED_FAILED;
	}
	customer = catalog_resolve(im->cat, CATALOG_ORGANISATION, json_string_value(json_object_get(doc, "customer")),
	                           "customer", e);
	service = customer == NULL ? NULL
	                           : catalog_resolve(im->cat, CATALOG_SERVICE,
	                                             json_string_value(json_object_get(doc, "service")), "service", e);
	if (service == NULL || catalog_require_org_type(im->cat, customer, "customer", "customer", e) != 0) {
		return HANDLED_FAILED;
	}
	/* catalog_resolve() may grow the caches; copy what the ticket keeps. */
	char customer_id[ID_LEN + 1], service_id[ID_LEN + 1];
	snprintf(customer_id, sizeof(customer_id), "%s", customer);
	snprintf(service_id, sizeof(service_id), "%s", service);
	json_t *evdocs = json_deep_copy(json_object_get(doc, "events"));
	if (ticket_events(im, evdocs, priority_name((enum priority)prio), evs, &n, e) != 0) {
		goto done;
	}
	json_t *tdoc = json_pack("{s:s, s:s?, s:s?}", "subject", json_string_value(json_object_get(doc, "subject")),
	                         "description", json_string_value(json_object_get(doc, "description")), "requester",
	                         json_string_value(json_object_get(doc, "requester")));
	char *tdoc_text = json_dumps(tdoc, JSON_COMPACT);
	json_decref(tdoc);
	if (given_id != NULL) {
		snprintf(id, sizeof(id), "%s", json_string_value(given_id));
	} else {
		id_new(id, now * 1000);
	}
	t.id = id;
	t.ref = (char *)ref;
	t.type = (char *)ticket_type_name((enum ticket_type)type);
	t.customer_id = customer_id;
	t.service_id = service_id;
	t.created_at = evs[0].at;
	/* Status, priority, holder and the SLA columns, from the log: the same code the API writes with. */
	if (ticket_columns(im->cat, &t, evs, n, now, NULL, e) != 0) {
		free(tdoc_text);
		goto done;
	}
	t.doc = tdoc_text;
	char *texts[CATALOG_MAX_EVENTS];
	for (size_t i = 0; i < n; i++) {
		texts[i] = json_dumps(json_array_get(evdocs, i), JSON_COMPACT);
		rows[i].seq = 0;
		rows[i].at = evs[i].at;
		rows[i].type = (char *)ticket_event_type_name(evs[i].type);
		rows[i].doc = texts[i];
	}
	struct store_write *w = store_write_new();
	struct store_audit a = {
		.at = now, .actor_id = im->actor_id, .action = "import", .kind = "ticket", .record_id = id
	};
	store_write_ticket_create(w, &t, rows, n);
	store_write_audit(w, &a);
	im->pending[im->npending] = w;
	im->pending_tags[im->npending] = tag;
	im->npending++;
	if (ref != NULL) {
		strmap_put(&im->pending_refs, ref, id);
	}
	strmap_put(&im->pending_ids, id, id);
	out = HANDLED_QUEUED;
	for (size_t i = 0; i < n; i++) {
		free(texts[i]);
	}
	free(tdoc_text);
done:
	json_decref(evdocs);
	return out;
}

int
importer_flush(struct importer *im, struct err *e)
{
	struct err all;
	int rc;

	if (im->npending == 0) {
		return 0;
	}
	err_clear(&all);
	rc = store_commit_all(im->store, im->pending, im->npending, &all);
	for (size_t i = 0; i < im->npending; i++) {
		const struct err *r = store_write_result(im->pending[i]);
		enum import_outcome out = r->code == ERR_OK                                         ? IMPORT_CREATED
		                          : r->code == ERR_CONFLICT && strcmp(r->field, "ref") == 0 ? IMPORT_SKIPPED
		                                                                                    : IMPORT_FAILED;
		im->report(im->report_ctx, im->pending_tags[i], out, r);
		store_write_free(im->pending[i]);
	}
	im->npending = 0;
	strmap_release(&im->pending_refs);
	strmap_release(&im->pending_ids);
	strmap_init(&im->pending_refs);
	strmap_init(&im->pending_ids);
	if (rc != 0 && e != NULL && all.code == ERR_IO) {
		*e = all;
		return -1;
	}
	return 0;
}

static enum handled
import_config(struct importer *im, enum catalog_kind k, json_t *doc, int64_t now, struct err *e)
{
	/* Written in order: what was queued before goes first. */
	if (importer_flush(im, e) != 0) {
		return HANDLED_FAILED;
	}
	return (enum handled)import_kind(im, k, doc, now, e);
}

static const struct {
	const char *kind;
	enum catalog_kind k;
} kinds[] = {
	{ "calendar", CATALOG_CALENDAR }, { "organisation", CATALOG_ORGANISATION }, { "user", CATALOG_USER },
	{ "service", CATALOG_SERVICE },   { "agreement", CATALOG_AGREEMENT },
};

/* A manager imports users of any role but admin, as through the users API; the console has every right. */
static bool
may_import(const struct importer *im, enum catalog_kind k, const json_t *doc, struct err *e)
{
	int role = role_parse(json_string_value(json_object_get(doc, "role")));

	if (!im->has_actor || k != CATALOG_USER || role < 0) {
		return true; /* an unknown role is the record's own error */
	}
	if (role_check_manage(&im->actor, (enum role)role, e) != 0) {
		snprintf(e->field, sizeof(e->field), "role");
		return false;
	}
	return true;
}

void
importer_record(struct importer *im, const json_t *rec, int64_t now, long tag)
{
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	enum handled out = HANDLED_FAILED;
	struct err e;
	json_t *doc;

	err_clear(&e);
	if (!json_is_object(rec)) {
		err_set(&e, ERR_INVALID, NULL, "a record must be a JSON object");
		im->report(im->report_ctx, tag, IMPORT_FAILED, &e);
		return;
	}
	doc = json_deep_copy(rec);
	json_object_del(doc, "kind");
	if (kind != NULL && strcmp(kind, "ticket") == 0) {
		out = import_ticket(im, doc, now, tag, &e);
	} else {
		size_t i = 0;
		while (i < sizeof(kinds) / sizeof(kinds[0]) && (kind == NULL || strcmp(kind, kinds[i].kind) != 0)) {
			i++;
		}
		if (i < sizeof(kinds) / sizeof(kinds[0]) && !may_import(im, kinds[i].k, doc, &e)) {
			out = HANDLED_FAILED;
		} else if (i < sizeof(kinds) / sizeof(kinds[0])) {
			out = import_config(im, kinds[i].k, doc, now, &e);
		} else {
			err_set(&e, ERR_INVALID, "kind",
			        "unknown kind '%.40s' (use calendar, organisation, user, service, agreement or ticket)",
			        kind != NULL ? kind : "");
		}
	}
	json_decref(doc);
	if (out != HANDLED_QUEUED) {
		im->report(im->report_ctx, tag, (enum import_outcome)out, &e);
	}
	if (im->npending == IMPORT_BATCH) {
		importer_flush(im, NULL);
	}
}

void
importer_line(struct importer *im, const char *line, size_t len, int64_t now, long tag)
{
	json_error_t jerr;
	json_t *rec = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	struct err e;

	if (rec == NULL) {
		err_set(&e, ERR_INVALID, NULL, "malformed JSON at column %d: %s", jerr.column, jerr.text);
		im->report(im->report_ctx, tag, IMPORT_FAILED, &e);
		return;
	}
	importer_record(im, rec, now, tag);
	json_decref(rec);
}
