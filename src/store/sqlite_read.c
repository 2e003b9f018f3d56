/*
 * sqlite_read.c - reads: single rows, pages, a ticket's log.
 *
 * Every statement is reset before its connection goes back to the pool, so
 * no reader holds a snapshot (and the log) open between calls.  Pages are
 * fetched with one row more than asked; store.c turns it into the cursor.
 */
#include "store/sqlite_read.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "store/event_log.h"
#include "store/query.h"
#include "store/sqlite.h"

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

static int64_t
col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(st, i);
}

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
read_record(sqlite3_stmt *st, struct store_record *r)
{
	r->kind = col_str(st, RC_KIND);
	r->id = col_str(st, RC_ID);
	r->key = col_str(st, RC_KEY);
	if (r->key != NULL && r->key[0] == '\0') {
		free(r->key);
		r->key = NULL;
	}
	r->org_id = col_str(st, RC_ORG_ID);
	r->version = sqlite3_column_int64(st, RC_VERSION);
	r->created_at = sqlite3_column_int64(st, RC_CREATED_AT);
	r->updated_at = sqlite3_column_int64(st, RC_UPDATED_AT);
	r->archived = sqlite3_column_int(st, RC_ARCHIVED) != 0;
	r->doc = col_str(st, RC_DOC);
}

static void
read_ticket(sqlite3_stmt *st, struct store_ticket *t)
{
	t->id = col_str(st, TC_ID);
	t->ref = col_str(st, TC_REF);
	t->type = col_str(st, TC_TYPE);
	t->customer_id = col_str(st, TC_CUSTOMER_ID);
	t->service_id = col_str(st, TC_SERVICE_ID);
	t->requester_id = col_str(st, TC_REQUESTER_ID);
	t->team_id = col_str(st, TC_TEAM_ID);
	t->agent_id = col_str(st, TC_AGENT_ID);
	t->priority = col_str(st, TC_PRIORITY);
	t->status = col_str(st, TC_STATUS);
	t->created_at = sqlite3_column_int64(st, TC_CREATED_AT);
	t->updated_at = sqlite3_column_int64(st, TC_UPDATED_AT);
	t->resolved_at = col_time(st, TC_RESOLVED_AT);
	t->version = sqlite3_column_int64(st, TC_VERSION);
	t->last_seq = sqlite3_column_int64(st, TC_LAST_SEQ);
	t->open = sqlite3_column_int(st, TC_OPEN) != 0;
	t->next_due_at = col_time(st, TC_NEXT_DUE_AT);
	t->sla_state = col_str(st, TC_SLA_STATE);
	t->doc = col_str(st, TC_DOC);
	t->next_sla_event_at = col_time(st, TC_NEXT_SLA_EVENT_AT);
}

static void
read_audit(sqlite3_stmt *st, struct store_audit *a)
{
	a->seq = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->actor_id = col_str(st, 2);
	a->action = col_str(st, 3);
	a->kind = col_str(st, 4);
	a->record_id = col_str(st, 5);
	a->doc = col_str(st, 6);
}

/* Grows a page's row array for one more row (of size each) and returns it zeroed. */
static void *
grow(void **rows, size_t n, size_t *cap, size_t each)
{
	if (n == *cap) {
		*cap = *cap == 0 ? 16 : 2 * *cap;
		*rows = xreallocarray(*rows, *cap, each);
	}
	memset((char *)*rows + n * each, 0, each);
	return (char *)*rows + n * each;
}

/* Steps the one-row statement st: 1 with a row, 0 with none (e says what was missing). */
static int
one_row(struct sqlite_conn *c, sqlite3_stmt *st, const char *what, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	return sqlite_fail(e, c, rc, what);
}

int
sqlite_record_get(struct store *s, const char *kind, const char *id, const char *key, struct store_record *out,
                  struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	enum stmt_id sid = id != NULL ? STMT_RECORD_GET : STMT_RECORD_GET_BY_KEY;
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, sid, e);
	if (st != NULL) {
		bind_text(st, 1, kind);
		bind_text(st, 2, id != NULL ? id : key);
		rc = one_row(c, st, stmt_table[sid].name, e);
		if (rc == 1) {
			read_record(st, out);
			rc = 0;
		} else if (rc == 0) {
			rc = id != NULL ? err_set(e, ERR_NOT_FOUND, "id", "%s '%s' does not exist", kind, id)
			                : err_set(e, ERR_NOT_FOUND, "key", "no %s has key '%s'", kind, key);
		}
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

/*
 * The first string after every string starting with prefix, or NULL when
 * there is none (prefix all 0xff): "ab" -> "ac".
 */
static char *
prefix_end(const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;

	while (n > 0 && (unsigned char)prefix[n - 1] == 0xff) {
		n--;
	}
	if (n == 0) {
		return NULL;
	}
	end = xstrndup(prefix, n);
	end[n - 1] = (char)((unsigned char)end[n - 1] + 1);
	return end;
}

int
sqlite_record_list(struct store *s, const struct store_record_query *q, const struct cursor *after, size_t limit,
                   struct store_record_page *page, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c;
	enum stmt_id sid = q->sort == STORE_RECORD_BY_KEY ? STMT_RECORD_LIST_BY_KEY : STMT_RECORD_LIST_BY_CREATED;
	const char *prefix = q->key_prefix != NULL ? q->key_prefix : "";
	char *end = prefix_end(prefix);
	const char *low = prefix, *high = end;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc;

	c = sqlite_reader(ss, e);
	if (c == NULL) {
		free(end);
		return -1;
	}
	st = sqlite_stmt(c, sid, e);
	if (st == NULL) {
		free(end);
		sqlite_reader_done(ss, c);
		return -1;
	}
	bind_text(st, 1, q->kind);
	sqlite3_bind_int(st, 2,
	                 q->archived == STORE_ARCHIVED_INCLUDE ? -1
	                 : q->archived == STORE_ARCHIVED_ONLY  ? 1
	                                                       : 0);
	bind_text(st, 3, q->org_id);
	/* The prefix's range narrowed by key_from / key_before: the larger lower and the smaller upper bound. */
	if (q->key_from != NULL && strcmp(q->key_from, low) > 0) {
		low = q->key_from;
	}
	if (q->key_before != NULL && (high == NULL || strcmp(q->key_before, high) < 0)) {
		high = q->key_before;
	}
	bind_text(st, 4, low);
	bind_text(st, 5, high);
	if (q->sort == STORE_RECORD_BY_KEY) {
		bind_text(st, 6, after != NULL ? after->s : "");
	} else {
		sqlite3_bind_int64(st, 6, after != NULL ? after->n : INT64_MIN);
	}
	bind_text(st, 7, after != NULL ? after->id : "");
	sqlite3_bind_int64(st, 8, (int64_t)limit);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_record(st, grow((void **)&page->rows, page->n, &cap, sizeof(*page->rows)));
		page->n++;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(e, c, rc, stmt_table[sid].name);
	}
	sqlite3_reset(st);
	sqlite_reader_done(ss, c);
	free(end);
	if (rc != SQLITE_DONE) {
		store_record_page_release(page);
		return -1;
	}
	return 0;
}

/* The events of the creating write, from the row st is on (NULL in a ticket made before they were kept there). */
static int
read_first_events(sqlite3_stmt *st, const char *id, struct store_event_list *events, size_t *cap, struct err *e)
{
	const char *text = (const char *)sqlite3_column_text(st, TG_FIRST_EVENTS);

	if (sqlite3_column_type(st, TG_FIRST_N) == SQLITE_NULL) {
		return 0;
	}
	return event_log_unpack(text != NULL ? text : "", (size_t)sqlite3_column_bytes(st, TG_FIRST_EVENTS), 1,
	                        sqlite3_column_int64(st, TG_FIRST_N), id, events, cap, e);
}

/* The rest of the log, after the events->n read already. */
static int
read_events(struct sqlite_conn *c, const char *id, struct store_event_list *events, size_t *cap, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, STMT_EVENT_LIST, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, id);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		int64_t first = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 2);
		/* Each row starts where the one before ended. */
		if (first != (int64_t)events->n + 1) {
			rc = err_set(e, ERR_IO, NULL, "the event log of ticket '%s' misses events before %lld", id,
			             (long long)first);
			break;
		}
		if (event_log_unpack(text != NULL ? text : "", (size_t)sqlite3_column_bytes(st, 2), first,
		                     sqlite3_column_int64(st, 1), id, events, cap, e) != 0) {
			rc = -1;
			break;
		}
		rc = sqlite3_step(st);
	}
	if (rc == -1) {
		sqlite3_reset(st);
		return -1;
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(e, c, rc, stmt_table[STMT_EVENT_LIST].name);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
sqlite_ticket_get(struct store *s, const char *id, const char *ref, struct store_ticket *out,
                  struct store_event_list *events, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	enum stmt_id sid = id != NULL ? STMT_TICKET_GET : STMT_TICKET_GET_BY_REF;
	bool snapshot = events != NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	/* The row and its log from one snapshot. */
	if (snapshot && sqlite_run(c, STMT_READ_BEGIN, e) < 0) {
		sqlite_reader_done(ss, c);
		return -1;
	}
	st = sqlite_stmt(c, sid, e);
	if (st != NULL) {
		bind_text(st, 1, id != NULL ? id : ref);
		rc = one_row(c, st, stmt_table[sid].name, e);
		if (rc == 1) {
			read_ticket(st, out);
			rc = snapshot ? read_first_events(st, out->id, events, &cap, e) : 0;
		} else if (rc == 0) {
			rc = id != NULL ? err_set(e, ERR_NOT_FOUND, "id", "ticket '%s' does not exist", id)
			                : err_set(e, ERR_NOT_FOUND, "ref", "no ticket has reference '%s'", ref);
		}
		sqlite3_reset(st);
	}
	if (rc == 0 && snapshot) {
		rc = read_events(c, out->id, events, &cap, e);
	}
	if (snapshot) {
		sqlite_run(c, STMT_COMMIT, NULL);
	}
	sqlite_reader_done(ss, c);
	if (rc < 0) {
		store_ticket_release(out);
		store_event_list_release(events);
	}
	return rc;
}

/* Whether statement id finds a row for key; -1 on failure. */
static int
key_found(struct sqlite_conn *c, enum stmt_id id, const char *key, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, id, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	bind_text(st, 1, key);
	rc = one_row(c, st, stmt_table[id].name, e);
	sqlite3_reset(st);
	return rc;
}

/* A key to look up and the line it answers for. */
struct keyed {
	const char *key;
	size_t at;
};

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/*
 * Looks up the keys[0..n) with statement id in key order (one b-tree pass,
 * each page met once, not at random), setting found[at] for those there.
 */
static int
keys_found(struct sqlite_conn *c, enum stmt_id id, struct keyed *keys, size_t n, bool *found, struct err *e)
{
	qsort(keys, n, sizeof(*keys), by_key);
	for (size_t i = 0; i < n; i++) {
		int rc = key_found(c, id, keys[i].key, e);
		if (rc < 0) {
			return -1;
		}
		found[keys[i].at] = rc == 1;
	}
	return 0;
}

int
sqlite_tickets_exist(struct store *s, const char *const *ids, const char *const *refs, size_t n, bool *found,
                     struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	struct keyed *keys;
	size_t nkeys = 0;
	int rc;

	if (c == NULL) {
		return -1;
	}
	/* One snapshot: a lock and a look at the log once, not per ticket. */
	if (sqlite_run(c, STMT_READ_BEGIN, e) < 0) {
		sqlite_reader_done(ss, c);
		return -1;
	}
	keys = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		found[i] = false;
		if (ids[i] != NULL) {
			keys[nkeys++] = (struct keyed){ .key = ids[i], .at = i };
		}
	}
	rc = keys_found(c, STMT_TICKET_ID_EXISTS, keys, nkeys, found, e);
	/* A ticket whose id is not there may still be there by its ref. */
	nkeys = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!found[i] && refs[i] != NULL) {
			keys[nkeys++] = (struct keyed){ .key = refs[i], .at = i };
		}
	}
	if (rc == 0) {
		rc = keys_found(c, STMT_TICKET_REF_EXISTS, keys, nkeys, found, e);
	}
	free(keys);
	sqlite_run(c, STMT_COMMIT, NULL);
	sqlite_reader_done(ss, c);
	return rc;
}

/* Runs one composed ticket query, appending its rows to page. */
/* Steps st to its end, appending each row to page; resets st.  -1 with e on failure. */
static int
collect_tickets(struct sqlite_conn *c, sqlite3_stmt *st, const char *what, struct store_ticket_page *page, size_t *cap,
                struct err *e)
{
	int rc = sqlite3_step(st);

	while (rc == SQLITE_ROW) {
		read_ticket(st, grow((void **)&page->rows, page->n, cap, sizeof(*page->rows)));
		page->n++;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(e, c, rc, what);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A pooled reader and its prepared statement sid; NULL (reader returned) on failure. */
static sqlite3_stmt *
reader_stmt(struct sqlite_store *ss, enum stmt_id sid, struct sqlite_conn **c, struct err *e)
{
	sqlite3_stmt *st;

	*c = sqlite_reader(ss, e);
	if (*c == NULL) {
		return NULL;
	}
	st = sqlite_stmt(*c, sid, e);
	if (st == NULL) {
		sqlite_reader_done(ss, *c);
	}
	return st;
}

static int
ticket_query(struct sqlite_conn *c, const struct query *qry, struct store_ticket_page *page, size_t *cap, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt_sql(c, qry->sql, e);

	if (st == NULL) {
		return -1;
	}
	for (size_t i = 0; i < qry->n_args; i++) {
		if (qry->args[i].type == QARG_TEXT) {
			bind_text(st, (int)i + 1, qry->args[i].s);
		} else {
			sqlite3_bind_int64(st, (int)i + 1, qry->args[i].n);
		}
	}
	return collect_tickets(c, st, "listing tickets", page, cap, e);
}

int
sqlite_ticket_list(struct store *s, const struct store_ticket_query *q, const struct cursor *after, size_t limit,
                   struct store_ticket_page *page, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	bool by_due = q->sort == STORE_TICKET_BY_DUE;
	bool no_deadline = by_due && after != NULL && after->none;
	struct query qry;
	size_t cap = 0;
	int rc;

	if (c == NULL) {
		return -1;
	}
	/* By deadline, the page may span both parts of the order: read them from one snapshot. */
	if (by_due && sqlite_run(c, STMT_READ_BEGIN, e) < 0) {
		sqlite_reader_done(ss, c);
		return -1;
	}
	for (;;) {
		rc = query_ticket_list(&qry, QUERY_SQLITE, q, after, no_deadline, limit - page->n, e);
		if (rc == 0) {
			rc = ticket_query(c, &qry, page, &cap, e);
		}
		if (rc < 0 || !by_due || no_deadline || page->n >= limit) {
			break;
		}
		no_deadline = true;
		after = NULL;
	}
	if (by_due) {
		sqlite_run(c, STMT_COMMIT, NULL);
	}
	sqlite_reader_done(ss, c);
	if (rc < 0) {
		store_ticket_page_release(page);
	}
	return rc;
}

int
sqlite_ticket_open_counts(struct store *s, struct store_count *out, size_t cap, size_t *n, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c;
	sqlite3_stmt *st = reader_stmt(ss, STMT_TICKET_OPEN_COUNTS, &c, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW && *n < cap) {
		const unsigned char *name = sqlite3_column_text(st, 0);
		snprintf(out[*n].name, sizeof(out[*n].name), "%s", name != NULL ? (const char *)name : "none");
		out[*n].n = sqlite3_column_int64(st, 1);
		(*n)++;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, stmt_table[STMT_TICKET_OPEN_COUNTS].name);
	}
	sqlite3_reset(st);
	sqlite_reader_done(ss, c);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int
sqlite_ticket_sla_due(struct store *s, int64_t before, size_t limit, struct store_ticket_page *page, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c;
	sqlite3_stmt *st = reader_stmt(ss, STMT_TICKET_SLA_DUE, &c, e);
	size_t cap = 0;
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int64(st, 2, (int64_t)limit);
	rc = collect_tickets(c, st, stmt_table[STMT_TICKET_SLA_DUE].name, page, &cap, e);
	sqlite_reader_done(ss, c);
	if (rc != 0) {
		store_ticket_page_release(page);
	}
	return rc;
}

int
sqlite_audit_list(struct store *s, const struct store_audit_query *q, size_t limit, struct store_audit_page *page,
                  struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	enum stmt_id sid = q->kind != NULL ? STMT_AUDIT_LIST_RECORD : STMT_AUDIT_LIST;
	struct sqlite_conn *c;
	sqlite3_stmt *st = reader_stmt(ss, sid, &c, e);
	size_t cap = 0;
	int rc, arg = 1;

	if (st == NULL) {
		return -1;
	}
	if (q->kind != NULL) {
		bind_text(st, arg++, q->kind);
		bind_text(st, arg++, q->record_id);
	}
	sqlite3_bind_int64(st, arg++, q->after_seq);
	sqlite3_bind_int64(st, arg, (int64_t)limit);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_audit(st, grow((void **)&page->rows, page->n, &cap, sizeof(*page->rows)));
		page->n++;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(e, c, rc, stmt_table[sid].name);
	}
	sqlite3_reset(st);
	sqlite_reader_done(ss, c);
	if (rc != SQLITE_DONE) {
		store_audit_page_release(page);
		return -1;
	}
	return 0;
}

int
sqlite_idempotency_get(struct store *s, const char *actor_id, const char *key, struct store_idempotency *out,
                       struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_IDEM_GET, e);
	if (st != NULL) {
		bind_text(st, 1, actor_id);
		bind_text(st, 2, key);
		rc = one_row(c, st, stmt_table[STMT_IDEM_GET].name, e);
		if (rc == 1) {
			out->actor_id = col_str(st, 0);
			out->key = col_str(st, 1);
			out->method_path = col_str(st, 2);
			out->status = sqlite3_column_int(st, 3);
			out->response = col_str(st, 4);
			out->created_at = sqlite3_column_int64(st, 5);
			rc = 0;
		} else if (rc == 0) {
			rc = err_set(e, ERR_NOT_FOUND, "idempotency_key", "idempotency key '%s' is unknown", key);
		}
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

int
sqlite_job_get(struct store *s, const char *name, struct store_job *out, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	sqlite3_stmt *st;
	int rc = -1;

	if (c == NULL) {
		return -1;
	}
	st = sqlite_stmt(c, STMT_JOB_GET, e);
	if (st != NULL) {
		bind_text(st, 1, name);
		rc = one_row(c, st, stmt_table[STMT_JOB_GET].name, e);
		if (rc == 1) {
			out->name = col_str(st, 0);
			out->value = col_str(st, 1);
			out->lease_owner = col_str(st, 2);
			out->lease_until = col_time(st, 3);
			rc = 0;
		} else if (rc == 0) {
			rc = err_set(e, ERR_NOT_FOUND, "name", "job '%s' has no state", name);
		}
		sqlite3_reset(st);
	}
	sqlite_reader_done(ss, c);
	return rc;
}
