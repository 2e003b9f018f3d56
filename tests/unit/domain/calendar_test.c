/*
 * calendar_test.c - the calendar document: round trips, and parsers that
 * survive hostile input (random mutations of valid documents, random bytes).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "unit/support/test_env.h"

static const char office[] =
        "{\"name\": \"Copenhagen office\", \"timezone\": \"Europe/Copenhagen\","
        " \"week\": {\"mon\": [\"08:00-12:00\", \"12:30-16:00\"], \"tue\": [\"08:00-16:00\"],"
        " \"wed\": [\"08:00-16:00\"], \"thu\": [\"08:00-16:00\"], \"fri\": [\"08:00-15:00\"], \"sat\": [],"
        " \"sun\": [\"20:00-24:00\"]}, \"holidays\": [\"2026-12-26\", \"2026-12-24\", \"2026-12-25\", \"2026-12-24\"]}";

static uint64_t seed = 0x243f6a8885a308d3ull;

static uint64_t
next_random(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

Test(calendar_doc, parses_sorts_and_round_trips)
{
	struct cal_spec spec, again;
	struct err e;
	char date[11];

	cr_assert_eq(calendar_from_text(&spec, office, strlen(office), &e), 0, "%s: %s", e.field, e.message);
	cr_assert_str_eq(spec.name, "Copenhagen office");
	cr_assert_eq(spec.week[0].nspans, 2);
	cr_assert_eq(spec.week[0].spans[1].start_s, 12 * 3600 + 30 * 60);
	cr_assert_eq(spec.week[6].spans[0].end_s, 86400);
	cr_assert_eq(spec.nholidays, 3, "duplicates merge");
	cr_assert_str_eq(date_format(spec.holidays[0], date), "2026-12-24");
	cr_assert_eq(cal_spec_week_s(&spec), (int64_t)(7.5 * 3600 + 3 * 8 * 3600 + 7 * 3600 + 4 * 3600));

	json_t *doc = calendar_to_json(&spec);
	cr_assert_eq(calendar_from_json(&again, doc, &e), 0, "%s", e.message);
	cr_assert_eq(memcmp(again.week, spec.week, sizeof(spec.week)), 0);
	cr_assert_eq(again.nholidays, spec.nholidays);
	json_decref(doc);
	cal_spec_release(&again);
	cal_spec_release(&spec);
	cal_spec_release(NULL);
}

Test(calendar_doc, refuses_oversized_documents)
{
	struct cal_spec spec;
	struct err e;
	size_t n = CALENDAR_DOC_MAX_BYTES + 1;
	char *big = malloc(n);

	memset(big, ' ', n);
	cr_assert_eq(calendar_from_text(&spec, big, n, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	free(big);
}

Test(calendar_doc, survives_mutated_documents)
{
	size_t len = strlen(office);
	char *text = malloc(len + 1);
	int accepted = 0, refused = 0;

	for (int round = 0; round < 20000 / test_scale(); round++) {
		struct cal_spec spec;
		struct err e;
		memcpy(text, office, len + 1);
		int edits = 1 + (int)(next_random() % 4);
		for (int k = 0; k < edits; k++) {
			size_t at = next_random() % len;
			static const char alphabet[] = "0123456789:-,[]{}\" aZ\\\xff";
			text[at] = alphabet[next_random() % (sizeof(alphabet) - 1)];
		}
		size_t cut = next_random() % 8 == 0 ? next_random() % len : len;
		err_clear(&e);
		if (calendar_from_text(&spec, text, cut, &e) == 0) {
			accepted++;
			cr_assert_gt(cal_spec_week_s(&spec), 0);
			cal_spec_release(&spec);
		} else {
			refused++;
			cr_assert_neq(e.code, ERR_OK);
			cr_assert_neq(e.message[0], '\0', "every refusal says why");
		}
	}
	cr_assert_gt(accepted, 0);
	cr_assert_gt(refused, 0);
	free(text);
}

Test(calendar_doc, time_parsers_survive_random_bytes)
{
	char buf[40];

	for (int round = 0; round < 200000 / test_scale(); round++) {
		struct err e;
		int64_t v;
		size_t n = next_random() % sizeof(buf);
		for (size_t i = 0; i < n; i++) {
			static const char alphabet[] = "0123456789-:TZz+. hms";
			buf[i] = next_random() % 4 == 0 ? (char)next_random()
			                                : alphabet[next_random() % (sizeof(alphabet) - 1)];
		}
		if (rfc3339_parse(buf, n, &v, &e) == 0) {
			char out[RFC3339_LEN];
			int64_t again;
			cr_assert_eq(rfc3339_parse(rfc3339_format(v, out), 20, &again, &e), 0);
			cr_assert_eq(again, v);
		}
		if (duration_parse(buf, n, &v, &e) == 0) {
			cr_assert_geq(v, 0);
		}
		(void)date_parse(buf, n, &v, &e);
	}
}
