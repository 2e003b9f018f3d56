/*
 * json_test.c - strings and instants appended as JSON text parse back to
 * exactly what went in, for every byte that may appear in UTF-8 text.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/timefmt.h"

/* s appended as a literal parses back to s. */
static void
round_trip(const char *s)
{
	struct buf b;
	struct err e;

	buf_init(&b, 1 << 20);
	cr_assert_eq(json_append_string(&b, s, &e), 0);
	json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY, NULL);
	cr_assert_not_null(v, "not JSON: %s", b.data);
	cr_assert_str_eq(json_string_value(v), s, "literal %s", b.data);
	json_decref(v);
	buf_release(&b);
}

Test(json, strings_round_trip)
{
	round_trip("");
	round_trip("plain");
	round_trip("quote \" backslash \\ slash / tab \t newline \n cr \r");
	round_trip("\x01\x02\x1f\x7f end");
	round_trip("æøå – 日本 😀");
	round_trip("<script>alert(1)</script>");

	/* Every byte 1..127, one at a time and all together. */
	char all[128];
	for (int c = 1; c < 128; c++) {
		char one[2] = { (char)c, '\0' };
		round_trip(one);
		all[c - 1] = (char)c;
	}
	all[127] = '\0';
	round_trip(all);
}

Test(json, null_and_instants)
{
	struct buf b;
	struct err e;

	buf_init(&b, 1024);
	cr_assert_eq(json_append_string(&b, NULL, &e), 0);
	cr_assert_eq(json_append_instant(&b, TIME_NONE, &e), 0);
	cr_assert_eq(json_append_instant(&b, 1772439300, &e), 0);
	cr_assert_str_eq(b.data, "nullnull\"2026-03-02T08:15:00Z\"");
	buf_release(&b);

	buf_init(&b, 8);
	cr_assert_eq(json_append_string(&b, "far too long for eight", &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	buf_release(&b);
}
