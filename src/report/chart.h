/*
 * chart.h - the one chart module: every chart Levera shows is drawn here,
 * with cairo, so the browser (SVG), the review pack (PDF) and the tests
 * (PNG) get the same picture from the same code.  Text is laid out with
 * pango.  A chart is data in, drawing out: nothing is looked up, no clock
 * is read, and what a chart shows is decided by its caller.
 */
#ifndef LEVERA_REPORT_CHART_H
#define LEVERA_REPORT_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

enum chart_kind {
	CHART_LINE,        /* one line per series over the categories; a missing value breaks the line */
	CHART_BAR,         /* bars of each category side by side, one per series */
	CHART_STACKED_BAR, /* the series of each category stacked (values >= 0) */
	CHART_HBAR,        /* horizontal bars, one series: categories are rows (e.g. compliance by customer) */
	CHART_KIND_COUNT
};

/* One series: n values (the chart's ncategories), NAN where there is no value. Borrowed. */
struct chart_series {
	const char *name;
	const double *values;
};

/*
 * A chart.  Every pointer is borrowed for the call.  Values are in the
 * unit the caller names (y_unit, e.g. "%", "h", "tickets"); the axis is
 * chosen from the data with round ticks unless y_fixed.
 */
struct chart {
	enum chart_kind kind;
	const char *title;                 /* NULL: none */
	const char *y_unit;                /* shown on the axis and the tick labels; NULL: none */
	const char *const *categories;     /* ncategories labels, e.g. "2026-10" */
	size_t ncategories;                /* 1..CHART_MAX_CATEGORIES */
	const struct chart_series *series; /* nseries */
	size_t nseries;                    /* 1..CHART_MAX_SERIES */
	bool y_fixed;                      /* use y_min..y_max as they are */
	double y_min, y_max;
	bool has_threshold; /* a dashed reference line, e.g. the 95 % target */
	double threshold;
	const char *threshold_label; /* NULL: none */
};

#define CHART_MAX_CATEGORIES 120
#define CHART_MAX_SERIES 12

/*
 * ERR_INVALID (naming the field, e.g. "series[2].values[5]") when c cannot be
 * drawn: counts out of range, a CHART_HBAR with more than one series, NULL or
 * non-UTF-8 labels and names, an infinite value or one past +-1e15, a
 * negative value in a stacked bar, a y_fixed range with y_min >= y_max, a
 * threshold or y_fixed end that is not a number within +-1e15.
 */
int chart_check(const struct chart *c, struct err *e);

/*
 * Draws c into the rectangle (x, y, w, h), in user units of cr (points in
 * a PDF), with its title, axes, legend (when nseries > 1) and threshold.
 * cr's state is saved and restored.  c must have passed chart_check.
 */
void chart_draw(const struct chart *c, cairo_t *cr, double x, double y, double w, double h);

/*
 * The chart as a standalone SVG document of w x h points (1..10000), appended
 * to out.  Past out's ceiling: ERR_TOO_LARGE, and out is left as it was (so
 * also for chart_png).  The same chart gives the same bytes.
 */
int chart_svg(const struct chart *c, double w, double h, struct buf *out, struct err *e);

/* The chart as a PNG of w x h pixels (1..4096), appended to out (the tests look at these). */
int chart_png(const struct chart *c, int w, int h, struct buf *out, struct err *e);

#endif
