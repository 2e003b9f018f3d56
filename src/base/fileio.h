/*
 * fileio.h - whole-file reads with a ceiling, and durable writes.
 *
 * For configuration-sized files (calendars, iCalendar files, imports read
 * whole); streams of lines are read by their commands with fixed buffers.
 */
#ifndef LEVERA_BASE_FILEIO_H
#define LEVERA_BASE_FILEIO_H

#include <stddef.h>

#include "base/err.h"

/*
 * Reads all of path ("-" for standard input) into *data (NUL-terminated,
 * caller frees).  More than max bytes is ERR_TOO_LARGE; a missing or
 * unreadable file is ERR_IO with a message naming it.
 */
int file_read_all(const char *path, size_t max, char **data, size_t *len, struct err *e);

/*
 * Writes len bytes to path durably and whole: into a temporary file beside
 * it, synced, then renamed over it, so a reader never sees half a file.
 * ERR_IO (field "output") naming the path on failure.
 */
int file_write_atomic(const char *path, const void *data, size_t len, struct err *e);

#endif
