/*
 * json_fast_test.c - the fast parser accepts and refuses what jansson's
 * json_loadb(JSON_REJECT_DUPLICATES) does and builds the same values (types,
 * key order included), on a corpus of tricky texts and on random mutations
 * of ticket lines; the fast writer writes json_dumpb's bytes.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json_fast.h"

/* v as jansson writes it, keys in their order: compares key order and number types too. */
static char *
jansson_text(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* The fast parser and jansson agree on text: both refuse it, or both build the same value. */
static void
agree(const char *text, size_t len)
{
	json_error_t fast_err, ref_err;
	json_t *ref = json_loadb(text, len, JSON_REJECT_DUPLICATES, &ref_err);
	json_t *fast = json_fast_loadb(text, len, &fast_err);

	if (ref == NULL) {
		cr_assert_null(fast, "accepted what jansson refuses: %.*s", (int)len, text);
		cr_assert_str_eq(fast_err.text, ref_err.text);
		cr_assert_eq(fast_err.column, ref_err.column);
		return;
	}
	cr_assert_not_null(fast, "refused what jansson accepts: %.*s", (int)len, text);
	cr_assert(json_equal(fast, ref), "another value for %.*s", (int)len, text);
	char *a = jansson_text(fast), *b = jansson_text(ref);
	cr_assert_str_eq(a, b, "another order or type for %.*s", (int)len, text);
	free(a);
	free(b);
	json_decref(fast);
	json_decref(ref);
}

static void
agree_str(const char *text)
{
	agree(text, strlen(text));
}

/* The fast writer writes v as json_dumpb(JSON_COMPACT) does, byte for byte. */
static void
dumps_alike(const json_t *v)
{
	struct buf b;
	struct err e;
	char *ref = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	buf_init(&b, 1 << 20);
	cr_assert_eq(json_fast_dump_compact(v, &b, &e), 0);
	cr_assert_str_eq(b.data != NULL ? b.data : "", ref);
	buf_release(&b);
	free(ref);
}

static const char *const corpus[] = {
	"{}",
	"[]",
	" \t\r\n{ } \n",
	"[1,2,3]",
	"{\"a\":1}",
	"{\"a\":1,}",
	"[1,]",
	"[,1]",
	"{,}",
	"{\"a\" 1}",
	"{\"a\":}",
	"{a:1}",
	"{'a':1}",
	"{\"a\":1 \"b\":2}",
	"{\"a\":1}x",
	"{\"a\":1}{}",
	"{\"a\":1}\n\n ",
	"",
	" ",
	"1",
	"\"s\"",
	"null",
	"true",
	"[true,false,null]",
	"[tru]",
	"[truex]",
	"[nul]",
	"[nulll]",
	"[True]",
	"[NaN]",
	"[Infinity]",
	"[-Infinity]",
	/* duplicates */
	"{\"a\":1,\"a\":2}",
	"{\"a\":1,\"b\":{\"a\":1,\"a\":1}}",
	"{\"a\":1,\"\\u0061\":2}",
	"{\"\":1,\"\":2}",
	"{\"\":1}",
	/* numbers */
	"[0]",
	"[-0]",
	"[-0.0]",
	"[00]",
	"[01]",
	"[-01]",
	"[1.]",
	"[.5]",
	"[-]",
	"[-a]",
	"[+1]",
	"[1e]",
	"[1e+]",
	"[1E+2]",
	"[1e-2]",
	"[1.5e3]",
	"[0e0]",
	"[1.0]",
	"[9223372036854775807]",
	"[-9223372036854775808]",
	"[9223372036854775808]",
	"[-9223372036854775809]",
	"[99999999999999999999]",
	"[1e400]",
	"[-1e400]",
	"[1e-400]",
	"[123456789012345678901234567890123456789012345678901234567890123456789.5]",
	"[0.1,0.2,3.14159265358979323846]",
	"[1x]",
	"[0x10]",
	"[1 2]",
	/* strings and escapes */
	"[\"\"]",
	"[\"a\\\"b\"]",
	"[\"\\\\\"]",
	"[\"\\/\"]",
	"[\"\\b\\f\\n\\r\\t\"]",
	"[\"\\a\"]",
	"[\"\\x41\"]",
	"[\"\\u0041\"]",
	"[\"\\u00e9\\u00E9\"]",
	"[\"\\u20AC\"]",
	"[\"\\u0000\"]",
	"{\"\\u0000\":1}",
	"[\"\\u00\"]",
	"[\"\\u00g0\"]",
	"[\"\\uD83D\\uDE00\"]",
	"[\"\\uD83D\"]",
	"[\"\\uD83Dx\"]",
	"[\"\\uD83D\\u0041\"]",
	"[\"\\uDE00\"]",
	"[\"\\uDE00\\uD83D\"]",
	"[\"\\uD83D\\uD83D\"]",
	"[\"\\uDBFF\\uDFFF\"]",
	"[\"\\uD800\\uDC00\"]",
	"[\"\\u",
	"[\"\\",
	"[\"abc",
	"[\"tab\there\"]",
	"[\"nl\nhere\"]",
	"[\"\x01\"]",
	"[\"\x7f\"]",
	"[\"\\uFFFF\\uFFFE\"]",
	"[\"a\\u0020b\"]",
	/* UTF-8 */
	"[\"\xc3\xa6\xc3\xb8\xc3\xa5\"]",
	"[\"\xe6\x97\xa5\xe6\x9c\xac\"]",
	"[\"\xf0\x9f\x98\x80\"]",
	"[\"\xc3\"]",
	"[\"\xc3\x28\"]",
	"[\"\xc0\x80\"]",
	"[\"\xc1\xbf\"]",
	"[\"\xe0\x80\x80\"]",
	"[\"\xe0\x9f\xbf\"]",
	"[\"\xed\xa0\x80\"]",
	"[\"\xed\xbf\xbf\"]",
	"[\"\xef\xbf\xbf\"]",
	"[\"\xf0\x80\x80\x80\"]",
	"[\"\xf0\x8f\xbf\xbf\"]",
	"[\"\xf4\x8f\xbf\xbf\"]",
	"[\"\xf4\x90\x80\x80\"]",
	"[\"\xf5\x80\x80\x80\"]",
	"[\"\xff\"]",
	"[\"\x80\"]",
	"[\"\xbf\"]",
	"\xef\xbb\xbf{}",
	"{}\xc3\xa6",
	"[\xc3\xa6]",
	"{\"\xc3\xa6\":\"\xc3\xb8\"}",
	"[\"\\\xc3\xa6\"]",
	/* nesting and shapes */
	"[[[[[]]]]]",
	"{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}",
	"[{},[],{\"\":[]}]",
	"{\"z\":1,\"a\":2,\"m\":3}",
	"[1,\"a\",true,null,1.5,{},[]]",
};

Test(json_fast, corpus_as_jansson)
{
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		agree_str(corpus[i]);
	}
	/* A NUL byte inside the text, in a string and outside one. */
	agree("[\"a\0b\"]", 7);
	agree("[1]\0", 4);
	agree("{\"a\":\0}", 7);
}

/* n nested arrays: jansson allows JSON_PARSER_MAX_DEPTH, deeper is refused. */
static void
nested(size_t n)
{
	char *text = malloc(2 * n + 1);

	memset(text, '[', n);
	memset(text + n, ']', n);
	text[2 * n] = '\0';
	agree(text, 2 * n);
	free(text);
}

Test(json_fast, nesting_as_jansson)
{
	nested(1);
	nested(63);
	nested(64);
	nested(65);
	nested(500);
	nested(JSON_PARSER_MAX_DEPTH);
	nested(JSON_PARSER_MAX_DEPTH + 1);
}

Test(json_fast, every_byte_in_a_string)
{
	for (int c = 0; c < 256; c++) {
		char text[8] = { '[', '"', 'a', (char)c, 'b', '"', ']' };
		agree(text, 7);
		char esc[9] = { '[', '"', '\\', (char)c, 'b', '"', ']' };
		agree(esc, 7);
	}
}

Test(json_fast, long_strings_with_escapes)
{
	/* Longer than the parser's buffer on the stack, so it takes one of its own. */
	struct buf b;
	struct err e;

	buf_init(&b, 1 << 20);
	cr_assert_eq(buf_append_str(&b, "{\"k\\n\":\"", &e), 0);
	for (int i = 0; i < 3000; i++) {
		cr_assert_eq(buf_append_str(&b, i % 3 == 0 ? "\\u00e6" : i % 3 == 1 ? "\\\"x" : "\xe2\x82\xac", &e), 0);
	}
	cr_assert_eq(buf_append_str(&b, "\",\"k2\":\"\\t\"}", &e), 0);
	agree(b.data, b.len);
	buf_release(&b);
}

/* A random ticket line such as `levera export` writes, with texts that need escapes and UTF-8. */
static void
ticket_line(struct buf *b, unsigned *seed)
{
	static const char *const texts[] = { "Spam getting through",
		                             "User cannot post \\\"journal\\\"",
		                             "caf\xc3\xa9 \xe2\x80\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
		                             "tab\\there\\nnew line \\u00e6\\u00f8 \\ud83d\\ude00",
		                             "back\\\\slash \\/ slash",
		                             "" };
	static const char *const events[] = {
		"{\"type\": \"created\", \"at\": \"2025-11-22T12:05:15Z\", \"priority\": \"P4\"}",
		"{\"type\": \"assign\", \"team\": \"Service Desk\", \"agent\": \"bo@levera.demo\", \"at\": "
		"\"2025-11-24T09:22:28Z\"}",
		"{\"type\": \"status\", \"to\": \"assigned\", \"at\": \"2025-11-24T09:22:28Z\"}",
		"{\"type\": \"reply\", \"public\": true, \"by\": \"agent\", \"at\": \"2025-11-24T11:50:39Z\"}",
		"{\"type\": \"work\", \"duration\": 1800, \"note\": null, \"at\": \"2025-11-24T11:50:39Z\"}",
		"{\"type\": \"rating\", \"score\": 4.5, \"comment\": \"ok\", \"at\": \"2025-12-04T09:19:09Z\"}",
	};
	struct err e;
	int n = 1 + rand_r(seed) % 8;

	buf_reset(b);
	cr_assert_eq(
	        buf_appendf(b, &e,
	                    "{\"kind\": \"ticket\", \"id\": \"01m81nbgwgctay2hhwqnb9fk%02d\", \"ref\": \"DEMO-%06d\", "
	                    "\"type\": \"change\", \"customer\": \"Fjord Logistics ApS\", \"service\": \"E-mail\", "
	                    "\"priority\": \"P%d\", \"subject\": \"%s\", \"events\": [",
	                    rand_r(seed) % 100, rand_r(seed) % 1000000, 1 + rand_r(seed) % 4,
	                    texts[rand_r(seed) % (sizeof(texts) / sizeof(texts[0]))]),
	        0);
	for (int i = 0; i < n; i++) {
		cr_assert_eq(buf_appendf(b, &e, "%s%s", i > 0 ? ", " : "",
		                         events[rand_r(seed) % (sizeof(events) / sizeof(events[0]))]),
		             0);
	}
	cr_assert_eq(buf_append_str(b, "]}", &e), 0);
}

/* Replaces, inserts or deletes a few bytes, or cuts the line, mostly with bytes that matter to a parser. */
static size_t
mutate(char *text, size_t len, size_t cap, unsigned *seed)
{
	static const char tricky[] = "\"\\{}[]:,0123456789-+.eEtrufalsn u\x01\x7f\x80\xbf\xc3\xed\xa0\xf0\xf4\xff";
	static const char *const pieces[] = { "\\u0000",      "\\ud800",
		                              "\\udc00",      "\\ud83d\\ude00",
		                              "\\u00e9",      "\\x",
		                              "\xed\xa0\x80", "\xc0\x80",
		                              "1e999",        "9223372036854775808",
		                              "-0",           "\"a\":1,\"a\":2",
		                              "true",         "null",
		                              "[]",           "{}",
		                              "\"\"" };
	int edits = 1 + rand_r(seed) % 3;

	for (int k = 0; k < edits && len > 0; k++) {
		size_t at = (size_t)rand_r(seed) % len;
		int how = rand_r(seed) % 6;
		if (how == 0) {
			text[at] = tricky[rand_r(seed) % (sizeof(tricky) - 1)];
		} else if (how == 1 && len + 1 < cap) {
			memmove(text + at + 1, text + at, len - at);
			text[at] = tricky[rand_r(seed) % (sizeof(tricky) - 1)];
			len++;
		} else if (how == 2) {
			memmove(text + at, text + at + 1, len - at - 1);
			len--;
		} else if (how == 3) {
			len = at;
		} else if (how == 4) {
			const char *p = pieces[rand_r(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t n = strlen(p);
			if (len + n < cap) {
				memmove(text + at + n, text + at, len - at);
				memcpy(text + at, p, n);
				len += n;
			}
		} else {
			text[at] = (char)(rand_r(seed) & 0xff);
		}
	}
	return len;
}

Test(json_fast, random_mutations_of_ticket_lines)
{
	struct buf line;
	char text[8192];
	unsigned seed = 20261122;
	int accepted = 0;

	buf_init(&line, sizeof(text) - 64);
	for (int i = 0; i < 20000; i++) {
		ticket_line(&line, &seed);
		memcpy(text, line.data, line.len);
		size_t len = i % 10 == 0 ? line.len : mutate(text, line.len, sizeof(text), &seed);
		json_t *ref = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
		accepted += ref != NULL;
		json_decref(ref);
		agree(text, len);
	}
	/* The mutations leave both kinds: lines to read and lines to refuse. */
	cr_assert_gt(accepted, 2000);
	cr_assert_lt(accepted, 18000);
	buf_release(&line);
}

Test(json_fast, writes_as_jansson)
{
	json_t *v = json_pack("{s:s, s:s, s:i, s:I, s:I, s:f, s:f, s:f, s:b, s:b, s:n, s:{}, s:[], s:[i, s, {s:[]}]}",
	                      "plain", "text", "escapes", "\"\\/\b\f\n\r\t\x01\x1f\x7f end", "int", 42, "max",
	                      (json_int_t)9223372036854775807LL, "min", (json_int_t)(-9223372036854775807LL - 1),
	                      "real", 1.5, "big", 1e300, "tiny", -2.5e-300, "yes", 1, "no", 0, "none", "empty", "list",
	                      "mixed", 1, "\xc3\xa6\xf0\x9f\x98\x80", "in", "deep");
	char all[32];

	cr_assert_not_null(v);
	dumps_alike(v);
	for (int c = 1; c < 32; c++) {
		all[c - 1] = (char)c;
	}
	all[31] = '\0';
	json_t *s = json_string(all);
	dumps_alike(s);
	json_decref(s);
	json_t *k = json_object();
	json_object_set_new(k, all, json_stringn("a\0b", 3));
	dumps_alike(k);
	json_decref(k);
	for (int i = 0; i < 100; i++) {
		json_t *r = json_real((double)i / 7.0 * (i % 2 == 0 ? 1e-7 : 1e12));
		dumps_alike(r);
		json_decref(r);
	}
	json_decref(v);
}

Test(json_fast, writes_deep_values_as_jansson)
{
	size_t depth = JSON_PARSER_MAX_DEPTH - 1;
	char *text = malloc(2 * depth + 8);

	memset(text, '[', depth);
	memcpy(text + depth, "1.25", 4);
	memset(text + depth + 4, ']', depth);
	json_t *v = json_loadb(text, 2 * depth + 4, 0, NULL);
	cr_assert_not_null(v);
	dumps_alike(v);
	json_decref(v);
	free(text);
}

Test(json_fast, writes_parsed_ticket_lines_as_jansson)
{
	struct buf line;
	unsigned seed = 7;

	buf_init(&line, 1 << 16);
	for (int i = 0; i < 500; i++) {
		ticket_line(&line, &seed);
		json_t *v = json_fast_loadb(line.data, line.len, NULL);
		cr_assert_not_null(v);
		dumps_alike(v);
		json_decref(v);
	}
	buf_release(&line);
}

Test(json_fast, writer_ceiling)
{
	struct buf b;
	struct err e;
	json_t *v = json_pack("{s:s}", "text", "far too long for the ceiling of this buffer, far too long");

	buf_init(&b, 16);
	cr_assert_eq(json_fast_dump_compact(v, &b, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	buf_release(&b);
	json_decref(v);
}

Test(json_fast, writes_runs_between_escapes_as_jansson)
{
	static const char *const texts[] = {
		"",
		"a",
		"0123456789abcdefg",
		"\"",
		"plain run of more than sixteen bytes\"then a quote",
		"\\\\back\\\\slashes\\\\",
		"tab\tin\tthe\tmiddle of a longer run of text\n",
		"\x01\x02 runs \x1f",
		"\xc3\xa6\xc3\xb8\xc3\xa5 utf-8 stays as it is \xf0\x9f\x98\x80\"",
	};
	char long_text[5000];

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *s = json_string(texts[i]);
		json_t *o = json_pack("{s:s, s:O}", texts[i], "key", "v", s);
		dumps_alike(s);
		dumps_alike(o);
		json_decref(o);
		json_decref(s);
	}
	/* Runs that cross the writer's chunks and stage, escapes at every distance. */
	for (size_t i = 0; i < sizeof(long_text) - 1; i++) {
		long_text[i] = i % 97 == 0 ? '"' : i % 61 == 0 ? '\n' : (char)('a' + i % 26);
	}
	long_text[sizeof(long_text) - 1] = '\0';
	json_t *s = json_string(long_text);
	dumps_alike(s);
	json_decref(s);
}

/* Text of p 'a's, then special, then q 'b's: a byte that needs a look at each place of an 8-byte word. */
static size_t
around(char *out, const char *head, size_t p, const char *special, size_t q, const char *tail)
{
	size_t n = strlen(head), k = strlen(special);

	memcpy(out, head, n);
	memset(out + n, 'a', p);
	memcpy(out + n + p, special, k);
	memset(out + n + p + k, 'b', q);
	memcpy(out + n + p + k + q, tail, strlen(tail) + 1);
	return n + p + k + q + strlen(tail);
}

Test(json_fast, reads_special_bytes_at_every_offset)
{
	static const char *const specials[] = {
		"",
		"\"",
		"\\\\",
		"\\n",
		"\\u00e6",
		"\\ud83d\\ude00",
		"\\",
		"\x01",
		"\x1f",
		"\x7f",
		" ",
		"!",
		"#",
		"[",
		"]",
		"\xc3\xa6",
		"\xe2\x82\xac",
		"\xf0\x9f\x98\x80",
		"\xc3",
		"\xc3\x28",
		"\xed\xa0\x80",
		"\xf4\x90\x80",
		"\x80",
		"\xff",
		"\\\"\"\"",
		"\xc3\xa6\x01",
	};
	static const size_t lengths[] = { 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,    10,  11,
		                          12, 13, 14, 15, 16, 17, 23, 24, 25, 1023, 1030 };
	static char text[4096];

	for (size_t s = 0; s < sizeof(specials) / sizeof(specials[0]); s++) {
		for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
			for (size_t q = 0; q < 17; q++) {
				agree(text, around(text, "[\"", lengths[i], specials[s], q, "\"]"));
				agree(text, around(text, "{\"", lengths[i], specials[s], q, "\":1}"));
				/* Cut short: the string runs to the end of the text. */
				agree(text, around(text, "[\"", lengths[i], specials[s], q, ""));
			}
		}
	}
}

Test(json_fast, writes_special_bytes_at_every_offset)
{
	static const char *const specials[] = { "",     "\"",   "\\",   "\n",       "\t",
		                                "\x01", "\x1f", "\x7f", "\xc3\xa6", "\xe2\x82\xac",
		                                " ",    "!",    "]",    "\"\"\\\n", "\xf0\x9f\x98\x80" };
	static char text[4096];

	for (size_t s = 0; s < sizeof(specials) / sizeof(specials[0]); s++) {
		/* Up to past the writer's chunk of 512 bytes. */
		for (size_t p = 0; p < 530; p += p < 24 ? 1 : p < 500 ? 61 : 1) {
			for (size_t q = 0; q < 17; q++) {
				size_t n = around(text, "", p, specials[s], q, "");
				json_t *v = json_stringn(text, n);
				json_t *o = json_object();
				cr_assert_not_null(v);
				json_object_set(o, json_string_value(v), v);
				dumps_alike(v);
				dumps_alike(o);
				json_decref(o);
				json_decref(v);
			}
		}
	}
}
