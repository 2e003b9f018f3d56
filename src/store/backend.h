/*
 * backend.h - what a storage backend implements (the SQLite one now, a
 * PostgreSQL one later): a table of functions, as git's ref_storage_be.
 * Private to src/store/; the rest of Levera sees only store.h.
 *
 * The generic part (store.c, writer.c) owns the write queue and the group
 * commit loop; a backend only runs one batch at a time on the writer's
 * thread, and answers reads from any thread.
 */
#ifndef LEVERA_STORE_BACKEND_H
#define LEVERA_STORE_BACKEND_H

#include <pthread.h>
#include <stdbool.h>

#include "base/err.h"
#include "store/cursor.h"
#include "store/store.h"
#include "store/store_write.h"

/* What write_apply returns besides 0 when the whole batch's transaction is lost. */
#define BACKEND_BATCH_LOST (-2)

struct store_backend {
	const char *name;

	/*
	 * Opens path and migrates it; returns a struct that starts with a
	 * struct store (its base), or NULL with e set.
	 */
	struct store *(*open)(const char *path, struct err *e);
	void (*close)(struct store *s);

	/*
	 * The writer's side, on one thread: begin a transaction, apply writes,
	 * commit durably or roll back.  An isolated write runs in its own
	 * savepoint (-1: it failed and was undone, the batch goes on); one that
	 * is not isolated leaves the transaction dirty when it fails.
	 * BACKEND_BATCH_LOST: the transaction is gone.  writer_idle is called
	 * when the queue is empty, for housekeeping (SQLite checkpoints).
	 */
	int (*batch_begin)(struct store *s, struct err *e);
	int (*write_apply)(struct store *s, const struct store_write *w, bool isolated, struct err *e);
	int (*batch_commit)(struct store *s, struct err *e);
	void (*batch_rollback)(struct store *s);
	void (*writer_idle)(struct store *s);
	/* From any thread: the housekeeping of writer_idle, without waiting for the writer (NULL: none). */
	void (*checkpoint)(struct store *s);

	/* Reads, from any thread; queries come checked by store.c. */
	int (*record_get)(struct store *s, const char *kind, const char *id, const char *key, struct store_record *out,
	                  struct err *e);
	int (*record_list)(struct store *s, const struct store_record_query *q, const struct cursor *after,
	                   size_t limit, struct store_record_page *page, struct err *e);
	int (*ticket_get)(struct store *s, const char *id, const char *ref, struct store_ticket *out,
	                  struct store_event_list *events, struct err *e);
	int (*tickets_exist)(struct store *s, const char *const *ids, const char *const *refs, size_t n, bool *found,
	                     struct err *e);
	int (*ticket_open_counts)(struct store *s, struct store_count *out, size_t cap, size_t *n, struct err *e);
	int (*ticket_sla_due)(struct store *s, int64_t before, size_t limit, struct store_ticket_page *page,
	                      struct err *e);
	int (*ticket_list)(struct store *s, const struct store_ticket_query *q, const struct cursor *after,
	                   size_t limit, struct store_ticket_page *page, struct err *e);
	int (*audit_list)(struct store *s, const struct store_audit_query *q, size_t limit,
	                  struct store_audit_page *page, struct err *e);
	int (*idempotency_get)(struct store *s, const char *actor_id, const char *key, struct store_idempotency *out,
	                       struct err *e);
	int (*job_get)(struct store *s, const char *name, struct store_job *out, struct err *e);
	int (*kpi_read)(struct store *s, const struct store_kpi_query *q, store_kpi_row_fn fn, void *ctx,
	                struct err *e);
	int (*ticket_kpi_get)(struct store *s, const char *id, unsigned char **facts, size_t *facts_len,
	                      unsigned char **clock, size_t *clock_len, struct err *e);
	int (*ticket_kpi_scan)(struct store *s, const char *customer_id, int64_t from, int64_t to, bool newest_first,
	                       store_ticket_kpi_fn fn, void *ctx, struct err *e);
	int (*ticket_changes)(struct store *s, int64_t after_seq, const char *after_id, size_t limit, char **ids,
	                      int64_t *seqs, size_t *n, struct err *e);
	int (*outages)(struct store *s, const char *service_id, int64_t from, int64_t to, struct store_outage *out,
	               size_t cap, size_t *n, struct err *e);
	int (*check)(struct store *s, struct err *e);
	/* Gives back what the connections cache (their page caches) when the server is idle. */
	void (*release_memory)(struct store *s);
};

/* The part of every open store that is not the backend's. */
struct store {
	const struct store_backend *be;
	int schema_version;

	pthread_mutex_t lock; /* guards the queue, the flags and stats */
	pthread_cond_t work;  /* the writer waits here for writes */
	struct store_write *head, *tail;
	bool stopping;
	bool writer_running;
	pthread_t writer;
	struct store_stats stats;
};

#endif
