/*
 * calendar.c - checking calendar documents and building struct cal_spec.
 *
 * Strict by design: unknown keys, malformed times, unsorted or overlapping
 * intervals and impossible dates are refused with the field named, because a
 * silently misread calendar corrupts every SLA figure computed from it.
 * Duplicate holidays are merged, not refused: holiday lists are often pasted.
 */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "base/tzfile.h"
#include "base/xalloc.h"

static const char *const weekday_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

const char *
calendar_weekday_key(int weekday)
{
	return weekday >= 0 && weekday < 7 ? weekday_keys[weekday] : "?";
}

static int
parse_hhmm(const char *s, int *minutes)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' || s[3] > '9' ||
	    s[4] < '0' || s[4] > '9') {
		return -1;
	}
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0)) {
		return -2;
	}
	*minutes = h * 60 + m;
	return 0;
}

static int
parse_span(const json_t *v, struct cal_span *span, struct err *e)
{
	const char *s;
	int a, b, ra, rb;

	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, NULL, "an interval must be a string \"HH:MM-HH:MM\"");
	}
	s = json_string_value(v);
	if (json_string_length(v) != 11 || s[5] != '-') {
		return err_set(e, ERR_INVALID, NULL, "'%.40s' is not an interval \"HH:MM-HH:MM\"", s);
	}
	ra = parse_hhmm(s, &a);
	rb = parse_hhmm(s + 6, &b);
	if (ra == -1 || rb == -1) {
		return err_set(e, ERR_INVALID, NULL, "'%s' is not an interval \"HH:MM-HH:MM\"", s);
	}
	if (ra == -2 || rb == -2 || a == 24 * 60) {
		return err_set(e, ERR_INVALID, NULL,
		               "'%s' has a time out of range (00:00 to 24:00, 24:00 only as an end)", s);
	}
	if (b <= a) {
		return err_set(e, ERR_INVALID, NULL, "'%s' does not end after it starts", s);
	}
	span->start_s = a * 60;
	span->end_s = b * 60;
	return 0;
}

static int
parse_day(const json_t *arr, struct cal_day *day, struct err *e)
{
	size_t i;
	json_t *v;
	char idx[24];

	if (!json_is_array(arr)) {
		return err_set(e, ERR_INVALID, NULL, "must be an array of \"HH:MM-HH:MM\" intervals");
	}
	if (json_array_size(arr) > CAL_MAX_SPANS_PER_DAY) {
		return err_set(e, ERR_INVALID, NULL, "has %zu intervals; at most %d", json_array_size(arr),
		               CAL_MAX_SPANS_PER_DAY);
	}
	json_array_foreach(arr, i, v)
	{
		struct cal_span *sp = &day->spans[i];
		if (parse_span(v, sp, e) != 0) {
			snprintf(idx, sizeof(idx), "[%zu]", i);
			err_prefix_field(e, idx);
			return -1;
		}
		if (i > 0 && sp->start_s < day->spans[i - 1].end_s) {
			err_set(e, ERR_INVALID, NULL, "'%s' %s the interval before it", json_string_value(v),
			        sp->start_s < day->spans[i - 1].start_s ? "is not sorted after" : "overlaps");
			snprintf(idx, sizeof(idx), "[%zu]", i);
			err_prefix_field(e, idx);
			return -1;
		}
	}
	day->nspans = (int)json_array_size(arr);
	return 0;
}

static int
parse_week(const json_t *week, struct cal_spec *spec, struct err *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(week)) {
		return err_set(e, ERR_INVALID, "week", "must be an object with keys mon..sun");
	}
	json_object_foreach((json_t *)week, key, v)
	{
		int d = 0;
		while (d < 7 && strcmp(key, weekday_keys[d]) != 0) {
			d++;
		}
		if (d == 7) {
			err_set(e, ERR_INVALID, NULL, "unknown weekday '%.40s' (use mon, tue, wed, thu, fri, sat, sun)",
			        key);
			err_prefix_field(e, key);
			err_prefix_field(e, "week");
			return -1;
		}
		if (parse_day(v, &spec->week[d], e) != 0) {
			err_prefix_field(e, weekday_keys[d]);
			err_prefix_field(e, "week");
			return -1;
		}
	}
	if (cal_spec_week_s(spec) == 0) {
		return err_set(e, ERR_INVALID, "week", "the week has no business time");
	}
	return 0;
}

static int
cmp_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
parse_holidays(const json_t *arr, struct cal_spec *spec, struct err *e)
{
	int64_t lo = days_from_civil(CAL_FIRST_YEAR, 1, 1), hi = days_from_civil(CAL_LAST_YEAR, 12, 31);
	size_t i, n = 0;
	json_t *v;
	char field[40];

	if (!json_is_array(arr)) {
		return err_set(e, ERR_INVALID, "holidays", "must be an array of \"YYYY-MM-DD\" dates");
	}
	if (json_array_size(arr) > CALENDAR_MAX_HOLIDAYS) {
		return err_set(e, ERR_TOO_LARGE, "holidays", "has %zu dates; at most %d", json_array_size(arr),
		               CALENDAR_MAX_HOLIDAYS);
	}
	spec->holidays = xreallocarray(NULL, json_array_size(arr) + 1, sizeof(*spec->holidays));
	json_array_foreach(arr, i, v)
	{
		int64_t day;
		snprintf(field, sizeof(field), "holidays[%zu]", i);
		if (!json_is_string(v)) {
			return err_set(e, ERR_INVALID, field, "a holiday must be a date string \"YYYY-MM-DD\"");
		}
		if (date_parse(json_string_value(v), json_string_length(v), &day, e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
		if (day < lo || day > hi) {
			return err_set(e, ERR_INVALID, field, "'%s' is outside the years %d..%d", json_string_value(v),
			               CAL_FIRST_YEAR, CAL_LAST_YEAR);
		}
		spec->holidays[n++] = day;
	}
	qsort(spec->holidays, n, sizeof(*spec->holidays), cmp_days);
	size_t unique = 0;
	for (i = 0; i < n; i++) {
		if (unique == 0 || spec->holidays[unique - 1] != spec->holidays[i]) {
			spec->holidays[unique++] = spec->holidays[i];
		}
	}
	spec->nholidays = unique;
	return 0;
}

static int
parse_doc(struct cal_spec *spec, const json_t *doc, struct err *e)
{
	const char *key;
	json_t *v, *tzv, *week;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a calendar must be a JSON object");
	}
	json_object_foreach((json_t *)doc, key, v)
	{
		if (strcmp(key, "name") != 0 && strcmp(key, "timezone") != 0 && strcmp(key, "week") != 0 &&
		    strcmp(key, "holidays") != 0) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.60s'", key);
		}
	}
	v = json_object_get(doc, "name");
	if (v != NULL) {
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 200) {
			return err_set(e, ERR_INVALID, "name", "the name must be a string of 1 to 200 characters");
		}
		spec->name = xstrdup(json_string_value(v));
	}
	tzv = json_object_get(doc, "timezone");
	if (tzv == NULL) {
		return err_set(e, ERR_INVALID, "timezone", "the calendar needs a timezone, e.g. \"Europe/Copenhagen\"");
	}
	if (!json_is_string(tzv)) {
		return err_set(e, ERR_INVALID, "timezone",
		               "the timezone must be a string such as \"Europe/Copenhagen\"");
	}
	spec->timezone = xstrdup(json_string_value(tzv));
	week = json_object_get(doc, "week");
	if (week == NULL) {
		return err_set(e, ERR_INVALID, "week", "the calendar needs a week of business intervals");
	}
	if (parse_week(week, spec, e) != 0) {
		return -1;
	}
	v = json_object_get(doc, "holidays");
	if (v != NULL && parse_holidays(v, spec, e) != 0) {
		return -1;
	}
	return 0;
}

int
calendar_from_json(struct cal_spec *spec, const json_t *doc, struct err *e)
{
	memset(spec, 0, sizeof(*spec));
	if (parse_doc(spec, doc, e) != 0) {
		cal_spec_release(spec);
		return -1;
	}
	return 0;
}

int
calendar_from_text(struct cal_spec *spec, const char *text, size_t len, struct err *e)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	memset(spec, 0, sizeof(*spec));
	if (len > CALENDAR_DOC_MAX_BYTES) {
		return err_set(e, ERR_TOO_LARGE, NULL, "the calendar is larger than %d bytes", CALENDAR_DOC_MAX_BYTES);
	}
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		return err_set(e, ERR_INVALID, NULL, "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column,
		               jerr.text);
	}
	rc = calendar_from_json(spec, doc, e);
	json_decref(doc);
	return rc;
}

json_t *
calendar_to_json(const struct cal_spec *spec)
{
	json_t *doc = json_object(), *week = json_object(), *hol = json_array();
	char text[32];

	if (spec->name != NULL) {
		json_object_set_new(doc, "name", json_string(spec->name));
	}
	json_object_set_new(doc, "timezone", json_string(spec->timezone));
	for (int d = 0; d < 7; d++) {
		json_t *arr = json_array();
		for (int i = 0; i < spec->week[d].nspans; i++) {
			const struct cal_span *sp = &spec->week[d].spans[i];
			snprintf(text, sizeof(text), "%02d:%02d-%02d:%02d", sp->start_s / 3600, sp->start_s / 60 % 60,
			         sp->end_s / 3600, sp->end_s / 60 % 60);
			json_array_append_new(arr, json_string(text));
		}
		json_object_set_new(week, weekday_keys[d], arr);
	}
	json_object_set_new(doc, "week", week);
	for (size_t i = 0; i < spec->nholidays; i++) {
		json_array_append_new(hol, json_string(date_format(spec->holidays[i], text)));
	}
	json_object_set_new(doc, "holidays", hol);
	return doc;
}

int
calendar_zone_load(struct tz *z, const char *name, struct err *e)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc;

	memset(z, 0, sizeof(*z));
	if (tzfile_read(name, &data, &len, e) != 0) {
		return -1;
	}
	rc = tz_from_tzif(z, name, data, len, e);
	free(data);
	return rc;
}

int
calendar_open(const char *text, size_t len, struct cal_spec *spec, struct tz *z, struct calendar *cal, struct err *e)
{
	memset(z, 0, sizeof(*z));
	memset(cal, 0, sizeof(*cal));
	if (calendar_from_text(spec, text, len, e) != 0) {
		return -1;
	}
	if (calendar_zone_load(z, spec->timezone, e) != 0) {
		cal_spec_release(spec);
		return -1;
	}
	if (calendar_compile(cal, spec, z, CAL_FIRST_YEAR, CAL_LAST_YEAR, e) != 0) {
		tz_release(z);
		cal_spec_release(spec);
		return -1;
	}
	return 0;
}

/* "08:00-16:00, 17:00-18:00" of one day into b. */
static void
day_text(const struct cal_day *d, struct buf *b, struct err *e)
{
	for (int i = 0; i < d->nspans; i++) {
		buf_appendf(b, e, "%s%02d:%02d–%02d:%02d", i > 0 ? ", " : "", d->spans[i].start_s / 3600,
		            d->spans[i].start_s / 60 % 60, d->spans[i].end_s / 3600, d->spans[i].end_s / 60 % 60);
	}
}

static bool
same_day(const struct cal_day *a, const struct cal_day *b)
{
	if (a->nspans != b->nspans) {
		return false;
	}
	for (int i = 0; i < a->nspans; i++) {
		if (a->spans[i].start_s != b->spans[i].start_s || a->spans[i].end_s != b->spans[i].end_s) {
			return false;
		}
	}
	return true;
}

char *
calendar_hours_text(const struct cal_spec *spec)
{
	static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	struct buf b;
	struct err e;
	bool all = true;

	buf_init(&b, 4096);
	for (int d = 0; d < 7; d++) {
		all = all && spec->week[d].nspans == 1 && spec->week[d].spans[0].start_s == 0 &&
		      spec->week[d].spans[0].end_s == 86400;
	}
	if (all) {
		buf_append_str(&b, "24 × 7", &e);
	}
	for (int d = 0; !all && d < 7;) {
		int last = d;
		while (last + 1 < 7 && same_day(&spec->week[d], &spec->week[last + 1])) {
			last++;
		}
		if (spec->week[d].nspans > 0) {
			buf_appendf(&b, &e, "%s%s%s%s ", b.len > 0 ? "; " : "", names[d], last > d ? "–" : "",
			            last > d ? names[last] : "");
			day_text(&spec->week[d], &b, &e);
		}
		d = last + 1;
	}
	buf_appendf(&b, &e, " (%s)%s", spec->timezone != NULL ? spec->timezone : "UTC",
	            spec->nholidays > 0 ? ", except holidays" : "");
	return buf_detach(&b, NULL);
}
