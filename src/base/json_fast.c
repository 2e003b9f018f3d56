/*
 * json_fast.c - see json_fast.h.  A recursive-descent parser over the
 * bytes, with jansson's rules (strict UTF-8, no \u0000, no lone surrogates,
 * integers that overflow refused, duplicate keys refused); anything it
 * refuses is parsed again by jansson for the answer.  It does not report
 * errors itself, and does not go deeper than FAST_MAX_DEPTH.
 */
#include "base/json_fast.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define FAST_MAX_DEPTH 64           /* deeper goes to jansson, which allows JSON_PARSER_MAX_DEPTH */
#define FAST_NUMBER_MAX 64          /* a longer number likewise */
#define FAST_SCRATCH 1024           /* bytes of decoded string on the stack */
#define FAST_REAL_TEXT 128          /* a real as jansson writes it */
#define FAST_STAGE 4096             /* bytes of text staged before they go to the buffer */
#define FAST_CHUNK (FAST_STAGE / 8) /* bytes of a string escaped at a time: 6 times as many fit */

struct parser {
	const unsigned char *p, *end;
	int depth;
	char *scratch; /* a string with escapes, decoded; FAST_SCRATCH on the stack or owned */
	size_t scratch_cap;
	bool scratch_owned;
};

static json_t *parse_value(struct parser *ps);

/*
 * Word-at-a-time scanning: 8 bytes at once, the bytes that need a look
 * flagged by a 0x80 in their place.  A flag can be false only above a true
 * one (a borrow carries upwards), so the lowest flag is always exact.
 */
#define BYTES(c) (0x0101010101010101ull * (c))

/* 8 bytes at s, the first in the lowest byte whatever the machine's order, so the lowest flag is the first. */
static uint64_t
load8(const unsigned char *s)
{
	uint64_t x;

	memcpy(&x, s, sizeof(x));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* Flags the bytes of x below 0x20, and those equal to '"' or '\\': what a string's text cannot hold as it is. */
static uint64_t
flag_escapes(uint64_t x)
{
	uint64_t quote = x ^ BYTES('"'), backslash = x ^ BYTES('\\');

	return ((x - BYTES(0x20)) | (quote - BYTES(1)) | (backslash - BYTES(1))) & ~x & BYTES(0x80);
}

/* The index of the first byte flagged in m (not 0). */
static size_t
first_flag(uint64_t m)
{
	return (size_t)__builtin_ctzll(m) / 8;
}

static void
skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')) {
		ps->p++;
	}
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the well-formed UTF-8 sequence at s (s[0] >= 0x80), or 0: shortest forms, no surrogates. */
static size_t
utf8_sequence(const unsigned char *s, const unsigned char *end)
{
	uint32_t cp;
	size_t n;

	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		cp = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		cp = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if ((size_t)(end - s) < n) {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF) {
			return 0;
		}
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) {
		return 0;
	}
	return n;
}

static int
hex4(const unsigned char *s, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - s < 4) {
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		unsigned c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') {
			v |= c - '0';
		} else if (c >= 'a' && c <= 'f') {
			v |= c - 'a' + 10;
		} else if (c >= 'A' && c <= 'F') {
			v |= c - 'A' + 10;
		} else {
			return -1;
		}
	}
	*out = v;
	return 0;
}

static size_t
utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A \u escape at s (just past the backslash) up to close; the code point in *cp; -1 for what jansson refuses. */
static int
unicode_escape(const unsigned char **s, const unsigned char *close, uint32_t *cp)
{
	uint32_t hi, lo;
	const unsigned char *q = *s;

	if (hex4(q + 1, close, &hi) != 0) {
		return -1;
	}
	q += 5;
	if (hi >= 0xD800 && hi <= 0xDBFF) {
		if (close - q < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, close, &lo) != 0 || lo < 0xDC00 ||
		    lo > 0xDFFF) {
			return -1;
		}
		hi = ((hi - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
		q += 6;
	} else if (hi >= 0xDC00 && hi <= 0xDFFF) {
		return -1;
	}
	*s = q;
	*cp = hi;
	return hi == 0 ? -1 : 0;
}

/* Decodes s .. close (a string's bytes with escapes, already checked as UTF-8) into the scratch buffer. */
static int
unescape(struct parser *ps, const unsigned char *s, const unsigned char *close, size_t *len)
{
	static const char simple_in[] = "\"\\/bfnrt", simple_out[] = "\"\\/\b\f\n\r\t";
	size_t need = (size_t)(close - s);
	char *o;

	if (need > ps->scratch_cap) {
		if (ps->scratch_owned) {
			free(ps->scratch);
		}
		ps->scratch = xmalloc(need);
		ps->scratch_cap = need;
		ps->scratch_owned = true;
	}
	o = ps->scratch;
	while (s < close) {
		const char *simple;
		uint32_t cp;
		if (*s != '\\') {
			*o++ = (char)*s++;
			continue;
		}
		s++;
		simple = *s != '\0' ? strchr(simple_in, *s) : NULL;
		if (simple != NULL) {
			*o++ = simple_out[simple - simple_in];
			s++;
			continue;
		}
		if (*s != 'u' || unicode_escape(&s, close, &cp) != 0) {
			return -1;
		}
		o += utf8_put(cp, o);
	}
	*len = (size_t)(o - ps->scratch);
	return 0;
}

/*
 * The string whose opening quote is at ps->p: its text in *text and *len
 * (into the input, or decoded into the scratch buffer), ps->p past it.
 */
static int
parse_string(struct parser *ps, const char **text, size_t *len)
{
	const unsigned char *start = ps->p + 1, *s = start;
	bool escaped = false;

	for (;;) {
		/* Plain ASCII 8 bytes at a time, to the first byte that needs a look (the UTF-8 ones too). */
		while (ps->end - s >= 8) {
			uint64_t x = load8(s), m = flag_escapes(x) | (x & BYTES(0x80));
			if (m != 0) {
				s += first_flag(m);
				break;
			}
			s += 8;
		}
		if (s >= ps->end || *s < 0x20) {
			return -1;
		}
		if (*s == '"') {
			break;
		}
		if (*s == '\\') {
			if (ps->end - s < 2) {
				return -1;
			}
			escaped = true;
			s += 2;
			continue;
		}
		if (*s >= 0x80) {
			size_t n = utf8_sequence(s, ps->end);
			if (n == 0) {
				return -1;
			}
			s += n;
			continue;
		}
		s++;
	}
	ps->p = s + 1;
	if (!escaped) {
		*text = (const char *)start;
		*len = (size_t)(s - start);
		return 0;
	}
	if (unescape(ps, start, s, len) != 0) {
		return -1;
	}
	*text = ps->scratch;
	return 0;
}

/* A number as jansson reads it: an integer unless it has a fraction or exponent; overflow is refused. */
static json_t *
parse_number(struct parser *ps)
{
	const unsigned char *s = ps->p, *q = s, *end = ps->end;
	char text[FAST_NUMBER_MAX], *stop;
	bool real = false;
	size_t n;

	if (q < end && *q == '-') {
		q++;
	}
	if (q >= end || !is_digit(*q) || (*q == '0' && q + 1 < end && is_digit(q[1]))) {
		return NULL;
	}
	while (q < end && is_digit(*q)) {
		q++;
	}
	if (q < end && *q == '.') {
		real = true;
		if (++q >= end || !is_digit(*q)) {
			return NULL;
		}
		while (q < end && is_digit(*q)) {
			q++;
		}
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < end && (*q == '+' || *q == '-')) {
			q++;
		}
		if (q >= end || !is_digit(*q)) {
			return NULL;
		}
		while (q < end && is_digit(*q)) {
			q++;
		}
	}
	n = (size_t)(q - s);
	if (n >= sizeof(text) || (real && localeconv()->decimal_point[0] != '.')) {
		return NULL;
	}
	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	ps->p = q;
	if (!real) {
		long long v = strtoll(text, &stop, 10);
		return errno == ERANGE ? NULL : json_integer((json_int_t)v);
	}
	double d = strtod(text, &stop);
	return (d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE ? NULL : json_real(d);
}

static json_t *
parse_literal(struct parser *ps, const char *word, json_t *value)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
		return NULL;
	}
	ps->p += n;
	return value;
}

/* Expects c after optional space, and steps past it. */
static bool
expect(struct parser *ps, unsigned char c)
{
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == c) {
		ps->p++;
		return true;
	}
	return false;
}

/* One member: key, colon and value, into obj; duplicate keys refused. */
static int
parse_member(struct parser *ps, json_t *obj)
{
	const char *key;
	char *decoded = NULL;
	size_t len;
	json_t *v;

	skip_space(ps);
	if (ps->p >= ps->end || *ps->p != '"' || parse_string(ps, &key, &len) != 0) {
		return -1;
	}
	if (key == ps->scratch) {
		decoded = xstrndup(key, len); /* the value's strings reuse the scratch buffer */
		key = decoded;
	}
	size_t before = json_object_size(obj);
	v = expect(ps, ':') ? parse_value(ps) : NULL;
	/* A key that was there already replaces its value instead of adding one: a duplicate, refused. */
	int rc = v == NULL || json_object_setn_new_nocheck(obj, key, len, v) != 0 || json_object_size(obj) == before
	                 ? -1
	                 : 0;
	free(decoded);
	return rc;
}

static json_t *
parse_object(struct parser *ps)
{
	json_t *obj = json_object();

	ps->p++;
	if (expect(ps, '}')) {
		return obj;
	}
	do {
		if (parse_member(ps, obj) != 0) {
			json_decref(obj);
			return NULL;
		}
	} while (expect(ps, ','));
	if (!expect(ps, '}')) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *
parse_array(struct parser *ps)
{
	json_t *arr = json_array();

	ps->p++;
	if (expect(ps, ']')) {
		return arr;
	}
	do {
		json_t *v = parse_value(ps);
		if (v == NULL || json_array_append_new(arr, v) != 0) {
			json_decref(arr);
			return NULL;
		}
	} while (expect(ps, ','));
	if (!expect(ps, ']')) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static json_t *
parse_value(struct parser *ps)
{
	const char *text;
	size_t len;
	json_t *v;

	skip_space(ps);
	if (ps->p >= ps->end) {
		return NULL;
	}
	switch (*ps->p) {
	case '"':
		return parse_string(ps, &text, &len) == 0 ? json_stringn_nocheck(text, len) : NULL;
	case '{':
	case '[':
		if (ps->depth >= FAST_MAX_DEPTH) {
			return NULL;
		}
		ps->depth++;
		v = *ps->p == '{' ? parse_object(ps) : parse_array(ps);
		ps->depth--;
		return v;
	case 't':
		return parse_literal(ps, "true", json_true());
	case 'f':
		return parse_literal(ps, "false", json_false());
	case 'n':
		return parse_literal(ps, "null", json_null());
	default:
		return parse_number(ps);
	}
}

json_t *
json_fast_loadb(const char *text, size_t len, json_error_t *jerr)
{
	char stack[FAST_SCRATCH];
	struct parser ps = { .p = (const unsigned char *)text,
		             .end = (const unsigned char *)text + len,
		             .scratch = stack,
		             .scratch_cap = sizeof(stack) };
	json_t *v = NULL;

	skip_space(&ps);
	if (ps.p < ps.end && (*ps.p == '{' || *ps.p == '[')) {
		v = parse_value(&ps);
		skip_space(&ps);
		if (v != NULL && ps.p != ps.end) {
			json_decref(v);
			v = NULL;
		}
	}
	if (ps.scratch_owned) {
		free(ps.scratch);
	}
	if (v == NULL) {
		return json_loadb(text, len, JSON_REJECT_DUPLICATES, jerr);
	}
	if (jerr != NULL) {
		/* As jansson leaves it after a success. */
		memset(jerr, 0, sizeof(*jerr));
		jerr->line = jerr->column = -1;
		snprintf(jerr->source, sizeof(jerr->source), "<buffer>");
	}
	return v;
}

/* Text on its way to a buf, staged in fixed chunks: one append per chunk; the first failure sticks. */
struct writer {
	struct buf *b;
	struct err *e;
	int rc;
	size_t n;
	char stage[FAST_STAGE];
	char real[FAST_REAL_TEXT]; /* a real as jansson writes it; here, not in each level of a deep value */
};

static void
flush(struct writer *w)
{
	if (w->n > 0 && w->rc == 0) {
		w->rc = buf_append(w->b, w->stage, w->n, w->e);
	}
	w->n = 0;
}

static void
put(struct writer *w, const char *p, size_t n)
{
	if (n > sizeof(w->stage) - w->n) {
		flush(w);
		if (n > sizeof(w->stage)) {
			w->rc = w->rc == 0 ? buf_append(w->b, p, n, w->e) : w->rc;
			return;
		}
	}
	/* Most pieces are a byte or a few: a loop, not a call. */
	if (n > 16) {
		memcpy(w->stage + w->n, p, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			w->stage[w->n + i] = p[i];
		}
	}
	w->n += n;
}

/*
 * How jansson escapes each byte in a string (0: not at all): "\\" and this
 * letter, or 'u' for "\\u00XX".  Only controls, '"' and '\\' are escaped.
 */
#define U8 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'
static const char escape_as[256] = { U8, 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u', U8, U8, ['"'] = '"', ['\\'] = '\\' };
#undef U8

/* Up to FAST_CHUNK bytes of a string's text, escaped, straight into the stage (6 bytes for 1 at worst). */
static void
escape_chunk(struct writer *w, const unsigned char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o;
	size_t i = 0;

	if (6 * len > sizeof(w->stage) - w->n) {
		flush(w);
	}
	o = w->stage + w->n;
	for (;;) {
		unsigned char c;
		/*
		 * 8 bytes at a time, copied whole (the stage has room for 6 times the
		 * rest), then kept up to the first that needs an escape.
		 */
		while (len - i >= 8) {
			uint64_t m = flag_escapes(load8(s + i));
			memcpy(o, s + i, 8);
			if (m != 0) {
				o += first_flag(m);
				i += first_flag(m);
				break;
			}
			o += 8;
			i += 8;
		}
		/* The last few bytes, up to one that needs an escape. */
		while (i < len && escape_as[s[i]] == 0) {
			*o++ = (char)s[i++];
		}
		if (i == len) {
			break;
		}
		c = s[i++];
		o[0] = '\\';
		o[1] = escape_as[c];
		if (o[1] != 'u') {
			o += 2;
			continue;
		}
		/* jansson's "\\u%04X" */
		o[2] = '0';
		o[3] = '0';
		o[4] = hex[c >> 4];
		o[5] = hex[c & 0xF];
		o += 6;
	}
	w->n = (size_t)(o - w->stage);
}

/* A string literal as jansson's dump_string writes it without flags: only '"', '\\' and controls escaped. */
static void
dump_string(struct writer *w, const char *s, size_t len)
{
	put(w, "\"", 1);
	for (size_t at = 0; at < len; at += FAST_CHUNK) {
		escape_chunk(w, (const unsigned char *)s + at, len - at < FAST_CHUNK ? len - at : FAST_CHUNK);
	}
	put(w, "\"", 1);
}

static void
dump_integer(struct writer *w, json_int_t v)
{
	char text[24];
	size_t i = sizeof(text);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		text[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0) {
		text[--i] = '-';
	}
	put(w, text + i, sizeof(text) - i);
}

static void dump_value(struct writer *w, const json_t *v);

static void
dump_object(struct writer *w, const json_t *v)
{
	char sep = '{';

	for (void *it = json_object_iter((json_t *)v); it != NULL; it = json_object_iter_next((json_t *)v, it)) {
		put(w, &sep, 1);
		dump_string(w, json_object_iter_key(it), json_object_iter_key_len(it));
		put(w, ":", 1);
		dump_value(w, json_object_iter_value(it));
		sep = ',';
	}
	put(w, sep == '{' ? "{}" : "}", sep == '{' ? 2 : 1);
}

static void
dump_array(struct writer *w, const json_t *v)
{
	size_t n = json_array_size(v);

	put(w, "[", 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			put(w, ",", 1);
		}
		dump_value(w, json_array_get(v, i));
	}
	put(w, "]", 1);
}

static void
dump_value(struct writer *w, const json_t *v)
{
	size_t n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		dump_object(w, v);
		break;
	case JSON_ARRAY:
		dump_array(w, v);
		break;
	case JSON_STRING:
		dump_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		dump_integer(w, json_integer_value(v));
		break;
	case JSON_TRUE:
		put(w, "true", 4);
		break;
	case JSON_FALSE:
		put(w, "false", 5);
		break;
	case JSON_NULL:
		put(w, "null", 4);
		break;
	default:
		/* A real: jansson's own digits (%.17g, trimmed exponent, ".0" added). */
		n = json_dumpb(v, w->real, sizeof(w->real), JSON_COMPACT | JSON_ENCODE_ANY);
		put(w, w->real, n <= sizeof(w->real) ? n : 0);
	}
}

int
json_fast_dump_compact(const json_t *v, struct buf *b, struct err *e)
{
	struct writer w;

	/* Not an initializer: that would clear the stage too. */
	w.b = b;
	w.e = e;
	w.rc = 0;
	w.n = 0;
	dump_value(&w, v);
	flush(&w);
	return w.rc;
}
