/*
 * sqlite_kpi.c - see sqlite_kpi.h.  A rollup is read, merged with its
 * delta (counts added, histograms merged by base/hist.c) and written back
 * on the writer's thread, so concurrent deltas cannot lose one another;
 * one that comes to nothing is deleted rather than kept as zeros.
 */
#include "store/sqlite_kpi.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hist.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

static void
bind_key(sqlite3_stmt *st, const struct store_kpi_key *k)
{
	sqlite3_bind_int64(st, 1, k->month);
	sqlite3_bind_int(st, 2, k->series);
	sqlite3_bind_text(st, 3, k->customer_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->service_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, k->priority);
	sqlite3_bind_text(st, 6, k->agreement_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, k->team_id, -1, SQLITE_STATIC);
}

static int
kpi_add(struct sqlite_conn *c, const struct store_kpi_op *op, struct err *e)
{
	sqlite3_stmt *get = sqlite_stmt(c, STMT_KPI_GET, e), *put;
	int64_t n = op->dn, total = op->dtotal;
	struct buf hist;
	int rc;

	if (get == NULL) {
		return -1;
	}
	buf_init(&hist, STORE_DOC_MAX);
	bind_key(get, &op->key);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW) {
		n += sqlite3_column_int64(get, 0);
		total += sqlite3_column_int64(get, 1);
		rc = hist_merge(sqlite3_column_blob(get, 2), (size_t)sqlite3_column_bytes(get, 2), op->hist,
		                op->hist_len, &hist, e);
	} else if (rc == SQLITE_DONE) {
		rc = hist_merge(NULL, 0, op->hist, op->hist_len, &hist, e);
	} else {
		rc = sqlite_fail(e, c, rc, "reading a KPI rollup");
	}
	sqlite3_reset(get);
	if (rc != 0) {
		buf_release(&hist);
		return -1;
	}
	bool empty = n == 0 && total == 0 && hist.len == 0;
	put = sqlite_stmt(c, empty ? STMT_KPI_DELETE : STMT_KPI_PUT, e);
	if (put == NULL) {
		buf_release(&hist);
		return -1;
	}
	bind_key(put, &op->key);
	if (!empty) {
		sqlite3_bind_int64(put, 8, n);
		sqlite3_bind_int64(put, 9, total);
		if (hist.len > 0) {
			sqlite3_bind_blob(put, 10, hist.data, (int)hist.len, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(put, 10);
		}
	}
	rc = sqlite3_step(put);
	sqlite3_reset(put);
	buf_release(&hist);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(e, c, rc, "writing a KPI rollup");
}

static int
ticket_kpi_put(struct sqlite_conn *c, const struct store_kpi_op *op, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, STMT_TICKET_KPI_PUT, e);
	static const char none = 0;
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, op->ticket_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, op->hist_len > 0 ? op->hist : &none, (int)op->hist_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, op->key.customer_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, op->key.service_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, op->created_at);
	sqlite3_bind_blob(st, 6, op->clock_len > 0 ? op->clock : &none, (int)op->clock_len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(e, c, rc, "writing a ticket's KPI facts");
}

static int
outage_put(struct sqlite_conn *c, const struct store_kpi_op *op, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, op->has_outage ? STMT_OUTAGE_PUT : STMT_OUTAGE_DELETE, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, op->ticket_id, -1, SQLITE_STATIC);
	if (op->has_outage) {
		sqlite3_bind_text(st, 2, op->key.service_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, op->outage_start);
		if (op->outage_end == TIME_NONE) {
			sqlite3_bind_null(st, 4);
		} else {
			sqlite3_bind_int64(st, 4, op->outage_end);
		}
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(e, c, rc, "writing an outage");
}

int
sqlite_kpi_apply(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	switch (op->type) {
	case OP_KPI_ADD:
		return kpi_add(c, &op->u.kpi, e);
	case OP_OUTAGE:
		return outage_put(c, &op->u.kpi, e);
	default:
		return ticket_kpi_put(c, &op->u.kpi, e);
	}
}

int
sqlite_outages(struct store *s, const char *service_id, int64_t from, int64_t to, struct store_outage *out, size_t cap,
               size_t *n, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	sqlite3_stmt *st;
	int rc = -1;

	*n = 0;
	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_OUTAGE_LIST, e);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, service_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
			out[*n].start = sqlite3_column_int64(st, 0);
			out[*n].end =
			        sqlite3_column_type(st, 1) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(st, 1);
			(*n)++;
		}
		rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sqlite_fail(e, c, rc, "listing outages");
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

/* Runs st (bound) to its end in a read snapshot, calling fn per row. */
static int
read_rows(struct sqlite_conn *c, sqlite3_stmt *st, store_kpi_row_fn fn, void *ctx, struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_kpi_row row = {
			.key = { .month = sqlite3_column_int64(st, 0),
			         .series = sqlite3_column_int(st, 1),
			         .customer_id = (const char *)sqlite3_column_text(st, 2),
			         .service_id = (const char *)sqlite3_column_text(st, 3),
			         .priority = sqlite3_column_int(st, 4),
			         .agreement_id = (const char *)sqlite3_column_text(st, 5),
			         .team_id = (const char *)sqlite3_column_text(st, 6) },
			.n = sqlite3_column_int64(st, 7),
			.total = sqlite3_column_int64(st, 8),
			.hist = sqlite3_column_blob(st, 9),
			.hist_len = (size_t)sqlite3_column_bytes(st, 9),
		};
		int stop = fn(ctx, &row, e);
		if (stop != 0) {
			return stop;
		}
	}
	return rc == SQLITE_DONE ? 0 : sqlite_fail(e, c, rc, "reading KPI rollups");
}

int
sqlite_kpi_read(struct store *s, const struct store_kpi_query *q, store_kpi_row_fn fn, void *ctx, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	enum stmt_id id = q->customer_id != NULL ? STMT_KPI_READ_CUSTOMER : STMT_KPI_READ;
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, id, e);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, q->month_from);
		sqlite3_bind_int64(st, 2, q->month_to);
		sqlite3_bind_text(st, 3, q->service_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, q->series);
		sqlite3_bind_text(st, 5, q->customer_id, -1, SQLITE_STATIC);
		rc = read_rows(c, st, fn, ctx, e);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

/* A copy of column i's blob into *out (NULL and 0 when empty). */
static void
copy_blob(sqlite3_stmt *st, int i, unsigned char **out, size_t *len)
{
	size_t n = (size_t)sqlite3_column_bytes(st, i);

	*out = n > 0 ? xmalloc(n) : NULL;
	*len = n;
	if (n > 0) {
		memcpy(*out, sqlite3_column_blob(st, i), n);
	}
}

int
sqlite_ticket_kpi_get(struct store *s, const char *id, unsigned char **facts, size_t *facts_len, unsigned char **clock,
                      size_t *clock_len, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_TICKET_KPI_GET, e);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			copy_blob(st, 0, facts, facts_len);
			copy_blob(st, 1, clock, clock_len);
			/* A ticket counted with no facts still has a row: tell it from one never counted. */
			if (*facts == NULL) {
				*facts = xmalloc(1);
			}
			rc = 0;
		} else {
			rc = rc == SQLITE_DONE ? 0 : sqlite_fail(e, c, rc, "reading a ticket's KPI facts");
		}
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

int
sqlite_ticket_kpi_scan(struct store *s, const char *customer_id, int64_t from, int64_t to, bool newest_first,
                       store_ticket_kpi_fn fn, void *ctx, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	enum stmt_id id = newest_first ? STMT_TICKET_KPI_SCAN_DESC : STMT_TICKET_KPI_SCAN;
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, id, e);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, customer_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		rc = 0;
		int step = SQLITE_DONE;
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_ticket_kpi_row row = {
				.id = (const char *)sqlite3_column_text(st, 0),
				.service_id = (const char *)sqlite3_column_text(st, 1),
				.created_at = sqlite3_column_int64(st, 2),
				.clock = sqlite3_column_blob(st, 3),
				.clock_len = (size_t)sqlite3_column_bytes(st, 3),
				.facts = sqlite3_column_blob(st, 4),
				.facts_len = (size_t)sqlite3_column_bytes(st, 4),
			};
			rc = fn(ctx, &row, e);
		}
		if (rc == 0 && step != SQLITE_DONE) {
			rc = sqlite_fail(e, c, step, "scanning tickets' clock logs");
		}
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

int
sqlite_ticket_changes(struct store *s, int64_t after_seq, const char *after_id, size_t limit, char **ids, int64_t *seqs,
                      size_t *n, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	sqlite3_stmt *st;
	int rc = -1;

	*n = 0;
	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_TICKET_CHANGES, e);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, after_seq);
		sqlite3_bind_text(st, 2, after_id != NULL ? after_id : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)limit);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
			ids[*n] = xstrdup((const char *)sqlite3_column_text(st, 0));
			seqs[*n] = sqlite3_column_int64(st, 1);
			(*n)++;
		}
		rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sqlite_fail(e, c, rc, "listing changed tickets");
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}
