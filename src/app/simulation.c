/*
 * simulation.c - see simulation.h.  The agreement's stored document, with
 * the proposal laid over it, is parsed as any agreement is, so a proposal
 * is checked exactly as an edit would be.  The tickets of its customer
 * created in the window are read in one scan and split between threads;
 * each is evaluated under the proposal, as of now, while the agreement's
 * own outcomes are those the KPI job kept (the same evaluation, as of the
 * ticket's last change), so the actual side is what the KPIs report.  A clock counts in the month it was decided (met
 * at its stop, breached at breached_at), in the customer's time zone, as the KPIs do.
 */
#include "app/simulation.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/catalog.h"
#include "app/kpi_zone.h"
#include "app/review.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/clock_log.h"
#include "domain/credit.h"
#include "domain/kpi.h"
#include "domain/kpi_fact.h"
#include "domain/ticket_sla.h"

#define MAX_THREADS 8
#define SIDES 2 /* 0: as agreed, 1: as proposed */

static const char *const proposal_keys[] = { "targets",        "calendar",      "pause_statuses", "credit_rules",
	                                     "credit_cap_pct", "fee_per_month", "currency",       NULL };

/* Decided clocks per month, metric and priority, for one side. */
struct counts {
	int64_t met[KPI_MONTHS_MAX][METRIC_COUNT][PRIORITY_COUNT];
	int64_t breached[KPI_MONTHS_MAX][METRIC_COUNT][PRIORITY_COUNT];
	int64_t overrun_s[KPI_MONTHS_MAX];
};

/* One ticket as scanned: its clock log lives in the scan's arena. */
struct item {
	size_t off, len;    /* the clock log in the arena */
	size_t service_off; /* the service id in the arena */
	int64_t created_at;
	struct kpi_outcome kept[METRIC_COUNT]; /* the agreement's clocks as the KPI job kept them */
};

struct scan {
	const char *agreement_id;
	struct item *v;
	size_t n, cap;
	struct buf arena;
};

/* What the threads share (read only) and what each fills. */
struct sim {
	struct catalog *cat;
	const struct agreement_spec *spec[SIDES];
	const char *agreement_id; /* the agreement as it is: its outcomes are the kept ones */
	const char *customer;
	const struct tz *zone;
	int64_t from, now; /* the first month (index) */
	size_t nmonths;
	struct scan *scan;
};

struct worker {
	const struct sim *sim;
	size_t begin, end;
	struct counts counts[SIDES];
	int64_t changed; /* tickets whose outcome differs */
	int64_t evaluated;
	pthread_t thread;
};

static int
on_ticket(void *ctx, const struct store_ticket_kpi_row *row, struct err *e)
{
	struct scan *s = ctx;
	const char *service_id = row->service_id;
	const void *clock = row->clock;
	size_t clock_len = row->clock_len;
	int64_t created_at = row->created_at;

	if (s->n == s->cap) {
		s->cap = s->cap > 0 ? s->cap * 2 : 4096;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	struct item *it = &s->v[s->n++];
	it->off = s->arena.len;
	it->len = clock_len;
	it->created_at = created_at;
	if (buf_append(&s->arena, clock, clock_len, e) != 0) {
		return -1;
	}
	struct err corrupt;
	if (kpi_blob_outcomes(row->facts, row->facts_len, s->agreement_id, it->kept, &corrupt) != 0) {
		memset(it->kept, 0, sizeof(it->kept)); /* counted as undecided rather than failing the whole run */
	}
	it->service_off = s->arena.len;
	return buf_append(&s->arena, service_id != NULL ? service_id : "",
	                  strlen(service_id != NULL ? service_id : "") + 1, e);
}

/* An outcome per metric, for telling a change: 0 undecided, 1 met, 2 breached. */
static uint64_t
signature(const int *outcome)
{
	return (uint64_t)outcome[METRIC_RESPONSE] * 3 + (uint64_t)outcome[METRIC_RESOLUTION];
}

/*
 * Counts the agreement's decided clocks as the KPI job kept them (the
 * same evaluation, as of the ticket's last change) into c: the actual side
 * is then exactly what the KPIs say, and costs no evaluation.
 */
static uint64_t
count_kept(const struct sim *sim, const struct kpi_outcome *kept, struct counts *c)
{
	int outcome[METRIC_COUNT] = { 0, 0 };

	for (int m = 0; m < METRIC_COUNT; m++) {
		const struct kpi_outcome *o = &kept[m];
		int64_t month = (int64_t)o->month - sim->from;
		outcome[m] = o->state;
		if (o->state == 0 || month < 0 || month >= (int64_t)sim->nmonths || o->priority >= PRIORITY_COUNT) {
			continue;
		}
		if (o->state == 1) {
			c->met[month][m][o->priority]++;
		} else {
			c->breached[month][m][o->priority]++;
			c->overrun_s[month] += o->overrun_s;
		}
	}
	return signature(outcome);
}

/* Counts the decided clocks of sla into c; returns a signature of the outcomes (to tell a change). */
static uint64_t
count(const struct sim *sim, const struct ticket_sla *sla, const struct ticket_event *evs, size_t n, struct counts *c)
{
	int outcome[METRIC_COUNT] = { 0, 0 };

	for (size_t i = 0; i < sla->n; i++) {
		const struct clock_result *r = &sla->clocks[i].res;
		int m = (int)sla->clocks[i].metric;
		bool met = r->state == CLOCK_MET;
		int64_t at = met ? r->stopped_at : r->state == CLOCK_BREACHED ? r->breached_at : TIME_NONE;
		if (at == TIME_NONE) {
			continue;
		}
		outcome[m] = met ? 1 : 2;
		int64_t k = kpi_month_in(sim->zone, at) - sim->from;
		if (k < 0 || k >= (int64_t)sim->nmonths) {
			continue;
		}
		enum priority p = ticket_priority_at(evs, n, at);
		if (met) {
			c->met[k][m][p]++;
		} else {
			c->breached[k][m][p]++;
			c->overrun_s[k] += r->elapsed_business_s - r->target_s;
		}
	}
	return signature(outcome);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	const struct sim *sim = w->sim;
	struct ticket_event *evs = xcalloc(CATALOG_MAX_EVENTS, sizeof(*evs));
	struct ticket_sla sla;
	struct err e;

	for (size_t i = w->begin; i < w->end; i++) {
		const struct item *it = &sim->scan->v[i];
		const char *service = sim->scan->arena.data + it->service_off;
		size_t n = 0;
		if (!agreement_applies(sim->spec[0], sim->customer, service, floor_div(it->created_at, 86400)) ||
		    clock_log_decode(sim->scan->arena.data + it->off, it->len, evs, CATALOG_MAX_EVENTS, &n, &e) != 0 ||
		    n == 0) {
			continue;
		}
		uint64_t sig[SIDES] = { 0, 0 };
		sig[0] = count_kept(sim, it->kept, &w->counts[0]);
		if (ticket_sla_eval(evs, n, &sim->spec[1], 1, catalog_calendar, sim->cat, sim->now, &sla, &e) == 0) {
			sig[1] = count(sim, &sla, evs, n, &w->counts[1]);
		}
		w->evaluated++;
		w->changed += sig[0] != sig[1] ? 1 : 0;
	}
	free(evs);
	return NULL;
}

/* The proposed agreement: the stored document with the proposal laid over it, references resolved. */
static int
proposed_doc(struct app *app, const char *id, const json_t *proposal, json_t **out, struct err *e)
{
	struct store_record rec = { 0 };
	const char *key;
	json_t *v;

	*out = NULL;
	if (proposal != NULL && !json_is_object(proposal)) {
		return err_set(e, ERR_INVALID, "proposal", "proposal must be an object");
	}
	json_object_foreach((json_t *)proposal, key, v)
	{
		bool known = false;
		for (size_t i = 0; proposal_keys[i] != NULL; i++) {
			known = known || strcmp(key, proposal_keys[i]) == 0;
		}
		if (!known) {
			char field[96];
			snprintf(field, sizeof(field), "proposal.%.80s", key);
			return err_set(e, ERR_INVALID, field,
			               "a proposal may change targets, calendar, pause_statuses, "
			               "credit_rules, credit_cap_pct, fee_per_month and currency");
		}
	}
	if (store_record_get(app->store, "agreement", id, &rec, e) != 0) {
		return -1;
	}
	json_t *doc = json_loads(rec.doc, 0, NULL);
	store_record_release(&rec);
	if (doc == NULL) {
		return err_set(e, ERR_INTERNAL, "agreement", "the stored agreement is not JSON");
	}
	json_object_update(doc, (json_t *)proposal);
	struct catalog *cat = app_catalog(app);
	int rc = catalog_resolve_field(cat, doc, "calendar", CATALOG_CALENDAR, e);
	json_t *targets = json_object_get(doc, "targets");
	for (size_t i = 0; rc == 0 && json_is_array(targets) && i < json_array_size(targets); i++) {
		json_t *t = json_array_get(targets, i);
		rc = json_is_object(t) ? catalog_resolve_field(cat, t, "calendar", CATALOG_CALENDAR, e) : 0;
		if (rc != 0) {
			char prefix[40];
			snprintf(prefix, sizeof(prefix), "targets[%zu]", i);
			err_prefix_field(e, prefix);
		}
	}
	app_catalog_done(app);
	if (rc != 0) {
		err_prefix_field(e, "proposal");
		json_decref(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

/* The month's decided clocks of one side as JSON, and its credits (measured from them). */
struct month_figures {
	int64_t met[METRIC_COUNT], breached[METRIC_COUNT], overrun_s;
};

struct measure_ctx {
	const struct counts *c;
	size_t month;
};

static bool
measure(void *ctx, const struct credit_rule *rule, int64_t *num, int64_t *den)
{
	const struct measure_ctx *m = ctx;

	*num = *den = 0;
	if (rule->metric == CREDIT_AVAILABILITY) {
		return false; /* outages are not simulated */
	}
	int metric = rule->metric == CREDIT_RESPONSE ? METRIC_RESPONSE : METRIC_RESOLUTION;
	for (int p = 0; p < PRIORITY_COUNT; p++) {
		if (rule->priority == PRIORITY_COUNT || (int)rule->priority == p) {
			*num += m->c->met[m->month][metric][p];
			*den += m->c->met[m->month][metric][p] + m->c->breached[m->month][metric][p];
		}
	}
	return *den > 0;
}

/* {"met","breached","compliance","response_compliance","resolution_compliance","overrun_business_s","credits"} */
static json_t *
side_json(const struct agreement_spec *spec, const struct counts *c, size_t from, size_t to, int64_t fee,
          int64_t *credits_minor)
{
	int64_t met[METRIC_COUNT] = { 0 }, br[METRIC_COUNT] = { 0 }, overrun = 0, credits = 0;

	for (size_t k = from; k < to; k++) {
		for (int m = 0; m < METRIC_COUNT; m++) {
			for (int p = 0; p < PRIORITY_COUNT; p++) {
				met[m] += c->met[k][m][p];
				br[m] += c->breached[k][m][p];
			}
		}
		overrun += c->overrun_s[k];
		struct measure_ctx mc = { c, k };
		struct credit_result res;
		credit_evaluate(spec, measure, &mc, fee, &res);
		credits += res.total_minor;
	}
	*credits_minor = credits;
	int64_t all_met = met[0] + met[1], all_br = br[0] + br[1];
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:I, s:o}", "met", (json_int_t)all_met, "breached",
	                 (json_int_t)all_br, "compliance", json_pct(all_met, all_met + all_br), "response_compliance",
	                 json_pct(met[METRIC_RESPONSE], met[METRIC_RESPONSE] + br[METRIC_RESPONSE]),
	                 "resolution_compliance",
	                 json_pct(met[METRIC_RESOLUTION], met[METRIC_RESOLUTION] + br[METRIC_RESOLUTION]),
	                 "overrun_business_s", (json_int_t)overrun, "credits", json_money(credits));
}

/* Per target (metric x priority) over the window, both sides. */
static json_t *
targets_json(const struct agreement_spec *const *spec, const struct counts *c, size_t nmonths)
{
	json_t *out = json_array();

	for (int m = 0; m < METRIC_COUNT; m++) {
		for (int p = 0; p < PRIORITY_COUNT; p++) {
			const struct agreement_target *t[SIDES] = {
				agreement_target(spec[0], (enum sla_metric)m, (enum priority)p),
				agreement_target(spec[1], (enum sla_metric)m, (enum priority)p)
			};
			if (t[0] == NULL && t[1] == NULL) {
				continue;
			}
			json_t *row = json_pack("{s:s, s:s}", "metric", sla_metric_name((enum sla_metric)m), "priority",
			                        priority_name((enum priority)p));
			for (int side = 0; side < SIDES; side++) {
				int64_t met = 0, br = 0;
				for (size_t k = 0; k < nmonths; k++) {
					met += c[side].met[k][m][p];
					br += c[side].breached[k][m][p];
				}
				json_object_set_new(
				        row, side == 0 ? "actual" : "proposed",
				        json_pack("{s:o, s:I, s:I, s:o}", "target_s",
				                  t[side] != NULL ? json_integer(t[side]->target_s) : json_null(),
				                  "met", (json_int_t)met, "breached", (json_int_t)br, "compliance",
				                  json_pct(met, met + br)));
			}
			json_array_append_new(out, row);
		}
	}
	return out;
}

/* Runs the workers over scan and sums their counts into c; *evaluated and *changed count tickets. */
static void
evaluate_all(struct sim *sim, struct counts *c, int64_t *evaluated, int64_t *changed)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (size_t)cores;
	struct worker *w = xcalloc(nthreads, sizeof(*w));

	nthreads = sim->scan->n < 1000 ? 1 : nthreads;
	for (size_t t = 0; t < nthreads; t++) {
		w[t].sim = sim;
		w[t].begin = sim->scan->n * t / nthreads;
		w[t].end = sim->scan->n * (t + 1) / nthreads;
		if (t > 0 && pthread_create(&w[t].thread, NULL, work, &w[t]) != 0) {
			work(&w[t]); /* no thread: do its share here */
			w[t].thread = 0;
		}
	}
	work(&w[0]);
	for (size_t t = 0; t < nthreads; t++) {
		if (t > 0 && w[t].thread != 0) {
			pthread_join(w[t].thread, NULL);
		}
		for (int side = 0; side < SIDES; side++) {
			const int64_t *from = (const int64_t *)&w[t].counts[side];
			int64_t *into = (int64_t *)&c[side];
			for (size_t i = 0; i < sizeof(struct counts) / sizeof(int64_t); i++) {
				into[i] += from[i];
			}
		}
		*evaluated += w[t].evaluated;
		*changed += w[t].changed;
	}
	free(w);
}

static int
window(const json_t *req, const struct tz *zone, int64_t now, int64_t *from, int64_t *to, struct err *e)
{
	const char *f = json_string_value(json_object_get(req, "from")),
	           *t = json_string_value(json_object_get(req, "to"));

	*to = kpi_month_in(zone, now);
	if ((json_object_get(req, "to") != NULL && kpi_month_parse(t, "to", to, e) != 0)) {
		return -1;
	}
	*from = *to - 11;
	if (json_object_get(req, "from") != NULL && kpi_month_parse(f, "from", from, e) != 0) {
		return -1;
	}
	if (*to < *from) {
		return err_set(e, ERR_INVALID, "to", "to must not be before from");
	}
	if (*to - *from + 1 > KPI_MONTHS_MAX) {
		return err_set(e, ERR_INVALID, "to", "a simulation covers at most %d months", KPI_MONTHS_MAX);
	}
	return 0;
}

int
simulation_run(struct app *app, const struct actor *actor, const json_t *req, int64_t now, json_t **out, struct err *e)
{
	static const char *const keys[] = { "agreement", "from", "to", "proposal", NULL };
	struct agreement_spec proposed = { 0 };
	struct scan scan = { 0 };
	struct counts *c = NULL;
	char id[STORE_ID_MAX + 1], customer[STORE_ID_MAX + 1] = "", month_s[8];
	const char *key, *zone_name;
	json_t *v, *doc = NULL;
	int64_t from = 0, to = 0;
	int rc;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_AGREEMENT, ACTION_UPDATE, e) != 0) {
		return -1;
	}
	if (!json_is_object(req)) {
		return err_set(e, ERR_INVALID, NULL, "the body must be a JSON object");
	}
	json_object_foreach((json_t *)req, key, v)
	{
		bool known = false;
		for (size_t i = 0; keys[i] != NULL; i++) {
			known = known || strcmp(key, keys[i]) == 0;
		}
		if (!known) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.60s'", key);
		}
	}
	const char *ref = json_string_value(json_object_get(req, "agreement"));
	if (ref == NULL) {
		return err_set(e, ERR_INVALID, "agreement", "agreement (a name or id) is required");
	}
	struct catalog *cat = app_catalog(app);
	const char *found = catalog_resolve(cat, CATALOG_AGREEMENT, ref, "agreement", e);
	snprintf(id, sizeof(id), "%s", found != NULL ? found : "");
	app_catalog_done(app);
	if (found == NULL) {
		return -1;
	}
	rc = proposed_doc(app, id, json_object_get(req, "proposal"), &doc, e);
	if (rc == 0 && agreement_from_json(&proposed, doc, e) != 0) {
		err_prefix_field(e, "proposal");
		rc = -1;
	}
	json_decref(doc);
	/* The agreement as it is, from the catalog; its customer and time zone. */
	cat = app_catalog_shared(app);
	const struct agreement_spec *actual = NULL;
	for (size_t i = 0; rc == 0 && i < catalog_agreement_count(cat); i++) {
		const char *aid;
		const struct agreement_spec *a = catalog_agreement_at(cat, i, &aid);
		actual = strcmp(aid, id) == 0 ? a : actual;
	}
	if (rc == 0 && (actual == NULL || actual->type != AGREEMENT_SLA || actual->customer == NULL)) {
		rc = err_set(e, ERR_INVALID, "agreement", "'%.60s' is not a customer SLA: only SLAs can be simulated",
		             ref);
	}
	if (rc == 0) {
		snprintf(customer, sizeof(customer), "%s", actual->customer);
	}
	app_catalog_done(app);
	struct kpi_zones *zones = kpi_zones_new(app);
	const struct tz *zone = kpi_zones_get(zones, customer, &zone_name);
	rc = rc != 0 ? rc : window(req, zone, now, &from, &to, e);
	scan.agreement_id = id;
	buf_init(&scan.arena, (size_t)1 << 31);
	rc = rc != 0 ? rc
	             : store_ticket_kpi_scan(app->store, customer, kpi_month_start_in(zone, from),
	                                     kpi_month_start_in(zone, to + 1), false, on_ticket, &scan, e);
	if (rc == 0) {
		cat = app_catalog_shared(app);
		actual = NULL;
		for (size_t i = 0; i < catalog_agreement_count(cat); i++) {
			const char *aid;
			const struct agreement_spec *a = catalog_agreement_at(cat, i, &aid);
			actual = strcmp(aid, id) == 0 ? a : actual;
		}
		if (actual == NULL) {
			rc = err_set(e, ERR_CONFLICT, "agreement",
			             "the agreement changed during the simulation; try again");
		}
		c = xcalloc(SIDES, sizeof(*c));
		int64_t evaluated = 0, changed = 0, credits[SIDES];
		struct sim sim = { cat, { actual, &proposed },   id,   customer, zone, from,
			           now, (size_t)(to - from + 1), &scan };
		if (rc == 0) {
			evaluate_all(&sim, c, &evaluated, &changed);
			char cur[SIDES][4] = { "", "" };
			int64_t fee[SIDES] = { review_fee(app->store, actual, cur[0]),
				               review_fee(app->store, &proposed, cur[1]) };
			json_t *months = json_array();
			for (size_t k = 0; k < sim.nmonths; k++) {
				int64_t ignored;
				json_array_append_new(
				        months,
				        json_pack("{s:s, s:o, s:o}", "month",
				                  kpi_month_format(from + (int64_t)k, month_s), "actual",
				                  side_json(actual, &c[0], k, k + 1, fee[0], &ignored), "proposed",
				                  side_json(&proposed, &c[1], k, k + 1, fee[1], &ignored)));
			}
			json_t *sides[SIDES];
			for (int side = 0; side < SIDES; side++) {
				sides[side] =
				        side_json(sim.spec[side], &c[side], 0, sim.nmonths, fee[side], &credits[side]);
				json_object_set_new(sides[side], "currency",
				                    cur[side][0] != '\0' ? json_string(cur[side]) : json_null());
			}
			char from_s[8], to_s[8];
			*out = json_pack("{s:{s:s, s:s}, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:[s]}",
			                 "agreement", "id", id, "name", actual->name, "from",
			                 kpi_month_format(from, from_s), "to", kpi_month_format(to, to_s), "time_zone",
			                 zone_name, "tickets", (json_int_t)evaluated, "changed_tickets",
			                 (json_int_t)changed, "actual", sides[0], "proposed", sides[1], "targets",
			                 targets_json(sim.spec, c, sim.nmonths), "months", months, "not_simulated",
			                 "availability credits (outages are as they were)");
		}
		app_catalog_done(app);
	}
	free(c);
	free(scan.v);
	buf_release(&scan.arena);
	kpi_zones_free(zones);
	agreement_spec_release(&proposed);
	return rc;
}
