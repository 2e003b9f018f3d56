/*
 * kpi.h - the KPIs of docs/kpis.md summed per calendar month: the facts of
 * each ticket (ticket_facts.h) go into the month containing their instant,
 * the backlog is counted at each month's end, and means and nearest-rank
 * percentiles are taken at the end.  Pure: UTC months only (per-customer
 * time zones come later); no store, no clock reads.
 */
#ifndef LEVERA_DOMAIN_KPI_H
#define LEVERA_DOMAIN_KPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/ticket.h"
#include "domain/ticket_facts.h"

/* The longest window one query may cover. */
#define KPI_MONTHS_MAX 24

/* A growing set of values (seconds). */
struct kpi_values {
	int64_t *v;
	size_t n, cap;
};

/* Mean, median (p50) and p90 by nearest rank; has is false for an empty set. */
struct kpi_stats {
	bool has;
	size_t n;
	double mean;
	int64_t median, p90;
};

/* What one month sums. */
struct kpi_month {
	int64_t index;      /* year * 12 + month - 1 */
	int64_t start, end; /* [start, end), UTC */
	int64_t sla_met, sla_breached;
	struct kpi_values response_s, resolution_s; /* business seconds of stopped SLA clocks */
	int64_t created, resolved, reopened, fcr, backlog;
	int64_t escalations[4]; /* by enum fact_escalation */
	int64_t ratings, rating_sum;
	int64_t work_logged_s;
};

struct kpi_series {
	struct kpi_month months[KPI_MONTHS_MAX];
	size_t n;
};

/* Parses "YYYY-MM" (1970..9999) into a month index (year * 12 + month - 1); ERR_INVALID naming field. */
int kpi_month_parse(const char *s, const char *field, int64_t *index, struct err *e);

/* "YYYY-MM" of a month index into out. */
char *kpi_month_format(int64_t index, char out[8]);

/* The month index of UTC instant t. */
int64_t kpi_month_of(int64_t t);

/* The instant month index starts at (UTC). */
int64_t kpi_month_start(int64_t index);

/* n (1..KPI_MONTHS_MAX) months from month index from on; release with kpi_series_release. */
void kpi_series_init(struct kpi_series *s, int64_t from, size_t n);
void kpi_series_release(struct kpi_series *s);

/* The window: the first month's start, the last month's end. */
int64_t kpi_series_start(const struct kpi_series *s);
int64_t kpi_series_end(const struct kpi_series *s);

/* The month containing t, or NULL outside the window. */
struct kpi_month *kpi_series_month(struct kpi_series *s, int64_t t);

/*
 * Adds the n facts of one ticket.  Only SLA clocks count (an OLA's or UC's
 * never count toward the customer); times take one clock per metric, the
 * first SLA's (the lowest in the ticket's clock array).
 */
void kpi_add_facts(struct kpi_series *s, const struct ticket_fact *facts, size_t n);

/* True when the ticket of the n events evs was open just before t: created before t, not resolved or closed. */
bool kpi_open_before(const struct ticket_event *evs, size_t n, int64_t t);

/* Counts the ticket in the backlog of each month it was open at the end of. */
void kpi_add_backlog(struct kpi_series *s, const struct ticket_event *evs, size_t n);

/* Adds count tickets open at every month's end (open and untouched since before the window). */
void kpi_add_backlog_all(struct kpi_series *s, int64_t count);

/* The value at nearest rank ceil(pct / 100 * n) of n sorted values (n > 0). */
int64_t kpi_nearest_rank(const int64_t *sorted, size_t n, int pct);

/* The stats of v (sorted in place). */
void kpi_stats_of(struct kpi_values *v, struct kpi_stats *out);

/* The months as a JSON array (a new reference); those ending after now are "partial". */
json_t *kpi_series_to_json(struct kpi_series *s, int64_t now);

#endif
