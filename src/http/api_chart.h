/*
 * api_chart.h - the dashboards' charts over HTTP: GET /api/v1/charts/{name},
 * an SVG drawn by the chart module.
 */
#ifndef LEVERA_HTTP_API_CHART_H
#define LEVERA_HTTP_API_CHART_H

#include "http/route.h"

extern const struct route_table api_chart_table;

#endif
