/*
 * ticket.h - tickets read, for the API and import: a ticket's columns
 * (status, holder, SLA state, next deadline) derived from its log, one
 * ticket or a page of them as JSON.  Writes are in ticket_write.h.  Who may
 * see what is role.h's matrix; HTTP is not known here.
 */
#ifndef LEVERA_APP_TICKET_H
#define LEVERA_APP_TICKET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/catalog.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/role.h"
#include "domain/ticket.h"
#include "domain/ticket_sla.h"
#include "store/store.h"

/*
 * Sets t's derived columns (status, priority, team, agent, updated_at,
 * resolved_at, open, next_due_at, next_sla_event_at, sla_state) from the n
 * events evs of its log as of now, t->customer_id and t->service_id being
 * set.  The strings put in t are borrowed from evs and static tables.  sla
 * (may be NULL) receives the clocks.
 */
int ticket_columns(struct catalog *cat, struct store_ticket *t, const struct ticket_event *evs, size_t n, int64_t now,
                   struct ticket_sla *sla, struct err *e);

/* Parses a stored log into docs (an array it appends to) and evs (borrowing from docs); *n events. */
int ticket_parse_log(const struct store_event_list *log, json_t *docs, struct ticket_event *evs, size_t *n,
                     struct err *e);

/*
 * Appends the ticket's JSON to out: t's columns (set here from its n events
 * evs as of now) and document, its clocks with their spans, and the log
 * docs (seq = position + 1) without internal notes unless notes.  Takes
 * the catalog's lock for the clocks.
 */
int ticket_render_text(struct app *app, struct store_ticket *t, const json_t *docs, const struct ticket_event *evs,
                       size_t n, int64_t now, bool notes, struct buf *out, struct err *e);

/* True when actor may read internal notes. */
bool ticket_sees_notes(const struct actor *actor);

/* s as a JSON string, or null for NULL. */
json_t *ticket_str_json(const char *s);

/* A ceiling on one ticket's JSON: 256 events of at most 1 MiB each, and then some. */
#define TICKET_TEXT_MAX ((size_t)1 << 30)

/*
 * Appends ticket id as actor may see it, clocks as of now, to out as JSON
 * text, and gives its version.  Served from app->tickets when fresh there.
 */
int ticket_read_text(struct app *app, const struct actor *actor, const char *id, int64_t now, struct buf *out,
                     int64_t *version, struct err *e);

/* The same as a new reference. */
int ticket_read(struct app *app, const struct actor *actor, const char *id, int64_t now, json_t **out, int64_t *version,
                struct err *e);

/*
 * Resolves a list filter's reference (a name or an id) of kind k to an id
 * copied into out and points *dst at it (NULL when ref is NULL); an unknown
 * one is ERR_INVALID on field.
 */
int ticket_filter_ref(struct app *app, enum catalog_kind k, const char *ref, const char *field,
                      char out[STORE_ID_MAX + 1], const char **dst, struct err *e);

/* The query of a ticket list, as given (strings, NULL when absent). */
struct ticket_list_params {
	const char *status, *customer, *team, *agent, *service, *priority, *sla, *open, *sort, *cursor, *limit;
};

/* {"items":[...],"next_cursor"} of the tickets actor may see matching p. */
int ticket_list(struct app *app, const struct actor *actor, const struct ticket_list_params *p, json_t **out,
                struct err *e);

#endif
