/*
 * store_write.c - building writes: checking each operation's arguments and
 * copying them into the write's own memory.
 *
 * The checks here are the store's invariants (ids present and bounded,
 * documents bounded), not the domain's rules, which are checked before.
 */
#include "store/store_write.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "store/event_log.h"

#define BLOCK_SIZE 8192

struct write_block {
	struct write_block *next;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

static void *
wmem(struct store_write *w, size_t n)
{
	struct write_block *b = w->blocks;
	void *p;

	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		b = xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->cap = cap;
		b->next = w->blocks;
		w->blocks = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

static char *
wstr(struct store_write *w, const char *s)
{
	size_t n;
	char *p;

	if (s == NULL) {
		return NULL;
	}
	n = strlen(s);
	p = wmem(w, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

struct store_write *
store_write_new(void)
{
	struct store_write *w = xcalloc(1, sizeof(*w));

	err_clear(&w->build_err);
	err_clear(&w->result);
	return w;
}

void
store_write_reset(struct store_write *w)
{
	struct write_block *b = w->blocks, *next;

	/* Keep one ordinary block for the next use. */
	while (b != NULL) {
		next = b->next;
		if (next == NULL && b->cap == BLOCK_SIZE) {
			b->used = 0;
			break;
		}
		free(b);
		b = next;
	}
	w->blocks = b;
	w->n_ops = 0;
	err_clear(&w->build_err);
	err_clear(&w->result);
}

void
store_write_free(struct store_write *w)
{
	struct write_block *b, *next;

	if (w == NULL) {
		return;
	}
	for (b = w->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(w->ops);
	free(w);
}

const struct err *
store_write_result(const struct store_write *w)
{
	return &w->result;
}

/* A new operation, or NULL when the write already failed to build. */
static struct store_op *
add_op(struct store_write *w, enum store_op_type type)
{
	struct store_op *op;

	if (w->build_err.code != ERR_OK) {
		return NULL;
	}
	if (w->n_ops == w->cap_ops) {
		w->cap_ops = w->cap_ops == 0 ? 4 : 2 * w->cap_ops;
		w->ops = xreallocarray(w->ops, w->cap_ops, sizeof(*w->ops));
	}
	op = &w->ops[w->n_ops++];
	memset(op, 0, sizeof(*op));
	op->type = type;
	return op;
}

/* Drops the operation just added: its arguments were refused. */
static void
drop_op(struct store_write *w)
{
	w->n_ops--;
}

/* A name-like argument: id, kind, key, ...  NULL passes unless required. */
static bool
name_ok(struct store_write *w, const char *field, const char *s, bool required)
{
	if (s == NULL || s[0] == '\0') {
		if (required) {
			err_set(&w->build_err, ERR_INVALID, field, "%s is required", field);
			return false;
		}
		return true;
	}
	if (strlen(s) > STORE_ID_MAX) {
		err_set(&w->build_err, ERR_INVALID, field, "'%.40s...' is longer than %d bytes", s, STORE_ID_MAX);
		return false;
	}
	return true;
}

static bool
doc_ok(struct store_write *w, const char *field, const char *doc, bool required)
{
	if (doc == NULL) {
		if (required) {
			err_set(&w->build_err, ERR_INVALID, field, "%s is required", field);
			return false;
		}
		return true;
	}
	if (strlen(doc) > STORE_DOC_MAX) {
		err_set(&w->build_err, ERR_TOO_LARGE, field, "the document is larger than %d bytes", STORE_DOC_MAX);
		return false;
	}
	return true;
}

static bool
record_ok(struct store_write *w, const struct store_record *r)
{
	return name_ok(w, "kind", r->kind, true) && name_ok(w, "id", r->id, true) && name_ok(w, "key", r->key, false) &&
	       name_ok(w, "org_id", r->org_id, false) && doc_ok(w, "doc", r->doc, true);
}

static void
copy_record(struct store_write *w, struct store_record *dst, const struct store_record *r)
{
	dst->kind = wstr(w, r->kind);
	dst->id = wstr(w, r->id);
	dst->key = wstr(w, r->key != NULL ? r->key : "");
	dst->org_id = wstr(w, r->org_id);
	dst->version = r->version;
	dst->created_at = r->created_at;
	dst->updated_at = r->updated_at;
	dst->archived = r->archived;
	dst->doc = wstr(w, r->doc);
}

void
store_write_record_create(struct store_write *w, const struct store_record *r)
{
	struct store_op *op = add_op(w, OP_RECORD_CREATE);

	if (op == NULL) {
		return;
	}
	if (!record_ok(w, r)) {
		drop_op(w);
		return;
	}
	copy_record(w, &op->u.record, r);
	op->u.record.version = 1;
}

void
store_write_record_update(struct store_write *w, const struct store_record *r)
{
	struct store_op *op = add_op(w, OP_RECORD_UPDATE);

	if (op == NULL) {
		return;
	}
	if (!record_ok(w, r)) {
		drop_op(w);
		return;
	}
	copy_record(w, &op->u.record, r);
}

void
store_write_record_archive(struct store_write *w, const char *kind, const char *id, int64_t version, int64_t at)
{
	struct store_op *op = add_op(w, OP_RECORD_ARCHIVE);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "kind", kind, true) || !name_ok(w, "id", id, true)) {
		drop_op(w);
		return;
	}
	op->u.record.kind = wstr(w, kind);
	op->u.record.id = wstr(w, id);
	op->u.record.version = version;
	op->u.record.updated_at = at;
}

/*
 * Checks a ticket's arguments; each event's document length goes to
 * lens[0..n) and their packed size to *log_len, so nothing is measured twice.
 */
static bool
ticket_ok(struct store_write *w, const struct store_ticket *t, const struct store_event *events, size_t n, size_t *lens,
          size_t *log_len)
{
	static const struct {
		size_t offset;
		const char *field;
		bool required;
	} names[] = {
		{ offsetof(struct store_ticket, id), "id", true },
		{ offsetof(struct store_ticket, ref), "ref", false },
		{ offsetof(struct store_ticket, type), "type", true },
		{ offsetof(struct store_ticket, customer_id), "customer_id", false },
		{ offsetof(struct store_ticket, service_id), "service_id", false },
		{ offsetof(struct store_ticket, requester_id), "requester_id", false },
		{ offsetof(struct store_ticket, team_id), "team_id", false },
		{ offsetof(struct store_ticket, agent_id), "agent_id", false },
		{ offsetof(struct store_ticket, priority), "priority", true },
		{ offsetof(struct store_ticket, status), "status", true },
		{ offsetof(struct store_ticket, sla_state), "sla_state", false },
	};
	char field[32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = *(char *const *)((const char *)t + names[i].offset);
		if (!name_ok(w, names[i].field, v, names[i].required)) {
			return false;
		}
	}
	if (!doc_ok(w, "doc", t->doc, true)) {
		return false;
	}
	if (n > STORE_EVENTS_MAX) {
		err_set(&w->build_err, ERR_TOO_LARGE, "events", "more than %d events at once", STORE_EVENTS_MAX);
		return false;
	}
	*log_len = 0;
	for (size_t i = 0; i < n; i++) {
		lens[i] = events[i].doc != NULL ? strlen(events[i].doc) : 0;
		if (events[i].doc == NULL || lens[i] > STORE_DOC_MAX) {
			/* The field is named only when it is refused: the check itself is in the path of every event.
			 */
			snprintf(field, sizeof(field), "events[%zu].doc", i);
			return doc_ok(w, field, events[i].doc, true);
		}
		*log_len += event_log_entry_size(lens[i]);
	}
	return true;
}

static void
copy_ticket(struct store_write *w, struct store_op *op, const struct store_ticket *t, const struct store_event *events,
            size_t n, const size_t *lens, size_t log_len)
{
	struct store_ticket *d = &op->u.ticket;

	*d = *t;
	d->id = wstr(w, t->id);
	d->ref = wstr(w, t->ref);
	d->type = wstr(w, t->type);
	d->customer_id = wstr(w, t->customer_id);
	d->service_id = wstr(w, t->service_id);
	d->requester_id = wstr(w, t->requester_id);
	d->team_id = wstr(w, t->team_id);
	d->agent_id = wstr(w, t->agent_id);
	d->priority = wstr(w, t->priority);
	d->status = wstr(w, t->status);
	d->sla_state = wstr(w, t->sla_state != NULL && t->sla_state[0] != '\0' ? t->sla_state : "none");
	d->doc = wstr(w, t->doc);
	/* Packed here, on the caller's thread, so the writer only binds it. */
	op->n_events = n;
	op->log_len = n > 0 ? log_len : 0;
	op->log = n > 0 ? wmem(w, op->log_len) : NULL;
	if (n > 0) {
		event_log_pack_sized(op->log, events, lens, n);
	}
}

#define LENS_ON_STACK 256 /* events whose lengths ticket_ok() keeps on the stack; more are allocated */

/* Adds a ticket operation of this type, checked and copied; NULL when refused (or the write already failed). */
static struct store_op *
add_ticket_op(struct store_write *w, enum store_op_type type, const struct store_ticket *t,
              const struct store_event *events, size_t n)
{
	struct store_op *op = add_op(w, type);
	size_t stack[LENS_ON_STACK], *lens = stack, log_len = 0;
	bool ok;

	if (op == NULL) {
		return NULL;
	}
	if (n > LENS_ON_STACK && n <= STORE_EVENTS_MAX) {
		lens = xreallocarray(NULL, n, sizeof(*lens));
	}
	ok = ticket_ok(w, t, events, n, lens, &log_len);
	if (ok) {
		copy_ticket(w, op, t, events, n, lens, log_len);
	} else {
		drop_op(w);
	}
	if (lens != stack) {
		free(lens);
	}
	return ok ? op : NULL;
}

void
store_write_ticket_create(struct store_write *w, const struct store_ticket *t, const struct store_event *events,
                          size_t n)
{
	struct store_op *op = add_ticket_op(w, OP_TICKET_CREATE, t, events, n);

	if (op != NULL) {
		op->u.ticket.version = 1;
		op->u.ticket.last_seq = (int64_t)n;
	}
}

void
store_write_ticket_append(struct store_write *w, const struct store_ticket *t, const struct store_event *events,
                          size_t n)
{
	add_ticket_op(w, OP_TICKET_APPEND, t, events, n);
}

void
store_write_audit(struct store_write *w, const struct store_audit *a)
{
	struct store_op *op = add_op(w, OP_AUDIT);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "action", a->action, true) || !name_ok(w, "actor_id", a->actor_id, false) ||
	    !name_ok(w, "kind", a->kind, false) || !name_ok(w, "record_id", a->record_id, false) ||
	    !doc_ok(w, "doc", a->doc, false)) {
		drop_op(w);
		return;
	}
	op->u.audit.at = a->at;
	op->u.audit.actor_id = wstr(w, a->actor_id);
	op->u.audit.action = wstr(w, a->action);
	op->u.audit.kind = wstr(w, a->kind);
	op->u.audit.record_id = wstr(w, a->record_id);
	op->u.audit.doc = wstr(w, a->doc);
}

void
store_write_idempotency(struct store_write *w, const struct store_idempotency *k)
{
	struct store_op *op = add_op(w, OP_IDEMPOTENCY);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "actor_id", k->actor_id, true) || !name_ok(w, "idempotency_key", k->key, true) ||
	    !doc_ok(w, "method_path", k->method_path, true) || !doc_ok(w, "response", k->response, true)) {
		drop_op(w);
		return;
	}
	op->u.idem.actor_id = wstr(w, k->actor_id);
	op->u.idem.key = wstr(w, k->key);
	op->u.idem.method_path = wstr(w, k->method_path);
	op->u.idem.status = k->status;
	op->u.idem.response = wstr(w, k->response);
	op->u.idem.created_at = k->created_at;
}

void
store_write_idempotency_purge(struct store_write *w, int64_t before)
{
	struct store_op *op = add_op(w, OP_IDEMPOTENCY_PURGE);

	if (op != NULL) {
		op->u.idem.created_at = before;
	}
}

static void
add_job(struct store_write *w, enum store_op_type type, const char *name, const char *owner, int64_t now,
        int64_t lease_until, const char *value)
{
	struct store_op *op = add_op(w, type);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "name", name, true) || !name_ok(w, "owner", owner, true) || !doc_ok(w, "value", value, false)) {
		drop_op(w);
		return;
	}
	op->u.job.name = wstr(w, name);
	op->u.job.owner = wstr(w, owner);
	op->u.job.value = wstr(w, value);
	op->u.job.now = now;
	op->u.job.lease_until = lease_until;
}

void
store_write_job_claim(struct store_write *w, const char *name, const char *owner, int64_t now, int64_t lease_until)
{
	add_job(w, OP_JOB_CLAIM, name, owner, now, lease_until, NULL);
}

void
store_write_job_release(struct store_write *w, const char *name, const char *owner)
{
	add_job(w, OP_JOB_RELEASE, name, owner, 0, 0, NULL);
}

void
store_write_job_set(struct store_write *w, const char *name, const char *owner, int64_t now, const char *value)
{
	add_job(w, OP_JOB_SET, name, owner, now, 0, value);
}

static const void *
wbytes(struct store_write *w, const void *p, size_t n)
{
	void *q = n > 0 ? wmem(w, n) : NULL;

	if (n > 0) {
		memcpy(q, p, n);
	}
	return q;
}

void
store_write_kpi_add(struct store_write *w, const struct store_kpi_key *key, int64_t dn, int64_t dtotal,
                    const void *hist, size_t hist_len)
{
	struct store_op *op = add_op(w, OP_KPI_ADD);
	const struct store_kpi_key *k = key;

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "customer_id", k->customer_id, false) || !name_ok(w, "service_id", k->service_id, false) ||
	    !name_ok(w, "agreement_id", k->agreement_id, false) || !name_ok(w, "team_id", k->team_id, false)) {
		drop_op(w);
		return;
	}
	if (hist_len > STORE_DOC_MAX) {
		err_set(&w->build_err, ERR_TOO_LARGE, "hist", "a histogram is over %d bytes", STORE_DOC_MAX);
		drop_op(w);
		return;
	}
	op->u.kpi.key.series = k->series;
	op->u.kpi.key.month = k->month;
	op->u.kpi.key.priority = k->priority;
	op->u.kpi.key.customer_id = wstr(w, k->customer_id != NULL ? k->customer_id : "");
	op->u.kpi.key.service_id = wstr(w, k->service_id != NULL ? k->service_id : "");
	op->u.kpi.key.agreement_id = wstr(w, k->agreement_id != NULL ? k->agreement_id : "");
	op->u.kpi.key.team_id = wstr(w, k->team_id != NULL ? k->team_id : "");
	op->u.kpi.dn = dn;
	op->u.kpi.dtotal = dtotal;
	op->u.kpi.hist = wbytes(w, hist, hist_len);
	op->u.kpi.hist_len = hist_len;
}

void
store_write_ticket_kpi(struct store_write *w, const struct store_ticket_kpi *k)
{
	struct store_op *op = add_op(w, OP_TICKET_KPI);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "id", k->id, true) || !name_ok(w, "customer_id", k->customer_id, false) ||
	    !name_ok(w, "service_id", k->service_id, false)) {
		drop_op(w);
		return;
	}
	if (k->facts_len > STORE_DOC_MAX || k->clock_len > STORE_DOC_MAX) {
		err_set(&w->build_err, ERR_TOO_LARGE, "facts", "a ticket's KPI facts are over %d bytes", STORE_DOC_MAX);
		drop_op(w);
		return;
	}
	op->u.kpi.ticket_id = wstr(w, k->id);
	op->u.kpi.key.customer_id = wstr(w, k->customer_id);
	op->u.kpi.key.service_id = wstr(w, k->service_id);
	op->u.kpi.created_at = k->created_at;
	op->u.kpi.hist = wbytes(w, k->facts, k->facts_len);
	op->u.kpi.hist_len = k->facts_len;
	op->u.kpi.clock = wbytes(w, k->clock, k->clock_len);
	op->u.kpi.clock_len = k->clock_len;
}

void
store_write_outage(struct store_write *w, const char *ticket_id, const char *service_id, bool has, int64_t start,
                   int64_t end)
{
	struct store_op *op = add_op(w, OP_OUTAGE);

	if (op == NULL) {
		return;
	}
	if (!name_ok(w, "id", ticket_id, true) || !name_ok(w, "service_id", service_id, false)) {
		drop_op(w);
		return;
	}
	op->u.kpi.ticket_id = wstr(w, ticket_id);
	op->u.kpi.key.service_id = wstr(w, service_id);
	op->u.kpi.has_outage = has;
	op->u.kpi.outage_start = start;
	op->u.kpi.outage_end = end;
}
