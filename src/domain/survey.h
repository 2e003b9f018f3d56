/*
 * survey.h - survey answers (NPS): a customer's contact answering "how likely
 * are you to recommend us" with 0..10 at an instant, optionally about one
 * ticket.  Checking the document only; resolving the customer reference and
 * the arithmetic of NPS (domain/voice.h) are elsewhere.
 */
#ifndef LEVERA_DOMAIN_SURVEY_H
#define LEVERA_DOMAIN_SURVEY_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"

#define SURVEY_CONTACT_MAX 200
#define SURVEY_COMMENT_MAX 4000
#define SURVEY_TICKET_MAX 64
#define SURVEY_SCORE_MAX 10
#define SURVEY_FUTURE_SLACK_S 60 /* answered_at may lead the server's clock by this much */

struct survey {
	char *customer;      /* owned reference to a customer organisation */
	char *contact;       /* owned: a name or an e-mail */
	int score;           /* 0..SURVEY_SCORE_MAX */
	char *comment;       /* owned; NULL when none */
	int64_t answered_at; /* UTC instant */
	char *ticket;        /* owned ticket id or reference; NULL when none */
};

/*
 * Fills s from a document; unknown fields are refused by name and every
 * rejection names its field.  answered_at may not be later than now plus
 * SURVEY_FUTURE_SLACK_S.  On failure s is left empty.  Release with
 * survey_release().
 */
int survey_from_json(struct survey *s, const json_t *doc, int64_t now, struct err *e);
void survey_release(struct survey *s);

/* The document form (a new reference); absent optional fields are absent. */
json_t *survey_to_json(const struct survey *s);

#endif
