/*
 * ticket_clock.c - deriving clock events from ticket events.
 *
 * A single pass that tracks status, priority and holder, and emits a clock
 * event whenever one of them crosses a line the agreement draws: into or out
 * of a pause status, resolved or reopened, a new priority's target, the first
 * public reply by the provider's staff, the OLA team taking or handing off.
 */
#include "domain/ticket_clock.h"

#include <string.h>

static const char *const metric_names[METRIC_COUNT] = { "response", "resolution" };

const char *
sla_metric_name(enum sla_metric m)
{
	return (unsigned)m < METRIC_COUNT ? metric_names[m] : "unknown";
}

int
sla_metric_parse(const char *s)
{
	for (int m = 0; s != NULL && m < METRIC_COUNT; m++) {
		if (strcmp(s, metric_names[m]) == 0) {
			return m;
		}
	}
	return -1;
}

int64_t
sla_policy_target_s(const struct sla_policy *pol, enum sla_metric m, enum priority p)
{
	if ((unsigned)p >= PRIORITY_COUNT || !pol->has_target[m][p]) {
		return TICKET_CLOCK_NO_TARGET_S;
	}
	return pol->target_s[m][p];
}

struct derive {
	const struct sla_policy *pol;
	enum sla_metric metric;
	struct clock_event *out;
	size_t cap, n;
	bool started, running_or_paused, paused, responded;
};

static int
emit(struct derive *d, int64_t at, enum clock_event_kind kind, int64_t target_s, struct err *e)
{
	if (d->n == d->cap) {
		return err_set(e, ERR_INTERNAL, NULL, "clock event buffer too small");
	}
	d->out[d->n].at = at;
	d->out[d->n].kind = kind;
	d->out[d->n].target_s = target_s;
	d->n++;
	return 0;
}

static bool
is_pause(const struct derive *d, enum ticket_status s)
{
	return (d->pol->pause_statuses & (1u << s)) != 0;
}

static bool
holds(const struct sla_policy *pol, const char *team)
{
	return pol->team == NULL || (team != NULL && strcmp(team, pol->team) == 0);
}

/* The clock (re)starts running at `at` in status s: start or reopen, then pause if s pauses it. */
static int
run_from(struct derive *d, int64_t at, enum ticket_status s, enum priority p, struct err *e)
{
	if (!d->started) {
		d->started = true;
		if (emit(d, at, CLOCK_EV_START, 0, e) != 0) {
			return -1;
		}
		/* The start's target is the caller's initial target; record the priority's own now. */
		if (emit(d, at, CLOCK_EV_TARGET, sla_policy_target_s(d->pol, d->metric, p), e) != 0) {
			return -1;
		}
	} else if (d->metric == METRIC_RESPONSE) {
		return 0; /* a response given, or due no more, is never reopened */
	} else if (emit(d, at, CLOCK_EV_REOPEN, 0, e) != 0) {
		return -1;
	}
	d->running_or_paused = true;
	d->paused = false;
	if (is_pause(d, s)) {
		d->paused = true;
		return emit(d, at, CLOCK_EV_PAUSE, 0, e);
	}
	return 0;
}

static int
halt(struct derive *d, int64_t at, struct err *e)
{
	if (!d->running_or_paused) {
		return 0;
	}
	d->running_or_paused = false;
	d->paused = false;
	return emit(d, at, CLOCK_EV_STOP, 0, e);
}

static int
on_status(struct derive *d, const struct ticket_event *ev, enum ticket_status from, enum priority p, bool held,
          struct err *e)
{
	enum ticket_status to = ev->to_status;

	if (ticket_status_is_done(to)) {
		return halt(d, ev->at, e);
	}
	if (ticket_status_is_done(from)) {
		return held ? run_from(d, ev->at, to, p, e) : 0;
	}
	if (!d->running_or_paused) {
		return 0;
	}
	if (is_pause(d, to) && !d->paused) {
		d->paused = true;
		return emit(d, ev->at, CLOCK_EV_PAUSE, 0, e);
	}
	if (!is_pause(d, to) && d->paused) {
		d->paused = false;
		return emit(d, ev->at, CLOCK_EV_RESUME, 0, e);
	}
	return 0;
}

int
ticket_clock_events(const struct ticket_event *evs, size_t n, const struct sla_policy *pol, enum sla_metric m,
                    struct clock_event *out, size_t cap, size_t *nout, enum priority *priority, struct err *e)
{
	struct derive d = { .pol = pol, .metric = m, .out = out, .cap = cap };
	enum ticket_status status = STATUS_NEW;
	enum priority p;
	const char *team = NULL;
	int rc = 0;

	*nout = 0;
	if (n == 0 || evs[0].type != TEV_CREATED || evs[0].to_priority >= PRIORITY_COUNT) {
		return err_set(e, ERR_INVALID, "events[0]", "the created event must carry the ticket's priority");
	}
	p = evs[0].to_priority;
	if (pol->team == NULL && run_from(&d, evs[0].at, status, p, e) != 0) {
		return -1;
	}
	for (size_t i = 1; i < n && rc == 0; i++) {
		const struct ticket_event *ev = &evs[i];
		switch (ev->type) {
		case TEV_STATUS:
			rc = on_status(&d, ev, status, p, holds(pol, team), e);
			status = ev->to_status;
			break;
		case TEV_PRIORITY:
			p = ev->to_priority;
			if (d.started) {
				rc = emit(&d, ev->at, CLOCK_EV_TARGET, sla_policy_target_s(pol, m, p), e);
			}
			break;
		case TEV_REPLY:
			if (m == METRIC_RESPONSE && ev->public && ev->by == AUTHOR_AGENT && !d.responded &&
			    d.running_or_paused) {
				d.responded = true;
				rc = halt(&d, ev->at, e);
			}
			break;
		case TEV_ASSIGN: {
			bool was = holds(pol, team), now = holds(pol, ev->team);
			team = ev->team;
			if (pol->team == NULL || was == now || ticket_status_is_done(status)) {
				break;
			}
			rc = now ? run_from(&d, ev->at, status, p, e) : halt(&d, ev->at, e);
			break;
		}
		case TEV_CREATED:
		case TEV_LINK:
		case TEV_SLA_WARNING:
		case TEV_SLA_BREACH:
		case TEV_RATING:
		case TEV_WORK:
		case TEV_OUTAGE:
		case TEV_TYPE_COUNT:
			break;
		}
	}
	if (rc != 0) {
		return -1;
	}
	*nout = d.n;
	*priority = p;
	return 0;
}
