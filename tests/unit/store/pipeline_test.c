/*
 * pipeline_test.c - the import's side of the store: writes submitted
 * without waiting (store_submit_all, store_pending_wait), several batches
 * in flight at once, and the batch look-up of tickets already there
 * (store_tickets_exist).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "unit/store/fixture.h"
#include "unit/support/test_env.h"

#define BATCH 64
#define BATCHES 4

static const struct store_event events[] = {
	{ 0, "{\"priority\":\"P3\"}" }, { 0, "{\"team\":\"tm1\"}" },    { 0, "{\"public\":true}" },
	{ 0, "{\"public\":false}" },    { 0, "{\"to\":\"resolved\"}" }, { 0, "{\"to\":\"closed\"}" },
	{ 0, "{\"to\":\"closed\"}" },
};

/* A write creating ticket id (ref R-id) with n events and an audit entry. */
static struct store_write *
ticket_write(const char *id, const char *ref, size_t n)
{
	struct store_write *w = store_write_new();
	struct store_ticket t = fixture_ticket(id, 100);
	struct store_audit a = { .at = 100, .action = "import", .kind = "ticket", .record_id = (char *)id };

	t.ref = (char *)ref;
	store_write_ticket_create(w, &t, events, n);
	store_write_audit(w, &a);
	return w;
}

Test(pipeline, batches_in_flight_commit_in_order_each_write_on_its_own)
{
	struct fixture f;
	struct store_write *ws[BATCHES][BATCH];
	struct store_pending *p[BATCHES];
	char id[32], ref[32];
	struct err e;

	fixture_open(&f);
	for (size_t b = 0; b < BATCHES; b++) {
		for (size_t i = 0; i < BATCH; i++) {
			snprintf(id, sizeof(id), "T-%zu-%zu", b, i);
			snprintf(ref, sizeof(ref), "R-%zu-%zu", b, i);
			/* Batch 2 repeats a ref of batch 0 in its middle: only that write fails. */
			ws[b][i] = ticket_write(id, b == 2 && i == BATCH / 2 ? "R-0-3" : ref, 1 + (b + i) % 7);
		}
		p[b] = store_submit_all(f.s, ws[b], BATCH);
	}
	for (size_t b = 0; b < BATCHES; b++) {
		int rc = store_pending_wait(f.s, p[b], &e);
		cr_assert_eq(rc, b == 2 ? -1 : 0, "batch %zu", b);
		for (size_t i = 0; i < BATCH; i++) {
			const struct err *r = store_write_result(ws[b][i]);
			if (b == 2 && i == BATCH / 2) {
				cr_assert_eq(r->code, ERR_CONFLICT);
				cr_assert_str_eq(r->field, "ref");
			} else {
				cr_assert_eq(r->code, ERR_OK, "%zu/%zu: %s", b, i, r->message);
			}
			store_write_free(ws[b][i]);
		}
	}
	cr_assert_eq(store_pending_wait(f.s, NULL, &e), 0, "waiting for nothing is done at once");

	sqlite3 *db = fixture_sqlite(&f);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM tickets"), BATCHES * BATCH - 1);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM audit WHERE kind = 'ticket'"), BATCHES * BATCH - 1);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM ticket_log WHERE ticket_id = 'T-2-32'"), 0,
	             "the refused write left nothing");
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM tickets t WHERE last_seq <> first_n + "
	                                 "(SELECT COALESCE(sum(n), 0) FROM ticket_log WHERE ticket_id = t.id)"),
	             0);
	/* Each ticket got its own change number, in the order the batches were written. */
	cr_assert_eq(fixture_sql_int(db, "SELECT count(DISTINCT change_seq) FROM tickets WHERE change_seq > 0"),
	             BATCHES * BATCH - 1);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM tickets a JOIN tickets b ON a.rowid < b.rowid "
	                                 "AND a.change_seq > b.change_seq"),
	             0);
	sqlite3_close(db);
	/* Every log reads back whole and in seq order. */
	for (int b = 0; b < BATCHES; b++) {
		for (int i = 0; i < BATCH; i++) {
			struct store_ticket t;
			struct store_event_list log;
			snprintf(id, sizeof(id), "T-%d-%d", b, i);
			if (b == 2 && i == 32) {
				continue;
			}
			cr_assert_eq(store_ticket_get(f.s, id, &t, &log, &e), 0, "%s: %s", id, e.message);
			cr_assert_eq(log.n, (size_t)t.last_seq, "%s", id);
			for (size_t k = 0; k < log.n; k++) {
				cr_assert_eq(log.v[k].seq, (int64_t)k + 1);
				cr_assert_str_eq(log.v[k].doc, events[k].doc, "%s event %zu", id, k + 1);
			}
			store_ticket_release(&t);
			store_event_list_release(&log);
		}
	}
	fixture_close(&f);
}

Test(pipeline, tickets_exist_by_id_or_ref)
{
	struct fixture f;
	struct store_write *w;
	struct err e;

	fixture_open(&f);
	w = ticket_write("T-1", "INC-1", 2);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	store_write_free(w);
	w = ticket_write("T-2", NULL, 1);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	store_write_free(w);

	const char *ids[] = { "T-1", NULL, "T-9", "T-2", NULL, "T-9", "", NULL };
	const char *refs[] = { NULL, "INC-1", "INC-9", NULL, NULL, "INC-1", "", "INC-2" };
	const bool want[] = { true, true, false, true, false, true, false, false };
	bool found[8];
	memset(found, 1, sizeof(found));
	cr_assert_eq(store_tickets_exist(f.s, ids, refs, 8, found, &e), 0, "%s", e.message);
	for (size_t i = 0; i < 8; i++) {
		cr_assert_eq(found[i], want[i], "ticket %zu", i);
	}
	cr_assert_eq(store_tickets_exist(f.s, ids, refs, 0, found, &e), 0, "none to look up");
	fixture_close(&f);
}

Test(pipeline, tickets_exist_answers_each_line_whatever_the_key_order)
{
	enum { STORED = 40, ASKED = 120 };
	static char ids[ASKED][16], refs[ASKED][16];
	const char *id_of[ASKED], *ref_of[ASKED];
	bool found[ASKED];
	struct fixture f;
	struct err e;

	fixture_open(&f);
	/* Stored: T-000 .. T-039 with .. R-000, so id order and ref order disagree. */
	for (int i = 0; i < STORED; i++) {
		char id[16], ref[16];
		snprintf(id, sizeof(id), "T-%03d", i);
		snprintf(ref, sizeof(ref), "R-%03d", STORED - 1 - i);
		struct store_write *w = ticket_write(id, ref, 1);
		cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
		store_write_free(w);
	}
	/* Asked in a scrambled order: some by a stored id, some only by a stored ref, some not there. */
	for (int i = 0; i < ASKED; i++) {
		int k = (i * 53) % ASKED;
		snprintf(ids[i], sizeof(ids[i]), "T-%03d", k);
		snprintf(refs[i], sizeof(refs[i]), "R-%03d", (k * 7) % (2 * STORED));
		id_of[i] = k % 3 == 0 ? NULL : ids[i];
		ref_of[i] = k % 5 == 0 ? NULL : refs[i];
	}
	memset(found, 1, sizeof(found));
	cr_assert_eq(store_tickets_exist(f.s, id_of, ref_of, ASKED, found, &e), 0, "%s", e.message);
	for (int i = 0; i < ASKED; i++) {
		int k = (i * 53) % ASKED;
		bool want = (id_of[i] != NULL && k < STORED) || (ref_of[i] != NULL && (k * 7) % (2 * STORED) < STORED);
		cr_assert_eq(found[i], want, "line %d (id %s, ref %s)", i, id_of[i] ? id_of[i] : "-",
		             ref_of[i] ? ref_of[i] : "-");
	}
	fixture_close(&f);
}
