/*
 * voice_test.c - the Net Promoter Score of docs/kpis.md from survey scores,
 * and the checking of survey answer documents, with hand-computed cases.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/survey.h"
#include "domain/voice.h"

Test(voice, nps_of_a_mixed_set)
{
	/* 3 promoters (9, 10, 10), 2 passives (7, 8), 5 detractors (0, 3, 5, 6, 6): (3 - 5) / 10 = -20 points. */
	static const int scores[] = { 9, 10, 10, 7, 8, 0, 3, 5, 6, 6 };
	struct nps_tally t;
	struct err e;
	double points = 0;

	cr_assert_eq(nps_tally_scores(scores, 10, &t, &e), 0, "%s", e.message);
	cr_assert_eq(t.promoters, 3);
	cr_assert_eq(t.passives, 2);
	cr_assert_eq(t.detractors, 5);
	cr_assert_eq(nps_answers(&t), 10);
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, -20.0, 1e-9);
}

Test(voice, nps_boundaries_between_the_kinds)
{
	/* 6 detracts, 7 and 8 are passive, 9 promotes: (1 - 1) / 4 = 0. */
	static const int scores[] = { 6, 7, 8, 9 };
	struct nps_tally t;
	struct err e;
	double points = 99;

	cr_assert_eq(nps_tally_scores(scores, 4, &t, &e), 0);
	cr_assert_eq(t.detractors, 1);
	cr_assert_eq(t.passives, 2);
	cr_assert_eq(t.promoters, 1);
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, 0.0, 1e-9);
}

Test(voice, nps_extremes_and_thirds)
{
	static const int all_promoters[] = { 10, 9, 9 }, all_detractors[] = { 0, 6 }, thirds[] = { 10, 8, 2 };
	struct nps_tally t;
	struct err e;
	double points;

	nps_tally_scores(all_promoters, 3, &t, &e);
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, 100.0, 1e-9);
	nps_tally_scores(all_detractors, 2, &t, &e);
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, -100.0, 1e-9);
	/* (1 - 1) / 3 with a passive in between: 0; and 2 promoters of 3 with no detractor: 66.67. */
	nps_tally_scores(thirds, 3, &t, &e);
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, 0.0, 1e-9);
	cr_assert_eq(nps_tally_add(&t, 9, &e), 0);
	cr_assert_eq(nps_tally_add(&t, 9, &e), 0);
	/* now 3 promoters, 1 passive, 1 detractor: (3 - 1) / 5 = 40 */
	cr_assert(nps_score(&t, &points));
	cr_assert_float_eq(points, 40.0, 1e-9);
}

Test(voice, nps_of_nothing_is_null)
{
	struct nps_tally t;
	struct err e;
	double points = 12.5;

	cr_assert_eq(nps_tally_scores(NULL, 0, &t, &e), 0);
	cr_assert_eq(nps_answers(&t), 0);
	cr_assert_not(nps_score(&t, &points));
	cr_assert_float_eq(points, 12.5, 1e-9);
}

Test(voice, tallies_of_months_add_up)
{
	static const int oct[] = { 10, 0 }, nov[] = { 9, 9, 7 };
	struct nps_tally a, b;
	struct err e;
	double points;

	nps_tally_scores(oct, 2, &a, &e);
	nps_tally_scores(nov, 3, &b, &e);
	a.promoters += b.promoters;
	a.passives += b.passives;
	a.detractors += b.detractors;
	/* 3 promoters, 1 passive, 1 detractor of 5: 40, not the mean of the months' 0 and 66.67. */
	cr_assert(nps_score(&a, &points));
	cr_assert_float_eq(points, 40.0, 1e-9);
}

Test(voice, a_score_out_of_range_names_its_index)
{
	static const int scores[] = { 5, 11 };
	struct nps_tally t;
	struct err e;

	cr_assert_eq(nps_tally_scores(scores, 2, &t, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "scores[1]");
	cr_assert_eq(nps_tally_add(&t, -1, &e), -1);
	cr_assert_str_eq(e.field, "score");
}

static int
survey_of(const char *text, int64_t now, struct survey *s, struct err *e)
{
	json_t *doc = json_loads(text, 0, NULL);
	int rc;

	cr_assert_not_null(doc, "%s", text);
	rc = survey_from_json(s, doc, now, e);
	json_decref(doc);
	return rc;
}

/* 2026-10-05T09:30:00Z */
#define NOW 1791192600

Test(voice, a_survey_answer_round_trips)
{
	struct survey s;
	struct err e;

	cr_assert_eq(
	        survey_of("{\"customer\":\"Acme\",\"contact\":\"cy@acme.example\",\"score\":9,"
	                  "\"comment\":\"quick\",\"answered_at\":\"2026-10-05T11:30:00+02:00\",\"ticket\":\"T-1\"}",
	                  NOW, &s, &e),
	        0, "%s", e.message);
	cr_assert_eq(s.score, 9);
	cr_assert_eq(s.answered_at, NOW);
	json_t *doc = survey_to_json(&s);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	cr_assert_str_eq(text, "{\"answered_at\":\"2026-10-05T09:30:00Z\",\"comment\":\"quick\",\"contact\":"
	                       "\"cy@acme.example\",\"customer\":\"Acme\",\"score\":9,\"ticket\":\"T-1\"}");
	free(text);
	json_decref(doc);
	survey_release(&s);
}

Test(voice, survey_rejections_name_their_field)
{
	static const struct {
		const char *doc, *field;
	} cases[] = {
		{ "{\"contact\":\"c\",\"score\":1,\"answered_at\":\"2026-10-05T09:30:00Z\"}", "customer" },
		{ "{\"customer\":\"A\",\"score\":1,\"answered_at\":\"2026-10-05T09:30:00Z\"}", "contact" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":11,\"answered_at\":\"2026-10-05T09:30:00Z\"}",
		  "score" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":-1,\"answered_at\":\"2026-10-05T09:30:00Z\"}",
		  "score" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":7.5,\"answered_at\":\"2026-10-05T09:30:00Z\"}",
		  "score" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":\"9\",\"answered_at\":\"2026-10-05T09:30:00Z\"}",
		  "score" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":9}", "answered_at" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":9,\"answered_at\":\"yesterday\"}", "answered_at" },
		/* 61 s ahead of the clock is the future; 60 s is tolerated (test below). */
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":9,\"answered_at\":\"2026-10-05T09:31:01Z\"}",
		  "answered_at" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":9,\"answered_at\":\"2026-10-05T09:30:00Z\","
		  "\"comment\":\"\"}",
		  "comment" },
		{ "{\"customer\":\"A\",\"contact\":\"c\",\"score\":9,\"answered_at\":\"2026-10-05T09:30:00Z\",\"mood\":"
		  "1}",
		  "mood" },
	};
	struct survey s;
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&e);
		cr_assert_eq(survey_of(cases[i].doc, NOW, &s, &e), -1, "%s", cases[i].doc);
		cr_assert_eq(e.code, ERR_INVALID, "%s", cases[i].doc);
		cr_assert_str_eq(e.field, cases[i].field, "%s: %s", cases[i].doc, e.message);
		cr_assert_null(s.customer);
	}
}

Test(voice, survey_contact_and_comment_limits)
{
	char doc[6000], contact[SURVEY_CONTACT_MAX + 2], comment[SURVEY_COMMENT_MAX + 2];
	struct survey s;
	struct err e;

	memset(contact, 'c', sizeof(contact) - 1);
	contact[sizeof(contact) - 1] = '\0';
	memset(comment, 'x', sizeof(comment) - 1);
	comment[sizeof(comment) - 1] = '\0';
	snprintf(doc, sizeof(doc),
	         "{\"customer\":\"A\",\"contact\":\"%s\",\"score\":0,\"answered_at\":\"2026-10-05T09:31:00Z\"}",
	         contact);
	cr_assert_eq(survey_of(doc, NOW, &s, &e), -1);
	cr_assert_str_eq(e.field, "contact");
	contact[SURVEY_CONTACT_MAX] = '\0';
	snprintf(doc, sizeof(doc),
	         "{\"customer\":\"A\",\"contact\":\"%s\",\"score\":0,\"answered_at\":\"2026-10-05T09:31:00Z\"}",
	         contact);
	cr_assert_eq(survey_of(doc, NOW, &s, &e), 0, "%s", e.message);
	survey_release(&s);
	snprintf(doc, sizeof(doc),
	         "{\"customer\":\"A\",\"contact\":\"c\",\"comment\":\"%s\",\"score\":0,\"answered_at\":\"2026-10-05T09:"
	         "30:00Z\"}",
	         comment);
	cr_assert_eq(survey_of(doc, NOW, &s, &e), -1);
	cr_assert_str_eq(e.field, "comment");
}
