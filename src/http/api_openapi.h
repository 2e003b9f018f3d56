/*
 * api_openapi.h - GET /api/v1/openapi.json: the API's OpenAPI 3.1 document,
 * docs/openapi.json compiled into the binary.
 */
#ifndef LEVERA_HTTP_API_OPENAPI_H
#define LEVERA_HTTP_API_OPENAPI_H

#include "http/route.h"

extern const struct route_table api_openapi_table;

#endif
