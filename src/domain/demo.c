/*
 * demo.c - the demo organisation: calendars with Danish and UK holidays, a
 * provider's teams, five customers, a supplier, eight services with
 * offerings, SLAs, OLAs and a UC, and a year of tickets.
 *
 * Tickets arrive as a Poisson process weighted by weekday and hour; staff
 * act in business time (deadlines are computed on the office calendar), so
 * responses land in office hours, some tickets wait on customers, a few
 * change priority or reopen, and most are resolved well inside their
 * targets while a realistic tail is not.  Events after "now" are cut, which
 * leaves the last days' tickets open at every stage.
 */
#include "domain/demo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/calendar.h"

#define DAY_S 86400
#define HOUR_S 3600

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static int
rng_below(struct rng *r, int n)
{
	return (int)(rng_unit(r) * n);
}

/* Log-normal with the given median and spread (sigma of the underlying normal). */
static double
rng_lognormal(struct rng *r, double median, double sigma)
{
	double u1 = rng_unit(r), u2 = rng_unit(r);
	double z = sqrt(-2.0 * log(u1 > 1e-300 ? u1 : 1e-300)) * cos(2.0 * M_PI * u2);
	return median * exp(sigma * z);
}

static int
rng_poisson(struct rng *r, double lambda)
{
	double limit = exp(-lambda), p = rng_unit(r);
	int k = 0;

	while (p > limit && k < 1000) {
		p *= rng_unit(r);
		k++;
	}
	return k;
}

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

enum { GOLD, SILVER, BRONZE, LEVELS };

static const char *const level_names[LEVELS] = { "Gold", "Silver", "Bronze" };

/* Targets in business minutes: [level][metric][priority], metric 0 response, 1 resolution. */
static const int target_min[LEVELS][2][4] = {
	[GOLD] = { { 15, 30, 120, 240 }, { 240, 480, 1440, 2400 } },
	[SILVER] = { { 30, 60, 240, 480 }, { 480, 960, 2400, 4800 } },
	[BRONZE] = { { 60, 120, 480, 960 }, { 960, 1440, 4800, 9600 } },
};

struct demo_service {
	const char *name, *category, *team, *description;
	int price[LEVELS]; /* per month */
	int unit_cost;
	const char *subjects[4];
};

static const struct demo_service services[] = {
	{ "E-mail",
	  "Collaboration",
	  "Service Desk",
	  "Hosted mailboxes, calendars and spam filtering",
	  { 9500, 6500, 4200 },
	  38,
	  { "Mail delayed", "Cannot open shared mailbox", "Spam getting through", "Calendar invites not arriving" } },
	{ "Web hosting",
	  "Hosting",
	  "Network",
	  "Managed web servers, TLS certificates and CDN",
	  { 14000, 9800, 6000 },
	  120,
	  { "Website slow", "Certificate expires soon", "502 errors on checkout", "Deploy failed" } },
	{ "ERP",
	  "Business applications",
	  "Database",
	  "The ERP platform, its database and integrations",
	  { 32000, 22000, 15000 },
	  410,
	  { "Invoice run stuck", "Report times out", "Integration queue backlog", "User cannot post journal" } },
	{ "Network",
	  "Infrastructure",
	  "Network",
	  "LAN, Wi-Fi, VPN and site links",
	  { 18000, 12500, 8000 },
	  95,
	  { "VPN drops every hour", "Wi-Fi weak in meeting room", "Site link down", "New switch port needed" } },
	{ "Workplace",
	  "End-user computing",
	  "Workplace",
	  "Laptops, phones, printers and the software on them",
	  { 11000, 7800, 5200 },
	  55,
	  { "Laptop will not boot", "New starter needs equipment", "Printer offline", "Software install request" } },
	{ "Backup",
	  "Infrastructure",
	  "Database",
	  "Backup and restore of servers and SaaS data",
	  { 7000, 4800, 3100 },
	  30,
	  { "Restore a deleted folder", "Backup job failed", "Retention change request",
	    "Verify last night's backup" } },
	{ "Identity and access",
	  "Security",
	  "Service Desk",
	  "Accounts, MFA, single sign-on and access reviews",
	  { 8500, 5900, 3800 },
	  22,
	  { "Password reset", "MFA device lost", "Access to finance share", "Leaver account disable" } },
	{ "Telephony",
	  "Collaboration",
	  "Workplace",
	  "Teams telephony, numbers and call queues",
	  { 6000, 4200, 2800 },
	  18,
	  { "Call queue not ringing", "Port a number", "Voicemail to e-mail broken", "New extension" } },
};
#define NSERVICES (sizeof(services) / sizeof(services[0]))

struct demo_customer {
	const char *name, *timezone, *calendar, *domain;
	int level;
	double weight;
	unsigned services; /* bit i = services[i] */
	const char *people[2];
};

static const struct demo_customer customers[] = {
	{ "Acme A/S",
	  "Europe/Copenhagen",
	  "DK office",
	  "acme.example",
	  GOLD,
	  0.32,
	  0xff,
	  { "Ole Hansen", "Sofie Lund" } },
	{ "Nordlys Energi A/S",
	  "Europe/Copenhagen",
	  "DK office",
	  "nordlys.example",
	  SILVER,
	  0.22,
	  0x5d,
	  { "Jens Holm", "Ida Kjær" } },
	{ "Fjord Logistics ApS",
	  "Europe/Copenhagen",
	  "DK office",
	  "fjord.example",
	  BRONZE,
	  0.16,
	  0x39,
	  { "Lars Dahl", "Emma Bach" } },
	{ "Baltic Retail Group",
	  "Europe/London",
	  "UK office",
	  "baltic.example",
	  SILVER,
	  0.18,
	  0xd3,
	  { "Tom Reed", "Ruth Cole" } },
	{ "Helix Pharma Ltd",
	  "Europe/London",
	  "UK office",
	  "helix.example",
	  GOLD,
	  0.12,
	  0x67,
	  { "Priya Shah", "Mark Ellis" } },
};
#define NCUSTOMERS (sizeof(customers) / sizeof(customers[0]))

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
	int y = civil_from_days(floor_div(opt->now, DAY_S)).year, rc;
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
	for (size_t i = 0; i < NCUSTOMERS && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "kind", "organisation", "name", customers[i].name, "type",
		                      "customer", "timezone", customers[i].timezone);
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
	for (size_t i = 0; i < NCUSTOMERS && rc == 0; i++) {
		for (int k = 0; k < 2 && rc == 0; k++) {
			const char *name = customers[i].people[k];
			const char *space = strchr(name, ' ');
			snprintf(email, sizeof(email), "%.*s@%s", (int)(space - name), name, customers[i].domain);
			for (char *p = email; *p != '\0'; p++) {
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			}
			json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "user", "email", email, "name", name,
			                      "role", "customer", "organisation", customers[i].name);
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

	for (size_t i = 0; i < NSERVICES && rc == 0; i++) {
		const struct demo_service *s = &services[i];
		json_t *offerings = json_array();
		for (int l = 0; l < LEVELS; l++) {
			json_array_append_new(offerings,
			                      json_pack("{s:s, s:i, s:i}", "name", level_names[l], "price_per_month",
			                                s->price[l], "unit_cost", s->unit_cost));
		}
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "kind", "service", "name", s->name,
		                      "description", s->description, "category", s->category, "owner", s->team,
		                      "lifecycle", "live", "currency", "DKK", "offerings", offerings);
		rc = emit(ctx, r);
		json_decref(r);
	}
	return rc;
}

static json_t *
targets_of(int level, double scale, const char *calendar)
{
	json_t *arr = json_array();

	for (int m = 0; m < 2; m++) {
		for (int p = 0; p < 4; p++) {
			char prio[3] = { 'P', (char)('1' + p), '\0' };
			json_t *t =
			        json_pack("{s:s, s:s, s:I}", "metric", m == 0 ? "response" : "resolution", "priority",
			                  prio, "duration", (json_int_t)(target_min[level][m][p] * 60 * scale));
			if (calendar != NULL) {
				json_object_set_new(t, "calendar", json_string(calendar));
			}
			json_array_append_new(arr, t);
		}
	}
	return arr;
}

static json_t *
names_of_services(unsigned mask)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < NSERVICES; i++) {
		if (mask & (1u << i)) {
			json_array_append_new(arr, json_string(services[i].name));
		}
	}
	return arr;
}

static int
emit_agreements(const struct demo_options *opt, demo_emit_fn emit, void *ctx)
{
	int y = civil_from_days(floor_div(opt->now, DAY_S)).year, rc = 0;
	char from[11], to[11], name[96];

	date_format(days_from_civil(y - 2, 1, 1), from);
	date_format(days_from_civil(y + 1, 12, 31), to);
	for (size_t i = 0; i < NCUSTOMERS && rc == 0; i++) {
		const struct demo_customer *c = &customers[i];
		snprintf(name, sizeof(name), "%s SLA", c->name);
		json_t *components = json_pack(
		        "{s:s, s:s, s:s, s:s, s:s}", "service_description",
		        "The services listed, delivered at the agreed service level.", "measurement",
		        "Response and resolution in business hours of the named calendar, measured by Levera from "
		        "ticket "
		        "events; paused while waiting on the customer.",
		        "customer_obligations",
		        "Report incidents through the portal or service desk; answer questions promptly.", "guarantees",
		        "Resolution compliance below 95 % in a month: 5 % of the monthly fee is credited.",
		        "termination", "Six months' notice to the end of a quarter.");
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:[s], s:o, s:o}", "kind",
		                      "agreement", "name", name, "type", "sla", "status", "active", "customer", c->name,
		                      "provider", "Service Desk", "services", names_of_services(c->services),
		                      "valid_from", from, "valid_to", to, "calendar", c->calendar, "pause_statuses",
		                      "waiting_on_customer", "components", components, "targets",
		                      targets_of(c->level, 1.0, NULL));
		rc = emit(ctx, r);
		json_decref(r);
	}
	static const struct {
		const char *name, *type, *provider, *calendar;
		unsigned services;
	} support[] = {
		{ "Network OLA", "ola", "Network", "DK office", 0x0b },
		{ "Database OLA", "ola", "Database", "DK office", 0x24 },
		{ "CloudHost UC", "uc", "CloudHost Ltd", "24x7", 0x22 },
	};
	for (size_t i = 0; i < sizeof(support) / sizeof(support[0]) && rc == 0; i++) {
		json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o}", "kind",
		                      "agreement", "name", support[i].name, "type", support[i].type, "status", "active",
		                      "customer", "Service Desk", "provider", support[i].provider, "services",
		                      names_of_services(support[i].services), "valid_from", from, "valid_to", to,
		                      "calendar", support[i].calendar, "underpins", "Acme A/S SLA", "targets",
		                      targets_of(GOLD, 0.5, NULL));
		rc = emit(ctx, r);
		json_decref(r);
	}
	return rc;
}

/* Business time on the office calendar: when staff working `seconds` from t are done. */
static int64_t
work(const struct calendar *cal, int64_t t, double seconds)
{
	int64_t due;

	if (seconds < 60) {
		seconds = 60;
	}
	return calendar_due(cal, t, (int64_t)seconds, &due, NULL) == 0 ? due : t + (int64_t)seconds;
}

struct ticket_build {
	json_t *events;
	int64_t now, last;
	bool cut;
};

static void
event(struct ticket_build *b, int64_t at, json_t *ev)
{
	char when[RFC3339_LEN];

	if (b->cut || at > b->now) {
		b->cut = true;
		json_decref(ev);
		return;
	}
	if (at < b->last) {
		at = b->last;
	}
	b->last = at;
	json_object_set_new(ev, "at", json_string(rfc3339_format(at, when)));
	json_array_append_new(b->events, ev);
}

static const char *
pick_priority(struct rng *r, const char *type)
{
	double u = rng_unit(r);

	if (strcmp(type, "incident") == 0) {
		return u < 0.03 ? "P1" : u < 0.15 ? "P2" : u < 0.60 ? "P3" : "P4";
	}
	if (strcmp(type, "problem") == 0) {
		return u < 0.4 ? "P2" : "P3";
	}
	return u < 0.5 ? "P3" : "P4";
}

static json_t *
make_ticket(struct rng *r, long seq, int64_t created, const struct demo_customer *c, const struct calendar *cal,
            int64_t now)
{
	static const char *const types[] = { "incident", "service_request", "problem", "change" };
	struct ticket_build b = { .events = json_array(), .now = now, .last = created };
	size_t si;
	int n = 0;
	char ref[32];

	/* A service of the customer's, uniformly. */
	for (size_t i = 0; i < NSERVICES; i++) {
		n += (c->services >> i) & 1;
	}
	int k = rng_below(r, n);
	for (si = 0; si < NSERVICES; si++) {
		if (((c->services >> si) & 1) && k-- == 0) {
			break;
		}
	}
	const struct demo_service *s = &services[si];
	double u = rng_unit(r);
	const char *type = types[u < 0.6 ? 0 : u < 0.9 ? 1 : u < 0.95 ? 2 : 3];
	const char *prio = pick_priority(r, type);
	int p = prio[1] - '1';
	double resp_s = target_min[c->level][0][p] * 60.0, res_s = target_min[c->level][1][p] * 60.0;

	event(&b, created, json_pack("{s:s}", "type", "created"));
	int64_t t = work(cal, created, rng_lognormal(r, 0.08 * resp_s, 0.6));
	event(&b, t,
	      json_pack("{s:s, s:s, s:s}", "type", "assign", "team", "Service Desk", "agent",
	                rng_below(r, 2) == 0 ? "anna@levera.demo" : "bo@levera.demo"));
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "assigned"));
	/* About 7 % of responses miss their target. */
	t = work(cal, created, rng_lognormal(r, 0.35 * resp_s, 0.7));
	event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "agent"));
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
	if (strcmp(s->team, "Service Desk") != 0 && rng_unit(r) < 0.6) {
		t = work(cal, t, rng_lognormal(r, 0.08 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:s}", "type", "assign", "team", s->team));
	}
	if (rng_unit(r) < 0.4) {
		t = work(cal, t, rng_lognormal(r, 0.05 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 0, "by", "agent"));
	}
	if (rng_unit(r) < 0.3) {
		t = work(cal, t, rng_lognormal(r, 0.1 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "waiting_on_customer"));
		t += (int64_t)rng_lognormal(r, 20.0 * HOUR_S, 1.0);
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "customer"));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
	}
	if (rng_unit(r) < 0.05) {
		char to[3] = { 'P', (char)('1' + (p == 0 ? 1 : p - 1)), '\0' };
		t = work(cal, t, rng_lognormal(r, 0.05 * res_s, 0.5));
		event(&b, t, json_pack("{s:s, s:s}", "type", "priority", "to", to));
	}
	/* Handling time after the last step: a median of 20 % of the target, with a long tail. */
	t = work(cal, t, rng_lognormal(r, 0.2 * res_s, 0.85));
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "resolved"));
	if (rng_unit(r) < 0.03) {
		t += (int64_t)rng_lognormal(r, 30.0 * HOUR_S, 0.6);
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "customer"));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
		t = work(cal, t, rng_lognormal(r, 0.15 * res_s, 0.7));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "resolved"));
	}
	event(&b, t + 5 * DAY_S, json_pack("{s:s, s:s}", "type", "status", "to", "closed"));
	snprintf(ref, sizeof(ref), "DEMO-%06ld", seq);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "kind", "ticket", "ref", ref, "type", type,
	                 "customer", c->name, "service", s->name, "priority", prio, "subject",
	                 s->subjects[rng_below(r, 4)], "events", b.events);
}

/* Relative arrival rate of an hour: busy weekday mornings, quiet nights and weekends. */
static double
hour_weight(int64_t t)
{
	static const double by_weekday[7] = { 1.25, 1.1, 1.1, 1.1, 0.9, 0.15, 0.1 };
	static const double by_hour[24] = { 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.5, 1.6,  1.6,  1.6,  1.6,
		                            1.0,  1.3,  1.3,  1.3,  0.7,  0.3,  0.3, 0.3, 0.12, 0.12, 0.12, 0.12 };
	int64_t local = t + HOUR_S; /* roughly Central European time; the demo needs no more */

	return by_weekday[weekday_from_days(floor_div(local, DAY_S))] * by_hour[(local % DAY_S) / HOUR_S];
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

int
demo_generate(const struct demo_options *opt, demo_emit_fn emit, demo_progress_fn progress, void *ctx, struct err *e)
{
	struct rng r = { opt->seed != 0 ? opt->seed : 1 };
	struct cal_spec spec[2];
	struct tz zone[2];
	struct calendar cal[2];
	json_t *caldocs[2] = { NULL, NULL };
	int64_t start = floor_div(opt->now, HOUR_S) * HOUR_S - 365 * (int64_t)DAY_S;
	double total_w = 0;
	long made = 0;
	int rc;

	if (opt->tickets < 0 || opt->tickets > 10000000) {
		return err_set(e, ERR_INVALID, "tickets", "the demo makes 0 to 10,000,000 tickets");
	}
	rc = emit_calendars(opt, emit, ctx, caldocs);
	if (rc == 0) {
		rc = emit_parties(emit, ctx);
	}
	if (rc == 0) {
		rc = emit_services(emit, ctx);
	}
	if (rc == 0) {
		rc = emit_agreements(opt, emit, ctx);
	}
	if (rc != 0) {
		json_decref(caldocs[0]);
		json_decref(caldocs[1]);
		return rc;
	}
	for (int i = 0; i < 2; i++) {
		if (open_calendar_doc(caldocs[i], &spec[i], &zone[i], &cal[i], e) != 0) {
			json_decref(caldocs[0]);
			json_decref(caldocs[1]);
			return -1;
		}
		json_decref(caldocs[i]);
	}
	for (int64_t h = start; h < start + 365 * (int64_t)DAY_S; h += HOUR_S) {
		total_w += hour_weight(h);
	}
	for (int64_t h = start; h < start + 365 * (int64_t)DAY_S && rc == 0; h += HOUR_S) {
		int arrivals = rng_poisson(&r, (double)opt->tickets * hour_weight(h) / total_w);
		for (int k = 0; k < arrivals && rc == 0; k++) {
			int64_t created = h + (int64_t)(rng_unit(&r) * HOUR_S);
			double u = rng_unit(&r), acc = 0;
			size_t ci = 0;
			for (; ci + 1 < NCUSTOMERS; ci++) {
				acc += customers[ci].weight;
				if (u < acc) {
					break;
				}
			}
			const struct demo_customer *c = &customers[ci];
			const struct calendar *office = &cal[strcmp(c->calendar, "UK office") == 0 ? 1 : 0];
			if (created > opt->now) {
				continue;
			}
			json_t *t = make_ticket(&r, ++made, created, c, office, opt->now);
			rc = emit(ctx, t);
			json_decref(t);
		}
		if (progress != NULL && (h / HOUR_S) % 168 == 0) {
			progress(ctx, made, opt->tickets);
		}
	}
	if (progress != NULL) {
		progress(ctx, made, made);
	}
	for (int i = 0; i < 2; i++) {
		calendar_release(&cal[i]);
		tz_release(&zone[i]);
		cal_spec_release(&spec[i]);
	}
	return rc;
}
