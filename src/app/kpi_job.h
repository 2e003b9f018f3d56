/*
 * kpi_job.h - the background job that keeps the KPI rollups: it follows
 * the tickets' change numbers, evaluates each changed ticket's clocks and
 * facts as of now, and adds the difference between its new contributions
 * and those stored with it (domain/kpi_fact.h) to the monthly rollups, in
 * one durable write per batch together with its bookmark.  When
 * agreements, calendars or organisations change, it goes through every
 * ticket again.  A lease lets one server at a time do it.
 *
 * Figures therefore trail writes by the time of a pass (well under a
 * second on a working desk); GET /api/v1/kpis says how many changes are
 * still to be counted.
 */
#ifndef LEVERA_APP_KPI_JOB_H
#define LEVERA_APP_KPI_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"

#define KPI_JOB_NAME "kpi-rollups"

/*
 * One batch as of now: at most max_tickets changed tickets counted.
 * *counted says how many; *more whether changes remain.  owner must hold
 * (or get) the job's lease.
 */
int kpi_job_run_once(struct app *app, const char *owner, int64_t now, long max_tickets, long *counted, bool *more,
                     struct err *e);

/* Runs batches until no change is left uncounted (for `levera demo`, import and tests); progress may be NULL. */
int kpi_job_catch_up(struct app *app, const char *owner, int64_t now, void (*progress)(void *ctx, long counted),
                     void *ctx, struct err *e);

/* How many ticket changes the rollups do not reflect yet (0 when up to date), counting at most limit. */
int kpi_job_pending(struct app *app, long limit, long *pending, struct err *e);

struct kpi_job;

/* Starts the job's thread; NULL with e on failure. */
struct kpi_job *kpi_job_start(struct app *app, const char *owner, struct err *e);

/* Stops and joins the thread; NULL is a no-op. */
void kpi_job_stop(struct kpi_job *j);

#endif
