/*
 * holiday_ics_test.c - holiday dates from iCalendar files.
 *
 * Pins the exact dates of the hand-written fixtures in fixtures/ (CRLF like
 * real .ics files, one LF only), the range bounds, the recurrence rules and
 * every refusal; ends with mutated files that must fail cleanly, not crash.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/holiday_ics.h"
#include "unit/support/test_env.h"

static char *
fixture(const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/unit/domain/fixtures/%s", test_srcdir(), name);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s (run from the repository root or set LEVERA_SRCDIR)", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	cr_assert_geq(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n, "short read of %s", path);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The dates as "YYYY-MM-DD YYYY-MM-DD ...", checked to be strictly ascending. */
static char *
joined(const int64_t *d, size_t n)
{
	char *s = malloc(n * 11 + 1);
	size_t k = 0;

	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		cr_assert(i == 0 || d[i - 1] < d[i], "dates not ascending at %zu", i);
		date_format(d[i], s + k);
		k += 10;
		s[k++] = ' ';
	}
	s[k > 0 ? k - 1 : 0] = '\0';
	return s;
}

static char *
dates_of(const char *text, size_t len, int from, int to, size_t *count)
{
	int64_t *d = NULL;
	size_t n = 99;
	struct err e;
	char *s;

	err_clear(&e);
	cr_assert_eq(holiday_ics_dates(text, len, from, to, &d, &n, &e), 0, "refused: %s (%s)", e.message, e.field);
	cr_assert((n == 0) == (d == NULL), "dates must be NULL exactly when there are none");
	s = joined(d, n);
	free(d);
	if (count != NULL) {
		*count = n;
	}
	return s;
}

static void
expect_file(const char *name, int from, int to, const char *want)
{
	size_t len;
	char *text = fixture(name, &len);
	char *got = dates_of(text, len, from, to, NULL);

	cr_expect_str_eq(got, want, "%s %d..%d:\n got: %s\nwant: %s", name, from, to, got, want);
	free(got);
	free(text);
}

static struct err
refused(const char *text, size_t len, int from, int to, enum err_code code, const char *field, const char *needle)
{
	int64_t *d = (int64_t *)&d;
	size_t n = 99;
	struct err e;

	err_clear(&e);
	cr_assert_eq(holiday_ics_dates(text, len, from, to, &d, &n, &e), -1, "should be refused: %.80s", text);
	cr_assert_null(d);
	cr_assert_eq(n, 0);
	cr_expect_eq(e.code, code, "code %s, want %s: %s", err_code_name(e.code), err_code_name(code), e.message);
	cr_expect_str_eq(e.field, field, "field '%s', want '%s': %s", e.field, field, e.message);
	cr_expect(strstr(e.message, needle) != NULL, "message '%s' lacks '%s'", e.message, needle);
	return e;
}

static void
refused_file(const char *name, enum err_code code, const char *needle)
{
	size_t len;
	char *text = fixture(name, &len);

	refused(text, len, 2026, 2030, code, "ics", needle);
	free(text);
}

/* One VEVENT (lines end in \n) in a calendar; LF line ends are accepted like CRLF. */
static char *
one_event(const char *lines)
{
	static const char fmt[] = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Levera//test//EN\n"
	                          "BEGIN:VEVENT\nUID:t@levera.test\nDTSTAMP:20251101T120000Z\n%s"
	                          "END:VEVENT\nEND:VCALENDAR\n";
	size_t size = strlen(fmt) + strlen(lines) + 1;
	char *s = malloc(size);

	snprintf(s, size, fmt, lines);
	return s;
}

static void
expect_event(const char *lines, int from, int to, const char *want)
{
	char *text = one_event(lines);
	char *got = dates_of(text, strlen(text), from, to, NULL);

	cr_expect_str_eq(got, want, "%s %d..%d:\n got: %s\nwant: %s", lines, from, to, got, want);
	free(got);
	free(text);
}

static void
refused_event(const char *lines, enum err_code code, const char *needle)
{
	char *text = one_event(lines);

	refused(text, strlen(text), 2026, 2030, code, "ics", needle);
	free(text);
}

Test(holiday_ics, danish_public_holidays_2026_2030)
{
	size_t len;
	char *text = fixture("danish_holidays.ics", &len);

	cr_assert(strstr(text, "\r\n") != NULL, "the fixture must keep its CRLF line ends");
	free(text);
	/* 2. pinsedag falls on grundlovsdag in 2028: one date, not two. */
	expect_file("danish_holidays.ics", 2026, 2030,
	            "2026-01-01 2026-04-02 2026-04-03 2026-04-05 2026-04-06 2026-05-14 2026-05-24 2026-05-25 "
	            "2026-06-05 2026-12-24 2026-12-25 2026-12-26 "
	            "2027-01-01 2027-03-25 2027-03-26 2027-03-28 2027-03-29 2027-05-06 2027-05-16 2027-05-17 "
	            "2027-06-05 2027-12-24 2027-12-25 2027-12-26 "
	            "2028-01-01 2028-04-13 2028-04-14 2028-04-16 2028-04-17 2028-05-25 2028-06-04 2028-06-05 "
	            "2028-12-24 2028-12-25 2028-12-26 "
	            "2029-01-01 2029-03-29 2029-03-30 2029-04-01 2029-04-02 2029-05-10 2029-05-20 2029-05-21 "
	            "2029-06-05 2029-12-24 2029-12-25 2029-12-26 "
	            "2030-01-01 2030-04-18 2030-04-19 2030-04-21 2030-04-22 2030-05-30 2030-06-05 2030-06-09 "
	            "2030-06-10 2030-12-24 2030-12-25 2030-12-26");
}

Test(holiday_ics, range_bounds_the_dates)
{
	expect_file("danish_holidays.ics", 2027, 2027,
	            "2027-01-01 2027-03-25 2027-03-26 2027-03-28 2027-03-29 2027-05-06 2027-05-16 2027-05-17 "
	            "2027-06-05 2027-12-24 2027-12-25 2027-12-26");
	/* Before the Easter dates were listed: the yearly rules and the abolished Store bededag. */
	expect_file("danish_holidays.ics", 2022, 2023,
	            "2022-01-01 2022-05-13 2022-06-05 2022-12-24 2022-12-25 2022-12-26 "
	            "2023-01-01 2023-05-05 2023-06-05 2023-12-24 2023-12-25 2023-12-26");
	expect_file("danish_holidays.ics", 1970, 1970, "");
}

Test(holiday_ics, multi_day_events)
{
	/* 12 days to DTEND, P4D, a yearly 5-day week with COUNT=2, P1W, spans cut by the range on both
	 * ends, no DTEND, and DTEND equal to DTSTART (read as one day, as Outlook means it). */
	expect_file("multi_day.ics", 2026, 2030,
	            "2026-01-01 2026-07-13 2026-07-14 2026-07-15 2026-07-16 2026-07-17 2026-07-18 2026-07-19 "
	            "2026-07-20 2026-07-21 2026-07-22 2026-07-23 2026-07-24 2026-12-28 2026-12-29 2026-12-30 "
	            "2026-12-31 2027-02-15 2027-02-16 2027-02-17 2027-02-18 2027-02-19 2027-10-18 2027-10-19 "
	            "2027-10-20 2027-10-21 2027-10-22 2027-10-23 2027-10-24 2028-02-15 2028-02-16 2028-02-17 "
	            "2028-02-18 2028-02-19 2028-03-01 2029-04-09 2030-12-30 2030-12-31");
	expect_file("multi_day.ics", 2025, 2025, "2025-12-29 2025-12-30 2025-12-31");
}

Test(holiday_ics, exdate_and_recurrence_id_overrides)
{
	/* firmadag: 2027 EXDATE, 2028 moved a week, 2029 cancelled, 2030 made a timed event;
	 * kursus: 10-07 EXDATE, 10-12 moved to 10-13, UNTIL 10-14 included;
	 * an override whose series is not in the file stands alone. */
	expect_file("exdate_override.ics", 2026, 2030,
	            "2026-01-31 2026-02-28 2026-03-31 2026-09-04 2026-10-05 2026-10-13 2026-10-14 2027-01-02 "
	            "2028-09-08");
}

Test(holiday_ics, timed_events_are_not_holidays)
{
	size_t len;
	char *text = fixture("timed_ignored.ics", &len);

	cr_assert(strchr(text, '\r') == NULL, "this fixture has LF line ends only");
	free(text);
	expect_file("timed_ignored.ics", 2026, 2030, "2026-03-11 2026-03-20");
	expect_file("no_all_day.ics", 2026, 2030, "");
}

Test(holiday_ics, cancelled_events_are_skipped)
{
	expect_file("cancelled.ics", 2026, 2030, "2026-08-21 2026-08-28");
}

Test(holiday_ics, yearly_leap_day_only_in_leap_years)
{
	size_t n;
	size_t len;
	char *text = fixture("leap_day.ics", &len);
	char *all = dates_of(text, len, 1970, 2200, &n);

	expect_file("leap_day.ics", 2026, 2030, "2028-02-29");
	expect_file("leap_day.ics", 2096, 2104, "2096-02-29 2104-02-29");
	cr_expect_eq(n, 56, "1972..2196 has 57 leap years less 2100, got %zu", n);
	cr_expect(strncmp(all, "1972-02-29 1976-02-29", 21) == 0, "%s", all);
	cr_expect(strstr(all, "2100") == NULL);
	cr_expect(strstr(all, "2096-02-29 2104-02-29") != NULL);
	free(all);
	free(text);
}

Test(holiday_ics, unbounded_rules_stop_at_the_range)
{
	size_t n;
	char *text = one_event("DTSTART;VALUE=DATE:20200101\nRRULE:FREQ=DAILY\n");
	char *got = dates_of(text, strlen(text), 2026, 2026, &n);

	cr_expect_eq(n, 365);
	cr_expect(strncmp(got, "2026-01-01 2026-01-02", 21) == 0);
	cr_expect(strcmp(got + strlen(got) - 10, "2026-12-31") == 0);
	free(got);
	/* The widest range, every day: more dates than any real calendar. */
	got = dates_of(text, strlen(text), 1970, 2200, &n);
	cr_expect_eq(n, (size_t)(days_from_civil(2200, 12, 31) - days_from_civil(2020, 1, 1) + 1));
	free(got);
	free(text);
}

Test(holiday_ics, count_and_until)
{
	expect_event("DTSTART;VALUE=DATE:20250101\nRRULE:FREQ=YEARLY;COUNT=3\n", 2026, 2030, "2026-01-01 2027-01-01");
	expect_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;UNTIL=20280101\n", 2026, 2030,
	             "2026-01-01 2027-01-01 2028-01-01");
	expect_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;UNTIL=20271231T230000Z\n", 2026, 2030,
	             "2026-01-01 2027-01-01");
	/* DTSTART counts as the first of COUNT even where the rule would not produce it. */
	expect_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=5;COUNT=2\n", 2026, 2030,
	             "2026-01-01 2026-06-05");
	/* UNTIL before the range: nothing is expanded. */
	expect_event("DTSTART;VALUE=DATE:19700101\nRRULE:FREQ=DAILY;UNTIL=19991231\n", 2026, 2030, "");
}

Test(holiday_ics, rules_holiday_calendars_use)
{
	/* Thanksgiving (4th Thursday of November), Memorial Day (last Monday of May). */
	expect_event("DTSTART;VALUE=DATE:20001123\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\n", 2026, 2028,
	             "2026-11-26 2027-11-25 2028-11-23");
	expect_event("DTSTART;VALUE=DATE:20000529\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO\n", 2026, 2028,
	             "2026-05-25 2027-05-31 2028-05-29");
	/* US election day: the Tuesday after the first Monday of November, every other year. */
	expect_event("DTSTART;VALUE=DATE:20241105\n"
	             "RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8\n",
	             2026, 2030, "2026-11-03 2028-11-07 2030-11-05");
	/* Last weekday of each month. */
	expect_event("DTSTART;VALUE=DATE:20260130\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3\n", 2026,
	             2026, "2026-01-30 2026-02-27 2026-03-31");
	/* A MONTHLY rule on the 31st skips the shorter months. */
	expect_event("DTSTART;VALUE=DATE:20260131\nRRULE:FREQ=MONTHLY;COUNT=4\n", 2026, 2026,
	             "2026-01-31 2026-03-31 2026-05-31 2026-07-31");
	/* ISO week 20's Monday. */
	expect_event("DTSTART;VALUE=DATE:20260511\nRRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO\n", 2026, 2028,
	             "2026-05-11 2027-05-17 2028-05-15");
}

Test(holiday_ics, yearly_bymonthday_means_every_month)
{
	/* libical 3.0 alone would give the January Friday the 13ths only. */
	expect_event("DTSTART;VALUE=DATE:20260213\nRRULE:FREQ=YEARLY;BYMONTHDAY=13;BYDAY=FR\n", 2026, 2027,
	             "2026-02-13 2026-03-13 2026-11-13 2027-08-13");
	expect_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;BYMONTHDAY=-1;COUNT=4\n", 2026, 2026,
	             "2026-01-01 2026-01-31 2026-02-28 2026-03-31");
}

Test(holiday_ics, rdate_exdate_and_duplicates)
{
	/* The RDATE repeating DTSTART counts once; EXDATE removes an RDATE too. */
	expect_event("DTSTART;VALUE=DATE:20260601\nDTEND;VALUE=DATE:20260603\n"
	             "RDATE;VALUE=DATE:20260601,20260610,20260701\nEXDATE;VALUE=DATE:20260610\n",
	             2026, 2026, "2026-06-01 2026-06-02 2026-07-01 2026-07-02");
	/* EXDATE removes DTSTART itself; COUNT still counts the removed instance. */
	expect_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;COUNT=3\nEXDATE;VALUE=DATE:20260101\n", 2026, 2030,
	             "2027-01-01 2028-01-01");
	/* Without VALUE=DATE, an 8-digit DTSTART is still a date. */
	expect_event("DTSTART:20260601\n", 2026, 2026, "2026-06-01");
}

Test(holiday_ics, several_calendars_line_ends_bom_and_length)
{
	static const char two[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n"
	                          "END:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
	                          "DTSTART;VALUE=DATE:20260102\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	static const char cr_only[] = "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20260303\r"
	                              "END:VEVENT\rEND:VCALENDAR\r";
	static const char lower[] = "begin:vcalendar\nversion:2.0\nbegin:vevent\ndtstart;value=date:20260404\n"
	                            "end:vevent\nend:vcalendar\n";
	static const char bom[] = "\xef\xbb\xbf"
	                          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260505\r\nEND:VEVENT\r\n"
	                          "END:VCALENDAR\r\n";
	char *got;

	got = dates_of(two, strlen(two), 2026, 2026, NULL);
	cr_expect_str_eq(got, "2026-01-01 2026-01-02");
	free(got);
	got = dates_of(cr_only, strlen(cr_only), 2026, 2026, NULL);
	cr_expect_str_eq(got, "2026-03-03");
	free(got);
	got = dates_of(lower, strlen(lower), 2026, 2026, NULL);
	cr_expect_str_eq(got, "2026-04-04");
	free(got);
	got = dates_of(bom, strlen(bom), 2026, 2026, NULL);
	cr_expect_str_eq(got, "2026-05-05");
	free(got);
	/* Only len bytes are read: the second calendar is cut off, the first stands. */
	got = dates_of(two, strstr(two, "END:VCALENDAR") - two + 15, 2026, 2026, NULL);
	cr_expect_str_eq(got, "2026-01-01");
	free(got);
}

Test(holiday_ics, years_are_checked)
{
	static const char cal[] = "BEGIN:VCALENDAR\nEND:VCALENDAR\n";
	struct err e;

	e = refused(cal, strlen(cal), 1969, 2030, ERR_INVALID, "from", "from year 1969 is outside 1970..2200");
	cr_expect_str_eq(e.message, "from year 1969 is outside 1970..2200");
	refused(cal, strlen(cal), 2201, 2201, ERR_INVALID, "from", "2201");
	refused(cal, strlen(cal), 2026, 2201, ERR_INVALID, "to", "to year 2201 is outside");
	refused(cal, strlen(cal), 2026, 1969, ERR_INVALID, "to", "1969");
	refused(cal, strlen(cal), 2030, 2026, ERR_INVALID, "to", "to year 2026 is before from year 2030");
	/* The same empty calendar is fine with good years. */
	free(dates_of(cal, strlen(cal), 1970, 2200, NULL));
}

Test(holiday_ics, not_icalendar_is_refused)
{
	static const char extra_end[] = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n";
	static const char bare_begin[] = "BEGIN\r\nEND ;X=y:VEVENT\r\n"; /* libical: no BEGIN without ':' */
	struct err e;

	refused_file("not_ics.csv", ERR_INVALID, "ics is not an iCalendar file: it starts \"dato,navn\"");
	refused_file("login_page.ics", ERR_INVALID, "it starts \"<!DOCTYPE html>\", not BEGIN:VCALENDAR");
	refused_file("vevent_only.ics", ERR_INVALID, "it starts \"BEGIN:VEVENT\"");
	refused_file("truncated.ics", ERR_INVALID, "no complete calendar: an END line is missing");
	refused_file("garbage.bin", ERR_INVALID, "ics has a NUL byte at line 1");
	e = refused("", 0, 2026, 2030, ERR_INVALID, "ics", "ics is empty");
	cr_expect_str_eq(e.message, "ics is empty, not an iCalendar file");
	refused(NULL, 0, 2026, 2030, ERR_INVALID, "ics", "ics is empty");
	refused("\r\n\r\n   \n", 7, 2026, 2030, ERR_INVALID, "ics", "ics is empty");
	/* libical would print a warning for an END it cannot match; the pre-scan refuses it first. */
	refused(extra_end, strlen(extra_end), 2026, 2030, ERR_INVALID, "ics",
	        "ics has \"END:VCALENDAR\" at line 3 with no BEGIN to close");
	refused(bare_begin, strlen(bare_begin), 2026, 2030, ERR_INVALID, "ics",
	        "ics has \"END ;X=y:VEVENT\" at line 2 with no BEGIN to close");
}

Test(holiday_ics, unreadable_events_are_refused)
{
	refused_file("bad_date.ics", ERR_INVALID, "event \"Den 30. februar\": DTSTART 20260230 is not a date");
	refused_file("impossible_rrule.ics", ERR_INVALID,
	             "event \"Den 31. april\": RRULE \"FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4\" cannot be expanded: "
	             "no date ever satisfies");
	refused_file("unreadable_exdate.ics", ERR_INVALID, "event \"Nytårsdag\": its EXDATE cannot be read");
	refused_event("DTSTART;VALUE=DATE:garbage\n", ERR_INVALID, "its DTSTART cannot be read");
	refused_event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=SOMETIMES\n", ERR_INVALID, "its RRULE cannot be read");
	refused_event("DTSTART;VALUE=DATE:20260101\nRDATE;VALUE=DATE:20260431\n", ERR_INVALID,
	              "RDATE 20260431 is not a date");
	refused_event("DTSTART;VALUE=DATE:20260101\nEXDATE;VALUE=DATE:20261300\n", ERR_INVALID,
	              "EXDATE 20261300 is not a date");
	refused_event("SUMMARY:Fejl\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;UNTIL=20270230\n", ERR_INVALID,
	              "event \"Fejl\": RRULE \"FREQ=YEARLY;UNTIL=20270230\" cannot be expanded: UNTIL is not a date");
	/* A timed event with an unreadable DTEND is not a holiday, so it does not matter. */
	expect_event("DTSTART:20260101T100000Z\nDTEND:tomorrow\n", 2026, 2030, "");
}

Test(holiday_ics, rules_libical_cannot_expand_are_refused)
{
	static const struct {
		const char *rule, *why;
	} bad[] = {
		{ "FREQ=HOURLY", "an all-day event repeats at most daily" },
		{ "FREQ=DAILY;BYHOUR=9", "no BYHOUR, BYMINUTE or BYSECOND" },
		{ "FREQ=YEARLY;BYMONTH=13", "BYMONTH must be 1..12" },
		{ "FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO", "BYWEEKNO must be 1..53" },
		{ "FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO is only supported with BYDAY" },
		{ "FREQ=MONTHLY;BYDAY=6MO", "within -5..5 in a month" },
		{ "FREQ=WEEKLY;BYDAY=2MO", "a numbered BYDAY needs FREQ=MONTHLY or FREQ=YEARLY" },
		{ "FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=5MO", "no date ever satisfies" },
		{ "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no date ever satisfies" },
		{ "FREQ=MONTHLY;BYMONTH=4", "no date ever satisfies" }, /* DTSTART's 31st never falls in April */
		{ "FREQ=MONTHLY;INTERVAL=2;BYMONTH=2", "no date ever satisfies" }, /* January, March, ... */
		{ "FREQ=MONTHLY;BYDAY=-5FR;BYSETPOS=2", "BYSETPOS selects past the instances" },
		{ "FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BY rule part" },
		{ "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;INTERVAL=4", "libical finds no instance of it" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char lines[256];

		snprintf(lines, sizeof(lines), "DTSTART;VALUE=DATE:20250131\nRRULE:%s\n", bad[i].rule);
		refused_event(lines, ERR_INVALID, bad[i].why);
	}
}

/* A calendar of n copies of the event lines, each with its own UID. */
static char *
many_events(const char *lines, size_t n, size_t *len)
{
	size_t cap = 64 + n * (strlen(lines) + 64), k = 0;
	char *s = malloc(cap);

	k += (size_t)snprintf(s + k, cap - k, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	for (size_t i = 0; i < n; i++) {
		k += (size_t)snprintf(s + k, cap - k, "BEGIN:VEVENT\r\nUID:%zu@levera.test\r\n%sEND:VEVENT\r\n", i,
		                      lines);
	}
	k += (size_t)snprintf(s + k, cap - k, "END:VCALENDAR\r\n");
	*len = k;
	return s;
}

Test(holiday_ics, ceilings)
{
	size_t len = HOLIDAY_ICS_MAX_BYTES + 1, n;
	char *big = malloc(len);
	char *s;

	memset(big, 'x', len);
	refused(big, len, 2026, 2030, ERR_TOO_LARGE, "ics", "ics is 8388609 bytes, more than the 8388608 allowed");
	free(big);

	s = many_events("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\n", HOLIDAY_ICS_MAX_RULES, &len);
	free(dates_of(s, len, 2026, 2030, &n));
	cr_expect_eq(n, 5);
	free(s);
	s = many_events("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\n", HOLIDAY_ICS_MAX_RULES + 1, &len);
	refused(s, len, 2026, 2030, ERR_TOO_LARGE, "ics", "ics has more than 500 RRULEs");
	free(s);

	/* Three daily rules over the widest range step more than HOLIDAY_ICS_MAX_INSTANCES times. */
	s = many_events("DTSTART;VALUE=DATE:19700101\r\nRRULE:FREQ=DAILY\r\n", 3, &len);
	refused(s, len, 1970, 2200, ERR_TOO_LARGE, "ics", "ics RRULEs repeat more than 250000 times in all");
	free(s);
}

Test(holiday_ics, line_shapes_libical_handles_badly)
{
	size_t cap = 200 * 1024, k;
	char *s = malloc(cap);

	/* One physical line over 64 KiB: libical rescans it once per 79 bytes. */
	k = (size_t)snprintf(s, cap, "BEGIN:VCALENDAR\r\nX-LONG:");
	memset(s + k, 'a', 70000);
	k += 70000;
	k += (size_t)snprintf(s + k, cap - k, "\r\nEND:VCALENDAR\r\n");
	refused(s, k, 2026, 2030, ERR_TOO_LARGE, "ics", "ics line 2 is longer than 65536 bytes");
	/* The same text folded into short lines is fine. */
	k = (size_t)snprintf(s, cap, "BEGIN:VCALENDAR\r\nX-LONG:");
	for (int i = 0; i < 1000; i++) {
		k += (size_t)snprintf(s + k, cap - k, "%s",
		                      "\r\n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	}
	k += (size_t)snprintf(s + k, cap - k, "\r\nEND:VCALENDAR\r\n");
	free(dates_of(s, k, 2026, 2030, NULL));

	free(s);

	/* A folded content line over 1 MiB. */
	cap = 1200 * 1024;
	s = malloc(cap);
	k = (size_t)snprintf(s, cap, "BEGIN:VCALENDAR\r\nX-LONG:");
	while (k < 1150 * 1024) {
		k += (size_t)snprintf(s + k, cap - k, "%s",
		                      "\r\n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	}
	k += (size_t)snprintf(s + k, cap - k, "\r\nEND:VCALENDAR\r\n");
	refused(s, k, 2026, 2030, ERR_TOO_LARGE, "ics", "ics content line at line 2 is longer than 1048576 bytes");

	/* Parameters cost libical a rescan of the line each. */
	k = (size_t)snprintf(s, cap, "BEGIN:VCALENDAR\r\nX-P");
	for (int i = 0; i < 65; i++) {
		k += (size_t)snprintf(s + k, cap - k, ";A%d=\"b;c\"", i);
	}
	k += (size_t)snprintf(s + k, cap - k, ":x;y;z\r\nEND:VCALENDAR\r\n");
	refused(s, k, 2026, 2030, ERR_TOO_LARGE, "ics", "ics line 2 has more than 64 parameters");

	/* libical frees nested components recursively; 100,000 levels overflow its stack. */
	k = (size_t)snprintf(s, cap, "BEGIN:VCALENDAR\r\n");
	for (int i = 0; i < 40; i++) {
		k += (size_t)snprintf(s + k, cap - k, "BEGIN:X-NEST\r\n");
	}
	refused(s, k, 2026, 2030, ERR_TOO_LARGE, "ics", "ics nests components more than 32 deep at line 33");
	free(s);
}

/* Cut, flip, repeat and splice the Danish calendar; every result must be a clean answer or refusal. */
Test(holiday_ics, mutated_files_fail_cleanly)
{
	int rounds = 400 / test_scale();
	static const char *const splices[] = { "\r\n",
		                               ":",
		                               ";",
		                               "\r\n ",
		                               "BEGIN:VEVENT\r\n",
		                               "END:VEVENT\r\n",
		                               "RRULE:FREQ=MONTHLY;BYDAY=-1FR\r\n",
		                               "\"",
		                               ",",
		                               "RECURRENCE-ID:2",
		                               "\xc3",
		                               "\xff",
		                               "DTSTART;VALUE=DATE:2",
		                               "EXDATE:",
		                               "\r" };
	size_t len;
	char *text = fixture("danish_holidays.ics", &len);
	char *buf = malloc(2 * len + 64);
	unsigned int seed = 2026;

	for (int round = 0; round < rounds; round++) {
		size_t n = 0, at, cut;
		int64_t *d = NULL;
		size_t nd = 0;
		struct err e;
		int rc;

		seed = seed * 1103515245u + 12345u;
		at = (seed >> 8) % len;
		seed = seed * 1103515245u + 12345u;
		cut = (seed >> 8) % 64;
		memcpy(buf, text, at);
		n = at;
		switch (round % 4) {
		case 0: /* truncate */
			break;
		case 1: { /* splice a token in */
			const char *t = splices[(seed >> 16) % (sizeof(splices) / sizeof(splices[0]))];
			memcpy(buf + n, t, strlen(t));
			n += strlen(t);
			memcpy(buf + n, text + at, len - at);
			n += len - at;
			break;
		}
		case 2: /* drop some bytes */
			memcpy(buf + n, text + at + (cut < len - at ? cut : 0), len - at - (cut < len - at ? cut : 0));
			n += len - at - (cut < len - at ? cut : 0);
			break;
		default: /* flip a byte */
			memcpy(buf + n, text + at, len - at);
			n += len - at;
			buf[at] = (char)(buf[at] ^ (char)(1u << ((seed >> 20) % 8)));
			break;
		}
		err_clear(&e);
		rc = holiday_ics_dates(buf, n, 2026, 2030, &d, &nd, &e);
		cr_assert(rc == 0 || rc == -1);
		if (rc == 0) {
			cr_assert(nd <= 1826, "round %d: %zu dates", round, nd);
			free(joined(d, nd));
			free(d);
		} else {
			cr_assert_null(d);
			cr_assert(e.code == ERR_INVALID || e.code == ERR_TOO_LARGE, "round %d: %s", round, e.message);
			cr_assert_str_eq(e.field, "ics", "round %d: %s", round, e.message);
			cr_assert(e.message[0] >= 'a' && e.message[0] <= 'z', "round %d: %s", round, e.message);
		}
	}
	free(buf);
	free(text);
}
