/*
 * access_log_test.c - the batched access log: every record arrives, whole,
 * in order, in log.h's format, soon without a flush, and at once on free.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/access_log.h"

/* A new empty file: its path into path, an appending descriptor for the log returned. */
static int
log_file(char path[64])
{
	static int files;

	snprintf(path, 64, "/tmp/levera-access-log-%ld-%d", (long)getpid(), files++);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0600);
	cr_assert(fd >= 0, "cannot create %s", path);
	return fd;
}

/* Everything written to path so far, NUL-terminated; free() it. */
static char *
contents(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	cr_assert_not_null(text);
	*len = fread(text, 1, (size_t)n, f);
	text[*len] = '\0';
	fclose(f);
	return text;
}

/* Closes fd and removes the file. */
static void
done(int fd, const char *path)
{
	close(fd);
	unlink(path);
}

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (const char *p = strchr(text, '\n'); p != NULL; p = strchr(p + 1, '\n')) {
		n++;
	}
	return n;
}

Test(access_log, format_threshold_and_free)
{
	char path[64];
	int fd = log_file(path);
	struct access_log *al = access_log_new(fd);
	size_t len;

	access_log_record(al, LOG_INFO, "http GET %s %u", "/healthz", 200u);
	access_log_record(al, LOG_DEBUG, "not shown");
	access_log_record(al, LOG_INFO, "line with a newline\nstays one record");
	access_log_free(al);
	char *text = contents(path, &len);
	/* "2026-11-22T10:00:00Z info http GET /healthz 200" */
	cr_assert_eq(count_lines(text), 2, "%s", text);
	cr_assert_eq(text[19], 'Z');
	cr_assert(strncmp(text + 20, " info http GET /healthz 200\n", 28) == 0, "%s", text);
	const char *second = strchr(text, '\n') + 1;
	cr_assert_str_eq(second + 20, " info line with a newline\\nstays one record\n");
	free(text);
	done(fd, path);
}

Test(access_log, written_soon_without_a_flush)
{
	char path[64];
	int fd = log_file(path);
	struct access_log *al = access_log_new(fd);
	const struct timespec step = { 0, 5 * 1000 * 1000 };
	size_t len = 0;
	char *text = NULL;

	access_log_record(al, LOG_INFO, "one");
	/* The batch waits ACCESS_LOG_DELAY_MS; a loaded machine gets two seconds. */
	for (int i = 0; i < 400 && len == 0; i++) {
		nanosleep(&step, NULL);
		free(text);
		text = contents(path, &len);
	}
	cr_assert(len > 0 && strstr(text, " info one\n") != NULL, "the record was not written");
	free(text);
	access_log_flush(al);
	access_log_record(al, LOG_INFO, "two");
	access_log_flush(al);
	text = contents(path, &len);
	cr_assert_not_null(strstr(text, " info two\n"), "flush writes what is pending");
	free(text);
	access_log_free(al);
	access_log_free(NULL);
	done(fd, path);
}

#define WRITERS 4
#define RECORDS 20000 /* each; several batches of 64 KiB */

struct writer {
	struct access_log *al;
	int id;
};

static void *
write_records(void *arg)
{
	struct writer *w = arg;

	for (int i = 0; i < RECORDS; i++) {
		access_log_record(w->al, LOG_INFO, "http writer %d record %d", w->id, i);
	}
	return NULL;
}

Test(access_log, threads_lose_nothing_and_keep_their_order)
{
	char path[64];
	int fd = log_file(path);
	struct access_log *al = access_log_new(fd);
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	int next[WRITERS] = { 0 };
	size_t len;

	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){ al, i };
		cr_assert_eq(pthread_create(&t[i], NULL, write_records, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
	}
	access_log_free(al);
	char *text = contents(path, &len);
	cr_assert_eq(count_lines(text), (size_t)WRITERS * RECORDS);
	for (char *line = text; *line != '\0';) {
		char *end = strchr(line, '\n');
		int id, seq;
		cr_assert_not_null(end);
		*end = '\0';
		cr_assert_eq(sscanf(line + 20, " info http writer %d record %d", &id, &seq), 2, "a torn line: %s",
		             line);
		cr_assert(id >= 0 && id < WRITERS);
		cr_assert_eq(seq, next[id], "writer %d: record %d came where %d was due", id, seq, next[id]);
		next[id]++;
		line = end + 1;
	}
	free(text);
	done(fd, path);
}
