/*
 * agreement_terms_test.c - an agreement's commercial terms (service level,
 * fee, credit rules and cap, maintenance windows): round trip, absent stays
 * absent, and every rejection naming its field.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "domain/agreement.h"

#define HEAD                                                                                                           \
	"\"name\":\"Acme SLA\",\"customer\":\"Acme\",\"provider\":\"Desk\",\"services\":[\"Mail\"],"                   \
	"\"valid_from\":\"2026-01-01\",\"calendar\":\"24x7\""

static const char full[] =
        "{" HEAD ",\"type\":\"sla\",\"service_level\":\"Gold\",\"fee_per_month\":12500.5,\"currency\":\"DKK\","
        "\"credit_rules\":[{\"metric\":\"resolution\",\"below\":95,\"credit_pct\":5},"
        "{\"metric\":\"response\",\"priority\":\"P1\",\"below\":99.125,\"credit_pct\":2.5},"
        "{\"metric\":\"availability\",\"below\":99.5,\"credit_pct\":10}],\"credit_cap_pct\":20,"
        "\"maintenance_windows\":[{\"start\":\"2026-03-07T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\","
        "\"note\":\"patching\"},{\"start\":\"2026-03-01T22:00:00Z\",\"end\":\"2026-03-01T23:00:00+00:00\"}]}";

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *doc = json_loads(text, 0, &jerr);
	cr_assert_not_null(doc, "%s: %s", jerr.text, text);
	return doc;
}

Test(agreement_terms, round_trip)
{
	struct agreement_spec spec, again;
	struct err e;
	json_t *doc = load(full), *out, *out2;

	cr_assert_eq(agreement_from_json(&spec, doc, &e), 0, "%s: %s", e.field, e.message);
	const struct agreement_terms *t = &spec.terms;
	cr_assert_str_eq(t->service_level, "Gold");
	cr_assert(t->has_fee);
	cr_assert_eq(t->fee_per_month_minor, 1250050);
	cr_assert_str_eq(t->currency, "DKK");
	cr_assert_eq(t->ncredit_rules, 3);
	cr_assert_eq(t->credit_rules[0].priority, PRIORITY_COUNT, "no priority: every priority");
	cr_assert_eq(t->credit_rules[1].priority, PRIORITY_P1);
	cr_assert_eq(t->credit_rules[1].below_mpct, 99125);
	cr_assert_eq(t->credit_rules[1].credit_mpct, 2500);
	cr_assert_eq(t->credit_rules[2].metric, CREDIT_AVAILABILITY);
	cr_assert_eq(t->credit_cap_mpct, 20000);
	cr_assert_eq(t->nwindows, 2);
	cr_assert_str_eq(t->windows[0].note, "patching");
	cr_assert_null(t->windows[1].note);
	cr_assert_eq(t->windows[0].end - t->windows[0].start, 4 * 3600);

	out = agreement_to_json(&spec);
	cr_assert_eq(agreement_from_json(&again, out, &e), 0, "%s: %s", e.field, e.message);
	out2 = agreement_to_json(&again);
	cr_assert(json_equal(out, out2), "the document form is a fixed point");
	cr_assert_eq(json_integer_value(json_object_get(out, "credit_cap_pct")), 20);
	json_t *r1 = json_array_get(json_object_get(out, "credit_rules"), 1);
	cr_assert_float_eq(json_real_value(json_object_get(r1, "below")), 99.125, 1e-12);
	cr_assert_null(json_object_get(json_array_get(json_object_get(out, "credit_rules"), 0), "priority"));
	cr_assert_str_eq(json_string_value(json_object_get(
	                         json_array_get(json_object_get(out, "maintenance_windows"), 1), "end")),
	                 "2026-03-01T23:00:00Z");
	cr_assert_float_eq(json_real_value(json_object_get(out, "fee_per_month")), 12500.5, 1e-9);
	json_decref(out2);
	json_decref(out);
	agreement_spec_release(&again);
	agreement_spec_release(&spec);
	json_decref(doc);
}

Test(agreement_terms, absent_stays_absent)
{
	struct agreement_spec spec;
	struct err e;
	json_t *doc = load("{" HEAD ",\"type\":\"sla\"}"), *out;
	const char *keys[] = { "service_level",  "fee_per_month",       "currency", "credit_rules",
		               "credit_cap_pct", "maintenance_windows", NULL };

	cr_assert_eq(agreement_from_json(&spec, doc, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(spec.terms.credit_cap_mpct, PCT_MILLI_FULL, "the cap is the whole fee by default");
	cr_assert(!spec.terms.has_fee);
	out = agreement_to_json(&spec);
	for (size_t i = 0; keys[i] != NULL; i++) {
		cr_assert_null(json_object_get(out, keys[i]), "%s appeared", keys[i]);
	}
	json_decref(out);
	agreement_spec_release(&spec);
	json_decref(doc);
}

Test(agreement_terms, ola_has_no_credits_but_uc_may)
{
	struct agreement_spec spec;
	struct err e;
	json_t *ola = load("{" HEAD ",\"type\":\"ola\",\"credit_rules\":[{\"metric\":\"resolution\",\"below\":95,"
	                   "\"credit_pct\":5}]}");
	json_t *ola_cap = load("{" HEAD ",\"type\":\"ola\",\"credit_cap_pct\":10}");
	json_t *ola_windows = load("{" HEAD ",\"type\":\"ola\",\"maintenance_windows\":[{\"start\":"
	                           "\"2026-03-07T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\"}]}");
	json_t *uc = load("{" HEAD ",\"type\":\"uc\",\"credit_rules\":[{\"metric\":\"availability\",\"below\":99.9,"
	                  "\"credit_pct\":15}]}");

	cr_assert_eq(agreement_from_json(&spec, ola, &e), -1);
	cr_assert_str_eq(e.field, "credit_rules");
	cr_assert_eq(agreement_from_json(&spec, ola_cap, &e), -1);
	cr_assert_str_eq(e.field, "credit_cap_pct");
	cr_assert_eq(agreement_from_json(&spec, ola_windows, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(spec.terms.nwindows, 1);
	agreement_spec_release(&spec);
	cr_assert_eq(agreement_from_json(&spec, uc, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(spec.terms.ncredit_rules, 1);
	agreement_spec_release(&spec);
	json_decref(ola);
	json_decref(ola_cap);
	json_decref(ola_windows);
	json_decref(uc);
}

Test(agreement_terms, rejections_name_the_field)
{
	char many_rules[2048] = "", many_windows[64000] = "[", text[70000];
	struct {
		const char *key, *value, *field;
	} cases[] = {
		{ "credit_rules", "{}", "credit_rules" },
		{ "credit_rules", many_rules, "credit_rules" },
		{ "credit_rules", "[3]", "credit_rules[0]" },
		{ "credit_rules", "[{\"metric\":\"speed\",\"below\":95,\"credit_pct\":5}]", "credit_rules[0].metric" },
		{ "credit_rules", "[{\"metric\":\"response\",\"priority\":\"P9\",\"below\":95,\"credit_pct\":5}]",
		  "credit_rules[0].priority" },
		{ "credit_rules", "[{\"metric\":\"availability\",\"priority\":\"P1\",\"below\":95,\"credit_pct\":5}]",
		  "credit_rules[0].priority" },
		{ "credit_rules", "[{\"metric\":\"response\",\"credit_pct\":5}]", "credit_rules[0].below" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":0,\"credit_pct\":5}]", "credit_rules[0].below" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":95.00009,\"credit_pct\":5}]",
		  "credit_rules[0].below" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":95,\"credit_pct\":0.0004}]",
		  "credit_rules[0].credit_pct" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":100.5,\"credit_pct\":5}]",
		  "credit_rules[0].below" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":99.9995,\"credit_pct\":5}]",
		  "credit_rules[0].below" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":\"95\",\"credit_pct\":5}]",
		  "credit_rules[0].below" },
		{ "credit_rules",
		  "[{\"metric\":\"response\",\"below\":95,\"credit_pct\":5},{\"metric\":\"resolution\",\"below\":95}]",
		  "credit_rules[1].credit_pct" },
		{ "credit_rules",
		  "[{\"metric\":\"response\",\"below\":95,\"credit_pct\":5},{\"metric\":\"resolution\",\"below\":95,"
		  "\"credit_pct\":-1}]",
		  "credit_rules[1].credit_pct" },
		{ "credit_rules", "[{\"metric\":\"response\",\"below\":95,\"credit_pct\":5,\"when\":1}]",
		  "credit_rules[0].when" },
		{ "credit_rules",
		  "[{\"metric\":\"response\",\"below\":95,\"credit_pct\":5},{\"metric\":\"response\",\"below\":95,"
		  "\"credit_pct\":9}]",
		  "credit_rules[1]" },
		{ "credit_cap_pct", "0", "credit_cap_pct" },
		{ "credit_cap_pct", "101", "credit_cap_pct" },
		{ "fee_per_month", "12.345", "fee_per_month" },
		{ "fee_per_month", "-1", "fee_per_month" },
		{ "fee_per_month", "100", "currency" },
		{ "currency", "\"DKK\"", "currency" },
		{ "service_level", "\"\"", "service_level" },
		{ "maintenance_windows", "{}", "maintenance_windows" },
		{ "maintenance_windows", many_windows, "maintenance_windows" },
		{ "maintenance_windows", "[{\"start\":\"2026-03-07T22:00:00Z\"}]", "maintenance_windows[0].end" },
		{ "maintenance_windows", "[{\"start\":\"2026-02-30T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\"}]",
		  "maintenance_windows[0].start" },
		{ "maintenance_windows", "[{\"start\":\"2026-03-08T02:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\"}]",
		  "maintenance_windows[0].end" },
		{ "maintenance_windows",
		  "[{\"start\":\"2026-03-07T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\",\"note\":7}]",
		  "maintenance_windows[0].note" },
		{ "maintenance_windows",
		  "[{\"start\":\"2026-03-07T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\",\"x\":1}]",
		  "maintenance_windows[0].x" },
		{ "maintenance_windows",
		  "[{\"start\":\"2026-03-09T00:00:00Z\",\"end\":\"2026-03-09T02:00:00Z\"},"
		  "{\"start\":\"2026-03-07T22:00:00Z\",\"end\":\"2026-03-08T02:00:00Z\"},"
		  "{\"start\":\"2026-03-08T01:00:00Z\",\"end\":\"2026-03-08T03:00:00Z\"}]",
		  "maintenance_windows[2]" },
	};
	struct agreement_spec spec;
	struct err e;

	for (int i = 0; i <= AGREEMENT_MAX_CREDIT_RULES; i++) {
		size_t used = strlen(many_rules);
		snprintf(many_rules + used, sizeof(many_rules) - used,
		         "%s{\"metric\":\"response\",\"below\":%d,"
		         "\"credit_pct\":5}",
		         i == 0 ? "[" : ",", 50 + i);
	}
	strncat(many_rules, "]", sizeof(many_rules) - strlen(many_rules) - 1);
	for (int i = 0; i <= AGREEMENT_MAX_WINDOWS; i++) {
		size_t used = strlen(many_windows);
		snprintf(many_windows + used, sizeof(many_windows) - used,
		         "%s{\"start\":\"2026-01-01T%02d:%02d:00Z\","
		         "\"end\":\"2026-01-01T%02d:%02d:30Z\"}",
		         i == 0 ? "" : ",", i / 60, i % 60, i / 60, i % 60);
	}
	strncat(many_windows, "]", sizeof(many_windows) - strlen(many_windows) - 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "{" HEAD ",\"type\":\"sla\",\"%s\":%s}", cases[i].key, cases[i].value);
		json_t *doc = load(text);
		err_clear(&e);
		cr_assert_eq(agreement_from_json(&spec, doc, &e), -1, "%s accepted", text);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, cases[i].field, "%.200s: field %s (%s)", cases[i].value, e.field, e.message);
		json_decref(doc);
	}
}
