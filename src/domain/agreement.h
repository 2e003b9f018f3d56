/*
 * agreement.h - service level agreements: SLA (with a customer), OLA (with
 * an internal team), UC (with a supplier); their document, rules, the clock
 * policy they imply, and whether an OLA or UC fits inside the SLA it
 * underpins.
 *
 * References to other records (customer, provider, services, calendars, the
 * underpinned SLA) are kept as the strings given (a name or an id); turning
 * them into records is the caller's job, as is storage.
 */
#ifndef LEVERA_DOMAIN_AGREEMENT_H
#define LEVERA_DOMAIN_AGREEMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/agreement_terms.h"
#include "domain/ticket.h"
#include "domain/ticket_clock.h"
#include "sla/calendar.h"

enum agreement_type { AGREEMENT_SLA, AGREEMENT_OLA, AGREEMENT_UC, AGREEMENT_TYPE_COUNT };
enum agreement_status {
	AGREEMENT_DRAFT,
	AGREEMENT_ACTIVE,
	AGREEMENT_EXPIRED,
	AGREEMENT_TERMINATED,
	AGREEMENT_STATUS_COUNT
};

#define AGREEMENT_MAX_TARGETS (METRIC_COUNT * PRIORITY_COUNT)
#define AGREEMENT_MAX_SERVICES 200

struct agreement_target {
	enum sla_metric metric;
	enum priority priority;
	int64_t target_s;
	char *calendar; /* owned; NULL: the agreement's calendar */
	int nwarn;
	int warn_pct[CLOCK_MAX_WARNINGS];
};

struct agreement_spec {
	char *name; /* owned */
	enum agreement_type type;
	enum agreement_status status;
	char *customer, *provider; /* owned references */
	char **services;           /* owned array of owned references */
	size_t nservices;
	int64_t valid_from, valid_to; /* local dates (days since 1970-01-01); valid_to may be INT64_MAX */
	char *calendar;               /* owned; NULL when every target names its own */
	unsigned pause_statuses;      /* bit per enum ticket_status */
	char *underpins;              /* owned; OLA/UC only: the SLA it supports, or NULL */
	json_t *components;           /* owned reference: the structured text components */
	struct agreement_target targets[AGREEMENT_MAX_TARGETS];
	int ntargets;
	struct agreement_terms terms; /* fee, service level, credit rules, maintenance windows */
};

const char *agreement_type_name(enum agreement_type t);
const char *agreement_status_name(enum agreement_status s);

/* The component keys an agreement document may carry under "components". */
extern const char *const agreement_component_keys[];

/*
 * Fills spec from a document; unknown fields are refused by name, every
 * rejection names its field ("targets[2].duration").  On failure spec is
 * left empty.  Release with agreement_spec_release().
 */
int agreement_from_json(struct agreement_spec *spec, const json_t *doc, struct err *e);
void agreement_spec_release(struct agreement_spec *spec);

/* The document form; a new reference. */
json_t *agreement_to_json(const struct agreement_spec *spec);

/* True when the agreement is active and valid on the local date day. */
bool agreement_in_force(const struct agreement_spec *spec, int64_t day);

/* True when the agreement covers the service named ref. */
bool agreement_covers(const struct agreement_spec *spec, const char *service);

/* The target for (metric, priority), or NULL. */
const struct agreement_target *agreement_target(const struct agreement_spec *spec, enum sla_metric m, enum priority p);

/* The clock policy of the agreement; team is the OLA's team (borrowed), NULL for an SLA or UC. */
void agreement_policy(const struct agreement_spec *spec, const char *team, struct sla_policy *pol);

/*
 * Checks that an OLA or UC (inner) can meet its part inside the SLA (outer)
 * it underpins.  For each of the SLA's targets, the inner agreement needs a
 * target for the same metric and priority whose deadline, for a clock
 * started at any quarter hour in the four weeks from `from`, is never later
 * than the SLA's.  Appends one warning object per problem to warnings
 * ({"metric","priority","message"}).  cal_outer/cal_inner are the compiled
 * calendars of the two targets' calendars (the agreement's own when the
 * target names none) - looked up through the callback.
 */
typedef const struct calendar *(*agreement_calendar_fn)(void *ctx, const char *ref);

/*
 * Where agreement_fit's four weeks start: Monday 00:00 UTC of the week in
 * which both agreements are first valid.  Fixed by the agreements alone, so
 * the same pair always gets the same warnings, on quarter-hour instants.
 */
int64_t agreement_fit_from(const struct agreement_spec *inner, const struct agreement_spec *outer);
void agreement_fit(const struct agreement_spec *inner, const struct agreement_spec *outer, int64_t from,
                   agreement_calendar_fn calendar_of, void *ctx, json_t *warnings);

#endif
