/*
 * store.h - Levera's storage: configuration records, tickets and their
 * append-only event logs, the audit log, idempotency keys and job leases.
 *
 * Rows are plain structs of strings and integers; the store knows nothing of
 * the domain's rules and never reads the clock (callers pass every instant).
 * Every change is a struct store_write handed to store_commit, which returns
 * once the change is durable: concurrent writes share one transaction and one
 * fsync (group commit).  Reads may run from any thread at any time.
 */
#ifndef LEVERA_STORE_STORE_H
#define LEVERA_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;
struct store_write;

/* Ceilings the store enforces itself (ERR_INVALID / ERR_TOO_LARGE beyond them). */
#define STORE_ID_MAX 200                /* bytes of an id, key, kind or name */
#define STORE_DOC_MAX (4 * 1024 * 1024) /* bytes of one JSON document */
#define STORE_EVENTS_MAX 10000          /* events added by one operation */
#define STORE_PAGE_MAX 200              /* rows of one page */
#define STORE_PAGE_DEFAULT 50           /* rows of a page when the limit is 0 */
#define STORE_FILTER_VALUES_MAX 16      /* values of one "any of" filter */

/*
 * Opens (creating it when missing) the database at path and brings its schema
 * up to date.  The parent directory must exist.  A database written by a newer
 * levera is refused with ERR_CONFLICT.  On success *out is the caller's, to be
 * closed with store_close.
 */
int store_open(struct store **out, const char *path, struct err *e);

/*
 * Waits for the queued writes, then closes.  No read or commit may be in
 * flight.  store_close(NULL) does nothing.
 */
void store_close(struct store *s);

/*
 * Does now, on the calling thread and alongside the writer, the housekeeping
 * the writer would do once idle (SQLite: copies what is committed into the
 * database file).  For a caller about to wait for its last writes, such as
 * an import before it closes the store: what the close would then copy
 * alone, with nothing else to do, shrinks to those last writes.
 */
void store_checkpoint(struct store *s);

/* The schema version the database is at (the newest this levera knows). */
int store_schema_version(const struct store *s);

/* The newest schema version this levera knows. */
int store_schema_latest(void);

/* Runs the backend's consistency checks; ERR_IO names the first problem. */
int store_check(struct store *s, struct err *e);

/*
 * True when e is the ERR_CONFLICT of an update whose expected version is no
 * longer the stored one (HTTP answers 412), as opposed to a taken id or key.
 */
bool store_err_is_version_mismatch(const struct err *e);

/* ---- rows ---------------------------------------------------------------
 * Rows read from the store own their strings: release them with the
 * matching *_release, which also accepts a row that was never filled.
 * Rows handed to a write are only read; the write copies what it needs.
 */

/* A configuration record: organisation, user, team, service, calendar, ... */
struct store_record {
	char *kind;      /* e.g. "service" */
	char *id;        /* given by the caller, unique per kind */
	char *key;       /* unique per kind (a name, an e-mail); NULL when none */
	char *org_id;    /* the customer organisation it belongs to; NULL when none */
	int64_t version; /* 1 when created, +1 on every change */
	int64_t created_at;
	int64_t updated_at;
	bool archived;
	char *doc; /* the record's JSON document */
};

void store_record_release(struct store_record *r);

/* A ticket's row: the columns lists filter and sort on, and its document. */
struct store_ticket {
	char *id;  /* given by the caller */
	char *ref; /* human reference ("INC-000042"), unique; NULL when none */
	char *type;
	char *customer_id; /* the strings below may be NULL */
	char *service_id;
	char *requester_id;
	char *team_id;
	char *agent_id;
	char *priority;
	char *status;
	int64_t created_at;
	int64_t updated_at;
	int64_t resolved_at; /* TIME_NONE when not resolved */
	int64_t version;     /* 1 when created, +1 on every append */
	int64_t last_seq;    /* seq of the newest event; read only */
	bool open;           /* still being worked (lists of open tickets) */
	int64_t next_due_at; /* the earliest pending SLA deadline; TIME_NONE when none */
	char *sla_state;     /* "ok", "at_risk", "breached", "paused", "none" (NULL: "none") */
	char *doc;
	int64_t next_sla_event_at; /* when the next SLA warning or breach falls due; TIME_NONE when none */
};

void store_ticket_release(struct store_ticket *t);

/*
 * One event of a ticket's log: its JSON document, which says what happened
 * and when ("type", "at"); seq is assigned by the store (1, 2, ...).
 */
struct store_event {
	int64_t seq;
	char *doc;
};

struct store_event_list {
	struct store_event *v;
	size_t n;
};

void store_event_list_release(struct store_event_list *l);

/* An audit entry; seq is assigned by the store, increasing. */
struct store_audit {
	int64_t seq;
	int64_t at;
	char *actor_id; /* NULL for Levera itself */
	char *action;   /* e.g. "create", "update", "archive" */
	char *kind;     /* what was changed: a record kind or "ticket"; may be NULL */
	char *record_id;
	char *doc; /* details, JSON; may be NULL */
};

void store_audit_release(struct store_audit *a);

/* The stored answer to a creating request, so a retry gets it again. */
struct store_idempotency {
	char *actor_id;
	char *key;
	char *method_path; /* "POST /api/v1/tickets": a retry must repeat it */
	int status;        /* the HTTP status answered */
	char *response;    /* the body answered */
	int64_t created_at;
};

void store_idempotency_release(struct store_idempotency *k);

/* A background job's state and lease. */
struct store_job {
	char *name;
	char *value;         /* the job's own bookmark, NULL until set */
	char *lease_owner;   /* NULL when free */
	int64_t lease_until; /* TIME_NONE when free */
};

void store_job_release(struct store_job *j);

/* ---- writes -------------------------------------------------------------
 * A write is a list of operations applied all or nothing.  The store_write_*
 * builders copy their arguments; one that finds an argument invalid records
 * the error, the later builders do nothing and store_commit returns it.
 */

struct store_write *store_write_new(void);
void store_write_free(struct store_write *w);

/* Empties w for reuse. */
void store_write_reset(struct store_write *w);

/* Creates r at version 1 (r->version is ignored).  ERR_CONFLICT "id" or "key" when taken. */
void store_write_record_create(struct store_write *w, const struct store_record *r);

/*
 * Replaces key, org_id, doc, archived and updated_at of (r->kind, r->id) if
 * its stored version is r->version; it becomes r->version + 1.  ERR_NOT_FOUND,
 * or ERR_CONFLICT (store_err_is_version_mismatch, or "key" taken).
 */
void store_write_record_update(struct store_write *w, const struct store_record *r);

/* Archives (kind, id) if its stored version is version; it becomes version + 1. */
void store_write_record_archive(struct store_write *w, const char *kind, const char *id, int64_t version, int64_t at);

/* Creates t at version 1 with its first events (seq 1..n).  ERR_CONFLICT "id" or "ref". */
void store_write_ticket_create(struct store_write *w, const struct store_ticket *t, const struct store_event *events,
                               size_t n);

/*
 * Appends events to ticket t->id if its stored version is t->version, and
 * replaces its columns with t's (all but id, created_at and last_seq).  The
 * events get seq t->last_seq + 1 .. + n; the version becomes t->version + 1.
 */
void store_write_ticket_append(struct store_write *w, const struct store_ticket *t, const struct store_event *events,
                               size_t n);

/* Appends an audit entry (a->seq is ignored); it commits or fails with the write. */
void store_write_audit(struct store_write *w, const struct store_audit *a);

/* Stores an idempotency entry.  ERR_CONFLICT "idempotency_key" when (actor, key) exists. */
void store_write_idempotency(struct store_write *w, const struct store_idempotency *k);

/* Forgets the idempotency entries created before the instant before. */
void store_write_idempotency_purge(struct store_write *w, int64_t before);

/*
 * Takes (or renews) the lease on job name for owner until lease_until,
 * provided it is free, already owner's, or expired at now; else ERR_CONFLICT.
 */
void store_write_job_claim(struct store_write *w, const char *name, const char *owner, int64_t now,
                           int64_t lease_until);

/* Gives the lease back; ERR_CONFLICT when owner does not hold it. */
void store_write_job_release(struct store_write *w, const char *name, const char *owner);

/* Sets the job's value; ERR_CONFLICT unless owner holds an unexpired lease at now. */
void store_write_job_set(struct store_write *w, const char *name, const char *owner, int64_t now, const char *value);

/* ---- KPI rollups (app/kpi_job.c keeps them; see domain/kpi_fact.h) ---- */

/* Which rollup: ids are "" when the dimension does not apply, priority -1. */
struct store_kpi_key {
	int series;
	int64_t month;
	const char *customer_id, *service_id, *agreement_id, *team_id;
	int priority;
};

/*
 * Adds dn, dtotal and the encoded histogram delta hist (base/hist.h) to the
 * rollup of key, creating it; a rollup that comes to nothing is removed.
 */
void store_write_kpi_add(struct store_write *w, const struct store_kpi_key *key, int64_t dn, int64_t dtotal,
                         const void *hist, size_t hist_len);

/* What the KPI job keeps of one ticket: its contributions and its clock log, and what selects it. */
struct store_ticket_kpi {
	const char *id;
	const char *customer_id, *service_id; /* NULL when none */
	int64_t created_at;
	const void *facts; /* a blob of domain/kpi_fact.h */
	size_t facts_len;
	const void *clock; /* a blob of domain/clock_log.h */
	size_t clock_len;
};

/* Replaces what the KPI job keeps of ticket k->id. */
void store_write_ticket_kpi(struct store_write *w, const struct store_ticket_kpi *k);

/*
 * Records the outage incident ticket_id reports on service_id, [start, end)
 * (end TIME_NONE while it lasts), replacing what it reported before; with
 * has false, forgets it.  Kept by the KPI job for availability figures.
 */
void store_write_outage(struct store_write *w, const char *ticket_id, const char *service_id, bool has, int64_t start,
                        int64_t end);

/*
 * Applies w and returns once it is durable (0), or has failed (-1, e says
 * why, nothing of w is stored).  One caller's writes apply in call order.
 * w stays the caller's (reset or free it after); it may not be committed
 * from two threads at once.
 */
int store_commit(struct store *s, struct store_write *w, struct err *e);

/*
 * Submits n writes at once (in order) and waits for all; each commits or
 * fails on its own (store_write_result).  Returns 0 when all committed, else
 * -1 with e set to the first failure.  This is the import path: one caller
 * fills a group commit by itself.
 */
int store_commit_all(struct store *s, struct store_write *const *ws, size_t n, struct err *e);

/*
 * The same without waiting: the writes are queued (in order) and the caller
 * goes on while the writer commits them, e.g. to prepare the next batch.
 * ws (the array and the writes) must stay untouched until store_pending_wait,
 * which must be called exactly once with the returned handle: it waits for
 * all of them and returns as store_commit_all does.  Nothing is durable, and
 * nothing may be reported as stored, before it returns.
 */
struct store_pending;
struct store_pending *store_submit_all(struct store *s, struct store_write *const *ws, size_t n);
int store_pending_wait(struct store *s, struct store_pending *p, struct err *e);

/* Gives back memory the store caches (page caches), for an idle server; from any thread. */
void store_release_memory(struct store *s);

/* How the last commit of w went: code ERR_OK, or the failure. */
const struct err *store_write_result(const struct store_write *w);

/* ---- reads -------------------------------------------------------------- */

/* ERR_NOT_FOUND when absent (archived records are found). */
int store_record_get(struct store *s, const char *kind, const char *id, struct store_record *out, struct err *e);
int store_record_get_by_key(struct store *s, const char *kind, const char *key, struct store_record *out,
                            struct err *e);

enum store_archived { STORE_ARCHIVED_EXCLUDE, STORE_ARCHIVED_INCLUDE, STORE_ARCHIVED_ONLY };
enum store_record_sort { STORE_RECORD_BY_KEY, STORE_RECORD_BY_CREATED };

struct store_record_query {
	const char *kind;       /* required */
	const char *org_id;     /* NULL: any */
	const char *key_prefix; /* NULL or "": any */
	const char *key_from;   /* NULL: any; else only keys >= key_from */
	const char *key_before; /* NULL: any; else only keys < key_before (with key_from: a range) */
	enum store_archived archived;
	enum store_record_sort sort; /* then by id; records without a key sort first */
	const char *cursor;          /* NULL: the first page; else a page's next_cursor */
	size_t limit;                /* 1..STORE_PAGE_MAX; 0: STORE_PAGE_DEFAULT */
};

struct store_record_page {
	struct store_record *rows;
	size_t n;
	char *next_cursor; /* NULL after the last page */
};

int store_record_list(struct store *s, const struct store_record_query *q, struct store_record_page *page,
                      struct err *e);
void store_record_page_release(struct store_record_page *p);

/*
 * Calls fn for every record of q (its cursor and limit are the walk's own),
 * page by page; a non-zero return from fn stops the walk and is returned.
 */
int store_record_each(struct store *s, const struct store_record_query *q,
                      int (*fn)(void *ctx, const struct store_record *r, struct err *e), void *ctx, struct err *e);

/* ERR_NOT_FOUND when absent.  events may be NULL; else it gets the log in seq order. */
int store_ticket_get(struct store *s, const char *id, struct store_ticket *out, struct store_event_list *events,
                     struct err *e);
int store_ticket_get_by_ref(struct store *s, const char *ref, struct store_ticket *out, struct err *e);

/*
 * Which of n tickets are already stored: found[i] is true when a ticket has
 * id ids[i] or reference refs[i] (either may be NULL; one no write would
 * accept is simply not there).  One snapshot, one round trip per call rather
 * than per ticket: the import checks a batch.
 */
int store_tickets_exist(struct store *s, const char *const *ids, const char *const *refs, size_t n, bool *found,
                        struct err *e);

enum store_ticket_sort {
	STORE_TICKET_BY_DUE, /* open tickets only: nearest deadline first, those without one last */
	STORE_TICKET_BY_CREATED,
	STORE_TICKET_BY_UPDATED,
};

struct store_ticket_query {
	const char *customer_id; /* each NULL: any */
	const char *team_id;
	const char *agent_id;
	const char *service_id;
	const char *priority;
	bool team_none;              /* only tickets no team holds (team_id then NULL) */
	bool agent_none;             /* only tickets no agent holds (unassigned) */
	const char *const *statuses; /* any of these n_statuses (at most STORE_FILTER_VALUES_MAX) */
	size_t n_statuses;
	const char *const *sla_states;
	size_t n_sla_states;
	bool open_only;
	enum store_ticket_sort sort; /* then by id */
	bool descending;             /* newest first; not with STORE_TICKET_BY_DUE */
	const char *cursor;
	size_t limit;
};

struct store_ticket_page {
	struct store_ticket *rows;
	size_t n;
	char *next_cursor;
};

int store_ticket_list(struct store *s, const struct store_ticket_query *q, struct store_ticket_page *page,
                      struct err *e);
void store_ticket_page_release(struct store_ticket_page *p);

/* How many open tickets are in one SLA state. */
struct store_count {
	char name[24];
	int64_t n;
};

/* The open tickets counted by sla_state, at most cap states into out; *n how many. */
int store_ticket_open_counts(struct store *s, struct store_count *out, size_t cap, size_t *n, struct err *e);

/*
 * The open tickets whose next SLA event (next_sla_event_at) is at or before
 * `before`, soonest first, at most limit (1..STORE_PAGE_MAX).  For the job
 * that records warnings and breaches; next_cursor is always NULL.
 */
int store_ticket_sla_due(struct store *s, int64_t before, size_t limit, struct store_ticket_page *page, struct err *e);

struct store_audit_query {
	const char *kind; /* with record_id: one record's entries; both NULL: all */
	const char *record_id;
	int64_t after_seq; /* 0: from the start */
	size_t limit;
};

struct store_audit_page {
	struct store_audit *rows;
	size_t n; /* fewer than the limit: the end */
};

int store_audit_list(struct store *s, const struct store_audit_query *q, struct store_audit_page *page, struct err *e);
void store_audit_page_release(struct store_audit_page *p);

/* ERR_NOT_FOUND when (actor_id, key) was never stored (or was purged). */
int store_idempotency_get(struct store *s, const char *actor_id, const char *key, struct store_idempotency *out,
                          struct err *e);

/* ERR_NOT_FOUND when the job never ran. */
int store_job_get(struct store *s, const char *name, struct store_job *out, struct err *e);

/* A rollup as read; strings and hist are borrowed for the callback. */
struct store_kpi_row {
	struct store_kpi_key key;
	int64_t n, total;
	const void *hist;
	size_t hist_len;
};

struct store_kpi_query {
	int64_t month_from, month_to; /* both included */
	const char *customer_id;      /* NULL: any */
	const char *service_id;       /* NULL: any */
	int series;                   /* required: one series a read */
};

/* Called for each rollup; a non-zero return stops the read and is returned. */
typedef int (*store_kpi_row_fn)(void *ctx, const struct store_kpi_row *row, struct err *e);

/* The rollups of q, from one snapshot, in no particular order. */
int store_kpi_read(struct store *s, const struct store_kpi_query *q, store_kpi_row_fn fn, void *ctx, struct err *e);

/*
 * The stored KPI facts and clock log of ticket id into *facts and *clock
 * (the caller frees both); NULL and 0 when it has none.
 */
int store_ticket_kpi_get(struct store *s, const char *id, unsigned char **facts, size_t *facts_len,
                         unsigned char **clock, size_t *clock_len, struct err *e);

/* One ticket a scan finds, as the KPI job keeps it; everything is borrowed for the call. */
struct store_ticket_kpi_row {
	const char *id, *service_id;
	int64_t created_at;
	const void *facts, *clock;
	size_t facts_len, clock_len;
};

typedef int (*store_ticket_kpi_fn)(void *ctx, const struct store_ticket_kpi_row *row, struct err *e);

/*
 * The tickets of customer_id created in [from, to) as the KPI job last
 * counted them, from one snapshot, oldest first (newest first when
 * newest_first): fn for each; a non-zero return stops the scan, and is
 * returned unless it is STORE_SCAN_STOP (then 0).  For what-if simulations
 * and review packs.
 */
#define STORE_SCAN_STOP 1
int store_ticket_kpi_scan(struct store *s, const char *customer_id, int64_t from, int64_t to, bool newest_first,
                          store_ticket_kpi_fn fn, void *ctx, struct err *e);

/* An outage as recorded: end is TIME_NONE while it lasts. */
struct store_outage {
	int64_t start, end;
};

/*
 * The outages of service_id that overlap [from, to), at most cap into out
 * (*n how many; more are left out).
 */
int store_outages(struct store *s, const char *service_id, int64_t from, int64_t to, struct store_outage *out,
                  size_t cap, size_t *n, struct err *e);

/*
 * Every write to a ticket gives it the next change number.  The tickets
 * changed after (after_seq, after_id), in change order, at most limit
 * (1..STORE_PAGE_MAX) into ids/seqs (the caller frees each id); *n how many.
 */
int store_ticket_changes(struct store *s, int64_t after_seq, const char *after_id, size_t limit, char **ids,
                         int64_t *seqs, size_t *n, struct err *e);

/* ---- figures ------------------------------------------------------------ */

struct store_stats {
	uint64_t writes;        /* writes committed */
	uint64_t failed_writes; /* writes refused (conflicts, bad input, I/O) */
	uint64_t commits;       /* transactions committed: one fsync each */
	uint64_t largest_batch; /* most writes in one transaction */
};

void store_get_stats(struct store *s, struct store_stats *out);

#endif
