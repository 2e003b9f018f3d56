/*
 * demo_tickets.c - a demo ticket's log.  Staff act in business time on the
 * office calendar, so responses land in office hours; some tickets wait on
 * customers, a few change priority or reopen; most are resolved inside their
 * targets while a realistic tail is not.  Major incidents record outages,
 * agents log work, and a share of customers rate the result (breached or
 * reopened tickets lower).  Events after "now" are cut.
 */
#include "domain/demo_tickets.h"

#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "domain/demo_terms.h"

/* Of resolved tickets, the share the customer rates: more when it went badly. */
#define RATED_SHARE 0.26
#define RATED_SHARE_BAD 0.38

/* Business time on the office calendar: when staff working `seconds` from t are done. */
static int64_t
work(const struct calendar *cal, int64_t t, double seconds)
{
	int64_t due;

	if (seconds < 60) {
		seconds = 60;
	}
	return calendar_due(cal, t, (int64_t)seconds, &due, NULL) == 0 ? due : t + (int64_t)seconds;
}

struct ticket_build {
	json_t *events;
	int64_t now, last;
	bool cut;
};

static void
event(struct ticket_build *b, int64_t at, json_t *ev)
{
	char when[RFC3339_LEN];

	if (b->cut || at > b->now) {
		b->cut = true;
		json_decref(ev);
		return;
	}
	if (at < b->last) {
		at = b->last;
	}
	b->last = at;
	json_object_set_new(ev, "at", json_string(rfc3339_format(at, when)));
	json_array_append_new(b->events, ev);
}

/* How a ticket starts: what it is about and, for a major incident, the outage behind it. */
struct plan {
	long seq;
	int64_t created;
	const struct demo_customer *c;
	const struct demo_service *s;
	const char *type, *prio, *subject;
	bool outage;
	int64_t outage_start, outage_end;
};

static const char *const work_notes[] = {
	"Checked the logs and the configuration",
	"Remote session with the user",
	"Tested the fix together with the customer",
	"Raised it with the vendor and followed up",
	"Restarted the service and watched it for a while",
	"Applied the workaround from the knowledge base",
	"Updated the runbook",
	"Rolled back the last change",
};

/* Agents log their work on most tickets when they resolve them: median_s, 10 minutes to max_s. */
static void
log_work(struct rng *r, struct ticket_build *b, int64_t at, double median_s, double max_s)
{
	if (rng_unit(r) >= 0.85) {
		return;
	}
	double d = rng_lognormal(r, median_s, 0.7);
	d = d < 600 ? 600 : d > max_s ? max_s : d;
	json_t *ev = json_pack("{s:s, s:I, s:s}", "type", "work", "duration", (json_int_t)(d / 60) * 60, "by", "agent");
	if (rng_unit(r) < 0.3) {
		json_object_set_new(ev, "note",
		                    json_string(work_notes[rng_below(r, sizeof(work_notes) / sizeof(work_notes[0]))]));
	}
	event(b, at, ev);
}

static const char *const happy[] = {
	"Quick and friendly, thank you!",
	"Fixed before the Århus office opened. Great work.",
	"Anna explained everything clearly.",
	"Tusind tak – solved in minutes.",
	"Exactly what we needed.",
	"Very professional, kept us informed throughout.",
	"Solved on the first call.",
	"Good follow-up from the service desk.",
	"Thanks for sorting this out before the month-end close.",
	"Smooth handover from the Network team.",
	"The Malmö team is happy again. Thanks!",
	"Great help, even on a busy Monday.",
	"Efficient and polite. Keep it up.",
	"Bo went the extra mile for our Kraków colleagues.",
};

static const char *const neutral[] = {
	"Solved, but it took a while.",
	"OK in the end; the first answer missed the point.",
	"Fine, though we had to chase for an update.",
	"Fixed, but nobody told us what caused it.",
	"Resolved – we would like a root cause report.",
	"Acceptable, but the workaround is clumsy.",
	"Took two attempts to get it right.",
	"Reasonable, but the updates were slow.",
};

static const char *const unhappy[] = {
	"Far too slow for something this urgent.",
	"We were down for most of the morning in Ålborg.",
	"Had to explain the problem three times.",
	"The issue came back the next day.",
	"No update for two days.",
	"Closed without asking us whether it worked.",
	"Our Søborg warehouse could not ship all afternoon.",
	"Still not happy – the fix only lasted a week.",
	"Nobody called back as promised.",
	"The shared mailbox is still broken for Zoë in finance.",
	"Third time this month. Please find the root cause.",
};

/* Cumulative shares of scores 5, 4, 3, 2 (1 is the rest) by how the ticket went: fine, breached or reopened, both. */
static const double score_cdf[3][4] = {
	{ 0.52, 0.82, 0.92, 0.97 },
	{ 0.18, 0.45, 0.70, 0.87 },
	{ 0.06, 0.22, 0.48, 0.74 },
};

/*
 * A share of customers rate the resolved ticket within a few days, before
 * it closes.  Whether the resolution target was kept is estimated from the
 * due instant pushed by the time spent waiting on the customer.
 */
static void
rate(struct rng *r, struct ticket_build *b, const struct plan *pl, const struct calendar *cal, int64_t resolved_at,
     int64_t paused_wall_s, bool reopened)
{
	double u = rng_unit(r);
	int64_t due;
	const char *const *pool;
	size_t npool;

	if (b->cut || u >= RATED_SHARE_BAD) {
		return;
	}
	int p = pl->prio[1] - '1';
	bool breached = calendar_due(cal, pl->created, demo_target_min[pl->c->level][1][p] * 60, &due, NULL) == 0 &&
	                resolved_at > due + paused_wall_s;
	int mood = (int)breached + (int)reopened;
	if (mood == 0 && u >= RATED_SHARE) {
		return;
	}
	double v = rng_unit(r);
	int score = 1;
	for (int k = 0; k < 4; k++) {
		if (v < score_cdf[mood][k]) {
			score = 5 - k;
			break;
		}
	}
	double delay_s = rng_lognormal(r, 14.0 * DEMO_HOUR_S, 1.0);
	if (delay_s > 4.5 * DEMO_DAY_S) {
		delay_s = 4.5 * DEMO_DAY_S;
	}
	json_t *ev = json_pack("{s:s, s:i, s:s}", "type", "rating", "score", score, "by", "customer");
	if (rng_unit(r) < (score <= 2 ? 0.6 : score == 3 ? 0.35 : 0.25)) {
		pool = score >= 4 ? happy : score == 3 ? neutral : unhappy;
		npool = score >= 4   ? sizeof(happy) / sizeof(happy[0])
		        : score == 3 ? sizeof(neutral) / sizeof(neutral[0])
		                     : sizeof(unhappy) / sizeof(unhappy[0]);
		json_object_set_new(ev, "comment", json_string(pool[rng_below(r, (int)npool)]));
	}
	event(b, resolved_at + (int64_t)delay_s, ev);
}

static json_t *
outage_event(const struct plan *pl, bool restored)
{
	char start[RFC3339_LEN], end[RFC3339_LEN];

	if (!restored) {
		return json_pack("{s:s, s:s, s:s}", "type", "outage", "start", rfc3339_format(pl->outage_start, start),
		                 "by", "agent");
	}
	return json_pack("{s:s, s:s, s:s, s:s}", "type", "outage", "start", rfc3339_format(pl->outage_start, start),
	                 "end", rfc3339_format(pl->outage_end, end), "by", "agent");
}

static json_t *
build(struct rng *r, const struct demo_desk *desk, const struct plan *pl, const struct calendar *cal)
{
	struct ticket_build b = { .events = json_array(), .now = desk->now, .last = pl->created };
	const struct demo_customer *c = pl->c;
	int p = pl->prio[1] - '1';
	double resp_s = demo_target_min[c->level][0][p] * 60.0, res_s = demo_target_min[c->level][1][p] * 60.0;
	int64_t paused_wall_s = 0;
	bool restored = false, reopened = false;
	char ref[32];

	event(&b, pl->created, json_pack("{s:s}", "type", "created"));
	int64_t t = work(cal, pl->created, rng_lognormal(r, 0.08 * resp_s, 0.6));
	event(&b, t,
	      json_pack("{s:s, s:s, s:s}", "type", "assign", "team", "Service Desk", "agent",
	                rng_below(r, 2) == 0 ? "anna@levera.demo" : "bo@levera.demo"));
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "assigned"));
	/* About 7 % of responses miss their target. */
	t = work(cal, pl->created, rng_lognormal(r, 0.35 * resp_s, 0.7));
	event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "agent"));
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
	if (pl->outage) {
		/* Marked as an outage on first response; restored already when it was short. */
		restored = pl->outage_end <= t;
		event(&b, t, outage_event(pl, restored));
	}
	if (strcmp(pl->s->team, "Service Desk") != 0 && rng_unit(r) < 0.6) {
		t = work(cal, t, rng_lognormal(r, 0.08 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:s}", "type", "assign", "team", pl->s->team));
	}
	if (rng_unit(r) < 0.4) {
		t = work(cal, t, rng_lognormal(r, 0.05 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 0, "by", "agent"));
	}
	/* A service that is down is worked on without waiting for anyone, at the priority it has. */
	if (!pl->outage && rng_unit(r) < 0.3) {
		t = work(cal, t, rng_lognormal(r, 0.1 * res_s, 0.8));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "waiting_on_customer"));
		paused_wall_s = (int64_t)rng_lognormal(r, 20.0 * DEMO_HOUR_S, 1.0);
		t += paused_wall_s;
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "customer"));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
	}
	if (!pl->outage && rng_unit(r) < 0.05) {
		char to[3] = { 'P', (char)('1' + (p == 0 ? 1 : p - 1)), '\0' };
		t = work(cal, t, rng_lognormal(r, 0.05 * res_s, 0.5));
		event(&b, t, json_pack("{s:s, s:s}", "type", "priority", "to", to));
	}
	/* Handling time after the last step: a median of 20 % of the target (Gold is first in line), with a long tail.
	 */
	t = work(cal, t, rng_lognormal(r, (c->level == GOLD ? 0.15 : 0.2) * res_s, 0.85));
	if (pl->outage && !restored) {
		int64_t noted = pl->outage_end + (int64_t)rng_lognormal(r, 300.0, 0.5);
		if (t < noted) {
			t = noted + (int64_t)rng_lognormal(r, 900.0, 0.6);
		}
		event(&b, noted, outage_event(pl, true));
	}
	log_work(r, &b, t, pl->outage ? 90.0 * 60 : 30.0 * 60, pl->outage ? 240.0 * 60 : 120.0 * 60);
	event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "resolved"));
	if (rng_unit(r) < 0.03) {
		reopened = true;
		t += (int64_t)rng_lognormal(r, 30.0 * DEMO_HOUR_S, 0.6);
		event(&b, t, json_pack("{s:s, s:b, s:s}", "type", "reply", "public", 1, "by", "customer"));
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "in_progress"));
		t = work(cal, t, rng_lognormal(r, 0.15 * res_s, 0.7));
		log_work(r, &b, t, 30.0 * 60, 120.0 * 60);
		event(&b, t, json_pack("{s:s, s:s}", "type", "status", "to", "resolved"));
	}
	rate(r, &b, pl, cal, t, paused_wall_s, reopened);
	event(&b, t + 5 * DEMO_DAY_S, json_pack("{s:s, s:s}", "type", "status", "to", "closed"));
	snprintf(ref, sizeof(ref), "DEMO-%06ld", pl->seq);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "kind", "ticket", "ref", ref, "type", pl->type,
	                 "customer", c->name, "service", pl->s->name, "priority", pl->prio, "subject", pl->subject,
	                 "events", b.events);
}

static const char *
pick_priority(struct rng *r, const char *type)
{
	double u = rng_unit(r);

	if (strcmp(type, "incident") == 0) {
		return u < 0.03 ? "P1" : u < 0.15 ? "P2" : u < 0.60 ? "P3" : "P4";
	}
	if (strcmp(type, "problem") == 0) {
		return u < 0.4 ? "P2" : "P3";
	}
	return u < 0.5 ? "P3" : "P4";
}

/* A service of the customer's, uniformly. */
static const struct demo_service *
pick_service(struct rng *r, const struct demo_customer *c)
{
	int k = rng_below(r, demo_service_count(c->services));
	size_t si;

	for (si = 0; si + 1 < DEMO_NSERVICES; si++) {
		if (((c->services >> si) & 1) && k-- == 0) {
			break;
		}
	}
	return &demo_services[si];
}

/* An outage's length: mostly minutes, now and then hours. */
static double
outage_length_s(struct rng *r)
{
	return rng_unit(r) < 0.03 ? rng_lognormal(r, 150.0 * 60, 0.35) : 120.0 + rng_lognormal(r, 9.0 * 60, 0.8);
}

json_t *
demo_ticket(struct rng *r, const struct demo_desk *desk, long seq, int64_t created, size_t ci)
{
	static const char *const types[] = { "incident", "service_request", "problem", "change" };
	struct plan pl = { .seq = seq, .created = created, .c = &demo_customers[ci] };

	pl.s = pick_service(r, pl.c);
	double u = rng_unit(r);
	pl.type = types[u < 0.6 ? 0 : u < 0.9 ? 1 : u < 0.95 ? 2 : 3];
	pl.prio = pick_priority(r, pl.type);
	pl.subject = pl.s->subjects[rng_below(r, 4)];
	if (strcmp(pl.prio, "P1") == 0 && strcmp(pl.type, "incident") == 0 &&
	    rng_unit(r) < desk->outage_share[pl.s - demo_services]) {
		/* Monitoring noticed a few minutes before the ticket was logged. */
		pl.outage = true;
		pl.outage_start = created - (int64_t)rng_lognormal(r, 360.0, 0.6);
		pl.outage_end = pl.outage_start + (int64_t)outage_length_s(r);
	}
	return build(r, desk, &pl, desk->office[ci]);
}

json_t *
demo_maintenance_ticket(struct rng *r, const struct demo_desk *desk, long seq, int64_t window_start, size_t ci)
{
	struct plan pl = { .seq = seq, .c = &demo_customers[ci], .type = "incident", .prio = "P1", .outage = true };

	pl.s = pick_service(r, pl.c);
	pl.subject = "Service unavailable after planned maintenance";
	pl.outage_start = window_start + 20 * 60 + rng_below(r, 60) * 60;
	pl.outage_end = pl.outage_start + (int64_t)rng_lognormal(r, 30.0 * 60, 0.5);
	pl.created = pl.outage_start + 300 + rng_below(r, 600);
	if (pl.created > window_start + DEMO_WINDOW_S) {
		pl.created = window_start + DEMO_WINDOW_S;
	}
	return build(r, desk, &pl, desk->office[ci]);
}
