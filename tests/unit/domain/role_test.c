/*
 * role_test.c - the authorization matrix, every role x resource x action,
 * against a table written out here independently of src/domain/role.c;
 * record checks (another organisation's record is 404, never 403); the new
 * error codes they answer with.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "domain/role.h"

/*
 * What each role may do: scopes for read, create, update, archive.
 * "all" = every record, "own" = the actor's organisation's, "-" = none.
 */
static const struct {
	const char *role, *resource, *scopes;
} expected[] = {
	{ "admin", "organisation", "all all all all" },
	{ "admin", "user", "all all all all" },
	{ "admin", "team", "all all all all" },
	{ "admin", "service", "all all all all" },
	{ "admin", "calendar", "all all all all" },
	{ "admin", "agreement", "all all all all" },
	{ "admin", "ticket", "all all all all" },
	{ "admin", "ticket_note", "all all all all" },
	{ "admin", "audit", "all - - -" },
	{ "admin", "api_token", "all all all all" },
	{ "admin", "setting", "all - all -" },
	{ "admin", "import", "all all all all" },
	{ "admin", "survey", "all all all all" },
	{ "admin", "cost", "all all all all" },

	{ "manager", "organisation", "all all all all" },
	{ "manager", "user", "all all all all" },
	{ "manager", "team", "all all all all" },
	{ "manager", "service", "all all all all" },
	{ "manager", "calendar", "all all all all" },
	{ "manager", "agreement", "all all all all" },
	{ "manager", "ticket", "all all all all" },
	{ "manager", "ticket_note", "all all all all" },
	{ "manager", "audit", "all - - -" },
	{ "manager", "api_token", "all - - all" },
	{ "manager", "setting", "all - all -" },
	{ "manager", "import", "all all all all" },
	{ "manager", "survey", "all all all all" },
	{ "manager", "cost", "all all all all" },

	{ "agent", "organisation", "all - - -" },
	{ "agent", "user", "all - - -" },
	{ "agent", "team", "all - - -" },
	{ "agent", "service", "all - - -" },
	{ "agent", "calendar", "all - - -" },
	{ "agent", "agreement", "all - - -" },
	{ "agent", "ticket", "all all all -" },
	{ "agent", "ticket_note", "all all all -" },
	{ "agent", "audit", "- - - -" },
	{ "agent", "api_token", "- - - -" },
	{ "agent", "setting", "all - - -" },
	{ "agent", "import", "- - - -" },
	{ "agent", "survey", "all - - -" },
	{ "agent", "cost", "all - - -" },

	{ "customer", "organisation", "own - - -" },
	{ "customer", "user", "- - - -" },
	{ "customer", "team", "- - - -" },
	{ "customer", "service", "all - - -" },
	{ "customer", "calendar", "- - - -" },
	{ "customer", "agreement", "own - - -" },
	{ "customer", "ticket", "own own own -" },
	{ "customer", "ticket_note", "- - - -" },
	{ "customer", "audit", "- - - -" },
	{ "customer", "api_token", "- - - -" },
	{ "customer", "setting", "all - - -" },
	{ "customer", "import", "- - - -" },
	{ "customer", "survey", "own own - -" },
	{ "customer", "cost", "- - - -" },
};

#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))

static enum scope
scope_word(const char *w)
{
	if (strcmp(w, "all") == 0) {
		return SCOPE_ALL;
	}
	if (strcmp(w, "own") == 0) {
		return SCOPE_OWN_ORG;
	}
	cr_assert_str_eq(w, "-", "bad scope word '%s' in the expected table", w);
	return SCOPE_NONE;
}

/* The expected scope, found by name in the table above. */
static enum scope
expected_scope(enum role r, enum resource k, enum action a)
{
	for (size_t i = 0; i < NEXPECTED; i++) {
		char w[4][8];
		if (strcmp(expected[i].role, role_name(r)) != 0 ||
		    strcmp(expected[i].resource, resource_name(k)) != 0) {
			continue;
		}
		cr_assert_eq(sscanf(expected[i].scopes, "%7s %7s %7s %7s", w[0], w[1], w[2], w[3]), 4);
		return scope_word(w[a]);
	}
	cr_assert_fail("no expected row for %s %s", role_name(r), resource_name(k));
	return SCOPE_NONE;
}

Test(role, names_round_trip)
{
	static const char *const roles[] = { "admin", "manager", "agent", "customer" };
	static const char *const kinds[] = { "organisation", "user",    "team",        "service", "calendar",
		                             "agreement",    "ticket",  "ticket_note", "audit",   "api_token",
		                             "import",       "setting", "survey",      "cost" };
	static const char *const actions[] = { "read", "create", "update", "archive" };

	cr_assert_eq(ROLE_COUNT, 4);
	cr_assert_eq(RESOURCE_COUNT, 14);
	cr_assert_eq(ACTION_COUNT, 4);
	for (int i = 0; i < ROLE_COUNT; i++) {
		cr_assert_str_eq(role_name((enum role)i), roles[i]);
		cr_assert_eq(role_parse(roles[i]), i);
	}
	for (int i = 0; i < RESOURCE_COUNT; i++) {
		cr_assert_str_eq(resource_name((enum resource)i), kinds[i]);
		cr_assert_eq(resource_parse(kinds[i]), i);
	}
	for (int i = 0; i < ACTION_COUNT; i++) {
		cr_assert_str_eq(action_name((enum action)i), actions[i]);
		cr_assert_eq(action_parse(actions[i]), i);
	}
	cr_assert_str_eq(scope_name(SCOPE_NONE), "none");
	cr_assert_str_eq(scope_name(SCOPE_OWN_ORG), "own_org");
	cr_assert_str_eq(scope_name(SCOPE_ALL), "all");
	cr_assert_eq(role_parse("Admin"), -1);
	cr_assert_eq(role_parse("root"), -1);
	cr_assert_eq(role_parse(NULL), -1);
	cr_assert_eq(resource_parse("tickets"), -1);
	cr_assert_eq(action_parse("delete"), -1);
	cr_assert_str_eq(role_name((enum role)99), "unknown");
}

Test(role, the_whole_matrix)
{
	cr_assert_eq(NEXPECTED, (size_t)ROLE_COUNT * RESOURCE_COUNT, "one expected row per role and resource");
	for (int r = 0; r < ROLE_COUNT; r++) {
		for (int k = 0; k < RESOURCE_COUNT; k++) {
			for (int a = 0; a < ACTION_COUNT; a++) {
				enum scope want = expected_scope((enum role)r, (enum resource)k, (enum action)a), got;
				bool allowed = role_allows((enum role)r, (enum resource)k, (enum action)a, &got);
				cr_assert_eq(got, want, "%s %s %s: %s, expected %s", role_name((enum role)r),
				             resource_name((enum resource)k), action_name((enum action)a),
				             scope_name(got), scope_name(want));
				cr_assert_eq(allowed, want != SCOPE_NONE);
			}
		}
	}
}

Test(role, no_action_reaches_further_than_read)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		for (int k = 0; k < RESOURCE_COUNT; k++) {
			enum scope read, act;
			role_allows((enum role)r, (enum resource)k, ACTION_READ, &read);
			for (int a = 0; a < ACTION_COUNT; a++) {
				role_allows((enum role)r, (enum resource)k, (enum action)a, &act);
				cr_assert(act <= read, "%s may %s %s records it cannot read", role_name((enum role)r),
				          action_name((enum action)a), resource_name((enum resource)k));
			}
		}
	}
}

Test(role, out_of_range_is_denied)
{
	enum scope s = SCOPE_ALL;

	cr_assert_not(role_allows((enum role)ROLE_COUNT, RESOURCE_TICKET, ACTION_READ, &s));
	cr_assert_eq(s, SCOPE_NONE);
	cr_assert_not(role_allows(ROLE_ADMIN, (enum resource) - 1, ACTION_READ, NULL));
	cr_assert_not(role_allows(ROLE_ADMIN, RESOURCE_TICKET, (enum action)ACTION_COUNT, NULL));
}

static const struct actor acme_customer = { ROLE_CUSTOMER, "u-cust", "org-acme" };

/* Runs role_check and returns the code it answered with (ERR_OK on success). */
static enum err_code
check(const struct actor *who, enum resource k, enum action a, const char *org)
{
	struct err e;

	err_clear(&e);
	if (role_check(who, k, a, org, &e) == 0) {
		return ERR_OK;
	}
	cr_assert_neq(e.code, ERR_OK);
	return e.code;
}

Test(role_check, customers_see_only_their_organisation)
{
	struct err e;

	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, ACTION_READ, "org-acme"), ERR_OK);
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, ACTION_UPDATE, "org-acme"), ERR_OK, "reply, reopen, rate");
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, ACTION_CREATE, "org-acme"), ERR_OK);
	cr_assert_eq(check(&acme_customer, RESOURCE_AGREEMENT, ACTION_READ, "org-acme"), ERR_OK);
	cr_assert_eq(check(&acme_customer, RESOURCE_ORGANISATION, ACTION_READ, "org-acme"), ERR_OK);
	cr_assert_eq(check(&acme_customer, RESOURCE_SERVICE, ACTION_READ, NULL), ERR_OK, "the catalog");

	/* Another organisation's records do not exist for them: 404, whatever the action. */
	for (int a = 0; a < ACTION_COUNT; a++) {
		if (a != ACTION_CREATE) {
			cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, (enum action)a, "org-globex"),
			             ERR_NOT_FOUND);
		}
	}
	cr_assert_eq(role_check(&acme_customer, RESOURCE_TICKET, ACTION_READ, "org-globex", &e), -1);
	cr_assert_str_eq(e.message, "ticket not found");
	cr_assert_eq(err_http_status(e.code), 404);
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, ACTION_CREATE, "org-globex"), ERR_NOT_FOUND,
	             "naming another organisation does not reveal it");
	cr_assert_eq(check(&acme_customer, RESOURCE_AGREEMENT, ACTION_READ, "org-globex"), ERR_NOT_FOUND);
	cr_assert_eq(check(&acme_customer, RESOURCE_ORGANISATION, ACTION_READ, "org-globex"), ERR_NOT_FOUND);
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET, ACTION_READ, NULL), ERR_NOT_FOUND);

	/* Internal notes are never visible, not even on their own tickets. */
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET_NOTE, ACTION_READ, "org-acme"), ERR_NOT_FOUND);
	cr_assert_eq(check(&acme_customer, RESOURCE_TICKET_NOTE, ACTION_UPDATE, "org-acme"), ERR_NOT_FOUND);
	cr_assert_eq(check(&acme_customer, RESOURCE_CALENDAR, ACTION_READ, NULL), ERR_NOT_FOUND);
	cr_assert_eq(check(&acme_customer, RESOURCE_AUDIT, ACTION_READ, NULL), ERR_NOT_FOUND);

	/* Visible, but not theirs to change: 403. */
	cr_assert_eq(role_check(&acme_customer, RESOURCE_TICKET, ACTION_ARCHIVE, "org-acme", &e), -1);
	cr_assert_eq(e.code, ERR_FORBIDDEN);
	cr_assert_str_eq(e.message, "role 'customer' may not archive ticket records");
	cr_assert_eq(check(&acme_customer, RESOURCE_AGREEMENT, ACTION_UPDATE, "org-acme"), ERR_FORBIDDEN);
	cr_assert_eq(check(&acme_customer, RESOURCE_AGREEMENT, ACTION_CREATE, "org-acme"), ERR_FORBIDDEN);
	cr_assert_eq(check(&acme_customer, RESOURCE_SERVICE, ACTION_UPDATE, NULL), ERR_FORBIDDEN);
	cr_assert_eq(check(&acme_customer, RESOURCE_CALENDAR, ACTION_CREATE, NULL), ERR_FORBIDDEN);
}

Test(role_check, a_customer_without_an_organisation_sees_nothing_of_any)
{
	struct actor orphan = { ROLE_CUSTOMER, "u-orphan", NULL };

	cr_assert_eq(check(&orphan, RESOURCE_TICKET, ACTION_READ, "org-acme"), ERR_NOT_FOUND);
	cr_assert_eq(check(&orphan, RESOURCE_TICKET, ACTION_READ, NULL), ERR_NOT_FOUND);
	cr_assert_eq(check(&orphan, RESOURCE_TICKET, ACTION_CREATE, NULL), ERR_NOT_FOUND);
	cr_assert_eq(check(&orphan, RESOURCE_SERVICE, ACTION_READ, NULL), ERR_OK);
}

/*
 * Every role, resource and action on a record of the actor's organisation,
 * of another, and of none, against the expected table: a record the role
 * cannot read answers 404, a readable one 403 when the action is not
 * allowed, and never the other way round.
 */
Test(role_check, not_found_before_forbidden_everywhere)
{
	static const char *const orgs[] = { "org-acme", "org-globex", NULL };

	for (int r = 0; r < ROLE_COUNT; r++) {
		struct actor who = { (enum role)r, "u-1", "org-acme" };
		for (int k = 0; k < RESOURCE_COUNT; k++) {
			enum scope read = expected_scope((enum role)r, (enum resource)k, ACTION_READ);
			for (int a = 0; a < ACTION_COUNT; a++) {
				enum scope act = expected_scope((enum role)r, (enum resource)k, (enum action)a);
				for (size_t o = 0; o < 3; o++) {
					bool mine = orgs[o] != NULL && strcmp(orgs[o], "org-acme") == 0;
					bool sees = read == SCOPE_ALL || (read == SCOPE_OWN_ORG && mine);
					bool may = act == SCOPE_ALL || (act == SCOPE_OWN_ORG && mine);
					enum err_code want = may ? ERR_OK : sees ? ERR_FORBIDDEN : ERR_NOT_FOUND;
					if (a == ACTION_CREATE && !may && read == SCOPE_NONE) {
						want = ERR_FORBIDDEN; /* nothing to hide: no such kind for this role */
					}
					cr_assert_eq(check(&who, (enum resource)k, (enum action)a, orgs[o]), want,
					             "%s %s %s (org %s)", role_name(who.role),
					             action_name((enum action)a), resource_name((enum resource)k),
					             orgs[o] != NULL ? orgs[o] : "none");
				}
			}
		}
	}
}

Test(role_check, staff)
{
	struct actor agent = { ROLE_AGENT, "u-agent", "org-provider" };
	struct actor manager = { ROLE_MANAGER, "u-mgr", "org-provider" };
	struct actor admin = { ROLE_ADMIN, "u-admin", "org-provider" };

	cr_assert_eq(check(&agent, RESOURCE_TICKET, ACTION_UPDATE, "org-globex"), ERR_OK, "agents work every queue");
	cr_assert_eq(check(&agent, RESOURCE_TICKET_NOTE, ACTION_CREATE, "org-globex"), ERR_OK);
	cr_assert_eq(check(&agent, RESOURCE_TICKET, ACTION_ARCHIVE, "org-globex"), ERR_FORBIDDEN);
	cr_assert_eq(check(&agent, RESOURCE_AGREEMENT, ACTION_UPDATE, "org-acme"), ERR_FORBIDDEN);
	cr_assert_eq(check(&agent, RESOURCE_CALENDAR, ACTION_CREATE, NULL), ERR_FORBIDDEN);
	cr_assert_eq(check(&agent, RESOURCE_AUDIT, ACTION_READ, NULL), ERR_NOT_FOUND);
	cr_assert_eq(check(&manager, RESOURCE_AGREEMENT, ACTION_ARCHIVE, "org-acme"), ERR_OK);
	cr_assert_eq(check(&manager, RESOURCE_API_TOKEN, ACTION_CREATE, NULL), ERR_FORBIDDEN);
	cr_assert_eq(check(&manager, RESOURCE_API_TOKEN, ACTION_ARCHIVE, NULL), ERR_OK, "managers revoke");
	cr_assert_eq(check(&admin, RESOURCE_AUDIT, ACTION_UPDATE, NULL), ERR_FORBIDDEN, "the trail is append-only");
	cr_assert_eq(check(&admin, RESOURCE_API_TOKEN, ACTION_CREATE, NULL), ERR_OK);
}

Test(role_check, kind_level)
{
	struct actor agent = { ROLE_AGENT, "u-agent", NULL };
	struct err e;

	cr_assert_eq(role_check_kind(&acme_customer, RESOURCE_TICKET, ACTION_READ, &e), 0, "a list, filtered by org");
	cr_assert_eq(role_check_kind(&acme_customer, RESOURCE_TICKET_NOTE, ACTION_READ, &e), -1);
	cr_assert_eq(e.code, ERR_FORBIDDEN);
	cr_assert_eq(role_check_kind(&agent, RESOURCE_AUDIT, ACTION_READ, &e), -1);
	cr_assert_str_eq(e.message, "role 'agent' may not read audit records");
	cr_assert_eq(role_check_kind(&agent, RESOURCE_TICKET, ACTION_CREATE, &e), 0);
}

Test(role_check, managing_users_by_role)
{
	/* manages[actor][target], written out: admins manage all; managers all but admins. */
	static const bool want[ROLE_COUNT][ROLE_COUNT] = {
		{ true, true, true, true },
		{ false, true, true, true },
		{ false, false, false, false },
		{ false, false, false, false },
	};
	struct err e;

	for (int r = 0; r < ROLE_COUNT; r++) {
		struct actor who = { (enum role)r, "u-1", "org-provider" };
		for (int t = 0; t < ROLE_COUNT; t++) {
			int rc = role_check_manage(&who, (enum role)t, &e);
			cr_assert_eq(rc == 0, want[r][t], "%s managing %s", role_name(who.role),
			             role_name((enum role)t));
			if (rc != 0) {
				cr_assert_eq(e.code, ERR_FORBIDDEN);
				cr_assert_str_eq(e.field, "role");
			}
		}
	}
	struct actor manager = { ROLE_MANAGER, "u-mgr", "org-provider" };
	cr_assert_eq(role_check_manage(&manager, ROLE_ADMIN, &e), -1);
	cr_assert_str_eq(e.message, "role 'manager' may not manage users with role 'admin'");
}

Test(role_check, bugs_are_internal_errors)
{
	struct actor bogus = { (enum role)42, "u-1", "org-acme" };
	struct err e;

	cr_assert_eq(role_check(NULL, RESOURCE_TICKET, ACTION_READ, "org-acme", &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(role_check(&bogus, RESOURCE_TICKET, ACTION_READ, "org-acme", &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(role_check(&acme_customer, (enum resource)RESOURCE_COUNT, ACTION_READ, "org-acme", &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(role_check_kind(&acme_customer, RESOURCE_TICKET, (enum action)7, &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(role_check_manage(&bogus, ROLE_AGENT, &e), -1);
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(role_check(&acme_customer, RESOURCE_TICKET, ACTION_READ, "org-acme", NULL), 0, "e may be NULL");
}

Test(err, codes_for_access_control)
{
	static const struct {
		enum err_code code;
		const char *name;
		int http, exit;
	} rows[] = {
		{ ERR_FORBIDDEN, "forbidden", 403, 2 },       { ERR_UNAUTHORIZED, "unauthorized", 401, 2 },
		{ ERR_RATE_LIMITED, "rate_limited", 429, 1 }, { ERR_PRECONDITION, "precondition_failed", 412, 1 },
		{ ERR_NOT_FOUND, "not_found", 404, 2 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cr_assert_str_eq(err_code_name(rows[i].code), rows[i].name);
		cr_assert_eq(err_http_status(rows[i].code), rows[i].http);
		cr_assert_eq(err_exit_status(rows[i].code), rows[i].exit);
	}
	cr_assert_eq(ERR_PRECONDITION + 1, ERR_CODE_COUNT, "new codes go at the end");
	cr_assert_eq(ERR_INTERNAL, 7, "existing codes keep their values");
}
