/*
 * kpi.c - see kpi.h.  Sums are integers until the very end; a ratio or a
 * mean over nothing is JSON null, never 0.  The definitions are
 * docs/kpis.md's; which ticket to feed in, and as of when, is the caller's.
 */
#include "domain/kpi.h"

#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

int
kpi_month_parse(const char *s, const char *field, int64_t *index, struct err *e)
{
	int year = 0, month;

	if (s == NULL || strlen(s) != 7 || s[4] != '-') {
		return err_set(e, ERR_INVALID, field, "'%.40s' is not a month (YYYY-MM)", s != NULL ? s : "");
	}
	for (int i = 0; i < 7; i++) {
		if (i != 4 && (s[i] < '0' || s[i] > '9')) {
			return err_set(e, ERR_INVALID, field, "'%.40s' is not a month (YYYY-MM)", s);
		}
	}
	for (int i = 0; i < 4; i++) {
		year = year * 10 + (s[i] - '0');
	}
	month = (s[5] - '0') * 10 + (s[6] - '0');
	if (year < 1970 || month < 1 || month > 12) {
		return err_set(e, ERR_INVALID, field, "'%.40s' has a month out of range", s);
	}
	*index = (int64_t)year * 12 + month - 1;
	return 0;
}

char *
kpi_month_format(int64_t index, char out[8])
{
	int64_t year = floor_div(index, 12), month = index - year * 12 + 1;

	year = year < 0 ? 0 : year % 10000;
	out[0] = (char)('0' + year / 1000);
	out[1] = (char)('0' + year / 100 % 10);
	out[2] = (char)('0' + year / 10 % 10);
	out[3] = (char)('0' + year % 10);
	out[4] = '-';
	out[5] = (char)('0' + month / 10);
	out[6] = (char)('0' + month % 10);
	out[7] = '\0';
	return out;
}

int64_t
kpi_month_of(int64_t t)
{
	struct civil c = civil_from_days(floor_div(t, 86400));

	return (int64_t)c.year * 12 + c.month - 1;
}

int64_t
kpi_month_start(int64_t index)
{
	int64_t year = floor_div(index, 12);

	return days_from_civil((int)year, (int)(index - year * 12 + 1), 1) * 86400;
}

void
kpi_series_init(struct kpi_series *s, int64_t from, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->n = n < KPI_MONTHS_MAX ? n : KPI_MONTHS_MAX;
	for (size_t i = 0; i < s->n; i++) {
		s->months[i].index = from + (int64_t)i;
		s->months[i].start = kpi_month_start(from + (int64_t)i);
		s->months[i].end = kpi_month_start(from + (int64_t)i + 1);
	}
}

void
kpi_series_release(struct kpi_series *s)
{
	for (size_t i = 0; s != NULL && i < s->n; i++) {
		free(s->months[i].response_s.v);
		free(s->months[i].resolution_s.v);
	}
}

int64_t
kpi_series_start(const struct kpi_series *s)
{
	return s->n > 0 ? s->months[0].start : 0;
}

int64_t
kpi_series_end(const struct kpi_series *s)
{
	return s->n > 0 ? s->months[s->n - 1].end : 0;
}

struct kpi_month *
kpi_series_month(struct kpi_series *s, int64_t t)
{
	if (s->n == 0 || t < s->months[0].start || t >= s->months[s->n - 1].end) {
		return NULL;
	}
	return &s->months[kpi_month_of(t) - s->months[0].index];
}

static void
values_add(struct kpi_values *v, int64_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap > 0 ? v->cap * 2 : 16;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

static bool
is_sla_clock(const struct ticket_fact *f)
{
	return f->clock != NULL && f->clock->agreement != NULL && f->clock->agreement->type == AGREEMENT_SLA;
}

void
kpi_add_facts(struct kpi_series *s, const struct ticket_fact *facts, size_t n)
{
	const struct ticket_fact *first[METRIC_COUNT] = { NULL };

	for (size_t i = 0; i < n; i++) {
		const struct ticket_fact *f = &facts[i];
		struct kpi_month *m = kpi_series_month(s, f->at);
		if (f->kind == FACT_CLOCK_STOPPED && is_sla_clock(f) && (unsigned)f->clock->metric < METRIC_COUNT) {
			const struct ticket_fact **x = &first[f->clock->metric];
			if (*x == NULL || f->clock < (*x)->clock) {
				*x = f;
			}
		}
		if (m == NULL) {
			continue;
		}
		switch (f->kind) {
		case FACT_CREATED:
			m->created++;
			break;
		case FACT_RESOLVED:
			m->resolved++;
			m->fcr += f->flag ? 1 : 0;
			break;
		case FACT_REOPENED:
			m->reopened++;
			break;
		case FACT_ESCALATED:
			if (f->sub >= 0 && f->sub < 4) {
				m->escalations[f->sub]++;
			}
			break;
		case FACT_RATED:
			m->ratings++;
			m->rating_sum += f->value;
			break;
		case FACT_WORK:
			m->work_logged_s += f->value;
			break;
		case FACT_CLOCK_DECIDED:
			if (is_sla_clock(f)) {
				*(f->flag ? &m->sla_met : &m->sla_breached) += 1;
			}
			break;
		case FACT_CLOCK_STOPPED:
		case FACT_KIND_COUNT:
			break;
		}
	}
	for (int k = 0; k < METRIC_COUNT; k++) {
		struct kpi_month *m = first[k] != NULL ? kpi_series_month(s, first[k]->at) : NULL;
		if (m != NULL) {
			values_add(k == METRIC_RESPONSE ? &m->response_s : &m->resolution_s, first[k]->value);
		}
	}
}

bool
kpi_open_before(const struct ticket_event *evs, size_t n, int64_t t)
{
	enum ticket_status status = STATUS_NEW;

	if (n == 0 || evs[0].at >= t) {
		return false;
	}
	for (size_t i = 1; i < n && evs[i].at < t; i++) {
		if (evs[i].type == TEV_STATUS) {
			status = evs[i].to_status;
		}
	}
	return !ticket_status_is_done(status);
}

void
kpi_add_backlog(struct kpi_series *s, const struct ticket_event *evs, size_t n)
{
	for (size_t i = 0; i < s->n; i++) {
		s->months[i].backlog += kpi_open_before(evs, n, s->months[i].end) ? 1 : 0;
	}
}

void
kpi_add_backlog_all(struct kpi_series *s, int64_t count)
{
	for (size_t i = 0; i < s->n; i++) {
		s->months[i].backlog += count;
	}
}

int64_t
kpi_nearest_rank(const int64_t *sorted, size_t n, int pct)
{
	size_t rank = ((size_t)pct * n + 99) / 100; /* ceil(pct * n / 100) */

	return sorted[rank > 0 ? rank - 1 : 0];
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void
kpi_stats_of(struct kpi_values *v, struct kpi_stats *out)
{
	double sum = 0;

	memset(out, 0, sizeof(*out));
	out->n = v->n;
	if (v->n == 0) {
		return;
	}
	qsort(v->v, v->n, sizeof(*v->v), cmp_i64);
	for (size_t i = 0; i < v->n; i++) {
		sum += (double)v->v[i];
	}
	out->has = true;
	out->mean = sum / (double)v->n;
	out->median = kpi_nearest_rank(v->v, v->n, 50);
	out->p90 = kpi_nearest_rank(v->v, v->n, 90);
}

/* part / whole * 100, or null when whole is 0. */
static json_t *
pct(int64_t part, int64_t whole)
{
	return whole > 0 ? json_real((double)part * 100.0 / (double)whole) : json_null();
}

static json_t *
stats_json(struct kpi_values *v)
{
	struct kpi_stats st;

	kpi_stats_of(v, &st);
	if (!st.has) {
		return json_pack("{s:i, s:n, s:n, s:n}", "count", 0, "mean", "median", "p90");
	}
	return json_pack("{s:I, s:f, s:I, s:I}", "count", (json_int_t)st.n, "mean", st.mean, "median",
	                 (json_int_t)st.median, "p90", (json_int_t)st.p90);
}

static json_t *
month_json(struct kpi_month *m, int64_t now)
{
	char name[8];
	json_t *out = json_object();

	json_object_set_new(out, "month", json_string(kpi_month_format(m->index, name)));
	json_object_set_new(out, "start", json_instant(m->start));
	json_object_set_new(out, "end", json_instant(m->end));
	json_object_set_new(out, "partial", json_boolean(m->end > now));
	json_object_set_new(out, "sla_compliance", pct(m->sla_met, m->sla_met + m->sla_breached));
	json_object_set_new(out, "sla_met", json_integer(m->sla_met));
	json_object_set_new(out, "sla_breached", json_integer(m->sla_breached));
	json_object_set_new(out, "response_time_business_s", stats_json(&m->response_s));
	json_object_set_new(out, "resolution_time_business_s", stats_json(&m->resolution_s));
	json_object_set_new(out, "created", json_integer(m->created));
	json_object_set_new(out, "resolved", json_integer(m->resolved));
	json_object_set_new(out, "backlog", json_integer(m->backlog));
	json_object_set_new(out, "reopened", json_integer(m->reopened));
	json_object_set_new(out, "reopen_rate", pct(m->reopened, m->resolved));
	json_object_set_new(out, "first_contact_resolution", pct(m->fcr, m->resolved));
	json_object_set_new(out, "escalations",
	                    json_pack("{s:I, s:I, s:I, s:I}", "priority",
	                              (json_int_t)m->escalations[ESCALATION_PRIORITY], "team",
	                              (json_int_t)m->escalations[ESCALATION_TEAM], "sla_warning",
	                              (json_int_t)m->escalations[ESCALATION_SLA_WARNING], "sla_breach",
	                              (json_int_t)m->escalations[ESCALATION_SLA_BREACH]));
	json_object_set_new(out, "ratings", json_integer(m->ratings));
	json_object_set_new(out, "csat_average",
	                    m->ratings > 0 ? json_real((double)m->rating_sum / (double)m->ratings) : json_null());
	json_object_set_new(out, "csat_response_rate", pct(m->ratings, m->resolved));
	json_object_set_new(out, "work_logged_s", json_integer(m->work_logged_s));
	return out;
}

json_t *
kpi_series_to_json(struct kpi_series *s, int64_t now)
{
	json_t *out = json_array();

	for (size_t i = 0; i < s->n; i++) {
		json_array_append_new(out, month_json(&s->months[i], now));
	}
	return out;
}
