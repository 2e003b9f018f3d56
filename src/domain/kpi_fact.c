/*
 * kpi_fact.c - see kpi_fact.h.  The blob is: a version byte, the customer
 * and service ids, the agreement and team ids, then each contribution as
 * series, priority, agreement and team bytes and the month and value as
 * zigzag varints: about 10 bytes a contribution, 150 to 300 a ticket.
 */
#include "domain/kpi_fact.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/varint.h"
#include "base/xalloc.h"

#define BLOB_VERSION 1

bool
kpi_series_has_hist(int series)
{
	switch (series) {
	case KS_LEAD:
	case KS_CYCLE:
	case KS_RESPONSE_BUSINESS:
	case KS_RESOLUTION_BUSINESS:
	case KS_RESPONSE_WALL:
	case KS_RESOLUTION_WALL:
		return true;
	default:
		return false;
	}
}

void
kpi_ticket_release(struct kpi_ticket *kt)
{
	if (kt == NULL) {
		return;
	}
	free(kt->customer_id);
	free(kt->service_id);
	for (size_t i = 0; i < kt->nagreements; i++) {
		free(kt->agreements[i]);
	}
	for (size_t i = 0; i < kt->nteams; i++) {
		free(kt->teams[i]);
	}
	free(kt->v);
	memset(kt, 0, sizeof(*kt));
}

/* The index of s in the table (added when new), or KPI_NONE for NULL or a full table. */
static uint8_t
intern(char **table, size_t *n, const char *s)
{
	if (s == NULL) {
		return KPI_NONE;
	}
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(table[i], s) == 0) {
			return (uint8_t)i;
		}
	}
	if (*n == KPI_TICKET_STRINGS) {
		return KPI_NONE;
	}
	table[*n] = xstrdup(s);
	return (uint8_t)(*n)++;
}

/* The series counted per team too (workload); the others per customer, service and priority only. */
static bool
series_by_team(int series)
{
	return series == KS_CREATED || series == KS_RESOLVED || series == KS_OPEN_DELTA || series == KS_WORK ||
	       series == KS_HANDLING;
}

struct build {
	struct kpi_ticket *kt;
	const struct kpi_ticket_input *in;
};

static void
put(struct build *b, int series, int64_t at, int priority, uint8_t agreement, const char *team, int64_t value)
{
	struct kpi_ticket *kt = b->kt;

	if (kt->n == kt->cap) {
		kt->cap = kt->cap > 0 ? kt->cap * 2 : 16;
		kt->v = xreallocarray(kt->v, kt->cap, sizeof(*kt->v));
	}
	struct kpi_contrib *c = &kt->v[kt->n++];
	c->series = (uint8_t)series;
	c->priority = (unsigned)priority < PRIORITY_COUNT ? (uint8_t)priority : KPI_NONE;
	c->agreement = agreement;
	c->team = series_by_team(series) ? intern(kt->teams, &kt->nteams, team) : KPI_NONE;
	c->month = b->in->month_of(b->in->month_ctx, at);
	c->value = value;
}

/* The team holding the ticket at instant t (the last assignment at or before it). */
static const char *
team_at(const struct ticket_event *evs, size_t n, int64_t t)
{
	const char *team = NULL;

	for (size_t i = 1; i < n && evs[i].at <= t; i++) {
		if (evs[i].type == TEV_ASSIGN) {
			team = evs[i].team;
		}
	}
	return team;
}

/* Work logged at or before t, in seconds. */
static int64_t
work_until(const struct ticket_event *evs, size_t n, int64_t t)
{
	int64_t s = 0;

	for (size_t i = 1; i < n && evs[i].at <= t; i++) {
		s += evs[i].type == TEV_WORK ? evs[i].duration_s : 0;
	}
	return s;
}

/* The backlog's moves: -1 when the ticket is resolved or closed from an open status, +1 when reopened. */
static void
open_moves(struct build *b)
{
	const struct ticket_event *evs = b->in->evs;
	enum ticket_status status = STATUS_NEW;
	enum priority p = evs[0].to_priority;
	const char *team = NULL;

	for (size_t i = 1; i < b->in->nevs; i++) {
		const struct ticket_event *ev = &evs[i];
		if (ev->type == TEV_PRIORITY) {
			p = ev->to_priority;
		} else if (ev->type == TEV_ASSIGN) {
			team = ev->team;
		} else if (ev->type == TEV_STATUS) {
			bool was_done = ticket_status_is_done(status), done = ticket_status_is_done(ev->to_status);
			if (was_done != done) {
				put(b, KS_OPEN_DELTA, ev->at, (int)p, KPI_NONE, team, done ? -1 : 1);
			}
			status = ev->to_status;
		}
	}
}

/* One KS_ESCALATED per month the ticket had an escalation in: the first of the month's. */
static void
escalated_once(struct build *b, int64_t at, int p)
{
	int32_t month = b->in->month_of(b->in->month_ctx, at);

	for (size_t i = 0; i < b->kt->n; i++) {
		if (b->kt->v[i].series == KS_ESCALATED && b->kt->v[i].month == month) {
			return;
		}
	}
	put(b, KS_ESCALATED, at, p, KPI_NONE, NULL, 1);
}

static const int escalation_series[] = { KS_ESC_PRIORITY, KS_ESC_TEAM, KS_ESC_WARNING, KS_ESC_BREACH };

static void
clock_fact(struct build *b, const struct ticket_fact *f, const struct ticket_fact *const *first)
{
	const struct ticket_sla_clock *c = f->clock;
	const struct ticket_event *evs = b->in->evs;
	bool sla = c->agreement->type == AGREEMENT_SLA, response = c->metric == METRIC_RESPONSE;
	const char *id = b->in->agreement_id(b->in->agreement_ctx, c->agreement);
	const char *team = team_at(evs, b->in->nevs, f->at);

	if (id == NULL) {
		return;
	}
	uint8_t ag = intern(b->kt->agreements, &b->kt->nagreements, id);
	if (f->kind == FACT_CLOCK_DECIDED) {
		int series = response ? (f->flag ? KS_RESPONSE_MET : KS_RESPONSE_BREACHED)
		                      : (f->flag ? KS_RESOLUTION_MET : KS_RESOLUTION_BREACHED);
		if (!sla) {
			series += KS_OLA_RESPONSE_MET - KS_RESPONSE_MET;
		}
		put(b, series, f->at, (int)f->priority, ag, team, f->flag ? 1 : f->value);
	} else if (sla && first[c->metric] == f) {
		put(b, response ? KS_RESPONSE_BUSINESS : KS_RESOLUTION_BUSINESS, f->at, (int)f->priority, ag, team,
		    f->value);
		put(b, response ? KS_RESPONSE_WALL : KS_RESOLUTION_WALL, f->at, (int)f->priority, ag, team, f->value2);
	}
}

void
kpi_ticket_build(struct kpi_ticket *kt, const struct kpi_ticket_input *in)
{
	const struct ticket_fact *first[METRIC_COUNT] = { NULL };
	struct build b = { kt, in };

	kpi_ticket_release(kt);
	kt->customer_id = in->customer_id != NULL ? xstrdup(in->customer_id) : NULL;
	kt->service_id = in->service_id != NULL ? xstrdup(in->service_id) : NULL;
	if (in->nevs == 0) {
		return;
	}
	/* Times count one clock per metric: the first SLA's (the lowest in the clock array). */
	for (size_t i = 0; i < in->nfacts; i++) {
		const struct ticket_fact *f = &in->facts[i];
		if (f->kind == FACT_CLOCK_STOPPED && f->clock->agreement->type == AGREEMENT_SLA &&
		    (unsigned)f->clock->metric < METRIC_COUNT &&
		    (first[f->clock->metric] == NULL || f->clock < first[f->clock->metric]->clock)) {
			first[f->clock->metric] = f;
		}
	}
	for (size_t i = 0; i < in->nfacts; i++) {
		const struct ticket_fact *f = &in->facts[i];
		const char *team = team_at(in->evs, in->nevs, f->at);
		int p = (int)f->priority;
		switch (f->kind) {
		case FACT_CREATED:
			put(&b, KS_CREATED, f->at, p, KPI_NONE, team, 1);
			put(&b, KS_OPEN_DELTA, f->at, p, KPI_NONE, team, 1);
			break;
		case FACT_RESOLVED:
			put(&b, KS_RESOLVED, f->at, p, KPI_NONE, team, 1);
			if (f->flag) {
				put(&b, KS_FCR, f->at, p, KPI_NONE, team, 1);
			}
			put(&b, KS_HANDLING, f->at, p, KPI_NONE, team, work_until(in->evs, in->nevs, f->at));
			if (in->service_request) {
				put(&b, KS_LEAD, f->at, p, KPI_NONE, team, f->value);
				put(&b, KS_CYCLE, f->at, p, KPI_NONE, team, f->value2);
			}
			break;
		case FACT_REOPENED:
			put(&b, KS_REOPENED, f->at, p, KPI_NONE, team, 1);
			break;
		case FACT_ESCALATED:
			if (f->sub >= 0 && f->sub < 4) {
				put(&b, escalation_series[f->sub], f->at, p, KPI_NONE, team, 1);
				escalated_once(&b, f->at, p);
			}
			break;
		case FACT_RATED:
			put(&b, KS_RATING, f->at, p, KPI_NONE, team, f->value);
			if (f->value >= 4) {
				put(&b, KS_RATING_SATISFIED, f->at, p, KPI_NONE, team, 1);
			}
			break;
		case FACT_WORK:
			put(&b, KS_WORK, f->at, p, KPI_NONE, team, f->value);
			break;
		case FACT_CLOCK_DECIDED:
		case FACT_CLOCK_STOPPED:
			clock_fact(&b, f, first);
			break;
		case FACT_KIND_COUNT:
			break;
		}
	}
	if (in->has_outage) {
		put(&b, KS_OUTAGE, in->outage_start, (int)in->evs[0].to_priority, KPI_NONE, NULL,
		    in->outage_end != TIME_NONE ? in->outage_end - in->outage_start : 0);
	}
	open_moves(&b);
}

const char *
kpi_ticket_agreement(const struct kpi_ticket *kt, const struct kpi_contrib *c)
{
	return c->agreement < kt->nagreements ? kt->agreements[c->agreement] : "";
}

const char *
kpi_ticket_team(const struct kpi_ticket *kt, const struct kpi_contrib *c)
{
	return c->team < kt->nteams ? kt->teams[c->team] : "";
}

/* ---- the blob ---------------------------------------------------------- */

static int
put_str(struct buf *out, const char *s, struct err *e)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (varint_put(out, s != NULL ? n + 1 : 0, e) != 0) {
		return -1;
	}
	return n > 0 ? buf_append(out, s, n, e) : 0;
}

int
kpi_ticket_encode(const struct kpi_ticket *kt, struct buf *out, struct err *e)
{
	unsigned char version = BLOB_VERSION, counts[2] = { (unsigned char)kt->nagreements, (unsigned char)kt->nteams };
	int rc = buf_append(out, &version, 1, e);

	rc = rc != 0 ? rc : put_str(out, kt->customer_id, e);
	rc = rc != 0 ? rc : put_str(out, kt->service_id, e);
	rc = rc != 0 ? rc : buf_append(out, &counts[0], 1, e);
	for (size_t i = 0; rc == 0 && i < kt->nagreements; i++) {
		rc = put_str(out, kt->agreements[i], e);
	}
	rc = rc != 0 ? rc : buf_append(out, &counts[1], 1, e);
	for (size_t i = 0; rc == 0 && i < kt->nteams; i++) {
		rc = put_str(out, kt->teams[i], e);
	}
	rc = rc != 0 ? rc : varint_put(out, kt->n, e);
	for (size_t i = 0; rc == 0 && i < kt->n; i++) {
		const struct kpi_contrib *c = &kt->v[i];
		unsigned char head[4] = { c->series, c->priority, c->agreement, c->team };
		rc = buf_append(out, head, sizeof(head), e);
		rc = rc != 0 ? rc : varint_put(out, zigzag_encode(c->month), e);
		rc = rc != 0 ? rc : varint_put(out, zigzag_encode(c->value), e);
	}
	return rc;
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t
get_varint(struct reader *r)
{
	uint64_t v = 0;

	r->bad = r->bad || varint_get(&r->p, r->end, &v) != 0;
	return v;
}

static int64_t
get_zigzag(struct reader *r)
{
	return zigzag_decode(get_varint(r));
}

static unsigned char
get_byte(struct reader *r)
{
	if (r->p == r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

static char *
get_str(struct reader *r)
{
	uint64_t n = get_varint(r);

	if (r->bad || n == 0) {
		return NULL;
	}
	if (n - 1 > (uint64_t)(r->end - r->p) || n - 1 > 1024) {
		r->bad = true;
		return NULL;
	}
	char *s = xstrndup((const char *)r->p, (size_t)(n - 1));
	r->p += n - 1;
	return s;
}

int
kpi_ticket_decode(struct kpi_ticket *kt, const void *p, size_t len, struct err *e)
{
	struct reader r = { p, (const unsigned char *)p + len, false };

	kpi_ticket_release(kt);
	if (len == 0) {
		return 0;
	}
	r.bad = get_byte(&r) != BLOB_VERSION;
	kt->customer_id = get_str(&r);
	kt->service_id = get_str(&r);
	kt->nagreements = get_byte(&r);
	r.bad = r.bad || kt->nagreements > KPI_TICKET_STRINGS;
	for (size_t i = 0; !r.bad && i < kt->nagreements; i++) {
		kt->agreements[i] = get_str(&r);
		r.bad = r.bad || kt->agreements[i] == NULL;
	}
	kt->nteams = r.bad ? 0 : get_byte(&r);
	r.bad = r.bad || kt->nteams > KPI_TICKET_STRINGS;
	for (size_t i = 0; !r.bad && i < kt->nteams; i++) {
		kt->teams[i] = get_str(&r);
		r.bad = r.bad || kt->teams[i] == NULL;
	}
	uint64_t n = r.bad ? 0 : get_varint(&r);
	r.bad = r.bad || n > len;
	kt->v = n > 0 && !r.bad ? xcalloc((size_t)n, sizeof(*kt->v)) : NULL;
	kt->cap = kt->v != NULL ? (size_t)n : 0;
	for (size_t i = 0; !r.bad && i < n; i++) {
		struct kpi_contrib *c = &kt->v[kt->n++];
		c->series = get_byte(&r);
		c->priority = get_byte(&r);
		c->agreement = get_byte(&r);
		c->team = get_byte(&r);
		c->month = (int32_t)get_zigzag(&r);
		c->value = get_zigzag(&r);
	}
	if (r.bad || r.p != r.end) {
		kpi_ticket_release(kt);
		return err_set(e, ERR_INVALID, "facts", "a ticket's stored KPI facts are corrupt");
	}
	return 0;
}

/* Moves past a string, telling whether it equals s (s may be NULL: no match). */
static bool
skip_str(struct reader *r, const char *s)
{
	uint64_t n = get_varint(r);

	if (r->bad || n == 0) {
		return false;
	}
	if (n - 1 > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return false;
	}
	bool same = s != NULL && strlen(s) == n - 1 && memcmp(r->p, s, (size_t)(n - 1)) == 0;
	r->p += n - 1;
	return same;
}

int
kpi_blob_outcomes(const void *p, size_t len, const char *agreement_id, struct kpi_outcome out[METRIC_COUNT],
                  struct err *e)
{
	struct reader r = { p, (const unsigned char *)p + len, false };
	int agreement = KPI_NONE;

	memset(out, 0, METRIC_COUNT * sizeof(*out));
	if (len == 0) {
		return 0;
	}
	r.bad = get_byte(&r) != BLOB_VERSION;
	skip_str(&r, NULL);
	skip_str(&r, NULL);
	size_t nagreements = r.bad ? 0 : get_byte(&r);
	for (size_t i = 0; !r.bad && i < nagreements; i++) {
		agreement = skip_str(&r, agreement_id) ? (int)i : agreement;
	}
	size_t nteams = r.bad ? 0 : get_byte(&r);
	for (size_t i = 0; !r.bad && i < nteams; i++) {
		skip_str(&r, NULL);
	}
	uint64_t n = r.bad ? 0 : get_varint(&r);
	for (uint64_t i = 0; !r.bad && i < n; i++) {
		int series = get_byte(&r), priority = get_byte(&r), ag = get_byte(&r);
		get_byte(&r);
		int32_t month = (int32_t)get_zigzag(&r);
		int64_t value = get_zigzag(&r);
		bool met = series == KS_RESPONSE_MET || series == KS_RESOLUTION_MET;
		bool breached = series == KS_RESPONSE_BREACHED || series == KS_RESOLUTION_BREACHED;
		if ((met || breached) && ag == agreement && agreement != KPI_NONE) {
			struct kpi_outcome *o =
			        &out[series == KS_RESPONSE_MET || series == KS_RESPONSE_BREACHED ? METRIC_RESPONSE
			                                                                         : METRIC_RESOLUTION];
			*o = (struct kpi_outcome){ met ? 1 : 2, (uint8_t)priority, month, breached ? value : 0 };
		}
	}
	if (r.bad || r.p != r.end) {
		return err_set(e, ERR_INVALID, "facts", "a ticket's stored KPI facts are corrupt");
	}
	return 0;
}
