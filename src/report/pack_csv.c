/*
 * pack_csv.c - the review pack as one RFC 4180 CSV file: a header row of
 * every column any section uses, then one row per item, its first column
 * naming its section, so the whole pack loads as one table in any BI tool.
 * Numbers are written as numbers; text that a spreadsheet would run as a
 * formula (a leading =, +, -, @, tab or CR) gets a leading apostrophe.
 */
#include "report/pack_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "report/pack_internal.h"

enum col {
	C_SECTION,
	C_AGREEMENT,
	C_TYPE,
	C_SERVICE,
	C_METRIC,
	C_PRIORITY,
	C_MONTH,
	C_TICKET,
	C_REF,
	C_TITLE,
	C_NAME,
	C_VALUE,
	C_TARGET_S,
	C_MET,
	C_BREACHED,
	C_COMPLIANCE_PCT,
	C_ELAPSED_BUSINESS_S,
	C_OVERRUN_BUSINESS_S,
	C_AGREED_S,
	C_DOWNTIME_S,
	C_AVAILABILITY_PCT,
	C_OUTAGES,
	C_MTTR_S,
	C_MTBF_S,
	C_SCORE,
	C_AT,
	C_VALID_FROM,
	C_VALID_TO,
	C_STATUS,
	C_OWNER,
	C_MEASURED_PCT,
	C_THRESHOLD_PCT,
	C_CREDIT_PCT,
	C_APPLIES,
	C_AMOUNT,
	C_CURRENCY,
	C_COMMENT,
	C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"section",
	"agreement",
	"type",
	"service",
	"metric",
	"priority",
	"month",
	"ticket",
	"ref",
	"title",
	"name",
	"value",
	"target_s",
	"met",
	"breached",
	"compliance_pct",
	"elapsed_business_s",
	"overrun_business_s",
	"agreed_s",
	"downtime_s",
	"availability_pct",
	"outages",
	"mttr_s",
	"mtbf_s",
	"score",
	"at",
	"valid_from",
	"valid_to",
	"status",
	"owner",
	"measured_pct",
	"threshold_pct",
	"credit_pct",
	"applies",
	"amount",
	"currency",
	"comment",
};

/* One row being filled: text cells borrow the document's strings, numbers are formatted in place. */
struct row {
	const char *cell[C_COUNT];
	bool number[C_COUNT];
	char num[C_COUNT][PACK_TEXT_MAX];
};

struct csv {
	struct buf *out;
	struct err *e;
	int rc;
	struct row r;
};

static void
put(struct csv *c, const void *p, size_t n)
{
	if (c->rc == 0) {
		c->rc = buf_append(c->out, p, n, c->e);
	}
}

/* One text cell: quoted when it has to be, a formula neutralised. */
static void
put_text(struct csv *c, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || (s[0] != '\0' && s[strlen(s) - 1] == ' ');
	bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';

	if (quote || formula) {
		put(c, "\"", 1);
	}
	if (formula) {
		put(c, "'", 1);
	}
	for (const char *p = s; *p != '\0'; p++) {
		put(c, p, 1);
		if (*p == '"') {
			put(c, "\"", 1);
		}
	}
	if (quote || formula) {
		put(c, "\"", 1);
	}
}

static void
begin(struct csv *c, const char *section)
{
	memset(&c->r, 0, sizeof c->r);
	c->r.cell[C_SECTION] = section;
}

static void
set(struct csv *c, enum col k, const char *s)
{
	c->r.cell[k] = s;
	c->r.number[k] = false;
}

/* A number from the document (an integer or a real); null leaves the cell empty. */
static void
set_num(struct csv *c, enum col k, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_number(v)) {
		c->r.cell[k] = pack_number(v, c->r.num[k]);
		c->r.number[k] = true;
	}
}

static void
end(struct csv *c)
{
	for (int k = 0; k < C_COUNT; k++) {
		const char *s = c->r.cell[k];
		if (k > 0) {
			put(c, ",", 1);
		}
		if (s == NULL) {
			continue;
		}
		if (c->r.number[k]) {
			put(c, s, strlen(s));
		} else {
			put_text(c, s);
		}
	}
	put(c, "\r\n", 2);
}

/* A summary row: name and a text value. */
static void
summary_text(struct csv *c, const char *name, const char *value)
{
	begin(c, "summary");
	set(c, C_NAME, name);
	set(c, C_VALUE, value);
	end(c);
}

/* A summary row: name and a number of o (empty when null). */
static void
summary_num(struct csv *c, const char *name, const json_t *o, const char *key)
{
	begin(c, "summary");
	set(c, C_NAME, name);
	set_num(c, C_VALUE, o, key);
	end(c);
}

static void
summary(struct csv *c, const json_t *pack)
{
	const json_t *cust = json_object_get(pack, "customer"), *per = json_object_get(pack, "period");
	const json_t *vol = json_object_get(pack, "volumes"), *csat = json_object_get(pack, "csat");
	const json_t *nps = json_object_get(pack, "nps"), *cr = json_object_get(pack, "credits");

	summary_text(c, "customer", pack_text(cust, "name"));
	summary_text(c, "customer_id", pack_text(cust, "id"));
	summary_text(c, "time_zone", pack_text(cust, "time_zone"));
	summary_text(c, "month", pack_text(pack, "month"));
	summary_text(c, "period_start", pack_text(per, "start"));
	summary_text(c, "period_end", pack_text(per, "end"));
	summary_text(c, "generated_at", pack_text(pack, "generated_at"));
	summary_text(c, "partial", pack_bool(pack, "partial") ? "true" : "false");
	summary_num(c, "created", vol, "created");
	summary_num(c, "resolved", vol, "resolved");
	summary_num(c, "backlog", vol, "backlog");
	summary_num(c, "csat_average", csat, "average");
	summary_num(c, "csat_ratings", csat, "ratings");
	summary_num(c, "csat_response_rate_pct", csat, "response_rate");
	summary_num(c, "nps_score", nps, "score");
	summary_num(c, "nps_answers", nps, "answers");
	summary_num(c, "nps_promoters", nps, "promoters");
	summary_num(c, "nps_passives", nps, "passives");
	summary_num(c, "nps_detractors", nps, "detractors");
	begin(c, "summary");
	set(c, C_NAME, "credit_fee_per_month");
	if (pack_str(cr, "fee_per_month") != NULL) {
		set(c, C_AMOUNT, pack_str(cr, "fee_per_month"));
		c->r.number[C_AMOUNT] = true; /* checked to be a decimal */
	}
	set(c, C_CURRENCY, pack_str(cr, "currency"));
	end(c);
	begin(c, "summary");
	set(c, C_NAME, "credit_total");
	set(c, C_AMOUNT, pack_text(cr, "total"));
	c->r.number[C_AMOUNT] = true;
	set(c, C_CURRENCY, pack_str(cr, "currency"));
	set_num(c, C_CREDIT_PCT, cr, "total_pct");
	end(c);
}

static void
agreements(struct csv *c, const json_t *pack)
{
	const json_t *ags = pack_arr(pack, "agreements");

	for (size_t i = 0; i < json_array_size(ags); i++) {
		const json_t *a = json_array_get(ags, i), *svcs = pack_arr(a, "services");
		const json_t *targets = pack_arr(a, "targets");
		struct buf names;
		buf_init(&names, 1u << 16);
		for (size_t j = 0; j < json_array_size(svcs) && c->rc == 0; j++) {
			c->rc = buf_appendf(&names, c->e, "%s%s", j > 0 ? "; " : "",
			                    json_string_value(json_array_get(svcs, j)));
		}
		begin(c, "agreement");
		set(c, C_AGREEMENT, pack_text(a, "name"));
		set(c, C_TYPE, pack_text(a, "type"));
		set(c, C_SERVICE, names.data != NULL ? names.data : "");
		set(c, C_VALID_FROM, pack_text(a, "valid_from"));
		set(c, C_VALID_TO, pack_str(a, "valid_to"));
		set(c, C_COMMENT, pack_text(a, "hours"));
		end(c);
		buf_release(&names);
		for (size_t j = 0; j < json_array_size(targets); j++) {
			const json_t *t = json_array_get(targets, j);
			begin(c, "target");
			set(c, C_AGREEMENT, pack_text(a, "name"));
			set(c, C_METRIC, pack_text(t, "metric"));
			set(c, C_PRIORITY, pack_text(t, "priority"));
			set_num(c, C_TARGET_S, t, "target_s");
			end(c);
		}
	}
}

static void
compliance(struct csv *c, const json_t *pack)
{
	const json_t *rows = pack_arr(pack, "compliance");

	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		begin(c, "compliance");
		set(c, C_AGREEMENT, pack_text(r, "agreement"));
		set(c, C_METRIC, pack_text(r, "metric"));
		set(c, C_PRIORITY, pack_text(r, "priority"));
		set_num(c, C_TARGET_S, r, "target_s");
		set_num(c, C_MET, r, "met");
		set_num(c, C_BREACHED, r, "breached");
		set_num(c, C_COMPLIANCE_PCT, r, "compliance");
		end(c);
	}
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i), *trend = pack_arr(r, "trend");
		for (size_t j = 0; j < json_array_size(trend); j++) {
			const json_t *m = json_array_get(trend, j);
			begin(c, "trend");
			set(c, C_AGREEMENT, pack_text(r, "agreement"));
			set(c, C_METRIC, pack_text(r, "metric"));
			set(c, C_PRIORITY, pack_text(r, "priority"));
			set(c, C_MONTH, pack_text(m, "month"));
			set_num(c, C_MET, m, "met");
			set_num(c, C_BREACHED, m, "breached");
			set_num(c, C_COMPLIANCE_PCT, m, "compliance");
			end(c);
		}
	}
}

static void
breaches(struct csv *c, const json_t *pack)
{
	const json_t *rows = pack_arr(pack, "breaches");

	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		begin(c, "breach");
		set(c, C_TICKET, pack_text(r, "ticket"));
		set(c, C_REF, pack_str(r, "ref"));
		set(c, C_TITLE, pack_text(r, "subject"));
		set(c, C_SERVICE, pack_str(r, "service"));
		set(c, C_AGREEMENT, pack_text(r, "agreement"));
		set(c, C_METRIC, pack_text(r, "metric"));
		set(c, C_PRIORITY, pack_text(r, "priority"));
		set_num(c, C_TARGET_S, r, "target_s");
		set_num(c, C_ELAPSED_BUSINESS_S, r, "elapsed_business_s");
		set_num(c, C_OVERRUN_BUSINESS_S, r, "overrun_business_s");
		set(c, C_AT, pack_text(r, "breached_at"));
		end(c);
	}
}

static void
availability(struct csv *c, const json_t *pack)
{
	const json_t *rows = pack_arr(pack, "availability");

	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		begin(c, "availability");
		set(c, C_SERVICE, pack_text(r, "service"));
		set_num(c, C_AGREED_S, r, "agreed_s");
		set_num(c, C_DOWNTIME_S, r, "downtime_s");
		set_num(c, C_AVAILABILITY_PCT, r, "availability");
		set_num(c, C_OUTAGES, r, "outages");
		set_num(c, C_MTTR_S, r, "mttr_s");
		set_num(c, C_MTBF_S, r, "mtbf_s");
		end(c);
	}
}

static void
comments(struct csv *c, const json_t *pack)
{
	const json_t *cc = pack_arr(json_object_get(pack, "csat"), "comments");
	const json_t *nc = pack_arr(json_object_get(pack, "nps"), "comments");

	for (size_t i = 0; i < json_array_size(cc); i++) {
		const json_t *r = json_array_get(cc, i);
		begin(c, "csat_comment");
		set(c, C_TICKET, pack_text(r, "ticket"));
		set(c, C_REF, pack_str(r, "ref"));
		set_num(c, C_SCORE, r, "score");
		set(c, C_AT, pack_text(r, "at"));
		set(c, C_COMMENT, pack_text(r, "comment"));
		end(c);
	}
	for (size_t i = 0; i < json_array_size(nc); i++) {
		const json_t *r = json_array_get(nc, i);
		begin(c, "nps_comment");
		set_num(c, C_SCORE, r, "score");
		set(c, C_AT, pack_text(r, "at"));
		set(c, C_COMMENT, pack_text(r, "comment"));
		end(c);
	}
}

static void
credits(struct csv *c, const json_t *pack)
{
	const json_t *cr = json_object_get(pack, "credits"), *rows = pack_arr(cr, "lines");

	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		begin(c, "credit");
		set(c, C_AGREEMENT, pack_text(r, "agreement"));
		set(c, C_NAME, pack_text(r, "rule"));
		set_num(c, C_MEASURED_PCT, r, "measured");
		set_num(c, C_THRESHOLD_PCT, r, "threshold");
		set_num(c, C_CREDIT_PCT, r, "credit_pct");
		set(c, C_APPLIES, pack_bool(r, "applies") ? "true" : "false");
		set(c, C_AMOUNT, pack_text(r, "amount"));
		c->r.number[C_AMOUNT] = true; /* checked to be a decimal */
		set(c, C_CURRENCY, pack_str(cr, "currency"));
		end(c);
	}
}

static void
plans(struct csv *c, const json_t *pack)
{
	const json_t *imp = pack_arr(pack, "improvements"), *act = pack_arr(pack, "planned_activities");

	for (size_t i = 0; i < json_array_size(imp); i++) {
		const json_t *r = json_array_get(imp, i);
		begin(c, "improvement");
		set(c, C_TITLE, pack_text(r, "title"));
		set(c, C_STATUS, pack_text(r, "status"));
		set(c, C_OWNER, pack_str(r, "owner"));
		set(c, C_AT, pack_str(r, "due"));
		end(c);
	}
	for (size_t i = 0; i < json_array_size(act); i++) {
		const json_t *r = json_array_get(act, i);
		begin(c, "planned_activity");
		set(c, C_TITLE, pack_text(r, "title"));
		set(c, C_AT, pack_text(r, "when"));
		set(c, C_COMMENT, pack_str(r, "note"));
		end(c);
	}
}

int
pack_render_csv(const json_t *pack, struct buf *out, struct err *e)
{
	struct csv *c = xcalloc(1, sizeof *c);
	int rc;

	c->out = out;
	c->e = e;
	for (int k = 0; k < C_COUNT; k++) {
		if (k > 0) {
			put(c, ",", 1);
		}
		put(c, col_names[k], strlen(col_names[k]));
	}
	put(c, "\r\n", 2);
	summary(c, pack);
	agreements(c, pack);
	compliance(c, pack);
	breaches(c, pack);
	availability(c, pack);
	comments(c, pack);
	credits(c, pack);
	plans(c, pack);
	rc = c->rc;
	free(c);
	return rc;
}
