/*
 * pack_pdf_table.h - the page machinery of the PDF pack: A4 pages with a
 * running header and "Page n of m", text set with pango, and tables whose
 * header row repeats after a page break.  Private to pack_pdf*.c.
 */
#ifndef LEVERA_REPORT_PACK_PDF_TABLE_H
#define LEVERA_REPORT_PACK_PDF_TABLE_H

#include <cairo.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/pack_internal.h"

#define PDF_PAGE_W 595.28 /* A4 in points */
#define PDF_PAGE_H 841.89
#define PDF_MARGIN 48.0
#define PDF_BODY_W (PDF_PAGE_W - 2 * PDF_MARGIN)
#define PDF_TOP 80.0                   /* where the body starts, below the running header */
#define PDF_BOTTOM (PDF_PAGE_H - 64.0) /* where it ends, above the footer */
#define PDF_ROW_H 17.0                 /* a table row */
#define PDF_LINE 14.0                  /* a line of body text */
#define PDF_MAX_LINES 12               /* a wrapped text is cut (with an ellipsis) after so many lines */

enum pdf_font {
	PDF_FONT_BODY,
	PDF_FONT_BOLD,
	PDF_FONT_SMALL,
	PDF_FONT_CELL,
	PDF_FONT_CELL_BOLD,
	PDF_FONT_H2,
	PDF_FONT_HEADING,
	PDF_FONT_H1,
	PDF_FONT_TITLE,
	PDF_FONT_COUNT
};

enum pdf_colour {
	PDF_INK,
	PDF_MUTED,
	PDF_WHITE,
	PDF_BLUE,
	PDF_HEAD_BG,
	PDF_RULE,
	PDF_AMBER,
	PDF_AMBER_DARK,
	PDF_RED_BG,
	PDF_COLOUR_COUNT
};

/* Flags of a text or a column. */
#define PDF_RIGHT 1u /* right-aligned */
#define PDF_WRAP 2u  /* wrapped over lines (else one line, ellipsized) */

/* A column: its header, its share of the body width and its flags. */
struct pdf_col {
	const char *header;
	double share;
	unsigned flags;
};

struct pdf_table {
	const struct pdf_col *cols;
	size_t n;
};

/* One pass of the layout. */
struct pdf {
	const json_t *pack;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *font_map; /* of this pass only */
	PangoLayout *layout;
	PangoFontDescription *fonts[PDF_FONT_COUNT];
	const struct pdf_table *table; /* the table being drawn, its header repeated on a new page; NULL: none */
	char running[2 * PACK_TEXT_MAX];
	double y;        /* the top of what comes next */
	int page;        /* 1-based */
	int pages;       /* the count of the first pass; 0 in the first pass */
	struct buf *out; /* NULL in the first pass */
	struct err *e;
	int rc; /* the first failure writing out */
};

/* Sets up the fonts and the first page (the cover: no running header); title runs on the other pages. */
void pdf_open(struct pdf *p, const char *title);

/* Frees what pdf_open made. */
void pdf_close(struct pdf *p);

void pdf_new_page(struct pdf *p);

/* Starts a new page unless h more points fit on this one. */
void pdf_need(struct pdf *p, double h);

/* Draws s at (x, y) in width w; returns the height it takes. */
double pdf_text(struct pdf *p, const char *s, const PangoFontDescription *f, double x, double y, double w,
                enum pdf_colour c, unsigned flags);

/* The height s would take. */
double pdf_measure(struct pdf *p, const char *s, const PangoFontDescription *f, double w, unsigned flags);

void pdf_fill(struct pdf *p, double x, double y, double w, double h, enum pdf_colour c);

/* A section heading, kept with at least the first lines of what follows. */
void pdf_heading(struct pdf *p, const char *title);

void pdf_subheading(struct pdf *p, const char *title);

/* A label and its value (wrapped) on one line of a definition list. */
void pdf_pair(struct pdf *p, const char *label, const char *value);

/* A small, muted paragraph under a table or a chart. */
void pdf_note(struct pdf *p, const char *text);

void pdf_table_head(struct pdf *p, const struct pdf_table *t);

/* One row; levels (NULL: none) highlights a cell below 100 % or below a credit threshold. */
void pdf_table_row(struct pdf *p, const struct pdf_table *t, const char *const *cells, const enum pack_level *levels);

/* The bold total row closing a table: label over all columns but the last, value in the last. */
void pdf_table_total(struct pdf *p, const char *label, const char *value);

#endif
