/*
 * query_test.c - the composed ticket queries: values are bound, never in
 * the text; and SQLite answers the common lists from the index meant for
 * them (the nearest deadlines above all) without sorting.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "store/query.h"
#include "store/stmt.h"
#include "unit/store/fixture.h"

/* The query plan of qry's text, one detail per line. */
static void
plan_of(sqlite3 *db, const struct query *qry, char *out, size_t max)
{
	char sql[QUERY_SQL_MAX + 32];
	sqlite3_stmt *st = NULL;
	size_t len = 0;

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", qry->sql);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", qry->sql, sqlite3_errmsg(db));
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		len += (size_t)snprintf(out + len, max - len, "%s\n", (const char *)sqlite3_column_text(st, 3));
		cr_assert(len < max);
	}
	sqlite3_finalize(st);
}

static void
expect_plan(sqlite3 *db, const struct store_ticket_query *q, const struct cursor *after, bool no_deadline,
            const char *index)
{
	struct query qry;
	struct err e;
	char plan[2048];

	cr_assert_eq(query_ticket_list(&qry, QUERY_SQLITE, q, after, no_deadline, 51, &e), 0);
	plan_of(db, &qry, plan, sizeof(plan));
	cr_assert(strstr(plan, index) != NULL, "%s\nplanned as\n%s", qry.sql, plan);
	cr_assert(strstr(plan, "TEMP B-TREE") == NULL, "%s\nsorts:\n%s", qry.sql, plan);
}

Test(query, the_common_lists_use_their_index)
{
	struct fixture f;
	struct store_ticket_query q = { 0 };
	struct cursor after = { 'd', false, false, 5000, NULL, "T9" };
	sqlite3 *db;

	fixture_open(&f);
	db = fixture_sqlite(&f);

	/* The nearest deadlines, first page and later pages, both parts. */
	q.sort = STORE_TICKET_BY_DUE;
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_open_due");
	expect_plan(db, &q, &after, false, "USING INDEX tickets_open_due");
	after.none = true;
	expect_plan(db, &q, &after, true, "USING INDEX tickets_open_due");

	q.sort = STORE_TICKET_BY_UPDATED;
	q.descending = true;
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_updated");
	q.customer_id = "c1";
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_customer");
	q.customer_id = NULL;
	q.team_id = "tm1";
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_team");
	q.team_id = NULL;
	q.agent_id = "a1";
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_agent");
	q.agent_id = NULL;
	q.sort = STORE_TICKET_BY_CREATED;
	q.descending = false;
	expect_plan(db, &q, NULL, false, "USING INDEX tickets_created");
	sqlite3_close(db);
	fixture_close(&f);
}

Test(query, values_are_bound_not_spliced)
{
	struct store_ticket_query q = { 0 };
	const char *st[] = { "new'; DROP TABLE tickets; --", "assigned" };
	struct cursor after = { 'u', true, false, 77, NULL, "T'1" };
	struct query qry;
	struct err e;

	q.customer_id = "o'brien";
	q.statuses = st;
	q.n_statuses = 2;
	q.sort = STORE_TICKET_BY_UPDATED;
	q.descending = true;
	cr_assert_eq(query_ticket_list(&qry, QUERY_SQLITE, &q, &after, false, 10, &e), 0);
	cr_assert_null(strchr(qry.sql, '\''), "%s", qry.sql);
	cr_assert_str_eq(qry.sql, "SELECT " STMT_TICKET_COLUMNS " FROM tickets WHERE customer_id = ?1 AND "
	                          "status IN (?2, ?3) AND (updated_at, id) < (?4, ?5) "
	                          "ORDER BY updated_at DESC, id DESC LIMIT ?6");
	cr_assert_eq(qry.n_args, 6);
	cr_assert_str_eq(qry.args[0].s, "o'brien");
	cr_assert_eq(qry.args[3].n, 77);
	cr_assert_str_eq(qry.args[4].s, "T'1");
	cr_assert_eq(qry.args[5].n, 10);

	cr_assert_eq(query_ticket_list(&qry, QUERY_PG, &q, &after, false, 10, &e), 0);
	cr_assert(strstr(qry.sql, "customer_id = $1 AND status IN ($2, $3)") != NULL, "%s", qry.sql);
}
