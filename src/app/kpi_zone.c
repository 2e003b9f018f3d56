/*
 * kpi_zone.c - see kpi_zone.h.  A handful of customers: a list, searched
 * linearly.  A zone that fails to load counts as UTC rather than failing
 * the figures (its name says so).
 */
#include "app/kpi_zone.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "domain/calendar.h"
#include "domain/kpi.h"

struct zone {
	char *customer_id;
	char *name;
	bool utc;
	struct tz tz;
};

struct kpi_zones {
	struct app *app;
	struct zone *v;
	size_t n;
};

struct kpi_zones *
kpi_zones_new(struct app *app)
{
	struct kpi_zones *z = xcalloc(1, sizeof(*z));

	z->app = app;
	return z;
}

void
kpi_zones_free(struct kpi_zones *z)
{
	if (z == NULL) {
		return;
	}
	for (size_t i = 0; i < z->n; i++) {
		free(z->v[i].customer_id);
		free(z->v[i].name);
		if (!z->v[i].utc) {
			tz_release(&z->v[i].tz);
		}
	}
	free(z->v);
	free(z);
}

/* The organisation's own time zone name (a copy), or NULL. */
static char *
org_zone_name(struct store *s, const char *id)
{
	struct store_record r = { 0 };
	struct err e;
	char *name = NULL;

	if (store_record_get(s, "organisation", id, &r, &e) == 0) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		const char *tz = json_string_value(json_object_get(doc, "timezone"));
		name = tz != NULL && tz[0] != '\0' ? xstrdup(tz) : NULL;
		json_decref(doc);
	}
	store_record_release(&r);
	return name;
}

static void
load(struct kpi_zones *z, struct zone *zn)
{
	struct err e;
	char *name = org_zone_name(z->app->store, zn->customer_id);

	if (name == NULL) {
		const char *sla = catalog_sla_zone_name(app_catalog_shared(z->app), zn->customer_id);
		name = sla != NULL ? xstrdup(sla) : NULL;
		app_catalog_done(z->app);
	}
	zn->utc = name == NULL || strcmp(name, "UTC") == 0 || calendar_zone_load(&zn->tz, name, &e) != 0;
	zn->name = xstrdup(zn->utc ? "UTC" : name);
	free(name);
}

const struct tz *
kpi_zones_get(struct kpi_zones *z, const char *customer_id, const char **name)
{
	*name = "UTC";
	if (customer_id == NULL || customer_id[0] == '\0') {
		return NULL;
	}
	for (size_t i = 0; i < z->n; i++) {
		if (strcmp(z->v[i].customer_id, customer_id) == 0) {
			*name = z->v[i].name;
			return z->v[i].utc ? NULL : &z->v[i].tz;
		}
	}
	z->v = xreallocarray(z->v, z->n + 1, sizeof(*z->v));
	struct zone *zn = &z->v[z->n++];
	memset(zn, 0, sizeof(*zn));
	zn->customer_id = xstrdup(customer_id);
	load(z, zn);
	*name = zn->name;
	return zn->utc ? NULL : &zn->tz;
}

int32_t
kpi_month_in(const struct tz *z, int64_t at)
{
	return (int32_t)kpi_month_of(z != NULL ? at + tz_utoff_at(z, at) : at);
}

int64_t
kpi_month_start_in(const struct tz *z, int64_t month)
{
	int64_t local = kpi_month_start(month);

	return z != NULL ? tz_local_to_utc(z, local) : local;
}
