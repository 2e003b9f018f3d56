/*
 * fixture.h - what the store tests share: a fresh database in a temporary
 * directory, rows with few fields to fill, and direct SQLite access for
 * looking underneath the store.
 */
#ifndef LEVERA_TEST_STORE_FIXTURE_H
#define LEVERA_TEST_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/store.h"

struct fixture {
	char dir[256];
	char path[300];
	struct store *s;
};

/* Makes a temporary directory and opens a new database in it (asserts). */
void fixture_open(struct fixture *f);

/* Closes and opens the same database again. */
void fixture_reopen(struct fixture *f);

/* Closes the store (if open) and removes the directory. */
void fixture_close(struct fixture *f);

/* A record row borrowing its strings. */
struct store_record fixture_record(const char *kind, const char *id, const char *key, int64_t at);

/* A ticket row borrowing its strings: open, status "new", priority "P3", no deadline. */
struct store_ticket fixture_ticket(const char *id, int64_t at);

/* Creates a record with an audit entry in one write; returns store_commit's result. */
int fixture_create_record(struct store *s, const char *kind, const char *id, const char *key, int64_t at,
                          struct err *e);

/* Opens the database file directly (read-write), asserting. */
sqlite3 *fixture_sqlite(const struct fixture *f);

/* The single integer a query returns. */
int64_t fixture_sql_int(sqlite3 *db, const char *sql);

#endif
