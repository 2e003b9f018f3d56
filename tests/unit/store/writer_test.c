/*
 * writer_test.c - the group commit: many writers share few commits, a
 * failing write leaves its batch alone, writes apply in submission order,
 * readers run beside the writer, and an acknowledged write survives the
 * process being killed (SIGKILL) in the middle of a load.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "unit/store/fixture.h"
#include "unit/support/test_env.h"

struct worker {
	struct store *s;
	int thread;
	int writes;
	int failures;
	int out_fd; /* -1, or where acknowledged ids are written */
};

static void *
create_records(void *arg)
{
	struct worker *wk = arg;
	struct store_write *w = store_write_new();
	struct err e;
	char id[32];

	for (int i = 0; i < wk->writes; i++) {
		snprintf(id, sizeof(id), "r-%d-%d", wk->thread, i);
		struct store_record r = fixture_record("service", id, id, i);
		struct store_audit a = { 0, i, "u1", "create", "service", id, NULL };
		store_write_reset(w);
		store_write_record_create(w, &r);
		store_write_audit(w, &a);
		if (store_commit(wk->s, w, &e) < 0) {
			wk->failures++;
		}
	}
	store_write_free(w);
	return NULL;
}

Test(writer, many_writers_share_few_commits)
{
	enum { THREADS = 16 };
	struct fixture f;
	pthread_t th[THREADS];
	struct worker wk[THREADS];
	struct store_stats st;
	int per_thread = 500 / test_scale();
	int64_t total = (int64_t)THREADS * per_thread;
	sqlite3 *db;

	fixture_open(&f);
	for (int i = 0; i < THREADS; i++) {
		wk[i] = (struct worker){ f.s, i, per_thread, 0, -1 };
		cr_assert_eq(pthread_create(&th[i], NULL, create_records, &wk[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		cr_assert_eq(wk[i].failures, 0);
	}
	store_get_stats(f.s, &st);
	cr_assert_eq(st.writes, (uint64_t)total);
	cr_assert_eq(st.failed_writes, 0);
	/* Sixteen writers waiting on one fsync each round: batches, not one commit per write. */
	cr_assert(st.commits * 4 <= st.writes, "%llu commits for %llu writes", (unsigned long long)st.commits,
	          (unsigned long long)st.writes);
	cr_assert(st.largest_batch > 1);
	cr_log_info("group commit: %llu writes in %llu commits, largest batch %llu", (unsigned long long)st.writes,
	            (unsigned long long)st.commits, (unsigned long long)st.largest_batch);

	fixture_reopen(&f);
	db = fixture_sqlite(&f);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM records WHERE kind = 'service'"), total);
	cr_assert_eq(fixture_sql_int(db, "SELECT count(*) FROM audit"), total);
	sqlite3_close(db);
	fixture_close(&f);
}

Test(writer, a_failing_write_leaves_its_batch_alone)
{
	struct fixture f;
	struct store_write *w[4];
	struct store_record r;
	struct store_stats before, after;
	struct err e;

	fixture_open(&f);
	cr_assert_eq(fixture_create_record(f.s, "service", "taken", "Taken", 1, &e), 0);
	for (int i = 0; i < 4; i++) {
		w[i] = store_write_new();
	}
	r = fixture_record("service", "a", "A", 2);
	store_write_record_create(w[0], &r);
	r = fixture_record("service", "taken", "Other", 2);
	store_write_record_create(w[1], &r); /* refused: the id exists */
	r = fixture_record("service", "b", "B", 2);
	store_write_record_create(w[1], &r); /* undone with the write it is part of */
	r = fixture_record("service", "c", "C", 2);
	store_write_record_create(w[2], &r);
	r = fixture_record("service", "d", "C", 2);
	store_write_record_create(w[3], &r); /* refused: key C was taken one write earlier, same batch */

	store_get_stats(f.s, &before);
	cr_assert_eq(store_commit_all(f.s, w, 4, &e), -1);
	store_get_stats(f.s, &after);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.field, "id", "the first failure is reported");
	cr_assert_eq(store_write_result(w[0])->code, ERR_OK);
	cr_assert_eq(store_write_result(w[1])->code, ERR_CONFLICT);
	cr_assert_eq(store_write_result(w[2])->code, ERR_OK);
	cr_assert_eq(store_write_result(w[3])->code, ERR_CONFLICT);
	cr_assert_str_eq(store_write_result(w[3])->field, "key");
	cr_assert_eq(after.commits - before.commits, 1, "one transaction for the batch");
	cr_assert_eq(after.writes - before.writes, 2);
	cr_assert_eq(after.failed_writes - before.failed_writes, 2);

	fixture_reopen(&f);
	cr_assert_eq(store_record_get(f.s, "service", "a", &r, &e), 0);
	store_record_release(&r);
	cr_assert_eq(store_record_get(f.s, "service", "c", &r, &e), 0);
	store_record_release(&r);
	cr_assert_eq(store_record_get(f.s, "service", "b", &r, &e), -1);
	cr_assert_eq(store_record_get(f.s, "service", "d", &r, &e), -1);
	cr_assert_eq(store_record_get(f.s, "service", "taken", &r, &e), 0);
	cr_assert_str_eq(r.key, "Taken");
	store_record_release(&r);
	for (int i = 0; i < 4; i++) {
		store_write_free(w[i]);
	}
	fixture_close(&f);
}

Test(writer, writes_apply_in_submission_order)
{
	struct fixture f;
	struct store_write *w[3];
	struct store_record r;
	struct err e;

	fixture_open(&f);
	for (int i = 0; i < 3; i++) {
		w[i] = store_write_new();
	}
	r = fixture_record("calendar", "cal", "Office", 1);
	store_write_record_create(w[0], &r);
	r.version = 1;
	r.doc = "{\"v\":2}";
	store_write_record_update(w[1], &r);
	r.version = 2;
	r.doc = "{\"v\":3}";
	store_write_record_update(w[2], &r);
	cr_assert_eq(store_commit_all(f.s, w, 3, &e), 0, "%s", e.message);
	cr_assert_eq(store_record_get(f.s, "calendar", "cal", &r, &e), 0);
	cr_assert_eq(r.version, 3);
	cr_assert_str_eq(r.doc, "{\"v\":3}");
	store_record_release(&r);
	for (int i = 0; i < 3; i++) {
		store_write_free(w[i]);
	}
	fixture_close(&f);
}

struct reader {
	struct store *s;
	volatile int *stop;
	int reads;
	int failures;
	char last_error[256];
};

static void *
read_loop(void *arg)
{
	struct reader *rd = arg;
	struct store_record_query q = { 0 };
	struct store_record_page page;
	struct store_record r;
	struct err e;

	q.kind = "service";
	q.limit = 20;
	q.sort = STORE_RECORD_BY_CREATED;
	while (!*rd->stop) {
		if (store_record_list(rd->s, &q, &page, &e) < 0) {
			rd->failures++;
			snprintf(rd->last_error, sizeof(rd->last_error), "%s", e.message);
		}
		store_record_page_release(&page);
		if (store_record_get(rd->s, "service", "r-0-0", &r, &e) < 0 && e.code != ERR_NOT_FOUND) {
			rd->failures++;
			snprintf(rd->last_error, sizeof(rd->last_error), "%s", e.message);
		}
		store_record_release(&r);
		rd->reads++;
	}
	return NULL;
}

Test(writer, readers_run_beside_the_writer)
{
	enum { WRITERS = 4, READERS = 4 };
	struct fixture f;
	pthread_t wt[WRITERS], rt[READERS];
	struct worker wk[WRITERS];
	struct reader rd[READERS];
	volatile int stop = 0;

	fixture_open(&f);
	for (int i = 0; i < READERS; i++) {
		rd[i] = (struct reader){ f.s, &stop, 0, 0, "" };
		cr_assert_eq(pthread_create(&rt[i], NULL, read_loop, &rd[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		wk[i] = (struct worker){ f.s, i, 300 / test_scale(), 0, -1 };
		cr_assert_eq(pthread_create(&wt[i], NULL, create_records, &wk[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(wt[i], NULL);
		cr_assert_eq(wk[i].failures, 0);
	}
	stop = 1;
	for (int i = 0; i < READERS; i++) {
		pthread_join(rt[i], NULL);
		cr_assert_eq(rd[i].failures, 0, "a read failed: %s", rd[i].last_error);
		cr_assert(rd[i].reads > 0);
	}
	fixture_close(&f);
}

/* ---- durability ---- */

static void *
create_tickets(void *arg)
{
	struct worker *wk = arg;
	struct store_write *w = store_write_new();
	static const struct store_event evs[] = { { 0, "{\"priority\":\"P2\"}" }, { 0, "{\"team\":\"tm1\"}" } };
	struct err e;
	char id[48], line[64];

	for (int i = 0;; i++) {
		snprintf(id, sizeof(id), "T-%d-%d", wk->thread, i);
		struct store_ticket t = fixture_ticket(id, i);
		store_write_reset(w);
		store_write_ticket_create(w, &t, evs, 2);
		if (store_commit(wk->s, w, &e) < 0) {
			_exit(3);
		}
		/* One write(2) per id: lines from threads do not interleave (< PIPE_BUF). */
		int n = snprintf(line, sizeof(line), "%s\n", id);
		if (write(wk->out_fd, line, (size_t)n) != n) {
			_exit(4);
		}
	}
	return NULL;
}

static _Noreturn void
child_load(const char *path, int fd)
{
	enum { THREADS = 4 };
	struct store *s;
	struct err e;
	pthread_t th[THREADS];
	struct worker wk[THREADS];

	if (store_open(&s, path, &e) < 0) {
		_exit(2);
	}
	for (int i = 0; i < THREADS; i++) {
		wk[i] = (struct worker){ s, i, 0, 0, fd };
		pthread_create(&th[i], NULL, create_tickets, &wk[i]);
	}
	for (;;) {
		pause();
	}
}

Test(writer, acknowledged_writes_survive_sigkill)
{
	struct fixture f;
	int fds[2], status;
	pid_t pid;
	size_t cap = 1 << 20, len = 0, acked = 0;
	char *ids = malloc(cap);
	size_t want = 2000 / (size_t)test_scale();
	struct store_ticket t;
	struct store_event_list evs;
	struct err e;
	ssize_t n;

	fixture_open(&f);
	store_close(f.s);
	f.s = NULL;
	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		child_load(f.path, fds[1]);
	}
	close(fds[1]);
	/* Read acknowledgements until enough, kill mid-load, then drain what was sent before death. */
	for (;;) {
		if (len + 4096 > cap) {
			cap *= 2;
			ids = realloc(ids, cap);
		}
		n = read(fds[0], ids + len, cap - len - 1);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			acked += ids[len + (size_t)i] == '\n';
		}
		len += (size_t)n;
		if (acked >= want && pid > 0) {
			cr_assert_eq(kill(pid, SIGKILL), 0);
			cr_assert_eq(waitpid(pid, &status, 0), pid);
			cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child died otherwise: %d",
			          status);
			pid = 0;
		}
	}
	close(fds[0]);
	cr_assert_eq(pid, 0, "the child stopped before it was killed");
	ids[len] = '\0';

	cr_assert_eq(store_open(&f.s, f.path, &e), 0, "%s", e.message);
	cr_assert_eq(store_check(f.s, &e), 0, "%s", e.message);
	acked = 0;
	for (char *line = ids, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		cr_assert_eq(store_ticket_get(f.s, line, &t, &evs, &e), 0, "acknowledged %s is lost: %s", line,
		             e.message);
		cr_assert_eq(evs.n, 2);
		store_ticket_release(&t);
		store_event_list_release(&evs);
		acked++;
	}
	cr_assert_geq(acked, want);
	cr_log_info("durability: %zu acknowledged tickets all present after SIGKILL", acked);
	free(ids);
	fixture_close(&f);
}

/* ---- a full disk ---- */

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

Test(writer, a_full_disk_is_an_io_error_and_loses_nothing)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_record r;
	struct rlimit old, small;
	static char doc[64 * 1024];
	char wal[320], id[32];
	struct err e;
	int failed_at = -1;

	fixture_open(&f);
	cr_assert_eq(fixture_create_record(f.s, "service", "before", NULL, 1, &e), 0);
	snprintf(wal, sizeof(wal), "%s-wal", f.path);
	memset(doc, 'x', sizeof(doc) - 1);
	doc[0] = '"';
	doc[sizeof(doc) - 2] = '"';

	/* Files may grow by 256 KiB more, then writes fail (EFBIG, as on a full disk). */
	signal(SIGXFSZ, SIG_IGN);
	cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = (rlim_t)(file_size(wal) > file_size(f.path) ? file_size(wal) : file_size(f.path)) + 256 * 1024;
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (int i = 0; i < 64 && failed_at < 0; i++) {
		snprintf(id, sizeof(id), "big-%d", i);
		r = fixture_record("service", id, NULL, 2);
		r.doc = doc;
		store_write_reset(w);
		store_write_record_create(w, &r);
		if (store_commit(f.s, w, &e) < 0) {
			failed_at = i;
		}
	}
	cr_assert(failed_at >= 0, "the size limit never bit");
	cr_assert_eq(e.code, ERR_IO, "%s", e.message);
	cr_log_info("a full disk: %s", e.message);

	/* Room again: the store goes on, and what was acknowledged is there. */
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	cr_assert_eq(fixture_create_record(f.s, "service", "after", NULL, 3, &e), 0, "%s", e.message);
	fixture_reopen(&f);
	cr_assert_eq(store_check(f.s, &e), 0, "%s", e.message);
	for (int i = 0; i < failed_at; i++) {
		snprintf(id, sizeof(id), "big-%d", i);
		cr_assert_eq(store_record_get(f.s, "service", id, &r, &e), 0, "%s: %s", id, e.message);
		store_record_release(&r);
	}
	snprintf(id, sizeof(id), "big-%d", failed_at);
	cr_assert_eq(store_record_get(f.s, "service", id, &r, &e), -1, "the failed write left nothing");
	cr_assert_eq(store_record_get(f.s, "service", "after", &r, &e), 0);
	store_record_release(&r);
	store_write_free(w);
	fixture_close(&f);
}

/* The WAL index's mxFrame (frames in the log) and nBackfill (frames copied into the database): walformat.html. */
static void
wal_progress(const char *db_path, uint32_t *frames, uint32_t *copied)
{
	char path[4096];
	unsigned char head[100];
	FILE *f;

	snprintf(path, sizeof(path), "%s-shm", db_path);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fread(head, 1, sizeof(head), f), sizeof(head));
	fclose(f);
	memcpy(frames, head + 16, sizeof(*frames)); /* native byte order, as the -shm file is */
	memcpy(copied, head + 96, sizeof(*copied));
}

Test(writer, a_checkpoint_beside_the_writer)
{
	struct fixture f;
	struct store_write *w = store_write_new();
	struct store_record r = { .kind = "organisation", .key = "k", .version = 1, .doc = "{}" };
	char id[32];
	uint32_t frames, copied;
	struct err e;

	fixture_open(&f);
	for (int i = 0; i < 20; i++) {
		store_write_reset(w);
		snprintf(id, sizeof(id), "o-%d", i);
		r.id = r.key = id;
		store_write_record_create(w, &r);
		cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	}
	wal_progress(f.path, &frames, &copied);
	cr_assert_gt(frames, 0);
	/* The writer copies its log only after WRITER_IDLE_MS of quiet: this ran sooner. */
	if (copied < frames) {
		store_checkpoint(f.s);
		wal_progress(f.path, &frames, &copied);
		cr_assert_eq(copied, frames, "every committed frame is in the database file");
	}
	/* And the writer goes on writing after it. */
	store_write_reset(w);
	r.id = r.key = "o-after";
	store_write_record_create(w, &r);
	cr_assert_eq(store_commit(f.s, w, &e), 0, "%s", e.message);
	store_write_free(w);
	fixture_close(&f);
}
