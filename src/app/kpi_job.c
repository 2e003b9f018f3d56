/*
 * kpi_job.c - see kpi_job.h.  A batch: the changed tickets after the
 * bookmark; for each, the new contributions and the stored ones; their
 * difference, as (key, count, total, bucket) lines, sorted by key and
 * summed into one rollup operation per key; then one write with the
 * tickets' new blobs, the rollup deltas and the moved bookmark.
 */
#include "app/kpi_job.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/kpi_zone.h"
#include "app/ticker.h"
#include "app/ticket.h"
#include "base/hist.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/clock_log.h"
#include "domain/kpi_fact.h"
#include "domain/ticket_facts.h"
#include "domain/ticket_sla.h"

#define BATCH 512
#define LEASE_S 60
#define TICK_MS 500
#define MAX_AGREEMENTS 16
/* Bumped when what the job keeps of a ticket changes (2: the clock log for simulations). */
#define KPI_KEPT_VERSION 4 /* 3: outages; 4: escalated tickets */

/* Where the job is: the last ticket change counted, and the rules it was counted under. */
struct bookmark {
	int64_t seq;
	uint64_t rules;
	char id[STORE_ID_MAX + 1];
};

static void
bookmark_parse(const char *s, struct bookmark *b)
{
	memset(b, 0, sizeof(*b));
	b->seq = -1;
	if (s == NULL || sscanf(s, "%" SCNd64 " %" SCNx64 " %200s", &b->seq, &b->rules, b->id) < 2) {
		b->seq = -1;
		b->id[0] = '\0';
	}
}

static void
bookmark_format(const struct bookmark *b, char *out, size_t n)
{
	snprintf(out, n, "%" PRId64 " %" PRIx64 " %s", b->seq, b->rules, b->id);
}

/* What the counts depend on besides tickets: calendars, agreements and organisations (their time zones). */
static int
rules_fingerprint(struct store *s, uint64_t *out, struct err *e)
{
	static const char *const kinds[] = { "calendar", "agreement", "organisation" };
	int rc = catalog_fingerprint(s, kinds, sizeof(kinds) / sizeof(kinds[0]), out, e);

	/* What the job keeps of a ticket changed with it: every ticket is counted again. */
	*out ^= KPI_KEPT_VERSION;
	return rc;
}

/* One line of a batch's difference: a key, and what it adds (a bucket when the series has a histogram). */
struct line {
	struct store_kpi_key key;
	int64_t dn, dtotal;
	int bucket; /* -1: none */
};

struct batch {
	struct line *v;
	size_t n, cap;
	struct kpi_ticket *tickets; /* old and new of each ticket: the lines borrow their strings */
	size_t ntickets, cap_tickets;
	struct kpi_zones *zones;
	struct app *app;
	const struct tz *zone; /* the current ticket's customer's */
};

static void
add_lines(struct batch *b, const struct kpi_ticket *kt, int sign)
{
	for (size_t i = 0; i < kt->n; i++) {
		const struct kpi_contrib *c = &kt->v[i];
		if (b->n == b->cap) {
			b->cap = b->cap > 0 ? b->cap * 2 : 1024;
			b->v = xreallocarray(b->v, b->cap, sizeof(*b->v));
		}
		struct line *l = &b->v[b->n++];
		l->key.series = c->series;
		l->key.month = c->month;
		l->key.customer_id = kt->customer_id != NULL ? kt->customer_id : "";
		l->key.service_id = kt->service_id != NULL ? kt->service_id : "";
		l->key.agreement_id = kpi_ticket_agreement(kt, c);
		l->key.team_id = kpi_ticket_team(kt, c);
		l->key.priority = c->priority == KPI_NONE ? -1 : c->priority;
		l->dn = sign;
		l->dtotal = sign * c->value;
		l->bucket = kpi_series_has_hist(c->series) ? hist_bucket_of(c->value) : -1;
	}
}

static int
cmp_key(const struct store_kpi_key *a, const struct store_kpi_key *b)
{
	int c;

	if (a->series != b->series) {
		return a->series < b->series ? -1 : 1;
	}
	if (a->month != b->month) {
		return a->month < b->month ? -1 : 1;
	}
	if (a->priority != b->priority) {
		return a->priority < b->priority ? -1 : 1;
	}
	if ((c = strcmp(a->customer_id, b->customer_id)) != 0 || (c = strcmp(a->service_id, b->service_id)) != 0 ||
	    (c = strcmp(a->agreement_id, b->agreement_id)) != 0) {
		return c;
	}
	return strcmp(a->team_id, b->team_id);
}

static int
cmp_line(const void *x, const void *y)
{
	const struct line *a = x, *b = y;
	int c = cmp_key(&a->key, &b->key);

	return c != 0 ? c : (a->bucket > b->bucket) - (a->bucket < b->bucket);
}

/* The batch's lines summed per key, as rollup operations on w. */
static int
emit(struct batch *b, struct store_write *w, struct err *e)
{
	struct hist_entry *hv = NULL;
	size_t hcap = 0;
	struct buf hist;
	int rc = 0;

	buf_init(&hist, STORE_DOC_MAX);
	if (b->n > 1) {
		qsort(b->v, b->n, sizeof(*b->v), cmp_line);
	}
	for (size_t i = 0; rc == 0 && i < b->n;) {
		size_t j = i, nh = 0;
		int64_t dn = 0, dtotal = 0;
		for (; j < b->n && cmp_key(&b->v[i].key, &b->v[j].key) == 0; j++) {
			dn += b->v[j].dn;
			dtotal += b->v[j].dtotal;
			if (b->v[j].bucket >= 0) {
				if (nh == hcap) {
					hcap = hcap > 0 ? hcap * 2 : 64;
					hv = xreallocarray(hv, hcap, sizeof(*hv));
				}
				hv[nh++] = (struct hist_entry){ b->v[j].bucket, b->v[j].dn };
			}
		}
		buf_reset(&hist);
		rc = hist_encode(hv, nh, &hist, e);
		if (rc == 0 && (dn != 0 || dtotal != 0 || hist.len > 0)) {
			store_write_kpi_add(w, &b->v[i].key, dn, dtotal, hist.data, hist.len);
		}
		i = j;
	}
	free(hv);
	buf_release(&hist);
	return rc;
}

static int32_t
month_of(void *ctx, int64_t at)
{
	struct batch *b = ctx;

	return kpi_month_in(b->zone, at);
}

static const char *
agreement_id(void *ctx, const struct agreement_spec *a)
{
	struct catalog *cat = ctx;

	return catalog_agreement_id(cat, a);
}

static struct kpi_ticket *
next_ticket(struct batch *b)
{
	if (b->ntickets == b->cap_tickets) {
		b->cap_tickets = b->cap_tickets > 0 ? b->cap_tickets * 2 : 2 * BATCH;
		b->tickets = xreallocarray(b->tickets, b->cap_tickets, sizeof(*b->tickets));
	}
	struct kpi_ticket *kt = &b->tickets[b->ntickets++];
	memset(kt, 0, sizeof(*kt));
	return kt;
}

/* What a ticket is now: its contributions, its clock log and what selects it. */
struct fresh {
	struct kpi_ticket *kt;
	struct buf *clock;
	int64_t created_at;
	bool has_outage; /* an incident reporting an outage */
	int64_t outage_start, outage_end;
};

/* The new contributions of ticket id as of now, and its clock log, into f (none for a ticket without events). */
static int
evaluate(struct batch *b, const char *id, int64_t now, struct fresh *f, struct ticket_event *evs,
         struct ticket_fact *facts, struct err *e)
{
	struct kpi_ticket *kt = f->kt;
	struct store_ticket t = { 0 };
	struct store_event_list log = { 0 };
	json_t *docs = json_array();
	size_t n = 0;
	const char *zone_name;
	int rc = store_ticket_get(b->app->store, id, &t, &log, e);
	struct err parse_err;

	if (rc == 0 && ticket_parse_log(&log, docs, evs, &n, &parse_err) != 0) {
		/* A log no version of Levera wrote: counted as nothing rather than stopping every figure. */
		log_warn("kpi job: ticket %s: %s", id, parse_err.message);
		n = 0;
	}
	f->created_at = t.created_at;
	bool has_end = false;
	f->has_outage = rc == 0 && n > 0 && t.type != NULL && strcmp(t.type, "incident") == 0 &&
	                ticket_outage(evs, n, now, &f->outage_start, &f->outage_end, &has_end);
	f->outage_end = f->has_outage && has_end ? f->outage_end : TIME_NONE;
	rc = rc != 0 || n == 0 ? rc : clock_log_encode(evs, n, f->clock, e);
	if (rc == 0 && n > 0) {
		b->zone = kpi_zones_get(b->zones, t.customer_id, &zone_name);
		struct catalog *cat = app_catalog_shared(b->app);
		const struct agreement_spec *ags[MAX_AGREEMENTS];
		struct ticket_sla sla;
		size_t nags = catalog_applicable(cat, t.customer_id, t.service_id, floor_div(evs[0].at, 86400), ags,
		                                 MAX_AGREEMENTS);
		rc = ticket_sla_eval(evs, n, ags, nags, catalog_calendar, cat, now, &sla, e);
		if (rc == 0) {
			struct kpi_ticket_input in = {
				.evs = evs,
				.nevs = n,
				.sla = &sla,
				.facts = facts,
				.nfacts = ticket_facts(evs, n, &sla, now, facts, TICKET_FACTS_MAX),
				.service_request = t.type != NULL && strcmp(t.type, "service_request") == 0,
				.has_outage = f->has_outage,
				.outage_start = f->outage_start,
				.outage_end = f->outage_end,
				.customer_id = t.customer_id,
				.service_id = t.service_id,
				.month_of = month_of,
				.month_ctx = b,
				.agreement_id = agreement_id,
				.agreement_ctx = cat,
			};
			kpi_ticket_build(kt, &in);
		}
		app_catalog_done(b->app);
	}
	json_decref(docs);
	store_event_list_release(&log);
	store_ticket_release(&t);
	return rc;
}

static void
batch_release(struct batch *b)
{
	for (size_t i = 0; i < b->ntickets; i++) {
		kpi_ticket_release(&b->tickets[i]);
	}
	free(b->tickets);
	free(b->v);
	kpi_zones_free(b->zones);
}

/* Counts ticket id into b and w: its new blob, and its difference from the stored one as lines. */
static int
count_ticket(struct batch *b, struct store_write *w, const char *id, int64_t now, struct ticket_event *evs,
             struct ticket_fact *facts, struct buf *blob, struct buf *clock, struct err *e)
{
	struct kpi_ticket *fresh = next_ticket(b), *old = next_ticket(b);
	struct fresh f = { .kt = fresh, .clock = clock };
	unsigned char *stored = NULL, *stored_clock = NULL;
	size_t stored_len = 0, stored_clock_len = 0;
	struct err decode_err;
	int rc;

	buf_reset(blob);
	buf_reset(clock);
	rc = evaluate(b, id, now, &f, evs, facts, e);
	rc = rc != 0 ? rc
	             : store_ticket_kpi_get(b->app->store, id, &stored, &stored_len, &stored_clock, &stored_clock_len,
	                                    e);
	rc = rc != 0 ? rc : kpi_ticket_encode(fresh, blob, e);
	bool same = rc == 0 && stored != NULL && stored_len == blob->len && memcmp(stored, blob->data, blob->len) == 0;
	bool same_clock = stored_clock_len == clock->len &&
	                  (clock->len == 0 || memcmp(stored_clock, clock->data, clock->len) == 0);
	if (rc == 0 && !same) {
		if (kpi_ticket_decode(old, stored, stored_len, &decode_err) != 0) {
			log_warn("kpi job: ticket %s: %s; counted afresh", id, decode_err.message);
		}
		add_lines(b, old, -1);
		add_lines(b, fresh, +1);
		store_write_outage(w, id, fresh->service_id, f.has_outage, f.outage_start, f.outage_end);
	}
	if (rc == 0 && (!same || !same_clock)) {
		struct store_ticket_kpi k = { id,         fresh->customer_id, fresh->service_id, f.created_at,
			                      blob->data, blob->len,          clock->data,       clock->len };
		store_write_ticket_kpi(w, &k);
	}
	free(stored);
	free(stored_clock);
	return rc;
}

static int
read_bookmark(struct store *s, struct bookmark *bm, struct err *e)
{
	struct store_job job = { 0 };
	int rc = store_job_get(s, KPI_JOB_NAME, &job, e);

	if (rc != 0 && e->code == ERR_NOT_FOUND) {
		err_clear(e);
		rc = 0;
	}
	bookmark_parse(rc == 0 ? job.value : NULL, bm);
	store_job_release(&job);
	return rc;
}

int
kpi_job_run_once(struct app *app, const char *owner, int64_t now, long max_tickets, long *counted, bool *more,
                 struct err *e)
{
	struct batch b = { .app = app, .zones = kpi_zones_new(app) };
	struct ticket_event *evs = xcalloc(CATALOG_MAX_EVENTS, sizeof(*evs));
	struct ticket_fact *facts = xcalloc(TICKET_FACTS_MAX, sizeof(*facts));
	struct store_write *w = store_write_new();
	struct bookmark bm;
	uint64_t rules = 0;
	struct buf blob, clock;
	char value[STORE_ID_MAX + 64];
	int rc;

	*counted = 0;
	*more = false;
	buf_init(&blob, STORE_DOC_MAX);
	buf_init(&clock, STORE_DOC_MAX);
	store_write_job_claim(w, KPI_JOB_NAME, owner, now, now + LEASE_S);
	rc = store_commit(app->store, w, e);
	store_write_reset(w);
	rc = rc != 0 ? rc : read_bookmark(app->store, &bm, e);
	rc = rc != 0 ? rc : rules_fingerprint(app->store, &rules, e);
	if (rc == 0 && bm.rules != rules) {
		/* Agreements, calendars or time zones changed: every ticket is counted again. */
		bm.seq = -1;
		bm.id[0] = '\0';
		bm.rules = rules;
	}
	while (rc == 0 && *counted < max_tickets) {
		char *ids[STORE_PAGE_MAX];
		int64_t seqs[STORE_PAGE_MAX];
		size_t n = 0, want = (size_t)(max_tickets - *counted);
		rc = store_ticket_changes(app->store, bm.seq, bm.id, want < STORE_PAGE_MAX ? want : STORE_PAGE_MAX, ids,
		                          seqs, &n, e);
		for (size_t i = 0; i < n; i++) {
			rc = rc != 0 ? rc : count_ticket(&b, w, ids[i], now, evs, facts, &blob, &clock, e);
			if (rc == 0) {
				bm.seq = seqs[i];
				snprintf(bm.id, sizeof(bm.id), "%s", ids[i]);
				(*counted)++;
			}
			free(ids[i]);
		}
		if (n < (want < STORE_PAGE_MAX ? want : STORE_PAGE_MAX)) {
			break;
		}
		*more = *counted >= max_tickets;
	}
	rc = rc != 0 ? rc : emit(&b, w, e);
	if (rc == 0) {
		bookmark_format(&bm, value, sizeof(value));
		store_write_job_set(w, KPI_JOB_NAME, owner, now, value);
		rc = store_commit(app->store, w, e);
	}
	store_write_free(w);
	buf_release(&blob);
	buf_release(&clock);
	batch_release(&b);
	free(evs);
	free(facts);
	return rc;
}

int
kpi_job_catch_up(struct app *app, const char *owner, int64_t now, void (*progress)(void *ctx, long counted), void *ctx,
                 struct err *e)
{
	long total = 0;
	bool more = true;

	while (more) {
		long counted = 0;
		if (kpi_job_run_once(app, owner, now, BATCH, &counted, &more, e) != 0) {
			return -1;
		}
		total += counted;
		if (progress != NULL) {
			progress(ctx, total);
		}
	}
	return 0;
}

int
kpi_job_pending(struct app *app, long limit, long *pending, struct err *e)
{
	struct bookmark bm;
	uint64_t rules = 0;

	*pending = 0;
	if (read_bookmark(app->store, &bm, e) != 0 || rules_fingerprint(app->store, &rules, e) != 0) {
		return -1;
	}
	if (bm.rules != rules) {
		bm.seq = -1;
		bm.id[0] = '\0';
	}
	while (*pending < limit) {
		char *ids[STORE_PAGE_MAX];
		int64_t seqs[STORE_PAGE_MAX];
		size_t n = 0;
		if (store_ticket_changes(app->store, bm.seq, bm.id, STORE_PAGE_MAX, ids, seqs, &n, e) != 0) {
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			if (i == n - 1) {
				bm.seq = seqs[i];
				snprintf(bm.id, sizeof(bm.id), "%s", ids[i]);
			}
			free(ids[i]);
		}
		*pending += (long)n;
		if (n < STORE_PAGE_MAX) {
			break;
		}
	}
	return 0;
}

struct kpi_job {
	struct app *app;
	char *owner;
	struct ticker *ticker;
};

/* One tick: nothing is written while idle (the lease is claimed only when there is something to count). */
static void
tick(struct ticker *t, void *ctx)
{
	struct kpi_job *j = ctx;
	long pending = 0;
	struct err e;

	err_clear(&e);
	bool more = kpi_job_pending(j->app, 1, &pending, &e) == 0 && pending > 0;
	while (more && !ticker_stopping(t)) {
		long counted = 0;
		err_clear(&e);
		if (kpi_job_run_once(j->app, j->owner, (int64_t)time(NULL), BATCH, &counted, &more, &e) != 0) {
			if (e.code != ERR_CONFLICT) { /* another server holds the lease */
				log_warn("kpi job: %s", e.message);
			}
			more = false;
		}
	}
}

struct kpi_job *
kpi_job_start(struct app *app, const char *owner, struct err *e)
{
	struct kpi_job *j = xcalloc(1, sizeof(*j));

	j->app = app;
	j->owner = xstrdup(owner);
	j->ticker = ticker_start(TICK_MS, tick, j, "KPI job", e);
	if (j->ticker == NULL) {
		free(j->owner);
		free(j);
		return NULL;
	}
	return j;
}

void
kpi_job_stop(struct kpi_job *j)
{
	if (j == NULL) {
		return;
	}
	ticker_stop(j->ticker);
	free(j->owner);
	free(j);
}
