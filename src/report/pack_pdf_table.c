/*
 * pack_pdf_table.c - see pack_pdf_table.h.  Sizes are points (cairo's PDF
 * unit); fonts are set in absolute sizes so pango's resolution does not
 * matter.  A text never leaves its box: one-line texts are ellipsized and
 * wrapped ones cut after PDF_MAX_LINES lines.
 */
#include "report/pack_pdf_table.h"

#include <stdio.h>

static const double colours[PDF_COLOUR_COUNT][3] = {
	[PDF_INK] = { 0.114, 0.153, 0.200 },
	[PDF_MUTED] = { 0.357, 0.404, 0.463 },
	[PDF_WHITE] = { 1, 1, 1 },
	[PDF_BLUE] = { 0.165, 0.365, 0.561 },
	[PDF_HEAD_BG] = { 0.910, 0.933, 0.961 },
	[PDF_RULE] = { 0.624, 0.702, 0.784 },
	[PDF_AMBER] = { 1.000, 0.957, 0.839 },
	[PDF_AMBER_DARK] = { 0.851, 0.604, 0.000 },
	[PDF_RED_BG] = { 0.984, 0.863, 0.863 },
};

static const struct {
	double size;
	bool bold;
} font_specs[PDF_FONT_COUNT] = {
	[PDF_FONT_BODY] = { 9, false },    [PDF_FONT_BOLD] = { 9, true },        [PDF_FONT_SMALL] = { 7.5, false },
	[PDF_FONT_CELL] = { 7.5, false },  [PDF_FONT_CELL_BOLD] = { 7.5, true }, [PDF_FONT_H2] = { 11, true },
	[PDF_FONT_HEADING] = { 14, true }, [PDF_FONT_H1] = { 18, true },         [PDF_FONT_TITLE] = { 28, true },
};

static void
colour(struct pdf *p, enum pdf_colour c)
{
	cairo_set_source_rgb(p->cr, colours[c][0], colours[c][1], colours[c][2]);
}

static void
layout(struct pdf *p, const char *s, const PangoFontDescription *f, double w, unsigned flags)
{
	PangoLayout *l = p->layout;

	pango_layout_set_font_description(l, f);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_single_paragraph_mode(l, (flags & PDF_WRAP) == 0);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_height(l, (flags & PDF_WRAP) ? -PDF_MAX_LINES : -1);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, (flags & PDF_RIGHT) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	const gchar *valid_end;
	g_utf8_validate(s, -1, &valid_end); /* a text cut by snprintf in mid-character: its whole characters */
	pango_layout_set_text(l, s, (int)(valid_end - s));
}

double
pdf_measure(struct pdf *p, const char *s, const PangoFontDescription *f, double w, unsigned flags)
{
	PangoRectangle ink, logical;

	layout(p, s, f, w, flags);
	pango_layout_get_extents(p->layout, &ink, &logical);
	return (double)logical.height / PANGO_SCALE;
}

double
pdf_text(struct pdf *p, const char *s, const PangoFontDescription *f, double x, double y, double w, enum pdf_colour c,
         unsigned flags)
{
	double h = pdf_measure(p, s, f, w, flags);

	colour(p, c);
	cairo_move_to(p->cr, x, y);
	pango_cairo_update_layout(p->cr, p->layout);
	pango_cairo_show_layout(p->cr, p->layout);
	return h;
}

void
pdf_fill(struct pdf *p, double x, double y, double w, double h, enum pdf_colour c)
{
	colour(p, c);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

static void
rule(struct pdf *p, double y, double width, enum pdf_colour c)
{
	colour(p, c);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, PDF_MARGIN, y);
	cairo_line_to(p->cr, PDF_MARGIN + PDF_BODY_W, y);
	cairo_stroke(p->cr);
}

/* The running header (not on the cover) and the footer of the current page. */
static void
decorate(struct pdf *p)
{
	char s[64], when[PACK_TEXT_MAX];
	const PangoFontDescription *f = p->fonts[PDF_FONT_SMALL];

	if (p->page > 1) {
		pdf_text(p, p->running, f, PDF_MARGIN, PDF_MARGIN - 4, PDF_BODY_W, PDF_MUTED, 0);
		rule(p, PDF_MARGIN + 12, 0.5, PDF_RULE);
	}
	rule(p, PDF_PAGE_H - 46, 0.5, PDF_RULE);
	snprintf(s, sizeof s, "Page %d of %d", p->page, p->pages > 0 ? p->pages : p->page);
	pdf_text(p, s, f, PDF_MARGIN, PDF_PAGE_H - 40, PDF_BODY_W, PDF_MUTED, PDF_RIGHT);
	snprintf(s, sizeof s, "Generated %s", pack_instant(pack_text(p->pack, "generated_at"), when));
	pdf_text(p, s, f, PDF_MARGIN, PDF_PAGE_H - 40, PDF_BODY_W / 2, PDF_MUTED, 0);
	p->y = PDF_TOP;
}

void
pdf_open(struct pdf *p, const char *title)
{
	/* A font map of the pack's own, freed with it, rather than the process-wide one that is never freed. */
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	cairo_font_options_t *opts = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, opts);
	cairo_font_options_destroy(opts);
	pango_cairo_update_context(p->cr, pc);
	p->layout = pango_layout_new(pc);
	g_object_unref(pc);
	p->font_map = fm;
	for (int i = 0; i < PDF_FONT_COUNT; i++) {
		p->fonts[i] = pango_font_description_new();
		pango_font_description_set_family(p->fonts[i], "DejaVu Sans");
		pango_font_description_set_absolute_size(p->fonts[i], font_specs[i].size * PANGO_SCALE);
		pango_font_description_set_weight(p->fonts[i],
		                                  font_specs[i].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
	snprintf(p->running, sizeof p->running, "%s", title);
	p->page = 1;
	decorate(p);
}

void
pdf_close(struct pdf *p)
{
	for (int i = 0; i < PDF_FONT_COUNT; i++) {
		pango_font_description_free(p->fonts[i]);
		p->fonts[i] = NULL;
	}
	if (p->layout != NULL) {
		g_object_unref(p->layout);
		p->layout = NULL;
	}
	if (p->font_map != NULL) {
		g_object_unref(p->font_map);
		p->font_map = NULL;
	}
}

static void
table_header(struct pdf *p, const struct pdf_table *t)
{
	double x = PDF_MARGIN;

	pdf_fill(p, PDF_MARGIN, p->y, PDF_BODY_W, PDF_ROW_H, PDF_HEAD_BG);
	for (size_t i = 0; i < t->n; i++) {
		double w = t->cols[i].share * PDF_BODY_W;
		pdf_text(p, t->cols[i].header, p->fonts[PDF_FONT_CELL_BOLD], x + 4, p->y + 4, w - 8, PDF_INK,
		         t->cols[i].flags & PDF_RIGHT);
		x += w;
	}
	p->y += PDF_ROW_H;
	rule(p, p->y, 0.8, PDF_RULE);
}

void
pdf_new_page(struct pdf *p)
{
	cairo_show_page(p->cr);
	p->page++;
	decorate(p);
	if (p->table != NULL) {
		table_header(p, p->table);
	}
}

void
pdf_need(struct pdf *p, double h)
{
	if (p->y + h > PDF_BOTTOM && p->y > PDF_TOP + 1) {
		pdf_new_page(p);
	}
}

void
pdf_heading(struct pdf *p, const char *title)
{
	p->table = NULL;
	pdf_need(p, 30 + 3 * PDF_ROW_H);
	if (p->y > PDF_TOP + 1) {
		p->y += 8;
	}
	p->y += pdf_text(p, title, p->fonts[PDF_FONT_HEADING], PDF_MARGIN, p->y, PDF_BODY_W, PDF_BLUE, 0) + 3;
	rule(p, p->y, 1.2, PDF_BLUE);
	p->y += 9;
}

void
pdf_subheading(struct pdf *p, const char *title)
{
	p->table = NULL;
	pdf_need(p, 20 + 2 * PDF_LINE);
	p->y += pdf_text(p, title, p->fonts[PDF_FONT_H2], PDF_MARGIN, p->y, PDF_BODY_W, PDF_INK, 0) + 5;
}

void
pdf_pair(struct pdf *p, const char *label, const char *value)
{
	const double lw = 120;
	double h = pdf_measure(p, value, p->fonts[PDF_FONT_BODY], PDF_BODY_W - lw, PDF_WRAP);

	p->table = NULL;
	pdf_need(p, h + 3);
	pdf_text(p, label, p->fonts[PDF_FONT_BODY], PDF_MARGIN, p->y, lw - 8, PDF_MUTED, 0);
	pdf_text(p, value, p->fonts[PDF_FONT_BODY], PDF_MARGIN + lw, p->y, PDF_BODY_W - lw, PDF_INK, PDF_WRAP);
	p->y += (h > PDF_LINE ? h : PDF_LINE) + 3;
}

void
pdf_note(struct pdf *p, const char *text)
{
	double h = pdf_measure(p, text, p->fonts[PDF_FONT_SMALL], PDF_BODY_W, PDF_WRAP);

	p->table = NULL;
	p->y += 5;
	pdf_need(p, h);
	p->y += pdf_text(p, text, p->fonts[PDF_FONT_SMALL], PDF_MARGIN, p->y, PDF_BODY_W, PDF_MUTED, PDF_WRAP);
}

void
pdf_table_head(struct pdf *p, const struct pdf_table *t)
{
	p->table = NULL;
	pdf_need(p, 2 * PDF_ROW_H);
	table_header(p, t);
	p->table = t;
}

void
pdf_table_row(struct pdf *p, const struct pdf_table *t, const char *const *cells, const enum pack_level *levels)
{
	double x = PDF_MARGIN;

	pdf_need(p, PDF_ROW_H);
	/* A row is one line high whatever it holds: the counting pass need not lay its text out. */
	for (size_t i = 0; p->out != NULL && i < t->n; i++) {
		double w = t->cols[i].share * PDF_BODY_W;
		enum pack_level lv = levels != NULL ? levels[i] : PACK_LEVEL_MET;
		if (lv != PACK_LEVEL_MET) {
			pdf_fill(p, x, p->y, w, PDF_ROW_H, lv == PACK_LEVEL_CREDIT ? PDF_RED_BG : PDF_AMBER);
		}
		pdf_text(p, cells[i], p->fonts[lv == PACK_LEVEL_CREDIT ? PDF_FONT_CELL_BOLD : PDF_FONT_CELL], x + 4,
		         p->y + 4, w - 8, PDF_INK, t->cols[i].flags & PDF_RIGHT);
		x += w;
	}
	p->y += PDF_ROW_H;
	rule(p, p->y, 0.4, PDF_HEAD_BG);
}

void
pdf_table_total(struct pdf *p, const char *label, const char *value)
{
	pdf_need(p, PDF_ROW_H);
	rule(p, p->y, 0.8, PDF_RULE);
	pdf_text(p, label, p->fonts[PDF_FONT_CELL_BOLD], PDF_MARGIN + 4, p->y + 4, PDF_BODY_W * 0.7, PDF_INK, 0);
	pdf_text(p, value, p->fonts[PDF_FONT_CELL_BOLD], PDF_MARGIN + PDF_BODY_W * 0.7, p->y + 4, PDF_BODY_W * 0.3 - 4,
	         PDF_INK, PDF_RIGHT);
	p->y += PDF_ROW_H;
	p->table = NULL;
}
