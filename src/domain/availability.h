/*
 * availability.h - a service's availability, downtime, MTTR and MTBF in a
 * period, from its outage spans, its service hours and its maintenance
 * windows, exactly as docs/kpis.md defines them.
 *
 * Pure: the caller gathers the outages (ticket_outage() per incident), the
 * compiled service-hours calendar and the agreed maintenance windows.
 */
#ifndef LEVERA_DOMAIN_AVAILABILITY_H
#define LEVERA_DOMAIN_AVAILABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "sla/calendar.h"

/* A span [start, end) of UTC instants; end TIME_NONE: still open (an outage that lasts). */
struct avail_span {
	int64_t start, end;
};

struct availability {
	int64_t agreed_s;        /* business seconds of the period, minus maintenance windows */
	int64_t downtime_s;      /* business seconds of the outages' union inside agreed time */
	bool has_availability;   /* false when agreed_s is 0 */
	double availability_pct; /* (agreed_s - downtime_s) / agreed_s x 100 */
	int64_t outages_started; /* outages with start in the period */
	int64_t outages_ended;   /* outages with an end in the period */
	int64_t repair_wall_s;   /* sum of end - start (wall seconds) of the outages ended in the period */
	bool has_mttr;           /* outages_ended > 0 */
	double mttr_s;           /* repair_wall_s / outages_ended */
	bool has_mtbf;           /* outages_started > 0 */
	double mtbf_s;           /* (agreed_s - downtime_s) / outages_started, business seconds */
};

/*
 * Computes the figures for the period [start, end) in O(k log k) for k
 * spans.  outages may overlap and be open (counted to the period's end);
 * spans with end <= start are empty.  hours is the compiled calendar of the
 * agreed service hours, NULL for 24 x 7; it must cover [start, end]
 * (ERR_RANGE otherwise).  windows are the maintenance windows (they may
 * overlap; only their union inside the period counts).
 */
int availability_compute(int64_t start, int64_t end, const struct avail_span *outages, size_t noutages,
                         const struct calendar *hours, const struct avail_span *windows, size_t nwindows,
                         struct availability *out, struct err *e);

#endif
