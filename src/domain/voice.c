/*
 * voice.c - see voice.h.  Counts only; the score is computed from the
 * counts once, so tallies can be summed over months and customers first.
 */
#include "domain/voice.h"

#include <stdio.h>
#include <string.h>

#include "domain/survey.h"

int
nps_tally_add(struct nps_tally *t, int score, struct err *e)
{
	if (score < 0 || score > SURVEY_SCORE_MAX) {
		return err_set(e, ERR_INVALID, "score", "a score is 0 to %d, not %d", SURVEY_SCORE_MAX, score);
	}
	if (score >= NPS_PROMOTER_MIN) {
		t->promoters++;
	} else if (score >= NPS_PASSIVE_MIN) {
		t->passives++;
	} else {
		t->detractors++;
	}
	return 0;
}

int
nps_tally_scores(const int *scores, size_t n, struct nps_tally *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (nps_tally_add(out, scores[i], e) != 0) {
			snprintf(e->field, sizeof(e->field), "scores[%zu]", i);
			return -1;
		}
	}
	return 0;
}

int64_t
nps_answers(const struct nps_tally *t)
{
	return t->promoters + t->passives + t->detractors;
}

bool
nps_score(const struct nps_tally *t, double *points)
{
	int64_t n = nps_answers(t);

	if (n <= 0) {
		return false;
	}
	*points = 100.0 * (double)(t->promoters - t->detractors) / (double)n;
	return true;
}

json_t *
nps_tally_json(const struct nps_tally *t)
{
	double points = 0;
	bool has = nps_score(t, &points);

	return json_pack("{s:o, s:I, s:I, s:I, s:I}", "score", has ? json_real(points) : json_null(), "answers",
	                 (json_int_t)nps_answers(t), "promoters", (json_int_t)t->promoters, "passives",
	                 (json_int_t)t->passives, "detractors", (json_int_t)t->detractors);
}
