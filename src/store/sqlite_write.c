/*
 * sqlite_write.c - applying writes on the writer connection.
 *
 * Each write runs between SAVEPOINT and RELEASE; a failing operation rolls
 * its write back to the savepoint and names what clashed.  Versions are
 * checked in the UPDATE itself (WHERE version = ?), so there is no window
 * between reading and writing a version.  There is no statement that
 * updates or deletes an event or an audit entry.
 */
#include "store/sqlite_write.h"

#include <stdbool.h>
#include <string.h>

#include "base/timefmt.h"
#include "store/sqlite.h"
#include "store/sqlite_kpi.h"

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL) {
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, i);
	}
}

static void
bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t != TIME_NONE) {
		sqlite3_bind_int64(st, i, t);
	} else {
		sqlite3_bind_null(st, i);
	}
}

/* Binds a record by column position (?1 = kind, ...; see stmt.h). */
static void
bind_record(sqlite3_stmt *st, const struct store_record *r)
{
	bind_text(st, RC_KIND + 1, r->kind);
	bind_text(st, RC_ID + 1, r->id);
	bind_text(st, RC_KEY + 1, r->key != NULL ? r->key : "");
	bind_text(st, RC_ORG_ID + 1, r->org_id);
	sqlite3_bind_int64(st, RC_VERSION + 1, r->version);
	sqlite3_bind_int64(st, RC_CREATED_AT + 1, r->created_at);
	sqlite3_bind_int64(st, RC_UPDATED_AT + 1, r->updated_at);
	sqlite3_bind_int(st, RC_ARCHIVED + 1, r->archived ? 1 : 0);
	bind_text(st, RC_DOC + 1, r->doc);
}

static void
bind_ticket(sqlite3_stmt *st, const struct store_ticket *t)
{
	bind_text(st, TC_ID + 1, t->id);
	bind_text(st, TC_REF + 1, t->ref);
	bind_text(st, TC_TYPE + 1, t->type);
	bind_text(st, TC_CUSTOMER_ID + 1, t->customer_id);
	bind_text(st, TC_SERVICE_ID + 1, t->service_id);
	bind_text(st, TC_REQUESTER_ID + 1, t->requester_id);
	bind_text(st, TC_TEAM_ID + 1, t->team_id);
	bind_text(st, TC_AGENT_ID + 1, t->agent_id);
	bind_text(st, TC_PRIORITY + 1, t->priority);
	bind_text(st, TC_STATUS + 1, t->status);
	sqlite3_bind_int64(st, TC_CREATED_AT + 1, t->created_at);
	sqlite3_bind_int64(st, TC_UPDATED_AT + 1, t->updated_at);
	bind_time(st, TC_RESOLVED_AT + 1, t->resolved_at);
	sqlite3_bind_int64(st, TC_VERSION + 1, t->version);
	sqlite3_bind_int64(st, TC_LAST_SEQ + 1, t->last_seq);
	sqlite3_bind_int(st, TC_OPEN + 1, t->open ? 1 : 0);
	bind_time(st, TC_NEXT_DUE_AT + 1, t->next_due_at);
	bind_text(st, TC_SLA_STATE + 1, t->sla_state);
	bind_text(st, TC_DOC + 1, t->doc);
	bind_time(st, TC_NEXT_SLA_EVENT_AT + 1, t->next_sla_event_at);
}

/* Steps a statement that returns no rows; the caller resets it. */
static int
step_done(struct sqlite_conn *c, sqlite3_stmt *st, enum stmt_id id, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		return sqlite_fail(e, c, rc, stmt_table[id].name);
	}
	return 0;
}

/* After an UPDATE ... WHERE version = ? changed nothing: which of the two it was. */
static int
missing_or_stale(struct sqlite_conn *c, enum stmt_id id, const char *what, const char *kind, const char *rid,
                 int64_t expected, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, id, e);
	int rc;
	int64_t found;

	if (st == NULL) {
		return -1;
	}
	if (kind != NULL) {
		bind_text(st, 1, kind);
		bind_text(st, 2, rid);
	} else {
		bind_text(st, 1, rid);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return err_set(e, ERR_NOT_FOUND, "id", "%s '%s' does not exist", what, rid);
	}
	if (rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, stmt_table[id].name);
		sqlite3_reset(st);
		return -1;
	}
	found = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return err_set(e, ERR_CONFLICT, "version", "version mismatch: %s '%s' is at version %lld, not %lld", what, rid,
	               (long long)found, (long long)expected);
}

/*
 * Whether the row a create clashed with has the same id: SQLite names one
 * violated constraint, not necessarily that one, and a repeated id is the
 * more useful news.
 */
static bool
id_taken(struct sqlite_conn *c, enum stmt_id id, const char *kind, const char *rid)
{
	sqlite3_stmt *st = sqlite_stmt(c, id, NULL);
	int rc;

	if (st == NULL) {
		return false;
	}
	if (kind != NULL) {
		bind_text(st, 1, kind);
		bind_text(st, 2, rid);
	} else {
		bind_text(st, 1, rid);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* A constraint failure of a record write: its id or its key is taken. */
static int
record_clash(struct sqlite_conn *c, int rc, const struct store_op *op, struct err *e)
{
	const struct store_record *r = &op->u.record;
	bool key_clash = strcmp(sqlite_conflict_field(c), "key") == 0;

	if ((rc & 0xff) != SQLITE_CONSTRAINT) {
		return sqlite_fail(e, c, rc, "writing a record");
	}
	if (key_clash && (op->type != OP_RECORD_CREATE || !id_taken(c, STMT_RECORD_VERSION, r->kind, r->id))) {
		return err_set(e, ERR_CONFLICT, "key", "%s key '%s' is taken", r->kind, r->key);
	}
	return err_set(e, ERR_CONFLICT, "id", "%s '%s' already exists", r->kind, r->id);
}

static int
record_write(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	static const enum stmt_id ids[] = { [OP_RECORD_CREATE] = STMT_RECORD_INSERT,
		                            [OP_RECORD_UPDATE] = STMT_RECORD_UPDATE,
		                            [OP_RECORD_ARCHIVE] = STMT_RECORD_ARCHIVE };
	const struct store_record *r = &op->u.record;
	enum stmt_id id = ids[op->type];
	sqlite3_stmt *st = sqlite_stmt(c, id, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_record(st, r);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		record_clash(c, rc, op, e);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (op->type != OP_RECORD_CREATE && sqlite3_changes(c->db) == 0) {
		return missing_or_stale(c, STMT_RECORD_VERSION, r->kind, r->kind, r->id, r->version, e);
	}
	return 0;
}

/* The write's events, already packed (store/event_log.h): one row of the log. */
static int
insert_events(struct sqlite_conn *c, const char *ticket_id, const struct store_op *op, int64_t first_seq, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (op->n_events == 0) {
		return 0;
	}
	st = sqlite_stmt(c, STMT_EVENT_INSERT, e);
	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, first_seq);
	sqlite3_bind_int64(st, 3, (int64_t)op->n_events);
	sqlite3_bind_text(st, 4, op->log, (int)op->log_len, SQLITE_STATIC);
	rc = step_done(c, st, STMT_EVENT_INSERT, e);
	sqlite3_reset(st);
	return rc;
}

static int
ticket_create(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	const struct store_ticket *t = &op->u.ticket;
	sqlite3_stmt *st = sqlite_stmt(c, STMT_TICKET_INSERT, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_ticket(st, t);
	sqlite3_bind_int64(st, TI_CHANGE_SEQ + 1, ++c->last_change);
	if (op->n_events > 0) {
		sqlite3_bind_int64(st, TI_FIRST_N + 1, (int64_t)op->n_events);
		sqlite3_bind_text(st, TI_FIRST_EVENTS + 1, op->log, (int)op->log_len, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, TI_FIRST_N + 1);
		sqlite3_bind_null(st, TI_FIRST_EVENTS + 1);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		bool ref_clash = strcmp(sqlite_conflict_field(c), "ref") == 0;
		sqlite3_reset(st);
		if ((rc & 0xff) != SQLITE_CONSTRAINT) {
			return sqlite_fail(e, c, rc, "creating a ticket");
		}
		if (ref_clash && !id_taken(c, STMT_TICKET_VERSION, NULL, t->id)) {
			return err_set(e, ERR_CONFLICT, "ref", "ticket reference '%s' is taken", t->ref);
		}
		return err_set(e, ERR_CONFLICT, "id", "ticket '%s' already exists", t->id);
	}
	sqlite3_reset(st);
	return 0;
}

static int
ticket_append(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	const struct store_ticket *t = &op->u.ticket;
	sqlite3_stmt *st = sqlite_stmt(c, STMT_TICKET_UPDATE, e);
	int64_t last_seq;
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_ticket(st, t);
	sqlite3_bind_int64(st, TC_LAST_SEQ + 1, (int64_t)op->n_events);
	sqlite3_bind_int64(st, TI_CHANGE_SEQ + 1, ++c->last_change);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return missing_or_stale(c, STMT_TICKET_VERSION, "ticket", NULL, t->id, t->version, e);
	}
	if (rc != SQLITE_ROW) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT && strcmp(sqlite_conflict_field(c), "ref") == 0) {
			err_set(e, ERR_CONFLICT, "ref", "ticket reference '%s' is taken", t->ref);
		} else {
			sqlite_fail(e, c, rc, "updating a ticket");
		}
		sqlite3_reset(st);
		return -1;
	}
	last_seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return insert_events(c, t->id, op, last_seq - (int64_t)op->n_events + 1, e);
}

static int
audit_add(struct sqlite_conn *c, const struct store_audit *a, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, STMT_AUDIT_INSERT, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, a->at);
	bind_text(st, 2, a->actor_id);
	bind_text(st, 3, a->action);
	bind_text(st, 4, a->kind);
	bind_text(st, 5, a->record_id);
	bind_text(st, 6, a->doc);
	rc = step_done(c, st, STMT_AUDIT_INSERT, e);
	sqlite3_reset(st);
	return rc;
}

static int
idempotency_add(struct sqlite_conn *c, const struct store_idempotency *k, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, STMT_IDEM_INSERT, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, k->actor_id);
	bind_text(st, 2, k->key);
	bind_text(st, 3, k->method_path);
	sqlite3_bind_int(st, 4, k->status);
	bind_text(st, 5, k->response);
	sqlite3_bind_int64(st, 6, k->created_at);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			err_set(e, ERR_CONFLICT, "idempotency_key", "idempotency key '%s' was already used", k->key);
		} else {
			sqlite_fail(e, c, rc, "storing an idempotency key");
		}
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int
idempotency_purge(struct sqlite_conn *c, int64_t before, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, STMT_IDEM_PURGE, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, before);
	rc = step_done(c, st, STMT_IDEM_PURGE, e);
	sqlite3_reset(st);
	return rc;
}

/* Claim, release, set: compare-and-set statements that change one row or none. */
static int
job_write(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	const struct store_job_op *j = &op->u.job;
	enum stmt_id id = op->type == OP_JOB_CLAIM     ? STMT_JOB_CLAIM
	                  : op->type == OP_JOB_RELEASE ? STMT_JOB_RELEASE
	                                               : STMT_JOB_SET;
	sqlite3_stmt *st = sqlite_stmt(c, id, e);

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, j->name);
	bind_text(st, 2, j->owner);
	sqlite3_bind_int64(st, 3, j->now);
	if (op->type == OP_JOB_SET) {
		bind_text(st, 4, j->value);
	} else {
		sqlite3_bind_int64(st, 4, j->lease_until);
	}
	if (step_done(c, st, id, e) < 0) {
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (sqlite3_changes(c->db) == 0) {
		if (op->type == OP_JOB_CLAIM) {
			return err_set(e, ERR_CONFLICT, "lease", "job '%s' is leased to another owner", j->name);
		}
		return err_set(e, ERR_CONFLICT, "lease", "'%s' does not hold the lease of job '%s'", j->owner, j->name);
	}
	return 0;
}

static int
apply_op(struct sqlite_conn *c, const struct store_op *op, struct err *e)
{
	switch (op->type) {
	case OP_RECORD_CREATE:
	case OP_RECORD_UPDATE:
	case OP_RECORD_ARCHIVE:
		return record_write(c, op, e);
	case OP_TICKET_CREATE:
		return ticket_create(c, op, e);
	case OP_TICKET_APPEND:
		return ticket_append(c, op, e);
	case OP_AUDIT:
		return audit_add(c, &op->u.audit, e);
	case OP_IDEMPOTENCY:
		return idempotency_add(c, &op->u.idem, e);
	case OP_IDEMPOTENCY_PURGE:
		return idempotency_purge(c, op->u.idem.created_at, e);
	case OP_JOB_CLAIM:
	case OP_JOB_RELEASE:
	case OP_JOB_SET:
		return job_write(c, op, e);
	case OP_KPI_ADD:
	case OP_TICKET_KPI:
	case OP_OUTAGE:
		return sqlite_kpi_apply(c, op, e);
	}
	return err_set(e, ERR_INTERNAL, NULL, "unknown store operation %d", (int)op->type);
}

/*
 * Begins the batch's transaction and reads the last change number once: the
 * transaction holds the write lock, so the batch's ticket writes number
 * themselves on from it (one written in a savepoint that is then undone
 * leaves a gap, which those who follow the numbers do not mind).
 */
int
sqlite_batch_begin(struct store *s, struct err *e)
{
	struct sqlite_conn *c = sqlite_store_of(s)->writer;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_run(c, STMT_BEGIN, e) < 0) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_TICKET_LAST_CHANGE, e);
	if (st == NULL) {
		sqlite_run(c, STMT_ROLLBACK, NULL);
		return -1;
	}
	rc = sqlite3_step(st);
	c->last_change = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, stmt_table[STMT_TICKET_LAST_CHANGE].name);
		sqlite_run(c, STMT_ROLLBACK, NULL);
		return -1;
	}
	return 0;
}

int
sqlite_batch_commit(struct store *s, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);

	if (sqlite_run(ss->writer, STMT_COMMIT, e) < 0) {
		return -1;
	}
	sqlite_after_commit(ss);
	return 0;
}

void
sqlite_writer_idle(struct store *s)
{
	struct sqlite_store *ss = sqlite_store_of(s);

	if (ss->wal_frames > 0) {
		sqlite_checkpoint(ss);
	}
}

void
sqlite_batch_rollback(struct store *s)
{
	struct sqlite_conn *c = sqlite_store_of(s)->writer;

	if (!sqlite3_get_autocommit(c->db)) {
		sqlite_run(c, STMT_ROLLBACK, NULL);
	}
}

int
sqlite_write_apply(struct store *s, const struct store_write *w, bool isolated, struct err *e)
{
	struct sqlite_conn *c = sqlite_store_of(s)->writer;
	int rc = 0;

	if (isolated && sqlite_run(c, STMT_SAVEPOINT, e) < 0) {
		return BACKEND_BATCH_LOST;
	}
	for (size_t i = 0; i < w->n_ops && rc == 0; i++) {
		rc = apply_op(c, &w->ops[i], e);
	}
	if (rc == 0 && (!isolated || sqlite_run(c, STMT_RELEASE, e) == 0)) {
		return 0;
	}
	/* Some errors (I/O, a full disk) end the whole transaction, not just the write. */
	if (sqlite3_get_autocommit(c->db)) {
		return BACKEND_BATCH_LOST;
	}
	if (!isolated) {
		return -1;
	}
	if (sqlite_run(c, STMT_ROLLBACK_TO, NULL) < 0 || sqlite_run(c, STMT_RELEASE, NULL) < 0) {
		return BACKEND_BATCH_LOST;
	}
	return -1;
}
