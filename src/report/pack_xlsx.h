/*
 * pack_xlsx.h - the review pack as an Excel workbook, one worksheet per section (libxlsxwriter).
 * Called by pack_render (pack.c) with a document that passed pack_check.
 */
#ifndef LEVERA_REPORT_PACK_XLSX_H
#define LEVERA_REPORT_PACK_XLSX_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends the rendering of pack (checked by pack_check) to out. */
int pack_render_xlsx(const json_t *pack, struct buf *out, struct err *e);

#endif
