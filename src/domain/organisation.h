/*
 * organisation.h - customers, suppliers and internal teams.
 *
 * An organisation is a party to agreements and the owner of tickets; a
 * customer user belongs to exactly one customer organisation, which is what
 * scopes everything that user may see.
 */
#ifndef LEVERA_DOMAIN_ORGANISATION_H
#define LEVERA_DOMAIN_ORGANISATION_H

#include <jansson.h>

#include "base/err.h"

enum org_type { ORG_CUSTOMER, ORG_SUPPLIER, ORG_TEAM, ORG_TYPE_COUNT };

struct organisation {
	char *name; /* owned, 1..200 bytes */
	enum org_type type;
	char *description; /* owned, may be NULL */
	char *timezone;    /* owned IANA name, may be NULL (the provider's) */
};

const char *org_type_name(enum org_type t);
int org_type_parse(const char *s);

/* Fills org from a document; unknown fields refused by name.  Release with organisation_release(). */
int organisation_from_json(struct organisation *org, const json_t *doc, struct err *e);
void organisation_release(struct organisation *org);
json_t *organisation_to_json(const struct organisation *org);

#endif
