/*
 * buf_test.c - buffers with a ceiling, errors, and the line reader.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/id.h"
#include "base/strmap.h"
#include "base/err.h"
#include "base/lines.h"

Test(buf, append_and_ceiling)
{
	struct buf b;
	struct err e;

	buf_init(&b, 10);
	cr_assert_eq(buf_append_str(&b, "hello", &e), 0);
	cr_assert_eq(buf_appendf(&b, &e, "%d", 1234), 0);
	cr_assert_str_eq(b.data, "hello1234");
	cr_assert_eq(buf_append_str(&b, "xy", &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(b.data, "hello1234", "a refused append changes nothing");
	cr_assert_eq(buf_appendf(&b, &e, "%s", "zz"), -1);
	cr_assert_eq(buf_append_str(&b, "z", &e), 0);
	cr_assert_eq(b.len, 10);
	buf_release(&b);
	cr_assert_null(b.data);
}

Test(buf, append_int_as_printf_would)
{
	const int64_t values[] = { 0, 7, -7, 10, -10, 1234567890, INT64_MAX, INT64_MIN, -2700 };
	struct buf b, want;
	struct err e;

	buf_init(&b, 1024);
	buf_init(&want, 1024);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		cr_assert_eq(buf_append_int(&b, values[i], &e), 0);
		cr_assert_eq(buf_append_str(&b, ",", &e), 0);
		cr_assert_eq(buf_appendf(&want, &e, "%lld,", (long long)values[i]), 0);
	}
	cr_assert_str_eq(b.data, want.data);
	cr_assert_eq(b.len, want.len);
	buf_release(&b);
	buf_release(&want);
	buf_init(&b, 3);
	cr_assert_eq(buf_append_int(&b, -12, &e), 0);
	cr_assert_eq(buf_append_int(&b, 5, &e), -1, "past the ceiling");
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(b.data, "-12");
	buf_release(&b);
}

/* buf_appendf formats into the room there is: growing, filling exactly and the ceiling still hold. */
Test(buf, appendf_in_place_and_growing)
{
	struct buf b;
	struct err e;
	char want[200];

	buf_init(&b, 1000);
	cr_assert_eq(buf_reserve(&b, 100, &e), 0);
	size_t cap = b.cap;
	cr_assert_eq(buf_appendf(&b, &e, "%s-%d", "abc", 42), 0);
	cr_assert_eq(b.cap, cap, "the text fitted: no new allocation");
	cr_assert_str_eq(b.data, "abc-42");
	/* A text longer than the room left: formatted again after growing, nothing lost. */
	memset(want, 'x', sizeof(want) - 1);
	want[sizeof(want) - 1] = '\0';
	cr_assert_eq(buf_appendf(&b, &e, "%s", want), 0);
	cr_assert_eq(b.len, 6 + sizeof(want) - 1);
	cr_assert(strncmp(b.data, "abc-42xxx", 9) == 0);
	cr_assert_eq(b.data[b.len], '\0');
	buf_release(&b);
	/* Room in the allocation is not room under the ceiling. */
	buf_init(&b, 8);
	cr_assert_eq(buf_append_str(&b, "12345", &e), 0);
	cr_assert(b.cap > 8);
	cr_assert_eq(buf_appendf(&b, &e, "%d", 6789), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(b.data, "12345", "a refused append changes nothing");
	cr_assert_eq(buf_appendf(&b, &e, "%d", 678), 0);
	cr_assert_str_eq(b.data, "12345678");
	cr_assert_eq(buf_reserve(&b, 1, &e), -1);
	buf_release(&b);
}

Test(err, table_and_prefix)
{
	struct err e;

	err_clear(&e);
	cr_assert_eq(err_set(&e, ERR_INVALID, "[1]", "bad '%s'", "x"), -1);
	err_prefix_field(&e, "mon");
	err_prefix_field(&e, "week");
	cr_assert_str_eq(e.field, "week.mon[1]");
	cr_assert_str_eq(e.message, "bad 'x'");
	cr_assert_str_eq(err_code_name(ERR_INVALID), "invalid");
	cr_assert_eq(err_http_status(ERR_INVALID), 400);
	cr_assert_eq(err_http_status(ERR_NOT_FOUND), 404);
	cr_assert_eq(err_http_status(ERR_TOO_LARGE), 413);
	cr_assert_eq(err_exit_status(ERR_INVALID), 2);
	cr_assert_eq(err_set(NULL, ERR_IO, NULL, "ignored"), -1);
	for (int c = 0; c < ERR_CODE_COUNT; c++) {
		cr_assert_not_null(err_code_name((enum err_code)c));
		cr_assert(err_http_status((enum err_code)c) >= 200);
	}
}

/* A file descriptor reading text (a temporary file, already unlinked). */
static int
fd_with(const char *text, size_t len)
{
	FILE *f = tmpfile();

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fflush(f);
	int fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

Test(lines, splits_crlf_last_line_and_long_lines)
{
	size_t big = 10000;
	char *text = malloc(big + 64);
	const char *line;
	size_t len;
	struct line_reader r;
	struct err e;
	int n = 0;

	memcpy(text, "one\r\ntwo\n", 9);
	memset(text + 9, 'x', big);
	memcpy(text + 9 + big, "\nthree", 6);
	int fd = fd_with(text, 9 + big + 6);
	line_reader_init(&r, fd, 100);
	while (line_reader_next(&r, &line, &len, &e) == 1) {
		n++;
		if (n == 1) {
			cr_assert(len == 3 && memcmp(line, "one", 3) == 0);
		} else if (n == 2) {
			cr_assert(len == 3 && memcmp(line, "two", 3) == 0 && !r.too_long);
		} else if (n == 3) {
			cr_assert(r.too_long && len == 100);
		} else if (n == 4) {
			cr_assert(len == 5 && memcmp(line, "three", 5) == 0 && !r.too_long);
			cr_assert_eq(r.lineno, 4);
		}
	}
	cr_assert_eq(n, 4);
	line_reader_release(&r);
	close(fd);
	free(text);
}

Test(id, shape_order_and_uniqueness)
{
	char a[ID_LEN + 1], b[ID_LEN + 1], prev[ID_LEN + 1] = "";

	cr_assert_geq(sodium_init(), 0);
	id_new(a, 1772439300000);
	id_new(b, 1772439300001);
	cr_assert(id_valid(a) && id_valid(b));
	cr_assert_lt(strcmp(a, b), 0, "ids sort by time");
	cr_assert(!id_valid("short") && !id_valid("0123456789abcdefghjkmnpqrU"));
	for (int i = 0; i < 10000; i++) {
		id_new(a, 1772439300000);
		cr_assert_neq(strcmp(a, prev), 0);
		memcpy(prev, a, sizeof(a));
	}
}

Test(strmap, put_get_replace_grow)
{
	struct strmap m;
	char k[32], v[32];

	strmap_init(&m);
	cr_assert_null(strmap_get(&m, "x"));
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof(k), "key-%d", i);
		snprintf(v, sizeof(v), "value-%d", i);
		strmap_put(&m, k, v);
	}
	strmap_put(&m, "key-7", "seven");
	cr_assert_eq(m.n, 5000);
	cr_assert_str_eq(strmap_get(&m, "key-7"), "seven");
	cr_assert_str_eq(strmap_get(&m, "key-4999"), "value-4999");
	cr_assert_null(strmap_get(&m, "key-5000"));
	strmap_release(&m);
	cr_assert_null(strmap_get(&m, "key-1"));
}
