/*
 * credit.c - evaluating an agreement's credit rules on one month's figures.
 *
 * Thresholds compare as exact ratios and amounts are integer arithmetic in
 * minor units, so a figure exactly at a threshold never earns a credit and a
 * total never drifts by a cent.  Measuring the figures is the caller's.
 */
#include "domain/credit.h"

#include <stdio.h>
#include <string.h>

/* num / den < mpct / 100000, exactly (num, den up to 2^63 / 10^5 compare in 64 bits). */
static bool
below(int64_t num, int64_t den, int32_t mpct)
{
	if (num <= INT64_MAX / PCT_MILLI_FULL && den <= INT64_MAX / PCT_MILLI_FULL) {
		return num * PCT_MILLI_FULL < (int64_t)mpct * den;
	}
	return (long double)num * PCT_MILLI_FULL < (long double)mpct * (long double)den;
}

int64_t
credit_amount_minor(int64_t fee_minor, int32_t mpct)
{
	/* fee = q * 100000 + r, so fee * mpct / 100000 = q * mpct + r * mpct / 100000, without overflow. */
	int64_t q = fee_minor / PCT_MILLI_FULL, r = fee_minor % PCT_MILLI_FULL;
	int64_t whole = q * mpct, part = r * mpct;
	int64_t out = whole + part / PCT_MILLI_FULL, rem = part % PCT_MILLI_FULL;

	if (rem * 2 > PCT_MILLI_FULL || (rem * 2 == PCT_MILLI_FULL && out % 2 != 0)) {
		out++;
	}
	return out;
}

static bool
same_figure(const struct credit_rule *a, const struct credit_rule *b)
{
	return a->metric == b->metric && a->priority == b->priority;
}

void
credit_evaluate(const struct agreement_spec *spec, credit_measure_fn measure, void *ctx, int64_t fee_minor,
                struct credit_result *out)
{
	const struct agreement_terms *t = &spec->terms;
	int64_t sum = 0;

	memset(out, 0, sizeof(*out));
	out->nlines = t->ncredit_rules;
	for (int i = 0; i < t->ncredit_rules; i++) {
		struct credit_line *l = &out->lines[i];
		l->rule = i;
		l->measured = measure(ctx, &t->credit_rules[i], &l->num, &l->den) && l->den > 0 && l->num >= 0;
		if (!l->measured) {
			l->num = l->den = 0;
			continue;
		}
		l->measured_pct = (double)l->num * 100.0 / (double)l->den;
		l->applies = below(l->num, l->den, t->credit_rules[i].below_mpct);
		if (l->applies) {
			l->credit_mpct = t->credit_rules[i].credit_mpct;
			l->amount_minor = credit_amount_minor(fee_minor, l->credit_mpct);
		}
	}
	/* Of the tiers on one figure, the first of the largest applying credits counts. */
	for (int i = 0; i < out->nlines; i++) {
		struct credit_line *l = &out->lines[i];
		bool best = l->applies;
		for (int k = 0; k < out->nlines && best; k++) {
			const struct credit_line *o = &out->lines[k];
			if (k != i && o->applies && same_figure(&t->credit_rules[k], &t->credit_rules[i]) &&
			    (o->credit_mpct > l->credit_mpct || (o->credit_mpct == l->credit_mpct && k < i))) {
				best = false;
			}
		}
		l->counted = best;
		sum += best ? l->credit_mpct : 0;
	}
	out->uncapped_mpct = (int32_t)(sum > INT32_MAX ? INT32_MAX : sum);
	out->total_mpct = out->uncapped_mpct;
	if (out->total_mpct > t->credit_cap_mpct) {
		out->total_mpct = t->credit_cap_mpct;
		out->capped = true;
	}
	out->total_minor = credit_amount_minor(fee_minor, out->total_mpct);
}

char *
pct_format(int32_t mpct, char out[16])
{
	int32_t frac = mpct % PCT_MILLI;
	int digits = 3;

	if (frac == 0) {
		snprintf(out, 16, "%d", (int)(mpct / PCT_MILLI));
		return out;
	}
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(out, 16, "%d.%0*d", (int)(mpct / PCT_MILLI), digits, (int)frac);
	return out;
}

char *
credit_rule_text(const struct credit_rule *rule, char *out, size_t n)
{
	char pct[16];

	pct_format(rule->below_mpct, pct);
	if (rule->metric == CREDIT_AVAILABILITY) {
		snprintf(out, n, "availability below %s %%", pct);
	} else if (rule->priority == PRIORITY_COUNT) {
		snprintf(out, n, "%s compliance below %s %%", credit_metric_name(rule->metric), pct);
	} else {
		snprintf(out, n, "%s compliance (%s) below %s %%", credit_metric_name(rule->metric),
		         priority_name(rule->priority), pct);
	}
	return out;
}
