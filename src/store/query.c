/*
 * query.c - the ticket list composer.  Every filter is a fixed fragment
 * ("customer_id = ?"), appended only when the caller asked for it, so the
 * planner sees plain equalities and picks the index they match; an
 * "(? IS NULL OR ...)" form would hide them from it.
 */
#include "store/query.h"

#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "store/stmt.h"

static const struct {
	size_t offset; /* of the const char * in struct store_ticket_query */
	const char *column;
} eq_filters[] = {
	{ offsetof(struct store_ticket_query, customer_id), "customer_id" },
	{ offsetof(struct store_ticket_query, team_id), "team_id" },
	{ offsetof(struct store_ticket_query, agent_id), "agent_id" },
	{ offsetof(struct store_ticket_query, service_id), "service_id" },
	{ offsetof(struct store_ticket_query, priority), "priority" },
};

struct composer {
	struct query *q;
	enum query_dialect d;
	int terms;
	bool overflow;
};

static void
put(struct composer *c, const char *s)
{
	size_t n = strlen(s);

	if (c->q->len + n >= sizeof(c->q->sql)) {
		c->overflow = true;
		return;
	}
	memcpy(c->q->sql + c->q->len, s, n + 1);
	c->q->len += n;
}

/* Appends the next parameter marker (?N or $N) and records its value. */
static void
put_arg(struct composer *c, enum query_arg_type type, const char *s, int64_t n)
{
	char ph[16];

	if (c->q->n_args >= QUERY_ARGS_MAX) {
		c->overflow = true;
		return;
	}
	c->q->args[c->q->n_args] = (struct query_arg){ type, s, n };
	c->q->n_args++;
	snprintf(ph, sizeof(ph), "%c%zu", c->d == QUERY_PG ? '$' : '?', c->q->n_args);
	put(c, ph);
}

/* Starts the next term of the WHERE clause. */
static void
term(struct composer *c)
{
	put(c, c->terms == 0 ? " WHERE " : " AND ");
	c->terms++;
}

static void
any_of(struct composer *c, const char *column, const char *const *values, size_t n)
{
	term(c);
	put(c, column);
	put(c, " IN (");
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			put(c, ", ");
		}
		put_arg(c, QARG_TEXT, values[i], 0);
	}
	put(c, ")");
}

static const char *
sort_column(enum store_ticket_sort sort)
{
	switch (sort) {
	case STORE_TICKET_BY_DUE:
		return "next_due_at";
	case STORE_TICKET_BY_CREATED:
		return "created_at";
	case STORE_TICKET_BY_UPDATED:
		return "updated_at";
	}
	return "created_at";
}

/* The keyset position and the order. */
static void
keyset(struct composer *c, const struct store_ticket_query *q, const struct cursor *after, bool no_deadline)
{
	const char *col = sort_column(q->sort);

	if (q->sort == STORE_TICKET_BY_DUE && no_deadline) {
		term(c);
		put(c, "next_due_at IS NULL");
		if (after != NULL && after->none) {
			term(c);
			put(c, "id > ");
			put_arg(c, QARG_TEXT, after->id, 0);
		}
		put(c, " ORDER BY id");
		return;
	}
	if (q->sort == STORE_TICKET_BY_DUE) {
		term(c);
		put(c, "next_due_at IS NOT NULL");
	}
	if (after != NULL) {
		term(c);
		put(c, "(");
		put(c, col);
		put(c, q->descending ? ", id) < (" : ", id) > (");
		put_arg(c, QARG_INT, NULL, after->n);
		put(c, ", ");
		put_arg(c, QARG_TEXT, after->id, 0);
		put(c, ")");
	}
	put(c, " ORDER BY ");
	put(c, col);
	put(c, q->descending ? " DESC, id DESC" : ", id");
}

int
query_ticket_list(struct query *out, enum query_dialect d, const struct store_ticket_query *q,
                  const struct cursor *after, bool no_deadline, size_t limit, struct err *e)
{
	struct composer c = { out, d, 0, false };

	out->len = 0;
	out->sql[0] = '\0';
	out->n_args = 0;
	put(&c, "SELECT " STMT_TICKET_COLUMNS " FROM tickets");
	/* Literal, not bound: the deadline index is partial on exactly this. */
	if (q->open_only || q->sort == STORE_TICKET_BY_DUE) {
		term(&c);
		put(&c, "open = 1");
	}
	for (size_t i = 0; i < sizeof(eq_filters) / sizeof(eq_filters[0]); i++) {
		const char *v = *(const char *const *)((const char *)q + eq_filters[i].offset);
		if (v != NULL) {
			term(&c);
			put(&c, eq_filters[i].column);
			put(&c, " = ");
			put_arg(&c, QARG_TEXT, v, 0);
		}
	}
	if (q->team_none) {
		term(&c);
		put(&c, "team_id IS NULL");
	}
	if (q->agent_none) {
		term(&c);
		put(&c, "agent_id IS NULL");
	}
	if (q->n_statuses > 0) {
		any_of(&c, "status", q->statuses, q->n_statuses);
	}
	if (q->n_sla_states > 0) {
		any_of(&c, "sla_state", q->sla_states, q->n_sla_states);
	}
	keyset(&c, q, after, no_deadline);
	put(&c, " LIMIT ");
	put_arg(&c, QARG_INT, NULL, (int64_t)limit);
	if (c.overflow) {
		return err_set(e, ERR_INTERNAL, NULL, "the ticket query does not fit its buffer");
	}
	return 0;
}
