/*
 * ticket_sla_test.c - a ticket's SLA array, state and next deadline.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "domain/ticket_sla.h"

static const char dk[] = "{\"name\":\"DK office\",\"timezone\":\"Europe/Copenhagen\",\"week\":{"
                         "\"mon\":[\"08:00-16:00\"],\"tue\":[\"08:00-16:00\"],\"wed\":[\"08:00-16:00\"],"
                         "\"thu\":[\"08:00-16:00\"],\"fri\":[\"08:00-16:00\"]},\"holidays\":[\"2026-04-03\"]}";

static const char sla_doc[] =
        "{\"name\":\"Acme SLA 2026\",\"type\":\"sla\",\"customer\":\"Acme A/S\",\"provider\":\"Service Desk\","
        "\"services\":[\"E-mail\"],\"valid_from\":\"2026-01-01\",\"valid_to\":\"2026-12-31\",\"calendar\":\"DK "
        "office\","
        "\"targets\":[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":\"30m\"},"
        "{\"metric\":\"resolution\",\"priority\":\"P1\",\"duration\":\"4h\"},"
        "{\"metric\":\"response\",\"priority\":\"P2\",\"duration\":\"2h\"},"
        "{\"metric\":\"resolution\",\"priority\":\"P2\",\"duration\":\"8h\"}]}";

static const char ola_doc[] =
        "{\"name\":\"Network OLA\",\"type\":\"ola\",\"customer\":\"Service Desk\",\"provider\":\"Network\","
        "\"services\":[\"E-mail\"],\"valid_from\":\"2026-01-01\",\"calendar\":\"DK office\","
        "\"targets\":[{\"metric\":\"resolution\",\"priority\":\"P1\",\"duration\":\"2h\"}]}";

static const char log_doc[] = "[{\"at\":\"2026-03-02T08:15:00Z\",\"type\":\"created\",\"priority\":\"P2\"},"
                              "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"reply\",\"public\":true,\"by\":\"agent\"},"
                              "{\"at\":\"2026-03-02T10:00:00Z\",\"type\":\"status\",\"to\":\"waiting_on_customer\"},"
                              "{\"at\":\"2026-03-03T09:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"},"
                              "{\"at\":\"2026-03-03T11:00:00Z\",\"type\":\"priority\",\"to\":\"P1\"},"
                              "{\"at\":\"2026-03-03T12:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"}]";

struct fixture {
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
	struct agreement_spec sla, ola;
	struct ticket_event evs[8];
	size_t n;
	json_t *docs[3];
};

static const struct calendar *
only_dk(void *ctx, const char *ref)
{
	struct fixture *f = ctx;
	return ref != NULL && strcmp(ref, "DK office") == 0 ? &f->cal : NULL;
}

static void
setup(struct fixture *f)
{
	struct err e;
	size_t i;
	json_t *v;

	cr_assert_eq(calendar_open(dk, strlen(dk), &f->spec, &f->zone, &f->cal, &e), 0);
	f->docs[0] = json_loads(sla_doc, 0, NULL);
	f->docs[1] = json_loads(ola_doc, 0, NULL);
	f->docs[2] = json_loads(log_doc, 0, NULL);
	cr_assert_eq(agreement_from_json(&f->sla, f->docs[0], &e), 0, "%s", e.message);
	cr_assert_eq(agreement_from_json(&f->ola, f->docs[1], &e), 0, "%s", e.message);
	json_array_foreach(f->docs[2], i, v)
	{
		cr_assert_eq(ticket_event_from_json(&f->evs[i], v, &e), 0);
	}
	f->n = json_array_size(f->docs[2]);
}

static void
teardown(struct fixture *f)
{
	agreement_spec_release(&f->sla);
	agreement_spec_release(&f->ola);
	for (int i = 0; i < 3; i++) {
		json_decref(f->docs[i]);
	}
	calendar_release(&f->cal);
	tz_release(&f->zone);
	cal_spec_release(&f->spec);
}

static int64_t
at(const char *s)
{
	int64_t t;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, NULL), 0);
	return t;
}

Test(ticket_sla, applies_by_customer_service_and_date)
{
	struct fixture f;

	setup(&f);
	int64_t day = days_from_civil(2026, 3, 2);
	cr_assert(agreement_applies(&f.sla, "Acme A/S", "E-mail", day));
	cr_assert(!agreement_applies(&f.sla, "Other Ltd", "E-mail", day));
	cr_assert(!agreement_applies(&f.sla, "Acme A/S", "Web", day));
	cr_assert(!agreement_applies(&f.sla, "Acme A/S", "E-mail", days_from_civil(2027, 1, 4)));
	cr_assert(!agreement_applies(&f.ola, "Service Desk", "E-mail", day),
	          "an OLA is bound by its team, not a customer");
	teardown(&f);
}

Test(ticket_sla, state_deadline_and_json_over_time)
{
	struct fixture f;
	struct ticket_sla sla;
	struct err e;

	setup(&f);
	const struct agreement_spec *const list[] = { &f.sla, &f.ola };
	/* Monday 09:30Z: response given, resolution running under P2, nothing at risk. */
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 2, only_dk, &f, at("2026-03-02T09:30:00Z"), &sla, &e), 0, "%s",
	             e.message);
	cr_assert_eq(sla.n, 2, "the OLA's team never held the ticket: no OLA clock");
	cr_assert_eq(sla.state, TSLA_OK);
	cr_assert_eq(sla.next_due_at, at("2026-03-03T08:15:00Z"),
	             "8 h from Monday 09:15 local: 6 h 45 m that day, 1 h 15 m on Tuesday");
	/* While waiting on the customer: paused, no deadline. */
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 2, only_dk, &f, at("2026-03-02T15:00:00Z"), &sla, &e), 0);
	cr_assert_eq(sla.state, TSLA_PAUSED);
	cr_assert_eq(sla.next_due_at, TIME_NONE);
	/* After the upgrade to P1: 13,800 s of 14,400 used, both warnings fired: at risk, due 11:15Z. */
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 2, only_dk, &f, at("2026-03-03T11:05:00Z"), &sla, &e), 0);
	cr_assert_eq(sla.state, TSLA_AT_RISK);
	cr_assert_eq(sla.priority, PRIORITY_P1);
	cr_assert_eq(sla.next_due_at, at("2026-03-03T11:15:00Z"));
	/* Resolved: breached, and the JSON says so. */
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 2, only_dk, &f, at("2026-03-04T00:00:00Z"), &sla, &e), 0);
	cr_assert_eq(sla.state, TSLA_BREACHED);
	json_t *arr = ticket_sla_to_json(&sla);
	char *text = json_dumps(arr, JSON_COMPACT);
	cr_assert_str_eq(
	        text,
	        "[{\"agreement\":\"Acme SLA 2026\",\"agreement_type\":\"sla\",\"metric\":\"response\","
	        "\"target_s\":7200,\"elapsed_business_s\":2700,\"remaining_s\":4500,\"paused_wall_s\":0,"
	        "\"state\":\"met\",\"started_at\":\"2026-03-02T08:15:00Z\",\"stopped_at\":\"2026-03-02T09:00:00Z\","
	        "\"due_at\":\"2026-03-02T10:15:00Z\",\"breached_at\":null,\"warnings\":"
	        "[{\"pct\":75,\"at\":null},{\"pct\":90,\"at\":null}]},"
	        "{\"agreement\":\"Acme SLA 2026\",\"agreement_type\":\"sla\",\"metric\":\"resolution\","
	        "\"target_s\":14400,\"elapsed_business_s\":17100,\"remaining_s\":-2700,\"paused_wall_s\":82800,"
	        "\"state\":\"breached\",\"started_at\":\"2026-03-02T08:15:00Z\",\"stopped_at\":\"2026-03-03T12:00:"
	        "00Z\","
	        "\"due_at\":\"2026-03-03T11:15:00Z\",\"breached_at\":\"2026-03-03T11:15:00Z\","
	        "\"warnings\":[{\"pct\":75,\"at\":\"2026-03-03T11:00:00Z\"},{\"pct\":90,\"at\":\"2026-03-03T11:00:"
	        "00Z\"}]}]");
	free(text);
	json_decref(arr);
	/* Before creation: nothing. */
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 2, only_dk, &f, at("2026-03-01T00:00:00Z"), &sla, &e), 0);
	cr_assert_eq(sla.n, 0);
	cr_assert_eq(sla.state, TSLA_NONE);
	teardown(&f);
}

Test(ticket_sla, missing_calendar_is_an_error)
{
	struct fixture f;
	struct ticket_sla sla;
	struct err e;

	setup(&f);
	free(f.sla.calendar);
	f.sla.calendar = strdup("Nowhere");
	const struct agreement_spec *const list[] = { &f.sla };
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 1, only_dk, &f, at("2026-03-04T00:00:00Z"), &sla, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	teardown(&f);
}

/* The text a ticket read sends, spans included, byte for byte (it is written piece by piece, not by printf). */
Test(ticket_sla, text_with_spans)
{
	struct fixture f;
	struct ticket_sla sla;
	struct buf b;
	struct err e;

	setup(&f);
	const struct agreement_spec *const list[] = { &f.sla };
	int64_t as_of = at("2026-03-04T00:00:00Z");
	struct ticket_sla_trace trace;
	cr_assert_eq(ticket_sla_eval_traced(f.evs, f.n, list, 1, only_dk, &f, as_of, &sla, &trace, &e), 0, "%s",
	             e.message);
	struct ticket_sla plain;
	cr_assert_eq(ticket_sla_eval(f.evs, f.n, list, 1, only_dk, &f, as_of, &plain, &e), 0);
	cr_assert_eq(memcmp(&plain, &sla, sizeof(sla)), 0, "recording the spans changes no figure");
	buf_init(&b, 1 << 16);
	cr_assert_eq(ticket_sla_append_json(&b, &sla, &trace, &e), 0, "%s", e.message);
	cr_assert_str_eq(
	        b.data,
	        "[{\"agreement\":\"Acme SLA 2026\",\"agreement_type\":\"sla\",\"metric\":\"response\","
	        "\"target_s\":7200,\"elapsed_business_s\":2700,\"remaining_s\":4500,\"paused_wall_s\":0,"
	        "\"state\":\"met\",\"started_at\":\"2026-03-02T08:15:00Z\",\"stopped_at\":\"2026-03-02T09:00:00Z\","
	        "\"due_at\":\"2026-03-02T10:15:00Z\",\"breached_at\":null,\"warnings\":"
	        "[{\"pct\":75,\"at\":null},{\"pct\":90,\"at\":null}],"
	        "\"spans\":[{\"kind\":\"running\",\"from\":\"2026-03-02T08:15:00Z\",\"to\":\"2026-03-02T09:00:00Z\","
	        "\"business_s\":2700,\"target_s\":7200}],\"spans_truncated\":0},"
	        "{\"agreement\":\"Acme SLA 2026\",\"agreement_type\":\"sla\",\"metric\":\"resolution\","
	        "\"target_s\":14400,\"elapsed_business_s\":17100,\"remaining_s\":-2700,\"paused_wall_s\":82800,"
	        "\"state\":\"breached\",\"started_at\":\"2026-03-02T08:15:00Z\",\"stopped_at\":\"2026-03-03T12:00:"
	        "00Z\","
	        "\"due_at\":\"2026-03-03T11:15:00Z\",\"breached_at\":\"2026-03-03T11:15:00Z\","
	        "\"warnings\":[{\"pct\":75,\"at\":\"2026-03-03T11:00:00Z\"},{\"pct\":90,\"at\":\"2026-03-03T11:00:"
	        "00Z\"}],"
	        "\"spans\":[{\"kind\":\"running\",\"from\":\"2026-03-02T08:15:00Z\",\"to\":\"2026-03-02T10:00:00Z\","
	        "\"business_s\":6300,\"target_s\":28800},"
	        "{\"kind\":\"paused\",\"from\":\"2026-03-02T10:00:00Z\",\"to\":\"2026-03-03T09:00:00Z\","
	        "\"business_s\":0,\"target_s\":28800},"
	        "{\"kind\":\"running\",\"from\":\"2026-03-03T09:00:00Z\",\"to\":\"2026-03-03T11:00:00Z\","
	        "\"business_s\":7200,\"target_s\":28800},"
	        "{\"kind\":\"running\",\"from\":\"2026-03-03T11:00:00Z\",\"to\":\"2026-03-03T12:00:00Z\","
	        "\"business_s\":3600,\"target_s\":14400}],\"spans_truncated\":0}]");
	/* Under a ceiling too small for it: refused, never cut short. */
	struct buf small;
	buf_init(&small, 100);
	cr_assert_eq(ticket_sla_append_json(&small, &sla, &trace, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	buf_release(&small);
	buf_release(&b);
	teardown(&f);
}
