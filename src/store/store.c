/*
 * store.c - the store's front: picks the backend, checks queries before any
 * backend sees them, turns the extra row a backend fetched into the next
 * page's cursor, and frees rows.
 *
 * Nothing here knows SQL; the write queue is writer.c's.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "store/backend.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/writer.h"

int
store_open(struct store **out, const char *path, struct err *e)
{
	const struct store_backend *be = &store_sqlite_backend;
	struct store *s;

	*out = NULL;
	if (path == NULL || path[0] == '\0') {
		return err_set(e, ERR_INVALID, "database", "no database path given");
	}
	if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0) {
		return err_set(e, ERR_INVALID, "database", "this levera has no postgresql backend yet");
	}
	s = be->open(path, e);
	if (s == NULL) {
		return -1;
	}
	s->be = be;
	if (writer_start(s, e) < 0) {
		be->close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL) {
		return;
	}
	writer_stop(s);
	s->be->close(s);
}

void
store_checkpoint(struct store *s)
{
	if (s->be->checkpoint != NULL) {
		s->be->checkpoint(s);
	}
}

int
store_schema_version(const struct store *s)
{
	return s->schema_version;
}

int
store_schema_latest(void)
{
	return schema_latest();
}

void
store_release_memory(struct store *s)
{
	if (s->be->release_memory != NULL) {
		s->be->release_memory(s);
	}
}

int
store_check(struct store *s, struct err *e)
{
	return s->be->check(s, e);
}

bool
store_err_is_version_mismatch(const struct err *e)
{
	return e != NULL && e->code == ERR_CONFLICT && strcmp(e->field, "version") == 0;
}

void
store_get_stats(struct store *s, struct store_stats *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}

/* ---- checking queries ---- */

static int
need_name(const char *field, const char *v, struct err *e)
{
	if (v == NULL || v[0] == '\0') {
		return err_set(e, ERR_INVALID, field, "%s is required", field);
	}
	if (strlen(v) > STORE_ID_MAX) {
		return err_set(e, ERR_INVALID, field, "'%.40s...' is longer than %d bytes", v, STORE_ID_MAX);
	}
	return 0;
}

static int
page_limit(size_t limit, size_t *out, struct err *e)
{
	if (limit > STORE_PAGE_MAX) {
		return err_set(e, ERR_INVALID, "limit", "a page holds at most %d rows, not %zu", STORE_PAGE_MAX, limit);
	}
	*out = limit == 0 ? STORE_PAGE_DEFAULT : limit;
	return 0;
}

/* Decodes q's cursor, which must come from a list in the same order. */
static int
take_cursor(const char *text, char sort, bool desc, struct cursor *c, bool *have, struct err *e)
{
	*have = false;
	memset(c, 0, sizeof(*c));
	if (text == NULL || text[0] == '\0') {
		return 0;
	}
	if (cursor_decode(c, text, e) < 0) {
		return -1;
	}
	if (c->sort != sort || c->desc != desc) {
		cursor_release(c);
		return err_set(e, ERR_INVALID, "cursor", "the cursor belongs to a list in another order");
	}
	*have = true;
	return 0;
}

/* ---- records ---- */

int
store_record_get(struct store *s, const char *kind, const char *id, struct store_record *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (need_name("kind", kind, e) < 0 || need_name("id", id, e) < 0) {
		return -1;
	}
	return s->be->record_get(s, kind, id, NULL, out, e);
}

int
store_record_get_by_key(struct store *s, const char *kind, const char *key, struct store_record *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (need_name("kind", kind, e) < 0 || need_name("key", key, e) < 0) {
		return -1;
	}
	return s->be->record_get(s, kind, NULL, key, out, e);
}

int
store_record_list(struct store *s, const struct store_record_query *q, struct store_record_page *page, struct err *e)
{
	struct cursor c;
	bool have;
	size_t limit = 0;
	char sort = q->sort == STORE_RECORD_BY_KEY ? 'k' : 'c';

	memset(page, 0, sizeof(*page));
	if (need_name("kind", q->kind, e) < 0 || page_limit(q->limit, &limit, e) < 0) {
		return -1;
	}
	if (q->org_id != NULL && need_name("org_id", q->org_id, e) < 0) {
		return -1;
	}
	if (q->key_prefix != NULL && strlen(q->key_prefix) > STORE_ID_MAX) {
		return err_set(e, ERR_INVALID, "key_prefix", "the key prefix is longer than %d bytes", STORE_ID_MAX);
	}
	if ((q->key_from != NULL && strlen(q->key_from) > STORE_ID_MAX) ||
	    (q->key_before != NULL && strlen(q->key_before) > STORE_ID_MAX)) {
		return err_set(e, ERR_INVALID, "key_from", "a key bound is longer than %d bytes", STORE_ID_MAX);
	}
	if ((unsigned)q->archived > STORE_ARCHIVED_ONLY || (unsigned)q->sort > STORE_RECORD_BY_CREATED) {
		return err_set(e, ERR_INVALID, "sort", "unknown list order or archive filter");
	}
	if (take_cursor(q->cursor, sort, false, &c, &have, e) < 0) {
		return -1;
	}
	if (s->be->record_list(s, q, have ? &c : NULL, limit + 1, page, e) < 0) {
		cursor_release(&c);
		return -1;
	}
	cursor_release(&c);
	if (page->n > limit) {
		const struct store_record *last = &page->rows[limit - 1];
		struct cursor next = { sort, false, false, last->created_at, last->key, last->id };
		store_record_release(&page->rows[limit]);
		page->n = limit;
		page->next_cursor = cursor_encode(&next);
	}
	return 0;
}

void
store_record_release(struct store_record *r)
{
	if (r == NULL) {
		return;
	}
	free(r->kind);
	free(r->id);
	free(r->key);
	free(r->org_id);
	free(r->doc);
	memset(r, 0, sizeof(*r));
}

void
store_record_page_release(struct store_record_page *p)
{
	if (p == NULL) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		store_record_release(&p->rows[i]);
	}
	free(p->rows);
	free(p->next_cursor);
	memset(p, 0, sizeof(*p));
}

/* ---- tickets ---- */

int
store_ticket_get(struct store *s, const char *id, struct store_ticket *out, struct store_event_list *events,
                 struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (events != NULL) {
		memset(events, 0, sizeof(*events));
	}
	if (need_name("id", id, e) < 0) {
		return -1;
	}
	return s->be->ticket_get(s, id, NULL, out, events, e);
}

int
store_ticket_get_by_ref(struct store *s, const char *ref, struct store_ticket *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (need_name("ref", ref, e) < 0) {
		return -1;
	}
	return s->be->ticket_get(s, NULL, ref, out, NULL, e);
}

int
store_tickets_exist(struct store *s, const char *const *ids, const char *const *refs, size_t n, bool *found,
                    struct err *e)
{
	const char **ok_ids = xcalloc(n + 1, sizeof(*ok_ids)), **ok_refs = xcalloc(n + 1, sizeof(*ok_refs));
	int rc = 0;

	/* An id or reference no write would accept is not there: it does not fail the others. */
	for (size_t i = 0; i < n; i++) {
		found[i] = false;
		ok_ids[i] = ids[i] != NULL && need_name("id", ids[i], NULL) == 0 ? ids[i] : NULL;
		ok_refs[i] = refs[i] != NULL && need_name("ref", refs[i], NULL) == 0 ? refs[i] : NULL;
	}
	if (n > 0) {
		rc = s->be->tickets_exist(s, ok_ids, ok_refs, n, found, e);
	}
	free(ok_ids);
	free(ok_refs);
	return rc;
}

static int
check_any_of(const char *field, const char *const *values, size_t n, struct err *e)
{
	if (n > STORE_FILTER_VALUES_MAX) {
		return err_set(e, ERR_INVALID, field, "at most %d values, not %zu", STORE_FILTER_VALUES_MAX, n);
	}
	for (size_t i = 0; i < n; i++) {
		if (need_name(field, values[i], e) < 0) {
			return -1;
		}
	}
	return 0;
}

static const char ticket_sort_codes[] = {
	[STORE_TICKET_BY_DUE] = 'd', [STORE_TICKET_BY_CREATED] = 'c', [STORE_TICKET_BY_UPDATED] = 'u'
};

static int64_t
ticket_sort_value(const struct store_ticket *t, enum store_ticket_sort sort)
{
	switch (sort) {
	case STORE_TICKET_BY_DUE:
		return t->next_due_at;
	case STORE_TICKET_BY_CREATED:
		return t->created_at;
	case STORE_TICKET_BY_UPDATED:
		return t->updated_at;
	}
	return 0;
}

int
store_ticket_open_counts(struct store *s, struct store_count *out, size_t cap, size_t *n, struct err *e)
{
	*n = 0;
	return s->be->ticket_open_counts(s, out, cap, n, e);
}

int
store_ticket_sla_due(struct store *s, int64_t before, size_t limit, struct store_ticket_page *page, struct err *e)
{
	memset(page, 0, sizeof(*page));
	if (limit == 0 || limit > STORE_PAGE_MAX) {
		return err_set(e, ERR_INVALID, "limit", "a page holds 1 to %d rows, not %zu", STORE_PAGE_MAX, limit);
	}
	return s->be->ticket_sla_due(s, before, limit, page, e);
}

int
store_ticket_list(struct store *s, const struct store_ticket_query *q, struct store_ticket_page *page, struct err *e)
{
	static const char *const eq_fields[] = { "customer_id", "team_id", "agent_id", "service_id", "priority" };
	const char *eq_values[] = { q->customer_id, q->team_id, q->agent_id, q->service_id, q->priority };
	struct cursor c;
	bool have;
	size_t limit = 0;

	memset(page, 0, sizeof(*page));
	if ((unsigned)q->sort > STORE_TICKET_BY_UPDATED) {
		return err_set(e, ERR_INVALID, "sort", "unknown ticket order");
	}
	if (q->sort == STORE_TICKET_BY_DUE && q->descending) {
		return err_set(e, ERR_INVALID, "sort", "tickets by deadline are listed nearest first only");
	}
	if (page_limit(q->limit, &limit, e) < 0 || check_any_of("status", q->statuses, q->n_statuses, e) < 0 ||
	    check_any_of("sla_state", q->sla_states, q->n_sla_states, e) < 0) {
		return -1;
	}
	for (size_t i = 0; i < sizeof(eq_fields) / sizeof(eq_fields[0]); i++) {
		if (eq_values[i] != NULL && need_name(eq_fields[i], eq_values[i], e) < 0) {
			return -1;
		}
	}
	if (take_cursor(q->cursor, ticket_sort_codes[q->sort], q->descending, &c, &have, e) < 0) {
		return -1;
	}
	if (s->be->ticket_list(s, q, have ? &c : NULL, limit + 1, page, e) < 0) {
		cursor_release(&c);
		return -1;
	}
	cursor_release(&c);
	if (page->n > limit) {
		const struct store_ticket *last = &page->rows[limit - 1];
		int64_t v = ticket_sort_value(last, q->sort);
		struct cursor next = { ticket_sort_codes[q->sort], q->descending, v == TIME_NONE, v, NULL, last->id };
		store_ticket_release(&page->rows[limit]);
		page->n = limit;
		page->next_cursor = cursor_encode(&next);
	}
	return 0;
}

void
store_ticket_release(struct store_ticket *t)
{
	if (t == NULL) {
		return;
	}
	free(t->id);
	free(t->ref);
	free(t->type);
	free(t->customer_id);
	free(t->service_id);
	free(t->requester_id);
	free(t->team_id);
	free(t->agent_id);
	free(t->priority);
	free(t->status);
	free(t->sla_state);
	free(t->doc);
	memset(t, 0, sizeof(*t));
}

void
store_ticket_page_release(struct store_ticket_page *p)
{
	if (p == NULL) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		store_ticket_release(&p->rows[i]);
	}
	free(p->rows);
	free(p->next_cursor);
	memset(p, 0, sizeof(*p));
}

void
store_event_list_release(struct store_event_list *l)
{
	if (l == NULL) {
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].doc);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- audit, idempotency, jobs ---- */

int
store_audit_list(struct store *s, const struct store_audit_query *q, struct store_audit_page *page, struct err *e)
{
	size_t limit = 0;

	memset(page, 0, sizeof(*page));
	if (page_limit(q->limit, &limit, e) < 0) {
		return -1;
	}
	if ((q->kind == NULL) != (q->record_id == NULL)) {
		return err_set(e, ERR_INVALID, "record_id", "one record's audit needs both its kind and its id");
	}
	return s->be->audit_list(s, q, limit, page, e);
}

void
store_audit_release(struct store_audit *a)
{
	if (a == NULL) {
		return;
	}
	free(a->actor_id);
	free(a->action);
	free(a->kind);
	free(a->record_id);
	free(a->doc);
	memset(a, 0, sizeof(*a));
}

void
store_audit_page_release(struct store_audit_page *p)
{
	if (p == NULL) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		store_audit_release(&p->rows[i]);
	}
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

int
store_idempotency_get(struct store *s, const char *actor_id, const char *key, struct store_idempotency *out,
                      struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (need_name("actor_id", actor_id, e) < 0 || need_name("idempotency_key", key, e) < 0) {
		return -1;
	}
	return s->be->idempotency_get(s, actor_id, key, out, e);
}

void
store_idempotency_release(struct store_idempotency *k)
{
	if (k == NULL) {
		return;
	}
	free(k->actor_id);
	free(k->key);
	free(k->method_path);
	free(k->response);
	memset(k, 0, sizeof(*k));
}

int
store_job_get(struct store *s, const char *name, struct store_job *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (need_name("name", name, e) < 0) {
		return -1;
	}
	return s->be->job_get(s, name, out, e);
}

void
store_job_release(struct store_job *j)
{
	if (j == NULL) {
		return;
	}
	free(j->name);
	free(j->value);
	free(j->lease_owner);
	memset(j, 0, sizeof(*j));
}

int
store_kpi_read(struct store *s, const struct store_kpi_query *q, store_kpi_row_fn fn, void *ctx, struct err *e)
{
	if (q->series <= 0) {
		return err_set(e, ERR_INVALID, "series", "a KPI read names its series");
	}
	return s->be->kpi_read(s, q, fn, ctx, e);
}

int
store_ticket_kpi_get(struct store *s, const char *id, unsigned char **facts, size_t *facts_len, unsigned char **clock,
                     size_t *clock_len, struct err *e)
{
	*facts = *clock = NULL;
	*facts_len = *clock_len = 0;
	if (need_name("id", id, e) < 0) {
		return -1;
	}
	return s->be->ticket_kpi_get(s, id, facts, facts_len, clock, clock_len, e);
}

int
store_ticket_kpi_scan(struct store *s, const char *customer_id, int64_t from, int64_t to, bool newest_first,
                      store_ticket_kpi_fn fn, void *ctx, struct err *e)
{
	if (need_name("customer_id", customer_id, e) < 0) {
		return -1;
	}
	int rc = s->be->ticket_kpi_scan(s, customer_id, from, to, newest_first, fn, ctx, e);
	return rc == STORE_SCAN_STOP ? 0 : rc;
}

int
store_ticket_changes(struct store *s, int64_t after_seq, const char *after_id, size_t limit, char **ids, int64_t *seqs,
                     size_t *n, struct err *e)
{
	*n = 0;
	if (limit == 0 || limit > STORE_PAGE_MAX) {
		return err_set(e, ERR_INVALID, "limit", "a limit is 1 to %d", STORE_PAGE_MAX);
	}
	return s->be->ticket_changes(s, after_seq, after_id, limit, ids, seqs, n, e);
}

int
store_outages(struct store *s, const char *service_id, int64_t from, int64_t to, struct store_outage *out, size_t cap,
              size_t *n, struct err *e)
{
	*n = 0;
	if (need_name("service_id", service_id, e) < 0) {
		return -1;
	}
	return s->be->outages(s, service_id, from, to, out, cap, n, e);
}

int
store_record_each(struct store *s, const struct store_record_query *q,
                  int (*fn)(void *ctx, const struct store_record *r, struct err *e), void *ctx, struct err *e)
{
	struct store_record_query page_q = *q;
	char *cursor = NULL;
	int rc = 0;

	page_q.limit = STORE_PAGE_MAX;
	do {
		struct store_record_page page = { 0 };
		page_q.cursor = cursor;
		rc = store_record_list(s, &page_q, &page, e);
		for (size_t i = 0; rc == 0 && i < page.n; i++) {
			rc = fn(ctx, &page.rows[i], e);
		}
		free(cursor);
		cursor = rc == 0 && page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_record_page_release(&page);
	} while (cursor != NULL);
	return rc;
}
