/*
 * settings.h - installation settings that are not records of their own: the
 * impact x urgency -> priority matrix.  Read by everyone who may raise a
 * ticket; changed by admins and managers with a version (If-Match).  The
 * catalog serves it to ticket creation (app/catalog.h).
 */
#ifndef LEVERA_APP_SETTINGS_H
#define LEVERA_APP_SETTINGS_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
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

#endif
