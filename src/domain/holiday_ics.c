/*
 * holiday_ics.c - holiday dates from the all-day events of an iCalendar file.
 *
 * libical parses the text and expands recurrences; this file decides what
 * counts as a holiday and fences libical 3.0 in, since some inputs crash it
 * or keep it searching for seconds (deep nesting, long lines, impossible
 * RRULEs).  Time zones play no part: only DATE values are holidays.
 */
#include "domain/holiday_ics.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/holiday_ics_rule.h"

/*
 * libical's string parser rescans a physical line once per 79 bytes and a
 * content line once per parameter, and frees nested components recursively,
 * so these shapes are refused before it sees them.
 */
#define ICS_MAX_PHYSICAL_LINE (64u * 1024u)
#define ICS_MAX_CONTENT_LINE (1024u * 1024u)
#define ICS_MAX_PARAMS 64
#define ICS_MAX_DEPTH 32
#define ICS_HEAD 40
#define ICS_NAME 48

/* What the pre-scan learns about the text while copying it. */
struct ics_scan {
	size_t lineno;   /* physical line being read, from 1 */
	size_t start;    /* physical line where the content line began */
	size_t physical; /* bytes of it so far */
	size_t content;  /* bytes of the unfolded content line so far */
	int params;      /* unquoted ';' before the value */
	bool in_value, in_quote, line_start;
	char head[ICS_HEAD + 1]; /* the content line's first bytes */
	size_t nhead;
	int depth;
	bool saw_vcalendar;
	char first[ICS_HEAD + 1]; /* the first content line, for messages */
};

/* A RECURRENCE-ID: the instance of series uid on day is overridden. */
struct ics_override {
	const char *uid;
	int64_t day;
};

/* The state of one call: the range and the per-day counts of spans. */
struct ics_run {
	int64_t lo, hi;   /* days, inclusive */
	int32_t *diff;    /* hi - lo + 2 span starts minus span ends */
	size_t instances; /* RRULE steps so far */
	size_t rules;     /* RRULEs expanded so far */
	struct ics_override *overrides;
	size_t noverrides;
};

/* One all-day event being expanded. */
struct ics_event {
	char name[ICS_NAME]; /* SUMMARY or UID, printable, for messages */
	const char *uid;
	bool is_override;
	int64_t start, ndays;
	int64_t *exdates;
	size_t nexdates;
};

/* Copies s into out for a message: control characters and quotes become '?', cut on a character boundary. */
static void
printable(char *out, size_t size, const char *s)
{
	size_t n = 0;

	while (s != NULL && s[n] != '\0' && n + 1 < size) {
		unsigned char c = (unsigned char)s[n];
		out[n] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
		n++;
	}
	if (s != NULL && s[n] != '\0') {
		/* Do not end inside a UTF-8 sequence. */
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80) {
			n--;
		}
		if (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0xc0) {
			n--;
		}
	}
	out[n] = '\0';
}

/*
 * Whether the content line is a BEGIN or END line as libical reads it: the
 * name before the first ':' or ';', trailing white space dropped.
 */
static bool
line_is(const struct ics_scan *s, const char *name)
{
	size_t n = strcspn(s->head, ";:");
	bool cut = n == s->nhead && s->content > s->nhead;

	if (s->head[n] == '\0' && !cut) {
		return false;
	}
	while (n > 0 && strchr(" \t\v\f\r", s->head[n - 1]) != NULL) {
		n--;
	}
	return n == strlen(name) && strncasecmp(s->head, name, n) == 0;
}

static int
scan_end_content_line(struct ics_scan *s, struct err *e)
{
	if (s->content == 0) {
		return 0;
	}
	s->head[s->nhead] = '\0';
	if (line_is(s, "BEGIN")) {
		if (++s->depth > ICS_MAX_DEPTH) {
			return err_set(e, ERR_TOO_LARGE, "ics", "ics nests components more than %d deep at line %zu",
			               ICS_MAX_DEPTH, s->start);
		}
		s->saw_vcalendar = s->saw_vcalendar || strncasecmp(s->head, "BEGIN:VCALENDAR", 15) == 0;
	} else if (line_is(s, "END")) {
		/* libical would print a warning on stderr and drop the calendar. */
		if (s->depth == 0) {
			char line[ICS_HEAD + 1];

			printable(line, sizeof(line), s->head);
			return err_set(e, ERR_INVALID, "ics", "ics has \"%s\" at line %zu with no BEGIN to close", line,
			               s->start);
		}
		s->depth--;
	}
	if (s->first[0] == '\0' && strspn(s->head, " \t") < s->nhead) {
		printable(s->first, sizeof(s->first), s->head);
	}
	s->content = 0;
	s->params = 0;
	s->nhead = 0;
	s->in_value = false;
	s->in_quote = false;
	return 0;
}

static int
scan_byte(struct ics_scan *s, char c, struct err *e)
{
	if (c == '\n') {
		s->lineno++;
		s->physical = 0;
		s->line_start = true;
		return 0;
	}
	if (++s->physical > ICS_MAX_PHYSICAL_LINE) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics line %zu is longer than %u bytes", s->lineno,
		               ICS_MAX_PHYSICAL_LINE);
	}
	if (s->line_start) {
		s->line_start = false;
		if (c == ' ' || c == '\t') {
			return 0; /* a folded continuation; libical drops this byte */
		}
		if (scan_end_content_line(s, e) != 0) {
			return -1;
		}
		s->start = s->lineno;
	}
	if (++s->content > ICS_MAX_CONTENT_LINE) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics content line at line %zu is longer than %u bytes",
		               s->start, ICS_MAX_CONTENT_LINE);
	}
	if (s->nhead < ICS_HEAD) {
		s->head[s->nhead++] = c;
	}
	if (s->in_value) {
		return 0;
	}
	if (c == '"') {
		s->in_quote = !s->in_quote;
	} else if (!s->in_quote && c == ':') {
		s->in_value = true;
	} else if (!s->in_quote && c == ';' && ++s->params > ICS_MAX_PARAMS) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics line %zu has more than %d parameters", s->lineno,
		               ICS_MAX_PARAMS);
	}
	return 0;
}

/*
 * Copies text into a NUL-terminated string for libical, turning a lone CR
 * into LF (libical otherwise rescans the rest of the text for every line),
 * and refuses the shapes that libical handles badly.
 */
static char *
ics_prepare(const char *text, size_t len, struct ics_scan *s, struct err *e)
{
	char *buf = xmalloc(len + 1);
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	s->lineno = 1;
	s->line_start = true;
	/* A UTF-8 byte order mark, as Windows programs write, is not part of the first line. */
	for (size_t i = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; i < len; i++) {
		char c = text[i];

		if (c == '\0') {
			err_set(e, ERR_INVALID, "ics", "ics has a NUL byte at line %zu; it is not iCalendar text",
			        s->lineno);
			free(buf);
			return NULL;
		}
		if (c == '\r') {
			if (i + 1 < len && text[i + 1] == '\n') {
				buf[n++] = c;
				continue;
			}
			c = '\n';
		}
		buf[n++] = c;
		if (scan_byte(s, c, e) != 0) {
			free(buf);
			return NULL;
		}
	}
	if (scan_end_content_line(s, e) != 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Days since 1970-01-01 of a DATE (or the date of a DATE-TIME) that exists. */
static bool
ical_day(struct icaltimetype t, int64_t *day)
{
	if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
	    t.day > days_in_month(t.year, t.month)) {
		return false;
	}
	*day = days_from_civil(t.year, t.month, t.day);
	return true;
}

static int
cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
cmp_override(const void *a, const void *b)
{
	const struct ics_override *x = a, *y = b;
	int c = strcmp(x->uid, y->uid);

	return c != 0 ? c : (x->day > y->day) - (x->day < y->day);
}

/* Counts the days [start, start + ndays) that fall in the range. */
static void
mark_span(struct ics_run *run, int64_t start, int64_t ndays)
{
	int64_t a = start < run->lo ? run->lo : start;
	int64_t b = start > run->hi + 1 - ndays ? run->hi + 1 : start + ndays;

	if (a < b) {
		run->diff[a - run->lo]++;
		run->diff[b - run->lo]--;
	}
}

/* An instance of ev starting on day, unless EXDATE or an override removes it. */
static void
add_instance(struct ics_run *run, const struct ics_event *ev, int64_t day)
{
	if (day > run->hi || day + ev->ndays <= run->lo) {
		return;
	}
	if (ev->nexdates > 0 && bsearch(&day, ev->exdates, ev->nexdates, sizeof(int64_t), cmp_day) != NULL) {
		return;
	}
	if (!ev->is_override && ev->uid != NULL && run->noverrides > 0) {
		struct ics_override key = { ev->uid, day };

		if (bsearch(&key, run->overrides, run->noverrides, sizeof(key), cmp_override) != NULL) {
			return;
		}
	}
	mark_span(run, day, ev->ndays);
}

static int
rule_error(struct err *e, const struct ics_event *ev, icalproperty *p, const char *why)
{
	char *text = icalproperty_get_value_as_string_r(p);
	char rule[ICS_NAME];

	printable(rule, sizeof(rule), text);
	icalmemory_free_buffer(text);
	return err_set(e, ERR_INVALID, "ics", "event \"%s\": RRULE \"%s\" cannot be expanded: %s", ev->name, rule, why);
}

/* Adds the instances of one RRULE of ev, stopping at the end of the range. */
static int
expand_rule(struct ics_run *run, const struct ics_event *ev, icalproperty *p, struct icaltimetype dtstart,
            struct err *e)
{
	struct icalrecurrencetype r = icalproperty_get_rrule(p);
	const char *why = holiday_rule_vet(&r, dtstart);
	icalrecur_iterator *it;
	int64_t until, left;
	size_t first;

	if (why != NULL) {
		return rule_error(e, ev, p, why);
	}
	if (++run->rules > HOLIDAY_ICS_MAX_RULES) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics has more than %u RRULEs", HOLIDAY_ICS_MAX_RULES);
	}
	if (ev->start > run->hi) {
		return 0;
	}
	if (!icaltime_is_null_time(r.until) && ical_day(r.until, &until) && until < run->lo - ev->ndays) {
		return 0;
	}
	/* How many more instances COUNT allows (-1: no COUNT); RFC 5545 counts DTSTART as the first. */
	left = r.count > 0 ? r.count : -1;
	/* libical keeps both COUNT and UNTIL, so an UNTIL at the range's end bounds every rule. */
	if (icaltime_is_null_time(r.until) || !ical_day(r.until, &until) || until > run->hi) {
		struct civil end = civil_from_days(run->hi);

		r.until = icaltime_null_date();
		r.until.year = end.year;
		r.until.month = end.month;
		r.until.day = end.day;
	}
	it = icalrecur_iterator_new(r, dtstart);
	first = run->instances + 1;
	if (it == NULL) {
		icalerror_clear_errno();
		return rule_error(e, ev, p, "libical finds no instance of it");
	}
	for (;;) {
		struct icaltimetype t;
		int64_t day;

		if (run->instances >= HOLIDAY_ICS_MAX_INSTANCES) {
			icalrecur_iterator_free(it);
			return err_set(e, ERR_TOO_LARGE, "ics", "ics RRULEs repeat more than %u times in all",
			               HOLIDAY_ICS_MAX_INSTANCES);
		}
		t = icalrecur_iterator_next(it);
		run->instances++;
		if (icaltime_is_null_time(t) || !ical_day(t, &day) || day > run->hi) {
			break;
		}
		if (run->instances == first && day != ev->start && left > 0) {
			left--; /* the rule does not produce DTSTART, which was added as the first */
		}
		if (left == 0) {
			break;
		}
		if (left > 0) {
			left--;
		}
		add_instance(run, ev, day);
	}
	icalrecur_iterator_free(it);
	return 0;
}

/* The properties this file reads; libical replaces one it cannot parse by an X-LIC-ERROR. */
static const char *const read_properties[] = { "DTSTART", "DTEND",  "DURATION",     "RRULE",
	                                       "RDATE",   "EXDATE", "RECURRENCE-ID" };

static const char *
unreadable_property(icalcomponent *comp)
{
	icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);

	for (; p != NULL; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
		const char *msg = icalproperty_get_xlicerror(p);

		for (size_t i = 0; msg != NULL && i < sizeof(read_properties) / sizeof(read_properties[0]); i++) {
			char needle[32];

			snprintf(needle, sizeof(needle), " %s property", read_properties[i]);
			if (strstr(msg, needle) != NULL) {
				return read_properties[i];
			}
		}
	}
	return NULL;
}

/* DTEND (exclusive) or DURATION in whole days; one day without either, or when they make no sense. */
static int64_t
event_days(icalcomponent *comp, int64_t start)
{
	const int64_t most = 1000000;
	icalproperty *p = icalcomponent_get_first_property(comp, ICAL_DTEND_PROPERTY);
	int64_t n = 1, end;

	if (p != NULL) {
		if (ical_day(icalproperty_get_dtend(p), &end) && end > start) {
			n = end - start;
		}
	} else {
		p = icalcomponent_get_first_property(comp, ICAL_DURATION_PROPERTY);
		if (p != NULL) {
			struct icaldurationtype d = icalproperty_get_duration(p);
			int64_t days = (int64_t)d.weeks * 7 + d.days +
			               (d.hours != 0 || d.minutes != 0 || d.seconds != 0 ? 1 : 0);

			if (!d.is_neg && days > 0) {
				n = days;
			}
		}
	}
	return n < most ? n : most;
}

static int
bad_date(struct err *e, const struct ics_event *ev, const char *prop, struct icaltimetype t)
{
	return err_set(e, ERR_INVALID, "ics", "event \"%s\": %s %04d%02d%02d is not a date", ev->name, prop, t.year,
	               t.month, t.day);
}

/* Collects the EXDATEs of comp, sorted, into ev. */
static int
event_exdates(icalcomponent *comp, struct ics_event *ev, struct err *e)
{
	icalproperty *p = icalcomponent_get_first_property(comp, ICAL_EXDATE_PROPERTY);
	size_t cap = 0;

	for (; p != NULL; p = icalcomponent_get_next_property(comp, ICAL_EXDATE_PROPERTY)) {
		struct icaltimetype t = icalproperty_get_exdate(p);

		if (ev->nexdates == cap) {
			cap = cap == 0 ? 8 : 2 * cap;
			ev->exdates = xreallocarray(ev->exdates, cap, sizeof(int64_t));
		}
		if (!ical_day(t, &ev->exdates[ev->nexdates])) {
			return bad_date(e, ev, "EXDATE", t);
		}
		ev->nexdates++;
	}
	if (ev->nexdates > 1) {
		qsort(ev->exdates, ev->nexdates, sizeof(int64_t), cmp_day);
	}
	return 0;
}

/* Adds the instances of one VEVENT; timed, cancelled and DTSTART-less events add none. */
static int
expand_event(struct ics_run *run, icalcomponent *comp, struct err *e)
{
	struct ics_event ev;
	struct icaltimetype dtstart;
	const char *summary, *unreadable;
	icalproperty *p;
	int rc = 0;

	if (icalcomponent_get_status(comp) == ICAL_STATUS_CANCELLED) {
		return 0;
	}
	memset(&ev, 0, sizeof(ev));
	ev.uid = icalcomponent_get_uid(comp);
	summary = icalcomponent_get_summary(comp);
	printable(ev.name, sizeof(ev.name), summary != NULL ? summary : ev.uid != NULL ? ev.uid : "(no summary)");
	ev.is_override = icalcomponent_get_first_property(comp, ICAL_RECURRENCEID_PROPERTY) != NULL;
	unreadable = unreadable_property(comp);
	p = icalcomponent_get_first_property(comp, ICAL_DTSTART_PROPERTY);
	if (p == NULL && unreadable != NULL && strcmp(unreadable, "DTSTART") == 0) {
		return err_set(e, ERR_INVALID, "ics", "event \"%s\": its DTSTART cannot be read", ev.name);
	}
	if (p == NULL) {
		return 0;
	}
	dtstart = icalproperty_get_dtstart(p);
	if (!dtstart.is_date) {
		return 0;
	}
	if (unreadable != NULL) {
		return err_set(e, ERR_INVALID, "ics", "event \"%s\": its %s cannot be read", ev.name, unreadable);
	}
	if (!ical_day(dtstart, &ev.start)) {
		return bad_date(e, &ev, "DTSTART", dtstart);
	}
	ev.ndays = event_days(comp, ev.start);
	if (event_exdates(comp, &ev, e) != 0) {
		free(ev.exdates);
		return -1;
	}

	add_instance(run, &ev, ev.start);
	p = icalcomponent_get_first_property(comp, ICAL_RDATE_PROPERTY);
	for (; p != NULL && rc == 0; p = icalcomponent_get_next_property(comp, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
		int64_t day;

		/* A PERIOD or DATE-TIME RDATE is a timed instance: not a holiday. */
		if (icaltime_is_null_time(rdate.time) || !rdate.time.is_date) {
			continue;
		}
		if (!ical_day(rdate.time, &day)) {
			rc = bad_date(e, &ev, "RDATE", rdate.time);
		} else {
			add_instance(run, &ev, day);
		}
	}
	p = icalcomponent_get_first_property(comp, ICAL_RRULE_PROPERTY);
	for (; p != NULL && rc == 0; p = icalcomponent_get_next_property(comp, ICAL_RRULE_PROPERTY)) {
		rc = expand_rule(run, &ev, p, dtstart, e);
	}
	free(ev.exdates);
	return rc;
}

/* The VCALENDARs of root, which is one calendar or an XROOT holding several. */
static size_t
calendars(icalcomponent *root, icalcomponent ***out)
{
	icalcomponent *c;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (root == NULL) {
		return 0;
	}
	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
		*out = xmalloc(sizeof(**out));
		(*out)[0] = root;
		return 1;
	}
	if (icalcomponent_isa(root) != ICAL_XROOT_COMPONENT) {
		return 0;
	}
	c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	for (; c != NULL; c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT)) {
		if (n == cap) {
			cap = cap == 0 ? 4 : 2 * cap;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		(*out)[n++] = c;
	}
	return n;
}

/* Records every RECURRENCE-ID, cancelled or not, so the series it overrides skips that instance. */
static void
collect_overrides(struct ics_run *run, icalcomponent **cals, size_t ncals)
{
	size_t cap = 0;

	for (size_t i = 0; i < ncals; i++) {
		icalcomponent *ev = icalcomponent_get_first_component(cals[i], ICAL_VEVENT_COMPONENT);

		for (; ev != NULL; ev = icalcomponent_get_next_component(cals[i], ICAL_VEVENT_COMPONENT)) {
			icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
			const char *uid = icalcomponent_get_uid(ev);
			int64_t day;

			if (p == NULL || uid == NULL || !ical_day(icalproperty_get_recurrenceid(p), &day)) {
				continue;
			}
			if (run->noverrides == cap) {
				cap = cap == 0 ? 16 : 2 * cap;
				run->overrides = xreallocarray(run->overrides, cap, sizeof(*run->overrides));
			}
			run->overrides[run->noverrides].uid = uid;
			run->overrides[run->noverrides].day = day;
			run->noverrides++;
		}
	}
	if (run->noverrides > 1) {
		qsort(run->overrides, run->noverrides, sizeof(*run->overrides), cmp_override);
	}
}

static int
not_icalendar(const struct ics_scan *s, struct err *e)
{
	if (s->saw_vcalendar) {
		return err_set(e, ERR_INVALID, "ics",
		               "ics has BEGIN:VCALENDAR but no complete calendar: an END line is missing");
	}
	if (s->first[0] == '\0') {
		return err_set(e, ERR_INVALID, "ics", "ics is empty, not an iCalendar file");
	}
	return err_set(e, ERR_INVALID, "ics", "ics is not an iCalendar file: it starts \"%s\", not BEGIN:VCALENDAR",
	               s->first);
}

/* Turns the span counts into the sorted list of days covered. */
static int
collect_days(const struct ics_run *run, int64_t **dates, size_t *ndates, struct err *e)
{
	size_t n = 0, k = 0;
	int64_t depth = 0;

	for (int64_t d = run->lo; d <= run->hi; d++) {
		depth += run->diff[d - run->lo];
		n += depth > 0;
	}
	if (n > HOLIDAY_ICS_MAX_DATES) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics gives %zu dates, more than the %u allowed", n,
		               HOLIDAY_ICS_MAX_DATES);
	}
	if (n == 0) {
		return 0;
	}
	*dates = xreallocarray(NULL, n, sizeof(int64_t));
	depth = 0;
	for (int64_t d = run->lo; d <= run->hi; d++) {
		depth += run->diff[d - run->lo];
		if (depth > 0) {
			(*dates)[k++] = d;
		}
	}
	*ndates = n;
	return 0;
}

static int
check_year(int year, const char *field, struct err *e)
{
	if (year < HOLIDAY_ICS_MIN_YEAR || year > HOLIDAY_ICS_MAX_YEAR) {
		return err_set(e, ERR_INVALID, field, "%s year %d is outside %d..%d", field, year, HOLIDAY_ICS_MIN_YEAR,
		               HOLIDAY_ICS_MAX_YEAR);
	}
	return 0;
}

int
holiday_ics_dates(const char *text, size_t len, int from_year, int to_year, int64_t **dates, size_t *ndates,
                  struct err *e)
{
	struct ics_scan scan;
	struct ics_run run;
	icalcomponent *root, **cals;
	size_t ncals;
	char *buf;
	int rc = 0;

	*dates = NULL;
	*ndates = 0;
	if (check_year(from_year, "from", e) != 0 || check_year(to_year, "to", e) != 0) {
		return -1;
	}
	if (from_year > to_year) {
		return err_set(e, ERR_INVALID, "to", "to year %d is before from year %d", to_year, from_year);
	}
	if (len > HOLIDAY_ICS_MAX_BYTES) {
		return err_set(e, ERR_TOO_LARGE, "ics", "ics is %zu bytes, more than the %u allowed", len,
		               HOLIDAY_ICS_MAX_BYTES);
	}
	buf = ics_prepare(text != NULL ? text : "", text != NULL ? len : 0, &scan, e);
	if (buf == NULL) {
		return -1;
	}
	root = icalparser_parse_string(buf);
	free(buf);
	icalerror_clear_errno();
	ncals = calendars(root, &cals);
	if (ncals == 0) {
		if (root != NULL) {
			icalcomponent_free(root);
		}
		return not_icalendar(&scan, e);
	}

	memset(&run, 0, sizeof(run));
	run.lo = days_from_civil(from_year, 1, 1);
	run.hi = days_from_civil(to_year, 12, 31);
	run.diff = xcalloc((size_t)(run.hi - run.lo + 2), sizeof(int32_t));
	collect_overrides(&run, cals, ncals);
	for (size_t i = 0; i < ncals && rc == 0; i++) {
		icalcomponent *ev = icalcomponent_get_first_component(cals[i], ICAL_VEVENT_COMPONENT);

		for (; ev != NULL && rc == 0; ev = icalcomponent_get_next_component(cals[i], ICAL_VEVENT_COMPONENT)) {
			rc = expand_event(&run, ev, e);
		}
	}
	if (rc == 0) {
		rc = collect_days(&run, dates, ndates, e);
	}
	free(run.diff);
	free(run.overrides);
	free(cals);
	icalcomponent_free(root);
	return rc;
}
