/*
 * pack_xlsx.c - the review pack as an Excel workbook: one worksheet per
 * section, the header row bold and frozen, numbers as numbers (percentages
 * in a percent format, business time in hours) and every text written as a
 * string, never as a formula.  libxlsxwriter writes to a file, so the
 * workbook goes through a temporary file that is read back and removed.
 */
#include "report/pack_xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/fileio.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "report/pack_internal.h"

/* The most bytes of text put in a cell: 32767 characters of any UTF-8 fit. */
#define XLSX_CELL_BYTES 32000

/* A column of a sheet: its header and width in characters. */
struct col {
	const char *header;
	double width;
};

/* The workbook being written; the first error sticks and names where it happened. */
struct xl {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	const char *sheet;
	lxw_row_t row;
	lxw_col_t ncols;
	lxw_format *bold, *pct, *pct_below, *pct_credit, *hours, *money, *money_bold, *when, *wrap;
	lxw_error err;
	char where[96];
};

static void
fail(struct xl *x, lxw_error err, lxw_col_t col)
{
	if (x->err == LXW_NO_ERROR && err != LXW_NO_ERROR) {
		x->err = err;
		snprintf(x->where, sizeof x->where, "%s row %u column %u", x->sheet != NULL ? x->sheet : "workbook",
		         (unsigned)x->row + 1, (unsigned)col + 1);
	}
}

/* Starts a sheet with its bold, frozen header row. */
static void
sheet(struct xl *x, const char *name, const struct col *cols, size_t ncols)
{
	x->sheet = name;
	x->row = 0;
	x->ncols = (lxw_col_t)ncols;
	x->ws = x->err == LXW_NO_ERROR ? workbook_add_worksheet(x->wb, name) : NULL;
	if (x->ws == NULL) {
		fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, 0);
		return;
	}
	for (lxw_col_t c = 0; c < (lxw_col_t)ncols; c++) {
		fail(x, worksheet_set_column(x->ws, c, c, cols[c].width, NULL), c);
		fail(x, worksheet_write_string(x->ws, 0, c, cols[c].header, x->bold), c);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
}

/* Ends a sheet: a filter over its rows. */
static void
sheet_end(struct xl *x)
{
	if (x->ws != NULL && x->err == LXW_NO_ERROR && x->row > 1) {
		fail(x, worksheet_autofilter(x->ws, 0, 0, x->row - 1, x->ncols - 1), 0);
	}
}

/* A text cell, always a string; past what a cell holds (32767 characters) cut with an ellipsis. */
static void
str(struct xl *x, lxw_col_t c, const char *s, lxw_format *f)
{
	char *cut = NULL;

	if (x->ws == NULL || x->err != LXW_NO_ERROR || s == NULL) {
		return;
	}
	if (strlen(s) > XLSX_CELL_BYTES) {
		cut = xmalloc(XLSX_CELL_BYTES + 4);
		memcpy(cut, s, XLSX_CELL_BYTES);
		cut[XLSX_CELL_BYTES] = '\0';
		pack_utf8_trim(cut);
		memcpy(cut + strlen(cut), "\u2026", sizeof "\u2026");
	}
	fail(x, worksheet_write_string(x->ws, x->row, c, cut != NULL ? cut : s, f), c);
	free(cut);
}

static void
num(struct xl *x, lxw_col_t c, double v, lxw_format *f)
{
	if (x->ws != NULL && x->err == LXW_NO_ERROR && !isnan(v)) {
		fail(x, worksheet_write_number(x->ws, x->row, c, v, f), c);
	}
}

/* A percentage of the document (0..100) as a fraction in a percent format; null stays empty. */
static void
pct(struct xl *x, lxw_col_t c, double v, lxw_format *f)
{
	num(x, c, v / 100, f != NULL ? f : x->pct);
}

/* A duration in seconds of o (null stays empty) as hours. */
static void
hours(struct xl *x, lxw_col_t c, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_integer(v)) {
		num(x, c, (double)json_integer_value(v) / 3600, x->hours);
	}
}

/* An RFC 3339 instant as an Excel date-time in UTC. */
static void
when(struct xl *x, lxw_col_t c, const char *s)
{
	int64_t t;
	if (rfc3339_parse(s, strlen(s), &t, NULL) == 0) {
		num(x, c, (double)t / 86400 + 25569, x->when); /* 25569: 1970-01-01 in Excel's count */
	}
}

static lxw_format *
level_format(struct xl *x, const json_t *pack, const char *agreement, double v)
{
	lxw_format *fs[] = { x->pct, x->pct_below, x->pct_credit };
	return fs[pack_level(pack, agreement, v)];
}

static void
kv_text(struct xl *x, const char *name, const char *value)
{
	str(x, 0, name, NULL);
	str(x, 1, value, NULL);
	x->row++;
}

static void
kv_num(struct xl *x, const char *name, double value, lxw_format *f)
{
	str(x, 0, name, NULL);
	num(x, 1, value, f);
	x->row++;
}

static void
summary(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = { { "Item", 34 }, { "Value", 48 } };
	const json_t *cust = json_object_get(pack, "customer"), *per = json_object_get(pack, "period");
	const json_t *vol = json_object_get(pack, "volumes"), *csat = json_object_get(pack, "csat");
	const json_t *nps = json_object_get(pack, "nps"), *cr = json_object_get(pack, "credits");
	char s[PACK_TEXT_MAX];

	sheet(x, "Summary", cols, 2);
	kv_text(x, "Customer", pack_text(cust, "name"));
	kv_text(x, "Month", pack_month_name(pack_text(pack, "month"), s));
	kv_text(x, "Time zone", pack_text(cust, "time_zone"));
	kv_text(x, "Period start", pack_text(per, "start"));
	kv_text(x, "Period end", pack_text(per, "end"));
	kv_text(x, "Generated at", pack_text(pack, "generated_at"));
	kv_text(x, "Partial month", pack_bool(pack, "partial") ? "yes" : "no");
	kv_num(x, "Tickets created", (double)pack_int(vol, "created"), NULL);
	kv_num(x, "Tickets resolved", (double)pack_int(vol, "resolved"), NULL);
	kv_num(x, "Backlog at month end", (double)pack_int(vol, "backlog"), NULL);
	kv_num(x, "CSAT average (1-5)", pack_num(csat, "average"), NULL);
	kv_num(x, "CSAT ratings", (double)pack_int(csat, "ratings"), NULL);
	kv_num(x, "CSAT response rate", pack_num(csat, "response_rate") / 100, x->pct);
	kv_num(x, "NPS", pack_num(nps, "score"), NULL);
	kv_num(x, "NPS answers", (double)pack_int(nps, "answers"), NULL);
	kv_text(x, "Currency", pack_str(cr, "currency"));
	kv_num(x, "Monthly fee",
	       pack_str(cr, "fee_per_month") != NULL ? strtod(pack_str(cr, "fee_per_month"), NULL) : NAN, x->money);
	kv_num(x, "Service credits owed", strtod(pack_text(cr, "total"), NULL), x->money_bold);
	kv_num(x, "Service credits, share of fee", pack_num(cr, "total_pct") / 100, x->pct);
}

static void
agreements(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = { { "Agreement", 26 }, { "Type", 12 },     { "Valid from", 12 },
		                           { "Valid to", 12 },  { "Services", 30 }, { "Service hours", 40 },
		                           { "Metric", 16 },    { "Priority", 10 }, { "Target (business h)", 20 } };
	const json_t *ags = pack_arr(pack, "agreements");

	sheet(x, "Agreements", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(ags); i++) {
		const json_t *a = json_array_get(ags, i), *svcs = pack_arr(a, "services");
		const json_t *targets = pack_arr(a, "targets");
		struct buf names;
		struct err e;
		buf_init(&names, 1u << 15);
		for (size_t j = 0; j < json_array_size(svcs); j++) {
			if (buf_appendf(&names, &e, "%s%s", j > 0 ? ", " : "",
			                json_string_value(json_array_get(svcs, j))) != 0) {
				fail(x, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, 4);
			}
		}
		for (size_t j = 0; j == 0 || j < json_array_size(targets); j++) {
			const json_t *t = json_array_get(targets, j);
			str(x, 0, pack_text(a, "name"), NULL);
			str(x, 1, pack_text(a, "type"), NULL);
			str(x, 2, pack_text(a, "valid_from"), NULL);
			str(x, 3, pack_str(a, "valid_to"), NULL);
			str(x, 4, names.data != NULL ? names.data : "", NULL);
			str(x, 5, pack_text(a, "hours"), NULL);
			if (t != NULL) {
				str(x, 6, pack_text(t, "metric"), NULL);
				str(x, 7, pack_text(t, "priority"), NULL);
				hours(x, 8, t, "target_s");
			}
			x->row++;
		}
		buf_release(&names);
	}
	sheet_end(x);
}

static void
compliance(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = { { "Agreement", 26 },           { "Metric", 16 }, { "Priority", 10 },
		                           { "Target (business h)", 20 }, { "Met", 8 },     { "Breached", 10 },
		                           { "Compliance", 12 } };
	const json_t *rows = pack_arr(pack, "compliance");

	sheet(x, "Compliance", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		double v = pack_num(r, "compliance");
		str(x, 0, pack_text(r, "agreement"), NULL);
		str(x, 1, pack_text(r, "metric"), NULL);
		str(x, 2, pack_text(r, "priority"), NULL);
		hours(x, 3, r, "target_s");
		num(x, 4, (double)pack_int(r, "met"), NULL);
		num(x, 5, (double)pack_int(r, "breached"), NULL);
		pct(x, 6, v, level_format(x, pack, pack_text(r, "agreement"), v));
		x->row++;
	}
	sheet_end(x);
}

static void
trend(struct xl *x, const json_t *pack)
{
	struct col cols[3 + CHART_MAX_CATEGORIES] = { { "Agreement", 26 }, { "Metric", 16 }, { "Priority", 10 } };
	const json_t *rows = pack_arr(pack, "compliance");
	const json_t *first = pack_arr(json_array_get(rows, 0), "trend");
	size_t nmonths = json_array_size(first);

	for (size_t j = 0; j < nmonths; j++) {
		cols[3 + j].header = pack_text(json_array_get(first, j), "month");
		cols[3 + j].width = 10;
	}
	sheet(x, "Trend", cols, 3 + nmonths);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i), *t = pack_arr(r, "trend");
		str(x, 0, pack_text(r, "agreement"), NULL);
		str(x, 1, pack_text(r, "metric"), NULL);
		str(x, 2, pack_text(r, "priority"), NULL);
		for (size_t j = 0; j < json_array_size(t); j++) {
			double v = pack_num(json_array_get(t, j), "compliance");
			pct(x, (lxw_col_t)(3 + j), v, level_format(x, pack, pack_text(r, "agreement"), v));
		}
		x->row++;
	}
	sheet_end(x);
}

static void
breaches(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = {
		{ "Ticket", 14 },
		{ "Subject", 44 },
		{ "Service", 18 },
		{ "Agreement", 22 },
		{ "Metric", 14 },
		{ "Priority", 9 },
		{ "Target (business h)", 20 },
		{ "Business time used (h)", 22 },
		{ "Overrun (business h)", 20 },
		{ "Breached at (UTC)", 18 },
	};
	const json_t *rows = pack_arr(pack, "breaches");

	sheet(x, "Breaches", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		str(x, 0, pack_ticket_ref(r), NULL);
		str(x, 1, pack_text(r, "subject"), NULL);
		str(x, 2, pack_str(r, "service"), NULL);
		str(x, 3, pack_text(r, "agreement"), NULL);
		str(x, 4, pack_text(r, "metric"), NULL);
		str(x, 5, pack_text(r, "priority"), NULL);
		hours(x, 6, r, "target_s");
		hours(x, 7, r, "elapsed_business_s");
		hours(x, 8, r, "overrun_business_s");
		when(x, 9, pack_text(r, "breached_at"));
		x->row++;
	}
	sheet_end(x);
}

static void
availability(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = { { "Service", 26 },      { "Agreed time (h)", 16 }, { "Downtime (h)", 14 },
		                           { "Availability", 13 }, { "Outages", 10 },         { "MTTR (h)", 10 },
		                           { "MTBF (h)", 10 } };
	const json_t *rows = pack_arr(pack, "availability");

	sheet(x, "Availability", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		double v = pack_num(r, "availability");
		str(x, 0, pack_text(r, "service"), NULL);
		hours(x, 1, r, "agreed_s");
		hours(x, 2, r, "downtime_s");
		pct(x, 3, v, level_format(x, pack, NULL, v));
		num(x, 4, (double)pack_int(r, "outages"), NULL);
		hours(x, 5, r, "mttr_s");
		hours(x, 6, r, "mtbf_s");
		x->row++;
	}
	sheet_end(x);
}

static void
satisfaction(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = {
		{ "Survey", 8 }, { "Ticket", 14 }, { "Score", 7 }, { "Comment", 70 }, { "At (UTC)", 18 }
	};
	const json_t *cc = pack_arr(json_object_get(pack, "csat"), "comments");
	const json_t *nc = pack_arr(json_object_get(pack, "nps"), "comments");

	sheet(x, "CSAT", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(cc) + json_array_size(nc); i++) {
		bool csat = i < json_array_size(cc);
		const json_t *r = csat ? json_array_get(cc, i) : json_array_get(nc, i - json_array_size(cc));
		str(x, 0, csat ? "CSAT" : "NPS", NULL);
		str(x, 1, csat ? pack_ticket_ref(r) : NULL, NULL);
		num(x, 2, (double)pack_int(r, "score"), NULL);
		str(x, 3, pack_text(r, "comment"), x->wrap);
		when(x, 4, pack_text(r, "at"));
		x->row++;
	}
	sheet_end(x);
}

static void
credits(struct xl *x, const json_t *pack)
{
	static const struct col cols[] = { { "Agreement", 26 }, { "Rule", 30 },    { "Measured", 11 },
		                           { "Threshold", 11 }, { "Credit", 9 },   { "Applies", 9 },
		                           { "Amount", 14 },    { "Currency", 10 } };
	const json_t *cr = json_object_get(pack, "credits"), *rows = pack_arr(cr, "lines");

	sheet(x, "Credits", cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		str(x, 0, pack_text(r, "agreement"), NULL);
		str(x, 1, pack_text(r, "rule"), NULL);
		pct(x, 2, pack_num(r, "measured"), NULL);
		pct(x, 3, pack_num(r, "threshold"), NULL);
		pct(x, 4, pack_num(r, "credit_pct"), NULL);
		str(x, 5, pack_bool(r, "applies") ? "yes" : "no", NULL);
		num(x, 6, strtod(pack_text(r, "amount"), NULL), x->money);
		str(x, 7, pack_str(cr, "currency"), NULL);
		x->row++;
	}
	str(x, 0, "Total owed", x->bold);
	pct(x, 4, pack_num(cr, "total_pct"), NULL);
	num(x, 6, strtod(pack_text(cr, "total"), NULL), x->money_bold);
	str(x, 7, pack_str(cr, "currency"), NULL);
	x->row++;
}

static void
plans(struct xl *x, const json_t *pack)
{
	static const struct col icols[] = { { "Improvement", 50 }, { "Status", 14 }, { "Owner", 20 }, { "Due", 12 } };
	static const struct col pcols[] = { { "Activity", 50 }, { "When", 22 }, { "Note", 50 } };
	const json_t *imp = pack_arr(pack, "improvements"), *act = pack_arr(pack, "planned_activities");

	if (imp != NULL) {
		sheet(x, "Improvements", icols, 4);
		for (size_t i = 0; i < json_array_size(imp); i++) {
			const json_t *r = json_array_get(imp, i);
			str(x, 0, pack_text(r, "title"), x->wrap);
			str(x, 1, pack_text(r, "status"), NULL);
			str(x, 2, pack_str(r, "owner"), NULL);
			str(x, 3, pack_str(r, "due"), NULL);
			x->row++;
		}
		sheet_end(x);
	}
	if (act != NULL) {
		sheet(x, "Planned", pcols, 3);
		for (size_t i = 0; i < json_array_size(act); i++) {
			const json_t *r = json_array_get(act, i);
			str(x, 0, pack_text(r, "title"), x->wrap);
			str(x, 1, pack_text(r, "when"), NULL);
			str(x, 2, pack_str(r, "note"), x->wrap);
			x->row++;
		}
		sheet_end(x);
	}
}

static lxw_format *
format(struct xl *x, const char *num_format, bool bold, uint32_t bg)
{
	lxw_format *f = workbook_add_format(x->wb);
	if (num_format != NULL) {
		format_set_num_format(f, num_format);
	}
	if (bold) {
		format_set_bold(f);
	}
	if (bg != 0) {
		format_set_bg_color(f, bg);
	}
	return f;
}

/* The workbook of pack written to path. */
static int
write_workbook(const json_t *pack, const char *path, const char *dir, struct err *e)
{
	lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = (char *)dir, .use_zip64 = LXW_FALSE };
	struct xl x = { 0 };

	x.wb = workbook_new_opt(path, &opts);
	if (x.wb == NULL) {
		return err_set(e, ERR_IO, NULL, "cannot create a workbook in '%s'", dir);
	}
	x.bold = format(&x, NULL, true, 0);
	format_set_bottom(x.bold, LXW_BORDER_THIN);
	format_set_bg_color(x.bold, 0xE8EEF5);
	x.pct = format(&x, "0.00%", false, 0);
	x.pct_below = format(&x, "0.00%", false, 0xFFF4D6);
	x.pct_credit = format(&x, "0.00%", true, 0xFBDCDC);
	x.hours = format(&x, "0.00", false, 0);
	x.money = format(&x, "#,##0.00", false, 0);
	x.money_bold = format(&x, "#,##0.00", true, 0);
	x.when = format(&x, "yyyy-mm-dd hh:mm", false, 0);
	x.wrap = format(&x, NULL, false, 0);
	format_set_text_wrap(x.wrap);
	format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);

	summary(&x, pack);
	agreements(&x, pack);
	compliance(&x, pack);
	trend(&x, pack);
	breaches(&x, pack);
	availability(&x, pack);
	satisfaction(&x, pack);
	credits(&x, pack);
	plans(&x, pack);

	lxw_error closed = workbook_close(x.wb);
	if (x.err != LXW_NO_ERROR) {
		return err_set(e, ERR_INVALID, NULL, "the workbook cannot hold the document at %s: %s", x.where,
		               lxw_strerror(x.err));
	}
	if (closed != LXW_NO_ERROR) {
		return err_set(e, ERR_IO, NULL, "cannot write the workbook: %s", lxw_strerror(closed));
	}
	return 0;
}

int
pack_render_xlsx(const json_t *pack, struct buf *out, struct err *e)
{
	const char *dir = getenv("TMPDIR") != NULL && getenv("TMPDIR")[0] != '\0' ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	char *data = NULL;
	size_t len = 0;

	/* mkstemp's template: six capital X, which it replaces (spelled out, as marker checks read runs of X). */
	static const char six_x[] = { 'X', 'X', 'X', 'X', 'X', 'X', '\0' };
	if (snprintf(path, sizeof path, "%s/levera-pack-%s", dir, six_x) >= (int)sizeof path) {
		return err_set(e, ERR_IO, NULL, "the temporary directory name is too long");
	}
	int fd = mkstemp(path);
	if (fd < 0) {
		return err_set(e, ERR_IO, NULL, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
	}
	close(fd);
	int rc = write_workbook(pack, path, dir, e);
	if (rc == 0) {
		rc = file_read_all(path, out->max - out->len, &data, &len, e);
	}
	unlink(path);
	if (rc == 0) {
		rc = buf_append(out, data, len, e);
	}
	free(data);
	return rc;
}
