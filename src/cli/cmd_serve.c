/*
 * cmd_serve.c - `levera serve`: the HTTP server in the foreground.
 *
 * SIGTERM and SIGINT are blocked before any thread starts and taken by
 * sigwait() here, so no handler runs and no flag is shared: the main thread
 * sleeps until one arrives, then stops the server gracefully and exits 0.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "app/kpi_job.h"
#include "app/sla_job.h"
#include "base/log.h"
#include "http/api_session.h"
#include "http/server.h"
#include "store/store.h"

/* How long without requests before an idle server gives its caches' memory back. */
#define SERVE_IDLE_MS 10000

static const char serve_usage[] =
        "usage: levera serve [--listen HOST:PORT] [--db PATH] [--threads N] [--cookie-secure]\n"
        "\n"
        "Serves the JSON API over HTTP until SIGTERM or SIGINT, then stops accepting\n"
        "connections, lets the requests in flight finish and exits 0.  One access log\n"
        "line per request goes to standard error, in batches written every few\n"
        "milliseconds (and at the stop).\n"
        "\n"
        "  --listen HOST:PORT   where to listen (default " HTTP_DEFAULT_LISTEN "); port 0 picks a\n"
        "                       free port; IPv6 as [::1]:8080.  The address bound is\n"
        "                       printed as 'levera: listening on http://HOST:PORT'\n"
        "  --db PATH            the database file (default " HTTP_DEFAULT_DB ")\n"
        "  --threads N          request threads, 1..1024 (default 32 per core, at least\n"
        "                       64): a write waits for its group commit on its thread,\n"
        "                       so concurrent writers need threads, not cores\n"
        "  --cookie-secure      mark the session cookie Secure (when clients reach the\n"
        "                       server over HTTPS, e.g. through a proxy)\n"
        "\n"
        "A database without users gets admin@localhost with a generated password,\n"
        "printed once to standard error.\n"
        "\n"
        "  GET /healthz         200 {\"status\":\"ok\"} while the server runs\n"
        "  GET /metrics         Prometheus metrics (text format 0.0.4)\n"
        "  /api/v1/session      sign in (POST), who am I (GET), sign out (DELETE)\n"
        "  /api/v1/tokens       API tokens: issue (POST, admins), list (GET), revoke (DELETE /{id})\n";

int
cmd_serve(int argc, char **argv)
{
	struct http_server_config cfg;
	struct http_server *srv;
	struct store *store;
	struct app app;
	const char *listen = HTTP_DEFAULT_LISTEN, *db = HTTP_DEFAULT_DB, *threads = NULL, *pos[1];
	sigset_t stop_signals;
	struct err e;
	int npos, sig = 0, rc, cookie_secure = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(serve_usage, stdout);
		return 0;
	}
	const struct cli_opt opts[] = {
		{ "listen", &listen, NULL },   { "db", &db, NULL },
		{ "threads", &threads, NULL }, { "cookie-secure", NULL, &cookie_secure },
		{ NULL, NULL, NULL },
	};
	rc = cli_parse("serve", argc, argv, opts, pos, 0, &npos);
	if (rc != 0) {
		return rc;
	}
	/* Before any thread starts: the Argon2id cost is frozen for the process. */
	rc = cli_secret_init();
	if (rc != 0) {
		return rc;
	}
	memset(&cfg, 0, sizeof(cfg));
	if (threads != NULL) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*threads == '\0' || *end != '\0' || n < 1 || n > 1024) {
			return cli_usage_error("serve", "--threads '%s' is not a number from 1 to 1024", threads);
		}
		cfg.threads = (unsigned)n;
	}
	cfg.listen = listen;
	cfg.db_path = db;

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	sigdelset(&stop_signals, SIGPIPE);

	/* After the signals are blocked: the store's writer thread inherits the mask. */
	rc = cli_store_open(db, &store);
	if (rc != 0) {
		return rc;
	}
	err_clear(&e);
	rc = cli_bootstrap_admin(store);
	if (rc != 0 || app_init(&app, store, &e) != 0) {
		store_close(store);
		return rc != 0 ? rc : cli_fail("serve", &e);
	}
	app.cookie_secure = cookie_secure != 0;
	cfg.app = &app;
	cfg.authenticate = api_authenticate;
	static const struct metrics_source sources[] = { { "tickets", app_metrics_render } };
	cfg.metrics_sources = sources;
	cfg.nmetrics_sources = sizeof(sources) / sizeof(sources[0]);
	if (http_server_start(&cfg, &srv, &e) != 0) {
		app_release(&app);
		store_close(store);
		return e.code == ERR_INVALID ? cli_usage_error("serve", "%s", e.message) : cli_fail("serve", &e);
	}
	/* Warnings and breaches are recorded as they happen, by one server at a time (a lease). */
	char owner[128], host[64] = "localhost";
	gethostname(host, sizeof(host) - 1);
	snprintf(owner, sizeof(owner), "%s:%ld", host, (long)getpid());
	struct sla_job *job = sla_job_start(&app, owner, &e);
	/* The KPI rollups follow every ticket change in the background (app/kpi_job.h). */
	struct kpi_job *kpis = job != NULL ? kpi_job_start(&app, owner, &e) : NULL;
	if (kpis == NULL) {
		sla_job_stop(job);
		http_server_stop(srv);
		app_release(&app);
		store_close(store);
		return cli_fail("serve", &e);
	}
	fprintf(stderr, "levera: listening on %s\n", http_server_url(srv));
	/* Between signals: after SERVE_IDLE_MS without a request, the caches give their memory back, once. */
	bool released = false;
	for (;;) {
		struct timespec tick = { 1, 0 };
		sig = sigtimedwait(&stop_signals, NULL, &tick);
		if (sig > 0) {
			break;
		}
		int64_t idle_ms = http_server_idle_ms(srv);
		if (idle_ms < SERVE_IDLE_MS) {
			released = false;
		} else if (!released) {
			app_release_memory(&app);
			released = true;
		}
	}
	log_info("serve: %s received; finishing the requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(srv);
	kpi_job_stop(kpis);
	sla_job_stop(job);
	app_release(&app);
	store_close(store);
	log_info("serve: stopped");
	return 0;
}
