/*
 * demo.h - a realistic, deterministic demo organisation as import records.
 *
 * The same seed and "now" always give the same records, byte for byte.  The
 * records are the lines of `levera import` (a calendar, organisation, user,
 * service, agreement or ticket object with a "kind"), so the demo exercises
 * exactly the path a migrating organisation takes.  Nothing here touches a
 * database: the caller imports what it is handed.
 */
#ifndef LEVERA_DOMAIN_DEMO_H
#define LEVERA_DOMAIN_DEMO_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"

struct demo_options {
	uint64_t seed; /* default 1 */
	long tickets;  /* about this many over the year before now; default 20000 */
	int64_t now;   /* the demo's present: tickets arrive in the year before it */
};

/*
 * Called once per record, in import order (calendars, organisations, users,
 * services, agreements, then tickets by creation time).  rec is borrowed; a
 * non-zero return stops the generation and is returned.
 */
typedef int (*demo_emit_fn)(void *ctx, json_t *rec);

/* progress(ctx, done, total) is called now and then while tickets are made; may be NULL. */
typedef void (*demo_progress_fn)(void *ctx, long done, long total);

int demo_generate(const struct demo_options *opt, demo_emit_fn emit, demo_progress_fn progress, void *ctx,
                  struct err *e);

/* The demo users' e-mail addresses and the one password they share (documented in the README). */
#define DEMO_PASSWORD "levera-demo-2026"

#endif
