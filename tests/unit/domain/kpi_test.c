/*
 * kpi_test.c - the KPI sums of domain/kpi.c: months (parsing, bounds, the
 * year's turn), nearest-rank percentiles, empty sets as null, which clocks
 * count (SLA only, the first per metric), the backlog at a month's end, and
 * the figures of one month as JSON.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/kpi.h"

static int64_t
at(const char *s)
{
	int64_t t;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, NULL), 0);
	return t;
}

static int64_t
month(const char *s)
{
	int64_t i;
	struct err e;
	cr_assert_eq(kpi_month_parse(s, "from", &i, &e), 0, "%s", s);
	return i;
}

Test(kpi, months_parse_and_bound)
{
	struct err e;
	int64_t i;
	char name[8];

	cr_assert_eq(month("2026-02"), 2026 * 12 + 1);
	cr_assert_str_eq(kpi_month_format(month("2026-12"), name), "2026-12");
	cr_assert_eq(kpi_month_start(month("2026-02")), at("2026-02-01T00:00:00Z"));
	cr_assert_eq(kpi_month_start(month("2026-12") + 1), at("2027-01-01T00:00:00Z"), "the year turns");
	cr_assert_eq(kpi_month_of(at("2026-02-28T23:59:59Z")), month("2026-02"));
	cr_assert_eq(kpi_month_of(at("2026-03-01T00:00:00Z")), month("2026-03"));
	const char *bad[] = {
		"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01x", "", "abcd-ef", "1969-12"
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		cr_assert_eq(kpi_month_parse(bad[k], "to", &i, &e), -1, "'%s' accepted", bad[k]);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "to");
	}
}

Test(kpi, series_months_cover_the_window_exactly)
{
	struct kpi_series s;

	kpi_series_init(&s, month("2026-11"), 3);
	cr_assert_eq(kpi_series_start(&s), at("2026-11-01T00:00:00Z"));
	cr_assert_eq(kpi_series_end(&s), at("2027-02-01T00:00:00Z"));
	cr_assert_null(kpi_series_month(&s, at("2026-10-31T23:59:59Z")));
	cr_assert_eq(kpi_series_month(&s, at("2026-11-01T00:00:00Z")), &s.months[0]);
	cr_assert_eq(kpi_series_month(&s, at("2026-12-31T23:59:59Z")), &s.months[1]);
	cr_assert_eq(kpi_series_month(&s, at("2027-01-31T23:59:59Z")), &s.months[2]);
	cr_assert_null(kpi_series_month(&s, at("2027-02-01T00:00:00Z")), "the end belongs to the next month");
	kpi_series_release(&s);
}

Test(kpi, percentiles_are_nearest_rank)
{
	int64_t ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, three[] = { 10, 20, 30 }, one[] = { 7 };

	cr_assert_eq(kpi_nearest_rank(ten, 10, 90), 9, "rank ceil(0.9 * 10) = 9");
	cr_assert_eq(kpi_nearest_rank(ten, 10, 50), 5, "rank 5, not the mean of 5 and 6");
	cr_assert_eq(kpi_nearest_rank(three, 3, 90), 30, "rank ceil(2.7) = 3");
	cr_assert_eq(kpi_nearest_rank(three, 3, 50), 20, "rank ceil(1.5) = 2");
	cr_assert_eq(kpi_nearest_rank(one, 1, 90), 7);
	cr_assert_eq(kpi_nearest_rank(ten, 10, 100), 10);

	struct kpi_values v = { 0 };
	struct kpi_stats st;
	int64_t unsorted[] = { 30, 10, 20, 40 };
	v.v = unsorted;
	v.n = v.cap = 4;
	kpi_stats_of(&v, &st);
	cr_assert(st.has);
	cr_assert_float_eq(st.mean, 25.0, 1e-9);
	cr_assert_eq(st.median, 20, "rank ceil(2) = 2 of 10 20 30 40");
	cr_assert_eq(st.p90, 40, "rank ceil(3.6) = 4");
	v.n = 0;
	kpi_stats_of(&v, &st);
	cr_assert_not(st.has, "an empty set has no mean");
}

/* A fact of kind k at instant s. */
static struct ticket_fact
fact(enum fact_kind k, const char *s, int64_t value, bool flag)
{
	struct ticket_fact f = { .at = at(s), .kind = k, .value = value, .flag = flag };
	return f;
}

Test(kpi, sla_clocks_count_and_the_first_per_metric_gives_the_time)
{
	struct agreement_spec sla = { .type = AGREEMENT_SLA }, ola = { .type = AGREEMENT_OLA };
	struct ticket_sla_clock clocks[4] = {
		{ .agreement = &sla, .metric = METRIC_RESPONSE },
		{ .agreement = &sla, .metric = METRIC_RESOLUTION },
		{ .agreement = &ola, .metric = METRIC_RESOLUTION },
		{ .agreement = &sla, .metric = METRIC_RESOLUTION }, /* a second SLA: counted, no time */
	};
	struct ticket_fact f[8];
	struct kpi_series s;

	f[0] = fact(FACT_CLOCK_DECIDED, "2026-03-02T10:00:00Z", 0, true);
	f[0].clock = &clocks[0];
	f[1] = fact(FACT_CLOCK_STOPPED, "2026-03-02T10:00:00Z", 600, true);
	f[1].clock = &clocks[0];
	f[2] = fact(FACT_CLOCK_DECIDED, "2026-03-05T10:00:00Z", 3600, false);
	f[2].clock = &clocks[2]; /* the OLA's breach never counts */
	f[3] = fact(FACT_CLOCK_STOPPED, "2026-04-01T10:00:00Z", 9000, true);
	f[3].clock = &clocks[3];
	f[4] = fact(FACT_CLOCK_STOPPED, "2026-04-01T10:00:00Z", 7200, false);
	f[4].clock = &clocks[1];
	f[5] = fact(FACT_CLOCK_DECIDED, "2026-03-31T23:00:00Z", 100, false);
	f[5].clock = &clocks[1];
	f[6] = fact(FACT_CLOCK_DECIDED, "2026-04-01T10:00:00Z", 0, true);
	f[6].clock = &clocks[3];
	f[7] = fact(FACT_CLOCK_DECIDED, "2026-02-28T10:00:00Z", 0, true);
	f[7].clock = &clocks[0]; /* before the window */
	kpi_series_init(&s, month("2026-03"), 2);
	kpi_add_facts(&s, f, 8);
	cr_assert_eq(s.months[0].sla_met, 1);
	cr_assert_eq(s.months[0].sla_breached, 1, "the SLA's breach at breached_at; not the OLA's");
	cr_assert_eq(s.months[1].sla_met, 1);
	cr_assert_eq(s.months[1].sla_breached, 0);
	cr_assert_eq(s.months[0].response_s.n, 1);
	cr_assert_eq(s.months[0].response_s.v[0], 600);
	cr_assert_eq(s.months[1].resolution_s.n, 1, "one resolution time per ticket");
	cr_assert_eq(s.months[1].resolution_s.v[0], 7200, "the first SLA's clock");
	kpi_series_release(&s);
}

Test(kpi, ticket_facts_go_into_their_months)
{
	struct ticket_fact f[8];
	struct kpi_series s;

	f[0] = fact(FACT_CREATED, "2026-03-30T10:00:00Z", 0, false);
	f[1] = fact(FACT_RESOLVED, "2026-03-31T10:00:00Z", 86400, true);
	f[2] = fact(FACT_REOPENED, "2026-04-02T10:00:00Z", 0, false);
	f[3] = fact(FACT_RATED, "2026-04-03T10:00:00Z", 4, false);
	f[4] = fact(FACT_WORK, "2026-03-31T09:00:00Z", 1800, false);
	f[5] = fact(FACT_WORK, "2026-04-03T09:00:00Z", 600, false);
	f[6] = fact(FACT_ESCALATED, "2026-04-03T09:00:00Z", 0, false);
	f[6].sub = ESCALATION_TEAM;
	f[7] = fact(FACT_ESCALATED, "2026-05-03T09:00:00Z", 0, false); /* after the window */
	f[7].sub = ESCALATION_SLA_BREACH;
	kpi_series_init(&s, month("2026-03"), 2);
	kpi_add_facts(&s, f, 8);
	cr_assert_eq(s.months[0].created, 1);
	cr_assert_eq(s.months[0].resolved, 1);
	cr_assert_eq(s.months[0].fcr, 1);
	cr_assert_eq(s.months[0].work_logged_s, 1800);
	cr_assert_eq(s.months[1].reopened, 1);
	cr_assert_eq(s.months[1].ratings, 1);
	cr_assert_eq(s.months[1].rating_sum, 4);
	cr_assert_eq(s.months[1].work_logged_s, 600);
	cr_assert_eq(s.months[1].escalations[ESCALATION_TEAM], 1);
	cr_assert_eq(s.months[1].escalations[ESCALATION_SLA_BREACH], 0);
	kpi_series_release(&s);
}

Test(kpi, backlog_is_open_at_each_months_end)
{
	json_t *docs = json_loads("[{\"at\":\"2026-03-10T08:00:00Z\",\"type\":\"created\",\"priority\":\"P3\"},"
	                          "{\"at\":\"2026-04-10T08:00:00Z\",\"type\":\"status\",\"to\":\"resolved\"},"
	                          "{\"at\":\"2026-05-01T00:00:00Z\",\"type\":\"status\",\"to\":\"in_progress\"}]",
	                          0, NULL);
	struct ticket_event evs[3];
	struct err e;
	struct kpi_series s;

	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(ticket_event_from_json(&evs[i], json_array_get(docs, i), &e), 0, "%s", e.message);
	}
	cr_assert_not(kpi_open_before(evs, 3, at("2026-03-10T08:00:00Z")), "not yet created");
	cr_assert(kpi_open_before(evs, 3, at("2026-04-10T08:00:00Z")), "resolved at that instant, not before");
	cr_assert_not(kpi_open_before(evs, 3, at("2026-05-01T00:00:00Z")), "reopened at the next month's start");
	kpi_series_init(&s, month("2026-02"), 4);
	kpi_add_backlog(&s, evs, 3);
	kpi_add_backlog_all(&s, 2);
	cr_assert_eq(s.months[0].backlog, 2, "February: not yet created");
	cr_assert_eq(s.months[1].backlog, 3, "March: open");
	cr_assert_eq(s.months[2].backlog, 2, "April: resolved");
	cr_assert_eq(s.months[3].backlog, 3, "May: reopened");
	kpi_series_release(&s);
	json_decref(docs);
}

Test(kpi, empty_sets_and_ratios_over_nothing_are_null)
{
	struct kpi_series s;

	kpi_series_init(&s, month("2026-03"), 2);
	s.months[1].sla_met = 3;
	s.months[1].sla_breached = 1;
	s.months[1].resolved = 4;
	s.months[1].reopened = 1;
	s.months[1].fcr = 2;
	s.months[1].ratings = 2;
	s.months[1].rating_sum = 7;
	json_t *j = kpi_series_to_json(&s, at("2026-04-15T00:00:00Z"));
	json_t *m0 = json_array_get(j, 0), *m1 = json_array_get(j, 1);
	cr_assert_str_eq(json_string_value(json_object_get(m0, "month")), "2026-03");
	cr_assert(json_is_false(json_object_get(m0, "partial")));
	cr_assert(json_is_true(json_object_get(m1, "partial")), "April ends after now");
	const char *nulls[] = { "sla_compliance", "reopen_rate", "first_contact_resolution", "csat_average",
		                "csat_response_rate" };
	for (size_t k = 0; k < sizeof(nulls) / sizeof(nulls[0]); k++) {
		cr_assert(json_is_null(json_object_get(m0, nulls[k])), "%s", nulls[k]);
	}
	json_t *rt = json_object_get(m0, "resolution_time_business_s");
	cr_assert_eq(json_integer_value(json_object_get(rt, "count")), 0);
	cr_assert(json_is_null(json_object_get(rt, "mean")));
	cr_assert(json_is_null(json_object_get(rt, "median")));
	cr_assert(json_is_null(json_object_get(rt, "p90")));
	cr_assert_float_eq(json_real_value(json_object_get(m1, "sla_compliance")), 75.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(m1, "reopen_rate")), 25.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(m1, "first_contact_resolution")), 50.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(m1, "csat_average")), 3.5, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(m1, "csat_response_rate")), 50.0, 1e-9);
	json_decref(j);
	kpi_series_release(&s);
}
