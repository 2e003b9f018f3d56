/*
 * log.c - see log.h.  Timestamps are UTC, RFC 3339, to the second.
 */
#include "base/log.h"

#include <stdarg.h>
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

/*
 * Writes one record as one line: control characters in the message (which
 * may quote user input) are escaped, so nobody can forge a second record.
 */
static void
write_record(const char *text, size_t n)
{
	char out[2 * 1024 + 2];
	size_t k = 0;

	for (size_t i = 0; i < n && k < sizeof(out) - 3; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n' || c == '\r') {
			out[k++] = '\\';
			out[k++] = c == '\n' ? 'n' : 'r';
		} else {
			out[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	out[k++] = '\n';
	(void)!write(STDERR_FILENO, out, k);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	char line[1024], when[RFC3339_LEN];
	va_list ap;
	int n, m;

	if (level < log_threshold) {
		return;
	}
	n = snprintf(line, sizeof(line), "%s %s ", rfc3339_format((int64_t)time(NULL), when), names[level]);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0) {
		return;
	}
	n += m;
	if ((size_t)n > sizeof(line) - 2) {
		n = (int)sizeof(line) - 2;
	}
	write_record(line, (size_t)n);
}
