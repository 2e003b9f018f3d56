/*
 * ticket.h - tickets' vocabulary and rules: types, statuses and the allowed
 * moves between them, priorities from impact x urgency, and the events of a
 * ticket's append-only log, parsed from their JSON form.
 *
 * Everything a ticket shows (status, priority, holder, SLA clocks) is derived
 * from its events; this file only knows what a valid event is.  Storage and
 * HTTP live elsewhere.
 */
#ifndef LEVERA_DOMAIN_TICKET_H
#define LEVERA_DOMAIN_TICKET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum ticket_type { TICKET_INCIDENT, TICKET_SERVICE_REQUEST, TICKET_PROBLEM, TICKET_CHANGE, TICKET_TYPE_COUNT };

enum ticket_status {
	STATUS_NEW,
	STATUS_ASSIGNED,
	STATUS_IN_PROGRESS,
	STATUS_WAITING_ON_CUSTOMER,
	STATUS_WAITING_ON_SUPPLIER,
	STATUS_RESOLVED,
	STATUS_CLOSED,
	STATUS_COUNT
};

/* P1 (most urgent) .. P4; PRIORITY_COUNT is also "none". */
enum priority { PRIORITY_P1, PRIORITY_P2, PRIORITY_P3, PRIORITY_P4, PRIORITY_COUNT };

enum level { LEVEL_HIGH, LEVEL_MEDIUM, LEVEL_LOW, LEVEL_COUNT };

/* Who wrote an event: the provider's staff, the customer's people, or Levera itself. */
enum author { AUTHOR_AGENT, AUTHOR_CUSTOMER, AUTHOR_SYSTEM, AUTHOR_COUNT };

enum ticket_event_type {
	TEV_CREATED,     /* opens the log: status new, the initial priority */
	TEV_STATUS,      /* status -> to_status */
	TEV_PRIORITY,    /* priority -> to_priority */
	TEV_REPLY,       /* a public reply or (public false) an internal note */
	TEV_ASSIGN,      /* held by team (and agent) from now on */
	TEV_LINK,        /* linked to a problem or change */
	TEV_SLA_WARNING, /* recorded by the background job; changes no clock */
	TEV_SLA_BREACH,  /* idem */
	TEV_RATING,      /* the customer's satisfaction with a resolved ticket (CSAT): score 1-5, comment */
	TEV_WORK,        /* work time logged by staff: duration_s, note; changes no clock */
	TEV_OUTAGE,      /* incidents: the service was down from outage_start (to outage_end); the latest counts */
	TEV_TYPE_COUNT
};

/* One event of a ticket's log.  Strings point into the parsed JSON (borrowed). */
struct ticket_event {
	int64_t at;
	enum ticket_event_type type;
	enum ticket_status to_status; /* TEV_STATUS */
	enum priority to_priority;    /* TEV_CREATED (initial), TEV_PRIORITY */
	bool public;                  /* TEV_REPLY */
	enum author by;               /* TEV_REPLY, and who made any event */
	const char *user;             /* the user who made it (an id), NULL when not recorded */
	const char *team;             /* TEV_ASSIGN: the team now holding it, NULL when none */
	const char *agent;            /* TEV_ASSIGN: the agent, NULL when none */
	const char *sla_agreement;    /* TEV_SLA_*: the agreement's name */
	const char *sla_metric;       /* TEV_SLA_*: "response" or "resolution" */
	int sla_pct;                  /* TEV_SLA_WARNING: the threshold */
	int score;                    /* TEV_RATING: 1 (very unhappy) .. 5 (very happy) */
	int64_t duration_s;           /* TEV_WORK: wall seconds of work, 1 .. TICKET_WORK_MAX_S */
	int64_t outage_start;         /* TEV_OUTAGE: when the service went down, at or before at */
	int64_t outage_end; /* TEV_OUTAGE: when it was restored (after start, at or before at); TIME_NONE: down still */
};

/* The most work one event may log (a day); longer work is logged in parts. */
#define TICKET_WORK_MAX_S 86400
/* The longest comment on a rating or note on work, in bytes. */
#define TICKET_COMMENT_MAX 4000

/* The impact x urgency -> priority matrix (a configurable table, ITIL style). */
struct priority_matrix {
	enum priority cell[LEVEL_COUNT][LEVEL_COUNT]; /* [impact][urgency] */
};

const char *ticket_type_name(enum ticket_type t);
int ticket_type_parse(const char *s); /* -1 when unknown */
const char *ticket_status_name(enum ticket_status s);
int ticket_status_parse(const char *s);
const char *priority_name(enum priority p);
int priority_parse(const char *s);
const char *level_name(enum level l);
int level_parse(const char *s);
const char *author_name(enum author a);
int author_parse(const char *s);
const char *ticket_event_type_name(enum ticket_event_type t);
int ticket_event_type_parse(const char *s);

/* True when a ticket may move from one status to another (the workflow table). */
bool ticket_status_allows(enum ticket_status from, enum ticket_status to);

/* True for resolved and closed: the ticket is no longer being worked. */
bool ticket_status_is_done(enum ticket_status s);

/* The matrix Levera starts with: H/H P1; H/M, M/H P2; H/L, M/M, L/H P3; the rest P4. */
void priority_matrix_default(struct priority_matrix *m);

enum priority priority_from(const struct priority_matrix *m, enum level impact, enum level urgency);

/* Reads {"high": {"high": "P1", ...}, ...}; every cell must be given. */
int priority_matrix_from_json(struct priority_matrix *m, const json_t *doc, struct err *e);
json_t *priority_matrix_to_json(const struct priority_matrix *m);

/*
 * Parses one event object ({"at": ..., "type": "status", "to": ...}); the
 * result borrows strings from obj.  Unknown fields are refused by name.
 */
int ticket_event_from_json(struct ticket_event *ev, const json_t *obj, struct err *e);

/*
 * Whether an event of this type may be in the log of a ticket of type t: an
 * outage marks incidents only.  Refusals name the field "type".
 */
int ticket_event_fits_type(enum ticket_type t, const struct ticket_event *ev, struct err *e);

/*
 * The outage the ticket records as of as_of: the latest outage event at or
 * before as_of wins (a later one corrects an earlier one).  Returns false
 * when there is none; else fills *start, and *end with *has_end true once
 * the service was restored (*end is TIME_NONE while the outage lasts).
 */
bool ticket_outage(const struct ticket_event *evs, size_t n, int64_t as_of, int64_t *start, int64_t *end,
                   bool *has_end);

/*
 * Checks a whole log: it starts with "created", instants never go back, and
 * every status change is allowed from the status before it.  On failure
 * e->field names the event ("events[3].to").
 */
int ticket_events_check(const struct ticket_event *evs, size_t n, struct err *e);

/* The ticket's priority at instant t: the last priority set at or before it (n > 0). */
enum priority ticket_priority_at(const struct ticket_event *evs, size_t n, int64_t t);

#endif
