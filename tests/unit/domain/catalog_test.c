/*
 * catalog_test.c - organisations and services (with offerings and money).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/organisation.h"
#include "domain/service.h"
#include "domain/user.h"

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *doc = json_loads(text, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	return doc;
}

Test(organisation, parse_and_reject)
{
	struct organisation org;
	struct err e;
	json_t *doc = load("{\"name\":\"Acme A/S\",\"type\":\"customer\",\"timezone\":\"Europe/Copenhagen\"}");

	cr_assert_eq(organisation_from_json(&org, doc, &e), 0, "%s", e.message);
	cr_assert_eq(org.type, ORG_CUSTOMER);
	json_t *out = organisation_to_json(&org);
	cr_assert_str_eq(json_string_value(json_object_get(out, "timezone")), "Europe/Copenhagen");
	json_decref(out);
	organisation_release(&org);
	json_decref(doc);

	const char *bad[][2] = {
		{ "{\"name\":\"X\",\"type\":\"partner\"}", "type" },
		{ "{\"type\":\"team\"}", "name" },
		{ "{\"name\":\"\",\"type\":\"team\"}", "name" },
		{ "{\"name\":\"X\",\"type\":\"team\",\"vat\":\"DK1\"}", "vat" },
		{ "{\"name\":[\"X\"],\"type\":\"team\"}", "name" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = load(bad[i][0]);
		cr_assert_eq(organisation_from_json(&org, doc, &e), -1, "%s accepted", bad[i][0]);
		cr_assert_str_eq(e.field, bad[i][1], "%s: %s", bad[i][0], e.message);
		json_decref(doc);
	}
}

Test(service, offerings_and_money)
{
	struct service svc;
	struct err e;
	json_t *doc = load("{\"name\":\"E-mail\",\"owner\":\"Service Desk\",\"category\":\"Collaboration\","
	                   "\"currency\":\"DKK\",\"offerings\":[{\"name\":\"Gold\",\"price_per_month\":12500.5,"
	                   "\"unit_cost\":310.25},{\"name\":\"Silver\",\"price_per_month\":8000}]}");

	cr_assert_eq(service_from_json(&svc, doc, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(svc.lifecycle, LIFECYCLE_LIVE);
	cr_assert_eq(svc.nofferings, 2);
	cr_assert_eq(svc.offerings[0].price_per_month_minor, 1250050);
	cr_assert_eq(svc.offerings[0].unit_cost_minor, 31025);
	cr_assert_eq(svc.offerings[1].unit_cost_minor, 0);
	cr_assert_str_eq(svc.currency, "DKK");
	json_t *out = service_to_json(&svc);
	struct service again;
	cr_assert_eq(service_from_json(&again, out, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_eq(again.offerings[0].price_per_month_minor, 1250050);
	service_release(&again);
	json_decref(out);
	service_release(&svc);
	json_decref(doc);

	const char *bad[][2] = {
		{ "{\"name\":\"S\",\"lifecycle\":\"beta\"}", "lifecycle" },
		{ "{\"name\":\"S\",\"currency\":\"kr\"}", "currency" },
		{ "{\"name\":\"S\",\"offerings\":[{\"name\":\"Gold\",\"price_per_month\":10.555}]}",
		  "offerings[0].price_per_month" },
		{ "{\"name\":\"S\",\"offerings\":[{\"name\":\"Gold\",\"price_per_month\":-1}]}",
		  "offerings[0].price_per_month" },
		{ "{\"name\":\"S\",\"offerings\":[{\"name\":\"Gold\",\"unit_cost\":\"12\"}]}",
		  "offerings[0].unit_cost" },
		{ "{\"name\":\"S\",\"offerings\":[{\"name\":\"Gold\"},{\"name\":\"Gold\"}]}", "offerings[1]" },
		{ "{\"name\":\"S\",\"offerings\":[{\"title\":\"Gold\"}]}", "offerings[0].title" },
		{ "{\"name\":\"S\",\"sla\":\"x\"}", "sla" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = load(bad[i][0]);
		err_clear(&e);
		cr_assert_eq(service_from_json(&svc, doc, &e), -1, "%s accepted", bad[i][0]);
		cr_assert_str_eq(e.field, bad[i][1], "%s: %s", bad[i][0], e.message);
		json_decref(doc);
	}
}

Test(user, parse_and_reject)
{
	struct user u;
	struct err e;
	json_t *doc = load("{\"email\":\"Ole@Acme.example\",\"name\":\"Ole Hansen\",\"role\":\"customer\","
	                   "\"organisation\":\"Acme A/S\"}");

	cr_assert_eq(user_from_json(&u, doc, &e), 0, "%s: %s", e.field, e.message);
	cr_assert_str_eq(u.email, "ole@acme.example");
	cr_assert_eq(u.role, ROLE_CUSTOMER);
	json_t *out = user_to_json(&u);
	cr_assert_str_eq(json_string_value(json_object_get(out, "role")), "customer");
	json_decref(out);
	user_release(&u);
	json_decref(doc);

	const char *bad[][2] = {
		{ "{\"email\":\"ole\",\"role\":\"agent\"}", "email" },
		{ "{\"email\":\"ole@acme\",\"role\":\"agent\"}", "email" },
		{ "{\"email\":\"o le@acme.example\",\"role\":\"agent\"}", "email" },
		{ "{\"email\":\"ole@@acme.example\",\"role\":\"agent\"}", "email" },
		{ "{\"email\":\"ole@acme.example\",\"role\":\"root\"}", "role" },
		{ "{\"email\":\"ole@acme.example\",\"role\":\"customer\"}", "organisation" },
		{ "{\"email\":\"ole@acme.example\",\"role\":\"customer\",\"organisation\":\"Acme\",\"teams\":["
		  "\"Network\"]}",
		  "teams" },
		{ "{\"email\":\"ole@acme.example\",\"role\":\"agent\",\"password\":\"hunter2hunter2\"}", "password" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = load(bad[i][0]);
		err_clear(&e);
		cr_assert_eq(user_from_json(&u, doc, &e), -1, "%s accepted", bad[i][0]);
		cr_assert_str_eq(e.field, bad[i][1], "%s: %s", bad[i][0], e.message);
		json_decref(doc);
	}
}
