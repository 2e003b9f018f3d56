/*
 * ticket_facts_test.c - each fact of docs/kpis.md on a hand-made history:
 * creation, first resolution with lead and cycle time and first-contact
 * resolution, reopenings, escalations, the last rating, logged work, and a
 * clock's decision and stop.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/ticket_facts.h"

struct history {
	json_t *docs;
	struct ticket_event evs[32];
	size_t n;
};

static int64_t
at(const char *s)
{
	int64_t t;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, NULL), 0);
	return t;
}

static void
load(struct history *h, const char *json)
{
	json_error_t je;
	struct err e;
	size_t i;
	json_t *v;

	h->docs = json_loads(json, 0, &je);
	cr_assert_not_null(h->docs, "%s", je.text);
	json_array_foreach(h->docs, i, v)
	{
		cr_assert_eq(ticket_event_from_json(&h->evs[i], v, &e), 0, "event %zu: %s", i, e.message);
	}
	h->n = json_array_size(h->docs);
	cr_assert_eq(ticket_events_check(h->evs, h->n, &e), 0, "%s", e.message);
}

/* The facts of kind k, in the order they came. */
static size_t
of_kind(const struct ticket_fact *all, size_t n, enum fact_kind k, const struct ticket_fact **out)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (all[i].kind == k) {
			out[m++] = &all[i];
		}
	}
	return m;
}

Test(ticket_facts, first_contact_resolution_with_lead_and_cycle_time)
{
	struct history h;
	struct ticket_fact facts[TICKET_FACTS_MAX];
	const struct ticket_fact *got[8];

	load(&h, "[{\"at\":\"2026-10-01T08:00:00Z\",\"type\":\"created\",\"priority\":\"P3\"},"
	         "{\"at\":\"2026-10-01T08:10:00Z\",\"type\":\"assign\",\"team\":\"desk\"},"
	         "{\"at\":\"2026-10-01T08:20:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
	         "{\"at\":\"2026-10-01T08:30:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"},"
	         "{\"at\":\"2026-10-01T08:40:00Z\",\"type\":\"reply\",\"public\":false,\"by\":\"agent\"},"
	         "{\"at\":\"2026-10-01T09:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]");
	size_t n = ticket_facts(h.evs, h.n, NULL, at("2026-11-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(n, 2, "created and resolved; no escalation for the first team");
	cr_assert_eq(of_kind(facts, n, FACT_CREATED, got), 1);
	cr_assert_eq(got[0]->at, at("2026-10-01T08:00:00Z"));
	cr_assert_eq(got[0]->priority, PRIORITY_P3);
	cr_assert_eq(of_kind(facts, n, FACT_RESOLVED, got), 1);
	cr_assert_eq(got[0]->at, at("2026-10-01T09:00:00Z"));
	cr_assert_eq(got[0]->value, 3600, "lead time from creation");
	cr_assert_eq(got[0]->value2, 2400, "cycle time from the move to in_progress");
	cr_assert(got[0]->flag, "one public reply, one team, no waiting, never reopened: first contact");

	/* As of before the resolution there is nothing resolved yet. */
	n = ticket_facts(h.evs, h.n, NULL, at("2026-10-01T08:59:59Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_RESOLVED, got), 0);
	json_decref(h.docs);
}

Test(ticket_facts, reopening_waiting_and_a_second_reply_each_spoil_first_contact)
{
	static const char *const spoilers[] = {
		"{\"at\":\"2026-10-01T08:30:00Z\",\"type\":\"status\",\"to\":\"waiting_on_customer\"}",
		"{\"at\":\"2026-10-01T08:30:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"}",
		"{\"at\":\"2026-10-01T08:30:00Z\",\"type\":\"assign\",\"team\":\"network\"}",
	};
	struct ticket_fact facts[TICKET_FACTS_MAX];
	const struct ticket_fact *got[8];
	char json[1024];

	for (size_t k = 0; k < sizeof(spoilers) / sizeof(spoilers[0]); k++) {
		struct history h;
		snprintf(json, sizeof(json),
		         "[{\"at\":\"2026-10-01T08:00:00Z\",\"type\":\"created\",\"priority\":\"P3\"},"
		         "{\"at\":\"2026-10-01T08:10:00Z\",\"type\":\"assign\",\"team\":\"desk\"},"
		         "{\"at\":\"2026-10-01T08:20:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"},%s,"
		         "{\"at\":\"2026-10-01T09:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]",
		         spoilers[k]);
		load(&h, json);
		size_t n = ticket_facts(h.evs, h.n, NULL, at("2026-11-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
		cr_assert_eq(of_kind(facts, n, FACT_RESOLVED, got), 1);
		cr_assert_not(got[0]->flag, "spoiler %zu", k);
		cr_assert_eq(got[0]->value2, 3000, "no in_progress: the cycle starts at the first assignment");
		json_decref(h.docs);
	}

	struct history h;
	load(&h, "[{\"at\":\"2026-10-01T08:00:00Z\",\"type\":\"created\",\"priority\":\"P3\"},"
	         "{\"at\":\"2026-10-01T09:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"},"
	         "{\"at\":\"2026-11-02T10:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
	         "{\"at\":\"2026-11-02T11:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]");
	size_t n = ticket_facts(h.evs, h.n, NULL, at("2026-11-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_RESOLVED, got), 1);
	cr_assert(got[0]->flag, "as of October's end it was not reopened yet");
	cr_assert_eq(of_kind(facts, n, FACT_REOPENED, got), 0);
	n = ticket_facts(h.evs, h.n, NULL, at("2026-12-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_RESOLVED, got), 1);
	cr_assert_eq(got[0]->at, at("2026-10-01T09:00:00Z"), "the first resolution counts");
	cr_assert_not(got[0]->flag);
	cr_assert_eq(of_kind(facts, n, FACT_REOPENED, got), 1);
	cr_assert_eq(got[0]->at, at("2026-11-02T10:00:00Z"));
	json_decref(h.docs);
}

Test(ticket_facts, escalations_ratings_and_work)
{
	struct history h;
	struct ticket_fact facts[TICKET_FACTS_MAX];
	const struct ticket_fact *got[8];

	load(&h, "[{\"at\":\"2026-10-01T08:00:00Z\",\"type\":\"created\",\"priority\":\"P3\"},"
	         "{\"at\":\"2026-10-01T08:05:00Z\",\"type\":\"assign\",\"team\":\"desk\",\"agent\":\"ann\"},"
	         "{\"at\":\"2026-10-01T08:10:00Z\",\"type\":\"priority\",\"to\":\"P1\"},"
	         "{\"at\":\"2026-10-01T08:15:00Z\",\"type\":\"priority\",\"to\":\"P2\"},"
	         "{\"at\":\"2026-10-01T08:20:00Z\",\"type\":\"assign\",\"team\":\"desk\",\"agent\":\"bob\"},"
	         "{\"at\":\"2026-10-01T08:25:00Z\",\"type\":\"assign\",\"team\":\"network\"},"
	         "{\"at\":\"2026-10-01T08:30:00Z\",\"type\":\"sla_warning\",\"agreement\":\"A\",\"metric\":"
	         "\"response\",\"pct\":75,\"by\":\"system\"},"
	         "{\"at\":\"2026-10-01T08:35:00Z\",\"type\":\"work\",\"duration\":\"45m\",\"user\":\"ann\"},"
	         "{\"at\":\"2026-10-01T08:40:00Z\",\"type\":\"work\",\"duration\":600,\"user\":\"bob\"},"
	         "{\"at\":\"2026-10-01T09:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"},"
	         "{\"at\":\"2026-10-02T09:00:00Z\",\"type\":\"rating\",\"score\":2,\"by\":\"customer\"},"
	         "{\"at\":\"2026-11-03T09:00:00Z\",\"type\":\"rating\",\"score\":5,\"by\":\"customer\"}]");
	size_t n = ticket_facts(h.evs, h.n, NULL, at("2026-12-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_ESCALATED, got), 3, "P3->P1, desk->network, the warning; not P1->P2");
	cr_assert_eq(got[0]->sub, ESCALATION_PRIORITY);
	cr_assert_eq(got[0]->at, at("2026-10-01T08:10:00Z"));
	cr_assert_eq(got[0]->priority, PRIORITY_P1);
	cr_assert_eq(got[1]->sub, ESCALATION_TEAM, "another agent of the same team is no escalation");
	cr_assert_eq(got[1]->at, at("2026-10-01T08:25:00Z"));
	cr_assert_eq(got[2]->sub, ESCALATION_SLA_WARNING);
	cr_assert_eq(of_kind(facts, n, FACT_WORK, got), 2);
	cr_assert_eq(got[0]->value, 2700);
	cr_assert_str_eq(got[0]->who, "ann");
	cr_assert_eq(got[1]->value, 600);
	cr_assert_eq(of_kind(facts, n, FACT_RATED, got), 1, "only the last rating counts");
	cr_assert_eq(got[0]->value, 5);
	cr_assert_eq(got[0]->at, at("2026-11-03T09:00:00Z"));
	n = ticket_facts(h.evs, h.n, NULL, at("2026-11-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_RATED, got), 1);
	cr_assert_eq(got[0]->value, 2, "as of October's end, the October rating");
	json_decref(h.docs);
}

Test(ticket_facts, a_clock_is_decided_once_and_timed_when_it_stops)
{
	struct history h;
	struct ticket_sla sla;
	struct agreement_spec a;
	struct ticket_fact facts[TICKET_FACTS_MAX];
	const struct ticket_fact *got[8];

	load(&h, "[{\"at\":\"2026-10-01T08:00:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
	         "{\"at\":\"2026-10-31T10:00:00Z\",\"type\":\"priority\",\"to\":\"P1\"},"
	         "{\"at\":\"2026-11-02T09:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]");
	memset(&sla, 0, sizeof(sla));
	memset(&a, 0, sizeof(a));
	sla.n = 3;
	for (int i = 0; i < 3; i++) {
		sla.clocks[i].agreement = &a;
		sla.clocks[i].res.started_at = at("2026-10-01T08:00:00Z");
		sla.clocks[i].res.stopped_at = TIME_NONE;
		sla.clocks[i].res.breached_at = TIME_NONE;
		sla.clocks[i].res.target_s = 14400;
	}
	/* Met at its stop. */
	sla.clocks[0].res.state = CLOCK_MET;
	sla.clocks[0].res.elapsed_business_s = 2700;
	sla.clocks[0].res.stopped_at = at("2026-10-01T09:00:00Z");
	/* Breached on 31 October, stopped on 2 November: decided in October, timed in November. */
	sla.clocks[1].res.state = CLOCK_BREACHED;
	sla.clocks[1].res.elapsed_business_s = 17100;
	sla.clocks[1].res.breached_at = at("2026-10-31T11:15:00Z");
	sla.clocks[1].res.stopped_at = at("2026-11-02T09:00:00Z");
	/* Still running, not breached: nothing yet. */
	sla.clocks[2].res.state = CLOCK_RUNNING;
	sla.clocks[2].res.elapsed_business_s = 100;

	size_t n = ticket_facts(h.evs, h.n, &sla, at("2026-12-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	cr_assert_eq(of_kind(facts, n, FACT_CLOCK_DECIDED, got), 2);
	cr_assert(got[0]->flag);
	cr_assert_eq(got[0]->at, at("2026-10-01T09:00:00Z"));
	cr_assert_eq(got[0]->clock, &sla.clocks[0]);
	cr_assert_not(got[1]->flag);
	cr_assert_eq(got[1]->at, at("2026-10-31T11:15:00Z"));
	cr_assert_eq(got[1]->value, 2700, "the overrun");
	cr_assert_eq(got[1]->priority, PRIORITY_P1, "the priority at the decision");
	cr_assert_eq(of_kind(facts, n, FACT_CLOCK_STOPPED, got), 2);
	cr_assert_eq(got[0]->value, 2700);
	cr_assert_eq(got[0]->value2, 3600);
	cr_assert_eq(got[1]->at, at("2026-11-02T09:00:00Z"));
	cr_assert_eq(got[1]->value, 17100);
	cr_assert_eq(got[1]->value2, at("2026-11-02T09:00:00Z") - at("2026-10-01T08:00:00Z"));

	/* The cap is kept. */
	cr_assert_eq(ticket_facts(h.evs, h.n, &sla, at("2026-12-01T00:00:00Z"), facts, 2), 2);
	json_decref(h.docs);
}
