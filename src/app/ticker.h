/*
 * ticker.h - a background thread that calls a function every tick until
 * it is stopped: the SLA job and the KPI job run on one each.  Stopping
 * wakes the thread at once and waits for the call in progress to end.
 */
#ifndef LEVERA_APP_TICKER_H
#define LEVERA_APP_TICKER_H

#include <stdbool.h>

#include "base/err.h"

struct ticker;

/* Called once a tick, on the ticker's thread, with ctx; long work checks ticker_stopping between steps. */
typedef void (*ticker_fn)(struct ticker *t, void *ctx);

/* Starts a thread calling fn(ctx) every tick_ms; NULL with e (naming what) when it cannot start. */
struct ticker *ticker_start(int tick_ms, ticker_fn fn, void *ctx, const char *what, struct err *e);

/* True once ticker_stop was called: the current call should return soon. */
bool ticker_stopping(struct ticker *t);

/* Stops and joins the thread, then frees t; NULL is a no-op. */
void ticker_stop(struct ticker *t);

#endif
