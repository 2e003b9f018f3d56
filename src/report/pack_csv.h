/*
 * pack_csv.h - the review pack as one RFC 4180 CSV file, a section column first.
 * Called by pack_render (pack.c) with a document that passed pack_check.
 */
#ifndef LEVERA_REPORT_PACK_CSV_H
#define LEVERA_REPORT_PACK_CSV_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends the rendering of pack (checked by pack_check) to out. */
int pack_render_csv(const json_t *pack, struct buf *out, struct err *e);

#endif
