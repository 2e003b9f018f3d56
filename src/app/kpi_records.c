/*
 * kpi_records.c - see kpi_records.h.  Availability takes the services in
 * scope (the one asked for; else those the customer's SLAs cover; else
 * those any SLA covers), each measured in its agreed service time: the
 * hours and maintenance windows of the customer's SLA covering it when one
 * customer is asked for, else the whole clock (24 x 7).  Several services
 * add up: agreed time and downtime are summed before dividing.  Survey
 * answers count in the month of their answer in their customer's time
 * zone.  Cost needs one service (its currency).
 */
#include "app/kpi_records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/review.h"
#include "app/settings.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/availability.h"
#include "domain/cost.h"
#include "domain/kpi.h"
#include "domain/service.h"
#include "domain/survey.h"
#include "domain/voice.h"

#define MAX_SERVICES 64
#define MAX_OUTAGES 4096
#define MAX_WINDOWS 512

/* The services availability is measured on: ids copied into out. */
static size_t
services_in_scope(struct catalog *cat, const struct kpi_records_query *q, char out[][STORE_ID_MAX + 1])
{
	size_t n = 0;

	if (q->service_id != NULL) {
		snprintf(out[n++], STORE_ID_MAX + 1, "%s", q->service_id);
		return n;
	}
	for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		if (a->type != AGREEMENT_SLA || a->status != AGREEMENT_ACTIVE ||
		    (q->customer_id != NULL && (a->customer == NULL || strcmp(a->customer, q->customer_id) != 0))) {
			continue;
		}
		for (size_t k = 0; k < a->nservices && n < MAX_SERVICES; k++) {
			bool seen = false;
			for (size_t j = 0; j < n; j++) {
				seen = seen || strcmp(out[j], a->services[k]) == 0;
			}
			if (!seen) {
				snprintf(out[n++], STORE_ID_MAX + 1, "%s", a->services[k]);
			}
		}
	}
	return n;
}

/* The customer's SLA covering service, or NULL (always NULL without a customer). */
static const struct agreement_spec *
sla_of(struct catalog *cat, const char *customer, const char *service)
{
	for (size_t i = 0; customer != NULL && i < catalog_agreement_count(cat); i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		if (a->type == AGREEMENT_SLA && a->status == AGREEMENT_ACTIVE && a->customer != NULL &&
		    strcmp(a->customer, customer) == 0 && agreement_covers(a, service)) {
			return a;
		}
	}
	return NULL;
}

static json_t *
availability_json(const struct availability *sum, bool any)
{
	if (!any) {
		return json_pack("{s:n, s:i, s:i, s:i, s:n, s:n}", "availability", "agreed_s", 0, "downtime_s", 0,
		                 "outages", 0, "mttr_s", "mtbf_s");
	}
	return json_pack(
	        "{s:o, s:I, s:I, s:I, s:o, s:o}", "availability",
	        sum->agreed_s > 0 ? json_real((double)(sum->agreed_s - sum->downtime_s) * 100.0 / (double)sum->agreed_s)
	                          : json_null(),
	        "agreed_s", (json_int_t)sum->agreed_s, "downtime_s", (json_int_t)sum->downtime_s, "outages",
	        (json_int_t)sum->outages_started, "mttr_s",
	        sum->outages_ended > 0
	                ? json_integer((json_int_t)llround((double)sum->repair_wall_s / (double)sum->outages_ended))
	                : json_null(),
	        "mtbf_s",
	        sum->outages_started > 0 ? json_integer((json_int_t)llround((double)(sum->agreed_s - sum->downtime_s) /
	                                                                    (double)sum->outages_started))
	                                 : json_null());
}

static int
add_availability(struct app *app, const struct kpi_records_query *q, json_t *months, struct err *e)
{
	char(*services)[STORE_ID_MAX + 1] = xcalloc(MAX_SERVICES, sizeof(*services));
	struct store_outage *outages = xcalloc(MAX_OUTAGES, sizeof(*outages));
	struct avail_span *spans = xcalloc(MAX_OUTAGES, sizeof(*spans)),
	                  *windows = xcalloc(MAX_WINDOWS, sizeof(*windows));
	int rc = 0;

	struct catalog *cat = app_catalog_shared(app);
	size_t nservices = services_in_scope(cat, q, services);
	app_catalog_done(app);
	for (int64_t m = q->from; rc == 0 && m <= q->to; m++) {
		int64_t start = kpi_month_start_in(q->zone, m), end = kpi_month_start_in(q->zone, m + 1);
		struct availability sum = { 0 };
		bool any = false;
		for (size_t s = 0; rc == 0 && s < nservices && start < q->now; s++) {
			size_t n = 0;
			rc = store_outages(app->store, services[s], start, end, outages, MAX_OUTAGES, &n, e);
			for (size_t i = 0; i < n; i++) {
				spans[i] = (struct avail_span){ outages[i].start, outages[i].end };
			}
			cat = app_catalog_shared(app);
			const struct agreement_spec *a = rc == 0 ? sla_of(cat, q->customer_id, services[s]) : NULL;
			const struct calendar *hours = a != NULL ? catalog_calendar(cat, a->calendar) : NULL;
			size_t nw = 0;
			for (size_t k = 0; a != NULL && k < a->terms.nwindows && nw < MAX_WINDOWS; k++) {
				windows[nw++] =
				        (struct avail_span){ a->terms.windows[k].start, a->terms.windows[k].end };
			}
			struct availability one;
			struct err ignored;
			int64_t until = end < q->now ? end : q->now; /* the month in progress: up to now */
			if (rc == 0 &&
			    availability_compute(start, until, spans, n, hours, windows, nw, &one, &ignored) == 0) {
				sum.agreed_s += one.agreed_s;
				sum.downtime_s += one.downtime_s;
				sum.outages_started += one.outages_started;
				sum.outages_ended += one.outages_ended;
				sum.repair_wall_s += one.repair_wall_s;
				any = true;
			}
			app_catalog_done(app);
		}
		json_object_set_new(json_array_get(months, (size_t)(m - q->from)), "availability",
		                    availability_json(&sum, any));
	}
	free(services);
	free(outages);
	free(spans);
	free(windows);
	return rc;
}

struct survey_walk {
	int64_t from, to;
	kpi_survey_fn fn;
	void *ctx;
};

static int
survey_one(void *ctx, const struct store_record *r, struct err *e)
{
	struct survey_walk *w = ctx;
	json_t *doc = json_loads(r->doc, 0, NULL);
	struct survey sv = { 0 };
	struct err ignored;

	(void)e;
	/* A stored answer was checked when written; "now" far ahead so its instant is not judged again. */
	if (doc != NULL && survey_from_json(&sv, doc, INT64_MAX / 2, &ignored) == 0 && sv.answered_at >= w->from &&
	    sv.answered_at < w->to) {
		w->fn(w->ctx, r->org_id, &sv);
	}
	survey_release(&sv);
	json_decref(doc);
	return 0;
}

int
kpi_surveys_each(struct app *app, const char *customer_id, int64_t from, int64_t to, kpi_survey_fn fn, void *ctx,
                 struct err *e)
{
	/* Answers are kept under "<answered_at> <id>": the span of instants is a span of keys. */
	char key_from[RFC3339_LEN], key_before[RFC3339_LEN];
	struct store_record_query q = { .kind = "survey",
		                        .org_id = customer_id,
		                        .key_from = rfc3339_format(from, key_from),
		                        .key_before = rfc3339_format(to, key_before),
		                        .sort = STORE_RECORD_BY_KEY };
	struct survey_walk w = { from, to, fn, ctx };

	return store_record_each(app->store, &q, survey_one, &w, e);
}

struct nps_months {
	struct kpi_zones *zones;
	int64_t from;
	size_t nmonths;
	struct nps_tally *tally;
};

static void
nps_month(void *ctx, const char *org_id, const struct survey *answer)
{
	struct nps_months *n = ctx;
	const char *name;
	struct err ignored;
	int64_t m = kpi_month_in(kpi_zones_get(n->zones, org_id, &name), answer->answered_at) - n->from;

	if (m >= 0 && m < (int64_t)n->nmonths) {
		nps_tally_add(&n->tally[m], answer->score, &ignored);
	}
}

static int
add_nps(struct app *app, struct kpi_zones *zones, const struct kpi_records_query *q, json_t *months, struct err *e)
{
	/* Every answer that can fall in the window: its UTC span widened by a day for the time zones. */
	struct nps_months n = { zones, q->from, (size_t)(q->to - q->from + 1), NULL };
	int rc;

	n.tally = xcalloc(n.nmonths, sizeof(*n.tally));
	rc = kpi_surveys_each(app, q->customer_id, kpi_month_start_in(NULL, q->from) - 86400,
	                      kpi_month_start_in(NULL, q->to + 1) + 86400, nps_month, &n, e);
	for (size_t m = 0; rc == 0 && m < n.nmonths; m++) {
		json_object_set_new(json_array_get(months, m), "nps", nps_tally_json(&n.tally[m]));
	}
	free(n.tally);
	return rc;
}

static json_t *
breakdown_json(const struct cost_breakdown *b, const char *currency)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "currency", currency, "offerings", json_money(b->offerings_minor),
	                 "labour", json_money(b->labour_minor), "records", json_money(b->records_minor), "total",
	                 json_money(b->total_minor));
}

struct cost_list {
	struct cost_record *v;
	size_t n;
};

static int
cost_one(void *ctx, const struct store_record *r, struct err *e)
{
	struct cost_list *l = ctx;
	json_t *doc = json_loads(r->doc, 0, NULL);
	struct cost_record c = { 0 };
	struct err ignored;

	(void)e;
	if (doc != NULL && cost_record_from_json(&c, doc, &ignored) == 0) {
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n++] = c;
	}
	json_decref(doc);
	return 0;
}

/* The service's cost records of month m (owned, released by the caller). */
static int
cost_records(struct app *app, const char *service, int64_t m, struct cost_record **out, size_t *n, struct err *e)
{
	char prefix[STORE_ID_MAX + 16], month_s[8];
	struct store_record_query q = { .kind = "cost", .key_prefix = prefix, .sort = STORE_RECORD_BY_KEY };
	struct cost_list l = { NULL, 0 };

	/* Cost records are kept under "<service id> <YYYY-MM> <id>". */
	snprintf(prefix, sizeof(prefix), "%s %s ", service, kpi_month_format(m, month_s));
	int rc = store_record_each(app->store, &q, cost_one, &l, e);
	*out = l.v;
	*n = l.n;
	return rc;
}

/* The unit costs of the offerings the SLAs covering the service in month m buy. */
static size_t
unit_costs(struct catalog *cat, const struct service *svc, const char *service_id, int64_t first_day, int64_t last_day,
           int64_t *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < catalog_agreement_count(cat) && n < cap; i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		if (a->type != AGREEMENT_SLA || a->status != AGREEMENT_ACTIVE || a->terms.service_level == NULL ||
		    !agreement_covers(a, service_id) || a->valid_from > last_day || a->valid_to < first_day) {
			continue;
		}
		for (int o = 0; o < svc->nofferings; o++) {
			if (strcmp(svc->offerings[o].name, a->terms.service_level) == 0) {
				out[n++] = svc->offerings[o].unit_cost_minor;
			}
		}
	}
	return n;
}

static int
add_cost(struct app *app, const struct kpi_records_query *q, json_t *months, json_t **tco, struct err *e)
{
	struct store_record rec = { 0 };
	struct service svc = { 0 };
	struct labour_rate rate;
	int64_t version, units[256];
	json_t *doc = NULL;
	size_t nmonths = (size_t)(q->to - q->from + 1);
	struct cost_breakdown *b = xcalloc(nmonths, sizeof(*b)), total;
	int rc = store_record_get(app->store, "service", q->service_id, &rec, e);

	rc = rc != 0 ? rc : settings_labour_rate(app, &rate, &version, e);
	if (rc == 0 && ((doc = json_loads(rec.doc, 0, NULL)) == NULL || service_from_json(&svc, doc, e) != 0)) {
		rc = -1;
	}
	for (size_t m = 0; rc == 0 && m < nmonths; m++) {
		struct cost_record *records = NULL;
		size_t nrecords = 0;
		int64_t month = q->from + (int64_t)m;
		int64_t first_day = floor_div(kpi_month_start_in(q->zone, month), 86400);
		int64_t last_day = floor_div(kpi_month_start_in(q->zone, month + 1) - 1, 86400);
		rc = cost_records(app, q->service_id, month, &records, &nrecords, e);
		if (rc == 0) {
			struct catalog *cat = app_catalog_shared(app);
			size_t nunits = unit_costs(cat, &svc, q->service_id, first_day, last_day, units, 256);
			app_catalog_done(app);
			struct cost_month_input in = { svc.currency, units,   nunits,  q->work_s[m],
				                       &rate,        records, nrecords };
			rc = cost_month(&in, &b[m], e);
		}
		for (size_t i = 0; i < nrecords; i++) {
			cost_record_release(&records[i]);
		}
		free(records);
		if (rc == 0) {
			json_object_set_new(json_array_get(months, m), "cost", breakdown_json(&b[m], svc.currency));
		}
	}
	rc = rc != 0 ? rc : cost_tco(b, nmonths, &total, e);
	*tco = rc == 0 ? breakdown_json(&total, svc.currency) : NULL;
	if (rc != 0) {
		err_prefix_field(e, "cost");
	}
	service_release(&svc);
	json_decref(doc);
	store_record_release(&rec);
	free(b);
	return rc;
}

int
kpi_records_add(struct app *app, struct kpi_zones *zones, const struct kpi_records_query *q, json_t *months,
                json_t **tco, struct err *e)
{
	*tco = NULL;
	int rc = add_availability(app, q, months, e);

	rc = rc != 0 ? rc : add_nps(app, zones, q, months, e);
	if (rc == 0 && q->service_id != NULL && q->customer_id == NULL) {
		rc = add_cost(app, q, months, tco, e);
	}
	if (rc == 0 && *tco == NULL) {
		*tco = json_null();
		for (size_t m = 0; m < json_array_size(months); m++) {
			json_object_set_new(json_array_get(months, m), "cost", json_null());
		}
	}
	return rc;
}

int
kpi_ageing_now(struct app *app, const char *customer_id, const char *service_id, int64_t now, json_t **out,
               struct err *e)
{
	static const int64_t bounds_s[] = { 86400, 3 * 86400, 7 * 86400, 30 * 86400 };
	/*
	 * Every open ticket through the open tickets' own index, filtered here: a
	 * customer filter in SQL would walk all of the customer's tickets instead.
	 */
	struct store_ticket_query q = { .open_only = true, .sort = STORE_TICKET_BY_DUE, .limit = STORE_PAGE_MAX };
	int64_t buckets[5] = { 0 };
	char *cursor = NULL;
	int rc = 0;

	*out = NULL;
	do {
		struct store_ticket_page page = { 0 };
		q.cursor = cursor;
		rc = store_ticket_list(app->store, &q, &page, e);
		for (size_t i = 0; rc == 0 && i < page.n; i++) {
			const struct store_ticket *t = &page.rows[i];
			if ((customer_id != NULL &&
			     (t->customer_id == NULL || strcmp(t->customer_id, customer_id) != 0)) ||
			    (service_id != NULL && (t->service_id == NULL || strcmp(t->service_id, service_id) != 0))) {
				continue;
			}
			int64_t age = now - t->created_at;
			size_t b = 0;
			while (b < 4 && age >= bounds_s[b]) {
				b++;
			}
			buckets[b]++;
		}
		free(cursor);
		cursor = rc == 0 && page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_ticket_page_release(&page);
	} while (cursor != NULL);
	if (rc == 0) {
		*out = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "as_of", json_instant(now), "under_1d",
		                 (json_int_t)buckets[0], "1d_to_3d", (json_int_t)buckets[1], "3d_to_7d",
		                 (json_int_t)buckets[2], "7d_to_30d", (json_int_t)buckets[3], "over_30d",
		                 (json_int_t)buckets[4]);
	}
	return rc;
}
