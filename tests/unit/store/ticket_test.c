/*
 * ticket_test.c - tickets and their event logs in the store: create with
 * events, append at a version, conflicts, and every list order and filter
 * compared page by page with a brute-force model.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "store/schema.h"
#include "store/store.h"
#include "unit/store/fixture.h"
#include "unit/support/test_env.h"

static const struct store_event created_events[] = {
	{ 0, "{\"priority\":\"P3\"}" },
	{ 0, "{\"team\":\"tm1\"}" },
	{ 0, "{\"public\":true}" },
};

Test(ticket, create_and_read_back_with_events)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_ticket t = fixture_ticket("T-1", 100), got;
	struct store_event_list evs;
	struct err e;

	fixture_open(&f);
	t.ref = "INC-000001";
	t.customer_id = "org-acme";
	t.team_id = "tm1";
	t.next_due_at = 4000;
	t.sla_state = "ok";
	store_write_ticket_create(w, &t, created_events, 3);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);

	cr_assert_eq(store_ticket_get(f.s, "T-1", &got, &evs, &e), 0, "%s", e.message);
	cr_assert_str_eq(got.ref, "INC-000001");
	cr_assert_str_eq(got.type, "incident");
	cr_assert_str_eq(got.customer_id, "org-acme");
	cr_assert_null(got.agent_id);
	cr_assert_eq(got.version, 1);
	cr_assert_eq(got.last_seq, 3);
	cr_assert_eq(got.next_due_at, 4000);
	cr_assert_eq(got.resolved_at, TIME_NONE);
	cr_assert(got.open);
	cr_assert_str_eq(got.sla_state, "ok");
	cr_assert_str_eq(got.doc, t.doc);
	cr_assert_eq(evs.n, 3);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(evs.v[i].seq, (int64_t)i + 1);
		cr_assert_str_eq(evs.v[i].doc, created_events[i].doc);
	}
	store_ticket_release(&got);
	store_event_list_release(&evs);

	cr_assert_eq(store_ticket_get_by_ref(f.s, "INC-000001", &got, &e), 0);
	cr_assert_str_eq(got.id, "T-1");
	store_ticket_release(&got);
	cr_assert_eq(store_ticket_get_by_ref(f.s, "INC-9", &got, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	cr_assert_eq(store_ticket_get(f.s, "T-404", &got, &evs, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	cr_assert_eq(evs.n, 0);

	/* The same id, then the same reference, are refused. */
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "id");
	store_write_reset(w);
	t.id = "T-2";
	store_write_ticket_create(w, &t, created_events, 1);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "ref");
	cr_assert_str_eq(e.message, "ticket reference 'INC-000001' is taken");
	cr_assert_eq(store_ticket_get(f.s, "T-2", &got, NULL, &e), -1, "the refused ticket left nothing");
	store_write_free(w);
	fixture_close(&f);
}

Test(ticket, append_at_a_version)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_ticket t = fixture_ticket("T-1", 100), got;
	struct store_event_list evs;
	struct store_event more[] = { { 0, "{\"to\":\"resolved\"}" }, { 0, "{}" } };
	struct err e;
	sqlite3 *db;

	fixture_open(&f);
	store_write_ticket_create(w, &t, created_events, 2);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);

	store_write_reset(w);
	t.version = 1;
	t.status = "resolved";
	t.open = false;
	t.resolved_at = 200;
	t.updated_at = 201;
	t.agent_id = "a7";
	t.created_at = 999; /* ignored: a ticket keeps its creation */
	store_write_ticket_append(w, &t, more, 2);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	cr_assert_eq(store_ticket_get(f.s, "T-1", &got, &evs, &e), 0);
	cr_assert_eq(got.version, 2);
	cr_assert_eq(got.last_seq, 4);
	cr_assert_str_eq(got.status, "resolved");
	cr_assert_str_eq(got.agent_id, "a7");
	cr_assert_not(got.open);
	cr_assert_eq(got.resolved_at, 200);
	cr_assert_eq(got.updated_at, 201);
	cr_assert_eq(got.created_at, 100);
	cr_assert_eq(evs.n, 4);
	cr_assert_eq(evs.v[2].seq, 3);
	cr_assert_str_eq(evs.v[2].doc, "{\"to\":\"resolved\"}");
	cr_assert_eq(evs.v[3].seq, 4);
	store_ticket_release(&got);
	store_event_list_release(&evs);

	/* The same append again: the version moved on. */
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert(store_err_is_version_mismatch(&e));
	cr_assert_str_eq(e.message, "version mismatch: ticket 'T-1' is at version 2, not 1");

	/* No events, only new columns (an SLA state change). */
	store_write_reset(w);
	t.version = 2;
	t.sla_state = "breached";
	store_write_ticket_append(w, &t, NULL, 0);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	cr_assert_eq(store_ticket_get(f.s, "T-1", &got, NULL, &e), 0);
	cr_assert_eq(got.version, 3);
	cr_assert_eq(got.last_seq, 4);
	cr_assert_str_eq(got.sla_state, "breached");
	store_ticket_release(&got);

	store_write_reset(w);
	t.id = "T-404";
	store_write_ticket_append(w, &t, more, 1);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);

	/* The log refuses changes even from underneath the store. */
	db = fixture_sqlite(&f);
	cr_assert_neq(sqlite3_exec(db, "UPDATE ticket_log SET events = '2:{}'", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db, "DELETE FROM ticket_log", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db, "UPDATE tickets SET first_events = '2:{}'", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db, "UPDATE tickets SET first_n = 1", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(fixture_sql_int(db, "SELECT first_n FROM tickets WHERE id = 'T-1'"), 2,
	             "the creating write's events are in the ticket's row");
	cr_assert_eq(fixture_sql_int(db, "SELECT sum(n) FROM ticket_log"), 2);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM ticket_log"), 1,
	             "a row per later write that adds events");
	cr_assert_eq(fixture_sql_int(db, "SELECT change_seq FROM tickets WHERE id = 'T-1'"), 3,
	             "each write that went through gave the next change number; the refused ones none");
	sqlite3_close(db);
	store_write_free(w);
	fixture_close(&f);
}

/* ---- lists against a model ---- */

#define N_TICKETS 160

struct model {
	char id[16];
	const char *customer, *team, *agent, *service, *priority, *status, *sla_state;
	bool open;
	int64_t created_at, updated_at, next_due_at;
};

static const char *const customers[] = { "c0", "c1", "c2", NULL };
static const char *const teams[] = { "tm0", "tm1", NULL };
static const char *const agents[] = { "a0", "a1", "a2", NULL };
static const char *const services[] = { "s0", "s1", "s2" };
static const char *const priorities[] = { "P1", "P2", "P3", "P4" };
static const char *const statuses[] = { "new", "assigned", "waiting_on_customer", "resolved", "closed" };
static const char *const sla_states[] = { "ok", "at_risk", "breached", "paused", "none" };

#define PICK(a, r) ((a)[(r) % (sizeof(a) / sizeof((a)[0]))])

static uint64_t
next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
make_model(struct model *m, uint64_t *rnd)
{
	for (int i = 0; i < N_TICKETS; i++) {
		struct model *t = &m[i];
		/* Ids not in creation order, so id only breaks ties. */
		snprintf(t->id, sizeof(t->id), "T%03d", (i * 37) % N_TICKETS);
		t->customer = PICK(customers, next_rand(rnd));
		t->team = PICK(teams, next_rand(rnd));
		t->agent = PICK(agents, next_rand(rnd));
		t->service = PICK(services, next_rand(rnd));
		t->priority = PICK(priorities, next_rand(rnd));
		t->status = PICK(statuses, next_rand(rnd));
		t->sla_state = PICK(sla_states, next_rand(rnd));
		t->open = strcmp(t->status, "resolved") != 0 && strcmp(t->status, "closed") != 0;
		t->created_at = 1000 + (int64_t)(next_rand(rnd) % 20);
		t->updated_at = t->created_at + (int64_t)(next_rand(rnd) % 10);
		t->next_due_at = t->open && next_rand(rnd) % 4 != 0 ? 5000 + (int64_t)(next_rand(rnd) % 30) : TIME_NONE;
	}
}

static bool
in(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v, set[i]) == 0) {
			return true;
		}
	}
	return n == 0;
}

static bool
eq(const char *filter, const char *v)
{
	return filter == NULL || (v != NULL && strcmp(filter, v) == 0);
}

static bool
matches(const struct store_ticket_query *q, const struct model *t)
{
	return eq(q->customer_id, t->customer) && eq(q->team_id, t->team) && eq(q->agent_id, t->agent) &&
	       eq(q->service_id, t->service) && eq(q->priority, t->priority) &&
	       in(t->status, q->statuses, q->n_statuses) && in(t->sla_state, q->sla_states, q->n_sla_states) &&
	       (t->open || (!q->open_only && q->sort != STORE_TICKET_BY_DUE));
}

static const struct store_ticket_query *sort_query;

static int
cmp_model(const void *pa, const void *pb)
{
	const struct model *a = *(const struct model *const *)pa, *b = *(const struct model *const *)pb;
	int64_t va, vb;
	int sign = sort_query->descending ? -1 : 1;

	switch (sort_query->sort) {
	case STORE_TICKET_BY_DUE:
		/* Deadlines first, nearest first; then those without, by id. */
		if ((a->next_due_at == TIME_NONE) != (b->next_due_at == TIME_NONE)) {
			return a->next_due_at == TIME_NONE ? 1 : -1;
		}
		va = a->next_due_at;
		vb = b->next_due_at;
		break;
	case STORE_TICKET_BY_CREATED:
		va = a->created_at;
		vb = b->created_at;
		break;
	default:
		va = a->updated_at;
		vb = b->updated_at;
		break;
	}
	if (va != vb) {
		return sign * (va < vb ? -1 : 1);
	}
	return sign * strcmp(a->id, b->id);
}

static void
check_query(struct store *s, struct store_ticket_query q, struct model *m)
{
	const struct model *want[N_TICKETS];
	size_t n_want = 0, seen = 0;
	struct store_ticket_page page;
	char *cursor = NULL;
	struct err e;

	for (int i = 0; i < N_TICKETS; i++) {
		if (matches(&q, &m[i])) {
			want[n_want++] = &m[i];
		}
	}
	sort_query = &q;
	qsort(want, n_want, sizeof(want[0]), cmp_model);
	for (int pages = 0;; pages++) {
		cr_assert(pages <= N_TICKETS + 1);
		q.cursor = cursor;
		cr_assert_eq(store_ticket_list(s, &q, &page, &e), 0, "%s", e.message);
		for (size_t i = 0; i < page.n; i++) {
			cr_assert(seen < n_want, "an extra row %s", page.rows[i].id);
			cr_assert_str_eq(page.rows[i].id, want[seen]->id, "row %zu of sort %d desc %d limit %zu", seen,
			                 q.sort, q.descending, q.limit);
			seen++;
		}
		free(cursor);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		store_ticket_page_release(&page);
		if (cursor == NULL) {
			break;
		}
	}
	cr_assert_eq(seen, n_want, "sort %d: %zu rows, not %zu", q.sort, seen, n_want);
}

static void
load_model(struct store *s, struct model *m)
{
	struct store_write *w[N_TICKETS];
	struct err e;

	for (int i = 0; i < N_TICKETS; i++) {
		struct store_ticket t = fixture_ticket(m[i].id, m[i].created_at);
		t.customer_id = (char *)m[i].customer;
		t.team_id = (char *)m[i].team;
		t.agent_id = (char *)m[i].agent;
		t.service_id = (char *)m[i].service;
		t.priority = (char *)m[i].priority;
		t.status = (char *)m[i].status;
		t.sla_state = (char *)m[i].sla_state;
		t.open = m[i].open;
		t.updated_at = m[i].updated_at;
		t.next_due_at = m[i].next_due_at;
		w[i] = store_write_new();
		store_write_ticket_create(w[i], &t, created_events, 1);
	}
	cr_assert_eq(store_commit_all(s, w, N_TICKETS, &e), 0, "%s", e.message);
	for (int i = 0; i < N_TICKETS; i++) {
		store_write_free(w[i]);
	}
}

Test(ticket, lists_match_the_model)
{
	struct fixture f;
	struct model m[N_TICKETS];
	uint64_t rnd = 0x9e3779b97f4a7c15u;
	static const size_t limits[] = { 1, 3, 7, 50, 200 };
	int rounds = 400 / test_scale();

	fixture_open(&f);
	make_model(m, &rnd);
	load_model(f.s, m);

	/* Each order unfiltered, then random filters. */
	for (int sort = 0; sort < 3; sort++) {
		for (int desc = 0; desc < (sort == 0 ? 1 : 2); desc++) {
			struct store_ticket_query q = { 0 };
			q.sort = (enum store_ticket_sort)sort;
			q.descending = desc;
			q.limit = 7;
			check_query(f.s, q, m);
		}
	}
	for (int r = 0; r < rounds; r++) {
		struct store_ticket_query q = { 0 };
		const char *st[3], *sl[2];
		q.sort = (enum store_ticket_sort)(next_rand(&rnd) % 3);
		q.descending = q.sort != STORE_TICKET_BY_DUE && next_rand(&rnd) % 2;
		q.limit = PICK(limits, next_rand(&rnd));
		q.open_only = next_rand(&rnd) % 3 == 0;
		q.customer_id = next_rand(&rnd) % 3 == 0 ? PICK(customers, next_rand(&rnd) % 3) : NULL;
		q.team_id = next_rand(&rnd) % 4 == 0 ? PICK(teams, next_rand(&rnd) % 2) : NULL;
		q.agent_id = next_rand(&rnd) % 4 == 0 ? PICK(agents, next_rand(&rnd) % 3) : NULL;
		q.service_id = next_rand(&rnd) % 5 == 0 ? PICK(services, next_rand(&rnd)) : NULL;
		q.priority = next_rand(&rnd) % 4 == 0 ? PICK(priorities, next_rand(&rnd)) : NULL;
		if (next_rand(&rnd) % 3 == 0) {
			q.n_statuses = 1 + next_rand(&rnd) % 3;
			for (size_t i = 0; i < q.n_statuses; i++) {
				st[i] = PICK(statuses, next_rand(&rnd));
			}
			q.statuses = st;
		}
		if (next_rand(&rnd) % 4 == 0) {
			q.n_sla_states = 1 + next_rand(&rnd) % 2;
			for (size_t i = 0; i < q.n_sla_states; i++) {
				sl[i] = PICK(sla_states, next_rand(&rnd));
			}
			q.sla_states = sl;
		}
		check_query(f.s, q, m);
	}
	fixture_close(&f);
}

Test(ticket, list_arguments_are_checked)
{
	struct fixture f;
	struct store_ticket_query q = { 0 };
	struct store_ticket_page page;
	const char *many[STORE_FILTER_VALUES_MAX + 1];
	struct err e;
	struct model m[N_TICKETS];
	uint64_t rnd = 7;
	char *cursor;

	fixture_open(&f);
	make_model(m, &rnd);
	load_model(f.s, m);
	q.sort = STORE_TICKET_BY_DUE;
	q.descending = true;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "sort");
	q.descending = false;
	q.limit = STORE_PAGE_MAX + 1;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "limit");
	q.limit = 0;
	for (size_t i = 0; i < STORE_FILTER_VALUES_MAX + 1; i++) {
		many[i] = "new";
	}
	q.statuses = many;
	q.n_statuses = STORE_FILTER_VALUES_MAX + 1;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "status");
	q.n_statuses = STORE_FILTER_VALUES_MAX;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), 0, "%s", e.message);
	store_ticket_page_release(&page);
	q.n_statuses = 0;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), 0, "%s", e.message);
	cr_assert_eq(page.n, STORE_PAGE_DEFAULT);
	cursor = page.next_cursor;
	page.next_cursor = NULL;
	store_ticket_page_release(&page);
	q.sort = STORE_TICKET_BY_UPDATED;
	q.cursor = cursor;
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "cursor");
	free(cursor);
	q.cursor = NULL;
	q.customer_id = "";
	cr_assert_eq(store_ticket_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "customer_id");
	fixture_close(&f);
}

/* A database from before the log kept a write's events together: its events read back the same. */
Test(ticket, events_kept_one_row_each_migrate)
{
	struct fixture f;
	struct store_ticket got;
	struct store_event_list evs;
	struct err e;
	sqlite3 *db;
	char sql[256];

	fixture_open(&f);
	store_close(f.s);
	f.s = NULL;
	unlink(f.path);
	cr_assert_eq(sqlite3_open(f.path, &db), SQLITE_OK);
	for (size_t i = 0; i < schema_migration_count && schema_migrations[i].version <= 6; i++) {
		cr_assert_eq(sqlite3_exec(db, schema_migrations[i].sqlite, NULL, NULL, NULL), SQLITE_OK, "%d: %s",
		             schema_migrations[i].version, sqlite3_errmsg(db));
		snprintf(sql, sizeof(sql), "INSERT INTO schema_version VALUES (%d, 'v', 0)",
		         schema_migrations[i].version);
		cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	cr_assert_eq(sqlite3_exec(db,
	                          "INSERT INTO tickets (id, type, priority, status, created_at, updated_at, version, "
	                          "last_seq, open, sla_state, doc, change_seq) VALUES ('T-old', 'incident', 'P3', "
	                          "'new', 100, 100, 1, 3, 1, 'none', '{}', 1);"
	                          "INSERT INTO ticket_events VALUES ('T-old', 1, 100, 'created', '{\"n\":\"é1\"}');"
	                          "INSERT INTO ticket_events VALUES ('T-old', 2, 110, 'reply', '{\"n\":2}');"
	                          "INSERT INTO ticket_events VALUES ('T-old', 3, 120, 'reply', '{\"n\":\"3:x\"}');",
	                          NULL, NULL, NULL),
	             SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);

	cr_assert_eq(store_open(&f.s, f.path, &e), 0, "%s", e.message);
	db = fixture_sqlite(&f);
	cr_assert_eq(fixture_sql_int(db, "PRAGMA page_size"), 4096, "an older database keeps its pages");
	sqlite3_close(db);
	cr_assert_eq(store_ticket_get(f.s, "T-old", &got, &evs, &e), 0, "%s", e.message);
	cr_assert_eq(evs.n, 3);
	cr_assert_str_eq(evs.v[0].doc, "{\"n\":\"é1\"}", "a length in bytes, not characters");
	cr_assert_str_eq(evs.v[2].doc, "{\"n\":\"3:x\"}");
	cr_assert_eq(evs.v[2].seq, 3);
	store_event_list_release(&evs);

	/* Its row has no events of its own (it was made before they were kept there); the log goes on. */
	struct store_write *w = store_write_new();
	struct store_event more[] = { { 0, "{\"n\":4}" } };
	store_write_ticket_append(w, &got, more, 1);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	store_write_free(w);
	store_ticket_release(&got);
	cr_assert_eq(store_ticket_get(f.s, "T-old", &got, &evs, &e), 0, "%s", e.message);
	cr_assert_eq(evs.n, 4);
	cr_assert_str_eq(evs.v[0].doc, "{\"n\":\"é1\"}");
	cr_assert_str_eq(evs.v[3].doc, "{\"n\":4}");
	cr_assert_eq(evs.v[3].seq, 4);
	store_ticket_release(&got);
	store_event_list_release(&evs);
	fixture_close(&f);
}

/* Writes a ticket T-many with n events, event i's doc from docs[i]; returns the commit's result. */
static int
commit_many(struct fixture *f, const struct store_event *evs, size_t n, struct err *e)
{
	struct store_write *w = store_write_new();
	struct store_ticket t = fixture_ticket("T-many", 100);
	int rc;

	store_write_ticket_create(w, &t, evs, n);
	rc = store_commit(f->s, w, e);
	store_write_free(w);
	return rc;
}

Test(ticket, events_measured_once_named_when_refused)
{
	enum { N = 300 }; /* more than the lengths kept on the stack */
	static char docs[N][32];
	static struct store_event evs[N];
	static char big[STORE_DOC_MAX + 2];
	struct fixture f;
	struct store_ticket got;
	struct store_event_list list;
	struct err e;
	const size_t refused_at[] = { 0, 7, 255, 256, 299 };

	fixture_open(&f);
	for (size_t i = 0; i < N; i++) {
		snprintf(docs[i], sizeof(docs[i]), "{\"n\":%zu}", i * 37);
		evs[i] = (struct store_event){ 0, docs[i] };
	}
	for (size_t k = 0; k < sizeof(refused_at) / sizeof(refused_at[0]); k++) {
		char field[32];
		snprintf(field, sizeof(field), "events[%zu].doc", refused_at[k]);
		evs[refused_at[k]].doc = NULL;
		cr_assert_eq(commit_many(&f, evs, N, &e), -1);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, field);
		cr_assert(strstr(e.message, field) != NULL && strstr(e.message, "is required") != NULL, "%s",
		          e.message);
		evs[refused_at[k]].doc = docs[refused_at[k]];
	}
	memset(big, 'x', sizeof(big) - 1);
	evs[270].doc = big;
	cr_assert_eq(commit_many(&f, evs, N, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(e.field, "events[270].doc");
	big[STORE_DOC_MAX] = '\0'; /* exactly the ceiling: accepted */
	cr_assert_eq(commit_many(&f, evs, N, &e), 0, "%s", e.message);
	evs[270].doc = docs[270];

	cr_assert_eq(store_ticket_get(f.s, "T-many", &got, &list, &e), 0, "%s", e.message);
	cr_assert_eq(got.last_seq, N);
	cr_assert_eq(list.n, N);
	for (size_t i = 0; i < N; i++) {
		cr_assert_eq(list.v[i].seq, (int64_t)i + 1);
		cr_assert_str_eq(list.v[i].doc, i == 270 ? big : docs[i], "event %zu", i);
	}
	store_ticket_release(&got);
	store_event_list_release(&list);
	fixture_close(&f);
}
