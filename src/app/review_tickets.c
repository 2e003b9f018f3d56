/*
 * review_tickets.c - see review_tickets.h.  Each ticket's clocks are
 * evaluated as of now, as everywhere else, and a breach belongs to the
 * month containing its breached_at; the business time it used is the
 * clock's elapsed time as of now (its final figure once it stopped).
 */
#include "app/review_tickets.h"

#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/ticket.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/ticket_sla.h"

#define MAX_AGREEMENTS 16

/* The ticket's priority at instant t. */
static enum priority
priority_at(const struct ticket_event *evs, size_t n, int64_t t)
{
	enum priority p = evs[0].to_priority;

	for (size_t i = 1; i < n && evs[i].at <= t; i++) {
		p = evs[i].type == TEV_PRIORITY ? evs[i].to_priority : p;
	}
	return p;
}

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
			                    json_string(priority_name(priority_at(evs, n, r->breached_at))));
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

/* The tickets of q touched at or after start, newest first, created before end: fn for each with its log. */
typedef void (*visit_fn)(void *ctx, const struct store_ticket *t, const struct ticket_event *evs, json_t *docs,
                         size_t n);

static int
walk(struct app *app, struct store_ticket_query *q, int64_t start, int64_t end, visit_fn fn, void *ctx, struct err *e)
{
	struct ticket_event *evs = xcalloc(CATALOG_MAX_EVENTS, sizeof(*evs));
	char *cursor = NULL;
	bool done = false;
	int rc = 0;

	q->sort = STORE_TICKET_BY_UPDATED;
	q->descending = true;
	q->limit = STORE_PAGE_MAX;
	while (!done && rc == 0) {
		struct store_ticket_page page = { 0 };
		q->cursor = cursor;
		rc = store_ticket_list(app->store, q, &page, e);
		for (size_t i = 0; rc == 0 && i < page.n && !done; i++) {
			const struct store_ticket *row = &page.rows[i];
			if (row->updated_at < start) {
				done = true;
				continue;
			}
			if (row->created_at >= end) {
				continue;
			}
			struct store_ticket t = { 0 };
			struct store_event_list log = { 0 };
			json_t *docs = json_array();
			size_t n = 0;
			struct err parse_err;
			rc = store_ticket_get(app->store, row->id, &t, &log, e);
			if (rc == 0 && ticket_parse_log(&log, docs, evs, &n, &parse_err) == 0 && n > 0) {
				fn(ctx, &t, evs, docs, n);
			}
			json_decref(docs);
			store_event_list_release(&log);
			store_ticket_release(&t);
		}
		free(cursor);
		cursor = page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		done = done || cursor == NULL;
		store_ticket_page_release(&page);
	}
	free(cursor);
	free(evs);
	return rc;
}

struct customer_walk {
	struct app *app;
	int64_t start, end, now;
	json_t *breaches, *comments;
};

static void
visit_customer(void *ctx, const struct store_ticket *t, const struct ticket_event *evs, json_t *docs, size_t n)
{
	struct customer_walk *w = ctx;

	add_breaches(w->app, t, evs, n, w->start, w->end, w->now, w->breaches);
	add_comment(t, evs, docs, n, w->start, w->end, w->comments);
}

int
review_walk_customer(struct app *app, const char *customer_id, int64_t start, int64_t end, int64_t now,
                     json_t *breaches, json_t *comments, struct err *e)
{
	struct store_ticket_query q = { .customer_id = customer_id };
	struct customer_walk w = { app, start, end, now, breaches, comments };

	return walk(app, &q, start, end, visit_customer, &w, e);
}

struct outage_walk {
	int64_t start, end, now;
	struct avail_span *out;
	size_t cap, n;
};

static void
visit_outage(void *ctx, const struct store_ticket *t, const struct ticket_event *evs, json_t *docs, size_t n)
{
	struct outage_walk *w = ctx;
	int64_t s, end;
	bool has_end;

	(void)docs;
	if (t->type == NULL || strcmp(t->type, "incident") != 0 || !ticket_outage(evs, n, w->now, &s, &end, &has_end)) {
		return;
	}
	if (s < w->end && (!has_end || end > w->start) && w->n < w->cap) {
		w->out[w->n++] = (struct avail_span){ s, has_end ? end : TIME_NONE };
	}
}

int
review_walk_outages(struct app *app, const char *service_id, int64_t start, int64_t end, int64_t now,
                    struct avail_span *out, size_t cap, size_t *n, struct err *e)
{
	struct store_ticket_query q = { .service_id = service_id };
	struct outage_walk w = { start, end, now, out, cap, 0 };

	int rc = walk(app, &q, start, end, visit_outage, &w, e);
	*n = w.n;
	return rc;
}
