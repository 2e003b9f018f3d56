/*
 * cmd_export.c - `levera export tickets [--as-of INSTANT]`: every ticket as
 * the JSONL that `levera import` reads, each with its `sla` array as the API
 * shows it, evaluated as of the instant: for audits and BI.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/catalog.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

static const char export_usage[] = "usage: levera export tickets [--as-of INSTANT] [--db PATH]\n"
                                   "\n"
                                   "Writes every ticket, oldest first, one JSON object a line in the format\n"
                                   "`levera import` reads, with its SLA clocks (\"sla\") evaluated as of INSTANT\n"
                                   "(RFC 3339; default now).  References are written as names.\n"
                                   "\n"
                                   "  --as-of INSTANT   evaluate the clocks as of this instant\n"
                                   "  --db PATH         the database (default " CLI_DEFAULT_DB ")\n";

static json_t *
ticket_line(struct catalog *im, struct store *s, const struct store_ticket *t, int64_t as_of, struct err *e)
{
	struct store_event_list events = { 0 };
	struct store_ticket full = { 0 };
	json_t *line, *evs, *doc, *sla;

	if (store_ticket_get(s, t->id, &full, &events, e) != 0) {
		return NULL;
	}
	sla = catalog_ticket_sla(im, &full, &events, as_of, e);
	if (sla == NULL) {
		store_event_list_release(&events);
		store_ticket_release(&full);
		return NULL;
	}
	doc = json_loads(full.doc, 0, NULL);
	evs = json_array();
	for (size_t i = 0; i < events.n; i++) {
		json_t *ev = json_loads(events.v[i].doc, 0, NULL);
		json_t *team = json_object_get(ev, "team"), *agent = json_object_get(ev, "agent");
		if (json_is_string(team)) {
			json_object_set_new(ev, "team",
			                    json_string(catalog_name_of(im, "organisation", json_string_value(team))));
		}
		if (json_is_string(agent)) {
			json_object_set_new(ev, "agent",
			                    json_string(catalog_name_of(im, "user", json_string_value(agent))));
		}
		json_array_append_new(evs, ev);
	}
	line = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:O?, s:o, s:o}", "kind", "ticket", "id", full.id,
	                 "ref", full.ref, "type", full.type, "customer",
	                 catalog_name_of(im, "organisation", full.customer_id), "service",
	                 catalog_name_of(im, "service", full.service_id), "priority", full.priority, "status",
	                 full.status, "subject", json_object_get(doc, "subject"), "events", evs, "sla", sla);
	json_decref(doc);
	store_event_list_release(&events);
	store_ticket_release(&full);
	return line;
}

int
cmd_export(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *as_of_text = NULL, *pos[1];
	const struct cli_opt opts[] = { { "db", &db, NULL }, { "as-of", &as_of_text, NULL }, { NULL, NULL, NULL } };
	struct store_ticket_query q = { .sort = STORE_TICKET_BY_CREATED, .limit = STORE_PAGE_MAX };
	struct store_ticket_page page = { 0 };
	int64_t as_of = (int64_t)time(NULL);
	char *cursor = NULL;
	struct store *s;
	struct err e;
	int npos, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(export_usage, stdout);
		return 0;
	}
	rc = cli_parse("export", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1 || strcmp(pos[0], "tickets") != 0) {
		return cli_usage_error("export", "export what? (levera export tickets)");
	}
	err_clear(&e);
	if (as_of_text != NULL && rfc3339_parse(as_of_text, strlen(as_of_text), &as_of, &e) != 0) {
		return cli_usage_error("export", "--as-of: %s", e.message);
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		return rc;
	}
	struct catalog *im = catalog_new(s, &e);
	rc = im == NULL ? -1 : 0;
	do {
		q.cursor = cursor;
		if (rc != 0 || store_ticket_list(s, &q, &page, &e) != 0) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < page.n && rc == 0; i++) {
			json_t *line = ticket_line(im, s, &page.rows[i], as_of, &e);
			char *text = line != NULL ? json_dumps(line, JSON_COMPACT) : NULL;
			rc = text == NULL ? -1 : 0;
			if (text != NULL) {
				puts(text);
			}
			free(text);
			json_decref(line);
		}
		free(cursor);
		cursor = page.next_cursor != NULL ? xstrdup(page.next_cursor) : NULL;
		store_ticket_page_release(&page);
	} while (cursor != NULL && rc == 0);
	free(cursor);
	catalog_free(im);
	store_close(s);
	if (rc != 0) {
		return cli_fail("export", &e);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
