/*
 * record.h - one record (organisation, user, service, calendar, agreement,
 * survey answer, cost record) checked and made ready for the store: validated by
 * its domain module, references resolved to ids through the catalog, its
 * key and organisation worked out.  Import and the JSON API share it; it
 * does not write (the callers add their own audit, idempotency, versions).
 */
#ifndef LEVERA_APP_RECORD_H
#define LEVERA_APP_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "app/catalog.h"
#include "base/err.h"

struct record_built {
	enum catalog_kind kind;
	json_t *doc;      /* the canonical document, references as ids (owned reference) */
	char *key;        /* owned: the name, or a user's e-mail */
	char *org_id;     /* owned: the customer organisation it belongs to; NULL when none */
	int role;         /* users: their enum role; -1 for the other kinds */
	const char *type; /* organisations: "customer", "team", "supplier"; else NULL (static) */
	bool key_has_id;  /* the key is a sort prefix only: record_store_key() appends the record's id */
};

/*
 * Checks doc as a record of kind k and fills out (release it with
 * record_built_release, also after a failure).  Unknown fields, wrong types
 * and unresolved references are ERR_INVALID / ERR_NOT_FOUND naming the field.
 */
int record_build(struct catalog *c, enum catalog_kind k, const json_t *doc, struct record_built *out, struct err *e);
void record_built_release(struct record_built *b);

/* The field a record's key comes from: "email" (users), "answered_at" (surveys), "service" (costs), else "name". */
const char *record_key_field(enum catalog_kind k);

/*
 * The key to store b under as record id (owned): b's key, or with
 * key_has_id b's key, a space and id, so that records sharing a prefix
 * (the instant of a survey answer; a cost's service and month) stay unique
 * and list in order of the prefix.
 */
char *record_store_key(const struct record_built *b, const char *id);

/* True when records of kind k change what the catalog holds (names, calendars, agreements). */
bool record_kind_in_catalog(enum catalog_kind k);

/* Tells the catalog about a record just stored as id (its name, type, compiled calendar or agreement). */
int record_note_stored(struct catalog *c, const struct record_built *b, const char *id, struct err *e);

#endif
