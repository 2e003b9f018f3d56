/*
 * metrics_test.c - counters and histograms: exact under concurrent threads,
 * rendered in the Prometheus text format.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "http/listen.h"
#include "http/metrics.h"

static const char *
label(const void *ctx, size_t slot)
{
	(void)ctx;
	return slot == 0 ? "/api/v1/tickets/{id}" : slot == 1 ? "we\"ird\\ro\nute" : "unmatched";
}

Test(metrics, render)
{
	struct http_metrics *m = metrics_new(3);
	struct buf out;
	struct err e;

	metrics_observe(m, 0, 200, 50);
	metrics_observe(m, 0, 200, 3000);
	metrics_observe(m, 0, 404, 20000000);
	metrics_observe(m, 1, 200, 1);
	metrics_observe(m, 2, 0, 1);   /* no status: not counted */
	metrics_observe(m, 2, 600, 1); /* out of range: not counted */
	metrics_observe(m, 9, 200, 1); /* no such slot */
	buf_init(&out, 1 << 20);
	cr_assert_eq(metrics_render(m, label, NULL, &out, &e), 0);
	cr_assert(strstr(out.data, "# TYPE levera_http_requests_total counter\n") != NULL);
	cr_assert(strstr(out.data, "levera_http_requests_total{route=\"/api/v1/tickets/{id}\",status=\"200\"} 2\n"));
	cr_assert(strstr(out.data, "levera_http_requests_total{route=\"/api/v1/tickets/{id}\",status=\"404\"} 1\n"));
	cr_assert(strstr(out.data, "route=\"we\\\"ird\\\\ro\\nute\""), "%s", out.data);
	cr_assert(strstr(out.data, "unmatched") == NULL, "nothing counted there");
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",le=\"0.0001\"} 1\n"));
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",le=\"0.005\"} 2\n"));
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",le=\"10\"} 2\n"));
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",le=\"+Inf\"} 3\n"));
	cr_assert(strstr(out.data, "_sum{route=\"/api/v1/tickets/{id}\"} 20.003050\n"), "%s", out.data);
	cr_assert(strstr(out.data, "_count{route=\"/api/v1/tickets/{id}\"} 3\n"));
	buf_release(&out);
	metrics_free(m);
	metrics_free(NULL);
}

struct worker {
	struct http_metrics *m;
	unsigned status;
};

static void *
hammer(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < 100000; i++) {
		metrics_observe(w->m, (size_t)(i % 2), w->status, (uint64_t)i % 2000);
	}
	return NULL;
}

Test(metrics, exact_under_threads)
{
	struct http_metrics *m = metrics_new(2);
	struct worker w[4];
	pthread_t t[4];
	struct buf out;
	struct err e;

	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ m, i < 2 ? 200 : 500 };
		pthread_create(&t[i], NULL, hammer, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
	}
	buf_init(&out, 1 << 20);
	cr_assert_eq(metrics_render(m, label, NULL, &out, &e), 0);
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",status=\"200\"} 100000\n"), "%s", out.data);
	cr_assert(strstr(out.data, "{route=\"/api/v1/tickets/{id}\",status=\"500\"} 100000\n"));
	cr_assert(strstr(out.data, "_count{route=\"/api/v1/tickets/{id}\"} 200000\n"));
	buf_release(&out);
	metrics_free(m);
}

Test(metrics, render_respects_the_ceiling)
{
	struct http_metrics *m = metrics_new(1);
	struct buf out;
	struct err e;

	metrics_observe(m, 0, 200, 1);
	buf_init(&out, 100);
	cr_assert_eq(metrics_render(m, label, NULL, &out, &e), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
	buf_release(&out);
	metrics_free(m);
}

Test(listen, parse)
{
	char host[LISTEN_HOST_MAX + 1];
	unsigned port;
	struct err e;

	cr_assert_eq(listen_parse("127.0.0.1:8080", host, &port, &e), 0);
	cr_assert_str_eq(host, "127.0.0.1");
	cr_assert_eq(port, 8080);
	cr_assert_eq(listen_parse("[::1]:0", host, &port, &e), 0);
	cr_assert_str_eq(host, "::1");
	cr_assert_eq(port, 0);
	cr_assert_eq(listen_parse("localhost:65535", host, &port, &e), 0);
	cr_assert_str_eq(host, "localhost");
	const char *bad[] = { "",       "8080",    ":8080",  "host:", "host:65536",  "host:-1", "host:8o",
		              "::1:80", "[::1]80", "[::1]:", "[::1",  "host:123456", "a:b:c" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(listen_parse(bad[i], host, &port, &e), -1, "%s", bad[i]);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "listen");
	}
}
