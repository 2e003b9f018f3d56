/*
 * cmd_calendar.c - `levera calendar`: the business-time engine on the
 * command line.
 *
 * due and elapsed stream standard input to standard output in constant
 * memory, one output line per input line, so results stay aligned with their
 * input even when a line is bad.  check summarises a calendar for a person;
 * holidays turns an iCalendar file into a calendar's holiday list.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/lines.h"
#include "base/timefmt.h"
#include "domain/calendar.h"
#include "domain/holiday_ics.h"

#define MAX_INPUT_LINE 4096
#define ICS_MAX_BYTES (8 * 1024 * 1024)

static const char calendar_usage[] =
        "usage: levera calendar SUBCOMMAND [OPTIONS]\n"
        "\n"
        "Business calendars: a time zone, weekly business hours and holidays (JSON).\n"
        "\n"
        "Subcommands:\n"
        "  due CAL.json        read 'START SECONDS' lines, write each deadline (UTC)\n"
        "  elapsed CAL.json    read 'FROM TO' lines, write the business seconds in [FROM, TO)\n"
        "  check CAL.json      validate a calendar and summarise it\n"
        "  holidays FILE.ics   print an iCalendar file's all-day events as a holiday list\n"
        "\n"
        "Instants are RFC 3339 (2026-03-02T08:15:00Z or with an offset); durations are\n"
        "seconds or e.g. 4h, 90m, 1h30m of business time.  The engine answers for the\n"
        "years 1970 to 2200.  A bad line writes 'error: REASON' in its place and the\n"
        "exit status is 1; a bad calendar exits 2 naming the field.\n"
        "\n"
        "Run 'levera calendar SUBCOMMAND --help' for details.\n";

static const char due_usage[] = "usage: levera calendar due CAL.json < LINES\n"
                                "\n"
                                "Reads lines 'START SECONDS' (START in RFC 3339; SECONDS a number of business\n"
                                "seconds or a duration such as 4h, 90m, 1h30m) and writes, for each, the\n"
                                "earliest instant at which that much business time has passed since START,\n"
                                "as YYYY-MM-DDTHH:MM:SSZ.  8 business hours from 08:00 on an 08:00-16:00 day\n"
                                "is 16:00 that day.\n"
                                "\n"
                                "  echo '2026-03-02T08:15:00Z 4h' | levera calendar due office.json\n";

static const char elapsed_usage[] =
        "usage: levera calendar elapsed CAL.json < LINES\n"
        "\n"
        "Reads lines 'FROM TO' (RFC 3339) and writes, for each, the business seconds\n"
        "in the half-open span [FROM, TO).\n"
        "\n"
        "  echo '2026-03-02T08:00:00Z 2026-03-03T08:00:00Z' | levera calendar elapsed office.json\n";

static const char check_usage[] = "usage: levera calendar check CAL.json [--from INSTANT] [--json]\n"
                                  "\n"
                                  "Validates a calendar and prints its business hours per week, the next five\n"
                                  "business intervals in its local time, and its holidays.  Exits 2 naming the\n"
                                  "field when the calendar is invalid.\n"
                                  "\n"
                                  "  --from INSTANT   list intervals after this RFC 3339 instant (default: now)\n"
                                  "  --json           print the summary as JSON\n";

static const char holidays_usage[] = "usage: levera calendar holidays FILE.ics [--from YEAR] [--to YEAR]\n"
                                     "\n"
                                     "Prints the dates of the all-day events of an iCalendar file (single and\n"
                                     "multi-day events, RRULE, RDATE, EXDATE and overridden instances) in the\n"
                                     "years FROM..TO as the JSON array a calendar's \"holidays\" takes.  Timed\n"
                                     "events are not holidays and are left out.\n"
                                     "\n"
                                     "  --from YEAR   first year (default: this year)\n"
                                     "  --to YEAR     last year (default: FROM + 4)\n";

/* A calendar opened from a file: the spec, its zone and the compiled form. */
struct opened {
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
};

static int
open_calendar(const char *path, struct opened *o)
{
	struct err e;
	char *text;
	size_t len;
	int rc;

	err_clear(&e);
	if (file_read_all(path, CALENDAR_DOC_MAX_BYTES, &text, &len, &e) != 0) {
		cli_fail(NULL, &e);
		return 2;
	}
	rc = calendar_open(text, len, &o->spec, &o->zone, &o->cal, &e);
	free(text);
	if (rc != 0) {
		cli_fail(path, &e);
		return 2;
	}
	return 0;
}

static void
close_calendar(struct opened *o)
{
	calendar_release(&o->cal);
	tz_release(&o->zone);
	cal_spec_release(&o->spec);
}

/* Splits a line into exactly two whitespace-separated fields. */
static int
two_fields(const char *line, size_t len, const char **a, size_t *alen, const char **b, size_t *blen)
{
	size_t i = 0, s;

	while (i < len && (line[i] == ' ' || line[i] == '\t')) {
		i++;
	}
	s = i;
	while (i < len && line[i] != ' ' && line[i] != '\t') {
		i++;
	}
	*a = line + s;
	*alen = i - s;
	while (i < len && (line[i] == ' ' || line[i] == '\t')) {
		i++;
	}
	s = i;
	while (i < len && line[i] != ' ' && line[i] != '\t') {
		i++;
	}
	*b = line + s;
	*blen = i - s;
	while (i < len && (line[i] == ' ' || line[i] == '\t')) {
		i++;
	}
	return *alen > 0 && *blen > 0 && i == len ? 0 : -1;
}

static int
parse_instant(const struct calendar *cal, const char *s, size_t n, int64_t *t, struct err *e)
{
	if (rfc3339_parse(s, n, t, e) != 0) {
		return -1;
	}
	if (!calendar_covers(cal, *t)) {
		return err_set(e, ERR_RANGE, NULL, "'%.*s' is outside the years %d..%d", (int)n, s, CAL_FIRST_YEAR,
		               CAL_LAST_YEAR);
	}
	return 0;
}

typedef int (*line_fn)(const struct calendar *cal, const char *line, size_t len, char *out, size_t *outlen,
                       struct err *e);

static int
due_line(const struct calendar *cal, const char *line, size_t len, char *out, size_t *outlen, struct err *e)
{
	const char *a, *b;
	size_t alen, blen;
	int64_t start, seconds, due;

	if (two_fields(line, len, &a, &alen, &b, &blen) != 0) {
		return err_set(e, ERR_INVALID, NULL, "expected 'START SECONDS'");
	}
	if (parse_instant(cal, a, alen, &start, e) != 0 || duration_parse(b, blen, &seconds, e) != 0 ||
	    calendar_due(cal, start, seconds, &due, e) != 0) {
		return -1;
	}
	rfc3339_format(due, out);
	*outlen = RFC3339_LEN - 1;
	return 0;
}

static int
elapsed_line(const struct calendar *cal, const char *line, size_t len, char *out, size_t *outlen, struct err *e)
{
	const char *a, *b;
	size_t alen, blen;
	int64_t from, to;
	int n;

	if (two_fields(line, len, &a, &alen, &b, &blen) != 0) {
		return err_set(e, ERR_INVALID, NULL, "expected 'FROM TO'");
	}
	if (parse_instant(cal, a, alen, &from, e) != 0 || parse_instant(cal, b, blen, &to, e) != 0) {
		return -1;
	}
	if (to < from) {
		return err_set(e, ERR_INVALID, NULL, "TO '%.*s' is before FROM '%.*s'", (int)blen, b, (int)alen, a);
	}
	n = snprintf(out, 32, "%lld", (long long)calendar_elapsed(cal, from, to));
	*outlen = (size_t)n;
	return 0;
}

static int
stream_lines(const char *cmd, const char *usage_text, int argc, char **argv, line_fn fn)
{
	static const struct cli_opt opts[] = { { NULL, NULL, NULL } };
	struct opened o;
	struct line_reader r;
	struct out_writer w;
	struct err e;
	const char *pos[1], *line;
	size_t len, outlen;
	char out[64];
	int npos, rc, failed = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1) {
		return cli_usage_error(cmd, "%s needs a calendar file", cmd);
	}
	rc = open_calendar(pos[0], &o);
	if (rc != 0) {
		return rc;
	}
	line_reader_init(&r, STDIN_FILENO, MAX_INPUT_LINE);
	out_writer_init(&w, STDOUT_FILENO, 1 << 16);
	err_clear(&e);
	for (;;) {
		rc = line_reader_next(&r, &line, &len, &e);
		if (rc <= 0) {
			break;
		}
		if (r.too_long) {
			err_set(&e, ERR_TOO_LARGE, NULL, "line %llu is longer than %d bytes",
			        (unsigned long long)r.lineno, MAX_INPUT_LINE);
		} else if (fn(&o.cal, line, len, out, &outlen, &e) == 0) {
			out[outlen++] = '\n';
			out_write(&w, out, outlen);
			continue;
		}
		out_write(&w, "error: ", 7);
		out_write(&w, e.message, strlen(e.message));
		out_write(&w, "\n", 1);
		failed = 1;
	}
	if (rc < 0) {
		failed = 2;
		cli_fail(NULL, &e);
	}
	if (out_writer_flush(&w, &e) != 0) {
		failed = 2;
		cli_fail(NULL, &e);
	}
	out_writer_release(&w);
	line_reader_release(&r);
	close_calendar(&o);
	return failed;
}

static int
calendar_due_cmd(int argc, char **argv)
{
	return stream_lines("calendar due", due_usage, argc, argv, due_line);
}

static int
calendar_elapsed_cmd(int argc, char **argv)
{
	return stream_lines("calendar elapsed", elapsed_usage, argc, argv, elapsed_line);
}

static void
format_hours(int64_t seconds, char *out, size_t n)
{
	if (seconds % 3600 == 0) {
		snprintf(out, n, "%lldh", (long long)(seconds / 3600));
	} else {
		snprintf(out, n, "%lldh%02lldm", (long long)(seconds / 3600), (long long)(seconds / 60 % 60));
	}
}

static void
print_check_text(const struct opened *o, int64_t from, const int64_t *starts, const int64_t *ends, size_t n)
{
	static const char *const day_names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	char hours[32], a[RFC3339_LOCAL_LEN], b[RFC3339_LOCAL_LEN], when[RFC3339_LEN], date[11];
	int64_t week_s = cal_spec_week_s(&o->spec);

	printf("%s (%s): valid\n", o->spec.name != NULL ? o->spec.name : "calendar", o->spec.timezone);
	format_hours(week_s, hours, sizeof(hours));
	printf("Business hours per week: %s (%lld s)\n", hours, (long long)week_s);
	for (int d = 0; d < 7; d++) {
		const struct cal_day *day = &o->spec.week[d];
		printf("  %s ", calendar_weekday_key(d));
		if (day->nspans == 0) {
			fputs(" closed", stdout);
		}
		for (int i = 0; i < day->nspans; i++) {
			printf(" %02d:%02d-%02d:%02d", day->spans[i].start_s / 3600, day->spans[i].start_s / 60 % 60,
			       day->spans[i].end_s / 3600, day->spans[i].end_s / 60 % 60);
		}
		putchar('\n');
	}
	printf("Next %zu business intervals after %s, local time:\n", n, rfc3339_format(from, when));
	for (size_t i = 0; i < n; i++) {
		int32_t off0 = tz_utoff_at(&o->zone, starts[i]);
		int32_t off1 = tz_utoff_at(&o->zone, ends[i] - 1);
		int64_t local_day = floor_div(starts[i] + off0, 86400);
		rfc3339_format_offset(starts[i], off0, a);
		rfc3339_format_offset(ends[i], off1, b);
		/* "Mon 2026-11-23 08:00-12:00 (+01:00)", or the full end when it is another day. */
		if (floor_div(ends[i] + off1 - 1, 86400) == local_day && off0 == off1) {
			printf("  %s %.10s %.5s-%.5s (UTC%.6s)\n", day_names[weekday_from_days(local_day)], a, a + 11,
			       (ends[i] + off1) % 86400 == 0 ? "24:00" : b + 11, a + 19);
		} else {
			printf("  %s %.10s %.5s (UTC%.6s) to %.10s %.5s (UTC%.6s)\n",
			       day_names[weekday_from_days(local_day)], a, a + 11, a + 19, b, b + 11, b + 19);
		}
	}
	printf("Holidays (%zu):", o->spec.nholidays);
	for (size_t i = 0; i < o->spec.nholidays; i++) {
		printf("%s %s", i > 0 ? "," : "", date_format(o->spec.holidays[i], date));
	}
	putchar('\n');
}

static void
print_check_json(const struct opened *o, int64_t from, const int64_t *starts, const int64_t *ends, size_t n)
{
	json_t *doc = json_object(), *next = json_array();
	char when[RFC3339_LEN], local[RFC3339_LOCAL_LEN];

	json_object_set_new(doc, "valid", json_true());
	json_object_set_new(doc, "calendar", calendar_to_json(&o->spec));
	json_object_set_new(doc, "week_business_s", json_integer(cal_spec_week_s(&o->spec)));
	json_object_set_new(doc, "from", json_string(rfc3339_format(from, when)));
	for (size_t i = 0; i < n; i++) {
		json_t *iv = json_object();
		json_object_set_new(iv, "start", json_string(rfc3339_format(starts[i], when)));
		json_object_set_new(iv, "end", json_string(rfc3339_format(ends[i], when)));
		json_object_set_new(
		        iv, "start_local",
		        json_string(rfc3339_format_offset(starts[i], tz_utoff_at(&o->zone, starts[i]), local)));
		json_object_set_new(
		        iv, "end_local",
		        json_string(rfc3339_format_offset(ends[i], tz_utoff_at(&o->zone, ends[i] - 1), local)));
		json_array_append_new(next, iv);
	}
	json_object_set_new(doc, "next_intervals", next);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	puts(text);
	free(text);
	json_decref(doc);
}

static int
calendar_check_cmd(int argc, char **argv)
{
	const char *from_text = NULL, *pos[1];
	int as_json = 0, npos, rc;
	const struct cli_opt opts[] = { { "from", &from_text, NULL },
		                        { "json", NULL, &as_json },
		                        { NULL, NULL, NULL } };
	struct opened o;
	struct err e;
	int64_t from = (int64_t)time(NULL), starts[5], ends[5];
	size_t n;

	if (cli_wants_help(argc, argv)) {
		fputs(check_usage, stdout);
		return 0;
	}
	rc = cli_parse("calendar check", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1) {
		return cli_usage_error("calendar check", "check needs a calendar file");
	}
	err_clear(&e);
	if (from_text != NULL && rfc3339_parse(from_text, strlen(from_text), &from, &e) != 0) {
		return cli_usage_error("calendar check", "--from: %s", e.message);
	}
	rc = open_calendar(pos[0], &o);
	if (rc != 0) {
		return rc;
	}
	n = calendar_intervals_after(&o.cal, from, starts, ends, 5);
	if (as_json) {
		print_check_json(&o, from, starts, ends, n);
	} else {
		print_check_text(&o, from, starts, ends, n);
	}
	close_calendar(&o);
	return 0;
}

static int
parse_year(const char *cmd, const char *opt, const char *text, int *year)
{
	int64_t v = 0;
	size_t i = 0;

	for (; text[i] >= '0' && text[i] <= '9' && i < 5; i++) {
		v = v * 10 + (text[i] - '0');
	}
	if (i == 0 || text[i] != '\0' || v < CAL_FIRST_YEAR || v > CAL_LAST_YEAR) {
		return cli_usage_error(cmd, "--%s: '%s' is not a year in %d..%d", opt, text, CAL_FIRST_YEAR,
		                       CAL_LAST_YEAR);
	}
	*year = (int)v;
	return 0;
}

static int
calendar_holidays_cmd(int argc, char **argv)
{
	const char *from_text = NULL, *to_text = NULL, *pos[1];
	const struct cli_opt opts[] = { { "from", &from_text, NULL }, { "to", &to_text, NULL }, { NULL, NULL, NULL } };
	struct err e;
	int64_t *dates = NULL;
	size_t ndates = 0, len;
	char *text, date[11];
	int npos, rc, from, to;

	if (cli_wants_help(argc, argv)) {
		fputs(holidays_usage, stdout);
		return 0;
	}
	rc = cli_parse("calendar holidays", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1) {
		return cli_usage_error("calendar holidays", "holidays needs an iCalendar file");
	}
	from = civil_from_days(floor_div((int64_t)time(NULL), 86400)).year;
	if (from_text != NULL && parse_year("calendar holidays", "from", from_text, &from) != 0) {
		return 2;
	}
	to = from + 4 <= CAL_LAST_YEAR ? from + 4 : CAL_LAST_YEAR;
	if (to_text != NULL && parse_year("calendar holidays", "to", to_text, &to) != 0) {
		return 2;
	}
	if (to < from) {
		return cli_usage_error("calendar holidays", "--to %d is before --from %d", to, from);
	}
	err_clear(&e);
	if (file_read_all(pos[0], ICS_MAX_BYTES, &text, &len, &e) != 0) {
		cli_fail(NULL, &e);
		return 2;
	}
	rc = holiday_ics_dates(text, len, from, to, &dates, &ndates, &e);
	free(text);
	if (rc != 0) {
		cli_fail(pos[0], &e);
		return 2;
	}
	fputs("[", stdout);
	for (size_t i = 0; i < ndates; i++) {
		printf("%s\n  \"%s\"", i > 0 ? "," : "", date_format(dates[i], date));
	}
	fputs(ndates > 0 ? "\n]\n" : "]\n", stdout);
	free(dates);
	return 0;
}

static const struct cli_command subcommands[] = {
	{ "due", calendar_due_cmd, NULL },
	{ "elapsed", calendar_elapsed_cmd, NULL },
	{ "check", calendar_check_cmd, NULL },
	{ "holidays", calendar_holidays_cmd, NULL },
};

int
cmd_calendar(int argc, char **argv)
{
	if (argc < 2) {
		fputs(calendar_usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(calendar_usage, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			return subcommands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "levera: unknown calendar subcommand '%s'\n", argv[1]);
	fputs(calendar_usage, stderr);
	return 2;
}
