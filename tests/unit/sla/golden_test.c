/*
 * golden_test.c - runs the SLA engine's golden cases in tests/sla/.
 *
 * Each file in tests/sla/cases/ pins one behaviour: a calendar, and expected
 * elapsed times, deadlines and clock figures.  Each file in tests/sla/reject/
 * is a calendar that must be refused with the code and field it names.  The
 * same files are fed through the real binary by tests/cli/.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "sla/clock.h"
#include "unit/support/test_env.h"

static int64_t
instant(const char *file, json_t *v)
{
	struct err e;
	int64_t t;

	cr_assert(json_is_string(v), "%s: expected an RFC 3339 string", file);
	cr_assert_eq(rfc3339_parse(json_string_value(v), json_string_length(v), &t, &e), 0, "%s: %s", file, e.message);
	return t;
}

static int64_t
duration(const char *file, json_t *v)
{
	struct err e;
	int64_t s;

	if (json_is_integer(v)) {
		return json_integer_value(v);
	}
	cr_assert(json_is_string(v), "%s: expected a duration", file);
	cr_assert_eq(duration_parse(json_string_value(v), json_string_length(v), &s, &e), 0, "%s: %s", file, e.message);
	return s;
}

static void
expect_instant(const char *file, const char *what, json_t *want, int64_t got)
{
	char buf[RFC3339_LEN];

	if (want == NULL) {
		return;
	}
	if (json_is_null(want)) {
		cr_expect_eq(got, TIME_NONE, "%s: %s should be null, got %s", file, what, rfc3339_format(got, buf));
		return;
	}
	cr_expect_eq(got, instant(file, want), "%s: %s: want %s, got %s", file, what, json_string_value(want),
	             got == TIME_NONE ? "null" : rfc3339_format(got, buf));
}

static void
expect_int(const char *file, const char *what, json_t *want, int64_t got)
{
	if (want == NULL) {
		return;
	}
	cr_expect_eq(got, json_integer_value(want), "%s: %s: want %lld, got %lld", file, what,
	             (long long)json_integer_value(want), (long long)got);
}

static void
run_clock(const char *file, const struct calendar *cal, json_t *c, size_t idx)
{
	struct clock_target tg = { 0 };
	struct clock_event evs[64];
	struct clock_result res;
	struct err e;
	json_t *events = json_object_get(c, "events"), *warn = json_object_get(c, "warn_at"), *ex, *v;
	size_t i, n = json_array_size(events);
	char what[64];

	tg.cal = cal;
	tg.target_s = duration(file, json_object_get(c, "target"));
	if (warn == NULL) {
		tg.nwarn = 2;
		tg.warn_pct[0] = 75;
		tg.warn_pct[1] = 90;
	} else {
		json_array_foreach(warn, i, v)
		{
			tg.warn_pct[tg.nwarn++] = (int)json_integer_value(v);
		}
	}
	cr_assert(n <= 64);
	json_array_foreach(events, i, v)
	{
		const char *kind = json_string_value(json_array_get(v, 1));
		cr_assert(kind != NULL && clock_event_kind_parse(kind) >= 0, "%s: bad event kind", file);
		evs[i].at = instant(file, json_array_get(v, 0));
		evs[i].kind = (enum clock_event_kind)clock_event_kind_parse(kind);
		evs[i].target_s = json_array_size(v) > 2 ? duration(file, json_array_get(v, 2)) : 0;
	}
	err_clear(&e);
	cr_assert_eq(clock_eval(&tg, evs, n, instant(file, json_object_get(c, "as_of")), &res, NULL, &e), 0,
	             "%s: clock %zu: %s", file, idx, e.message);
	ex = json_object_get(c, "expect");
	v = json_object_get(ex, "state");
	if (v != NULL) {
		cr_expect_str_eq(clock_state_name(res.state), json_string_value(v), "%s: clock %zu state", file, idx);
	}
	snprintf(what, sizeof(what), "clock %zu elapsed_business_s", idx);
	expect_int(file, what, json_object_get(ex, "elapsed_business_s"), res.elapsed_business_s);
	snprintf(what, sizeof(what), "clock %zu remaining_s", idx);
	expect_int(file, what, json_object_get(ex, "remaining_s"), res.remaining_s);
	snprintf(what, sizeof(what), "clock %zu paused_wall_s", idx);
	expect_int(file, what, json_object_get(ex, "paused_wall_s"), res.paused_wall_s);
	snprintf(what, sizeof(what), "clock %zu target_s", idx);
	expect_int(file, what, json_object_get(ex, "target_s"), res.target_s);
	snprintf(what, sizeof(what), "clock %zu due_at", idx);
	expect_instant(file, what, json_object_get(ex, "due_at"), res.due_at);
	snprintf(what, sizeof(what), "clock %zu breached_at", idx);
	expect_instant(file, what, json_object_get(ex, "breached_at"), res.breached_at);
	json_t *warnings = json_object_get(ex, "warnings");
	if (warnings != NULL) {
		for (int k = 0; k < res.nwarn; k++) {
			char key[8];
			snprintf(key, sizeof(key), "%d", res.warnings[k].pct);
			snprintf(what, sizeof(what), "clock %zu warning %s%%", idx, key);
			json_t *w = json_object_get(warnings, key);
			cr_expect(w != NULL, "%s: %s not listed in expect.warnings", file, what);
			expect_instant(file, what, w, res.warnings[k].at);
		}
	}
}

static int
run_case(const char *file, json_t *doc)
{
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
	struct err e;
	json_t *row;
	size_t i;
	int checks = 0;
	char *text = json_dumps(json_object_get(doc, "calendar"), 0);

	cr_assert_not_null(text, "%s: no calendar", file);
	err_clear(&e);
	cr_assert_eq(calendar_open(text, strlen(text), &spec, &zone, &cal, &e), 0, "%s: %s: %s", file, e.field,
	             e.message);
	free(text);
	json_array_foreach(json_object_get(doc, "elapsed"), i, row)
	{
		int64_t a = instant(file, json_array_get(row, 0)), b = instant(file, json_array_get(row, 1));
		cr_expect_eq(calendar_elapsed(&cal, a, b), json_integer_value(json_array_get(row, 2)),
		             "%s: elapsed[%zu] %s %s: want %lld, got %lld", file, i,
		             json_string_value(json_array_get(row, 0)), json_string_value(json_array_get(row, 1)),
		             (long long)json_integer_value(json_array_get(row, 2)),
		             (long long)calendar_elapsed(&cal, a, b));
		checks++;
	}
	json_array_foreach(json_object_get(doc, "due"), i, row)
	{
		int64_t t = instant(file, json_array_get(row, 0)), got = 0;
		char what[32];
		cr_expect_eq(calendar_due(&cal, t, duration(file, json_array_get(row, 1)), &got, &e), 0,
		             "%s: due[%zu]: %s", file, i, e.message);
		snprintf(what, sizeof(what), "due[%zu]", i);
		expect_instant(file, what, json_array_get(row, 2), got);
		checks++;
	}
	json_array_foreach(json_object_get(doc, "clocks"), i, row)
	{
		run_clock(file, &cal, row, i);
		checks++;
	}
	calendar_release(&cal);
	tz_release(&zone);
	cal_spec_release(&spec);
	return checks;
}

static int
run_reject(const char *file, json_t *doc)
{
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
	struct err e;
	json_t *want = json_object_get(doc, "error");
	char *text = json_dumps(json_object_get(doc, "calendar"), JSON_ENCODE_ANY);

	if (json_is_string(json_object_get(doc, "calendar_text"))) {
		free(text);
		text = strdup(json_string_value(json_object_get(doc, "calendar_text")));
	}
	err_clear(&e);
	int rc = calendar_open(text, strlen(text), &spec, &zone, &cal, &e);
	free(text);
	if (rc == 0) {
		calendar_release(&cal);
		tz_release(&zone);
		cal_spec_release(&spec);
	}
	cr_expect_eq(rc, -1, "%s: the calendar should be refused", file);
	cr_expect_str_eq(err_code_name(e.code), json_string_value(json_object_get(want, "code")), "%s: code (%s)", file,
	                 e.message);
	cr_expect_str_eq(e.field, json_string_value(json_object_get(want, "field")), "%s: field (%s)", file, e.message);
	if (json_object_get(want, "message_has") != NULL) {
		cr_expect(strstr(e.message, json_string_value(json_object_get(want, "message_has"))) != NULL,
		          "%s: message '%s'", file, e.message);
	}
	return 1;
}

static int
run_dir(const char *sub, int (*fn)(const char *, json_t *))
{
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/tests/sla/%s", test_srcdir(), sub);
	d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		json_error_t jerr;
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		cr_assert_not_null(doc, "%s: line %d: %s", path, jerr.line, jerr.text);
		cr_expect(fn(de->d_name, doc) > 0, "%s checks nothing", de->d_name);
		json_decref(doc);
		files++;
	}
	closedir(d);
	return files;
}

Test(golden, cases)
{
	cr_assert_gt(run_dir("cases", run_case), 10, "too few golden cases");
}

Test(golden, rejections)
{
	cr_assert_gt(run_dir("reject", run_reject), 5, "too few rejection cases");
}
