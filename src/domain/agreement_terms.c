/*
 * agreement_terms.c - reading and writing an agreement's commercial terms:
 * service level, monthly fee, credit rules and cap, maintenance windows.
 *
 * Percentages and money are held as integers (thousandths of a percent,
 * minor units) so thresholds compare and credits add up exactly.  Nothing
 * here looks up the offering or the services: that is the caller's.
 */
#include "domain/agreement_terms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/doc.h"
#include "domain/service.h"

const char *const agreement_terms_keys[] = { "service_level",  "fee_per_month",       "currency", "credit_rules",
	                                     "credit_cap_pct", "maintenance_windows", NULL };

static const char *const metric_names[CREDIT_METRIC_COUNT] = { "response", "resolution", "availability" };
static const char *const rule_keys[] = { "metric", "priority", "below", "credit_pct", NULL };
static const char *const window_keys[] = { "start", "end", "note", NULL };

const char *
credit_metric_name(enum credit_metric m)
{
	return (unsigned)m < CREDIT_METRIC_COUNT ? metric_names[m] : "unknown";
}

int
pct_from_json(const json_t *v, int32_t *mpct, struct err *e)
{
	double x, milli;

	if (!json_is_number(v)) {
		return err_set(e, ERR_INVALID, NULL, "a percentage must be a number such as 99.5");
	}
	x = json_number_value(v);
	if (!(x > 0 && x <= 100)) {
		return err_set(e, ERR_INVALID, NULL, "a percentage must be more than 0 and at most 100, not %g", x);
	}
	milli = x * PCT_MILLI;
	if (fabs(milli - nearbyint(milli)) > 1e-6 || nearbyint(milli) < 1) {
		return err_set(e, ERR_INVALID, NULL, "a percentage has at most three decimals, not %.10g", x);
	}
	*mpct = (int32_t)nearbyint(milli);
	return 0;
}

json_t *
pct_to_json(int32_t mpct)
{
	if (mpct % PCT_MILLI == 0) {
		return json_integer(mpct / PCT_MILLI);
	}
	return json_real((double)mpct / PCT_MILLI);
}

static int
parse_rule(const json_t *obj, struct credit_rule *r, struct err *e)
{
	json_t *v;
	int x = -1;

	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, NULL, "a credit rule must be an object");
	}
	if (doc_check_keys(obj, rule_keys, e) != 0) {
		return -1;
	}
	for (int m = 0; m < CREDIT_METRIC_COUNT && json_is_string(json_object_get(obj, "metric")); m++) {
		if (strcmp(metric_names[m], json_string_value(json_object_get(obj, "metric"))) == 0) {
			x = m;
		}
	}
	if (x < 0) {
		return err_set(e, ERR_INVALID, "metric",
		               "the metric must be \"response\", \"resolution\" or \"availability\"");
	}
	r->metric = (enum credit_metric)x;
	r->priority = PRIORITY_COUNT;
	v = json_object_get(obj, "priority");
	if (v != NULL && !json_is_null(v)) {
		if (r->metric == CREDIT_AVAILABILITY) {
			return err_set(e, ERR_INVALID, "priority", "availability has no priority");
		}
		x = priority_parse(json_string_value(v));
		if (x < 0) {
			return err_set(e, ERR_INVALID, "priority",
			               "the priority must be \"P1\" .. \"P4\" (or absent for all)");
		}
		r->priority = (enum priority)x;
	}
	v = json_object_get(obj, "below");
	if (v == NULL) {
		return err_set(e, ERR_INVALID, "below", "a credit rule needs \"below\", the threshold in %%");
	}
	if (pct_from_json(v, &r->below_mpct, e) != 0) {
		err_prefix_field(e, "below");
		return -1;
	}
	v = json_object_get(obj, "credit_pct");
	if (v == NULL) {
		return err_set(e, ERR_INVALID, "credit_pct",
		               "a credit rule needs \"credit_pct\", in %% of the monthly fee");
	}
	if (pct_from_json(v, &r->credit_mpct, e) != 0) {
		err_prefix_field(e, "credit_pct");
		return -1;
	}
	return 0;
}

static int
parse_rules(const json_t *arr, struct agreement_terms *t, struct err *e)
{
	size_t i;
	json_t *v;
	char field[40];

	if (!json_is_array(arr) || json_array_size(arr) > AGREEMENT_MAX_CREDIT_RULES) {
		return err_set(e, ERR_INVALID, "credit_rules", "credit_rules must be a list of at most %d rules",
		               AGREEMENT_MAX_CREDIT_RULES);
	}
	json_array_foreach(arr, i, v)
	{
		struct credit_rule *r = &t->credit_rules[i];
		snprintf(field, sizeof(field), "credit_rules[%zu]", i);
		if (parse_rule(v, r, e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			const struct credit_rule *o = &t->credit_rules[k];
			if (o->metric == r->metric && o->priority == r->priority && o->below_mpct == r->below_mpct) {
				return err_set(e, ERR_INVALID, field, "the same threshold as credit_rules[%zu]", k);
			}
		}
		t->ncredit_rules = (int)i + 1;
	}
	return 0;
}

static int
take_instant(const json_t *obj, const char *key, int64_t *t, struct err *e)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, key, "\"%s\" must be an RFC 3339 instant", key);
	}
	if (rfc3339_parse(json_string_value(v), json_string_length(v), t, e) != 0) {
		err_prefix_field(e, key);
		return -1;
	}
	return 0;
}

static int
parse_window(const json_t *obj, struct maint_window *w, struct err *e)
{
	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, NULL, "a maintenance window must be an object");
	}
	if (doc_check_keys(obj, window_keys, e) != 0 || take_instant(obj, "start", &w->start, e) != 0 ||
	    take_instant(obj, "end", &w->end, e) != 0) {
		return -1;
	}
	if (w->end <= w->start) {
		return err_set(e, ERR_INVALID, "end", "a maintenance window ends after it starts");
	}
	return doc_take_text(obj, "note", AGREEMENT_WINDOW_NOTE_MAX, false, &w->note, e);
}

struct window_ref {
	int64_t start, end;
	size_t index;
};

static int
by_start(const void *a, const void *b)
{
	const struct window_ref *x = a, *y = b;

	if (x->start != y->start) {
		return x->start < y->start ? -1 : 1;
	}
	return x->index < y->index ? -1 : 1;
}

/* Windows in start order; neighbours must not overlap.  The error names the later one given. */
static int
check_overlaps(const struct agreement_terms *t, struct err *e)
{
	struct window_ref *order = xcalloc(t->nwindows + 1, sizeof(*order));
	char field[48];
	int rc = 0;

	for (size_t i = 0; i < t->nwindows; i++) {
		order[i] = (struct window_ref){ t->windows[i].start, t->windows[i].end, i };
	}
	qsort(order, t->nwindows, sizeof(*order), by_start);
	for (size_t i = 1; i < t->nwindows && rc == 0; i++) {
		if (order[i].start < order[i - 1].end) {
			size_t a = order[i - 1].index, b = order[i].index;
			snprintf(field, sizeof(field), "maintenance_windows[%zu]", a > b ? a : b);
			rc = err_set(e, ERR_INVALID, field, "overlaps maintenance_windows[%zu]", a > b ? b : a);
		}
	}
	free(order);
	return rc;
}

static int
parse_windows(const json_t *arr, struct agreement_terms *t, struct err *e)
{
	size_t i;
	json_t *v;
	char field[48];

	if (!json_is_array(arr) || json_array_size(arr) > AGREEMENT_MAX_WINDOWS) {
		return err_set(e, ERR_INVALID, "maintenance_windows",
		               "maintenance_windows must be a list of at most %d windows", AGREEMENT_MAX_WINDOWS);
	}
	t->windows = xcalloc(json_array_size(arr) + 1, sizeof(*t->windows));
	json_array_foreach(arr, i, v)
	{
		t->nwindows = i + 1;
		snprintf(field, sizeof(field), "maintenance_windows[%zu]", i);
		if (parse_window(v, &t->windows[i], e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
	}
	return check_overlaps(t, e);
}

static int
parse_fee(const json_t *doc, struct agreement_terms *t, struct err *e)
{
	json_t *fee = json_object_get(doc, "fee_per_month"), *cur = json_object_get(doc, "currency");
	const char *c = json_string_value(cur);

	if (fee == NULL || json_is_null(fee)) {
		if (cur != NULL && !json_is_null(cur)) {
			return err_set(e, ERR_INVALID, "currency", "a currency goes with fee_per_month");
		}
		return 0;
	}
	if (money_from_json(fee, &t->fee_per_month_minor, e) != 0) {
		err_prefix_field(e, "fee_per_month");
		return -1;
	}
	if (c == NULL || strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' ||
	    c[2] > 'Z') {
		return err_set(e, ERR_INVALID, "currency",
		               "fee_per_month needs its currency, an ISO 4217 code such as \"DKK\"");
	}
	memcpy(t->currency, c, 4);
	t->has_fee = true;
	return 0;
}

static int
parse_terms(struct agreement_terms *t, const json_t *doc, bool credits_allowed, struct err *e)
{
	json_t *v;

	if (doc_take_text(doc, "service_level", 100, false, &t->service_level, e) != 0 || parse_fee(doc, t, e) != 0) {
		return -1;
	}
	t->credit_cap_mpct = PCT_MILLI_FULL;
	v = json_object_get(doc, "credit_rules");
	if (v != NULL && !json_is_null(v)) {
		if (!credits_allowed) {
			return err_set(e, ERR_INVALID, "credit_rules",
			               "an OLA has no credit rules: only an SLA or a UC owes credits");
		}
		if (parse_rules(v, t, e) != 0) {
			return -1;
		}
	}
	v = json_object_get(doc, "credit_cap_pct");
	if (v != NULL && !json_is_null(v)) {
		if (!credits_allowed) {
			return err_set(e, ERR_INVALID, "credit_cap_pct",
			               "an OLA has no credit cap: only an SLA or a UC owes credits");
		}
		if (pct_from_json(v, &t->credit_cap_mpct, e) != 0) {
			err_prefix_field(e, "credit_cap_pct");
			return -1;
		}
		t->has_credit_cap = true;
	}
	v = json_object_get(doc, "maintenance_windows");
	if (v != NULL && !json_is_null(v)) {
		return parse_windows(v, t, e);
	}
	return 0;
}

int
agreement_terms_from_json(struct agreement_terms *terms, const json_t *doc, bool credits_allowed, struct err *e)
{
	memset(terms, 0, sizeof(*terms));
	if (parse_terms(terms, doc, credits_allowed, e) != 0) {
		agreement_terms_release(terms);
		return -1;
	}
	return 0;
}

void
agreement_terms_release(struct agreement_terms *terms)
{
	if (terms == NULL) {
		return;
	}
	free(terms->service_level);
	for (size_t i = 0; i < terms->nwindows; i++) {
		free(terms->windows[i].note);
	}
	free(terms->windows);
	memset(terms, 0, sizeof(*terms));
}

void
agreement_terms_to_json(const struct agreement_terms *t, json_t *doc)
{
	if (t->service_level != NULL) {
		json_object_set_new(doc, "service_level", json_string(t->service_level));
	}
	if (t->has_fee) {
		json_object_set_new(doc, "fee_per_month", json_real((double)t->fee_per_month_minor / 100.0));
		json_object_set_new(doc, "currency", json_string(t->currency));
	}
	if (t->ncredit_rules > 0) {
		json_t *rules = json_array();
		for (int i = 0; i < t->ncredit_rules; i++) {
			const struct credit_rule *r = &t->credit_rules[i];
			json_t *o = json_object();
			json_object_set_new(o, "metric", json_string(metric_names[r->metric]));
			if (r->priority != PRIORITY_COUNT) {
				json_object_set_new(o, "priority", json_string(priority_name(r->priority)));
			}
			json_object_set_new(o, "below", pct_to_json(r->below_mpct));
			json_object_set_new(o, "credit_pct", pct_to_json(r->credit_mpct));
			json_array_append_new(rules, o);
		}
		json_object_set_new(doc, "credit_rules", rules);
	}
	if (t->has_credit_cap) {
		json_object_set_new(doc, "credit_cap_pct", pct_to_json(t->credit_cap_mpct));
	}
	if (t->nwindows > 0) {
		json_t *windows = json_array();
		for (size_t i = 0; i < t->nwindows; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "start", json_instant(t->windows[i].start));
			json_object_set_new(o, "end", json_instant(t->windows[i].end));
			if (t->windows[i].note != NULL) {
				json_object_set_new(o, "note", json_string(t->windows[i].note));
			}
			json_array_append_new(windows, o);
		}
		json_object_set_new(doc, "maintenance_windows", windows);
	}
}
