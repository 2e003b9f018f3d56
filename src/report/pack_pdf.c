/*
 * pack_pdf.c - the review pack as an A4 portrait PDF: a cover, then the
 * sections flowing over pages with the table header repeated after a page
 * break and "Page n of m" in the footer.  Laid out twice: the first pass
 * only counts the pages.  All text is set with pango in DejaVu Sans; the
 * trend chart is drawn by the chart module.  Nothing here reads the clock.
 */
#include "report/pack_pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "report/chart.h"
#include "report/pack_internal.h"
#include "report/pack_pdf_table.h"

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *p = closure;

	if (p->out == NULL) {
		return CAIRO_STATUS_SUCCESS; /* the counting pass */
	}
	if (p->rc == 0) {
		p->rc = buf_append(p->out, data, len, p->e);
	}
	return p->rc == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* The cover: the customer, the month, the period and the figures at a glance. */
static void
cover(struct pdf *p)
{
	const json_t *pack = p->pack, *c = json_object_get(pack, "customer"), *per = json_object_get(pack, "period");
	const json_t *vol = json_object_get(pack, "volumes"), *cs = json_object_get(pack, "csat");
	const json_t *nps = json_object_get(pack, "nps"), *cr = json_object_get(pack, "credits");
	char month[PACK_TEXT_MAX], a[PACK_TEXT_MAX], b[PACK_TEXT_MAX], s[2 * PACK_TEXT_MAX];
	double y;

	pdf_fill(p, 0, 0, PDF_PAGE_W, 230, PDF_BLUE);
	pdf_text(p, "MONTHLY SERVICE REVIEW", p->fonts[PDF_FONT_BOLD], PDF_MARGIN, 70, PDF_BODY_W, PDF_WHITE, 0);
	y = 90 + pdf_text(p, pack_text(c, "name"), p->fonts[PDF_FONT_TITLE], PDF_MARGIN, 90, PDF_BODY_W, PDF_WHITE,
	                  PDF_WRAP);
	pdf_text(p, pack_month_name(pack_text(pack, "month"), month), p->fonts[PDF_FONT_H1], PDF_MARGIN, y + 6,
	         PDF_BODY_W, PDF_WHITE, 0);

	p->y = 262;
	snprintf(s, sizeof s, "%s \u2013 %s", pack_instant(pack_text(per, "start"), a),
	         pack_instant(pack_text(per, "end"), b));
	pdf_pair(p, "Period", s);
	pdf_pair(p, "Customer time zone", pack_text(c, "time_zone"));
	pdf_pair(p, "Generated", pack_instant(pack_text(pack, "generated_at"), a));
	if (pack_bool(pack, "partial")) {
		p->y += 8;
		pdf_fill(p, PDF_MARGIN, p->y, PDF_BODY_W, 30, PDF_AMBER);
		pdf_fill(p, PDF_MARGIN, p->y, 3, 30, PDF_AMBER_DARK);
		pdf_text(p,
		         "Partial month: the month had not ended when this pack was generated, so its figures will "
		         "still change.",
		         p->fonts[PDF_FONT_BODY], PDF_MARGIN + 10, p->y + 9, PDF_BODY_W - 20, PDF_INK, 0);
		p->y += 30;
	}

	/* The figures at a glance, as tiles. */
	struct {
		const char *label;
		char value[PACK_TEXT_MAX];
	} tiles[6] = { { "Tickets created", "" },    { "Tickets resolved", "" }, { "Backlog at month end", "" },
		       { "CSAT average", "\u2013" }, { "NPS", "\u2013" },        { "Service credits owed", "" } };
	snprintf(tiles[0].value, PACK_TEXT_MAX, "%lld", (long long)pack_int(vol, "created"));
	snprintf(tiles[1].value, PACK_TEXT_MAX, "%lld", (long long)pack_int(vol, "resolved"));
	snprintf(tiles[2].value, PACK_TEXT_MAX, "%lld", (long long)pack_int(vol, "backlog"));
	if (!isnan(pack_num(cs, "average"))) {
		snprintf(tiles[3].value, PACK_TEXT_MAX, "%.2f / 5", pack_num(cs, "average"));
	}
	if (!isnan(pack_num(nps, "score"))) {
		snprintf(tiles[4].value, PACK_TEXT_MAX, "%+.0f", pack_num(nps, "score"));
	}
	pack_money(pack_text(cr, "total"), pack_str(cr, "currency"), tiles[5].value);
	y = p->y + 30;
	for (int i = 0; i < 6; i++) {
		double tw = (PDF_BODY_W - 2 * 12) / 3, tx = PDF_MARGIN + (i % 3) * (tw + 12), ty = y + (i / 3) * 78;
		pdf_fill(p, tx, ty, tw, 66, PDF_HEAD_BG);
		pdf_fill(p, tx, ty, tw, 3, PDF_BLUE);
		pdf_text(p, tiles[i].label, p->fonts[PDF_FONT_SMALL], tx + 10, ty + 12, tw - 20, PDF_MUTED, 0);
		pdf_text(p, tiles[i].value, p->fonts[PDF_FONT_H1], tx + 10, ty + 30, tw - 20, PDF_INK, 0);
	}
	p->y = y + 2 * 78 + 16;
	pdf_text(p,
	         "Targets and durations in this pack are business time: counted within each agreement's service "
	         "hours, so \"4 h\" is four hours of service hours, not of the clock.",
	         p->fonts[PDF_FONT_SMALL], PDF_MARGIN, p->y, PDF_BODY_W, PDF_MUTED, PDF_WRAP);
}

static void
agreements(struct pdf *p)
{
	static const struct pdf_col cols[] = { { "Metric", 0.40, 0 },
		                               { "Priority", 0.25, 0 },
		                               { "Target (business time)", 0.35, PDF_RIGHT } };
	const struct pdf_table t = { cols, 3 };
	const json_t *ags = pack_arr(p->pack, "agreements");
	char s[1024], d[PACK_TEXT_MAX];

	pdf_heading(p, "Agreements");
	for (size_t i = 0; i < json_array_size(ags); i++) {
		const json_t *a = json_array_get(ags, i), *svcs = pack_arr(a, "services");
		const json_t *targets = pack_arr(a, "targets");
		size_t n = 0;
		pdf_need(p, 60 + PDF_ROW_H * 2);
		p->y += pdf_text(p, pack_text(a, "name"), p->fonts[PDF_FONT_H2], PDF_MARGIN, p->y, PDF_BODY_W, PDF_INK,
		                 0);
		snprintf(s, sizeof s, "%s, valid from %s%s%s", pack_text(a, "type"), pack_text(a, "valid_from"),
		         pack_str(a, "valid_to") != NULL ? " to " : " until further notice", pack_text(a, "valid_to"));
		pdf_pair(p, "Agreement", s);
		for (size_t j = 0; j < json_array_size(svcs) && n < sizeof s; j++) {
			n += (size_t)snprintf(s + n, sizeof s - n, "%s%s", j > 0 ? ", " : "",
			                      json_string_value(json_array_get(svcs, j)));
		}
		pdf_pair(p, "Services", n > 0 ? s : "none named");
		pdf_pair(p, "Service hours", pack_text(a, "hours"));
		p->y += 4;
		pdf_table_head(p, &t);
		for (size_t j = 0; j < json_array_size(targets); j++) {
			const json_t *r = json_array_get(targets, j);
			const char *cells[] = { pack_text(r, "metric"), pack_text(r, "priority"),
				                pack_duration(pack_int(r, "target_s"), d) };
			pdf_table_row(p, &t, cells, NULL);
		}
		p->y += 10;
	}
}

static void
volumes(struct pdf *p)
{
	static const struct pdf_col cols[] = { { "Created", 0.333, PDF_RIGHT },
		                               { "Resolved", 0.333, PDF_RIGHT },
		                               { "Backlog at month end", 0.334, PDF_RIGHT } };
	const struct pdf_table t = { cols, 3 };
	const json_t *v = json_object_get(p->pack, "volumes");
	char a[32], b[32], c[32];

	snprintf(a, sizeof a, "%lld", (long long)pack_int(v, "created"));
	snprintf(b, sizeof b, "%lld", (long long)pack_int(v, "resolved"));
	snprintf(c, sizeof c, "%lld", (long long)pack_int(v, "backlog"));
	const char *cells[] = { a, b, c };
	pdf_heading(p, "Volumes");
	pdf_table_head(p, &t);
	pdf_table_row(p, &t, cells, NULL);
	p->y += 10;
}

static void
compliance(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Agreement", 0.27, 0 },          { "Metric", 0.16, 0 },      { "Priority", 0.10, 0 },
		{ "Target", 0.11, PDF_RIGHT },     { "Met", 0.09, PDF_RIGHT }, { "Breached", 0.12, PDF_RIGHT },
		{ "Compliance", 0.15, PDF_RIGHT },
	};
	const struct pdf_table t = { cols, 7 };
	const json_t *rows = pack_arr(p->pack, "compliance");
	struct pack_trend *tr = xcalloc(1, sizeof *tr);

	pdf_heading(p, "SLA compliance");
	pdf_table_head(p, &t);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		char d[PACK_TEXT_MAX], met[32], br[32], pc[PACK_TEXT_MAX];
		enum pack_level lv[7] = { 0 };
		snprintf(met, sizeof met, "%lld", (long long)pack_int(r, "met"));
		snprintf(br, sizeof br, "%lld", (long long)pack_int(r, "breached"));
		lv[6] = pack_level(p->pack, pack_text(r, "agreement"), pack_num(r, "compliance"));
		const char *cells[] = { pack_text(r, "agreement"),
			                pack_text(r, "metric"),
			                pack_text(r, "priority"),
			                pack_duration(pack_int(r, "target_s"), d),
			                met,
			                br,
			                pack_pct(pack_num(r, "compliance"), pc) };
		pdf_table_row(p, &t, cells, lv);
	}
	pdf_note(p, "Targets are business time. Amber: below 100 %. Red, in bold: below the agreement's service "
	            "credit threshold.");
	if (pack_trend_init(tr, p->pack) && p->rc == 0) {
		p->rc = chart_check(&tr->chart, p->e);
	}
	if (p->rc == 0 && tr->chart.nseries > 0) {
		/* The chart's text is sized for screens: drawn larger and scaled down to match the body text. */
		const double h = 195, scale = 0.72;
		p->y += 12;
		pdf_need(p, h);
		cairo_save(p->cr);
		cairo_translate(p->cr, PDF_MARGIN, p->y);
		cairo_scale(p->cr, scale, scale);
		chart_draw(&tr->chart, p->cr, 0, 0, PDF_BODY_W / scale, h / scale);
		cairo_restore(p->cr);
		p->y += h + 4;
	}
	free(tr);
	p->y += 10;
}

/* "2026-10-07T12:14:00Z" as "07 Oct 12:14": the year is the pack's, the column says UTC. */
static char *
short_instant(const char *rfc3339, char out[PACK_TEXT_MAX])
{
	static const char *const names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int m = strlen(rfc3339) >= 16 ? (rfc3339[5] - '0') * 10 + (rfc3339[6] - '0') : 0;

	if (m < 1 || m > 12) {
		return pack_instant(rfc3339, out);
	}
	snprintf(out, PACK_TEXT_MAX, "%.2s %s %.5s", rfc3339 + 8, names[m - 1], rfc3339 + 11);
	return out;
}

/*
 * The PDF is read in a meeting: its long lists show what matters most (the
 * largest overruns, the lowest scores), this many at most, and say how many
 * more the XLSX, CSV and HTML of the same pack list.
 */
#define PDF_BREACHES_MAX 200
#define PDF_COMMENTS_MAX 60

struct pick {
	int64_t key;
	size_t index;
};

static int
cmp_pick(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->key != y->key) {
		return x->key < y->key ? -1 : 1;
	}
	return (x->index > y->index) - (x->index < y->index);
}

/* The rows of arr ordered by field (descending: largest first), in a new array of json_array_size(arr). */
static struct pick *
picked(const json_t *arr, const char *field, bool descending)
{
	size_t n = json_array_size(arr);
	struct pick *v = xcalloc(n > 0 ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		int64_t k = pack_int(json_array_get(arr, i), field);
		v[i] = (struct pick){ descending ? -k : k, i };
	}
	qsort(v, n, sizeof(*v), cmp_pick);
	return v;
}

/* "60 of 2250 comments, ...; the XLSX, CSV and HTML ... list them all." when a list was cut. */
static void
cut_note(struct pdf *p, size_t shown, size_t n, const char *what)
{
	char s[240];

	if (shown < n) {
		snprintf(s, sizeof s, "%zu of %zu %s; the XLSX, CSV and HTML of this pack list them all.", shown, n,
		         what);
		pdf_note(p, s);
	}
}

static void
breaches(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Ticket", 0.10, 0 },          { "Subject", 0.20, 0 },          { "Service", 0.13, 0 },
		{ "Metric", 0.13, 0 },          { "Target", 0.08, PDF_RIGHT },   { "Used", 0.11, PDF_RIGHT },
		{ "Overrun", 0.11, PDF_RIGHT }, { "Breached", 0.14, PDF_RIGHT },
	};
	const struct pdf_table t = { cols, 8 };
	const json_t *rows = pack_arr(p->pack, "breaches");

	pdf_heading(p, "Breaches");
	if (json_array_size(rows) == 0) {
		p->y += pdf_text(p, "No target was breached this month.", p->fonts[PDF_FONT_BODY], PDF_MARGIN, p->y,
		                 PDF_BODY_W, PDF_INK, 0);
		p->y += 10;
		return;
	}
	/* A meeting document: the largest overruns first, at most PDF_BREACHES_MAX; the other formats hold all. */
	size_t n = json_array_size(rows), shown = n < PDF_BREACHES_MAX ? n : PDF_BREACHES_MAX;
	struct pick *order = picked(rows, "overrun_business_s", true);
	pdf_table_head(p, &t);
	for (size_t k = 0; k < shown; k++) {
		const json_t *r = json_array_get(rows, order[k].index);
		char tg[PACK_TEXT_MAX], used[PACK_TEXT_MAX], d[PACK_TEXT_MAX], over[PACK_TEXT_MAX + 1],
		        at[PACK_TEXT_MAX];
		char metric[2 * PACK_TEXT_MAX];
		const char *svc = pack_str(r, "service");
		snprintf(metric, sizeof metric, "%s %s", pack_text(r, "metric"), pack_text(r, "priority"));
		snprintf(over, sizeof over, "+%s", pack_duration(pack_int(r, "overrun_business_s"), d));
		const char *cells[] = { pack_ticket_ref(r),
			                pack_text(r, "subject"),
			                svc != NULL ? svc : "\u2013",
			                metric,
			                pack_duration(pack_int(r, "target_s"), tg),
			                pack_duration(pack_int(r, "elapsed_business_s"), used),
			                over,
			                short_instant(pack_text(r, "breached_at"), at) };
		pdf_table_row(p, &t, cells, NULL);
	}
	free(order);
	cut_note(p, shown, n, "breaches, the largest overruns first");
	pdf_note(p, "Target, used and overrun are business time, counted within the agreement's service hours. "
	            "Breached: when the target was passed, in UTC.");
	p->y += 10;
}

static void
availability(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Service", 0.25, 0 },          { "Agreed time", 0.13, PDF_RIGHT },
		{ "Downtime", 0.12, PDF_RIGHT }, { "Availability", 0.14, PDF_RIGHT },
		{ "Outages", 0.10, PDF_RIGHT },  { "MTTR", 0.13, PDF_RIGHT },
		{ "MTBF", 0.13, PDF_RIGHT },
	};
	const struct pdf_table t = { cols, 7 };
	const json_t *rows = pack_arr(p->pack, "availability");

	pdf_heading(p, "Availability");
	pdf_table_head(p, &t);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		char ag[PACK_TEXT_MAX], dn[PACK_TEXT_MAX], av[PACK_TEXT_MAX], out[32], mttr[PACK_TEXT_MAX],
		        mtbf[PACK_TEXT_MAX];
		enum pack_level lv[7] = { 0 };
		snprintf(out, sizeof out, "%lld", (long long)pack_int(r, "outages"));
		snprintf(mttr, sizeof mttr, "\u2013");
		snprintf(mtbf, sizeof mtbf, "\u2013");
		if (json_is_integer(json_object_get(r, "mttr_s"))) {
			pack_duration(pack_int(r, "mttr_s"), mttr);
		}
		if (json_is_integer(json_object_get(r, "mtbf_s"))) {
			pack_duration(pack_int(r, "mtbf_s"), mtbf);
		}
		lv[3] = pack_level(p->pack, NULL, pack_num(r, "availability"));
		const char *cells[] = { pack_text(r, "service"),
			                pack_duration(pack_int(r, "agreed_s"), ag),
			                pack_duration(pack_int(r, "downtime_s"), dn),
			                pack_pct(pack_num(r, "availability"), av),
			                out,
			                mttr,
			                mtbf };
		pdf_table_row(p, &t, cells, lv);
	}
	p->y += 10;
}

/* One comment: the text wrapped (at most a dozen lines) and who said it when. */
static void
comment(struct pdf *p, const char *text, const char *by)
{
	double h = pdf_measure(p, text, p->fonts[PDF_FONT_BODY], PDF_BODY_W - 14, PDF_WRAP);

	pdf_need(p, h + PDF_LINE + 8);
	pdf_fill(p, PDF_MARGIN, p->y, 2, h + PDF_LINE + 2, PDF_RULE);
	p->y += pdf_text(p, text, p->fonts[PDF_FONT_BODY], PDF_MARGIN + 10, p->y, PDF_BODY_W - 14, PDF_INK, PDF_WRAP);
	p->y += 2;
	p->y += pdf_text(p, by, p->fonts[PDF_FONT_SMALL], PDF_MARGIN + 10, p->y, PDF_BODY_W - 14, PDF_MUTED, 0);
	p->y += 6;
}

static void
satisfaction(struct pdf *p)
{
	const json_t *c = json_object_get(p->pack, "csat"), *n = json_object_get(p->pack, "nps");
	const json_t *cc = pack_arr(c, "comments"), *nc = pack_arr(n, "comments");
	char s[256], rr[PACK_TEXT_MAX], at[PACK_TEXT_MAX];

	pdf_heading(p, "Customer satisfaction");
	if (isnan(pack_num(c, "average"))) {
		snprintf(s, sizeof s, "no ratings");
	} else {
		snprintf(s, sizeof s, "%.2f of 5 from %lld ratings (response rate %s)", pack_num(c, "average"),
		         (long long)pack_int(c, "ratings"), pack_pct(pack_num(c, "response_rate"), rr));
	}
	pdf_pair(p, "CSAT average", s);
	if (isnan(pack_num(n, "score"))) {
		snprintf(s, sizeof s, "no answers");
	} else {
		snprintf(s, sizeof s, "%+.0f from %lld answers (%lld promoters, %lld passives, %lld detractors)",
		         pack_num(n, "score"), (long long)pack_int(n, "answers"), (long long)pack_int(n, "promoters"),
		         (long long)pack_int(n, "passives"), (long long)pack_int(n, "detractors"));
	}
	pdf_pair(p, "Net Promoter Score", s);
	p->y += 6;
	if (json_array_size(cc) > 0) {
		pdf_subheading(p, "CSAT comments");
	}
	struct pick *order = picked(cc, "score", false);
	size_t shown = json_array_size(cc) < PDF_COMMENTS_MAX ? json_array_size(cc) : PDF_COMMENTS_MAX;
	for (size_t k = 0; k < shown; k++) {
		const json_t *r = json_array_get(cc, order[k].index);
		snprintf(s, sizeof s, "%s \u2013 score %lld of 5 \u2013 %s", pack_ticket_ref(r),
		         (long long)pack_int(r, "score"), pack_instant(pack_text(r, "at"), at));
		comment(p, pack_text(r, "comment"), s);
	}
	free(order);
	cut_note(p, shown, json_array_size(cc), "comments, the lowest scores first");
	if (json_array_size(nc) > 0) {
		pdf_subheading(p, "NPS comments");
	}
	order = picked(nc, "score", false);
	shown = json_array_size(nc) < PDF_COMMENTS_MAX ? json_array_size(nc) : PDF_COMMENTS_MAX;
	for (size_t k = 0; k < shown; k++) {
		const json_t *r = json_array_get(nc, order[k].index);
		snprintf(s, sizeof s, "score %lld of 10 \u2013 %s", (long long)pack_int(r, "score"),
		         pack_instant(pack_text(r, "at"), at));
		comment(p, pack_text(r, "comment"), s);
	}
	free(order);
	cut_note(p, shown, json_array_size(nc), "comments, the lowest scores first");
	p->y += 4;
}

static void
credits(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Agreement", 0.22, 0 },         { "Rule", 0.32, 0 },           { "Measured", 0.09, PDF_RIGHT },
		{ "Threshold", 0.09, PDF_RIGHT }, { "Credit", 0.07, PDF_RIGHT }, { "Applies", 0.07, 0 },
		{ "Amount", 0.14, PDF_RIGHT },
	};
	const struct pdf_table t = { cols, 7 };
	const json_t *c = json_object_get(p->pack, "credits"), *rows = pack_arr(c, "lines");
	const char *cur = pack_str(c, "currency");
	char s[PACK_TEXT_MAX], pc[PACK_TEXT_MAX], total[2 * PACK_TEXT_MAX];

	pdf_heading(p, "Service credits");
	if (pack_str(c, "fee_per_month") != NULL) {
		pdf_pair(p, "Monthly fee", pack_money(pack_str(c, "fee_per_month"), cur, s));
		p->y += 4;
	}
	pdf_table_head(p, &t);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		char m[PACK_TEXT_MAX], th[PACK_TEXT_MAX], cp[PACK_TEXT_MAX], am[PACK_TEXT_MAX];
		enum pack_level lv[7] = { 0 };
		bool applies = pack_bool(r, "applies");
		if (applies) {
			lv[2] = lv[5] = lv[6] = PACK_LEVEL_CREDIT;
		}
		const char *cells[] = { pack_text(r, "agreement"),
			                pack_text(r, "rule"),
			                pack_pct(pack_num(r, "measured"), m),
			                pack_pct(pack_num(r, "threshold"), th),
			                pack_pct(pack_num(r, "credit_pct"), cp),
			                applies ? "yes" : "no",
			                pack_money(pack_text(r, "amount"), cur, am) };
		pdf_table_row(p, &t, cells, lv);
	}
	snprintf(total, sizeof total, "Total owed (%s of the monthly fee)", pack_pct(pack_num(c, "total_pct"), pc));
	pdf_table_total(p, total, pack_money(pack_text(c, "total"), cur, s));
	p->y += 10;
}

static void
plans(struct pdf *p)
{
	static const struct pdf_col icols[] = {
		{ "Improvement", 0.50, 0 }, { "Status", 0.16, 0 }, { "Owner", 0.20, 0 }, { "Due", 0.14, 0 }
	};
	static const struct pdf_col pcols[] = { { "Activity", 0.42, 0 }, { "When", 0.22, 0 }, { "Note", 0.36, 0 } };
	const struct pdf_table it = { icols, 4 }, pt = { pcols, 3 };
	const json_t *imp = pack_arr(p->pack, "improvements"), *act = pack_arr(p->pack, "planned_activities");

	if (json_array_size(imp) > 0) {
		pdf_heading(p, "Improvements");
		pdf_table_head(p, &it);
	}
	for (size_t i = 0; i < json_array_size(imp); i++) {
		const json_t *r = json_array_get(imp, i);
		const char *owner = pack_str(r, "owner"), *due = pack_str(r, "due");
		const char *cells[] = { pack_text(r, "title"), pack_text(r, "status"), owner != NULL ? owner : "\u2013",
			                due != NULL ? due : "\u2013" };
		pdf_table_row(p, &it, cells, NULL);
	}
	if (json_array_size(act) > 0) {
		p->y += 10;
		pdf_heading(p, "Planned activities");
		pdf_table_head(p, &pt);
	}
	for (size_t i = 0; i < json_array_size(act); i++) {
		const json_t *r = json_array_get(act, i);
		const char *cells[] = { pack_text(r, "title"), pack_text(r, "when"), pack_text(r, "note") };
		pdf_table_row(p, &pt, cells, NULL);
	}
}

/* One pass over the document; out NULL only counts the pages. */
static int
lay_out(const json_t *pack, int pages, struct buf *out, struct err *e, int *counted)
{
	struct pdf p = { 0 };
	char title[2 * PACK_TEXT_MAX], month[PACK_TEXT_MAX];

	p.pack = pack;
	p.pages = pages;
	p.out = out;
	p.e = e;
	p.surface = cairo_pdf_surface_create_for_stream(write_out, &p, PDF_PAGE_W, PDF_PAGE_H);
	snprintf(title, sizeof title, "Service review %s \u2013 %s", pack_month_name(pack_text(pack, "month"), month),
	         pack_text(json_object_get(pack, "customer"), "name"));
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "Levera");
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE, pack_text(pack, "generated_at"));
	p.cr = cairo_create(p.surface);
	pdf_open(&p, title);

	cover(&p);
	pdf_new_page(&p);
	agreements(&p);
	volumes(&p);
	compliance(&p);
	breaches(&p);
	availability(&p);
	satisfaction(&p);
	credits(&p);
	plans(&p);

	*counted = p.page;
	pdf_close(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	cairo_status_t st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (p.rc != 0) {
		return -1;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		return err_set(e, ERR_INTERNAL, NULL, "cairo cannot write the PDF: %s", cairo_status_to_string(st));
	}
	return 0;
}

int
pack_render_pdf(const json_t *pack, struct buf *out, struct err *e)
{
	int pages = 0, again = 0;

	if (lay_out(pack, 0, NULL, e, &pages) != 0) {
		return -1;
	}
	return lay_out(pack, pages, out, e, &again);
}
