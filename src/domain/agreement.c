/*
 * agreement.c - agreement documents, their clock policy, and the check that
 * an OLA or UC fits inside the SLA it underpins.
 *
 * The fit check is by example, not by formula: it starts both clocks at
 * every quarter hour of four weeks and compares the deadlines, so calendars
 * that differ (an 08-16 team under a 24x7 SLA) are judged as they really run,
 * and each warning can name an instant a manager can check by hand.
 */
#include "domain/agreement.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "domain/doc.h"

static const char *const type_names[AGREEMENT_TYPE_COUNT] = { "sla", "ola", "uc" };
static const char *const status_names[AGREEMENT_STATUS_COUNT] = { "draft", "active", "expired", "terminated" };

const char *const agreement_component_keys[] = { "service_description",  "measurement",        "problem_handling",
	                                         "customer_obligations", "guarantees",         "disaster_recovery",
	                                         "termination",          "dispute_resolution", NULL };

static const char *const doc_keys[] = { "name",      "type",       "status",   "customer", "provider",
	                                "services",  "valid_from", "valid_to", "calendar", "pause_statuses",
	                                "underpins", "components", "targets",  NULL };

static const char *const target_keys[] = { "metric", "priority", "duration", "calendar", "warn_at", NULL };

const char *
agreement_type_name(enum agreement_type t)
{
	return (unsigned)t < AGREEMENT_TYPE_COUNT ? type_names[t] : "unknown";
}

const char *
agreement_status_name(enum agreement_status s)
{
	return (unsigned)s < AGREEMENT_STATUS_COUNT ? status_names[s] : "unknown";
}

static int
index_of(const char *const *names, int count, const char *s)
{
	for (int i = 0; s != NULL && i < count; i++) {
		if (strcmp(names[i], s) == 0) {
			return i;
		}
	}
	return -1;
}

static int
parse_duration_value(const json_t *v, int64_t *seconds, struct err *e)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 || json_integer_value(v) > TICKET_CLOCK_NO_TARGET_S / 2) {
			return err_set(e, ERR_INVALID, NULL, "a duration must be 0 or more seconds, at most 100 years");
		}
		*seconds = json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v)) {
		return err_set(e, ERR_INVALID, NULL, "a duration is seconds or a string such as \"4h\" or \"1h30m\"");
	}
	return duration_parse(json_string_value(v), json_string_length(v), seconds, e);
}

static int
parse_warnings(const json_t *v, struct agreement_target *t, struct err *e)
{
	size_t i;
	json_t *x;

	if (v == NULL) {
		t->nwarn = 2;
		t->warn_pct[0] = 75;
		t->warn_pct[1] = 90;
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > CLOCK_MAX_WARNINGS) {
		return err_set(e, ERR_INVALID, "warn_at", "warn_at must be a list of at most %d percentages",
		               CLOCK_MAX_WARNINGS);
	}
	t->nwarn = 0;
	json_array_foreach(v, i, x)
	{
		json_int_t p = json_is_integer(x) ? json_integer_value(x) : -1;
		if (p < 1 || p > 100) {
			return err_set(e, ERR_INVALID, "warn_at",
			               "a warning threshold is a whole percentage from 1 to 100");
		}
		if (i > 0 && p <= t->warn_pct[i - 1]) {
			return err_set(e, ERR_INVALID, "warn_at", "warning thresholds must rise (e.g. [75, 90])");
		}
		t->warn_pct[t->nwarn++] = (int)p;
	}
	return 0;
}

static int
parse_target(const json_t *obj, struct agreement_target *t, struct err *e)
{
	int m, p;

	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, NULL, "a target must be an object");
	}
	if (doc_check_keys(obj, target_keys, e) != 0) {
		return -1;
	}
	m = sla_metric_parse(json_string_value(json_object_get(obj, "metric")));
	if (m < 0) {
		return err_set(e, ERR_INVALID, "metric", "the metric must be \"response\" or \"resolution\"");
	}
	p = priority_parse(json_string_value(json_object_get(obj, "priority")));
	if (p < 0) {
		return err_set(e, ERR_INVALID, "priority", "the priority must be \"P1\" .. \"P4\"");
	}
	t->metric = (enum sla_metric)m;
	t->priority = (enum priority)p;
	if (json_object_get(obj, "duration") == NULL) {
		return err_set(e, ERR_INVALID, "duration", "a target needs a duration");
	}
	if (parse_duration_value(json_object_get(obj, "duration"), &t->target_s, e) != 0) {
		err_prefix_field(e, "duration");
		return -1;
	}
	if (doc_take_text(obj, "calendar", 200, false, &t->calendar, e) != 0) {
		return -1;
	}
	return parse_warnings(json_object_get(obj, "warn_at"), t, e);
}

static int
parse_targets(const json_t *arr, struct agreement_spec *spec, struct err *e)
{
	size_t i;
	json_t *v;
	char field[32];

	if (arr == NULL) {
		return 0;
	}
	if (!json_is_array(arr) || json_array_size(arr) > AGREEMENT_MAX_TARGETS) {
		return err_set(e, ERR_INVALID, "targets", "targets must be a list of at most %d",
		               AGREEMENT_MAX_TARGETS);
	}
	json_array_foreach(arr, i, v)
	{
		struct agreement_target *t = &spec->targets[i];
		snprintf(field, sizeof(field), "targets[%zu]", i);
		if (parse_target(v, t, e) != 0) {
			err_prefix_field(e, field);
			return -1;
		}
		spec->ntargets = (int)i + 1;
		if (agreement_target(spec, t->metric, t->priority) != t) {
			return err_set(e, ERR_INVALID, field, "a second %s target for %s", sla_metric_name(t->metric),
			               priority_name(t->priority));
		}
		if (t->calendar == NULL && spec->calendar == NULL) {
			return err_set(e, ERR_INVALID, "calendar",
			               "the targets need a calendar (the agreement's or their own)");
		}
	}
	return 0;
}

static int
parse_pause_statuses(const json_t *arr, struct agreement_spec *spec, struct err *e)
{
	size_t i;
	json_t *v;
	char field[40];

	if (arr == NULL) {
		spec->pause_statuses = 1u << STATUS_WAITING_ON_CUSTOMER;
		return 0;
	}
	if (!json_is_array(arr)) {
		return err_set(e, ERR_INVALID, "pause_statuses", "pause_statuses must be a list of statuses");
	}
	json_array_foreach(arr, i, v)
	{
		int s = ticket_status_parse(json_string_value(v));
		snprintf(field, sizeof(field), "pause_statuses[%zu]", i);
		if (s < 0) {
			return err_set(e, ERR_INVALID, field, "unknown status");
		}
		if (s == STATUS_NEW || ticket_status_is_done((enum ticket_status)s)) {
			return err_set(e, ERR_INVALID, field, "'%s' cannot pause a clock",
			               ticket_status_name((enum ticket_status)s));
		}
		spec->pause_statuses |= 1u << s;
	}
	return 0;
}

static int
parse_services(const json_t *arr, struct agreement_spec *spec, struct err *e)
{
	size_t i;
	json_t *v;
	char field[32];

	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > AGREEMENT_MAX_SERVICES) {
		return err_set(e, ERR_INVALID, "services", "an agreement covers a list of 1 to %d services",
		               AGREEMENT_MAX_SERVICES);
	}
	spec->services = xcalloc(json_array_size(arr), sizeof(*spec->services));
	json_array_foreach(arr, i, v)
	{
		snprintf(field, sizeof(field), "services[%zu]", i);
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 200) {
			return err_set(e, ERR_INVALID, field, "a service is a name or id of 1 to 200 characters");
		}
		spec->services[i] = xstrdup(json_string_value(v));
		spec->nservices = i + 1;
	}
	return 0;
}

static int
parse_components(const json_t *obj, struct agreement_spec *spec, struct err *e)
{
	const char *key;
	json_t *v;

	if (obj == NULL) {
		spec->components = json_object();
		return 0;
	}
	if (!json_is_object(obj)) {
		return err_set(e, ERR_INVALID, "components", "components must be an object of texts");
	}
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!doc_listed(agreement_component_keys, key)) {
			err_set(e, ERR_INVALID, key, "unknown component '%.60s'", key);
			err_prefix_field(e, "components");
			return -1;
		}
		if (!json_is_string(v) || json_string_length(v) > 100000) {
			err_set(e, ERR_INVALID, key, "a component is a text of at most 100000 characters");
			err_prefix_field(e, "components");
			return -1;
		}
	}
	spec->components = json_deep_copy(obj);
	return 0;
}

static int
parse_doc(struct agreement_spec *spec, const json_t *doc, struct err *e)
{
	const char *key;
	json_t *v;
	int x;

	if (!json_is_object(doc)) {
		return err_set(e, ERR_INVALID, NULL, "an agreement must be a JSON object");
	}
	json_object_foreach((json_t *)doc, key, v)
	{
		if (!doc_listed(doc_keys, key) && !doc_listed(agreement_terms_keys, key)) {
			return err_set(e, ERR_INVALID, key, "unknown field '%.60s'", key);
		}
	}
	if (doc_take_text(doc, "name", 200, true, &spec->name, e) != 0) {
		return -1;
	}
	x = index_of(type_names, AGREEMENT_TYPE_COUNT, json_string_value(json_object_get(doc, "type")));
	if (x < 0) {
		return err_set(e, ERR_INVALID, "type", "the type must be \"sla\", \"ola\" or \"uc\"");
	}
	spec->type = (enum agreement_type)x;
	spec->status = AGREEMENT_ACTIVE;
	if (json_object_get(doc, "status") != NULL) {
		x = index_of(status_names, AGREEMENT_STATUS_COUNT, json_string_value(json_object_get(doc, "status")));
		if (x < 0) {
			return err_set(e, ERR_INVALID, "status",
			               "the status must be draft, active, expired or terminated");
		}
		spec->status = (enum agreement_status)x;
	}
	spec->valid_to = INT64_MAX;
	if (doc_take_text(doc, "customer", 200, true, &spec->customer, e) != 0 ||
	    doc_take_text(doc, "provider", 200, true, &spec->provider, e) != 0 ||
	    parse_services(json_object_get(doc, "services"), spec, e) != 0 ||
	    doc_take_date(doc, "valid_from", true, &spec->valid_from, e) != 0 ||
	    doc_take_date(doc, "valid_to", false, &spec->valid_to, e) != 0) {
		return -1;
	}
	if (spec->valid_to < spec->valid_from) {
		return err_set(e, ERR_INVALID, "valid_to", "valid_to is before valid_from");
	}
	if (doc_take_text(doc, "calendar", 200, false, &spec->calendar, e) != 0 ||
	    doc_take_text(doc, "underpins", 200, false, &spec->underpins, e) != 0 ||
	    parse_pause_statuses(json_object_get(doc, "pause_statuses"), spec, e) != 0 ||
	    parse_components(json_object_get(doc, "components"), spec, e) != 0 ||
	    parse_targets(json_object_get(doc, "targets"), spec, e) != 0 ||
	    agreement_terms_from_json(&spec->terms, doc, spec->type != AGREEMENT_OLA, e) != 0) {
		return -1;
	}
	if (spec->underpins != NULL && spec->type == AGREEMENT_SLA) {
		return err_set(e, ERR_INVALID, "underpins", "only an OLA or a UC underpins an SLA");
	}
	return 0;
}

int
agreement_from_json(struct agreement_spec *spec, const json_t *doc, struct err *e)
{
	memset(spec, 0, sizeof(*spec));
	if (parse_doc(spec, doc, e) != 0) {
		agreement_spec_release(spec);
		return -1;
	}
	return 0;
}

void
agreement_spec_release(struct agreement_spec *spec)
{
	if (spec == NULL) {
		return;
	}
	free(spec->name);
	free(spec->customer);
	free(spec->provider);
	for (size_t i = 0; i < spec->nservices; i++) {
		free(spec->services[i]);
	}
	free(spec->services);
	free(spec->calendar);
	free(spec->underpins);
	json_decref(spec->components);
	agreement_terms_release(&spec->terms);
	for (int i = 0; i < AGREEMENT_MAX_TARGETS; i++) {
		free(spec->targets[i].calendar);
	}
	memset(spec, 0, sizeof(*spec));
}

json_t *
agreement_to_json(const struct agreement_spec *spec)
{
	json_t *doc = json_object(), *services = json_array(), *pauses = json_array(), *targets = json_array();
	char date[11];

	json_object_set_new(doc, "name", json_string(spec->name));
	json_object_set_new(doc, "type", json_string(type_names[spec->type]));
	json_object_set_new(doc, "status", json_string(status_names[spec->status]));
	json_object_set_new(doc, "customer", json_string(spec->customer));
	json_object_set_new(doc, "provider", json_string(spec->provider));
	for (size_t i = 0; i < spec->nservices; i++) {
		json_array_append_new(services, json_string(spec->services[i]));
	}
	json_object_set_new(doc, "services", services);
	json_object_set_new(doc, "valid_from", json_string(date_format(spec->valid_from, date)));
	json_object_set_new(doc, "valid_to",
	                    spec->valid_to == INT64_MAX ? json_null() : json_string(date_format(spec->valid_to, date)));
	json_object_set_new(doc, "calendar", spec->calendar != NULL ? json_string(spec->calendar) : json_null());
	for (int s = 0; s < STATUS_COUNT; s++) {
		if (spec->pause_statuses & (1u << s)) {
			json_array_append_new(pauses, json_string(ticket_status_name((enum ticket_status)s)));
		}
	}
	json_object_set_new(doc, "pause_statuses", pauses);
	json_object_set_new(doc, "underpins", spec->underpins != NULL ? json_string(spec->underpins) : json_null());
	json_object_set(doc, "components", spec->components);
	for (int i = 0; i < spec->ntargets; i++) {
		const struct agreement_target *t = &spec->targets[i];
		json_t *o = json_object(), *warn = json_array();
		json_object_set_new(o, "metric", json_string(sla_metric_name(t->metric)));
		json_object_set_new(o, "priority", json_string(priority_name(t->priority)));
		json_object_set_new(o, "duration", json_integer(t->target_s));
		if (t->calendar != NULL) {
			json_object_set_new(o, "calendar", json_string(t->calendar));
		}
		for (int k = 0; k < t->nwarn; k++) {
			json_array_append_new(warn, json_integer(t->warn_pct[k]));
		}
		json_object_set_new(o, "warn_at", warn);
		json_array_append_new(targets, o);
	}
	json_object_set_new(doc, "targets", targets);
	agreement_terms_to_json(&spec->terms, doc);
	return doc;
}

bool
agreement_in_force(const struct agreement_spec *spec, int64_t day)
{
	return spec->status == AGREEMENT_ACTIVE && day >= spec->valid_from && day <= spec->valid_to;
}

bool
agreement_covers(const struct agreement_spec *spec, const char *service)
{
	for (size_t i = 0; service != NULL && i < spec->nservices; i++) {
		if (strcmp(spec->services[i], service) == 0) {
			return true;
		}
	}
	return false;
}

const struct agreement_target *
agreement_target(const struct agreement_spec *spec, enum sla_metric m, enum priority p)
{
	for (int i = 0; i < spec->ntargets; i++) {
		if (spec->targets[i].metric == m && spec->targets[i].priority == p) {
			return &spec->targets[i];
		}
	}
	return NULL;
}

void
agreement_policy(const struct agreement_spec *spec, const char *team, struct sla_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->pause_statuses = spec->pause_statuses;
	pol->team = team;
	for (int i = 0; i < spec->ntargets; i++) {
		const struct agreement_target *t = &spec->targets[i];
		pol->has_target[t->metric][t->priority] = true;
		pol->target_s[t->metric][t->priority] = t->target_s;
	}
}

/*
 * The fit check starts both clocks at every quarter hour of four weeks: 2,688
 * starts, a few milliseconds, run when an agreement is saved, never per ticket.
 */
#define FIT_STEP_S (15 * 60)
#define FIT_SPAN_S (28 * 86400)

static void warn(json_t *warnings, const struct agreement_target *t, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
warn(json_t *warnings, const struct agreement_target *t, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	json_t *w = json_object();

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	json_object_set_new(w, "metric", json_string(sla_metric_name(t->metric)));
	json_object_set_new(w, "priority", json_string(priority_name(t->priority)));
	json_object_set_new(w, "message", json_string(message));
	json_array_append_new(warnings, w);
}

void
agreement_fit(const struct agreement_spec *inner, const struct agreement_spec *outer, int64_t from,
              agreement_calendar_fn calendar_of, void *ctx, json_t *warnings)
{
	for (int i = 0; i < outer->ntargets; i++) {
		const struct agreement_target *o = &outer->targets[i];
		const struct agreement_target *in = agreement_target(inner, o->metric, o->priority);
		const struct calendar *co, *ci;
		char when[RFC3339_LEN], a[RFC3339_LEN], b[RFC3339_LEN];

		if (in == NULL) {
			warn(warnings, o, "%s has no %s target for %s, which %s promises in %lld s", inner->name,
			     sla_metric_name(o->metric), priority_name(o->priority), outer->name,
			     (long long)o->target_s);
			continue;
		}
		co = calendar_of(ctx, o->calendar != NULL ? o->calendar : outer->calendar);
		ci = calendar_of(ctx, in->calendar != NULL ? in->calendar : inner->calendar);
		if (co == NULL || ci == NULL) {
			warn(warnings, o, "cannot compare %s targets for %s: a calendar is missing",
			     sla_metric_name(o->metric), priority_name(o->priority));
			continue;
		}
		for (int64_t t = from; t < from + FIT_SPAN_S; t += FIT_STEP_S) {
			int64_t due_o, due_i;
			if (calendar_due(co, t, o->target_s, &due_o, NULL) != 0 ||
			    calendar_due(ci, t, in->target_s, &due_i, NULL) != 0) {
				break;
			}
			if (due_i > due_o) {
				warn(warnings, o,
				     "%s's %s target for %s cannot fit inside %s's: a ticket raised at %s is due %s "
				     "under %s but %s under %s",
				     inner->name, sla_metric_name(o->metric), priority_name(o->priority), outer->name,
				     rfc3339_format(t, when), rfc3339_format(due_i, a), inner->name,
				     rfc3339_format(due_o, b), outer->name);
				break;
			}
		}
	}
}

int64_t
agreement_fit_from(const struct agreement_spec *inner, const struct agreement_spec *outer)
{
	int64_t day = inner->valid_from > outer->valid_from ? inner->valid_from : outer->valid_from;
	int64_t first = days_from_civil(CAL_FIRST_YEAR, 1, 5), last = days_from_civil(CAL_LAST_YEAR, 11, 1);

	/* Inside the calendars' years, with four weeks to spare at the end. */
	day = day < first ? first : day > last ? last : day;
	return (day - weekday_from_days(day)) * 86400;
}
