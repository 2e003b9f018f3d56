/*
 * ticket_facts.h - what one ticket contributes to the KPIs of docs/kpis.md,
 * as facts: each stamped with its deciding instant, so a KPI for a period
 * is a sum over the facts whose instant falls in it.  Creation, the first
 * resolution (lead and cycle time, first-contact resolution), reopenings,
 * escalations, ratings, logged work, and each clock's outcome (when it is
 * decided) and time (when it stops).
 *
 * Pure: the ticket's events and its clocks, evaluated by the caller as of
 * the same instant, go in; nothing is looked up or stored.
 */
#ifndef LEVERA_DOMAIN_TICKET_FACTS_H
#define LEVERA_DOMAIN_TICKET_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/ticket.h"
#include "domain/ticket_sla.h"

enum fact_kind {
	FACT_CREATED,       /* at creation */
	FACT_RESOLVED,      /* at the first resolution: value = wall seconds since creation (lead time),
	                       value2 = wall seconds since work began (cycle time), flag = first-contact */
	FACT_REOPENED,      /* at each move from resolved back to an open status */
	FACT_ESCALATED,     /* at each escalation; sub says which (enum fact_escalation) */
	FACT_RATED,         /* at a rating: value = score 1..5 (a later rating replaces it: only the last) */
	FACT_WORK,          /* at logged work: value = seconds; who = the user */
	FACT_CLOCK_DECIDED, /* at a clock's decision: flag = met; value = overrun business seconds */
	FACT_CLOCK_STOPPED, /* at a clock's stop: value = elapsed business seconds, value2 = wall seconds */
	FACT_KIND_COUNT
};

enum fact_escalation { ESCALATION_PRIORITY, ESCALATION_TEAM, ESCALATION_SLA_WARNING, ESCALATION_SLA_BREACH };

struct ticket_fact {
	int64_t at;
	enum fact_kind kind;
	int sub;       /* FACT_ESCALATED: enum fact_escalation */
	int64_t value; /* see enum fact_kind */
	int64_t value2;
	bool flag;
	const char *who;                      /* FACT_WORK: the user's id, borrowed from the events; may be NULL */
	const struct ticket_sla_clock *clock; /* FACT_CLOCK_*: borrowed from the sla handed in */
	enum priority priority;               /* the ticket's priority at the fact's instant */
};

/* At most this many facts per ticket (256 events and 16 clocks, twice, fit). */
#define TICKET_FACTS_MAX 320

/*
 * The facts of a ticket whose n events are evs and whose clocks are sla,
 * both as of as_of (events after it are ignored), into out (at most cap;
 * returns how many, in no particular order).
 */
size_t ticket_facts(const struct ticket_event *evs, size_t n, const struct ticket_sla *sla, int64_t as_of,
                    struct ticket_fact *out, size_t cap);

const char *fact_kind_name(enum fact_kind k);

#endif
