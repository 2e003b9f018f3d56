/*
 * writer.c - the write queue and the group-commit loop.
 *
 * Callers queue writes and sleep; the writer thread takes all that are
 * queued (up to WRITER_BATCH_MAX), applies them in one transaction so that a
 * failing write is undone alone, and commits the rest with one fsync.  While
 * it commits, new writes queue up for the next batch: no timer, no waiting
 * for company, so a lone write costs one fsync and a crowd shares them.
 */
#include "store/writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>

#include "base/xalloc.h"

struct write_waiter {
	pthread_cond_t cond;
	size_t pending; /* writes not yet done; guarded by the store's lock */
};

/* Every write of the batch fails with e, except those that failed already. */
static void
fail_all(struct store_write **batch, size_t n, const struct err *e, bool keep_failures)
{
	for (size_t i = 0; i < n; i++) {
		if (!keep_failures || batch[i]->result.code == ERR_OK) {
			batch[i]->result = *e;
		}
	}
}

/*
 * The careful way: a savepoint per write, so a failing write is undone
 * alone and the others commit.
 */
static void
run_isolated(struct store *s, struct store_write **batch, size_t n, bool *committed)
{
	struct err e;
	size_t ok = 0;
	int rc;

	if (s->be->batch_begin(s, &e) < 0) {
		fail_all(batch, n, &e, false);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		err_clear(&batch[i]->result);
		rc = s->be->write_apply(s, batch[i], true, &batch[i]->result);
		if (rc == 0) {
			ok++;
		} else if (rc == BACKEND_BATCH_LOST) {
			/* The transaction is gone: so is every write of the batch. */
			e = batch[i]->result;
			fail_all(batch, n, &e, false);
			s->be->batch_rollback(s);
			return;
		}
	}
	if (ok == 0) {
		s->be->batch_rollback(s);
		return;
	}
	if (s->be->batch_commit(s, &e) < 0) {
		fail_all(batch, n, &e, true);
		s->be->batch_rollback(s);
		return;
	}
	*committed = true;
}

/*
 * Applies one batch; each write's result says how it went.  Writes rarely
 * fail, so the batch first runs without savepoints (they cost a fifth of
 * the time); at the first failure it is rolled back and run again the
 * careful way.  Writes apply in the same order both times, so the failing
 * one fails again, for the same reason.
 */
static void
run_batch(struct store *s, struct store_write **batch, size_t n, bool *committed)
{
	struct err e;
	int rc = 0;

	*committed = false;
	if (s->be->batch_begin(s, &e) < 0) {
		fail_all(batch, n, &e, false);
		return;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		err_clear(&batch[i]->result);
		rc = s->be->write_apply(s, batch[i], false, &batch[i]->result);
		if (rc != 0) {
			s->be->batch_rollback(s);
			if (rc == BACKEND_BATCH_LOST) {
				e = batch[i]->result;
				fail_all(batch, n, &e, false);
				return;
			}
			if (n == 1) {
				return; /* nothing else to save */
			}
			run_isolated(s, batch, n, committed);
			return;
		}
	}
	if (s->be->batch_commit(s, &e) < 0) {
		fail_all(batch, n, &e, false);
		s->be->batch_rollback(s);
		return;
	}
	*committed = true;
}

/*
 * Waits for a write.  After WRITER_IDLE_MS without one, the backend gets to
 * do its housekeeping (a checkpoint); not sooner, or a busy store would do
 * it between every two batches while its callers wait.
 */
static void
wait_for_work(struct store *s, bool *housekeeping_due)
{
	struct timespec until;

	while (s->head == NULL && !s->stopping) {
		if (!*housekeeping_due || s->be->writer_idle == NULL) {
			pthread_cond_wait(&s->work, &s->lock);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += WRITER_IDLE_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&s->work, &s->lock, &until) == ETIMEDOUT && s->head == NULL) {
			*housekeeping_due = false;
			pthread_mutex_unlock(&s->lock);
			s->be->writer_idle(s);
			pthread_mutex_lock(&s->lock);
		}
	}
}

static void *
writer_main(void *arg)
{
	struct store *s = arg;
	struct store_write *batch[WRITER_BATCH_MAX];
	size_t n;
	bool committed, housekeeping_due = false;

	prctl(PR_SET_NAME, "levera-writer", 0, 0, 0); /* for top -H and perf */
	pthread_mutex_lock(&s->lock);
	for (;;) {
		wait_for_work(s, &housekeeping_due);
		if (s->head == NULL) {
			break;
		}
		for (n = 0; s->head != NULL && n < WRITER_BATCH_MAX; n++) {
			batch[n] = s->head;
			s->head = s->head->next;
		}
		if (s->head == NULL) {
			s->tail = NULL;
		}
		pthread_mutex_unlock(&s->lock);

		run_batch(s, batch, n, &committed);

		pthread_mutex_lock(&s->lock);
		if (committed) {
			s->stats.commits++;
			housekeeping_due = true;
		}
		if (n > s->stats.largest_batch) {
			s->stats.largest_batch = n;
		}
		for (size_t i = 0; i < n; i++) {
			struct write_waiter *wt = batch[i]->waiter;
			if (batch[i]->result.code == ERR_OK) {
				s->stats.writes++;
			} else {
				s->stats.failed_writes++;
			}
			batch[i]->waiter = NULL;
			batch[i]->next = NULL;
			/* The caller may free the write once pending is 0 and we unlock. */
			wt->pending--;
			if (wt->pending == 0) {
				pthread_cond_signal(&wt->cond);
			}
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int
writer_start(struct store *s, struct err *e)
{
	int rc;

	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	s->head = s->tail = NULL;
	s->stopping = false;
	memset(&s->stats, 0, sizeof(s->stats));
	rc = pthread_create(&s->writer, NULL, writer_main, s);
	if (rc != 0) {
		pthread_cond_destroy(&s->work);
		pthread_mutex_destroy(&s->lock);
		return err_set(e, ERR_IO, NULL, "cannot start the database writer: %s", strerror(rc));
	}
	s->writer_running = true;
	return 0;
}

void
writer_stop(struct store *s)
{
	if (!s->writer_running) {
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
	s->writer_running = false;
	pthread_cond_destroy(&s->work);
	pthread_mutex_destroy(&s->lock);
}

/* Queues the writes that have something to do, in order, for the waiter wt. */
static void
enqueue(struct store *s, struct store_write *const *ws, size_t n, struct write_waiter *wt)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < n; i++) {
		struct store_write *w = ws[i];
		if (w->build_err.code != ERR_OK) {
			w->result = w->build_err;
			continue;
		}
		err_clear(&w->result);
		if (w->n_ops == 0) {
			continue;
		}
		w->waiter = wt;
		w->next = NULL;
		if (s->tail != NULL) {
			s->tail->next = w;
		} else {
			s->head = w;
		}
		s->tail = w;
		wt->pending++;
	}
	if (wt->pending > 0) {
		pthread_cond_signal(&s->work);
	}
	pthread_mutex_unlock(&s->lock);
}

/* Sleeps until the writer is done with every write of wt; 0 or -1 with the first failure of ws. */
static int
await(struct store *s, struct write_waiter *wt, struct store_write *const *ws, size_t n, struct err *e)
{
	const struct err *first = NULL;

	pthread_mutex_lock(&s->lock);
	while (wt->pending > 0) {
		pthread_cond_wait(&wt->cond, &s->lock);
	}
	pthread_mutex_unlock(&s->lock);

	for (size_t i = 0; i < n && first == NULL; i++) {
		if (ws[i]->result.code != ERR_OK) {
			first = &ws[i]->result;
		}
	}
	if (first != NULL) {
		if (e != NULL) {
			*e = *first;
		}
		return -1;
	}
	return 0;
}

int
store_commit_all(struct store *s, struct store_write *const *ws, size_t n, struct err *e)
{
	struct write_waiter wt;
	int rc;

	pthread_cond_init(&wt.cond, NULL);
	wt.pending = 0;
	enqueue(s, ws, n, &wt);
	rc = await(s, &wt, ws, n, e);
	pthread_cond_destroy(&wt.cond);
	return rc;
}

struct store_pending {
	struct write_waiter wt;
	struct store_write *const *ws;
	size_t n;
};

struct store_pending *
store_submit_all(struct store *s, struct store_write *const *ws, size_t n)
{
	struct store_pending *p = xcalloc(1, sizeof(*p));

	pthread_cond_init(&p->wt.cond, NULL);
	p->ws = ws;
	p->n = n;
	enqueue(s, ws, n, &p->wt);
	return p;
}

int
store_pending_wait(struct store *s, struct store_pending *p, struct err *e)
{
	int rc;

	if (p == NULL) {
		return 0;
	}
	rc = await(s, &p->wt, p->ws, p->n, e);
	pthread_cond_destroy(&p->wt.cond);
	free(p);
	return rc;
}

int
store_commit(struct store *s, struct store_write *w, struct err *e)
{
	return store_commit_all(s, &w, 1, e);
}
