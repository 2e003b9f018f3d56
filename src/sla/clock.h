/*
 * clock.h - SLA clocks: a pure function from a target, a clock's events and
 * an "as of" instant to the clock's state and figures.
 *
 * The semantics are DESIGN.md's and docs/sla-semantics.md pins every rule.
 * Mapping ticket events (statuses, replies, priority changes) to clock
 * events is the domain's job; this file knows nothing of tickets.  No I/O,
 * no globals, no allocation: callers own every array.
 */
#ifndef LEVERA_SLA_CLOCK_H
#define LEVERA_SLA_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "sla/calendar.h"

#define CLOCK_MAX_WARNINGS 8

enum clock_event_kind {
	CLOCK_EV_START,  /* the clock starts running (ticket created) */
	CLOCK_EV_PAUSE,  /* enters a pause status; no-op unless running */
	CLOCK_EV_RESUME, /* leaves the pause status; no-op unless paused */
	CLOCK_EV_STOP,   /* response given / ticket resolved; no-op when stopped */
	CLOCK_EV_REOPEN, /* resumes a stopped clock, elapsed time kept */
	CLOCK_EV_TARGET, /* the target changes to target_s (priority change) */
	CLOCK_EV_KIND_COUNT
};

struct clock_event {
	int64_t at;
	enum clock_event_kind kind;
	int64_t target_s; /* CLOCK_EV_TARGET only */
};

struct clock_target {
	int64_t target_s;           /* business seconds allowed, >= 0 */
	const struct calendar *cal; /* borrowed */
	int nwarn;
	int warn_pct[CLOCK_MAX_WARNINGS]; /* 1..100, e.g. 75 and 90 */
};

enum clock_state {
	CLOCK_PENDING, /* not started as of the instant asked */
	CLOCK_RUNNING,
	CLOCK_PAUSED,
	CLOCK_MET,      /* stopped with elapsed <= target */
	CLOCK_BREACHED, /* business time beyond the target has accrued */
	CLOCK_STATE_COUNT
};

struct clock_warning {
	int pct;
	int64_t at; /* when elapsed reached floor(target * pct / 100); TIME_NONE if not yet */
};

/* One stretch of the clock's life, for explaining its figures. */
struct clock_span {
	int64_t from, to;
	enum { CLOCK_SPAN_RUNNING, CLOCK_SPAN_PAUSED } kind;
	int64_t business_s; /* business seconds counted in it (0 when paused) */
	int64_t target_s;   /* the target in force during it */
};

struct clock_result {
	enum clock_state state;
	int64_t target_s;
	int64_t elapsed_business_s;
	int64_t remaining_s;            /* target - elapsed; negative once breached */
	int64_t paused_wall_s;          /* wall seconds spent paused (up to as_of or the stop) */
	int64_t started_at, stopped_at; /* TIME_NONE when not so */
	int64_t due_at;                 /* TIME_NONE for a paused clock not yet due */
	int64_t breached_at;            /* TIME_NONE unless breached by as_of */
	int nwarn;
	struct clock_warning warnings[CLOCK_MAX_WARNINGS];
};

/* Optional: where clock_eval() lists the spans that made its figures. */
struct clock_trace {
	struct clock_span *spans; /* caller's array */
	size_t cap;
	size_t n;         /* spans written */
	size_t truncated; /* spans that did not fit */
};

/*
 * Evaluates the clock as of as_of, ignoring events after it.  Events must
 * be in time order (equal instants keep their order) and begin with
 * CLOCK_EV_START.  Fills out; trace may be NULL.  Fails with ERR_INVALID for
 * bad events or target, ERR_RANGE when an instant leaves the calendar.
 */
int clock_eval(const struct clock_target *target, const struct clock_event *events, size_t nevents, int64_t as_of,
               struct clock_result *out, struct clock_trace *trace, struct err *e);

/* "running", "paused", "met", "breached", "pending". */
const char *clock_state_name(enum clock_state state);

/* "start", "pause", ...; NULL for an unknown kind. */
const char *clock_event_kind_name(enum clock_event_kind kind);

/* The kind named s, or -1. */
int clock_event_kind_parse(const char *s);

#endif
