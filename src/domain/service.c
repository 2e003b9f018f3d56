/*
 * service.c - checking service documents and their offerings.
 */
#include "domain/service.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/doc.h"

static const char *const lifecycle_names[LIFECYCLE_COUNT] = { "pipeline", "live", "retired" };

const char *
service_lifecycle_name(enum service_lifecycle l)
{
	return (unsigned)l < LIFECYCLE_COUNT ? lifecycle_names[l] : "unknown";
}

int
money_from_json(const json_t *v, int64_t *minor, struct err *e)
{
	double x, cents;

	if (!json_is_number(v)) {
		return err_set(e, ERR_INVALID, NULL, "an amount must be a number such as 1250.50");
	}
	x = json_number_value(v);
	if (!(x >= 0 && x <= 1e12)) {
		return err_set(e, ERR_INVALID, NULL, "an amount must be between 0 and 1000000000000");
	}
	cents = x * 100.0;
	if (fabs(cents - nearbyint(cents)) > 1e-6 * (cents > 1 ? cents : 1)) {
		return err_set(e, ERR_INVALID, NULL, "an amount has at most two decimals");
	}
	*minor = (int64_t)nearbyint(cents);
	return 0;
}

static int
parse_offering(const json_t *obj, struct offering *o, struct err *e)
{
	static const char *const keys[] = { "name", "description", "price_per_month", "unit_cost", NULL };

	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, NULL, "an offering must be an object");
	}
	if (doc_check_keys(obj, keys, e) != 0 || doc_take_text(obj, "name", 100, true, &o->name, e) != 0 ||
	    doc_take_text(obj, "description", 10000, false, &o->description, e) != 0) {
		return -1;
	}
	if (json_object_get(obj, "price_per_month") != NULL &&
	    money_from_json(json_object_get(obj, "price_per_month"), &o->price_per_month_minor, e) != 0) {
		err_prefix_field(e, "price_per_month");
		return -1;
	}
	if (json_object_get(obj, "unit_cost") != NULL &&
	    money_from_json(json_object_get(obj, "unit_cost"), &o->unit_cost_minor, e) != 0) {
		err_prefix_field(e, "unit_cost");
		return -1;
	}
	return 0;
}

static int
parse(struct service *svc, const json_t *doc, struct err *e)
{
	static const char *const keys[] = { "name",      "description", "category",  "owner",
		                            "lifecycle", "currency",    "offerings", NULL };
	json_t *v;
	size_t i;
	char field[32];

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a service must be a JSON object");
	}
	if (doc_check_keys(doc, keys, e) != 0 || doc_take_text(doc, "name", 200, true, &svc->name, e) != 0 ||
	    doc_take_text(doc, "description", 10000, false, &svc->description, e) != 0 ||
	    doc_take_text(doc, "category", 100, false, &svc->category, e) != 0 ||
	    doc_take_text(doc, "owner", 200, false, &svc->owner, e) != 0) {
		return -1;
	}
	svc->lifecycle = LIFECYCLE_LIVE;
	v = json_object_get(doc, "lifecycle");
	if (v != NULL) {
		int l = -1;
		for (int k = 0; json_is_string(v) && k < LIFECYCLE_COUNT; k++) {
			l = strcmp(json_string_value(v), lifecycle_names[k]) == 0 ? k : l;
		}
		if (l < 0) {
			return err_set(e, ERR_INVALID, "lifecycle", "the lifecycle must be pipeline, live or retired");
		}
		svc->lifecycle = (enum service_lifecycle)l;
	}
	v = json_object_get(doc, "currency");
	memcpy(svc->currency, "EUR", 4);
	if (v != NULL) {
		const char *c = json_string_value(v);
		if (c == NULL || strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' ||
		    c[2] > 'Z') {
			return err_set(e, ERR_INVALID, "currency", "the currency is an ISO 4217 code such as \"DKK\"");
		}
		memcpy(svc->currency, c, 4);
	}
	v = json_object_get(doc, "offerings");
	if (v == NULL) {
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > SERVICE_MAX_OFFERINGS) {
		return err_set(e, ERR_INVALID, "offerings", "offerings must be a list of at most %d",
		               SERVICE_MAX_OFFERINGS);
	}
	json_t *o;
	json_array_foreach(v, i, o)
	{
		snprintf(field, sizeof(field), "offerings[%zu]", i);
		svc->nofferings = (int)i + 1;
		if (parse_offering(o, &svc->offerings[i], e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(svc->offerings[k].name, svc->offerings[i].name) == 0) {
				return err_set(e, ERR_INVALID, field, "a second offering named '%s'",
				               svc->offerings[i].name);
			}
		}
	}
	return 0;
}

int
service_from_json(struct service *svc, const json_t *doc, struct err *e)
{
	memset(svc, 0, sizeof(*svc));
	if (parse(svc, doc, e) != 0) {
		service_release(svc);
		return -1;
	}
	return 0;
}

void
service_release(struct service *svc)
{
	if (svc == NULL) {
		return;
	}
	free(svc->name);
	free(svc->description);
	free(svc->category);
	free(svc->owner);
	for (int i = 0; i < SERVICE_MAX_OFFERINGS; i++) {
		free(svc->offerings[i].name);
		free(svc->offerings[i].description);
	}
	memset(svc, 0, sizeof(*svc));
}

static json_t *
text_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
service_to_json(const struct service *svc)
{
	json_t *doc = json_object(), *offerings = json_array();

	json_object_set_new(doc, "name", json_string(svc->name));
	json_object_set_new(doc, "description", text_or_null(svc->description));
	json_object_set_new(doc, "category", text_or_null(svc->category));
	json_object_set_new(doc, "owner", text_or_null(svc->owner));
	json_object_set_new(doc, "lifecycle", json_string(lifecycle_names[svc->lifecycle]));
	json_object_set_new(doc, "currency", json_string(svc->currency));
	for (int i = 0; i < svc->nofferings; i++) {
		const struct offering *o = &svc->offerings[i];
		json_t *x = json_object();
		json_object_set_new(x, "name", json_string(o->name));
		json_object_set_new(x, "description", text_or_null(o->description));
		json_object_set_new(x, "price_per_month", json_real((double)o->price_per_month_minor / 100.0));
		json_object_set_new(x, "unit_cost", json_real((double)o->unit_cost_minor / 100.0));
		json_array_append_new(offerings, x);
	}
	json_object_set_new(doc, "offerings", offerings);
	return doc;
}
