/*
 * store_test.c - opening and migrating, configuration records (versions,
 * conflicts, archive, pages), the audit log, idempotency keys, job leases
 * and the checks a write's arguments get.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "store/store.h"
#include "unit/store/fixture.h"

Test(store, open_creates_the_schema_in_wal_mode)
{
	struct fixture f;
	sqlite3 *db;
	sqlite3_stmt *st;
	struct err e;

	fixture_open(&f);
	cr_assert_eq(store_schema_version(f.s), store_schema_latest());
	cr_assert_eq(store_check(f.s, &e), 0, "%s", e.message);
	db = fixture_sqlite(&f);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	cr_assert_eq(fixture_sql_int(db, "SELECT MAX(version) FROM schema_version"), store_schema_latest());
	sqlite3_close(db);
	fixture_close(&f);
}

Test(store, reopen_keeps_data_and_does_not_migrate_twice)
{
	struct fixture f;
	struct store_record r;
	struct err e;
	sqlite3 *db;

	fixture_open(&f);
	cr_assert_eq(fixture_create_record(f.s, "service", "svc-1", "Email", 100, &e), 0, "%s", e.message);
	fixture_reopen(&f);
	fixture_reopen(&f);
	cr_assert_eq(store_record_get(f.s, "service", "svc-1", &r, &e), 0, "%s", e.message);
	cr_assert_str_eq(r.key, "Email");
	cr_assert_str_eq(r.doc, "{\"name\":\"x\"}");
	store_record_release(&r);
	db = fixture_sqlite(&f);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM schema_version"), store_schema_latest());
	cr_assert_eq(fixture_sql_int(db, "PRAGMA page_size"), 8192, "a new database has 8 KB pages");
	sqlite3_close(db);
	fixture_close(&f);
}

Test(store, a_newer_schema_is_refused)
{
	struct fixture f;
	struct store *s = NULL;
	struct err e;
	sqlite3 *db;
	char sql[128], want[160];
	int newer = store_schema_latest() + 1;

	fixture_open(&f);
	store_close(f.s);
	f.s = NULL;
	db = fixture_sqlite(&f);
	snprintf(sql, sizeof(sql), "INSERT INTO schema_version VALUES (%d, 'from the future', 0)", newer);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	cr_assert_eq(store_open(&s, f.path, &e), -1);
	cr_assert_null(s);
	cr_assert_eq(e.code, ERR_CONFLICT);
	snprintf(want, sizeof(want), "database schema version %d is newer than this levera (%d); upgrade levera", newer,
	         store_schema_latest());
	cr_assert_str_eq(e.message, want);
	fixture_close(&f);
}

Test(store, other_files_are_refused)
{
	struct fixture f;
	struct store *s = NULL;
	struct err e;
	sqlite3 *db;
	FILE *fp;

	fixture_open(&f);
	store_close(f.s);
	f.s = NULL;
	for (const char *const *sfx = (const char *const[]){ "", "-wal", "-shm", NULL }; *sfx != NULL; sfx++) {
		char p[320];
		snprintf(p, sizeof(p), "%s%s", f.path, *sfx);
		unlink(p);
	}

	/* Somebody else's SQLite database. */
	cr_assert_eq(sqlite3_open(f.path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE mine (x)", NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	cr_assert_eq(store_open(&s, f.path, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert(strstr(e.message, "not levera") != NULL, "%s", e.message);
	unlink(f.path);

	/* Not a database at all. */
	fp = fopen(f.path, "w");
	cr_assert_not_null(fp);
	fputs("this is not a database, it is a grocery list: eggs, milk, more eggs, and so on and on\n", fp);
	fclose(fp);
	cr_assert_eq(store_open(&s, f.path, &e), -1);
	cr_assert_eq(e.code, ERR_IO, "%s", e.message);
	unlink(f.path);

	/* A directory that does not exist. */
	cr_assert_eq(store_open(&s, "/nonexistent-levera-dir/x.db", &e), -1);
	cr_assert_eq(e.code, ERR_IO);
	cr_assert(strstr(e.message, "/nonexistent-levera-dir/x.db") != NULL, "%s", e.message);
	cr_assert_eq(store_open(&s, "", &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_eq(store_open(&s, "postgres://db/levera", &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	rmdir(f.dir);
}

Test(store, record_create_get_update_archive)
{
	struct fixture f;
	struct store_record r, got;
	struct store_write *w = store_write_new();
	struct err e;

	fixture_open(&f);
	cr_assert_eq(fixture_create_record(f.s, "team", "t1", "Service desk", 10, &e), 0, "%s", e.message);
	cr_assert_eq(fixture_create_record(f.s, "team", "t2", NULL, 11, &e), 0, "%s", e.message);
	cr_assert_eq(fixture_create_record(f.s, "team", "t3", "", 12, &e), 0, "two records without a key are fine");
	/* The same id or key in another kind is another record. */
	cr_assert_eq(fixture_create_record(f.s, "user", "t1", "Service desk", 10, &e), 0, "%s", e.message);

	cr_assert_eq(fixture_create_record(f.s, "team", "t1", "Other", 13, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "id");
	cr_assert_str_eq(e.message, "team 't1' already exists");
	cr_assert_not(store_err_is_version_mismatch(&e));
	cr_assert_eq(fixture_create_record(f.s, "team", "t4", "Service desk", 13, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "key");
	cr_assert_str_eq(e.message, "team key 'Service desk' is taken");

	cr_assert_eq(store_record_get(f.s, "team", "t1", &got, &e), 0);
	cr_assert_eq(got.version, 1);
	cr_assert_eq(got.created_at, 10);
	cr_assert_not(got.archived);
	cr_assert_null(got.org_id);
	store_record_release(&got);
	cr_assert_eq(store_record_get(f.s, "team", "t2", &got, &e), 0);
	cr_assert_null(got.key, "no key reads back as NULL");
	store_record_release(&got);
	cr_assert_eq(store_record_get_by_key(f.s, "team", "Service desk", &got, &e), 0);
	cr_assert_str_eq(got.id, "t1");
	store_record_release(&got);
	cr_assert_eq(store_record_get(f.s, "team", "nope", &got, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	cr_assert_eq(store_record_get_by_key(f.s, "team", "Nope", &got, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	cr_assert_str_eq(e.field, "key");

	/* Update at the right version: renamed, moved to an organisation. */
	r = fixture_record("team", "t1", "Desk", 20);
	r.version = 1;
	r.org_id = "org-acme";
	r.doc = "{\"name\":\"Desk\"}";
	store_write_record_update(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	cr_assert_eq(store_record_get(f.s, "team", "t1", &got, &e), 0);
	cr_assert_eq(got.version, 2);
	cr_assert_eq(got.created_at, 10, "an update keeps created_at");
	cr_assert_eq(got.updated_at, 20);
	cr_assert_str_eq(got.key, "Desk");
	cr_assert_str_eq(got.org_id, "org-acme");
	cr_assert_str_eq(got.doc, "{\"name\":\"Desk\"}");
	store_record_release(&got);
	cr_assert_eq(fixture_create_record(f.s, "team", "t5", "Service desk", 21, &e), 0, "the old key is free again");

	/* The same update again is stale. */
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert(store_err_is_version_mismatch(&e));
	cr_assert_str_eq(e.message, "version mismatch: team 't1' is at version 2, not 1");

	/* Taking another record's key. */
	store_write_reset(w);
	r.version = 2;
	r.key = "Service desk";
	store_write_record_update(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "key");

	store_write_reset(w);
	r.id = "ghost";
	store_write_record_update(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);

	store_write_reset(w);
	store_write_record_archive(w, "team", "t1", 1, 30);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert(store_err_is_version_mismatch(&e));
	store_write_reset(w);
	store_write_record_archive(w, "team", "t1", 2, 30);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	cr_assert_eq(store_record_get(f.s, "team", "t1", &got, &e), 0);
	cr_assert(got.archived);
	cr_assert_eq(got.version, 3);
	cr_assert_eq(got.updated_at, 30);
	cr_assert_str_eq(got.doc, "{\"name\":\"Desk\"}", "archiving keeps the document");
	store_record_release(&got);

	store_write_free(w);
	fixture_close(&f);
}

/* Lists every page of q and checks the ids, in order, against want. */
static void
expect_pages(struct store *s, struct store_record_query q, const char *const *want, size_t n_want)
{
	struct store_record_page page;
	struct err e;
	size_t seen = 0;
	char *cursor = NULL;

	for (int pages = 0;; pages++) {
		cr_assert(pages < 100);
		q.cursor = cursor;
		cr_assert_eq(store_record_list(s, &q, &page, &e), 0, "%s", e.message);
		for (size_t i = 0; i < page.n; i++) {
			cr_assert(seen < n_want, "more rows than expected: %s", page.rows[i].id);
			cr_assert_str_eq(page.rows[i].id, want[seen], "row %zu", seen);
			seen++;
		}
		free(cursor);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		if (cursor == NULL) {
			cr_assert(page.n > 0 || seen == 0, "no empty last page");
			store_record_page_release(&page);
			break;
		}
		cr_assert_eq(page.n, q.limit);
		store_record_page_release(&page);
	}
	cr_assert_eq(seen, n_want);
}

Test(store, record_pages_with_ties)
{
	struct fixture f;
	struct store_record_query q = { 0 };
	struct store_write *w = store_write_new();
	struct err e;
	char id[16], key[16];

	fixture_open(&f);
	/* 23 services created in three seconds (many ties), keys in reverse id order. */
	for (int i = 0; i < 23; i++) {
		snprintf(id, sizeof(id), "s%02d", i);
		snprintf(key, sizeof(key), "k%02d", 22 - i);
		struct store_record r = fixture_record("service", id, i % 5 == 4 ? NULL : key, 1000 + i % 3);
		r.org_id = i % 2 == 0 ? "org-a" : "org-b";
		store_write_record_create(w, &r);
	}
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	cr_assert_eq(fixture_create_record(f.s, "user", "u1", "alice@example.com", 5, &e), 0);
	store_write_reset(w);
	store_write_record_archive(w, "service", "s00", 1, 2000);
	store_write_record_archive(w, "service", "s03", 1, 2000);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);

	q.kind = "service";
	q.sort = STORE_RECORD_BY_CREATED;
	q.limit = 4;
	q.archived = STORE_ARCHIVED_INCLUDE;
	{
		static const char *const want[] = { "s00", "s03", "s06", "s09", "s12", "s15", "s18", "s21",
			                            "s01", "s04", "s07", "s10", "s13", "s16", "s19", "s22",
			                            "s02", "s05", "s08", "s11", "s14", "s17", "s20" };
		expect_pages(f.s, q, want, 23);
		q.limit = 23;
		expect_pages(f.s, q, want, 23);
		q.limit = 1;
		expect_pages(f.s, q, want, 23);
	}
	/* By key: those without a key first (by id), then by key. */
	q.sort = STORE_RECORD_BY_KEY;
	q.limit = 5;
	q.archived = STORE_ARCHIVED_EXCLUDE;
	{
		static const char *const want[] = { "s04", "s09", "s14", "s19", "s22", "s21", "s20",
			                            "s18", "s17", "s16", "s15", "s13", "s12", "s11",
			                            "s10", "s08", "s07", "s06", "s05", "s02", "s01" };
		expect_pages(f.s, q, want, 21);
	}
	q.archived = STORE_ARCHIVED_ONLY;
	{
		static const char *const want[] = { "s03", "s00" };
		expect_pages(f.s, q, want, 2);
	}
	q.archived = STORE_ARCHIVED_INCLUDE;
	q.key_prefix = "k1";
	{
		static const char *const want[] = { "s12", "s11", "s10", "s08", "s07", "s06", "s05", "s03" };
		expect_pages(f.s, q, want, 8);
	}
	q.org_id = "org-a";
	q.limit = 2;
	{
		static const char *const want[] = { "s12", "s10", "s08", "s06" };
		expect_pages(f.s, q, want, 4);
	}
	q.org_id = "org-none";
	expect_pages(f.s, q, NULL, 0);
	q.org_id = NULL;
	q.key_prefix = "\xff";
	expect_pages(f.s, q, NULL, 0);
	/* A key range [key_from, key_before), alone and narrowing a prefix (k08 has no row: s14 has no key). */
	q.key_prefix = NULL;
	q.key_from = "k05";
	q.key_before = "k10";
	q.limit = 3;
	{
		static const char *const want[] = { "s17", "s16", "s15", "s13" };
		expect_pages(f.s, q, want, 4);
	}
	q.key_prefix = "k0";
	q.key_from = "k08";
	q.key_before = NULL;
	{
		static const char *const want[] = { "s13" };
		expect_pages(f.s, q, want, 1);
	}
	q.key_prefix = "k1";
	q.key_from = NULL;
	q.key_before = "k12";
	{
		static const char *const want[] = { "s12", "s11" };
		expect_pages(f.s, q, want, 2);
	}
	store_write_free(w);
	fixture_close(&f);
}

Test(store, list_arguments_are_checked)
{
	struct fixture f;
	struct store_record_query q = { 0 };
	struct store_record_page page;
	struct err e;
	char *cursor;

	fixture_open(&f);
	for (int i = 0; i < 3; i++) {
		char id[16];
		snprintf(id, sizeof(id), "c%d", i);
		cr_assert_eq(fixture_create_record(f.s, "calendar", id, NULL, i, &e), 0);
	}
	q.kind = "calendar";
	q.limit = 201;
	cr_assert_eq(store_record_list(f.s, &q, &page, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "limit");
	q.limit = 0;
	cr_assert_eq(store_record_list(f.s, &q, &page, &e), 0, "0 means the default page");
	cr_assert_eq(page.n, 3);
	store_record_page_release(&page);
	q.kind = NULL;
	cr_assert_eq(store_record_list(f.s, &q, &page, &e), -1);
	cr_assert_str_eq(e.field, "kind");

	q.kind = "calendar";
	q.limit = 1;
	cr_assert_eq(store_record_list(f.s, &q, &page, &e), 0);
	cursor = page.next_cursor;
	page.next_cursor = NULL;
	store_record_page_release(&page);
	cr_assert_not_null(cursor);
	q.sort = STORE_RECORD_BY_CREATED;
	q.cursor = cursor;
	cr_assert_eq(store_record_list(f.s, &q, &page, &e), -1, "a cursor of another order");
	cr_assert_str_eq(e.field, "cursor");
	free(cursor);
	fixture_close(&f);
}

Test(store, bad_cursors_are_invalid)
{
	struct fixture f;
	struct store_record_query q = { 0 };
	struct store_record_page page;
	struct err e;
	static const char *const bad[] = { "x", "!!!!", "MWthdjA6MDo", "MWthdjA6MDozOmFi", "AAAA" };

	fixture_open(&f);
	q.kind = "calendar";
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q.cursor = bad[i];
		cr_assert_eq(store_record_list(f.s, &q, &page, &e), -1, "%s", bad[i]);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "cursor");
	}
	fixture_close(&f);
}

Test(store, audit_commits_and_fails_with_its_write)
{
	struct fixture f;
	struct store_audit_page page;
	struct store_audit_query q = { 0 };
	struct err e;
	sqlite3 *db;

	fixture_open(&f);
	cr_assert_eq(fixture_create_record(f.s, "org", "o1", "Acme", 100, &e), 0);
	cr_assert_eq(fixture_create_record(f.s, "org", "o2", "Beta", 101, &e), 0);
	cr_assert_eq(fixture_create_record(f.s, "org", "o3", "Acme", 102, &e), -1, "key taken");
	cr_assert_eq(store_audit_list(f.s, &q, &page, &e), 0);
	cr_assert_eq(page.n, 2, "the refused write left no audit entry");
	cr_assert_eq(page.rows[0].seq + 1, page.rows[1].seq);
	cr_assert_str_eq(page.rows[0].record_id, "o1");
	cr_assert_str_eq(page.rows[1].record_id, "o2");
	cr_assert_str_eq(page.rows[1].actor_id, "u-admin");
	cr_assert_str_eq(page.rows[1].action, "create");
	cr_assert_eq(page.rows[1].at, 101);
	cr_assert_null(page.rows[1].doc);
	q.after_seq = page.rows[0].seq;
	store_audit_page_release(&page);
	cr_assert_eq(store_audit_list(f.s, &q, &page, &e), 0);
	cr_assert_eq(page.n, 1);
	store_audit_page_release(&page);
	q.after_seq = 0;
	q.kind = "org";
	q.record_id = "o2";
	cr_assert_eq(store_audit_list(f.s, &q, &page, &e), 0);
	cr_assert_eq(page.n, 1);
	cr_assert_str_eq(page.rows[0].record_id, "o2");
	store_audit_page_release(&page);
	q.kind = NULL;
	cr_assert_eq(store_audit_list(f.s, &q, &page, &e), -1);
	db = fixture_sqlite(&f);
	cr_assert_neq(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK,
	              "the audit log is append-only");
	cr_assert_neq(sqlite3_exec(db, "UPDATE audit SET actor_id = 'me'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	fixture_close(&f);
}

Test(store, idempotency_keys)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_idempotency k = { 0 }, got;
	struct store_record r;
	struct err e;

	fixture_open(&f);
	k.actor_id = "u1";
	k.key = "retry-1";
	k.method_path = "POST /api/v1/services";
	k.status = 201;
	k.response = "{\"id\":\"svc-1\"}";
	k.created_at = 500;
	r = fixture_record("service", "svc-1", "Email", 500);
	store_write_record_create(w, &r);
	store_write_idempotency(w, &k);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);

	cr_assert_eq(store_idempotency_get(f.s, "u1", "retry-1", &got, &e), 0, "%s", e.message);
	cr_assert_str_eq(got.method_path, "POST /api/v1/services");
	cr_assert_eq(got.status, 201);
	cr_assert_str_eq(got.response, "{\"id\":\"svc-1\"}");
	cr_assert_eq(got.created_at, 500);
	store_idempotency_release(&got);
	cr_assert_eq(store_idempotency_get(f.s, "u2", "retry-1", &got, &e), -1, "keys are per actor");
	cr_assert_eq(e.code, ERR_NOT_FOUND);

	/* A racing retry: the key is taken, and its create is undone with it. */
	store_write_reset(w);
	r = fixture_record("service", "svc-2", "Chat", 501);
	store_write_record_create(w, &r);
	store_write_idempotency(w, &k);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "idempotency_key");
	cr_assert_eq(store_record_get(f.s, "service", "svc-2", &r, &e), -1);

	store_write_reset(w);
	store_write_idempotency_purge(w, 500);
	cr_assert_eq(store_commit(f.s, w, &e), 0);
	cr_assert_eq(store_idempotency_get(f.s, "u1", "retry-1", &got, &e), 0, "created at 500 is kept");
	store_idempotency_release(&got);
	store_write_reset(w);
	store_write_idempotency_purge(w, 501);
	cr_assert_eq(store_commit(f.s, w, &e), 0);
	cr_assert_eq(store_idempotency_get(f.s, "u1", "retry-1", &got, &e), -1);
	store_write_free(w);
	fixture_close(&f);
}

static int
job_op(struct store *s, int op, const char *owner, int64_t now, int64_t until, struct err *e)
{
	struct store_write *w = store_write_new();
	int rc;

	if (op == 0) {
		store_write_job_claim(w, "breach-scan", owner, now, until);
	} else if (op == 1) {
		store_write_job_release(w, "breach-scan", owner);
	} else {
		store_write_job_set(w, "breach-scan", owner, now, "{\"after\":42}");
	}
	rc = store_commit(s, w, e);
	store_write_free(w);
	return rc;
}

Test(store, job_leases)
{
	struct fixture f;
	struct store_job j;
	struct err e;

	fixture_open(&f);
	cr_assert_eq(store_job_get(f.s, "breach-scan", &j, &e), -1);
	cr_assert_eq(e.code, ERR_NOT_FOUND);
	cr_assert_eq(job_op(f.s, 0, "server-a", 100, 130, &e), 0, "%s", e.message);
	cr_assert_eq(job_op(f.s, 0, "server-b", 129, 160, &e), -1, "held until 130");
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_eq(job_op(f.s, 0, "server-a", 120, 150, &e), 0, "the holder renews");
	cr_assert_eq(job_op(f.s, 2, "server-b", 121, 0, &e), -1, "only the holder sets the value");
	cr_assert_eq(job_op(f.s, 2, "server-a", 121, 0, &e), 0, "%s", e.message);
	cr_assert_eq(job_op(f.s, 0, "server-b", 150, 180, &e), 0, "an expired lease is taken over");
	cr_assert_eq(job_op(f.s, 2, "server-a", 151, 0, &e), -1, "the old holder lost it");
	cr_assert_eq(job_op(f.s, 1, "server-a", 0, 0, &e), -1);
	cr_assert_eq(store_job_get(f.s, "breach-scan", &j, &e), 0);
	cr_assert_str_eq(j.lease_owner, "server-b");
	cr_assert_eq(j.lease_until, 180);
	cr_assert_str_eq(j.value, "{\"after\":42}", "a new lease keeps the value");
	store_job_release(&j);
	cr_assert_eq(job_op(f.s, 1, "server-b", 0, 0, &e), 0);
	cr_assert_eq(store_job_get(f.s, "breach-scan", &j, &e), 0);
	cr_assert_null(j.lease_owner);
	cr_assert_eq(j.lease_until, TIME_NONE);
	store_job_release(&j);
	cr_assert_eq(job_op(f.s, 0, "server-c", 0, 10, &e), 0, "a released lease is free");
	fixture_close(&f);
}

Test(store, write_arguments_are_checked)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_record r;
	struct store_ticket t;
	struct store_event ev = { 0, NULL };
	struct err e;
	static char big[STORE_DOC_MAX + 2];
	char long_id[STORE_ID_MAX + 2];

	fixture_open(&f);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "an empty write commits nothing");

	r = fixture_record("service", "", NULL, 1);
	store_write_record_create(w, &r);
	r = fixture_record("service", "fine", NULL, 1);
	store_write_record_create(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "id");
	cr_assert_eq(store_write_result(w)->code, ERR_INVALID);
	cr_assert_eq(store_record_get(f.s, "service", "fine", &r, &e), -1, "nothing of a refused write is stored");

	store_write_reset(w);
	memset(big, 'x', sizeof(big) - 1);
	r = fixture_record("service", "big", NULL, 1);
	r.doc = big;
	store_write_record_create(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);

	store_write_reset(w);
	memset(long_id, 'i', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	r = fixture_record("service", long_id, NULL, 1);
	store_write_record_create(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);

	store_write_reset(w);
	t = fixture_ticket("T1", 5);
	store_write_ticket_create(w, &t, &ev, 1);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_str_eq(e.field, "events[0].doc");
	store_write_reset(w);
	t.status = NULL;
	store_write_ticket_create(w, &t, NULL, 0);
	cr_assert_eq(store_commit(f.s, w, &e), -1);
	cr_assert_str_eq(e.field, "status");

	store_write_reset(w);
	r = fixture_record("service", "ok", NULL, 1);
	store_write_record_create(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "a reset write is clean: %s", e.message);
	cr_assert_eq(store_write_result(w)->code, ERR_OK);
	store_write_free(w);
	store_write_free(NULL);
	fixture_close(&f);
}
