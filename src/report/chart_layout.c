/*
 * chart_layout.c - where a chart's parts go: round ticks for the value axis,
 * the plot area left by the title, labels and legend, and the drawing of the
 * axes and the legend.  The series themselves are drawn by chart.c.  Text is
 * measured with hinting off, so a chart has the same layout on every surface.
 */
#include "report/chart_layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const double chart_ink[3] = { 0x22 / 255.0, 0x22 / 255.0, 0x22 / 255.0 };
const double chart_muted[3] = { 0x55 / 255.0, 0x55 / 255.0, 0x55 / 255.0 };

static const double grid_rgb[3] = { 0xe3 / 255.0, 0xe3 / 255.0, 0xe3 / 255.0 };
static const double axis_rgb[3] = { 0x8c / 255.0, 0x8c / 255.0, 0x8c / 255.0 };

/* Okabe & Ito, "Color Universal Design": told apart by every common colour vision. */
static const unsigned palette[8] = { 0x0072b2, 0xe69f00, 0x009e73, 0xd55e00, 0xcc79a7, 0x56b4e9, 0xf0e442, 0x7f7f7f };

PangoContext *
chart_context_new(void)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	cairo_font_options_t *opts = cairo_font_options_create();

	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, opts);
	cairo_font_options_destroy(opts);
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

void
chart_context_free(PangoContext *pc)
{
	if (pc == NULL) {
		return;
	}
	PangoFontMap *fm = pango_context_get_font_map(pc);
	g_object_unref(pc);
	g_object_unref(fm);
}

void
chart_colour(size_t i, double rgb[3])
{
	unsigned c = palette[i % 8];

	for (int k = 0; k < 3; k++) {
		double v = ((c >> (16 - 8 * k)) & 0xff) / 255.0;
		rgb[k] = i < 8 ? v : v + (1.0 - v) * 0.45;
	}
}

PangoLayout *
chart_text_new(PangoContext *pc, const char *s, double size, bool bold, double max_w)
{
	PangoLayout *l = pango_layout_new(pc);
	PangoFontDescription *fd = pango_font_description_new();
	size_t len = strlen(s);

	if (len > CHART_LABEL_BYTES) {
		/* back up to the first byte of a character (chart_check made sure s is UTF-8) */
		len = CHART_LABEL_BYTES;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80) {
			len--;
		}
	}
	pango_font_description_set_family(fd, CHART_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_single_paragraph_mode(l, TRUE);
	if (max_w > 0) {
		pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(l, s, (int)len);
	return l;
}

void
chart_text_extent(PangoLayout *l, double *w, double *h)
{
	PangoRectangle ink, logical;

	pango_layout_get_extents(l, &ink, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
}

void
chart_text_draw(cairo_t *cr, PangoLayout *l, double x, double y, const double rgb[3])
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	cairo_new_path(cr);
}

/* The fewest decimals (0..3) that print every tick exactly. */
static int
scale_decimals(const struct chart_scale *s)
{
	for (int d = 0; d < 3; d++) {
		double m = pow(10, d);
		double a = s->first * m, b = s->step * m;
		if (fabs(a - round(a)) < 1e-6 && fabs(b - round(b)) < 1e-6) {
			return d;
		}
	}
	return 3;
}

void
chart_scale_choose(double lo, double hi, bool fixed, struct chart_scale *s)
{
	static const double mult[] = { 1, 2, 2.5, 5 };
	const double eps = 1e-9;
	double p = pow(10, floor(log10((hi - lo) / 5)));

	for (int decade = 0; decade < 40; decade++, p *= 10) {
		for (size_t i = 0; i < sizeof(mult) / sizeof(mult[0]); i++) {
			double step = mult[i] * p;
			double a, b;
			if (fixed) {
				a = ceil(lo / step - eps);
				b = floor(hi / step + eps);
				if (b - a > 5) {
					continue;
				}
				s->lo = lo;
				s->hi = hi;
			} else {
				a = floor(lo / step + eps);
				b = ceil(hi / step - eps);
				if (b - a > 5) {
					continue;
				}
				s->lo = a * step;
				s->hi = b * step;
			}
			s->first = a * step;
			s->step = step;
			s->nticks = (int)(b - a) + 1;
			s->decimals = scale_decimals(s);
			return;
		}
	}
	/* not reached for finite lo < hi; a plain two-tick axis otherwise */
	s->lo = s->first = lo;
	s->hi = hi;
	s->step = hi - lo;
	s->nticks = 2;
	s->decimals = 1;
}

void
chart_format(double v, int decimals, const char *unit, char *out, size_t n)
{
	if (fabs(v) < 0.5 * pow(10, -decimals)) {
		v = 0; /* no "-0" */
	}
	if (unit == NULL || unit[0] == '\0') {
		snprintf(out, n, "%.*f", decimals, v);
	} else if (strcmp(unit, "%") == 0) {
		snprintf(out, n, "%.*f%%", decimals, v);
	} else {
		snprintf(out, n, "%.*f %s", decimals, v, unit);
	}
}

void
chart_format_value(double v, const char *unit, char *out, size_t n)
{
	double t = trunc(v * 10 + (v < 0 ? -1e-7 : 1e-7)) / 10;

	chart_format(t, t == trunc(t) ? 0 : 1, unit, out, n);
}

static bool
unit_is_percent(const struct chart *c)
{
	return c->y_unit != NULL && strcmp(c->y_unit, "%") == 0;
}

static bool
unit_on_axis(const struct chart *c)
{
	return c->y_unit != NULL && c->y_unit[0] != '\0' && !unit_is_percent(c);
}

/* The lowest and highest values to show (stacks as sums); false when there is none. */
static bool
data_range(const struct chart *c, double *lo, double *hi)
{
	bool any = false;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t j = 0; j < c->ncategories; j++) {
		double sum = 0;
		for (size_t i = 0; i < c->nseries; i++) {
			double v = c->series[i].values[j];
			if (isnan(v)) {
				continue;
			}
			any = true;
			if (c->kind == CHART_STACKED_BAR) {
				sum += v;
				v = sum;
			}
			*lo = fmin(*lo, v);
			*hi = fmax(*hi, v);
		}
	}
	return any;
}

static void
value_scale(const struct chart *c, struct chart_frame *f)
{
	double lo, hi;

	f->empty = !data_range(c, &lo, &hi);
	if (c->y_fixed) {
		chart_scale_choose(c->y_min, c->y_max, true, &f->scale);
		return;
	}
	if (f->empty) {
		lo = 0;
		hi = unit_is_percent(c) ? 100 : 10;
	}
	if (c->kind != CHART_LINE) {
		lo = fmin(lo, 0);
		hi = fmax(hi, 0);
	}
	if (c->has_threshold) {
		lo = fmin(lo, c->threshold);
		hi = fmax(hi, c->threshold);
	}
	if (lo == hi) {
		if (hi == 0) {
			hi = 1;
		} else if (lo > 0) {
			lo = 0;
		} else {
			hi = 0;
		}
	}
	chart_scale_choose(lo, hi, false, &f->scale);
}

/* The widest and the tallest text among the tick labels. */
static void
tick_extent(const struct chart *c, PangoContext *pc, const struct chart_scale *s, double *w, double *h)
{
	char text[64];
	double tw, th;

	*w = *h = 0;
	for (int k = 0; k < s->nticks; k++) {
		chart_format(s->first + k * s->step, s->decimals, unit_is_percent(c) ? "%" : NULL, text, sizeof(text));
		PangoLayout *l = chart_text_new(pc, text, CHART_TEXT_SIZE, false, 0);
		chart_text_extent(l, &tw, &th);
		g_object_unref(l);
		*w = fmax(*w, tw);
		*h = fmax(*h, th);
	}
}

static double
category_max_w(const struct chart *c, PangoContext *pc, double max_w, double *h)
{
	double w = 0, tw, th;

	*h = 0;
	for (size_t j = 0; j < c->ncategories; j++) {
		PangoLayout *l = chart_text_new(pc, c->categories[j], CHART_TEXT_SIZE, false, max_w);
		chart_text_extent(l, &tw, &th);
		g_object_unref(l);
		w = fmax(w, tw);
		*h = fmax(*h, th);
	}
	return w;
}

static double
text_height(PangoContext *pc, const char *s, double size, bool bold)
{
	double w, h;
	PangoLayout *l = chart_text_new(pc, s, size, bold, 0);

	chart_text_extent(l, &w, &h);
	g_object_unref(l);
	return h;
}

/* Categories along x, values up y. */
static void
frame_columns(const struct chart *c, PangoContext *pc, struct chart_frame *f, double top, double bottom, double left,
              double right)
{
	double tick_w, tick_h, lab_h, lab_w, over;

	tick_extent(c, pc, &f->scale, &tick_w, &tick_h);
	if (unit_on_axis(c)) {
		top += text_height(pc, c->y_unit, CHART_TEXT_SIZE, false) + 4;
	} else {
		top += tick_h / 2;
	}
	lab_w = category_max_w(c, pc, fmax(60, (right - left) / 4), &lab_h);
	bottom -= lab_h + 6;
	f->px = left + tick_w + 8;
	/* the outermost labels are centred on their categories and may reach past the plot */
	over = fmax(0, lab_w / 2 - (right - f->px) / (double)c->ncategories / 2);
	f->px = fmax(f->px, left + over);
	f->pw = right - over - f->px;
	/* the narrower slots leave the first label reaching a little further left */
	over = fmax(0, lab_w / 2 - f->pw / (double)c->ncategories / 2);
	if (f->px < left + over) {
		f->pw -= left + over - f->px;
		f->px = left + over;
	}
	f->py = top;
	f->ph = bottom - top;
	f->slot = f->pw / (double)c->ncategories;
	f->label_every = f->slot > 0 ? (size_t)fmin(ceil((lab_w + 10) / f->slot), CHART_MAX_CATEGORIES) : 1;
}

/* Categories are rows, values run to the right. */
static void
frame_rows(const struct chart *c, PangoContext *pc, struct chart_frame *f, double top, double bottom, double left,
           double right)
{
	double tick_w, tick_h, lab_h, value_w = 0, w, h;
	char text[64];

	tick_extent(c, pc, &f->scale, &tick_w, &tick_h);
	bottom -= tick_h + 6;
	if (c->has_threshold && c->threshold_label != NULL) {
		top += text_height(pc, c->threshold_label, CHART_TEXT_SIZE, false) + 4;
	}
	f->label_w = category_max_w(c, pc, (right - left) * 0.35, &lab_h);
	for (size_t j = 0; j < c->ncategories; j++) {
		double v = c->series[0].values[j];
		if (isnan(v)) {
			snprintf(text, sizeof(text), "no data");
		} else {
			chart_format_value(v, c->y_unit, text, sizeof(text));
		}
		PangoLayout *l = chart_text_new(pc, text, CHART_TEXT_SIZE, false, 0);
		chart_text_extent(l, &w, &h);
		g_object_unref(l);
		value_w = fmax(value_w, w);
	}
	f->px = left + f->label_w + 8;
	f->pw = right - fmax(value_w + 6, tick_w / 2) - f->px;
	f->py = top;
	f->ph = bottom - top;
	f->slot = f->ph / (double)c->ncategories;
	f->label_every = f->slot > 0 ? (size_t)fmin(ceil((lab_h + 1) / f->slot), CHART_MAX_CATEGORIES) : 1;
}

void
chart_frame_compute(const struct chart *c, PangoContext *pc, double x, double y, double w, double h,
                    struct chart_frame *f)
{
	double top = y + CHART_PAD, bottom = y + h - CHART_PAD;
	double left = x + CHART_PAD, right = x + w - CHART_PAD;

	memset(f, 0, sizeof(*f));
	f->x = x;
	f->y = y;
	f->w = w;
	f->h = h;
	if (c->title != NULL && c->title[0] != '\0') {
		f->title_y = top;
		top += text_height(pc, c->title, CHART_TITLE_SIZE, true) + 8;
	}
	if (c->nseries > 1) {
		bottom -= chart_legend(c, pc, NULL, left, 0, right - left);
		f->legend_y = bottom;
		bottom -= 8;
	}
	value_scale(c, f);
	if (c->kind == CHART_HBAR) {
		frame_rows(c, pc, f, top, bottom, left, right);
	} else {
		frame_columns(c, pc, f, top, bottom, left, right);
	}
	if (f->label_every < 1) {
		f->label_every = 1;
	}
}

void
chart_layout(const struct chart *c, double x, double y, double w, double h, struct chart_frame *f)
{
	PangoContext *pc = chart_context_new();

	chart_frame_compute(c, pc, x, y, w, h, f);
	chart_context_free(pc);
}

double
chart_value_pos(const struct chart_frame *f, enum chart_kind kind, double v)
{
	double t = (v - f->scale.lo) / (f->scale.hi - f->scale.lo);

	if (kind == CHART_HBAR) {
		return f->px + t * f->pw;
	}
	return f->py + (1 - t) * f->ph;
}

double
chart_slot_centre(const struct chart_frame *f, enum chart_kind kind, size_t i)
{
	if (kind == CHART_HBAR) {
		return f->py + ((double)i + 0.5) * f->slot;
	}
	return f->px + ((double)i + 0.5) * f->slot;
}

static void
line(cairo_t *cr, double x0, double y0, double x1, double y1, const double rgb[3])
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

void
chart_axes_draw(const struct chart *c, PangoContext *pc, cairo_t *cr, const struct chart_frame *f)
{
	const struct chart_scale *s = &f->scale;
	bool rows = c->kind == CHART_HBAR;
	double w, h, pos;
	char text[64];

	for (int k = 0; k < s->nticks; k++) {
		double v = s->first + k * s->step;
		pos = chart_value_pos(f, c->kind, v);
		chart_format(v, s->decimals, unit_is_percent(c) ? "%" : NULL, text, sizeof(text));
		PangoLayout *l = chart_text_new(pc, text, CHART_TEXT_SIZE, false, 0);
		chart_text_extent(l, &w, &h);
		if (rows) {
			line(cr, pos, f->py, pos, f->py + f->ph, grid_rgb);
			chart_text_draw(cr, l, pos - w / 2, f->py + f->ph + 6, chart_muted);
		} else {
			line(cr, f->px, pos, f->px + f->pw, pos, grid_rgb);
			chart_text_draw(cr, l, f->px - 8 - w, pos - h / 2, chart_muted);
		}
		g_object_unref(l);
	}
	if (unit_on_axis(c)) {
		PangoLayout *l = chart_text_new(pc, c->y_unit, CHART_TEXT_SIZE, false, 0);
		chart_text_extent(l, &w, &h);
		if (rows) {
			chart_text_draw(cr, l, f->px - 8 - w, f->py + f->ph + 6, chart_muted);
		} else {
			chart_text_draw(cr, l, f->x + CHART_PAD, f->py - h - 4, chart_muted);
		}
		g_object_unref(l);
	}
	for (size_t j = 0; j < c->ncategories; j += f->label_every) {
		double max_w = rows ? f->label_w : fmax(60, (f->w - 2 * CHART_PAD) / 4);
		PangoLayout *l = chart_text_new(pc, c->categories[j], CHART_TEXT_SIZE, false, max_w);
		chart_text_extent(l, &w, &h);
		pos = chart_slot_centre(f, c->kind, j);
		if (rows) {
			chart_text_draw(cr, l, f->px - 8 - w, pos - h / 2, chart_ink);
		} else {
			chart_text_draw(cr, l, pos - w / 2, f->py + f->ph + 6, chart_ink);
		}
		g_object_unref(l);
	}
}

double
chart_base(const struct chart_frame *f)
{
	return fmin(fmax(0, f->scale.lo), f->scale.hi);
}

void
chart_baseline_draw(const struct chart *c, cairo_t *cr, const struct chart_frame *f)
{
	double pos = chart_value_pos(f, c->kind, chart_base(f));

	if (c->kind == CHART_HBAR) {
		line(cr, pos, f->py, pos, f->py + f->ph, axis_rgb);
	} else {
		line(cr, f->px, pos, f->px + f->pw, pos, axis_rgb);
	}
}

/* Series i's key: a short line with a dot for lines, a square for bars. */
static void
legend_key(const struct chart *c, cairo_t *cr, size_t i, double x, double cy)
{
	double rgb[3];

	chart_colour(i, rgb);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	if (c->kind == CHART_LINE) {
		cairo_set_line_width(cr, 2);
		cairo_move_to(cr, x, cy);
		cairo_line_to(cr, x + 16, cy);
		cairo_stroke(cr);
		cairo_arc(cr, x + 8, cy, 3, 0, 2 * M_PI);
		cairo_fill(cr);
	} else {
		cairo_rectangle(cr, x + 3, cy - 5, 10, 10);
		cairo_fill(cr);
	}
}

double
chart_legend(const struct chart *c, PangoContext *pc, cairo_t *cr, double x, double y, double w)
{
	const double key_w = 16 + 5, gap = 16;
	double row_h = 0, total_h = 0, tw, th;
	size_t start = 0;

	while (start < c->nseries) {
		/* the items of one row, then the row centred */
		double row_w = 0;
		size_t end = start;
		while (end < c->nseries) {
			PangoLayout *l = chart_text_new(pc, c->series[end].name, CHART_TEXT_SIZE, false, 180);
			chart_text_extent(l, &tw, &th);
			g_object_unref(l);
			double item_w = key_w + tw + (end > start ? gap : 0);
			if (end > start && row_w + item_w > w) {
				break;
			}
			row_w += item_w;
			row_h = fmax(row_h, th);
			end++;
		}
		double ix = x + (w - row_w) / 2;
		for (size_t i = start; cr != NULL && i < end; i++) {
			PangoLayout *l = chart_text_new(pc, c->series[i].name, CHART_TEXT_SIZE, false, 180);
			chart_text_extent(l, &tw, &th);
			legend_key(c, cr, i, ix, y + total_h + row_h / 2);
			chart_text_draw(cr, l, ix + key_w, y + total_h + (row_h - th) / 2, chart_ink);
			g_object_unref(l);
			ix += key_w + tw + gap;
		}
		total_h += row_h + (end < c->nseries ? 4 : 0);
		start = end;
	}
	return total_h;
}
