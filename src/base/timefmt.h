/*
 * timefmt.h - instants, civil dates and their text forms.
 *
 * An instant is an int64_t count of seconds since 1970-01-01T00:00:00Z
 * (leap seconds ignored, as POSIX does).  Civil-date arithmetic here is the
 * proleptic Gregorian calendar; it does not know about time zones (see
 * sla/tz.h for those).  No function here reads the clock or allocates.
 */
#ifndef LEVERA_BASE_TIMEFMT_H
#define LEVERA_BASE_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* "No instant", e.g. the due_at of a paused clock. */
#define TIME_NONE INT64_MIN

/* Length of "YYYY-MM-DDTHH:MM:SSZ" plus its NUL. */
#define RFC3339_LEN 21

struct civil {
	int year, month, day; /* month 1..12, day 1..31 */
};

/* Days since 1970-01-01 of a civil date (which must be valid). */
int64_t days_from_civil(int year, int month, int day);

/* The civil date of a day count since 1970-01-01. */
struct civil civil_from_days(int64_t days);

/* 0 = Monday .. 6 = Sunday. */
int weekday_from_days(int64_t days);

bool is_leap_year(int year);
int days_in_month(int year, int month);

/* floor(a / b) for b > 0. */
static inline int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/*
 * Parses an RFC 3339 date-time ("2026-03-02T08:15:00Z", "...+01:00",
 * fractional seconds accepted and truncated toward the past; 't'/' ' and
 * 'z' also accepted) from the n bytes at s.  The whole input must be used.
 */
int rfc3339_parse(const char *s, size_t n, int64_t *out, struct err *e);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (years 0000..9999) into out; returns out. */
char *rfc3339_format(int64_t t, char out[RFC3339_LEN]);

/* Length of "YYYY-MM-DDTHH:MM:SS+HH:MM" plus its NUL. */
#define RFC3339_LOCAL_LEN 26

/* Writes t as local time at offset utoff_s, e.g. "2026-11-23T08:00:00+01:00". */
char *rfc3339_format_offset(int64_t t, int32_t utoff_s, char out[RFC3339_LOCAL_LEN]);

/* Parses "YYYY-MM-DD" into days since 1970-01-01. */
int date_parse(const char *s, size_t n, int64_t *days, struct err *e);

/* Writes "YYYY-MM-DD" into out (11 bytes). */
char *date_format(int64_t days, char out[11]);

/*
 * Parses a duration: whole seconds ("3600") or units h, m, s in that order,
 * each at most once ("4h", "90m", "1h30m", "45s").  At most 200 years.
 */
int duration_parse(const char *s, size_t n, int64_t *seconds, struct err *e);

/* Seconds of CLOCK_MONOTONIC: for ages of cached things, never for instants. */
int64_t time_monotonic_s(void);

#endif
