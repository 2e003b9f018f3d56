/*
 * json.c - see json.h.
 */
#include "base/json.h"

#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"

json_t *
json_instant(int64_t t)
{
	char buf[RFC3339_LEN];

	return t == TIME_NONE ? json_null() : json_string(rfc3339_format(t, buf));
}

int
json_append_string(struct buf *b, const char *s, struct err *e)
{
	size_t run = 0;

	if (s == NULL) {
		return buf_append(b, "null", 4, e);
	}
	if (buf_append(b, "\"", 1, e) != 0) {
		return -1;
	}
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		const char *esc = NULL;
		char hex[8];

		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		if (buf_append(b, p - run, run, e) != 0) {
			return -1;
		}
		run = 0;
		if (c == '\0') {
			break;
		}
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			snprintf(hex, sizeof(hex), "\\u%04x", c);
			esc = hex;
		}
		if (buf_append_str(b, esc, e) != 0) {
			return -1;
		}
	}
	return buf_append(b, "\"", 1, e);
}

int
json_append_instant(struct buf *b, int64_t t, struct err *e)
{
	char text[RFC3339_LEN + 2];

	if (t == TIME_NONE) {
		return buf_append(b, "null", 4, e);
	}
	/* Not buf_appendf: a ticket's answer writes a dozen instants, and printf is most of their cost. */
	text[0] = '"';
	rfc3339_format(t, text + 1);
	text[RFC3339_LEN] = '"';
	return buf_append(b, text, RFC3339_LEN + 1, e);
}

json_t *
json_money(int64_t minor)
{
	char s[40];
	uint64_t abs = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	snprintf(s, sizeof(s), "%s%llu.%02llu", minor < 0 ? "-" : "", (unsigned long long)(abs / 100),
	         (unsigned long long)(abs % 100));
	return json_string(s);
}

json_t *
json_pct(int64_t part, int64_t whole)
{
	return whole > 0 ? json_real((double)part * 100.0 / (double)whole) : json_null();
}
