/*
 * log.h - one-line log records on standard error.
 *
 * The threshold is set once at start-up (log_set_level) and read-only after;
 * records are written with a single write(2) so lines from threads do not
 * interleave, and control characters are escaped so a record is one line.
 */
#ifndef LEVERA_BASE_LOG_H
#define LEVERA_BASE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* The most bytes one record takes, its newline included (every byte escaped). */
#define LOG_RECORD_MAX (2 * 1024 + 2)

void log_set_level(enum log_level level);

/* True when records of this level are written (the threshold allows them). */
bool log_enabled(enum log_level level);

/*
 * Formats one record exactly as log_msg writes it, newline included, into
 * out (at least LOG_RECORD_MAX bytes); returns its length, 0 when fmt fails.
 * For writers that batch records (http/access_log.c); ignores the threshold.
 */
size_t log_vformat(char *out, enum log_level level, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
