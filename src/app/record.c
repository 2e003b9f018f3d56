/*
 * record.c - checking a record and resolving its references,
 * for import and the API alike.  One builder per kind in a table; none of
 * them writes to the store (catalog look-ups may read it).
 */
#include "app/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/agreement.h"
#include "domain/calendar.h"
#include "domain/cost.h"
#include "domain/kpi.h"
#include "domain/organisation.h"
#include "domain/service.h"
#include "domain/survey.h"
#include "domain/user.h"

static int
build_calendar(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct cal_spec spec;
	struct tz zone;

	(void)c;
	if (!json_is_string(json_object_get(doc, "name"))) {
		return err_set(e, ERR_INVALID, "name", "a calendar needs a name (a string)");
	}
	if (calendar_from_json(&spec, doc, e) != 0) {
		return -1;
	}
	int zone_rc = calendar_zone_load(&zone, spec.timezone, e);
	tz_release(&zone);
	b->doc = calendar_to_json(&spec);
	cal_spec_release(&spec);
	if (zone_rc != 0) {
		return -1;
	}
	b->key = xstrdup(json_string_value(json_object_get(doc, "name")));
	return 0;
}

static int
build_organisation(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct organisation org;

	(void)c;
	if (organisation_from_json(&org, doc, e) != 0) {
		return -1;
	}
	if (org.timezone != NULL) {
		struct tz zone;
		if (calendar_zone_load(&zone, org.timezone, e) != 0) {
			organisation_release(&org);
			return -1;
		}
		tz_release(&zone);
	}
	b->doc = organisation_to_json(&org);
	b->key = xstrdup(org.name);
	b->type = org_type_name(org.type);
	organisation_release(&org);
	return 0;
}

static int
build_user(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct user u;
	int rc = -1;

	if (user_from_json(&u, doc, e) != 0) {
		return -1;
	}
	b->doc = user_to_json(&u);
	b->key = xstrdup(u.email);
	b->role = (int)u.role;
	json_t *teams = json_object_get(b->doc, "teams");
	if (catalog_resolve_field(c, b->doc, "organisation", CATALOG_ORGANISATION, e) != 0 ||
	    catalog_resolve_array(c, b->doc, "teams", CATALOG_ORGANISATION, e) != 0) {
		goto done;
	}
	const char *org_id = json_string_value(json_object_get(b->doc, "organisation"));
	if (u.role == ROLE_CUSTOMER) {
		if (catalog_require_org_type(c, org_id, "organisation", "customer", e) != 0) {
			goto done;
		}
		b->org_id = xstrdup(org_id);
	}
	for (size_t i = 0; i < json_array_size(teams); i++) {
		if (catalog_require_org_type(c, json_string_value(json_array_get(teams, i)), "teams", "team", e) != 0) {
			goto done;
		}
	}
	rc = 0;
done:
	user_release(&u);
	return rc;
}

static int
build_service(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct service svc;

	if (service_from_json(&svc, doc, e) != 0) {
		return -1;
	}
	b->doc = service_to_json(&svc);
	b->key = xstrdup(svc.name);
	service_release(&svc);
	return catalog_resolve_field(c, b->doc, "owner", CATALOG_ORGANISATION, e);
}

static int
build_agreement(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	static const char *const provider_types[AGREEMENT_TYPE_COUNT] = { "team", "team", "supplier" };
	struct agreement_spec spec;
	json_t *targets, *t;
	size_t i;
	int rc = -1;

	if (agreement_from_json(&spec, doc, e) != 0) {
		return -1;
	}
	b->doc = agreement_to_json(&spec);
	b->key = xstrdup(spec.name);
	targets = json_object_get(b->doc, "targets");
	if (catalog_resolve_field(c, b->doc, "customer", CATALOG_ORGANISATION, e) != 0 ||
	    catalog_resolve_field(c, b->doc, "provider", CATALOG_ORGANISATION, e) != 0 ||
	    catalog_resolve_array(c, b->doc, "services", CATALOG_SERVICE, e) != 0 ||
	    catalog_resolve_field(c, b->doc, "calendar", CATALOG_CALENDAR, e) != 0 ||
	    catalog_resolve_field(c, b->doc, "underpins", CATALOG_AGREEMENT, e) != 0) {
		goto done;
	}
	json_array_foreach(targets, i, t)
	{
		if (catalog_resolve_field(c, t, "calendar", CATALOG_CALENDAR, e) != 0) {
			goto done;
		}
	}
	const char *customer = json_string_value(json_object_get(b->doc, "customer"));
	if ((spec.type == AGREEMENT_SLA && catalog_require_org_type(c, customer, "customer", "customer", e) != 0) ||
	    catalog_require_org_type(c, json_string_value(json_object_get(b->doc, "provider")), "provider",
	                             provider_types[spec.type], e) != 0) {
		goto done;
	}
	if (spec.type == AGREEMENT_SLA && customer != NULL) {
		b->org_id = xstrdup(customer);
	}
	rc = 0;
done:
	agreement_spec_release(&spec);
	return rc;
}

/* Keyed by the instant answered ("2026-10-05T09:30:00Z <id>"): a customer's answers of a period are a key range. */
static int
build_survey(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct survey s;
	char when[RFC3339_LEN];

	if (survey_from_json(&s, doc, (int64_t)time(NULL), e) != 0) {
		return -1;
	}
	b->doc = survey_to_json(&s);
	b->key = xstrdup(rfc3339_format(s.answered_at, when));
	b->key_has_id = true;
	survey_release(&s);
	if (catalog_resolve_field(c, b->doc, "customer", CATALOG_ORGANISATION, e) != 0) {
		return -1;
	}
	const char *customer = json_string_value(json_object_get(b->doc, "customer"));
	if (catalog_require_org_type(c, customer, "customer", "customer", e) != 0) {
		return -1;
	}
	b->org_id = xstrdup(customer);
	return 0;
}

/* Keyed by service id and month ("<service id> 2026-10 <id>"): a service's costs of a month are a key prefix. */
static int
build_cost(struct catalog *c, const json_t *doc, struct record_built *b, struct err *e)
{
	struct cost_record cost;
	char month[8], key[256];

	if (cost_record_from_json(&cost, doc, e) != 0) {
		return -1;
	}
	b->doc = cost_record_to_json(&cost);
	kpi_month_format(cost.month, month);
	cost_record_release(&cost);
	if (catalog_resolve_field(c, b->doc, "service", CATALOG_SERVICE, e) != 0) {
		return -1;
	}
	snprintf(key, sizeof(key), "%s %s", json_string_value(json_object_get(b->doc, "service")), month);
	b->key = xstrdup(key);
	b->key_has_id = true;
	return 0;
}

static int (*const builders[CATALOG_KIND_COUNT])(struct catalog *, const json_t *, struct record_built *,
                                                 struct err *) = {
	[CATALOG_CALENDAR] = build_calendar,   [CATALOG_ORGANISATION] = build_organisation,
	[CATALOG_USER] = build_user,           [CATALOG_SERVICE] = build_service,
	[CATALOG_AGREEMENT] = build_agreement, [CATALOG_SURVEY] = build_survey,
	[CATALOG_COST] = build_cost,
};

int
record_build(struct catalog *c, enum catalog_kind k, const json_t *doc, struct record_built *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	out->kind = k;
	out->role = -1;
	if ((unsigned)k >= CATALOG_KIND_COUNT || builders[k] == NULL) {
		return err_set(e, ERR_INTERNAL, NULL, "no record kind %d", (int)k);
	}
	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a record must be a JSON object");
	}
	return builders[k](c, doc, out, e);
}

void
record_built_release(struct record_built *b)
{
	if (b == NULL) {
		return;
	}
	json_decref(b->doc);
	free(b->key);
	free(b->org_id);
	memset(b, 0, sizeof(*b));
}

const char *
record_key_field(enum catalog_kind k)
{
	switch (k) {
	case CATALOG_USER:
		return "email";
	case CATALOG_SURVEY:
		return "answered_at";
	case CATALOG_COST:
		return "service";
	default:
		return "name";
	}
}

char *
record_store_key(const struct record_built *b, const char *id)
{
	char *key;
	size_t n;

	if (!b->key_has_id) {
		return xstrdup(b->key);
	}
	n = strlen(b->key) + 1 + strlen(id) + 1;
	key = xmalloc(n);
	snprintf(key, n, "%s %s", b->key, id);
	return key;
}

bool
record_kind_in_catalog(enum catalog_kind k)
{
	return k != CATALOG_SURVEY && k != CATALOG_COST;
}

int
record_note_stored(struct catalog *c, const struct record_built *b, const char *id, struct err *e)
{
	if (!record_kind_in_catalog(b->kind)) {
		return 0;
	}
	catalog_remember(c, b->kind, b->key, id);
	if (b->kind == CATALOG_ORGANISATION) {
		catalog_remember_org_type(c, id, b->type);
	} else if (b->kind == CATALOG_CALENDAR) {
		return catalog_add_calendar(c, id, b->doc, e);
	} else if (b->kind == CATALOG_AGREEMENT) {
		return catalog_add_agreement(c, id, b->doc, e);
	}
	return 0;
}
