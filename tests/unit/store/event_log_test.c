/*
 * event_log_test.c - the packed form of a write's events: it splits back
 * into exactly the documents that went in, whatever they hold, and a
 * damaged text is refused, never misread.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/event_log.h"

static char *
pack(const struct store_event *evs, size_t n, size_t *len)
{
	char *out = xmalloc(event_log_size(evs, n) + 1);

	*len = event_log_pack(out, evs, n);
	cr_assert_eq(*len, event_log_size(evs, n));
	out[*len] = '\0';
	return out;
}

Test(event_log, round_trip_of_awkward_documents)
{
	static char long_doc[12345];
	memset(long_doc, 'x', sizeof(long_doc) - 1);
	const struct store_event evs[] = {
		{ 0, "{\"type\":\"created\"}" }, { 0, "" },       { 0, "12:{\"a\":1}" },
		{ 0, "line\nbreak:colon" },      { 0, long_doc }, { 0, "{\"body\":\"9:\"}" },
	};
	size_t n = sizeof(evs) / sizeof(evs[0]), len, cap = 0;
	struct store_event_list list = { 0 };
	struct err e;
	char *text = pack(evs, n, &len);

	cr_assert_eq(strncmp(text, "18:{\"type\":\"created\"}0:", 23), 0, "%s", text);
	cr_assert_eq(event_log_unpack(text, len, 5, (int64_t)n, "T-1", &list, &cap, &e), 0, "%s", e.message);
	cr_assert_eq(list.n, n);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(list.v[i].seq, 5 + (int64_t)i);
		cr_assert_str_eq(list.v[i].doc, evs[i].doc);
	}
	/* A second row appends after the first. */
	cr_assert_eq(event_log_unpack(text, len, 11, (int64_t)n, "T-1", &list, &cap, &e), 0, "%s", e.message);
	cr_assert_eq(list.n, 2 * n);
	cr_assert_eq(list.v[n].seq, 11);
	store_event_list_release(&list);
	free(text);
}

Test(event_log, damage_is_refused)
{
	static const char *const bad[] = {
		"",             /* no event where one is due */
		"5:{}",         /* says five bytes, holds two */
		"2{}",          /* no colon */
		":{}",          /* no length */
		"2:{}2:{}",     /* more than the row's count */
		"-2:{}",        /* a sign is not a length */
		"99999999999:", /* longer than any document may be */
	};
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct store_event_list list = { 0 };
		size_t cap = 0;
		cr_assert_eq(event_log_unpack(bad[i], strlen(bad[i]), 1, 1, "T-9", &list, &cap, &e), -1, "%s", bad[i]);
		cr_assert_eq(e.code, ERR_IO);
		cr_assert_not_null(strstr(e.message, "T-9"), "%s", e.message);
		store_event_list_release(&list);
	}
	/* The count says two but the text holds one. */
	struct store_event_list list = { 0 };
	size_t cap = 0;
	cr_assert_eq(event_log_unpack("2:{}", 4, 1, 2, "T-9", &list, &cap, &e), -1);
	store_event_list_release(&list);
}

Test(event_log, packed_with_lengths_given_as_measured)
{
	const struct store_event evs[] = { { 0, "" }, { 0, "{}" }, { 0, "0123456789" }, { 0, "{\"a\":\"b:c\"}" } };
	size_t n = sizeof(evs) / sizeof(evs[0]), lens[4], total = 0, len;
	char *want = pack(evs, n, &len), got[64];

	for (size_t i = 0; i < n; i++) {
		lens[i] = strlen(evs[i].doc);
		total += event_log_entry_size(lens[i]);
	}
	cr_assert_eq(total, event_log_size(evs, n));
	cr_assert_eq(event_log_pack_sized(got, evs, lens, n), len);
	cr_assert_eq(memcmp(got, want, len), 0);
	cr_assert_eq(event_log_entry_size(9), 11);
	cr_assert_eq(event_log_entry_size(10), 13);
	free(want);
}
