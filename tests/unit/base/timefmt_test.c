/*
 * timefmt_test.c - civil dates, RFC 3339 and durations.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"

static int64_t
parse_ok(const char *s)
{
	struct err e;
	int64_t t = 0;

	err_clear(&e);
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, &e), 0, "%s: %s", s, e.message);
	return t;
}

static void
parse_bad(const char *s, const char *needle)
{
	struct err e;
	int64_t t = 0;

	err_clear(&e);
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, &e), -1, "%s should be refused", s);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert(strstr(e.message, needle) != NULL, "%s: message '%s' lacks '%s'", s, e.message, needle);
}

Test(timefmt, civil_round_trip_over_centuries)
{
	for (int64_t d = days_from_civil(1600, 1, 1); d <= days_from_civil(2400, 12, 31); d++) {
		struct civil c = civil_from_days(d);
		cr_assert_eq(days_from_civil(c.year, c.month, c.day), d);
		cr_assert(c.day >= 1 && c.day <= days_in_month(c.year, c.month));
	}
}

Test(timefmt, known_days_and_weekdays)
{
	cr_assert_eq(days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(days_from_civil(2000, 3, 1), 11017);
	cr_assert_eq(days_from_civil(1969, 12, 31), -1);
	cr_assert_eq(weekday_from_days(0), 3);                             /* Thursday */
	cr_assert_eq(weekday_from_days(days_from_civil(2026, 3, 2)), 0);   /* Monday */
	cr_assert_eq(weekday_from_days(days_from_civil(1969, 12, 28)), 6); /* Sunday */
	cr_assert(is_leap_year(2000) && !is_leap_year(2100) && is_leap_year(2024) && !is_leap_year(2026));
}

Test(timefmt, rfc3339_parse_forms)
{
	cr_assert_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
	cr_assert_eq(parse_ok("2026-03-02T08:15:00Z"), 1772439300);
	cr_assert_eq(parse_ok("2026-03-02T09:15:00+01:00"), 1772439300);
	cr_assert_eq(parse_ok("2026-03-02T03:15:00-05:00"), 1772439300);
	cr_assert_eq(parse_ok("2026-03-02t08:15:00z"), 1772439300);
	cr_assert_eq(parse_ok("2026-03-02 08:15:00Z"), 1772439300);
	cr_assert_eq(parse_ok("2026-03-02T08:15:00.999Z"), 1772439300);
	cr_assert_eq(parse_ok("1969-12-31T23:59:59Z"), -1);
	cr_assert_eq(parse_ok("2200-12-31T23:59:59Z"), 7289654399);
}

/* The form Levera writes reads as the same instant as that written with an offset (another path). */
Test(timefmt, rfc3339_parse_plain_form_as_with_an_offset)
{
	char text[RFC3339_LEN], offset[RFC3339_LEN + 5];

	for (int64_t t = -86400LL * 366 * 3; t < 86400LL * 366 * 400; t += 86400 * 7 + 3727) {
		rfc3339_format(t, text);
		cr_assert_eq(parse_ok(text), t, "%s", text);
		snprintf(offset, sizeof(offset), "%.19s+00:00", text);
		cr_assert_eq(parse_ok(offset), t, "%s", offset);
	}
	cr_assert_eq(parse_ok("2024-02-29T23:59:60Z"), parse_ok("2024-03-01T00:00:00Z"));
	cr_assert_eq(parse_ok("0000-03-01T00:00:00Z"), parse_ok("0000-03-01T00:00:00+00:00"));
	cr_assert_eq(parse_ok("9999-12-31T23:59:59Z"), parse_ok("9999-12-31T23:59:59-00:00"));
	cr_assert_eq(parse_ok("2100-02-28T12:00:00Z"), parse_ok("2100-02-28T12:00:00+00:00"));
}

Test(timefmt, rfc3339_parse_rejects)
{
	parse_bad("2026-02-30T00:00:00Z", "real date");
	parse_bad("2100-02-29T00:00:00Z", "real date");
	parse_bad("2026-00-01T00:00:00Z", "real date");
	parse_bad("2026-01-00T00:00:00Z", "real date");
	parse_bad("2026-01-32T00:00:00Z", "real date");
	parse_bad("2026-01-01T00:00:61Z", "out of range");
	parse_bad("2026-01-01T23:60:00Z", "out of range");
	parse_bad("2026-01-01T00:00:0aZ", "RFC 3339");
	parse_bad("2026-01-01T0:00:00Z ", "RFC 3339");
	parse_bad("2026-0/-01T00:00:00Z", "RFC 3339");
	parse_bad("202:-01-01T00:00:00Z", "RFC 3339");
	parse_bad("2026-01-01T00:00:00Y", "no UTC offset");
	parse_bad("2026-01-01X00:00:00Z", "RFC 3339");
	parse_bad("", "RFC 3339");
	parse_bad("2026-03-02", "RFC 3339");
	parse_bad("2026-03-02T08:15:00", "no UTC offset");
	parse_bad("2026-02-29T00:00:00Z", "real date");
	parse_bad("2026-13-01T00:00:00Z", "real date");
	parse_bad("2026-03-02T24:00:00Z", "out of range");
	parse_bad("2026-03-02T08:60:00Z", "out of range");
	parse_bad("2026-03-02T08:15:00+1:00", "offset");
	parse_bad("2026-03-02T08:15:00+25:00", "out of range");
	parse_bad("2026-03-02T08:15:00Zjunk", "trailing");
	parse_bad("2026-03-02T08:15:00.Z", "fraction");
	parse_bad("'; DROP TABLE tickets; --", "RFC 3339");
}

Test(timefmt, rfc3339_format_round_trip)
{
	char out[RFC3339_LEN], local[RFC3339_LOCAL_LEN];

	cr_assert_str_eq(rfc3339_format(0, out), "1970-01-01T00:00:00Z");
	cr_assert_str_eq(rfc3339_format(-1, out), "1969-12-31T23:59:59Z");
	cr_assert_str_eq(rfc3339_format(1772439300, out), "2026-03-02T08:15:00Z");
	cr_assert_str_eq(rfc3339_format_offset(1772439300, 3600, local), "2026-03-02T09:15:00+01:00");
	cr_assert_str_eq(rfc3339_format_offset(1772439300, -16200, local), "2026-03-02T03:45:00-04:30");
	for (int64_t t = -86400 * 3; t < 7289654400; t += 7777777) {
		cr_assert_eq(parse_ok(rfc3339_format(t, out)), t);
	}
}

Test(timefmt, dates)
{
	struct err e;
	int64_t d;
	char out[11];

	cr_assert_eq(date_parse("2026-12-24", 10, &d, &e), 0);
	cr_assert_str_eq(date_format(d, out), "2026-12-24");
	cr_assert_eq(date_parse("2024-02-29", 10, &d, &e), 0);
	cr_assert_eq(date_parse("2026-02-29", 10, &d, &e), -1);
	cr_assert(strstr(e.message, "real date") != NULL);
	cr_assert_eq(date_parse("2026-1-01", 9, &d, &e), -1);
	cr_assert_eq(date_parse("2026-01-011", 11, &d, &e), -1);
}

static int64_t
dur_ok(const char *s)
{
	struct err e;
	int64_t v = -1;

	cr_assert_eq(duration_parse(s, strlen(s), &v, &e), 0, "%s: %s", s, e.message);
	return v;
}

static void
dur_bad(const char *s, enum err_code code)
{
	struct err e;
	int64_t v = -1;

	err_clear(&e);
	cr_assert_eq(duration_parse(s, strlen(s), &v, &e), -1, "%s should be refused", s);
	cr_assert_eq(e.code, code, "%s: code %d", s, e.code);
}

Test(timefmt, durations)
{
	cr_assert_eq(dur_ok("3600"), 3600);
	cr_assert_eq(dur_ok("0"), 0);
	cr_assert_eq(dur_ok("4h"), 14400);
	cr_assert_eq(dur_ok("90m"), 5400);
	cr_assert_eq(dur_ok("1h30m"), 5400);
	cr_assert_eq(dur_ok("1h30m15s"), 5415);
	cr_assert_eq(dur_ok("45s"), 45);
	cr_assert_eq(dur_ok("2h15s"), 7215);
	dur_bad("", ERR_INVALID);
	dur_bad("h", ERR_INVALID);
	dur_bad("4d", ERR_INVALID);
	dur_bad("30m1h", ERR_INVALID);
	dur_bad("1h1h", ERR_INVALID);
	dur_bad("-5", ERR_INVALID);
	dur_bad("1.5h", ERR_INVALID);
	dur_bad("4 h", ERR_INVALID);
	dur_bad("99999999999999999999", ERR_RANGE);
	dur_bad("2000000h", ERR_RANGE);
}
