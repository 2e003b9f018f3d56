/*
 * sqlite.h - the SQLite backend's insides, shared by sqlite*.c: its
 * connections (one writer, a pool of readers), their statement caches and
 * the one place SQLite's result codes become struct err.
 *
 * Private to src/store/.  The backend is store_sqlite_backend.
 */
#ifndef LEVERA_STORE_SQLITE_H
#define LEVERA_STORE_SQLITE_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#include "base/err.h"
#include "store/backend.h"
#include "store/stmt.h"

/*
 * Checkpoints copy the log into the database file.  SQLite's automatic one
 * would stop a busy writer every thousand pages (frames); Levera's writer
 * checkpoints when its queue is empty, and under sustained load once the
 * log holds SQLITE_CHECKPOINT_HARD_BYTES (64 MB, the size the log is cut
 * back to), which bounds the log's size.  An import keeps the writer busy
 * for its whole length: a larger log lets a page rewritten by many
 * transactions be copied once (on a 100,000-ticket import, 16 MB took ~5%
 * more writer time, 256 MB ~7% less but with stalls 4 times as long for
 * whoever waits behind the checkpoint).  (A checkpointer thread of its own
 * measured no faster on two cores.)
 */
#define SQLITE_CHECKPOINT_HARD_BYTES (64 * 1024 * 1024)

/*
 * The page size of a new database.  A ticket write dirties a page or so in
 * each of a dozen b-trees; 8 KB pages halve the frames (two system calls
 * each) that the rows appended at the right edges cost, without doubling
 * what a scattered update writes as 16 KB would.  Measured on 2 cores:
 * importing 100,000 tickets 13% faster than with 4 KB, durable API-style
 * creations unchanged (16 KB: a third slower).  A database keeps the page
 * size it was made with.
 */
#define SQLITE_PAGE_SIZE 8192

/* Composed statements (ticket lists) kept prepared per connection. */
#define SQLITE_DYN_CACHE 16

struct sqlite_dyn {
	char *sql;
	sqlite3_stmt *st;
	uint64_t used; /* for least-recently-used eviction */
};

/* A connection and its prepared statements; used by one thread at a time. */
struct sqlite_conn {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT_COUNT];
	struct sqlite_dyn dyn[SQLITE_DYN_CACHE];
	uint64_t tick;
	int64_t last_change;      /* the writer's: the last ticket change number given in its transaction */
	struct sqlite_conn *next; /* in the idle pool */
};

struct sqlite_store {
	struct store base; /* first: a struct store * is a struct sqlite_store * */
	char *path;
	struct sqlite_conn *writer; /* the writer thread's only */
	int wal_frames;             /* frames in the log after the last commit (writer thread) */
	int checkpoint_frames;      /* SQLITE_CHECKPOINT_HARD_BYTES in this database's pages */
	pthread_mutex_t pool_lock;
	struct sqlite_conn *idle;
	size_t n_idle;
};

extern const struct store_backend store_sqlite_backend;

static inline struct sqlite_store *
sqlite_store_of(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* The prepared statement id on c (prepared on first use); reset it after use. */
sqlite3_stmt *sqlite_stmt(struct sqlite_conn *c, enum stmt_id id, struct err *e);

/* The same for a composed statement, cached by its text. */
sqlite3_stmt *sqlite_stmt_sql(struct sqlite_conn *c, const char *sql, struct err *e);

/* Runs a statement that returns no rows, and resets it. */
int sqlite_run(struct sqlite_conn *c, enum stmt_id id, struct err *e);

/* Fills e from a failed call with SQLite code rc on c's database; returns -1. */
int sqlite_fail(struct err *e, struct sqlite_conn *c, int rc, const char *what);

/*
 * The field a UNIQUE or PRIMARY KEY failure on c is about ("id", "key",
 * "ref", "idempotency_key", "name"), from SQLite's message; call before
 * resetting the statement.
 */
const char *sqlite_conflict_field(struct sqlite_conn *c);

/* Copies the log into the database file as far as readers allow (writer thread). */
void sqlite_checkpoint(struct sqlite_store *ss);

/* After a commit: checkpoints when the log has grown long. */
void sqlite_after_commit(struct sqlite_store *ss);

/* A reader connection of the pool (opened when none is idle); give it back with sqlite_reader_done. */
struct sqlite_conn *sqlite_reader(struct sqlite_store *ss, struct err *e);
void sqlite_reader_done(struct sqlite_store *ss, struct sqlite_conn *c);

#endif
