/*
 * dashboard.h - the data of the dashboards' charts: monthly trends and
 * breakdowns from the KPI engine (app/kpi.h), the open tickets per team and
 * the deadlines of the next hours from the store.  What a chart shows is
 * decided here; how it is drawn is src/report/chart.c's, HTTP is not known.
 */
#ifndef LEVERA_APP_DASHBOARD_H
#define LEVERA_APP_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/role.h"

#define DASHBOARD_MAX_SERIES 3
#define DASHBOARD_MAX_ROWS 120 /* categories of one chart (a breakdown keeps the lowest first) */
#define DASHBOARD_HOURS_MAX 72

enum dashboard_kind { DASHBOARD_LINE, DASHBOARD_BAR, DASHBOARD_HBAR };

/* The query as given (strings, NULL when absent); hours is for "deadlines" only. */
struct dashboard_params {
	const char *customer, *service, *from, *to;
	int hours; /* 1..DASHBOARD_HOURS_MAX */
};

/* One chart's data and presentation.  Strings are static except categories, which are owned. */
struct dashboard_chart {
	enum dashboard_kind kind;
	const char *title;
	const char *y_unit; /* NULL: none */
	bool y_fixed;
	double y_min, y_max;
	bool has_threshold;
	double threshold;
	const char *threshold_label;
	const char *series_names[DASHBOARD_MAX_SERIES];
	size_t nseries;
	char **categories; /* owned, ncategories (at least 1) */
	size_t ncategories;
	double *values[DASHBOARD_MAX_SERIES]; /* owned, ncategories each; NAN where there is no value */
};

/*
 * Fills out with chart name for actor at now.  ERR_NOT_FOUND (field
 * "name") for an unknown chart; ERR_FORBIDDEN for a customer asking for a
 * staff-only chart or another organisation's figures; ERR_INVALID naming
 * the parameter otherwise.  Release out with dashboard_chart_release either way.
 */
int dashboard_chart_build(struct app *app, const struct actor *actor, const char *name,
                          const struct dashboard_params *p, int64_t now, struct dashboard_chart *out, struct err *e);

void dashboard_chart_release(struct dashboard_chart *c);

#endif
