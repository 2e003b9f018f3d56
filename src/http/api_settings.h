/*
 * api_settings.h - GET and PUT /api/v1/priority-matrix: the impact x
 * urgency -> priority matrix ticket creation uses.
 */
#ifndef LEVERA_HTTP_API_SETTINGS_H
#define LEVERA_HTTP_API_SETTINGS_H

#include "http/route.h"

extern const struct route_table api_settings_table;

#endif
