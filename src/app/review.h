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
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/agreement.h"
#include "domain/role.h"

struct review_params {
	const char *customer; /* a name or id; required (a customer user: their own, may be omitted) */
	const char *month;    /* "YYYY-MM"; NULL: the last whole month in the customer's time zone */
	bool credits_only;    /* leave out what needs the month's tickets (breaches, comments) */
};

/* The pack document for actor (a new reference in *out); ERR_* naming the field on bad input. */
int review_build(struct app *app, const struct actor *actor, const struct review_params *p, int64_t now, json_t **out,
                 struct err *e);

/*
 * The monthly fee of an SLA in minor units of *currency: its own
 * fee_per_month, else the prices of its service level on the covered
 * services (0 and "" when neither is known).
 */
int64_t review_fee(struct store *s, const struct agreement_spec *a, char currency[4]);

/*
 * The service credits owed for month (as review_build's "credits", with the
 * customer) of every customer with an SLA in force in it that the actor may
 * see: {"month","customers":[{"customer":{"id","name"},"currency",
 * "fee_per_month","total","total_pct","lines":[...]}]}.
 */
int review_credits_all(struct app *app, const struct actor *actor, const char *month, int64_t now, json_t **out,
                       struct err *e);

#endif
