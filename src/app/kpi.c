/*
 * kpi.c - see kpi.h.  Reads the rollups the KPI job keeps (app/kpi_job.h),
 * one series at a time over the window's months, into one sum per month
 * or per group; the backlog is the running sum of the open/close moves of
 * every month up to each month's end.  The work is proportional to the
 * rollups read (months x customers x services x priorities, and agreements
 * or teams where a series has them), not to the tickets behind them.
 */
#include "app/kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/kpi_job.h"
#include "app/kpi_records.h"
#include "app/kpi_zone.h"
#include "app/ticket.h"
#include "base/json.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/kpi.h"
#include "store/store.h"

/* Counting changes still to be rolled up stops here: the answer says "at least". */
#define PENDING_LIMIT 100000
#define KPI_MAX_GROUPS 1000

static const char *const group_names[KPI_GROUP_COUNT] = {
	"none", "customer", "service", "priority", "agreement", "team"
};

/* The window [*from, *to] (month indexes) of p; to defaults to now's month, from to 11 months before. */
static int
window(const struct kpi_params *p, int64_t now_month, int64_t *from, int64_t *to, struct err *e)
{
	*to = now_month;
	if (p->to != NULL && kpi_month_parse(p->to, "to", to, e) != 0) {
		return -1;
	}
	*from = *to - 11;
	if (p->from != NULL && kpi_month_parse(p->from, "from", from, e) != 0) {
		return -1;
	}
	if (*to < *from) {
		return err_set(e, ERR_INVALID, p->to != NULL ? "to" : "from", "to must not be before from");
	}
	if (*to - *from + 1 > KPI_MONTHS_MAX) {
		return err_set(e, ERR_INVALID, p->to != NULL ? "to" : "from", "a window is at most %d months",
		               KPI_MONTHS_MAX);
	}
	return 0;
}

int
kpi_group_parse(const char *s, enum kpi_group *g, struct err *e)
{
	for (int i = 0; s != NULL && i < KPI_GROUP_COUNT; i++) {
		if (strcmp(s, group_names[i]) == 0) {
			*g = (enum kpi_group)i;
			return 0;
		}
	}
	*g = KPI_GROUP_NONE;
	return s == NULL ? 0
	                 : err_set(e, ERR_INVALID, "group_by",
	                           "'%.40s' is not customer, service, priority, agreement or team", s);
}

struct group {
	char key[STORE_ID_MAX + 1];
	struct kpi_acc acc;
};

/* What the row callback fills. */
struct sums {
	int64_t from, to;
	enum kpi_group by;
	const char *priority; /* NULL: any */
	struct kpi_acc months[KPI_MONTHS_MAX];
	int64_t backlog_before; /* open/close moves before the window */
	struct group *groups;
	size_t ngroups;
};

static const char *
group_key(const struct sums *s, const struct store_kpi_row *row, char *buf, size_t n)
{
	switch (s->by) {
	case KPI_GROUP_CUSTOMER:
		return row->key.customer_id;
	case KPI_GROUP_SERVICE:
		return row->key.service_id;
	case KPI_GROUP_PRIORITY:
		return row->key.priority >= 0 ? priority_name((enum priority)row->key.priority) : "";
	case KPI_GROUP_AGREEMENT:
		return row->key.agreement_id;
	case KPI_GROUP_TEAM:
		return row->key.team_id;
	case KPI_GROUP_NONE:
	case KPI_GROUP_COUNT:
		break;
	}
	snprintf(buf, n, "%s", "");
	return buf;
}

static struct kpi_acc *
group_acc(struct sums *s, const char *key, struct err *e)
{
	for (size_t i = 0; i < s->ngroups; i++) {
		if (strcmp(s->groups[i].key, key) == 0) {
			return &s->groups[i].acc;
		}
	}
	if (s->ngroups == KPI_MAX_GROUPS) {
		err_set(e, ERR_TOO_LARGE, "group_by", "more than %d groups", KPI_MAX_GROUPS);
		return NULL;
	}
	s->groups = xreallocarray(s->groups, s->ngroups + 1, sizeof(*s->groups));
	struct group *g = &s->groups[s->ngroups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->key, sizeof(g->key), "%s", key);
	return &g->acc;
}

static int
on_row(void *ctx, const struct store_kpi_row *row, struct err *e)
{
	struct sums *s = ctx;
	int series = row->key.series;
	char buf[8];

	if (s->priority != NULL &&
	    (row->key.priority < 0 || strcmp(priority_name((enum priority)row->key.priority), s->priority) != 0)) {
		return 0;
	}
	if (s->by != KPI_GROUP_NONE) {
		struct kpi_acc *a = group_acc(s, group_key(s, row, buf, sizeof(buf)), e);
		if (a == NULL) {
			return -1;
		}
		if (series == KS_OPEN_DELTA) {
			a->backlog += row->total;
			return 0;
		}
		return row->key.month >= s->from
		               ? kpi_acc_add(a, series, row->n, row->total, row->hist, row->hist_len, e)
		               : 0;
	}
	if (row->key.month < s->from) {
		s->backlog_before += series == KS_OPEN_DELTA ? row->total : 0;
		return 0;
	}
	struct kpi_acc *a = &s->months[row->key.month - s->from];
	if (series == KS_OPEN_DELTA) {
		a->backlog += row->total; /* this month's moves; made running below */
		return 0;
	}
	return kpi_acc_add(a, series, row->n, row->total, row->hist, row->hist_len, e);
}

static int
read_all(struct app *app, const char *customer, const char *service, struct sums *s, struct err *e)
{
	for (int series = 1; series < KS_SERIES_END; series++) {
		struct store_kpi_query q = {
			.month_from = series == KS_OPEN_DELTA ? 0 : s->from,
			.month_to = s->to,
			.customer_id = customer,
			.service_id = service,
			.series = series,
		};
		if (store_kpi_read(app->store, &q, on_row, s, e) != 0) {
			return -1;
		}
	}
	return 0;
}

static json_t *
month_json(struct kpi_acc *a, int64_t month, const struct tz *zone, int64_t now)
{
	char name[8];
	int64_t start = kpi_month_start_in(zone, month), end = kpi_month_start_in(zone, month + 1);
	json_t *out = json_object();

	json_object_set_new(out, "month", json_string(kpi_month_format(month, name)));
	json_object_set_new(out, "start", json_instant(start));
	json_object_set_new(out, "end", json_instant(end));
	json_object_set_new(out, "partial", json_boolean(end > now));
	kpi_acc_figures(a, out);
	return out;
}

/* The group's key as the answer shows it: {"id","name"} for records, the priority's name as it is. */
static json_t *
group_json(struct app *app, enum kpi_group by, struct group *g)
{
	static const char *const kinds[KPI_GROUP_COUNT] = { NULL, "organisation", "service",
		                                            NULL, "agreement",    "organisation" };
	json_t *out = json_object(), *key;

	if (g->key[0] == '\0') {
		key = json_null();
	} else if (kinds[by] == NULL) {
		key = json_string(g->key);
	} else {
		struct catalog *cat = app_catalog(app);
		key = json_pack("{s:s, s:s}", "id", g->key, "name", catalog_name_of(cat, kinds[by], g->key));
		app_catalog_done(app);
	}
	json_object_set_new(out, group_names[by], key);
	kpi_acc_figures(&g->acc, out);
	return out;
}

int
kpi_query(struct app *app, const struct actor *actor, const struct kpi_params *p, int64_t now, json_t **out,
          struct err *e)
{
	char customer[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1], from_s[8], to_s[8];
	struct store_ticket_query q = { 0 };
	enum scope scope = SCOPE_NONE;
	struct sums s = { 0 };
	const char *zone_name = NULL;
	long pending = 0;
	int64_t from, to;

	*out = NULL;
	if (role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0 ||
	    kpi_group_parse(p->group_by, &s.by, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_ORGANISATION, p->customer, "customer", customer, &q.customer_id, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_SERVICE, p->service, "service", service, &q.service_id, e) != 0) {
		return -1;
	}
	if (p->priority != NULL && priority_parse(p->priority) < 0) {
		return err_set(e, ERR_INVALID, "priority", "'%.20s' is not P1, P2, P3 or P4", p->priority);
	}
	s.priority = p->priority;
	role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope);
	if (scope == SCOPE_OWN_ORG) {
		if (actor->org_id == NULL || (q.customer_id != NULL && strcmp(q.customer_id, actor->org_id) != 0)) {
			return err_set(e, ERR_FORBIDDEN, "customer",
			               "a customer sees the figures of their own organisation only");
		}
		q.customer_id = actor->org_id;
	}
	struct kpi_zones *zones = kpi_zones_new(app);
	const struct tz *zone = kpi_zones_get(zones, q.customer_id, &zone_name);
	int rc = window(p, kpi_month_in(zone, now), &from, &to, e);
	s.from = from;
	s.to = to;
	rc = rc != 0 ? rc : read_all(app, q.customer_id, q.service_id, &s, e);
	rc = rc != 0 ? rc : kpi_job_pending(app, PENDING_LIMIT, &pending, e);
	if (rc == 0) {
		json_t *list = json_array();
		int64_t backlog = s.backlog_before;
		for (int64_t m = from; s.by == KPI_GROUP_NONE && m <= to; m++) {
			backlog += s.months[m - from].backlog;
			s.months[m - from].backlog = backlog;
			json_array_append_new(list, month_json(&s.months[m - from], m, zone, now));
		}
		for (size_t i = 0; i < s.ngroups; i++) {
			json_array_append_new(list, group_json(app, s.by, &s.groups[i]));
		}
		/* Availability, NPS and cost come from records, month by month. */
		int64_t work_s[KPI_MONTHS_MAX] = { 0 };
		json_t *tco = NULL;
		for (int64_t m = from; m <= to; m++) {
			work_s[m - from] = s.months[m - from].total[KS_WORK];
		}
		struct kpi_records_query rq = { q.customer_id, q.service_id, from, to, zone, now, work_s };
		if (s.by == KPI_GROUP_NONE) {
			rc = kpi_records_add(app, zones, &rq, list, &tco, e);
		}
		if (rc != 0) {
			json_decref(list);
			list = NULL;
		}
		*out = list == NULL
		               ? NULL
		               : json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:I}", "from",
		                           kpi_month_format(from, from_s), "to", kpi_month_format(to, to_s), "customer",
		                           ticket_str_json(q.customer_id), "service", ticket_str_json(q.service_id),
		                           "time_zone", q.customer_id != NULL ? zone_name : "each customer's own",
		                           "priority", ticket_str_json(p->priority), "group_by", group_names[s.by],
		                           "pending_changes", (json_int_t)pending);
		if (*out != NULL) {
			json_object_set_new(*out, s.by == KPI_GROUP_NONE ? "months" : "groups", list);
			json_t *ageing = NULL;
			if (s.by == KPI_GROUP_NONE) {
				json_object_set_new(*out, "tco", tco);
				rc = kpi_ageing_now(app, q.customer_id, q.service_id, now, &ageing, e);
				json_object_set_new(*out, "ageing", ageing);
			}
			if (rc != 0) {
				json_decref(*out);
				*out = NULL;
			}
		}
	}
	for (size_t i = 0; i < KPI_MONTHS_MAX; i++) {
		kpi_acc_release(&s.months[i]);
	}
	for (size_t i = 0; i < s.ngroups; i++) {
		kpi_acc_release(&s.groups[i].acc);
	}
	free(s.groups);
	kpi_zones_free(zones);
	return rc;
}
