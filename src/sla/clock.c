/*
 * clock.c - evaluating SLA clocks; see clock.h and docs/sla-semantics.md.
 *
 * One pass over the events.  Between events the clock is running, paused or
 * stopped; a running stretch is folded in by advance(), which also finds,
 * inside the stretch, the instants at which warnings fire, the target is
 * reached and the breach begins.  Only crossings call calendar_due(), so a
 * clock costs a few calendar lookups per event.
 */
#include "sla/clock.h"

#include <string.h>

#include "base/timefmt.h"

static const char *const state_names[CLOCK_STATE_COUNT] = {
	[CLOCK_PENDING] = "pending", [CLOCK_RUNNING] = "running",   [CLOCK_PAUSED] = "paused",
	[CLOCK_MET] = "met",         [CLOCK_BREACHED] = "breached",
};

static const char *const kind_names[CLOCK_EV_KIND_COUNT] = {
	[CLOCK_EV_START] = "start", [CLOCK_EV_PAUSE] = "pause",   [CLOCK_EV_RESUME] = "resume",
	[CLOCK_EV_STOP] = "stop",   [CLOCK_EV_REOPEN] = "reopen", [CLOCK_EV_TARGET] = "target",
};

const char *
clock_state_name(enum clock_state state)
{
	return (unsigned)state < CLOCK_STATE_COUNT ? state_names[state] : "unknown";
}

const char *
clock_event_kind_name(enum clock_event_kind kind)
{
	return (unsigned)kind < CLOCK_EV_KIND_COUNT ? kind_names[kind] : NULL;
}

int
clock_event_kind_parse(const char *s)
{
	for (int k = 0; k < CLOCK_EV_KIND_COUNT; k++) {
		if (strcmp(s, kind_names[k]) == 0) {
			return k;
		}
	}
	return -1;
}

struct run {
	const struct clock_target *tg;
	const struct calendar *cal;
	struct clock_trace *trace;
	int64_t target_s;
	int64_t pending_target_s; /* a change that arrived while stopped; -1 if none */
	int started, running, paused, stopped;
	int64_t elapsed_s;
	int64_t seg_start; /* start of the current running or paused stretch */
	int64_t b_seg;     /* calendar_business_before(seg_start), when b_seg_valid */
	int b_seg_valid;
	int64_t paused_wall_s;
	int64_t started_at, stopped_at;
	int64_t reached_at;  /* elapsed reached the current target */
	int64_t breached_at; /* business time beyond the current target began */
	int64_t warn_at[CLOCK_MAX_WARNINGS];
};

static void
trace_span(struct run *r, int64_t from, int64_t to, int kind, int64_t business_s)
{
	struct clock_trace *t = r->trace;

	if (t == NULL || to <= from) {
		return;
	}
	if (t->n == t->cap) {
		t->truncated++;
		return;
	}
	t->spans[t->n].from = from;
	t->spans[t->n].to = to;
	t->spans[t->n].kind = kind;
	t->spans[t->n].business_s = business_s;
	t->spans[t->n].target_s = r->target_s;
	t->n++;
}

static int64_t
warn_threshold_s(int64_t target_s, int pct)
{
	return target_s * pct / 100;
}

/*
 * The earliest instant in the running stretch starting at from (where the
 * business sum is b_from and the clock's elapsed is before) at which the
 * elapsed time reaches x.
 */
static int64_t
reaching(const struct run *r, int64_t from, int64_t b_from, int64_t before, int64_t x)
{
	return x <= before ? from : calendar_instant_at(r->cal, b_from + (x - before));
}

/* Folds the running stretch [seg_start, t) into the figures. */
static int
advance(struct run *r, int64_t t, struct err *e)
{
	int64_t from = r->seg_start, before = r->elapsed_s, after, b_from, b_to;

	if (!r->running) {
		return 0;
	}
	if (!calendar_covers(r->cal, from) || !calendar_covers(r->cal, t)) {
		return err_set(e, ERR_RANGE, NULL, "clock instant outside the calendar's years");
	}
	b_from = r->b_seg_valid ? r->b_seg : calendar_business_before(r->cal, from);
	b_to = t == from ? b_from : calendar_business_before(r->cal, t);
	after = before + (b_to - b_from);
	for (int k = 0; k < r->tg->nwarn; k++) {
		int64_t w = warn_threshold_s(r->target_s, r->tg->warn_pct[k]);
		if (r->warn_at[k] == TIME_NONE && after >= w) {
			r->warn_at[k] = reaching(r, from, b_from, before, w);
		}
	}
	if (r->reached_at == TIME_NONE && after >= r->target_s) {
		r->reached_at = reaching(r, from, b_from, before, r->target_s);
	}
	if (r->breached_at == TIME_NONE && after > r->target_s) {
		/*
		 * Business time beyond the target begins where the business sum
		 * first passes it: one second before the sum reaches target + 1.
		 * At the end of an interval that is the next interval's start.
		 */
		r->breached_at = r->target_s < before
		                         ? from
		                         : calendar_instant_at(r->cal, b_from + (r->target_s - before) + 1) - 1;
	}
	trace_span(r, from, t, CLOCK_SPAN_RUNNING, after - before);
	r->elapsed_s = after;
	r->seg_start = t;
	r->b_seg = b_to;
	r->b_seg_valid = 1;
	return 0;
}

static void
apply_target(struct run *r, int64_t t, int64_t target_s)
{
	int was_breached = r->breached_at != TIME_NONE;

	r->target_s = target_s;
	for (int k = 0; k < r->tg->nwarn; k++) {
		if (r->warn_at[k] == TIME_NONE && r->elapsed_s >= warn_threshold_s(target_s, r->tg->warn_pct[k])) {
			r->warn_at[k] = t;
		}
	}
	if (r->elapsed_s > target_s) {
		/* Still breached: the breach stands as it was.  Newly breached: now, never back-dated. */
		if (!was_breached) {
			r->reached_at = t;
			r->breached_at = t;
		}
		return;
	}
	r->breached_at = TIME_NONE;
	r->reached_at = r->elapsed_s == target_s ? t : TIME_NONE;
}

static int
end_pause(struct run *r, int64_t t)
{
	trace_span(r, r->seg_start, t, CLOCK_SPAN_PAUSED, 0);
	r->paused_wall_s += t - r->seg_start;
	r->paused = 0;
	r->seg_start = t;
	r->b_seg_valid = 0;
	return 0;
}

static int
apply_event(struct run *r, const struct clock_event *ev, struct err *e)
{
	int64_t t = ev->at;

	switch (ev->kind) {
	case CLOCK_EV_START:
		return err_set(e, ERR_INVALID, "events", "the clock is started twice");
	case CLOCK_EV_PAUSE:
		if (!r->running) {
			return 0;
		}
		if (advance(r, t, e) != 0) {
			return -1;
		}
		r->running = 0;
		r->paused = 1;
		r->seg_start = t;
		r->b_seg_valid = 0;
		return 0;
	case CLOCK_EV_RESUME:
		if (!r->paused) {
			return 0;
		}
		end_pause(r, t);
		r->running = 1;
		return 0;
	case CLOCK_EV_STOP:
		if (r->stopped) {
			return 0;
		}
		if (advance(r, t, e) != 0) {
			return -1;
		}
		if (r->paused) {
			end_pause(r, t);
		}
		r->running = 0;
		r->stopped = 1;
		r->stopped_at = t;
		return 0;
	case CLOCK_EV_REOPEN:
		if (!r->stopped) {
			return 0;
		}
		r->stopped = 0;
		r->stopped_at = TIME_NONE;
		r->running = 1;
		r->seg_start = t;
		r->b_seg_valid = 0;
		if (r->pending_target_s >= 0) {
			apply_target(r, t, r->pending_target_s);
			r->pending_target_s = -1;
		}
		return 0;
	case CLOCK_EV_TARGET:
		if (ev->target_s < 0) {
			return err_set(e, ERR_INVALID, "events", "a target of %lld seconds is negative",
			               (long long)ev->target_s);
		}
		/* A stopped clock keeps the target it stopped with until it reopens. */
		if (r->stopped) {
			r->pending_target_s = ev->target_s;
			return 0;
		}
		if (advance(r, t, e) != 0) {
			return -1;
		}
		apply_target(r, t, ev->target_s);
		return 0;
	case CLOCK_EV_KIND_COUNT:
		break;
	}
	return err_set(e, ERR_INVALID, "events", "unknown clock event kind %d", (int)ev->kind);
}

static int
check_target(const struct clock_target *tg, struct err *e)
{
	if (tg->cal == NULL) {
		return err_set(e, ERR_INVALID, "calendar", "the target has no calendar");
	}
	if (tg->target_s < 0) {
		return err_set(e, ERR_INVALID, "target_s", "a target of %lld seconds is negative",
		               (long long)tg->target_s);
	}
	if (tg->nwarn < 0 || tg->nwarn > CLOCK_MAX_WARNINGS) {
		return err_set(e, ERR_INVALID, "warn_at", "at most %d warning thresholds", CLOCK_MAX_WARNINGS);
	}
	for (int k = 0; k < tg->nwarn; k++) {
		if (tg->warn_pct[k] < 1 || tg->warn_pct[k] > 100) {
			return err_set(e, ERR_INVALID, "warn_at", "warning threshold %d%% is not within 1..100",
			               tg->warn_pct[k]);
		}
	}
	return 0;
}

static void
finish(struct run *r, int64_t as_of, struct clock_result *out)
{
	memset(out, 0, sizeof(*out));
	out->target_s = r->target_s;
	out->elapsed_business_s = r->elapsed_s;
	out->remaining_s = r->target_s - r->elapsed_s;
	out->paused_wall_s = r->paused_wall_s + (r->paused ? as_of - r->seg_start : 0);
	out->started_at = r->started_at;
	out->stopped_at = r->stopped_at;
	out->due_at = r->reached_at;
	out->breached_at = r->breached_at;
	out->nwarn = r->tg->nwarn;
	for (int k = 0; k < r->tg->nwarn; k++) {
		out->warnings[k].pct = r->tg->warn_pct[k];
		out->warnings[k].at = r->warn_at[k];
	}
	if (!r->started) {
		out->state = CLOCK_PENDING;
	} else if (r->stopped) {
		out->state = r->elapsed_s <= r->target_s ? CLOCK_MET : CLOCK_BREACHED;
	} else if (r->breached_at != TIME_NONE) {
		out->state = CLOCK_BREACHED;
	} else if (r->paused) {
		out->state = CLOCK_PAUSED;
	} else {
		out->state = CLOCK_RUNNING;
	}
}

int
clock_eval(const struct clock_target *target, const struct clock_event *events, size_t nevents, int64_t as_of,
           struct clock_result *out, struct clock_trace *trace, struct err *e)
{
	struct run r;
	size_t i = 0;

	if (check_target(target, e) != 0) {
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.tg = target;
	r.cal = target->cal;
	r.trace = trace;
	r.target_s = target->target_s;
	r.pending_target_s = -1;
	r.started_at = r.stopped_at = r.reached_at = r.breached_at = TIME_NONE;
	for (int k = 0; k < CLOCK_MAX_WARNINGS; k++) {
		r.warn_at[k] = TIME_NONE;
	}
	if (trace != NULL) {
		trace->n = 0;
		trace->truncated = 0;
	}
	if (nevents > 0 && events[0].kind != CLOCK_EV_START) {
		return err_set(e, ERR_INVALID, "events[0]", "a clock's first event must be 'start', not '%s'",
		               clock_event_kind_name(events[0].kind) != NULL ? clock_event_kind_name(events[0].kind)
		                                                             : "unknown");
	}
	for (i = 1; i < nevents; i++) {
		if (events[i].at < events[i - 1].at) {
			return err_set(e, ERR_INVALID, "events", "clock events are out of time order at event %zu", i);
		}
	}
	if (nevents > 0 && events[0].at <= as_of) {
		r.started = 1;
		r.running = 1;
		r.started_at = r.seg_start = events[0].at;
		if (!calendar_covers(r.cal, r.seg_start)) {
			return err_set(e, ERR_RANGE, "events[0]", "clock start outside the calendar's years");
		}
		if (r.target_s == 0) {
			r.reached_at = r.seg_start;
		}
		for (i = 1; i < nevents && events[i].at <= as_of; i++) {
			if (apply_event(&r, &events[i], e) != 0) {
				return -1;
			}
		}
		if (r.running && advance(&r, as_of, e) != 0) {
			return -1;
		}
		if (r.paused) {
			trace_span(&r, r.seg_start, as_of, CLOCK_SPAN_PAUSED, 0);
		}
	}
	finish(&r, as_of, out);
	/* The deadline still ahead: earliest instant the target is reached, no further pause assumed. */
	if (out->due_at == TIME_NONE && r.started && !r.paused) {
		int64_t from = r.stopped ? r.stopped_at : as_of;
		if (calendar_due(r.cal, from, out->remaining_s, &out->due_at, e) != 0) {
			out->due_at = TIME_NONE; /* past the calendar's last year: no deadline to show */
			err_clear(e);
		}
	}
	return 0;
}
