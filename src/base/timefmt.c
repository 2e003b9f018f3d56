/*
 * timefmt.c - civil dates, RFC 3339 and durations.
 *
 * The day-count conversions work in 400-year eras, so they are exact for any
 * year that fits an int; they need no tables and no time zone.
 */
#include "base/timefmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_DURATION_S ((int64_t)200 * 366 * 86400)

bool
is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
days_in_month(int year, int month)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && is_leap_year(year)) {
		return 29;
	}
	return mdays[month - 1];
}

int64_t
days_from_civil(int year, int month, int day)
{
	/* Count from March, so the leap day is the last day of the year. */
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct civil
civil_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct civil c;

	c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.year = (int)(yoe + era * 400 + (c.month <= 2));
	return c;
}

int
weekday_from_days(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	return (int)((days % 7 + 7 + 3) % 7);
}

static bool
take_digits(const char *s, size_t n, size_t *pos, int count, int *out)
{
	int v = 0;

	if (*pos + (size_t)count > n) {
		return false;
	}
	for (int i = 0; i < count; i++) {
		char c = s[*pos + (size_t)i];
		if (c < '0' || c > '9') {
			return false;
		}
		v = v * 10 + (c - '0');
	}
	*pos += (size_t)count;
	*out = v;
	return true;
}

static bool
take_char(const char *s, size_t n, size_t *pos, char want)
{
	if (*pos < n && s[*pos] == want) {
		(*pos)++;
		return true;
	}
	return false;
}

/* Parses YYYY-MM-DD at *pos and checks it is a real date. */
static int
parse_date_at(const char *s, size_t n, size_t *pos, int64_t *days, struct err *e)
{
	int y, m, d;

	if (!take_digits(s, n, pos, 4, &y) || !take_char(s, n, pos, '-') || !take_digits(s, n, pos, 2, &m) ||
	    !take_char(s, n, pos, '-') || !take_digits(s, n, pos, 2, &d)) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' is not a date (YYYY-MM-DD)", (int)(n > 40 ? 40 : n), s);
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' is not a real date", (int)(n > 40 ? 40 : n), s);
	}
	*days = days_from_civil(y, m, d);
	return 0;
}

int
date_parse(const char *s, size_t n, int64_t *days, struct err *e)
{
	size_t pos = 0;

	if (parse_date_at(s, n, &pos, days, e) != 0) {
		return -1;
	}
	if (pos != n) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' is not a date (YYYY-MM-DD)", (int)(n > 40 ? 40 : n), s);
	}
	return 0;
}

/* The two digits at s as a number, or -1 when either is not a digit. */
static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') {
		return -1;
	}
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * "YYYY-MM-DDTHH:MM:SSZ", the form Levera writes (and imports by the
 * million), read in one go; false for anything else, valid or not, which
 * the general path then reads (and says what is wrong with).
 */
static bool
rfc3339_parse_plain(const char *s, size_t n, int64_t *out)
{
	int hi, lo, m, d, hh, mm, ss;

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
		return false;
	}
	hi = two_digits(s);
	lo = two_digits(s + 2);
	m = two_digits(s + 5);
	d = two_digits(s + 8);
	hh = two_digits(s + 11);
	mm = two_digits(s + 14);
	ss = two_digits(s + 17);
	if ((hi | lo | m | d | hh | mm | ss) < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(hi * 100 + lo, m) ||
	    hh > 23 || mm > 59 || ss > 60) {
		return false;
	}
	*out = days_from_civil(hi * 100 + lo, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

int
rfc3339_parse(const char *s, size_t n, int64_t *out, struct err *e)
{
	size_t pos = 0;
	int64_t days;
	int hh, mm, ss, oh = 0, om = 0, sign = 0;
	int shown = (int)(n > 40 ? 40 : n);

	if (rfc3339_parse_plain(s, n, out)) {
		return 0;
	}
	if (parse_date_at(s, n, &pos, &days, e) != 0) {
		if (e != NULL && strstr(e->message, "real") != NULL) {
			return err_set(e, ERR_INVALID, NULL, "'%.*s' is not a real date", shown, s);
		}
		return err_set(e, ERR_INVALID, NULL, "'%.*s' is not an RFC 3339 date-time", shown, s);
	}
	if (!(take_char(s, n, &pos, 'T') || take_char(s, n, &pos, 't') || take_char(s, n, &pos, ' ')) ||
	    !take_digits(s, n, &pos, 2, &hh) || !take_char(s, n, &pos, ':') || !take_digits(s, n, &pos, 2, &mm) ||
	    !take_char(s, n, &pos, ':') || !take_digits(s, n, &pos, 2, &ss)) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' is not an RFC 3339 date-time", shown, s);
	}
	/* Fractions are dropped: an instant truncated toward the past. */
	if (take_char(s, n, &pos, '.')) {
		size_t start = pos;
		while (pos < n && s[pos] >= '0' && s[pos] <= '9') {
			pos++;
		}
		if (pos == start) {
			return err_set(e, ERR_INVALID, NULL, "'%.*s' has an empty fraction of a second", shown, s);
		}
	}
	if (take_char(s, n, &pos, 'Z') || take_char(s, n, &pos, 'z')) {
		sign = 0;
	} else if (take_char(s, n, &pos, '+')) {
		sign = 1;
	} else if (take_char(s, n, &pos, '-')) {
		sign = -1;
	} else {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' has no UTC offset (add Z or +HH:MM)", shown, s);
	}
	if (sign != 0 &&
	    (!take_digits(s, n, &pos, 2, &oh) || !take_char(s, n, &pos, ':') || !take_digits(s, n, &pos, 2, &om))) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' has a malformed UTC offset", shown, s);
	}
	if (pos != n) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' has trailing characters", shown, s);
	}
	/* RFC 3339 allows second 60 for leap seconds; POSIX time folds it. */
	if (hh > 23 || mm > 59 || ss > 60 || oh > 23 || om > 59) {
		return err_set(e, ERR_INVALID, NULL, "'%.*s' has a time of day out of range", shown, s);
	}
	*out = days * 86400 + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
	return 0;
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

char *
rfc3339_format(int64_t t, char out[RFC3339_LEN])
{
	int64_t days = floor_div(t, 86400);
	int secs = (int)(t - days * 86400);
	struct civil c = civil_from_days(days);

	/* Written by hand, not snprintf: the CLI formats millions a second. */
	if (c.year < 0 || c.year > 9999) {
		memcpy(out, c.year < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z", RFC3339_LEN);
		return out;
	}
	put2(out, c.year / 100);
	put2(out + 2, c.year % 100);
	out[4] = '-';
	put2(out + 5, c.month);
	out[7] = '-';
	put2(out + 8, c.day);
	out[10] = 'T';
	put2(out + 11, secs / 3600);
	out[13] = ':';
	put2(out + 14, secs / 60 % 60);
	out[16] = ':';
	put2(out + 17, secs % 60);
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

char *
rfc3339_format_offset(int64_t t, int32_t utoff_s, char out[RFC3339_LOCAL_LEN])
{
	int32_t a = utoff_s < 0 ? -utoff_s : utoff_s;

	rfc3339_format(t + utoff_s, out);
	out[19] = utoff_s < 0 ? '-' : '+';
	put2(out + 20, a / 3600 % 100);
	out[22] = ':';
	put2(out + 23, a / 60 % 60);
	out[25] = '\0';
	return out;
}

char *
date_format(int64_t days, char out[11])
{
	struct civil c = civil_from_days(days);

	if (c.year < 0 || c.year > 9999) {
		snprintf(out, 11, "%s", c.year < 0 ? "0000-01-01" : "9999-12-31");
		return out;
	}
	snprintf(out, 11, "%04d-%02d-%02d", c.year, c.month, c.day);
	return out;
}

int
duration_parse(const char *s, size_t n, int64_t *seconds, struct err *e)
{
	static const struct {
		char unit;
		int64_t scale;
	} units[] = { { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	int shown = (int)(n > 40 ? 40 : n);
	size_t pos = 0, next_unit = 0;
	int64_t total = 0;
	bool any = false;

	while (pos < n) {
		int64_t v = 0;
		size_t start = pos;
		while (pos < n && s[pos] >= '0' && s[pos] <= '9') {
			if (v > MAX_DURATION_S) {
				return err_set(e, ERR_RANGE, NULL, "duration '%.*s' is longer than 200 years", shown,
				               s);
			}
			v = v * 10 + (s[pos] - '0');
			pos++;
		}
		if (pos == start) {
			return err_set(e, ERR_INVALID, NULL,
			               "'%.*s' is not a duration (seconds, or e.g. \"4h\", \"90m\", \"1h30m\")", shown,
			               s);
		}
		if (pos == n && !any) {
			total = v; /* bare seconds */
			any = true;
			break;
		}
		size_t u = next_unit;
		while (u < sizeof(units) / sizeof(units[0]) && (pos >= n || s[pos] != units[u].unit)) {
			u++;
		}
		if (pos >= n || u == sizeof(units) / sizeof(units[0])) {
			return err_set(e, ERR_INVALID, NULL,
			               "'%.*s' is not a duration (seconds, or e.g. \"4h\", \"90m\", \"1h30m\")", shown,
			               s);
		}
		if (v > MAX_DURATION_S / units[u].scale) {
			return err_set(e, ERR_RANGE, NULL, "duration '%.*s' is longer than 200 years", shown, s);
		}
		total += v * units[u].scale;
		next_unit = u + 1;
		pos++;
		any = true;
	}
	if (!any) {
		return err_set(e, ERR_INVALID, NULL, "the duration is empty");
	}
	if (total > MAX_DURATION_S) {
		return err_set(e, ERR_RANGE, NULL, "duration '%.*s' is longer than 200 years", shown, s);
	}
	*seconds = total;
	return 0;
}

int64_t
time_monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}
