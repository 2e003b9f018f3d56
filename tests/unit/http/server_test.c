/*
 * server_test.c - the server started in-process: its configuration checks,
 * its URL, and the metrics hook through which later parts add gauges.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

#include "http/server.h"

static int
open_tickets(void *app, struct buf *out, struct err *e)
{
	return buf_appendf(out, e, "# TYPE levera_open_tickets gauge\nlevera_open_tickets %d\n", *(int *)app);
}

static int
broken(void *app, struct buf *out, struct err *e)
{
	(void)app;
	buf_append_str(out, "half a line that must not reach the scrape", NULL);
	return err_set(e, ERR_IO, NULL, "the store is away");
}

static const struct metrics_source sources[] = {
	{ "tickets", open_tickets },
	{ "broken", broken },
};

/* The API's routes need an authenticate hook to start; this one lets nobody in. */
static int
deny(void *app, struct http_request *req, struct err *e)
{
	(void)app;
	(void)req;
	return err_set(e, ERR_UNAUTHORIZED, NULL, "nobody");
}

Test(server, metrics_sources_and_url)
{
	struct http_server_config cfg;
	struct http_server *srv;
	struct buf out;
	struct err e;
	int open = 42;

	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	cfg.app = &open;
	cfg.authenticate = deny;
	cfg.metrics_sources = sources;
	cfg.nmetrics_sources = 2;
	err_clear(&e);
	cr_assert_eq(http_server_start(&cfg, &srv, &e), 0, "%s", e.message);
	cr_assert(strncmp(http_server_url(srv), "http://127.0.0.1:", 17) == 0, "%s", http_server_url(srv));
	cr_assert_neq(strcmp(http_server_url(srv), "http://127.0.0.1:0"), 0, "the bound port is named");
	buf_init(&out, 1 << 20);
	cr_assert_eq(http_server_metrics(srv, &out, &e), 0);
	cr_assert(strstr(out.data, "levera_open_tickets 42\n") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "half a line") == NULL, "a failing source's output is dropped");
	cr_assert(strstr(out.data, "levera_metrics_source_up{source=\"tickets\"} 1\n") != NULL);
	cr_assert(strstr(out.data, "levera_metrics_source_up{source=\"broken\"} 0\n") != NULL);
	cr_assert(strstr(out.data, "process_start_time_seconds ") != NULL);
	cr_assert(strstr(out.data, "levera_http_requests_in_flight 0\n") != NULL);
	buf_release(&out);
	http_server_stop(srv);
	http_server_stop(NULL);
}

Test(server, bad_configurations)
{
	struct http_server_config cfg;
	struct http_server *srv;
	struct err e;

	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = "127.0.0.1";
	cr_assert_eq(http_server_start(&cfg, &srv, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_null(srv);
	cfg.listen = "127.0.0.1:0";
	cfg.nmetrics_sources = 65;
	cfg.metrics_sources = sources;
	cr_assert_eq(http_server_start(&cfg, &srv, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cfg.nmetrics_sources = 0;
	cr_assert_eq(http_server_start(&cfg, &srv, &e), -1, "routes that need a caller need the hook");
	cr_assert_eq(e.code, ERR_INVALID);
	cfg.authenticate = deny;
	cfg.listen = "192.0.2.1:0"; /* TEST-NET-1: not an address of this machine */
	cr_assert_eq(http_server_start(&cfg, &srv, &e), -1);
	cr_assert_eq(e.code, ERR_IO);
}
