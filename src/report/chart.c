/*
 * chart.c - checks a chart, draws its series, threshold and title with
 * cairo, and writes it out as SVG or PNG into a buffer with a ceiling.  The
 * layout (ticks, plot area, axes, legend) is chart_layout.c's.  Nothing here
 * reads the clock or any global state: the same chart gives the same bytes.
 */
#include "report/chart.h"

#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart_layout.h"

#define PNG_MAX_SIDE 4096
#define SVG_MAX_SIDE 10000.0
#define VALUE_MAX 1e15 /* past this an axis's arithmetic loses its digits */

static const double threshold_rgb[3] = { 0x33 / 255.0, 0x33 / 255.0, 0x33 / 255.0 };

static int
check_text(const char *s, bool may_be_null, const char *field, struct err *e)
{
	if (s == NULL) {
		return may_be_null ? 0 : err_set(e, ERR_INVALID, field, "is missing");
	}
	if (!g_utf8_validate(s, -1, NULL)) {
		return err_set(e, ERR_INVALID, field, "is not UTF-8");
	}
	return 0;
}

static int
check_series(const struct chart *c, size_t i, struct err *e)
{
	const struct chart_series *s = &c->series[i];
	char field[64];

	snprintf(field, sizeof(field), "series[%zu].name", i);
	if (check_text(s->name, false, field, e) != 0) {
		return -1;
	}
	if (s->values == NULL) {
		snprintf(field, sizeof(field), "series[%zu].values", i);
		return err_set(e, ERR_INVALID, field, "is missing");
	}
	for (size_t j = 0; j < c->ncategories; j++) {
		double v = s->values[j];
		snprintf(field, sizeof(field), "series[%zu].values[%zu]", i, j);
		if (isinf(v)) {
			return err_set(e, ERR_INVALID, field, "is infinite");
		}
		if (fabs(v) > VALUE_MAX) {
			return err_set(e, ERR_INVALID, field, "%g is too large to chart", v);
		}
		if (c->kind == CHART_STACKED_BAR && v < 0) {
			return err_set(e, ERR_INVALID, field, "%g is negative, which a stacked bar cannot show", v);
		}
	}
	return 0;
}

int
chart_check(const struct chart *c, struct err *e)
{
	char field[64];

	if (c == NULL) {
		return err_set(e, ERR_INVALID, "chart", "is missing");
	}
	if ((unsigned)c->kind >= CHART_KIND_COUNT) {
		return err_set(e, ERR_INVALID, "kind", "%d is not a chart kind", (int)c->kind);
	}
	if (c->ncategories < 1 || c->ncategories > CHART_MAX_CATEGORIES) {
		return err_set(e, ERR_INVALID, "ncategories", "%zu is not between 1 and %d", c->ncategories,
		               CHART_MAX_CATEGORIES);
	}
	if (c->nseries < 1 || c->nseries > CHART_MAX_SERIES) {
		return err_set(e, ERR_INVALID, "nseries", "%zu is not between 1 and %d", c->nseries, CHART_MAX_SERIES);
	}
	if (c->kind == CHART_HBAR && c->nseries != 1) {
		return err_set(e, ERR_INVALID, "nseries", "a horizontal bar chart has one series, not %zu", c->nseries);
	}
	if (check_text(c->title, true, "title", e) != 0 || check_text(c->y_unit, true, "y_unit", e) != 0 ||
	    check_text(c->threshold_label, true, "threshold_label", e) != 0) {
		return -1;
	}
	if (c->categories == NULL) {
		return err_set(e, ERR_INVALID, "categories", "is missing");
	}
	for (size_t j = 0; j < c->ncategories; j++) {
		snprintf(field, sizeof(field), "categories[%zu]", j);
		if (check_text(c->categories[j], false, field, e) != 0) {
			return -1;
		}
	}
	if (c->series == NULL) {
		return err_set(e, ERR_INVALID, "series", "is missing");
	}
	for (size_t i = 0; i < c->nseries; i++) {
		if (check_series(c, i, e) != 0) {
			return -1;
		}
	}
	if (c->y_fixed) {
		if (!(fabs(c->y_min) <= VALUE_MAX) || !(fabs(c->y_max) <= VALUE_MAX)) {
			return err_set(e, ERR_INVALID, fabs(c->y_min) <= VALUE_MAX ? "y_max" : "y_min",
			               "is not a number up to %g", VALUE_MAX);
		}
		if (c->y_min >= c->y_max) {
			return err_set(e, ERR_INVALID, "y_max", "%g is not above y_min %g", c->y_max, c->y_min);
		}
	}
	if (c->has_threshold && !(fabs(c->threshold) <= VALUE_MAX)) {
		return err_set(e, ERR_INVALID, "threshold", "is not a number up to %g", VALUE_MAX);
	}
	return 0;
}

static void
set_colour(cairo_t *cr, size_t i)
{
	double rgb[3];

	chart_colour(i, rgb);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

static void
clip_plot(cairo_t *cr, const struct chart_frame *f, double margin)
{
	cairo_rectangle(cr, f->px - margin, f->py - margin, f->pw + 2 * margin, f->ph + 2 * margin);
	cairo_clip(cr);
}

static bool
isolated(const double *v, size_t n, size_t j)
{
	return (j == 0 || isnan(v[j - 1])) && (j + 1 == n || isnan(v[j + 1]));
}

/* A line per series, broken where a value is missing; dots on the values when there is room. */
static void
draw_lines(const struct chart *c, cairo_t *cr, const struct chart_frame *f)
{
	static const double dash[] = { 6, 3 };
	bool dots = f->slot >= 8;

	cairo_set_line_width(cr, 2);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (size_t i = 0; i < c->nseries; i++) {
		const double *v = c->series[i].values;
		bool pen = false;
		cairo_set_dash(cr, dash, i >= 8 ? 2 : 0, 0);
		for (size_t j = 0; j < c->ncategories; j++) {
			if (isnan(v[j])) {
				pen = false;
				continue;
			}
			double x = chart_slot_centre(f, c->kind, j), y = chart_value_pos(f, c->kind, v[j]);
			if (pen) {
				cairo_line_to(cr, x, y);
			} else {
				cairo_move_to(cr, x, y);
			}
			pen = true;
		}
		set_colour(cr, i);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		for (size_t j = 0; j < c->ncategories; j++) {
			if (isnan(v[j]) || !(dots || isolated(v, c->ncategories, j))) {
				continue;
			}
			double x = chart_slot_centre(f, c->kind, j), y = chart_value_pos(f, c->kind, v[j]);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_arc(cr, x, y, 4.5, 0, 2 * M_PI);
			cairo_fill(cr);
			set_colour(cr, i);
			cairo_arc(cr, x, y, 3, 0, 2 * M_PI);
			cairo_fill(cr);
		}
	}
}

/* From value a to value b along the value axis, across [c0, c0 + cw) on the category axis. */
static void
bar(cairo_t *cr, const struct chart_frame *f, enum chart_kind kind, double c0, double cw, double a, double b)
{
	double p = chart_value_pos(f, kind, a), q = chart_value_pos(f, kind, b);

	if (kind == CHART_HBAR) {
		cairo_rectangle(cr, fmin(p, q), c0, fabs(q - p), cw);
	} else {
		cairo_rectangle(cr, c0, fmin(p, q), cw, fabs(q - p));
	}
	cairo_fill(cr);
}

static void
draw_bars(const struct chart *c, cairo_t *cr, const struct chart_frame *f)
{
	double n = (double)c->nseries;
	double group = fmin(f->slot * (c->nseries > 1 ? 0.8 : 0.65), 56 * n);
	double bw = group / n, gap = bw > 6 ? 1 : 0, base = chart_base(f);

	for (size_t j = 0; j < c->ncategories; j++) {
		double left = chart_slot_centre(f, c->kind, j) - group / 2;
		for (size_t i = 0; i < c->nseries; i++) {
			double v = c->series[i].values[j];
			if (isnan(v)) {
				continue;
			}
			set_colour(cr, i);
			bar(cr, f, c->kind, left + (double)i * bw + gap / 2, bw - gap, base, v);
		}
	}
}

static void
draw_stacks(const struct chart *c, cairo_t *cr, const struct chart_frame *f)
{
	double bw = fmin(f->slot * 0.65, 56);

	for (size_t j = 0; j < c->ncategories; j++) {
		double left = chart_slot_centre(f, c->kind, j) - bw / 2, sum = 0;
		for (size_t i = 0; i < c->nseries; i++) {
			double v = c->series[i].values[j];
			if (isnan(v) || v == 0) {
				continue;
			}
			set_colour(cr, i);
			bar(cr, f, c->kind, left, bw, sum, sum + v);
			sum += v;
		}
	}
}

/* Text on a white backing, so a line under it does not cross it. */
static void
text_backed(cairo_t *cr, PangoLayout *l, double x, double y, const double rgb[3])
{
	double w, h;

	chart_text_extent(l, &w, &h);
	cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
	cairo_rectangle(cr, x - 2, y, w + 4, h);
	cairo_fill(cr);
	chart_text_draw(cr, l, x, y, rgb);
}

static void
draw_hbars(const struct chart *c, cairo_t *cr, const struct chart_frame *f)
{
	double bh = fmin(f->slot * 0.7, 28), base = chart_base(f);
	const double *v = c->series[0].values;

	set_colour(cr, 0);
	for (size_t j = 0; j < c->ncategories; j++) {
		if (!isnan(v[j])) {
			bar(cr, f, c->kind, chart_slot_centre(f, c->kind, j) - bh / 2, bh, base, v[j]);
		}
	}
}

/* Each bar's value at its end (over the threshold line), "no data" where there is none. */
static void
draw_hbar_values(const struct chart *c, PangoContext *pc, cairo_t *cr, const struct chart_frame *f)
{
	const double *v = c->series[0].values;
	double base = chart_base(f), w, h;
	char text[64];

	if (f->label_every > 1) {
		return; /* rows too thin to carry text */
	}
	for (size_t j = 0; j < c->ncategories; j++) {
		double cy = chart_slot_centre(f, c->kind, j);
		double end = chart_value_pos(f, c->kind, isnan(v[j]) ? base : v[j]);
		end = fmin(fmax(end, f->px), f->px + f->pw); /* past a fixed axis the bar is clipped */
		if (isnan(v[j])) {
			snprintf(text, sizeof(text), "no data");
		} else {
			chart_format_value(v[j], c->y_unit, text, sizeof(text));
		}
		PangoLayout *l = chart_text_new(pc, text, CHART_TEXT_SIZE, false, 0);
		chart_text_extent(l, &w, &h);
		text_backed(cr, l, v[j] < base ? end - 4 - w : end + 4, cy - h / 2,
		            isnan(v[j]) ? chart_muted : chart_ink);
		g_object_unref(l);
	}
}

static void
draw_threshold(const struct chart *c, PangoContext *pc, cairo_t *cr, const struct chart_frame *f)
{
	static const double dash[] = { 5, 4 };
	double pos = chart_value_pos(f, c->kind, c->threshold), w = 0, h = 0;
	bool rows = c->kind == CHART_HBAR;
	PangoLayout *l = NULL;

	if (c->threshold < f->scale.lo || c->threshold > f->scale.hi) {
		return;
	}
	cairo_set_source_rgb(cr, threshold_rgb[0], threshold_rgb[1], threshold_rgb[2]);
	cairo_set_line_width(cr, 1.5);
	cairo_set_dash(cr, dash, 2, 0);
	if (rows) {
		cairo_move_to(cr, pos, f->py);
		cairo_line_to(cr, pos, f->py + f->ph);
	} else {
		cairo_move_to(cr, f->px, pos);
		cairo_line_to(cr, f->px + f->pw, pos);
	}
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	if (c->threshold_label == NULL || c->threshold_label[0] == '\0') {
		return;
	}
	l = chart_text_new(pc, c->threshold_label, CHART_TEXT_SIZE, false, rows ? f->w / 3 : f->pw / 2);
	chart_text_extent(l, &w, &h);
	if (rows) {
		double x = fmax(f->x + CHART_PAD, fmin(pos - w / 2, f->x + f->w - CHART_PAD - w));
		text_backed(cr, l, x, f->py - h - 4, threshold_rgb);
	} else {
		/* above the line at its right end, or below when the plot's top is too close */
		double y = pos - h - 2 < f->py ? pos + 3 : pos - h - 2;
		text_backed(cr, l, f->px + f->pw - w - 2, y, threshold_rgb);
	}
	g_object_unref(l);
}

static void
draw_message(PangoContext *pc, cairo_t *cr, const struct chart_frame *f, const char *msg)
{
	double w, h;
	PangoLayout *l = chart_text_new(pc, msg, CHART_TITLE_SIZE, false, 0);

	chart_text_extent(l, &w, &h);
	text_backed(cr, l, f->px + (f->pw - w) / 2, f->py + (f->ph - h) / 2, chart_muted);
	g_object_unref(l);
}

static void (*const draw_series[CHART_KIND_COUNT])(const struct chart *, cairo_t *, const struct chart_frame *) = {
	[CHART_LINE] = draw_lines,
	[CHART_BAR] = draw_bars,
	[CHART_STACKED_BAR] = draw_stacks,
	[CHART_HBAR] = draw_hbars,
};

void
chart_draw(const struct chart *c, cairo_t *cr, double x, double y, double w, double h)
{
	PangoContext *pc = chart_context_new();
	struct chart_frame f;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_frame_compute(c, pc, x, y, w, h, &f);
	if (f.pw < 8 || f.ph < 8) {
		goto out; /* no room for a plot: the caller gave a rectangle too small */
	}
	if (c->title != NULL && c->title[0] != '\0') {
		PangoLayout *l = chart_text_new(pc, c->title, CHART_TITLE_SIZE, true, w - 2 * CHART_PAD);
		chart_text_draw(cr, l, x + CHART_PAD, f.title_y, chart_ink);
		g_object_unref(l);
	}
	chart_axes_draw(c, pc, cr, &f);
	cairo_save(cr);
	clip_plot(cr, &f, c->kind == CHART_LINE ? 5 : 0);
	draw_series[c->kind](c, cr, &f);
	cairo_restore(cr);
	chart_baseline_draw(c, cr, &f);
	if (c->has_threshold) {
		draw_threshold(c, pc, cr, &f);
	}
	if (c->kind == CHART_HBAR && !f.empty) {
		draw_hbar_values(c, pc, cr, &f);
	}
	if (c->nseries > 1) {
		chart_legend(c, pc, cr, x + CHART_PAD, f.legend_y, w - 2 * CHART_PAD);
	}
	if (f.empty) {
		draw_message(pc, cr, &f, "No data");
	}
out:
	cairo_restore(cr);
	chart_context_free(pc);
}

/* Where cairo's output goes: the caller's buffer, whose ceiling may refuse it. */
struct sink {
	struct buf *out;
	struct err *e;
	bool refused;
};

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;

	if (s->refused || buf_append(s->out, data, length, s->e) != 0) {
		s->refused = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* The outcome of writing into s: a refused write is the buffer's ERR_TOO_LARGE, anything else cairo's. */
static int
sink_finish(struct sink *s, size_t start_len, cairo_status_t st, const char *what)
{
	if (!s->refused && st == CAIRO_STATUS_SUCCESS) {
		return 0;
	}
	s->out->len = start_len;
	if (s->out->data != NULL) {
		s->out->data[start_len] = '\0';
	}
	if (s->refused) {
		return -1;
	}
	return err_set(s->e, ERR_INTERNAL, NULL, "cannot draw the chart as %s: %s", what, cairo_status_to_string(st));
}

static cairo_status_t
first_failure(cairo_status_t a, cairo_status_t b)
{
	return a != CAIRO_STATUS_SUCCESS ? a : b;
}

/*
 * cairo names the SVG's top group after the surface's process-wide serial
 * number (<g id="surface37">), which would make the document depend on what
 * the process drew before; the number goes, unless something refers to it.
 */
static void
svg_stable_ids(struct buf *out, size_t start_len)
{
	static const char key[] = "<g id=\"surface";
	char *doc = out->data + start_len, *id = strstr(doc, key), *end;

	if (id == NULL) {
		return;
	}
	id += strlen(key) - strlen("surface");
	end = id + strlen("surface");
	while (*end >= '0' && *end <= '9') {
		end++;
	}
	size_t n = (size_t)(end - id);
	for (char *p = strstr(doc, "surface"); p != NULL; p = strstr(p + 1, "surface")) {
		if (p != id && strncmp(p, id, n) == 0 && !(p[n] >= '0' && p[n] <= '9')) {
			return; /* referred to: keep it */
		}
	}
	size_t digits = n - strlen("surface");
	memmove(end - digits, end, (size_t)(out->data + out->len - end) + 1);
	out->len -= digits;
}

int
chart_svg(const struct chart *c, double w, double h, struct buf *out, struct err *e)
{
	struct sink s = { out, e, false };
	size_t start_len = out->len;
	cairo_status_t st;

	if (chart_check(c, e) != 0) {
		return -1;
	}
	if (!(w >= 1 && w <= SVG_MAX_SIDE)) {
		return err_set(e, ERR_INVALID, "width", "%g is not between 1 and %g", w, SVG_MAX_SIDE);
	}
	if (!(h >= 1 && h <= SVG_MAX_SIDE)) {
		return err_set(e, ERR_INVALID, "height", "%g is not between 1 and %g", h, SVG_MAX_SIDE);
	}
	cairo_surface_t *surface = cairo_svg_surface_create_for_stream(sink_write, &s, w, h);
	cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
	cairo_t *cr = cairo_create(surface);
	chart_draw(c, cr, 0, 0, w, h);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	st = first_failure(st, cairo_surface_status(surface));
	cairo_surface_destroy(surface);
	if (sink_finish(&s, start_len, st, "SVG") != 0) {
		return -1;
	}
	svg_stable_ids(out, start_len);
	return 0;
}

int
chart_png(const struct chart *c, int w, int h, struct buf *out, struct err *e)
{
	struct sink s = { out, e, false };
	size_t start_len = out->len;
	cairo_status_t st;

	if (chart_check(c, e) != 0) {
		return -1;
	}
	if (w < 1 || w > PNG_MAX_SIDE) {
		return err_set(e, ERR_INVALID, "width", "%d is not between 1 and %d", w, PNG_MAX_SIDE);
	}
	if (h < 1 || h > PNG_MAX_SIDE) {
		return err_set(e, ERR_INVALID, "height", "%d is not between 1 and %d", h, PNG_MAX_SIDE);
	}
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(surface);
	chart_draw(c, cr, 0, 0, w, h);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	st = first_failure(st, cairo_surface_status(surface));
	if (st == CAIRO_STATUS_SUCCESS) {
		st = cairo_surface_write_to_png_stream(surface, sink_write, &s);
	}
	cairo_surface_destroy(surface);
	return sink_finish(&s, start_len, st, "PNG");
}
