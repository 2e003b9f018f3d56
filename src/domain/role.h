/*
 * role.h - roles and who may do what: the authorization matrix.
 *
 * One const table answers, for each role, resource kind and action, whether
 * it is allowed and over which records (all, the actor's own organisation,
 * none).  Record checks hide what the actor may not see: another
 * organisation's ticket is "not found", never "forbidden".  No storage, no
 * HTTP: callers pass the record's organisation in.  See docs/security.md.
 */
#ifndef LEVERA_DOMAIN_ROLE_H
#define LEVERA_DOMAIN_ROLE_H

#include <stdbool.h>

#include "base/err.h"

enum role {
	ROLE_ADMIN,    /* runs the installation: users, API tokens, everything */
	ROLE_MANAGER,  /* service delivery manager: catalog, agreements, people below admin */
	ROLE_AGENT,    /* works tickets; reads the configuration */
	ROLE_CUSTOMER, /* a customer's user: their own organisation's tickets, through the portal */
	ROLE_COUNT
};

enum resource {
	RESOURCE_ORGANISATION,
	RESOURCE_USER,
	RESOURCE_TEAM,
	RESOURCE_SERVICE,
	RESOURCE_CALENDAR,
	RESOURCE_AGREEMENT,
	RESOURCE_TICKET,      /* the ticket and its public conversation */
	RESOURCE_TICKET_NOTE, /* internal notes on a ticket: staff only */
	RESOURCE_AUDIT,
	RESOURCE_API_TOKEN,
	RESOURCE_IMPORT,
	RESOURCE_SETTING, /* installation settings, such as the impact x urgency matrix */
	RESOURCE_SURVEY,  /* survey answers (NPS): a customer's say about the service */
	RESOURCE_COST,    /* cost records of services and the labour rate: the provider's own figures */
	RESOURCE_COUNT
};

enum action { ACTION_READ, ACTION_CREATE, ACTION_UPDATE, ACTION_ARCHIVE, ACTION_COUNT };

/* Which records an allowed action covers.  SCOPE_NONE is 0, so a missing table entry denies. */
enum scope {
	SCOPE_NONE = 0,
	SCOPE_OWN_ORG, /* records whose organisation is the actor's */
	SCOPE_ALL,
	SCOPE_COUNT
};

/* Who is acting.  The strings are borrowed, not owned. */
struct actor {
	enum role role;
	const char *user_id;
	const char *org_id; /* the organisation the user belongs to; NULL when none */
};

/* Wire names ("admin", "ticket_note", "archive", "own_org") and their inverses (-1 when unknown). */
const char *role_name(enum role r);
int role_parse(const char *name);
const char *resource_name(enum resource k);
int resource_parse(const char *name);
const char *action_name(enum action a);
int action_parse(const char *name);
const char *scope_name(enum scope s);

/*
 * True when role r may do a to some records of kind k, and *scope_out (which
 * may be NULL) says which: list queries filter by it.  Out-of-range values
 * are denied with SCOPE_NONE.
 */
bool role_allows(enum role r, enum resource k, enum action a, enum scope *scope_out);

/*
 * Decides whether actor may do a to one record of kind k whose organisation
 * is record_org_id (NULL for records that belong to no organisation, such
 * as services).  For ACTION_CREATE, pass the organisation the new record is
 * for.  A record the actor may not read is ERR_NOT_FOUND, so its existence
 * is not revealed; a readable record the action is not allowed on is
 * ERR_FORBIDDEN.
 */
int role_check(const struct actor *actor, enum resource k, enum action a, const char *record_org_id, struct err *e);

/*
 * Decides whether actor may do a to records of kind k at all (a list or a
 * create before its input is read): ERR_FORBIDDEN when the matrix says none.
 */
int role_check_kind(const struct actor *actor, enum resource k, enum action a, struct err *e);

/*
 * Decides whether actor may create, change, archive or hold credentials for
 * a user whose role is target: admins manage every role, managers every
 * role but admin, the others none.  When a user's role changes, check the
 * old and the new role.  ERR_FORBIDDEN when not.
 */
int role_check_manage(const struct actor *actor, enum role target, struct err *e);

#endif
