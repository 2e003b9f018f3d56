/*
 * api_simulation.h - what-if simulations over HTTP.
 */
#ifndef LEVERA_HTTP_API_SIMULATION_H
#define LEVERA_HTTP_API_SIMULATION_H

#include "http/route.h"

extern const struct route_table api_simulation_table;

#endif
