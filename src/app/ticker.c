/*
 * ticker.c - see ticker.h.  The thread sleeps on a condition variable with
 * a deadline, so a stop is noticed at once rather than at the next tick.
 */
#include "app/ticker.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/xalloc.h"

struct ticker {
	int tick_ms;
	ticker_fn fn;
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
};

static void *
run(void *arg)
{
	struct ticker *t = arg;

	pthread_mutex_lock(&t->lock);
	while (!t->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)t->tick_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&t->wake, &t->lock, &until);
		if (t->stopping) {
			break;
		}
		pthread_mutex_unlock(&t->lock);
		t->fn(t, t->ctx);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct ticker *
ticker_start(int tick_ms, ticker_fn fn, void *ctx, const char *what, struct err *e)
{
	struct ticker *t = xcalloc(1, sizeof(*t));

	t->tick_ms = tick_ms;
	t->fn = fn;
	t->ctx = ctx;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (pthread_create(&t->thread, NULL, run, t) != 0) {
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->wake);
		free(t);
		err_set(e, ERR_INTERNAL, NULL, "cannot start the %s's thread", what);
		return NULL;
	}
	return t;
}

bool
ticker_stopping(struct ticker *t)
{
	pthread_mutex_lock(&t->lock);
	bool stopping = t->stopping;
	pthread_mutex_unlock(&t->lock);
	return stopping;
}

void
ticker_stop(struct ticker *t)
{
	if (t == NULL) {
		return;
	}
	pthread_mutex_lock(&t->lock);
	t->stopping = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}
