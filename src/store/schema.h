/*
 * schema.h - the numbered schema migrations, compiled into the binary, with
 * their text per backend.  A database records the ones applied in its
 * schema_version table; the backend applies the missing ones at open and
 * refuses a database that has one this levera does not know.
 *
 * Migrations are only ever appended: a released one never changes.
 */
#ifndef LEVERA_STORE_SCHEMA_H
#define LEVERA_STORE_SCHEMA_H

#include <stddef.h>

struct migration {
	int version; /* 1, 2, ... in order, no gaps */
	const char *name;
	const char *sqlite; /* one or more statements */
	const char *pg;     /* NULL until the PostgreSQL backend exists */
};

extern const struct migration schema_migrations[];
extern const size_t schema_migration_count;

/* The version of the last migration. */
int schema_latest(void);

#endif
