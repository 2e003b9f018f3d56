/*
 * reference_test.c - the engine (src/sla/) against the simple reference
 * (reference.c) on thousands of random calendars and cases: elapsed, due,
 * next business instant and clocks.  The generator is a fixed-seed splitmix64,
 * biased toward DST transitions, interval edges and holidays.  A mismatch
 * prints everything needed to replay it.  LEVERA_TEST_SCALE=n runs n times fewer.
 */
#include "reference.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "sla/clock.h"
#include "unit/support/test_env.h"

#define HOUR 3600
#define DAY 86400
#define MAX_REPORTED 6

static const char *const zones[] = {
	"Europe/Copenhagen",
	"America/New_York",
	"Asia/Kolkata",
	"Australia/Lord_Howe",
	"America/Sao_Paulo",
	"Europe/London",
	"Pacific/Chatham",
	"Asia/Tehran",
	"America/St_Johns",
	"Pacific/Auckland",
	"UTC",
	/* beyond the usual: a skipped day, Ramadan breaks, negative DST, a two-hour shift */
	"Pacific/Apia",
	"Africa/Casablanca",
	"Europe/Dublin",
	"Antarctica/Troll",
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

static const char *const day_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* ---- helpers ---- */

/* LEVERA_TEST_SEED=n draws other calendars and cases (for soak runs); unset, the fixed ones. */
static uint64_t
test_seed(void)
{
	const char *s = getenv("LEVERA_TEST_SEED");

	return s == NULL ? 0 : (uint64_t)strtoull(s, NULL, 10) * 0x2545f4914f6cdd1du;
}

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int
rng_pct(struct rng *r, int pct)
{
	return (int)(rng_next(r) % 100) < pct;
}

static int64_t
year_start(int year)
{
	return ref_days_from_civil(year, 1, 1) * DAY;
}

#define T_MIN year_start(1971)
#define T_MAX (year_start(2200) - 1)

static int64_t
clamp(int64_t t, int64_t lo, int64_t hi)
{
	return t < lo ? lo : t > hi ? hi : t;
}

/* "2026-03-29T01:30:00Z (03:30:00+02:00 Sun)", or "null". */
static const char *
fmt(const char *zone, int64_t t, char *buf, size_t len)
{
	static const char *const wdays[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	struct tm u, l;
	time_t tt;

	if (t == REF_NONE) {
		snprintf(buf, len, "null");
		return buf;
	}
	int32_t off = ref_utoff(zone, t);
	tt = (time_t)t;
	gmtime_r(&tt, &u);
	tt = (time_t)(t + off);
	gmtime_r(&tt, &l);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ (%02d:%02d:%02d%c%02d:%02d %s)", u.tm_year + 1900,
	         u.tm_mon + 1, u.tm_mday, u.tm_hour, u.tm_min, u.tm_sec, l.tm_hour, l.tm_min, l.tm_sec,
	         off < 0 ? '-' : '+', abs(off) / 3600, abs(off) % 3600 / 60, wdays[l.tm_wday]);
	return buf;
}

struct text {
	char buf[16384];
	size_t len;
};

__attribute__((format(printf, 2, 3))) static void
text_add(struct text *t, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, f, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < sizeof(t->buf) - t->len, "calendar text too long");
	t->len += (size_t)n;
}

/* ---- random calendars ---- */

struct gcal {
	int full;       /* opened with calendar_open() for 1970..2200, else compiled for three years */
	int64_t lo, hi; /* the instants cases are drawn from (and answers are compared in) */
	struct ref_calendar ref;
	struct text json;
	int focus_year;
	int64_t trans[16]; /* offset changes around the focus year */
	int ntrans;
	int64_t week_s;
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
};

static int
pick_minute(struct rng *r)
{
	static const int dst[] = { 0, 1, 30, 45, 59, 60, 61, 90, 105, 120, 121, 150, 165, 180, 181, 210, 240 };
	int k = (int)rng_range(r, 0, 99);

	if (k < 30) {
		return (int)rng_range(r, 0, 1440);
	} else if (k < 55) {
		return (int)rng_range(r, 0, 240); /* the hours DST transitions happen in */
	} else if (k < 65) {
		return dst[rng_range(r, 0, sizeof(dst) / sizeof(dst[0]) - 1)];
	} else if (k < 76) {
		return 0;
	} else if (k < 88) {
		return 1440;
	}
	return 60 * (int)rng_range(r, 0, 24);
}

static int
int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int
minute_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
gen_day(struct rng *r, struct ref_calendar *c, int wd)
{
	static const int weights[] = { 25, 30, 20, 15, 10 }; /* 0..4 intervals */
	int k = 0, roll = (int)rng_range(r, 0, 99), pts[8];

	while (roll >= weights[k]) {
		roll -= weights[k++];
	}
	for (int i = 0; i < 2 * k; i++) {
		pts[i] = pick_minute(r);
	}
	qsort(pts, (size_t)(2 * k), sizeof(pts[0]), minute_cmp);
	c->nspans[wd] = 0;
	for (int i = 0; i < k; i++) {
		int s = pts[2 * i], e = pts[2 * i + 1], n = c->nspans[wd];
		if (n > 0 && c->end_s[wd][n - 1] / 60 < e && rng_pct(r, 30)) {
			s = c->end_s[wd][n - 1] / 60; /* touching */
		}
		if (s == e) {
			continue;
		}
		c->start_s[wd][n] = s * 60;
		c->end_s[wd][n] = e * 60;
		c->nspans[wd]++;
	}
}

/* Every UTC instant around the focus year at which the offset changes. */
static void
find_transitions(struct gcal *g)
{
	int64_t t = year_start(g->focus_year) - 3 * DAY, end = year_start(g->focus_year + 1) + 3 * DAY;

	g->ntrans = 0;
	for (; t < end && g->ntrans < 16; t += 6 * HOUR) {
		int32_t before = ref_utoff(g->ref.zone, t);
		if (ref_utoff(g->ref.zone, t + 6 * HOUR) == before) {
			continue;
		}
		int64_t lo = t, hi = t + 6 * HOUR; /* offset(lo) == before != offset(hi) */
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (ref_utoff(g->ref.zone, mid) == before) {
				lo = mid;
			} else {
				hi = mid;
			}
		}
		g->trans[g->ntrans++] = hi;
	}
}

static void
add_holiday(struct ref_calendar *c, int64_t day)
{
	if (c->nholidays >= REF_MAX_HOLIDAYS || day < ref_days_from_civil(1970, 1, 1) ||
	    day > ref_days_from_civil(2200, 12, 31)) {
		return;
	}
	for (int i = 0; i < c->nholidays; i++) {
		if (c->holidays[i] == day) {
			return;
		}
	}
	c->holidays[c->nholidays++] = day;
}

static void
gen_spec(struct rng *r, struct gcal *g)
{
	struct ref_calendar *c = &g->ref;
	int mode = (int)rng_range(r, 0, 99);

	memset(c, 0, sizeof(*c));
	snprintf(c->zone, sizeof(c->zone), "%s", zones[rng_range(r, 0, NZONES - 1)]);
	if (mode < 6) {
		for (int wd = 0; wd < 7; wd++) {
			c->nspans[wd] = 1;
			c->start_s[wd][0] = 0;
			c->end_s[wd][0] = DAY;
		}
	} else if (mode < 9) {
		/* many short intervals a day, up to the limit of 48 */
		for (int wd = 0; wd < 7; wd++) {
			int n = (int)rng_range(r, 0, REF_MAX_SPANS), step = 1440 / REF_MAX_SPANS;
			for (int i = 0; i < REF_MAX_SPANS && c->nspans[wd] < n; i++) {
				if (rng_pct(r, 60)) {
					int s = i * step,
					    e = rng_pct(r, 50) ? s + step : s + (int)rng_range(r, 1, step);
					c->start_s[wd][c->nspans[wd]] = s * 60;
					c->end_s[wd][c->nspans[wd]] = e * 60;
					c->nspans[wd]++;
				}
			}
		}
	} else if (mode < 22) {
		gen_day(r, c, 0); /* an office: the same hours every weekday, maybe Saturday too */
		for (int wd = 1; wd < 7; wd++) {
			if (wd < 5 || (wd == 5 && rng_pct(r, 30))) {
				c->nspans[wd] = c->nspans[0];
				memcpy(c->start_s[wd], c->start_s[0], sizeof(c->start_s[0]));
				memcpy(c->end_s[wd], c->end_s[0], sizeof(c->end_s[0]));
			}
		}
	} else {
		for (int wd = 0; wd < 7; wd++) {
			gen_day(r, c, wd);
		}
	}
	g->week_s = 0;
	for (int wd = 0; wd < 7; wd++) {
		for (int i = 0; i < c->nspans[wd]; i++) {
			g->week_s += c->end_s[wd][i] - c->start_s[wd][i];
		}
	}
	g->focus_year = (int)(rng_pct(r, 45) ? rng_range(r, 1971, 2030) : rng_range(r, 1971, 2199));
	find_transitions(g);

	int nh = rng_pct(r, 25) ? 0 : (int)rng_range(r, 1, 10);
	int64_t y0 = ref_days_from_civil(g->focus_year, 1, 1), y1 = ref_days_from_civil(g->focus_year, 12, 31);
	for (int i = 0; i < nh; i++) {
		int k = (int)rng_range(r, 0, 99);
		if (k < 35 && g->ntrans > 0) {
			int64_t tr = g->trans[rng_range(r, 0, g->ntrans - 1)];
			int64_t local_day = (tr + ref_utoff(c->zone, tr) + 10 * DAY) / DAY - 10;
			add_holiday(c, local_day + rng_range(r, -1, 1));
		} else if (k < 60) {
			int64_t d = rng_range(r, y0, y1);
			add_holiday(c, d + (5 - (d + 3) % 7) + rng_range(r, 0, 1)); /* a Saturday or Sunday */
		} else if (k < 95) {
			add_holiday(c, rng_range(r, y0, y1));
		} else {
			add_holiday(c, rng_range(r, T_MIN / DAY, T_MAX / DAY));
		}
	}
	qsort(c->holidays, (size_t)c->nholidays, sizeof(c->holidays[0]), int64_cmp);
}

static void
gen_json(struct gcal *g)
{
	const struct ref_calendar *c = &g->ref;

	g->json.len = 0;
	text_add(&g->json, "{\"timezone\": \"%s\", \"week\": {", c->zone);
	for (int wd = 0, first = 1; wd < 7; wd++) {
		if (c->nspans[wd] == 0 && wd % 2 == 0) {
			continue; /* sometimes left out, sometimes [] */
		}
		text_add(&g->json, "%s\"%s\": [", first ? "" : ", ", day_keys[wd]);
		first = 0;
		for (int i = 0; i < c->nspans[wd]; i++) {
			int s = c->start_s[wd][i] / 60, e = c->end_s[wd][i] / 60;
			text_add(&g->json, "%s\"%02d:%02d-%02d:%02d\"", i ? ", " : "", s / 60, s % 60, e / 60, e % 60);
		}
		text_add(&g->json, "]");
	}
	text_add(&g->json, "}, \"holidays\": [");
	for (int i = 0; i < c->nholidays; i++) {
		int y, m, d;
		ref_civil_from_days(c->holidays[i], &y, &m, &d);
		text_add(&g->json, "%s\"%04d-%02d-%02d\"", i ? ", " : "", y, m, d);
	}
	text_add(&g->json, "]}");
}

/*
 * A random calendar the engine accepts.  calendar_open() compiles 1970..2200
 * and costs milliseconds, so most calendars are compiled (by the same parse,
 * zone load and compile) only for the local years around their focus year,
 * and their cases stay two days away from that range's ends.
 */
static void
gen_calendar(struct rng *r, struct gcal *g, int full)
{
	for (;;) {
		struct err e;
		int rc;
		gen_spec(r, g);
		gen_json(g);
		err_clear(&e);
		if (full) {
			rc = calendar_open(g->json.buf, g->json.len, &g->spec, &g->zone, &g->cal, &e);
		} else {
			rc = calendar_from_text(&g->spec, g->json.buf, g->json.len, &e);
			if (rc == 0) {
				rc = calendar_zone_load(&g->zone, g->spec.timezone, &e);
				if (rc == 0) {
					rc = calendar_compile(&g->cal, &g->spec, &g->zone, g->focus_year - 1,
					                      g->focus_year + 1, &e);
					if (rc != 0) {
						tz_release(&g->zone);
					}
				}
				if (rc != 0) {
					cal_spec_release(&g->spec);
				}
			}
		}
		if (rc == 0) {
			break;
		}
		cr_assert(g->week_s == 0 && strcmp(e.field, "week") == 0, "calendar refused: %s: %s\n%s", e.field,
		          e.message, g->json.buf);
	}
	g->full = full;
	g->lo = full ? REF_FROM : year_start(g->focus_year - 1) + 2 * DAY;
	g->hi = full ? REF_TO : year_start(g->focus_year + 2) - 2 * DAY;
	cr_assert(calendar_covers(&g->cal, g->lo) && calendar_covers(&g->cal, g->hi), "%s calendar does not cover %d",
	          full ? "a full" : "a three-year", g->focus_year);
}

static void
gcal_release(struct gcal *g)
{
	calendar_release(&g->cal);
	tz_release(&g->zone);
	cal_spec_release(&g->spec);
}

/* ---- random instants ---- */

static int64_t
jitter(struct rng *r)
{
	switch (rng_range(r, 0, 7)) {
	case 0:
	case 1:
	case 2:
		return 0;
	case 3:
		return rng_pct(r, 50) ? 1 : -1;
	case 4:
		return rng_range(r, -60, 60);
	case 5:
		return rng_range(r, -HOUR, HOUR);
	default:
		return rng_range(r, -2 * DAY, 2 * DAY);
	}
}

/* An interval edge (a start or an end of business time) in [t, t + span), or a random instant there. */
static int64_t
edge_after(struct rng *r, const struct gcal *g, int64_t t, int64_t span)
{
	struct ref_window w;
	int64_t u;

	ref_window_build(&w, &g->ref, t, t + span);
	if (w.n == 0) {
		u = t + rng_range(r, 0, span - 1);
	} else {
		size_t i = (size_t)rng_range(r, 0, (int64_t)w.n - 1);
		u = rng_pct(r, 50) ? w.start[i] : w.end[i];
	}
	ref_window_release(&w);
	return u;
}

/* A local wall-clock edge of the calendar on the local date day, as UTC. */
static int64_t
local_edge(struct rng *r, const struct gcal *g, int64_t day)
{
	for (int k = 0; k < 7; k++, day++) {
		int wd = (int)(((day % 7) + 7 + 3) % 7);
		if (g->ref.nspans[wd] > 0) {
			int i = (int)rng_range(r, 0, g->ref.nspans[wd] - 1);
			int32_t s = rng_pct(r, 50) ? g->ref.start_s[wd][i] : g->ref.end_s[wd][i];
			return ref_local_to_utc(g->ref.zone, day * DAY + s);
		}
	}
	return day * DAY;
}

static int64_t
pick_instant(struct rng *r, const struct gcal *g)
{
	int k = (int)rng_range(r, 0, 99);
	int64_t y0 = year_start(g->focus_year), t;

	if (k < 4 && g->full) {
		/* the ends of what the engine answers for */
		t = rng_pct(r, 50) ? REF_FROM + rng_range(r, 0, 3 * DAY) : REF_TO - rng_range(r, 0, 3 * DAY);
	} else if (k < 15) {
		t = g->full ? rng_range(r, T_MIN, T_MAX) : rng_range(r, g->lo, g->hi);
	} else if (k < 40 && g->ntrans > 0) {
		t = g->trans[rng_range(r, 0, g->ntrans - 1)] + jitter(r);
	} else if (k < 70) {
		int64_t day;
		if (g->ntrans > 0 && rng_pct(r, 50)) {
			day = g->trans[rng_range(r, 0, g->ntrans - 1)] / DAY + rng_range(r, -2, 1);
		} else if (g->ref.nholidays > 0 && rng_pct(r, 40)) {
			day = g->ref.holidays[rng_range(r, 0, g->ref.nholidays - 1)] + rng_range(r, -1, 1);
		} else {
			day = y0 / DAY + rng_range(r, 0, 364);
		}
		t = local_edge(r, g, day) + jitter(r);
	} else {
		t = y0 + rng_range(r, 0, 365 * DAY);
	}
	return clamp(t, g->lo, g->hi);
}

/* ---- reporting ---- */

struct tally {
	long compared, mismatched, skipped;
	long states[5], breached_at, due_none; /* what the compared clocks came to */
};

static void
report_calendar(const struct gcal *g)
{
	fprintf(stderr, "  zone %s, calendar %s\n", g->ref.zone, g->json.buf);
}

/* ---- elapsed, due, next business ---- */

static void
check_elapsed(struct rng *r, const struct gcal *g, struct tally *tl)
{
	int64_t a = pick_instant(r, g), b;
	int k = (int)rng_range(r, 0, 99);

	if (k < 8) {
		b = a;
	} else if (k < 12) {
		b = a - rng_range(r, 1, DAY);
	} else if (k < 37) {
		b = a + rng_range(r, 1, DAY);
	} else if (k < 57) {
		b = a + rng_range(r, 1, 7 * DAY);
	} else if (k < 72) {
		b = a + rng_range(r, 1, 60 * DAY);
	} else if (k < 73) {
		b = a + rng_range(r, 1, 2 * 366 * DAY); /* across years of cumulative sums */
	} else {
		b = edge_after(r, g, a, rng_pct(r, 50) ? 3 * DAY : 20 * DAY) + jitter(r) % 2;
	}
	b = clamp(b, g->lo, g->hi);
	int64_t want = ref_elapsed(&g->ref, a, b), got = calendar_elapsed(&g->cal, a, b);
	tl->compared++;
	if (want != got) {
		char x[96], y[96];
		if (tl->mismatched++ < MAX_REPORTED) {
			fprintf(stderr, "elapsed mismatch:\n");
			report_calendar(g);
			fprintf(stderr, "  a %s = %lld\n  b %s = %lld\n  engine %lld, reference %lld\n",
			        fmt(g->ref.zone, a, x, sizeof(x)), (long long)a, fmt(g->ref.zone, b, y, sizeof(y)),
			        (long long)b, (long long)got, (long long)want);
		}
	}
}

static void
check_next(const struct gcal *g, int64_t t, struct tally *tl)
{
	int64_t want = ref_next_business(&g->ref, t), got = calendar_next_business(&g->cal, t);

	if (!g->full && (want == REF_NONE || want > g->hi)) {
		tl->skipped++; /* past what this calendar was compiled for */
		return;
	}
	tl->compared++;
	if (want != got && tl->mismatched++ < MAX_REPORTED) {
		char x[96], y[96], z[96];
		fprintf(stderr, "next business mismatch:\n");
		report_calendar(g);
		fprintf(stderr, "  t %s = %lld\n  engine %s, reference %s\n", fmt(g->ref.zone, t, x, sizeof(x)),
		        (long long)t, fmt(g->ref.zone, got, y, sizeof(y)), fmt(g->ref.zone, want, z, sizeof(z)));
	}
}

static void
check_due(struct rng *r, const struct gcal *g, struct tally *tl, struct tally *next)
{
	int64_t t = pick_instant(r, g), s;
	int64_t most = g->week_s * 4 < 30 * 8 * HOUR ? g->week_s * 4 : 30 * 8 * HOUR;
	int k = (int)rng_range(r, 0, 99);

	if (k < 10) {
		s = 0;
	} else if (k < 35) {
		/* exactly to an interval's end (or start) */
		int64_t u = edge_after(r, g, t, rng_pct(r, 50) ? 3 * DAY : 21 * DAY);
		s = ref_elapsed(&g->ref, t, u);
	} else if (k < 50) {
		s = rng_range(r, 1, HOUR);
	} else {
		s = rng_range(r, 0, most);
		s = rng_pct(r, 50) ? s : s * (s % 97) / 97; /* bias toward the short ones */
	}
	int64_t want = REF_NONE, got = REF_NONE;
	struct err e;
	int want_rc = ref_due(&g->ref, t, s, &want);
	err_clear(&e);
	int got_rc = calendar_due(&g->cal, t, s, &got, &e);
	if (!g->full && (want_rc != 0 || want > g->hi)) {
		tl->skipped++; /* past what this calendar was compiled for */
		return;
	}
	tl->compared++;
	if (want_rc != got_rc || (want_rc == 0 && want != got)) {
		char x[96], y[96], z[96];
		if (tl->mismatched++ < MAX_REPORTED) {
			fprintf(stderr, "due mismatch:\n");
			report_calendar(g);
			fprintf(stderr, "  t %s = %lld, s %lld\n  engine rc %d %s, reference rc %d %s\n",
			        fmt(g->ref.zone, t, x, sizeof(x)), (long long)t, (long long)s, got_rc,
			        fmt(g->ref.zone, got_rc == 0 ? got : REF_NONE, y, sizeof(y)), want_rc,
			        fmt(g->ref.zone, want_rc == 0 ? want : REF_NONE, z, sizeof(z)));
		}
	}
	if (rng_pct(r, 30)) {
		check_next(g, t, next);
	}
}

/* ---- clocks ---- */

struct gclock {
	int nwarn;
	int warn_pct[REF_MAX_WARN];
	int64_t target_s;
	struct ref_event ev[8];
	size_t n;
	int64_t as_of;
};

static enum clock_event_kind
engine_kind(enum ref_event_kind k)
{
	switch (k) {
	case REF_EV_START:
		return CLOCK_EV_START;
	case REF_EV_PAUSE:
		return CLOCK_EV_PAUSE;
	case REF_EV_RESUME:
		return CLOCK_EV_RESUME;
	case REF_EV_STOP:
		return CLOCK_EV_STOP;
	case REF_EV_REOPEN:
		return CLOCK_EV_REOPEN;
	case REF_EV_TARGET:
		return CLOCK_EV_TARGET;
	}
	return CLOCK_EV_KIND_COUNT;
}

static int64_t
pick_target(struct rng *r, const struct gcal *g)
{
	int64_t most = g->week_s * 3 / 2 < 3 * DAY ? g->week_s * 3 / 2 : 3 * DAY;
	int k = (int)rng_range(r, 0, 99);

	if (k < 10) {
		return 0;
	} else if (k < 35) {
		return HOUR * rng_range(r, 1, 72);
	} else if (k < 70) {
		return rng_range(r, 0, most);
	}
	return rng_range(r, 1, 4 * HOUR);
}

static void
ref_eval(const struct gcal *g, const struct gclock *c, size_t n, int64_t as_of, struct ref_clock *out)
{
	cr_assert_eq(ref_clock_eval(&g->ref, c->target_s, c->nwarn, c->warn_pct, c->ev, n, as_of, out), 0,
	             "the reference refused its own events");
}

static void
gen_clock(struct rng *r, const struct gcal *g, struct gclock *c)
{
	struct ref_clock far;
	int64_t t;

	memset(c, 0, sizeof(*c));
	if (rng_pct(r, 85)) {
		c->nwarn = 3;
		c->warn_pct[0] = 50;
		c->warn_pct[1] = 75;
		c->warn_pct[2] = 90;
	} else {
		/* the extremes: 1 % fires almost at once, 100 % with the deadline */
		static const int odd[] = { 1, 33, 99, 100 };
		for (int k = 0; k < 4; k++) {
			if (rng_pct(r, 50)) {
				c->warn_pct[c->nwarn++] = odd[k];
			}
		}
	}
	c->target_s = pick_target(r, g);
	c->n = (size_t)rng_range(r, 1, 8);
	c->ev[0].at = pick_instant(r, g);
	c->ev[0].kind = REF_EV_START;
	t = c->ev[0].at;
	for (size_t i = 1; i < c->n; i++) {
		int k = (int)rng_range(r, 0, 99);
		if (k < 15) {
			t += 0;
		} else if (k < 35) {
			t += rng_range(r, 1, HOUR);
		} else if (k < 65) {
			t += rng_range(r, HOUR, DAY);
		} else if (k < 80) {
			t += rng_range(r, DAY, 5 * DAY);
		} else {
			t = edge_after(r, g, t, 7 * DAY);
		}
		t = clamp(t, c->ev[i - 1].at, g->hi);
		c->ev[i].at = t;
		k = (int)rng_range(r, 0, 99);
		c->ev[i].kind = k < 20   ? REF_EV_PAUSE
		                : k < 38 ? REF_EV_RESUME
		                : k < 55 ? REF_EV_STOP
		                : k < 70 ? REF_EV_REOPEN
		                         : REF_EV_TARGET;
		if (c->ev[i].kind != REF_EV_TARGET) {
			continue;
		}
		if (rng_pct(r, 30)) {
			/* exactly the elapsed time at the change, a second off, or a warning's threshold on it */
			struct ref_clock now;
			ref_eval(g, c, i, t, &now);
			c->ev[i].target_s = now.elapsed_business_s + (rng_pct(r, 50) ? 0 : rng_range(r, -1, 1));
			if (c->nwarn > 0 && rng_pct(r, 30)) {
				int p = c->warn_pct[rng_range(r, 0, c->nwarn - 1)];
				c->ev[i].target_s = (now.elapsed_business_s * 100 + p - 1) / p + rng_range(r, 0, 1);
			}
			if (c->ev[i].target_s < 0) {
				c->ev[i].target_s = 0;
			}
		} else if (rng_pct(r, 10)) {
			c->ev[i].target_s = c->target_s; /* the same priority again */
		} else {
			c->ev[i].target_s = pick_target(r, g);
		}
	}

	int64_t start = c->ev[0].at, last = c->ev[c->n - 1].at;
	ref_eval(g, c, c->n, clamp(last + 20 * DAY, g->lo, g->hi), &far);
	int64_t marks[8 + 3 + REF_MAX_WARN];
	int nmarks = 0;
	for (size_t i = 0; i < c->n; i++) {
		marks[nmarks++] = c->ev[i].at;
	}
	marks[nmarks++] = far.reached_at;
	marks[nmarks++] = far.breached_at;
	marks[nmarks++] = far.due_at;
	for (int k = 0; k < far.nwarn; k++) {
		marks[nmarks++] = far.warn_at[k];
	}
	int k = (int)rng_range(r, 0, 99);
	if (k < 10) {
		c->as_of = start - rng_range(r, 1, 3 * DAY);
	} else if (k < 60) {
		int64_t m = marks[rng_range(r, 0, nmarks - 1)];
		if (m == REF_NONE) {
			m = last;
		}
		c->as_of = m + rng_range(r, -1, 1) * rng_pct(r, 60);
	} else {
		c->as_of = rng_range(r, start, last + 10 * DAY);
	}
	c->as_of = clamp(c->as_of, g->lo, g->hi);
}

static void
report_clock(const struct gcal *g, const struct gclock *c)
{
	char x[96];

	report_calendar(g);
	fprintf(stderr, "  target %lld s, warnings at", (long long)c->target_s);
	for (int k = 0; k < c->nwarn; k++) {
		fprintf(stderr, " %d %%", c->warn_pct[k]);
	}
	fprintf(stderr, ", events:\n");
	for (size_t i = 0; i < c->n; i++) {
		fprintf(stderr, "    %s = %lld %s", fmt(g->ref.zone, c->ev[i].at, x, sizeof(x)), (long long)c->ev[i].at,
		        ref_event_kind_name(c->ev[i].kind));
		if (c->ev[i].kind == REF_EV_TARGET) {
			fprintf(stderr, " %lld", (long long)c->ev[i].target_s);
		}
		fprintf(stderr, "\n");
	}
	fprintf(stderr, "  as_of %s = %lld\n", fmt(g->ref.zone, c->as_of, x, sizeof(x)), (long long)c->as_of);
}

static int
same_int(const char *zone, const char *what, int64_t got, int64_t want, int instant, int print)
{
	char x[96], y[96];

	if (print) {
		if (instant) {
			fprintf(stderr, "  %-20s engine %-44s reference %s%s\n", what, fmt(zone, got, x, sizeof(x)),
			        fmt(zone, want, y, sizeof(y)), got == want ? "" : "   <<<");
		} else {
			fprintf(stderr, "  %-20s engine %-44lld reference %lld%s\n", what, (long long)got,
			        (long long)want, got == want ? "" : "   <<<");
		}
	}
	return got == want;
}

/* Compares every figure; prints them all (print = 1) once a difference is known. */
static int
compare_clock(const char *zone, const struct clock_result *res, const struct ref_clock *want, int print)
{
	int ok = 1;

	if (print) {
		fprintf(stderr, "  %-20s engine %-44s reference %s%s\n", "state", clock_state_name(res->state),
		        ref_state_name(want->state),
		        strcmp(clock_state_name(res->state), ref_state_name(want->state)) ? "   <<<" : "");
	}
	ok &= strcmp(clock_state_name(res->state), ref_state_name(want->state)) == 0;
	ok &= same_int(zone, "target_s", res->target_s, want->target_s, 0, print);
	ok &= same_int(zone, "elapsed_business_s", res->elapsed_business_s, want->elapsed_business_s, 0, print);
	ok &= same_int(zone, "remaining_s", res->remaining_s, want->remaining_s, 0, print);
	ok &= same_int(zone, "paused_wall_s", res->paused_wall_s, want->paused_wall_s, 0, print);
	ok &= same_int(zone, "due_at", res->due_at, want->due_at, 1, print);
	ok &= same_int(zone, "breached_at", res->breached_at, want->breached_at, 1, print);
	ok &= same_int(zone, "nwarn", res->nwarn, want->nwarn, 0, print);
	for (int k = 0; k < want->nwarn && k < res->nwarn; k++) {
		char what[32];
		snprintf(what, sizeof(what), "warning %d%%", want->warn_pct[k]);
		ok &= same_int(zone, "warning pct", res->warnings[k].pct, want->warn_pct[k], 0, 0);
		ok &= same_int(zone, what, res->warnings[k].at, want->warn_at[k], 1, print);
	}
	if (print) {
		char x[96];
		fprintf(stderr, "  (reference reached_at %s)\n", fmt(zone, want->reached_at, x, sizeof(x)));
	}
	return ok;
}

static void
check_clock(const struct gcal *g, const struct gclock *c, struct tally *tl)
{
	struct clock_target tg;
	struct clock_event ev[8];
	struct clock_result res;
	struct ref_clock want;
	struct err e;

	memset(&tg, 0, sizeof(tg));
	tg.target_s = c->target_s;
	tg.cal = &g->cal;
	tg.nwarn = c->nwarn;
	memcpy(tg.warn_pct, c->warn_pct, sizeof(c->warn_pct));
	for (size_t i = 0; i < c->n; i++) {
		ev[i].at = c->ev[i].at;
		ev[i].kind = engine_kind(c->ev[i].kind);
		ev[i].target_s = c->ev[i].target_s;
	}
	ref_eval(g, c, c->n, c->as_of, &want);
	if (!g->full && want.due_at != REF_NONE && want.due_at > g->hi) {
		tl->skipped++; /* the deadline is past what this calendar was compiled for */
		return;
	}
	err_clear(&e);
	memset(&res, 0, sizeof(res));
	int rc = clock_eval(&tg, ev, c->n, c->as_of, &res, NULL, &e);
	tl->compared++;
	tl->states[want.state]++;
	tl->breached_at += want.breached_at != REF_NONE;
	tl->due_none += want.due_at == REF_NONE;
	if (rc == 0 && compare_clock(g->ref.zone, &res, &want, 0)) {
		return;
	}
	if (tl->mismatched++ < MAX_REPORTED) {
		fprintf(stderr, "clock mismatch:\n");
		report_clock(g, c);
		if (rc != 0) {
			fprintf(stderr, "  engine refused: %s: %s\n", e.field, e.message);
		} else {
			compare_clock(g->ref.zone, &res, &want, 1);
		}
	}
}

/* ---- drivers ---- */

enum job { JOB_ELAPSED, JOB_DUE, JOB_CLOCKS };

/*
 * ncal random calendars, every eighth opened in full; cases per calendar
 * (three times as many on a full one, whose opening costs more).
 */
static void
run(const char *what, enum job job, uint64_t seed, long ncal, int cases)
{
	struct rng r = { seed ^ test_seed() };
	struct tally tl, next;
	long nfull = 0;

	memset(&tl, 0, sizeof(tl));
	memset(&next, 0, sizeof(next));
	for (long i = 0; i < ncal; i++) {
		struct gcal g;
		int full = i % 8 == 0;
		gen_calendar(&r, &g, full);
		nfull += full;
		for (int k = 0; k < (full ? 3 * cases : cases); k++) {
			if (job == JOB_ELAPSED) {
				check_elapsed(&r, &g, &tl);
			} else if (job == JOB_DUE) {
				check_due(&r, &g, &tl, &next);
			} else {
				struct gclock c;
				gen_clock(&r, &g, &c);
				check_clock(&g, &c, &tl);
			}
		}
		gcal_release(&g);
	}
	fprintf(stderr,
	        "reference: %s: %ld calendars (%ld opened for 1970..2200, %ld compiled for three years): "
	        "%ld compared, %ld skipped, %ld mismatched\n",
	        what, ncal, nfull, ncal - nfull, tl.compared, tl.skipped, tl.mismatched);
	if (job == JOB_CLOCKS) {
		fprintf(stderr,
		        "reference: %s: %ld pending, %ld running, %ld paused, %ld met, %ld breached; "
		        "%ld with breached_at, %ld without due_at\n",
		        what, tl.states[REF_PENDING], tl.states[REF_RUNNING], tl.states[REF_PAUSED], tl.states[REF_MET],
		        tl.states[REF_BREACHED], tl.breached_at, tl.due_none);
	}
	if (job == JOB_DUE) {
		fprintf(stderr, "reference: %s: next business: %ld compared, %ld skipped, %ld mismatched\n", what,
		        next.compared, next.skipped, next.mismatched);
	}
	cr_expect_eq(tl.mismatched, 0, "%s: %ld of %ld comparisons differ", what, tl.mismatched, tl.compared);
	cr_expect_eq(next.mismatched, 0, "%s: %ld of %ld next-business comparisons differ", what, next.mismatched,
	             next.compared);
}

Test(reference, elapsed)
{
	run("elapsed", JOB_ELAPSED, 0x5eed0001u, 720 / test_scale(), 16);
}

Test(reference, due)
{
	run("due", JOB_DUE, 0x5eed0002u, 720 / test_scale(), 16);
}

Test(reference, clocks_a)
{
	run("clocks a", JOB_CLOCKS, 0x5eed0003u, 360 / test_scale(), 9);
}

Test(reference, clocks_b)
{
	run("clocks b", JOB_CLOCKS, 0x5eed0004u, 360 / test_scale(), 9);
}

/* ---- the reference itself against the doc's examples and golden cases ---- */

static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	return ref_days_from_civil(y, mo, d) * DAY + h * HOUR + mi * 60;
}

Test(reference, doc_examples)
{
	struct ref_calendar c;

	cr_expect_eq(REF_TO, utc(2201, 1, 1, 0, 0));
	/* 02:30 on 2026-03-29 in Copenhagen does not exist: read with +01:00, it is 01:30Z */
	cr_expect_eq(ref_local_to_utc("Europe/Copenhagen", utc(2026, 3, 29, 2, 30)), utc(2026, 3, 29, 1, 30));
	/* 02:30 on 2026-10-25 occurs twice: the first, 00:30Z */
	cr_expect_eq(ref_local_to_utc("Europe/Copenhagen", utc(2026, 10, 25, 2, 30)), utc(2026, 10, 25, 0, 30));
	memset(&c, 0, sizeof(c));
	snprintf(c.zone, sizeof(c.zone), "Europe/Copenhagen");
	c.nspans[6] = 1; /* Sundays 02:00-03:00 */
	c.start_s[6][0] = 2 * HOUR;
	c.end_s[6][0] = 3 * HOUR;
	cr_expect_eq(ref_elapsed(&c, utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)), 2 * HOUR);
	cr_expect_eq(ref_elapsed(&c, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), 0);
	cr_expect_eq(ref_elapsed(&c, utc(2026, 4, 4, 0, 0), utc(2026, 4, 6, 0, 0)), HOUR);
}

static int64_t
golden_instant(json_t *v)
{
	struct err e;
	int64_t t = 0;

	cr_assert(json_is_string(v), "expected an instant");
	cr_assert_eq(rfc3339_parse(json_string_value(v), json_string_length(v), &t, &e), 0, "%s", e.message);
	return t;
}

static int64_t
golden_duration(json_t *v)
{
	struct err e;
	int64_t s = 0;

	if (json_is_integer(v)) {
		return json_integer_value(v);
	}
	cr_assert(json_is_string(v), "expected a duration");
	cr_assert_eq(duration_parse(json_string_value(v), json_string_length(v), &s, &e), 0, "%s", e.message);
	return s;
}

/* A golden case's calendar document, read the simple way. */
static void
golden_calendar(json_t *doc, struct ref_calendar *c)
{
	json_t *v;
	size_t i;

	memset(c, 0, sizeof(*c));
	snprintf(c->zone, sizeof(c->zone), "%s", json_string_value(json_object_get(doc, "timezone")));
	for (int wd = 0; wd < 7; wd++) {
		json_array_foreach(json_object_get(json_object_get(doc, "week"), day_keys[wd]), i, v)
		{
			int h0, m0, h1, m1;
			cr_assert_eq(sscanf(json_string_value(v), "%d:%d-%d:%d", &h0, &m0, &h1, &m1), 4);
			c->start_s[wd][c->nspans[wd]] = h0 * HOUR + m0 * 60;
			c->end_s[wd][c->nspans[wd]] = h1 * HOUR + m1 * 60;
			c->nspans[wd]++;
		}
	}
	json_array_foreach(json_object_get(doc, "holidays"), i, v)
	{
		int y, m, d;
		cr_assert_eq(sscanf(json_string_value(v), "%d-%d-%d", &y, &m, &d), 3);
		cr_assert_lt(c->nholidays, REF_MAX_HOLIDAYS);
		c->holidays[c->nholidays++] = ref_days_from_civil(y, m, d);
	}
}

static void
golden_expect_instant(const char *file, const char *what, json_t *want, int64_t got)
{
	if (want != NULL) {
		int64_t w = json_is_null(want) ? REF_NONE : golden_instant(want);
		cr_expect_eq(got, w, "%s: reference %s: want %lld, got %lld", file, what, (long long)w, (long long)got);
	}
}

static void
golden_expect_int(const char *file, const char *what, json_t *want, int64_t got)
{
	if (want != NULL) {
		cr_expect_eq(got, json_integer_value(want), "%s: reference %s: want %lld, got %lld", file, what,
		             (long long)json_integer_value(want), (long long)got);
	}
}

static void
golden_clock(const char *file, const struct ref_calendar *c, json_t *clk)
{
	static const char *const kinds[] = { "start", "pause", "resume", "stop", "reopen", "target" };
	struct ref_event ev[64];
	struct ref_clock out;
	int pct[REF_MAX_WARN] = { 75, 90 }, nwarn = 2;
	json_t *v, *ex = json_object_get(clk, "expect");
	size_t i, n = json_array_size(json_object_get(clk, "events"));

	if (json_object_get(clk, "warn_at") != NULL) {
		nwarn = 0;
		json_array_foreach(json_object_get(clk, "warn_at"), i, v)
		{
			pct[nwarn++] = (int)json_integer_value(v);
		}
	}
	cr_assert_leq(n, 64);
	json_array_foreach(json_object_get(clk, "events"), i, v)
	{
		const char *kind = json_string_value(json_array_get(v, 1));
		ev[i].at = golden_instant(json_array_get(v, 0));
		ev[i].kind = REF_EV_START;
		for (int k = 0; k < 6; k++) {
			if (strcmp(kind, kinds[k]) == 0) {
				ev[i].kind = (enum ref_event_kind)k;
			}
		}
		ev[i].target_s = json_array_size(v) > 2 ? golden_duration(json_array_get(v, 2)) : 0;
	}
	cr_assert_eq(ref_clock_eval(c, golden_duration(json_object_get(clk, "target")), nwarn, pct, ev, n,
	                            golden_instant(json_object_get(clk, "as_of")), &out),
	             0, "%s: the reference refused a clock", file);
	if (json_object_get(ex, "state") != NULL) {
		cr_expect_str_eq(ref_state_name(out.state), json_string_value(json_object_get(ex, "state")),
		                 "%s: reference state", file);
	}
	golden_expect_int(file, "elapsed_business_s", json_object_get(ex, "elapsed_business_s"),
	                  out.elapsed_business_s);
	golden_expect_int(file, "remaining_s", json_object_get(ex, "remaining_s"), out.remaining_s);
	golden_expect_int(file, "paused_wall_s", json_object_get(ex, "paused_wall_s"), out.paused_wall_s);
	golden_expect_int(file, "target_s", json_object_get(ex, "target_s"), out.target_s);
	golden_expect_instant(file, "due_at", json_object_get(ex, "due_at"), out.due_at);
	golden_expect_instant(file, "breached_at", json_object_get(ex, "breached_at"), out.breached_at);
	for (int k = 0; k < nwarn; k++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", pct[k]);
		golden_expect_instant(file, key, json_object_get(json_object_get(ex, "warnings"), key), out.warn_at[k]);
	}
}

Test(reference, golden_cases)
{
	const char *srcdir = test_srcdir();
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/tests/sla/cases", srcdir);
	d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		struct ref_calendar c;
		json_error_t jerr;
		json_t *doc, *row;
		size_t i, len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		doc = json_load_file(path, 0, &jerr);
		cr_assert_not_null(doc, "%s: %s", path, jerr.text);
		golden_calendar(json_object_get(doc, "calendar"), &c);
		json_array_foreach(json_object_get(doc, "elapsed"), i, row)
		{
			golden_expect_int(de->d_name, "elapsed", json_array_get(row, 2),
			                  ref_elapsed(&c, golden_instant(json_array_get(row, 0)),
			                              golden_instant(json_array_get(row, 1))));
		}
		json_array_foreach(json_object_get(doc, "due"), i, row)
		{
			int64_t u = REF_NONE;
			if (ref_due(&c, golden_instant(json_array_get(row, 0)), golden_duration(json_array_get(row, 1)),
			            &u) != 0) {
				u = REF_NONE;
			}
			golden_expect_instant(de->d_name, "due", json_array_get(row, 2), u);
		}
		json_array_foreach(json_object_get(doc, "clocks"), i, row)
		{
			golden_clock(de->d_name, &c, row);
		}
		json_decref(doc);
		files++;
	}
	closedir(d);
	cr_expect_gt(files, 10, "too few golden cases");
}
