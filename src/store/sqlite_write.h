/*
 * sqlite_write.h - the SQLite backend's half of the group commit: a batch
 * transaction and the writes applied in it, each in a savepoint.
 */
#ifndef LEVERA_STORE_SQLITE_WRITE_H
#define LEVERA_STORE_SQLITE_WRITE_H

#include <stdbool.h>

#include "base/err.h"
#include "store/backend.h"

int sqlite_batch_begin(struct store *s, struct err *e);
int sqlite_write_apply(struct store *s, const struct store_write *w, bool isolated, struct err *e);
int sqlite_batch_commit(struct store *s, struct err *e);
void sqlite_batch_rollback(struct store *s);

/* Checkpoints the log into the database file once it has grown enough. */
void sqlite_writer_idle(struct store *s);

#endif
