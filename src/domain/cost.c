/*
 * cost.c - see cost.h.  Checking cost records and the labour rate, and the
 * cost arithmetic: exact integers, overflow refused rather than wrapped,
 * no currency conversion (a figure in another currency is an error).
 */
#include "domain/cost.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/doc.h"
#include "domain/kpi.h"
#include "domain/service.h"

#define SECONDS_PER_HOUR 3600

static const char *const category_names[COST_CATEGORY_COUNT] = { "licence", "infrastructure", "personnel", "supplier",
	                                                         "other" };

const char *
cost_category_name(enum cost_category c)
{
	return (unsigned)c < COST_CATEGORY_COUNT ? category_names[c] : "unknown";
}

static bool
is_currency(const char *c)
{
	return c != NULL && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' &&
	       c[2] <= 'Z';
}

/* obj["currency"], required, into out. */
static int
take_currency(const json_t *obj, char out[4], struct err *e)
{
	const char *c = json_string_value(json_object_get(obj, "currency"));

	if (!is_currency(c)) {
		return err_set(e, ERR_INVALID, "currency", "the currency is an ISO 4217 code such as \"EUR\"");
	}
	memcpy(out, c, 4);
	return 0;
}

/* obj[key], required, as money in minor units. */
static int
take_money(const json_t *obj, const char *key, int64_t *minor, struct err *e)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v)) {
		return err_set(e, ERR_INVALID, key, "'%s' is required (an amount such as 1250.50)", key);
	}
	if (money_from_json(v, minor, e) != 0) {
		err_prefix_field(e, key);
		return -1;
	}
	return 0;
}

static int
parse(struct cost_record *c, const json_t *doc, struct err *e)
{
	static const char *const keys[] = { "service", "month", "amount", "currency", "category", "note", NULL };
	const char *month, *category;
	int k = 0;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a cost record must be a JSON object");
	}
	if (doc_check_keys(doc, keys, e) != 0 || doc_take_text(doc, "service", 200, true, &c->service, e) != 0 ||
	    doc_take_text(doc, "note", COST_NOTE_MAX, false, &c->note, e) != 0) {
		return -1;
	}
	month = json_string_value(json_object_get(doc, "month"));
	if (month == NULL) {
		return err_set(e, ERR_INVALID, "month", "'month' is required (YYYY-MM)");
	}
	if (kpi_month_parse(month, "month", &c->month, e) != 0 || take_money(doc, "amount", &c->amount_minor, e) != 0 ||
	    take_currency(doc, c->currency, e) != 0) {
		return -1;
	}
	category = json_string_value(json_object_get(doc, "category"));
	while (k < COST_CATEGORY_COUNT && (category == NULL || strcmp(category, category_names[k]) != 0)) {
		k++;
	}
	if (k == COST_CATEGORY_COUNT) {
		return err_set(e, ERR_INVALID, "category",
		               "the category must be licence, infrastructure, personnel, supplier or other");
	}
	c->category = (enum cost_category)k;
	return 0;
}

int
cost_record_from_json(struct cost_record *c, const json_t *doc, struct err *e)
{
	memset(c, 0, sizeof(*c));
	if (parse(c, doc, e) != 0) {
		cost_record_release(c);
		return -1;
	}
	return 0;
}

void
cost_record_release(struct cost_record *c)
{
	if (c == NULL) {
		return;
	}
	free(c->service);
	free(c->note);
	memset(c, 0, sizeof(*c));
}

json_t *
cost_record_to_json(const struct cost_record *c)
{
	char month[8];
	json_t *doc = json_pack("{s:s, s:s, s:f, s:s, s:s}", "service", c->service, "month",
	                        kpi_month_format(c->month, month), "amount", (double)c->amount_minor / 100.0,
	                        "currency", c->currency, "category", cost_category_name(c->category));

	if (c->note != NULL) {
		json_object_set_new(doc, "note", json_string(c->note));
	}
	return doc;
}

void
labour_rate_default(struct labour_rate *r)
{
	r->hourly_rate_minor = 0;
	memcpy(r->currency, "EUR", 4);
}

int
labour_rate_from_json(struct labour_rate *r, const json_t *doc, struct err *e)
{
	static const char *const keys[] = { "hourly_rate", "currency", NULL };

	memset(r, 0, sizeof(*r));
	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "the body is {\"hourly_rate\": amount, \"currency\": \"EUR\"}");
	}
	if (doc_check_keys(doc, keys, e) != 0 || take_money(doc, "hourly_rate", &r->hourly_rate_minor, e) != 0 ||
	    take_currency(doc, r->currency, e) != 0) {
		return -1;
	}
	return 0;
}

json_t *
labour_rate_to_json(const struct labour_rate *r)
{
	return json_pack("{s:f, s:s}", "hourly_rate", (double)r->hourly_rate_minor / 100.0, "currency", r->currency);
}

static int
add(int64_t *sum, int64_t v, struct err *e)
{
	if (__builtin_add_overflow(*sum, v, sum)) {
		return err_set(e, ERR_INVALID, "total", "the cost is too large to add up");
	}
	return 0;
}

/* work_s x rate / 3600, rounded half to even, without an intermediate beyond 64 bits. */
static int
labour(int64_t work_s, int64_t rate_minor, int64_t *out, struct err *e)
{
	int64_t hours = work_s / SECONDS_PER_HOUR, rest_s = work_s % SECONDS_PER_HOUR, whole, part;

	if (__builtin_mul_overflow(hours, rate_minor, &whole) || __builtin_mul_overflow(rest_s, rate_minor, &part)) {
		return err_set(e, ERR_INVALID, "total", "the labour cost is too large");
	}
	int64_t q = part / SECONDS_PER_HOUR, r = part % SECONDS_PER_HOUR;
	if (r * 2 > SECONDS_PER_HOUR || (r * 2 == SECONDS_PER_HOUR && q % 2 != 0)) {
		q++;
	}
	*out = whole;
	return add(out, q, e);
}

int
cost_month(const struct cost_month_input *in, struct cost_breakdown *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (!is_currency(in->currency)) {
		return err_set(e, ERR_INVALID, "currency", "the service's currency is not an ISO 4217 code");
	}
	if (in->work_s < 0) {
		return err_set(e, ERR_INVALID, "work_s", "work of %lld seconds is negative", (long long)in->work_s);
	}
	for (size_t i = 0; i < in->nunits; i++) {
		if (in->unit_costs_minor[i] < 0) {
			err_set(e, ERR_INVALID, NULL, "unit cost %zu is negative", i);
			snprintf(e->field, sizeof(e->field), "unit_costs[%zu]", i);
			return -1;
		}
		if (add(&out->offerings_minor, in->unit_costs_minor[i], e) != 0) {
			return -1;
		}
	}
	if (in->work_s > 0 && in->rate != NULL && in->rate->hourly_rate_minor > 0) {
		if (strcmp(in->rate->currency, in->currency) != 0) {
			return err_set(e, ERR_INVALID, "labour_rate.currency",
			               "the labour rate is in %s, the service in %s; amounts are never converted",
			               in->rate->currency, in->currency);
		}
		if (labour(in->work_s, in->rate->hourly_rate_minor, &out->labour_minor, e) != 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < in->nrecords; i++) {
		const struct cost_record *c = &in->records[i];
		if (strcmp(c->currency, in->currency) != 0) {
			err_set(e, ERR_INVALID, NULL,
			        "cost record %zu is in %s, the service in %s; amounts are never converted", i,
			        c->currency, in->currency);
			snprintf(e->field, sizeof(e->field), "records[%zu].currency", i);
			return -1;
		}
		if (c->amount_minor < 0) {
			err_set(e, ERR_INVALID, NULL, "cost record %zu has a negative amount", i);
			snprintf(e->field, sizeof(e->field), "records[%zu].amount", i);
			return -1;
		}
		if (add(&out->records_minor, c->amount_minor, e) != 0) {
			return -1;
		}
	}
	out->total_minor = out->offerings_minor;
	if (add(&out->total_minor, out->labour_minor, e) != 0 || add(&out->total_minor, out->records_minor, e) != 0) {
		return -1;
	}
	return 0;
}

int
cost_tco(const struct cost_breakdown *months, size_t n, struct cost_breakdown *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (add(&out->offerings_minor, months[i].offerings_minor, e) != 0 ||
		    add(&out->labour_minor, months[i].labour_minor, e) != 0 ||
		    add(&out->records_minor, months[i].records_minor, e) != 0 ||
		    add(&out->total_minor, months[i].total_minor, e) != 0) {
			return -1;
		}
	}
	return 0;
}
