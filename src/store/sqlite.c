/*
 * sqlite.c - the SQLite backend: opening (WAL, synchronous=FULL, foreign
 * keys), migrating, the reader pool, statement caches, checkpoints and
 * error mapping.
 *
 * One writer connection belongs to the writer thread; readers come from a
 * pool, each used by one thread at a time (SQLITE_OPEN_NOMUTEX), and see the
 * last commit without blocking it (WAL).  Rows are read and written in
 * sqlite_read.c and sqlite_write.c.
 */
#include "store/sqlite.h"
#include "store/sqlite_kpi.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/schema.h"
#include "store/sqlite_read.h"
#include "store/sqlite_write.h"

/* Idle readers kept open; more are closed when given back. */
#define POOL_IDLE_MAX 32
#define BUSY_TIMEOUT_MS 10000

static const char writer_pragmas[] = "PRAGMA synchronous = FULL;"
                                     "PRAGMA wal_autocheckpoint = 0;"
                                     "PRAGMA foreign_keys = ON;"
                                     "PRAGMA temp_store = MEMORY;"
                                     "PRAGMA cache_size = -65536;"
                                     "PRAGMA journal_size_limit = 67108864;";

static const char reader_pragmas[] = "PRAGMA query_only = ON;"
                                     "PRAGMA foreign_keys = ON;"
                                     "PRAGMA temp_store = MEMORY;"
                                     "PRAGMA cache_size = -16384;";

static const char wal_pragma[] = "PRAGMA journal_mode = WAL";
#define STR(x) #x
#define XSTR(x) STR(x)
static const char page_size_pragma[] = "PRAGMA page_size = " XSTR(SQLITE_PAGE_SIZE);
static const char integrity_pragma[] = "PRAGMA integrity_check";
static const char foreign_key_pragma[] = "PRAGMA foreign_key_check";

int
sqlite_fail(struct err *e, struct sqlite_conn *c, int rc, const char *what)
{
	const char *msg = c != NULL && c->db != NULL ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return err_set(e, ERR_CONFLICT, sqlite_conflict_field(c), "%s: %s", what, msg);
	case SQLITE_FULL:
		return err_set(e, ERR_IO, NULL, "%s: the disk is full (%s)", what, msg);
	case SQLITE_IOERR:
		if (c != NULL && c->db != NULL && sqlite3_system_errno(c->db) != 0) {
			return err_set(e, ERR_IO, NULL, "%s: %s (%s)", what, msg,
			               strerror(sqlite3_system_errno(c->db)));
		}
		return err_set(e, ERR_IO, NULL, "%s: %s", what, msg);
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_PROTOCOL:
	case SQLITE_NOLFS:
	case SQLITE_AUTH:
		return err_set(e, ERR_IO, NULL, "%s: %s", what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return err_set(e, ERR_IO, NULL, "%s: the database is damaged or not a levera database (%s)", what, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, ERR_IO, NULL, "%s: the database stayed busy (%s)", what, msg);
	case SQLITE_NOMEM:
		return err_set(e, ERR_IO, NULL, "%s: out of memory", what);
	default:
		return err_set(e, ERR_INTERNAL, NULL, "%s: %s", what, msg);
	}
}

const char *
sqlite_conflict_field(struct sqlite_conn *c)
{
	static const struct {
		const char *needle; /* in "UNIQUE constraint failed: table.column, ..." */
		const char *field;
	} fields[] = {
		{ "records.key", "key" }, { "tickets.ref", "ref" }, { "idempotency.", "idempotency_key" },
		{ "job_state.", "name" }, { "ticket_log.", "seq" },
	};
	const char *msg = c != NULL && c->db != NULL ? sqlite3_errmsg(c->db) : "";

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strstr(msg, fields[i].needle) != NULL) {
			return fields[i].field;
		}
	}
	return "id";
}

sqlite3_stmt *
sqlite_stmt(struct sqlite_conn *c, enum stmt_id id, struct err *e)
{
	int rc;

	if (c->stmt[id] == NULL) {
		rc = sqlite3_prepare_v3(c->db, stmt_table[id].sqlite, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt[id],
		                        NULL);
		if (rc != SQLITE_OK) {
			sqlite_fail(e, c, rc, stmt_table[id].name);
			sqlite3_finalize(c->stmt[id]);
			c->stmt[id] = NULL;
			return NULL;
		}
	}
	return c->stmt[id];
}

sqlite3_stmt *
sqlite_stmt_sql(struct sqlite_conn *c, const char *sql, struct err *e)
{
	struct sqlite_dyn *slot = &c->dyn[0];
	int rc;

	c->tick++;
	for (size_t i = 0; i < SQLITE_DYN_CACHE; i++) {
		struct sqlite_dyn *d = &c->dyn[i];
		if (d->sql != NULL && strcmp(d->sql, sql) == 0) {
			d->used = c->tick;
			return d->st;
		}
		if (d->used < slot->used) {
			slot = d;
		}
	}
	sqlite3_finalize(slot->st);
	free(slot->sql);
	slot->sql = NULL;
	slot->st = NULL;
	slot->used = 0;
	rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->st, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(e, c, rc, "ticket list");
		sqlite3_finalize(slot->st);
		slot->st = NULL;
		return NULL;
	}
	slot->sql = xstrdup(sql);
	slot->used = c->tick;
	return slot->st;
}

int
sqlite_run(struct sqlite_conn *c, enum stmt_id id, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, id, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, stmt_table[id].name);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static void
conn_close(struct sqlite_conn *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < STMT_COUNT; i++) {
		sqlite3_finalize(c->stmt[i]);
	}
	for (size_t i = 0; i < SQLITE_DYN_CACHE; i++) {
		sqlite3_finalize(c->dyn[i].st);
		free(c->dyn[i].sql);
	}
	sqlite3_close(c->db);
	free(c);
}

/*
 * Sets WAL mode, which lasts in the file; a database that cannot have it is
 * refused.  A new, empty database gets SQLITE_PAGE_SIZE first (once a file
 * has pages the pragma changes nothing).
 */
static int
use_wal(struct sqlite_conn *c, const char *path, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_exec(c->db, page_size_pragma, NULL, NULL, NULL);
	const unsigned char *mode;

	if (rc == SQLITE_OK) {
		rc = sqlite3_prepare_v2(c->db, wal_pragma, -1, &st, NULL);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, "setting write-ahead logging");
		sqlite3_finalize(st);
		return -1;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0) {
		sqlite3_finalize(st);
		return err_set(e, ERR_IO, "database", "'%s' cannot use write-ahead logging", path);
	}
	sqlite3_finalize(st);
	return 0;
}

static struct sqlite_conn *
conn_open(const char *path, bool writer, struct err *e)
{
	struct sqlite_conn *c = xcalloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &c->db, flags, NULL);

	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, "database", "cannot open database '%s': %s", path,
		        c->db != NULL ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		conn_close(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (writer && use_wal(c, path, e) < 0) {
		conn_close(c);
		return NULL;
	}
	rc = sqlite3_exec(c->db, writer ? writer_pragmas : reader_pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(e, c, rc, "configuring the database connection");
		conn_close(c);
		return NULL;
	}
	return c;
}

struct sqlite_conn *
sqlite_reader(struct sqlite_store *ss, struct err *e)
{
	struct sqlite_conn *c;

	pthread_mutex_lock(&ss->pool_lock);
	c = ss->idle;
	if (c != NULL) {
		ss->idle = c->next;
		ss->n_idle--;
	}
	pthread_mutex_unlock(&ss->pool_lock);
	if (c != NULL) {
		return c;
	}
	return conn_open(ss->path, false, e);
}

void
sqlite_reader_done(struct sqlite_store *ss, struct sqlite_conn *c)
{
	/* One still inside a snapshot would pin it (and the log) for its next user: close it. */
	if (!sqlite3_get_autocommit(c->db)) {
		conn_close(c);
		return;
	}
	pthread_mutex_lock(&ss->pool_lock);
	if (ss->n_idle < POOL_IDLE_MAX) {
		c->next = ss->idle;
		ss->idle = c;
		ss->n_idle++;
		c = NULL;
	}
	pthread_mutex_unlock(&ss->pool_lock);
	conn_close(c);
}

/* Reads one integer from statement id's first row. */
static int
read_int(struct sqlite_conn *c, enum stmt_id id, int col, int64_t *out, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(c, id, e);
	int rc;

	if (st == NULL) {
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, stmt_table[id].name);
		sqlite3_reset(st);
		return -1;
	}
	*out = sqlite3_column_int64(st, col);
	sqlite3_reset(st);
	return 0;
}

static int
apply_migrations(struct sqlite_conn *c, const char *path, int64_t current, struct err *e)
{
	char what[160];

	for (size_t i = 0; i < schema_migration_count; i++) {
		const struct migration *m = &schema_migrations[i];
		sqlite3_stmt *st;
		int rc;

		if (m->version <= current) {
			continue;
		}
		rc = sqlite3_exec(c->db, m->sqlite, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			snprintf(what, sizeof(what), "migrating '%.100s' to schema version %d", path, m->version);
			return sqlite_fail(e, c, rc, what);
		}
		st = sqlite_stmt(c, STMT_SCHEMA_VERSION_ADD, e);
		if (st == NULL) {
			return -1;
		}
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			return sqlite_fail(e, c, rc, "recording the schema version");
		}
	}
	return 0;
}

/* Brings the schema up to date in one transaction, or refuses a newer one. */
static int
migrate(struct sqlite_store *ss, struct err *e)
{
	struct sqlite_conn *c = ss->writer;
	int64_t has_table = 0, objects = 0, current = 0;
	int latest = schema_latest();

	if (sqlite_run(c, STMT_BEGIN, e) < 0) {
		return -1;
	}
	if (read_int(c, STMT_SCHEMA_HAS_TABLE, 0, &has_table, e) < 0 ||
	    read_int(c, STMT_SCHEMA_HAS_TABLE, 1, &objects, e) < 0) {
		goto fail;
	}
	if (has_table == 0 && objects > 0) {
		err_set(e, ERR_CONFLICT, "database", "'%s' is a database of something else, not levera", ss->path);
		goto fail;
	}
	if (has_table != 0 && read_int(c, STMT_SCHEMA_VERSION, 0, &current, e) < 0) {
		goto fail;
	}
	if (current > latest) {
		err_set(e, ERR_CONFLICT, "database",
		        "database schema version %lld is newer than this levera (%d); upgrade levera",
		        (long long)current, latest);
		goto fail;
	}
	if (apply_migrations(c, ss->path, current, e) < 0) {
		goto fail;
	}
	if (sqlite_run(c, STMT_COMMIT, e) < 0) {
		goto fail;
	}
	ss->base.schema_version = latest;
	return 0;
fail:
	if (!sqlite3_get_autocommit(c->db)) {
		sqlite_run(c, STMT_ROLLBACK, NULL);
	}
	return -1;
}

/* The database's page size (the one it was made with); 4096 should the pragma not answer. */
static int
page_size(struct sqlite_conn *c)
{
	sqlite3_stmt *st = NULL;
	int size = 0;

	if (sqlite3_prepare_v2(c->db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		size = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return size >= 512 ? size : 4096;
}

/* Makes a newly created file's name durable too. */
static void
sync_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL   ? xstrdup(".")
	            : slash == path ? xstrdup("/")
	                            : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Counts the log's frames after each commit (sqlite3_wal_hook). */
static int
count_frames(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct sqlite_store *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

void
sqlite_checkpoint(struct sqlite_store *ss)
{
	int log_frames = 0, done_frames = 0;
	int rc = sqlite3_wal_checkpoint_v2(ss->writer->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &done_frames);

	/* A failed checkpoint loses nothing: the log still holds every commit. */
	if (rc == SQLITE_OK && log_frames == done_frames) {
		ss->wal_frames = 0;
	}
}

/*
 * A passive checkpoint on a reader connection, while the writer goes on: it
 * copies the frames committed when it starts (a checkpoint the writer tries
 * meanwhile finds it busy and is skipped, losing nothing).  The writer's
 * count of frames is left alone; its own next checkpoint finds little to do.
 */
static void
sqlite_checkpoint_aside(struct store *s)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, NULL);

	if (c != NULL) {
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		sqlite_reader_done(ss, c);
	}
}

void
sqlite_after_commit(struct sqlite_store *ss)
{
	if (ss->wal_frames >= ss->checkpoint_frames) {
		sqlite_checkpoint(ss);
	}
}

static void sqlite_close(struct store *s);

/*
 * Library-wide settings, made before SQLite first starts (should something
 * have started it already, they are refused and the defaults stay: slower,
 * not wrong).  Without memory statistics, which Levera never reads, an
 * allocation inside SQLite takes no process-wide lock: that lock was a tenth
 * of the writer's instructions on an import, and every reader thread took
 * it too.
 */
static void
configure_library(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static struct store *
sqlite_open(const char *path, struct err *e)
{
	struct sqlite_store *ss;
	struct stat sb;
	bool existed = stat(path, &sb) == 0;

	static pthread_once_t configured = PTHREAD_ONCE_INIT;

	if (sqlite3_threadsafe() == 0) {
		err_set(e, ERR_INTERNAL, NULL, "the sqlite library was built without thread support");
		return NULL;
	}
	pthread_once(&configured, configure_library);
	ss = xcalloc(1, sizeof(*ss));
	ss->path = xstrdup(path);
	pthread_mutex_init(&ss->pool_lock, NULL);
	ss->writer = conn_open(path, true, e);
	if (ss->writer == NULL || migrate(ss, e) < 0) {
		sqlite_close(&ss->base);
		return NULL;
	}
	sqlite3_wal_hook(ss->writer->db, count_frames, ss);
	ss->checkpoint_frames = SQLITE_CHECKPOINT_HARD_BYTES / page_size(ss->writer);
	if (!existed) {
		sync_parent_dir(path);
	}
	return &ss->base;
}

static void
sqlite_close(struct store *s)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c, *next;

	for (c = ss->idle; c != NULL; c = next) {
		next = c->next;
		conn_close(c);
	}
	/* Last, so its close checkpoints the log into the database file. */
	conn_close(ss->writer);
	pthread_mutex_destroy(&ss->pool_lock);
	free(ss->path);
	free(ss);
}

/* Runs a checking pragma; ok_text is the one good answer (NULL: no rows at all). */
static int
run_check(struct sqlite_conn *c, const char *sql, const char *ok_text, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	const unsigned char *first;

	if (rc != SQLITE_OK) {
		return sqlite_fail(e, c, rc, sql);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && ok_text == NULL) {
		sqlite3_finalize(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite_fail(e, c, rc, sql);
		sqlite3_finalize(st);
		return -1;
	}
	first = sqlite3_column_text(st, 0);
	if (ok_text != NULL && first != NULL && strcmp((const char *)first, ok_text) == 0) {
		sqlite3_finalize(st);
		return 0;
	}
	err_set(e, ERR_IO, "database", "%s failed: %s", sql, first != NULL ? (const char *)first : "?");
	sqlite3_finalize(st);
	return -1;
}

static int
sqlite_check(struct store *s, struct err *e)
{
	struct sqlite_store *ss = sqlite_store_of(s);
	struct sqlite_conn *c = sqlite_reader(ss, e);
	int rc;

	if (c == NULL) {
		return -1;
	}
	rc = run_check(c, integrity_pragma, "ok", e);
	if (rc == 0) {
		rc = run_check(c, foreign_key_pragma, NULL, e);
	}
	sqlite_reader_done(ss, c);
	return rc;
}

/*
 * Frees the page caches of the writer and of every idle reader; they refill
 * from the operating system's cache on the next use.  SQLite connections
 * are serialised (SQLITE_THREADSAFE=1), so the writer's may be shrunk from
 * this thread; a reader in use is not in the pool and is left alone.
 */
static void
sqlite_release_memory(struct store *s)
{
	struct sqlite_store *ss = sqlite_store_of(s);

	if (ss->writer != NULL) {
		sqlite3_db_release_memory(ss->writer->db);
	}
	pthread_mutex_lock(&ss->pool_lock);
	for (struct sqlite_conn *c = ss->idle; c != NULL; c = c->next) {
		sqlite3_db_release_memory(c->db);
	}
	pthread_mutex_unlock(&ss->pool_lock);
}

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.batch_begin = sqlite_batch_begin,
	.write_apply = sqlite_write_apply,
	.batch_commit = sqlite_batch_commit,
	.batch_rollback = sqlite_batch_rollback,
	.writer_idle = sqlite_writer_idle,
	.checkpoint = sqlite_checkpoint_aside,
	.record_get = sqlite_record_get,
	.record_list = sqlite_record_list,
	.ticket_get = sqlite_ticket_get,
	.ticket_list = sqlite_ticket_list,
	.ticket_sla_due = sqlite_ticket_sla_due,
	.ticket_open_counts = sqlite_ticket_open_counts,
	.tickets_exist = sqlite_tickets_exist,
	.audit_list = sqlite_audit_list,
	.idempotency_get = sqlite_idempotency_get,
	.job_get = sqlite_job_get,
	.kpi_read = sqlite_kpi_read,
	.ticket_kpi_get = sqlite_ticket_kpi_get,
	.ticket_kpi_scan = sqlite_ticket_kpi_scan,
	.outages = sqlite_outages,
	.ticket_changes = sqlite_ticket_changes,
	.check = sqlite_check,
	.release_memory = sqlite_release_memory,
};
