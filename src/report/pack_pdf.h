/*
 * pack_pdf.h - the review pack as an A4 PDF document (cairo and pango).
 * Called by pack_render (pack.c) with a document that passed pack_check.
 */
#ifndef LEVERA_REPORT_PACK_PDF_H
#define LEVERA_REPORT_PACK_PDF_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends the rendering of pack (checked by pack_check) to out. */
int pack_render_pdf(const json_t *pack, struct buf *out, struct err *e);

#endif
