/*
 * url.c - percent-decoding, UTF-8 checks and query strings; see url.h.
 */
#include "http/url.h"

#include <string.h>

bool
url_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t more;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= more) {
			return false;
		}
		for (size_t k = 1; k <= more; k++) {
			if ((p[i + k] & 0xc0) != 0x80) {
				return false;
			}
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
		if ((more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp > 0x10ffff) {
			return false;
		}
		i += more + 1;
	}
	return true;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

int
url_decode(const char *s, size_t n, bool plus_is_space, char *out, size_t *out_len, struct err *e)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
			int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				return err_set(e, ERR_INVALID, NULL, "a '%%' is not followed by two hex digits");
			}
			if (hi == 0 && lo == 0) {
				return err_set(e, ERR_INVALID, NULL, "an escaped NUL ('%%00') is not allowed");
			}
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			out[k++] = ' ';
		} else if (s[i] == '\0') {
			return err_set(e, ERR_INVALID, NULL, "a NUL byte is not allowed");
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	if (!url_utf8_valid(out, k)) {
		return err_set(e, ERR_INVALID, NULL, "the decoded text is not UTF-8");
	}
	*out_len = k;
	return 0;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	       c == '-';
}

/* Decodes one name=value piece into q; text is where the decoded bytes go. */
static int
add_param(struct url_query *q, const char *piece, size_t len, char **text, struct err *e)
{
	const char *eq = memchr(piece, '=', len);
	size_t name_raw = eq != NULL ? (size_t)(eq - piece) : len;
	size_t value_raw = eq != NULL ? len - name_raw - 1 : 0;
	struct url_param *p = &q->items[q->n];
	size_t name_len, value_len;
	struct err inner;

	if (name_raw == 0) {
		return err_set(e, ERR_INVALID, "query", "a query parameter has no name");
	}
	if (q->n == URL_QUERY_MAX_PARAMS) {
		return err_set(e, ERR_TOO_LARGE, "query", "more than %d query parameters", URL_QUERY_MAX_PARAMS);
	}
	if (url_decode(piece, name_raw, true, *text, &name_len, e) != 0) {
		err_prefix_field(e, "query");
		return -1;
	}
	if (name_len > URL_QUERY_MAX_NAME) {
		return err_set(e, ERR_TOO_LARGE, "query", "a query parameter name is longer than %d bytes",
		               URL_QUERY_MAX_NAME);
	}
	for (size_t i = 0; i < name_len; i++) {
		if (!name_char((*text)[i])) {
			return err_set(e, ERR_INVALID, "query",
			               "query parameter name '%s' has a character other than a letter, digit, "
			               "'_', '.' or '-'",
			               *text);
		}
	}
	p->name = *text;
	*text += name_len + 1;
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->items[i].name, p->name) == 0) {
			return err_set(e, ERR_INVALID, p->name, "query parameter '%s' is given more than once",
			               p->name);
		}
	}
	if (url_decode(piece + name_raw + 1, value_raw, true, *text, &value_len, &inner) != 0) {
		return err_set(e, ERR_INVALID, p->name, "query parameter '%s': %s", p->name, inner.message);
	}
	if (value_len > URL_QUERY_MAX_VALUE) {
		return err_set(e, ERR_TOO_LARGE, p->name, "query parameter '%s' is longer than %d bytes", p->name,
		               URL_QUERY_MAX_VALUE);
	}
	p->value = *text;
	p->value_len = value_len;
	*text += value_len + 1;
	q->n++;
	return 0;
}

int
url_query_parse(const char *raw, size_t n, struct url_query *q, struct err *e)
{
	char *text = q->text;
	size_t i = 0;

	q->n = 0;
	if (n > URL_QUERY_MAX_BYTES) {
		return err_set(e, ERR_TOO_LARGE, "query", "the query string is longer than %d bytes",
		               URL_QUERY_MAX_BYTES);
	}
	/* Each piece decodes into at most its own length plus two NULs, less its '&'. */
	while (i < n) {
		const char *amp = memchr(raw + i, '&', n - i);
		size_t end = amp != NULL ? (size_t)(amp - raw) : n;

		if (end > i && add_param(q, raw + i, end - i, &text, e) != 0) {
			return -1;
		}
		i = end + 1;
	}
	return 0;
}

const char *
url_query_get(const struct url_query *q, const char *name)
{
	if (q == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->items[i].name, name) == 0) {
			return q->items[i].value;
		}
	}
	return NULL;
}

int
url_query_allow(const struct url_query *q, const char *const *allowed, struct err *e)
{
	if (q == NULL) {
		return 0;
	}
	for (size_t i = 0; i < q->n; i++) {
		size_t k = 0;

		while (allowed[k] != NULL && strcmp(allowed[k], q->items[i].name) != 0) {
			k++;
		}
		if (allowed[k] == NULL) {
			return err_set(e, ERR_INVALID, q->items[i].name, "unknown query parameter '%s'",
			               q->items[i].name);
		}
	}
	return 0;
}
