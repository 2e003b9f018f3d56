/*
 * review.h - the monthly service review pack of one customer: what was
 * agreed (its SLAs in brief), what was delivered (compliance per target
 * with a 12-month trend, the breaches, availability, CSAT, volumes) and
 * what is owed (service credits under the agreements' credit rules), as the
 * JSON document src/report/pack.h renders.  Figures come from the KPI
 * rollups; breaches, comments and outages from the tickets of the month.
 */
#ifndef LEVERA_APP_REVIEW_H
#define LEVERA_APP_REVIEW_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

struct review_params {
	const char *customer; /* a name or id; required (a customer user: their own, may be omitted) */
	const char *month;    /* "YYYY-MM"; NULL: the last whole month in the customer's time zone */
};

/* The pack document for actor (a new reference in *out); ERR_* naming the field on bad input. */
int review_build(struct app *app, const struct actor *actor, const struct review_params *p, int64_t now, json_t **out,
                 struct err *e);

#endif
