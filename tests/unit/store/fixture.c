/*
 * fixture.c - see fixture.h.
 */
#include "unit/store/fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timefmt.h"

void
fixture_open(struct fixture *f)
{
	const char *tmp = getenv("TMPDIR");
	struct err e;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/levera-store-XXXXXX", tmp != NULL ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/levera.db", f->dir);
	cr_assert_eq(store_open(&f->s, f->path, &e), 0, "%s", e.message);
}

void
fixture_reopen(struct fixture *f)
{
	struct err e;

	store_close(f->s);
	f->s = NULL;
	cr_assert_eq(store_open(&f->s, f->path, &e), 0, "%s", e.message);
}

void
fixture_close(struct fixture *f)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char p[320];

	store_close(f->s);
	f->s = NULL;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

struct store_record
fixture_record(const char *kind, const char *id, const char *key, int64_t at)
{
	struct store_record r = { 0 };

	r.kind = (char *)kind;
	r.id = (char *)id;
	r.key = (char *)key;
	r.created_at = at;
	r.updated_at = at;
	r.doc = "{\"name\":\"x\"}";
	return r;
}

struct store_ticket
fixture_ticket(const char *id, int64_t at)
{
	struct store_ticket t = { 0 };

	t.id = (char *)id;
	t.type = "incident";
	t.priority = "P3";
	t.status = "new";
	t.created_at = at;
	t.updated_at = at;
	t.resolved_at = TIME_NONE;
	t.next_due_at = TIME_NONE;
	t.open = true;
	t.doc = "{\"subject\":\"printer on fire\"}";
	return t;
}

int
fixture_create_record(struct store *s, const char *kind, const char *id, const char *key, int64_t at, struct err *e)
{
	struct store_write *w = store_write_new();
	struct store_record r = fixture_record(kind, id, key, at);
	struct store_audit a = { 0 };
	int rc;

	a.at = at;
	a.actor_id = "u-admin";
	a.action = "create";
	a.kind = (char *)kind;
	a.record_id = (char *)id;
	store_write_record_create(w, &r);
	store_write_audit(w, &a);
	rc = store_commit(s, w, e);
	store_write_free(w);
	return rc;
}

sqlite3 *
fixture_sqlite(const struct fixture *f)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

int64_t
fixture_sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
