/*
 * kpi_drill.h - the tickets behind a figure: GET /api/v1/kpis/tickets
 * lists, for one figure of one month (with the same customer, service and
 * priority filters as the figure), each ticket that contributed to it and
 * what it contributed, so any number on a dashboard can be opened.
 */
#ifndef LEVERA_APP_KPI_DRILL_H
#define LEVERA_APP_KPI_DRILL_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

struct kpi_drill_params {
	const char *figure;   /* e.g. "sla_breached" (docs/kpis.md names them) */
	const char *month;    /* YYYY-MM, required */
	const char *customer; /* each NULL: any */
	const char *service;
	const char *priority;
	const char *cursor; /* a page's next_cursor */
	const char *limit;  /* 1..200, default 50 */
};

/* {"figure","month","total","items":[...],"next_cursor"} for actor; ERR_* naming the field on bad input. */
int kpi_drill(struct app *app, const struct actor *actor, const struct kpi_drill_params *p, int64_t now, json_t **out,
              struct err *e);

#endif
