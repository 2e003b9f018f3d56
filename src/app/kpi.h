/*
 * kpi.h - the KPI engine's use case: the figures of docs/kpis.md per UTC
 * month of a window, over the tickets the viewer may see (a customer sees
 * their own organisation only).  Aggregation is domain/kpi.h's; HTTP is
 * not known here.
 */
#ifndef LEVERA_APP_KPI_H
#define LEVERA_APP_KPI_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

/* The query as given (strings, NULL when absent). */
struct kpi_params {
	const char *customer, *service, *from, *to;
};

/*
 * {"from","to","customer","service","time_zone","months":[...]} for actor,
 * evaluated as of min(the window's end, now).  to defaults to now's month,
 * from to eleven months before to; a window is at most KPI_MONTHS_MAX months.
 */
int kpi_query(struct app *app, const struct actor *actor, const struct kpi_params *p, int64_t now, json_t **out,
              struct err *e);

#endif
