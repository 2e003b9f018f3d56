/*
 * demo_tickets.h - one demo ticket's log: arrival to closure in business
 * time, with the outage a major incident records, the work agents log and
 * the customer's rating.  Private to src/domain/demo*.c.
 */
#ifndef LEVERA_DOMAIN_DEMO_TICKETS_H
#define LEVERA_DOMAIN_DEMO_TICKETS_H

#include <jansson.h>
#include <stdint.h>

#include "domain/demo_world.h"
#include "sla/calendar.h"

/* What every ticket of one demo run shares. */
struct demo_desk {
	int64_t now;                                    /* events after it are cut */
	double outage_share[DEMO_NSERVICES];            /* of a service's P1 incidents, the share that are outages */
	const struct calendar *office[DEMO_NCUSTOMERS]; /* the calendar staff work to for each customer */
};

/* A ticket of customer ci created at created: service, type, priority and course drawn from r. */
json_t *demo_ticket(struct rng *r, const struct demo_desk *desk, long seq, int64_t created, size_t ci);

/*
 * A P1 incident of customer ci when one of its services stayed down after
 * the maintenance window starting at window_start: its outage starts
 * inside the window.  The window must have ended by desk->now.
 */
json_t *demo_maintenance_ticket(struct rng *r, const struct demo_desk *desk, long seq, int64_t window_start, size_t ci);

#endif
