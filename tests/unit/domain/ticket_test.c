/*
 * ticket_test.c - ticket workflow, priority matrix, events, and the clocks
 * derived from a ticket's log (issue 3's worked example end to end).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "domain/ticket.h"
#include "domain/ticket_clock.h"

Test(ticket, workflow_table)
{
	cr_assert(ticket_status_allows(STATUS_NEW, STATUS_ASSIGNED));
	cr_assert(ticket_status_allows(STATUS_IN_PROGRESS, STATUS_WAITING_ON_CUSTOMER));
	cr_assert(ticket_status_allows(STATUS_WAITING_ON_CUSTOMER, STATUS_RESOLVED));
	cr_assert(ticket_status_allows(STATUS_RESOLVED, STATUS_IN_PROGRESS), "reopen");
	cr_assert(ticket_status_allows(STATUS_RESOLVED, STATUS_CLOSED));
	cr_assert(ticket_status_allows(STATUS_NEW, STATUS_CLOSED), "cancel");
	cr_assert(!ticket_status_allows(STATUS_CLOSED, STATUS_IN_PROGRESS), "closed is final");
	cr_assert(!ticket_status_allows(STATUS_RESOLVED, STATUS_WAITING_ON_CUSTOMER));
	cr_assert(!ticket_status_allows(STATUS_IN_PROGRESS, STATUS_NEW));
	cr_assert(ticket_status_allows(STATUS_ASSIGNED, STATUS_ASSIGNED), "same status is a no-op");
	cr_assert(!ticket_status_allows(STATUS_COUNT, STATUS_NEW));
}

Test(ticket, names_round_trip)
{
	for (int s = 0; s < STATUS_COUNT; s++) {
		cr_assert_eq(ticket_status_parse(ticket_status_name((enum ticket_status)s)), s);
	}
	for (int t = 0; t < TICKET_TYPE_COUNT; t++) {
		cr_assert_eq(ticket_type_parse(ticket_type_name((enum ticket_type)t)), t);
	}
	cr_assert_eq(priority_parse("P3"), PRIORITY_P3);
	cr_assert_eq(priority_parse("p3"), -1);
	cr_assert_eq(ticket_status_parse(NULL), -1);
}

Test(ticket, priority_matrix)
{
	struct priority_matrix m, back;
	struct err e;

	priority_matrix_default(&m);
	cr_assert_eq(priority_from(&m, LEVEL_HIGH, LEVEL_HIGH), PRIORITY_P1);
	cr_assert_eq(priority_from(&m, LEVEL_HIGH, LEVEL_MEDIUM), PRIORITY_P2);
	cr_assert_eq(priority_from(&m, LEVEL_MEDIUM, LEVEL_HIGH), PRIORITY_P2);
	cr_assert_eq(priority_from(&m, LEVEL_MEDIUM, LEVEL_MEDIUM), PRIORITY_P3);
	cr_assert_eq(priority_from(&m, LEVEL_LOW, LEVEL_LOW), PRIORITY_P4);
	json_t *doc = priority_matrix_to_json(&m);
	json_object_set_new(json_object_get(doc, "low"), "low", json_string("P3"));
	cr_assert_eq(priority_matrix_from_json(&back, doc, &e), 0, "%s", e.message);
	cr_assert_eq(priority_from(&back, LEVEL_LOW, LEVEL_LOW), PRIORITY_P3);
	json_object_set_new(json_object_get(doc, "low"), "low", json_string("P9"));
	cr_assert_eq(priority_matrix_from_json(&back, doc, &e), -1);
	cr_assert_str_eq(e.field, "low.low");
	json_object_del(doc, "medium");
	cr_assert_eq(priority_matrix_from_json(&back, doc, &e), -1);
	json_decref(doc);
}

static size_t
parse_events(const char *text, struct ticket_event *evs, json_t **keep)
{
	json_error_t jerr;
	struct err e;
	size_t i;
	json_t *v;

	*keep = json_loads(text, 0, &jerr);
	cr_assert_not_null(*keep, "%s", jerr.text);
	json_array_foreach(*keep, i, v)
	{
		cr_assert_eq(ticket_event_from_json(&evs[i], v, &e), 0, "event %zu: %s: %s", i, e.field, e.message);
	}
	cr_assert_eq(ticket_events_check(evs, json_array_size(*keep), &e), 0, "%s: %s", e.field, e.message);
	return json_array_size(*keep);
}

/* Each type's own fields are known to it only; the first unknown one, in the object's order, is the error. */
Test(ticket, event_fields_by_type)
{
	struct ticket_event ev;
	struct err e;
	struct {
		const char *json, *field; /* field NULL: accepted */
	} cases[] = {
		{ "{\"type\":\"created\",\"at\":\"2026-03-02T08:15:00Z\",\"priority\":\"P2\",\"by\":\"agent\","
		  "\"user\":\"u1\"}",
		  NULL },
		{ "{\"type\":\"status\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\",\"priority\":\"P2\"}",
		  "priority" },
		{ "{\"type\":\"created\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\"}", "to" },
		{ "{\"type\":\"reply\",\"at\":\"2026-03-02T08:15:00Z\",\"public\":false,\"body\":\"b\"}", NULL },
		{ "{\"type\":\"reply\",\"at\":\"2026-03-02T08:15:00Z\",\"team\":\"t\",\"x\":1}", "team" },
		{ "{\"type\":\"reply\",\"at\":\"2026-03-02T08:15:00Z\",\"x\":1,\"team\":\"t\"}", "x" },
		{ "{\"type\":\"sla_warning\",\"at\":\"2026-03-02T08:15:00Z\",\"agreement\":\"a\",\"metric\":"
		  "\"response\","
		  "\"pct\":75,\"occurred_at\":\"2026-03-02T08:15:00Z\"}",
		  NULL },
		{ "{\"type\":\"sla_breach\",\"at\":\"2026-03-02T08:15:00Z\",\"agreement\":\"a\",\"metric\":"
		  "\"response\","
		  "\"pct\":75}",
		  "pct" },
		{ "{\"type\":\"status\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\",\"a\":1}", "a" },
		{ "{\"type\":\"status\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\",\"att\":1}", "att" },
		{ "{\"type\":\"status\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\",\"t\":1}", "t" },
		{ "{\"type\":\"status\",\"at\":\"2026-03-02T08:15:00Z\",\"to\":\"new\",\"\":1}", "" },
		{ "{\"type\":\"outage\",\"at\":\"2026-03-02T08:15:00Z\",\"start\":\"2026-03-02T08:00:00Z\",\"end\":"
		  "null}",
		  NULL },
		{ "{\"type\":\"work\",\"at\":\"2026-03-02T08:15:00Z\",\"duration\":60,\"note\":\"n\"}", NULL },
		{ "{\"type\":\"rating\",\"at\":\"2026-03-02T08:15:00Z\",\"score\":5,\"comment\":\"c\"}", NULL },
		{ "{\"type\":\"link\",\"at\":\"2026-03-02T08:15:00Z\",\"problem\":\"P-1\",\"change\":\"C-1\"}", NULL },
		{ "{\"type\":\"assign\",\"at\":\"2026-03-02T08:15:00Z\",\"team\":\"t\",\"agent\":\"a\",\"user\":\"\"}",
		  "user" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *obj = json_loads(cases[i].json, 0, NULL);
		cr_assert_not_null(obj, "%s", cases[i].json);
		err_clear(&e);
		if (cases[i].field == NULL) {
			cr_assert_eq(ticket_event_from_json(&ev, obj, &e), 0, "%s: %s", cases[i].json, e.message);
		} else {
			cr_assert_eq(ticket_event_from_json(&ev, obj, &e), -1, "%s accepted", cases[i].json);
			cr_assert_str_eq(e.field, cases[i].field, "%s: field %s (%s)", cases[i].json, e.field,
			                 e.message);
		}
		json_decref(obj);
	}
	/* A key with a NUL inside is known by the name before it (as strcmp sees it), but is not that field. */
	json_t *obj = json_pack("{s:s, s:s}", "type", "created", "at", "2026-03-02T08:15:00Z");
	json_object_setn_new(obj, "priority\0x", 10, json_string("P9"));
	cr_assert_eq(ticket_event_from_json(&ev, obj, &e), 0, "%s", e.message);
	cr_assert_eq(ev.to_priority, PRIORITY_COUNT);
	json_object_del(obj, "at");
	json_object_setn_new(obj, "at\0", 3, json_string("2026-03-02T08:15:00Z"));
	cr_assert_eq(ticket_event_from_json(&ev, obj, &e), -1);
	cr_assert_str_eq(e.field, "at");
	cr_assert(strstr(e.message, "needs \"at\"") != NULL, "%s", e.message);
	json_decref(obj);
}

Test(ticket, event_rejections)
{
	struct ticket_event ev, log[3];
	struct err e;
	struct {
		const char *json, *field;
	} bad[] = {
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"explode\"}", "type" },
		{ "{\"type\":\"created\"}", "at" },
		{ "{\"at\":\"2026-02-30T08:15:00Z\",\"type\":\"created\"}", "at" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"status\",\"to\":\"done\"}", "to" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"priority\",\"to\":\"P0\"}", "to" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"reply\",\"public\":\"yes\"}", "public" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"reply\",\"by\":\"robot\"}", "by" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"status\",\"to\":\"new\",\"colour\":1}", "colour" },
		{ "{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"assign\",\"team\":7}", "team" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *obj = json_loads(bad[i].json, 0, NULL);
		err_clear(&e);
		cr_assert_eq(ticket_event_from_json(&ev, obj, &e), -1, "%s accepted", bad[i].json);
		cr_assert_str_eq(e.field, bad[i].field, "%s: field %s (%s)", bad[i].json, e.field, e.message);
		json_decref(obj);
	}
	json_t *keep;
	const char *closed_then_open = "[{\"at\":\"2026-03-02T08:00:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
	                               "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"status\",\"to\":\"closed\"},"
	                               "{\"at\":\"2026-03-02T10:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"}]";
	keep = json_loads(closed_then_open, 0, NULL);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(ticket_event_from_json(&log[i], json_array_get(keep, i), &e), 0);
	}
	cr_assert_eq(ticket_events_check(log, 3, &e), -1);
	cr_assert_str_eq(e.field, "events[2].to");
	cr_assert(strstr(e.message, "from closed to in_progress") != NULL);
	log[2].at = log[0].at - 1;
	cr_assert_eq(ticket_events_check(log, 3, &e), -1);
	cr_assert_str_eq(e.field, "events[2].at");
	cr_assert_eq(ticket_events_check(log + 1, 2, &e), -1, "must start with created");
	json_decref(keep);
}

static const char dk_calendar[] = "{\"name\":\"DK office\",\"timezone\":\"Europe/Copenhagen\",\"week\":{"
                                  "\"mon\":[\"08:00-16:00\"],\"tue\":[\"08:00-16:00\"],\"wed\":[\"08:00-16:00\"],"
                                  "\"thu\":[\"08:00-16:00\"],\"fri\":[\"08:00-16:00\"]},\"holidays\":[\"2026-04-03\"]}";

struct opened {
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
};

static void
open_dk(struct opened *o)
{
	struct err e;
	cr_assert_eq(calendar_open(dk_calendar, strlen(dk_calendar), &o->spec, &o->zone, &o->cal, &e), 0, "%s",
	             e.message);
}

static void
close_dk(struct opened *o)
{
	calendar_release(&o->cal);
	tz_release(&o->zone);
	cal_spec_release(&o->spec);
}

/* The SLA of issue 3's import example: P1 30m/4h, P2 2h/8h (warnings 75 and 90), pause on waiting_on_customer. */
static void
example_policy(struct sla_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->pause_statuses = 1u << STATUS_WAITING_ON_CUSTOMER;
	pol->has_target[METRIC_RESPONSE][PRIORITY_P1] = true;
	pol->target_s[METRIC_RESPONSE][PRIORITY_P1] = 1800;
	pol->has_target[METRIC_RESOLUTION][PRIORITY_P1] = true;
	pol->target_s[METRIC_RESOLUTION][PRIORITY_P1] = 14400;
	pol->has_target[METRIC_RESPONSE][PRIORITY_P2] = true;
	pol->target_s[METRIC_RESPONSE][PRIORITY_P2] = 7200;
	pol->has_target[METRIC_RESOLUTION][PRIORITY_P2] = true;
	pol->target_s[METRIC_RESOLUTION][PRIORITY_P2] = 28800;
}

static void
eval(const struct opened *o, const struct ticket_event *evs, size_t n, const struct sla_policy *pol, enum sla_metric m,
     const char *as_of, struct clock_result *res)
{
	struct clock_event cev[64];
	struct clock_target tg = { .target_s = 0, .cal = &o->cal, .nwarn = 2, .warn_pct = { 75, 90 } };
	size_t nc;
	enum priority p;
	int64_t t;
	struct err e;

	cr_assert_eq(ticket_clock_events(evs, n, pol, m, cev, 64, &nc, &p, &e), 0, "%s", e.message);
	cr_assert_eq(rfc3339_parse(as_of, strlen(as_of), &t, &e), 0);
	cr_assert_eq(clock_eval(&tg, cev, nc, t, res, NULL, &e), 0, "%s", e.message);
}

static int64_t
at(const char *s)
{
	int64_t t;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, NULL), 0);
	return t;
}

Test(ticket_clock, issue3_example)
{
	const char *log = "[{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
	                  "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"},"
	                  "{\"at\":\"2026-03-02T10:00:00Z\",\"type\":\"status\",\"to\":\"waiting_on_customer\"},"
	                  "{\"at\":\"2026-03-03T09:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
	                  "{\"at\":\"2026-03-03T11:00:00Z\",\"type\":\"priority\",\"to\":\"P1\"},"
	                  "{\"at\":\"2026-03-03T12:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]";
	struct ticket_event evs[8];
	struct sla_policy pol;
	struct clock_result res;
	struct opened o;
	json_t *keep;
	size_t n = parse_events(log, evs, &keep);

	open_dk(&o);
	example_policy(&pol);
	eval(&o, evs, n, &pol, METRIC_RESPONSE, "2026-03-04T00:00:00Z", &res);
	cr_assert_eq(res.state, CLOCK_MET);
	cr_assert_eq(res.elapsed_business_s, 2700);
	/* The response clock stopped under P2; the later upgrade does not touch it. */
	cr_assert_eq(res.target_s, 7200);
	eval(&o, evs, n, &pol, METRIC_RESOLUTION, "2026-03-04T00:00:00Z", &res);
	cr_assert_eq(res.state, CLOCK_BREACHED);
	cr_assert_eq(res.elapsed_business_s, 17100);
	cr_assert_eq(res.target_s, 14400);
	cr_assert_eq(res.breached_at, at("2026-03-03T11:15:00Z"));
	cr_assert_eq(res.paused_wall_s, 82800);
	close_dk(&o);
	json_decref(keep);
}

Test(ticket_clock, customer_reply_does_not_stop_response_and_reopen_resumes_resolution)
{
	const char *log = "[{\"at\":\"2026-03-02T08:00:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
	                  "{\"at\":\"2026-03-02T08:30:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"customer\"},"
	                  "{\"at\":\"2026-03-02T08:45:00Z\",\"type\":\"reply\",\"public\":false,\"by\":\"agent\"},"
	                  "{\"at\":\"2026-03-02T10:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"},"
	                  "{\"at\":\"2026-03-03T08:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
	                  "{\"at\":\"2026-03-03T09:00:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"}]";
	struct ticket_event evs[8];
	struct sla_policy pol;
	struct clock_result res;
	struct opened o;
	json_t *keep;
	size_t n = parse_events(log, evs, &keep);

	open_dk(&o);
	example_policy(&pol);
	/* Created 09:00 local; the customer's reply and the internal note do not respond; resolution at 11:00 local
	 * does. */
	eval(&o, evs, n, &pol, METRIC_RESPONSE, "2026-03-04T00:00:00Z", &res);
	cr_assert_eq(res.state, CLOCK_MET);
	cr_assert_eq(res.elapsed_business_s, 7200);
	cr_assert_eq(res.stopped_at, at("2026-03-02T10:00:00Z"));
	/* Reopened Tue 09:00 local: 2 h before, 1 h 15 min after by 10:15Z. */
	eval(&o, evs, n, &pol, METRIC_RESOLUTION, "2026-03-03T09:15:00Z", &res);
	cr_assert_eq(res.state, CLOCK_RUNNING);
	cr_assert_eq(res.elapsed_business_s, 7200 + 4500);
	close_dk(&o);
	json_decref(keep);
}

Test(ticket_clock, ola_runs_while_its_team_holds_the_ticket)
{
	const char *log =
	        "[{\"at\":\"2026-03-02T08:00:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
	        "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"assign\",\"team\":\"Network\"},"
	        "{\"at\":\"2026-03-02T10:00:00Z\",\"type\":\"status\",\"to\":\"waiting_on_customer\"},"
	        "{\"at\":\"2026-03-02T11:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
	        "{\"at\":\"2026-03-02T12:00:00Z\",\"type\":\"assign\",\"team\":\"Service Desk\"},"
	        "{\"at\":\"2026-03-02T13:00:00Z\",\"type\":\"assign\",\"team\":\"Network\",\"agent\":\"kim\"},"
	        "{\"at\":\"2026-03-02T14:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]";
	struct ticket_event evs[8];
	struct sla_policy pol;
	struct clock_result res;
	struct opened o;
	json_t *keep;
	size_t n = parse_events(log, evs, &keep);

	open_dk(&o);
	example_policy(&pol);
	pol.team = "Network";
	/* Held 09-10 (1 h), paused 10-11, held 11-12 (1 h), handed off 12-13, held 13-14 (1 h). */
	eval(&o, evs, n, &pol, METRIC_RESOLUTION, "2026-03-03T00:00:00Z", &res);
	cr_assert_eq(res.state, CLOCK_MET);
	cr_assert_eq(res.elapsed_business_s, 3 * 3600);
	cr_assert_eq(res.paused_wall_s, 3600);
	cr_assert_eq(res.started_at, at("2026-03-02T09:00:00Z"));
	pol.team = "Database";
	struct clock_event cev[32];
	size_t nc;
	enum priority p;
	cr_assert_eq(ticket_clock_events(evs, n, &pol, METRIC_RESOLUTION, cev, 32, &nc, &p, NULL), 0);
	cr_assert_eq(nc, 0, "a team that never held the ticket has no clock");
	close_dk(&o);
	json_decref(keep);
}

Test(ticket_clock, priority_without_target_promises_nothing)
{
	const char *log = "[{\"at\":\"2026-03-02T08:00:00Z\",\"type\":\"created\",\"priority\":\"P4\"},"
	                  "{\"at\":\"2026-03-02T12:00:00Z\",\"type\":\"priority\",\"to\":\"P1\"}]";
	struct ticket_event evs[4];
	struct sla_policy pol;
	struct clock_result res;
	struct opened o;
	json_t *keep;
	size_t n = parse_events(log, evs, &keep);

	open_dk(&o);
	example_policy(&pol);
	/* P4 has no target: nothing is due until the upgrade, when 4 h already used a 4 h P1 target. */
	eval(&o, evs, n, &pol, METRIC_RESOLUTION, "2026-03-02T11:00:00Z", &res);
	cr_assert_eq(res.state, CLOCK_RUNNING);
	cr_assert_eq(res.due_at, TIME_NONE);
	eval(&o, evs, n, &pol, METRIC_RESOLUTION, "2026-03-02T12:30:00Z", &res);
	cr_assert_eq(res.state, CLOCK_BREACHED);
	cr_assert_eq(res.due_at, at("2026-03-02T12:00:00Z"));
	cr_assert_eq(res.breached_at, at("2026-03-02T12:00:00Z"));
	close_dk(&o);
	json_decref(keep);
}
