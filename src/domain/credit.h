/*
 * credit.h - service credits: what an agreement's credit rules owe for one
 * month, given the month's measured figures and the monthly fee.
 *
 * Pure: the figures come through a callback (the KPI engine measures them),
 * the fee is given in minor units; nothing here reads the store or a clock.
 */
#ifndef LEVERA_DOMAIN_CREDIT_H
#define LEVERA_DOMAIN_CREDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/agreement.h"

/*
 * The measured figure of a rule for the month, as the exact ratio
 * *num / *den (e.g. clocks met / clocks decided, or (agreed - downtime) /
 * agreed seconds), so a threshold compares without rounding.  Returns false
 * when there is no measurement (no clock decided, no agreed service time):
 * the rule then does not apply.  0 <= *num <= *den and *den > 0 otherwise.
 */
typedef bool (*credit_measure_fn)(void *ctx, const struct credit_rule *rule, int64_t *num, int64_t *den);

struct credit_line {
	int rule;             /* index into the agreement's credit_rules */
	bool measured;        /* false: no measurement, the rule does not apply */
	int64_t num, den;     /* the measurement when measured */
	double measured_pct;  /* num / den * 100 when measured, for display */
	bool applies;         /* measured and strictly below the threshold */
	bool counted;         /* applies and is the largest credit among the rules on its figure */
	int32_t credit_mpct;  /* the rule's credit when it applies, else 0; thousandths of a percent */
	int64_t amount_minor; /* fee x credit_mpct, rounded half to even; 0 when it does not apply */
};

struct credit_result {
	struct credit_line lines[AGREEMENT_MAX_CREDIT_RULES];
	int nlines;
	int32_t uncapped_mpct; /* the counted credits added up */
	int32_t total_mpct;    /* uncapped_mpct, at most the agreement's credit cap */
	bool capped;           /* the cap cut the total */
	int64_t total_minor;   /* fee x total_mpct, rounded half to even */
};

/*
 * Evaluates spec's credit rules for one month.  Rules on the same figure
 * (metric and priority, "all priorities" being a figure of its own) are
 * tiers: of those that apply only the largest credit counts.  Credits on
 * different figures add up, and the total is capped by credit_cap_pct.
 * fee_minor >= 0 is the monthly fee the percentages are of.
 */
void credit_evaluate(const struct agreement_spec *spec, credit_measure_fn measure, void *ctx, int64_t fee_minor,
                     struct credit_result *out);

/* fee_minor x mpct / 100000, rounded half to even; exact for fees up to 10^14 minor units. */
int64_t credit_amount_minor(int64_t fee_minor, int32_t mpct);

/*
 * The rule in words, e.g. "resolution compliance (P1) below 95 %" or
 * "availability below 99.5 %", into out (size n); returns out.
 */
char *credit_rule_text(const struct credit_rule *rule, char *out, size_t n);

/* A percentage held in thousandths as text without trailing zeros ("99.5", "100"); returns out. */
char *pct_format(int32_t mpct, char out[16]);

#endif
