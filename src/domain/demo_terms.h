/*
 * demo_terms.h - the demo's agreements: each customer's SLA with its service
 * level, fee, credit rules and monthly maintenance windows, and the OLAs and
 * UC behind them.  Private to src/domain/demo*.c.
 */
#ifndef LEVERA_DOMAIN_DEMO_TERMS_H
#define LEVERA_DOMAIN_DEMO_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/demo.h"
#include "sla/tz.h"

/* At most this many maintenance windows per agreement (a window a month, with room). */
#define DEMO_MAX_WINDOWS 32

/*
 * The starts of the monthly maintenance windows (the first Sunday of the
 * month, 02:00-04:00 local in zone) of every month that overlaps
 * [from, to], in order, into starts; returns how many.
 */
size_t demo_windows(const struct tz *zone, int64_t from, int64_t to, int64_t starts[DEMO_MAX_WINDOWS]);

/* The length of every window demo_windows() gives. */
#define DEMO_WINDOW_S (2 * 3600)

/*
 * Emits the agreements: customer c's SLA has the windows of
 * demo_windows(zones[c], from, to).  Returns what emit returned when it
 * was not 0.
 */
int demo_emit_agreements(int64_t now, int64_t from, int64_t to, const struct tz *const zones[], demo_emit_fn emit,
                         void *ctx);

#endif
