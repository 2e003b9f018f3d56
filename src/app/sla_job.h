/*
 * sla_job.h - the background job that records each SLA warning and breach
 * as a ticket event when it happens, exactly once, across restarts and
 * across servers sharing one database.
 *
 * Each open ticket carries the instant of its next SLA event; the job takes
 * the tickets whose instant has come, evaluates their clocks, appends what
 * the log lacks (checked against the log itself, so a retry adds nothing),
 * and stores the next instant.  A lease in the store lets one server at a
 * time do it.
 */
#ifndef LEVERA_APP_SLA_JOB_H
#define LEVERA_APP_SLA_JOB_H

#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "store/store.h"

#define SLA_JOB_NAME "sla-events"

/*
 * One pass as of now: records the warnings and breaches due by then on at
 * most 200 tickets.  *recorded counts the events appended.  A ticket changed
 * meanwhile (version conflict) is left for the next pass.
 */
int sla_job_run_once(struct app *app, int64_t now, long *recorded, struct err *e);

/*
 * Recomputes the SLA columns (state, next deadline, next SLA event) of
 * every open ticket as of now, recording what is due on the way: after an
 * agreement or calendar changed.  *updated counts the tickets written.
 */
int sla_job_recompute_open(struct app *app, int64_t now, long *updated, struct err *e);

/*
 * A fingerprint of the stored calendars and agreements (ids and versions):
 * when it changes, open tickets' SLA columns need recomputing.
 */
int sla_job_rules_fingerprint(struct store *s, uint64_t *out, struct err *e);

struct sla_job;

/*
 * Starts the job's thread on app's store and shared catalog (which it
 * reloads when the rules change, here or in another process); owner names
 * this server in the lease.  NULL with e on failure.
 */
struct sla_job *sla_job_start(struct app *app, const char *owner, struct err *e);

/* Stops and joins the thread; NULL is a no-op. */
void sla_job_stop(struct sla_job *j);

#endif
