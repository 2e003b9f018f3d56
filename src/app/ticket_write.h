/*
 * ticket_write.h - the ticket writes of the API: creating a ticket (with an
 * optional idempotency key) and appending one event under the caller's
 * version.  Each write carries its audit entry; who may do what is role.h's.
 */
#ifndef LEVERA_APP_TICKET_WRITE_H
#define LEVERA_APP_TICKET_WRITE_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/role.h"

/*
 * Creates a ticket from body ({"type","customer","service","subject",
 * "description","priority" or "impact"+"urgency","ref"}) for actor at now.
 * With an idempotency key, the answer is stored in the same write and a
 * retry gets it again (*status and the same text); the key used for
 * another method_path is ERR_CONFLICT.  The new ticket's JSON (version 1)
 * is appended to out.
 */
int ticket_create(struct app *app, const struct actor *actor, const json_t *body, const char *idempotency_key,
                  const char *method_path, int64_t now, int *status, struct buf *out, struct err *e);

/*
 * What creating body would give, writing nothing: {"priority","sla",
 * "next_due_at"} with each clock as it would start now (due_at the exact
 * deadline), appended to out.  The same checks and errors as ticket_create.
 */
int ticket_preview(struct app *app, const struct actor *actor, const json_t *body, int64_t now, struct buf *out,
                   struct err *e);

/*
 * Appends the event body (without "at": it is stamped now) to ticket id if
 * its version is still version; ERR_PRECONDITION when not.  *out is the
 * ticket afterwards and *new_version its version.
 */
int ticket_add_event(struct app *app, const struct actor *actor, const char *id, int64_t version, const json_t *body,
                     int64_t now, json_t **out, int64_t *new_version, struct err *e);

#endif
