/*
 * holiday_ics_rule.c - which RRULEs of all-day events libical 3.0 expands
 * faithfully and fast.
 *
 * Checks a rule's parts against the dates they can ever select, over the 14
 * kinds of Gregorian year, so that libical never searches for an instance
 * that does not exist.  It does not expand rules: libical does.
 */
#include "domain/holiday_ics_rule.h"

#include <stdbool.h>
#include <string.h>

#include "base/timefmt.h"

/* The number of entries of a BY* array, which ends at ICAL_RECURRENCE_ARRAY_MAX. */
static int
by_count(const short *a, int size)
{
	int n = 0;

	while (n < size && a[n] != ICAL_RECURRENCE_ARRAY_MAX) {
		n++;
	}
	return n;
}

/*
 * The date parts of a rule, with the defaults RFC 5545 takes from DTSTART (a
 * MONTHLY rule naming no day keeps DTSTART's day of the month, a YEARLY one
 * naming nothing also its month), as sets that answer in constant time.
 */
struct rule_shape {
	const struct icalrecurrencetype *r;
	bool month[13];                    /* the months the rule can reach */
	int mday;                          /* the implied day of the month, or 0 */
	bool mday_pos[32], mday_neg[32];   /* BYMONTHDAY d and -d */
	bool yday_pos[367], yday_neg[367]; /* BYYEARDAY n and -n */
	bool wd_any[8];                    /* BYDAY weekday, 1 = Sunday */
	bool wd_nth[8][54], wd_nth_last[8][54];
	bool year_ordinals; /* "20MO" counts in the year, not the month */
	int nmd, nyd, nbd;
};

/* Whether day d (weekday wd) of month m passes the rule's BY parts, BYWEEKNO aside. */
static bool
shape_passes(const struct rule_shape *s, int m, int d, int mlen, int doy, int ylen, int wd)
{
	int at = s->year_ordinals ? doy : d, len = s->year_ordinals ? ylen : mlen;

	if (!s->month[m] || (s->mday != 0 && d != s->mday)) {
		return false;
	}
	if (s->nmd > 0 && !s->mday_pos[d] && !s->mday_neg[mlen + 1 - d]) {
		return false;
	}
	if (s->nyd > 0 && !s->yday_pos[doy] && !s->yday_neg[ylen + 1 - doy]) {
		return false;
	}
	return s->nbd == 0 || s->wd_any[wd] || s->wd_nth[wd][(at - 1) / 7 + 1] ||
	       s->wd_nth_last[wd][(len - at) / 7 + 1];
}

/*
 * The most days one month (MONTHLY) or year (otherwise) can pass, over the
 * 14 kinds of Gregorian year (leap or not, starting on each weekday); 0 when
 * no date ever does.
 */
static int
shape_most(const struct rule_shape *s)
{
	int most = 0;

	for (int kind = 0; kind < 14; kind++) {
		int year = kind < 7 ? 2001 : 2000, ylen = kind < 7 ? 365 : 366, doy = 0, in_year = 0;

		for (int m = 1; m <= 12; m++) {
			int mlen = days_in_month(year, m), in_month = 0;

			for (int d = 1; d <= mlen; d++) {
				doy++;
				in_month += shape_passes(s, m, d, mlen, doy, ylen, (kind + doy - 1) % 7 + 1);
			}
			in_year += in_month;
			most = s->r->freq == ICAL_MONTHLY_RECURRENCE && in_month > most ? in_month : most;
		}
		most = s->r->freq != ICAL_MONTHLY_RECURRENCE && in_year > most ? in_year : most;
	}
	return most;
}

static const char *
shape_init(struct rule_shape *s, const struct icalrecurrencetype *r, struct icaltimetype dtstart)
{
	int nbm = by_count(r->by_month, ICAL_BY_MONTH_SIZE), nwn = by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE);
	bool names_day;

	memset(s, 0, sizeof(*s));
	s->r = r;
	s->nmd = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	s->nyd = by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE);
	s->nbd = by_count(r->by_day, ICAL_BY_DAY_SIZE);
	s->year_ordinals = r->freq == ICAL_YEARLY_RECURRENCE && nbm == 0;
	names_day = s->nmd > 0 || s->nyd > 0 || s->nbd > 0 || nwn > 0;
	for (int i = 0; i < nbm; i++) {
		if (r->by_month[i] < 1 || r->by_month[i] > 12) {
			return "BYMONTH must be 1..12";
		}
		s->month[r->by_month[i]] = true;
	}
	for (int i = 0; i < s->nmd; i++) {
		int v = r->by_month_day[i];

		if (v == 0 || v < -31 || v > 31) {
			return "BYMONTHDAY must be 1..31 or -31..-1";
		}
		*(v > 0 ? &s->mday_pos[v] : &s->mday_neg[-v]) = true;
	}
	for (int i = 0; i < s->nyd; i++) {
		int v = r->by_year_day[i];

		if (v == 0 || v < -366 || v > 366) {
			return "BYYEARDAY must be 1..366 or -366..-1";
		}
		*(v > 0 ? &s->yday_pos[v] : &s->yday_neg[-v]) = true;
	}
	for (int i = 0; i < s->nbd; i++) {
		int pos = icalrecurrencetype_day_position(r->by_day[i]);
		int wd = (int)icalrecurrencetype_day_day_of_week(r->by_day[i]);

		if (wd < 1 || wd > 7 || pos < -53 || pos > 53) {
			return "BYDAY must name a weekday, numbered within -53..53";
		}
		*(pos == 0 ? &s->wd_any[wd] : pos > 0 ? &s->wd_nth[wd][pos] : &s->wd_nth_last[wd][-pos]) = true;
	}
	for (int i = 0; i < nwn; i++) {
		/* libical 3.0 writes outside its day mask for a negative week. */
		if (r->by_week_no[i] < 1 || r->by_week_no[i] > 53) {
			return "BYWEEKNO must be 1..53";
		}
	}
	/* libical 3.0 misplaces a week without BYDAY, or counted from another WKST, and searches long for BYMONTH. */
	if (nwn > 0 && (s->nbd == 0 || nbm > 0 || s->nmd > 0 || s->nyd > 0 || r->week_start != ICAL_MONDAY_WEEKDAY)) {
		return "BYWEEKNO is only supported with BYDAY, WKST=MO and no other BY day or month";
	}
	if ((r->freq == ICAL_MONTHLY_RECURRENCE || r->freq == ICAL_YEARLY_RECURRENCE) && !names_day) {
		s->mday = dtstart.day;
	}
	if (nbm == 0) {
		for (int m = 1; m <= 12; m++) {
			s->month[m] = r->freq != ICAL_YEARLY_RECURRENCE || names_day || m == dtstart.month;
		}
	}
	if (r->freq == ICAL_MONTHLY_RECURRENCE) {
		for (int m = 1; m <= 12; m++) {
			bool reached = false;

			for (int k = 0; k < 12 && !reached; k++) {
				reached = (dtstart.month - 1 + k * r->interval) % 12 == m - 1;
			}
			s->month[m] = s->month[m] && reached;
		}
	}
	return NULL;
}

static const char *
rule_problem(const struct icalrecurrencetype *r, struct icaltimetype dtstart)
{
	struct rule_shape s;
	const char *why;
	int nsp = by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE), most, nord = 0;
	int nbm = by_count(r->by_month, ICAL_BY_MONTH_SIZE), nwn = by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE);
	bool month_context = r->freq == ICAL_MONTHLY_RECURRENCE || (r->freq == ICAL_YEARLY_RECURRENCE && nbm > 0);

	if (r->freq < ICAL_DAILY_RECURRENCE || r->freq > ICAL_YEARLY_RECURRENCE) {
		return "an all-day event repeats at most daily";
	}
	if (r->rscale != NULL) {
		return "RSCALE is not supported";
	}
	if (by_count(r->by_hour, ICAL_BY_HOUR_SIZE) > 0 || by_count(r->by_minute, ICAL_BY_MINUTE_SIZE) > 0 ||
	    by_count(r->by_second, ICAL_BY_SECOND_SIZE) > 0) {
		return "an all-day event has no BYHOUR, BYMINUTE or BYSECOND";
	}
	if (r->interval < 1) {
		return "INTERVAL must be at least 1";
	}
	if (!icaltime_is_null_time(r->until) &&
	    (r->until.year < 1 || r->until.year > 9999 || r->until.month < 1 || r->until.month > 12 ||
	     r->until.day < 1 || r->until.day > days_in_month(r->until.year, r->until.month))) {
		return "UNTIL is not a date";
	}
	why = shape_init(&s, r, dtstart);
	if (why != NULL) {
		return why;
	}
	for (int i = 0; i < s.nbd; i++) {
		int pos = icalrecurrencetype_day_position(r->by_day[i]);

		if (pos != 0 && r->freq != ICAL_MONTHLY_RECURRENCE && r->freq != ICAL_YEARLY_RECURRENCE) {
			return "a numbered BYDAY needs FREQ=MONTHLY or FREQ=YEARLY";
		}
		if (pos < (month_context ? -5 : -53) || pos > (month_context ? 5 : 53)) {
			return month_context ? "a numbered BYDAY must be within -5..5 in a month"
			                     : "a numbered BYDAY must be within -53..53 in a year";
		}
		nord += pos != 0;
	}
	if (nord > 0 && ((!month_context && s.nmd > 0) || nwn > 0)) {
		return "a numbered BYDAY in a year goes with neither BYMONTHDAY nor BYWEEKNO";
	}
	most = shape_most(&s);
	if (most == 0) {
		return "no date ever satisfies its BY rule parts and INTERVAL";
	}
	if (nsp == 0) {
		return NULL;
	}
	if (s.nmd + s.nyd + s.nbd + nbm + nwn == 0) {
		return "BYSETPOS needs another BY rule part";
	}
	/* BYSETPOS picks among the instances of one period, of which there are at most "most". */
	if (r->freq == ICAL_DAILY_RECURRENCE) {
		most = 1;
	} else if (r->freq == ICAL_WEEKLY_RECURRENCE) {
		most = s.nbd > 0 ? s.nbd : 1;
	} else if (nwn > 0) {
		most = s.nbd * nwn < most ? s.nbd * nwn : most;
	}
	for (int i = 0; i < nsp; i++) {
		if (r->by_set_pos[i] != 0 && r->by_set_pos[i] >= -most && r->by_set_pos[i] <= most) {
			return NULL;
		}
	}
	return "BYSETPOS selects past the instances of each period";
}

/*
 * A rule no date satisfies is refused rather than handed to libical, which
 * looks for its first instance in every period up to the year 2582: up to a
 * second per rule.
 */
const char *
holiday_rule_vet(struct icalrecurrencetype *r, struct icaltimetype dtstart)
{
	const char *why = rule_problem(r, dtstart);

	/* libical 3.0 reads YEARLY;BYMONTHDAY=n as DTSTART's month only; RFC 5545 means every month. */
	if (why == NULL && r->freq == ICAL_YEARLY_RECURRENCE && by_count(r->by_month, ICAL_BY_MONTH_SIZE) == 0 &&
	    by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE) > 0) {
		for (int m = 0; m < 12; m++) {
			r->by_month[m] = (short)(m + 1);
		}
		r->by_month[12] = ICAL_RECURRENCE_ARRAY_MAX;
	}
	return why;
}
