/*
 * sla_job.c - recording SLA warnings and breaches as they happen.
 *
 * The thread wakes four times a second, renews its lease, and runs one pass
 * over the tickets whose next SLA event has come (an indexed range).  An
 * event that happened while no server ran is recorded late, with
 * "occurred_at" the instant it happened and "at" no earlier than the log's
 * last event, so the log stays in time order.
 */
#include "app/sla_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/ticker.h"
#include "app/ticket.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/ticket_sla.h"

#define PASS_LIMIT 200
#define LEASE_S 30
#define TICK_MS 250
#define CATALOG_REFRESH_S 30

static json_t *
event_doc(const struct ticket_sla *sla, const struct ticket_sla_event *ev, int64_t at)
{
	const struct ticket_sla_clock *c = &sla->clocks[ev->clock];
	char when[RFC3339_LEN], occurred[RFC3339_LEN];
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", ev->pct == 0 ? "sla_breach" : "sla_warning",
	                        "at", rfc3339_format(at, when), "occurred_at", rfc3339_format(ev->at, occurred), "by",
	                        "system", "agreement", c->agreement->name, "metric", sla_metric_name(c->metric));

	if (ev->pct != 0) {
		json_object_set_new(doc, "pct", json_integer(ev->pct));
	}
	return doc;
}

/* Evaluates one ticket and appends what its log lacks; 1 when the ticket changed, 0 when not, -1 on failure. */
static int
record_ticket(struct app *app, const char *id, int64_t now, long *recorded, struct err *e)
{
	struct store *s = app->store;
	struct store_ticket t = { 0 };
	struct store_event_list log = { 0 };
	struct ticket_event evs[CATALOG_MAX_EVENTS];
	struct ticket_sla_event pending[32];
	struct store_event rows[32];
	char *texts[32];
	const struct agreement_spec *ags[16];
	struct ticket_sla sla;
	json_t *docs = json_array();
	size_t n = 0, k = 0;
	int rc = -1;

	if (store_ticket_get(s, id, &t, &log, e) != 0) {
		json_decref(docs);
		return -1;
	}
	if (ticket_parse_log(&log, docs, evs, &n, e) != 0) {
		goto done;
	}
	if (n == 0) {
		goto done;
	}
	/* The agreements are the shared catalog's: hold it while their names are copied into the texts. */
	struct catalog *cat = app_catalog_shared(app);
	size_t nags = catalog_applicable(cat, t.customer_id, t.service_id, floor_div(evs[0].at, 86400), ags, 16);
	int evaluated = ticket_sla_eval(evs, n, ags, nags, catalog_calendar, cat, now, &sla, e);
	/* What is recorded now no longer waits: the next instant is the next one to come. */
	k = evaluated == 0 ? ticket_sla_pending(&sla, evs, n, now, pending, 32, &t.next_sla_event_at) : 0;
	int64_t last_at = evs[n - 1].at;
	for (size_t i = 0; i < k; i++) {
		int64_t at = pending[i].at > last_at ? pending[i].at : last_at;
		json_t *doc = event_doc(&sla, &pending[i], at);
		texts[i] = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		rows[i] = (struct store_event){ .doc = texts[i] };
		last_at = at;
	}
	app_catalog_done(app);
	if (evaluated != 0) {
		goto done;
	}
	t.next_due_at = sla.next_due_at;
	char *stored_state = t.sla_state; /* t owns it: put it back before releasing t */
	t.sla_state = (char *)ticket_sla_state_name(sla.state);
	struct store_write *w = store_write_new();
	store_write_ticket_append(w, &t, rows, k);
	t.sla_state = stored_state;
	rc = store_commit(s, w, e);
	ticket_cache_forget(app->tickets, t.id); /* after the commit: a read now sees it */
	store_write_free(w);
	for (size_t i = 0; i < k; i++) {
		free(texts[i]);
	}
	if (rc == 0) {
		*recorded += (long)k;
		rc = 1;
	} else if (e->code == ERR_CONFLICT) {
		rc = 0; /* changed under us: the next pass sees the new version */
		err_clear(e);
	}
done:
	json_decref(docs);
	store_event_list_release(&log);
	store_ticket_release(&t);
	return rc;
}

int
sla_job_run_once(struct app *app, int64_t now, long *recorded, struct err *e)
{
	struct store *s = app->store;
	struct store_ticket_page page = { 0 };
	int rc = 0;

	*recorded = 0;
	if (store_ticket_sla_due(s, now, PASS_LIMIT, &page, e) != 0) {
		return -1;
	}
	for (size_t i = 0; i < page.n && rc == 0; i++) {
		if (record_ticket(app, page.rows[i].id, now, recorded, e) < 0) {
			log_warn("sla job: ticket %s: %s", page.rows[i].id, e->message);
			err_clear(e);
		}
	}
	store_ticket_page_release(&page);
	return rc;
}

int
sla_job_recompute_open(struct app *app, int64_t now, long *updated, struct err *e)
{
	struct store *s = app->store;
	struct store_ticket_query q = { .open_only = true, .sort = STORE_TICKET_BY_CREATED, .limit = STORE_PAGE_MAX };
	struct store_ticket_page page = { 0 };
	char *cursor = NULL;
	long recorded = 0;
	int rc = 0;

	*updated = 0;
	do {
		q.cursor = cursor;
		if (store_ticket_list(s, &q, &page, e) != 0) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < page.n; i++) {
			int r = record_ticket(app, page.rows[i].id, now, &recorded, e);
			if (r < 0) {
				log_warn("sla job: recompute %s: %s", page.rows[i].id, e->message);
				err_clear(e);
			}
			*updated += r > 0;
		}
		free(cursor);
		cursor = page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_ticket_page_release(&page);
	} while (cursor != NULL);
	free(cursor);
	return rc;
}

int
sla_job_rules_fingerprint(struct store *s, uint64_t *out, struct err *e)
{
	static const char *const kinds[] = { "calendar", "agreement" };

	return catalog_fingerprint(s, kinds, sizeof(kinds) / sizeof(kinds[0]), out, e);
}

struct sla_job {
	struct app *app;
	char *owner;
	struct ticker *ticker;
	int64_t checked_at; /* the last look at the rules (the thread's own) */
	uint64_t rules;
	bool have_rules;
};

/* One tick: take the lease, follow a change of the rules, record what has come due. */
static void
tick(struct ticker *t, void *ctx)
{
	struct sla_job *j = ctx;
	struct store *s = j->app->store;
	int64_t now = (int64_t)time(NULL);
	long recorded = 0;
	struct err e;

	(void)t;
	err_clear(&e);
	struct store_write *w = store_write_new();
	store_write_job_claim(w, SLA_JOB_NAME, j->owner, now, now + LEASE_S);
	int leased = store_commit(s, w, &e) == 0;
	store_write_free(w);
	if (leased && now - j->checked_at >= CATALOG_REFRESH_S) {
		uint64_t fingerprint = 0;
		bool changed = sla_job_rules_fingerprint(s, &fingerprint, &e) == 0 &&
		               (!j->have_rules || fingerprint != j->rules);
		/*
		 * An agreement or calendar changed (here or in another process):
		 * the shared catalog follows, and so does every open ticket's
		 * columns, from its history.
		 */
		long updated = 0;
		if (changed && j->have_rules && app_catalog_reload(j->app, &e) == 0 &&
		    sla_job_recompute_open(j->app, now, &updated, &e) == 0) {
			log_info("sla job: agreements or calendars changed; recomputed %ld open tickets", updated);
		}
		if (changed) {
			j->rules = fingerprint;
			j->have_rules = true;
		}
		j->checked_at = now;
	}
	if (leased && sla_job_run_once(j->app, now, &recorded, &e) == 0 && recorded > 0) {
		log_info("sla job: recorded %ld warning and breach events", recorded);
	}
}

struct sla_job *
sla_job_start(struct app *app, const char *owner, struct err *e)
{
	struct sla_job *j = xcalloc(1, sizeof(*j));

	j->app = app;
	j->owner = xstrdup(owner);
	j->ticker = ticker_start(TICK_MS, tick, j, "SLA job", e);
	if (j->ticker == NULL) {
		free(j->owner);
		free(j);
		return NULL;
	}
	return j;
}

void
sla_job_stop(struct sla_job *j)
{
	if (j == NULL) {
		return;
	}
	ticker_stop(j->ticker);
	free(j->owner);
	free(j);
}
