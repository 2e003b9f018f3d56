/*
 * demo.c - the demo organisation: calendars with Danish and UK holidays, a
 * provider's teams, five customers, a supplier, eight services with
 * offerings, then the agreements (demo_terms.c) and a year of tickets
 * (demo_tickets.c) arriving as a Poisson process weighted by weekday and
 * hour.  The same seed and "now" give the same records, byte for byte.
 */
#include "domain/demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/calendar.h"
#include "domain/demo_terms.h"
#include "domain/demo_tickets.h"
#include "domain/demo_world.h"

/* Easter Sunday (Gregorian), as days since 1970-01-01: the anonymous algorithm. */
static int64_t
easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return days_from_civil(y, month, day);
}

/* The n-th (1-based; -1 = last) weekday wd (0 = Monday) of a month. */
static int64_t
nth_weekday(int y, int month, int wd, int n)
{
	if (n > 0) {
		int64_t first = days_from_civil(y, month, 1);
		return first + (wd - weekday_from_days(first) + 7) % 7 + 7 * (n - 1);
	}
	int64_t last = days_from_civil(y, month, days_in_month(y, month));
	return last - (weekday_from_days(last) - wd + 7) % 7;
}

static void
add_date(json_t *arr, int64_t day)
{
	char text[11];
	json_array_append_new(arr, json_string(date_format(day, text)));
}

static json_t *
danish_holidays(int from, int to)
{
	json_t *arr = json_array();
	static const int after_easter[] = { -3, -2, 0, 1, 39, 49, 50 };

	for (int y = from; y <= to; y++) {
		int64_t e = easter(y);
		add_date(arr, days_from_civil(y, 1, 1));
		for (size_t i = 0; i < sizeof(after_easter) / sizeof(after_easter[0]); i++) {
			add_date(arr, e + after_easter[i]);
		}
		if (y < 2024) {
			add_date(arr, e + 26); /* Store bededag, abolished from 2024 */
		}
		add_date(arr, days_from_civil(y, 6, 5));
		add_date(arr, days_from_civil(y, 12, 24));
		add_date(arr, days_from_civil(y, 12, 25));
		add_date(arr, days_from_civil(y, 12, 26));
		add_date(arr, days_from_civil(y, 12, 31));
	}
	return arr;
}

static json_t *
uk_holidays(int from, int to)
{
	json_t *arr = json_array();

	for (int y = from; y <= to; y++) {
		int64_t e = easter(y);
		add_date(arr, days_from_civil(y, 1, 1));
		add_date(arr, e - 2);
		add_date(arr, e + 1);
		add_date(arr, nth_weekday(y, 5, 0, 1));
		add_date(arr, nth_weekday(y, 5, 0, -1));
		add_date(arr, nth_weekday(y, 8, 0, -1));
		add_date(arr, days_from_civil(y, 12, 25));
		add_date(arr, days_from_civil(y, 12, 26));
	}
	return arr;
}

static json_t *
week_of(const char *weekday, const char *friday, bool weekend)
{
	json_t *w = json_object();
	static const char *const days[] = { "mon", "tue", "wed", "thu" };

	for (int i = 0; i < 4; i++) {
		json_object_set_new(w, days[i], json_pack("[s]", weekday));
	}
	json_object_set_new(w, "fri", json_pack("[s]", friday));
	json_object_set_new(w, "sat", weekend ? json_pack("[s]", weekday) : json_array());
	json_object_set_new(w, "sun", weekend ? json_pack("[s]", weekday) : json_array());
	return w;
}

static const char *const teams[] = { "Service Desk", "Network", "Database", "Workplace" };

static const struct {
	const char *email, *name, *role, *team;
} staff[] = {
	{ "admin@levera.demo", "Ada Admin", "admin", "Service Desk" },
	{ "manager@levera.demo", "Mads Manager", "manager", "Service Desk" },
	{ "anna@levera.demo", "Anna Agent", "agent", "Service Desk" },
	{ "bo@levera.demo", "Bo Berg", "agent", "Service Desk" },
	{ "nina@levera.demo", "Nina Nielsen", "agent", "Network" },
	{ "dan@levera.demo", "Dan Dahl", "agent", "Database" },
	{ "wil@levera.demo", "Wil Winther", "agent", "Workplace" },
};

static int
emit_calendars(const struct demo_options *opt, demo_emit_fn emit, void *ctx, json_t *docs[2])
{
	int y = civil_from_days(floor_div(opt->now, DEMO_DAY_S)).year, rc;
	json_t *recs[3];

	recs[0] = json_pack("{s:s, s:s, s:s, s:o, s:o}", "kind", "calendar", "name", "DK office", "timezone",
	                    "Europe/Copenhagen", "week", week_of("08:00-16:00", "08:00-15:30", false), "holidays",
	                    danish_holidays(y - 2, y + 2));
	recs[1] = json_pack("{s:s, s:s, s:s, s:o, s:o}", "kind", "calendar", "name", "UK office", "timezone",
	                    "Europe/London", "week", week_of("09:00-17:30", "09:00-17:30", false), "holidays",
	                    uk_holidays(y - 2, y + 2));
	recs[2] = json_pack("{s:s, s:s, s:s, s:o, s:[]}", "kind", "calendar", "name", "24x7", "timezone",
	                    "Europe/Copenhagen", "week", week_of("00:00-24:00", "00:00-24:00", true), "holidays");
	rc = 0;
	for (int i = 0; i < 3 && rc == 0; i++) {
		rc = emit(ctx, recs[i]);
	}
	docs[0] = recs[0];
	docs[1] = recs[1];
	json_decref(recs[2]);
	return rc;
}

static int
emit_parties(demo_emit_fn emit, void *ctx)
{
	int rc = 0;
	char email[128];

	for (size_t i = 0; i < sizeof(teams) / sizeof(teams[0]) && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "kind", "organisation", "name", teams[i], "type", "team",
		                      "timezone", "Europe/Copenhagen");
		rc = emit(ctx, r);
		json_decref(r);
	}
	for (size_t i = 0; i < DEMO_NCUSTOMERS && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "kind", "organisation", "name", demo_customers[i].name,
		                      "type", "customer", "timezone", demo_customers[i].timezone);
		rc = emit(ctx, r);
		json_decref(r);
	}
	if (rc == 0) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "kind", "organisation", "name", "CloudHost Ltd", "type",
		                      "supplier", "description", "Data centre and cloud platform supplier");
		rc = emit(ctx, r);
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(staff) / sizeof(staff[0]) && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s]}", "kind", "user", "email", staff[i].email,
		                      "name", staff[i].name, "role", staff[i].role, "organisation", "Service Desk",
		                      "teams", staff[i].team);
		rc = emit(ctx, r);
		json_decref(r);
	}
	for (size_t i = 0; i < DEMO_NCUSTOMERS && rc == 0; i++) {
		for (int k = 0; k < 2 && rc == 0; k++) {
			const char *name = demo_customers[i].people[k];
			const char *space = strchr(name, ' ');
			snprintf(email, sizeof(email), "%.*s@%s", (int)(space - name), name, demo_customers[i].domain);
			for (char *p = email; *p != '\0'; p++) {
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			}
			json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "user", "email", email, "name", name,
			                      "role", "customer", "organisation", demo_customers[i].name);
			rc = emit(ctx, r);
			json_decref(r);
		}
	}
	return rc;
}

static int
emit_services(demo_emit_fn emit, void *ctx)
{
	int rc = 0;

	for (size_t i = 0; i < DEMO_NSERVICES && rc == 0; i++) {
		const struct demo_service *s = &demo_services[i];
		json_t *offerings = json_array();
		for (int l = 0; l < LEVELS; l++) {
			json_array_append_new(offerings,
			                      json_pack("{s:s, s:i, s:i}", "name", demo_level_names[l],
			                                "price_per_month", s->price[l], "unit_cost", s->unit_cost));
		}
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "kind", "service", "name", s->name,
		                      "description", s->description, "category", s->category, "owner", s->team,
		                      "lifecycle", "live", "currency", "DKK", "offerings", offerings);
		rc = emit(ctx, r);
		json_decref(r);
	}
	return rc;
}

/* Relative arrival rate of an hour: busy weekday mornings, quiet nights and weekends. */
static double
hour_weight(int64_t t)
{
	static const double by_weekday[7] = { 1.25, 1.1, 1.1, 1.1, 0.9, 0.15, 0.1 };
	static const double by_hour[24] = { 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.5, 1.6,  1.6,  1.6,  1.6,
		                            1.0,  1.3,  1.3,  1.3,  0.7,  0.3,  0.3, 0.3, 0.12, 0.12, 0.12, 0.12 };
	int64_t local = t + DEMO_HOUR_S; /* roughly Central European time; the demo needs no more */

	return by_weekday[weekday_from_days(floor_div(local, DEMO_DAY_S))] *
	       by_hour[(local % DEMO_DAY_S) / DEMO_HOUR_S];
}

static int
open_calendar_doc(json_t *rec, struct cal_spec *spec, struct tz *zone, struct calendar *cal, struct err *e)
{
	json_t *doc = json_deep_copy(rec);
	char *text;
	int rc;

	json_object_del(doc, "kind");
	text = json_dumps(doc, 0);
	rc = calendar_open(text, strlen(text), spec, zone, cal, e);
	free(text);
	json_decref(doc);
	return rc;
}

/*
 * The share of P1 incidents that are outages, per service: about per_month
 * outages of each service a month (a service is one platform for all its
 * customers), whatever the volume.
 */
static void
outage_shares(const struct demo_options *opt, double per_month, struct demo_desk *desk)
{
	for (size_t s = 0; s < DEMO_NSERVICES; s++) {
		double p1_per_month = 0;
		for (size_t i = 0; i < DEMO_NCUSTOMERS; i++) {
			const struct demo_customer *c = &demo_customers[i];
			/* incidents are 60 % of tickets, and 3 % of them arrive as P1 */
			if ((c->services >> s) & 1) {
				p1_per_month += (double)opt->tickets * c->weight / demo_service_count(c->services) *
				                0.6 * 0.03 / 12.0;
			}
		}
		desk->outage_share[s] = p1_per_month > per_month ? per_month / p1_per_month : 1.0;
	}
}

struct demo_run {
	struct cal_spec spec[2];
	struct tz zone[2];
	struct calendar cal[2];
	int nopen;
	struct demo_desk desk;
	int64_t windows[DEMO_NCUSTOMERS][DEMO_MAX_WINDOWS];
	size_t nwindows[DEMO_NCUSTOMERS], next_window[DEMO_NCUSTOMERS];
};

/* The catalog: calendars (opened for the tickets), parties, services and agreements. */
static int
emit_catalog(const struct demo_options *opt, struct demo_run *run, int64_t start, demo_emit_fn emit, void *ctx,
             struct err *e)
{
	json_t *caldocs[2] = { NULL, NULL };
	const struct tz *zones[DEMO_NCUSTOMERS];
	int rc = emit_calendars(opt, emit, ctx, caldocs);

	for (int i = 0; i < 2 && rc == 0; i++) {
		rc = open_calendar_doc(caldocs[i], &run->spec[i], &run->zone[i], &run->cal[i], e);
		run->nopen += rc == 0;
	}
	json_decref(caldocs[0]);
	json_decref(caldocs[1]);
	for (size_t i = 0; i < DEMO_NCUSTOMERS && rc == 0; i++) {
		int k = strcmp(demo_customers[i].calendar, "UK office") == 0 ? 1 : 0;
		run->desk.office[i] = &run->cal[k];
		zones[i] = &run->zone[k];
		/* The windows of the demo's year and the month after it. */
		run->nwindows[i] = demo_windows(zones[i], start, opt->now + 31 * (int64_t)DEMO_DAY_S, run->windows[i]);
	}
	if (rc == 0) {
		rc = emit_parties(emit, ctx);
	}
	if (rc == 0) {
		rc = emit_services(emit, ctx);
	}
	if (rc == 0) {
		rc = demo_emit_agreements(opt->now, start, opt->now + 31 * (int64_t)DEMO_DAY_S, zones, emit, ctx);
	}
	return rc;
}

/* Now and then a service stays down after a customer's maintenance window that started in hour h. */
static int
maintenance_tickets(struct rng *r, struct demo_run *run, int64_t h, long *made, demo_emit_fn emit, void *ctx)
{
	int rc = 0;

	for (size_t i = 0; i < DEMO_NCUSTOMERS && rc == 0; i++) {
		size_t *k = &run->next_window[i];
		while (*k < run->nwindows[i] && run->windows[i][*k] < h + DEMO_HOUR_S && rc == 0) {
			int64_t w = run->windows[i][(*k)++];
			if (w >= h && w + DEMO_WINDOW_S <= run->desk.now && rng_unit(r) < 0.2) {
				json_t *t = demo_maintenance_ticket(r, &run->desk, ++*made, w, i);
				rc = emit(ctx, t);
				json_decref(t);
			}
		}
	}
	return rc;
}

int
demo_generate(const struct demo_options *opt, demo_emit_fn emit, demo_progress_fn progress, void *ctx, struct err *e)
{
	struct rng r = { opt->seed != 0 ? opt->seed : 1 };
	struct demo_run *run;
	int64_t start = floor_div(opt->now, DEMO_HOUR_S) * DEMO_HOUR_S - 365 * (int64_t)DEMO_DAY_S;
	double total_w = 0;
	long made = 0;
	int rc;

	if (opt->tickets < 0 || opt->tickets > 10000000) {
		return err_set(e, ERR_INVALID, "tickets", "the demo makes 0 to 10,000,000 tickets");
	}
	run = xcalloc(1, sizeof(*run));
	run->desk.now = opt->now;
	outage_shares(opt, 2.0, &run->desk);
	rc = emit_catalog(opt, run, start, emit, ctx, e);
	for (int64_t h = start; h < start + 365 * (int64_t)DEMO_DAY_S; h += DEMO_HOUR_S) {
		total_w += hour_weight(h);
	}
	for (int64_t h = start; h < start + 365 * (int64_t)DEMO_DAY_S && rc == 0; h += DEMO_HOUR_S) {
		int arrivals = rng_poisson(&r, (double)opt->tickets * hour_weight(h) / total_w);
		for (int k = 0; k < arrivals && rc == 0; k++) {
			int64_t created = h + (int64_t)(rng_unit(&r) * DEMO_HOUR_S);
			double u = rng_unit(&r), acc = 0;
			size_t ci = 0;
			for (; ci + 1 < DEMO_NCUSTOMERS; ci++) {
				acc += demo_customers[ci].weight;
				if (u < acc) {
					break;
				}
			}
			if (created > opt->now) {
				continue;
			}
			json_t *t = demo_ticket(&r, &run->desk, ++made, created, ci);
			rc = emit(ctx, t);
			json_decref(t);
		}
		if (rc == 0) {
			rc = maintenance_tickets(&r, run, h, &made, emit, ctx);
		}
		if (progress != NULL && (h / DEMO_HOUR_S) % 168 == 0) {
			progress(ctx, made, opt->tickets);
		}
	}
	if (progress != NULL) {
		progress(ctx, made, made);
	}
	for (int i = 0; i < run->nopen; i++) {
		calendar_release(&run->cal[i]);
		tz_release(&run->zone[i]);
		cal_spec_release(&run->spec[i]);
	}
	free(run);
	return rc;
}
