/*
 * clock_log.h - the part of a ticket's event log that a customer SLA's
 * clocks depend on (creation, status moves, priority changes, public staff
 * replies), packed into a few bytes an event, so a what-if can evaluate a
 * year of tickets again without reading and parsing their JSON logs.
 * OLA clocks (which follow assignments) are not covered.  Pure.
 */
#ifndef LEVERA_DOMAIN_CLOCK_LOG_H
#define LEVERA_DOMAIN_CLOCK_LOG_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "domain/ticket.h"

/* The clock-relevant events of evs (n of them), packed, appended to out. */
int clock_log_encode(const struct ticket_event *evs, size_t n, struct buf *out, struct err *e);

/*
 * The events of a packed log into evs (at most cap; *n how many), with
 * the fields SLA clocks read; the rest are zero.  ERR_INVALID when corrupt
 * or longer than cap.
 */
int clock_log_decode(const void *p, size_t len, struct ticket_event *evs, size_t cap, size_t *n, struct err *e);

#endif
