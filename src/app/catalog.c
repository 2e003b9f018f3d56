/*
 * catalog.c - what import, export and the API need at hand: references
 * resolved to ids (cached), organisations' types, and every calendar and
 * agreement parsed and compiled, so a ticket's clocks cost no lookups.
 *
 * Not thread-safe: one catalog per importer or per request path that owns it.
 */
#include "app/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/id.h"
#include "base/strmap.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/calendar.h"
#include "domain/ticket_sla.h"

static const char *const kind_names[CATALOG_KIND_COUNT] = { "calendar",  "organisation", "user", "service",
	                                                    "agreement", "survey",       "cost" };

struct compiled_calendar {
	char id[ID_LEN + 1];
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
};

struct known_agreement {
	char id[ID_LEN + 1];
	json_t *doc; /* with references as ids; spec borrows nothing from it */
	struct agreement_spec spec;
};

struct catalog {
	struct store *store;
	struct strmap ids[CATALOG_KIND_COUNT]; /* reference (name, e-mail or id) -> id; "name-of:" id -> name */
	struct strmap org_types;               /* organisation id -> "customer" | "supplier" | "team" */
	struct compiled_calendar *cals;
	size_t ncals;
	struct known_agreement *agreements;
	size_t nagreements;
	struct priority_matrix matrix; /* the stored impact x urgency matrix, else the default */
};

const char *
catalog_kind_name(enum catalog_kind k)
{
	return (unsigned)k < CATALOG_KIND_COUNT ? kind_names[k] : "unknown";
}

const struct calendar *
catalog_calendar(void *ctx, const char *id)
{
	struct catalog *im = ctx;

	for (size_t i = 0; id != NULL && i < im->ncals; i++) {
		if (strcmp(im->cals[i].id, id) == 0) {
			return &im->cals[i].cal;
		}
	}
	return NULL;
}

/* Compiles and keeps a calendar document (references already ids). */
int
catalog_add_calendar(struct catalog *im, const char *id, const json_t *doc, struct err *e)
{
	struct compiled_calendar *c;
	char *text = json_dumps(doc, 0);
	int rc;

	im->cals = xreallocarray(im->cals, im->ncals + 1, sizeof(*im->cals));
	c = &im->cals[im->ncals];
	snprintf(c->id, sizeof(c->id), "%s", id);
	rc = calendar_open(text, strlen(text), &c->spec, &c->zone, &c->cal, e);
	free(text);
	if (rc == 0) {
		im->ncals++;
	}
	return rc;
}

int
catalog_add_agreement(struct catalog *im, const char *id, const json_t *doc, struct err *e)
{
	struct known_agreement *a;

	im->agreements = xreallocarray(im->agreements, im->nagreements + 1, sizeof(*im->agreements));
	a = &im->agreements[im->nagreements];
	snprintf(a->id, sizeof(a->id), "%s", id);
	if (agreement_from_json(&a->spec, doc, e) != 0) {
		return -1;
	}
	a->doc = json_deep_copy(doc);
	im->nagreements++;
	return 0;
}

/* Calls fn for every stored record of kind. */
/* Calls fn for every stored record of kind. */
struct each_ctx {
	struct catalog *catalog;
	int (*fn)(struct catalog *, const struct store_record *, struct err *);
};

static int
each_one(void *ctx, const struct store_record *r, struct err *e)
{
	struct each_ctx *x = ctx;

	return x->fn(x->catalog, r, e);
}

static int
each_record(struct catalog *im, const char *kind,
            int (*fn)(struct catalog *, const struct store_record *, struct err *), struct err *e)
{
	struct store_record_query q = { .kind = kind, .archived = STORE_ARCHIVED_EXCLUDE };
	struct each_ctx x = { im, fn };

	return store_record_each(im->store, &q, each_one, &x, e);
}

static int
load_one(struct catalog *c, const struct store_record *r, struct err *e)
{
	json_t *doc = json_loads(r->doc, 0, NULL);
	int rc;

	if (doc == NULL) {
		return err_set(e, ERR_INTERNAL, NULL, "stored %s '%s' is not JSON", r->kind, r->id);
	}
	bool is_calendar = strcmp(r->kind, "calendar") == 0;
	if (r->key != NULL) {
		catalog_remember(c, is_calendar ? CATALOG_CALENDAR : CATALOG_AGREEMENT, r->key, r->id);
	}
	rc = is_calendar ? catalog_add_calendar(c, r->id, doc, e) : catalog_add_agreement(c, r->id, doc, e);
	json_decref(doc);
	return rc;
}

/* The stored priority matrix (CATALOG_SETTING_KIND/CATALOG_MATRIX_ID), else the default. */
static int
load_matrix(struct catalog *c, struct err *e)
{
	struct store_record r = { 0 };
	struct err missing;
	int rc = 0;

	priority_matrix_default(&c->matrix);
	if (store_record_get(c->store, CATALOG_SETTING_KIND, CATALOG_MATRIX_ID, &r, &missing) == 0) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		rc = priority_matrix_from_json(&c->matrix, doc, e);
		if (rc != 0) {
			err_prefix_field(e, "priority_matrix");
		}
		json_decref(doc);
	}
	store_record_release(&r);
	return rc;
}

struct catalog *
catalog_new(struct store *s, struct err *e)
{
	struct catalog *c = xcalloc(1, sizeof(*c));

	c->store = s;
	for (int k = 0; k < CATALOG_KIND_COUNT; k++) {
		strmap_init(&c->ids[k]);
	}
	strmap_init(&c->org_types);
	if (each_record(c, "calendar", load_one, e) != 0 || each_record(c, "agreement", load_one, e) != 0 ||
	    load_matrix(c, e) != 0) {
		catalog_free(c);
		return NULL;
	}
	return c;
}

bool
catalog_calendar_promised_to(const struct catalog *c, const char *calendar_id, const char *org_id)
{
	for (size_t i = 0; org_id != NULL && calendar_id != NULL && i < c->nagreements; i++) {
		const struct agreement_spec *a = &c->agreements[i].spec;
		if (a->type != AGREEMENT_SLA || a->customer == NULL || strcmp(a->customer, org_id) != 0) {
			continue;
		}
		if (a->calendar != NULL && strcmp(a->calendar, calendar_id) == 0) {
			return true;
		}
		for (int t = 0; t < a->ntargets; t++) {
			if (a->targets[t].calendar != NULL && strcmp(a->targets[t].calendar, calendar_id) == 0) {
				return true;
			}
		}
	}
	return false;
}

const struct priority_matrix *
catalog_priority_matrix(const struct catalog *c)
{
	return &c->matrix;
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < c->ncals; i++) {
		calendar_release(&c->cals[i].cal);
		tz_release(&c->cals[i].zone);
		cal_spec_release(&c->cals[i].spec);
	}
	free(c->cals);
	for (size_t i = 0; i < c->nagreements; i++) {
		agreement_spec_release(&c->agreements[i].spec);
		json_decref(c->agreements[i].doc);
	}
	free(c->agreements);
	for (int k = 0; k < CATALOG_KIND_COUNT; k++) {
		strmap_release(&c->ids[k]);
	}
	strmap_release(&c->org_types);
	free(c);
}

void
catalog_remember(struct catalog *c, enum catalog_kind k, const char *ref, const char *id)
{
	strmap_put(&c->ids[k], ref, id);
	strmap_put(&c->ids[k], id, id);
}

void
catalog_remember_org_type(struct catalog *c, const char *id, const char *type)
{
	strmap_put(&c->org_types, id, type);
}

/*
 * The id of the record of kind k named (or with the id) ref; ERR_NOT_FOUND
 * naming field when there is none.  For organisations, its type goes to the
 * org_types cache.
 */
const char *
catalog_resolve(struct catalog *im, enum catalog_kind k, const char *ref, const char *field, struct err *e)
{
	struct store_record r = { 0 };
	const char *id = strmap_get(&im->ids[k], ref);
	struct err ignored;

	if (id != NULL) {
		return id;
	}
	if (store_record_get(im->store, kind_names[k], ref, &r, &ignored) != 0 &&
	    store_record_get_by_key(im->store, kind_names[k], ref, &r, &ignored) != 0) {
		err_set(e, ERR_NOT_FOUND, field, "no %s named '%.80s'", kind_names[k], ref);
		return NULL;
	}
	strmap_put(&im->ids[k], ref, r.id);
	strmap_put(&im->ids[k], r.id, r.id);
	if (k == CATALOG_ORGANISATION) {
		json_t *doc = json_loads(r.doc, 0, NULL);
		strmap_put(&im->org_types, r.id, json_string_value(json_object_get(doc, "type")));
		json_decref(doc);
	}
	store_record_release(&r);
	return strmap_get(&im->ids[k], ref);
}

/* Replaces doc[key] (a reference) by its id; absent or null is left alone. */
int
catalog_resolve_field(struct catalog *im, json_t *doc, const char *key, enum catalog_kind k, struct err *e)
{
	json_t *v = json_object_get(doc, key);
	const char *id;

	if (v == NULL || json_is_null(v) || !json_is_string(v)) {
		return 0;
	}
	id = catalog_resolve(im, k, json_string_value(v), key, e);
	if (id == NULL) {
		return -1;
	}
	json_object_set_new(doc, key, json_string(id));
	return 0;
}

int
catalog_resolve_field_in_place(struct catalog *im, json_t *doc, const char *key, enum catalog_kind k, struct err *e)
{
	json_t *v = json_object_get(doc, key);
	const char *id;

	if (v == NULL || !json_is_string(v)) {
		return 0;
	}
	id = catalog_resolve(im, k, json_string_value(v), key, e);
	if (id == NULL) {
		return -1;
	}
	/* An id is the name itself when the line gave the id: nothing to change. */
	if (strcmp(id, json_string_value(v)) != 0) {
		json_string_setn_nocheck(v, id, strlen(id));
	}
	return 0;
}

int
catalog_resolve_array(struct catalog *im, json_t *doc, const char *key, enum catalog_kind k, struct err *e)
{
	json_t *arr = json_object_get(doc, key), *v;
	size_t i;
	char field[48];

	json_array_foreach(arr, i, v)
	{
		const char *id;
		if (!json_is_string(v)) {
			continue;
		}
		snprintf(field, sizeof(field), "%s[%zu]", key, i);
		id = catalog_resolve(im, k, json_string_value(v), field, e);
		if (id == NULL) {
			return -1;
		}
		json_array_set_new(arr, i, json_string(id));
	}
	return 0;
}

/* The organisation id's type must be one of the allowed ones. */
int
catalog_require_org_type(struct catalog *im, const char *id, const char *field, const char *allowed, struct err *e)
{
	const char *type = strmap_get(&im->org_types, id);

	if (type == NULL || strstr(allowed, type) == NULL) {
		return err_set(e, ERR_INVALID, field, "'%s' must be a %s organisation, not a %s", id, allowed,
		               type != NULL ? type : "missing");
	}
	return 0;
}

/* The agreements whose clocks run on a ticket of this customer and service created on day. */
size_t
catalog_applicable(struct catalog *im, const char *customer, const char *service, int64_t day,
                   const struct agreement_spec **out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < im->nagreements && n < cap; i++) {
		const struct agreement_spec *a = &im->agreements[i].spec;
		bool ola = a->type == AGREEMENT_OLA && agreement_covers(a, service) && agreement_in_force(a, day);
		if (agreement_applies(a, customer, service, day) || ola) {
			out[n++] = a;
		}
	}
	return n;
}

json_t *
catalog_ticket_sla(struct catalog *im, const struct store_ticket *t, const struct store_event_list *events,
                   int64_t as_of, struct err *e)
{
	struct ticket_event evs[CATALOG_MAX_EVENTS];
	const struct agreement_spec *ags[16];
	struct ticket_sla sla;
	json_t *docs = json_array(), *out = NULL;
	size_t n = events->n < CATALOG_MAX_EVENTS ? events->n : CATALOG_MAX_EVENTS;

	for (size_t i = 0; i < n; i++) {
		json_t *doc = json_loads(events->v[i].doc, 0, NULL);
		json_array_append_new(docs, doc != NULL ? doc : json_object());
		if (ticket_event_from_json(&evs[i], json_array_get(docs, i), e) != 0) {
			goto done;
		}
	}
	if (n == 0) {
		out = json_array();
		goto done;
	}
	size_t nags = catalog_applicable(im, t->customer_id, t->service_id, floor_div(evs[0].at, 86400), ags, 16);
	if (ticket_sla_eval(evs, n, ags, nags, catalog_calendar, im, as_of, &sla, e) == 0) {
		out = ticket_sla_to_json(&sla);
	}
done:
	json_decref(docs);
	return out;
}

const char *
catalog_name_of(struct catalog *im, const char *kind, const char *id)
{
	static const char prefix[] = "name-of:";
	struct store_record r = { 0 };
	struct err ignored;
	char key[sizeof(prefix) + 64];
	int k = 0;

	while (k < CATALOG_KIND_COUNT && strcmp(kind_names[k], kind) != 0) {
		k++;
	}
	if (id == NULL || k == CATALOG_KIND_COUNT) {
		return id;
	}
	snprintf(key, sizeof(key), "%s%.60s", prefix, id);
	if (strmap_get(&im->ids[k], key) == NULL) {
		if (store_record_get(im->store, kind, id, &r, &ignored) != 0 || r.key == NULL) {
			store_record_release(&r);
			return id;
		}
		strmap_put(&im->ids[k], key, r.key);
		store_record_release(&r);
	}
	return strmap_get(&im->ids[k], key);
}

const char *
catalog_agreement_id(const struct catalog *c, const struct agreement_spec *a)
{
	for (size_t i = 0; i < c->nagreements; i++) {
		if (&c->agreements[i].spec == a) {
			return c->agreements[i].id;
		}
	}
	return NULL;
}

const char *
catalog_sla_zone_name(const struct catalog *c, const char *org_id)
{
	for (size_t i = 0; org_id != NULL && i < c->nagreements; i++) {
		const struct agreement_spec *a = &c->agreements[i].spec;
		if (a->type != AGREEMENT_SLA || a->customer == NULL || strcmp(a->customer, org_id) != 0) {
			continue;
		}
		const char *cal = a->calendar != NULL ? a->calendar : a->ntargets > 0 ? a->targets[0].calendar : NULL;
		for (size_t k = 0; cal != NULL && k < c->ncals; k++) {
			if (strcmp(c->cals[k].id, cal) == 0) {
				return c->cals[k].spec.timezone;
			}
		}
	}
	return NULL;
}

/* Adds a record's id, version and archived flag to the fingerprint ctx points to. */
static int
fingerprint_one(void *ctx, const struct store_record *r, struct err *e)
{
	uint64_t *h = ctx;

	(void)e;
	for (const char *p = r->id; *p != '\0'; p++) {
		*h = (*h ^ (unsigned char)*p) * 0x100000001b3ull;
	}
	*h = (*h ^ (uint64_t)r->version) * 0x100000001b3ull;
	*h = (*h ^ (uint64_t)r->archived) * 0x100000001b3ull;
	return 0;
}

int
catalog_fingerprint(struct store *s, const char *const *kinds, size_t nkinds, uint64_t *out, struct err *e)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t k = 0; k < nkinds; k++) {
		struct store_record_query q = { .kind = kinds[k], .archived = STORE_ARCHIVED_INCLUDE };
		if (store_record_each(s, &q, fingerprint_one, &h, e) != 0) {
			return -1;
		}
	}
	*out = h;
	return 0;
}

size_t
catalog_agreement_count(const struct catalog *c)
{
	return c->nagreements;
}

const struct agreement_spec *
catalog_agreement_at(const struct catalog *c, size_t i, const char **id)
{
	*id = c->agreements[i].id;
	return &c->agreements[i].spec;
}

const struct cal_spec *
catalog_calendar_spec(const struct catalog *c, const char *id)
{
	for (size_t i = 0; id != NULL && i < c->ncals; i++) {
		if (strcmp(c->cals[i].id, id) == 0) {
			return &c->cals[i].spec;
		}
	}
	return NULL;
}
