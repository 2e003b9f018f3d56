/*
 * pack.h - renders a monthly service review pack: the document that
 * app/review.c builds (and GET /api/v1/reports/review answers as JSON) into
 * HTML, CSV, XLSX or PDF.  The renderers only lay the document out: every
 * figure is already in it, so the four formats always agree.  They do not
 * look anything up and do not read the clock.
 *
 * The document (docs/review-pack.md has the full description); numbers that
 * may be absent are null, money is a decimal string in major units:
 *
 *   {"customer":{"id","name","time_zone"}, "month":"2026-10",
 *    "period":{"start","end"}, "generated_at", "partial":bool,
 *    "agreements":[{"id","name","type","valid_from","valid_to","services":[name],
 *                   "hours":"Monday-Friday 08:00-16:00 Copenhagen time, except holidays",
 *                   "targets":[{"metric","priority","target_s"}]}],
 *    "volumes":{"created","resolved","backlog"},
 *    "compliance":[{"agreement","metric","priority","target_s","met","breached",
 *                   "compliance":%|null,
 *                   "trend":[{"month","met","breached","compliance":%|null}]}],   (12 months, oldest first)
 *    "breaches":[{"ticket","ref"|null,"subject","service"|null,"agreement","metric","priority",
 *                 "target_s","elapsed_business_s","overrun_business_s","breached_at"}],
 *    "availability":[{"service","agreed_s","downtime_s","availability":%|null,"outages",
 *                     "mttr_s"|null,"mtbf_s"|null}],
 *    "csat":{"average"|null,"ratings","response_rate"|null,
 *            "comments":[{"ticket","ref"|null,"score","comment","at"}]},
 *    "nps":{"score"|null,"answers","promoters","passives","detractors",
 *           "comments":[{"score","comment","at"}]},
 *    "credits":{"currency"|null,"fee_per_month"|null,"total","total_pct",
 *               "lines":[{"agreement","rule","measured":%|null,"threshold","credit_pct",
 *                         "applies":bool,"amount"}]},
 *    "improvements":[{"title","status","owner"|null,"due"|null}],        (may be absent)
 *    "planned_activities":[{"title","when","note"|null}]}               (may be absent)
 */
#ifndef LEVERA_REPORT_PACK_H
#define LEVERA_REPORT_PACK_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/pack_format.h"

/*
 * Renders pack (the document above) as f, appended to out.  A document
 * that does not have the shape above is ERR_INVALID naming the field; text
 * from the document is escaped for the format (HTML, CSV quoting, and a
 * leading =, +, - or @ neutralised so a spreadsheet never runs it).
 */
int pack_render(const json_t *pack, enum pack_format f, struct buf *out, struct err *e);

#endif
