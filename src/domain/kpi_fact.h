/*
 * kpi_fact.h - what one ticket adds to the KPI rollups: its facts
 * (ticket_facts.h) as contributions, each to one series in one month (the
 * customer's month of the fact's instant) with the priority, agreement and
 * team of that instant, and a value.  The rollup of a (series, month,
 * customer, service, priority, agreement, team) is the count and sum of its
 * contributions and a histogram of their values (base/hist.h).
 *
 * A ticket's contributions are stored with it in a compact blob, so when
 * the ticket changes the rollups take the difference: old out, new in.
 * Pure: months come from the caller's callback, nothing is looked up.
 */
#ifndef LEVERA_DOMAIN_KPI_FACT_H
#define LEVERA_DOMAIN_KPI_FACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "domain/ticket.h"
#include "domain/ticket_facts.h"
#include "domain/ticket_sla.h"

/* The series, by number as stored: never renumber one, only add. */
enum kpi_series_id {
	KS_CREATED = 1,  /* n: tickets created */
	KS_RESOLVED,     /* n: first resolutions */
	KS_FCR,          /* n: first resolutions that were first-contact */
	KS_REOPENED,     /* n: reopenings */
	KS_OPEN_DELTA,   /* total: +1 created or reopened, -1 resolved or closed (backlog = running sum) */
	KS_ESC_PRIORITY, /* n: escalations by kind */
	KS_ESC_TEAM,
	KS_ESC_WARNING,
	KS_ESC_BREACH,
	KS_RATING,           /* n ratings, total of scores */
	KS_RATING_SATISFIED, /* n: ratings of 4 or 5 */
	KS_WORK,             /* total: seconds of work logged */
	KS_HANDLING,         /* at the first resolution: total = seconds of work logged by then */
	KS_LEAD,             /* service requests at the first resolution: wall seconds since creation (hist) */
	KS_CYCLE,            /* the same since work began (hist) */
	KS_RESPONSE_MET,     /* SLA clocks decided: n; breached: total = overrun business seconds */
	KS_RESPONSE_BREACHED,
	KS_RESOLUTION_MET,
	KS_RESOLUTION_BREACHED,
	KS_RESPONSE_BUSINESS, /* SLA clocks stopped (the first SLA's, one per metric): business seconds (hist) */
	KS_RESOLUTION_BUSINESS,
	KS_RESPONSE_WALL, /* the same clocks in wall seconds (hist) */
	KS_RESOLUTION_WALL,
	KS_OLA_RESPONSE_MET, /* OLA and UC clocks decided, as KS_RESPONSE_MET.. */
	KS_OLA_RESPONSE_BREACHED,
	KS_OLA_RESOLUTION_MET,
	KS_OLA_RESOLUTION_BREACHED,
	KS_OUTAGE,    /* incidents reporting an outage, at its start: total = wall seconds once it ended */
	KS_ESCALATED, /* n: tickets with an escalation, once in each month they had one */
	KS_SERIES_END
};

/* True for the series whose values go into a histogram (percentiles). */
bool kpi_series_has_hist(int series);

#define KPI_NONE 0xff /* no priority, agreement or team */
#define KPI_TICKET_STRINGS 16

/* One contribution: to series in month, with value (1 for a plain count). */
struct kpi_contrib {
	uint8_t series;
	uint8_t priority;  /* enum priority, or KPI_NONE */
	uint8_t agreement; /* index into agreements, or KPI_NONE */
	uint8_t team;      /* index into teams, or KPI_NONE */
	int32_t month;     /* year * 12 + month - 1, in the customer's time zone */
	int64_t value;
};

/* A ticket's contributions and the strings they refer to (all owned). */
struct kpi_ticket {
	char *customer_id, *service_id; /* NULL when none */
	char *agreements[KPI_TICKET_STRINGS];
	size_t nagreements;
	char *teams[KPI_TICKET_STRINGS];
	size_t nteams;
	struct kpi_contrib *v;
	size_t n, cap;
};

/* The month (index) an instant falls in, for this ticket's customer. */
typedef int32_t (*kpi_month_fn)(void *ctx, int64_t at);

/* The id of an agreement of the ticket's clocks (borrowed), or NULL to leave the clock out. */
typedef const char *(*kpi_agreement_id_fn)(void *ctx, const struct agreement_spec *a);

struct kpi_ticket_input {
	const struct ticket_event *evs; /* the log, as of the evaluation */
	size_t nevs;
	const struct ticket_sla *sla; /* its clocks, evaluated as of the same instant */
	const struct ticket_fact *facts;
	size_t nfacts;
	bool service_request;
	bool has_outage;                      /* an incident reporting an outage (ticket_outage) */
	int64_t outage_start, outage_end;     /* outage_end TIME_NONE while it lasts */
	const char *customer_id, *service_id; /* may be NULL */
	kpi_month_fn month_of;
	void *month_ctx;
	kpi_agreement_id_fn agreement_id;
	void *agreement_ctx;
};

/* Fills kt (released first) with the contributions of in. */
void kpi_ticket_build(struct kpi_ticket *kt, const struct kpi_ticket_input *in);

/* Frees what kt owns and empties it; kt may be NULL. */
void kpi_ticket_release(struct kpi_ticket *kt);

/* The blob form of kt, appended to out. */
int kpi_ticket_encode(const struct kpi_ticket *kt, struct buf *out, struct err *e);

/* kt (released first) from a blob; ERR_INVALID when it is not one. len 0 is a ticket without contributions. */
int kpi_ticket_decode(struct kpi_ticket *kt, const void *p, size_t len, struct err *e);

/* How one metric's clock of one agreement ended, as a ticket's blob keeps it. */
struct kpi_outcome {
	uint8_t state;     /* 0 undecided, 1 met, 2 breached */
	uint8_t priority;  /* at the decision */
	int32_t month;     /* of the decision */
	int64_t overrun_s; /* business seconds past the target, when breached */
};

/*
 * The outcomes of agreement_id's clocks (per enum sla_metric) in a blob,
 * read in place without allocating (what-if reads a million of them).
 * ERR_INVALID when the blob is corrupt.
 */
int kpi_blob_outcomes(const void *p, size_t len, const char *agreement_id, struct kpi_outcome out[METRIC_COUNT],
                      struct err *e);

/* The agreement and team ids of a contribution ("" when none), borrowed from kt. */
const char *kpi_ticket_agreement(const struct kpi_ticket *kt, const struct kpi_contrib *c);
const char *kpi_ticket_team(const struct kpi_ticket *kt, const struct kpi_contrib *c);

#endif
