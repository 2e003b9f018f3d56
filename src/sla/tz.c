/*
 * tz.c - UTC offsets of a zone from its TZif bytes and POSIX TZ rule.
 *
 * Parses TZif (RFC 8536) and POSIX TZ strings, answers the offset at an
 * instant, lists offset changes and maps local wall times back to UTC.  It
 * reads no files and keeps no state between calls; abbreviations, DST flags
 * and leap seconds are read past and dropped.
 */
#include "sla/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

#define DAY_S 86400
#define HOUR_S 3600
/* The Gregorian calendar, weekdays included, repeats every 400 years. */
#define CYCLE_DAYS 146097
#define CYCLE_S ((int64_t)CYCLE_DAYS * DAY_S)
#define DAYS_1970_TO_2000 10957

/*
 * A rule's change for year y lies within this distance of year y: its day is
 * Jan 1 .. Jan 1 of y+1 ("365" in a common year), moved by the rule time
 * (under 168 hours either way) and the offset (under 26 hours).
 */
#define EVENT_SLACK_S ((int64_t)9 * DAY_S)

#define TZIF_HEADER_LEN 44

/* ---- calendar arithmetic on 64-bit years ---- */

static bool
leap64(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A year, with what the rule dates need to know of it. */
struct year {
	int64_t y;
	int64_t jan1; /* days since 1970-01-01 */
	bool leap;
};

static struct year
year_of(int64_t t)
{
	int64_t days = floor_div(t, DAY_S);
	/* Count within a 400-year cycle, so any instant's year fits an int. */
	int64_t q = floor_div(days - DAYS_1970_TO_2000, CYCLE_DAYS);
	struct civil c = civil_from_days(days - q * CYCLE_DAYS);
	struct year yr;

	yr.y = c.year + 400 * q;
	yr.jan1 = days_from_civil(c.year, 1, 1) + q * CYCLE_DAYS;
	yr.leap = leap64(yr.y);
	return yr;
}

static void
year_next(struct year *yr)
{
	yr->jan1 += 365 + yr->leap;
	yr->y++;
	yr->leap = leap64(yr->y);
}

static void
year_prev(struct year *yr)
{
	yr->y--;
	yr->leap = leap64(yr->y);
	yr->jan1 -= 365 + yr->leap;
}

/* ---- POSIX TZ rules ---- */

static int64_t
rule_date_days(const struct tz_rule_date *d, const struct year *yr)
{
	static const int before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t first;
	int wday;
	int mday;

	if (d->kind == TZ_RULE_JULIAN1) {
		/* Jn never counts February 29. */
		return yr->jan1 + d->day - 1 + (d->day >= 60 && yr->leap ? 1 : 0);
	}
	if (d->kind == TZ_RULE_JULIAN0) {
		return yr->jan1 + d->day;
	}
	first = yr->jan1 + before_month[d->month - 1] + (d->month > 2 && yr->leap ? 1 : 0);
	/* 1970-01-01 was a Thursday; Sunday is 0. */
	wday = (int)((first % 7 + 11) % 7);
	mday = (d->day - wday + 7) % 7 + 7 * (d->week - 1);
	if (mday >= month_days[d->month - 1] + (d->month == 2 && yr->leap ? 1 : 0)) {
		mday -= 7; /* week 5 is the last such day */
	}
	return first + mday;
}

/* The instant a rule date happens in a year, its time read at utoff. */
static int64_t
rule_event(const struct tz_rule_date *d, int32_t utoff, const struct year *yr)
{
	return rule_date_days(d, yr) * DAY_S + d->local_time_s - utoff;
}

/* The latest start and end of daylight time at or before an instant. */
struct rule_pos {
	struct year s_year, e_year;
	int64_t s_at, e_at;
};

static void
rule_latest_one(const struct tz_rule_date *d, int32_t utoff, int64_t t, const struct year *cur, bool maybe_next,
                struct year *year, int64_t *at)
{
	/*
	 * The change of year y+2 is after t and that of y-2 is before it, as
	 * they stay within EVENT_SLACK_S of their year.
	 */
	struct year yr = *cur;

	if (maybe_next) {
		year_next(&yr);
	}
	for (;;) {
		*at = rule_event(d, utoff, &yr);
		if (*at <= t || yr.y <= cur->y - 2) {
			break;
		}
		year_prev(&yr);
	}
	*year = yr;
}

static void
rule_latest(const struct tz_rule *r, int64_t t, struct rule_pos *p)
{
	struct year cur = year_of(t);
	bool maybe_next = t >= (cur.jan1 + 365 + cur.leap) * DAY_S - EVENT_SLACK_S;

	rule_latest_one(&r->dst_start, r->std_utoff_s, t, &cur, maybe_next, &p->s_year, &p->s_at);
	rule_latest_one(&r->dst_end, r->dst_utoff_s, t, &cur, maybe_next, &p->e_year, &p->e_at);
}

/*
 * The changes of all years, ordered by instant, then year, then start before
 * end; the last one at or before t decides.  So the all-year trick
 * "0/0,J365/25", whose end meets the next year's start, stays daylight.
 */
static bool
rule_pos_dst(const struct rule_pos *p)
{
	if (p->s_at != p->e_at) {
		return p->s_at > p->e_at;
	}
	return p->s_year.y > p->e_year.y;
}

static int32_t
rule_utoff_at(const struct tz_rule *r, int64_t t)
{
	struct rule_pos p;
	int64_t in_cycle;

	if (!r->has_dst) {
		return r->std_utoff_s;
	}
	/* The rule repeats every cycle, so any t maps to 1970..2369. */
	in_cycle = t % CYCLE_S;
	if (in_cycle < 0) {
		in_cycle += CYCLE_S;
	}
	rule_latest(r, in_cycle, &p);
	return rule_pos_dst(&p) ? r->dst_utoff_s : r->std_utoff_s;
}

/* Steps through a rule's changes in order; |t| <= TZ_SPAN_S + a day. */
struct rule_walk {
	const struct tz_rule *rule;
	struct year s_year, e_year; /* of the next start and end not yet passed */
	int64_t s_at, e_at;
	int32_t utoff; /* the rule's offset before them */
};

/* Positions w just after t. */
static void
walk_init(struct rule_walk *w, const struct tz_rule *r, int64_t t)
{
	struct rule_pos p;

	w->rule = r;
	if (!r->has_dst) {
		memset(&w->s_year, 0, sizeof(w->s_year));
		memset(&w->e_year, 0, sizeof(w->e_year));
		w->s_at = INT64_MAX;
		w->e_at = INT64_MAX;
		w->utoff = r->std_utoff_s;
		return;
	}
	rule_latest(r, t, &p);
	w->utoff = rule_pos_dst(&p) ? r->dst_utoff_s : r->std_utoff_s;
	w->s_year = p.s_year;
	year_next(&w->s_year);
	w->s_at = rule_event(&r->dst_start, r->std_utoff_s, &w->s_year);
	w->e_year = p.e_year;
	year_next(&w->e_year);
	w->e_at = rule_event(&r->dst_end, r->dst_utoff_s, &w->e_year);
}

/* The next instant (< hi) where the rule has changes, and its offset after them. */
static bool
walk_next(struct rule_walk *w, int64_t hi, int64_t *at, int32_t *utoff)
{
	const struct tz_rule *r = w->rule;
	int64_t t = w->s_at < w->e_at ? w->s_at : w->e_at;

	if (t >= hi) {
		return false;
	}
	/* Each sequence grows by about a year a step, so this ends at once. */
	while (w->s_at == t || w->e_at == t) {
		/* At one instant a start goes first unless its year is later. */
		if (w->s_at == t && (w->e_at != t || w->s_year.y <= w->e_year.y)) {
			w->utoff = r->dst_utoff_s;
			year_next(&w->s_year);
			w->s_at = rule_event(&r->dst_start, r->std_utoff_s, &w->s_year);
		} else {
			w->utoff = r->std_utoff_s;
			year_next(&w->e_year);
			w->e_at = rule_event(&r->dst_end, r->dst_utoff_s, &w->e_year);
		}
	}
	*at = t;
	*utoff = w->utoff;
	return true;
}

/* ---- POSIX TZ string parsing ---- */

struct scan {
	const char *s;
	size_t n;
	size_t i;
};

static char
peek(const struct scan *sc)
{
	return sc->i < sc->n ? sc->s[sc->i] : '\0';
}

/* Takes c if it comes next. */
static bool
eat(struct scan *sc, char c)
{
	if (sc->i < sc->n && sc->s[sc->i] == c) {
		sc->i++;
		return true;
	}
	return false;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* min..max in 1..max_digits decimal digits. */
static bool
scan_num(struct scan *sc, int max_digits, int min, int max, int *out)
{
	int v = 0;
	int k = 0;

	for (; k < max_digits && is_digit(peek(sc)); k++) {
		v = v * 10 + (sc->s[sc->i++] - '0');
	}
	*out = v;
	return k > 0 && v >= min && v <= max && !is_digit(peek(sc));
}

/* [+-]hh[:mm[:ss]] in seconds, hh at most max_hours. */
static bool
scan_hms(struct scan *sc, int max_hours, int32_t *out)
{
	int sign = eat(sc, '-') ? -1 : 1;
	int h;
	int m = 0;
	int s = 0;

	if (sign == 1) {
		eat(sc, '+');
	}
	if (!scan_num(sc, 3, 0, max_hours, &h)) {
		return false;
	}
	if (eat(sc, ':') && (!scan_num(sc, 2, 0, 59, &m) || (eat(sc, ':') && !scan_num(sc, 2, 0, 59, &s)))) {
		return false;
	}
	*out = sign * (h * HOUR_S + m * 60 + s);
	return true;
}

/* "EST" or "<+0530>": at least three characters either way. */
static bool
scan_name(struct scan *sc)
{
	size_t start;

	if (eat(sc, '<')) {
		start = sc->i;
		while (is_alpha(peek(sc)) || is_digit(peek(sc)) || peek(sc) == '+' || peek(sc) == '-') {
			sc->i++;
		}
		return sc->i - start >= 3 && eat(sc, '>');
	}
	start = sc->i;
	while (is_alpha(peek(sc))) {
		sc->i++;
	}
	return sc->i - start >= 3;
}

/* POSIX offsets are added to local time to get UTC: "EST5" is UTC-5. */
static bool
scan_offset(struct scan *sc, int32_t *utoff)
{
	int32_t v;

	if (!scan_hms(sc, 24, &v)) {
		return false;
	}
	*utoff = -v;
	return true;
}

/* Jn, n or Mm.w.d, then an optional "/hh[:mm[:ss]]" that defaults to 02:00. */
static bool
scan_date(struct scan *sc, struct tz_rule_date *d)
{
	bool ok;

	memset(d, 0, sizeof(*d));
	if (eat(sc, 'J')) {
		d->kind = TZ_RULE_JULIAN1;
		ok = scan_num(sc, 3, 1, 365, &d->day);
	} else if (eat(sc, 'M')) {
		d->kind = TZ_RULE_MONTH_WEEK_DAY;
		ok = scan_num(sc, 2, 1, 12, &d->month) && eat(sc, '.') && scan_num(sc, 1, 1, 5, &d->week) &&
		     eat(sc, '.') && scan_num(sc, 1, 0, 6, &d->day);
	} else {
		d->kind = TZ_RULE_JULIAN0;
		ok = scan_num(sc, 3, 0, 365, &d->day);
	}
	d->local_time_s = 2 * HOUR_S;
	return ok && (!eat(sc, '/') || scan_hms(sc, 167, &d->local_time_s));
}

static bool
scan_rule(struct scan *sc, struct tz_rule *r)
{
	if (!scan_name(sc) || !scan_offset(sc, &r->std_utoff_s)) {
		return false;
	}
	r->dst_utoff_s = r->std_utoff_s;
	if (sc->i == sc->n) {
		return true;
	}
	if (!scan_name(sc)) {
		return false;
	}
	r->has_dst = true;
	r->dst_utoff_s = r->std_utoff_s + HOUR_S;
	if (sc->i < sc->n && peek(sc) != ',' && !scan_offset(sc, &r->dst_utoff_s)) {
		return false;
	}
	if (sc->i == sc->n) {
		r->dst_start = (struct tz_rule_date){ TZ_RULE_MONTH_WEEK_DAY, 0, 2, 3, 2 * HOUR_S };
		r->dst_end = (struct tz_rule_date){ TZ_RULE_MONTH_WEEK_DAY, 0, 1, 11, 2 * HOUR_S };
		return true;
	}
	return eat(sc, ',') && scan_date(sc, &r->dst_start) && eat(sc, ',') && scan_date(sc, &r->dst_end) &&
	       sc->i == sc->n;
}

int
tz_rule_parse(struct tz_rule *rule, const char *s, size_t n, struct err *e)
{
	struct scan sc = { s, n, 0 };
	struct tz_rule r;
	char shown[64];
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(rule, 0, sizeof(*rule));
	if (s != NULL && memchr(s, '\0', n) == NULL && scan_rule(&sc, &r)) {
		*rule = r;
		return 0;
	}
	for (i = 0; s != NULL && i < n && i < sizeof(shown) - 4; i++) {
		unsigned char c = (unsigned char)s[i];
		shown[i] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (s != NULL && i < n) {
		memcpy(shown + i, "...", 3);
		i += 3;
	}
	shown[i] = '\0';
	return err_set(e, ERR_INVALID, "timezone", "invalid TZ rule '%s'", shown);
}

/* ---- TZif ---- */

struct tzif_counts {
	uint64_t isut, isstd, leap, time, type, chars;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int32_t
be32s(const unsigned char *p)
{
	uint32_t u = be32(p);

	return u <= INT32_MAX ? (int32_t)u : -(int32_t)~u - 1;
}

static int64_t
be64s(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);

	return u <= INT64_MAX ? (int64_t)u : -(int64_t)~u - 1;
}

static void
read_counts(const unsigned char *h, struct tzif_counts *c)
{
	c->isut = be32(h + 20);
	c->isstd = be32(h + 24);
	c->leap = be32(h + 28);
	c->time = be32(h + 32);
	c->type = be32(h + 36);
	c->chars = be32(h + 40);
}

/* Bytes of the data block after a header; counts are < 2^32, so no overflow. */
static uint64_t
block_len(const struct tzif_counts *c, uint64_t time_size)
{
	return c->time * time_size + c->time + c->type * 6 + c->chars + c->leap * (time_size + 4) + c->isstd + c->isut;
}

static int
bad_tzif(const char *name, const char *why, struct err *e)
{
	return err_set(e, ERR_INVALID, "timezone", "invalid time zone file for '%s': %s", name, why);
}

/* Turns one data block into z's transitions; z->name is set. */
static int
load_block(struct tz *z, const unsigned char *p, const struct tzif_counts *c, size_t time_size, struct err *e)
{
	const unsigned char *times = p;
	const unsigned char *idx = times + c->time * time_size;
	const unsigned char *types = idx + c->time;
	int32_t prev;
	uint64_t i;

	if (c->type == 0 || c->chars == 0) {
		return bad_tzif(z->name, "no local time types", e);
	}
	if (c->type > 256) {
		return bad_tzif(z->name, "more than 256 local time types", e);
	}
	if ((c->isut != 0 && c->isut != c->type) || (c->isstd != 0 && c->isstd != c->type)) {
		return bad_tzif(z->name, "indicator counts differ from the type count", e);
	}
	for (i = 0; i < c->type; i++) {
		const unsigned char *t = types + 6 * i;
		int32_t utoff = be32s(t);
		if (utoff < TZ_UTOFF_MIN_S || utoff > TZ_UTOFF_MAX_S) {
			return bad_tzif(z->name, "UTC offset out of range", e);
		}
		if (t[4] > 1 || t[5] >= c->chars) {
			return bad_tzif(z->name, "bad local time type", e);
		}
	}
	for (i = 0; i < c->time; i++) {
		if (idx[i] >= c->type) {
			return bad_tzif(z->name, "transition to an unknown type", e);
		}
		if (i > 0 && (time_size == 8 ? be64s(times + 8 * i) <= be64s(times + 8 * (i - 1))
		                             : be32s(times + 4 * i) <= be32s(times + 4 * (i - 1)))) {
			return bad_tzif(z->name, "transitions out of order", e);
		}
	}

	z->initial_utoff_s = be32s(types);
	z->rule_from = INT64_MIN;
	if (c->time > 0) {
		z->trans = xreallocarray(NULL, (size_t)c->time, sizeof(*z->trans));
	}
	prev = z->initial_utoff_s;
	for (i = 0; i < c->time; i++) {
		int64_t at = time_size == 8 ? be64s(times + 8 * i) : be32s(times + 4 * i);
		int32_t utoff = be32s(types + 6 * (size_t)idx[i]);
		z->rule_from = at;
		if (utoff != prev) {
			z->trans[z->ntrans].at = at;
			z->trans[z->ntrans].utoff_s = utoff;
			z->ntrans++;
			prev = utoff;
		}
	}
	return 0;
}

int
tz_from_tzif(struct tz *z, const char *name, const unsigned char *data, size_t len, struct err *e)
{
	struct tzif_counts c;
	const unsigned char *footer;
	const unsigned char *nl;
	uint64_t off;
	uint64_t blen;
	unsigned char version;
	size_t rest;

	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s", name != NULL ? name : "");
	if (data == NULL || len < TZIF_HEADER_LEN || memcmp(data, "TZif", 4) != 0) {
		return bad_tzif(z->name, "not a TZif file", e);
	}
	version = data[4];
	if (version != 0 && version < '2') {
		return bad_tzif(z->name, "unknown version", e);
	}
	read_counts(data, &c);
	blen = block_len(&c, 4);
	if (blen > len - TZIF_HEADER_LEN) {
		return bad_tzif(z->name, "truncated", e);
	}
	if (version == 0) {
		if (load_block(z, data + TZIF_HEADER_LEN, &c, 4, e) != 0) {
			tz_release(z);
			return -1;
		}
		return 0;
	}

	/* Version 2 and later: skip the 32-bit block, use the 64-bit one. */
	off = TZIF_HEADER_LEN + blen;
	if (len - off < TZIF_HEADER_LEN || memcmp(data + off, "TZif", 4) != 0) {
		return bad_tzif(z->name, "truncated", e);
	}
	read_counts(data + off, &c);
	off += TZIF_HEADER_LEN;
	blen = block_len(&c, 8);
	if (blen > len - off) {
		return bad_tzif(z->name, "truncated", e);
	}
	/* The footer: "\n" TZ string "\n". */
	footer = data + off + blen;
	rest = len - (size_t)(off + blen);
	if (rest < 2 || footer[0] != '\n') {
		return bad_tzif(z->name, "no footer", e);
	}
	nl = memchr(footer + 1, '\n', rest - 1);
	if (nl == NULL) {
		return bad_tzif(z->name, "unterminated footer", e);
	}
	if (load_block(z, data + off, &c, 8, e) != 0) {
		tz_release(z);
		return -1;
	}
	if (nl > footer + 1) {
		if (tz_rule_parse(&z->rule, (const char *)footer + 1, (size_t)(nl - footer - 1), e) != 0) {
			tz_release(z);
			return bad_tzif(name != NULL ? name : "", "bad TZ string in the footer", e);
		}
		z->has_rule = true;
	}
	return 0;
}

void
tz_release(struct tz *z)
{
	if (z == NULL) {
		return;
	}
	free(z->trans);
	memset(z, 0, sizeof(*z));
}

/* ---- lookups ---- */

/* How many explicit transitions are at or before t. */
static size_t
count_upto(const struct tz *z, int64_t t)
{
	size_t lo = 0;
	size_t hi = z->ntrans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid].at <= t) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

int32_t
tz_utoff_at(const struct tz *z, int64_t t)
{
	size_t k;

	if (z->has_rule && t >= z->rule_from) {
		return rule_utoff_at(&z->rule, t);
	}
	k = count_upto(z, t);
	return k == 0 ? z->initial_utoff_s : z->trans[k - 1].utoff_s;
}

/* Walks the offset changes of [lo, hi), both within TZ_SPAN_S. */
struct tz_iter {
	const struct tz *z;
	int64_t hi;
	int32_t utoff; /* in effect before the next change */
	size_t idx;    /* the next explicit transition */
	enum { ITER_EXPLICIT, ITER_JUNCTION, ITER_RULE, ITER_DONE } phase;
	struct rule_walk walk;
};

static void
iter_start(struct tz_iter *it, const struct tz *z, int64_t lo, int64_t hi)
{
	it->z = z;
	it->hi = hi;
	it->idx = 0;
	if (z->has_rule && lo > z->rule_from) {
		walk_init(&it->walk, &z->rule, lo - 1);
		it->utoff = it->walk.utoff;
		it->phase = ITER_RULE;
		return;
	}
	it->idx = count_upto(z, lo - 1);
	it->utoff = it->idx == 0 ? z->initial_utoff_s : z->trans[it->idx - 1].utoff_s;
	it->phase = ITER_EXPLICIT;
}

static bool
iter_next(struct tz_iter *it, struct tz_transition *out)
{
	const struct tz *z = it->z;
	int64_t at;
	int32_t utoff;

	for (;;) {
		switch (it->phase) {
		case ITER_EXPLICIT:
			if (it->idx < z->ntrans && z->trans[it->idx].at < it->hi &&
			    (!z->has_rule || z->trans[it->idx].at < z->rule_from)) {
				*out = z->trans[it->idx++];
				it->utoff = out->utoff_s;
				return true;
			}
			it->phase = z->has_rule && z->rule_from < it->hi ? ITER_JUNCTION : ITER_DONE;
			break;
		case ITER_JUNCTION:
			/* The rule takes over at rule_from, perhaps with another offset. */
			walk_init(&it->walk, &z->rule, z->rule_from - 1);
			it->phase = ITER_RULE;
			if (it->walk.s_at != z->rule_from && it->walk.e_at != z->rule_from &&
			    it->walk.utoff != it->utoff) {
				it->utoff = it->walk.utoff;
				out->at = z->rule_from;
				out->utoff_s = it->utoff;
				return true;
			}
			break;
		case ITER_RULE:
			while (walk_next(&it->walk, it->hi, &at, &utoff)) {
				if (utoff != it->utoff) {
					it->utoff = utoff;
					out->at = at;
					out->utoff_s = utoff;
					return true;
				}
			}
			it->phase = ITER_DONE;
			break;
		case ITER_DONE:
			return false;
		}
	}
}

size_t
tz_expand(const struct tz *z, int64_t from, int64_t to, int32_t *utoff_at_from, struct tz_transition **out)
{
	struct tz_iter it;
	struct tz_transition c;
	int64_t lo = from > -TZ_SPAN_S ? from : -TZ_SPAN_S;
	int64_t hi = to < TZ_SPAN_S ? to : TZ_SPAN_S;
	size_t n = 0;
	size_t cap = 0;

	if (utoff_at_from != NULL) {
		*utoff_at_from = tz_utoff_at(z, from);
	}
	if (lo >= hi) {
		return 0;
	}
	iter_start(&it, z, lo, hi);
	while (iter_next(&it, &c)) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		(*out)[n++] = c;
	}
	return n;
}

int64_t
tz_local_to_utc(const struct tz *z, int64_t local)
{
	struct tz_iter it;
	struct tz_transition c;
	int32_t utoff;

	if (local <= -TZ_SPAN_S || local >= TZ_SPAN_S) {
		utoff = tz_utoff_at(z, local);
		if (utoff > 0 && local < INT64_MIN + utoff) {
			return INT64_MIN;
		}
		if (utoff < 0 && local > INT64_MAX + utoff) {
			return INT64_MAX;
		}
		return local - utoff;
	}
	/*
	 * The answer is the offset before the first change at T with
	 * T + max(before, after) > local.  Changes before the window cannot
	 * qualify and those after it always do, so only the window is walked.
	 */
	iter_start(&it, z, local - TZ_UTOFF_MAX_S - 1, local - TZ_UTOFF_MIN_S + 1);
	utoff = it.utoff;
	while (iter_next(&it, &c)) {
		int32_t larger = c.utoff_s > utoff ? c.utoff_s : utoff;
		if (c.at + larger > local) {
			break;
		}
		utoff = c.utoff_s;
	}
	return local - utoff;
}
