/*
 * api_kpi.h - the KPI route: GET /api/v1/kpis, the figures of docs/kpis.md
 * per month.
 */
#ifndef LEVERA_HTTP_API_KPI_H
#define LEVERA_HTTP_API_KPI_H

#include "http/route.h"

extern const struct route_table api_kpi_table;

#endif
