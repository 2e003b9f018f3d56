/*
 * pack_internal.h - what the four review pack renderers share: the check of
 * the document's shape, accessors that trust a checked document, the text
 * forms of durations, percentages, money and instants, and the trend chart.
 * Private to src/report/pack*.c.
 */
#ifndef LEVERA_REPORT_PACK_INTERNAL_H
#define LEVERA_REPORT_PACK_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/chart.h"

/* Room for any text form below. */
#define PACK_TEXT_MAX 80

/* The lowest compliance line of the trend chart when no credit rule names one. */
#define PACK_DEFAULT_THRESHOLD 95.0

/* ERR_INVALID naming the first field (e.g. "compliance[2].trend[3].met") that breaks pack.h's shape. */
int pack_check(const json_t *pack, struct err *e);

/* Accessors for a checked document; o may be NULL. */
const char *pack_str(const json_t *o, const char *key);  /* NULL when null or absent */
const char *pack_text(const json_t *o, const char *key); /* "" when null or absent */
double pack_num(const json_t *o, const char *key);       /* NAN when null or absent */
int64_t pack_int(const json_t *o, const char *key);      /* 0 when null or absent */
bool pack_bool(const json_t *o, const char *key);
const json_t *pack_arr(const json_t *o, const char *key); /* NULL when absent: json_array_size is 0 */

/* Cuts s back to whole UTF-8 characters, after a snprintf that may have cut one in two. */
void pack_utf8_trim(char *s);

/* "2 d 4 h", "4 h 45 min", "30 min", "45 s": the two largest units; days of 24 h. */
char *pack_duration(int64_t s, char out[PACK_TEXT_MAX]);

/* "97.5 %", or an en dash when v is NAN. */
char *pack_pct(double v, char out[PACK_TEXT_MAX]);

/* A decimal string with thousands grouped and its currency: "1,250.00 EUR". */
char *pack_money(const char *amount, const char *currency, char out[PACK_TEXT_MAX]);

/* An RFC 3339 instant as "2026-10-14 09:32 UTC" (or "... +02:00"). */
char *pack_instant(const char *rfc3339, char out[PACK_TEXT_MAX]);

/* "2026-10" as "October 2026". */
char *pack_month_name(const char *month, char out[PACK_TEXT_MAX]);

/* A JSON number as text: integers exactly, reals with up to 4 decimals and no trailing zeros. */
char *pack_number(const json_t *v, char out[PACK_TEXT_MAX]);

/* The ticket's reference, or its id when it has none. */
const char *pack_ticket_ref(const json_t *o);

enum pack_level {
	PACK_LEVEL_MET,    /* 100 % or no figure */
	PACK_LEVEL_BELOW,  /* below 100 % */
	PACK_LEVEL_CREDIT, /* below a credit threshold of the agreement */
};

/* How a compliance or availability figure of agreement (NULL: any) is to be highlighted. */
enum pack_level pack_level(const json_t *pack, const char *agreement, double pct);

/* The lowest credit threshold in the document, PACK_DEFAULT_THRESHOLD when there is none. */
double pack_threshold(const json_t *pack);

/* The 12-month compliance trend of the document as a line chart, one series per target. */
struct pack_trend {
	struct chart chart;
	const char *categories[CHART_MAX_CATEGORIES];
	struct chart_series series[CHART_MAX_SERIES];
	char names[CHART_MAX_SERIES][PACK_TEXT_MAX];
	double values[CHART_MAX_SERIES][CHART_MAX_CATEGORIES];
	char threshold_label[PACK_TEXT_MAX];
};

/* Fills *t (borrowing strings of pack); false when there is no trend to draw. */
bool pack_trend_init(struct pack_trend *t, const json_t *pack);

#endif
