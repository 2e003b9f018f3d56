/*
 * api_token.h - the API token routes: POST/GET /api/v1/tokens and
 * DELETE /api/v1/tokens/{id}.
 */
#ifndef LEVERA_HTTP_API_TOKEN_H
#define LEVERA_HTTP_API_TOKEN_H

#include "http/route.h"

extern const struct route_table api_token_table;

#endif
