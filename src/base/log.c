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
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
