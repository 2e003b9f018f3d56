/*
 * stmt_test.c - the statement table and the migrations: every statement has
 * its SQLite text and prepares against the migrated schema, the logs have no
 * statement that rewrites them, and migrations are numbered without gaps.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "store/schema.h"
#include "store/stmt.h"
#include "unit/store/fixture.h"

Test(stmt, every_statement_has_sqlite_text_and_prepares)
{
	struct fixture f;
	sqlite3 *db;

	fixture_open(&f);
	db = fixture_sqlite(&f);
	for (int i = 0; i < STMT_COUNT; i++) {
		sqlite3_stmt *st = NULL;
		cr_assert_not_null(stmt_table[i].name, "statement %d has no name", i);
		cr_assert_not_null(stmt_table[i].sqlite, "statement %s has no SQLite text", stmt_table[i].name);
		cr_assert(stmt_table[i].pg == NULL || stmt_table[i].pg[0] != '\0');
		for (int j = 0; j < i; j++) {
			cr_assert_str_neq(stmt_table[i].name, stmt_table[j].name);
		}
		/* Transaction control is prepared only in its place. */
		if (strstr(stmt_table[i].sqlite, "SAVEPOINT") != NULL ||
		    strstr(stmt_table[i].sqlite, "RELEASE") != NULL ||
		    strstr(stmt_table[i].sqlite, "ROLLBACK") != NULL ||
		    strstr(stmt_table[i].sqlite, "COMMIT") != NULL || strncmp(stmt_table[i].sqlite, "BEGIN", 5) == 0) {
			continue;
		}
		cr_assert_eq(sqlite3_prepare_v2(db, stmt_table[i].sqlite, -1, &st, NULL), SQLITE_OK, "%s: %s",
		             stmt_table[i].name, sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	fixture_close(&f);
}

Test(stmt, the_logs_are_never_rewritten)
{
	for (int i = 0; i < STMT_COUNT; i++) {
		const char *sql = stmt_table[i].sqlite;
		cr_assert_null(strstr(sql, "UPDATE ticket_log"), "%s", stmt_table[i].name);
		cr_assert_null(strstr(sql, "DELETE FROM ticket_log"), "%s", stmt_table[i].name);
		cr_assert_null(strstr(sql, "UPDATE audit"), "%s", stmt_table[i].name);
		cr_assert_null(strstr(sql, "DELETE FROM audit"), "%s", stmt_table[i].name);
		cr_assert_null(strstr(sql, "INSERT OR REPLACE"), "%s", stmt_table[i].name);
	}
}

Test(stmt, migrations_are_numbered_in_order)
{
	cr_assert(schema_migration_count >= 1);
	for (size_t i = 0; i < schema_migration_count; i++) {
		cr_assert_eq(schema_migrations[i].version, (int)i + 1);
		cr_assert_not_null(schema_migrations[i].name);
		cr_assert_not_null(schema_migrations[i].sqlite);
	}
	cr_assert_eq(schema_latest(), (int)schema_migration_count);
}
