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

int
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
buf_append_int(struct buf *b, int64_t v, struct err *e)
{
	char digits[24];
	size_t k = sizeof(digits);
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		digits[--k] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag != 0);
	if (v < 0) {
		digits[--k] = '-';
	}
	return buf_append(b, digits + k, sizeof(digits) - k, e);
}

int
buf_appendf(struct buf *b, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Formatted straight into the room there is; only a text that does not fit is formatted twice. */
	va_start(ap, fmt);
	n = vsnprintf(b->data != NULL ? b->data + b->len : NULL, b->data != NULL ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (b->data != NULL) {
			b->data[b->len] = '\0';
		}
		return err_set(e, ERR_INTERNAL, NULL, "bad format string");
	}
	if (b->data != NULL && (size_t)n < b->cap - b->len && (size_t)n <= b->max - b->len) {
		b->len += (size_t)n;
		return 0;
	}
	if (b->data != NULL) {
		b->data[b->len] = '\0';
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
