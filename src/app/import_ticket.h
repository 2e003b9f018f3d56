/*
 * import_ticket.h - a ticket line of an import, checked and made into its
 * store write (app/import.c batches them).
 */
#ifndef LEVERA_APP_IMPORT_TICKET_H
#define LEVERA_APP_IMPORT_TICKET_H

#include <jansson.h>
#include <stdint.h>

#include "app/catalog.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/id.h"
#include "store/store.h"

/* Fields a ticket line may have; status and sla are what `levera export` adds, derived from the events. */
enum ticket_key {
	TK_KIND,
	TK_ID,
	TK_REF,
	TK_TYPE,
	TK_CUSTOMER,
	TK_SERVICE,
	TK_PRIORITY,
	TK_SUBJECT,
	TK_DESCRIPTION,
	TK_REQUESTER,
	TK_EVENTS,
	TK_STATUS,
	TK_SLA,
	TK_COUNT
};
/*
 * The checks that come before "is it there already": known fields, a
 * well-formed id.  The fields' values go into f[TK_*] on the way, so the
 * ticket is built without a look-up for each.
 */
int import_ticket_precheck(const json_t *doc, json_t *f[TK_COUNT], struct err *e);

/*
 * Checks the rest of a ticket line (doc, its fields in f) and puts its
 * creation and audit entry into the empty write w; the ticket's id (given
 * or new) goes into id.  The line's events are resolved in place.  texts is
 * scratch space for the documents.  -1 with e set when the line is refused
 * (w is then untouched).
 */
int import_ticket_build(struct catalog *cat, struct buf *texts, const char *actor_id, json_t *doc,
                        json_t *const f[TK_COUNT], int64_t now, char id[ID_LEN + 1], struct store_write *w,
                        struct err *e);

#endif
