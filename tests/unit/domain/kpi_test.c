/*
 * kpi_test.c - the KPI sums of domain/kpi.c and domain/kpi_fact.c: months
 * (parsing, bounds, the year's turn), histogram percentiles (nearest rank,
 * exact below 128 s, within 0.8 % above), deltas that cancel, ratios over
 * nothing as null, and a ticket's contributions and their blob.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/buf.h"
#include "base/hist.h"
#include "domain/kpi.h"
#include "domain/kpi_fact.h"

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

/* Adds one value of series to a through an encoded one-entry histogram. */
static void
add_value(struct kpi_acc *a, int series, int64_t v)
{
	struct hist_entry h = { hist_bucket_of(v), 1 };
	struct buf b;
	struct err e;

	buf_init(&b, 1024);
	cr_assert_eq(hist_encode(&h, 1, &b, &e), 0);
	cr_assert_eq(kpi_acc_add(a, series, 1, v, b.data, b.len, &e), 0);
	buf_release(&b);
}

static json_t *
figures(const struct kpi_acc *a)
{
	json_t *out = json_object();
	kpi_acc_figures(a, out);
	return out;
}

static int64_t
stat(json_t *f, const char *name, const char *which)
{
	return json_integer_value(json_object_get(json_object_get(f, name), which));
}

Test(kpi, percentiles_are_nearest_rank_and_exact_below_128_s)
{
	struct kpi_acc a = { 0 };

	for (int v = 1; v <= 10; v++) {
		add_value(&a, KS_RESPONSE_BUSINESS, v * 10);
	}
	json_t *f = figures(&a);
	cr_assert_eq(stat(f, "response_time_business_s", "count"), 10);
	cr_assert_eq(stat(f, "response_time_business_s", "median"), 50, "rank 5, not the mean of 50 and 60");
	cr_assert_eq(stat(f, "response_time_business_s", "p90"), 90, "rank ceil(0.9 * 10) = 9");
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(f, "response_time_business_s"), "mean")),
	                   55.0, 1e-9);
	json_decref(f);
	kpi_acc_release(&a);
}

Test(kpi, histogram_values_are_within_0_8_percent)
{
	for (int64_t v = 128; v < ((int64_t)1 << 40); v = v * 3 / 2 + 7) {
		int64_t got = hist_bucket_value(hist_bucket_of(v));
		double err = (double)(got > v ? got - v : v - got) / (double)v;
		cr_assert(err <= 1.0 / 128, "%lld read back as %lld", (long long)v, (long long)got);
		cr_assert(hist_bucket_of(v) < HIST_BUCKETS);
	}
	for (int64_t v = 0; v < HIST_EXACT; v++) {
		cr_assert_eq(hist_bucket_value(hist_bucket_of(v)), v, "exact below %d", HIST_EXACT);
	}
	cr_assert_eq(hist_bucket_of(-5), 0);
	cr_assert(hist_bucket_of(INT64_MAX) < HIST_BUCKETS);
}

Test(kpi, a_delta_that_takes_back_every_value_leaves_nothing)
{
	struct hist_entry in[] = { { 5, 2 }, { 300, 1 }, { 5, 1 } }, out[] = { { 300, -1 }, { 5, -3 } };
	struct buf a, b, sum;
	struct err e;
	int64_t dense[HIST_BUCKETS] = { 0 };

	buf_init(&a, 1024);
	buf_init(&b, 1024);
	buf_init(&sum, 1024);
	cr_assert_eq(hist_encode(in, 3, &a, &e), 0);
	cr_assert_eq(hist_add_dense(dense, a.data, a.len, &e), 0);
	cr_assert_eq(dense[5], 3, "repeats are summed");
	cr_assert_eq(dense[300], 1);
	cr_assert_eq(hist_encode(out, 2, &b, &e), 0);
	cr_assert_eq(hist_merge(a.data, a.len, b.data, b.len, &sum, &e), 0);
	cr_assert_eq(sum.len, 0, "zero counts are not kept");
	const unsigned char corrupt[] = { 0x80 };
	cr_assert_eq(hist_add_dense(dense, corrupt, sizeof(corrupt), &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	buf_release(&a);
	buf_release(&b);
	buf_release(&sum);
}

Test(kpi, ratios_over_nothing_are_null_and_counts_make_rates)
{
	struct kpi_acc a = { 0 };
	json_t *f = figures(&a);
	const char *nulls[] = { "sla_compliance", "reopen_rate",        "first_contact_resolution",
		                "csat_average",   "csat_response_rate", "handling_time_s",
		                "ola_compliance" };

	for (size_t k = 0; k < sizeof(nulls) / sizeof(nulls[0]); k++) {
		cr_assert(json_is_null(json_object_get(f, nulls[k])), "%s", nulls[k]);
	}
	json_t *rt = json_object_get(f, "resolution_time_business_s");
	cr_assert_eq(json_integer_value(json_object_get(rt, "count")), 0);
	cr_assert(json_is_null(json_object_get(rt, "median")));
	json_decref(f);

	struct err e;
	kpi_acc_add(&a, KS_RESPONSE_MET, 2, 2, NULL, 0, &e);
	kpi_acc_add(&a, KS_RESOLUTION_MET, 1, 1, NULL, 0, &e);
	kpi_acc_add(&a, KS_RESOLUTION_BREACHED, 1, 900, NULL, 0, &e);
	kpi_acc_add(&a, KS_RESOLVED, 4, 4, NULL, 0, &e);
	kpi_acc_add(&a, KS_REOPENED, 1, 1, NULL, 0, &e);
	kpi_acc_add(&a, KS_FCR, 2, 2, NULL, 0, &e);
	kpi_acc_add(&a, KS_RATING, 2, 7, NULL, 0, &e);
	kpi_acc_add(&a, KS_RATING_SATISFIED, 1, 1, NULL, 0, &e);
	kpi_acc_add(&a, KS_HANDLING, 4, 3600, NULL, 0, &e);
	cr_assert_eq(kpi_acc_add(&a, 250, 1, 1, NULL, 0, &e), 0, "a series a newer Levera counts is skipped");
	f = figures(&a);
	cr_assert_float_eq(json_real_value(json_object_get(f, "sla_compliance")), 75.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "resolution_compliance")), 50.0, 1e-9);
	cr_assert_eq(json_integer_value(json_object_get(f, "sla_overrun_business_s")), 900);
	cr_assert_float_eq(json_real_value(json_object_get(f, "reopen_rate")), 25.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "first_contact_resolution")), 50.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "csat_average")), 3.5, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "csat_satisfied")), 50.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "csat_response_rate")), 50.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(f, "handling_time_s")), 900.0, 1e-9);
	json_decref(f);
	kpi_acc_release(&a);
}

static int32_t
utc_month(void *ctx, int64_t t)
{
	(void)ctx;
	return (int32_t)kpi_month_of(t);
}

static const char *
no_agreement(void *ctx, const struct agreement_spec *a)
{
	(void)ctx;
	(void)a;
	return NULL;
}

static size_t
count_series(const struct kpi_ticket *kt, int series, int64_t *total)
{
	size_t n = 0;
	*total = 0;
	for (size_t i = 0; i < kt->n; i++) {
		if (kt->v[i].series == series) {
			n++;
			*total += kt->v[i].value;
		}
	}
	return n;
}

Test(kpi, a_tickets_contributions_and_their_blob)
{
	/* Created 01-30 (Jan), assigned to Desk, worked 600 s, resolved 02-02, reopened 02-03, resolved 02-04. */
	struct ticket_event evs[] = {
		{ .at = at("2026-01-30T10:00:00Z"), .type = TEV_CREATED, .to_priority = PRIORITY_P3 },
		{ .at = at("2026-01-30T10:05:00Z"), .type = TEV_ASSIGN, .team = "desk" },
		{ .at = at("2026-01-30T11:00:00Z"), .type = TEV_WORK, .duration_s = 600 },
		{ .at = at("2026-02-02T10:00:00Z"), .type = TEV_STATUS, .to_status = STATUS_RESOLVED },
		{ .at = at("2026-02-03T10:00:00Z"), .type = TEV_STATUS, .to_status = STATUS_IN_PROGRESS },
		{ .at = at("2026-02-04T10:00:00Z"), .type = TEV_STATUS, .to_status = STATUS_RESOLVED },
	};
	size_t nevs = sizeof(evs) / sizeof(evs[0]);
	struct ticket_fact facts[TICKET_FACTS_MAX];
	size_t nf = ticket_facts(evs, nevs, NULL, at("2026-03-01T00:00:00Z"), facts, TICKET_FACTS_MAX);
	struct kpi_ticket kt = { 0 }, back = { 0 };
	struct kpi_ticket_input in = { .evs = evs,
		                       .nevs = nevs,
		                       .facts = facts,
		                       .nfacts = nf,
		                       .service_request = true,
		                       .customer_id = "acme",
		                       .service_id = "mail",
		                       .month_of = utc_month,
		                       .agreement_id = no_agreement };
	int64_t total;

	kpi_ticket_build(&kt, &in);
	cr_assert_eq(count_series(&kt, KS_CREATED, &total), 1);
	cr_assert_eq(count_series(&kt, KS_RESOLVED, &total), 1, "the first resolution only");
	cr_assert_eq(count_series(&kt, KS_REOPENED, &total), 1);
	cr_assert_eq(count_series(&kt, KS_FCR, &total), 0, "reopened: not first contact");
	cr_assert_eq(count_series(&kt, KS_WORK, &total), 1);
	cr_assert_eq(total, 600);
	cr_assert_eq(count_series(&kt, KS_HANDLING, &total), 1);
	cr_assert_eq(total, 600, "work logged by the first resolution");
	cr_assert_eq(count_series(&kt, KS_LEAD, &total), 1);
	cr_assert_eq(total, at("2026-02-02T10:00:00Z") - at("2026-01-30T10:00:00Z"));
	cr_assert_eq(count_series(&kt, KS_OPEN_DELTA, &total), 4, "created, resolved, reopened, resolved");
	cr_assert_eq(total, 0, "closed at the end: the backlog's moves add up to nothing");
	for (size_t i = 0; i < kt.n; i++) {
		int64_t want =
		        kt.v[i].series == KS_CREATED || kt.v[i].series == KS_WORK ? month("2026-01") : month("2026-02");
		if (kt.v[i].series == KS_OPEN_DELTA && kt.v[i].value > 0 && i < 3) {
			continue;
		}
		if (kt.v[i].series != KS_OPEN_DELTA) {
			cr_assert_eq(kt.v[i].month, want, "series %d", kt.v[i].series);
		}
		if (kt.v[i].series == KS_CREATED) {
			cr_assert_str_eq(kpi_ticket_team(&kt, &kt.v[i]), "", "no team when it was created");
		}
		if (kt.v[i].series == KS_RESOLVED) {
			cr_assert_str_eq(kpi_ticket_team(&kt, &kt.v[i]), "desk", "the team holding it at the instant");
		}
	}

	struct buf b;
	struct err e;
	buf_init(&b, 65536);
	cr_assert_eq(kpi_ticket_encode(&kt, &b, &e), 0);
	cr_assert_eq(kpi_ticket_decode(&back, b.data, b.len, &e), 0);
	cr_assert_str_eq(back.customer_id, "acme");
	cr_assert_str_eq(back.service_id, "mail");
	cr_assert_eq(back.n, kt.n);
	cr_assert_eq(memcmp(back.v, kt.v, kt.n * sizeof(*kt.v)), 0, "the blob gives back every contribution");
	cr_assert_eq(kpi_ticket_decode(&back, b.data, b.len - 1, &e), -1, "a truncated blob is refused");
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_eq(kpi_ticket_decode(&back, NULL, 0, &e), 0, "no blob: no contributions");
	cr_assert_eq(back.n, 0);
	buf_release(&b);
	kpi_ticket_release(&kt);
	kpi_ticket_release(&back);
}
