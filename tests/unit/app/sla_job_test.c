/*
 * sla_job_test.c - the SLA job records each warning and breach once, at the
 * instant it happened, in time order, and again nothing after a restart.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "app/sla_job.h"
#include "base/timefmt.h"

static const char *const setup_lines[] = {
	"{\"kind\":\"calendar\",\"name\":\"24x7\",\"timezone\":\"UTC\",\"week\":{\"mon\":[\"00:00-24:00\"],"
	"\"tue\":[\"00:00-24:00\"],\"wed\":[\"00:00-24:00\"],\"thu\":[\"00:00-24:00\"],\"fri\":[\"00:00-24:00\"],"
	"\"sat\":[\"00:00-24:00\"],\"sun\":[\"00:00-24:00\"]}}",
	"{\"kind\":\"organisation\",\"name\":\"Acme\",\"type\":\"customer\"}",
	"{\"kind\":\"organisation\",\"name\":\"Desk\",\"type\":\"team\"}",
	"{\"kind\":\"service\",\"name\":\"Mail\"}",
	"{\"kind\":\"agreement\",\"name\":\"Fast SLA\",\"type\":\"sla\",\"customer\":\"Acme\",\"provider\":\"Desk\","
	"\"services\":[\"Mail\"],\"valid_from\":\"2026-01-01\",\"calendar\":\"24x7\",\"targets\":["
	"{\"metric\":\"response\",\"priority\":\"P1\",\"duration\":60,\"warn_at\":[50,90]},"
	"{\"metric\":\"resolution\",\"priority\":\"P1\",\"duration\":100,\"warn_at\":[50,90]}]}",
	"{\"kind\":\"ticket\",\"ref\":\"T-1\",\"type\":\"incident\",\"customer\":\"Acme\",\"service\":\"Mail\","
	"\"priority\":\"P1\",\"subject\":\"Down\",\"events\":[{\"at\":\"2026-03-02T08:00:00Z\",\"type\":\"created\"}]}",
};

static int failures;

static void
count(void *ctx, long tag, enum import_outcome out, const struct err *e)
{
	(void)ctx;
	if (out == IMPORT_FAILED) {
		fprintf(stderr, "line %ld: %s: %s\n", tag, e->field, e->message);
		failures++;
	}
}

static int64_t
at(const char *s)
{
	int64_t t;
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t, NULL), 0);
	return t;
}

static long
pass(struct store *s, int64_t now)
{
	struct err e;
	long recorded = -1;
	struct app app;

	cr_assert_eq(app_init(&app, s, &e), 0, "%s", e.message);
	cr_assert_eq(sla_job_run_once(&app, now, &recorded, &e), 0, "%s", e.message);
	app_release(&app);
	return recorded;
}

Test(sla_job, records_each_event_once_at_its_instant)
{
	char dir[] = "/tmp/levera-sla-job-XXXXXX", path[64];
	struct store *s;
	struct store_ticket t;
	struct store_event_list log = { 0 };
	struct err e;
	int64_t t0 = at("2026-03-02T08:00:00Z");

	cr_assert_geq(sodium_init(), 0);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/levera.db", dir);
	cr_assert_eq(store_open(&s, path, &e), 0, "%s", e.message);
	struct importer *im = importer_new(s, NULL, count, NULL, &e);
	for (size_t i = 0; i < sizeof(setup_lines) / sizeof(setup_lines[0]); i++) {
		importer_line(im, setup_lines[i], strlen(setup_lines[i]), t0 + 10, (long)i + 1);
	}
	importer_free(im);
	cr_assert_eq(failures, 0);
	cr_assert_eq(store_ticket_get_by_ref(s, "T-1", &t, &e), 0);
	cr_assert_eq(t.next_sla_event_at, t0 + 30, "the response's 50 %% warning comes first");
	char id[64];
	snprintf(id, sizeof(id), "%s", t.id);
	store_ticket_release(&t);

	cr_assert_eq(pass(s, t0 + 10), 0, "nothing has happened yet");
	cr_assert_eq(pass(s, t0 + 75), 4);
	cr_assert_eq(pass(s, t0 + 75), 0, "a second pass records nothing");
	cr_assert_eq(store_ticket_get(s, id, &t, &log, &e), 0);
	cr_assert_eq(log.n, 5);
	const char *want[4][2] = { { "sla_warning", "2026-03-02T08:00:30Z" },
		                   { "sla_warning", "2026-03-02T08:00:50Z" },
		                   { "sla_warning", "2026-03-02T08:00:54Z" },
		                   { "sla_breach", "2026-03-02T08:01:00Z" } };
	for (int i = 0; i < 4; i++) {
		json_t *doc = json_loads(log.v[i + 1].doc, 0, NULL);
		cr_assert_str_eq(json_string_value(json_object_get(doc, "type")), want[i][0], "event %d", i);
		cr_assert_str_eq(json_string_value(json_object_get(doc, "occurred_at")), want[i][1], "event %d", i);
		cr_assert_str_eq(json_string_value(json_object_get(doc, "at")), want[i][1], "event %d", i);
		json_decref(doc);
	}
	cr_assert_eq(t.next_sla_event_at, t0 + 90, "next: the resolution's 90 %% warning");
	cr_assert_str_eq(t.sla_state, "breached");
	store_event_list_release(&log);
	store_ticket_release(&t);

	/* A restart: a new store handle and catalog; late events keep the instant they happened. */
	store_close(s);
	cr_assert_eq(store_open(&s, path, &e), 0, "%s", e.message);
	cr_assert_eq(pass(s, t0 + 500), 2);
	cr_assert_eq(pass(s, t0 + 600), 0);
	cr_assert_eq(store_ticket_get(s, id, &t, &log, &e), 0);
	cr_assert_eq(log.n, 7);
	json_t *late = json_loads(log.v[6].doc, 0, NULL);
	cr_assert_eq(at(json_string_value(json_object_get(late, "at"))), t0 + 100);
	cr_assert_str_eq(json_string_value(json_object_get(late, "type")), "sla_breach");
	json_decref(late);
	cr_assert_eq(t.next_sla_event_at, TIME_NONE);
	store_event_list_release(&log);
	store_ticket_release(&t);
	store_close(s);
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

Test(sla_job, agreement_change_recomputes_open_tickets)
{
	char dir[] = "/tmp/levera-sla-recompute-XXXXXX", path[64];
	struct store *s;
	struct store_ticket t;
	struct store_record a;
	struct err e;
	int64_t t0 = at("2026-03-02T08:00:00Z");
	uint64_t before, after;
	long updated = 0;

	cr_assert_geq(sodium_init(), 0);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/levera.db", dir);
	cr_assert_eq(store_open(&s, path, &e), 0, "%s", e.message);
	struct importer *im = importer_new(s, NULL, count, NULL, &e);
	for (size_t i = 0; i < sizeof(setup_lines) / sizeof(setup_lines[0]); i++) {
		importer_line(im, setup_lines[i], strlen(setup_lines[i]), t0 + 10, (long)i + 1);
	}
	importer_free(im);
	cr_assert_eq(sla_job_rules_fingerprint(s, &before, &e), 0);

	/* The SLA's response target goes from 60 s to 600 s. */
	cr_assert_eq(store_record_get_by_key(s, "agreement", "Fast SLA", &a, &e), 0);
	json_t *doc = json_loads(a.doc, 0, NULL);
	json_object_set_new(json_array_get(json_object_get(doc, "targets"), 0), "duration", json_integer(600));
	char *text = json_dumps(doc, JSON_COMPACT);
	free(a.doc);
	a.doc = text;
	a.updated_at = t0 + 20;
	struct store_write *w = store_write_new();
	store_write_record_update(w, &a);
	cr_assert_eq(store_commit(s, w, &e), 0, "%s", e.message);
	store_write_free(w);
	store_record_release(&a);
	json_decref(doc);
	cr_assert_eq(sla_job_rules_fingerprint(s, &after, &e), 0);
	cr_assert_neq(before, after);

	struct app app;
	cr_assert_eq(app_init(&app, s, &e), 0, "%s", e.message);
	cr_assert_eq(sla_job_recompute_open(&app, t0 + 20, &updated, &e), 0, "%s", e.message);
	app_release(&app);
	cr_assert_eq(updated, 1);
	cr_assert_eq(store_ticket_get_by_ref(s, "T-1", &t, &e), 0);
	cr_assert_eq(t.next_sla_event_at, t0 + 50,
	             "now the resolution's 50 %% warning (50 s) comes before the response's (300 s)");
	store_ticket_release(&t);
	store_close(s);
	char f[96];
	const char *suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
}
