/*
 * store_write.h - the inside of a struct store_write: its operations, as
 * the backends apply them.  Private to src/store/.
 *
 * A write owns copies of everything its builders were given (in blocks it
 * frees at once), so a caller may reuse its own buffers right away.
 */
#ifndef LEVERA_STORE_STORE_WRITE_H
#define LEVERA_STORE_STORE_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

enum store_op_type {
	OP_RECORD_CREATE,
	OP_RECORD_UPDATE,
	OP_RECORD_ARCHIVE,
	OP_TICKET_CREATE,
	OP_TICKET_APPEND,
	OP_AUDIT,
	OP_IDEMPOTENCY,
	OP_IDEMPOTENCY_PURGE,
	OP_JOB_CLAIM,
	OP_JOB_RELEASE,
	OP_JOB_SET,
	OP_KPI_ADD,
	OP_TICKET_KPI,
	OP_OUTAGE,
};

struct store_job_op {
	const char *name;
	const char *owner;
	const char *value;
	int64_t now;
	int64_t lease_until;
};

struct store_kpi_op {
	struct store_kpi_key key;
	int64_t dn, dtotal;
	const void *hist; /* KPI_ADD: the histogram delta; TICKET_KPI: the facts */
	size_t hist_len;
	const char *ticket_id; /* TICKET_KPI, with key.customer_id and key.service_id */
	int64_t created_at;    /* TICKET_KPI */
	const void *clock;     /* TICKET_KPI: the clock log */
	size_t clock_len;
	bool has_outage;                  /* OUTAGE: false forgets it */
	int64_t outage_start, outage_end; /* OUTAGE, with ticket_id and key.service_id */
};

/* One operation; strings point into the write's blocks. */
struct store_op {
	enum store_op_type type;
	union {
		struct store_record record;    /* RECORD_*: archive uses kind, id, version, updated_at */
		struct store_ticket ticket;    /* TICKET_* */
		struct store_audit audit;      /* AUDIT */
		struct store_idempotency idem; /* IDEMPOTENCY; PURGE uses created_at */
		struct store_job_op job;       /* JOB_* */
		struct store_kpi_op kpi;       /* KPI_ADD, TICKET_KPI */
	} u;
	char *log; /* TICKET_*: the events, packed as the store keeps them (store/event_log.h) */
	size_t log_len;
	size_t n_events;
};

struct write_block;
struct write_waiter;

struct store_write {
	struct store_op *ops;
	size_t n_ops, cap_ops;
	struct write_block *blocks;
	struct err build_err; /* the first invalid argument, code ERR_OK when none */

	/* Owned by the writer while queued. */
	struct store_write *next;
	struct write_waiter *waiter;
	struct err result;
};

#endif
