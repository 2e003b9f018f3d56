/*
 * access_log.h - the server's access log: one record per request, in
 * log.h's format, gathered in memory and written in batches by a thread of
 * its own, so a request costs a copy instead of a write(2).  Records keep
 * their order; nothing here decides what a record says (http/server.c does).
 */
#ifndef LEVERA_HTTP_ACCESS_LOG_H
#define LEVERA_HTTP_ACCESS_LOG_H

#include "base/log.h"

/* How long a record may wait in memory before its batch is written. */
#define ACCESS_LOG_DELAY_MS 10

struct access_log;

/*
 * Starts a log writing to fd (which stays the caller's).  When its thread
 * cannot start, records are written one by one as log_msg does.
 */
struct access_log *access_log_new(int fd);

/* Adds a record at level (dropped below log.h's threshold); safe from any thread. */
void access_log_record(struct access_log *al, enum log_level level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Writes what is pending and waits until it is written. */
void access_log_flush(struct access_log *al);

/* Writes what is pending, stops the thread and frees al; NULL is a no-op. */
void access_log_free(struct access_log *al);

#endif
