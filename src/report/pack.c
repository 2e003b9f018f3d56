/*
 * pack.c - see pack.h.  The dispatch to each format, the check of the document's
 * shape (one table of fields per object, walked once before any renderer
 * runs, so the renderers may trust what they read) and the text forms the
 * four formats share.  The layout of each format is in pack_<format>.c.
 */
#include "report/pack.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "report/pack_csv.h"
#include "report/pack_html.h"
#include "report/pack_internal.h"
#include "report/pack_pdf.h"
#include "report/pack_xlsx.h"

/* The renderer of each format (names and media types are pack_format.c's). */
static int (*const renderers[PACK_FORMAT_COUNT])(const json_t *pack, struct buf *out, struct err *e) = {
	[PACK_HTML] = pack_render_html,
	[PACK_CSV] = pack_render_csv,
	[PACK_XLSX] = pack_render_xlsx,
	[PACK_PDF] = pack_render_pdf,
};

int
pack_render(const json_t *pack, enum pack_format f, struct buf *out, struct err *e)
{
	if (f >= PACK_FORMAT_COUNT) {
		return err_set(e, ERR_INVALID, "format", "unknown pack format %d", (int)f);
	}
	if (pack_check(pack, e) != 0) {
		return -1;
	}
	size_t len = out->len;
	if (renderers[f](pack, out, e) != 0) {
		out->len = len; /* no half document */
		if (out->data != NULL) {
			out->data[len] = '\0';
		}
		return -1;
	}
	return 0;
}

/* The shape: one table of fields per kind of object. */
enum kind {
	K_STR,   /* a string */
	K_INT,   /* an integer >= 0 */
	K_NUM,   /* a number */
	K_PCT,   /* a number in 0..100 */
	K_BOOL,  /* true or false */
	K_MONEY, /* a decimal string: "-12.50" */
	K_TIME,  /* an RFC 3339 instant */
	K_MONTH, /* "YYYY-MM" */
	K_STRS,  /* an array of strings */
	K_OBJ,   /* an object of sub */
	K_ARR,   /* an array of objects of sub */
	K_MASK = 0xff,
	K_NULL = 0x100, /* may be null */
	K_OPT = 0x200,  /* may be absent */
};

struct field {
	const char *name;
	unsigned kind;
	const struct field *sub;
};

static const struct field customer_f[] = {
	{ "id", K_STR, NULL }, { "name", K_STR, NULL }, { "time_zone", K_STR, NULL }, { NULL, 0, NULL }
};
static const struct field period_f[] = { { "start", K_TIME, NULL }, { "end", K_TIME, NULL }, { NULL, 0, NULL } };
static const struct field target_f[] = {
	{ "metric", K_STR, NULL }, { "priority", K_STR, NULL }, { "target_s", K_INT, NULL }, { NULL, 0, NULL }
};
static const struct field agreement_f[] = {
	{ "id", K_STR, NULL },
	{ "name", K_STR, NULL },
	{ "type", K_STR, NULL },
	{ "valid_from", K_STR, NULL },
	{ "valid_to", K_STR | K_NULL, NULL },
	{ "services", K_STRS, NULL },
	{ "hours", K_STR, NULL },
	{ "targets", K_ARR, target_f },
	{ NULL, 0, NULL },
};
static const struct field volumes_f[] = {
	{ "created", K_INT, NULL }, { "resolved", K_INT, NULL }, { "backlog", K_INT, NULL }, { NULL, 0, NULL }
};
static const struct field trend_f[] = { { "month", K_MONTH, NULL },
	                                { "met", K_INT, NULL },
	                                { "breached", K_INT, NULL },
	                                { "compliance", K_PCT | K_NULL, NULL },
	                                { NULL, 0, NULL } };
static const struct field compliance_f[] = {
	{ "agreement", K_STR, NULL },
	{ "metric", K_STR, NULL },
	{ "priority", K_STR, NULL },
	{ "target_s", K_INT, NULL },
	{ "met", K_INT, NULL },
	{ "breached", K_INT, NULL },
	{ "compliance", K_PCT | K_NULL, NULL },
	{ "trend", K_ARR, trend_f },
	{ NULL, 0, NULL },
};
static const struct field breach_f[] = {
	{ "ticket", K_STR, NULL },
	{ "ref", K_STR | K_NULL, NULL },
	{ "subject", K_STR, NULL },
	{ "service", K_STR | K_NULL, NULL },
	{ "agreement", K_STR, NULL },
	{ "metric", K_STR, NULL },
	{ "priority", K_STR, NULL },
	{ "target_s", K_INT, NULL },
	{ "elapsed_business_s", K_INT, NULL },
	{ "overrun_business_s", K_INT, NULL },
	{ "breached_at", K_TIME, NULL },
	{ NULL, 0, NULL },
};
static const struct field availability_f[] = {
	{ "service", K_STR, NULL },         { "agreed_s", K_INT, NULL },
	{ "downtime_s", K_INT, NULL },      { "availability", K_PCT | K_NULL, NULL },
	{ "outages", K_INT, NULL },         { "mttr_s", K_INT | K_NULL, NULL },
	{ "mtbf_s", K_INT | K_NULL, NULL }, { NULL, 0, NULL },
};
static const struct field csat_comment_f[] = { { "ticket", K_STR, NULL }, { "ref", K_STR | K_NULL, NULL },
	                                       { "score", K_INT, NULL },  { "comment", K_STR, NULL },
	                                       { "at", K_TIME, NULL },    { NULL, 0, NULL } };
static const struct field csat_f[] = { { "average", K_NUM | K_NULL, NULL },
	                               { "ratings", K_INT, NULL },
	                               { "response_rate", K_PCT | K_NULL, NULL },
	                               { "comments", K_ARR, csat_comment_f },
	                               { NULL, 0, NULL } };
static const struct field nps_comment_f[] = {
	{ "score", K_INT, NULL }, { "comment", K_STR, NULL }, { "at", K_TIME, NULL }, { NULL, 0, NULL }
};
static const struct field nps_f[] = {
	{ "score", K_NUM | K_NULL, NULL },
	{ "answers", K_INT, NULL },
	{ "promoters", K_INT, NULL },
	{ "passives", K_INT, NULL },
	{ "detractors", K_INT, NULL },
	{ "comments", K_ARR, nps_comment_f },
	{ NULL, 0, NULL },
};
static const struct field credit_line_f[] = {
	{ "agreement", K_STR, NULL },         { "rule", K_STR, NULL },
	{ "measured", K_PCT | K_NULL, NULL }, { "threshold", K_PCT, NULL },
	{ "credit_pct", K_PCT, NULL },        { "applies", K_BOOL, NULL },
	{ "amount", K_MONEY, NULL },          { NULL, 0, NULL },
};
static const struct field credits_f[] = {
	{ "currency", K_STR | K_NULL, NULL }, { "fee_per_month", K_MONEY | K_NULL, NULL }, { "total", K_MONEY, NULL },
	{ "total_pct", K_PCT, NULL },         { "lines", K_ARR, credit_line_f },           { NULL, 0, NULL },
};
static const struct field improvement_f[] = { { "title", K_STR, NULL },
	                                      { "status", K_STR, NULL },
	                                      { "owner", K_STR | K_NULL, NULL },
	                                      { "due", K_STR | K_NULL, NULL },
	                                      { NULL, 0, NULL } };
static const struct field activity_f[] = {
	{ "title", K_STR, NULL }, { "when", K_STR, NULL }, { "note", K_STR | K_NULL, NULL }, { NULL, 0, NULL }
};
static const struct field pack_f[] = {
	{ "customer", K_OBJ, customer_f },
	{ "month", K_MONTH, NULL },
	{ "period", K_OBJ, period_f },
	{ "generated_at", K_TIME, NULL },
	{ "partial", K_BOOL, NULL },
	{ "agreements", K_ARR, agreement_f },
	{ "volumes", K_OBJ, volumes_f },
	{ "compliance", K_ARR, compliance_f },
	{ "breaches", K_ARR, breach_f },
	{ "availability", K_ARR, availability_f },
	{ "csat", K_OBJ, csat_f },
	{ "nps", K_OBJ, nps_f },
	{ "credits", K_OBJ, credits_f },
	{ "improvements", K_ARR | K_OPT, improvement_f },
	{ "planned_activities", K_ARR | K_OPT, activity_f },
	{ NULL, 0, NULL },
};

void
pack_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
	}
	if (i == 0) {
		return;
	}
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need) {
		s[i - 1] = '\0';
	}
}

/* At most 40 bytes of s for a message, cut between characters. */
static const char *
quote(const char *s, char out[48])
{
	snprintf(out, 48, "%.40s", s);
	pack_utf8_trim(out);
	return out;
}

static bool
is_money(const char *s)
{
	size_t i = s[0] == '-' ? 1 : 0, digits = 0;
	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (s[i] == '.') {
		size_t frac = 0;
		for (i++; s[i] >= '0' && s[i] <= '9'; i++) {
			frac++;
		}
		if (frac == 0) {
			return false;
		}
	}
	return digits > 0 && digits <= 15 && s[i] == '\0';
}

static bool
is_month(const char *s)
{
	int64_t days;
	char date[11];
	if (strlen(s) != 7) {
		return false;
	}
	snprintf(date, sizeof date, "%s-01", s);
	return date_parse(date, 10, &days, NULL) == 0;
}

static int check_object(const json_t *o, const struct field *fs, char *path, size_t len, struct err *e);

/* Checks one value v of field f at path (path[0..len) names it). */
static int
check_value(const json_t *v, const struct field *f, char *path, size_t len, struct err *e)
{
	unsigned k = f->kind & K_MASK;
	int64_t t;
	char q[48];

	if (json_is_null(v) && (f->kind & K_NULL)) {
		return 0;
	}
	switch (k) {
	case K_STR:
	case K_MONEY:
	case K_TIME:
	case K_MONTH:
		if (!json_is_string(v)) {
			return err_set(e, ERR_INVALID, path, "must be a string%s", f->kind & K_NULL ? " or null" : "");
		}
		if (k == K_MONEY && !is_money(json_string_value(v))) {
			return err_set(e, ERR_INVALID, path, "'%s' is not a decimal amount",
			               quote(json_string_value(v), q));
		}
		if (k == K_TIME && rfc3339_parse(json_string_value(v), json_string_length(v), &t, NULL) != 0) {
			return err_set(e, ERR_INVALID, path, "'%.40s' is not an RFC 3339 instant",
			               json_string_value(v));
		}
		if (k == K_MONTH && !is_month(json_string_value(v))) {
			return err_set(e, ERR_INVALID, path, "'%s' is not a month (YYYY-MM)",
			               quote(json_string_value(v), q));
		}
		return 0;
	case K_INT:
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			return err_set(e, ERR_INVALID, path, "must be an integer >= 0%s",
			               f->kind & K_NULL ? " or null" : "");
		}
		return 0;
	case K_NUM:
	case K_PCT:
		if (!json_is_number(v)) {
			return err_set(e, ERR_INVALID, path, "must be a number%s", f->kind & K_NULL ? " or null" : "");
		}
		if (k == K_PCT && (json_number_value(v) < 0 || json_number_value(v) > 100)) {
			return err_set(e, ERR_INVALID, path, "%g is not a percentage (0..100)", json_number_value(v));
		}
		return 0;
	case K_BOOL:
		if (!json_is_boolean(v)) {
			return err_set(e, ERR_INVALID, path, "must be true or false");
		}
		return 0;
	case K_OBJ:
		if (!json_is_object(v)) {
			return err_set(e, ERR_INVALID, path, "must be an object");
		}
		return check_object(v, f->sub, path, len, e);
	case K_STRS:
	case K_ARR:
		break;
	default:
		return err_set(e, ERR_INTERNAL, path, "unknown field kind %u", k);
	}
	if (!json_is_array(v)) {
		return err_set(e, ERR_INVALID, path, "must be an array");
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *item = json_array_get(v, i);
		const size_t max = sizeof(((struct err *)0)->field);
		int n = snprintf(path + len, max - len, "[%zu]", i);
		size_t ilen = len + (size_t)n < max ? len + (size_t)n : max - 1;
		if (k == K_STRS && !json_is_string(item)) {
			return err_set(e, ERR_INVALID, path, "must be a string");
		}
		if (k == K_ARR && !json_is_object(item)) {
			return err_set(e, ERR_INVALID, path, "must be an object");
		}
		if (k == K_ARR && check_object(item, f->sub, path, ilen, e) != 0) {
			return -1;
		}
		path[len] = '\0';
	}
	return 0;
}

static int
check_object(const json_t *o, const struct field *fs, char *path, size_t len, struct err *e)
{
	const size_t max = sizeof(((struct err *)0)->field);

	for (const struct field *f = fs; f->name != NULL; f++) {
		const json_t *v = json_object_get(o, f->name);
		int n = snprintf(path + len, max - len, "%s%s", len > 0 ? "." : "", f->name);
		size_t flen = len + (size_t)n < max ? len + (size_t)n : max - 1;

		if (v == NULL && !(f->kind & K_OPT)) {
			return err_set(e, ERR_INVALID, path, "is missing");
		}
		if (v != NULL && check_value(v, f, path, flen, e) != 0) {
			return -1;
		}
		path[len] = '\0';
	}
	return 0;
}

int
pack_check(const json_t *pack, struct err *e)
{
	char path[sizeof(((struct err *)0)->field)] = "";
	const json_t *rows, *first;

	if (!json_is_object(pack)) {
		return err_set(e, ERR_INVALID, NULL, "a review pack must be a JSON object");
	}
	if (check_object(pack, pack_f, path, 0, e) != 0) {
		return -1;
	}
	/* The trend chart has one set of months: every target's trend must name the same ones. */
	rows = json_object_get(pack, "compliance");
	first = json_object_get(json_array_get(rows, 0), "trend");
	if (json_array_size(first) > CHART_MAX_CATEGORIES) {
		return err_set(e, ERR_INVALID, "compliance[0].trend", "has more than %d months", CHART_MAX_CATEGORIES);
	}
	for (size_t i = 1; i < json_array_size(rows); i++) {
		const json_t *trend = json_object_get(json_array_get(rows, i), "trend");
		bool same = json_array_size(trend) == json_array_size(first);
		for (size_t j = 0; same && j < json_array_size(trend); j++) {
			same = strcmp(pack_text(json_array_get(trend, j), "month"),
			              pack_text(json_array_get(first, j), "month")) == 0;
		}
		if (!same) {
			snprintf(path, sizeof path, "compliance[%zu].trend", i);
			return err_set(e, ERR_INVALID, path, "names other months than compliance[0].trend");
		}
	}
	return 0;
}

const char *
pack_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *
pack_text(const json_t *o, const char *key)
{
	const char *s = pack_str(o, key);
	return s != NULL ? s : "";
}

double
pack_num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

int64_t
pack_int(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

bool
pack_bool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

const json_t *
pack_arr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_array(v) ? v : NULL;
}

char *
pack_duration(int64_t s, char out[PACK_TEXT_MAX])
{
	static const struct {
		int64_t s;
		const char *unit;
	} units[] = { { 86400, "d" }, { 3600, "h" }, { 60, "min" }, { 1, "s" } };
	size_t len = 0;
	int shown = 0;

	out[0] = '\0';
	if (s < 0) {
		s = 0;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0] && shown < 2; i++) {
		int64_t n = s / units[i].s;
		if (n == 0 && shown == 0) {
			continue;
		}
		s -= n * units[i].s;
		if (n == 0) {
			break; /* "2 d 4 h" or "2 d", never "2 d 0 h 5 min" */
		}
		len += (size_t)snprintf(out + len, PACK_TEXT_MAX - len, "%s%lld %s", shown > 0 ? " " : "", (long long)n,
		                        units[i].unit);
		shown++;
	}
	if (shown == 0) {
		snprintf(out, PACK_TEXT_MAX, "0 min");
	}
	return out;
}

char *
pack_pct(double v, char out[PACK_TEXT_MAX])
{
	if (isnan(v)) {
		snprintf(out, PACK_TEXT_MAX, "\u2013");
	} else if (v == floor(v)) {
		snprintf(out, PACK_TEXT_MAX, "%.0f %%", v);
	} else {
		/* Truncated, not rounded: 99.996 is not shown as 100. */
		int n = snprintf(out, PACK_TEXT_MAX, "%.2f", floor(v * 100) / 100);
		while (n > 0 && out[n - 1] == '0') {
			out[--n] = '\0';
		}
		if (n > 0 && out[n - 1] == '.') {
			out[--n] = '\0';
		}
		snprintf(out + n, (size_t)(PACK_TEXT_MAX - n), " %%");
	}
	return out;
}

char *
pack_money(const char *amount, const char *currency, char out[PACK_TEXT_MAX])
{
	const char *digits = amount[0] == '-' ? amount + 1 : amount;
	size_t whole = strcspn(digits, "."), len = 0;

	if (amount[0] == '-') {
		out[len++] = '-';
	}
	for (size_t i = 0; i < whole && len < PACK_TEXT_MAX - 24; i++) {
		if (i > 0 && (whole - i) % 3 == 0) {
			out[len++] = ',';
		}
		out[len++] = digits[i];
	}
	snprintf(out + len, PACK_TEXT_MAX - len, "%.4s%s%.12s", digits[whole] == '.' ? digits + whole : ".00",
	         currency != NULL ? " " : "", currency != NULL ? currency : "");
	pack_utf8_trim(out);
	return out;
}

char *
pack_instant(const char *rfc3339, char out[PACK_TEXT_MAX])
{
	size_t n = strlen(rfc3339);
	const char *zone = n > 19 ? rfc3339 + 19 : "";

	while (*zone == '.' || (*zone >= '0' && *zone <= '9')) {
		zone++; /* fractional seconds */
	}
	bool utc = zone[0] == 'Z' || zone[0] == 'z';
	snprintf(out, PACK_TEXT_MAX, "%.10s %.5s %s", rfc3339, n > 11 ? rfc3339 + 11 : "", utc ? "UTC" : zone);
	return out;
}

char *
pack_month_name(const char *month, char out[PACK_TEXT_MAX])
{
	static const char *const names[] = { "January", "February", "March",     "April",   "May",      "June",
		                             "July",    "August",   "September", "October", "November", "December" };
	long m = strlen(month) == 7 ? (month[5] - '0') * 10 + (month[6] - '0') : 0;

	if (m < 1 || m > 12) {
		snprintf(out, PACK_TEXT_MAX, "%s", month);
	} else {
		snprintf(out, PACK_TEXT_MAX, "%s %.4s", names[m - 1], month);
	}
	return out;
}

char *
pack_number(const json_t *v, char out[PACK_TEXT_MAX])
{
	if (json_is_integer(v)) {
		snprintf(out, PACK_TEXT_MAX, "%lld", (long long)json_integer_value(v));
		return out;
	}
	if (!json_is_number(v)) {
		out[0] = '\0';
		return out;
	}
	int n = snprintf(out, PACK_TEXT_MAX, "%.4f", json_number_value(v));
	while (n > 1 && out[n - 1] == '0') {
		out[--n] = '\0';
	}
	if (n > 1 && out[n - 1] == '.') {
		out[--n] = '\0';
	}
	return out;
}

const char *
pack_ticket_ref(const json_t *o)
{
	const char *ref = pack_str(o, "ref");
	return ref != NULL ? ref : pack_text(o, "ticket");
}

/* The lowest threshold of the credit lines of agreement (NULL: any); NAN when none. */
static double
lowest_threshold(const json_t *pack, const char *agreement)
{
	const json_t *lines = pack_arr(json_object_get(pack, "credits"), "lines");
	double low = NAN;

	for (size_t i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);
		double t = pack_num(l, "threshold");
		if ((agreement == NULL || strcmp(agreement, pack_text(l, "agreement")) == 0) &&
		    (isnan(low) || t < low)) {
			low = t;
		}
	}
	return low;
}

double
pack_threshold(const json_t *pack)
{
	double t = lowest_threshold(pack, NULL);
	return isnan(t) ? PACK_DEFAULT_THRESHOLD : t;
}

enum pack_level
pack_level(const json_t *pack, const char *agreement, double pct)
{
	if (isnan(pct) || pct >= 100) {
		return PACK_LEVEL_MET;
	}
	double t = lowest_threshold(pack, agreement);
	return !isnan(t) && pct < t ? PACK_LEVEL_CREDIT : PACK_LEVEL_BELOW;
}

bool
pack_trend_init(struct pack_trend *t, const json_t *pack)
{
	const json_t *rows = pack_arr(pack, "compliance");
	const json_t *first = pack_arr(json_array_get(rows, 0), "trend");
	size_t nmonths = json_array_size(first), nseries = json_array_size(rows);

	memset(t, 0, sizeof *t);
	if (nmonths == 0 || nseries == 0) {
		return false;
	}
	if (nseries > CHART_MAX_SERIES) {
		nseries = CHART_MAX_SERIES;
	}
	for (size_t j = 0; j < nmonths; j++) {
		t->categories[j] = pack_text(json_array_get(first, j), "month");
	}
	for (size_t i = 0; i < nseries; i++) {
		const json_t *row = json_array_get(rows, i);
		const json_t *trend = pack_arr(row, "trend");
		snprintf(t->names[i], PACK_TEXT_MAX, "%s %s %s", pack_text(row, "agreement"), pack_text(row, "metric"),
		         pack_text(row, "priority"));
		pack_utf8_trim(t->names[i]);
		for (size_t j = 0; j < nmonths; j++) {
			t->values[i][j] = pack_num(json_array_get(trend, j), "compliance");
		}
		t->series[i].name = t->names[i];
		t->series[i].values = t->values[i];
	}
	t->chart.threshold = pack_threshold(pack);
	snprintf(t->threshold_label, PACK_TEXT_MAX, "%g %%", t->chart.threshold);
	t->chart.kind = CHART_LINE;
	t->chart.title = "Compliance by month";
	t->chart.y_unit = "%";
	t->chart.categories = t->categories;
	t->chart.ncategories = nmonths;
	t->chart.series = t->series;
	t->chart.nseries = nseries;
	t->chart.y_fixed = false;
	t->chart.y_min = 0;
	t->chart.y_max = 100;
	t->chart.has_threshold = true;
	t->chart.threshold_label = t->threshold_label;
	return true;
}
