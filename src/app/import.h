/*
 * import.h - loading records into the store, one JSON object a line:
 * calendars, organisations, users, services, agreements and tickets, each
 * with a "kind" (docs/import.md).  Used by `levera import`, `levera demo` and,
 * later, POST /api/v1/import.
 *
 * References between records are by name (or e-mail) or id and are stored
 * as ids.  Each line is one atomic, durable write; a line whose name or ref
 * is already there is skipped, so an interrupted import can be run again.
 */
#ifndef LEVERA_APP_IMPORT_H
#define LEVERA_APP_IMPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/role.h"
#include "store/store.h"

struct importer;

enum import_outcome { IMPORT_CREATED, IMPORT_SKIPPED, IMPORT_FAILED };

/*
 * Told the outcome of each record, with the tag it was submitted with (a
 * line number); e is the failure when out is IMPORT_FAILED.
 */
typedef void (*import_report_fn)(void *ctx, long tag, enum import_outcome out, const struct err *e);

/*
 * A new importer on s, reading the calendars and agreements already stored.
 * actor is who imports (through the API: a manager may not import an
 * admin); NULL is the operator at the console, who may do anything.  report
 * is called for every record.
 */
struct importer *importer_new(struct store *s, const struct actor *actor, import_report_fn report, void *ctx,
                              struct err *e);

/* Flushes what is queued, then frees. */
void importer_free(struct importer *im);

/*
 * Imports one record (a parsed object; borrowed) as of the instant now (the
 * SLA figures stored with tickets are evaluated then).  Configuration records
 * are written at once; tickets are queued and written in group commits of
 * IMPORT_BATCH, so their outcome is reported when their batch commits.  Every
 * outcome is reported in the order the records were given, and only once the
 * writes before it are durable.
 */
void importer_record(struct importer *im, const json_t *rec, int64_t now, long tag);

/* The same for a line of text. */
void importer_line(struct importer *im, const char *line, size_t len, int64_t now, long tag);

/*
 * Reports a line that failed before it could be parsed (e.g. too long), in
 * its place: outcomes are reported in line order.
 */
void importer_fail(struct importer *im, long tag, const struct err *e);

/* Writes the queued tickets and reports them; -1 when the store failed as a whole. */
int importer_flush(struct importer *im, struct err *e);

/* Sends the lines taken so far to be written, waiting for no more than the next batch needs. */
void importer_submit(struct importer *im);

#define IMPORT_BATCH 512

/*
 * Batches of tickets that may wait for the writer while the next is read and
 * checked: the writer takes all that wait into one transaction.
 */
#define IMPORT_INFLIGHT 8

#endif
