/*
 * demo_terms.c - the demo's agreements as an experienced service delivery
 * manager writes them: targets per service level, credit rules in tiers
 * with a cap, a negotiated fee for one customer, and a monthly patch window
 * on the first Sunday night in the customer's time zone.  No tickets here.
 */
#include "domain/demo_terms.h"

#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/agreement_terms.h"
#include "domain/demo_world.h"

/* A credit rule: below and credit in thousandths of a percent; priority NULL for all. */
struct demo_rule {
	const char *metric, *priority;
	int32_t below_mpct, credit_mpct;
};

#define DEMO_MAX_RULES 6

/* What each service level promises when it goes wrong. */
static const struct {
	struct demo_rule rules[DEMO_MAX_RULES];
	int nrules;
	int32_t cap_mpct;
	const char *guarantees;
} level_terms[LEVELS] = {
	[GOLD] = { { { "resolution", NULL, 95000, 5000 },
	             { "response", NULL, 90000, 3000 },
	             { "availability", NULL, 99500, 10000 },
	             { "availability", NULL, 99000, 25000 } },
	           4,
	           30000,
	           "In a month: resolution compliance below 95 % credits 5 % of the monthly fee, response below "
	           "90 % credits 3 %, availability below 99.5 % credits 10 % (below 99 %: "
	           "25 %).  Credits add up to at most 30 %." },
	[SILVER] = { { { "resolution", NULL, 92000, 5000 },
	               { "response", NULL, 88000, 3000 },
	               { "availability", NULL, 99500, 5000 },
	               { "availability", NULL, 99000, 15000 } },
	             4,
	             20000,
	             "In a month: resolution compliance below 92 % credits 5 % of the monthly fee, response below "
	             "88 % credits 3 %, availability below 99.5 % credits 5 % (below 99 %: 15 %).  Credits add up "
	             "to at most 20 %." },
	[BRONZE] = { { { "resolution", NULL, 90000, 3000 },
	               { "availability", NULL, 99000, 5000 },
	               { "availability", NULL, 98000, 15000 } },
	             3,
	             15000,
	             "In a month: resolution compliance below 90 % credits 3 % of the monthly fee, availability "
	             "below 99 % credits 5 % (below 98 %: 15 %).  Credits add up to at most 15 %." },
};

/* Customers who negotiated a fixed fee instead of the list price of their offerings (DKK, major units). */
static const struct {
	const char *customer;
	int fee_per_month;
} negotiated[] = {
	{ "Helix Pharma Ltd", 65000 },
};

static json_t *
credit_rules_of(const struct demo_rule *rules, int n)
{
	json_t *arr = json_array();

	for (int i = 0; i < n; i++) {
		json_t *r =
		        json_pack("{s:s, s:o, s:o}", "metric", rules[i].metric, "below",
		                  pct_to_json(rules[i].below_mpct), "credit_pct", pct_to_json(rules[i].credit_mpct));
		if (rules[i].priority != NULL) {
			json_object_set_new(r, "priority", json_string(rules[i].priority));
		}
		json_array_append_new(arr, r);
	}
	return arr;
}

size_t
demo_windows(const struct tz *zone, int64_t from, int64_t to, int64_t starts[DEMO_MAX_WINDOWS])
{
	struct civil a = civil_from_days(floor_div(from + tz_utoff_at(zone, from), DEMO_DAY_S));
	struct civil b = civil_from_days(floor_div(to + tz_utoff_at(zone, to), DEMO_DAY_S));
	int y = a.year, m = a.month;
	size_t n = 0;

	while ((y < b.year || (y == b.year && m <= b.month)) && n < DEMO_MAX_WINDOWS) {
		int64_t first = days_from_civil(y, m, 1);
		int64_t sunday = first + (6 - weekday_from_days(first) + 7) % 7;
		starts[n++] = tz_local_to_utc(zone, sunday * DEMO_DAY_S + 2 * DEMO_HOUR_S);
		m = m == 12 ? 1 : m + 1;
		y += m == 1;
	}
	return n;
}

static json_t *
windows_of(const struct tz *zone, int64_t from, int64_t to)
{
	int64_t starts[DEMO_MAX_WINDOWS];
	size_t n = demo_windows(zone, from, to, starts);
	json_t *arr = json_array();
	char s[RFC3339_LEN], e[RFC3339_LEN];

	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "start", rfc3339_format(starts[i], s), "end",
		                                     rfc3339_format(starts[i] + DEMO_WINDOW_S, e), "note",
		                                     "Monthly patching of servers, network and firmware"));
	}
	return arr;
}

static json_t *
targets_of(int level, double scale)
{
	json_t *arr = json_array();

	for (int m = 0; m < 2; m++) {
		for (int p = 0; p < 4; p++) {
			char prio[3] = { 'P', (char)('1' + p), '\0' };
			json_array_append_new(arr,
			                      json_pack("{s:s, s:s, s:I}", "metric", m == 0 ? "response" : "resolution",
			                                "priority", prio, "duration",
			                                (json_int_t)(demo_target_min[level][m][p] * 60 * scale)));
		}
	}
	return arr;
}

static json_t *
sla_of(const struct demo_customer *c, const char *from, const char *to, json_t *windows)
{
	char name[96];
	json_t *components = json_pack(
	        "{s:s, s:s, s:s, s:s, s:s}", "service_description",
	        "The services listed, delivered at the agreed service level.", "measurement",
	        "Response and resolution in business hours of the named calendar, measured by Levera from ticket "
	        "events; paused while waiting on the customer.  Availability in the same hours, less the agreed "
	        "maintenance windows.",
	        "customer_obligations",
	        "Report incidents through the portal or service desk; answer questions promptly.", "guarantees",
	        level_terms[c->level].guarantees, "termination", "Six months' notice to the end of a quarter.");

	snprintf(name, sizeof(name), "%s SLA", c->name);
	json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:[s], s:o, s:o}", "kind",
	                      "agreement", "name", name, "type", "sla", "status", "active", "customer", c->name,
	                      "provider", "Service Desk", "services", demo_service_names(c->services), "valid_from",
	                      from, "valid_to", to, "calendar", c->calendar, "pause_statuses", "waiting_on_customer",
	                      "components", components, "targets", targets_of(c->level, 1.0));
	json_object_set_new(r, "service_level", json_string(demo_level_names[c->level]));
	for (size_t k = 0; k < sizeof(negotiated) / sizeof(negotiated[0]); k++) {
		if (strcmp(negotiated[k].customer, c->name) == 0) {
			json_object_set_new(r, "fee_per_month", json_integer(negotiated[k].fee_per_month));
			json_object_set_new(r, "currency", json_string("DKK"));
		}
	}
	json_object_set_new(r, "credit_rules",
	                    credit_rules_of(level_terms[c->level].rules, level_terms[c->level].nrules));
	json_object_set_new(r, "credit_cap_pct", pct_to_json(level_terms[c->level].cap_mpct));
	json_object_set_new(r, "maintenance_windows", windows);
	return r;
}

int
demo_emit_agreements(int64_t now, int64_t from, int64_t to, const struct tz *const zones[], demo_emit_fn emit,
                     void *ctx)
{
	int y = civil_from_days(floor_div(now, DEMO_DAY_S)).year, rc = 0;
	char valid_from[11], valid_to[11];
	static const struct demo_rule uc_rules[] = { { "availability", NULL, 99900, 10000 },
		                                     { "availability", NULL, 99500, 25000 } };
	static const struct {
		const char *name, *type, *provider, *calendar;
		unsigned services;
	} support[] = {
		{ "Network OLA", "ola", "Network", "DK office", 0x0b },
		{ "Database OLA", "ola", "Database", "DK office", 0x24 },
		{ "CloudHost UC", "uc", "CloudHost Ltd", "24x7", 0x22 },
	};

	date_format(days_from_civil(y - 2, 1, 1), valid_from);
	date_format(days_from_civil(y + 1, 12, 31), valid_to);
	for (size_t i = 0; i < DEMO_NCUSTOMERS && rc == 0; i++) {
		json_t *r = sla_of(&demo_customers[i], valid_from, valid_to, windows_of(zones[i], from, to));
		rc = emit(ctx, r);
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(support) / sizeof(support[0]) && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o}", "kind",
		                      "agreement", "name", support[i].name, "type", support[i].type, "status", "active",
		                      "customer", "Service Desk", "provider", support[i].provider, "services",
		                      demo_service_names(support[i].services), "valid_from", valid_from, "valid_to",
		                      valid_to, "calendar", support[i].calendar, "underpins", "Acme A/S SLA", "targets",
		                      targets_of(GOLD, 0.5));
		if (strcmp(support[i].type, "uc") == 0) {
			/* What the provider pays its supplier, and what the supplier owes when the platform is down. */
			json_object_set_new(r, "fee_per_month", json_integer(42000));
			json_object_set_new(r, "currency", json_string("DKK"));
			json_object_set_new(r, "credit_rules", credit_rules_of(uc_rules, 2));
			json_object_set_new(r, "credit_cap_pct", json_integer(25));
		}
		rc = emit(ctx, r);
		json_decref(r);
	}
	return rc;
}
