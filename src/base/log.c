/*
 * log.c - see log.h.  Timestamps are UTC, RFC 3339, to the second.
 */
#include "base/log.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/timefmt.h"

static enum log_level log_threshold = LOG_INFO;

void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

bool
log_enabled(enum log_level level)
{
	return level >= log_threshold;
}

/*
 * Copies one record as one line into out: control characters in the
 * message (which may quote user input) are escaped, so nobody can forge a
 * second record.
 */
static size_t
escape_record(const char *text, size_t n, char out[LOG_RECORD_MAX])
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < LOG_RECORD_MAX - 3; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n' || c == '\r') {
			out[k++] = '\\';
			out[k++] = c == '\n' ? 'n' : 'r';
		} else {
			out[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	out[k++] = '\n';
	return k;
}

size_t
log_vformat(char *out, enum log_level level, const char *fmt, va_list ap)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	char line[1024], when[RFC3339_LEN];
	int n, m;

	n = snprintf(line, sizeof(line), "%s %s ", rfc3339_format((int64_t)time(NULL), when), names[level]);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0) {
		return 0;
	}
	n += m;
	if ((size_t)n > sizeof(line) - 2) {
		n = (int)sizeof(line) - 2;
	}
	return escape_record(line, (size_t)n, out);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char out[LOG_RECORD_MAX];
	va_list ap;
	size_t n;

	if (level < log_threshold) {
		return;
	}
	va_start(ap, fmt);
	n = log_vformat(out, level, fmt, ap);
	va_end(ap);
	/* One write(2) per record, so lines from threads do not interleave. */
	if (n > 0) {
		(void)!write(STDERR_FILENO, out, n);
	}
}
