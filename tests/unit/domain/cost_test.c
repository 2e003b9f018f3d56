/*
 * cost_test.c - cost records, the labour rate and the cost of a service in
 * a month and over months (TCO) of docs/kpis.md, worked out by hand.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/cost.h"

static struct cost_record
record(int64_t amount_minor, const char *currency)
{
	struct cost_record c = { .amount_minor = amount_minor, .category = COST_LICENCE };

	memcpy(c.currency, currency, 4);
	return c;
}

Test(cost, a_month_of_a_service_by_hand)
{
	/* Two customers on Gold (1500.00 a unit), one on Silver (800.00). */
	static const int64_t units[] = { 150000, 150000, 80000 };
	struct labour_rate rate = { .hourly_rate_minor = 65000, .currency = "DKK" };
	struct cost_record recs[] = { record(1200050, "DKK"), record(300000, "DKK") };
	struct cost_month_input in = { .currency = "DKK",
		                       .unit_costs_minor = units,
		                       .nunits = 3,
		                       .work_s = 5400,
		                       .rate = &rate,
		                       .records = recs,
		                       .nrecords = 2 };
	struct cost_breakdown out;
	struct err e;

	cr_assert_eq(cost_month(&in, &out, &e), 0, "%s", e.message);
	cr_assert_eq(out.offerings_minor, 380000); /* 1500 + 1500 + 800 */
	cr_assert_eq(out.labour_minor, 97500);     /* 1.5 h x 650.00 */
	cr_assert_eq(out.records_minor, 1500050);  /* 12000.50 + 3000.00 */
	cr_assert_eq(out.total_minor, 1977550);
}

Test(cost, nothing_costs_nothing)
{
	struct cost_month_input in = { .currency = "EUR" };
	struct cost_breakdown out;
	struct err e;

	cr_assert_eq(cost_month(&in, &out, &e), 0);
	cr_assert_eq(out.total_minor, 0);
	cr_assert_eq(out.labour_minor, 0);
}

static int64_t
labour_of(int64_t work_s, int64_t rate_minor)
{
	struct labour_rate rate = { .hourly_rate_minor = rate_minor, .currency = "EUR" };
	struct cost_month_input in = { .currency = "EUR", .work_s = work_s, .rate = &rate };
	struct cost_breakdown out;
	struct err e;

	cr_assert_eq(cost_month(&in, &out, &e), 0, "%s", e.message);
	cr_assert_eq(out.total_minor, out.labour_minor);
	return out.labour_minor;
}

Test(cost, labour_rounds_half_to_even)
{
	/* 18.00 an hour is 0.5 cent a second. */
	cr_assert_eq(labour_of(1, 1800), 0); /* 0.5 -> 0 */
	cr_assert_eq(labour_of(3, 1800), 2); /* 1.5 -> 2 */
	cr_assert_eq(labour_of(5, 1800), 2); /* 2.5 -> 2 */
	cr_assert_eq(labour_of(7, 1800), 4); /* 3.5 -> 4 */
	cr_assert_eq(labour_of(4, 1000), 1); /* 1.11 -> 1 */
	cr_assert_eq(labour_of(6, 1000), 2); /* 1.67 -> 2 */
	/* 10 h 30 min at 95.00: 997.50 */
	cr_assert_eq(labour_of(37800, 9500), 99750);
	/* 100 000 h at 10^12 an hour would need 10^19 cents: refused, not wrapped. */
	struct labour_rate rate = { .hourly_rate_minor = 100000000000000, .currency = "EUR" };
	struct cost_month_input in = { .currency = "EUR", .work_s = 360000000, .rate = &rate };
	struct cost_breakdown out;
	struct err e;
	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_str_eq(e.field, "total");
	/* A large rate over a part hour does not overflow: 1 h 59 min 59 s at 10^12. */
	rate.hourly_rate_minor = 100000000000000;
	in.work_s = 7199;
	cr_assert_eq(cost_month(&in, &out, &e), 0, "%s", e.message);
	cr_assert_eq(out.labour_minor, 199972222222222); /* 7199 / 3600 x 10^14 = 199972222222222.2 */
}

Test(cost, amounts_are_never_converted)
{
	struct labour_rate rate = { .hourly_rate_minor = 5000, .currency = "EUR" };
	struct cost_record recs[] = { record(100, "DKK"), record(100, "SEK") };
	struct cost_month_input in = { .currency = "DKK", .work_s = 60, .rate = &rate };
	struct cost_breakdown out;
	struct err e;

	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "labour_rate.currency");
	/* No work, or a rate of 0, needs no conversion. */
	in.work_s = 0;
	cr_assert_eq(cost_month(&in, &out, &e), 0, "%s", e.message);
	in.work_s = 60;
	rate.hourly_rate_minor = 0;
	cr_assert_eq(cost_month(&in, &out, &e), 0, "%s", e.message);
	in.records = recs;
	in.nrecords = 2;
	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_str_eq(e.field, "records[1].currency");
	in.currency = "dkk";
	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_str_eq(e.field, "currency");
}

Test(cost, negative_inputs_are_refused)
{
	static const int64_t units[] = { 100, -1 };
	struct cost_month_input in = { .currency = "EUR", .unit_costs_minor = units, .nunits = 2 };
	struct cost_breakdown out;
	struct err e;

	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_str_eq(e.field, "unit_costs[1]");
	in.nunits = 1;
	in.work_s = -5;
	cr_assert_eq(cost_month(&in, &out, &e), -1);
	cr_assert_str_eq(e.field, "work_s");
}

Test(cost, tco_adds_the_months_part_by_part)
{
	struct cost_breakdown months[] = { { 380000, 97500, 1500050, 1977550 },
		                           { 150000, 0, 0, 150000 },
		                           { 0, 1, 2, 3 } };
	struct cost_breakdown tco;
	struct err e;

	cr_assert_eq(cost_tco(months, 3, &tco, &e), 0);
	cr_assert_eq(tco.offerings_minor, 530000);
	cr_assert_eq(tco.labour_minor, 97501);
	cr_assert_eq(tco.records_minor, 1500052);
	cr_assert_eq(tco.total_minor, 2127553);
	cr_assert_eq(cost_tco(NULL, 0, &tco, &e), 0);
	cr_assert_eq(tco.total_minor, 0);
	months[0].total_minor = INT64_MAX;
	cr_assert_eq(cost_tco(months, 2, &tco, &e), -1);
	cr_assert_str_eq(e.field, "total");
}

static int
record_of(const char *text, struct cost_record *c, struct err *e)
{
	json_t *doc = json_loads(text, 0, NULL);
	int rc;

	cr_assert_not_null(doc, "%s", text);
	rc = cost_record_from_json(c, doc, e);
	json_decref(doc);
	return rc;
}

Test(cost, a_cost_record_round_trips)
{
	struct cost_record c;
	struct err e;

	cr_assert_eq(record_of("{\"service\":\"Mail\",\"month\":\"2026-10\",\"amount\":12000.5,\"currency\":\"DKK\","
	                       "\"category\":\"licence\",\"note\":\"Exchange\"}",
	                       &c, &e),
	             0, "%s", e.message);
	cr_assert_eq(c.amount_minor, 1200050);
	cr_assert_eq(c.month, 2026 * 12 + 9);
	cr_assert_eq(c.category, COST_LICENCE);
	json_t *doc = cost_record_to_json(&c);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	cr_assert_str_eq(text,
	                 "{\"amount\":12000.5,\"category\":\"licence\",\"currency\":\"DKK\",\"month\":\"2026-10\","
	                 "\"note\":\"Exchange\",\"service\":\"Mail\"}");
	free(text);
	json_decref(doc);
	cost_record_release(&c);
}

Test(cost, cost_record_rejections_name_their_field)
{
	static const struct {
		const char *doc, *field;
	} cases[] = {
		{ "{\"month\":\"2026-10\",\"amount\":1,\"currency\":\"EUR\",\"category\":\"other\"}", "service" },
		{ "{\"service\":\"S\",\"amount\":1,\"currency\":\"EUR\",\"category\":\"other\"}", "month" },
		{ "{\"service\":\"S\",\"month\":\"2026-13\",\"amount\":1,\"currency\":\"EUR\",\"category\":\"other\"}",
		  "month" },
		{ "{\"service\":\"S\",\"month\":\"2026-10-01\",\"amount\":1,\"currency\":\"EUR\",\"category\":"
		  "\"other\"}",
		  "month" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"currency\":\"EUR\",\"category\":\"other\"}", "amount" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1.234,\"currency\":\"EUR\",\"category\":"
		  "\"other\"}",
		  "amount" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":-5,\"currency\":\"EUR\",\"category\":\"other\"}",
		  "amount" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1,\"currency\":\"eur\",\"category\":\"other\"}",
		  "currency" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1,\"category\":\"other\"}", "currency" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1,\"currency\":\"EUR\",\"category\":\"travel\"}",
		  "category" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1,\"currency\":\"EUR\"}", "category" },
		{ "{\"service\":\"S\",\"month\":\"2026-10\",\"amount\":1,\"currency\":\"EUR\",\"category\":\"other\","
		  "\"vat\":1}",
		  "vat" },
	};
	struct cost_record c;
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&e);
		cr_assert_eq(record_of(cases[i].doc, &c, &e), -1, "%s", cases[i].doc);
		cr_assert_eq(e.code, ERR_INVALID, "%s", cases[i].doc);
		cr_assert_str_eq(e.field, cases[i].field, "%s: %s", cases[i].doc, e.message);
		cr_assert_null(c.service);
	}
}

Test(cost, the_labour_rate)
{
	struct labour_rate r;
	struct err e;
	json_t *doc = json_loads("{\"hourly_rate\":650.25,\"currency\":\"DKK\"}", 0, NULL);

	cr_assert_eq(labour_rate_from_json(&r, doc, &e), 0, "%s", e.message);
	cr_assert_eq(r.hourly_rate_minor, 65025);
	cr_assert_str_eq(r.currency, "DKK");
	json_decref(doc);
	doc = json_loads("{\"hourly_rate\":\"650\",\"currency\":\"DKK\"}", 0, NULL);
	cr_assert_eq(labour_rate_from_json(&r, doc, &e), -1);
	cr_assert_str_eq(e.field, "hourly_rate");
	json_decref(doc);
	doc = json_loads("{\"hourly_rate\":650}", 0, NULL);
	cr_assert_eq(labour_rate_from_json(&r, doc, &e), -1);
	cr_assert_str_eq(e.field, "currency");
	json_decref(doc);
	labour_rate_default(&r);
	cr_assert_eq(r.hourly_rate_minor, 0);
	cr_assert_str_eq(r.currency, "EUR");
}
