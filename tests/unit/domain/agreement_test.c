/*
 * agreement_test.c - agreement documents, their policy, and the OLA/UC fit
 * check against the SLA they underpin.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/agreement.h"
#include "domain/calendar.h"

static const char acme_sla[] =
        "{\"name\":\"Acme SLA 2026\",\"type\":\"sla\",\"customer\":\"Acme A/S\",\"provider\":\"Service Desk\","
        "\"services\":[\"E-mail\"],\"valid_from\":\"2026-01-01\",\"valid_to\":\"2026-12-31\",\"calendar\":\"DK "
        "office\","
        "\"pause_statuses\":[\"waiting_on_customer\"],"
        "\"components\":{\"service_description\":\"Hosted e-mail for 300 users\",\"guarantees\":\"5 % credit\"},"
        "\"targets\":[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":\"30m\"},"
        "{\"metric\":\"resolution\",\"priority\":\"P1\",\"duration\":\"4h\"},"
        "{\"metric\":\"response\",\"priority\":\"P2\",\"duration\":\"2h\"},"
        "{\"metric\":\"resolution\",\"priority\":\"P2\",\"duration\":\"8h\",\"warn_at\":[75,90]}]}";

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *doc = json_loads(text, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	return doc;
}

Test(agreement, parses_issue3_example)
{
	struct agreement_spec spec, again;
	struct sla_policy pol;
	struct err e;
	json_t *doc = load(acme_sla);

	cr_assert_eq(agreement_from_json(&spec, doc, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(spec.type, AGREEMENT_SLA);
	cr_assert_eq(spec.status, AGREEMENT_ACTIVE, "an agreement without a status is active");
	cr_assert_eq(spec.ntargets, 4);
	cr_assert_eq(agreement_target(&spec, METRIC_RESOLUTION, PRIORITY_P1)->target_s, 14400);
	cr_assert_eq(agreement_target(&spec, METRIC_RESPONSE, PRIORITY_P1)->warn_pct[1], 90);
	cr_assert_null(agreement_target(&spec, METRIC_RESOLUTION, PRIORITY_P3));
	cr_assert(agreement_covers(&spec, "E-mail") && !agreement_covers(&spec, "Web"));
	cr_assert(agreement_in_force(&spec, days_from_civil(2026, 3, 2)));
	cr_assert(!agreement_in_force(&spec, days_from_civil(2027, 1, 1)));
	agreement_policy(&spec, NULL, &pol);
	cr_assert(pol.has_target[METRIC_RESPONSE][PRIORITY_P2] && pol.target_s[METRIC_RESPONSE][PRIORITY_P2] == 7200);
	cr_assert(!pol.has_target[METRIC_RESPONSE][PRIORITY_P4]);
	cr_assert_eq(pol.pause_statuses, 1u << STATUS_WAITING_ON_CUSTOMER);

	json_t *out = agreement_to_json(&spec);
	cr_assert_eq(agreement_from_json(&again, out, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(again.ntargets, 4);
	cr_assert_str_eq(json_string_value(json_object_get(again.components, "guarantees")), "5 % credit");
	json_decref(out);
	agreement_spec_release(&again);
	agreement_spec_release(&spec);
	json_decref(doc);
}

Test(agreement, rejections_name_the_field)
{
	struct {
		const char *key, *value, *field;
	} cases[] = {
		{ "type", "\"contract\"", "type" },
		{ "status", "\"signed\"", "status" },
		{ "name", "\"\"", "name" },
		{ "services", "[]", "services" },
		{ "services", "[\"E-mail\", 3]", "services[1]" },
		{ "valid_from", "\"2026-02-30\"", "valid_from" },
		{ "valid_to", "\"2025-12-31\"", "valid_to" },
		{ "pause_statuses", "[\"resolved\"]", "pause_statuses[0]" },
		{ "pause_statuses", "[\"sleeping\"]", "pause_statuses[0]" },
		{ "components", "{\"price\":\"1\"}", "components.price" },
		{ "underpins", "\"Other SLA\"", "underpins" },
		{ "colour", "\"red\"", "colour" },
		{ "targets", "[{\"metric\":\"uptime\",\"priority\":\"P1\",\"duration\":60}]", "targets[0].metric" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P9\",\"duration\":60}]", "targets[0].priority" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":\"2 days\"}]",
		  "targets[0].duration" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":-5}]", "targets[0].duration" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P1\"}]", "targets[0].duration" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":60,\"warn_at\":[90,75]}]",
		  "targets[0].warn_at" },
		{ "targets", "[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":60,\"hurry\":true}]",
		  "targets[0].hurry" },
		{ "targets",
		  "[{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":60},"
		  "{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":90}]",
		  "targets[1]" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct agreement_spec spec;
		struct err e;
		json_t *doc = load(acme_sla);
		json_object_set_new(doc, cases[i].key, json_loads(cases[i].value, JSON_DECODE_ANY, NULL));
		err_clear(&e);
		cr_assert_eq(agreement_from_json(&spec, doc, &e), -1, "%s=%s accepted", cases[i].key, cases[i].value);
		cr_expect_str_eq(e.field, cases[i].field, "%s=%s: field '%s' (%s)", cases[i].key, cases[i].value,
		                 e.field, e.message);
		json_decref(doc);
	}
}

Test(agreement, targets_need_a_calendar)
{
	struct agreement_spec spec;
	struct err e;
	json_t *doc = load(acme_sla);

	json_object_del(doc, "calendar");
	cr_assert_eq(agreement_from_json(&spec, doc, &e), -1);
	cr_assert_str_eq(e.field, "calendar");
	json_decref(doc);
}

struct two_calendars {
	struct cal_spec spec[2];
	struct tz zone[2];
	struct calendar cal[2];
};

static const struct calendar *
calendar_by_name(void *ctx, const char *ref)
{
	struct two_calendars *c = ctx;

	for (int i = 0; i < 2; i++) {
		if (ref != NULL && strcmp(c->spec[i].name, ref) == 0) {
			return &c->cal[i];
		}
	}
	return NULL;
}

Test(agreement, ola_fit_against_the_sla)
{
	static const char *const docs[2] = {
		"{\"name\":\"DK office\",\"timezone\":\"Europe/Copenhagen\",\"week\":{\"mon\":[\"08:00-16:00\"],"
		"\"tue\":[\"08:00-16:00\"],\"wed\":[\"08:00-16:00\"],\"thu\":[\"08:00-16:00\"],\"fri\":[\"08:00-16:"
		"00\"]}}",
		"{\"name\":\"24x7\",\"timezone\":\"Europe/Copenhagen\",\"week\":{\"mon\":[\"00:00-24:00\"],"
		"\"tue\":[\"00:00-24:00\"],\"wed\":[\"00:00-24:00\"],\"thu\":[\"00:00-24:00\"],\"fri\":[\"00:00-24:"
		"00\"],"
		"\"sat\":[\"00:00-24:00\"],\"sun\":[\"00:00-24:00\"]}}",
	};
	struct two_calendars c;
	struct agreement_spec sla, ola;
	struct err e;
	json_t *warnings = json_array();

	for (int i = 0; i < 2; i++) {
		cr_assert_eq(calendar_open(docs[i], strlen(docs[i]), &c.spec[i], &c.zone[i], &c.cal[i], &e), 0, "%s",
		             e.message);
	}
	json_t *sdoc = load(acme_sla);
	cr_assert_eq(agreement_from_json(&sla, sdoc, &e), 0);
	const char *ola_ok =
	        "{\"name\":\"Network OLA\",\"type\":\"ola\",\"customer\":\"Service Desk\",\"provider\":\"Network\","
	        "\"services\":[\"E-mail\"],\"valid_from\":\"2026-01-01\",\"calendar\":\"DK office\","
	        "\"underpins\":\"Acme SLA 2026\",\"targets\":["
	        "{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":\"15m\"},"
	        "{\"metric\":\"resolution\",\"priority\":\"P1\",\"duration\":\"2h\"},"
	        "{\"metric\":\"response\",\"priority\":\"P2\",\"duration\":\"1h\"},"
	        "{\"metric\":\"resolution\",\"priority\":\"P2\",\"duration\":\"8h\"}]}";
	json_t *odoc = load(ola_ok);
	cr_assert_eq(agreement_from_json(&ola, odoc, &e), 0, "%s: %s", e.field, e.message);
	/* Both valid from Thursday 2026-01-01: the check starts Monday 2025-12-29, the same every time. */
	cr_assert_eq(agreement_fit_from(&ola, &sla), days_from_civil(2025, 12, 29) * 86400);
	agreement_fit(&ola, &sla, days_from_civil(2026, 3, 2) * 86400, calendar_by_name, &c, warnings);
	cr_assert_eq(json_array_size(warnings), 0, "%s", json_dumps(warnings, 0));

	/* The team works office hours under a 24x7 SLA: 2 h of office time can take all night. */
	free(sla.calendar);
	sla.calendar = strdup("24x7");
	agreement_fit(&ola, &sla, days_from_civil(2026, 3, 2) * 86400, calendar_by_name, &c, warnings);
	cr_assert_eq(json_array_size(warnings), 4, "%s", json_dumps(warnings, 0));
	const char *msg = json_string_value(json_object_get(json_array_get(warnings, 0), "message"));
	cr_assert(strstr(msg, "cannot fit inside Acme SLA 2026's: a ticket raised at 2026-03-02T00:00:00Z") != NULL,
	          "%s", msg);

	/* A missing target is named. */
	json_array_clear(warnings);
	free(sla.calendar);
	sla.calendar = strdup("DK office");
	ola.ntargets = 3;
	agreement_fit(&ola, &sla, days_from_civil(2026, 3, 2) * 86400, calendar_by_name, &c, warnings);
	cr_assert_eq(json_array_size(warnings), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(warnings, 0), "message")),
	                 "Network OLA has no resolution target for P2, which Acme SLA 2026 promises in 28800 s");
	json_decref(warnings);
	json_decref(sdoc);
	json_decref(odoc);
	agreement_spec_release(&sla);
	agreement_spec_release(&ola);
	for (int i = 0; i < 2; i++) {
		calendar_release(&c.cal[i]);
		tz_release(&c.zone[i]);
		cal_spec_release(&c.spec[i]);
	}
}
