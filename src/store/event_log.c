/*
 * event_log.c - see event_log.h.
 */
#include "store/event_log.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

/* The decimal digits of n. */
static size_t
digits(size_t n)
{
	size_t d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

size_t
event_log_entry_size(size_t doc_len)
{
	return digits(doc_len) + 1 + doc_len;
}

size_t
event_log_size(const struct store_event *evs, size_t n)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		total += event_log_entry_size(strlen(evs[i].doc));
	}
	return total;
}

/* One event's "<bytes>:<document>" at p; returns the end. */
static char *
pack_one(char *p, const char *doc, size_t len)
{
	size_t d = digits(len);

	for (size_t k = d, v = len; k > 0; k--, v /= 10) {
		p[k - 1] = (char)('0' + v % 10);
	}
	p += d;
	*p++ = ':';
	memcpy(p, doc, len);
	return p + len;
}

size_t
event_log_pack(char *out, const struct store_event *evs, size_t n)
{
	char *p = out;

	for (size_t i = 0; i < n; i++) {
		p = pack_one(p, evs[i].doc, strlen(evs[i].doc));
	}
	return (size_t)(p - out);
}

size_t
event_log_pack_sized(char *out, const struct store_event *evs, const size_t *lens, size_t n)
{
	char *p = out;

	for (size_t i = 0; i < n; i++) {
		p = pack_one(p, evs[i].doc, lens[i]);
	}
	return (size_t)(p - out);
}

/* Reads "<bytes>:" at *p (before end); the length, or -1 when it is not one. */
static long long
read_length(const char **p, const char *end)
{
	long long len = 0;
	const char *q = *p;

	if (q == end || *q < '0' || *q > '9') {
		return -1;
	}
	while (q < end && *q >= '0' && *q <= '9' && len <= STORE_DOC_MAX) {
		len = len * 10 + (*q++ - '0');
	}
	if (q == end || *q != ':' || len > STORE_DOC_MAX || (long long)(end - q - 1) < len) {
		return -1;
	}
	*p = q + 1;
	return len;
}

int
event_log_unpack(const char *text, size_t len, int64_t first_seq, int64_t n, const char *ticket_id,
                 struct store_event_list *list, size_t *cap, struct err *e)
{
	const char *p = text, *end = text + len;

	for (int64_t i = 0; i < n; i++) {
		long long doc_len = read_length(&p, end);
		if (doc_len < 0) {
			break;
		}
		if (list->n == *cap) {
			*cap = *cap == 0 ? 16 : *cap * 2;
			list->v = xreallocarray(list->v, *cap, sizeof(*list->v));
		}
		struct store_event *ev = &list->v[list->n++];
		ev->seq = first_seq + i;
		ev->doc = xmalloc((size_t)doc_len + 1);
		memcpy(ev->doc, p, (size_t)doc_len);
		ev->doc[doc_len] = '\0';
		p += doc_len;
		if (i == n - 1 && p == end) {
			return 0;
		}
	}
	return err_set(e, ERR_IO, NULL, "the event log of ticket '%s' is damaged at event %lld", ticket_id,
	               (long long)first_seq);
}
