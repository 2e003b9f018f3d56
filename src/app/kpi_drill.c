/*
 * kpi_drill.c - see kpi_drill.h.  The rollups say which customers have a
 * share of the figure in the month and how many contributions each has;
 * each such customer's tickets are then read newest first from what the
 * KPI job keeps of them (their contributions, no event logs), and the walk
 * of a customer stops once its count is reached.  Pages go customer by
 * customer (by id), newest ticket first; the cursor is the last item's
 * (customer, created_at, ticket), and a page ends between tickets (it may
 * pass the limit by a ticket's other contributions).  Tickets without a
 * customer are not listed.
 */
#include "app/kpi_drill.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/kpi_zone.h"
#include "app/ticket.h"
#include "base/json.h"
#include "base/xalloc.h"
#include "domain/kpi.h"
#include "domain/kpi_fact.h"

#define DRILL_MAX_CUSTOMERS 256
#define DRILL_MAX_SERIES 4

struct figure {
	const char *name;
	int series[DRILL_MAX_SERIES]; /* 0-terminated */
};

static const struct figure figures[] = {
	{ "created", { KS_CREATED } },
	{ "resolved", { KS_RESOLVED } },
	{ "reopened", { KS_REOPENED } },
	{ "first_contact_resolution", { KS_FCR } },
	{ "sla_met", { KS_RESPONSE_MET, KS_RESOLUTION_MET } },
	{ "sla_breached", { KS_RESPONSE_BREACHED, KS_RESOLUTION_BREACHED } },
	{ "response_met", { KS_RESPONSE_MET } },
	{ "response_breached", { KS_RESPONSE_BREACHED } },
	{ "resolution_met", { KS_RESOLUTION_MET } },
	{ "resolution_breached", { KS_RESOLUTION_BREACHED } },
	{ "ola_met", { KS_OLA_RESPONSE_MET, KS_OLA_RESOLUTION_MET } },
	{ "ola_breached", { KS_OLA_RESPONSE_BREACHED, KS_OLA_RESOLUTION_BREACHED } },
	{ "escalations", { KS_ESC_PRIORITY, KS_ESC_TEAM, KS_ESC_WARNING, KS_ESC_BREACH } },
	{ "ratings", { KS_RATING } },
	{ "work_logged_s", { KS_WORK } },
	{ "handling_time_s", { KS_HANDLING } },
	{ "lead_time_s", { KS_LEAD } },
	{ "cycle_time_s", { KS_CYCLE } },
	{ "response_time_business_s", { KS_RESPONSE_BUSINESS } },
	{ "resolution_time_business_s", { KS_RESOLUTION_BUSINESS } },
	{ "response_time_wall_s", { KS_RESPONSE_WALL } },
	{ "resolution_time_wall_s", { KS_RESOLUTION_WALL } },
	{ "outages", { KS_OUTAGE } },
};

static const struct figure *
figure_of(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(figures) / sizeof(figures[0]); i++) {
		if (strcmp(figures[i].name, name) == 0) {
			return &figures[i];
		}
	}
	return NULL;
}

static bool
in_figure(const struct figure *f, int series)
{
	for (int i = 0; i < DRILL_MAX_SERIES && f->series[i] != 0; i++) {
		if (f->series[i] == series) {
			return true;
		}
	}
	return false;
}

/* The customers with a share, sorted by id, and their counts. */
struct share {
	char id[STORE_ID_MAX + 1];
	int64_t n;
};

struct drill {
	struct app *app;
	const struct figure *fig;
	int64_t month;
	const char *service;
	int priority; /* -1: any */
	struct share shares[DRILL_MAX_CUSTOMERS];
	size_t nshares;
	int64_t total;
	/* the walk of one customer */
	const char *customer;
	int64_t found, want;
	int64_t after_created; /* the cursor within this customer: only (created, id) below it */
	char after_id[STORE_ID_MAX + 1];
	bool has_after;
	json_t *items;
	size_t limit;
	bool overflow; /* a match was left for the next page */
	struct kpi_ticket kt;
	char next[2 * STORE_ID_MAX + 40];
};

static int
on_share(void *ctx, const struct store_kpi_row *row, struct err *e)
{
	struct drill *d = ctx;

	(void)e;
	if ((d->priority >= 0 && row->key.priority != d->priority) || row->key.customer_id[0] == '\0') {
		return 0;
	}
	d->total += row->n;
	for (size_t i = 0; i < d->nshares; i++) {
		if (strcmp(d->shares[i].id, row->key.customer_id) == 0) {
			d->shares[i].n += row->n;
			return 0;
		}
	}
	if (d->nshares < DRILL_MAX_CUSTOMERS) {
		snprintf(d->shares[d->nshares].id, STORE_ID_MAX + 1, "%s", row->key.customer_id);
		d->shares[d->nshares++].n = row->n;
	}
	return 0;
}

static int
cmp_share(const void *a, const void *b)
{
	return strcmp(((const struct share *)a)->id, ((const struct share *)b)->id);
}

static json_t *
item_json(struct drill *d, const struct store_ticket_kpi_row *row, const struct kpi_contrib *c)
{
	struct store_ticket t = { 0 };
	struct err ignored;
	json_t *doc = NULL;

	if (store_ticket_get(d->app->store, row->id, &t, NULL, &ignored) == 0) {
		doc = json_loads(t.doc, 0, NULL);
	}
	struct catalog *cat = app_catalog(d->app);
	json_t *item = json_pack(
	        "{s:s, s:o, s:O?, s:{s:s, s:s}, s:o, s:o, s:o, s:I}", "ticket", row->id, "ref", ticket_str_json(t.ref),
	        "subject", json_object_get(doc, "subject"), "customer", "id", d->customer, "name",
	        catalog_name_of(cat, "organisation", d->customer), "service",
	        row->service_id != NULL ? json_string(catalog_name_of(cat, "service", row->service_id)) : json_null(),
	        "priority",
	        c->priority < PRIORITY_COUNT ? json_string(priority_name((enum priority)c->priority)) : json_null(),
	        "agreement",
	        kpi_ticket_agreement(&d->kt, c)[0] != '\0'
	                ? json_string(catalog_name_of(cat, "agreement", kpi_ticket_agreement(&d->kt, c)))
	                : json_null(),
	        "value", (json_int_t)c->value);
	app_catalog_done(d->app);
	json_decref(doc);
	store_ticket_release(&t);
	return item;
}

static int
visit(void *ctx, const struct store_ticket_kpi_row *row, struct err *e)
{
	struct drill *d = ctx;
	struct err ignored;

	(void)e;
	if (d->has_after && (row->created_at > d->after_created ||
	                     (row->created_at == d->after_created && strcmp(row->id, d->after_id) >= 0))) {
		return 0;
	}
	if ((d->service != NULL && (row->service_id == NULL || strcmp(row->service_id, d->service) != 0)) ||
	    kpi_ticket_decode(&d->kt, row->facts, row->facts_len, &ignored) != 0) {
		return 0;
	}
	/* A page ends between tickets: a ticket's matches (a response and a resolution breach) stay together. */
	bool full = json_array_size(d->items) >= d->limit;
	for (size_t i = 0; i < d->kt.n; i++) {
		const struct kpi_contrib *c = &d->kt.v[i];
		if (c->month != d->month || !in_figure(d->fig, c->series) ||
		    (d->priority >= 0 && c->priority != d->priority)) {
			continue;
		}
		if (full) {
			d->overflow = true;
			return STORE_SCAN_STOP;
		}
		d->found++;
		json_array_append_new(d->items, item_json(d, row, c));
		snprintf(d->next, sizeof(d->next), "%s %" PRId64 " %s", d->customer, row->created_at, row->id);
	}
	return d->found >= d->want ? STORE_SCAN_STOP : 0;
}

static int
parse_limit(const char *s, size_t *limit, struct err *e)
{
	char *end;
	long v = s != NULL ? strtol(s, &end, 10) : 50;

	if (s != NULL && (*s == '\0' || *end != '\0' || v < 1 || v > STORE_PAGE_MAX)) {
		return err_set(e, ERR_INVALID, "limit", "limit is a number from 1 to %d", STORE_PAGE_MAX);
	}
	*limit = (size_t)v;
	return 0;
}

int
kpi_drill(struct app *app, const struct actor *actor, const struct kpi_drill_params *p, int64_t now, json_t **out,
          struct err *e)
{
	char customer[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1], month_s[8];
	struct store_ticket_query q = { 0 };
	struct drill *d = xcalloc(1, sizeof(*d));
	enum scope scope = SCOPE_NONE;
	char cursor_customer[STORE_ID_MAX + 1] = "";
	int rc = 0;

	*out = NULL;
	d->app = app;
	d->fig = figure_of(p->figure);
	d->priority = -1;
	/* What is given is checked first, then what is missing, so each error names its own field. */
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0) {
		rc = -1;
	} else if ((p->month != NULL && kpi_month_parse(p->month, "month", &d->month, e) != 0) ||
	           parse_limit(p->limit, &d->limit, e) != 0) {
		rc = -1;
	} else if (p->priority != NULL && (d->priority = priority_parse(p->priority)) < 0) {
		rc = err_set(e, ERR_INVALID, "priority", "'%.20s' is not P1, P2, P3 or P4", p->priority);
	} else if (p->figure != NULL && d->fig == NULL) {
		rc = err_set(e, ERR_INVALID, "figure", "'%.40s' is not a figure that lists tickets (docs/kpis.md)",
		             p->figure);
	} else if (ticket_filter_ref(app, CATALOG_ORGANISATION, p->customer, "customer", customer, &q.customer_id, e) !=
	                   0 ||
	           ticket_filter_ref(app, CATALOG_SERVICE, p->service, "service", service, &q.service_id, e) != 0) {
		rc = -1;
	}
	if (rc == 0 && p->cursor != NULL && p->cursor[0] != '\0') { /* "": the first page */
		d->has_after = sscanf(p->cursor, "%200s %" SCNd64 " %200s", cursor_customer, &d->after_created,
		                      d->after_id) == 3;
		rc = d->has_after ? 0 : err_set(e, ERR_INVALID, "cursor", "not a cursor this list gave");
	}
	if (rc == 0 && d->fig == NULL) {
		rc = err_set(e, ERR_INVALID, "figure", "figure is required (docs/kpis.md names them)");
	} else if (rc == 0 && p->month == NULL) {
		rc = err_set(e, ERR_INVALID, "month", "month (YYYY-MM) is required");
	}
	if (rc == 0) {
		role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope);
		if (scope == SCOPE_OWN_ORG) {
			if (actor->org_id == NULL ||
			    (q.customer_id != NULL && strcmp(q.customer_id, actor->org_id) != 0)) {
				rc = err_set(e, ERR_FORBIDDEN, "customer",
				             "a customer sees the figures of their own organisation only");
			}
			q.customer_id = actor->org_id;
		}
	}
	d->service = q.service_id;
	for (int i = 0; rc == 0 && i < DRILL_MAX_SERIES && d->fig->series[i] != 0; i++) {
		struct store_kpi_query kq = { d->month, d->month, q.customer_id, q.service_id, d->fig->series[i] };
		rc = store_kpi_read(app->store, &kq, on_share, d, e);
	}
	d->items = json_array();
	struct kpi_zones *zones = kpi_zones_new(app);
	if (rc == 0) {
		qsort(d->shares, d->nshares, sizeof(d->shares[0]), cmp_share);
	}
	bool full = false;
	for (size_t i = 0; rc == 0 && i < d->nshares && !full; i++) {
		int c = d->has_after ? strcmp(d->shares[i].id, cursor_customer) : 1;
		if (c < 0) {
			continue;
		}
		const char *zone_name;
		const struct tz *zone = kpi_zones_get(zones, d->shares[i].id, &zone_name);
		d->customer = d->shares[i].id;
		d->found = 0;
		d->want = d->shares[i].n;
		if (c > 0) {
			d->has_after = false;
		}
		rc = store_ticket_kpi_scan(app->store, d->customer, 0, kpi_month_start_in(zone, d->month + 1), true,
		                           visit, d, e);
		full = d->overflow || (json_array_size(d->items) >= d->limit && i + 1 < d->nshares);
		d->has_after = false;
	}
	(void)now;
	if (rc == 0) {
		*out = json_pack("{s:s, s:s, s:I, s:O, s:o}", "figure", d->fig->name, "month",
		                 kpi_month_format(d->month, month_s), "total", (json_int_t)d->total, "items", d->items,
		                 "next_cursor", full ? json_string(d->next) : json_null());
	}
	json_decref(d->items);
	kpi_ticket_release(&d->kt);
	kpi_zones_free(zones);
	free(d);
	return rc;
}
