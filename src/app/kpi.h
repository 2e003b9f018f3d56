/*
 * kpi.h - the KPI engine's use case: the figures of docs/kpis.md per month
 * of a window (the customer's months), or per customer, service, priority,
 * agreement or team over it, for what the viewer may see (a customer sees
 * their own organisation only).  Sums come from the rollups app/kpi_job.c
 * keeps; aggregation is domain/kpi.h's; HTTP is not known here.
 */
#ifndef LEVERA_APP_KPI_H
#define LEVERA_APP_KPI_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

/* What figures are summed by: one sum per month (none), or one per group over the window. */
enum kpi_group {
	KPI_GROUP_NONE,
	KPI_GROUP_CUSTOMER,
	KPI_GROUP_SERVICE,
	KPI_GROUP_PRIORITY,
	KPI_GROUP_AGREEMENT,
	KPI_GROUP_TEAM,
	KPI_GROUP_COUNT
};

/* NULL is none; ERR_INVALID naming "group_by" otherwise. */
int kpi_group_parse(const char *s, enum kpi_group *g, struct err *e);

/* The query as given (strings, NULL when absent). */
struct kpi_params {
	const char *customer, *service, *priority, *from, *to, *group_by;
};

/*
 * {"from","to","customer","service","priority","time_zone","group_by",
 * "pending_changes","months":[...]} (or "groups":[...]) for actor.  to
 * defaults to now's month, from to eleven months before to; a window is at
 * most KPI_MONTHS_MAX months.  pending_changes counts ticket changes the
 * rollups do not reflect yet.
 */
int kpi_query(struct app *app, const struct actor *actor, const struct kpi_params *p, int64_t now, json_t **out,
              struct err *e);

#endif
