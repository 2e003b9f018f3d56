/*
 * ticket_sla.c - a ticket's clocks, its SLA state and its next deadline.
 *
 * "At risk" means a running clock whose first warning threshold has been
 * reached and whose target has not; "breached" wins over everything, and a
 * ticket whose clocks have all stopped is "done".
 */
#include "domain/ticket_sla.h"

#include <string.h>

#include "base/json.h"
#include "base/timefmt.h"

static const char *const state_names[TSLA_STATE_COUNT] = { "breached", "at_risk", "ok", "paused", "done", "none" };

const char *
ticket_sla_state_name(enum ticket_sla_state s)
{
	return (unsigned)s < TSLA_STATE_COUNT ? state_names[s] : "unknown";
}

int
ticket_sla_state_parse(const char *s)
{
	for (int i = 0; s != NULL && i < TSLA_STATE_COUNT; i++) {
		if (strcmp(s, state_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

bool
agreement_applies(const struct agreement_spec *a, const char *customer, const char *service, int64_t day)
{
	return a->type == AGREEMENT_SLA && customer != NULL && strcmp(a->customer, customer) == 0 &&
	       agreement_covers(a, service) && agreement_in_force(a, day);
}

static enum ticket_sla_state
clock_sla_state(const struct clock_result *r)
{
	switch (r->state) {
	case CLOCK_BREACHED:
		return TSLA_BREACHED;
	case CLOCK_MET:
		return TSLA_DONE;
	case CLOCK_PAUSED:
		return TSLA_PAUSED;
	case CLOCK_PENDING:
		return TSLA_NONE;
	case CLOCK_RUNNING:
	case CLOCK_STATE_COUNT:
		break;
	}
	return r->nwarn > 0 && r->warnings[0].at != TIME_NONE ? TSLA_AT_RISK : TSLA_OK;
}

/*
 * The clock events of agreement a's metric m over the events up to as_of,
 * the target in force and its calendar; *nc 0 when the clock does not apply.
 */
static int
clock_inputs(const struct ticket_event *evs, size_t n, const struct agreement_spec *a, enum sla_metric m,
             agreement_calendar_fn calendar_of, void *ctx, int64_t as_of, struct clock_event *cev, size_t cap,
             size_t *nc, enum priority *p, struct clock_target *tg, struct err *e)
{
	struct sla_policy pol;
	size_t used = 0;

	*nc = 0;
	/* Only events up to as_of decide the priority and the clock. */
	while (used < n && evs[used].at <= as_of) {
		used++;
	}
	if (used == 0 || used > 256) {
		return used == 0 ? 0 : err_set(e, ERR_TOO_LARGE, "events", "a ticket has more than 256 events");
	}
	agreement_policy(a, a->type == AGREEMENT_SLA ? NULL : a->provider, &pol);
	if (ticket_clock_events(evs, used, &pol, m, cev, cap, nc, p, e) != 0) {
		return -1;
	}
	const struct agreement_target *t = agreement_target(a, m, *p);
	if (*nc == 0 || t == NULL) {
		*nc = 0;
		return 0;
	}
	const struct calendar *cal = calendar_of(ctx, t->calendar != NULL ? t->calendar : a->calendar);
	if (cal == NULL) {
		return err_set(e, ERR_NOT_FOUND, "calendar", "agreement '%s' names a calendar that does not exist",
		               a->name);
	}
	memset(tg, 0, sizeof(*tg));
	tg->target_s = t->target_s;
	tg->cal = cal;
	tg->nwarn = t->nwarn;
	memcpy(tg->warn_pct, t->warn_pct, sizeof(tg->warn_pct));
	return 0;
}

/* Adds the clock of agreement a's metric m to out when it applies; its spans into trace (may be NULL). */
static int
eval_one(const struct ticket_event *evs, size_t n, const struct agreement_spec *a, enum sla_metric m,
         agreement_calendar_fn calendar_of, void *ctx, int64_t as_of, struct ticket_sla *out,
         struct ticket_sla_trace *trace, struct err *e)
{
	struct clock_event cev[2 * 256 + 2];
	struct clock_target tg;
	enum priority p;
	size_t nc;

	if (clock_inputs(evs, n, a, m, calendar_of, ctx, as_of, cev, sizeof(cev) / sizeof(cev[0]), &nc, &p, &tg, e) !=
	    0) {
		return -1;
	}
	if (nc == 0) {
		return 0;
	}
	if (out->n == sizeof(out->clocks) / sizeof(out->clocks[0])) {
		return err_set(e, ERR_TOO_LARGE, "agreements", "a ticket has more than 16 SLA clocks");
	}
	struct ticket_sla_clock *c = &out->clocks[out->n];
	c->agreement = a;
	c->metric = m;
	c->cal = tg.cal;
	struct clock_trace *spans = NULL;
	if (trace != NULL) {
		spans = &trace->clocks[out->n];
		*spans = (struct clock_trace){ trace->spans[out->n], TICKET_SLA_SPANS, 0, 0 };
	}
	if (clock_eval(&tg, cev, nc, as_of, &c->res, spans, e) != 0) {
		return -1;
	}
	out->priority = p;
	out->n++;
	return 0;
}

int
ticket_sla_eval(const struct ticket_event *evs, size_t n, const struct agreement_spec *const *agreements,
                size_t nagreements, agreement_calendar_fn calendar_of, void *ctx, int64_t as_of, struct ticket_sla *out,
                struct err *e)
{
	return ticket_sla_eval_traced(evs, n, agreements, nagreements, calendar_of, ctx, as_of, out, NULL, e);
}

int
ticket_sla_eval_traced(const struct ticket_event *evs, size_t n, const struct agreement_spec *const *agreements,
                       size_t nagreements, agreement_calendar_fn calendar_of, void *ctx, int64_t as_of,
                       struct ticket_sla *out, struct ticket_sla_trace *trace, struct err *e)
{
	memset(out, 0, sizeof(*out));
	out->next_due_at = TIME_NONE;
	out->state = TSLA_NONE;
	out->priority = n > 0 ? evs[0].to_priority : PRIORITY_COUNT;
	for (size_t i = 0; i < nagreements; i++) {
		for (int m = 0; m < METRIC_COUNT; m++) {
			if (eval_one(evs, n, agreements[i], (enum sla_metric)m, calendar_of, ctx, as_of, out, trace,
			             e) != 0) {
				return -1;
			}
		}
	}
	for (size_t i = 0; i < out->n; i++) {
		const struct clock_result *r = &out->clocks[i].res;
		enum ticket_sla_state s = clock_sla_state(r);
		if (s < out->state) {
			out->state = s;
		}
		if ((r->state == CLOCK_RUNNING) && r->due_at != TIME_NONE && r->due_at >= as_of &&
		    (out->next_due_at == TIME_NONE || r->due_at < out->next_due_at)) {
			out->next_due_at = r->due_at;
		}
	}
	return 0;
}

/* Appends ,"spans":[...] for a clock: every running and paused span up to the instant, oldest first. */
static int
append_spans(struct buf *b, const struct clock_trace *trace, struct err *e)
{
	const struct clock_span *spans = trace->spans;
	int rc = buf_append_str(b, ",\"spans\":[", e);
	for (size_t k = 0; rc == 0 && k < trace->n; k++) {
		rc = buf_append_str(b, k > 0 ? ",{\"kind\":\"" : "{\"kind\":\"", e);
		rc = rc != 0 ? rc : buf_append_str(b, spans[k].kind == CLOCK_SPAN_PAUSED ? "paused" : "running", e);
		rc = rc != 0 ? rc : buf_append_str(b, "\",\"from\":", e);
		rc = rc != 0 ? rc : json_append_instant(b, spans[k].from, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"to\":", e);
		rc = rc != 0 ? rc : json_append_instant(b, spans[k].to, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"business_s\":", e);
		rc = rc != 0 ? rc : buf_append_int(b, spans[k].business_s, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"target_s\":", e);
		rc = rc != 0 ? rc : buf_append_int(b, spans[k].target_s, e);
		rc = rc != 0 ? rc : buf_append(b, "}", 1, e);
	}
	rc = rc != 0 ? rc : buf_append_str(b, "],\"spans_truncated\":", e);
	return rc != 0 ? rc : buf_append_int(b, (int64_t)trace->truncated, e);
}

/*
 * Appends ,"agreement_type":...,"state":"...","started_at": for clock c.
 * Piece by piece rather than one buf_appendf: every ticket read writes this
 * for each clock, and printf was most of a read's cost.
 */
static int
append_clock_figures(struct buf *b, const struct ticket_sla_clock *c, struct err *e)
{
	const struct clock_result *r = &c->res;
	int rc = buf_append_str(b, ",\"agreement_type\":\"", e);

	rc = rc != 0 ? rc : buf_append_str(b, agreement_type_name(c->agreement->type), e);
	rc = rc != 0 ? rc : buf_append_str(b, "\",\"metric\":\"", e);
	rc = rc != 0 ? rc : buf_append_str(b, sla_metric_name(c->metric), e);
	rc = rc != 0 ? rc : buf_append_str(b, "\",\"target_s\":", e);
	rc = rc != 0 ? rc : buf_append_int(b, r->target_s, e);
	rc = rc != 0 ? rc : buf_append_str(b, ",\"elapsed_business_s\":", e);
	rc = rc != 0 ? rc : buf_append_int(b, r->elapsed_business_s, e);
	rc = rc != 0 ? rc : buf_append_str(b, ",\"remaining_s\":", e);
	rc = rc != 0 ? rc : buf_append_int(b, r->remaining_s, e);
	rc = rc != 0 ? rc : buf_append_str(b, ",\"paused_wall_s\":", e);
	rc = rc != 0 ? rc : buf_append_int(b, r->paused_wall_s, e);
	rc = rc != 0 ? rc : buf_append_str(b, ",\"state\":\"", e);
	rc = rc != 0 ? rc : buf_append_str(b, clock_state_name(r->state), e);
	return rc != 0 ? rc : buf_append_str(b, "\",\"started_at\":", e);
}

int
ticket_sla_append_json(struct buf *b, const struct ticket_sla *sla, const struct ticket_sla_trace *trace, struct err *e)
{
	int rc = buf_append(b, "[", 1, e);

	for (size_t i = 0; rc == 0 && i < sla->n; i++) {
		const struct ticket_sla_clock *c = &sla->clocks[i];
		const struct clock_result *r = &c->res;
		rc = buf_append_str(b, i > 0 ? ",{\"agreement\":" : "{\"agreement\":", e);
		rc = rc != 0 ? rc : json_append_string(b, c->agreement->name, e);
		rc = rc != 0 ? rc : append_clock_figures(b, c, e);
		rc = rc != 0 ? rc : json_append_instant(b, r->started_at, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"stopped_at\":", e);
		rc = rc != 0 ? rc : json_append_instant(b, r->stopped_at, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"due_at\":", e);
		rc = rc != 0 ? rc : json_append_instant(b, r->due_at, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"breached_at\":", e);
		rc = rc != 0 ? rc : json_append_instant(b, r->breached_at, e);
		rc = rc != 0 ? rc : buf_append_str(b, ",\"warnings\":[", e);
		for (int k = 0; rc == 0 && k < r->nwarn; k++) {
			rc = buf_append_str(b, k > 0 ? ",{\"pct\":" : "{\"pct\":", e);
			rc = rc != 0 ? rc : buf_append_int(b, r->warnings[k].pct, e);
			rc = rc != 0 ? rc : buf_append_str(b, ",\"at\":", e);
			rc = rc != 0 ? rc : json_append_instant(b, r->warnings[k].at, e);
			rc = rc != 0 ? rc : buf_append(b, "}", 1, e);
		}
		rc = rc != 0 ? rc : buf_append(b, "]", 1, e);
		if (rc == 0 && trace != NULL) {
			rc = append_spans(b, &trace->clocks[i], e);
		}
		rc = rc != 0 ? rc : buf_append(b, "}", 1, e);
	}
	return rc != 0 ? rc : buf_append(b, "]", 1, e);
}

json_t *
ticket_sla_to_json(const struct ticket_sla *sla)
{
	struct buf b;
	struct err e;
	json_t *arr = NULL;

	buf_init(&b, (size_t)1 << 20);
	if (ticket_sla_append_json(&b, sla, NULL, &e) == 0) {
		arr = json_loadb(b.data, b.len, 0, NULL);
	}
	buf_release(&b);
	return arr != NULL ? arr : json_array();
}

static bool
recorded(const struct ticket_event *evs, size_t n, const struct ticket_sla_clock *c, int pct)
{
	enum ticket_event_type type = pct == 0 ? TEV_SLA_BREACH : TEV_SLA_WARNING;

	for (size_t i = 0; i < n; i++) {
		if (evs[i].type == type && evs[i].sla_pct == pct && evs[i].sla_agreement != NULL &&
		    strcmp(evs[i].sla_agreement, c->agreement->name) == 0 && evs[i].sla_metric != NULL &&
		    strcmp(evs[i].sla_metric, sla_metric_name(c->metric)) == 0) {
			return true;
		}
	}
	return false;
}

static void
earliest(int64_t *next, int64_t t)
{
	if (t != TIME_NONE && (*next == TIME_NONE || t < *next)) {
		*next = t;
	}
}

size_t
ticket_sla_pending(const struct ticket_sla *sla, const struct ticket_event *evs, size_t n, int64_t as_of,
                   struct ticket_sla_event *out, size_t cap, int64_t *next_at)
{
	size_t k = 0;

	*next_at = TIME_NONE;
	for (size_t i = 0; i < sla->n; i++) {
		const struct ticket_sla_clock *c = &sla->clocks[i];
		const struct clock_result *r = &c->res;
		bool running = r->state == CLOCK_RUNNING;
		int64_t when;
		for (int w = 0; w < r->nwarn; w++) {
			int64_t threshold = r->target_s * r->warnings[w].pct / 100;
			if (r->warnings[w].at != TIME_NONE) {
				if (!recorded(evs, n, c, r->warnings[w].pct) && k < cap) {
					out[k++] =
					        (struct ticket_sla_event){ i, r->warnings[w].pct, r->warnings[w].at };
				}
			} else if (running &&
			           calendar_due(c->cal, as_of, threshold - r->elapsed_business_s, &when, NULL) == 0) {
				earliest(next_at, when);
			}
		}
		if (r->breached_at != TIME_NONE) {
			if (!recorded(evs, n, c, 0) && k < cap) {
				out[k++] = (struct ticket_sla_event){ i, 0, r->breached_at };
			}
		} else if (running && r->remaining_s >= 0 &&
		           calendar_due(c->cal, as_of, r->remaining_s + 1, &when, NULL) == 0) {
			/* Business time beyond the target starts one second before the sum passes it. */
			earliest(next_at, when - 1);
		}
	}
	/* In time order, so the log stays in time order as they are appended. */
	for (size_t a = 1; a < k; a++) {
		for (size_t b = a; b > 0 && out[b - 1].at > out[b].at; b--) {
			struct ticket_sla_event t = out[b];
			out[b] = out[b - 1];
			out[b - 1] = t;
		}
	}
	return k;
}
