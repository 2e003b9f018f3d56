/*
 * metrics.h - request counters and latency histograms for /metrics.
 *
 * One slot per route pattern (so cardinality is bounded by the route
 * tables) plus one for requests that matched none.  Recording is a few
 * relaxed atomic additions: lock-free, safe from every server thread.
 * Rendering reads the counters while they move; each line is a snapshot.
 */
#ifndef LEVERA_HTTP_METRICS_H
#define LEVERA_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct http_metrics;

/* Counters for nslots - 1 patterns and the "unmatched" slot last; free with metrics_free. */
struct http_metrics *metrics_new(size_t nslots);

void metrics_free(struct http_metrics *m);

/* Counts one finished request with its status (100..599; others are not counted) and duration. */
void metrics_observe(struct http_metrics *m, size_t slot, unsigned status, uint64_t duration_us);

/*
 * Appends levera_http_requests_total and levera_http_request_duration_seconds
 * in the Prometheus text format 0.0.4; label(slot) names each slot's route.
 */
int metrics_render(const struct http_metrics *m, const char *(*label)(const void *ctx, size_t slot), const void *ctx,
                   struct buf *out, struct err *e);

/* Appends s as a label value, escaping '\\', '"' and newlines as the format says. */
int metrics_label_value(struct buf *out, const char *s, struct err *e);

#endif
