/*
 * calendar.c - compiling business calendars to UTC and querying them.
 *
 * Compilation walks every local day of the span once: O(days x spans +
 * zone changes).  Business time is the union of the days' intervals, and
 * touching intervals (a day ending at 24:00 and the next starting at 00:00)
 * are merged, so "the end of a business interval" always means business time
 * really stops there.  Local times are mapped to UTC by RFC 5545's rules for
 * gaps and overlaps, as tz_local_to_utc() does.
 */
#include "sla/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

#define DAY_S 86400

void
cal_spec_release(struct cal_spec *spec)
{
	if (spec == NULL) {
		return;
	}
	free(spec->name);
	free(spec->timezone);
	free(spec->holidays);
	memset(spec, 0, sizeof(*spec));
}

int64_t
cal_spec_week_s(const struct cal_spec *spec)
{
	int64_t total = 0;

	for (int d = 0; d < 7; d++) {
		for (int i = 0; i < spec->week[d].nspans; i++) {
			total += spec->week[d].spans[i].end_s - spec->week[d].spans[i].start_s;
		}
	}
	return total;
}

void
calendar_release(struct calendar *cal)
{
	if (cal == NULL) {
		return;
	}
	free(cal->start);
	free(cal->end);
	free(cal->cum);
	free(cal->day_first);
	memset(cal, 0, sizeof(*cal));
}

static int
is_holiday(const struct cal_spec *spec, int64_t day, size_t *cursor)
{
	/* Days are visited in order, so a cursor makes this O(1) amortised. */
	while (*cursor < spec->nholidays && spec->holidays[*cursor] < day) {
		(*cursor)++;
	}
	return *cursor < spec->nholidays && spec->holidays[*cursor] == day;
}

/*
 * Maps local times to UTC as tz_local_to_utc() does, for local times that
 * only move forward: the zone's changes over the span are listed once and a
 * cursor walks them, so each mapping is O(1) amortised.
 */
struct local_cursor {
	struct tz_transition *changes; /* owned */
	size_t n, next;
	int32_t utoff_at_from;
};

static void
local_cursor_init(struct local_cursor *c, const struct tz *z, int64_t from, int64_t to)
{
	c->changes = NULL;
	c->next = 0;
	c->n = tz_expand(z, from, to, &c->utoff_at_from, &c->changes);
}

static int64_t
local_cursor_to_utc(struct local_cursor *c, int64_t local)
{
	/* The offset before the first change T with T + max(before, after) > local (RFC 5545). */
	for (; c->next < c->n; c->next++) {
		int32_t before = c->next == 0 ? c->utoff_at_from : c->changes[c->next - 1].utoff_s;
		int32_t after = c->changes[c->next].utoff_s;
		if (c->changes[c->next].at + (before > after ? before : after) > local) {
			break;
		}
	}
	return local - (c->next == 0 ? c->utoff_at_from : c->changes[c->next - 1].utoff_s);
}

/*
 * Sorts the raw intervals by start (insertion sort: they arrive in order but
 * for the rare local interval that a DST gap moves), then replaces them by
 * their union clipped to [from, to], so overlaps count once and touching
 * intervals become one.
 */
static void
normalise_intervals(struct calendar *cal)
{
	size_t n = 0;

	for (size_t i = 1; i < cal->n; i++) {
		int64_t s0 = cal->start[i], e0 = cal->end[i];
		size_t j = i;
		while (j > 0 && cal->start[j - 1] > s0) {
			cal->start[j] = cal->start[j - 1];
			cal->end[j] = cal->end[j - 1];
			j--;
		}
		cal->start[j] = s0;
		cal->end[j] = e0;
	}
	for (size_t i = 0; i < cal->n; i++) {
		int64_t u0 = cal->start[i] < cal->from ? cal->from : cal->start[i];
		int64_t u1 = cal->end[i] > cal->to ? cal->to : cal->end[i];
		if (u1 <= u0) {
			continue;
		}
		if (n > 0 && u0 <= cal->end[n - 1]) {
			if (u1 > cal->end[n - 1]) {
				cal->end[n - 1] = u1;
			}
			continue;
		}
		cal->start[n] = u0;
		cal->end[n] = u1;
		n++;
	}
	cal->n = n;
}

static void
build_indexes(struct calendar *cal)
{
	size_t i = 0;

	cal->cum = xreallocarray(NULL, cal->n + 1, sizeof(*cal->cum));
	cal->cum[0] = 0;
	for (size_t k = 0; k < cal->n; k++) {
		cal->cum[k + 1] = cal->cum[k] + (cal->end[k] - cal->start[k]);
	}
	cal->intervals_per_s = (double)cal->n / (double)cal->cum[cal->n];
	cal->ndays = (cal->to - cal->from) / DAY_S + 1;
	cal->day_first = xreallocarray(NULL, (size_t)cal->ndays + 1, sizeof(*cal->day_first));
	for (int64_t d = 0; d <= cal->ndays; d++) {
		int64_t day_start = cal->from + d * DAY_S;
		while (i < cal->n && cal->end[i] <= day_start) {
			i++;
		}
		cal->day_first[d] = (uint32_t)i;
	}
}

int
calendar_compile(struct calendar *cal, const struct cal_spec *spec, const struct tz *z, int first_year, int last_year,
                 struct err *e)
{
	int64_t first_day, last_day;
	size_t holiday_cursor = 0, max_spans = 0;
	struct local_cursor cursor_tz;

	memset(cal, 0, sizeof(*cal));
	if (first_year < CAL_FIRST_YEAR || last_year > CAL_LAST_YEAR || first_year > last_year) {
		return err_set(e, ERR_RANGE, NULL, "calendar years %d..%d are outside %d..%d", first_year, last_year,
		               CAL_FIRST_YEAR, CAL_LAST_YEAR);
	}
	if (cal_spec_week_s(spec) == 0) {
		return err_set(e, ERR_INVALID, "week", "the week has no business time");
	}
	first_day = days_from_civil(first_year, 1, 1);
	last_day = days_from_civil(last_year, 12, 31);
	cal->from = first_day * DAY_S;
	cal->to = (last_day + 1) * DAY_S;
	for (int d = 0; d < 7; d++) {
		if ((size_t)spec->week[d].nspans > max_spans) {
			max_spans = (size_t)spec->week[d].nspans;
		}
	}
	/* One extra local day each side: a zone's offset moves days across UTC midnight. */
	size_t cap = (size_t)(last_day - first_day + 3) * max_spans + 1;
	cal->start = xreallocarray(NULL, cap, sizeof(*cal->start));
	cal->end = xreallocarray(NULL, cap, sizeof(*cal->end));
	local_cursor_init(&cursor_tz, z, (first_day - 3) * DAY_S, (last_day + 3) * DAY_S);
	for (int64_t day = first_day - 1; day <= last_day + 1; day++) {
		const struct cal_day *wd = &spec->week[weekday_from_days(day)];
		if (wd->nspans == 0 || is_holiday(spec, day, &holiday_cursor)) {
			continue;
		}
		for (int i = 0; i < wd->nspans; i++) {
			int64_t u0 = local_cursor_to_utc(&cursor_tz, day * DAY_S + wd->spans[i].start_s);
			int64_t u1 = local_cursor_to_utc(&cursor_tz, day * DAY_S + wd->spans[i].end_s);
			/* A span ending in a DST gap can map to nothing (RFC 5545 reads both ends alone). */
			if (u1 > u0) {
				cal->start[cal->n] = u0;
				cal->end[cal->n] = u1;
				cal->n++;
			}
		}
	}
	free(cursor_tz.changes);
	normalise_intervals(cal);
	if (cal->n == 0) {
		calendar_release(cal);
		return err_set(e, ERR_INVALID, "week", "the calendar has no business time in %d..%d", first_year,
		               last_year);
	}
	build_indexes(cal);
	return 0;
}

/* The first interval with end > t; t must be covered. */
static inline size_t
first_ending_after(const struct calendar *cal, int64_t t)
{
	size_t i = cal->day_first[(t - cal->from) / DAY_S];

	while (i < cal->n && cal->end[i] <= t) {
		i++;
	}
	return i;
}

static inline int64_t
business_before_at(const struct calendar *cal, int64_t t, size_t i)
{
	if (i == cal->n || t <= cal->start[i]) {
		return cal->cum[i];
	}
	return cal->cum[i] + (t - cal->start[i]);
}

int64_t
calendar_business_before(const struct calendar *cal, int64_t t)
{
	return business_before_at(cal, t, first_ending_after(cal, t));
}

int64_t
calendar_elapsed(const struct calendar *cal, int64_t a, int64_t b)
{
	if (b <= a) {
		return 0;
	}
	return calendar_business_before(cal, b) - calendar_business_before(cal, a);
}

/*
 * The interval i with cum[i] < want <= cum[i + 1].  The first guess comes
 * from the calendar's average business seconds per interval, which is close
 * because business time accrues at a nearly steady rate; a gallop from the
 * guess, then a binary search, corrects it in O(log error) steps.
 */
static size_t
interval_reaching(const struct calendar *cal, int64_t want)
{
	const int64_t *cum = cal->cum;
	size_t last = cal->n - 1, lo, hi, step = 1;
	size_t guess = (size_t)((double)want * cal->intervals_per_s);

	if (guess > last) {
		guess = last;
	}
	if (cum[guess] >= want) {
		/* Overshot: walk back until cum[lo] < want (cum[0] = 0 < want stops it). */
		hi = guess - 1;
		lo = hi;
		while (cum[lo] >= want) {
			hi = lo - 1;
			lo = lo > step ? lo - step : 0;
			step *= 2;
		}
	} else if (cum[guess + 1] < want) {
		lo = guess + 1;
		hi = lo;
		while (cum[hi + 1] < want) {
			lo = hi + 1;
			hi = lo + step < last ? lo + step : last;
			step *= 2;
		}
	} else {
		return guess;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cum[mid + 1] < want) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

int64_t
calendar_instant_at(const struct calendar *cal, int64_t want)
{
	size_t i = interval_reaching(cal, want);

	return cal->start[i] + (want - cal->cum[i]);
}

int
calendar_due(const struct calendar *cal, int64_t t, int64_t s, int64_t *due, struct err *e)
{
	int64_t want;

	if (!calendar_covers(cal, t)) {
		return err_set(e, ERR_RANGE, NULL, "instant outside the calendar's years");
	}
	if (s <= 0) {
		*due = t;
		return 0;
	}
	want = calendar_business_before(cal, t) + s;
	if (want > cal->cum[cal->n]) {
		return err_set(e, ERR_RANGE, NULL, "the deadline falls after the calendar's last year");
	}
	*due = calendar_instant_at(cal, want);
	return 0;
}

int64_t
calendar_next_business(const struct calendar *cal, int64_t t)
{
	size_t i;

	if (t < cal->from) {
		t = cal->from;
	}
	if (t > cal->to) {
		return TIME_NONE;
	}
	i = first_ending_after(cal, t);
	if (i == cal->n) {
		return TIME_NONE;
	}
	return t > cal->start[i] ? t : cal->start[i];
}

size_t
calendar_intervals_after(const struct calendar *cal, int64_t t, int64_t *starts, int64_t *ends, size_t max)
{
	size_t i, k = 0;

	if (t > cal->to) {
		return 0;
	}
	i = t < cal->from ? 0 : first_ending_after(cal, t);
	for (; i < cal->n && k < max; i++, k++) {
		starts[k] = cal->start[i] > t ? cal->start[i] : t;
		ends[k] = cal->end[i];
	}
	return k;
}
