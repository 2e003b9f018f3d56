/*
 * tz_test.c - the time-zone layer against glibc, golden cases and refusals.
 *
 * glibc's own reading of the same zone files (TZ=":Zone", localtime_r) is the
 * independent reference for offsets; local-time resolution, the POSIX rule
 * parser, TZif validation and the file reader's refusals are checked against
 * fixed expectations.  LEVERA_TEST_SCALE=n samples n times more sparsely.
 */
#include "sla/tz.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "base/tzfile.h"
#include "unit/support/test_env.h"

#define HOUR 3600
#define DAY 86400
#define MAX_ZONES 1024
#define MAX_REPORTED 5

/* ---- helpers ---- */

static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, mo, d) * DAY + h * HOUR + mi * 60 + s;
}

/* Local wall times are counted like instants, from 1970-01-01T00:00 local. */
static int64_t
wall(int y, int mo, int d, int h, int mi)
{
	return utc(y, mo, d, h, mi, 0);
}

static int
try_load(struct tz *z, const char *name, struct err *e)
{
	unsigned char *data;
	size_t len;
	int rc;

	if (tzfile_read(name, &data, &len, e) != 0) {
		return -1;
	}
	rc = tz_from_tzif(z, name, data, len, e);
	free(data);
	return rc;
}

static void
load(struct tz *z, const char *name)
{
	struct err e;

	cr_assert_eq(try_load(z, name, &e), 0, "loading %s: %s", name, e.message);
}

static void
rule_zone(struct tz *z, const char *rule)
{
	struct err e;

	memset(z, 0, sizeof(*z));
	cr_assert_eq(tz_rule_parse(&z->rule, rule, strlen(rule), &e), 0, "%s: %s", rule, e.message);
	snprintf(z->name, sizeof(z->name), "%s", rule);
	z->has_rule = true;
	z->rule_from = INT64_MIN;
	z->initial_utoff_s = z->rule.std_utoff_s;
}

static void
glibc_zone(const char *tz_env)
{
	cr_assert_eq(setenv("TZ", tz_env, 1), 0);
	tzset();
}

static long
glibc_utoff(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL) {
		return LONG_MIN;
	}
	return tm.tm_gmtoff;
}

/* A cheap scatter of sample points over the seconds of a step. */
static int64_t
jitter(int64_t i, int64_t step)
{
	return (int64_t)(((uint64_t)i * 2654435761u) % (uint64_t)step);
}

struct tally {
	const char *zone;
	long checked;
	long bad;
};

static void
tally_bad(struct tally *ty, const char *what, int64_t t, long got, long want)
{
	char when[RFC3339_LEN];

	if (ty->bad < MAX_REPORTED) {
		cr_log_error("%s: %s at %s (%lld): got %ld, want %ld", ty->zone, what, rfc3339_format(t, when),
		             (long long)t, got, want);
	}
	ty->bad++;
}

static void
check_glibc(struct tally *ty, const struct tz *z, int64_t t)
{
	long want = glibc_utoff(t);
	int32_t got = tz_utoff_at(z, t);

	ty->checked++;
	if (got != want) {
		tally_bad(ty, "offset", t, got, want);
	}
}

/* local = t + offset(t) exists, so it must map back to t or an earlier twin. */
static void
check_round_trip(struct tally *ty, const struct tz *z, int64_t t)
{
	int64_t local = t + tz_utoff_at(z, t);
	int64_t back = tz_local_to_utc(z, local);

	if (back > t || back + tz_utoff_at(z, back) != local) {
		tally_bad(ty, "round trip", t, (long)(back - t), 0);
	}
}

/* Gap and overlap of one isolated change (before -> after at `at`). */
static void
check_local_around(struct tally *ty, const struct tz *z, int64_t at, int32_t before, int32_t after)
{
	int32_t lo = before < after ? before : after;
	int32_t hi = before < after ? after : before;
	int64_t probes[5] = { at + lo - 1, at + lo, at + lo + (hi - lo) / 2, at + hi - 1, at + hi };

	for (int i = 0; i < 5; i++) {
		int64_t local = probes[i];
		/* In the gap or overlap the offset before wins; elsewhere the one in effect. */
		int32_t use = local < at + lo ? before : local < at + hi ? before : after;
		int64_t got = tz_local_to_utc(z, local);
		if (got != local - use) {
			tally_bad(ty, "local", local, (long)(got - local), -(long)use);
		}
	}
}

/*
 * Compares z with glibc (TZ already set) on [from, to): a sample every step
 * seconds, and each change tz_expand reports, one second either side.
 */
static void
compare_with_glibc(struct tally *ty, const struct tz *z, int64_t from, int64_t to, int64_t step)
{
	struct tz_transition *list = NULL;
	int32_t first;
	int32_t prev;
	size_t n;
	int64_t i = 0;

	for (int64_t t = from; t < to; t += step, i++) {
		int64_t s = t + jitter(i, step);
		check_glibc(ty, z, s);
		if (i % 16 == 0) {
			check_round_trip(ty, z, s);
		}
	}

	n = tz_expand(z, from, to, &first, &list);
	if (first != glibc_utoff(from)) {
		tally_bad(ty, "offset at from", from, first, glibc_utoff(from));
	}
	prev = first;
	for (size_t k = 0; k < n; k++) {
		int64_t at = list[k].at;
		if (list[k].utoff_s == prev || at < from || at >= to || (k > 0 && at <= list[k - 1].at)) {
			tally_bad(ty, "expand order", at, list[k].utoff_s, prev);
		}
		if (tz_utoff_at(z, at) != list[k].utoff_s || tz_utoff_at(z, at - 1) != prev) {
			tally_bad(ty, "expand vs utoff_at", at, tz_utoff_at(z, at), list[k].utoff_s);
		}
		check_glibc(ty, z, at - 1);
		check_glibc(ty, z, at);
		check_glibc(ty, z, at + 1);
		if ((k == 0 || at - list[k - 1].at > 2 * DAY) && (k + 1 == n || list[k + 1].at - at > 2 * DAY)) {
			check_local_around(ty, z, at, prev, list[k].utoff_s);
		}
		prev = list[k].utoff_s;
	}
	free(list);
}

static void
compare_zone(const char *name, int64_t from, int64_t to, int64_t step)
{
	char env[128];
	struct tally ty = { name, 0, 0 };
	struct tz z;

	load(&z, name);
	snprintf(env, sizeof(env), ":%s", name);
	glibc_zone(env);
	compare_with_glibc(&ty, &z, from, to, step);
	tz_release(&z);
	cr_expect_eq(ty.bad, 0, "%s: %ld of %ld checks differ", name, ty.bad, ty.checked);
}

/* ---- (a) selected zones, densely ---- */

static void
dense_zone(const char *name)
{
	compare_zone(name, utc(1970, 1, 1, 0, 0, 0), utc(2200, 1, 1, 0, 0, 0), (int64_t)3 * HOUR * test_scale());
}

Test(tz, dense_copenhagen)
{
	dense_zone("Europe/Copenhagen");
}

Test(tz, dense_new_york)
{
	dense_zone("America/New_York");
}

Test(tz, dense_kolkata)
{
	dense_zone("Asia/Kolkata");
}

Test(tz, dense_lord_howe)
{
	dense_zone("Australia/Lord_Howe");
}

Test(tz, dense_sao_paulo)
{
	dense_zone("America/Sao_Paulo");
}

Test(tz, dense_london)
{
	dense_zone("Europe/London");
}

Test(tz, dense_casablanca)
{
	dense_zone("Africa/Casablanca");
}

Test(tz, dense_apia)
{
	dense_zone("Pacific/Apia");
}

Test(tz, dense_st_johns)
{
	dense_zone("America/St_Johns");
}

Test(tz, dense_dublin)
{
	dense_zone("Europe/Dublin");
}

Test(tz, dense_troll)
{
	dense_zone("Antarctica/Troll");
}

Test(tz, dense_chatham)
{
	dense_zone("Pacific/Chatham");
}

Test(tz, dense_utc)
{
	dense_zone("UTC");
}

/* ---- (b) every zone of the installed database ---- */

struct zone_list {
	char *names[MAX_ZONES];
	size_t n;
};

static void
add_name(struct zone_list *zl, const char *name)
{
	for (size_t i = 0; i < zl->n; i++) {
		if (strcmp(zl->names[i], name) == 0) {
			return;
		}
	}
	cr_assert_lt(zl->n, (size_t)MAX_ZONES);
	zl->names[zl->n++] = strdup(name);
}

/* Names from tzdata.zi ("Z name", "L target name"), else zone1970.tab. */
static void
list_zones(struct zone_list *zl)
{
	const char *dir = getenv("TZDIR") != NULL ? getenv("TZDIR") : "/usr/share/zoneinfo";
	char path[512];
	char line[512];
	FILE *f;

	zl->n = 0;
	snprintf(path, sizeof(path), "%s/tzdata.zi", dir);
	f = fopen(path, "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			char a[128];
			char b[128];
			if (line[0] == 'Z' && sscanf(line, "Z %127s", a) == 1) {
				add_name(zl, a);
			} else if (line[0] == 'L' && sscanf(line, "L %127s %127s", a, b) == 2) {
				add_name(zl, b);
			}
		}
		fclose(f);
		return;
	}
	snprintf(path, sizeof(path), "%s/zone1970.tab", dir);
	f = fopen(path, "r");
	cr_assert_not_null(f, "neither tzdata.zi nor zone1970.tab in %s", dir);
	while (fgets(line, sizeof(line), f) != NULL) {
		char codes[128];
		char coord[128];
		char name[128];
		if (line[0] != '#' && sscanf(line, "%127s %127s %127s", codes, coord, name) == 3) {
			add_name(zl, name);
		}
	}
	fclose(f);
}

static void
free_zones(struct zone_list *zl)
{
	for (size_t i = 0; i < zl->n; i++) {
		free(zl->names[i]);
	}
	zl->n = 0;
}

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 1099511628211u;
	}
	return h;
}

/*
 * Zones sharing a file are checked once.  Each file is sampled daily up to
 * the year after its last explicit transition; after that its footer rule
 * alone decides, so a rule already sampled daily for another zone is
 * sampled every 13 days instead.  Every change is checked to the second.
 */
static void
all_zones_part(int part, int parts)
{
	struct zone_list zl;
	uint64_t seen[MAX_ZONES];
	size_t nseen = 0;
	char *rules[MAX_ZONES];
	size_t nrules = 0;
	int64_t from = utc(1970, 1, 1, 0, 0, 0);
	int64_t to = utc(2200, 1, 1, 0, 0, 0);
	int64_t step = (int64_t)DAY * test_scale();
	long bad = 0;
	long checked = 0;
	size_t tested = 0;

	list_zones(&zl);
	cr_assert_gt(zl.n, 100, "only %zu zones listed", zl.n);
	for (size_t i = 0; i < zl.n; i++) {
		const char *name = zl.names[i];
		unsigned char *data;
		size_t len;
		struct err e;
		struct tz z;
		struct tally ty = { name, 0, 0 };
		char env[128];
		uint64_t h;
		bool dup = false;
		int64_t daily_to;
		bool rule_seen = false;

		if (tzfile_read(name, &data, &len, &e) != 0) {
			cr_log_warn("%s: %s", name, e.message);
			continue;
		}
		h = fnv1a(data, len);
		for (size_t k = 0; k < nseen; k++) {
			dup = dup || seen[k] == h;
		}
		if (dup) {
			free(data);
			continue;
		}
		seen[nseen++] = h;
		if ((nseen - 1) % (size_t)parts != (size_t)part) {
			free(data);
			continue;
		}
		cr_assert_eq(tz_from_tzif(&z, name, data, len, &e), 0, "%s: %s", name, e.message);
		free(data);
		tested++;

		snprintf(env, sizeof(env), ":%s", name);
		glibc_zone(env);
		daily_to = to;
		if (z.has_rule && z.rule_from != INT64_MIN) {
			char key[128];
			snprintf(key, sizeof(key), "%d %d %d %d.%d.%d/%d %d.%d.%d/%d", z.rule.std_utoff_s,
			         z.rule.has_dst, z.rule.dst_utoff_s, z.rule.dst_start.kind, z.rule.dst_start.month,
			         z.rule.dst_start.week * 10 + z.rule.dst_start.day, z.rule.dst_start.local_time_s,
			         z.rule.dst_end.kind, z.rule.dst_end.month,
			         z.rule.dst_end.week * 10 + z.rule.dst_end.day, z.rule.dst_end.local_time_s);
			for (size_t k = 0; k < nrules; k++) {
				rule_seen = rule_seen || strcmp(rules[k], key) == 0;
			}
			if (!rule_seen) {
				rules[nrules++] = strdup(key);
			} else {
				int64_t y = civil_from_days(floor_div(z.rule_from, DAY)).year + 1;
				daily_to = y < 2200 ? utc((int)y, 1, 1, 0, 0, 0) : to;
			}
		}
		if (daily_to < from) {
			daily_to = from;
		}
		compare_with_glibc(&ty, &z, from, daily_to, step);
		if (daily_to < to) {
			/* Sparse samples only; compare_with_glibc still checks each change. */
			compare_with_glibc(&ty, &z, daily_to, to, 13 * step);
		}
		if (ty.bad != 0) {
			cr_log_error("%s: %ld of %ld checks differ", name, ty.bad, ty.checked);
		}
		bad += ty.bad;
		checked += ty.checked;
		tz_release(&z);
	}
	for (size_t k = 0; k < nrules; k++) {
		free(rules[k]);
	}
	free_zones(&zl);
	cr_log_info("part %d: %zu zone files, %ld checks", part, tested, checked);
	cr_expect_gt(tested, 0);
	cr_expect_eq(bad, 0, "%ld mismatches with glibc", bad);
}

Test(tz, all_zones_0)
{
	all_zones_part(0, 4);
}

Test(tz, all_zones_1)
{
	all_zones_part(1, 4);
}

Test(tz, all_zones_2)
{
	all_zones_part(2, 4);
}

Test(tz, all_zones_3)
{
	all_zones_part(3, 4);
}

/* ---- rules alone, against glibc's reading of the same TZ string ---- */

Test(tz, rules_vs_glibc)
{
	/* Strings with a comma or "<" are never file names to glibc. */
	static const char *const rules[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3",
		"<+0330>-3:30<+0430>,J79/24,J263/24",
		"AEST-10AEDT,M10.1.0,M4.1.0/3",
		"IST-1GMT0,M10.5.0,M3.5.0/1",
		"<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
		"IST-2IDT,M3.4.4/26,M10.5.0",
		"EET-2EEST,M3.4.4/50,M10.4.4/50",
		"NZST-12NZDT,M9.5.0,M4.1.0/3",
		"<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
		"<-04>4<-03>,M9.1.6/24,M4.1.6/24",
		"XST3XDT,J60/2,J300/2",
		"XST3XDT,59/2,299",
		"XST-5XDT-7:30,M2.1.1/12,M11.5.6/-3:15",
		"<+0530>-5:30",
	};
	int64_t from = utc(1970, 1, 1, 0, 0, 0);
	int64_t to = utc(2200, 1, 1, 0, 0, 0);
	long bad = 0;

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct tz z;
		struct tally ty = { rules[i], 0, 0 };
		rule_zone(&z, rules[i]);
		glibc_zone(rules[i]);
		compare_with_glibc(&ty, &z, from, to, (int64_t)(DAY + 7) * test_scale());
		bad += ty.bad;
		tz_release(&z);
	}
	cr_expect_eq(bad, 0);
}

Test(tz, rule_all_year_and_none)
{
	struct tz_transition *list = NULL;
	struct tz z;
	int32_t first;
	size_t n;

	/*
	 * zic's way of saying "daylight all year": the end meets the next start.
	 * glibc reads EST from 00:00 to 05:00 UTC each January 1; RFC 8536 does not.
	 */
	rule_zone(&z, "EST5EDT,0/0,J365/25");
	n = tz_expand(&z, utc(1900, 1, 1, 0, 0, 0), utc(2300, 1, 1, 0, 0, 0), &first, &list);
	cr_expect_eq(n, 0);
	cr_expect_eq(first, -4 * HOUR);
	for (int y = 1999; y <= 2101; y++) {
		int64_t jan1 = utc(y, 1, 1, 0, 0, 0);
		for (int64_t t = jan1 - 6 * HOUR; t < jan1 + 6 * HOUR; t += 900) {
			cr_assert_eq(tz_utoff_at(&z, t), -4 * HOUR, "year %d t %lld", y, (long long)t);
		}
		cr_assert_eq(tz_utoff_at(&z, jan1 + 5 * HOUR), -4 * HOUR);
	}
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 1, 1, 0, 30)), utc(2026, 1, 1, 4, 30, 0));
	free(list);
	tz_release(&z);

	/* Far east, the all-year trick starts before New Year in UTC. */
	rule_zone(&z, "<+13>-13<+14>,0/0,J365/25");
	list = NULL;
	cr_expect_eq(tz_expand(&z, utc(1900, 1, 1, 0, 0, 0), utc(2300, 1, 1, 0, 0, 0), &first, &list), 0);
	cr_expect_eq(first, 14 * HOUR);
	for (int64_t t = utc(2026, 12, 30, 0, 0, 0); t < utc(2027, 1, 2, 0, 0, 0); t += 600) {
		cr_assert_eq(tz_utoff_at(&z, t), 14 * HOUR);
	}
	free(list);
	tz_release(&z);

	/* Zero-length daylight time: the end, read after the start, wins. */
	rule_zone(&z, "XST5XDT,M3.2.0/2,M3.2.0/3");
	list = NULL;
	cr_expect_eq(tz_expand(&z, utc(1900, 1, 1, 0, 0, 0), utc(2300, 1, 1, 0, 0, 0), &first, &list), 0);
	cr_expect_eq(first, -5 * HOUR);
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 3, 8, 7, 0, 0)), -5 * HOUR);
	free(list);
	tz_release(&z);

	rule_zone(&z, "<+0530>-5:30");
	cr_expect_eq(tz_utoff_at(&z, 0), 19800);
	cr_expect_eq(tz_utoff_at(&z, INT64_MIN), 19800);
	list = NULL;
	cr_expect_eq(tz_expand(&z, INT64_MIN, INT64_MAX, &first, &list), 0);
	cr_expect_null(list);
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 5, 1, 9, 0)), utc(2026, 5, 1, 3, 30, 0));
	tz_release(&z);
}

/*
 * Daylight time from Dec 31 20:00 (+13) to Jan 1 06:00 (+14) of the next
 * year's rule: 07:00 to 16:00 UTC on Dec 31, the end belonging to the rule
 * year after the start.  glibc, which only looks at the rules of the UTC
 * year, keeps +14 until the next day; tzcode and RFC 8536 do not.
 */
Test(tz, rule_straddles_new_year)
{
	struct tz_transition *list = NULL;
	struct tz z;
	int32_t first;
	size_t n;

	rule_zone(&z, "<+13>-13<+14>,J365/20,J1/6");
	for (int y = 1990; y < 2100; y++) {
		int64_t dec31 = utc(y, 12, 31, 0, 0, 0);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 7 * HOUR - 1), 13 * HOUR, "%d", y);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 7 * HOUR), 14 * HOUR, "%d", y);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 16 * HOUR - 1), 14 * HOUR, "%d", y);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 16 * HOUR), 13 * HOUR, "%d", y);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 17 * HOUR), 13 * HOUR, "%d", y);
		cr_assert_eq(tz_utoff_at(&z, dec31 + 24 * HOUR), 13 * HOUR, "%d", y);
		/* 20:00..20:59 local does not exist; 05:00..05:59 on Jan 1 happens twice. */
		cr_assert_eq(tz_local_to_utc(&z, wall(y, 12, 31, 20, 30)), dec31 + 7 * HOUR + 30 * 60);
		cr_assert_eq(tz_local_to_utc(&z, wall(y + 1, 1, 1, 5, 30)), dec31 + 15 * HOUR + 30 * 60);
	}
	n = tz_expand(&z, utc(1990, 1, 1, 0, 0, 0), utc(2100, 1, 1, 0, 0, 0), &first, &list);
	cr_assert_eq(n, 2 * 110);
	cr_expect_eq(first, 13 * HOUR);
	for (size_t k = 0; k < n; k++) {
		int64_t dec31 = utc(1990 + (int)(k / 2), 12, 31, 0, 0, 0);
		cr_assert_eq(list[k].at, dec31 + (k % 2 == 0 ? 7 : 16) * HOUR);
		cr_assert_eq(list[k].utoff_s, (k % 2 == 0 ? 14 : 13) * HOUR);
	}
	free(list);
	tz_release(&z);
}

/* ---- slim files lean on their footer; fat ones list 2037 explicitly ---- */

/*
 * Asia/Gaza is left out: its predicted transitions run to 2086, and an older
 * zic (glibc 2.36's) writes a slim file that stops them at 2072.
 */
Test(tz, slim_equals_fat)
{
	char dir[] = "/tmp/levera-tz-slim-XXXXXX";
	char cmd[1024];
	const char *const zones[] = {
		"Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/Dublin",
		"Pacific/Chatham",   "America/Nuuk",     "Asia/Jerusalem",      "Africa/Casablanca", "America/Santiago",
		"Pacific/Auckland",  "Asia/Tehran",      "America/St_Johns",    "Antarctica/Troll",  "Europe/Moscow",
	};
	int64_t from = utc(1900, 1, 1, 0, 0, 0);
	int64_t to = utc(2300, 1, 1, 0, 0, 0);

	if (access("/usr/sbin/zic", X_OK) != 0 || access("/usr/share/zoneinfo/tzdata.zi", R_OK) != 0) {
		cr_skip_test("no zic or tzdata.zi");
	}
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "/usr/sbin/zic -b slim -d %s /usr/share/zoneinfo/tzdata.zi 2>/dev/null", dir);
	cr_assert_eq(system(cmd), 0);
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		struct tz fat;
		struct tz slim;
		struct tz_transition *a = NULL;
		struct tz_transition *b = NULL;
		int32_t fa;
		int32_t fb;
		size_t na;
		size_t nb;

		load(&fat, zones[i]);
		setenv("TZDIR", dir, 1);
		load(&slim, zones[i]);
		unsetenv("TZDIR");
		cr_expect_leq(slim.ntrans, fat.ntrans, "%s", zones[i]);
		na = tz_expand(&fat, from, to, &fa, &a);
		nb = tz_expand(&slim, from, to, &fb, &b);
		cr_expect_eq(fa, fb, "%s", zones[i]);
		cr_expect_eq(na, nb, "%s: %zu vs %zu changes", zones[i], na, nb);
		for (size_t k = 0; k < na && k < nb; k++) {
			if (a[k].at != b[k].at || a[k].utoff_s != b[k].utoff_s) {
				cr_expect_fail("%s: change %zu: %lld/%d vs %lld/%d", zones[i], k, (long long)a[k].at,
				               a[k].utoff_s, (long long)b[k].at, b[k].utoff_s);
				break;
			}
		}
		free(a);
		free(b);
		tz_release(&fat);
		tz_release(&slim);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

/* ---- (c) local wall time to UTC ---- */

Test(tz, local_to_utc_golden)
{
	struct tz z;

	load(&z, "Europe/Copenhagen");
	/* 02:30 does not exist on 2026-03-29: read at +01:00. */
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 3, 29, 2, 30)), utc(2026, 3, 29, 1, 30, 0));
	/* 02:30 happens twice on 2026-10-25: the first, at +02:00. */
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 25, 2, 30)), utc(2026, 10, 25, 0, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 25, 3, 0)), utc(2026, 10, 25, 2, 0, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 25, 1, 59)), utc(2026, 10, 24, 23, 59, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 3, 29, 3, 0)), utc(2026, 3, 29, 1, 0, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 3, 29, 1, 59)), utc(2026, 3, 29, 0, 59, 0));
	/* Far past the file's explicit transitions, from the footer rule. */
	cr_expect_eq(tz_local_to_utc(&z, wall(2150, 3, 29, 2, 30)), utc(2150, 3, 29, 1, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2150, 10, 25, 2, 30)), utc(2150, 10, 25, 0, 30, 0));
	tz_release(&z);

	load(&z, "America/New_York");
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 11, 1, 2, 0)), utc(2026, 11, 1, 7, 0, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 7, 1, 12, 0)), utc(2026, 7, 1, 16, 0, 0));
	tz_release(&z);

	load(&z, "Australia/Lord_Howe");
	/* +10:30 -> +11 at 02:00 on the first Sunday of October: 02:00..02:29 missing. */
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 4, 2, 15)), utc(2026, 10, 3, 15, 45, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 4, 2, 30)), utc(2026, 10, 3, 15, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 4, 1, 59)), utc(2026, 10, 3, 15, 29, 0));
	/* +11 -> +10:30 at 02:00 on the first Sunday of April: 01:30..01:59 twice. */
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 4, 5, 1, 45)), utc(2026, 4, 4, 14, 45, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 4, 5, 2, 0)), utc(2026, 4, 4, 15, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 4, 5, 1, 29)), utc(2026, 4, 4, 14, 29, 0));
	tz_release(&z);

	load(&z, "Asia/Kolkata");
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 1, 15, 9, 0)), utc(2026, 1, 15, 3, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2250, 6, 1, 0, 0)), utc(2250, 5, 31, 18, 30, 0));
	tz_release(&z);

	load(&z, "Europe/Dublin");
	/* Negative DST: GMT (the "daylight" 0) in winter, IST +1 in summer. */
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 1, 15, 12, 0, 0)), 0);
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 7, 15, 12, 0, 0)), HOUR);
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 3, 29, 1, 30)), utc(2026, 3, 29, 1, 30, 0));
	cr_expect_eq(tz_local_to_utc(&z, wall(2026, 10, 25, 1, 30)), utc(2026, 10, 25, 0, 30, 0));
	tz_release(&z);
}

/*
 * The earliest t with t + offset(t) == local, found by trying every offset
 * on a 15-minute grid; in a gap (no such t) the offset before the change
 * that made the gap.
 */
static int64_t
brute_local_to_utc(const struct tz *z, int64_t local, const struct tz_transition *list, size_t n, int32_t first)
{
	int64_t best = INT64_MAX;
	int32_t before = first;

	for (int32_t o = -(-TZ_UTOFF_MIN_S / 900) * 900; o <= TZ_UTOFF_MAX_S; o += 900) {
		if (tz_utoff_at(z, local - o) == o && local - o < best) {
			best = local - o;
		}
	}
	if (best != INT64_MAX) {
		return best;
	}
	for (size_t k = 0; k < n; k++) {
		if (list[k].at + before <= local && local < list[k].at + list[k].utoff_s) {
			return local - before;
		}
		before = list[k].utoff_s;
	}
	return INT64_MIN;
}

/* tz_local_to_utc against a brute-force reading of tz_utoff_at. */
Test(tz, local_to_utc_brute_force)
{
	static const char *const zones[] = { "Europe/Copenhagen", "Australia/Lord_Howe", "Pacific/Apia",
		                             "America/St_Johns",  "Africa/Casablanca",   "Asia/Kolkata" };
	int64_t from = utc(1990, 1, 1, 0, 0, 0);
	int64_t to = utc(2060, 1, 1, 0, 0, 0);
	int64_t step = (int64_t)7919 * 23 * test_scale();

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		struct tz_transition *list = NULL;
		struct tally ty = { zones[i], 0, 0 };
		struct tz z;
		int32_t first;
		size_t n;

		load(&z, zones[i]);
		n = tz_expand(&z, from - 2 * DAY, to + 2 * DAY, &first, &list);
		for (size_t k = 0; k <= n + (size_t)((to - from) / step); k++) {
			int64_t probes[7];
			size_t np = 0;

			if (k < n) {
				/* Around each change: its gap or overlap and both edges. */
				int32_t b = k == 0 ? first : list[k - 1].utoff_s;
				int32_t a = list[k].utoff_s;
				int64_t lo = list[k].at + (a < b ? a : b);
				int64_t hi = list[k].at + (a < b ? b : a);
				int64_t around[7] = { lo - 1, lo, lo + 1, (lo + hi) / 2, hi - 1, hi, hi + 1 };
				memcpy(probes, around, sizeof(around));
				np = 7;
			} else {
				probes[0] = from + (int64_t)(k - n) * step + jitter((int64_t)k, step);
				np = 1;
			}
			for (size_t j = 0; j < np; j++) {
				int64_t want = brute_local_to_utc(&z, probes[j], list, n, first);
				int64_t got = tz_local_to_utc(&z, probes[j]);
				ty.checked++;
				if (got != want) {
					tally_bad(&ty, "local", probes[j], (long)(got - probes[j]),
					          (long)(want - probes[j]));
				}
			}
		}
		cr_expect_eq(ty.bad, 0, "%s: %ld of %ld differ", zones[i], ty.bad, ty.checked);
		free(list);
		tz_release(&z);
	}
}

/* ---- (d) the POSIX rule parser ---- */

Test(tz, rule_parse_accepts)
{
	struct tz_rule r;
	struct err e;
	const char *s;

	s = "CET-1CEST,M3.5.0,M10.5.0/3";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.std_utoff_s, 3600);
	cr_expect(r.has_dst);
	cr_expect_eq(r.dst_utoff_s, 7200);
	cr_expect_eq(r.dst_start.kind, TZ_RULE_MONTH_WEEK_DAY);
	cr_expect_eq(r.dst_start.month, 3);
	cr_expect_eq(r.dst_start.week, 5);
	cr_expect_eq(r.dst_start.day, 0);
	cr_expect_eq(r.dst_start.local_time_s, 7200);
	cr_expect_eq(r.dst_end.month, 10);
	cr_expect_eq(r.dst_end.local_time_s, 3 * HOUR);

	s = "<+0530>-5:30";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.std_utoff_s, 19800);
	cr_expect_not(r.has_dst);

	s = "NST3:30NDT,M3.2.0,M11.1.0";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.std_utoff_s, -12600);
	cr_expect_eq(r.dst_utoff_s, -9000);

	s = "<-02>2<-01>,M3.5.0/-1,M10.5.0/0";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.dst_start.local_time_s, -HOUR);
	cr_expect_eq(r.dst_end.local_time_s, 0);

	s = "EET-2EEST,M3.4.4/50,M10.4.4/50";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.dst_start.local_time_s, 50 * HOUR);

	s = "XXX-1YYY-3:15:07,J1/-167,J365/167:59:59";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.dst_utoff_s, 3 * HOUR + 15 * 60 + 7);
	cr_expect_eq(r.dst_start.kind, TZ_RULE_JULIAN1);
	cr_expect_eq(r.dst_start.day, 1);
	cr_expect_eq(r.dst_start.local_time_s, -167 * HOUR);
	cr_expect_eq(r.dst_end.local_time_s, 167 * HOUR + 59 * 60 + 59);

	s = "EST5EDT,0/0,J365/25";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.dst_start.kind, TZ_RULE_JULIAN0);
	cr_expect_eq(r.dst_start.day, 0);
	cr_expect_eq(r.dst_end.day, 365);

	s = "IST-1GMT0,M10.5.0,M3.5.0/1";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.std_utoff_s, HOUR);
	cr_expect_eq(r.dst_utoff_s, 0);

	/* No dates: the US rule. */
	s = "EST+5EDT";
	cr_assert_eq(tz_rule_parse(&r, s, strlen(s), &e), 0, "%s", e.message);
	cr_expect_eq(r.dst_utoff_s, -4 * HOUR);
	cr_expect_eq(r.dst_start.month, 3);
	cr_expect_eq(r.dst_start.week, 2);
	cr_expect_eq(r.dst_end.month, 11);
	cr_expect_eq(r.dst_end.week, 1);

	/* Only n bytes count: the footer is not NUL-terminated in the file. */
	s = "UTC0\nGARBAGE";
	cr_assert_eq(tz_rule_parse(&r, s, 4, &e), 0, "%s", e.message);
	cr_expect_eq(r.std_utoff_s, 0);
}

Test(tz, rule_parse_rejects)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"EST",
		"ES5",
		"<AB>5",
		"<+05-5",
		"EST25",
		"EST-25",
		"EST5:60",
		"EST5:00:60",
		"EST5EDT25",
		"EST5EDT,M13.1.0,M11.1.0",
		"EST5EDT,M0.1.0,M11.1.0",
		"EST5EDT,M3.0.0,M11.1.0",
		"EST5EDT,M3.6.0,M11.1.0",
		"EST5EDT,M3.1.7,M11.1.0",
		"EST5EDT,J0,J100",
		"EST5EDT,J366,J100",
		"EST5EDT,366,100",
		"EST5EDT,M3.2.0/168,M11.1.0",
		"EST5EDT,M3.2.0/-168,M11.1.0",
		"EST5EDT,M3.2.0",
		"EST5EDT,M3.2.0,",
		"EST5EDT,M3.2.0,M11.1.0,",
		"EST5EDT,M3.2.0,M11.1.0 ",
		"EST5EDT,M3.2.0/2:,M11.1.0",
		"EST5EDT,M3.2,M11.1.0",
		"EST5 ",
		"5EST",
		"EST+",
		"EST5EDT,,",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tz_rule r;
		struct err e;

		err_clear(&e);
		cr_expect_eq(tz_rule_parse(&r, bad[i], strlen(bad[i]), &e), -1, "accepted '%s'", bad[i]);
		cr_expect_eq(e.code, ERR_INVALID, "'%s'", bad[i]);
		cr_expect_str_eq(e.field, "timezone");
	}
	{
		struct tz_rule r;
		struct err e;
		const char with_nul[] = "EST5\0EDT";
		cr_expect_eq(tz_rule_parse(&r, with_nul, sizeof(with_nul) - 1, &e), -1);
	}
}

/* ---- (e) the file reader ---- */

Test(tz, tzfile_rejects_names)
{
	char longname[200];
	static const char *const bad[] = {
		"../../etc/passwd",
		"/etc/passwd",
		"Nowhere/Land",
		"",
		"Europe//Copenhagen",
		"Europe/",
		"./UTC",
		"Europe/../UTC",
		"Europe/Copenhagen ",
		"Europe\\Copenhagen",
		"Europe",
		"tzdata.zi",
		"leapseconds",
		"Europe/Copenhagen/x",
	};
	unsigned char *data;
	size_t len;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		data = (unsigned char *)"sentinel";
		cr_expect_eq(tzfile_read(bad[i], &data, &len, &e), -1, "accepted '%s'", bad[i]);
		cr_expect_eq(e.code, ERR_NOT_FOUND, "'%s': %s", bad[i], e.message);
		cr_expect_str_eq(e.field, "timezone");
		cr_expect_null(data);
	}
	err_clear(&e);
	cr_expect_eq(tzfile_read("Nowhere/Land", &data, &len, &e), -1);
	cr_expect_str_eq(e.message, "unknown time zone 'Nowhere/Land'");

	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	err_clear(&e);
	cr_expect_eq(tzfile_read(longname, &data, &len, &e), -1);
	cr_expect_eq(e.code, ERR_NOT_FOUND);
	cr_expect_str_eq(e.field, "timezone");
	cr_expect_lt(strlen(e.message), 80);

	/* 63 characters is the longest name; 64 is refused before any lookup. */
	memset(longname, 'A', 64);
	longname[64] = '\0';
	cr_expect_eq(tzfile_read(longname, &data, &len, &e), -1);
	cr_expect_eq(e.code, ERR_NOT_FOUND);

	cr_expect_eq(tzfile_read("Europe/Copenhagen", &data, &len, &e), 0, "%s", e.message);
	cr_expect_gt(len, 44);
	cr_expect_eq(memcmp(data, "TZif", 4), 0);
	free(data);
}

static void
write_file(const char *dir, const char *name, const void *bytes, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(bytes, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

Test(tz, tzfile_bad_contents)
{
	char dir[] = "/tmp/levera-tz-XXXXXX";
	static const unsigned char garbage[] = "TZif2 but nothing a reader could use";
	static const unsigned char not_tzif[] = "# a text file\n";
	unsigned char *good;
	size_t good_len;
	unsigned char *data;
	size_t len;
	struct err e;
	struct tz z;
	char path[512];

	cr_assert_eq(tzfile_read("Europe/Copenhagen", &good, &good_len, &e), 0);
	cr_assert_not_null(mkdtemp(dir));
	write_file(dir, "Garbage", garbage, sizeof(garbage) - 1);
	write_file(dir, "Truncated", good, good_len / 2);
	write_file(dir, "Text", not_tzif, sizeof(not_tzif) - 1);
	write_file(dir, "Empty", "", 0);
	cr_assert_eq(setenv("TZDIR", dir, 1), 0);

	cr_assert_eq(tzfile_read("Garbage", &data, &len, &e), 0, "%s", e.message);
	cr_expect_eq(tz_from_tzif(&z, "Garbage", data, len, &e), -1);
	cr_expect_eq(e.code, ERR_INVALID);
	cr_expect_str_eq(e.field, "timezone");
	cr_expect_eq(z.ntrans, 0);
	cr_expect_null(z.trans);
	tz_release(&z);
	free(data);

	cr_assert_eq(tzfile_read("Truncated", &data, &len, &e), 0, "%s", e.message);
	cr_expect_eq(len, good_len / 2);
	cr_expect_eq(tz_from_tzif(&z, "Truncated", data, len, &e), -1);
	cr_expect_eq(e.code, ERR_INVALID);
	tz_release(&z);
	free(data);

	cr_expect_eq(tzfile_read("Text", &data, &len, &e), -1);
	cr_expect_eq(e.code, ERR_NOT_FOUND);
	cr_expect_eq(tzfile_read("Empty", &data, &len, &e), -1);
	cr_expect_eq(e.code, ERR_NOT_FOUND);
	/* The system zones are not visible through another TZDIR. */
	cr_expect_eq(tzfile_read("Europe/Copenhagen", &data, &len, &e), -1);
	cr_expect_eq(e.code, ERR_NOT_FOUND);

	unsetenv("TZDIR");
	for (const char *const *n = (const char *const[]){ "Garbage", "Truncated", "Text", "Empty", NULL }; *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *n);
		unlink(path);
	}
	cr_expect_eq(rmdir(dir), 0);
	free(good);
}

/* ---- TZif validation, on real and hand-built files ---- */

Test(tz, tzif_every_truncation_fails)
{
	static const char *const zones[] = { "Europe/Copenhagen", "UTC", "Asia/Kolkata" };

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		unsigned char *good;
		size_t len;
		struct err e;

		cr_assert_eq(tzfile_read(zones[i], &good, &len, &e), 0);
		for (size_t n = 0; n < len; n++) {
			struct tz z;
			/* A copy of exactly n bytes lets ASan catch any read past the end. */
			unsigned char *cut = malloc(n > 0 ? n : 1);
			memcpy(cut, good, n);
			err_clear(&e);
			cr_assert_eq(tz_from_tzif(&z, zones[i], cut, n, &e), -1, "%s cut to %zu", zones[i], n);
			cr_assert_eq(e.code, ERR_INVALID);
			cr_assert_null(z.trans);
			tz_release(&z);
			free(cut);
		}
		free(good);
	}
}

Test(tz, tzif_bit_flips_never_crash)
{
	unsigned char *good;
	size_t len;
	struct err e;
	uint64_t rng = 88172645463325252u;
	int rounds = 5000 / test_scale();
	int accepted = 0;

	cr_assert_eq(tzfile_read("America/New_York", &good, &len, &e), 0);
	for (int r = 0; r < rounds; r++) {
		unsigned char *buf = malloc(len);
		struct tz z;
		memcpy(buf, good, len);
		for (int k = 0; k < 1 + r % 4; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			buf[rng % len] ^= (unsigned char)(1u << (rng >> 32) % 8);
		}
		if (tz_from_tzif(&z, "Flipped", buf, len, &e) == 0) {
			accepted++;
			/* Whatever was accepted must answer sanely. */
			for (int64_t t = -2000000000; t < 8000000000; t += 86400 * 97) {
				int32_t u = tz_utoff_at(&z, t);
				cr_assert(u >= TZ_UTOFF_MIN_S && u <= TZ_UTOFF_MAX_S);
				(void)tz_local_to_utc(&z, t);
			}
		} else {
			cr_assert_eq(e.code, ERR_INVALID);
		}
		tz_release(&z);
		free(buf);
	}
	cr_log_info("%d of %d flipped files accepted", accepted, rounds);
	free(good);
}

/* A hand-built TZif file. */
struct tzif_spec {
	char version;
	size_t ntimes;
	const int64_t *times;
	const unsigned char *idx;
	size_t ntypes;
	const int32_t *utoffs;
	const unsigned char *isdst;
	const char *footer; /* NULL: none at all */
};

static void
put32(unsigned char **p, uint32_t v)
{
	(*p)[0] = (unsigned char)(v >> 24);
	(*p)[1] = (unsigned char)(v >> 16);
	(*p)[2] = (unsigned char)(v >> 8);
	(*p)[3] = (unsigned char)v;
	*p += 4;
}

static unsigned char *
put_block(unsigned char *p, const struct tzif_spec *s, int time_size)
{
	memcpy(p, "TZif", 4);
	p[4] = (unsigned char)s->version;
	memset(p + 5, 0, 15);
	p += 20;
	put32(&p, 0);
	put32(&p, 0);
	put32(&p, 0);
	put32(&p, (uint32_t)s->ntimes);
	put32(&p, (uint32_t)s->ntypes);
	put32(&p, 4);
	for (size_t i = 0; i < s->ntimes; i++) {
		if (time_size == 8) {
			put32(&p, (uint32_t)((uint64_t)s->times[i] >> 32));
		}
		put32(&p, (uint32_t)s->times[i]);
	}
	for (size_t i = 0; i < s->ntimes; i++) {
		*p++ = s->idx[i];
	}
	for (size_t i = 0; i < s->ntypes; i++) {
		put32(&p, (uint32_t)s->utoffs[i]);
		*p++ = s->isdst[i];
		*p++ = 0;
	}
	memcpy(p, "XYZ", 4);
	return p + 4;
}

static size_t
build_tzif(unsigned char *out, const struct tzif_spec *s)
{
	unsigned char *p = put_block(out, s, 4);

	if (s->version != 0) {
		p = put_block(p, s, 8);
		if (s->footer != NULL) {
			size_t n = strlen(s->footer);
			*p++ = '\n';
			memcpy(p, s->footer, n);
			p += n;
			*p++ = '\n';
		}
	}
	return (size_t)(p - out);
}

Test(tz, tzif_hand_built)
{
	static const int64_t times[] = { 1000, 2000, 3000, 4000 };
	static const unsigned char idx[] = { 1, 2, 1, 0 };
	static const int32_t utoffs[] = { 3600, 7200, 7200 };
	static const unsigned char isdst[] = { 0, 1, 0 };
	struct tzif_spec s = { '2', 4, times, idx, 3, utoffs, isdst, "CET-1CEST,M3.5.0,M10.5.0/3" };
	unsigned char buf[1024];
	struct tz z;
	struct err e;
	size_t n;

	n = build_tzif(buf, &s);
	cr_assert_eq(tz_from_tzif(&z, "Hand", buf, n, &e), 0, "%s", e.message);
	/* 2000 changes nothing (only the DST flag), so it is left out. */
	cr_expect_eq(z.ntrans, 2);
	cr_expect_eq(z.trans[0].at, 1000);
	cr_expect_eq(z.trans[1].at, 4000);
	cr_expect_eq(z.rule_from, 4000);
	cr_expect_eq(tz_utoff_at(&z, 999), 3600);
	cr_expect_eq(tz_utoff_at(&z, 1000), 7200);
	cr_expect_eq(tz_utoff_at(&z, 3999), 7200);
	/* From the last transition on, the footer: January is CET. */
	cr_expect_eq(tz_utoff_at(&z, 4000), 3600);
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 7, 1, 0, 0, 0)), 7200);
	cr_expect_str_eq(z.name, "Hand");
	tz_release(&z);

	/* Version 1: 32-bit times, no footer, the last type forever. */
	s.version = 0;
	n = build_tzif(buf, &s);
	cr_assert_eq(tz_from_tzif(&z, "V1", buf, n, &e), 0, "%s", e.message);
	cr_expect_not(z.has_rule);
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 7, 1, 0, 0, 0)), 3600);
	tz_release(&z);

	/* No transitions: the footer rule holds at all times. */
	s.version = '3';
	s.ntimes = 0;
	n = build_tzif(buf, &s);
	cr_assert_eq(tz_from_tzif(&z, "Rule", buf, n, &e), 0, "%s", e.message);
	cr_expect_eq(tz_utoff_at(&z, utc(1800, 7, 1, 0, 0, 0)), 7200);
	cr_expect_eq(tz_utoff_at(&z, utc(1800, 1, 1, 0, 0, 0)), 3600);
	tz_release(&z);

	/* An empty footer: the last type stays. */
	s.ntimes = 4;
	s.footer = "";
	n = build_tzif(buf, &s);
	cr_assert_eq(tz_from_tzif(&z, "Empty footer", buf, n, &e), 0, "%s", e.message);
	cr_expect_not(z.has_rule);
	cr_expect_eq(tz_utoff_at(&z, utc(2026, 7, 1, 0, 0, 0)), 3600);
	tz_release(&z);
}

Test(tz, tzif_hand_built_rejects)
{
	static const int64_t sorted[] = { 1000, 2000 };
	static const int64_t unsorted[] = { 2000, 1000 };
	static const int64_t repeated[] = { 1000, 1000 };
	static const unsigned char idx_ok[] = { 1, 0 };
	static const unsigned char idx_bad[] = { 1, 2 };
	static const int32_t utoffs_ok[] = { 3600, 7200 };
	static const int32_t utoffs_far[] = { 3600, 26 * 3600 };
	static const int32_t utoffs_min[] = { 3600, INT32_MIN };
	static const unsigned char isdst_ok[] = { 0, 1 };
	static const unsigned char isdst_bad[] = { 0, 2 };
	const struct tzif_spec bad[] = {
		{ '2', 2, unsorted, idx_ok, 2, utoffs_ok, isdst_ok, "CET-1" },
		{ '2', 2, repeated, idx_ok, 2, utoffs_ok, isdst_ok, "CET-1" },
		{ '2', 2, sorted, idx_bad, 2, utoffs_ok, isdst_ok, "CET-1" },
		{ '2', 2, sorted, idx_ok, 2, utoffs_far, isdst_ok, "CET-1" },
		{ '2', 2, sorted, idx_ok, 2, utoffs_min, isdst_ok, "CET-1" },
		{ '2', 2, sorted, idx_ok, 2, utoffs_ok, isdst_bad, "CET-1" },
		{ '2', 2, sorted, idx_ok, 0, utoffs_ok, isdst_ok, "CET-1" },
		{ '2', 2, sorted, idx_ok, 2, utoffs_ok, isdst_ok, NULL },
		{ '2', 2, sorted, idx_ok, 2, utoffs_ok, isdst_ok, "CET-1CEST,M13.1.0,M10.5.0" },
		{ '2', 2, sorted, idx_ok, 2, utoffs_ok, isdst_ok, "not a rule" },
		{ '1', 2, sorted, idx_ok, 2, utoffs_ok, isdst_ok, "CET-1" },
		{ 0, 2, unsorted, idx_ok, 2, utoffs_ok, isdst_ok, NULL },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char buf[1024];
		size_t n = build_tzif(buf, &bad[i]);
		struct tz z;
		struct err e;

		err_clear(&e);
		cr_expect_eq(tz_from_tzif(&z, "Bad", buf, n, &e), -1, "case %zu accepted", i);
		cr_expect_eq(e.code, ERR_INVALID, "case %zu", i);
		cr_expect_str_eq(e.field, "timezone", "case %zu", i);
		cr_expect_null(z.trans);
		tz_release(&z);
	}
	/* The footer needs its closing newline. */
	{
		const struct tzif_spec s = { '2', 2, sorted, idx_ok, 2, utoffs_ok, isdst_ok, "CET-1" };
		unsigned char buf[1024];
		size_t n = build_tzif(buf, &s);
		struct tz z;
		struct err e;

		cr_expect_eq(tz_from_tzif(&z, "Open", buf, n - 1, &e), -1);
		cr_expect_eq(tz_from_tzif(&z, "Whole", buf, n, &e), 0, "%s", e.message);
		tz_release(&z);
		cr_expect_eq(tz_from_tzif(&z, "Null", NULL, 0, &e), -1);
		tz_release(NULL);
	}
}

/* ---- tz_expand and the extremes ---- */

Test(tz, expand_pieces_join)
{
	struct tz z;
	struct tz_transition *whole = NULL;
	struct tz_transition *piece = NULL;
	int64_t from = utc(1900, 1, 1, 0, 0, 0);
	int64_t to = utc(2300, 1, 1, 0, 0, 0);
	uint64_t rng = 12345;
	int32_t first;
	size_t n;

	load(&z, "Australia/Lord_Howe");
	n = tz_expand(&z, from, to, &first, &whole);
	/* Two changes a year from 2008 to 2300, and the history before. */
	cr_expect_gt(n, 2 * 290);
	for (int r = 0; r < 300; r++) {
		int64_t a;
		int64_t b;
		int32_t at_a;
		size_t k = 0;
		size_t m;

		rng = rng * 6364136223846793005u + 1442695040888963407u;
		a = from + (int64_t)((rng >> 11) % (uint64_t)(to - from));
		rng = rng * 6364136223846793005u + 1442695040888963407u;
		b = a + (int64_t)((rng >> 11) % (uint64_t)(20 * 366 * DAY));
		if (r % 3 == 0 && n > 0) {
			/* Start exactly on a change. */
			a = whole[(rng >> 20) % n].at;
		}
		b = b < to ? b : to;
		m = tz_expand(&z, a, b, &at_a, &piece);
		cr_assert_eq(at_a, tz_utoff_at(&z, a));
		while (k < n && whole[k].at < a) {
			k++;
		}
		for (size_t j = 0; j < m; j++, k++) {
			cr_assert_lt(k, n);
			cr_assert_eq(piece[j].at, whole[k].at, "range %lld..%lld item %zu", (long long)a, (long long)b,
			             j);
			cr_assert_eq(piece[j].utoff_s, whole[k].utoff_s);
		}
		cr_assert(k == n || whole[k].at >= b);
	}
	free(whole);
	free(piece);
	tz_release(&z);
}

Test(tz, extremes)
{
	static const char *const zones[] = { "Europe/Copenhagen", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
		                             "America/Sao_Paulo" };
	const int64_t cycle = (int64_t)146097 * DAY;
	const int64_t edges[] = { INT64_MIN, INT64_MIN + 1, -TZ_SPAN_S - 1, -TZ_SPAN_S,    -TZ_SPAN_S + 1, -1,
		                  0,         TZ_SPAN_S - 1, TZ_SPAN_S,      INT64_MAX - 1, INT64_MAX };

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		struct tz z;
		struct tz_transition *list = NULL;
		int32_t first;
		size_t n;

		load(&z, zones[i]);
		for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
			int32_t u = tz_utoff_at(&z, edges[k]);
			int64_t back = tz_local_to_utc(&z, edges[k]);
			cr_expect(u >= TZ_UTOFF_MIN_S && u <= TZ_UTOFF_MAX_S);
			cr_expect(edges[k] < INT64_MIN + TZ_UTOFF_MAX_S || back >= edges[k] - TZ_UTOFF_MAX_S);
			(void)tz_expand(&z, edges[k], edges[k] + (edges[k] < INT64_MAX - 400 * DAY ? 400 * DAY : 0),
			                &first, &list);
		}
		/* The footer rule repeats every 400 years, far into the future. */
		for (int64_t t = utc(2100, 1, 1, 0, 0, 0); t < utc(2101, 1, 1, 0, 0, 0); t += 3 * HOUR + 17) {
			cr_assert_eq(tz_utoff_at(&z, t), tz_utoff_at(&z, t + 1000000 * cycle));
			cr_assert_eq(tz_utoff_at(&z, t + 1000000 * cycle),
			             tz_utoff_at(&z, t + 1000000 * cycle + 1000 * cycle));
		}
		/* Near the end of the span, the walk still lists each change. */
		n = tz_expand(&z, TZ_SPAN_S - 10 * 366 * DAY, INT64_MAX, &first, &list);
		cr_expect(n == 0 || n >= 19, "%s: %zu", zones[i], n);
		free(list);
		tz_release(&z);
	}
}
