/*
 * kpi_records.h - the figures of docs/kpis.md that come from records
 * rather than from the ticket rollups: availability, downtime, MTTR and
 * MTBF (from the outages incidents report), NPS (from survey answers) and
 * cost (from offerings, logged work at the labour rate, and cost records),
 * for the months of a KPI query.
 */
#ifndef LEVERA_APP_KPI_RECORDS_H
#define LEVERA_APP_KPI_RECORDS_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/kpi_zone.h"
#include "base/err.h"

struct kpi_records_query {
	const char *customer_id; /* NULL: every customer */
	const char *service_id;  /* NULL: every service in scope */
	int64_t from, to;        /* month indexes, both included */
	const struct tz *zone;   /* the customer's (NULL: UTC, or each customer's own for surveys) */
	int64_t now;
	const int64_t *work_s; /* seconds of work logged per month (to - from + 1), for cost */
};

struct survey;

/* Called for each survey answer a walk finds, with the organisation it belongs to. */
typedef void (*kpi_survey_fn)(void *ctx, const char *org_id, const struct survey *answer);

/* The survey answers of customer_id (NULL: every customer) answered in [from, to), oldest first. */
int kpi_surveys_each(struct app *app, const char *customer_id, int64_t from, int64_t to, kpi_survey_fn fn, void *ctx,
                     struct err *e);

/*
 * Sets "availability" and "nps" on each month object of months (a JSON
 * array in month order), and "cost" when a service is asked for; returns
 * the window's total cost ("tco", a new reference, JSON null without a
 * service) in *tco.
 */
int kpi_records_add(struct app *app, struct kpi_zones *zones, const struct kpi_records_query *q, json_t *months,
                    json_t **tco, struct err *e);

/*
 * The backlog by age now (docs/kpis.md's ageing, for the present; past
 * month ends are not kept): open tickets of the customer and service (each
 * NULL: any) by wall age, {"as_of","under_1d","1d_to_3d","3d_to_7d",
 * "7d_to_30d","over_30d"}.
 */
int kpi_ageing_now(struct app *app, const char *customer_id, const char *service_id, int64_t now, json_t **out,
                   struct err *e);

#endif
