/*
 * credit_test.c - service credits from an agreement's rules: strict
 * thresholds, tiers on one figure, the cap and the rounding, all worked out
 * by hand.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/agreement.h"
#include "domain/credit.h"

static const char sla[] =
        "{\"name\":\"Gold SLA\",\"type\":\"sla\",\"customer\":\"Acme\",\"provider\":\"Desk\",\"services\":[\"Mail\"],"
        "\"valid_from\":\"2026-01-01\",\"calendar\":\"24x7\",\"credit_cap_pct\":30,\"credit_rules\":["
        "{\"metric\":\"resolution\",\"below\":95,\"credit_pct\":5},"
        "{\"metric\":\"availability\",\"below\":99.5,\"credit_pct\":10},"
        "{\"metric\":\"availability\",\"below\":99,\"credit_pct\":25},"
        "{\"metric\":\"response\",\"priority\":\"P1\",\"below\":90,\"credit_pct\":7.5}]}";

/* The month's figures by rule metric: {num, den}, den 0 for "no measurement". */
struct month {
	int64_t figure[CREDIT_METRIC_COUNT][2];
};

static bool
measure(void *ctx, const struct credit_rule *rule, int64_t *num, int64_t *den)
{
	const struct month *m = ctx;

	*num = m->figure[rule->metric][0];
	*den = m->figure[rule->metric][1];
	return *den > 0;
}

static void
load(struct agreement_spec *spec)
{
	struct err e;
	json_t *doc = json_loads(sla, 0, NULL);

	cr_assert_not_null(doc);
	cr_assert_eq(agreement_from_json(spec, doc, &e), 0, "%s: %s", e.field, e.message);
	json_decref(doc);
}

Test(credit, tiers_add_up_across_figures_and_are_capped)
{
	struct agreement_spec spec;
	struct credit_result r;
	/* resolution exactly at 95 % (19 of 20): not below; availability 98.9 %; P1 response 80 %. */
	struct month m = { .figure = { [CREDIT_RESPONSE] = { 8, 10 },
		                       [CREDIT_RESOLUTION] = { 19, 20 },
		                       [CREDIT_AVAILABILITY] = { 989, 1000 } } };

	load(&spec);
	credit_evaluate(&spec, measure, &m, 1234567, &r);
	cr_assert_eq(r.nlines, 4);
	cr_assert(r.lines[0].measured && !r.lines[0].applies, "95 %% is not below 95 %%");
	cr_assert_eq(r.lines[0].amount_minor, 0);
	cr_assert_float_eq(r.lines[0].measured_pct, 95.0, 1e-9);
	cr_assert(r.lines[1].applies && !r.lines[1].counted, "the 10 %% tier is outdone by the 25 %% one");
	cr_assert_eq(r.lines[1].amount_minor, 123457); /* 12345.67 x 10 % = 1234.567 */
	cr_assert(r.lines[2].applies && r.lines[2].counted);
	cr_assert_eq(r.lines[2].amount_minor, 308642); /* x 25 % = 3086.4175 */
	cr_assert(r.lines[3].applies && r.lines[3].counted);
	cr_assert_eq(r.lines[3].credit_mpct, 7500);
	cr_assert_eq(r.lines[3].amount_minor, 92593); /* x 7.5 % = 925.92525 */
	cr_assert_eq(r.uncapped_mpct, 32500);         /* 25 + 7.5 */
	cr_assert(r.capped);
	cr_assert_eq(r.total_mpct, 30000);
	cr_assert_eq(r.total_minor, 370370); /* x 30 % = 3703.701 */
	agreement_spec_release(&spec);
}

Test(credit, no_measurement_and_thresholds_just_met)
{
	struct agreement_spec spec;
	struct credit_result r;
	/* No clock decided (resolution, response); availability 199/200 = 99.5 % exactly. */
	struct month m = { .figure = { [CREDIT_AVAILABILITY] = { 199, 200 } } };

	load(&spec);
	credit_evaluate(&spec, measure, &m, 100000, &r);
	cr_assert(!r.lines[0].measured && !r.lines[0].applies);
	cr_assert(!r.lines[3].measured);
	cr_assert(r.lines[1].measured && !r.lines[1].applies, "99.5 %% is not below 99.5 %%");
	cr_assert(!r.lines[2].applies);
	cr_assert_eq(r.total_mpct, 0);
	cr_assert_eq(r.total_minor, 0);
	cr_assert(!r.capped);

	/* Just below: 1989999 / 2000000 is 99.49995 %, under 99.5 but not under 99. */
	m.figure[CREDIT_AVAILABILITY][0] = 1989999;
	m.figure[CREDIT_AVAILABILITY][1] = 2000000;
	credit_evaluate(&spec, measure, &m, 100000, &r);
	cr_assert(r.lines[1].applies && r.lines[1].counted && !r.lines[2].applies);
	cr_assert_eq(r.total_mpct, 10000);
	cr_assert_eq(r.total_minor, 10000);
	agreement_spec_release(&spec);
}

Test(credit, default_cap_is_the_whole_fee)
{
	struct agreement_spec spec;
	struct credit_result r;
	struct month m = { .figure = { [CREDIT_RESPONSE] = { 0, 4 },
		                       [CREDIT_RESOLUTION] = { 0, 4 },
		                       [CREDIT_AVAILABILITY] = { 0, 4 } } };

	load(&spec);
	spec.terms.has_credit_cap = false;
	spec.terms.credit_cap_mpct = PCT_MILLI_FULL;
	spec.terms.credit_rules[0].credit_mpct = 80000; /* 80 + 25 + 7.5 */
	credit_evaluate(&spec, measure, &m, 999, &r);
	cr_assert_eq(r.uncapped_mpct, 112500);
	cr_assert(r.capped);
	cr_assert_eq(r.total_mpct, 100000);
	cr_assert_eq(r.total_minor, 999);
	agreement_spec_release(&spec);
}

Test(credit, amounts_round_half_to_even)
{
	cr_assert_eq(credit_amount_minor(10, 5000), 0); /* 0.5 */
	cr_assert_eq(credit_amount_minor(30, 5000), 2); /* 1.5 */
	cr_assert_eq(credit_amount_minor(50, 5000), 2); /* 2.5 */
	cr_assert_eq(credit_amount_minor(70, 5000), 4); /* 3.5 */
	cr_assert_eq(credit_amount_minor(1, 50000), 0); /* 0.5 */
	cr_assert_eq(credit_amount_minor(3, 50000), 2); /* 1.5 */
	cr_assert_eq(credit_amount_minor(99999, 12345), 12345);
	cr_assert_eq(credit_amount_minor(1234567, 5000), 61728); /* 61728.35 */
	cr_assert_eq(credit_amount_minor(0, 100000), 0);
	cr_assert_eq(credit_amount_minor(100000000000000LL - 1, 33333), 33333000000000LL);
	cr_assert_eq(credit_amount_minor(100000000000000LL, 100000), 100000000000000LL);
}

Test(credit, rule_text)
{
	struct agreement_spec spec;
	char text[96], pct[16];

	load(&spec);
	cr_assert_str_eq(credit_rule_text(&spec.terms.credit_rules[0], text, sizeof(text)),
	                 "resolution compliance below 95 %");
	cr_assert_str_eq(credit_rule_text(&spec.terms.credit_rules[1], text, sizeof(text)),
	                 "availability below 99.5 %");
	cr_assert_str_eq(credit_rule_text(&spec.terms.credit_rules[3], text, sizeof(text)),
	                 "response compliance (P1) below 90 %");
	spec.terms.credit_rules[3].metric = CREDIT_RESOLUTION;
	spec.terms.credit_rules[3].below_mpct = 95125;
	cr_assert_str_eq(credit_rule_text(&spec.terms.credit_rules[3], text, sizeof(text)),
	                 "resolution compliance (P1) below 95.125 %");
	cr_assert_str_eq(pct_format(99050, pct), "99.05");
	cr_assert_str_eq(pct_format(1, pct), "0.001");
	cr_assert_str_eq(pct_format(100000, pct), "100");
	agreement_spec_release(&spec);
}
