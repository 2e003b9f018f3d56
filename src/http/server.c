/*
 * server.c - libmicrohttpd glue; see server.h.  A request's life: the
 * request line (on_uri: allocate, start the clock), headers (on_access,
 * first call: route and query), the body (accumulated under its ceiling),
 * the handler and the queued reply, then on_completed (log, count, free).
 * Nothing here knows about records; the api_*.c tables do.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "http/access_log.h"
#include "http/api_ops.h"
#include "http/api_session.h"
#include "http/api_ticket.h"
#include "http/api_import.h"
#include "http/api_kpi.h"
#include "http/api_chart.h"
#include "http/api_report.h"
#include "http/api_simulation.h"
#include "http/api_openapi.h"
#include "http/api_record.h"
#include "http/api_settings.h"
#include "http/api_token.h"
#include "http/listen.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/route.h"
#include "http/static.h"

/* Every route table of the API and the web interface; a new http/api_*.c adds one line. */
static const struct route_table *const route_tables[] = {
	&api_ops_table,        &api_session_table, &api_ticket_table,   &api_record_table, &api_token_table,
	&api_import_table,     &api_openapi_table, &api_settings_table, &api_kpi_table,    &api_report_table,
	&api_simulation_table, &api_chart_table,   &static_table,
};

#define NROUTE_TABLES (sizeof(route_tables) / sizeof(route_tables[0]))

struct http_server {
	struct http_server_config cfg; /* defaults filled in */
	struct MHD_Daemon *daemon;
	int listen_fd;
	char url[LISTEN_URL_MAX];
	struct router router;
	struct http_metrics *metrics;  /* router.npatterns + 1 slots, "unmatched" last */
	struct access_log *access_log; /* standard error, in batches */
	struct timespec started;       /* CLOCK_REALTIME */
	atomic_uint in_flight;         /* requests from their request line to their completion */
	_Atomic int64_t last_done_ns;  /* CLOCK_MONOTONIC when the last request completed (or the start) */
	atomic_bool draining;          /* stopping: replies say "Connection: close" */
};

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The cross-cutting checks of route.h's flags, in the order they run. */
static int
check_auth(struct http_server *srv, struct http_request *req, struct err *e)
{
	return srv->cfg.authenticate(srv->cfg.app, req, e);
}

static int
check_if_match(struct http_server *srv, struct http_request *req, struct err *e)
{
	const char *v = request_header(req, "If-Match");
	size_t n = v != NULL ? strlen(v) : 0;

	(void)srv;
	if (v == NULL) {
		return err_set(e, ERR_INVALID, "If-Match",
		               "this update needs an If-Match header with the version (ETag)");
	}
	if (n < 3 || n > 130 || v[0] != '"' || v[n - 1] != '"' || memchr(v + 1, '"', n - 2) != NULL) {
		return err_set(e, ERR_INVALID, "If-Match", "If-Match must be one strong entity tag such as \"3\"");
	}
	/* Every ETag Levera gives is a version: parsed once here, for every route. */
	req->if_match = 0;
	for (size_t i = 1; i < n - 1; i++) {
		if (v[i] < '0' || v[i] > '9' || i > 18) {
			return err_set(e, ERR_INVALID, "If-Match",
			               "If-Match must be a version such as \"3\", not %.40s", v);
		}
		req->if_match = req->if_match * 10 + (v[i] - '0');
	}
	return 0;
}

static int
check_idempotency_key(struct http_server *srv, struct http_request *req, struct err *e)
{
	const char *v = request_header(req, "Idempotency-Key");
	size_t n = v != NULL ? strlen(v) : 0;

	(void)srv;
	if (v == NULL) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0x21 || v[i] > 0x7e) {
			n = 0;
			break;
		}
	}
	if (n == 0 || n > 255) {
		return err_set(e, ERR_INVALID, "Idempotency-Key",
		               "Idempotency-Key must be 1 to 255 visible ASCII characters");
	}
	req->idempotency_key = v;
	return 0;
}

static const struct {
	unsigned flag;
	int (*check)(struct http_server *srv, struct http_request *req, struct err *e);
} route_checks[] = {
	{ ROUTE_AUTH, check_auth },
	{ ROUTE_IF_MATCH, check_if_match },
	{ ROUTE_IDEMPOTENCY_KEY, check_idempotency_key },
};

#define NROUTE_CHECKS (sizeof(route_checks) / sizeof(route_checks[0]))

static void
run_route(struct http_server *srv, struct http_request *req)
{
	const struct route *route = req->route;
	struct err e;

	err_clear(&e);
	for (size_t i = 0; i < NROUTE_CHECKS; i++) {
		if ((route->flags & route_checks[i].flag) != 0 && route_checks[i].check(srv, req, &e) != 0) {
			reply_error(req, &e);
			return;
		}
	}
	if (route->handler(req, &e) != 0) {
		reply_error(req, &e);
	} else if (req->reply.status == 0) {
		err_set(&e, ERR_INTERNAL, NULL, "the handler of %s %s gave no reply", http_method_name(route->method),
		        route->pattern);
		reply_error(req, &e);
	}
}

/*
 * The first call for a request, its headers read: find the route and read
 * the query.  Returns the body's announced length (0 when none is).
 */
static unsigned long long
begin_request(struct http_server *srv, struct http_request *req, const char *method)
{
	const char *cl = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long announced = cl != NULL ? strtoull(cl, NULL, 10) : 0;
	char allow[64];
	struct err e;

	err_clear(&e);
	req->method = http_method_parse(method);
	req->body_over = announced > HTTP_BODY_MAX;
	if (router_match(&srv->router, req->method, req->path, strlen(req->path), &req->match, &e) != 0) {
		reply_error(req, &e);
		return announced;
	}
	req->metrics_slot = req->match.pattern_id;
	if (req->match.route == NULL) {
		route_allow_header(req->match.allow, allow, sizeof(allow));
		reply_problem(req, 405, "method_not_allowed", NULL, "this path does not take this method");
		reply_header(req, "Allow", allow, &e);
		return announced;
	}
	req->route = req->match.route;
	if (req->query_raw != NULL) {
		req->query = request_alloc(req, sizeof(*req->query));
		if (url_query_parse(req->query_raw, req->query_len, req->query, &e) != 0) {
			reply_error(req, &e);
		}
	}
	return announced;
}

/* Keeps body bytes under the ceiling; past it, or when the answer is already known, drops them. */
static void
take_body(struct http_request *req, const char *data, size_t n)
{
	req->body_seen += n;
	if (req->body_over || req->reply.status != 0) {
		return;
	}
	if (buf_append(&req->body_buf, data, n, NULL) != 0) {
		req->body_over = true;
		buf_release(&req->body_buf);
	}
}

static enum MHD_Result
finish_request(struct http_server *srv, struct http_request *req)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (req->body_over && req->reply.status == 0) {
		struct err e;
		err_set(&e, ERR_TOO_LARGE, NULL, "the request body is larger than %d bytes", HTTP_BODY_MAX);
		reply_error(req, &e);
	}
	if (req->reply.status == 0) {
		req->body = req->body_buf.data != NULL ? req->body_buf.data : "";
		req->body_len = req->body_buf.len;
		run_route(srv, req);
	}
	resp = reply_response(req, atomic_load(&srv->draining));
	if (resp == NULL) {
		return MHD_NO;
	}
	ret = MHD_queue_response(req->conn, req->reply.status, resp);
	MHD_destroy_response(resp);
	req->state = REQUEST_REPLIED;
	return ret;
}

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method, const char *version,
          const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct http_request *req = *con_cls;

	(void)url;
	(void)version;
	if (req == NULL) {
		return MHD_NO;
	}
	if (req->state == REQUEST_REPLIED) {
		return MHD_YES;
	}
	req->conn = conn;
	if (req->state == REQUEST_NEW) {
		unsigned long long announced = begin_request(srv, req, method);

		req->state = REQUEST_BODY;
		/*
		 * Replies are queued on a later call: libmicrohttpd 0.9.75 closes a
		 * connection whose reply was queued with the headers.  That is right
		 * for a client waiting for "100 Continue" with a body too large (it
		 * has sent nothing) and for a body too large even to read and drop.
		 */
		if (req->body_over &&
		    (request_header(req, MHD_HTTP_HEADER_EXPECT) != NULL || announced > HTTP_DRAIN_MAX)) {
			return finish_request(srv, req);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		take_body(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/* Past the drain ceiling the connection is cut rather than read on. */
		return req->body_seen > HTTP_DRAIN_MAX ? MHD_NO : MHD_YES;
	}
	return finish_request(srv, req);
}

/* Called with the request line: the request's life starts here. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *srv = cls;
	struct http_request *req = request_new();
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char *q;

	req->start_ns = now_ns();
	req->conn = conn;
	req->server = srv;
	req->app = srv->cfg.app;
	req->method = HTTP_METHOD_OTHER;
	req->metrics_slot = srv->router.npatterns;
	req->target = xstrdup(uri);
	req->path = req->target;
	q = strchr(req->target, '?');
	if (q != NULL) {
		*q = '\0';
		req->query_raw = q + 1;
		req->query_len = strlen(q + 1);
	}
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET6) {
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, req->client,
			          sizeof(req->client));
		} else if (sa->sa_family == AF_INET) {
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, req->client,
			          sizeof(req->client));
		}
	}
	atomic_fetch_add(&srv->in_flight, 1);
	return req;
}

static const char *const termination_names[] = {
	[MHD_REQUEST_TERMINATED_COMPLETED_OK] = "",
	[MHD_REQUEST_TERMINATED_WITH_ERROR] = " (error)",
	[MHD_REQUEST_TERMINATED_TIMEOUT_REACHED] = " (timed out)",
	[MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN] = " (server stopped)",
	[MHD_REQUEST_TERMINATED_READ_ERROR] = " (read error)",
	[MHD_REQUEST_TERMINATED_CLIENT_ABORT] = " (client went away)",
};

/* Called once per request when it ends, replied or not: the access log line, the metrics, the free. */
static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct http_request *req = *con_cls;
	unsigned status = req != NULL ? req->reply.status : 0;
	uint64_t us;

	if (req == NULL) {
		return;
	}
	us = (now_ns() - req->start_ns) / 1000;
	if (req->state != REQUEST_REPLIED) {
		/* libmicrohttpd's own answers (a malformed header) or none at all. */
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
		status = ci != NULL ? ci->http_status : 0;
	}
	access_log_record(
	        srv->access_log, LOG_INFO, "http %s %.512s %u %zu %lluus %s%s",
	        req->state == REQUEST_NEW ? "-" : http_method_name(req->method), req->path, status, req->reply.body_len,
	        (unsigned long long)us, req->client,
	        (unsigned)toe < sizeof(termination_names) / sizeof(termination_names[0]) ? termination_names[toe] : "");
	metrics_observe(srv->metrics, req->metrics_slot, status, us);
	request_free(req);
	*con_cls = NULL;
	atomic_store_explicit(&srv->last_done_ns, (int64_t)now_ns(), memory_order_relaxed);
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* Request targets are kept as sent: the router decodes path parameters itself. */
static size_t
keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

__attribute__((format(printf, 2, 0))) static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n') {
		line[--n] = '\0';
	}
	/* Mostly about clients (a malformed header), which the access log also shows. */
	log_info("http: libmicrohttpd: %s", line);
}

static const char *
slot_label(const void *ctx, size_t slot)
{
	const struct router *r = ctx;

	return slot < r->npatterns ? r->patterns[slot] : "unmatched";
}

int
http_server_metrics(const struct http_server *srv, struct buf *out, struct err *e)
{
	bool up[64];
	size_t nsources = srv->cfg.nmetrics_sources < 64 ? srv->cfg.nmetrics_sources : 64;

	if (metrics_render(srv->metrics, slot_label, &srv->router, out, e) != 0 ||
	    buf_appendf(out, e,
	                "# HELP levera_http_requests_in_flight Requests received and not yet answered.\n"
	                "# TYPE levera_http_requests_in_flight gauge\n"
	                "levera_http_requests_in_flight %u\n"
	                "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n"
	                "# TYPE process_start_time_seconds gauge\n"
	                "process_start_time_seconds %lld.%03ld\n"
	                "# HELP levera_build_info The running version of levera.\n"
	                "# TYPE levera_build_info gauge\n"
	                "levera_build_info{version=\"%s\"} 1\n",
	                atomic_load((atomic_uint *)&srv->in_flight), (long long)srv->started.tv_sec,
	                srv->started.tv_nsec / 1000000, LEVERA_VERSION) != 0) {
		return -1;
	}
	for (size_t i = 0; i < nsources; i++) {
		const struct metrics_source *src = &srv->cfg.metrics_sources[i];
		size_t mark = out->len;
		struct err se;

		err_clear(&se);
		up[i] = src->render(srv->cfg.app, out, &se) == 0;
		if (!up[i]) {
			log_warn("http: metrics source '%s' failed: %s", src->name, se.message);
			out->len = mark;
			if (out->data != NULL) {
				out->data[mark] = '\0';
			}
		}
	}
	if (nsources > 0 && buf_append_str(out,
	                                   "# HELP levera_metrics_source_up Whether a metrics source answered "
	                                   "this scrape.\n"
	                                   "# TYPE levera_metrics_source_up gauge\n",
	                                   e) != 0) {
		return -1;
	}
	for (size_t i = 0; i < nsources; i++) {
		if (buf_append_str(out, "levera_metrics_source_up{source=\"", e) != 0 ||
		    metrics_label_value(out, srv->cfg.metrics_sources[i].name, e) != 0 ||
		    buf_appendf(out, e, "\"} %d\n", up[i] ? 1 : 0) != 0) {
			return -1;
		}
	}
	return 0;
}

const char *
http_server_url(const struct http_server *srv)
{
	return srv->url;
}

int64_t
http_server_idle_ms(struct http_server *srv)
{
	if (atomic_load(&srv->in_flight) > 0) {
		return 0;
	}
	int64_t last = atomic_load_explicit(&srv->last_done_ns, memory_order_relaxed);
	return ((int64_t)now_ns() - last) / 1000000;
}

static void
apply_defaults(struct http_server_config *cfg)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (cfg->listen == NULL) {
		cfg->listen = HTTP_DEFAULT_LISTEN;
	}
	if (cfg->db_path == NULL) {
		cfg->db_path = HTTP_DEFAULT_DB;
	}
	if (cfg->threads == 0) {
		/* A durable write blocks its thread for a group commit (an fsync), not a core. */
		cfg->threads = cores > 2 ? 32 * (unsigned)cores : 64;
	}
	if (cfg->max_connections == 0) {
		cfg->max_connections = 1024;
	}
	if (cfg->connection_timeout_s == 0) {
		cfg->connection_timeout_s = 30;
	}
	if (cfg->shutdown_grace_s == 0) {
		cfg->shutdown_grace_s = 10;
	}
}

/* Fails closed: a route that needs a caller cannot run without something to tell who calls. */
static int
check_config(const struct http_server_config *cfg, struct err *e)
{
	for (size_t t = 0; t < NROUTE_TABLES; t++) {
		for (size_t i = 0; i < route_tables[t]->count; i++) {
			const struct route *r = &route_tables[t]->routes[i];
			if ((r->flags & ROUTE_AUTH) != 0 && cfg->authenticate == NULL) {
				return err_set(e, ERR_INVALID, r->pattern,
				               "route %s %s needs authentication and no "
				               "authenticator is configured",
				               http_method_name(r->method), r->pattern);
			}
		}
	}
	if (cfg->nmetrics_sources > 64) {
		return err_set(e, ERR_INVALID, "metrics_sources", "more than 64 metrics sources");
	}
	return 0;
}

static void
server_free(struct http_server *srv)
{
	if (srv->daemon != NULL) {
		MHD_stop_daemon(srv->daemon);
	}
	if (srv->listen_fd >= 0) {
		close(srv->listen_fd);
	}
	router_release(&srv->router);
	metrics_free(srv->metrics);
	access_log_free(srv->access_log);
	free(srv);
}

int
http_server_start(const struct http_server_config *cfg, struct http_server **out, struct err *e)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;

	*out = NULL;
	srv->cfg = *cfg;
	srv->listen_fd = -1;
	atomic_init(&srv->in_flight, 0);
	atomic_init(&srv->last_done_ns, (int64_t)now_ns());
	atomic_init(&srv->draining, false);
	apply_defaults(&srv->cfg);
	clock_gettime(CLOCK_REALTIME, &srv->started);
	if (check_config(&srv->cfg, e) != 0 || router_init(&srv->router, route_tables, NROUTE_TABLES, e) != 0) {
		server_free(srv);
		return -1;
	}
	srv->metrics = metrics_new(srv->router.npatterns + 1);
	srv->access_log = access_log_new(STDERR_FILENO);
	if (listen_open(srv->cfg.listen, &srv->listen_fd, srv->url, e) != 0) {
		server_free(srv);
		return -1;
	}
	/* The logger goes first, or libmicrohttpd logs the other options' problems on its own. */
	srv->daemon = MHD_start_daemon(
	        flags, 0, NULL, NULL, on_access, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)srv->listen_fd, MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
	        MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	        srv->cfg.connection_timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_HEADER_MAX,
	        MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
	        MHD_OPTION_END);
	if (srv->daemon == NULL) {
		server_free(srv);
		return err_set(e, ERR_IO, "listen", "cannot start the HTTP server on '%s'", cfg->listen);
	}
	*out = srv;
	return 0;
}

void
http_server_stop(struct http_server *srv)
{
	uint64_t deadline;
	unsigned left;
	MHD_socket fd;

	if (srv == NULL) {
		return;
	}
	atomic_store(&srv->draining, true);
	fd = MHD_quiesce_daemon(srv->daemon);
	/* Refuse new connections now; the descriptor itself is closed after the threads stop. */
	if (fd != MHD_INVALID_SOCKET) {
		(void)shutdown(fd, SHUT_RDWR);
	}
	deadline = now_ns() + (uint64_t)srv->cfg.shutdown_grace_s * 1000000000u;
	left = atomic_load(&srv->in_flight);
	while (left > 0 && now_ns() < deadline) {
		struct timespec pause = { 0, 5 * 1000 * 1000 };
		nanosleep(&pause, NULL);
		left = atomic_load(&srv->in_flight);
	}
	if (left > 0) {
		log_warn("http: stopping with %u requests still in flight", left);
	}
	server_free(srv);
}
