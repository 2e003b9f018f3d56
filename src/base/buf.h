/*
 * buf.h - a growable byte buffer with a ceiling.
 *
 * Every buffer fed by input is created with a maximum size, so hostile input
 * is refused with ERR_TOO_LARGE instead of exhausting memory (curl's dynbuf).
 * The contents are always NUL-terminated for convenience; len excludes it.
 */
#ifndef LEVERA_BASE_BUF_H
#define LEVERA_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct buf {
	char *data; /* owned; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* ceiling on len */
};

/* Prepares caller storage; max is the most bytes the buffer may hold. */
void buf_init(struct buf *b, size_t max);

/* Frees the contents and leaves b empty and usable. */
void buf_release(struct buf *b);

/* Empties b but keeps its memory. */
void buf_reset(struct buf *b);

/* Appends n bytes; -1 with ERR_TOO_LARGE when that would pass the ceiling. */
int buf_append(struct buf *b, const void *p, size_t n, struct err *e);

int buf_append_str(struct buf *b, const char *s, struct err *e);

/* Appends v in decimal, as printf's "%lld" would, without printf's cost. */
int buf_append_int(struct buf *b, int64_t v, struct err *e);

/* Makes room for n more bytes in one allocation; -1 with ERR_TOO_LARGE past the ceiling. */
int buf_reserve(struct buf *b, size_t n, struct err *e);

int buf_appendf(struct buf *b, struct err *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Hands the contents to the caller (free() them) and leaves b empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
