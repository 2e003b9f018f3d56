/*
 * settings.h - installation settings that are not records of their own: the
 * impact x urgency -> priority matrix (read by everyone who may raise a
 * ticket; the catalog serves it to ticket creation, app/catalog.h) and the
 * labour rate that prices logged work (read by staff).  Changed by admins
 * and managers with a version (If-Match).
 */
#ifndef LEVERA_APP_SETTINGS_H
#define LEVERA_APP_SETTINGS_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/cost.h"
#include "domain/role.h"

/* {"matrix":{impact:{urgency:priority}},"default":bool,"version":n} (a new reference); version 0: never set. */
int settings_matrix_get(struct app *app, const struct actor *actor, json_t **out, int64_t *version, struct err *e);

/*
 * Replaces the matrix with body's "matrix" if the stored version is still
 * version (0 for the default never stored); ERR_PRECONDITION when not.
 * Audited; tickets created from now on take their priority from it.
 */
int settings_matrix_put(struct app *app, const struct actor *actor, const json_t *body, int64_t version, int64_t now,
                        json_t **out, int64_t *new_version, struct err *e);

/*
 * The labour rate in force into *rate (the stored one, else 0 EUR an hour:
 * labour_rate_default) and its version (0: never set).  No authorization:
 * for the KPI engine and the review pack, which check their callers.
 */
int settings_labour_rate(struct app *app, struct labour_rate *rate, int64_t *version, struct err *e);

/* {"hourly_rate","currency","default":bool,"version":n} (a new reference) for staff (RESOURCE_COST read). */
int settings_labour_rate_get(struct app *app, const struct actor *actor, json_t **out, int64_t *version, struct err *e);

/* Replaces the labour rate with body {"hourly_rate","currency"} if still at version; as settings_matrix_put. */
int settings_labour_rate_put(struct app *app, const struct actor *actor, const json_t *body, int64_t version,
                             int64_t now, json_t **out, int64_t *new_version, struct err *e);

#endif
