/*
 * pack_format.h - the formats a review pack is rendered in, by name and
 * media type.  Part of the program, not of the reporting library (see
 * render.h), so a request is checked without loading the library.
 */
#ifndef LEVERA_REPORT_PACK_FORMAT_H
#define LEVERA_REPORT_PACK_FORMAT_H

#include "base/err.h"

enum pack_format { PACK_HTML, PACK_CSV, PACK_XLSX, PACK_PDF, PACK_FORMAT_COUNT };

/* "html", "csv", "xlsx" or "pdf"; ERR_INVALID naming field otherwise. */
int pack_format_parse(const char *s, const char *field, enum pack_format *f, struct err *e);

const char *pack_format_name(enum pack_format f);

/* The media type of a rendered pack, e.g. "application/pdf". */
const char *pack_format_content_type(enum pack_format f);

#endif
