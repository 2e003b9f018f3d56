/*
 * cmd_sla.c - `levera sla simulate --agreement NAME --proposal FILE
 * [--from YYYY-MM] [--to YYYY-MM] [--json]`: what an SLA's proposed terms
 * would have made of the tickets of a period, beside the agreement as it
 * is.  Nothing is written.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/kpi_job.h"
#include "app/simulation.h"
#include "base/fileio.h"

static const char sla_usage[] =
        "usage: levera sla simulate --agreement NAME --proposal FILE [--from MONTH] [--to MONTH] [--json] [--db PATH]\n"
        "\n"
        "Applies a proposal for an SLA to the tickets of a period and prints compliance, breaches\n"
        "and service credits month by month, as agreed and as proposed.  Nothing is written.\n"
        "\n"
        "  --agreement NAME  the SLA (a name or an id)\n"
        "  --proposal FILE   a JSON object with any of: targets, calendar, pause_statuses,\n"
        "                    credit_rules, credit_cap_pct, fee_per_month, currency (as in an agreement)\n"
        "  --from MONTH      the first month, YYYY-MM or a date in it (default: 11 months before --to)\n"
        "  --to MONTH        the last month, YYYY-MM or a date in it (default: this month)\n"
        "  --json            print the comparison as JSON (as POST /api/v1/simulations answers)\n"
        "  --db PATH         the database (default " CLI_DEFAULT_DB ")\n"
        "\n"
        "example: {\"targets\":[{\"metric\":\"resolution\",\"priority\":\"P2\",\"duration\":\"6h\"}],\n"
        "          \"credit_rules\":[{\"metric\":\"resolution\",\"below\":95,\"credit_pct\":5}]}\n";

/* "2026-03" of "2026-03" or "2026-03-17"; NULL stays NULL. */
static const char *
month_of(const char *s, char out[8])
{
	if (s == NULL) {
		return NULL;
	}
	snprintf(out, 8, "%.7s", s);
	return strlen(s) == 7 || (strlen(s) == 10 && s[7] == '-') ? out : s;
}

static const char *
pct_text(json_t *v, char out[16])
{
	if (!json_is_number(v)) {
		return "-";
	}
	snprintf(out, 16, "%.1f %%", json_number_value(v));
	return out;
}

static void
print_table(json_t *r)
{
	char a[16], b[16];
	json_t *m;
	size_t i;

	printf("%s, %s to %s (%s): %lld tickets, %lld with another outcome\n\n",
	       json_string_value(json_object_get(json_object_get(r, "agreement"), "name")),
	       json_string_value(json_object_get(r, "from")), json_string_value(json_object_get(r, "to")),
	       json_string_value(json_object_get(r, "time_zone")),
	       (long long)json_integer_value(json_object_get(r, "tickets")),
	       (long long)json_integer_value(json_object_get(r, "changed_tickets")));
	printf("%-8s  %10s %10s  %9s %9s  %12s %12s\n", "month", "agreed", "proposed", "breaches", "proposed",
	       "credits", "proposed");
	json_array_foreach(json_object_get(r, "months"), i, m)
	{
		json_t *x = json_object_get(m, "actual"), *y = json_object_get(m, "proposed");
		printf("%-8s  %10s %10s  %9lld %9lld  %12s %12s\n", json_string_value(json_object_get(m, "month")),
		       pct_text(json_object_get(x, "compliance"), a), pct_text(json_object_get(y, "compliance"), b),
		       (long long)json_integer_value(json_object_get(x, "breached")),
		       (long long)json_integer_value(json_object_get(y, "breached")),
		       json_string_value(json_object_get(x, "credits")),
		       json_string_value(json_object_get(y, "credits")));
	}
	json_t *x = json_object_get(r, "actual"), *y = json_object_get(r, "proposed");
	printf("%-8s  %10s %10s  %9lld %9lld  %12s %12s\n", "total", pct_text(json_object_get(x, "compliance"), a),
	       pct_text(json_object_get(y, "compliance"), b),
	       (long long)json_integer_value(json_object_get(x, "breached")),
	       (long long)json_integer_value(json_object_get(y, "breached")),
	       json_string_value(json_object_get(x, "credits")), json_string_value(json_object_get(y, "credits")));
}

int
cmd_sla(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *agreement = NULL, *proposal = NULL, *from = NULL, *to = NULL, *pos[1];
	int as_json = 0;
	const struct cli_opt opts[] = { { "db", &db, NULL },
		                        { "agreement", &agreement, NULL },
		                        { "proposal", &proposal, NULL },
		                        { "from", &from, NULL },
		                        { "to", &to, NULL },
		                        { "json", NULL, &as_json },
		                        { NULL, NULL, NULL } };
	struct actor system = { .role = ROLE_ADMIN };
	char from_m[8], to_m[8], *text = NULL;
	size_t len;
	struct store *s;
	struct app app;
	struct err e;
	int npos, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(sla_usage, stdout);
		return 0;
	}
	rc = cli_parse("sla", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1 || strcmp(pos[0], "simulate") != 0) {
		return cli_usage_error("sla", "what? (levera sla simulate --agreement NAME --proposal FILE)");
	}
	if (agreement == NULL || proposal == NULL) {
		return cli_usage_error("sla", "--agreement and --proposal are required");
	}
	err_clear(&e);
	if (file_read_all(proposal, (size_t)1 << 20, &text, &len, &e) != 0) {
		return cli_fail("sla", &e);
	}
	json_error_t jerr;
	json_t *prop = json_loadb(text, len, 0, &jerr);
	free(text);
	if (!json_is_object(prop)) {
		json_decref(prop);
		fprintf(stderr, "levera: sla: %s: line %d: %s\n", proposal, jerr.line,
		        prop == NULL ? jerr.text : "a proposal is a JSON object");
		return 2;
	}
	json_t *req = json_pack("{s:s, s:o}", "agreement", agreement, "proposal", prop);
	if (from != NULL) {
		json_object_set_new(req, "from", json_string(month_of(from, from_m)));
	}
	if (to != NULL) {
		json_object_set_new(req, "to", json_string(month_of(to, to_m)));
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		json_decref(req);
		return rc;
	}
	if (app_init(&app, s, &e) != 0) {
		json_decref(req);
		store_close(s);
		return cli_fail("sla", &e);
	}
	char owner[64];
	snprintf(owner, sizeof(owner), "sla:%ld", (long)getpid());
	json_t *out = NULL;
	if (kpi_job_catch_up(&app, owner, (int64_t)time(NULL), NULL, NULL, &e) != 0 && e.code != ERR_CONFLICT) {
		rc = cli_fail("sla", &e);
	}
	err_clear(&e);
	if (rc == 0 && simulation_run(&app, &system, req, (int64_t)time(NULL), &out, &e) != 0) {
		rc = cli_fail("sla", &e);
	}
	if (rc == 0 && as_json) {
		char *dump = json_dumps(out, JSON_INDENT(1));
		puts(dump);
		free(dump);
	} else if (rc == 0) {
		print_table(out);
	}
	json_decref(out);
	json_decref(req);
	app_release(&app);
	store_close(s);
	return rc;
}
