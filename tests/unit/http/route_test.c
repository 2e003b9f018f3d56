/*
 * route_test.c - route tables: pattern checks at start-up, matching,
 * specificity, 405s and path parameters.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "http/route.h"

static int
h_ok(struct http_request *req, struct err *e)
{
	(void)req;
	(void)e;
	return 0;
}

static const struct route ticket_routes[] = {
	{ HTTP_GET, "/api/v1/tickets", h_ok, ROUTE_AUTH },
	{ HTTP_POST, "/api/v1/tickets", h_ok, ROUTE_AUTH | ROUTE_IDEMPOTENCY_KEY },
	{ HTTP_GET, "/api/v1/tickets/{id}", h_ok, ROUTE_AUTH },
	{ HTTP_PATCH, "/api/v1/tickets/{id}", h_ok, ROUTE_AUTH | ROUTE_IF_MATCH },
	{ HTTP_GET, "/api/v1/tickets/new", h_ok, 0 },
	{ HTTP_GET, "/api/v1/tickets/{id}/comments/{comment_id}", h_ok, 0 },
};
static const struct route ops_routes[] = {
	{ HTTP_GET, "/", h_ok, 0 },
	{ HTTP_GET, "/healthz", h_ok, 0 },
};
static const struct route_table tickets = { "tickets", ticket_routes, 6 };
static const struct route_table ops = { "ops", ops_routes, 2 };

static struct router r;
static struct route_match m;
static struct err e;

static void
setup(void)
{
	const struct route_table *tables[] = { &tickets, &ops };

	err_clear(&e);
	cr_assert_eq(router_init(&r, tables, 2, &e), 0, "%s", e.message);
}

static void
teardown(void)
{
	router_release(&r);
}

static int
match(enum http_method method, const char *path)
{
	err_clear(&e);
	return router_match(&r, method, path, strlen(path), &m, &e);
}

TestSuite(route, .init = setup, .fini = teardown);

Test(route, patterns_are_counted_once)
{
	/* Two methods on one pattern share its metrics slot. */
	cr_assert_eq(r.count, 8);
	cr_assert_eq(r.npatterns, 6);
	cr_assert_str_eq(r.patterns[0], "/api/v1/tickets");
	cr_assert_str_eq(r.patterns[1], "/api/v1/tickets/{id}");
}

Test(route, literal_and_parameter)
{
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets"), 0);
	cr_assert_eq(m.route, &ticket_routes[0]);
	cr_assert_eq(match(HTTP_POST, "/api/v1/tickets"), 0);
	cr_assert_eq(m.route, &ticket_routes[1]);
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/T-17"), 0);
	cr_assert_eq(m.route, &ticket_routes[2]);
	cr_assert_str_eq(route_param(&m, "id"), "T-17");
	cr_assert_null(route_param(&m, "nope"));
	cr_assert_eq(m.pattern_id, 1);
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/9/comments/12"), 0);
	cr_assert_str_eq(route_param(&m, "id"), "9");
	cr_assert_str_eq(route_param(&m, "comment_id"), "12");
	cr_assert_eq(match(HTTP_GET, "/"), 0);
	cr_assert_eq(m.route, &ops_routes[0]);
	cr_assert_eq(match(HTTP_GET, "/healthz"), 0);
	cr_assert_eq(m.route, &ops_routes[1]);
}

Test(route, the_most_specific_pattern_wins)
{
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/new"), 0);
	cr_assert_eq(m.route, &ticket_routes[4]);
	cr_assert_eq(m.nparams, 0);
	/* PATCH has no literal route, so the parameter one answers. */
	cr_assert_eq(match(HTTP_PATCH, "/api/v1/tickets/new"), 0);
	cr_assert_eq(m.route, &ticket_routes[3]);
	cr_assert_str_eq(route_param(&m, "id"), "new");
}

Test(route, head_runs_get)
{
	cr_assert_eq(match(HTTP_HEAD, "/healthz"), 0);
	cr_assert_eq(m.route, &ops_routes[1]);
}

Test(route, known_path_other_method_is_405)
{
	char allow[64];

	cr_assert_eq(match(HTTP_DELETE, "/api/v1/tickets/5"), 0);
	cr_assert_null(m.route);
	cr_assert_eq(m.pattern_id, 1);
	route_allow_header(m.allow, allow, sizeof(allow));
	cr_assert_str_eq(allow, "GET, HEAD, PATCH");
	cr_assert_eq(match(HTTP_METHOD_OTHER, "/healthz"), 0);
	cr_assert_null(m.route);
	route_allow_header(m.allow, allow, sizeof(allow));
	cr_assert_str_eq(allow, "GET, HEAD");
}

Test(route, unknown_paths_are_404)
{
	const char *paths[] = { "/nope",
		                "/healthz/",
		                "//healthz",
		                "/api/v1/tickets/",
		                "/api/v1//tickets",
		                "healthz",
		                "",
		                "/HEALTHZ",
		                "/heal%74hz",
		                "/api/v1/tickets/1/comments/",
		                "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert_eq(match(HTTP_GET, paths[i]), -1, "%s", paths[i]);
		cr_assert_eq(e.code, ERR_NOT_FOUND, "%s", paths[i]);
	}
}

Test(route, parameters_are_decoded)
{
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/a%20b"), 0);
	cr_assert_str_eq(route_param(&m, "id"), "a b");
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/a+b"), 0);
	cr_assert_str_eq(route_param(&m, "id"), "a+b", "'+' is a space only in query strings");
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/%C3%A6%C3%B8%C3%A5"), 0);
	cr_assert_str_eq(route_param(&m, "id"), "æøå");
	cr_assert_eq(match(HTTP_GET, "/api/v1/tickets/%7e"), 0);
	cr_assert_str_eq(route_param(&m, "id"), "~");
}

Test(route, bad_parameters_are_400_naming_the_parameter)
{
	const char *paths[] = {
		"/api/v1/tickets/%",      "/api/v1/tickets/%4",        "/api/v1/tickets/%zz", "/api/v1/tickets/%00",
		"/api/v1/tickets/%ff",    "/api/v1/tickets/%2F",       "/api/v1/tickets/%0a", "/api/v1/tickets/%7f",
		"/api/v1/tickets/%C0%AF", "/api/v1/tickets/%ED%A0%80",
	};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert_eq(match(HTTP_GET, paths[i]), -1, "%s", paths[i]);
		cr_assert_eq(e.code, ERR_INVALID, "%s", paths[i]);
		cr_assert_str_eq(e.field, "id", "%s", paths[i]);
	}
}

Test(route, length_limits)
{
	static const char prefix[] = "/api/v1/tickets/";
	char path[ROUTE_MAX_PATH + 64];
	size_t n = sizeof(prefix) - 1;

	/* 256 decoded bytes are fine, 257 are not, however they are spelled. */
	memcpy(path, prefix, n);
	memset(path + n, 'x', 257);
	path[n + 256] = '\0';
	cr_assert_eq(match(HTTP_GET, path), 0);
	cr_assert_eq(strlen(route_param(&m, "id")), 256);
	path[n + 256] = 'x';
	path[n + 257] = '\0';
	cr_assert_eq(match(HTTP_GET, path), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	for (int i = 0; i < 256; i++) {
		memcpy(path + n + 3 * (size_t)i, "%41", 3);
	}
	path[n + 3 * 256] = '\0';
	cr_assert_eq(match(HTTP_GET, path), 0);
	cr_assert_eq(strlen(route_param(&m, "id")), 256);
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[ROUTE_MAX_PATH + 1] = '\0';
	cr_assert_eq(match(HTTP_GET, path), -1);
	cr_assert_eq(e.code, ERR_TOO_LARGE);
}

static int
init_one(const struct route *routes, size_t n)
{
	struct route_table t = { "t", routes, n };
	const struct route_table *tables[] = { &t };
	struct router rr;
	int rc;

	err_clear(&e);
	rc = router_init(&rr, tables, 1, &e);
	router_release(&rr);
	return rc;
}

Test(route_init, bad_patterns_are_refused)
{
	const char *bad[] = { "",
		              "healthz",
		              "/a//b",
		              "/a/",
		              "/{}",
		              "/{Id}",
		              "/{1d}",
		              "/{id",
		              "/id}",
		              "/a{id}",
		              "/{a}/{a}",
		              "/a b",
		              "/a?b",
		              "/%41",
		              "/{a}/{b}/{c}/{d}/{e}",
		              "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct route one = { HTTP_GET, bad[i], h_ok, 0 };
		cr_assert_eq(init_one(&one, 1), -1, "%s", bad[i]);
		cr_assert_eq(e.code, ERR_INVALID);
	}
	struct route no_handler = { HTTP_GET, "/x", NULL, 0 };
	cr_assert_eq(init_one(&no_handler, 1), -1);
	struct route head = { HTTP_HEAD, "/x", h_ok, 0 };
	cr_assert_eq(init_one(&head, 1), -1, "HEAD comes with GET");
}

Test(route_init, same_shape_twice_is_refused)
{
	const struct route dup[] = { { HTTP_GET, "/a/{x}", h_ok, 0 }, { HTTP_GET, "/a/{y}", h_ok, 0 } };
	const struct route fine[] = { { HTTP_GET, "/a/{x}", h_ok, 0 },
		                      { HTTP_PUT, "/a/{y}", h_ok, 0 },
		                      { HTTP_GET, "/a/b", h_ok, 0 } };

	cr_assert_eq(init_one(dup, 2), -1);
	cr_assert(strstr(e.message, "'/a/{x}' and '/a/{y}'") != NULL, "%s", e.message);
	cr_assert_eq(init_one(fine, 3), 0, "%s", e.message);
}

Test(route_init, methods)
{
	cr_assert_eq(http_method_parse("GET"), HTTP_GET);
	cr_assert_eq(http_method_parse("PATCH"), HTTP_PATCH);
	cr_assert_eq(http_method_parse("get"), HTTP_METHOD_OTHER, "methods are case-sensitive");
	cr_assert_eq(http_method_parse("BREW"), HTTP_METHOD_OTHER);
	cr_assert_str_eq(http_method_name(HTTP_DELETE), "DELETE");
}
