/*
 * sqlite_read.h - the SQLite backend's reads, each on a pooled reader
 * connection; the signatures are struct store_backend's.
 */
#ifndef LEVERA_STORE_SQLITE_READ_H
#define LEVERA_STORE_SQLITE_READ_H

#include "base/err.h"
#include "store/backend.h"

int sqlite_record_get(struct store *s, const char *kind, const char *id, const char *key, struct store_record *out,
                      struct err *e);
int sqlite_record_list(struct store *s, const struct store_record_query *q, const struct cursor *after, size_t limit,
                       struct store_record_page *page, struct err *e);
int sqlite_ticket_get(struct store *s, const char *id, const char *ref, struct store_ticket *out,
                      struct store_event_list *events, struct err *e);
int sqlite_tickets_exist(struct store *s, const char *const *ids, const char *const *refs, size_t n, bool *found,
                         struct err *e);
int sqlite_ticket_open_counts(struct store *s, struct store_count *out, size_t cap, size_t *n, struct err *e);
int sqlite_ticket_sla_due(struct store *s, int64_t before, size_t limit, struct store_ticket_page *page, struct err *e);
int sqlite_ticket_list(struct store *s, const struct store_ticket_query *q, const struct cursor *after, size_t limit,
                       struct store_ticket_page *page, struct err *e);
int sqlite_audit_list(struct store *s, const struct store_audit_query *q, size_t limit, struct store_audit_page *page,
                      struct err *e);
int sqlite_idempotency_get(struct store *s, const char *actor_id, const char *key, struct store_idempotency *out,
                           struct err *e);
int sqlite_job_get(struct store *s, const char *name, struct store_job *out, struct err *e);

#endif
