/*
 * render.h - the reporting library (charts and review packs, with cairo,
 * pango and libxlsxwriter) is a shared object beside the program,
 * levera-report.so, loaded the first time something is drawn: a server
 * that only answers the API never maps those libraries (a few megabytes
 * of resident memory).  These wrap chart.h's and pack.h's entry points.
 */
#ifndef LEVERA_REPORT_RENDER_H
#define LEVERA_REPORT_RENDER_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/chart.h"
#include "report/pack.h"

/* chart_svg, through the library; ERR_INTERNAL naming the library when it cannot be loaded. */
int render_chart_svg(const struct chart *c, double w, double h, struct buf *out, struct err *e);

/* pack_render, through the library; ERR_INTERNAL naming the library when it cannot be loaded. */
int render_pack(const json_t *pack, enum pack_format f, struct buf *out, struct err *e);

#endif
