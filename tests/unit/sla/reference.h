/*
 * reference.h - a deliberately simple second implementation of the SLA
 * semantics, written from docs/sla-semantics.md alone, that the engine in
 * src/sla/ is checked against.  It steps through local days, maps each
 * interval end with glibc's offsets (TZ=zone, localtime_r) and replays clock
 * events one by one.  It is slow on purpose and shares no code with src/sla/.
 */
#ifndef LEVERA_TESTS_SLA_REFERENCE_H
#define LEVERA_TESTS_SLA_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#define REF_NONE INT64_MIN
#define REF_DAY 86400
/* The instants answered for: 1970-01-01T00:00:00Z .. 2201-01-01T00:00:00Z. */
#define REF_FROM ((int64_t)0)
#define REF_TO ((int64_t)84371 * REF_DAY)
#define REF_MAX_SPANS 48
#define REF_MAX_HOLIDAYS 64
#define REF_MAX_WARN 8

/* A calendar as people write it; seconds after local midnight, 0 = Monday. */
struct ref_calendar {
	char zone[64];
	int nspans[7];
	int32_t start_s[7][REF_MAX_SPANS];
	int32_t end_s[7][REF_MAX_SPANS];    /* up to 86400 */
	int64_t holidays[REF_MAX_HOLIDAYS]; /* local dates, days since 1970-01-01 */
	int nholidays;
};

/* Days since 1970-01-01 of a civil date, and back (glibc's timegm/gmtime_r). */
int64_t ref_days_from_civil(int year, int month, int day);
void ref_civil_from_days(int64_t days, int *year, int *month, int *day);

/* The UTC offset of zone at the instant t, from glibc. */
int32_t ref_utoff(const char *zone, int64_t t);

/* The UTC instant of a local wall time (seconds since 1970-01-01T00:00 local), as RFC 5545 reads it. */
int64_t ref_local_to_utc(const char *zone, int64_t local);

/* Business intervals, merged: sorted, disjoint, not touching. */
struct ref_window {
	int64_t from, to; /* the instants it describes: [from, to) */
	size_t n, cap;
	int64_t *start, *end;
};

/* Collects the business time of [from, to) into w; release with ref_window_release(). */
void ref_window_build(struct ref_window *w, const struct ref_calendar *cal, int64_t from, int64_t to);
void ref_window_release(struct ref_window *w);

/* Business seconds in [a, b), which must lie within the window. */
int64_t ref_window_elapsed(const struct ref_window *w, int64_t a, int64_t b);

/* Business seconds in [a, b); 0 when b <= a. */
int64_t ref_elapsed(const struct ref_calendar *cal, int64_t a, int64_t b);

/* The earliest u >= t with ref_elapsed(t, u) == s into *u; -1 when u would pass REF_TO. */
int ref_due(const struct ref_calendar *cal, int64_t t, int64_t s, int64_t *u);

/* The first instant >= t from which business time accrues; REF_NONE when none before REF_TO. */
int64_t ref_next_business(const struct ref_calendar *cal, int64_t t);

enum ref_event_kind { REF_EV_START, REF_EV_PAUSE, REF_EV_RESUME, REF_EV_STOP, REF_EV_REOPEN, REF_EV_TARGET };

struct ref_event {
	int64_t at;
	enum ref_event_kind kind;
	int64_t target_s; /* REF_EV_TARGET only */
};

enum ref_state { REF_PENDING, REF_RUNNING, REF_PAUSED, REF_MET, REF_BREACHED };

struct ref_clock {
	enum ref_state state;
	int64_t target_s;
	int64_t elapsed_business_s;
	int64_t remaining_s;
	int64_t paused_wall_s;
	int64_t due_at;      /* REF_NONE when there is none */
	int64_t breached_at; /* REF_NONE when not breached */
	int64_t reached_at;  /* REF_NONE when the target in force is not reached */
	int nwarn;
	int warn_pct[REF_MAX_WARN];
	int64_t warn_at[REF_MAX_WARN]; /* REF_NONE when not fired */
};

/*
 * Evaluates a clock as of as_of by replaying its events (in time order, the
 * first a start).  Returns -1 for events the doc refuses (no start first, a
 * second start, events out of order, a negative target).
 */
int ref_clock_eval(const struct ref_calendar *cal, int64_t target_s, int nwarn, const int *warn_pct,
                   const struct ref_event *events, size_t nevents, int64_t as_of, struct ref_clock *out);

const char *ref_state_name(enum ref_state state);
const char *ref_event_kind_name(enum ref_event_kind kind);

#endif
