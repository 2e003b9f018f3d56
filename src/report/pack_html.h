/*
 * pack_html.h - the review pack as one self-contained, printable HTML document.
 * Called by pack_render (pack.c) with a document that passed pack_check.
 */
#ifndef LEVERA_REPORT_PACK_HTML_H
#define LEVERA_REPORT_PACK_HTML_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends the rendering of pack (checked by pack_check) to out. */
int pack_render_html(const json_t *pack, struct buf *out, struct err *e);

#endif
