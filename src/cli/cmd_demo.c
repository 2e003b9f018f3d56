/*
 * cmd_demo.c - `levera demo`: builds the demo organisation (domain/demo.c)
 * and imports it, with a progress bar.  The same seed and --now give the
 * same data; an existing database keeps what it has (records are skipped).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/account.h"
#include "app/import.h"
#include "base/timefmt.h"
#include "app/app.h"
#include "app/kpi_job.h"
#include "cli/progress.h"
#include "domain/demo.h"

static const char demo_usage[] = "usage: levera demo [--tickets N] [--seed S] [--now INSTANT] [--db PATH]\n"
                                 "\n"
                                 "Fills the database with a demo service provider: teams, five customers, a\n"
                                 "supplier, eight services with offerings, calendars with Danish and UK\n"
                                 "holidays, SLAs with fees, credit rules and monthly maintenance windows,\n"
                                 "OLAs and a UC, and a year of tickets with realistic arrivals, pauses and\n"
                                 "handling times, logged work, customer ratings and outages of major\n"
                                 "incidents.  Deterministic for a seed and --now.\n"
                                 "\n"
                                 "  --tickets N     about N tickets over the year before now (default 20000)\n"
                                 "  --seed S        the random seed (default 1)\n"
                                 "  --now INSTANT   the demo's present, RFC 3339 (default: now)\n"
                                 "  --db PATH       the database (default " CLI_DEFAULT_DB ")\n"
                                 "\n"
                                 "The demo's users sign in with the password " DEMO_PASSWORD " (README.md).\n";

struct demo_run {
	struct importer *im;
	struct progress bar;
	int64_t now;
	long records, created, skipped, failed;
};

static void
report(void *ctx, long tag, enum import_outcome out, const struct err *e)
{
	struct demo_run *d = ctx;

	if (out == IMPORT_CREATED) {
		d->created++;
	} else if (out == IMPORT_SKIPPED) {
		d->skipped++;
	} else {
		d->failed++;
		fprintf(stderr, "\rlevera: demo record %ld: %s%s%s\n", tag, e->field, e->field[0] != '\0' ? ": " : "",
		        e->message);
	}
}

static int
emit(void *ctx, json_t *rec)
{
	struct demo_run *d = ctx;

	importer_record(d->im, rec, d->now, ++d->records);
	return 0;
}

static void
progress(void *ctx, long done, long total)
{
	struct demo_run *d = ctx;

	progress_update(&d->bar, (double)done, (double)total);
}

static int
parse_count(const char *text, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (end == text || *end != '\0' || v < lo || v > hi) {
		return -1;
	}
	*out = v;
	return 0;
}

struct figures_progress {
	struct progress bar;
	long total;
};

static void
figures_progress(void *ctx, long counted)
{
	struct figures_progress *f = ctx;

	progress_update(&f->bar, (double)counted, (double)(f->total > counted ? f->total : counted));
}

/* Rolls up the KPIs of every ticket now (app/kpi_job.h), so a server started on the demo has its figures. */
static int
count_figures(struct store *s, struct err *e)
{
	struct figures_progress f = { .total = 0 };
	struct app app;
	int rc;

	if (app_init(&app, s, e) != 0) {
		return -1;
	}
	rc = kpi_job_pending(&app, 100000000, &f.total, e);
	if (rc == 0) {
		progress_init(&f.bar, "figures");
		rc = kpi_job_catch_up(&app, "levera demo", (int64_t)time(NULL), figures_progress, &f, e);
		progress_done(&f.bar);
	}
	app_release(&app);
	return rc;
}

int
cmd_demo(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *tickets = NULL, *seed = NULL, *now_text = NULL, *pos[1];
	const struct cli_opt opts[] = { { "db", &db, NULL },
		                        { "tickets", &tickets, NULL },
		                        { "seed", &seed, NULL },
		                        { "now", &now_text, NULL },
		                        { NULL, NULL, NULL } };
	struct demo_options opt = { .seed = 1, .tickets = 20000, .now = (int64_t)time(NULL) };
	struct demo_run d = { 0 };
	struct store *s;
	struct err e;
	long v;
	int npos, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(demo_usage, stdout);
		return 0;
	}
	rc = cli_parse("demo", argc, argv, opts, pos, 0, &npos);
	if (rc != 0) {
		return rc;
	}
	if (tickets != NULL) {
		if (parse_count(tickets, 0, 10000000, &v) != 0) {
			return cli_usage_error("demo", "--tickets: '%s' is not a number from 0 to 10000000", tickets);
		}
		opt.tickets = v;
	}
	if (seed != NULL) {
		if (parse_count(seed, 0, 2147483647, &v) != 0) {
			return cli_usage_error("demo", "--seed: '%s' is not a number from 0 to 2147483647", seed);
		}
		opt.seed = (uint64_t)v;
	}
	err_clear(&e);
	if (now_text != NULL && rfc3339_parse(now_text, strlen(now_text), &opt.now, &e) != 0) {
		return cli_usage_error("demo", "--now: %s", e.message);
	}
	rc = cli_secret_init();
	if (rc != 0) {
		return rc;
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		return rc;
	}
	rc = cli_bootstrap_admin(s);
	if (rc != 0) {
		store_close(s);
		return rc;
	}
	d.now = opt.now;
	d.im = importer_new(s, NULL, report, &d, &e);
	if (d.im == NULL) {
		store_close(s);
		return cli_fail(db, &e);
	}
	progress_init(&d.bar, "tickets");
	rc = demo_generate(&opt, emit, progress, &d, &e);
	importer_free(d.im);
	progress_done(&d.bar);
	long with_password = 0;
	if (rc == 0) {
		rc = account_set_missing_passwords(s, DEMO_PASSWORD, (int64_t)time(NULL), &with_password, &e);
	}
	rc = rc != 0 ? rc : count_figures(s, &e);
	store_close(s);
	if (rc != 0) {
		return cli_fail("demo", &e);
	}
	fprintf(stderr, "demo: %ld records: %ld created, %ld skipped (already there), %ld failed, in %.1f s\n",
	        d.records, d.created, d.skipped, d.failed, progress_elapsed(&d.bar));
	if (with_password > 0) {
		fprintf(stderr, "demo: %ld users can sign in with the password %s\n", with_password, DEMO_PASSWORD);
	}
	return d.failed > 0 ? 1 : 0;
}
