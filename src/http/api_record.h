/*
 * api_record.h - the configuration record routes: POST/GET
 * /api/v1/{organisations,users,services,calendars,agreements}, GET/PUT/DELETE
 * /api/v1/{kind}/{id} and POST /api/v1/calendars/{id}/holidays.
 */
#ifndef LEVERA_HTTP_API_RECORD_H
#define LEVERA_HTTP_API_RECORD_H

#include "http/route.h"

extern const struct route_table api_record_table;

#endif
