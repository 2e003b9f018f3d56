/*
 * service.h - the service catalog: services with their lifecycle, owner and
 * offerings (service levels such as Gold, Silver, Bronze) with a monthly
 * price and a unit cost.
 *
 * Money is held in minor units (cents) as integers, so sums and credits are
 * exact; the document form uses decimal numbers with at most two decimals.
 */
#ifndef LEVERA_DOMAIN_SERVICE_H
#define LEVERA_DOMAIN_SERVICE_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"

enum service_lifecycle { LIFECYCLE_PIPELINE, LIFECYCLE_LIVE, LIFECYCLE_RETIRED, LIFECYCLE_COUNT };

#define SERVICE_MAX_OFFERINGS 20

struct offering {
	char *name;                    /* owned, unique within the service */
	char *description;             /* owned, may be NULL */
	int64_t price_per_month_minor; /* what the customer pays a month, in minor units */
	int64_t unit_cost_minor;       /* what one unit costs the provider, in minor units */
};

struct service {
	char *name, *description, *category, *owner; /* owned; owner is a team or user reference */
	enum service_lifecycle lifecycle;
	char currency[4]; /* ISO 4217, e.g. "DKK" */
	struct offering offerings[SERVICE_MAX_OFFERINGS];
	int nofferings;
};

const char *service_lifecycle_name(enum service_lifecycle l);

/* Fills svc from a document; unknown fields refused by name.  Release with service_release(). */
int service_from_json(struct service *svc, const json_t *doc, struct err *e);
void service_release(struct service *svc);
json_t *service_to_json(const struct service *svc);

/* Parses a decimal amount (a JSON number, at most 2 decimals, 0..10^12) into minor units. */
int money_from_json(const json_t *v, int64_t *minor, struct err *e);

#endif
