/*
 * buf.c - growable buffers with a ceiling; see buf.h.
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL) {
		b->data[0] = '\0';
	}
}

static int
buf_reserve(struct buf *b, size_t n, struct err *e)
{
	size_t want;

	if (n > b->max || b->len > b->max - n) {
		return err_set(e, ERR_TOO_LARGE, NULL, "more than %zu bytes", b->max);
	}
	want = b->len + n + 1;
	if (want <= b->cap) {
		return 0;
	}
	if (b->cap > (size_t)-1 / 2) {
		xalloc_die("buffer size overflows");
	}
	size_t cap = b->cap != 0 ? b->cap * 2 : 64;
	while (cap < want) {
		cap *= 2;
	}
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n, struct err *e)
{
	if (buf_reserve(b, n, e) != 0) {
		return -1;
	}
	if (n != 0) {
		memcpy(b->data + b->len, p, n);
	}
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_append_str(struct buf *b, const char *s, struct err *e)
{
	return buf_append(b, s, strlen(s), e);
}

int
buf_appendf(struct buf *b, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return err_set(e, ERR_INTERNAL, NULL, "bad format string");
	}
	if (buf_reserve(b, (size_t)n, e) != 0) {
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data != NULL ? b->data : xstrdup("");

	if (len != NULL) {
		*len = b->len;
	}
	buf_init(b, b->max);
	return p;
}
