/*
 * ticket.c - tickets' name tables, workflow, priority matrix and events.
 *
 * The workflow is a const table of allowed moves: closed is final, resolved
 * can be closed or reopened, and any open status can be resolved or closed
 * (closing an open ticket is a cancellation).  A move to the same status is
 * allowed and changes nothing, so replayed histories do not fail on it.
 */
#include "domain/ticket.h"

#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"

static const char *const type_names[TICKET_TYPE_COUNT] = { "incident", "service_request", "problem", "change" };
static const char *const status_names[STATUS_COUNT] = {
	"new", "assigned", "in_progress", "waiting_on_customer", "waiting_on_supplier", "resolved", "closed"
};
static const char *const priority_names[PRIORITY_COUNT] = { "P1", "P2", "P3", "P4" };
static const char *const level_names[LEVEL_COUNT] = { "high", "medium", "low" };
static const char *const author_names[AUTHOR_COUNT] = { "agent", "customer", "system" };
static const char *const event_names[TEV_TYPE_COUNT] = { "created", "status", "priority",    "reply",
	                                                 "assign",  "link",   "sla_warning", "sla_breach",
	                                                 "rating",  "work",   "outage" };

#define S(x) (1u << STATUS_##x)
#define OPEN_MOVES                                                                                                     \
	(S(ASSIGNED) | S(IN_PROGRESS) | S(WAITING_ON_CUSTOMER) | S(WAITING_ON_SUPPLIER) | S(RESOLVED) | S(CLOSED))

/* workflow[from] = the set of statuses a ticket may move to. */
static const unsigned workflow[STATUS_COUNT] = {
	[STATUS_NEW] = OPEN_MOVES,
	[STATUS_ASSIGNED] = OPEN_MOVES | S(NEW),
	[STATUS_IN_PROGRESS] = OPEN_MOVES,
	[STATUS_WAITING_ON_CUSTOMER] = OPEN_MOVES,
	[STATUS_WAITING_ON_SUPPLIER] = OPEN_MOVES,
	[STATUS_RESOLVED] = S(CLOSED) | S(ASSIGNED) | S(IN_PROGRESS),
	[STATUS_CLOSED] = 0,
};

/* strcmp(a, b) == 0, with most differing names told apart by their first byte, without a call. */
static bool
same_name(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

static int
parse_name(const char *const *names, int count, const char *s)
{
	if (s == NULL) {
		return -1;
	}
	for (int i = 0; i < count; i++) {
		if (same_name(names[i], s)) {
			return i;
		}
	}
	return -1;
}

static const char *
name_of(const char *const *names, int count, int v)
{
	return v >= 0 && v < count ? names[v] : "unknown";
}

const char *
ticket_type_name(enum ticket_type t)
{
	return name_of(type_names, TICKET_TYPE_COUNT, (int)t);
}

int
ticket_type_parse(const char *s)
{
	return parse_name(type_names, TICKET_TYPE_COUNT, s);
}

const char *
ticket_status_name(enum ticket_status s)
{
	return name_of(status_names, STATUS_COUNT, (int)s);
}

int
ticket_status_parse(const char *s)
{
	return parse_name(status_names, STATUS_COUNT, s);
}

const char *
priority_name(enum priority p)
{
	return name_of(priority_names, PRIORITY_COUNT, (int)p);
}

int
priority_parse(const char *s)
{
	return parse_name(priority_names, PRIORITY_COUNT, s);
}

const char *
level_name(enum level l)
{
	return name_of(level_names, LEVEL_COUNT, (int)l);
}

int
level_parse(const char *s)
{
	return parse_name(level_names, LEVEL_COUNT, s);
}

const char *
author_name(enum author a)
{
	return name_of(author_names, AUTHOR_COUNT, (int)a);
}

int
author_parse(const char *s)
{
	return parse_name(author_names, AUTHOR_COUNT, s);
}

const char *
ticket_event_type_name(enum ticket_event_type t)
{
	return name_of(event_names, TEV_TYPE_COUNT, (int)t);
}

int
ticket_event_type_parse(const char *s)
{
	return parse_name(event_names, TEV_TYPE_COUNT, s);
}

bool
ticket_status_allows(enum ticket_status from, enum ticket_status to)
{
	if ((unsigned)from >= STATUS_COUNT || (unsigned)to >= STATUS_COUNT) {
		return false;
	}
	return from == to || (workflow[from] & (1u << to)) != 0;
}

bool
ticket_status_is_done(enum ticket_status s)
{
	return s == STATUS_RESOLVED || s == STATUS_CLOSED;
}

void
priority_matrix_default(struct priority_matrix *m)
{
	static const enum priority def[LEVEL_COUNT][LEVEL_COUNT] = {
		{ PRIORITY_P1, PRIORITY_P2, PRIORITY_P3 },
		{ PRIORITY_P2, PRIORITY_P3, PRIORITY_P4 },
		{ PRIORITY_P3, PRIORITY_P4, PRIORITY_P4 },
	};
	memcpy(m->cell, def, sizeof(def));
}

enum priority
priority_from(const struct priority_matrix *m, enum level impact, enum level urgency)
{
	return m->cell[impact][urgency];
}

int
priority_matrix_from_json(struct priority_matrix *m, const json_t *doc, struct err *e)
{
	const char *key;
	json_t *row;
	char field[48];
	int seen = 0;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, "matrix", "the matrix must be an object of impact levels");
	}
	json_object_foreach((json_t *)doc, key, row)
	{
		int impact = level_parse(key);
		const char *ukey;
		json_t *cell;
		if (impact < 0) {
			return err_set(e, ERR_INVALID, key, "unknown impact '%.40s' (use high, medium, low)", key);
		}
		if (!json_is_object(row) || json_object_size(row) != LEVEL_COUNT) {
			return err_set(e, ERR_INVALID, key, "impact '%s' needs exactly high, medium and low urgencies",
			               key);
		}
		json_object_foreach(row, ukey, cell)
		{
			int urgency = level_parse(ukey), p = priority_parse(json_string_value(cell));
			snprintf(field, sizeof(field), "%s.%.20s", key, ukey);
			if (urgency < 0) {
				return err_set(e, ERR_INVALID, field, "unknown urgency '%.40s' (use high, medium, low)",
				               ukey);
			}
			if (p < 0) {
				return err_set(e, ERR_INVALID, field, "a priority must be \"P1\" .. \"P4\"");
			}
			m->cell[impact][urgency] = (enum priority)p;
		}
		seen++;
	}
	if (seen != LEVEL_COUNT) {
		return err_set(e, ERR_INVALID, "matrix", "the matrix needs rows for high, medium and low impact");
	}
	return 0;
}

json_t *
priority_matrix_to_json(const struct priority_matrix *m)
{
	json_t *doc = json_object();

	for (int i = 0; i < LEVEL_COUNT; i++) {
		json_t *row = json_object();
		for (int u = 0; u < LEVEL_COUNT; u++) {
			json_object_set_new(row, level_names[u], json_string(priority_names[m->cell[i][u]]));
		}
		json_object_set_new(doc, level_names[i], row);
	}
	return doc;
}

/* The fields an event may carry: each has its place in an array of the values an event object gives. */
enum event_field {
	F_AT,
	F_TYPE,
	F_BY,
	F_USER,
	F_PRIORITY,
	F_TO,
	F_PUBLIC,
	F_BODY,
	F_TEAM,
	F_AGENT,
	F_PROBLEM,
	F_CHANGE,
	F_AGREEMENT,
	F_METRIC,
	F_PCT,
	F_OCCURRED_AT,
	F_SCORE,
	F_COMMENT,
	F_DURATION,
	F_NOTE,
	F_START,
	F_END,
	F_COUNT
};

#define FIELD(name)                                                                                                    \
	{                                                                                                              \
		name, sizeof(name) - 1                                                                                 \
	}
static const struct {
	const char *name;
	size_t len;
} field_names[F_COUNT] = {
	[F_AT] = FIELD("at"),
	[F_TYPE] = FIELD("type"),
	[F_BY] = FIELD("by"),
	[F_USER] = FIELD("user"),
	[F_PRIORITY] = FIELD("priority"),
	[F_TO] = FIELD("to"),
	[F_PUBLIC] = FIELD("public"),
	[F_BODY] = FIELD("body"),
	[F_TEAM] = FIELD("team"),
	[F_AGENT] = FIELD("agent"),
	[F_PROBLEM] = FIELD("problem"),
	[F_CHANGE] = FIELD("change"),
	[F_AGREEMENT] = FIELD("agreement"),
	[F_METRIC] = FIELD("metric"),
	[F_PCT] = FIELD("pct"),
	[F_OCCURRED_AT] = FIELD("occurred_at"),
	[F_SCORE] = FIELD("score"),
	[F_COMMENT] = FIELD("comment"),
	[F_DURATION] = FIELD("duration"),
	[F_NOTE] = FIELD("note"),
	[F_START] = FIELD("start"),
	[F_END] = FIELD("end"),
};
#undef FIELD

/* The fields each event type may carry: "type", "at", "by" and "user", then its own; F_COUNT ends a list. */
#define COMMON_FIELDS F_TYPE, F_AT, F_BY, F_USER
static const unsigned char event_fields[TEV_TYPE_COUNT][9] = {
	[TEV_CREATED] = { COMMON_FIELDS, F_PRIORITY, F_COUNT },
	[TEV_STATUS] = { COMMON_FIELDS, F_TO, F_COUNT },
	[TEV_PRIORITY] = { COMMON_FIELDS, F_TO, F_COUNT },
	[TEV_REPLY] = { COMMON_FIELDS, F_PUBLIC, F_BODY, F_COUNT },
	[TEV_ASSIGN] = { COMMON_FIELDS, F_TEAM, F_AGENT, F_COUNT },
	[TEV_LINK] = { COMMON_FIELDS, F_PROBLEM, F_CHANGE, F_COUNT },
	[TEV_SLA_WARNING] = { COMMON_FIELDS, F_AGREEMENT, F_METRIC, F_PCT, F_OCCURRED_AT, F_COUNT },
	[TEV_SLA_BREACH] = { COMMON_FIELDS, F_AGREEMENT, F_METRIC, F_OCCURRED_AT, F_COUNT },
	[TEV_RATING] = { COMMON_FIELDS, F_SCORE, F_COMMENT, F_COUNT },
	[TEV_WORK] = { COMMON_FIELDS, F_DURATION, F_NOTE, F_COUNT },
	[TEV_OUTAGE] = { COMMON_FIELDS, F_START, F_END, F_COUNT },
};
#undef COMMON_FIELDS

/* The first n bytes of a and b are the same: a loop, not a call, for names this short. */
static bool
same_bytes(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	while (i < n && a[i] == b[i]) {
		i++;
	}
	return i == n;
}

/* obj's "type": its first member as Levera writes events, so most often found without a look-up. */
static const json_t *
event_type_value(const json_t *obj)
{
	void *it = json_object_iter((json_t *)obj);

	if (it != NULL && json_object_iter_key_len(it) == 4 && same_bytes(json_object_iter_key(it), "type", 4)) {
		return json_object_iter_value(it);
	}
	return json_object_get(obj, "type");
}

/*
 * Checks that obj has only the fields of its type (the first other one, in
 * the object's order, is the error) and puts their values into f, as
 * json_object_get() would find them: one pass instead of a look-up each.
 * A key is known when it equals a name as a C string (as strcmp() says),
 * but gives its value only when it is the name exactly (no NUL inside).
 */
static int
event_fields_get(const json_t *obj, enum ticket_event_type type, const json_t *f[F_COUNT], struct err *e)
{
	for (void *it = json_object_iter((json_t *)obj); it != NULL; it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		size_t key_len = json_object_iter_key_len(it);
		const unsigned char *id = event_fields[type];
		for (; *id != F_COUNT; id++) {
			size_t n = field_names[*id].len;
			if (key_len >= n && key[n] == '\0' && same_bytes(key, field_names[*id].name, n)) {
				break;
			}
		}
		if (*id == F_COUNT) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.40s' for a '%s' event", key,
			               event_names[type]);
		}
		if (key_len == field_names[*id].len) {
			f[*id] = json_object_iter_value(it);
		}
	}
	return 0;
}

/* An optional free-text field's value v: a string of at most TICKET_COMMENT_MAX bytes. */
static int
text_field(const json_t *v, const char *key, struct err *e)
{
	if (v != NULL && (!json_is_string(v) || json_string_length(v) > TICKET_COMMENT_MAX)) {
		return err_set(e, ERR_INVALID, key, "\"%s\" must be text of at most %d bytes", key, TICKET_COMMENT_MAX);
	}
	return 0;
}

static const char *
optional_string(const json_t *v, bool *bad)
{
	if (v == NULL || json_is_null(v)) {
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 200) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

static int
outage_instant(const json_t *v, const char *key, int64_t *t, struct err *e)
{
	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, key, "an outage's \"%s\" is an RFC 3339 instant", key);
	}
	if (rfc3339_parse(json_string_value(v), json_string_length(v), t, e) != 0) {
		err_prefix_field(e, key);
		return -1;
	}
	return 0;
}

/* {"start", "end"?}: facts already known when the event is written, so neither lies after it. */
static int
parse_outage(struct ticket_event *ev, const json_t *const f[F_COUNT], struct err *e)
{
	char when[RFC3339_LEN];

	if (outage_instant(f[F_START], "start", &ev->outage_start, e) != 0) {
		return -1;
	}
	if (ev->outage_start > ev->at) {
		return err_set(e, ERR_INVALID, "start", "an outage cannot start after it is recorded (%s)",
		               rfc3339_format(ev->at, when));
	}
	if (f[F_END] == NULL || json_is_null(f[F_END])) {
		return 0;
	}
	if (outage_instant(f[F_END], "end", &ev->outage_end, e) != 0) {
		return -1;
	}
	if (ev->outage_end <= ev->outage_start) {
		return err_set(e, ERR_INVALID, "end", "an outage ends after it starts");
	}
	if (ev->outage_end > ev->at) {
		return err_set(e, ERR_INVALID, "end", "an outage cannot end after it is recorded (%s)",
		               rfc3339_format(ev->at, when));
	}
	return 0;
}

int
ticket_event_from_json(struct ticket_event *ev, const json_t *obj, struct err *e)
{
	const json_t *f[F_COUNT] = { NULL }, *at, *v;
	int type, x;
	bool bad = false;

	memset(ev, 0, sizeof(*ev));
	ev->to_priority = PRIORITY_COUNT;
	ev->to_status = STATUS_COUNT;
	ev->by = AUTHOR_SYSTEM;
	ev->outage_start = ev->outage_end = TIME_NONE;
	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, NULL, "an event must be an object");
	}
	type = ticket_event_type_parse(json_string_value(event_type_value(obj)));
	if (type < 0) {
		return err_set(e, ERR_INVALID, "type",
		               "unknown event type (use created, status, priority, reply, assign, link, rating, work, "
		               "outage)");
	}
	ev->type = (enum ticket_event_type)type;
	if (event_fields_get(obj, ev->type, f, e) != 0) {
		return -1;
	}
	at = f[F_AT];
	if (!json_is_string(at) || rfc3339_parse(json_string_value(at), json_string_length(at), &ev->at, e) != 0) {
		if (json_is_string(at)) {
			err_prefix_field(e, "at");
			return -1;
		}
		return err_set(e, ERR_INVALID, "at", "an event needs \"at\", an RFC 3339 instant");
	}
	ev->user = optional_string(f[F_USER], &bad);
	if (bad) {
		return err_set(e, ERR_INVALID, "user", "\"user\" must be a user's id (1-200 characters)");
	}
	v = f[F_BY];
	if (v != NULL) {
		x = author_parse(json_string_value(v));
		if (x < 0) {
			return err_set(e, ERR_INVALID, "by", "\"by\" must be agent, customer or system");
		}
		ev->by = (enum author)x;
	}
	switch (ev->type) {
	case TEV_STATUS:
		x = ticket_status_parse(json_string_value(f[F_TO]));
		if (x < 0) {
			return err_set(e, ERR_INVALID, "to",
			               "unknown status (use new, assigned, in_progress, waiting_on_customer, "
			               "waiting_on_supplier, resolved, closed)");
		}
		ev->to_status = (enum ticket_status)x;
		break;
	case TEV_PRIORITY:
	case TEV_CREATED:
		v = f[ev->type == TEV_CREATED ? F_PRIORITY : F_TO];
		if (v != NULL || ev->type == TEV_PRIORITY) {
			x = priority_parse(json_string_value(v));
			if (x < 0) {
				return err_set(e, ERR_INVALID, ev->type == TEV_CREATED ? "priority" : "to",
				               "a priority must be \"P1\" .. \"P4\"");
			}
			ev->to_priority = (enum priority)x;
		}
		break;
	case TEV_REPLY:
		v = f[F_PUBLIC];
		if (v != NULL && !json_is_boolean(v)) {
			return err_set(e, ERR_INVALID, "public", "\"public\" must be true or false");
		}
		ev->public = v == NULL || json_is_true(v);
		v = f[F_BODY];
		if (v != NULL && !json_is_string(v)) {
			return err_set(e, ERR_INVALID, "body", "\"body\" must be a string");
		}
		break;
	case TEV_ASSIGN:
		ev->team = optional_string(f[F_TEAM], &bad);
		if (bad) {
			return err_set(e, ERR_INVALID, "team", "\"team\" must be a name or id (1-200 characters)");
		}
		ev->agent = optional_string(f[F_AGENT], &bad);
		if (bad) {
			return err_set(e, ERR_INVALID, "agent", "\"agent\" must be a name or id (1-200 characters)");
		}
		break;
	case TEV_SLA_WARNING:
	case TEV_SLA_BREACH:
		ev->sla_agreement = optional_string(f[F_AGREEMENT], &bad);
		ev->sla_metric = optional_string(f[F_METRIC], &bad);
		v = f[F_PCT];
		ev->sla_pct = json_is_integer(v) ? (int)json_integer_value(v) : 0;
		if (bad || ev->sla_agreement == NULL || ev->sla_metric == NULL ||
		    (ev->type == TEV_SLA_WARNING && (ev->sla_pct < 1 || ev->sla_pct > 100))) {
			return err_set(e, ERR_INVALID, "agreement",
			               "an SLA event names its agreement, metric (and pct)");
		}
		break;
	case TEV_LINK: {
		/* What is linked is kept as given, so it must be text: a problem's or change's reference. */
		bool bad_problem = false, bad_change = false;
		const char *problem = optional_string(f[F_PROBLEM], &bad_problem);
		const char *change = optional_string(f[F_CHANGE], &bad_change);
		if (bad_problem || bad_change) {
			return err_set(e, ERR_INVALID, bad_problem ? "problem" : "change",
			               "\"problem\" and \"change\" must be references (1-200 characters)");
		}
		if (problem == NULL && change == NULL) {
			return err_set(e, ERR_INVALID, "problem", "a link names a \"problem\" or a \"change\"");
		}
		break;
	}
	case TEV_RATING:
		v = f[F_SCORE];
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
			return err_set(e, ERR_INVALID, "score", "a rating's score is a whole number from 1 to 5");
		}
		ev->score = (int)json_integer_value(v);
		return text_field(f[F_COMMENT], "comment", e);
	case TEV_WORK:
		v = f[F_DURATION];
		if (!json_is_string(v) && !json_is_integer(v)) {
			return err_set(e, ERR_INVALID, "duration", "work needs a duration: seconds or \"1h30m\"");
		}
		if (json_is_integer(v)) {
			ev->duration_s = json_integer_value(v);
		} else if (duration_parse(json_string_value(v), json_string_length(v), &ev->duration_s, e) != 0) {
			err_prefix_field(e, "duration");
			return -1;
		}
		if (ev->duration_s < 1 || ev->duration_s > TICKET_WORK_MAX_S) {
			return err_set(e, ERR_INVALID, "duration", "work is logged in parts of 1 second to 24 hours");
		}
		return text_field(f[F_NOTE], "note", e);
	case TEV_OUTAGE:
		return parse_outage(ev, f, e);
	case TEV_TYPE_COUNT:
		break;
	}
	return 0;
}

int
ticket_event_fits_type(enum ticket_type t, const struct ticket_event *ev, struct err *e)
{
	if (ev->type == TEV_OUTAGE && t != TICKET_INCIDENT) {
		return err_set(e, ERR_INVALID, "type", "only an incident records an outage, not a %s",
		               ticket_type_name(t));
	}
	return 0;
}

bool
ticket_outage(const struct ticket_event *evs, size_t n, int64_t as_of, int64_t *start, int64_t *end, bool *has_end)
{
	const struct ticket_event *latest = NULL;

	for (size_t i = 0; i < n && evs[i].at <= as_of; i++) {
		if (evs[i].type == TEV_OUTAGE) {
			latest = &evs[i];
		}
	}
	*start = *end = TIME_NONE;
	*has_end = false;
	if (latest == NULL) {
		return false;
	}
	*start = latest->outage_start;
	*end = latest->outage_end;
	*has_end = latest->outage_end != TIME_NONE;
	return true;
}

int
ticket_events_check(const struct ticket_event *evs, size_t n, struct err *e)
{
	enum ticket_status status = STATUS_NEW;
	char field[48];

	if (n == 0 || evs[0].type != TEV_CREATED) {
		return err_set(e, ERR_INVALID, "events[0]", "a ticket's log must start with a 'created' event");
	}
	for (size_t i = 1; i < n; i++) {
		if (evs[i].at < evs[i - 1].at) {
			snprintf(field, sizeof(field), "events[%zu].at", i);
			return err_set(e, ERR_INVALID, field, "events must be in time order");
		}
		if (evs[i].type == TEV_CREATED) {
			snprintf(field, sizeof(field), "events[%zu].type", i);
			return err_set(e, ERR_INVALID, field, "a ticket is created only once");
		}
		if (evs[i].type == TEV_RATING && status != STATUS_RESOLVED && status != STATUS_CLOSED) {
			snprintf(field, sizeof(field), "events[%zu].type", i);
			return err_set(e, ERR_INVALID, field, "a ticket is rated once it is resolved");
		}
		if (evs[i].type != TEV_STATUS) {
			continue;
		}
		if (!ticket_status_allows(status, evs[i].to_status)) {
			snprintf(field, sizeof(field), "events[%zu].to", i);
			return err_set(e, ERR_INVALID, field, "a ticket cannot move from %s to %s",
			               status_names[status], status_names[evs[i].to_status]);
		}
		status = evs[i].to_status;
	}
	return 0;
}

enum priority
ticket_priority_at(const struct ticket_event *evs, size_t n, int64_t t)
{
	enum priority p = evs[0].to_priority;

	for (size_t i = 1; i < n && evs[i].at <= t; i++) {
		p = evs[i].type == TEV_PRIORITY ? evs[i].to_priority : p;
	}
	return p;
}
