/*
 * agreement_terms.h - the commercial terms of an agreement: the service
 * level bought, the monthly fee, the credit rules with their cap, and the
 * agreed maintenance windows, read from and written to its document.
 * Evaluating credits is domain/credit.c; availability is domain/availability.c.
 */
#ifndef LEVERA_DOMAIN_AGREEMENT_TERMS_H
#define LEVERA_DOMAIN_AGREEMENT_TERMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/ticket.h"

#define AGREEMENT_MAX_CREDIT_RULES 20
#define AGREEMENT_MAX_WINDOWS 500
#define AGREEMENT_WINDOW_NOTE_MAX 500

/* Percentages are held exactly, in thousandths of a percent: 99.5 % is 99500. */
#define PCT_MILLI 1000
#define PCT_MILLI_FULL (100 * PCT_MILLI)

/* The figure a credit rule watches. */
enum credit_metric { CREDIT_RESPONSE, CREDIT_RESOLUTION, CREDIT_AVAILABILITY, CREDIT_METRIC_COUNT };

struct credit_rule {
	enum credit_metric metric;
	enum priority priority; /* response/resolution: P1..P4, or PRIORITY_COUNT for all priorities */
	int32_t below_mpct;     /* the rule applies when the figure is strictly below this; 1..100000 */
	int32_t credit_mpct;    /* credit owed, of the monthly fee; 1..100000 */
};

/* An agreed maintenance window [start, end), UTC instants. */
struct maint_window {
	int64_t start, end;
	char *note; /* owned; NULL when none */
};

struct agreement_terms {
	char *service_level;         /* owned; the offering bought (e.g. "Gold"), NULL when not named */
	bool has_fee;                /* fee_per_month (and currency) given */
	int64_t fee_per_month_minor; /* minor units of currency */
	char currency[4];            /* ISO 4217 when has_fee, else "" */
	struct credit_rule credit_rules[AGREEMENT_MAX_CREDIT_RULES];
	int ncredit_rules;
	bool has_credit_cap;          /* credit_cap_pct given (only so that absent stays absent) */
	int32_t credit_cap_mpct;      /* the most a month's credits add up to; PCT_MILLI_FULL by default */
	struct maint_window *windows; /* owned, in the order given; never overlapping */
	size_t nwindows;
};

/* The document keys agreement_terms_from_json() reads (NULL-terminated). */
extern const char *const agreement_terms_keys[];

const char *credit_metric_name(enum credit_metric m);

/*
 * Reads the terms' keys of an agreement document (the others are the
 * caller's).  credits_allowed is false for an OLA: credit_rules and
 * credit_cap_pct are then refused.  Every rejection names its field
 * ("credit_rules[1].below", "maintenance_windows[3].end").  On failure
 * terms is left empty.  Release with agreement_terms_release().
 */
int agreement_terms_from_json(struct agreement_terms *terms, const json_t *doc, bool credits_allowed, struct err *e);
void agreement_terms_release(struct agreement_terms *terms);

/* Adds the terms that were given to doc; absent ones stay absent. */
void agreement_terms_to_json(const struct agreement_terms *terms, json_t *doc);

/* Parses a percentage: a JSON number, 0 < x <= 100, at most three decimals, into thousandths. */
int pct_from_json(const json_t *v, int32_t *mpct, struct err *e);

/* The JSON number for a percentage held in thousandths (an integer when whole). */
json_t *pct_to_json(int32_t mpct);

#endif
