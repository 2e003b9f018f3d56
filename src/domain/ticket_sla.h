/*
 * ticket_sla.h - the SLA clocks of one ticket: which agreements apply, each
 * clock's figures as of an instant, the `sla` array of the ticket's JSON,
 * and the ticket's overall SLA state and next deadline (what lists sort by).
 *
 * Pure: agreements and compiled calendars are handed in; nothing is looked
 * up or stored here.
 */
#ifndef LEVERA_DOMAIN_TICKET_SLA_H
#define LEVERA_DOMAIN_TICKET_SLA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "domain/agreement.h"
#include "domain/ticket.h"
#include "domain/ticket_clock.h"
#include "sla/clock.h"

/* A ticket's overall SLA state, worst first. */
enum ticket_sla_state { TSLA_BREACHED, TSLA_AT_RISK, TSLA_OK, TSLA_PAUSED, TSLA_DONE, TSLA_NONE, TSLA_STATE_COUNT };

struct ticket_sla_clock {
	const struct agreement_spec *agreement; /* borrowed */
	enum sla_metric metric;
	struct clock_result res;
	const struct calendar *cal;
};

struct ticket_sla {
	struct ticket_sla_clock clocks[16];
	size_t n;
	enum ticket_sla_state state;
	int64_t next_due_at;    /* earliest due_at of a running clock not yet breached; TIME_NONE if none */
	enum priority priority; /* the ticket's priority as of the instant */
};

const char *ticket_sla_state_name(enum ticket_sla_state s);
int ticket_sla_state_parse(const char *s);

/* True when an SLA applies to a ticket of this customer and service created on local date day. */
bool agreement_applies(const struct agreement_spec *a, const char *customer, const char *service, int64_t day);

/*
 * Evaluates the clocks of every agreement in `agreements` (an SLA's clocks
 * from creation; an OLA's, bound to its provider team, while that team holds
 * the ticket) as of as_of.  The clocks of a metric whose current priority has
 * no target are left out.  A clock is measured in the calendar of the target
 * in force as of as_of.  At most 16 clocks.
 */
int ticket_sla_eval(const struct ticket_event *evs, size_t n, const struct agreement_spec *const *agreements,
                    size_t nagreements, agreement_calendar_fn calendar_of, void *ctx, int64_t as_of,
                    struct ticket_sla *out, struct err *e);

/* A warning (pct 1..100) or breach (pct 0) of clock `clock` that happened at `at`. */
struct ticket_sla_event {
	size_t clock;
	int pct;
	int64_t at;
};

/*
 * The warnings and breaches that have happened by the evaluation instant
 * as_of but are not yet recorded in the log evs (as sla_warning and
 * sla_breach events), in time order, into out (at most cap; returns how
 * many).  *next_at is the instant the next one still to come will happen if
 * nothing else changes (TIME_NONE when none will).  The SLA job waits for
 * the earliest of out[0].at (when k > 0) and *next_at.
 */
size_t ticket_sla_pending(const struct ticket_sla *sla, const struct ticket_event *evs, size_t n, int64_t as_of,
                          struct ticket_sla_event *out, size_t cap, int64_t *next_at);

/* The most spans one clock's drill-down lists; the rest are counted in spans_truncated. */
#define TICKET_SLA_SPANS 64

/* The running and paused spans that made each clock, oldest first: clocks[i] explains the result's clocks[i]. */
struct ticket_sla_trace {
	struct clock_trace clocks[16];
	struct clock_span spans[16][TICKET_SLA_SPANS]; /* what clocks[i].spans points into */
};

/* ticket_sla_eval, also recording each clock's spans into trace as the clocks are evaluated. */
int ticket_sla_eval_traced(const struct ticket_event *evs, size_t n, const struct agreement_spec *const *agreements,
                           size_t nagreements, agreement_calendar_fn calendar_of, void *ctx, int64_t as_of,
                           struct ticket_sla *out, struct ticket_sla_trace *trace, struct err *e);

/*
 * Appends the `sla` array of the ticket's JSON (DESIGN.md's fields, and
 * started_at and stopped_at) to b as text; with trace (may be NULL; from the
 * ticket_sla_eval_traced that gave sla), each clock also lists its spans.
 */
int ticket_sla_append_json(struct buf *b, const struct ticket_sla *sla, const struct ticket_sla_trace *trace,
                           struct err *e);

/* The same array without spans as a new reference (parsed from that text, so the two never differ). */
json_t *ticket_sla_to_json(const struct ticket_sla *sla);

#endif
