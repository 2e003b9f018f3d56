/*
 * metrics.h - the service desk's gauges for /metrics: open tickets by SLA
 * state (ok, at_risk, breached, paused, done, none), read from the store at
 * each scrape.
 */
#ifndef LEVERA_APP_METRICS_H
#define LEVERA_APP_METRICS_H

#include "base/buf.h"
#include "base/err.h"

/* A metrics_source render function; app is a struct app. */
int app_metrics_render(void *app, struct buf *out, struct err *e);

#endif
