/*
 * lines.h - reading a stream line by line in constant memory.
 *
 * The reader owns one buffer of twice the longest line it accepts; a longer
 * line is reported (too_long) and skipped to its end, never buffered whole,
 * so ten million lines or one hostile endless line cost the same memory.
 */
#ifndef LEVERA_BASE_LINES_H
#define LEVERA_BASE_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct line_reader {
	int fd;
	char *buf; /* owned */
	size_t cap, start, end, max_line;
	bool eof;
	bool too_long;   /* the line just returned was longer than max_line and is cut */
	uint64_t lineno; /* 1-based number of the line just returned */
};

void line_reader_init(struct line_reader *r, int fd, size_t max_line);
void line_reader_release(struct line_reader *r);

/*
 * Returns 1 and the next line (without its "\n" or "\r\n"; valid until the
 * next call) in *line and *len, 0 at end of input, -1 (ERR_IO) on a read
 * error.  A last line without a newline is still a line.
 */
int line_reader_next(struct line_reader *r, const char **line, size_t *len, struct err *e);

/* A buffered writer to a file descriptor, flushed when full and on demand. */
struct out_writer {
	int fd;
	char *buf; /* owned */
	size_t cap, len;
	bool failed;
};

void out_writer_init(struct out_writer *w, int fd, size_t cap);
void out_write(struct out_writer *w, const char *p, size_t n);
/* Writes what is buffered; -1 (ERR_IO) if any write so far failed. */
int out_writer_flush(struct out_writer *w, struct err *e);
void out_writer_release(struct out_writer *w);

#endif
