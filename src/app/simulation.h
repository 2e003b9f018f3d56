/*
 * simulation.h - what-if: an SLA's proposed targets, calendar, pause
 * statuses or credit terms applied to the historical tickets of a period,
 * reported side by side with the agreement as it is (compliance, breaches,
 * credits), month by month.  Nothing is written.  The tickets are read as
 * the KPI job keeps them (their clock logs, domain/clock_log.h) and are
 * evaluated on every core.
 */
#ifndef LEVERA_APP_SIMULATION_H
#define LEVERA_APP_SIMULATION_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

/*
 * req: {"agreement": name or id (an SLA), "from": "YYYY-MM", "to": "YYYY-MM",
 * "proposal": {"targets", "calendar", "pause_statuses", "credit_rules",
 * "credit_cap_pct", "fee_per_month", "currency"}} (any of them; what is
 * absent stays as agreed).  *out is the comparison (a new reference).
 */
int simulation_run(struct app *app, const struct actor *actor, const json_t *req, int64_t now, json_t **out,
                   struct err *e);

#endif
