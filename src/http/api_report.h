/*
 * api_report.h - reports over HTTP: the monthly service review pack.
 */
#ifndef LEVERA_HTTP_API_REPORT_H
#define LEVERA_HTTP_API_REPORT_H

#include "http/route.h"

extern const struct route_table api_report_table;

#endif
