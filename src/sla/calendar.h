/*
 * calendar.h - business calendars: what counts as business time, compiled
 * to UTC for exact, fast elapsed and due computations.
 *
 * A struct cal_spec is the calendar as people write it (a zone, weekly local
 * intervals, holiday dates); calendar_compile() turns it into sorted UTC
 * intervals with cumulative business seconds, so elapsed() is two O(1)
 * lookups through a per-day index and due() is an interpolated guess and a
 * short gallop over the cumulative sums.  Pure: no I/O, no globals; queries never allocate.
 * Parsing the JSON form lives in domain/calendar.c.
 */
#ifndef LEVERA_SLA_CALENDAR_H
#define LEVERA_SLA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "sla/tz.h"

#define CAL_MAX_SPANS_PER_DAY 48
#define CAL_FIRST_YEAR 1970
#define CAL_LAST_YEAR 2200

/* A local business interval [start_s, end_s) in seconds after midnight. */
struct cal_span {
	int32_t start_s;
	int32_t end_s; /* up to 86400 ("24:00") */
};

struct cal_day {
	struct cal_span spans[CAL_MAX_SPANS_PER_DAY]; /* sorted, non-overlapping */
	int nspans;
};

struct cal_spec {
	char *name;             /* owned; may be NULL */
	char *timezone;         /* owned; IANA name */
	struct cal_day week[7]; /* 0 = Monday .. 6 = Sunday */
	int64_t *holidays;      /* owned; local dates as days since 1970-01-01, sorted, unique */
	size_t nholidays;
};

/* A compiled calendar.  Treat the members as private to sla/calendar.c. */
struct calendar {
	int64_t from, to;    /* the UTC instants it answers for: [from, to] */
	size_t n;            /* business intervals */
	int64_t *start;      /* n UTC interval starts, ascending */
	int64_t *end;        /* n UTC interval ends; end[i] < start[i + 1] */
	int64_t *cum;        /* n + 1 sums: business seconds in [from, start[i]) */
	uint32_t *day_first; /* per UTC day since from: first interval ending after it */
	int64_t ndays;
	double intervals_per_s; /* n / cum[n]: guesses where a business sum is reached */
};

/* Frees what spec owns and zeroes it; spec may be NULL. */
void cal_spec_release(struct cal_spec *spec);

/* Business seconds in one week of spec (holidays ignored). */
int64_t cal_spec_week_s(const struct cal_spec *spec);

/*
 * Compiles spec in zone z for the local years [first_year, last_year],
 * which must lie within CAL_FIRST_YEAR..CAL_LAST_YEAR.  On failure cal is
 * left empty and e names the field ("week" for a calendar with no business
 * time).  Release with calendar_release().
 */
int calendar_compile(struct calendar *cal, const struct cal_spec *spec, const struct tz *z, int first_year,
                     int last_year, struct err *e);

/* Frees what cal owns; cal may be NULL. */
void calendar_release(struct calendar *cal);

/* True when cal answers for the instant t. */
static inline int
calendar_covers(const struct calendar *cal, int64_t t)
{
	return t >= cal->from && t <= cal->to;
}

/* Business seconds in [from, t); t must be covered. */
int64_t calendar_business_before(const struct calendar *cal, int64_t t);

/*
 * Business seconds in [a, b).  a and b must be covered; b before a gives 0.
 */
int64_t calendar_elapsed(const struct calendar *cal, int64_t a, int64_t b);

/*
 * The earliest instant u >= t with elapsed(t, u) == s (s >= 0), into *due.
 * Returns -1 (ERR_RANGE) when t is not covered or u lies past cal->to.
 */
int calendar_due(const struct calendar *cal, int64_t t, int64_t s, int64_t *due, struct err *e);

/*
 * The earliest instant u with calendar_business_before(u) == want, for
 * 0 < want <= the calendar's total business seconds (the caller checks).
 * due(t, s) is calendar_instant_at(cal, business_before(t) + s) for s > 0.
 */
int64_t calendar_instant_at(const struct calendar *cal, int64_t want);

/*
 * The first instant >= t from which business time accrues: t itself inside
 * an interval, else the next interval's start; TIME_NONE past the last.
 */
int64_t calendar_next_business(const struct calendar *cal, int64_t t);

/*
 * Copies up to max business intervals that end after t into starts/ends,
 * the first one cut to start at t; returns how many.  For summaries ("the
 * next five business intervals").
 */
size_t calendar_intervals_after(const struct calendar *cal, int64_t t, int64_t *starts, int64_t *ends, size_t max);

#endif
