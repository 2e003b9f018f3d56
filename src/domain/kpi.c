/*
 * kpi.c - see kpi.h.  Sums are integers until the very end; a ratio or a
 * mean over nothing is JSON null, never 0.  The definitions are
 * docs/kpis.md's; which rollups to feed in is the caller's.
 */
#include "domain/kpi.h"

#include <stdlib.h>
#include <string.h>

#include "base/hist.h"
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

int
kpi_acc_add(struct kpi_acc *a, int series, int64_t n, int64_t total, const void *hist, size_t hist_len, struct err *e)
{
	if (series <= 0 || series >= KS_SERIES_END) {
		return 0; /* a series a newer Levera counts */
	}
	a->n[series] += n;
	a->total[series] += total;
	if (hist_len > 0 && kpi_series_has_hist(series)) {
		if (a->hist[series] == NULL) {
			a->hist[series] = xcalloc(HIST_BUCKETS, sizeof(int64_t));
		}
		return hist_add_dense(a->hist[series], hist, hist_len, e);
	}
	return 0;
}

void
kpi_acc_release(struct kpi_acc *a)
{
	for (int i = 0; i < KS_SERIES_END; i++) {
		free(a->hist[i]);
		a->hist[i] = NULL;
	}
}

/* {count, mean, median, p90} of a series: the mean from its total, the percentiles from its histogram. */
static json_t *
stats_json(const struct kpi_acc *a, int series)
{
	int64_t n = a->n[series];

	if (n <= 0 || a->hist[series] == NULL) {
		return json_pack("{s:I, s:n, s:n, s:n}", "count", (json_int_t)(n > 0 ? n : 0), "mean", "median", "p90");
	}
	return json_pack("{s:I, s:f, s:I, s:I}", "count", (json_int_t)n, "mean", (double)a->total[series] / (double)n,
	                 "median", (json_int_t)hist_dense_rank(a->hist[series], n, 50), "p90",
	                 (json_int_t)hist_dense_rank(a->hist[series], n, 90));
}

static json_t *
mean_json(int64_t total, int64_t n)
{
	return n > 0 ? json_real((double)total / (double)n) : json_null();
}

void
kpi_acc_figures(const struct kpi_acc *a, json_t *out)
{
	const int64_t *n = a->n, *t = a->total;
	int64_t resp_met = n[KS_RESPONSE_MET], resp_br = n[KS_RESPONSE_BREACHED];
	int64_t reso_met = n[KS_RESOLUTION_MET], reso_br = n[KS_RESOLUTION_BREACHED];
	int64_t met = resp_met + reso_met, breached = resp_br + reso_br;
	int64_t ola_met = n[KS_OLA_RESPONSE_MET] + n[KS_OLA_RESOLUTION_MET];
	int64_t ola_breached = n[KS_OLA_RESPONSE_BREACHED] + n[KS_OLA_RESOLUTION_BREACHED];
	int64_t escalated = n[KS_ESC_PRIORITY] + n[KS_ESC_TEAM] + n[KS_ESC_WARNING] + n[KS_ESC_BREACH];

	json_object_set_new(out, "sla_compliance", json_pct(met, met + breached));
	json_object_set_new(out, "sla_met", json_integer(met));
	json_object_set_new(out, "sla_breached", json_integer(breached));
	json_object_set_new(out, "sla_overrun_business_s",
	                    json_integer(t[KS_RESPONSE_BREACHED] + t[KS_RESOLUTION_BREACHED]));
	json_object_set_new(out, "response_compliance", json_pct(resp_met, resp_met + resp_br));
	json_object_set_new(out, "resolution_compliance", json_pct(reso_met, reso_met + reso_br));
	json_object_set_new(out, "ola_compliance", json_pct(ola_met, ola_met + ola_breached));
	json_object_set_new(out, "ola_met", json_integer(ola_met));
	json_object_set_new(out, "ola_breached", json_integer(ola_breached));
	json_object_set_new(out, "response_time_business_s", stats_json(a, KS_RESPONSE_BUSINESS));
	json_object_set_new(out, "resolution_time_business_s", stats_json(a, KS_RESOLUTION_BUSINESS));
	json_object_set_new(out, "response_time_wall_s", stats_json(a, KS_RESPONSE_WALL));
	json_object_set_new(out, "resolution_time_wall_s", stats_json(a, KS_RESOLUTION_WALL));
	json_object_set_new(out, "created", json_integer(n[KS_CREATED]));
	json_object_set_new(out, "resolved", json_integer(n[KS_RESOLVED]));
	json_object_set_new(out, "backlog", json_integer(a->backlog));
	json_object_set_new(out, "reopened", json_integer(n[KS_REOPENED]));
	json_object_set_new(out, "reopen_rate", json_pct(n[KS_REOPENED], n[KS_RESOLVED]));
	json_object_set_new(out, "first_contact_resolution", json_pct(n[KS_FCR], n[KS_RESOLVED]));
	json_object_set_new(out, "lead_time_s", stats_json(a, KS_LEAD));
	json_object_set_new(out, "cycle_time_s", stats_json(a, KS_CYCLE));
	json_object_set_new(out, "escalations",
	                    json_pack("{s:I, s:I, s:I, s:I}", "priority", (json_int_t)n[KS_ESC_PRIORITY], "team",
	                              (json_int_t)n[KS_ESC_TEAM], "sla_warning", (json_int_t)n[KS_ESC_WARNING],
	                              "sla_breach", (json_int_t)n[KS_ESC_BREACH]));
	json_object_set_new(out, "escalation_count", json_integer(escalated));
	json_object_set_new(out, "escalation_rate", json_pct(n[KS_ESCALATED], n[KS_CREATED]));
	json_object_set_new(out, "ratings", json_integer(n[KS_RATING]));
	json_object_set_new(out, "csat_average", mean_json(t[KS_RATING], n[KS_RATING]));
	json_object_set_new(out, "csat_satisfied", json_pct(n[KS_RATING_SATISFIED], n[KS_RATING]));
	json_object_set_new(out, "csat_response_rate", json_pct(n[KS_RATING], n[KS_RESOLVED]));
	json_object_set_new(out, "work_logged_s", json_integer(t[KS_WORK]));
	json_object_set_new(out, "handling_time_s", mean_json(t[KS_HANDLING], n[KS_HANDLING]));
}
