/*
 * review.c - see review.h.  In order: who and which month; the customer's
 * SLAs in force in the month (under the catalog's lock, copied out as
 * ids); the rollups of the twelve months to the month (compliance per
 * agreement x metric x priority, volumes, ratings); the outages of the
 * covered services and the availability each had in its SLA's hours;
 * credits under each SLA's rules; then the breaches and comments, from the
 * tickets of the month.
 */
#include "app/review.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/kpi_records.h"
#include "app/kpi_zone.h"
#include "app/review_tickets.h"
#include "app/ticket.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/availability.h"
#include "domain/calendar.h"
#include "domain/credit.h"
#include "domain/kpi.h"
#include "domain/service.h"
#include "domain/survey.h"
#include "domain/voice.h"

#define TREND 12
#define MAX_SLAS 16
#define MAX_SERVICES 64

/* One target's decided clocks per month of the trend (index 11 is the pack's month). */
struct target_row {
	char agreement[STORE_ID_MAX + 1];
	int metric, priority;
	int64_t met[TREND], breached[TREND];
};

/* One covered service's availability in the month, under its SLA's hours and windows. */
struct service_avail {
	char id[STORE_ID_MAX + 1];
	struct avail_span outages[REVIEW_MAX_OUTAGES];
	size_t noutages;
	struct availability a;
	bool computed;
};

struct review {
	struct app *app;
	const char *customer;
	int64_t month, start, end, now;
	char slas[MAX_SLAS][STORE_ID_MAX + 1];
	size_t nslas;
	struct target_row *rows;
	size_t nrows;
	int64_t created, resolved, backlog, ratings, rating_sum, breached; /* in the month */
	struct service_avail *services;
	size_t nservices;
};

static struct target_row *
row_of(struct review *r, const char *agreement, int metric, int priority)
{
	for (size_t i = 0; i < r->nrows; i++) {
		struct target_row *t = &r->rows[i];
		if (t->metric == metric && t->priority == priority && strcmp(t->agreement, agreement) == 0) {
			return t;
		}
	}
	r->rows = xreallocarray(r->rows, r->nrows + 1, sizeof(*r->rows));
	struct target_row *t = &r->rows[r->nrows++];
	memset(t, 0, sizeof(*t));
	snprintf(t->agreement, sizeof(t->agreement), "%s", agreement);
	t->metric = metric;
	t->priority = priority;
	return t;
}

static int
on_row(void *ctx, const struct store_kpi_row *row, struct err *e)
{
	struct review *r = ctx;
	int s = row->key.series;
	int64_t i = row->key.month - (r->month - TREND + 1);

	(void)e;
	if (s == KS_OPEN_DELTA) {
		r->backlog += row->total;
		return 0;
	}
	if (row->key.month == r->month) {
		r->created += s == KS_CREATED ? row->n : 0;
		r->resolved += s == KS_RESOLVED ? row->n : 0;
		r->ratings += s == KS_RATING ? row->n : 0;
		r->rating_sum += s == KS_RATING ? row->total : 0;
		r->breached += s == KS_RESPONSE_BREACHED || s == KS_RESOLUTION_BREACHED ? row->n : 0;
	}
	if (i >= 0 && i < TREND && row->key.priority >= 0 &&
	    (s == KS_RESPONSE_MET || s == KS_RESPONSE_BREACHED || s == KS_RESOLUTION_MET ||
	     s == KS_RESOLUTION_BREACHED)) {
		int metric = s == KS_RESPONSE_MET || s == KS_RESPONSE_BREACHED ? METRIC_RESPONSE : METRIC_RESOLUTION;
		struct target_row *t = row_of(r, row->key.agreement_id, metric, row->key.priority);
		*(s == KS_RESPONSE_MET || s == KS_RESOLUTION_MET ? &t->met[i] : &t->breached[i]) += row->n;
	}
	return 0;
}

static int
read_rollups(struct review *r, struct err *e)
{
	static const int series[] = {
		KS_CREATED,        KS_RESOLVED,           KS_RATING, KS_RESPONSE_MET, KS_RESPONSE_BREACHED,
		KS_RESOLUTION_MET, KS_RESOLUTION_BREACHED
	};

	for (size_t k = 0; k < sizeof(series) / sizeof(series[0]); k++) {
		struct store_kpi_query q = { r->month - TREND + 1, r->month, r->customer, NULL, series[k] };
		if (store_kpi_read(r->app->store, &q, on_row, r, e) != 0) {
			return -1;
		}
	}
	struct store_kpi_query q = { 0, r->month, r->customer, NULL, KS_OPEN_DELTA };
	return store_kpi_read(r->app->store, &q, on_row, r, e);
}

/* "1234.50" of minor units. */
/* The SLAs of the customer in force at some time in the month, as the brief; their ids into r. */
static json_t *
agreements_json(struct review *r, struct catalog *cat)
{
	int64_t first_day = floor_div(r->start, 86400), last_day = floor_div(r->end - 1, 86400);
	json_t *out = json_array();
	char date[11];

	for (size_t i = 0; i < catalog_agreement_count(cat) && r->nslas < MAX_SLAS; i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		if (a->type != AGREEMENT_SLA || a->customer == NULL || strcmp(a->customer, r->customer) != 0 ||
		    a->status != AGREEMENT_ACTIVE || a->valid_from > last_day || a->valid_to < first_day) {
			continue;
		}
		snprintf(r->slas[r->nslas++], STORE_ID_MAX + 1, "%s", id);
		json_t *services = json_array(), *targets = json_array();
		for (size_t k = 0; k < a->nservices; k++) {
			json_array_append_new(services, json_string(catalog_name_of(cat, "service", a->services[k])));
		}
		for (int k = 0; k < a->ntargets; k++) {
			json_array_append_new(targets, json_pack("{s:s, s:s, s:I}", "metric",
			                                         sla_metric_name(a->targets[k].metric), "priority",
			                                         priority_name(a->targets[k].priority), "target_s",
			                                         (json_int_t)a->targets[k].target_s));
		}
		const struct cal_spec *cal = catalog_calendar_spec(cat, a->calendar);
		char *hours = cal != NULL ? calendar_hours_text(cal) : xstrdup("as each target's calendar says");
		json_t *brief = json_pack(
		        "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o}", "id", id, "name", a->name, "type",
		        agreement_type_name(a->type), "valid_from", date_format(a->valid_from, date), "valid_to",
		        a->valid_to == INT64_MAX ? json_null() : json_string(date_format(a->valid_to, date)),
		        "services", services, "hours", hours, "targets", targets);
		json_array_append_new(out, brief);
		free(hours);
	}
	return out;
}

/* True when agreement id is one of the pack's SLAs. */
static bool
is_ours(const struct review *r, const char *id)
{
	for (size_t k = 0; k < r->nslas; k++) {
		if (strcmp(r->slas[k], id) == 0) {
			return true;
		}
	}
	return false;
}

/* The covered services of the SLAs found, each once. */
static void
collect_services(struct review *r, struct catalog *cat)
{
	for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		bool ours = is_ours(r, id);
		for (size_t k = 0; ours && k < a->nservices; k++) {
			bool seen = false;
			for (size_t j = 0; j < r->nservices; j++) {
				seen = seen || strcmp(r->services[j].id, a->services[k]) == 0;
			}
			if (!seen && r->nservices < MAX_SERVICES) {
				r->services = xreallocarray(r->services, r->nservices + 1, sizeof(*r->services));
				struct service_avail *sv = &r->services[r->nservices++];
				memset(sv, 0, sizeof(*sv));
				snprintf(sv->id, sizeof(sv->id), "%s", a->services[k]);
			}
		}
	}
}

/* The SLA (of ours) covering service id, or NULL. */
static const struct agreement_spec *
sla_of_service(struct review *r, struct catalog *cat, const char *service)
{
	for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		if (is_ours(r, id) && agreement_covers(a, service)) {
			return a;
		}
	}
	return NULL;
}

static void
compute_availability(struct review *r, struct catalog *cat)
{
	for (size_t i = 0; i < r->nservices; i++) {
		struct service_avail *sv = &r->services[i];
		const struct agreement_spec *a = sla_of_service(r, cat, sv->id);
		const struct calendar *hours = a != NULL ? catalog_calendar(cat, a->calendar) : NULL;
		struct avail_span windows[64];
		size_t nw = 0;
		struct err e;
		for (size_t k = 0; a != NULL && k < a->terms.nwindows && nw < 64; k++) {
			windows[nw++] = (struct avail_span){ a->terms.windows[k].start, a->terms.windows[k].end };
		}
		sv->computed = availability_compute(r->start, r->end, sv->outages, sv->noutages, hours, windows, nw,
		                                    &sv->a, &e) == 0;
	}
}

static json_t *
availability_json(struct review *r, struct catalog *cat)
{
	json_t *out = json_array();

	for (size_t i = 0; i < r->nservices; i++) {
		const struct service_avail *sv = &r->services[i];
		if (!sv->computed) {
			continue;
		}
		const struct availability *a = &sv->a;
		json_array_append_new(
		        out,
		        json_pack("{s:s, s:I, s:I, s:o, s:I, s:o, s:o}", "service",
		                  catalog_name_of(cat, "service", sv->id), "agreed_s", (json_int_t)a->agreed_s,
		                  "downtime_s", (json_int_t)a->downtime_s, "availability",
		                  a->has_availability ? json_real(a->availability_pct) : json_null(), "outages",
		                  (json_int_t)a->outages_started, "mttr_s",
		                  a->has_mttr ? json_integer((json_int_t)llround(a->mttr_s)) : json_null(), "mtbf_s",
		                  a->has_mtbf ? json_integer((json_int_t)llround(a->mtbf_s)) : json_null()));
	}
	return out;
}

/* What credit_evaluate asks: the month's figure a rule watches, for one agreement. */
struct measure_ctx {
	struct review *r;
	const char *agreement_id;
	const struct agreement_spec *spec;
};

static bool
measure(void *ctx, const struct credit_rule *rule, int64_t *num, int64_t *den)
{
	struct measure_ctx *m = ctx;
	struct review *r = m->r;

	*num = *den = 0;
	if (rule->metric == CREDIT_AVAILABILITY) {
		for (size_t i = 0; i < r->nservices; i++) {
			const struct service_avail *sv = &r->services[i];
			if (sv->computed && agreement_covers(m->spec, sv->id)) {
				*num += sv->a.agreed_s - sv->a.downtime_s;
				*den += sv->a.agreed_s;
			}
		}
		return *den > 0;
	}
	int metric = rule->metric == CREDIT_RESPONSE ? METRIC_RESPONSE : METRIC_RESOLUTION;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct target_row *t = &r->rows[i];
		if (t->metric == metric && strcmp(t->agreement, m->agreement_id) == 0 &&
		    (rule->priority == PRIORITY_COUNT || (int)rule->priority == t->priority)) {
			*num += t->met[TREND - 1];
			*den += t->met[TREND - 1] + t->breached[TREND - 1];
		}
	}
	return *den > 0;
}

int64_t
review_fee(struct store *s, const struct agreement_spec *a, char currency[4])
{
	int64_t fee = 0;

	if (a->terms.has_fee) {
		memcpy(currency, a->terms.currency, 4);
		return a->terms.fee_per_month_minor;
	}
	for (size_t k = 0; a->terms.service_level != NULL && k < a->nservices; k++) {
		struct store_record rec = { 0 };
		struct service svc = { 0 };
		struct err e;
		json_t *doc = NULL;
		if (store_record_get(s, "service", a->services[k], &rec, &e) == 0 &&
		    (doc = json_loads(rec.doc, 0, NULL)) != NULL && service_from_json(&svc, doc, &e) == 0) {
			for (int o = 0; o < svc.nofferings; o++) {
				if (strcmp(svc.offerings[o].name, a->terms.service_level) == 0) {
					fee += svc.offerings[o].price_per_month_minor;
					memcpy(currency, svc.currency, 4);
				}
			}
			service_release(&svc);
		}
		json_decref(doc);
		store_record_release(&rec);
	}
	return fee;
}

static json_t *
credits_json(struct review *r, struct catalog *cat)
{
	json_t *lines = json_array();
	int64_t fee_total = 0, credit_total = 0;
	char currency[4] = "", text[160], num[16];

	for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		bool ours = is_ours(r, id);
		if (!ours) {
			continue;
		}
		struct measure_ctx m = { r, id, a };
		struct credit_result res;
		int64_t fee = review_fee(r->app->store, a, currency);
		credit_evaluate(a, measure, &m, fee, &res);
		fee_total += fee;
		credit_total += res.total_minor;
		for (int k = 0; k < res.nlines; k++) {
			const struct credit_line *l = &res.lines[k];
			const struct credit_rule *rule = &a->terms.credit_rules[l->rule];
			json_array_append_new(
			        lines, json_pack("{s:s, s:s, s:o, s:f, s:f, s:b, s:o}", "agreement", a->name, "rule",
			                         credit_rule_text(rule, text, sizeof(text)), "measured",
			                         l->measured ? json_real(l->measured_pct) : json_null(), "threshold",
			                         strtod(pct_format(rule->below_mpct, num), NULL), "credit_pct",
			                         l->counted ? (double)l->credit_mpct / 1000.0 : 0.0, "applies",
			                         l->counted, "amount", json_money(l->counted ? l->amount_minor : 0)));
		}
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "currency",
	                 currency[0] != '\0' ? json_string(currency) : json_null(), "fee_per_month",
	                 fee_total > 0 ? json_money(fee_total) : json_null(), "total", json_money(credit_total),
	                 "total_pct",
	                 fee_total > 0 ? json_real((double)credit_total * 100.0 / (double)fee_total) : json_real(0.0),
	                 "lines", lines);
}

static json_t *
compliance_json(struct review *r, struct catalog *cat)
{
	json_t *out = json_array();
	char name[8];

	for (size_t k = 0; k < r->nslas; k++) {
		for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
			const char *id;
			const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
			if (strcmp(id, r->slas[k]) != 0) {
				continue;
			}
			for (int t = 0; t < a->ntargets; t++) {
				const struct agreement_target *tg = &a->targets[t];
				struct target_row *row = row_of(r, id, (int)tg->metric, (int)tg->priority);
				json_t *trend = json_array();
				for (int m = 0; m < TREND; m++) {
					json_array_append_new(
					        trend,
					        json_pack("{s:s, s:I, s:I, s:o}", "month",
					                  kpi_month_format(r->month - TREND + 1 + m, name), "met",
					                  (json_int_t)row->met[m], "breached",
					                  (json_int_t)row->breached[m], "compliance",
					                  json_pct(row->met[m], row->met[m] + row->breached[m])));
				}
				int64_t met = row->met[TREND - 1], br = row->breached[TREND - 1];
				json_array_append_new(out,
				                      json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o}", "agreement",
				                                a->name, "metric", sla_metric_name(tg->metric),
				                                "priority", priority_name(tg->priority), "target_s",
				                                (json_int_t)tg->target_s, "met", (json_int_t)met,
				                                "breached", (json_int_t)br, "compliance",
				                                json_pct(met, met + br), "trend", trend));
			}
		}
	}
	return out;
}

struct nps_pack {
	struct nps_tally tally;
	json_t *comments;
};

static void
nps_answer(void *ctx, const char *org_id, const struct survey *answer)
{
	struct nps_pack *n = ctx;
	struct err ignored;

	(void)org_id;
	if (nps_tally_add(&n->tally, answer->score, &ignored) == 0 && answer->comment != NULL) {
		json_array_append_new(n->comments, json_pack("{s:i, s:s, s:o}", "score", answer->score, "comment",
		                                             answer->comment, "at", json_instant(answer->answered_at)));
	}
}

/* NPS of the month's survey answers of the customer, with their comments; NULL with e when the store fails. */
static json_t *
nps_json(struct review *r, struct err *e)
{
	struct nps_pack n = { { 0 }, json_array() };

	if (kpi_surveys_each(r->app, r->customer, r->start, r->end, nps_answer, &n, e) != 0) {
		json_decref(n.comments);
		return NULL;
	}
	json_t *out = nps_tally_json(&n.tally);
	json_object_set_new(out, "comments", n.comments);
	return out;
}

/* The customer whose pack it is: the actor's own organisation for a customer user. */
static int
who(struct app *app, const struct actor *actor, const char *ref, char *buf, const char **id, struct err *e)
{
	enum scope scope = SCOPE_NONE;

	*id = NULL;
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_ORGANISATION, ref, "customer", buf, id, e) != 0) {
		return -1;
	}
	role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope);
	if (scope == SCOPE_OWN_ORG) {
		if (actor->org_id == NULL || (*id != NULL && strcmp(*id, actor->org_id) != 0)) {
			return err_set(e, ERR_FORBIDDEN, "customer",
			               "a customer sees the review of their own organisation only");
		}
		*id = actor->org_id;
	}
	if (*id == NULL) {
		return err_set(e, ERR_INVALID, "customer", "customer is required");
	}
	struct store_record rec = { 0 };
	int rc = store_record_get(app->store, "organisation", *id, &rec, e);
	json_t *doc = rc == 0 ? json_loads(rec.doc, 0, NULL) : NULL;
	const char *type = json_string_value(json_object_get(doc, "type"));
	if (rc == 0 && (type == NULL || strcmp(type, "customer") != 0)) {
		rc = err_set(e, ERR_INVALID, "customer", "'%s' is not a customer organisation",
		             ref != NULL ? ref : *id);
	}
	json_decref(doc);
	store_record_release(&rec);
	return rc;
}

static void
review_release(struct review *r)
{
	free(r->rows);
	free(r->services);
}

int
review_build(struct app *app, const struct actor *actor, const struct review_params *p, int64_t now, json_t **out,
             struct err *e)
{
	char buf[STORE_ID_MAX + 1], month_s[8];
	struct review r = { .app = app, .now = now };
	const char *zone_name;

	*out = NULL;
	if ((p->month != NULL && kpi_month_parse(p->month, "month", &r.month, e) != 0) ||
	    who(app, actor, p->customer, buf, &r.customer, e) != 0) {
		return -1;
	}
	struct kpi_zones *zones = kpi_zones_new(app);
	const struct tz *zone = kpi_zones_get(zones, r.customer, &zone_name);
	r.month = kpi_month_in(zone, now) - 1;
	int rc = p->month != NULL ? kpi_month_parse(p->month, "month", &r.month, e) : 0;
	r.start = kpi_month_start_in(zone, r.month);
	r.end = kpi_month_start_in(zone, r.month + 1);
	if (rc == 0 && r.start > now) {
		rc = err_set(e, ERR_INVALID, "month", "'%s' has not begun", kpi_month_format(r.month, month_s));
	}
	json_t *pack = NULL, *agreements = NULL;
	if (rc == 0) {
		struct catalog *cat = app_catalog(app);
		agreements = agreements_json(&r, cat);
		collect_services(&r, cat);
		pack = json_pack("{s:{s:s, s:s, s:s}, s:s, s:{s:o, s:o}, s:o, s:b}", "customer", "id", r.customer,
		                 "name", catalog_name_of(cat, "organisation", r.customer), "time_zone", zone_name,
		                 "month", kpi_month_format(r.month, month_s), "period", "start", json_instant(r.start),
		                 "end", json_instant(r.end), "generated_at", json_instant(now), "partial", r.end > now);
		app_catalog_done(app);
		rc = read_rollups(&r, e);
	}
	for (size_t i = 0; rc == 0 && i < r.nservices; i++) {
		rc = review_walk_outages(app, r.services[i].id, r.start, r.end, now, r.services[i].outages,
		                         REVIEW_MAX_OUTAGES, &r.services[i].noutages, e);
	}
	json_t *breaches = json_array(), *comments = json_array();
	if (!p->credits_only) {
		rc = rc != 0 ? rc
		             : review_walk_customer(app, r.customer, r.month, r.start, r.end, now, r.breached,
		                                    r.ratings, breaches, comments, e);
	}
	/* Survey answers are read before the catalog's lock is taken below: no store read under it. */
	json_t *nps = rc == 0 ? nps_json(&r, e) : NULL;
	rc = rc == 0 && nps == NULL ? -1 : rc;
	if (rc == 0) {
		struct catalog *cat = app_catalog(app);
		compute_availability(&r, cat);
		json_object_set_new(pack, "agreements", agreements);
		agreements = NULL;
		json_object_set_new(pack, "volumes",
		                    json_pack("{s:I, s:I, s:I}", "created", (json_int_t)r.created, "resolved",
		                              (json_int_t)r.resolved, "backlog", (json_int_t)r.backlog));
		json_object_set_new(pack, "compliance", compliance_json(&r, cat));
		json_object_set_new(pack, "breaches", json_incref(breaches));
		json_object_set_new(pack, "availability", availability_json(&r, cat));
		json_object_set_new(
		        pack, "csat",
		        json_pack("{s:o, s:I, s:o, s:O}", "average",
		                  r.ratings > 0 ? json_real((double)r.rating_sum / (double)r.ratings) : json_null(),
		                  "ratings", (json_int_t)r.ratings, "response_rate", json_pct(r.ratings, r.resolved),
		                  "comments", comments));
		json_object_set_new(pack, "nps", nps);
		nps = NULL;
		json_object_set_new(pack, "credits", credits_json(&r, cat));
		app_catalog_done(app);
		*out = pack;
		pack = NULL;
	}
	json_decref(breaches);
	json_decref(comments);
	json_decref(nps);
	json_decref(agreements);
	json_decref(pack);
	kpi_zones_free(zones);
	review_release(&r);
	return rc;
}

int
review_credits_all(struct app *app, const struct actor *actor, const char *month, int64_t now, json_t **out,
                   struct err *e)
{
	char ids[64][STORE_ID_MAX + 1], month_s[8] = "";
	size_t n = 0;
	int64_t index;
	json_t *list = json_array();
	int rc = 0;

	*out = NULL;
	if (month != NULL && kpi_month_parse(month, "month", &index, e) != 0) {
		json_decref(list);
		return -1;
	}
	/* The customers with an SLA, each once (a customer user: their own only). */
	struct catalog *cat = app_catalog_shared(app);
	for (size_t i = 0; i < catalog_agreement_count(cat) && n < 64; i++) {
		const char *id;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &id);
		bool seen = a->type != AGREEMENT_SLA || a->customer == NULL || a->status != AGREEMENT_ACTIVE ||
		            (actor->role == ROLE_CUSTOMER &&
		             (actor->org_id == NULL || strcmp(actor->org_id, a->customer) != 0));
		for (size_t k = 0; !seen && k < n; k++) {
			seen = strcmp(ids[k], a->customer) == 0;
		}
		if (!seen) {
			snprintf(ids[n++], STORE_ID_MAX + 1, "%s", a->customer);
		}
	}
	app_catalog_done(app);
	for (size_t k = 0; rc == 0 && k < n; k++) {
		struct review_params p = { ids[k], month, true };
		json_t *pack = NULL;
		rc = review_build(app, actor, &p, now, &pack, e);
		if (rc == 0) {
			json_t *c = json_object_get(pack, "credits");
			json_object_set(c, "customer", json_object_get(pack, "customer"));
			json_object_del(json_object_get(c, "customer"), "time_zone");
			json_array_append(list, c);
			if (k == 0) {
				snprintf(month_s, sizeof(month_s), "%s",
				         json_string_value(json_object_get(pack, "month")));
			}
		}
		json_decref(pack);
	}
	if (rc != 0) {
		json_decref(list);
		return -1;
	}
	if (n == 0) {
		struct kpi_zones *zones = kpi_zones_new(app);
		const char *name;
		index = month != NULL ? index : kpi_month_in(kpi_zones_get(zones, NULL, &name), now) - 1;
		kpi_month_format(index, month_s);
		kpi_zones_free(zones);
	}
	*out = json_pack("{s:s, s:o}", "month", month_s, "customers", list);
	return 0;
}
