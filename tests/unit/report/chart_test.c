/*
 * chart_test.c - chart_check's rejections, round ticks, the SVG and PNG
 * writers (and their ceiling), and the pixels: charts are drawn onto image
 * surfaces and looked at where the frame says a bar, a line or a gap must be.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "report/chart.h"
#include "report/chart_layout.h"

#define W 640
#define H 320

static const char *const months[] = { "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06" };

static struct chart
chart_of(enum chart_kind kind, const struct chart_series *s, size_t nseries, size_t ncategories)
{
	struct chart c = { .kind = kind,
		           .title = "Test chart",
		           .y_unit = "%",
		           .categories = months,
		           .ncategories = ncategories,
		           .series = s,
		           .nseries = nseries,
		           .y_fixed = true,
		           .y_min = 0,
		           .y_max = 100 };
	return c;
}

static cairo_surface_t *
render(const struct chart *c)
{
	struct err e;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cairo_t *cr = cairo_create(s);

	cr_assert_eq(chart_check(c, &e), 0, "%s: %s", e.field, e.message);
	chart_draw(c, cr, 0, 0, W, H);
	cr_assert_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

static uint32_t
pixel(cairo_surface_t *s, double x, double y)
{
	int ix = (int)floor(x), iy = (int)floor(y);
	unsigned char *row = cairo_image_surface_get_data(s) + (size_t)iy * (size_t)cairo_image_surface_get_stride(s);

	cr_assert(ix >= 0 && ix < W && iy >= 0 && iy < H, "(%d, %d) is outside the image", ix, iy);
	return ((const uint32_t *)(const void *)row)[ix] & 0xffffff;
}

static uint32_t
series_rgb(size_t i)
{
	double rgb[3];

	chart_colour(i, rgb);
	return (uint32_t)lround(rgb[0] * 255) << 16 | (uint32_t)lround(rgb[1] * 255) << 8 |
	       (uint32_t)lround(rgb[2] * 255);
}

/* Every channel within tol of the other colour's. */
static bool
near(uint32_t a, uint32_t b, int tol)
{
	for (int shift = 0; shift <= 16; shift += 8) {
		int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
		if (d > tol || d < -tol) {
			return false;
		}
	}
	return true;
}

/* Pixels near colour in the rectangle [x0, x1) x [y0, y1). */
static int
count_near(cairo_surface_t *s, double x0, double x1, double y0, double y1, uint32_t colour, int tol)
{
	int n = 0;

	for (int y = (int)ceil(y0); y < (int)floor(y1); y++) {
		for (int x = (int)ceil(x0); x < (int)floor(x1); x++) {
			n += near(pixel(s, x, y), colour, tol);
		}
	}
	return n;
}

static void
expect_invalid(const struct chart *c, const char *field)
{
	struct err e;

	cr_assert_eq(chart_check(c, &e), -1, "accepted a chart with a bad %s", field);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, field);
	cr_assert_neq(e.message[0], '\0');
}

Test(chart, check_names_the_field)
{
	double good[] = { 1, 2, 3, 4, 5, 6 }, inf[] = { 1, 2, 3, 4, 5, INFINITY }, neg[] = { 1, 2, -3, 4, 5, 6 };
	double big[] = { 1, 2, 3, -2e15, 5, 6 };
	struct chart_series s[3] = { { "a", good }, { "b", good }, { "c", inf } };
	const char *bad_labels[] = { "2026-01", NULL, "2026-03", "2026-04", "2026-05", "2026-06" };
	const char *not_utf8[] = { "2026-01", "2026-02", "\xff\xfe", "2026-04", "2026-05", "2026-06" };
	struct err e;
	struct chart c = chart_of(CHART_BAR, s, 2, 6);

	cr_assert_eq(chart_check(&c, &e), 0, "%s: %s", e.field, e.message);
	expect_invalid(NULL, "chart");
	c.ncategories = 0;
	expect_invalid(&c, "ncategories");
	c.ncategories = CHART_MAX_CATEGORIES + 1;
	expect_invalid(&c, "ncategories");
	c = chart_of(CHART_BAR, s, 0, 6);
	expect_invalid(&c, "nseries");
	c.nseries = CHART_MAX_SERIES + 1;
	expect_invalid(&c, "nseries");
	c = chart_of(CHART_HBAR, s, 2, 6);
	expect_invalid(&c, "nseries");
	c = chart_of(CHART_KIND_COUNT, s, 2, 6);
	expect_invalid(&c, "kind");
	c = chart_of(CHART_LINE, s, 3, 6);
	expect_invalid(&c, "series[2].values[5]");
	c = chart_of(CHART_LINE, s, 2, 6);
	c.categories = bad_labels;
	expect_invalid(&c, "categories[1]");
	c.categories = not_utf8;
	expect_invalid(&c, "categories[2]");
	c.categories = NULL;
	expect_invalid(&c, "categories");
	c = chart_of(CHART_LINE, s, 2, 6);
	s[1].name = NULL;
	expect_invalid(&c, "series[1].name");
	s[1].name = "b";
	s[1].values = NULL;
	expect_invalid(&c, "series[1].values");
	s[1].values = neg;
	cr_assert_eq(chart_check(&c, &e), 0, "a line may go below zero");
	c.kind = CHART_STACKED_BAR;
	expect_invalid(&c, "series[1].values[2]");
	c = chart_of(CHART_LINE, s, 1, 6);
	c.y_min = 100;
	expect_invalid(&c, "y_max");
	c.y_min = NAN;
	expect_invalid(&c, "y_min");
	c = chart_of(CHART_LINE, s, 1, 6);
	c.has_threshold = true;
	c.threshold = NAN;
	expect_invalid(&c, "threshold");
	c.threshold = 95;
	s[0].values = big;
	expect_invalid(&c, "series[0].values[3]");
	s[0].values = good;
	c.title = "\xc3";
	expect_invalid(&c, "title");
}

Test(chart, ticks_are_round)
{
	static const double steps[] = { 1, 2, 2.5, 5 };
	uint32_t seed = 12345;

	for (int n = 0; n < 2000; n++) {
		seed = seed * 1103515245u + 12345u;
		double lo = (double)(seed % 20000) / 100.0 - 50;
		seed = seed * 1103515245u + 12345u;
		double hi = lo + pow(10, (double)(seed % 700) / 100.0 - 3);
		struct chart_scale s;
		chart_scale_choose(lo, hi, false, &s);
		cr_assert(s.nticks >= 4 && s.nticks <= 6, "%g..%g has %d ticks", lo, hi, s.nticks);
		double slack = s.step * 1e-9;
		cr_assert(s.lo <= lo + slack && s.hi >= hi - slack, "%g..%g is not inside %g..%g", lo, hi, s.lo, s.hi);
		double k = floor(log10(s.step)), m = s.step / pow(10, k);
		bool round_step = false;
		for (size_t i = 0; i < 4; i++) {
			round_step |= fabs(m - steps[i]) < 1e-9 || fabs(m - steps[i] * 10) < 1e-9;
		}
		cr_assert(round_step, "%g..%g has a step of %g", lo, hi, s.step);
		cr_assert(fabs(s.first / s.step - round(s.first / s.step)) < 1e-6);
	}
}

Test(chart, axis_from_the_data)
{
	double v[] = { 12, 48, 97, NAN };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_BAR, s, 1, 4);
	struct chart_frame f;
	char text[32];

	c.y_fixed = false;
	chart_layout(&c, 0, 0, W, H, &f);
	cr_assert_float_eq(f.scale.lo, 0, 1e-9, "bars start at 0");
	cr_assert_float_eq(f.scale.hi, 100, 1e-9);
	cr_assert_float_eq(f.scale.step, 20, 1e-9);
	cr_assert_eq(f.scale.decimals, 0);
	double high[] = { 91, 93.5, 97.2, NAN };
	s[0].values = high;
	c.kind = CHART_LINE;
	chart_layout(&c, 0, 0, W, H, &f);
	cr_assert_float_eq(f.scale.lo, 90, 1e-9, "a line need not start at 0");
	cr_assert_float_eq(f.scale.hi, 98, 1e-9);
	s[0].values = v;
	c.y_fixed = true;
	c.y_min = 80;
	c.y_max = 100;
	chart_layout(&c, 0, 0, W, H, &f);
	cr_assert_float_eq(f.scale.lo, 80, 1e-9);
	cr_assert_float_eq(f.scale.hi, 100, 1e-9);
	cr_assert_eq(f.scale.nticks, 5);
	chart_scale_choose(90, 100, false, &f.scale);
	chart_format(f.scale.first + f.scale.step, f.scale.decimals, "%", text, sizeof(text));
	cr_assert_str_eq(text, "92%");
	chart_scale_choose(0, 7, false, &f.scale);
	chart_format(f.scale.first + f.scale.step, f.scale.decimals, NULL, text, sizeof(text));
	cr_assert_str_eq(text, "2");
	chart_scale_choose(87.5, 100, false, &f.scale);
	chart_format(f.scale.first + f.scale.step, f.scale.decimals, "%", text, sizeof(text));
	cr_assert_str_eq(text, "90.0%");
	chart_format_value(99.96, "%", text, sizeof(text));
	cr_assert_str_eq(text, "99.9%", "a value is truncated, so it never shows 100 %% when it is not");
	chart_format_value(95, "%", text, sizeof(text));
	cr_assert_str_eq(text, "95%");
	chart_format_value(3.25, "h", text, sizeof(text));
	cr_assert_str_eq(text, "3.2 h");
	chart_format(-0.01, 0, NULL, text, sizeof(text));
	cr_assert_str_eq(text, "0");
}

Test(chart, svg_document)
{
	double v[] = { 97, 92.5, NAN, 99 };
	struct chart_series s[] = { { "P1 <resolution> & \"more\"", v }, { "P2", v } };
	struct chart c = chart_of(CHART_LINE, s, 2, 4);
	struct buf a, b;
	struct err e;

	c.has_threshold = true;
	c.threshold = 95;
	c.threshold_label = "Target 95 %";
	buf_init(&a, 1 << 22);
	buf_init(&b, 1 << 22);
	cr_assert_eq(chart_svg(&c, W, H, &a, &e), 0, "%s", e.message);
	cr_assert(strncmp(a.data, "<?xml", 5) == 0 || strncmp(a.data, "<svg", 4) == 0);
	cr_assert_not_null(strstr(a.data, "<svg"));
	cr_assert_not_null(strstr(a.data, "</svg>"));
	cr_assert_not_null(strstr(a.data, "640pt"), "the document is w x h points");
	cr_assert_not_null(strstr(a.data, "<g id=\"surface\""), "no process-wide serial number in the document");
	cr_assert_eq(chart_svg(&c, W, H, &b, &e), 0);
	cr_assert_eq(a.len, b.len, "the same chart gives the same document");
	cr_assert_eq(memcmp(a.data, b.data, a.len), 0);
	cr_assert_eq(chart_svg(&c, 0, H, &b, &e), -1);
	cr_assert_str_eq(e.field, "width");
	cr_assert_eq(chart_svg(&c, W, NAN, &b, &e), -1);
	cr_assert_str_eq(e.field, "height");
	buf_release(&a);
	buf_release(&b);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

Test(chart, png_signature_and_size)
{
	static const unsigned char sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	double v[] = { 10, 20, 30 };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_HBAR, s, 1, 3);
	struct buf b;
	struct err e;

	buf_init(&b, 1 << 22);
	cr_assert_eq(buf_append_str(&b, "kept", &e), 0);
	cr_assert_eq(chart_png(&c, 500, 260, &b, &e), 0, "%s", e.message);
	cr_assert_eq(memcmp(b.data, "kept", 4), 0, "the PNG is appended");
	const unsigned char *p = (const unsigned char *)b.data + 4;
	cr_assert(b.len > 4 + 33);
	cr_assert_eq(memcmp(p, sig, sizeof(sig)), 0);
	cr_assert_eq(memcmp(p + 12, "IHDR", 4), 0);
	cr_assert_eq(be32(p + 16), 500);
	cr_assert_eq(be32(p + 20), 260);
	cr_assert_eq(chart_png(&c, 0, 260, &b, &e), -1);
	cr_assert_str_eq(e.field, "width");
	cr_assert_eq(chart_png(&c, 500, 100000, &b, &e), -1);
	cr_assert_str_eq(e.field, "height");
	buf_reset(&b);
	cr_assert_eq(chart_png(&c, 24, 12, &b, &e), 0, "a chart too small for its plot is still a picture");
	cr_assert_eq(be32((const unsigned char *)b.data + 16), 24);
	c.ncategories = 0;
	cr_assert_eq(chart_png(&c, 500, 260, &b, &e), -1);
	cr_assert_str_eq(e.field, "ncategories");
	buf_release(&b);
}

Test(chart, ceiling_is_too_large)
{
	double v[] = { 10, 20, 30 };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_BAR, s, 1, 3);
	struct buf b;
	struct err e;

	buf_init(&b, 600);
	cr_assert_eq(buf_append_str(&b, "before", &e), 0);
	cr_assert_eq(chart_svg(&c, W, H, &b, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_eq(b.len, 6, "a refused chart leaves the buffer as it was");
	cr_assert_str_eq(b.data, "before");
	cr_assert_eq(chart_png(&c, W, H, &b, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(b.data, "before");
	buf_release(&b);
}

Test(chart, bars_where_the_values_are)
{
	double v[] = { 80, NAN, 40, 0 };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_BAR, s, 1, 4);
	struct chart_frame f;
	uint32_t blue = series_rgb(0);

	chart_layout(&c, 0, 0, W, H, &f);
	cairo_surface_t *img = render(&c);
	double x0 = chart_slot_centre(&f, c.kind, 0), x1 = chart_slot_centre(&f, c.kind, 1);
	double x2 = chart_slot_centre(&f, c.kind, 2);
	cr_assert_eq(pixel(img, x0, chart_value_pos(&f, c.kind, 78)), blue);
	cr_assert_eq(pixel(img, x0, chart_value_pos(&f, c.kind, 2)), blue);
	cr_assert_neq(pixel(img, x0, chart_value_pos(&f, c.kind, 82)), blue, "the bar of 80 stops at 80");
	cr_assert_eq(pixel(img, x2, chart_value_pos(&f, c.kind, 38)), blue);
	cr_assert_neq(pixel(img, x2, chart_value_pos(&f, c.kind, 42)), blue);
	cr_assert_eq(count_near(img, x1 - f.slot / 2, x1 + f.slot / 2, 0, H, blue, 40), 0,
	             "no bar for a missing value");
	cr_assert_eq(count_near(img, f.px + 3 * f.slot, f.px + 4 * f.slot, f.py, chart_value_pos(&f, c.kind, 0) - 1,
	                        blue, 40),
	             0, "a bar of 0 has no height");
	cairo_surface_destroy(img);
}

Test(chart, stacks_and_rows)
{
	double a[] = { 30 }, b[] = { 50 };
	struct chart_series s[] = { { "a", a }, { "b", b } };
	struct chart c = chart_of(CHART_STACKED_BAR, s, 2, 1);
	struct chart_frame f;

	chart_layout(&c, 0, 0, W, H, &f);
	cairo_surface_t *img = render(&c);
	double x = chart_slot_centre(&f, c.kind, 0);
	cr_assert_eq(pixel(img, x, chart_value_pos(&f, c.kind, 15)), series_rgb(0));
	cr_assert_eq(pixel(img, x, chart_value_pos(&f, c.kind, 55)), series_rgb(1));
	cr_assert_eq(pixel(img, x, chart_value_pos(&f, c.kind, 75)), series_rgb(1), "b sits on a: 30..80");
	cr_assert_eq(pixel(img, x, chart_value_pos(&f, c.kind, 85)), 0xffffff);
	cairo_surface_destroy(img);

	double h[] = { 50, NAN, 90 };
	struct chart_series one[] = { { "compliance", h } };
	c = chart_of(CHART_HBAR, one, 1, 3);
	chart_layout(&c, 0, 0, W, H, &f);
	img = render(&c);
	double y0 = chart_slot_centre(&f, c.kind, 0), y1 = chart_slot_centre(&f, c.kind, 1);
	cr_assert_eq(pixel(img, chart_value_pos(&f, c.kind, 45), y0), series_rgb(0));
	cr_assert_neq(pixel(img, chart_value_pos(&f, c.kind, 55), y0), series_rgb(0));
	cr_assert_eq(pixel(img, chart_value_pos(&f, c.kind, 85), chart_slot_centre(&f, c.kind, 2)), series_rgb(0));
	cr_assert_eq(count_near(img, f.px, f.px + f.pw, y1 - f.slot / 2, y1 + f.slot / 2, series_rgb(0), 40), 0);
	cr_assert(f.label_w > 0 && f.px > f.label_w, "the category labels are left of the bars");
	cairo_surface_destroy(img);
}

Test(chart, line_breaks_at_missing_values)
{
	double v[] = { 50, 50, NAN, NAN, 50, 50 };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_LINE, s, 1, 6);
	struct chart_frame f;
	uint32_t blue = series_rgb(0);

	chart_layout(&c, 0, 0, W, H, &f);
	cairo_surface_t *img = render(&c);
	double y = chart_value_pos(&f, c.kind, 50);
	double mid01 = (chart_slot_centre(&f, c.kind, 0) + chart_slot_centre(&f, c.kind, 1)) / 2;
	double mid45 = (chart_slot_centre(&f, c.kind, 4) + chart_slot_centre(&f, c.kind, 5)) / 2;
	cr_assert(count_near(img, mid01 - 1, mid01 + 1, y - 3, y + 3, blue, 8) > 0, "the line joins 0 and 1");
	cr_assert(count_near(img, mid45 - 1, mid45 + 1, y - 3, y + 3, blue, 8) > 0, "the line joins 4 and 5");
	cr_assert_eq(count_near(img, chart_slot_centre(&f, c.kind, 1) + 8, chart_slot_centre(&f, c.kind, 4) - 8, f.py,
	                        f.py + f.ph, blue, 60),
	             0, "nothing is drawn over the missing values");
	cairo_surface_destroy(img);
}

/* Pixels darker than mid grey (text, the threshold) in a band of rows across the left half of the plot. */
static int
dark_in_rows(cairo_surface_t *img, const struct chart_frame *f, double y0, double y1)
{
	int n = 0;

	for (int y = (int)floor(y0); y <= (int)floor(y1); y++) {
		for (int x = (int)ceil(f->px); x < (int)(f->px + f->pw / 2); x++) {
			n += near(pixel(img, x, y), 0x000000, 0x80);
		}
	}
	return n;
}

Test(chart, threshold_at_its_value)
{
	double v[] = { 10, 20, 30 };
	struct chart_series s[] = { { "a", v } };
	struct chart c = chart_of(CHART_LINE, s, 1, 3);
	struct chart_frame f;

	chart_layout(&c, 0, 0, W, H, &f);
	double y = chart_value_pos(&f, c.kind, 75);
	cairo_surface_t *img = render(&c);
	cr_assert_eq(dark_in_rows(img, &f, y - 1, y + 1), 0, "no threshold asked for, none drawn");
	cairo_surface_destroy(img);

	c.has_threshold = true;
	c.threshold = 75;
	c.threshold_label = "Target";
	img = render(&c);
	int on = dark_in_rows(img, &f, y - 1, y + 1);
	cr_assert(on > (int)(f.pw / 2 * 0.3), "a dashed line at 75: %d dark pixels", on);
	cr_assert_eq(dark_in_rows(img, &f, y + 6, y + 12), 0);
	cr_assert_eq(dark_in_rows(img, &f, y - 12, y - 6), 0);
	cairo_surface_destroy(img);
}

Test(chart, empty_chart_says_no_data)
{
	double v[] = { NAN, NAN, NAN, NAN };
	struct chart_series s[] = { { "a", v }, { "b", v } };
	struct chart c = chart_of(CHART_BAR, s, 2, 4);
	struct chart_frame f;
	struct buf b;
	struct err e;

	c.y_fixed = false;
	chart_layout(&c, 0, 0, W, H, &f);
	cr_assert(f.empty);
	cr_assert(f.scale.nticks >= 4, "an empty chart still has its axis");
	cairo_surface_t *img = render(&c);
	cr_assert_eq(count_near(img, f.px, f.px + f.pw, f.py, f.py + f.ph, series_rgb(0), 40), 0);
	cr_assert_eq(count_near(img, f.px, f.px + f.pw, f.py, f.py + f.ph, series_rgb(1), 40), 0);
	cr_assert(count_near(img, f.px + f.pw / 3, f.px + f.pw * 2 / 3, f.py + f.ph / 3, f.py + f.ph * 2 / 3, 0x555555,
	                     0x30) > 20,
	          "the message is in the middle of the plot");
	cairo_surface_destroy(img);
	buf_init(&b, 1 << 22);
	cr_assert_eq(chart_png(&c, W, H, &b, &e), 0, "%s", e.message);
	buf_release(&b);
}

Test(chart, many_categories_and_series)
{
	static const char *labels[CHART_MAX_CATEGORIES];
	static char text[CHART_MAX_CATEGORIES][16];
	static double v[CHART_MAX_SERIES][CHART_MAX_CATEGORIES];
	struct chart_series s[CHART_MAX_SERIES];
	struct chart_frame f;

	for (size_t j = 0; j < CHART_MAX_CATEGORIES; j++) {
		snprintf(text[j], sizeof(text[j]), "2026-%02zu-%02zu", 1 + j / 28, 1 + j % 28);
		labels[j] = text[j];
		for (size_t i = 0; i < CHART_MAX_SERIES; i++) {
			v[i][j] = (double)((i * 7 + j * 13) % 50);
		}
	}
	for (size_t i = 0; i < CHART_MAX_SERIES; i++) {
		s[i].name = "a series with a long name";
		s[i].values = v[i];
	}
	struct chart c = { .kind = CHART_LINE,
		           .categories = labels,
		           .ncategories = CHART_MAX_CATEGORIES,
		           .series = s,
		           .nseries = CHART_MAX_SERIES };
	chart_layout(&c, 0, 0, W, H, &f);
	cr_assert(f.label_every > 1, "120 dates do not fit side by side");
	cr_assert(f.slot * (double)f.label_every > 60, "shown labels do not overlap");
	cr_assert(f.ph > 60, "the legend leaves room for the plot (%g)", f.ph);
	cairo_surface_t *img = render(&c);
	cairo_surface_destroy(img);
}

/*
 * Pango, cairo and fontconfig keep bounded caches, but a chart must not
 * keep anything: LeakSanitizer cannot see a lost font map (fontconfig still
 * points into it), so the heap is weighed instead.  A lost font map is
 * ~170 KB a chart; the caches settle well under the bound.  (Under ASan
 * mallinfo2 counts nothing and this passes trivially.)
 */
Test(chart, no_growth_per_chart)
{
	double v[] = { 97, 92.5, NAN, 99 };
	struct chart_series s[] = { { "P1", v }, { "P2", v } };
	struct chart c = chart_of(CHART_LINE, s, 2, 4);
	struct buf b;
	struct err e;
	size_t before = 0;

	buf_init(&b, 1 << 22);
	for (int n = 0; n < 60; n++) {
		if (n == 20) {
			before = mallinfo2().uordblks;
		}
		buf_reset(&b);
		cr_assert_eq(chart_png(&c, 320, 160, &b, &e), 0, "%s", e.message);
	}
	size_t after = mallinfo2().uordblks;
	cr_assert(after < before + 2000000, "40 charts kept %zu bytes", after - before);
	buf_release(&b);
}

/* Random charts of every kind, extreme values and sizes included: drawn, or refused by name, never a crash. */
Test(chart, random_charts)
{
	static const double extremes[] = { NAN, 0, -1, 1e-300, -1e-300, 1e12, -1e12, 1e300, -1e300, 5e-7, 123.456 };
	static double v[4][8];
	struct chart_series s[4];
	uint32_t seed = 99;
	struct buf b;
	struct err e;

	buf_init(&b, 1 << 22);
	for (int n = 0; n < 150; n++) {
		seed = seed * 1103515245u + 12345u;
		size_t nseries = 1 + seed % 4, ncat = 1 + (seed >> 8) % 6;
		enum chart_kind kind = (enum chart_kind)((seed >> 16) % CHART_KIND_COUNT);
		for (size_t i = 0; i < 4; i++) {
			for (size_t j = 0; j < 8; j++) {
				seed = seed * 1103515245u + 12345u;
				v[i][j] = seed % 3 == 0 ? extremes[(seed >> 4) % 11] : (double)(seed % 1000) / 7.0;
			}
			s[i].name = "s";
			s[i].values = v[i];
		}
		struct chart c = chart_of(kind, s, kind == CHART_HBAR ? 1 : nseries, ncat);
		c.y_fixed = (seed >> 20) % 3 == 0;
		c.has_threshold = (seed >> 22) % 2 == 0;
		c.threshold = extremes[(seed >> 12) % 11];
		c.threshold_label = "t";
		buf_reset(&b);
		int w = 20 + (int)((seed >> 3) % 700), h = 10 + (int)((seed >> 5) % 400);
		if (chart_png(&c, w, h, &b, &e) != 0) {
			cr_assert_eq(e.code, ERR_INVALID, "%s: %s", e.field, e.message);
			cr_assert_neq(e.field[0], '\0');
		}
	}
	buf_release(&b);
}
