/*
 * tz.h - a time zone's UTC offsets over all time, from TZif data.
 *
 * A struct tz is built from the bytes of a TZif file (RFC 8536, versions 1-4)
 * of the system tz database: its explicit transitions, then the POSIX TZ rule
 * of its footer for every instant after the last one, so there is no horizon.
 * Pure: no I/O (base/tzfile.c reads the file), no globals, no clock reads.
 * Leap-second records are ignored, as POSIX time does.
 */
#ifndef LEVERA_SLA_TZ_H
#define LEVERA_SLA_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* From `at` (UTC) on, local time = UTC + utoff_s. */
struct tz_transition {
	int64_t at;
	int32_t utoff_s;
};

/* One end of a POSIX daylight-saving rule ("M3.5.0/2", "J60", "59/-1"). */
struct tz_rule_date {
	enum { TZ_RULE_JULIAN1, TZ_RULE_JULIAN0, TZ_RULE_MONTH_WEEK_DAY } kind;
	int day;              /* Jn: 1..365; n: 0..365; M: day of week 0..6 (Sunday 0) */
	int week;             /* M only: 1..5 (5 = last) */
	int month;            /* M only: 1..12 */
	int32_t local_time_s; /* seconds after local midnight, -167h..167h */
};

struct tz_rule {
	int32_t std_utoff_s;
	bool has_dst;
	int32_t dst_utoff_s;
	struct tz_rule_date dst_start; /* in standard local time */
	struct tz_rule_date dst_end;   /* in daylight local time */
};

struct tz {
	char name[64];
	int32_t initial_utoff_s;     /* in effect before the first transition */
	struct tz_transition *trans; /* owned; sorted by at, no repeats */
	size_t ntrans;
	bool has_rule; /* the footer rule applies after trans[ntrans-1] */
	struct tz_rule rule;
	/*
	 * With has_rule, the rule gives the offset at every instant >= rule_from:
	 * the file's last transition (absent from trans when it kept the
	 * offset), or INT64_MIN when the file has none (RFC 8536 section 3.2).
	 */
	int64_t rule_from;
};

/* UTC offsets outside this range are refused (RFC 8536 section 3.2). */
#define TZ_UTOFF_MIN_S (-89999)
#define TZ_UTOFF_MAX_S 93599

/*
 * tz_expand lists only the changes within +-TZ_SPAN_S of the epoch (about
 * 146 billion years), and tz_local_to_utc reads a local time beyond it with
 * the offset at that value taken as UTC.  tz_utoff_at is exact everywhere.
 */
#define TZ_SPAN_S ((int64_t)1 << 62)

/*
 * Builds z from TZif bytes; name is only recorded.  On failure z is left
 * empty (safe to release) and e says why, with field "timezone".
 */
int tz_from_tzif(struct tz *z, const char *name, const unsigned char *data, size_t len, struct err *e);

/*
 * Parses a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3", with the
 * RFC 8536 extension of rule times from -167 to 167 hours.  The n bytes at s
 * must all be used.  A daylight name without dates gets the US rule
 * ",M3.2.0,M11.1.0" as glibc and tzcode do.  Errors have field "timezone".
 */
int tz_rule_parse(struct tz_rule *rule, const char *s, size_t n, struct err *e);

/* Frees what z owns; z may be NULL. */
void tz_release(struct tz *z);

/* The offset in effect at the UTC instant t.  O(log ntrans), no allocation. */
int32_t tz_utoff_at(const struct tz *z, int64_t t);

/*
 * Lists every offset change with from <= at < to, in order, appending to
 * *out (grown with xreallocarray; *out may start NULL) and returning how many
 * it wrote.  *utoff_at_from receives the offset in effect at from.  Changes
 * that keep the same offset are left out.  The entries are written from
 * (*out)[0] on; *out is left as it was when there are none, and
 * utoff_at_from may be NULL.
 */
size_t tz_expand(const struct tz *z, int64_t from, int64_t to, int32_t *utoff_at_from, struct tz_transition **out);

/*
 * The UTC instant of a local wall time, given as seconds since
 * 1970-01-01T00:00:00 local.  As RFC 5545 says: a local time that does not
 * exist (spring gap) is read with the offset before the transition, and one
 * that occurs twice (autumn overlap) is its first occurrence.  Like
 * tz_utoff_at it is O(log ntrans) and does not allocate.
 */
int64_t tz_local_to_utc(const struct tz *z, int64_t local);

#endif
