/*
 * query.h - composing the one query whose shape varies: a page of tickets
 * with any mix of filters, in one of three orders, after a keyset position.
 *
 * The text is built only from the constant fragments in query.c, with every
 * value bound in the order of args; parameter markers are numbered in the
 * dialect's style, so both backends share the composer.
 */
#ifndef LEVERA_STORE_QUERY_H
#define LEVERA_STORE_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/cursor.h"
#include "store/store.h"

enum query_dialect { QUERY_SQLITE, QUERY_PG };

enum query_arg_type { QARG_TEXT, QARG_INT };

struct query_arg {
	enum query_arg_type type;
	const char *s; /* borrowed from the query or cursor */
	int64_t n;
};

#define QUERY_SQL_MAX 2048
#define QUERY_ARGS_MAX (8 + 2 * STORE_FILTER_VALUES_MAX)

struct query {
	char sql[QUERY_SQL_MAX];
	size_t len;
	struct query_arg args[QUERY_ARGS_MAX];
	size_t n_args;
};

/*
 * Composes the query of up to limit tickets matching q after the position
 * after (NULL: from the start).  With STORE_TICKET_BY_DUE, no_deadline picks
 * the second part of that order: open tickets without a deadline, by id.
 */
int query_ticket_list(struct query *out, enum query_dialect d, const struct store_ticket_query *q,
                      const struct cursor *after, bool no_deadline, size_t limit, struct err *e);

#endif
