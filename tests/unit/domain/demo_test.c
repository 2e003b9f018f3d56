/*
 * demo_test.c - the demo data: deterministic, valid by every domain rule,
 * and realistic enough to be worth showing (compliance neither perfect nor
 * absurd, open tickets at every stage near "now"), with priced agreements
 * and credit rules, ratings, logged work and outages.
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
	/* The sample is large enough to hold every kind of event the demo makes. */
	cr_assert(strstr(ta, "\"rating\"") != NULL && strstr(ta, "\"work\"") != NULL &&
	          strstr(ta, "\"outage\"") != NULL);
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

/* The record of kind and name in recs (the "name" of catalog records), or NULL. */
static json_t *
find_record(json_t *recs, const char *kind, const char *name)
{
	size_t i;
	json_t *rec;

	json_array_foreach(recs, i, rec)
	{
		if (strcmp(json_string_value(json_object_get(rec, "kind")), kind) == 0 &&
		    strcmp(json_string_value(json_object_get(rec, "name")), name) == 0) {
			return rec;
		}
	}
	return NULL;
}

static void
parse_agreement(json_t *rec, struct agreement_spec *spec)
{
	json_t *doc = json_deep_copy(rec);
	struct err e;

	json_object_del(doc, "kind");
	cr_assert_eq(agreement_from_json(spec, doc, &e), 0, "%s: %s", e.field, e.message);
	json_decref(doc);
}

Test(demo, every_sla_has_a_price_credit_rules_and_a_window_each_month)
{
	json_t *recs = generate(3, 200), *rec;
	int64_t now;
	size_t i;
	int slas = 0, with_fee = 0;

	rfc3339_parse("2026-11-02T10:00:00Z", 20, &now, NULL);
	json_array_foreach(recs, i, rec)
	{
		const char *type = json_string_value(json_object_get(rec, "type"));
		if (strcmp(json_string_value(json_object_get(rec, "kind")), "agreement") != 0 ||
		    strcmp(type, "sla") != 0) {
			continue;
		}
		struct agreement_spec a;
		struct err e;
		parse_agreement(rec, &a);
		slas++;
		/* The price: a fee in the services' currency, or an offering every covered service has. */
		cr_assert(a.terms.has_fee || a.terms.service_level != NULL, "%s names no price", a.name);
		with_fee += a.terms.has_fee;
		for (size_t k = 0; k < a.nservices; k++) {
			json_t *doc = json_deep_copy(find_record(recs, "service", a.services[k]));
			struct service svc;
			bool offered = false;
			cr_assert_not_null(doc, "%s covers an unknown service %s", a.name, a.services[k]);
			json_object_del(doc, "kind");
			cr_assert_eq(service_from_json(&svc, doc, &e), 0, "%s", e.message);
			for (int o = 0; o < svc.nofferings; o++) {
				offered |= a.terms.service_level != NULL &&
				           strcmp(svc.offerings[o].name, a.terms.service_level) == 0;
			}
			cr_assert(a.terms.service_level == NULL || offered, "%s: %s has no offering %s", a.name,
			          a.services[k], a.terms.service_level);
			cr_assert(!a.terms.has_fee || strcmp(a.terms.currency, svc.currency) == 0,
			          "%s: fee in %s, %s in %s", a.name, a.terms.currency, svc.name, svc.currency);
			service_release(&svc);
			json_decref(doc);
		}
		/* Credit rules in tiers: a response or resolution rule, and two availability tiers; a cap. */
		int availability = 0, clocks = 0;
		for (int k = 0; k < a.terms.ncredit_rules; k++) {
			const struct credit_rule *cr = &a.terms.credit_rules[k];
			availability += cr->metric == CREDIT_AVAILABILITY;
			clocks += cr->metric != CREDIT_AVAILABILITY;
			cr_assert(cr->below_mpct >= 80 * PCT_MILLI && cr->credit_mpct <= 25 * PCT_MILLI, "%s: rule %d",
			          a.name, k);
		}
		cr_assert(availability >= 2 && clocks >= 1, "%s: %d availability, %d other rules", a.name, availability,
		          clocks);
		cr_assert(a.terms.has_credit_cap && a.terms.credit_cap_mpct < PCT_MILLI_FULL, "%s has no credit cap",
		          a.name);
		/* A two-hour window at 02:00 on a Sunday, local time, in every month of the demo's year. */
		struct tz zone;
		json_t *org = find_record(recs, "organisation", a.customer);
		cr_assert_not_null(org);
		cr_assert_eq(calendar_zone_load(&zone, json_string_value(json_object_get(org, "timezone")), &e), 0,
		             "%s", e.message);
		bool month_has[13] = { false };
		for (size_t k = 0; k < a.terms.nwindows; k++) {
			const struct maint_window *w = &a.terms.windows[k];
			int64_t local = w->start + tz_utoff_at(&zone, w->start);
			cr_assert_eq(w->end - w->start, 2 * 3600);
			cr_assert_eq(weekday_from_days(floor_div(local, 86400)), 6, "%s: window %zu is not on a Sunday",
			             a.name, k);
			cr_assert_eq(local - floor_div(local, 86400) * 86400, 2 * 3600, "%s: window %zu not at 02:00",
			             a.name, k);
			struct civil d = civil_from_days(floor_div(local, 86400));
			int back = (2026 - d.year) * 12 + (11 - d.month); /* months before November 2026 */
			if (back >= 0 && back <= 12) {
				month_has[back] = true;
			}
		}
		for (int m = 0; m <= 12; m++) {
			cr_assert(month_has[m], "%s has no window %d months before the demo's now", a.name, m);
		}
		tz_release(&zone);
		agreement_spec_release(&a);
	}
	cr_assert_eq(slas, 5);
	cr_assert(with_fee >= 1 && with_fee < slas, "%d of %d SLAs with a negotiated fee", with_fee, slas);
	json_decref(recs);
}

struct ticket_log {
	struct ticket_event evs[32];
	size_t n;
	int64_t resolved_at; /* the last resolution, TIME_NONE when never resolved */
	int resolutions;
};

static void
parse_log(json_t *rec, struct ticket_log *log)
{
	size_t k;
	json_t *ev;
	struct err e;

	log->n = json_array_size(json_object_get(rec, "events"));
	log->resolved_at = TIME_NONE;
	log->resolutions = 0;
	cr_assert(log->n >= 1 && log->n <= 32);
	json_array_foreach(json_object_get(rec, "events"), k, ev)
	{
		cr_assert_eq(ticket_event_from_json(&log->evs[k], ev, &e), 0, "%s: %s", e.field, e.message);
		if (log->evs[k].type == TEV_STATUS && log->evs[k].to_status == STATUS_RESOLVED) {
			log->resolved_at = log->evs[k].at;
			log->resolutions++;
		}
	}
}

Test(demo, tickets_carry_ratings_work_and_outages)
{
	json_t *recs = generate(5, 4000), *rec;
	size_t i;
	int resolved = 0, rated = 0, commented = 0, non_ascii = 0, worked = 0, outages = 0, in_window = 0;
	int scores[2] = { 0 }, nscores[2] = { 0 }; /* [reopened] */
	json_t *texts = json_object();
	struct agreement_spec slas[5];
	int nslas = 0;

	json_array_foreach(recs, i, rec)
	{
		const char *kind = json_string_value(json_object_get(rec, "kind"));
		if (strcmp(kind, "agreement") == 0 &&
		    strcmp(json_string_value(json_object_get(rec, "type")), "sla") == 0) {
			cr_assert_lt(nslas, 5);
			parse_agreement(rec, &slas[nslas++]);
		}
		if (strcmp(kind, "ticket") != 0) {
			continue;
		}
		struct ticket_log log;
		parse_log(rec, &log);
		resolved += log.resolved_at != TIME_NONE;
		bool outage = false;
		for (size_t k = 0; k < log.n; k++) {
			const struct ticket_event *ev = &log.evs[k];
			if (ev->type == TEV_RATING) {
				const char *comment = json_string_value(
				        json_object_get(json_array_get(json_object_get(rec, "events"), k), "comment"));
				cr_assert(ev->score >= 1 && ev->score <= 5);
				cr_assert(log.resolved_at != TIME_NONE && ev->at >= log.resolved_at &&
				                  ev->at < log.resolved_at + 5 * 86400,
				          "rated within days of the resolution");
				rated++;
				scores[log.resolutions > 1] += ev->score;
				nscores[log.resolutions > 1]++;
				if (comment != NULL) {
					commented++;
					json_object_set_new(texts, comment, json_true());
					for (const char *c = comment; *c != '\0'; c++) {
						non_ascii += (*c & 0x80) != 0;
					}
				}
			} else if (ev->type == TEV_WORK) {
				cr_assert(ev->duration_s >= 600 && ev->duration_s <= 4 * 3600, "%lld s of work",
				          (long long)ev->duration_s);
				cr_assert(log.resolved_at != TIME_NONE);
				worked += k + 1 < log.n && log.evs[k + 1].type == TEV_STATUS &&
				          log.evs[k + 1].to_status == STATUS_RESOLVED && log.resolutions == 1;
			} else if (ev->type == TEV_OUTAGE) {
				cr_assert_str_eq(json_string_value(json_object_get(rec, "type")), "incident");
				cr_assert(ev->outage_start <= ev->at);
				outage = true;
			}
		}
		int64_t start, end;
		bool has_end;
		if (outage && ticket_outage(log.evs, log.n, log.evs[log.n - 1].at, &start, &end, &has_end) && has_end) {
			const char *customer = json_string_value(json_object_get(rec, "customer"));
			cr_assert_str_eq(json_string_value(json_object_get(rec, "priority")), "P1");
			cr_assert(start <= end, "the outage ends after it starts");
			/* A ticket still open at "now" may record a restored outage too. */
			cr_assert(log.resolved_at == TIME_NONE || end <= log.resolved_at,
			          "%s: restored after the resolution", json_string_value(json_object_get(rec, "ref")));
			outages++;
			for (int a = 0; a < nslas; a++) {
				for (size_t k = 0;
				     strcmp(slas[a].customer, customer) == 0 && k < slas[a].terms.nwindows; k++) {
					in_window += start >= slas[a].terms.windows[k].start &&
					             start < slas[a].terms.windows[k].end;
				}
			}
		}
	}
	cr_log_info("demo: %d resolved, %d rated (%d with comments, %zu texts), %d worked, %d outages (%d in windows)",
	            resolved, rated, commented, json_object_size(texts), worked, outages, in_window);
	cr_assert(rated > resolved / 5 && rated < resolved * 35 / 100, "%d of %d resolved tickets rated", rated,
	          resolved);
	cr_assert(commented > rated / 5 && commented < rated / 2, "%d of %d ratings with a comment", commented, rated);
	cr_assert(json_object_size(texts) >= 24, "%zu distinct comments", json_object_size(texts));
	cr_assert_gt(non_ascii, 0, "some comments are not plain ASCII");
	cr_assert(nscores[1] > 5 && (double)scores[1] / nscores[1] < (double)scores[0] / nscores[0] - 0.3,
	          "reopened tickets rate lower: %d/%d against %d/%d", scores[1], nscores[1], scores[0], nscores[0]);
	cr_assert(worked > resolved * 7 / 10 && worked < resolved, "%d of %d resolved tickets with work", worked,
	          resolved);
	cr_assert(outages >= 20, "%d outages", outages);
	cr_assert(in_window >= 1 && in_window < outages / 2, "%d of %d outages in maintenance windows", in_window,
	          outages);
	for (int a = 0; a < nslas; a++) {
		agreement_spec_release(&slas[a]);
	}
	json_decref(texts);
	json_decref(recs);
}
