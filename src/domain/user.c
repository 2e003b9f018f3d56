/*
 * user.c - checking user documents.  E-mail addresses are compared and
 * stored in lower case, so "Ada@Example.com" and "ada@example.com" are one
 * account.
 */
#include "domain/user.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "domain/doc.h"

int
user_email_check(const char *email, struct err *e)
{
	const char *at = strchr(email, '@');
	size_t n = strlen(email);

	if (n < 3 || n > USER_EMAIL_MAX || at == NULL || at == email || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || email[n - 1] == '.') {
		return err_set(e, ERR_INVALID, "email", "'%.80s' is not an e-mail address", email);
	}
	for (const char *p = email; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',') {
			return err_set(e, ERR_INVALID, "email", "an e-mail address has no spaces, quotes or brackets");
		}
	}
	return 0;
}

static int
parse(struct user *u, const json_t *doc, struct err *e)
{
	static const char *const keys[] = { "email", "name", "role", "organisation", "teams", NULL };
	json_t *teams, *v;
	size_t i;
	int r;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "a user must be a JSON object");
	}
	if (doc_check_keys(doc, keys, e) != 0 || doc_take_text(doc, "email", USER_EMAIL_MAX, true, &u->email, e) != 0 ||
	    user_email_check(u->email, e) != 0 || doc_take_text(doc, "name", 200, false, &u->name, e) != 0 ||
	    doc_take_text(doc, "organisation", 200, false, &u->organisation, e) != 0) {
		return -1;
	}
	for (char *p = u->email; *p != '\0'; p++) {
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	r = role_parse(json_string_value(json_object_get(doc, "role")));
	if (r < 0) {
		return err_set(e, ERR_INVALID, "role", "the role must be admin, manager, agent or customer");
	}
	u->role = (enum role)r;
	if (u->role == ROLE_CUSTOMER && u->organisation == NULL) {
		return err_set(e, ERR_INVALID, "organisation", "a customer user belongs to a customer organisation");
	}
	teams = json_object_get(doc, "teams");
	if (teams == NULL) {
		return 0;
	}
	if (!json_is_array(teams) || json_array_size(teams) > USER_MAX_TEAMS) {
		return err_set(e, ERR_INVALID, "teams", "teams must be a list of at most %d team names",
		               USER_MAX_TEAMS);
	}
	if (u->role == ROLE_CUSTOMER && json_array_size(teams) > 0) {
		return err_set(e, ERR_INVALID, "teams", "customer users are not members of the provider's teams");
	}
	json_array_foreach(teams, i, v)
	{
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 200) {
			return err_set(e, ERR_INVALID, "teams", "a team is a name or id of 1 to 200 characters");
		}
		u->teams[u->nteams++] = xstrdup(json_string_value(v));
	}
	return 0;
}

int
user_from_json(struct user *u, const json_t *doc, struct err *e)
{
	memset(u, 0, sizeof(*u));
	if (parse(u, doc, e) != 0) {
		user_release(u);
		return -1;
	}
	return 0;
}

void
user_release(struct user *u)
{
	if (u == NULL) {
		return;
	}
	free(u->email);
	free(u->name);
	free(u->organisation);
	for (int i = 0; i < u->nteams; i++) {
		free(u->teams[i]);
	}
	memset(u, 0, sizeof(*u));
}

json_t *
user_to_json(const struct user *u)
{
	json_t *doc = json_object(), *teams = json_array();

	json_object_set_new(doc, "email", json_string(u->email));
	json_object_set_new(doc, "name", u->name != NULL ? json_string(u->name) : json_null());
	json_object_set_new(doc, "role", json_string(role_name(u->role)));
	json_object_set_new(doc, "organisation", u->organisation != NULL ? json_string(u->organisation) : json_null());
	for (int i = 0; i < u->nteams; i++) {
		json_array_append_new(teams, json_string(u->teams[i]));
	}
	json_object_set_new(doc, "teams", teams);
	return doc;
}
