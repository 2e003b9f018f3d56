/*
 * log_test.c - log records: one line each, UTC timestamp, threshold.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

/* Runs the logging calls with standard error sent to a temporary file; returns what was written. */
static void
capture(void (*fn)(void), char *out, size_t cap)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	cr_assert_not_null(f);
	dup2(fileno(f), STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	fclose(f);
}

static void
write_some(void)
{
	log_set_level(LOG_WARN);
	log_info("not shown %d", 1);
	log_warn("disk %s is %d%% full", "/data", 93);
	log_error("line with a newline\nstays one record");
	log_set_level(LOG_INFO);
}

Test(log, threshold_and_format)
{
	char out[4096], *second;

	capture(write_some, out, sizeof(out));
	cr_assert(strstr(out, "not shown") == NULL);
	/* "2026-11-22T10:00:00Z warn disk /data is 93% full" */
	cr_assert_eq(out[4], '-');
	cr_assert_eq(out[19], 'Z');
	cr_assert(strncmp(out + 20, " warn disk /data is 93% full\n", 29) == 0, "%s", out);
	second = strchr(out, '\n') + 1;
	cr_assert(strcmp(second + 20, " error line with a newline\\nstays one record\n") == 0, "%s", second);
}
