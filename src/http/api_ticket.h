/*
 * api_ticket.h - the ticket routes: POST/GET /api/v1/tickets,
 * GET /api/v1/tickets/{id} and POST /api/v1/tickets/{id}/events.
 */
#ifndef LEVERA_HTTP_API_TICKET_H
#define LEVERA_HTTP_API_TICKET_H

#include "http/route.h"

extern const struct route_table api_ticket_table;

#endif
