/*
 * api_import.h - POST /api/v1/import: the JSONL of `levera import`, over
 * HTTP, for admins.
 */
#ifndef LEVERA_HTTP_API_IMPORT_H
#define LEVERA_HTTP_API_IMPORT_H

#include "http/route.h"

extern const struct route_table api_import_table;

#endif
