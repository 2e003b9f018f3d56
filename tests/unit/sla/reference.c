/*
 * reference.c - the SLA semantics of docs/sla-semantics.md, done the slow and
 * obvious way: every local day is walked, every interval end is mapped on its
 * own through glibc's offsets, the mapped pieces are sorted and merged, and
 * sums and searches run over that list.  Clocks replay their events one span
 * at a time.  Nothing here is tuned; nothing is shared with src/sla/.
 */
#include "reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOUR 3600

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "reference: %s\n", what);
		abort();
	}
}

static int64_t
floor_div_day(int64_t t)
{
	int64_t q = t / REF_DAY;
	return (t % REF_DAY != 0 && t < 0) ? q - 1 : q;
}

int64_t
ref_days_from_civil(int year, int month, int day)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = 12;
	return ((int64_t)timegm(&tm) - 12 * HOUR) / REF_DAY;
}

void
ref_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	time_t t = (time_t)(days * REF_DAY);
	struct tm tm;

	check(gmtime_r(&t, &tm) != NULL, "gmtime_r failed");
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*day = tm.tm_mday;
}

/* ---- time zones: glibc's offsets ---- */

static void
use_zone(const char *zone)
{
	const char *cur = getenv("TZ");

	if (cur == NULL || strcmp(cur, zone) != 0) {
		check(setenv("TZ", zone, 1) == 0, "setenv failed");
	}
	tzset();
}

int32_t
ref_utoff(const char *zone, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	use_zone(zone);
	check(localtime_r(&tt, &tm) != NULL, "localtime_r failed");
	return (int32_t)tm.tm_gmtoff;
}

/*
 * Every reading of a local time L is L - offset with offsets within -12h..+14h,
 * so the offsets at L - 15h - 1 and L + 13h + 1 are the ones in force before and
 * after any transition that could matter.  The reading with the earlier
 * offset stands when it is consistent (a plain time, or the first occurrence
 * of a repeated one) or when the later one is not (a time in the gap).
 */
int64_t
ref_local_to_utc(const char *zone, int64_t local)
{
	int32_t early = ref_utoff(zone, local - 15 * HOUR - 1);
	int32_t late = ref_utoff(zone, local + 13 * HOUR + 1);
	int64_t u = local - early;

	if (ref_utoff(zone, u) != early && ref_utoff(zone, local - late) == late) {
		u = local - late;
	}
	return u;
}

/* ---- business intervals ---- */

struct piece {
	int64_t start, end;
};

static int
piece_cmp(const void *a, const void *b)
{
	const struct piece *p = a, *q = b;

	if (p->start != q->start) {
		return p->start < q->start ? -1 : 1;
	}
	return (p->end > q->end) - (p->end < q->end);
}

static int
is_holiday(const struct ref_calendar *cal, int64_t day)
{
	for (int i = 0; i < cal->nholidays; i++) {
		if (cal->holidays[i] == day) {
			return 1;
		}
	}
	return 0;
}

static void
window_push(struct ref_window *w, int64_t start, int64_t end)
{
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 64 : 2 * w->cap;
		w->start = realloc(w->start, w->cap * sizeof(*w->start));
		w->end = realloc(w->end, w->cap * sizeof(*w->end));
		check(w->start != NULL && w->end != NULL, "out of memory");
	}
	w->start[w->n] = start;
	w->end[w->n] = end;
	w->n++;
}

void
ref_window_build(struct ref_window *w, const struct ref_calendar *cal, int64_t from, int64_t to)
{
	int64_t lo = from > REF_FROM ? from : REF_FROM, hi = to < REF_TO ? to : REF_TO;
	struct piece *raw = NULL;
	size_t nraw = 0, capraw = 0;

	memset(w, 0, sizeof(*w));
	w->from = from;
	w->to = to;
	if (hi <= lo) {
		return;
	}
	/* Offsets stay within a day of UTC, so two days either side cover every local date that can reach [lo, hi). */
	int64_t d0 = floor_div_day(lo) - 2, d1 = floor_div_day(hi - 1) + 2;
	for (int64_t d = d0; d <= d1; d++) {
		if (is_holiday(cal, d)) {
			continue;
		}
		int wd = (int)(((d % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
		for (int i = 0; i < cal->nspans[wd]; i++) {
			int64_t u0 = ref_local_to_utc(cal->zone, d * REF_DAY + cal->start_s[wd][i]);
			int64_t u1 = ref_local_to_utc(cal->zone, d * REF_DAY + cal->end_s[wd][i]);
			if (u1 <= u0) {
				continue;
			}
			if (nraw == capraw) {
				capraw = capraw == 0 ? 64 : 2 * capraw;
				raw = realloc(raw, capraw * sizeof(*raw));
				check(raw != NULL, "out of memory");
			}
			raw[nraw].start = u0;
			raw[nraw].end = u1;
			nraw++;
		}
	}
	if (nraw > 0) {
		qsort(raw, nraw, sizeof(*raw), piece_cmp);
	}
	/* Union: pieces that overlap or touch become one. */
	size_t nmerged = 0;
	for (size_t i = 0; i < nraw; i++) {
		if (nmerged > 0 && raw[i].start <= raw[nmerged - 1].end) {
			if (raw[i].end > raw[nmerged - 1].end) {
				raw[nmerged - 1].end = raw[i].end;
			}
		} else {
			raw[nmerged++] = raw[i];
		}
	}
	for (size_t i = 0; i < nmerged; i++) {
		int64_t s = raw[i].start > lo ? raw[i].start : lo;
		int64_t e = raw[i].end < hi ? raw[i].end : hi;
		if (e > s) {
			window_push(w, s, e);
		}
	}
	free(raw);
}

void
ref_window_release(struct ref_window *w)
{
	free(w->start);
	free(w->end);
	memset(w, 0, sizeof(*w));
}

int64_t
ref_window_elapsed(const struct ref_window *w, int64_t a, int64_t b)
{
	int64_t sum = 0;

	if (b <= a) {
		return 0;
	}
	check(a >= w->from && b <= w->to, "elapsed asked outside its window");
	for (size_t i = 0; i < w->n; i++) {
		int64_t s = w->start[i] > a ? w->start[i] : a;
		int64_t e = w->end[i] < b ? w->end[i] : b;
		if (e > s) {
			sum += e - s;
		}
	}
	return sum;
}

/* The smallest u in [t, w->to] with elapsed(t, u) >= s, by bisection; REF_NONE if there is none. */
static int64_t
window_due(const struct ref_window *w, int64_t t, int64_t s)
{
	int64_t lo = t, hi = w->to;

	if (s <= 0) {
		return t;
	}
	if (ref_window_elapsed(w, t, hi) < s) {
		return REF_NONE;
	}
	/* elapsed(t, lo) < s <= elapsed(t, hi) */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (ref_window_elapsed(w, t, mid) >= s) {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	return hi;
}

/* The first instant >= t in the window at which business time accrues, or REF_NONE. */
static int64_t
window_next(const struct ref_window *w, int64_t t)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->end[i] > t) {
			return w->start[i] > t ? w->start[i] : t;
		}
	}
	return REF_NONE;
}

int64_t
ref_elapsed(const struct ref_calendar *cal, int64_t a, int64_t b)
{
	struct ref_window w;
	int64_t sum;

	if (b <= a) {
		return 0;
	}
	ref_window_build(&w, cal, a, b);
	sum = ref_window_elapsed(&w, a, b);
	ref_window_release(&w);
	return sum;
}

int
ref_due(const struct ref_calendar *cal, int64_t t, int64_t s, int64_t *u)
{
	struct ref_window w;
	int64_t span = 2 * REF_DAY;

	if (s < 0 || t < REF_FROM || t > REF_TO) {
		return -1;
	}
	for (;;) {
		int64_t hi = t + span < REF_TO ? t + span : REF_TO;
		ref_window_build(&w, cal, t, hi);
		int64_t got = window_due(&w, t, s);
		ref_window_release(&w);
		if (got != REF_NONE) {
			*u = got;
			return 0;
		}
		if (hi == REF_TO) {
			return -1;
		}
		span *= 2;
	}
}

int64_t
ref_next_business(const struct ref_calendar *cal, int64_t t)
{
	struct ref_window w;
	int64_t span = 2 * REF_DAY;

	if (t < REF_FROM || t >= REF_TO) {
		return REF_NONE;
	}
	for (;;) {
		int64_t hi = t + span < REF_TO ? t + span : REF_TO;
		ref_window_build(&w, cal, t, hi);
		int64_t got = window_next(&w, t);
		ref_window_release(&w);
		if (got != REF_NONE || hi == REF_TO) {
			return got;
		}
		span *= 2;
	}
}

/* ---- clocks ---- */

enum run { RUN_RUNNING, RUN_PAUSED, RUN_STOPPED };

struct sim {
	const struct ref_window *w; /* business time from the start to as_of */
	enum run run;
	int64_t target_s;
	int64_t elapsed_business_s;
	int64_t paused_wall_s;
	int64_t reached_at, breached_at, stopped_at;
	int has_deferred;
	int64_t deferred_target_s;
	struct ref_clock *out; /* warnings live here */
};

static int64_t
threshold_s(int64_t target_s, int pct)
{
	return target_s * pct / 100;
}

/* The clock lives through [x, y) in its current run state. */
static void
sim_span(struct sim *m, int64_t x, int64_t y)
{
	if (m->run == RUN_PAUSED) {
		m->paused_wall_s += y - x;
		return;
	}
	if (m->run != RUN_RUNNING) {
		return;
	}
	int64_t acc = ref_window_elapsed(m->w, x, y);
	for (int k = 0; k < m->out->nwarn; k++) {
		int64_t w_s = threshold_s(m->target_s, m->out->warn_pct[k]);
		if (m->out->warn_at[k] == REF_NONE && m->elapsed_business_s + acc >= w_s) {
			check(w_s >= m->elapsed_business_s, "an unfired warning below elapsed");
			m->out->warn_at[k] = window_due(m->w, x, w_s - m->elapsed_business_s);
			check(m->out->warn_at[k] != REF_NONE && m->out->warn_at[k] <= y, "warning outside its span");
		}
	}
	if (m->reached_at == REF_NONE && m->elapsed_business_s + acc >= m->target_s) {
		check(m->target_s >= m->elapsed_business_s, "unreached target below elapsed");
		m->reached_at = window_due(m->w, x, m->target_s - m->elapsed_business_s);
		check(m->reached_at != REF_NONE && m->reached_at <= y, "reached outside its span");
	}
	if (m->reached_at != REF_NONE && m->breached_at == REF_NONE) {
		/* Business time beyond the target accrues from the first business instant the clock runs through. */
		int64_t b = window_next(m->w, m->reached_at > x ? m->reached_at : x);
		if (b != REF_NONE && b < y) {
			m->breached_at = b;
		}
	}
	m->elapsed_business_s += acc;
}

/* The target becomes target_s at the instant c (running or paused, or on reopening). */
static void
sim_target(struct sim *m, int64_t target_s, int64_t c)
{
	m->target_s = target_s;
	for (int k = 0; k < m->out->nwarn; k++) {
		if (m->out->warn_at[k] == REF_NONE &&
		    m->elapsed_business_s >= threshold_s(target_s, m->out->warn_pct[k])) {
			m->out->warn_at[k] = c;
		}
	}
	if (m->elapsed_business_s > target_s) {
		/* A clock that stays breached keeps its breach; one that becomes breached does so now. */
		if (m->breached_at == REF_NONE) {
			m->reached_at = c;
			m->breached_at = c;
		}
	} else if (m->elapsed_business_s == target_s) {
		m->reached_at = c;
		m->breached_at = REF_NONE;
	} else {
		m->reached_at = REF_NONE;
		m->breached_at = REF_NONE;
	}
}

static void
sim_event(struct sim *m, const struct ref_event *ev)
{
	switch (ev->kind) {
	case REF_EV_PAUSE:
		if (m->run == RUN_RUNNING) {
			m->run = RUN_PAUSED;
		}
		break;
	case REF_EV_RESUME:
		if (m->run == RUN_PAUSED) {
			m->run = RUN_RUNNING;
		}
		break;
	case REF_EV_STOP:
		if (m->run != RUN_STOPPED) {
			m->run = RUN_STOPPED;
			m->stopped_at = ev->at;
		}
		break;
	case REF_EV_REOPEN:
		if (m->run == RUN_STOPPED) {
			m->run = RUN_RUNNING;
			m->stopped_at = REF_NONE;
			if (m->has_deferred) {
				m->has_deferred = 0;
				sim_target(m, m->deferred_target_s, ev->at);
			}
		}
		break;
	case REF_EV_TARGET:
		if (m->run == RUN_STOPPED) {
			m->has_deferred = 1;
			m->deferred_target_s = ev->target_s;
		} else {
			sim_target(m, ev->target_s, ev->at);
		}
		break;
	case REF_EV_START:
		break;
	}
}

int
ref_clock_eval(const struct ref_calendar *cal, int64_t target_s, int nwarn, const int *warn_pct,
               const struct ref_event *events, size_t nevents, int64_t as_of, struct ref_clock *out)
{
	struct ref_window w;
	struct sim m;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (nevents == 0 || events[0].kind != REF_EV_START || target_s < 0 || nwarn < 0 || nwarn > REF_MAX_WARN) {
		return -1;
	}
	for (i = 1; i < nevents; i++) {
		if (events[i].kind == REF_EV_START || events[i].at < events[i - 1].at ||
		    (events[i].kind == REF_EV_TARGET && events[i].target_s < 0)) {
			return -1;
		}
	}
	out->state = REF_PENDING;
	out->target_s = target_s;
	out->remaining_s = target_s;
	out->due_at = REF_NONE;
	out->breached_at = REF_NONE;
	out->reached_at = REF_NONE;
	out->nwarn = nwarn;
	for (int k = 0; k < nwarn; k++) {
		out->warn_pct[k] = warn_pct[k];
		out->warn_at[k] = REF_NONE;
	}
	if (events[0].at > as_of) {
		return 0;
	}

	ref_window_build(&w, cal, events[0].at, as_of);
	memset(&m, 0, sizeof(m));
	m.w = &w;
	m.run = RUN_RUNNING;
	m.target_s = target_s;
	m.reached_at = REF_NONE;
	m.breached_at = REF_NONE;
	m.stopped_at = REF_NONE;
	m.out = out;

	int64_t x = events[0].at;
	for (i = 1; i < nevents && events[i].at <= as_of; i++) {
		sim_span(&m, x, events[i].at);
		x = events[i].at;
		sim_event(&m, &events[i]);
	}
	sim_span(&m, x, as_of);
	ref_window_release(&w);

	out->target_s = m.target_s;
	out->elapsed_business_s = m.elapsed_business_s;
	out->remaining_s = m.target_s - m.elapsed_business_s;
	out->paused_wall_s = m.paused_wall_s;
	out->reached_at = m.reached_at;
	out->breached_at = m.breached_at;
	if (m.run == RUN_STOPPED) {
		out->state = m.elapsed_business_s <= m.target_s ? REF_MET : REF_BREACHED;
	} else if (m.breached_at != REF_NONE) {
		out->state = REF_BREACHED;
	} else {
		out->state = m.run == RUN_PAUSED ? REF_PAUSED : REF_RUNNING;
	}

	int64_t u;
	if (m.reached_at != REF_NONE) {
		out->due_at = m.reached_at;
	} else if (m.run == RUN_RUNNING && ref_due(cal, as_of, out->remaining_s, &u) == 0) {
		out->due_at = u;
	} else if (m.run == RUN_STOPPED && ref_due(cal, m.stopped_at, out->remaining_s, &u) == 0) {
		out->due_at = u;
	}
	return 0;
}

const char *
ref_state_name(enum ref_state state)
{
	static const char *const names[] = { "pending", "running", "paused", "met", "breached" };

	return (unsigned)state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

const char *
ref_event_kind_name(enum ref_event_kind kind)
{
	static const char *const names[] = { "start", "pause", "resume", "stop", "reopen", "target" };

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
