/*
 * cursor.c - page cursors: "1" sort dir null n ":" len ":" s len ":" id,
 * carried as URL-safe base64 so callers treat them as opaque.
 *
 * Lengths, not separators, delimit the strings, so ids and keys may hold any
 * byte.  Decoding checks every length against what is left.
 */
#include "store/cursor.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

char *
cursor_encode(const struct cursor *c)
{
	const char *s = c->s != NULL ? c->s : "";
	const char *id = c->id != NULL ? c->id : "";
	size_t raw_max = strlen(s) + strlen(id) + 96;
	char *raw = xmalloc(raw_max);
	int n = snprintf(raw, raw_max, "1%c%c%c%" PRId64 ":%zu:%s%zu:%s", c->sort, c->desc ? 'd' : 'a',
	                 c->none ? 'n' : 'v', c->n, strlen(s), s, strlen(id), id);
	size_t out_max = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(out_max);

	sodium_bin2base64(out, out_max, (const unsigned char *)raw, (size_t)n,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(raw);
	return out;
}

/* Reads decimal digits up to stop; -1 when there are none or they overflow. */
static int
read_number(const char **p, const char *end, char stop, int64_t *out)
{
	const char *q = *p;
	bool neg = false;
	uint64_t v = 0;

	if (q < end && *q == '-') {
		neg = true;
		q++;
	}
	if (q >= end || *q < '0' || *q > '9') {
		return -1;
	}
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > (UINT64_MAX - 9) / 10) {
			return -1;
		}
		v = v * 10 + (uint64_t)(*q - '0');
		q++;
	}
	if (q >= end || *q != stop || v > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
		return -1;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	*p = q + 1;
	return 0;
}

/* Reads "len:bytes" into a new string. */
static int
read_string(const char **p, const char *end, char **out)
{
	int64_t len;

	if (read_number(p, end, ':', &len) < 0 || len < 0 || len > end - *p) {
		return -1;
	}
	if (memchr(*p, '\0', (size_t)len) != NULL) {
		return -1;
	}
	*out = xstrndup(*p, (size_t)len);
	*p += len;
	return 0;
}

int
cursor_decode(struct cursor *c, const char *text, struct err *e)
{
	size_t tlen = strlen(text);
	unsigned char raw[CURSOR_TEXT_MAX];
	size_t raw_len;
	const char *p, *end;

	memset(c, 0, sizeof(*c));
	if (tlen == 0 || tlen > CURSOR_TEXT_MAX ||
	    sodium_base642bin(raw, sizeof(raw), text, tlen, NULL, &raw_len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		return err_set(e, ERR_INVALID, "cursor", "'%.40s' is not a cursor of this list", text);
	}
	p = (const char *)raw;
	end = p + raw_len;
	if (raw_len < 5 || p[0] != '1' || strchr("kcud", p[1]) == NULL || (p[2] != 'a' && p[2] != 'd') ||
	    (p[3] != 'n' && p[3] != 'v')) {
		return err_set(e, ERR_INVALID, "cursor", "'%.40s' is not a cursor of this list", text);
	}
	c->sort = p[1];
	c->desc = p[2] == 'd';
	c->none = p[3] == 'n';
	p += 4;
	if (read_number(&p, end, ':', &c->n) < 0 || read_string(&p, end, &c->s) < 0 ||
	    read_string(&p, end, &c->id) < 0 || p != end) {
		cursor_release(c);
		return err_set(e, ERR_INVALID, "cursor", "'%.40s' is not a cursor of this list", text);
	}
	return 0;
}

void
cursor_release(struct cursor *c)
{
	if (c == NULL) {
		return;
	}
	free(c->s);
	free(c->id);
	c->s = NULL;
	c->id = NULL;
}
