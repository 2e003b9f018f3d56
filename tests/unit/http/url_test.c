/*
 * url_test.c - percent-decoding, UTF-8 checks and query strings.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "http/url.h"

static int
decode(const char *s, bool plus, char *out, struct err *e)
{
	size_t n;

	err_clear(e);
	return url_decode(s, strlen(s), plus, out, &n, e);
}

Test(url, decode_escapes)
{
	char out[64];
	struct err e;

	cr_assert_eq(decode("a%20b%2Fc%7E", false, out, &e), 0);
	cr_assert_str_eq(out, "a b/c~");
	cr_assert_eq(decode("%c3%A6", false, out, &e), 0, "hex digits in either case");
	cr_assert_str_eq(out, "æ");
	cr_assert_eq(decode("a+b", false, out, &e), 0);
	cr_assert_str_eq(out, "a+b");
	cr_assert_eq(decode("a+b%2B", true, out, &e), 0);
	cr_assert_str_eq(out, "a b+");
	cr_assert_eq(decode("", false, out, &e), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(decode("%25", false, out, &e), 0);
	cr_assert_str_eq(out, "%", "decoding happens once");
	cr_assert_eq(decode("%2541", false, out, &e), 0);
	cr_assert_str_eq(out, "%41");
}

Test(url, decode_rejects)
{
	const char *bad[] = { "%",         "%4",        "a%",           "%g0",
		              "%0g",       "% 1",       "%00",          "a%00b",
		              "%ff",       "%C3",       "%C3%28",       "%C0%80",
		              "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%F8%88%80%80%80",
		              "%80" };
	char out[64];
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(decode(bad[i], false, out, &e), -1, "%s", bad[i]);
		cr_assert_eq(e.code, ERR_INVALID);
	}
	/* A raw NUL inside the given length is refused too. */
	size_t n;
	cr_assert_eq(url_decode("a\0b", 3, false, out, &n, &e), -1);
}

Test(url, utf8)
{
	cr_assert(url_utf8_valid("plain", 5));
	cr_assert(url_utf8_valid("\xf0\x9f\x98\x80", 4));
	cr_assert(url_utf8_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF");
	cr_assert(!url_utf8_valid("\xf0\x9f\x98", 3), "cut short");
	cr_assert(!url_utf8_valid("\xc1\xbf", 2), "overlong");
	cr_assert(!url_utf8_valid("\xe0\x9f\xbf", 3), "overlong");
	cr_assert(!url_utf8_valid("\xed\xbf\xbf", 3), "surrogate");
	cr_assert(!url_utf8_valid("\xfe", 1));
}

static struct url_query q;
static struct err e;

static int
parse(const char *s)
{
	err_clear(&e);
	return url_query_parse(s, strlen(s), &q, &e);
}

Test(query, names_and_values)
{
	cr_assert_eq(parse("status=open&q=disk+full%21&empty=&flag"), 0, "%s", e.message);
	cr_assert_eq(q.n, 4);
	cr_assert_str_eq(url_query_get(&q, "status"), "open");
	cr_assert_str_eq(url_query_get(&q, "q"), "disk full!");
	cr_assert_str_eq(url_query_get(&q, "empty"), "");
	cr_assert_str_eq(url_query_get(&q, "flag"), "");
	cr_assert_null(url_query_get(&q, "other"));
	cr_assert_null(url_query_get(NULL, "other"));
	cr_assert_eq(parse("a=1=2"), 0);
	cr_assert_str_eq(url_query_get(&q, "a"), "1=2", "only the first '=' splits");
	cr_assert_eq(parse("x=%C3%A6&y.z_-1=2"), 0);
	cr_assert_str_eq(url_query_get(&q, "x"), "æ");
	cr_assert_str_eq(url_query_get(&q, "y.z_-1"), "2");
}

Test(query, empty_pieces_are_skipped)
{
	cr_assert_eq(parse(""), 0);
	cr_assert_eq(q.n, 0);
	cr_assert_eq(parse("&&a=1&&"), 0);
	cr_assert_eq(q.n, 1);
}

Test(query, duplicates_are_refused_by_name)
{
	cr_assert_eq(parse("a=1&b=2&a=3"), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "a");
	/* The same name spelled two ways is still the same name. */
	cr_assert_eq(parse("a=1&%61=2"), -1);
	cr_assert_str_eq(e.field, "a");
}

Test(query, bad_names_and_values)
{
	cr_assert_eq(parse("=1"), -1);
	cr_assert_str_eq(e.field, "query");
	cr_assert_eq(parse("a b=1"), -1);
	cr_assert_eq(parse("a%20b=1"), -1);
	cr_assert_eq(parse("%zz=1"), -1);
	cr_assert_str_eq(e.field, "query");
	cr_assert_eq(parse("a[0]=1"), -1);
	cr_assert_eq(parse("a=%zz"), -1);
	cr_assert_str_eq(e.field, "a");
	cr_assert_eq(parse("a=%00"), -1);
	cr_assert_eq(parse("a=%ff"), -1);
	cr_assert_eq(e.code, ERR_INVALID);
}

Test(query, ceilings)
{
	char s[URL_QUERY_MAX_BYTES + 64];
	size_t k;

	/* 32 parameters are fine, 33 are not. */
	k = 0;
	for (int i = 0; i < 33; i++) {
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%sp%d=%d", i ? "&" : "", i, i);
	}
	cr_assert_eq(parse(s), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	*strrchr(s, '&') = '\0';
	cr_assert_eq(parse(s), 0, "%s", e.message);
	cr_assert_eq(q.n, 32);

	/* A value of 1024 decoded bytes is fine, 1025 are not. */
	memcpy(s, "v=", 2);
	memset(s + 2, 'x', 1025);
	s[2 + 1024] = '\0';
	cr_assert_eq(parse(s), 0);
	s[2 + 1024] = 'x';
	s[2 + 1025] = '\0';
	cr_assert_eq(parse(s), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	cr_assert_str_eq(e.field, "v");

	/* Names of 64 bytes, then 65. */
	memset(s, 'n', 65);
	s[64] = '\0';
	cr_assert_eq(parse(s), 0);
	s[64] = 'n';
	s[65] = '\0';
	cr_assert_eq(parse(s), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);

	/* The raw string as a whole. */
	memset(s, '&', URL_QUERY_MAX_BYTES + 1);
	s[URL_QUERY_MAX_BYTES] = '\0';
	cr_assert_eq(parse(s), 0);
	s[URL_QUERY_MAX_BYTES] = '&';
	s[URL_QUERY_MAX_BYTES + 1] = '\0';
	cr_assert_eq(parse(s), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
}

Test(query, the_text_buffer_holds_the_worst_case)
{
	char s[URL_QUERY_MAX_BYTES + 1];
	size_t k = 0;

	/* 32 names without values fill the text with the most NULs per input byte. */
	for (int i = 0; i < 32; i++) {
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%s%c", i ? "&" : "", 'a' + i % 26);
		if (i >= 26) {
			k += (size_t)snprintf(s + k, sizeof(s) - k, "%d", i);
		}
	}
	cr_assert_eq(parse(s), 0, "%s", e.message);
	/* Long values up to the byte ceiling. */
	k = 0;
	for (int i = 0; i < 4; i++) {
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%sk%d=", i ? "&" : "", i);
		memset(s + k, 'v', 1000);
		k += 1000;
		s[k] = '\0';
	}
	cr_assert_eq(parse(s), 0, "%s", e.message);
	cr_assert_eq(strlen(url_query_get(&q, "k3")), 1000);
}

Test(query, allow_list)
{
	const char *const allowed[] = { "status", "limit", NULL };

	cr_assert_eq(parse("status=open&limit=5"), 0);
	cr_assert_eq(url_query_allow(&q, allowed, &e), 0);
	cr_assert_eq(parse("status=open&sort=x"), 0);
	cr_assert_eq(url_query_allow(&q, allowed, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "sort");
	cr_assert_eq(url_query_allow(NULL, allowed, &e), 0);
}
