/*
 * api_ops.h - the operations routes: GET /healthz and GET /metrics.
 */
#ifndef LEVERA_HTTP_API_OPS_H
#define LEVERA_HTTP_API_OPS_H

#include "http/route.h"

extern const struct route_table api_ops_table;

#endif
