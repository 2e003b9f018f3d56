/*
 * survey.c - checking survey answer documents (see survey.h).  Whether the
 * customer exists and is a customer organisation is the caller's (it needs
 * the catalog); the ticket is kept as given and not looked up.
 */
#include "domain/survey.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/doc.h"

static int
parse(struct survey *s, const json_t *doc, int64_t now, struct err *e)
{
	static const char *const keys[] = { "customer", "contact", "score", "comment", "answered_at", "ticket", NULL };
	char when[RFC3339_LEN];
	json_t *v;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a survey answer must be a JSON object");
	}
	if (doc_check_keys(doc, keys, e) != 0 || doc_take_text(doc, "customer", 200, true, &s->customer, e) != 0 ||
	    doc_take_text(doc, "contact", SURVEY_CONTACT_MAX, true, &s->contact, e) != 0 ||
	    doc_take_text(doc, "comment", SURVEY_COMMENT_MAX, false, &s->comment, e) != 0 ||
	    doc_take_text(doc, "ticket", SURVEY_TICKET_MAX, false, &s->ticket, e) != 0) {
		return -1;
	}
	v = json_object_get(doc, "score");
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > SURVEY_SCORE_MAX) {
		return err_set(e, ERR_INVALID, "score", "the score must be a whole number from 0 to %d",
		               SURVEY_SCORE_MAX);
	}
	s->score = (int)json_integer_value(v);
	v = json_object_get(doc, "answered_at");
	if (v == NULL || json_is_null(v)) {
		return err_set(e, ERR_INVALID, "answered_at", "'answered_at' is required (an RFC 3339 instant)");
	}
	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, "answered_at", "'answered_at' must be an RFC 3339 instant");
	}
	if (rfc3339_parse(json_string_value(v), json_string_length(v), &s->answered_at, e) != 0) {
		err_prefix_field(e, "answered_at");
		return -1;
	}
	if (s->answered_at < 0) {
		return err_set(e, ERR_INVALID, "answered_at", "'%.40s' is before 1970", json_string_value(v));
	}
	if (s->answered_at > now + SURVEY_FUTURE_SLACK_S) {
		return err_set(e, ERR_INVALID, "answered_at", "'%.40s' is in the future (now is %s)",
		               json_string_value(v), rfc3339_format(now, when));
	}
	return 0;
}

int
survey_from_json(struct survey *s, const json_t *doc, int64_t now, struct err *e)
{
	memset(s, 0, sizeof(*s));
	if (parse(s, doc, now, e) != 0) {
		survey_release(s);
		return -1;
	}
	return 0;
}

void
survey_release(struct survey *s)
{
	if (s == NULL) {
		return;
	}
	free(s->customer);
	free(s->contact);
	free(s->comment);
	free(s->ticket);
	memset(s, 0, sizeof(*s));
}

json_t *
survey_to_json(const struct survey *s)
{
	char when[RFC3339_LEN];
	json_t *doc = json_pack("{s:s, s:s, s:i, s:s}", "customer", s->customer, "contact", s->contact, "score",
	                        s->score, "answered_at", rfc3339_format(s->answered_at, when));

	if (s->comment != NULL) {
		json_object_set_new(doc, "comment", json_string(s->comment));
	}
	if (s->ticket != NULL) {
		json_object_set_new(doc, "ticket", json_string(s->ticket));
	}
	return doc;
}
