/*
 * demo_test.c - the demo data: deterministic, valid by every domain rule,
 * and realistic enough to be worth showing (compliance neither perfect nor
 * absurd, open tickets at every stage near "now").
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/agreement.h"
#include "domain/calendar.h"
#include "domain/demo.h"
#include "domain/organisation.h"
#include "domain/service.h"
#include "domain/ticket_sla.h"

struct collected {
	json_t *records;
	char *text;
};

static int
collect(void *ctx, json_t *rec)
{
	json_array_append(((struct collected *)ctx)->records, rec);
	return 0;
}

static json_t *
generate(uint64_t seed, long tickets)
{
	struct demo_options opt = { .seed = seed, .tickets = tickets };
	struct collected c = { .records = json_array() };
	struct err e;

	cr_assert_eq(rfc3339_parse("2026-11-02T10:00:00Z", 20, &opt.now, NULL), 0);
	cr_assert_eq(demo_generate(&opt, collect, NULL, &c, &e), 0, "%s", e.message);
	return c.records;
}

Test(demo, deterministic_per_seed)
{
	json_t *a = generate(7, 500), *b = generate(7, 500), *c = generate(8, 500);
	char *ta = json_dumps(a, JSON_COMPACT), *tb = json_dumps(b, JSON_COMPACT), *tc = json_dumps(c, JSON_COMPACT);

	cr_assert_str_eq(ta, tb);
	cr_assert_str_neq(ta, tc);
	free(ta);
	free(tb);
	free(tc);
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

struct world {
	struct cal_spec spec[3];
	struct tz zone[3];
	struct calendar cal[3];
	int ncal;
	struct agreement_spec ag[16];
	int nag;
};

static const struct calendar *
calendar_of(void *ctx, const char *ref)
{
	struct world *w = ctx;
	for (int i = 0; i < w->ncal; i++) {
		if (ref != NULL && strcmp(w->spec[i].name, ref) == 0) {
			return &w->cal[i];
		}
	}
	return NULL;
}

Test(demo, every_record_is_valid_and_the_figures_are_realistic)
{
	json_t *recs = generate(1, 4000), *rec;
	struct world w = { .ncal = 0 };
	struct err e;
	size_t i;
	int orgs = 0, users = 0, services = 0, tickets = 0, open = 0, met[2] = { 0 }, clocks[2] = { 0 };
	int breached_open = 0, at_risk = 0, paused = 0;
	int64_t now;

	rfc3339_parse("2026-11-02T10:00:00Z", 20, &now, NULL);
	json_array_foreach(recs, i, rec)
	{
		const char *kind = json_string_value(json_object_get(rec, "kind"));
		json_t *doc = json_deep_copy(rec);
		json_object_del(doc, "kind");
		if (strcmp(kind, "calendar") == 0) {
			char *text = json_dumps(doc, 0);
			cr_assert_lt(w.ncal, 3);
			cr_assert_eq(
			        calendar_open(text, strlen(text), &w.spec[w.ncal], &w.zone[w.ncal], &w.cal[w.ncal], &e),
			        0, "%s", e.message);
			w.ncal++;
			free(text);
		} else if (strcmp(kind, "organisation") == 0) {
			struct organisation org;
			cr_assert_eq(organisation_from_json(&org, doc, &e), 0, "%s", e.message);
			organisation_release(&org);
			orgs++;
		} else if (strcmp(kind, "user") == 0) {
			users++;
		} else if (strcmp(kind, "service") == 0) {
			struct service svc;
			cr_assert_eq(service_from_json(&svc, doc, &e), 0, "%s: %s", e.field, e.message);
			cr_assert_eq(svc.nofferings, 3);
			service_release(&svc);
			services++;
		} else if (strcmp(kind, "agreement") == 0) {
			cr_assert_eq(agreement_from_json(&w.ag[w.nag], doc, &e), 0, "%s: %s", e.field, e.message);
			w.nag++;
		} else {
			cr_assert_str_eq(kind, "ticket");
			struct ticket_event evs[32];
			size_t k, n = json_array_size(json_object_get(rec, "events"));
			json_t *ev;
			cr_assert(n >= 1 && n <= 32);
			json_array_foreach(json_object_get(rec, "events"), k, ev)
			{
				cr_assert_eq(ticket_event_from_json(&evs[k], ev, &e), 0, "%s: %s", e.field, e.message);
			}
			evs[0].to_priority =
			        (enum priority)priority_parse(json_string_value(json_object_get(rec, "priority")));
			cr_assert_eq(ticket_events_check(evs, n, &e), 0, "%s: %s: %s",
			             json_string_value(json_object_get(rec, "ref")), e.field, e.message);
			const struct agreement_spec *apply[4];
			size_t na = 0;
			int64_t day = floor_div(evs[0].at, 86400);
			for (int a = 0; a < w.nag; a++) {
				if (agreement_applies(&w.ag[a], json_string_value(json_object_get(rec, "customer")),
				                      json_string_value(json_object_get(rec, "service")), day)) {
					apply[na++] = &w.ag[a];
				}
			}
			cr_assert_eq(na, 1, "every demo ticket is covered by its customer's SLA");
			struct ticket_sla sla;
			cr_assert_eq(ticket_sla_eval(evs, n, apply, na, calendar_of, &w, now, &sla, &e), 0, "%s",
			             e.message);
			bool done = false;
			for (size_t c = 0; c < sla.n; c++) {
				const struct clock_result *r = &sla.clocks[c].res;
				if (r->state == CLOCK_MET || r->state == CLOCK_BREACHED) {
					clocks[sla.clocks[c].metric]++;
					met[sla.clocks[c].metric] += r->state == CLOCK_MET;
				}
			}
			done = evs[n - 1].type == TEV_STATUS && ticket_status_is_done(evs[n - 1].to_status);
			open += !done;
			breached_open += !done && sla.state == TSLA_BREACHED;
			at_risk += sla.state == TSLA_AT_RISK;
			paused += sla.state == TSLA_PAUSED;
			tickets++;
		}
		json_decref(doc);
	}
	cr_log_info("demo: %d tickets, %d open (%d breached, %d paused, %d at risk); response %d/%d met, resolution "
	            "%d/%d met",
	            tickets, open, breached_open, paused, at_risk, met[0], clocks[0], met[1], clocks[1]);
	cr_assert_eq(w.ncal, 3);
	cr_assert_eq(orgs, 10, "4 teams, 5 customers, 1 supplier");
	cr_assert_eq(users, 17);
	cr_assert_eq(services, 8);
	cr_assert_eq(w.nag, 8, "5 SLAs, 2 OLAs, 1 UC");
	cr_assert(tickets > 3600 && tickets < 4400, "%d tickets", tickets);
	double response = (double)met[METRIC_RESPONSE] / clocks[METRIC_RESPONSE];
	double resolution = (double)met[METRIC_RESOLUTION] / clocks[METRIC_RESOLUTION];
	cr_assert(response > 0.80 && response < 0.99, "response compliance %.3f", response);
	cr_assert(resolution > 0.75 && resolution < 0.98, "resolution compliance %.3f", resolution);
	cr_assert(open > 20 && open < tickets / 4, "%d open", open);
	cr_assert(breached_open > 0 && paused > 0, "breached open %d, paused %d, at risk %d", breached_open, paused,
	          at_risk);
	for (int a = 0; a < w.nag; a++) {
		agreement_spec_release(&w.ag[a]);
	}
	for (int c = 0; c < w.ncal; c++) {
		calendar_release(&w.cal[c]);
		tz_release(&w.zone[c]);
		cal_spec_release(&w.spec[c]);
	}
	json_decref(recs);
}
