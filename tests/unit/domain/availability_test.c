/*
 * availability_test.c - availability, downtime, MTTR and MTBF of
 * docs/kpis.md on hand-computed cases: overlapping outages, the period's
 * edges, maintenance windows, service hours and outages still open.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/availability.h"
#include "domain/calendar.h"

#define H 3600
/* Monday 2026-03-02 00:00 UTC. */
#define T0 ((int64_t)1772409600)

static struct availability
run(int64_t start, int64_t end, const struct avail_span *o, size_t no, const struct calendar *cal,
    const struct avail_span *w, size_t nw)
{
	struct availability a;
	struct err e;

	cr_assert_eq(availability_compute(start, end, o, no, cal, w, nw, &a, &e), 0, "%s", e.message);
	return a;
}

Test(availability, monday_is_t0)
{
	cr_assert_eq(T0, days_from_civil(2026, 3, 2) * 86400);
	cr_assert_eq(weekday_from_days(T0 / 86400), 0);
}

Test(availability, overlapping_outages_count_once)
{
	struct avail_span o[] = { { T0 + 15 * H, T0 + 25 * H }, { T0 + 10 * H, T0 + 20 * H } };
	struct availability a = run(T0, T0 + 100 * H, o, 2, NULL, NULL, 0);

	cr_assert_eq(a.agreed_s, 100 * H);
	cr_assert_eq(a.downtime_s, 15 * H, "[10h, 25h) once, not 20 h");
	cr_assert(a.has_availability);
	cr_assert_float_eq(a.availability_pct, 85.0, 1e-9);
	cr_assert_eq(a.outages_started, 2);
	cr_assert_eq(a.outages_ended, 2);
	cr_assert(a.has_mttr);
	cr_assert_float_eq(a.mttr_s, 10.0 * H, 1e-9);
	cr_assert(a.has_mtbf);
	cr_assert_float_eq(a.mtbf_s, 85.0 * H / 2, 1e-9);
}

Test(availability, outages_across_the_period_edges)
{
	/* From 5 h before the period to 5 h in; from 95 h to 10 h after it. */
	struct avail_span o[] = { { T0 - 5 * H, T0 + 5 * H }, { T0 + 95 * H, T0 + 110 * H } };
	struct availability a = run(T0, T0 + 100 * H, o, 2, NULL, NULL, 0);

	cr_assert_eq(a.downtime_s, 10 * H);
	cr_assert_float_eq(a.availability_pct, 90.0, 1e-9);
	cr_assert_eq(a.outages_started, 1, "the first started before the period");
	cr_assert_eq(a.outages_ended, 1, "the second ends after it");
	cr_assert_float_eq(a.mttr_s, 10.0 * H, 1e-9, "MTTR is the whole outage, in wall seconds");
	cr_assert_float_eq(a.mtbf_s, 90.0 * H, 1e-9);

	/* An outage ending exactly at the period's start is not in it. */
	struct avail_span before[] = { { T0 - 5 * H, T0 } };
	a = run(T0, T0 + 100 * H, before, 1, NULL, NULL, 0);
	cr_assert_eq(a.downtime_s, 0);
	cr_assert_eq(a.outages_ended, 1, "it ended at the period's start, which is in the period");
	cr_assert(!a.has_mtbf);
	a = run(T0 - 100 * H, T0, before, 1, NULL, NULL, 0);
	cr_assert_eq(a.downtime_s, 5 * H);
	cr_assert_eq(a.outages_ended, 0, "the period is half-open: its end belongs to the next");
	cr_assert(!a.has_mttr);
}

Test(availability, maintenance_windows_are_not_agreed_time)
{
	struct avail_span w[] = { { T0 + 40 * H, T0 + 50 * H } };
	struct avail_span inside[] = { { T0 + 42 * H, T0 + 48 * H } };
	struct avail_span across[] = { { T0 + 45 * H, T0 + 55 * H } };
	struct availability a = run(T0, T0 + 100 * H, inside, 1, NULL, w, 1);

	cr_assert_eq(a.agreed_s, 90 * H);
	cr_assert_eq(a.downtime_s, 0, "an outage inside a maintenance window is no downtime");
	cr_assert_float_eq(a.availability_pct, 100.0, 1e-9);
	cr_assert_eq(a.outages_started, 1);
	cr_assert_float_eq(a.mtbf_s, 90.0 * H, 1e-9);

	a = run(T0, T0 + 100 * H, across, 1, NULL, w, 1);
	cr_assert_eq(a.downtime_s, 5 * H, "only the part after the window, 50 h to 55 h");
	cr_assert_float_eq(a.availability_pct, 85.0 / 90.0 * 100.0, 1e-9);

	/* A period wholly inside a window has no agreed time: no availability. */
	a = run(T0 + 41 * H, T0 + 49 * H, across, 1, NULL, w, 1);
	cr_assert_eq(a.agreed_s, 0);
	cr_assert(!a.has_availability);
	cr_assert_eq(a.downtime_s, 0);
}

struct opened {
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
};

static const char office[] = "{\"name\":\"Office\",\"timezone\":\"UTC\",\"week\":{"
                             "\"mon\":[\"08:00-16:00\"],\"tue\":[\"08:00-16:00\"],\"wed\":[\"08:00-16:00\"],"
                             "\"thu\":[\"08:00-16:00\"],\"fri\":[\"08:00-16:00\"]}}";

static void
open_office(struct opened *o)
{
	struct err e;
	cr_assert_eq(calendar_open(office, strlen(office), &o->spec, &o->zone, &o->cal, &e), 0, "%s", e.message);
}

static void
close_office(struct opened *o)
{
	calendar_release(&o->cal);
	tz_release(&o->zone);
	cal_spec_release(&o->spec);
}

Test(availability, service_hours_calendar)
{
	struct opened o;
	/* Saturday 10-12 (outside the hours); Tuesday 15:00 to Wednesday 09:00 (1 h + 1 h inside). */
	struct avail_span outages[] = { { T0 + (5 * 24 + 10) * H, T0 + (5 * 24 + 12) * H },
		                        { T0 + (24 + 15) * H, T0 + (48 + 9) * H } };
	/* Maintenance on Thursday 06:00-10:00: 2 h of it in the hours. */
	struct avail_span w[] = { { T0 + (72 + 6) * H, T0 + (72 + 10) * H } };
	struct availability a;

	open_office(&o);
	a = run(T0, T0 + 7 * 24 * H, outages, 2, &o.cal, NULL, 0);
	cr_assert_eq(a.agreed_s, 40 * H);
	cr_assert_eq(a.downtime_s, 2 * H);
	cr_assert_float_eq(a.availability_pct, 95.0, 1e-9);
	cr_assert_eq(a.outages_started, 2, "an outage outside the hours is still an outage");
	cr_assert_float_eq(a.mttr_s, (2.0 + 18.0) / 2 * H, 1e-9, "wall seconds: 2 h and 18 h");
	cr_assert_float_eq(a.mtbf_s, 38.0 / 2 * H, 1e-9, "business seconds up between failures");

	a = run(T0, T0 + 7 * 24 * H, outages, 2, &o.cal, w, 1);
	cr_assert_eq(a.agreed_s, 38 * H);
	cr_assert_eq(a.downtime_s, 2 * H);
	cr_assert_float_eq(a.availability_pct, 36.0 / 38.0 * 100.0, 1e-9);
	close_office(&o);
}

Test(availability, open_outage_runs_to_the_period_end)
{
	struct avail_span o[] = { { T0 + 90 * H, TIME_NONE }, { T0 + 10 * H, T0 + 12 * H } };
	struct availability a = run(T0, T0 + 100 * H, o, 2, NULL, NULL, 0);

	cr_assert_eq(a.downtime_s, 12 * H);
	cr_assert_eq(a.outages_started, 2);
	cr_assert_eq(a.outages_ended, 1);
	cr_assert_float_eq(a.mttr_s, 2.0 * H, 1e-9, "the open outage has no repair time yet");
	cr_assert_float_eq(a.mtbf_s, 88.0 * H / 2, 1e-9);

	/* No outages at all: 100 %, MTTR and MTBF null. */
	a = run(T0, T0 + 100 * H, NULL, 0, NULL, NULL, 0);
	cr_assert_float_eq(a.availability_pct, 100.0, 1e-9);
	cr_assert(!a.has_mttr && !a.has_mtbf);
}

Test(availability, many_spans_match_a_second_by_second_count)
{
	struct avail_span o[40], w[6];
	int64_t start = T0, end = T0 + 2000;
	unsigned seed = 7;
	struct availability a;

	for (size_t i = 0; i < 40; i++) {
		seed = seed * 1103515245u + 12345u;
		int64_t s = T0 - 100 + (int64_t)(seed >> 8) % 2200;
		seed = seed * 1103515245u + 12345u;
		o[i] = (struct avail_span){ s, i % 9 == 0 ? TIME_NONE : s + 1 + (int64_t)(seed >> 8) % 120 };
	}
	for (size_t i = 0; i < 6; i++) {
		w[i] = (struct avail_span){ T0 + (int64_t)i * 330, T0 + (int64_t)i * 330 + 60 + (int64_t)i * 20 };
	}
	a = run(start, end, o, 40, NULL, w, 6);
	int64_t agreed = 0, down = 0;
	for (int64_t t = start; t < end; t++) {
		bool maint = false, out = false;
		for (size_t i = 0; i < 6; i++) {
			maint = maint || (t >= w[i].start && t < w[i].end);
		}
		for (size_t i = 0; i < 40; i++) {
			out = out || (t >= o[i].start && (o[i].end == TIME_NONE || t < o[i].end));
		}
		agreed += !maint;
		down += !maint && out;
	}
	cr_assert_eq(a.agreed_s, agreed);
	cr_assert_eq(a.downtime_s, down);
}

Test(availability, refuses_a_calendar_that_does_not_cover_the_period)
{
	struct opened o;
	struct availability a;
	struct err e;

	open_office(&o);
	cr_assert_eq(availability_compute(o.cal.to - 10, o.cal.to + 10, NULL, 0, &o.cal, NULL, 0, &a, &e), -1);
	cr_assert_eq(e.code, ERR_RANGE);
	close_office(&o);
}
