/*
 * ticket_clock.h - from a ticket's event log to the events of its SLA clocks.
 *
 * An agreement's promise for one metric (response, resolution) is a target
 * per priority and a set of pause statuses.  This file turns the ticket's log
 * into the clock events of sla/clock.h; the engine does the arithmetic.  An
 * SLA's clock runs from the ticket's creation; an OLA's only while the team
 * it binds holds the ticket.  See docs/sla-semantics.md, "Ticket clocks".
 */
#ifndef LEVERA_DOMAIN_TICKET_CLOCK_H
#define LEVERA_DOMAIN_TICKET_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/ticket.h"
#include "sla/clock.h"

enum sla_metric { METRIC_RESPONSE, METRIC_RESOLUTION, METRIC_COUNT };

/*
 * The target of a priority the agreement makes no promise for: longer than
 * the engine's years, so such a clock never reaches, warns or breaches.
 */
#define TICKET_CLOCK_NO_TARGET_S ((int64_t)250 * 366 * 86400)

struct sla_policy {
	unsigned pause_statuses; /* a bit (1u << status) per pause status */
	bool has_target[METRIC_COUNT][PRIORITY_COUNT];
	int64_t target_s[METRIC_COUNT][PRIORITY_COUNT];
	const char *team; /* NULL: an SLA; else the OLA's team (borrowed) */
};

const char *sla_metric_name(enum sla_metric m);
int sla_metric_parse(const char *s);

/* The target for a priority under the policy, TICKET_CLOCK_NO_TARGET_S when none. */
int64_t sla_policy_target_s(const struct sla_policy *pol, enum sla_metric m, enum priority p);

/*
 * Writes the clock events of metric m into out (at most cap; 2 * n + 2 is
 * always enough) and their count into *nout, and the priority in force after
 * the last event into *priority.  *nout is 0 when the clock never started (an
 * OLA whose team never held the ticket).  The log must pass
 * ticket_events_check() and its created event must carry a priority.
 */
int ticket_clock_events(const struct ticket_event *evs, size_t n, const struct sla_policy *pol, enum sla_metric m,
                        struct clock_event *out, size_t cap, size_t *nout, enum priority *priority, struct err *e);

#endif
