/*
 * catalog.h - the records a ticket's clocks depend on, at hand: references
 * resolved to ids (by name, e-mail or id, cached), organisations' types, and
 * every calendar and agreement parsed and compiled.  Import, export and the
 * API build their tickets' `sla` arrays through it.
 */
#ifndef LEVERA_APP_CATALOG_H
#define LEVERA_APP_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/agreement.h"
#include "domain/ticket.h"
#include "store/store.h"

#define CATALOG_MAX_EVENTS 256

enum catalog_kind {
	CATALOG_CALENDAR,
	CATALOG_ORGANISATION,
	CATALOG_USER,
	CATALOG_SERVICE,
	CATALOG_AGREEMENT,
	CATALOG_SURVEY, /* survey answers and cost records: records, but nothing refers to them by name */
	CATALOG_COST,
	CATALOG_KIND_COUNT
};

struct catalog;

/* A catalog of s with the calendars and agreements stored now.  Free with catalog_free(). */
struct catalog *catalog_new(struct store *s, struct err *e);
void catalog_free(struct catalog *c);

/* "calendar", "organisation", ... */
const char *catalog_kind_name(enum catalog_kind k);

/*
 * The id of the record of kind k named (or with the id) ref, or NULL with
 * ERR_NOT_FOUND naming field.  Valid until the catalog changes.
 */
const char *catalog_resolve(struct catalog *c, enum catalog_kind k, const char *ref, const char *field, struct err *e);

/* Replaces doc[key] (a reference, if present) by its id. */
int catalog_resolve_field(struct catalog *c, json_t *doc, const char *key, enum catalog_kind k, struct err *e);

/*
 * As catalog_resolve_field(), but the string value itself takes the id: for
 * a doc the caller owns alone, whose values no one else holds.
 */
int catalog_resolve_field_in_place(struct catalog *c, json_t *doc, const char *key, enum catalog_kind k, struct err *e);

/* Replaces each reference in the array doc[key] by its id. */
int catalog_resolve_array(struct catalog *c, json_t *doc, const char *key, enum catalog_kind k, struct err *e);

/* Fails naming field unless organisation id's type is one of allowed ("customer", "team", "supplier"). */
int catalog_require_org_type(struct catalog *c, const char *id, const char *field, const char *allowed, struct err *e);

/* Records that ref names the record id (after creating or finding it). */
void catalog_remember(struct catalog *c, enum catalog_kind k, const char *ref, const char *id);
void catalog_remember_org_type(struct catalog *c, const char *id, const char *type);

/* Adds a stored calendar or agreement document (references as ids). */
int catalog_add_calendar(struct catalog *c, const char *id, const json_t *doc, struct err *e);
int catalog_add_agreement(struct catalog *c, const char *id, const json_t *doc, struct err *e);

/* The compiled calendar with id; an agreement_calendar_fn with the catalog as ctx. */
const struct calendar *catalog_calendar(void *ctx, const char *id);

/* The agreements whose clocks run on a ticket of customer and service created on local day (SLAs and OLAs). */
size_t catalog_applicable(struct catalog *c, const char *customer, const char *service, int64_t day,
                          const struct agreement_spec **out, size_t cap);

/* The `sla` array (a new reference) of a stored ticket as of as_of; NULL with e on failure. */
json_t *catalog_ticket_sla(struct catalog *c, const struct store_ticket *t, const struct store_event_list *events,
                           int64_t as_of, struct err *e);

/*
 * A fingerprint of the stored records of the nkinds kinds (their ids,
 * versions and archived flags): when it changes, something derived from
 * them needs recomputing.
 */
int catalog_fingerprint(struct store *s, const char *const *kinds, size_t nkinds, uint64_t *out, struct err *e);

/* The agreements, by index 0..count-1 (*id gets the i-th's id); valid until the catalog changes. */
size_t catalog_agreement_count(const struct catalog *c);
const struct agreement_spec *catalog_agreement_at(const struct catalog *c, size_t i, const char **id);

/* The parsed calendar with id (its week and time zone), or NULL; valid until the catalog changes. */
const struct cal_spec *catalog_calendar_spec(const struct catalog *c, const char *id);

/* The id of agreement a (one of this catalog's), or NULL. */
const char *catalog_agreement_id(const struct catalog *c, const struct agreement_spec *a);

/* The time zone name of the calendar of org_id's first SLA, or NULL; valid until the catalog changes. */
const char *catalog_sla_zone_name(const struct catalog *c, const char *org_id);

/* The name (key) of the record of kind with id, or id itself; valid until the next call. */
const char *catalog_name_of(struct catalog *c, const char *kind, const char *id);

/* Where settings are stored: one record of this kind per setting, by a fixed id. */
#define CATALOG_SETTING_KIND "setting"
#define CATALOG_MATRIX_ID "priority_matrix"
#define CATALOG_LABOUR_RATE_ID "labour_rate"

/*
 * True when an SLA with organisation org_id measures its targets on
 * calendar calendar_id: the business hours promised to that customer, which
 * its users may read (docs/security.md).
 */
bool catalog_calendar_promised_to(const struct catalog *c, const char *calendar_id, const char *org_id);

/* The impact x urgency -> priority matrix in force (the stored one, else the default). */
const struct priority_matrix *catalog_priority_matrix(const struct catalog *c);

#endif
