/*
 * organisation.c - checking organisation documents.  Whether a named time
 * zone exists is checked by the caller against the tz database (I/O).
 */
#include "domain/organisation.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "domain/doc.h"

static const char *const type_names[ORG_TYPE_COUNT] = { "customer", "supplier", "team" };

const char *
org_type_name(enum org_type t)
{
	return (unsigned)t < ORG_TYPE_COUNT ? type_names[t] : "unknown";
}

int
org_type_parse(const char *s)
{
	for (int i = 0; s != NULL && i < ORG_TYPE_COUNT; i++) {
		if (strcmp(s, type_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

static int
parse(struct organisation *org, const json_t *doc, struct err *e)
{
	static const char *const keys[] = { "name", "type", "description", "timezone", NULL };
	int t;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "an organisation must be a JSON object");
	}
	if (doc_check_keys(doc, keys, e) != 0) {
		return -1;
	}
	if (doc_take_text(doc, "name", 200, true, &org->name, e) != 0) {
		return -1;
	}
	t = org_type_parse(json_string_value(json_object_get(doc, "type")));
	if (t < 0) {
		return err_set(e, ERR_INVALID, "type", "the type must be \"customer\", \"supplier\" or \"team\"");
	}
	org->type = (enum org_type)t;
	if (doc_take_text(doc, "description", 10000, false, &org->description, e) != 0 ||
	    doc_take_text(doc, "timezone", 63, false, &org->timezone, e) != 0) {
		return -1;
	}
	return 0;
}

int
organisation_from_json(struct organisation *org, const json_t *doc, struct err *e)
{
	memset(org, 0, sizeof(*org));
	if (parse(org, doc, e) != 0) {
		organisation_release(org);
		return -1;
	}
	return 0;
}

void
organisation_release(struct organisation *org)
{
	if (org == NULL) {
		return;
	}
	free(org->name);
	free(org->description);
	free(org->timezone);
	memset(org, 0, sizeof(*org));
}

json_t *
organisation_to_json(const struct organisation *org)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "name", json_string(org->name));
	json_object_set_new(doc, "type", json_string(type_names[org->type]));
	json_object_set_new(doc, "description", org->description != NULL ? json_string(org->description) : json_null());
	json_object_set_new(doc, "timezone", org->timezone != NULL ? json_string(org->timezone) : json_null());
	return doc;
}
