/*
 * role.c - see role.h.  The matrix below is the whole policy; the reasons
 * for each row are in docs/security.md, and tests/unit/domain/role_test.c
 * pins every cell against a table written out independently.
 */
#include "domain/role.h"

#include <stddef.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = { "admin", "manager", "agent", "customer" };
static const char *const resource_names[RESOURCE_COUNT] = {
	"organisation", "user",  "team",      "service", "calendar", "agreement", "ticket",
	"ticket_note",  "audit", "api_token", "import",  "setting",  "survey",    "cost",
};
static const char *const action_names[ACTION_COUNT] = { "read", "create", "update", "archive" };
static const char *const scope_names[SCOPE_COUNT] = { "none", "own_org", "all" };

/* Columns: read, create, update, archive.  Cells left out are SCOPE_NONE. */
#define A SCOPE_ALL
#define O SCOPE_OWN_ORG
#define N SCOPE_NONE
static const enum scope matrix[ROLE_COUNT][RESOURCE_COUNT][ACTION_COUNT] = {
	[ROLE_ADMIN] = {
		[RESOURCE_ORGANISATION] = { A, A, A, A },
		[RESOURCE_USER] = { A, A, A, A },
		[RESOURCE_TEAM] = { A, A, A, A },
		[RESOURCE_SERVICE] = { A, A, A, A },
		[RESOURCE_CALENDAR] = { A, A, A, A },
		[RESOURCE_AGREEMENT] = { A, A, A, A },
		[RESOURCE_TICKET] = { A, A, A, A },
		[RESOURCE_TICKET_NOTE] = { A, A, A, A },
		[RESOURCE_AUDIT] = { A, N, N, N }, /* the trail is written by Levera itself, never edited */
		[RESOURCE_API_TOKEN] = { A, A, A, A },
		[RESOURCE_IMPORT] = { A, A, A, A },
		[RESOURCE_SETTING] = { A, N, A, N }, /* settings exist from the start and are never archived */
		[RESOURCE_SURVEY] = { A, A, A, A },
		[RESOURCE_COST] = { A, A, A, A },
	},
	[ROLE_MANAGER] = {
		[RESOURCE_ORGANISATION] = { A, A, A, A },
		[RESOURCE_USER] = { A, A, A, A }, /* and role_check_manage(): never an admin */
		[RESOURCE_TEAM] = { A, A, A, A },
		[RESOURCE_SERVICE] = { A, A, A, A },
		[RESOURCE_CALENDAR] = { A, A, A, A },
		[RESOURCE_AGREEMENT] = { A, A, A, A },
		[RESOURCE_TICKET] = { A, A, A, A },
		[RESOURCE_TICKET_NOTE] = { A, A, A, A },
		[RESOURCE_AUDIT] = { A, N, N, N },
		[RESOURCE_API_TOKEN] = { A, N, N, A }, /* sees and revokes; only admins issue */
		[RESOURCE_IMPORT] = { A, A, A, A },
		[RESOURCE_SETTING] = { A, N, A, N },
		[RESOURCE_SURVEY] = { A, A, A, A },
		[RESOURCE_COST] = { A, A, A, A },
	},
	[ROLE_AGENT] = {
		[RESOURCE_ORGANISATION] = { A, N, N, N },
		[RESOURCE_USER] = { A, N, N, N },
		[RESOURCE_TEAM] = { A, N, N, N },
		[RESOURCE_SERVICE] = { A, N, N, N },
		[RESOURCE_CALENDAR] = { A, N, N, N },
		[RESOURCE_AGREEMENT] = { A, N, N, N },
		[RESOURCE_TICKET] = { A, A, A, N },
		[RESOURCE_TICKET_NOTE] = { A, A, A, N },
		[RESOURCE_SETTING] = { A, N, N, N },
		[RESOURCE_SURVEY] = { A, N, N, N },
		[RESOURCE_COST] = { A, N, N, N },
	},
	[ROLE_CUSTOMER] = {
		[RESOURCE_ORGANISATION] = { O, N, N, N },
		[RESOURCE_SERVICE] = { A, N, N, N }, /* the catalog they request from */
		[RESOURCE_AGREEMENT] = { O, N, N, N },
		[RESOURCE_TICKET] = { O, O, O, N }, /* update: reply, reopen, rate */
		[RESOURCE_SETTING] = { A, N, N, N }, /* the matrix behind the priority of what they raise */
		[RESOURCE_SURVEY] = { O, O, N, N },  /* their own answers; the portal's survey creates one */
	},
};
#undef A
#undef O
#undef N

/* manages[actor][target]: whether the actor may administer users holding the target role. */
static const bool manages[ROLE_COUNT][ROLE_COUNT] = {
	[ROLE_ADMIN] = { [ROLE_ADMIN] = true, [ROLE_MANAGER] = true, [ROLE_AGENT] = true, [ROLE_CUSTOMER] = true },
	[ROLE_MANAGER] = { [ROLE_MANAGER] = true, [ROLE_AGENT] = true, [ROLE_CUSTOMER] = true },
};

static const char *
name_of(const char *const *names, int count, int value)
{
	return value >= 0 && value < count ? names[value] : "unknown";
}

static int
parse_name(const char *const *names, int count, const char *name)
{
	for (int i = 0; name != NULL && i < count; i++) {
		if (strcmp(names[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

const char *
role_name(enum role r)
{
	return name_of(role_names, ROLE_COUNT, (int)r);
}

int
role_parse(const char *name)
{
	return parse_name(role_names, ROLE_COUNT, name);
}

const char *
resource_name(enum resource k)
{
	return name_of(resource_names, RESOURCE_COUNT, (int)k);
}

int
resource_parse(const char *name)
{
	return parse_name(resource_names, RESOURCE_COUNT, name);
}

const char *
action_name(enum action a)
{
	return name_of(action_names, ACTION_COUNT, (int)a);
}

int
action_parse(const char *name)
{
	return parse_name(action_names, ACTION_COUNT, name);
}

const char *
scope_name(enum scope s)
{
	return name_of(scope_names, SCOPE_COUNT, (int)s);
}

bool
role_allows(enum role r, enum resource k, enum action a, enum scope *scope_out)
{
	enum scope s = SCOPE_NONE;

	if ((unsigned)r < ROLE_COUNT && (unsigned)k < RESOURCE_COUNT && (unsigned)a < ACTION_COUNT) {
		s = matrix[r][k][a];
	}
	if (scope_out != NULL) {
		*scope_out = s;
	}
	return s != SCOPE_NONE;
}

/* True when scope s reaches a record of organisation record_org_id for actor. */
static bool
covers(enum scope s, const struct actor *actor, const char *record_org_id)
{
	if (s == SCOPE_ALL) {
		return true;
	}
	return s == SCOPE_OWN_ORG && actor->org_id != NULL && record_org_id != NULL &&
	       strcmp(actor->org_id, record_org_id) == 0;
}

static int
check_actor(const struct actor *actor, enum resource k, enum action a, struct err *e)
{
	if (actor == NULL || (unsigned)actor->role >= ROLE_COUNT || (unsigned)k >= RESOURCE_COUNT ||
	    (unsigned)a >= ACTION_COUNT) {
		return err_set(e, ERR_INTERNAL, NULL, "authorization asked about an unknown role, resource or action");
	}
	return 0;
}

static int
forbid(const struct actor *actor, enum resource k, enum action a, struct err *e)
{
	return err_set(e, ERR_FORBIDDEN, NULL, "role '%s' may not %s %s records", role_name(actor->role),
	               action_name(a), resource_name(k));
}

int
role_check(const struct actor *actor, enum resource k, enum action a, const char *record_org_id, struct err *e)
{
	enum scope read, act;

	if (check_actor(actor, k, a, e) != 0) {
		return -1;
	}
	role_allows(actor->role, k, ACTION_READ, &read);
	role_allows(actor->role, k, a, &act);
	if (a == ACTION_CREATE) {
		/* Nothing exists yet; what must stay hidden is an organisation the actor cannot see. */
		if (covers(act, actor, record_org_id)) {
			return 0;
		}
		if (read != SCOPE_NONE && !covers(read, actor, record_org_id)) {
			return err_set(e, ERR_NOT_FOUND, NULL, "organisation not found");
		}
		return forbid(actor, k, a, e);
	}
	if (!covers(read, actor, record_org_id)) {
		return err_set(e, ERR_NOT_FOUND, NULL, "%s not found", resource_name(k));
	}
	if (!covers(act, actor, record_org_id)) {
		return forbid(actor, k, a, e);
	}
	return 0;
}

int
role_check_kind(const struct actor *actor, enum resource k, enum action a, struct err *e)
{
	if (check_actor(actor, k, a, e) != 0) {
		return -1;
	}
	if (!role_allows(actor->role, k, a, NULL)) {
		return forbid(actor, k, a, e);
	}
	return 0;
}

int
role_check_manage(const struct actor *actor, enum role target, struct err *e)
{
	if (actor == NULL || (unsigned)actor->role >= ROLE_COUNT || (unsigned)target >= ROLE_COUNT) {
		return err_set(e, ERR_INTERNAL, NULL, "authorization asked about an unknown role");
	}
	if (!manages[actor->role][target]) {
		return err_set(e, ERR_FORBIDDEN, "role", "role '%s' may not manage users with role '%s'",
		               role_name(actor->role), role_name(target));
	}
	return 0;
}
