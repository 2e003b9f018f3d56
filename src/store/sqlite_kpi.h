/*
 * sqlite_kpi.h - the SQLite backend's KPI rollups: applying the writer's
 * KPI operations and the reads that follow ticket changes and sum rollups.
 * Private to src/store/.
 */
#ifndef LEVERA_STORE_SQLITE_KPI_H
#define LEVERA_STORE_SQLITE_KPI_H

#include "store/sqlite.h"

/* OP_KPI_ADD and OP_TICKET_KPI, on the writer's connection. */
int sqlite_kpi_apply(struct sqlite_conn *c, const struct store_op *op, struct err *e);

int sqlite_kpi_read(struct store *s, const struct store_kpi_query *q, store_kpi_row_fn fn, void *ctx, struct err *e);
int sqlite_ticket_kpi_get(struct store *s, const char *id, unsigned char **facts, size_t *facts_len,
                          unsigned char **clock, size_t *clock_len, struct err *e);
int sqlite_ticket_kpi_scan(struct store *s, const char *customer_id, int64_t from, int64_t to, bool newest_first,
                           store_ticket_kpi_fn fn, void *ctx, struct err *e);
int sqlite_outages(struct store *s, const char *service_id, int64_t from, int64_t to, struct store_outage *out,
                   size_t cap, size_t *n, struct err *e);
int sqlite_ticket_changes(struct store *s, int64_t after_seq, const char *after_id, size_t limit, char **ids,
                          int64_t *seqs, size_t *n, struct err *e);

#endif
