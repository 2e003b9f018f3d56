/*
 * import.c - one record a line into the store.
 *
 * Every reference is resolved to an id (app/catalog.c) before anything is
 * written, and each ticket's SLA columns (state, next deadline) are computed
 * as it is written, from the same engine the API uses.  Configuration
 * records are one store write each; tickets go in group commits of
 * IMPORT_BATCH, pipelined: each ticket is checked and its write built as its
 * line comes (its document is then fresh in the cache, and freed at once),
 * and while the writer commits one batch, the next is filled, then asked
 * about in one store query (a ticket there already is skipped, its write
 * dropped).  Outcomes are reported in line order once their batch is
 * durable.  Every write carries its audit entry.
 */
#include "app/import.h"
#include "app/import_queue.h"
#include "app/import_ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/record.h"
#include "base/id.h"
#include "base/json_fast.h"
#include "base/strmap.h"
#include "base/xalloc.h"
#include "domain/agreement.h"
#include "domain/calendar.h"
#include "domain/organisation.h"
#include "domain/service.h"
#include "domain/user.h"

#define IMPORT_TEXT_MAX (1024 * 1024) /* bytes of a ticket's texts kept in the importer's buffer */

/* One line of a batch, from parsing to its report. */
struct entry {
	long tag;
	bool ticket;               /* a ticket that passed its first checks, until its batch is prepared */
	char given_id[ID_LEN + 1]; /* a ticket's id as the line gives it, "" when none */
	char *ref;                 /* a ticket's ref, until its batch is reported; owned */
	struct store_write *w;     /* a ticket's write, built as its line came */
	char id[ID_LEN + 1];       /* the ticket's id, once built */
	enum import_outcome out;   /* when no write: how it went */
	struct err e;
};

/* Up to IMPORT_BATCH lines: filled, prepared, submitted to the writer, then reported. */
struct batch {
	struct entry v[IMPORT_BATCH];
	size_t n;
	struct store_write *ws[IMPORT_BATCH]; /* the writes submitted */
	struct store_pending *inflight;       /* NULL when nothing is being written */
	struct import_queue refs;             /* refs queued in this batch: a repeat is skipped */
	struct import_queue ids;              /* ticket ids queued in this batch, likewise */
};

struct importer {
	struct store *store;
	char *actor_id;
	struct actor actor; /* who imports, when checked (has_actor) */
	bool has_actor;
	struct catalog *cat;
	import_report_fn report;
	void *report_ctx;
	struct batch *ring[IMPORT_INFLIGHT];     /* batches, oldest submitted first */
	size_t fill_at;                          /* ring[fill_at] is the one lines go into */
	struct batch *fill;                      /* = ring[fill_at] */
	struct buf texts;                        /* the documents of the ticket being built */
	struct store_write *spare[IMPORT_BATCH]; /* writes done with, emptied for the next tickets */
	size_t nspare;
	bool io_failed; /* the store failed as a whole since the last flush */
	struct err io_err;
};

static struct batch *
batch_new(void)
{
	return xcalloc(1, sizeof(struct batch));
}

static void
batch_free(struct batch *b)
{
	free(b);
}

struct importer *
importer_new(struct store *s, const struct actor *actor, import_report_fn report, void *ctx, struct err *e)
{
	struct importer *im;
	struct catalog *cat = catalog_new(s, e);

	if (cat == NULL) {
		return NULL;
	}
	im = xcalloc(1, sizeof(*im));
	im->store = s;
	im->cat = cat;
	im->report = report;
	im->report_ctx = ctx;
	if (actor != NULL) {
		im->actor_id = actor->user_id != NULL ? xstrdup(actor->user_id) : NULL;
		im->actor = (struct actor){ .role = actor->role, .user_id = im->actor_id };
		im->has_actor = true;
	}
	for (size_t i = 0; i < IMPORT_INFLIGHT; i++) {
		im->ring[i] = batch_new();
	}
	im->fill = im->ring[0];
	buf_init(&im->texts, IMPORT_TEXT_MAX);
	return im;
}

void
importer_free(struct importer *im)
{
	if (im == NULL) {
		return;
	}
	importer_flush(im, NULL);
	for (size_t i = 0; i < IMPORT_INFLIGHT; i++) {
		batch_free(im->ring[i]);
	}
	for (size_t i = 0; i < im->nspare; i++) {
		store_write_free(im->spare[i]);
	}
	catalog_free(im->cat);
	buf_release(&im->texts);
	free(im->actor_id);
	free(im);
}

static int
commit_one(struct importer *im, struct store_write *w, const char *kind, const char *id, int64_t now, struct err *e)
{
	struct store_audit a = {
		.at = now, .actor_id = im->actor_id, .action = "import", .kind = (char *)kind, .record_id = (char *)id
	};
	int rc;

	store_write_audit(w, &a);
	rc = store_commit(im->store, w, e);
	store_write_free(w);
	return rc;
}

/*
 * Creates a configuration record unless one with its key exists (survey
 * answers and costs, whose key is only a prefix, are always created).
 * Returns the outcome; on IMPORT_CREATED or IMPORT_SKIPPED, id receives its id.
 */
static enum import_outcome
put_record(struct importer *im, const struct record_built *b, int64_t now, char id[ID_LEN + 1], struct err *e)
{
	enum catalog_kind k = b->kind;
	struct store_record existing = { 0 }, r = { 0 };
	struct err ignored;
	char *text, *key;
	int rc;

	if (!b->key_has_id &&
	    store_record_get_by_key(im->store, catalog_kind_name(k), b->key, &existing, &ignored) == 0) {
		snprintf(id, ID_LEN + 1, "%s", existing.id);
		catalog_remember(im->cat, k, b->key, existing.id);
		store_record_release(&existing);
		return IMPORT_SKIPPED;
	}
	id_new(id, now * 1000);
	text = json_dumps(b->doc, JSON_COMPACT | JSON_SORT_KEYS);
	key = record_store_key(b, id);
	r.kind = (char *)catalog_kind_name(k);
	r.id = id;
	r.key = key;
	r.org_id = b->org_id;
	r.created_at = r.updated_at = now;
	r.doc = text;
	struct store_write *w = store_write_new();
	store_write_record_create(w, &r);
	rc = commit_one(im, w, catalog_kind_name(k), id, now, e);
	free(text);
	free(key);
	if (rc != 0) {
		return IMPORT_FAILED;
	}
	return IMPORT_CREATED;
}

/* Creates a record of kind k unless one with its key exists (app/record.c checks it). */
static enum import_outcome
import_kind(struct importer *im, enum catalog_kind k, json_t *doc, int64_t now, struct err *e)
{
	struct record_built b;
	char id[ID_LEN + 1];
	enum import_outcome out = IMPORT_FAILED;

	if (record_build(im->cat, k, doc, &b, e) == 0) {
		out = put_record(im, &b, now, id, e);
	}
	if (out == IMPORT_CREATED && record_note_stored(im->cat, &b, id, e) != 0) {
		out = IMPORT_FAILED;
	} else if (out == IMPORT_SKIPPED && k == CATALOG_ORGANISATION) {
		catalog_remember_org_type(im->cat, id, b.type);
	}
	record_built_release(&b);
	return out;
}

/* An empty write for a ticket: one done with if there is one (its memory is kept), else a new one. */
static struct store_write *
take_write(struct importer *im)
{
	return im->nspare > 0 ? im->spare[--im->nspare] : store_write_new();
}

/* A ticket's write is done with: kept for the next ticket while there is room, else freed. */
static void
drop_write(struct importer *im, struct store_write *w)
{
	if (w == NULL) {
		return;
	}
	if (im->nspare == IMPORT_BATCH) {
		store_write_free(w);
		return;
	}
	store_write_reset(w);
	im->spare[im->nspare++] = w;
}

/* Whether a ref or id is queued already, in this batch or in one being written. */
static bool
queued(const struct importer *im, const char *ref, const char *id)
{
	uint64_t ref_hash = ref != NULL ? strmap_hash(ref) : 0, id_hash = id != NULL ? strmap_hash(id) : 0;

	for (size_t i = 0; i < IMPORT_INFLIGHT; i++) {
		const struct batch *b = im->ring[i];
		if ((ref != NULL && import_queue_has(&b->refs, ref, ref_hash)) ||
		    (id != NULL && import_queue_has(&b->ids, id, id_hash))) {
			return true;
		}
	}
	return false;
}

/*
 * Decides the tickets of the batch being filled, built as their lines came:
 * whether they are there already (one query for the batch), or queued
 * before them, in line order.
 */
static void
batch_prepare(struct importer *im)
{
	struct batch *b = im->fill;
	const char *ids[IMPORT_BATCH], *refs[IMPORT_BATCH];
	bool found[IMPORT_BATCH];
	struct err ignored;

	for (size_t i = 0; i < b->n; i++) {
		struct entry *en = &b->v[i];
		ids[i] = en->ticket && en->given_id[0] != '\0' ? en->given_id : NULL;
		refs[i] = en->ticket ? en->ref : NULL;
	}
	/* Should the look-up fail, the store's unique ref and id still refuse a repeat (reported skipped). */
	if (store_tickets_exist(im->store, ids, refs, b->n, found, &ignored) != 0) {
		memset(found, 0, sizeof(found));
	}
	for (size_t i = 0; i < b->n; i++) {
		struct entry *en = &b->v[i];
		if (!en->ticket) {
			continue;
		}
		en->ticket = false;
		if (found[i] || queued(im, refs[i], ids[i])) {
			/* There already: skipped, whether or not it would have been written. */
			drop_write(im, en->w);
			en->w = NULL;
			err_clear(&en->e);
			en->out = IMPORT_SKIPPED;
		} else if (en->w == NULL) {
			en->out = IMPORT_FAILED;
		} else {
			/* Both hold at most a key per line: never full. */
			if (refs[i] != NULL) {
				import_queue_add(&b->refs, refs[i]);
			}
			import_queue_add(&b->ids, en->id);
		}
	}
}

static int
by_id(const void *a, const void *b)
{
	return strcmp((*(struct entry *const *)a)->id, (*(struct entry *const *)b)->id);
}

/*
 * Hands the prepared batch's writes to the writer without waiting, in the
 * order of their ids: a batch's rows then go into each b-tree keyed by
 * ticket id (the events above all) in one pass, not at random places.
 */
static void
batch_submit(struct importer *im, struct batch *b)
{
	struct entry *sorted[IMPORT_BATCH];
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i].w != NULL) {
			sorted[n++] = &b->v[i];
		}
	}
	qsort(sorted, n, sizeof(sorted[0]), by_id);
	for (size_t i = 0; i < n; i++) {
		b->ws[i] = sorted[i]->w;
	}
	b->inflight = n > 0 ? store_submit_all(im->store, b->ws, n) : NULL;
}

/* Waits for a submitted batch, reports its lines in order and empties it. */
static void
batch_complete(struct importer *im, struct batch *b)
{
	store_pending_wait(im->store, b->inflight, NULL);
	b->inflight = NULL;
	for (size_t i = 0; i < b->n; i++) {
		struct entry *en = &b->v[i];
		free(en->ref);
		en->ref = NULL;
		if (en->w == NULL) {
			im->report(im->report_ctx, en->tag, en->out, &en->e);
			continue;
		}
		const struct err *r = store_write_result(en->w);
		/* A ref or id that got there meanwhile (another import, the API) is there: skipped. */
		bool there = r->code == ERR_CONFLICT && (strcmp(r->field, "ref") == 0 || strcmp(r->field, "id") == 0);
		if (r->code == ERR_IO && !im->io_failed) {
			im->io_failed = true;
			im->io_err = *r;
		}
		im->report(im->report_ctx, en->tag,
		           r->code == ERR_OK ? IMPORT_CREATED
		           : there           ? IMPORT_SKIPPED
		                             : IMPORT_FAILED,
		           r);
		drop_write(im, en->w);
		en->w = NULL;
	}
	b->n = 0;
	import_queue_clear(&b->refs);
	import_queue_clear(&b->ids);
}

/*
 * The batch being filled is full (or must be written now): prepare it while
 * the writer works on those before, and hand it over.  The next one in the
 * ring is filled next, once its own lines are durable and reported: up to
 * IMPORT_INFLIGHT batches wait for the writer, which takes all that wait
 * into one transaction (a slow disk makes larger transactions by itself).
 */
static void
batch_rotate(struct importer *im)
{
	batch_prepare(im);
	batch_submit(im, im->fill);
	im->fill_at = (im->fill_at + 1) % IMPORT_INFLIGHT;
	im->fill = im->ring[im->fill_at];
	batch_complete(im, im->fill);
}

/* Adds a line whose outcome is known to the batch, so it is reported in its place. */
static void
add_decided(struct importer *im, long tag, enum import_outcome out, const struct err *e)
{
	struct entry *en = &im->fill->v[im->fill->n++];

	en->tag = tag;
	en->ticket = false;
	en->ref = NULL;
	en->w = NULL;
	en->out = out;
	if (e != NULL) {
		en->e = *e;
	} else {
		err_clear(&en->e);
	}
	if (im->fill->n == IMPORT_BATCH) {
		batch_rotate(im);
	}
}

/*
 * Adds a ticket line (rec is taken over), checked and built at once, while
 * its document is fresh; whether it is there already is asked when its batch
 * is full, and decides whether the write is kept.
 */
static void
add_ticket(struct importer *im, json_t *rec, long tag, int64_t now)
{
	struct entry *en = &im->fill->v[im->fill->n++];
	json_t *f[TK_COUNT];

	en->tag = tag;
	en->ticket = false;
	en->given_id[0] = '\0';
	en->ref = NULL;
	en->w = NULL;
	en->out = IMPORT_FAILED;
	err_clear(&en->e);
	if (import_ticket_precheck(rec, f, &en->e) == 0) {
		const char *given_id = json_string_value(f[TK_ID]);
		const char *ref = json_string_value(f[TK_REF]);
		en->ticket = true;
		if (given_id != NULL) {
			id_copy(en->given_id, given_id);
		}
		en->ref = ref != NULL ? xstrdup(ref) : NULL;
		en->w = take_write(im);
		if (import_ticket_build(im->cat, &im->texts, im->actor_id, rec, f, now, en->id, en->w, &en->e) != 0) {
			drop_write(im, en->w);
			en->w = NULL;
		}
	}
	json_decref(rec);
	if (im->fill->n == IMPORT_BATCH) {
		batch_rotate(im);
	}
}

void
importer_submit(struct importer *im)
{
	if (im->fill->n > 0) {
		batch_rotate(im);
	}
}

int
importer_flush(struct importer *im, struct err *e)
{
	batch_rotate(im);
	/* The oldest first: lines are reported in order. */
	for (size_t i = 0; i < IMPORT_INFLIGHT; i++) {
		batch_complete(im, im->ring[(im->fill_at + i) % IMPORT_INFLIGHT]);
	}
	if (im->io_failed) {
		im->io_failed = false;
		if (e != NULL) {
			*e = im->io_err;
		}
		return -1;
	}
	return 0;
}

static const struct {
	const char *kind;
	enum catalog_kind k;
} kinds[] = {
	{ "calendar", CATALOG_CALENDAR }, { "organisation", CATALOG_ORGANISATION }, { "user", CATALOG_USER },
	{ "service", CATALOG_SERVICE },   { "agreement", CATALOG_AGREEMENT },       { "survey", CATALOG_SURVEY },
	{ "cost", CATALOG_COST },
};

/* A manager imports users of any role but admin, as through the users API; the console has every right. */
static bool
may_import(const struct importer *im, enum catalog_kind k, const json_t *doc, struct err *e)
{
	int role = role_parse(json_string_value(json_object_get(doc, "role")));

	if (!im->has_actor || k != CATALOG_USER || role < 0) {
		return true; /* an unknown role is the record's own error */
	}
	if (role_check_manage(&im->actor, (enum role)role, e) != 0) {
		snprintf(e->field, sizeof(e->field), "role");
		return false;
	}
	return true;
}

/* Imports a record it owns (rec is taken over). */
static void
take_record(struct importer *im, json_t *rec, int64_t now, long tag)
{
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	enum import_outcome out;
	struct err e;
	size_t i = 0;

	err_clear(&e);
	if (!json_is_object(rec)) {
		err_set(&e, ERR_INVALID, NULL, "a record must be a JSON object");
		add_decided(im, tag, IMPORT_FAILED, &e);
		json_decref(rec);
		return;
	}
	if (kind != NULL && strcmp(kind, "ticket") == 0) {
		add_ticket(im, rec, tag, now);
		return;
	}
	while (i < sizeof(kinds) / sizeof(kinds[0]) && (kind == NULL || strcmp(kind, kinds[i].kind) != 0)) {
		i++;
	}
	if (i == sizeof(kinds) / sizeof(kinds[0])) {
		err_set(&e, ERR_INVALID, "kind",
		        "unknown kind '%.40s' (use calendar, organisation, user, service, agreement, survey, cost or "
		        "ticket)",
		        kind != NULL ? kind : "");
		add_decided(im, tag, IMPORT_FAILED, &e);
		json_decref(rec);
		return;
	}
	json_object_del(rec, "kind");
	if (!may_import(im, kinds[i].k, rec, &e)) {
		add_decided(im, tag, IMPORT_FAILED, &e);
		json_decref(rec);
		return;
	}
	/* Written and reported in order: what was queued before goes first. */
	out = importer_flush(im, &e) != 0 ? IMPORT_FAILED : import_kind(im, kinds[i].k, rec, now, &e);
	json_decref(rec);
	im->report(im->report_ctx, tag, out, &e);
}

void
importer_record(struct importer *im, const json_t *rec, int64_t now, long tag)
{
	take_record(im, json_deep_copy(rec), now, tag);
}

void
importer_line(struct importer *im, const char *line, size_t len, int64_t now, long tag)
{
	json_error_t jerr;
	json_t *rec = json_fast_loadb(line, len, &jerr);
	struct err e;

	if (rec == NULL) {
		err_set(&e, ERR_INVALID, NULL, "malformed JSON at column %d: %s", jerr.column, jerr.text);
		add_decided(im, tag, IMPORT_FAILED, &e);
		return;
	}
	take_record(im, rec, now, tag);
}

void
importer_fail(struct importer *im, long tag, const struct err *e)
{
	add_decided(im, tag, IMPORT_FAILED, e);
}
