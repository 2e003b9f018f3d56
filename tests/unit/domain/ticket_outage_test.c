/*
 * ticket_outage_test.c - the outage event of incidents: what a valid one
 * is, that only incidents carry it, and that the latest one as of an
 * instant says when the service was down.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/ticket.h"

static int64_t
at(const char *s)
{
	int64_t t;
	struct err e;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, &e), 0, "%s", s);
	return t;
}

static int
parse(const char *text, struct ticket_event *ev, struct err *e)
{
	json_t *obj = json_loads(text, 0, NULL);
	int rc;

	cr_assert_not_null(obj, "%s", text);
	rc = ticket_event_from_json(ev, obj, e);
	json_decref(obj);
	return rc;
}

Test(ticket_outage, parses_open_and_closed)
{
	struct ticket_event ev;
	struct err e;

	cr_assert_eq(parse("{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:10:00Z\"}",
	                   &ev, &e),
	             0, "%s: %s", e.field, e.message);
	cr_assert_eq(ev.type, TEV_OUTAGE);
	cr_assert_eq(ev.outage_start, at("2026-03-02T08:10:00Z"));
	cr_assert_eq(ev.outage_end, TIME_NONE);
	cr_assert_eq(parse("{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:10:00Z\","
	                   "\"end\":\"2026-03-02T09:00:00Z\"}",
	                   &ev, &e),
	             0, "%s: %s", e.field, e.message);
	cr_assert_eq(ev.outage_end, at("2026-03-02T09:00:00Z"), "an end at the event's own time is fine");
	cr_assert_eq(parse("{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:10:00Z\","
	                   "\"end\":null}",
	                   &ev, &e),
	             0, "%s: %s", e.field, e.message);
	cr_assert_eq(ev.outage_end, TIME_NONE, "a null end is an outage that lasts");
}

Test(ticket_outage, rejections_name_the_field)
{
	struct {
		const char *json, *field;
	} bad[] = {
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\"}", "start" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":3}", "start" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"yesterday\"}", "start" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T09:00:01Z\"}", "start" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:00:00Z\","
		  "\"end\":\"2026-03-02T08:00:00Z\"}",
		  "end" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:00:00Z\","
		  "\"end\":\"2026-03-02T07:00:00Z\"}",
		  "end" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:00:00Z\","
		  "\"end\":\"2026-03-02T10:00:00Z\"}",
		  "end" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:00:00Z\",\"end\":"
		  "true}",
		  "end" },
		{ "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:00:00Z\",\"cause\":"
		  "\"x\"}",
		  "cause" },
	};
	struct ticket_event ev;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		cr_assert_eq(parse(bad[i].json, &ev, &e), -1, "%s accepted", bad[i].json);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, bad[i].field, "%s: field %s (%s)", bad[i].json, e.field, e.message);
	}
}

Test(ticket_outage, incidents_only)
{
	struct ticket_event ev;
	struct err e;

	cr_assert_eq(parse("{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:10:00Z\"}",
	                   &ev, &e),
	             0);
	cr_assert_eq(ticket_event_fits_type(TICKET_INCIDENT, &ev, &e), 0);
	for (int t = TICKET_SERVICE_REQUEST; t < TICKET_TYPE_COUNT; t++) {
		err_clear(&e);
		cr_assert_eq(ticket_event_fits_type((enum ticket_type)t, &ev, &e), -1, "%s", ticket_type_name(t));
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "type");
	}
	cr_assert_eq(parse("{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"reply\",\"body\":\"x\"}", &ev, &e), 0);
	cr_assert_eq(ticket_event_fits_type(TICKET_CHANGE, &ev, &e), 0, "other events fit every type");
}

Test(ticket_outage, the_latest_as_of_wins)
{
	const char *log = "[{\"at\":\"2026-03-02T08:30:00Z\",\"type\":\"created\",\"priority\":\"P1\"},"
	                  "{\"at\":\"2026-03-02T08:40:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:20:00Z\"},"
	                  "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"reply\",\"body\":\"on it\"},"
	                  "{\"at\":\"2026-03-02T11:00:00Z\",\"type\":\"outage\",\"start\":\"2026-03-02T08:05:00Z\","
	                  "\"end\":\"2026-03-02T10:45:00Z\"}]";
	json_t *docs = json_loads(log, 0, NULL);
	struct ticket_event evs[4];
	struct err e;
	int64_t start, end;
	bool has_end;

	for (size_t i = 0; i < 4; i++) {
		cr_assert_eq(ticket_event_from_json(&evs[i], json_array_get(docs, i), &e), 0, "%s", e.message);
	}
	cr_assert_eq(ticket_events_check(evs, 4, &e), 0, "%s: %s", e.field, e.message);
	cr_assert(!ticket_outage(evs, 4, at("2026-03-02T08:39:59Z"), &start, &end, &has_end), "not yet marked");
	cr_assert_eq(start, TIME_NONE);
	cr_assert(ticket_outage(evs, 4, at("2026-03-02T08:40:00Z"), &start, &end, &has_end));
	cr_assert_eq(start, at("2026-03-02T08:20:00Z"));
	cr_assert(!has_end && end == TIME_NONE, "still down as of 08:40");
	cr_assert(ticket_outage(evs, 4, at("2026-03-02T10:59:59Z"), &start, &end, &has_end));
	cr_assert(!has_end, "the end is not known before it is recorded");
	cr_assert(ticket_outage(evs, 4, at("2026-03-02T11:00:00Z"), &start, &end, &has_end));
	cr_assert_eq(start, at("2026-03-02T08:05:00Z"), "the later event corrects the start");
	cr_assert(has_end);
	cr_assert_eq(end, at("2026-03-02T10:45:00Z"));
	cr_assert(!ticket_outage(evs, 1, at("2026-03-03T00:00:00Z"), &start, &end, &has_end), "no outage event");
	json_decref(docs);
}
