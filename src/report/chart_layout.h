/*
 * chart_layout.h - the private half of the chart module: text, round ticks,
 * the frame (where the plot, the labels and the legend go) and the palette.
 * Shared by chart.c and chart_layout.c, and read by the unit tests, which
 * use the frame to know where a bar or a line must be.  Not for other callers.
 */
#ifndef LEVERA_REPORT_CHART_LAYOUT_H
#define LEVERA_REPORT_CHART_LAYOUT_H

#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "report/chart.h"

#define CHART_FONT "DejaVu Sans"
#define CHART_PAD 10.0        /* between the chart's edge and anything drawn */
#define CHART_TEXT_SIZE 11.0  /* labels, ticks and legend, in user units */
#define CHART_TITLE_SIZE 14.0 /* bold */
#define CHART_LABEL_BYTES 160 /* longer labels are cut (and ellipsized anyway) */

/* Text: #222222 on white (16:1); muted text #555555 (7.5:1); both pass WCAG AA. */
extern const double chart_ink[3];
extern const double chart_muted[3];

/* The value axis: ticks at first, first + step, ... while <= hi. */
struct chart_scale {
	double lo, hi;
	double first, step;
	int nticks;
	int decimals; /* for the tick labels */
};

/* Where the parts of a chart go, in the user units of chart_draw. */
struct chart_frame {
	double x, y, w, h;        /* the whole chart */
	double px, py, pw, ph;    /* the plot area */
	double title_y;           /* top of the title (when there is one) */
	double legend_y;          /* top of the legend (when nseries > 1) */
	double label_w;           /* CHART_HBAR: the width of the category label column */
	double slot;              /* room for one category along the category axis */
	size_t label_every;       /* a category label on every k-th category */
	struct chart_scale scale; /* vertical, or horizontal for CHART_HBAR */
	bool empty;               /* not one value to draw */
};

/*
 * A Pango context on a font map of its own, hinting off: text measures the
 * same for every surface and transformation, so measuring needs no cairo_t.
 */
PangoContext *chart_context_new(void);

/* Frees pc and its font map; NULL is a no-op. */
void chart_context_free(PangoContext *pc);

/* Series i's colour (Okabe-Ito, then the same lightened for i >= 8). */
void chart_colour(size_t i, double rgb[3]);

/* One line of text, cut at CHART_LABEL_BYTES and ellipsized past max_w (<= 0: no limit). Caller unrefs. */
PangoLayout *chart_text_new(PangoContext *pc, const char *s, double size, bool bold, double max_w);

void chart_text_extent(PangoLayout *l, double *w, double *h);

/* Draws l with its top left corner at (x, y). */
void chart_text_draw(cairo_t *cr, PangoLayout *l, double x, double y, const double rgb[3]);

/* Round ticks (1, 2, 2.5, 5 x 10^k, 4-6 of them) for lo < hi; fixed keeps lo and hi as they are. */
void chart_scale_choose(double lo, double hi, bool fixed, struct chart_scale *s);

/* v with the given decimals (-0 printed as 0) and unit ("%" attached, others after a space; NULL none). */
void chart_format(double v, int decimals, const char *unit, char *out, size_t n);

/* A value printed at a bar: truncated (not rounded) to at most one decimal, so 99.96 % is not "100%". */
void chart_format_value(double v, const char *unit, char *out, size_t n);

/* The frame of c drawn in (x, y, w, h); pc measures the text. */
void chart_frame_compute(const struct chart *c, PangoContext *pc, double x, double y, double w, double h,
                         struct chart_frame *f);

/* The same with a context of its own (for the tests). */
void chart_layout(const struct chart *c, double x, double y, double w, double h, struct chart_frame *f);

/* Where v falls on the value axis: a y (a x for CHART_HBAR), not clamped. */
double chart_value_pos(const struct chart_frame *f, enum chart_kind kind, double v);

/* The centre of category i along the category axis. */
double chart_slot_centre(const struct chart_frame *f, enum chart_kind kind, size_t i);

/* Where bars start: 0, or the end of the axis nearest to it. */
double chart_base(const struct chart_frame *f);

/* The axis line at chart_base, drawn over the bars. */
void chart_baseline_draw(const struct chart *c, cairo_t *cr, const struct chart_frame *f);

/* Grid lines, tick labels, the unit and the category labels. */
void chart_axes_draw(const struct chart *c, PangoContext *pc, cairo_t *cr, const struct chart_frame *f);

/* The legend below the plot: its height when cr is NULL, otherwise drawn from the top y. */
double chart_legend(const struct chart *c, PangoContext *pc, cairo_t *cr, double x, double y, double w);

#endif
