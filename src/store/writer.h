/*
 * writer.h - the group commit: one thread takes every queued write, applies
 * them in one transaction (a savepoint each) and commits once, then wakes
 * their callers.  Generic: the backend only supplies the batch functions.
 */
#ifndef LEVERA_STORE_WRITER_H
#define LEVERA_STORE_WRITER_H

#include "base/err.h"
#include "store/backend.h"

/*
 * Most writes in one transaction: bounds one batch's latency and memory.  An
 * import keeps a few thousand writes queued; taking them in one transaction
 * writes each index page they share once for all of them.
 */
#define WRITER_BATCH_MAX 4096

/* Quiet time after which the backend does its housekeeping. */
#define WRITER_IDLE_MS 20

/* Initialises s's queue and starts its writer thread. */
int writer_start(struct store *s, struct err *e);

/* Lets the writer drain the queue, then stops it.  Safe when it never started. */
void writer_stop(struct store *s);

#endif
