/*
 * voice.h - the voice of the customer from survey answers: the Net
 * Promoter Score of docs/kpis.md.  Pure arithmetic on scores; which answers
 * belong to a period or a customer is the caller's.
 */
#ifndef LEVERA_DOMAIN_VOICE_H
#define LEVERA_DOMAIN_VOICE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define NPS_PROMOTER_MIN 9 /* 9 and 10 promote */
#define NPS_PASSIVE_MIN 7  /* 7 and 8 are passive; 0..6 detract */

/* Answers counted by kind; tallies of months or customers add up field by field. */
struct nps_tally {
	int64_t promoters, passives, detractors;
};

/* Counts one answer (0..10); ERR_INVALID naming "score" otherwise, t unchanged. */
int nps_tally_add(struct nps_tally *t, int score, struct err *e);

/* Tallies n scores into *out (zeroed first); ERR_INVALID naming "scores[i]" for one out of range. */
int nps_tally_scores(const int *scores, size_t n, struct nps_tally *out, struct err *e);

/* promoters + passives + detractors. */
int64_t nps_answers(const struct nps_tally *t);

/*
 * The NPS in points, -100..100: 100 * (promoters - detractors) / answers,
 * unrounded.  False (and *points untouched) when there are no answers: the
 * figure is null, never 0.
 */
bool nps_score(const struct nps_tally *t, double *points);

/* {"score" (null without answers), "answers", "promoters", "passives", "detractors"}: a new reference. */
json_t *nps_tally_json(const struct nps_tally *t);

#endif
