/*
 * review_tickets.c - see review_tickets.h.  Each ticket's clocks are
 * evaluated as of now, as everywhere else, and a breach belongs to the
 * month containing its breached_at; the business time it used is the
 * clock's elapsed time as of now (its final figure once it stopped).
 * Outages come from the table the KPI job keeps.
 */
#include "app/review_tickets.h"

#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/ticket.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/clock_log.h"
#include "domain/kpi_fact.h"
#include "domain/ticket_sla.h"

#define MAX_AGREEMENTS 16

/* The subject of a stored ticket's document (a new reference). */
static json_t *
subject_of(const struct store_ticket *t)
{
	json_t *doc = json_loads(t->doc, 0, NULL), *s = json_object_get(doc, "subject");
	json_t *out = json_is_string(s) ? json_string(json_string_value(s)) : json_string("");

	json_decref(doc);
	return out;
}

static void
add_breaches(struct app *app, const struct store_ticket *t, const struct ticket_event *evs, size_t n, int64_t start,
             int64_t end, int64_t now, json_t *breaches)
{
	const struct agreement_spec *ags[MAX_AGREEMENTS];
	struct ticket_sla sla;
	struct err e;
	struct catalog *cat = app_catalog_shared(app);
	size_t nags = catalog_applicable(cat, t->customer_id, t->service_id, floor_div(evs[0].at, 86400), ags,
	                                 MAX_AGREEMENTS);

	if (ticket_sla_eval(evs, n, ags, nags, catalog_calendar, cat, now, &sla, &e) == 0) {
		for (size_t i = 0; i < sla.n; i++) {
			const struct ticket_sla_clock *c = &sla.clocks[i];
			const struct clock_result *r = &c->res;
			if (c->agreement->type != AGREEMENT_SLA || r->breached_at == TIME_NONE ||
			    r->breached_at < start || r->breached_at >= end) {
				continue;
			}
			json_t *b = json_object();
			json_object_set_new(b, "ticket", json_string(t->id));
			json_object_set_new(b, "ref", ticket_str_json(t->ref));
			json_object_set_new(b, "subject", subject_of(t));
			json_object_set_new(b, "service",
			                    t->service_id != NULL
			                            ? json_string(catalog_name_of(cat, "service", t->service_id))
			                            : json_null());
			json_object_set_new(b, "agreement", json_string(c->agreement->name));
			json_object_set_new(b, "metric", json_string(sla_metric_name(c->metric)));
			json_object_set_new(b, "priority",
			                    json_string(priority_name(ticket_priority_at(evs, n, r->breached_at))));
			json_object_set_new(b, "target_s", json_integer(r->target_s));
			json_object_set_new(b, "elapsed_business_s", json_integer(r->elapsed_business_s));
			json_object_set_new(b, "overrun_business_s", json_integer(r->elapsed_business_s - r->target_s));
			json_object_set_new(b, "breached_at", json_instant(r->breached_at));
			json_array_append_new(breaches, b);
		}
	}
	app_catalog_done(app);
}

/* The last rating, when it was given in [start, end) with a comment. */
static void
add_comment(const struct store_ticket *t, const struct ticket_event *evs, json_t *docs, size_t n, int64_t start,
            int64_t end, json_t *comments)
{
	size_t last = n;

	for (size_t i = 0; i < n; i++) {
		last = evs[i].type == TEV_RATING ? i : last;
	}
	if (last == n || evs[last].at < start || evs[last].at >= end) {
		return;
	}
	const char *text = json_string_value(json_object_get(json_array_get(docs, last), "comment"));
	if (text == NULL || text[0] == '\0') {
		return;
	}
	json_array_append_new(comments,
	                      json_pack("{s:s, s:o, s:i, s:s, s:o}", "ticket", t->id, "ref", ticket_str_json(t->ref),
	                                "score", evs[last].score, "comment", text, "at", json_instant(evs[last].at)));
}

struct customer_walk {
	struct app *app;
	int64_t month, start, end, now;
	int64_t want_breaches, want_ratings, found_breaches, found_ratings;
	json_t *breaches, *comments;
	struct ticket_event *evs;
	struct kpi_ticket kt;
};

static int
visit_customer(void *ctx, const struct store_ticket_kpi_row *row, struct err *e)
{
	struct customer_walk *w = ctx;
	struct err ignored;
	int64_t breaches = 0, ratings = 0;

	if (kpi_ticket_decode(&w->kt, row->facts, row->facts_len, &ignored) != 0) {
		return 0;
	}
	for (size_t i = 0; i < w->kt.n; i++) {
		const struct kpi_contrib *c = &w->kt.v[i];
		if (c->month == w->month) {
			breaches += c->series == KS_RESPONSE_BREACHED || c->series == KS_RESOLUTION_BREACHED ? 1 : 0;
			ratings += c->series == KS_RATING ? 1 : 0;
		}
	}
	if (breaches + ratings > 0) {
		/*
		 * The row and the kept clock log are enough for the breaches; the
		 * event log (a comment's text) is read only for a rating.
		 */
		struct store_ticket t = { 0 };
		struct store_event_list log = { 0 };
		json_t *docs = json_array();
		size_t n = 0;
		int rc = store_ticket_get(w->app->store, row->id, &t, ratings > 0 ? &log : NULL, e);
		if (rc == 0 && breaches > 0 &&
		    clock_log_decode(row->clock, row->clock_len, w->evs, CATALOG_MAX_EVENTS, &n, &ignored) == 0 &&
		    n > 0) {
			add_breaches(w->app, &t, w->evs, n, w->start, w->end, w->now, w->breaches);
		}
		if (rc == 0 && ratings > 0 && ticket_parse_log(&log, docs, w->evs, &n, &ignored) == 0 && n > 0) {
			add_comment(&t, w->evs, docs, n, w->start, w->end, w->comments);
		}
		json_decref(docs);
		store_event_list_release(&log);
		store_ticket_release(&t);
		if (rc != 0) {
			return -1;
		}
		w->found_breaches += breaches;
		w->found_ratings += ratings;
	}
	return w->found_breaches >= w->want_breaches && w->found_ratings >= w->want_ratings ? STORE_SCAN_STOP : 0;
}

int
review_walk_customer(struct app *app, const char *customer_id, int64_t month, int64_t start, int64_t end, int64_t now,
                     int64_t want_breaches, int64_t want_ratings, json_t *breaches, json_t *comments, struct err *e)
{
	struct customer_walk w = { .app = app,
		                   .month = month,
		                   .start = start,
		                   .end = end,
		                   .now = now,
		                   .want_breaches = want_breaches,
		                   .want_ratings = want_ratings,
		                   .breaches = breaches,
		                   .comments = comments };

	if (want_breaches + want_ratings == 0) {
		return 0;
	}
	w.evs = xcalloc(CATALOG_MAX_EVENTS, sizeof(*w.evs));
	int rc = store_ticket_kpi_scan(app->store, customer_id, 0, end, true, visit_customer, &w, e);
	kpi_ticket_release(&w.kt);
	free(w.evs);
	return rc;
}

int
review_walk_outages(struct app *app, const char *service_id, int64_t start, int64_t end, int64_t now,
                    struct avail_span *out, size_t cap, size_t *n, struct err *e)
{
	struct store_outage *v = xcalloc(cap > 0 ? cap : 1, sizeof(*v));
	int rc = store_outages(app->store, service_id, start, end, v, cap, n, e);

	(void)now;
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		out[i] = (struct avail_span){ v[i].start, v[i].end };
	}
	free(v);
	return rc;
}
