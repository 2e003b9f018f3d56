/*
 * dashboard.c - see dashboard.h.  Trends and the breakdown by customer read
 * the KPI engine's answer (so they count what docs/kpis.md counts, in each
 * customer's months); the workload per team and the deadlines walk the open
 * tickets in the store, which is exact at this instant where the rollups
 * may lag.  Customer scoping of the trends is kpi_query's.
 */
#include "app/dashboard.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/kpi.h"
#include "app/ticket.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "store/store.h"

/* One row of a breakdown: a label and its value, sorted before they become categories. */
struct row {
	char *label;
	double value;
};

static void
add_category(struct dashboard_chart *c, const char *label)
{
	c->categories = xreallocarray(c->categories, c->ncategories + 1, sizeof(*c->categories));
	c->categories[c->ncategories++] = xstrdup(label);
}

/* Allocates the values of every series for ncategories, all NAN. */
static void
alloc_values(struct dashboard_chart *c)
{
	for (size_t s = 0; s < c->nseries; s++) {
		c->values[s] = xreallocarray(NULL, c->ncategories, sizeof(double));
		for (size_t i = 0; i < c->ncategories; i++) {
			c->values[s][i] = NAN;
		}
	}
}

static double
num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static int
staff_only(const struct actor *actor, struct err *e)
{
	enum scope scope = SCOPE_NONE;

	if (!role_allows(actor->role, RESOURCE_TICKET, ACTION_READ, &scope) || scope != SCOPE_ALL) {
		return err_set(e, ERR_FORBIDDEN, "name", "this chart shows the whole desk and is for staff only");
	}
	return 0;
}

/* One series per key of kpi_query's months, one category per month. */
/* A month's figure by key, "nps.score" reaching into an object. */
static json_t *
figure_at(json_t *month, const char *key)
{
	const char *dot = strchr(key, '.');
	char outer[64];

	if (dot == NULL || (size_t)(dot - key) >= sizeof(outer)) {
		return json_object_get(month, key);
	}
	snprintf(outer, sizeof(outer), "%.*s", (int)(dot - key), key);
	return json_object_get(json_object_get(month, outer), dot + 1);
}

static int
trend(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
      const char *const *keys, struct dashboard_chart *c, struct err *e)
{
	struct kpi_params q = { .customer = p->customer, .service = p->service, .from = p->from, .to = p->to };
	json_t *out, *months, *m;
	size_t i;

	if (kpi_query(app, actor, &q, now, &out, e) != 0) {
		return -1;
	}
	months = json_object_get(out, "months");
	json_array_foreach(months, i, m)
	{
		add_category(c, json_string_value(json_object_get(m, "month")));
	}
	alloc_values(c);
	json_array_foreach(months, i, m)
	{
		for (size_t s = 0; s < c->nseries; s++) {
			c->values[s][i] = num(figure_at(m, keys[s]));
		}
	}
	json_decref(out);
	return 0;
}

static int
row_cmp_ascending(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (isnan(x->value) != isnan(y->value)) {
		return isnan(x->value) ? 1 : -1;
	}
	if (!isnan(x->value) && x->value != y->value) {
		return x->value < y->value ? -1 : 1;
	}
	return strcmp(x->label, y->label);
}

static int
row_cmp_descending(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->value != y->value) {
		return x->value > y->value ? -1 : 1;
	}
	return strcmp(x->label, y->label);
}

/* Makes the first DASHBOARD_MAX_ROWS rows (after sorting) the chart's one series; frees rows. */
static void
rows_to_chart(struct row *rows, size_t n, int (*cmp)(const void *, const void *), const char *empty,
              struct dashboard_chart *c)
{
	if (n > 0) {
		qsort(rows, n, sizeof(*rows), cmp);
	}
	for (size_t i = 0; i < n && i < DASHBOARD_MAX_ROWS; i++) {
		add_category(c, rows[i].label);
	}
	if (c->ncategories == 0) {
		add_category(c, empty);
	}
	alloc_values(c);
	for (size_t i = 0; i < n && i < DASHBOARD_MAX_ROWS; i++) {
		c->values[0][i] = rows[i].value;
	}
	for (size_t i = 0; i < n; i++) {
		free(rows[i].label);
	}
	free(rows);
}

static int
by_customer(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
            struct dashboard_chart *c, struct err *e)
{
	struct kpi_params q = {
		.customer = p->customer, .service = p->service, .from = p->from, .to = p->to, .group_by = "customer"
	};
	struct row *rows = NULL;
	size_t n = 0, i;
	json_t *out, *g;

	if (staff_only(actor, e) != 0 || kpi_query(app, actor, &q, now, &out, e) != 0) {
		return -1;
	}
	json_array_foreach(json_object_get(out, "groups"), i, g)
	{
		const char *name = json_string_value(json_object_get(json_object_get(g, "customer"), "name"));
		if (name == NULL) {
			continue; /* tickets without a customer */
		}
		rows = xreallocarray(rows, n + 1, sizeof(*rows));
		rows[n].label = xstrdup(name);
		rows[n++].value = num(json_object_get(g, "sla_compliance"));
	}
	json_decref(out);
	rows_to_chart(rows, n, row_cmp_ascending, "no customer", c);
	return 0;
}

/* Called for each open ticket in deadline order; returns 1 to stop, -1 on error. */
typedef int (*open_fn)(void *ctx, const struct store_ticket *t, struct err *e);

static int
each_open(struct app *app, const struct dashboard_params *p, open_fn fn, void *ctx, struct err *e)
{
	char customer[STORE_ID_MAX + 1], service[STORE_ID_MAX + 1];
	struct store_ticket_query q = { .open_only = true, .sort = STORE_TICKET_BY_DUE, .limit = STORE_PAGE_MAX };
	char *cursor = NULL;
	int rc = 0;

	if (ticket_filter_ref(app, CATALOG_ORGANISATION, p->customer, "customer", customer, &q.customer_id, e) != 0 ||
	    ticket_filter_ref(app, CATALOG_SERVICE, p->service, "service", service, &q.service_id, e) != 0) {
		return -1;
	}
	do {
		struct store_ticket_page page = { 0 };
		q.cursor = cursor;
		rc = store_ticket_list(app->store, &q, &page, e);
		for (size_t i = 0; rc == 0 && i < page.n; i++) {
			rc = fn(ctx, &page.rows[i], e);
		}
		free(cursor);
		cursor = rc == 0 && page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_ticket_page_release(&page);
	} while (cursor != NULL);
	return rc < 0 ? -1 : 0;
}

struct teams {
	struct row *rows; /* label: the team's id ("" for none) until named */
	size_t n;
};

static int
count_team(void *ctx, const struct store_ticket *t, struct err *e)
{
	struct teams *w = ctx;
	const char *id = t->team_id != NULL ? t->team_id : "";
	size_t i = 0;

	(void)e;
	while (i < w->n && strcmp(w->rows[i].label, id) != 0) {
		i++;
	}
	if (i == w->n) {
		w->rows = xreallocarray(w->rows, w->n + 1, sizeof(*w->rows));
		w->rows[w->n].label = xstrdup(id);
		w->rows[w->n++].value = 0;
	}
	w->rows[i].value += 1;
	return 0;
}

static int
workload(struct app *app, const struct actor *actor, const struct dashboard_params *p, struct dashboard_chart *c,
         struct err *e)
{
	struct teams w = { 0 };

	if (staff_only(actor, e) != 0 || each_open(app, p, count_team, &w, e) != 0) {
		rows_to_chart(w.rows, w.n, row_cmp_descending, "no open tickets", c);
		return -1;
	}
	struct catalog *cat = app_catalog(app);
	for (size_t i = 0; i < w.n; i++) {
		char *id = w.rows[i].label;
		w.rows[i].label = xstrdup(id[0] != '\0' ? catalog_name_of(cat, "organisation", id) : "no team");
		free(id);
	}
	app_catalog_done(app);
	rows_to_chart(w.rows, w.n, row_cmp_descending, "no open tickets", c);
	return 0;
}

struct due {
	int64_t now;
	int hours;
	double *counts; /* [0] overdue, [k] due in the k-th hour from now */
};

static int
count_due(void *ctx, const struct store_ticket *t, struct err *e)
{
	struct due *d = ctx;

	(void)e;
	if (t->next_due_at == TIME_NONE || t->next_due_at > d->now + (int64_t)d->hours * 3600) {
		return 1; /* deadline order: none of the rest falls in the window */
	}
	if (t->next_due_at <= d->now) {
		d->counts[0] += 1;
	} else {
		d->counts[(t->next_due_at - d->now + 3599) / 3600] += 1;
	}
	return 0;
}

static int
deadlines(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
          struct dashboard_chart *c, struct err *e)
{
	char label[32];

	if (p->hours < 1 || p->hours > DASHBOARD_HOURS_MAX) {
		return err_set(e, ERR_INVALID, "hours", "hours must be 1 to %d, not %d", DASHBOARD_HOURS_MAX, p->hours);
	}
	if (staff_only(actor, e) != 0) {
		return -1;
	}
	add_category(c, "overdue");
	for (int h = 1; h <= p->hours; h++) {
		snprintf(label, sizeof(label), "%d-%dh", h - 1, h);
		add_category(c, label);
	}
	alloc_values(c);
	for (size_t i = 0; i < c->ncategories; i++) {
		c->values[0][i] = 0;
	}
	struct due d = { now, p->hours, c->values[0] };
	return each_open(app, p, count_due, &d, e);
}

typedef int (*build_fn)(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
                        const char *const *keys, struct dashboard_chart *c, struct err *e);

static int
build_by_customer(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
                  const char *const *keys, struct dashboard_chart *c, struct err *e)
{
	(void)keys;
	return by_customer(app, actor, p, now, c, e);
}

static int
build_workload(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
               const char *const *keys, struct dashboard_chart *c, struct err *e)
{
	(void)keys;
	(void)now;
	return workload(app, actor, p, c, e);
}

static int
build_deadlines(struct app *app, const struct actor *actor, const struct dashboard_params *p, int64_t now,
                const char *const *keys, struct dashboard_chart *c, struct err *e)
{
	(void)keys;
	return deadlines(app, actor, p, now, c, e);
}

static const char *const compliance_keys[] = { "sla_compliance", "response_compliance", "resolution_compliance" };
static const char *const volume_keys[] = { "created", "resolved" };
static const char *const backlog_keys[] = { "backlog" };
static const char *const csat_keys[] = { "csat_average" };
static const char *const nps_keys[] = { "nps.score" };
static const char *const availability_keys[] = { "availability.availability" };

#define PERCENT                                                                                                        \
	.y_unit = "%", .y_fixed = true, .y_min = 0, .y_max = 100, .has_threshold = true, .threshold = 95,              \
	.threshold_label = "target 95 %"

/* Every chart: its name, where its data comes from, and how it looks. */
static const struct chart_def {
	const char *name;
	build_fn build;
	const char *const *keys; /* kpi_query's figure per series, for trends */
	struct dashboard_chart look;
} charts[] = {
	{ "compliance-trend",
	  trend,
	  compliance_keys,
	  { .kind = DASHBOARD_LINE,
	    .title = "SLA compliance per month",
	    PERCENT,
	    .series_names = { "SLA", "Response", "Resolution" },
	    .nseries = 3 } },
	{ "compliance-by-customer",
	  build_by_customer,
	  NULL,
	  { .kind = DASHBOARD_HBAR,
	    .title = "SLA compliance by customer",
	    PERCENT,
	    .series_names = { "SLA compliance" },
	    .nseries = 1 } },
	{ "volume-trend",
	  trend,
	  volume_keys,
	  { .kind = DASHBOARD_BAR,
	    .title = "Tickets created and resolved per month",
	    .y_unit = "tickets",
	    .series_names = { "Created", "Resolved" },
	    .nseries = 2 } },
	{ "backlog-trend",
	  trend,
	  backlog_keys,
	  { .kind = DASHBOARD_LINE,
	    .title = "Open tickets at each month's end",
	    .y_unit = "tickets",
	    .series_names = { "Backlog" },
	    .nseries = 1 } },
	{ "csat-trend",
	  trend,
	  csat_keys,
	  { .kind = DASHBOARD_LINE,
	    .title = "Customer satisfaction (average rating, 1-5)",
	    .y_fixed = true,
	    .y_min = 1,
	    .y_max = 5,
	    .series_names = { "CSAT average" },
	    .nseries = 1 } },
	{ "nps-trend",
	  trend,
	  nps_keys,
	  { .kind = DASHBOARD_LINE,
	    .title = "Net Promoter Score per month (-100 to 100)",
	    .y_fixed = true,
	    .y_min = -100,
	    .y_max = 100,
	    .series_names = { "NPS" },
	    .nseries = 1 } },
	{ "availability-trend",
	  trend,
	  availability_keys,
	  { .kind = DASHBOARD_LINE,
	    .title = "Availability per month",
	    .y_unit = "%",
	    .series_names = { "Availability" },
	    .nseries = 1 } },
	{ "workload-by-team",
	  build_workload,
	  NULL,
	  { .kind = DASHBOARD_HBAR,
	    .title = "Open tickets by team",
	    .y_unit = "tickets",
	    .series_names = { "Open tickets" },
	    .nseries = 1 } },
	{ "deadlines",
	  build_deadlines,
	  NULL,
	  { .kind = DASHBOARD_BAR,
	    .title = "Open tickets by next SLA deadline",
	    .y_unit = "tickets",
	    .series_names = { "Due" },
	    .nseries = 1 } },
};

int
dashboard_chart_build(struct app *app, const struct actor *actor, const char *name, const struct dashboard_params *p,
                      int64_t now, struct dashboard_chart *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; name != NULL && i < sizeof(charts) / sizeof(charts[0]); i++) {
		if (strcmp(name, charts[i].name) == 0) {
			*out = charts[i].look;
			return role_check_kind(actor, RESOURCE_TICKET, ACTION_READ, e) != 0
			               ? -1
			               : charts[i].build(app, actor, p, now, charts[i].keys, out, e);
		}
	}
	return err_set(e, ERR_NOT_FOUND, "name", "there is no chart '%.40s'", name != NULL ? name : "");
}

void
dashboard_chart_release(struct dashboard_chart *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < c->ncategories; i++) {
		free(c->categories[i]);
	}
	free(c->categories);
	for (size_t s = 0; s < DASHBOARD_MAX_SERIES; s++) {
		free(c->values[s]);
	}
	memset(c, 0, sizeof(*c));
}
