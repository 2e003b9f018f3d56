/*
 * tzfile.h - reading a zone's TZif file from the system tz database.
 *
 * The database is $TZDIR when set (looked up at each call, so nothing is
 * cached), else /usr/share/zoneinfo.  Names are checked before any path is
 * built, so "../etc/passwd" is an unknown zone, not a file read.
 */
#ifndef LEVERA_BASE_TZFILE_H
#define LEVERA_BASE_TZFILE_H

#include <stddef.h>

#include "base/err.h"

/* Largest TZif file accepted; real ones are under 4 KiB. */
#define TZFILE_MAX_BYTES (256 * 1024)

/*
 * Reads the TZif bytes of zone name ("Europe/Copenhagen") into *data, which
 * the caller frees.  An unknown or malformed name is ERR_NOT_FOUND with field
 * "timezone"; so is a file that does not start with "TZif" (the database
 * also holds text files such as "leapseconds").  A file over
 * TZFILE_MAX_BYTES is ERR_INVALID and a failing read ERR_IO.  On failure
 * *data is NULL.
 */
int tzfile_read(const char *name, unsigned char **data, size_t *len, struct err *e);

#endif
