/*
 * demo_world.c - the demo's eight services with their offerings and subjects,
 * its five customers with their service levels, the targets per level, and
 * the seeded generator.  Facts only: what is made of them is demo*.c's.
 */
#include "domain/demo_world.h"

#include <math.h>

const char *const demo_level_names[LEVELS] = { "Gold", "Silver", "Bronze" };

const int demo_target_min[LEVELS][2][4] = {
	[GOLD] = { { 15, 30, 120, 240 }, { 240, 480, 1440, 2400 } },
	[SILVER] = { { 30, 60, 240, 480 }, { 480, 960, 2400, 4800 } },
	[BRONZE] = { { 60, 120, 480, 960 }, { 960, 1440, 4800, 9600 } },
};

const struct demo_service demo_services[DEMO_NSERVICES] = {
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

const struct demo_customer demo_customers[DEMO_NCUSTOMERS] = {
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

int
demo_service_count(unsigned mask)
{
	int n = 0;

	for (int i = 0; i < DEMO_NSERVICES; i++) {
		n += (mask >> i) & 1;
	}
	return n;
}

json_t *
demo_service_names(unsigned mask)
{
	json_t *arr = json_array();

	for (int i = 0; i < DEMO_NSERVICES; i++) {
		if (mask & (1u << i)) {
			json_array_append_new(arr, json_string(demo_services[i].name));
		}
	}
	return arr;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

int
rng_below(struct rng *r, int n)
{
	return (int)(rng_unit(r) * n);
}

double
rng_lognormal(struct rng *r, double median, double sigma)
{
	double u1 = rng_unit(r), u2 = rng_unit(r);
	double z = sqrt(-2.0 * log(u1 > 1e-300 ? u1 : 1e-300)) * cos(2.0 * M_PI * u2);
	return median * exp(sigma * z);
}

int
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
