/*
 * kpi.h - the KPIs of docs/kpis.md from the rollups of domain/kpi_fact.h:
 * sums of counts, totals and histograms, then the figures (ratios, means,
 * nearest-rank percentiles from the histograms).  And months as indexes.
 * Pure: no store, no clock reads.
 */
#ifndef LEVERA_DOMAIN_KPI_H
#define LEVERA_DOMAIN_KPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/ticket.h"
#include "domain/kpi_fact.h"

/* The longest window one query may cover. */
#define KPI_MONTHS_MAX 24

/*
 * What a set of rollups sums to (one month, or one group over a window):
 * per series (domain/kpi_fact.h) the count, the total and, for the series
 * with one, the histogram (dense, allocated at its first value).
 */
struct kpi_acc {
	int64_t n[KS_SERIES_END], total[KS_SERIES_END];
	int64_t *hist[KS_SERIES_END];
	int64_t backlog; /* tickets open at the end (the running sum of KS_OPEN_DELTA) */
};

/* Adds one rollup to a; ERR_INVALID when its histogram is corrupt. */
int kpi_acc_add(struct kpi_acc *a, int series, int64_t n, int64_t total, const void *hist, size_t hist_len,
                struct err *e);

/* Frees the histograms; a stays usable (empty). */
void kpi_acc_release(struct kpi_acc *a);

/*
 * Sets the figures of docs/kpis.md that a sums on out (an object): SLA
 * compliance and counts, times (count, mean, median, p90), volumes, rates,
 * escalations, CSAT, work and handling time.  Ratios over nothing are null.
 */
void kpi_acc_figures(const struct kpi_acc *a, json_t *out);

/* Parses "YYYY-MM" (1970..9999) into a month index (year * 12 + month - 1); ERR_INVALID naming field. */
int kpi_month_parse(const char *s, const char *field, int64_t *index, struct err *e);

/* "YYYY-MM" of a month index into out. */
char *kpi_month_format(int64_t index, char out[8]);

/* The month index of UTC instant t. */
int64_t kpi_month_of(int64_t t);

/* The instant month index starts at (UTC). */
int64_t kpi_month_start(int64_t index);

#endif
