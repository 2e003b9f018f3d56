/*
 * cost.h - what delivering a service costs the provider: cost records
 * (a service's licence, infrastructure, personnel, supplier and other costs
 * of a month), the labour rate, and the pure calculator of docs/kpis.md's
 * Cost section (cost of a service in a month, TCO over months).  Money is
 * integer minor units; nothing here reads the store or a clock.
 */
#ifndef LEVERA_DOMAIN_COST_H
#define LEVERA_DOMAIN_COST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define COST_NOTE_MAX 1000

enum cost_category {
	COST_LICENCE,
	COST_INFRASTRUCTURE,
	COST_PERSONNEL,
	COST_SUPPLIER,
	COST_OTHER,
	COST_CATEGORY_COUNT
};

struct cost_record {
	char *service;        /* owned service reference */
	int64_t month;        /* month index, year * 12 + month - 1 (domain/kpi.h) */
	int64_t amount_minor; /* minor units of currency */
	char currency[4];     /* ISO 4217 */
	enum cost_category category;
	char *note; /* owned; NULL when none */
};

/* The agents' hourly rate: one for the whole installation. */
struct labour_rate {
	int64_t hourly_rate_minor; /* minor units of currency per hour of logged work */
	char currency[4];          /* ISO 4217 */
};

const char *cost_category_name(enum cost_category c);

/*
 * Fills c from a document {"service","month","amount","currency","category",
 * "note"?}; unknown fields refused, every rejection names its field.  On
 * failure c is left empty.  Release with cost_record_release().
 */
int cost_record_from_json(struct cost_record *c, const json_t *doc, struct err *e);
void cost_record_release(struct cost_record *c);
json_t *cost_record_to_json(const struct cost_record *c);

/* The rate before one is set: 0 EUR an hour. */
void labour_rate_default(struct labour_rate *r);

/* Reads {"hourly_rate","currency"}; rejections name their field. */
int labour_rate_from_json(struct labour_rate *r, const json_t *doc, struct err *e);
json_t *labour_rate_to_json(const struct labour_rate *r);

/* What one service cost in one month (docs/kpis.md, Cost). */
struct cost_month_input {
	const char *currency;            /* the service's ISO 4217 code: every figure is in it */
	const int64_t *unit_costs_minor; /* one per unit: the unit cost of the offering each customer
	                                    agreement covering the service in the month buys */
	size_t nunits;
	int64_t work_s;                    /* seconds of work logged on the service's tickets in the month */
	const struct labour_rate *rate;    /* the labour rate in force */
	const struct cost_record *records; /* the service's cost records of the month */
	size_t nrecords;
};

/* A cost and its parts, in minor units of the service's currency. */
struct cost_breakdown {
	int64_t offerings_minor; /* sum of unit_costs_minor */
	int64_t labour_minor;    /* work_s / 3600 x hourly rate, rounded half to even */
	int64_t records_minor;   /* sum of the cost records' amounts */
	int64_t total_minor;     /* the three added */
};

/*
 * The cost of one service in one month into *out.  ERR_INVALID naming
 * "currency" (the service's is not ISO 4217), "work_s" (negative),
 * "unit_costs[i]" / "records[i].amount" (negative), "labour_rate.currency"
 * (work to be paid at a rate in another currency), "records[i].currency"
 * (a record in another currency: amounts are never converted) or "total"
 * (a sum beyond 64 bits).
 */
int cost_month(const struct cost_month_input *in, struct cost_breakdown *out, struct err *e);

/* TCO: the n monthly costs added part by part into *out; ERR_INVALID "total" on overflow. */
int cost_tco(const struct cost_breakdown *months, size_t n, struct cost_breakdown *out, struct err *e);

#endif
