/*
 * pack_html.c - the review pack as one self-contained, printable HTML
 * document: inline style, the trend chart as inline SVG from the chart
 * module, no script.  Every text of the document goes through one escaping
 * writer; nothing is computed here that the document does not hold.
 */
#include "report/pack_html.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "report/pack_internal.h"
#include "report/chart.h"

/* A writer whose first error sticks, so the layout below reads top to bottom. */
struct html {
	struct buf *out;
	struct err *e;
	int rc;
};

/* Markup written as it is: only ever string literals of this file. */
static void
raw(struct html *h, const char *markup)
{
	if (h->rc == 0) {
		h->rc = buf_append_str(h->out, markup, h->e);
	}
}

/* Text of the document, escaped for element content and attribute values. */
static void
text(struct html *h, const char *s)
{
	const char *run = s;

	for (const char *p = s; h->rc == 0; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '&':
			esc = "&amp;";
			break;
		case '<':
			esc = "&lt;";
			break;
		case '>':
			esc = "&gt;";
			break;
		case '"':
			esc = "&quot;";
			break;
		case '\'':
			esc = "&#39;";
			break;
		case '\0':
			esc = "";
			break;
		default:
			continue;
		}
		h->rc = buf_append(h->out, run, (size_t)(p - run), h->e);
		raw(h, esc);
		run = p + 1;
		if (*p == '\0') {
			break;
		}
	}
}

static void textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
textf(struct html *h, const char *fmt, ...)
{
	char s[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	pack_utf8_trim(s);
	text(h, s);
}

/* <tag class="cls">s</tag>; cls may be NULL. */
static void
elem(struct html *h, const char *tag, const char *cls, const char *s)
{
	raw(h, "<");
	raw(h, tag);
	if (cls != NULL) {
		raw(h, " class=\"");
		raw(h, cls);
		raw(h, "\"");
	}
	raw(h, ">");
	text(h, s);
	raw(h, "</");
	raw(h, tag);
	raw(h, ">");
}

static void
td(struct html *h, const char *s)
{
	elem(h, "td", NULL, s);
}

static void
td_num(struct html *h, const char *s)
{
	elem(h, "td", "num", s);
}

static void
td_int(struct html *h, int64_t n)
{
	char s[32];
	snprintf(s, sizeof s, "%lld", (long long)n);
	td_num(h, s);
}

static void
td_pct(struct html *h, const json_t *pack, const char *agreement, double pct)
{
	static const char *const cls[] = { "num", "num below", "num credit" };
	char s[PACK_TEXT_MAX];
	elem(h, "td", cls[pack_level(pack, agreement, pct)], pack_pct(pct, s));
}

static void
td_dur(struct html *h, int64_t s)
{
	char t[PACK_TEXT_MAX];
	td_num(h, pack_duration(s, t));
}

/* The header row of a table; the columns are "|"-free literals, "#" marks a numeric one. */
static void
thead(struct html *h, const char *const *cols)
{
	raw(h, "<table><thead><tr>");
	for (size_t i = 0; cols[i] != NULL; i++) {
		bool num = cols[i][0] == '#';
		elem(h, "th", num ? "num" : NULL, num ? cols[i] + 1 : cols[i]);
	}
	raw(h, "</tr></thead><tbody>");
}

static const char style[] =
        "<style>\n"
        "@page{size:A4;margin:18mm 16mm}\n"
        "body{font:10pt/1.45 'DejaVu Sans',Arial,sans-serif;color:#1d2733;max-width:190mm;margin:0 auto;"
        "padding:8mm}\n"
        "h1{font-size:24pt;margin:0 0 4mm}h2{font-size:14pt;border-bottom:1.5pt solid #2a5d8f;"
        "padding-bottom:1mm;margin:9mm 0 3mm;color:#2a5d8f;break-after:avoid}h3{font-size:11pt;margin:4mm 0 1mm}\n"
        ".cover{border-bottom:3pt solid #2a5d8f;padding:20mm 0 8mm;margin-bottom:6mm}\n"
        ".customer{font-size:18pt;margin:0 0 6mm}.partial{background:#fff4d6;border-left:3pt solid #d99a00;"
        "padding:2mm 3mm}\n"
        "dl{display:grid;grid-template-columns:38mm auto;gap:1mm 4mm;margin:0}dt{color:#5b6776}dd{margin:0}\n"
        "table{border-collapse:collapse;width:100%;margin:2mm 0 4mm;font-size:9pt}\n"
        "th{background:#e8eef5;text-align:left;padding:1.5mm 2mm;border-bottom:1pt solid #9fb3c8}\n"
        "td{padding:1.2mm 2mm;border-bottom:0.5pt solid #d6dde5;vertical-align:top}tr{break-inside:avoid}\n"
        ".num{text-align:right;white-space:nowrap}.nowrap{white-space:nowrap}.wide{min-width:42mm}.below{background:#"
        "fff4d6}.credit{background:#fbdcdc;"
        "font-weight:bold}\n"
        "tfoot td{font-weight:bold;border-top:1pt solid #9fb3c8}\n"
        ".note{color:#5b6776;font-size:8.5pt}figure{margin:3mm 0}figure svg{width:100%;height:auto}\n"
        "blockquote{margin:2mm 0;padding:1.5mm 3mm;border-left:2pt solid #9fb3c8;white-space:pre-wrap}\n"
        "cite{display:block;color:#5b6776;font-size:8.5pt;font-style:normal}\n"
        "</style>\n";

static void
cover(struct html *h, const json_t *pack)
{
	const json_t *c = json_object_get(pack, "customer"), *p = json_object_get(pack, "period");
	char month[PACK_TEXT_MAX], a[PACK_TEXT_MAX], b[PACK_TEXT_MAX];

	pack_month_name(pack_text(pack, "month"), month);
	raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
	textf(h, "Service review %s \u2013 %s", month, pack_text(c, "name"));
	raw(h, "</title>\n");
	raw(h, style);
	raw(h, "</head><body>\n<header class=\"cover\">");
	elem(h, "h1", NULL, "Monthly service review");
	elem(h, "p", "customer", pack_text(c, "name"));
	raw(h, "<dl>");
	elem(h, "dt", NULL, "Month");
	elem(h, "dd", NULL, month);
	elem(h, "dt", NULL, "Period");
	pack_instant(pack_text(p, "start"), a);
	pack_instant(pack_text(p, "end"), b);
	raw(h, "<dd>");
	textf(h, "%s \u2013 %s (%s)", a, b, pack_text(c, "time_zone"));
	raw(h, "</dd>");
	elem(h, "dt", NULL, "Generated");
	elem(h, "dd", NULL, pack_instant(pack_text(pack, "generated_at"), a));
	raw(h, "</dl>");
	if (pack_bool(pack, "partial")) {
		elem(h, "p", "partial",
		     "Partial month: the month had not ended when this pack was generated, so its figures "
		     "will still change.");
	}
	raw(h, "</header>\n");
}

static void
agreements(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "Metric", "Priority", "#Target (business time)", NULL };
	const json_t *ags = pack_arr(pack, "agreements");

	elem(h, "h2", NULL, "Agreements");
	for (size_t i = 0; i < json_array_size(ags); i++) {
		const json_t *a = json_array_get(ags, i), *svcs = pack_arr(a, "services");
		const json_t *targets = pack_arr(a, "targets");
		elem(h, "h3", NULL, pack_text(a, "name"));
		raw(h, "<p>");
		textf(h, "%s, valid from %s%s%s.", pack_text(a, "type"), pack_text(a, "valid_from"),
		      pack_str(a, "valid_to") != NULL ? " to " : " until further notice", pack_text(a, "valid_to"));
		raw(h, "<br>Services: ");
		for (size_t j = 0; j < json_array_size(svcs); j++) {
			text(h, j > 0 ? ", " : "");
			text(h, json_string_value(json_array_get(svcs, j)));
		}
		text(h, json_array_size(svcs) == 0 ? "none named" : "");
		raw(h, "<br>Service hours: ");
		text(h, pack_text(a, "hours"));
		raw(h, "</p>");
		thead(h, cols);
		for (size_t j = 0; j < json_array_size(targets); j++) {
			const json_t *t = json_array_get(targets, j);
			raw(h, "<tr>");
			td(h, pack_text(t, "metric"));
			td(h, pack_text(t, "priority"));
			td_dur(h, pack_int(t, "target_s"));
			raw(h, "</tr>");
		}
		raw(h, "</tbody></table>\n");
	}
}

static void
volumes(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "#Created", "#Resolved", "#Backlog at month end", NULL };
	const json_t *v = json_object_get(pack, "volumes");

	elem(h, "h2", NULL, "Volumes");
	thead(h, cols);
	raw(h, "<tr>");
	td_int(h, pack_int(v, "created"));
	td_int(h, pack_int(v, "resolved"));
	td_int(h, pack_int(v, "backlog"));
	raw(h, "</tr></tbody></table>\n");
}

static void
trend_chart(struct html *h, const json_t *pack)
{
	struct pack_trend *t = xcalloc(1, sizeof *t);
	struct buf svg;

	buf_init(&svg, 4u << 20);
	if (h->rc == 0 && pack_trend_init(t, pack)) {
		h->rc = chart_svg(&t->chart, 520, 260, &svg, h->e);
		const char *start = svg.data != NULL ? strstr(svg.data, "<svg") : NULL;
		raw(h, "<figure>");
		raw(h, start != NULL ? start : ""); /* markup of the chart module, which escapes its own text */
		raw(h, "<figcaption class=\"note\">");
		textf(h, "Compliance per target over %zu months; the dashed line is at %s.", t->chart.ncategories,
		      t->threshold_label);
		raw(h, "</figcaption></figure>\n");
	}
	buf_release(&svg);
	free(t);
}

static void
compliance(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "Agreement", "Metric",    "Priority",    "#Target",
		                            "#Met",      "#Breached", "#Compliance", NULL };
	const json_t *rows = pack_arr(pack, "compliance");

	elem(h, "h2", NULL, "SLA compliance");
	thead(h, cols);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		raw(h, "<tr>");
		td(h, pack_text(r, "agreement"));
		td(h, pack_text(r, "metric"));
		td(h, pack_text(r, "priority"));
		td_dur(h, pack_int(r, "target_s"));
		td_int(h, pack_int(r, "met"));
		td_int(h, pack_int(r, "breached"));
		td_pct(h, pack, pack_text(r, "agreement"), pack_num(r, "compliance"));
		raw(h, "</tr>");
	}
	raw(h, "</tbody></table>\n");
	elem(h, "p", "note",
	     "Targets are business time. Highlighted: below 100 %; in bold red: below the agreement's "
	     "service credit threshold.");
	trend_chart(h, pack);
}

static void
breaches(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "Ticket", "Subject",  "Service",        "Metric", "#Target",
		                            "#Used",  "#Overrun", "Breached (UTC)", NULL };
	const json_t *rows = pack_arr(pack, "breaches");
	char s[PACK_TEXT_MAX];

	elem(h, "h2", NULL, "Breaches");
	if (json_array_size(rows) == 0) {
		elem(h, "p", NULL, "No target was breached this month.");
		return;
	}
	thead(h, cols);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		raw(h, "<tr>");
		elem(h, "td", "nowrap", pack_ticket_ref(r));
		elem(h, "td", "wide", pack_text(r, "subject"));
		td(h, pack_str(r, "service") != NULL ? pack_str(r, "service") : "\u2013");
		raw(h, "<td class=\"nowrap\">");
		textf(h, "%s %s", pack_text(r, "metric"), pack_text(r, "priority"));
		raw(h, "</td>");
		td_dur(h, pack_int(r, "target_s"));
		td_dur(h, pack_int(r, "elapsed_business_s"));
		td_dur(h, pack_int(r, "overrun_business_s"));
		pack_instant(pack_text(r, "breached_at"), s);
		s[16] = '\0'; /* the column says UTC */
		td(h, s);
		raw(h, "</tr>");
	}
	raw(h, "</tbody></table>\n");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		char used[PACK_TEXT_MAX], over[PACK_TEXT_MAX], target[PACK_TEXT_MAX];
		raw(h, "<p class=\"note\">");
		textf(h, "%s used %s of business time against a %s %s target (%s over).", pack_ticket_ref(r),
		      pack_duration(pack_int(r, "elapsed_business_s"), used),
		      pack_duration(pack_int(r, "target_s"), target), pack_text(r, "metric"),
		      pack_duration(pack_int(r, "overrun_business_s"), over));
		raw(h, "</p>");
	}
}

static void
availability(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "Service",  "#Agreed time", "#Downtime", "#Availability",
		                            "#Outages", "#MTTR",        "#MTBF",     NULL };
	const json_t *rows = pack_arr(pack, "availability");

	elem(h, "h2", NULL, "Availability");
	thead(h, cols);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		raw(h, "<tr>");
		td(h, pack_text(r, "service"));
		td_dur(h, pack_int(r, "agreed_s"));
		td_dur(h, pack_int(r, "downtime_s"));
		td_pct(h, pack, NULL, pack_num(r, "availability"));
		td_int(h, pack_int(r, "outages"));
		if (json_is_null(json_object_get(r, "mttr_s"))) {
			td_num(h, "\u2013");
		} else {
			td_dur(h, pack_int(r, "mttr_s"));
		}
		if (json_is_null(json_object_get(r, "mtbf_s"))) {
			td_num(h, "\u2013");
		} else {
			td_dur(h, pack_int(r, "mtbf_s"));
		}
		raw(h, "</tr>");
	}
	raw(h, "</tbody></table>\n");
}

static void
satisfaction(struct html *h, const json_t *pack)
{
	const json_t *c = json_object_get(pack, "csat"), *n = json_object_get(pack, "nps");
	const json_t *cc = pack_arr(c, "comments"), *nc = pack_arr(n, "comments");
	char s[PACK_TEXT_MAX], at[PACK_TEXT_MAX];

	elem(h, "h2", NULL, "Customer satisfaction");
	raw(h, "<dl>");
	elem(h, "dt", NULL, "CSAT average");
	if (isnan(pack_num(c, "average"))) {
		elem(h, "dd", NULL, "no ratings");
	} else {
		raw(h, "<dd>");
		textf(h, "%.2f of 5 from %lld ratings (response rate %s)", pack_num(c, "average"),
		      (long long)pack_int(c, "ratings"), pack_pct(pack_num(c, "response_rate"), s));
		raw(h, "</dd>");
	}
	elem(h, "dt", NULL, "NPS");
	raw(h, "<dd>");
	if (isnan(pack_num(n, "score"))) {
		text(h, "no answers");
	} else {
		textf(h, "%+.0f from %lld answers (%lld promoters, %lld passives, %lld detractors)",
		      pack_num(n, "score"), (long long)pack_int(n, "answers"), (long long)pack_int(n, "promoters"),
		      (long long)pack_int(n, "passives"), (long long)pack_int(n, "detractors"));
	}
	raw(h, "</dd></dl>");
	if (json_array_size(cc) > 0) {
		elem(h, "h3", NULL, "CSAT comments");
	}
	for (size_t i = 0; i < json_array_size(cc); i++) {
		const json_t *r = json_array_get(cc, i);
		raw(h, "<blockquote>");
		text(h, pack_text(r, "comment"));
		raw(h, "<cite>");
		textf(h, "%s \u2013 score %lld of 5 \u2013 %s", pack_ticket_ref(r), (long long)pack_int(r, "score"),
		      pack_instant(pack_text(r, "at"), at));
		raw(h, "</cite></blockquote>");
	}
	if (json_array_size(nc) > 0) {
		elem(h, "h3", NULL, "NPS comments");
	}
	for (size_t i = 0; i < json_array_size(nc); i++) {
		const json_t *r = json_array_get(nc, i);
		raw(h, "<blockquote>");
		text(h, pack_text(r, "comment"));
		raw(h, "<cite>");
		textf(h, "score %lld of 10 \u2013 %s", (long long)pack_int(r, "score"),
		      pack_instant(pack_text(r, "at"), at));
		raw(h, "</cite></blockquote>");
	}
	raw(h, "\n");
}

static void
credits(struct html *h, const json_t *pack)
{
	static const char *const cols[] = { "Agreement", "Rule",    "#Measured", "#Threshold",
		                            "#Credit",   "Applies", "#Amount",   NULL };
	const json_t *c = json_object_get(pack, "credits"), *rows = pack_arr(c, "lines");
	const char *cur = pack_str(c, "currency");
	char s[PACK_TEXT_MAX], t[PACK_TEXT_MAX];

	elem(h, "h2", NULL, "Service credits");
	if (pack_str(c, "fee_per_month") != NULL) {
		raw(h, "<p>");
		textf(h, "Monthly fee: %s.", pack_money(pack_str(c, "fee_per_month"), cur, s));
		raw(h, "</p>");
	}
	thead(h, cols);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		raw(h, pack_bool(r, "applies") ? "<tr class=\"credit\">" : "<tr>");
		td(h, pack_text(r, "agreement"));
		td(h, pack_text(r, "rule"));
		td_num(h, pack_pct(pack_num(r, "measured"), s));
		td_num(h, pack_pct(pack_num(r, "threshold"), s));
		td_num(h, pack_pct(pack_num(r, "credit_pct"), s));
		td(h, pack_bool(r, "applies") ? "yes" : "no");
		td_num(h, pack_money(pack_text(r, "amount"), cur, s));
		raw(h, "</tr>");
	}
	raw(h, "</tbody><tfoot><tr><td colspan=\"6\">");
	textf(h, "Total owed (%s of the monthly fee)", pack_pct(pack_num(c, "total_pct"), t));
	raw(h, "</td>");
	td_num(h, pack_money(pack_text(c, "total"), cur, s));
	raw(h, "</tr></tfoot></table>\n");
}

static void
plans(struct html *h, const json_t *pack)
{
	static const char *const icols[] = { "Improvement", "Status", "Owner", "Due", NULL };
	static const char *const pcols[] = { "Activity", "When", "Note", NULL };
	const json_t *imp = pack_arr(pack, "improvements"), *act = pack_arr(pack, "planned_activities");

	if (json_array_size(imp) > 0) {
		elem(h, "h2", NULL, "Improvements");
		thead(h, icols);
		for (size_t i = 0; i < json_array_size(imp); i++) {
			const json_t *r = json_array_get(imp, i);
			raw(h, "<tr>");
			td(h, pack_text(r, "title"));
			td(h, pack_text(r, "status"));
			td(h, pack_str(r, "owner") != NULL ? pack_str(r, "owner") : "\u2013");
			td(h, pack_str(r, "due") != NULL ? pack_str(r, "due") : "\u2013");
			raw(h, "</tr>");
		}
		raw(h, "</tbody></table>\n");
	}
	if (json_array_size(act) > 0) {
		elem(h, "h2", NULL, "Planned activities");
		thead(h, pcols);
		for (size_t i = 0; i < json_array_size(act); i++) {
			const json_t *r = json_array_get(act, i);
			raw(h, "<tr>");
			td(h, pack_text(r, "title"));
			td(h, pack_text(r, "when"));
			td(h, pack_text(r, "note"));
			raw(h, "</tr>");
		}
		raw(h, "</tbody></table>\n");
	}
}

int
pack_render_html(const json_t *pack, struct buf *out, struct err *e)
{
	struct html h = { out, e, 0 };

	cover(&h, pack);
	agreements(&h, pack);
	volumes(&h, pack);
	compliance(&h, pack);
	breaches(&h, pack);
	availability(&h, pack);
	satisfaction(&h, pack);
	credits(&h, pack);
	plans(&h, pack);
	raw(&h, "</body></html>\n");
	return h.rc;
}
