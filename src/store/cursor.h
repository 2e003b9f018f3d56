/*
 * cursor.h - the opaque page cursors of the store's lists: where the last
 * page ended (its sort value and id), as URL-safe base64 text.
 *
 * A cursor only says where to go on; it holds no filter and no secret, and a
 * tampered one is at worst a different starting point or ERR_INVALID.
 */
#ifndef LEVERA_STORE_CURSOR_H
#define LEVERA_STORE_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

/* Longest cursor text accepted. */
#define CURSOR_TEXT_MAX 1024

struct cursor {
	char sort; /* 'k' key, 'c' created_at, 'u' updated_at, 'd' next_due_at */
	bool desc;
	bool none; /* the sort value was NULL (due: a ticket without a deadline) */
	int64_t n; /* the sort value, for 'c', 'u', 'd' */
	char *s;   /* the sort value, for 'k'; owned */
	char *id;  /* owned */
};

/* The text form of c, owned by the caller (free()). */
char *cursor_encode(const struct cursor *c);

/* Parses text into c (release with cursor_release); ERR_INVALID "cursor" when malformed. */
int cursor_decode(struct cursor *c, const char *text, struct err *e);

void cursor_release(struct cursor *c);

#endif
