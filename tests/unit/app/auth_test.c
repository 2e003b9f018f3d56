/*
 * auth_test.c - app/auth.c, app/token.c and app/account.c on a real store:
 * sessions expire when idle and absolutely, sign-out and revocation kill
 * credentials, limiters answer rate_limited.  The HTTP side is in tests/api.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../store/fixture.h"
#include "app/account.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/token.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */
#define PW "correct horse battery"

static struct fixture fx;
static struct app app;

static void
setup(void)
{
	struct err e;
	struct account_new u = { .email = "ada@example.com", .name = "Ada", .role = "admin" };

	cr_assert_eq(secret_init(&SECRET_PARAMS_TEST, &e), 0, "%s", e.message);
	fixture_open(&fx);
	cr_assert_eq(app_init(&app, fx.s, &e), 0, "%s", e.message);
	cr_assert_eq(account_create(fx.s, &u, PW, NULL, T0, &e), 0, "%s", e.message);
}

static void
teardown(void)
{
	app_release(&app);
	fixture_close(&fx);
}

TestSuite(auth, .init = setup, .fini = teardown);

static void
sign_in(int64_t now, struct auth_caller *c)
{
	int64_t retry;
	struct err e;

	cr_assert_eq(auth_sign_in(&app, "ADA@example.com", PW, "127.0.0.1", now, c, &retry, &e), 0, "%s", e.message);
	cr_assert_eq(c->role, ROLE_ADMIN);
	cr_assert_str_eq(c->email, "ada@example.com");
}

Test(auth, session_expires_when_idle_and_absolutely)
{
	struct auth_caller c, r;
	struct err e;

	sign_in(T0, &c);
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + AUTH_SESSION_IDLE_S - 1, &r, &e), 0, "%s",
	             e.message);
	cr_assert_str_eq(r.user_id, c.user_id);
	/* That use pushed the idle deadline on. */
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + 2 * AUTH_SESSION_IDLE_S - 2, &r, &e), 0, "%s",
	             e.message);
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + 4 * AUTH_SESSION_IDLE_S, &r, &e), -1);
	cr_assert_eq(e.code, ERR_UNAUTHORIZED);

	sign_in(T0, &c);
	for (int64_t t = T0; t < T0 + AUTH_SESSION_MAX_S; t += AUTH_SESSION_IDLE_S / 2) {
		cr_assert_eq(auth_resolve_session(&app, c.session_id, t, &r, &e), 0, "%s", e.message);
	}
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + AUTH_SESSION_MAX_S, &r, &e), -1);
}

Test(auth, sign_out_kills_the_session)
{
	struct auth_caller c, r;
	struct err e;

	sign_in(T0, &c);
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + 1, &r, &e), 0, "%s", e.message);
	cr_assert_eq(auth_sign_out(&app, &r, T0 + 2, &e), 0, "%s", e.message);
	cr_assert_eq(auth_resolve_session(&app, c.session_id, T0 + 3, &r, &e), -1);
	cr_assert_eq(e.code, ERR_UNAUTHORIZED);
}

Test(auth, wrong_and_unknown_are_unauthorized_then_limited)
{
	struct auth_caller c;
	int64_t retry = 0;
	struct err e;

	cr_assert_eq(auth_sign_in(&app, "ada@example.com", "wrong password!", "10.0.0.1", T0, &c, &retry, &e), -1);
	cr_assert_eq(e.code, ERR_UNAUTHORIZED);
	cr_assert_eq(auth_sign_in(&app, "who@example.com", PW, "10.0.0.1", T0, &c, &retry, &e), -1);
	cr_assert_eq(e.code, ERR_UNAUTHORIZED);
	for (int i = 0; i < 4; i++) {
		auth_sign_in(&app, "ada@example.com", "wrong password!", "10.0.0.2", T0, &c, &retry, &e);
	}
	cr_assert_eq(auth_sign_in(&app, "ada@example.com", PW, "10.0.0.3", T0, &c, &retry, &e), -1);
	cr_assert_eq(e.code, ERR_RATE_LIMITED);
	cr_assert_gt(retry, 0);
	sign_in(T0 + retry, &c);
}

Test(auth, tokens_resolve_until_revoked)
{
	struct auth_caller c, r;
	char token[SECRET_API_TOKEN_SIZE];
	json_t *made;
	struct err e;

	sign_in(T0, &c);
	struct actor a = auth_caller_actor(&c);
	cr_assert_eq(token_create(fx.s, &a, "ci", T0, token, &made, &e), 0, "%s", e.message);
	cr_assert_eq(auth_resolve_token(&app, token, T0, &r, &e), 0, "%s", e.message);
	cr_assert_eq(r.method, AUTH_TOKEN);
	token[SECRET_API_TOKEN_LEN - 1] = token[SECRET_API_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
	cr_assert_eq(auth_resolve_token(&app, token, T0, &r, &e), -1);
	token[SECRET_API_TOKEN_LEN - 1] = token[SECRET_API_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
	cr_assert_eq(token_revoke(&app, &a, json_string_value(json_object_get(made, "id")), T0, &e), 0, "%s",
	             e.message);
	json_decref(made);
	cr_assert_eq(auth_resolve_token(&app, token, T0, &r, &e), -1);
	cr_assert_eq(e.code, ERR_UNAUTHORIZED);
}

Test(auth, address_keys_group_ipv6_by_64)
{
	char a[64], b[64];

	auth_address_key("2001:db8:1:2:aaaa::1", a);
	auth_address_key("2001:db8:1:2:bbbb::9", b);
	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, "2001:db8:1:2::/64");
	auth_address_key("192.0.2.7", a);
	cr_assert_str_eq(a, "192.0.2.7");
}
