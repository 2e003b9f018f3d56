/*
 * kpi.c - see kpi.h.  Chooses the tickets that can have a fact in the
 * window (created before its end, updated at or after its start: the list
 * by updated_at, newest first, stopped at the start), evaluates each one's
 * clocks and facts once, as of the window's end, and counts the open
 * tickets untouched since before the window into every month's backlog.
 */
#include "app/kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/ticket.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/kpi.h"
#include "domain/ticket_facts.h"
#include "domain/ticket_sla.h"
#include "store/store.h"

#define KPI_MAX_AGREEMENTS 16

/* The window [*from, *to] (month indexes) of p; to defaults to now's month, from to 11 months before. */
static int
window(const struct kpi_params *p, int64_t now, int64_t *from, int64_t *to, struct err *e)
{
	*to = kpi_month_of(now);
	if (p->to != NULL && kpi_month_parse(p->to, "to", to, e) != 0) {
		return -1;
	}
	*from = *to - 11;
	if (p->from != NULL && kpi_month_parse(p->from, "from", from, e) != 0) {
		return -1;
	}
	if (*to < *from) {
		return err_set(e, ERR_INVALID, p->to != NULL ? "to" : "from", "to must not be before from");
	}
	if (*to - *from + 1 > KPI_MONTHS_MAX) {
		return err_set(e, ERR_INVALID, p->to != NULL ? "to" : "from", "a window is at most %d months",
		               KPI_MONTHS_MAX);
	}
	return 0;
}

/* Adds one ticket's facts and backlog, its clocks evaluated as of as_of. */
static int
add_ticket(struct app *app, const struct store_ticket *row, struct kpi_series *s, int64_t as_of,
           struct ticket_event *evs, struct ticket_fact *facts, struct err *e)
{
	const struct agreement_spec *ags[KPI_MAX_AGREEMENTS];
	struct store_ticket t = { 0 };
	struct store_event_list log = { 0 };
	struct ticket_sla sla;
	json_t *docs = json_array();
	size_t n = 0;
	int rc = store_ticket_get(app->store, row->id, &t, &log, e);

	rc = rc != 0 ? rc : ticket_parse_log(&log, docs, evs, &n, e);
	if (rc == 0 && n > 0) {
		struct catalog *cat = app_catalog_shared(app);
		size_t nags = catalog_applicable(cat, t.customer_id, t.service_id, floor_div(evs[0].at, 86400), ags,
		                                 KPI_MAX_AGREEMENTS);
		rc = ticket_sla_eval(evs, n, ags, nags, catalog_calendar, cat, as_of, &sla, e);
		if (rc == 0) {
			size_t nf = ticket_facts(evs, n, &sla, as_of, facts, TICKET_FACTS_MAX);
			kpi_add_facts(s, facts, nf);
			kpi_add_backlog(s, evs, n);
		}
		app_catalog_done(app);
	}
	json_decref(docs);
	store_event_list_release(&log);
	store_ticket_release(&t);
	return rc;
}

/*
 * Walks the tickets of q sorted by updated_at (q->descending says which way)
 * until one is on the other side of `until`; descending: each one is added,
 * ascending: counted into *count.
 */
static int
walk(struct app *app, struct store_ticket_query *q, int64_t until, struct kpi_series *s, int64_t as_of, int64_t *count,
     struct err *e)
{
	struct ticket_event *evs = xcalloc(CATALOG_MAX_EVENTS, sizeof(*evs));
	struct ticket_fact *facts = xcalloc(TICKET_FACTS_MAX, sizeof(*facts));
	int64_t end = kpi_series_end(s);
	char *cursor = NULL;
	bool done = false;
	int rc = 0;

	while (!done && rc == 0) {
		struct store_ticket_page page = { 0 };
		q->cursor = cursor;
		rc = store_ticket_list(app->store, q, &page, e);
		for (size_t i = 0; rc == 0 && i < page.n && !done; i++) {
			const struct store_ticket *row = &page.rows[i];
			if (q->descending ? row->updated_at < until : row->updated_at >= until) {
				done = true;
			} else if (!q->descending) {
				(*count)++;
			} else if (row->created_at < end) {
				rc = add_ticket(app, row, s, as_of, evs, facts, e);
			}
		}
		free(cursor);
		cursor = page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		done = done || cursor == NULL;
		store_ticket_page_release(&page);
	}
	free(cursor);
	free(evs);
	free(facts);
	return rc;
}

int
kpi_query(struct app *app, const struct actor *actor, const struct kpi_params *p, int64_t now, json_t **out,
          struct err *e)
{
	char customer[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1], from_s[8], to_s[8];
	struct store_ticket_query q = { 0 };
	enum scope scope = SCOPE_NONE;
	struct kpi_series s;
	int64_t from, to, untouched = 0;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0 || window(p, now, &from, &to, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_ORGANISATION, p->customer, "customer", customer, &q.customer_id, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_SERVICE, p->service, "service", service, &q.service_id, e) != 0) {
		return -1;
	}
	role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope);
	if (scope == SCOPE_OWN_ORG) {
		if (actor->org_id == NULL || (q.customer_id != NULL && strcmp(q.customer_id, actor->org_id) != 0)) {
			return err_set(e, ERR_FORBIDDEN, "customer",
			               "a customer sees the figures of their own organisation only");
		}
		q.customer_id = actor->org_id;
	}
	kpi_series_init(&s, from, (size_t)(to - from + 1));
	int64_t start = kpi_series_start(&s), end = kpi_series_end(&s);
	int64_t as_of = end - 1 < now ? end - 1 : now;

	q.sort = STORE_TICKET_BY_UPDATED;
	q.descending = true;
	q.limit = STORE_PAGE_MAX;
	int rc = walk(app, &q, start, &s, as_of, NULL, e);
	/* Open and untouched since before the window: open at every month's end. */
	q.descending = false;
	q.open_only = true;
	rc = rc != 0 ? rc : walk(app, &q, start, &s, as_of, &untouched, e);
	if (rc == 0) {
		kpi_add_backlog_all(&s, untouched);
		*out = json_pack("{s:s, s:s, s:o, s:o, s:s, s:o}", "from", kpi_month_format(from, from_s), "to",
		                 kpi_month_format(to, to_s), "customer", ticket_str_json(q.customer_id), "service",
		                 ticket_str_json(q.service_id), "time_zone", "UTC", "months",
		                 kpi_series_to_json(&s, now));
	}
	kpi_series_release(&s);
	return rc;
}
