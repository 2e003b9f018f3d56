/*
 * lines.c - see lines.h.
 */
#include "base/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"

void
line_reader_init(struct line_reader *r, int fd, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->max_line = max_line;
	r->cap = 2 * max_line + 2;
	if (r->cap < 65536) {
		r->cap = 65536;
	}
	r->buf = xmalloc(r->cap);
}

void
line_reader_release(struct line_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int
fill(struct line_reader *r, struct err *e)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	do {
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		return err_set(e, ERR_IO, NULL, "cannot read input: %s", strerror(errno));
	}
	if (n == 0) {
		r->eof = true;
	}
	r->end += (size_t)n;
	return 0;
}

int
line_reader_next(struct line_reader *r, const char **line, size_t *len, struct err *e)
{
	char *nl = NULL;
	size_t scanned = 0, n;

	r->too_long = false;
	for (;;) {
		nl = memchr(r->buf + r->start + scanned, '\n', r->end - r->start - scanned);
		if (nl != NULL) {
			break;
		}
		scanned = r->end - r->start;
		if (scanned > r->max_line) {
			/* Keep the head of an over-long line, drop the rest as it arrives. */
			r->too_long = true;
			r->end = r->start + r->max_line;
			scanned = r->max_line;
		}
		if (r->eof) {
			if (r->end == r->start) {
				return 0;
			}
			break;
		}
		if (fill(r, e) != 0) {
			return -1;
		}
	}
	n = nl != NULL ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
	*line = r->buf + r->start;
	r->start += nl != NULL ? n + 1 : n;
	if (n > r->max_line) {
		r->too_long = true;
		n = r->max_line;
	}
	if (n > 0 && (*line)[n - 1] == '\r') {
		n--;
	}
	*len = n;
	r->lineno++;
	return 1;
}

void
out_writer_init(struct out_writer *w, int fd, size_t cap)
{
	w->fd = fd;
	w->cap = cap;
	w->len = 0;
	w->failed = false;
	w->buf = xmalloc(cap);
}

/* Writes all n bytes; false when the descriptor refuses them. */
static bool
write_all(int fd, const char *p, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t k = write(fd, p + off, n - off);
		if (k < 0 && errno == EINTR) {
			continue;
		}
		if (k <= 0) {
			return false;
		}
		off += (size_t)k;
	}
	return true;
}

static void
drain(struct out_writer *w)
{
	if (!w->failed && !write_all(w->fd, w->buf, w->len)) {
		w->failed = true;
	}
	w->len = 0;
}

void
out_write(struct out_writer *w, const char *p, size_t n)
{
	if (w->len + n > w->cap) {
		drain(w);
	}
	if (n > w->cap) {
		if (!w->failed && !write_all(w->fd, p, n)) {
			w->failed = true;
		}
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

int
out_writer_flush(struct out_writer *w, struct err *e)
{
	drain(w);
	if (w->failed) {
		return err_set(e, ERR_IO, NULL, "cannot write output: %s", strerror(errno));
	}
	return 0;
}

void
out_writer_release(struct out_writer *w)
{
	free(w->buf);
	w->buf = NULL;
}
