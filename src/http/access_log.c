/*
 * access_log.c - see access_log.h.  The thread wakes on a batch's first
 * record, lets it fill for ACCESS_LOG_DELAY_MS and writes it.  Batches are
 * taken under one lock and written under a second, so they leave in order;
 * two buffers take turns, so a batch costs no allocation.
 */
#include "http/access_log.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/xalloc.h"

/* A batch: a few hundred records, written by one write(2). */
#define BATCH_BYTES (64 * 1024)

struct access_log {
	int fd;
	pthread_mutex_t lock;     /* pending, pending_len, stopping */
	pthread_cond_t wake;      /* the first record of a batch arrived, or stopping */
	pthread_mutex_t out_lock; /* held while a batch is written, and spare */
	char *pending;            /* BATCH_BYTES, filling */
	char *spare;              /* BATCH_BYTES, being written or free */
	size_t pending_len;
	bool stopping;
	bool threaded; /* the thread runs; else every record is written at once */
	pthread_t thread;
};

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR) {
			continue;
		}
		if (k <= 0) {
			return; /* nowhere to report a log that cannot be written */
		}
		p += k;
		n -= (size_t)k;
	}
}

/*
 * With al->lock held: writes the pending batch; the lock is let go meanwhile
 * and held again after.  The locks are always taken in this order.
 */
static void
write_pending(struct access_log *al)
{
	/* The spare batch is free once the write before is done. */
	pthread_mutex_lock(&al->out_lock);
	char *batch = al->pending;
	size_t len = al->pending_len;
	al->pending = al->spare;
	al->spare = batch;
	al->pending_len = 0;
	pthread_mutex_unlock(&al->lock);
	write_all(al->fd, batch, len);
	pthread_mutex_unlock(&al->out_lock);
	pthread_mutex_lock(&al->lock);
}

static void *
run(void *arg)
{
	struct access_log *al = arg;
	const struct timespec delay = { 0, ACCESS_LOG_DELAY_MS * 1000 * 1000 };

	pthread_mutex_lock(&al->lock);
	for (;;) {
		while (al->pending_len == 0 && !al->stopping) {
			pthread_cond_wait(&al->wake, &al->lock);
		}
		if (al->pending_len == 0) {
			break;
		}
		if (!al->stopping) {
			pthread_mutex_unlock(&al->lock);
			nanosleep(&delay, NULL);
			pthread_mutex_lock(&al->lock);
		}
		if (al->pending_len > 0) {
			write_pending(al);
		}
	}
	pthread_mutex_unlock(&al->lock);
	return NULL;
}

struct access_log *
access_log_new(int fd)
{
	struct access_log *al = xcalloc(1, sizeof(*al));

	al->fd = fd;
	al->pending = xmalloc(BATCH_BYTES);
	al->spare = xmalloc(BATCH_BYTES);
	pthread_mutex_init(&al->lock, NULL);
	pthread_mutex_init(&al->out_lock, NULL);
	pthread_cond_init(&al->wake, NULL);
	al->threaded = pthread_create(&al->thread, NULL, run, al) == 0;
	return al;
}

void
access_log_record(struct access_log *al, enum log_level level, const char *fmt, ...)
{
	char record[LOG_RECORD_MAX];
	va_list ap;
	size_t n;

	if (!log_enabled(level)) {
		return;
	}
	va_start(ap, fmt);
	n = log_vformat(record, level, fmt, ap);
	va_end(ap);
	if (n == 0) {
		return;
	}
	if (!al->threaded) {
		write_all(al->fd, record, n);
		return;
	}
	pthread_mutex_lock(&al->lock);
	/* A full batch is written by the request that finds it full: memory stays bounded. */
	while (al->pending_len + n > BATCH_BYTES) {
		write_pending(al);
	}
	memcpy(al->pending + al->pending_len, record, n);
	al->pending_len += n;
	if (al->pending_len == n) {
		pthread_cond_signal(&al->wake);
	}
	pthread_mutex_unlock(&al->lock);
}

void
access_log_flush(struct access_log *al)
{
	pthread_mutex_lock(&al->lock);
	if (al->pending_len > 0) {
		write_pending(al);
	}
	pthread_mutex_unlock(&al->lock);
	/* A batch the thread took before is written once its lock is free. */
	pthread_mutex_lock(&al->out_lock);
	pthread_mutex_unlock(&al->out_lock);
}

void
access_log_free(struct access_log *al)
{
	if (al == NULL) {
		return;
	}
	if (al->threaded) {
		pthread_mutex_lock(&al->lock);
		al->stopping = true;
		pthread_cond_signal(&al->wake);
		pthread_mutex_unlock(&al->lock);
		pthread_join(al->thread, NULL);
	}
	access_log_flush(al);
	pthread_cond_destroy(&al->wake);
	pthread_mutex_destroy(&al->out_lock);
	pthread_mutex_destroy(&al->lock);
	free(al->pending);
	free(al->spare);
	free(al);
}
