/*
 * ticket_facts.c - see ticket_facts.h.  One pass over the events for the
 * ticket's own facts, then one fact or two per clock.  The definitions
 * (what a reopening, an escalation or a first-contact resolution is) are
 * docs/kpis.md's; the tests pin each against a hand-made history.
 */
#include "domain/ticket_facts.h"

#include <string.h>

#include "base/timefmt.h"

static const char *const kind_names[FACT_KIND_COUNT] = {
	"created", "resolved", "reopened", "escalated", "rated", "work", "clock_decided", "clock_stopped",
};

const char *
fact_kind_name(enum fact_kind k)
{
	return (unsigned)k < FACT_KIND_COUNT ? kind_names[k] : "?";
}

struct facts {
	struct ticket_fact *out;
	size_t cap, n;
};

static struct ticket_fact *
add(struct facts *f, int64_t at, enum fact_kind kind, enum priority p)
{
	if (f->n == f->cap) {
		return NULL;
	}
	struct ticket_fact *x = &f->out[f->n++];
	memset(x, 0, sizeof(*x));
	x->at = at;
	x->kind = kind;
	x->priority = p;
	return x;
}

/* What the walk over the events learns on the way to the first resolution, and after. */
struct walk {
	enum ticket_status status;
	enum priority priority;
	const char *team;
	int teams;                         /* distinct holders so far: a second one is an escalation */
	int64_t in_progress_at;            /* the first move to in_progress; TIME_NONE */
	int64_t assigned_at;               /* the first assignment; TIME_NONE */
	int64_t resolved_at;               /* the first resolution; TIME_NONE */
	bool waited;                       /* was waiting on the customer before the first resolution */
	int staff_replies;                 /* public staff replies before the first resolution */
	bool reopened;                     /* ever, as of the instant */
	const struct ticket_event *rating; /* the last */
};

static void
on_event(struct facts *f, struct walk *w, const struct ticket_event *ev)
{
	bool before_resolution = w->resolved_at == TIME_NONE;
	struct ticket_fact *x;

	switch (ev->type) {
	case TEV_STATUS:
		if (w->status == STATUS_RESOLVED && !ticket_status_is_done(ev->to_status)) {
			w->reopened = true;
			add(f, ev->at, FACT_REOPENED, w->priority);
		}
		if (ev->to_status == STATUS_IN_PROGRESS && w->in_progress_at == TIME_NONE) {
			w->in_progress_at = ev->at;
		}
		if (ev->to_status == STATUS_WAITING_ON_CUSTOMER && before_resolution) {
			w->waited = true;
		}
		if (ticket_status_is_done(ev->to_status) && before_resolution) {
			w->resolved_at = ev->at;
		}
		w->status = ev->to_status;
		break;
	case TEV_PRIORITY:
		if (ev->to_priority < w->priority) { /* P1 is the most urgent */
			x = add(f, ev->at, FACT_ESCALATED, ev->to_priority);
			if (x != NULL) {
				x->sub = ESCALATION_PRIORITY;
			}
		}
		w->priority = ev->to_priority;
		break;
	case TEV_ASSIGN:
		if (ev->team != NULL && (w->team == NULL || strcmp(ev->team, w->team) != 0)) {
			w->teams++;
			if (w->teams > 1) {
				x = add(f, ev->at, FACT_ESCALATED, w->priority);
				if (x != NULL) {
					x->sub = ESCALATION_TEAM;
				}
			}
			w->team = ev->team;
		}
		if (w->assigned_at == TIME_NONE) {
			w->assigned_at = ev->at;
		}
		break;
	case TEV_REPLY:
		if (ev->public && ev->by == AUTHOR_AGENT && before_resolution) {
			w->staff_replies++;
		}
		break;
	case TEV_SLA_WARNING:
	case TEV_SLA_BREACH:
		x = add(f, ev->at, FACT_ESCALATED, w->priority);
		if (x != NULL) {
			x->sub = ev->type == TEV_SLA_WARNING ? ESCALATION_SLA_WARNING : ESCALATION_SLA_BREACH;
		}
		break;
	case TEV_RATING:
		w->rating = ev;
		break;
	case TEV_WORK:
		x = add(f, ev->at, FACT_WORK, w->priority);
		if (x != NULL) {
			x->value = ev->duration_s;
			x->who = ev->user;
		}
		break;
	case TEV_CREATED:
	case TEV_LINK:
	case TEV_OUTAGE:
	case TEV_TYPE_COUNT:
		break;
	}
}

/* A clock's outcome when it is decided (met at its stop, breached at breached_at) and its time when it stops. */
static void
clock_facts(struct facts *f, const struct ticket_event *evs, size_t n, const struct ticket_sla_clock *c)
{
	const struct clock_result *r = &c->res;
	struct ticket_fact *x;

	if (r->state == CLOCK_MET || r->state == CLOCK_BREACHED) {
		int64_t at = r->state == CLOCK_MET ? r->stopped_at : r->breached_at;
		x = at != TIME_NONE ? add(f, at, FACT_CLOCK_DECIDED, ticket_priority_at(evs, n, at)) : NULL;
		if (x != NULL) {
			x->clock = c;
			x->flag = r->state == CLOCK_MET;
			x->value = r->elapsed_business_s > r->target_s ? r->elapsed_business_s - r->target_s : 0;
		}
	}
	if (r->stopped_at != TIME_NONE && r->started_at != TIME_NONE) {
		x = add(f, r->stopped_at, FACT_CLOCK_STOPPED, ticket_priority_at(evs, n, r->stopped_at));
		if (x != NULL) {
			x->clock = c;
			x->flag = r->state == CLOCK_MET;
			x->value = r->elapsed_business_s;
			x->value2 = r->stopped_at - r->started_at;
		}
	}
}

size_t
ticket_facts(const struct ticket_event *evs, size_t n, const struct ticket_sla *sla, int64_t as_of,
             struct ticket_fact *out, size_t cap)
{
	struct facts f = { out, cap, 0 };
	struct walk w = {
		.status = STATUS_NEW, .in_progress_at = TIME_NONE, .assigned_at = TIME_NONE, .resolved_at = TIME_NONE
	};

	if (n == 0 || evs[0].at > as_of) {
		return 0;
	}
	w.priority = evs[0].to_priority;
	add(&f, evs[0].at, FACT_CREATED, w.priority);
	for (size_t i = 1; i < n && evs[i].at <= as_of; i++) {
		on_event(&f, &w, &evs[i]);
	}
	if (w.resolved_at != TIME_NONE) {
		struct ticket_fact *x =
		        add(&f, w.resolved_at, FACT_RESOLVED, ticket_priority_at(evs, n, w.resolved_at));
		if (x != NULL) {
			/* The cycle starts when work began: in progress, else assigned, else created. */
			int64_t began = evs[0].at;
			if (w.in_progress_at != TIME_NONE && w.in_progress_at <= w.resolved_at) {
				began = w.in_progress_at;
			} else if (w.assigned_at != TIME_NONE && w.assigned_at <= w.resolved_at) {
				began = w.assigned_at;
			}
			x->value = w.resolved_at - evs[0].at;
			x->value2 = w.resolved_at - began;
			x->flag = !w.reopened && w.teams <= 1 && !w.waited && w.staff_replies <= 1;
		}
	}
	if (w.rating != NULL) {
		struct ticket_fact *x = add(&f, w.rating->at, FACT_RATED, ticket_priority_at(evs, n, w.rating->at));
		if (x != NULL) {
			x->value = w.rating->score;
		}
	}
	for (size_t i = 0; sla != NULL && i < sla->n; i++) {
		clock_facts(&f, evs, n, &sla->clocks[i]);
	}
	return f.n;
}
