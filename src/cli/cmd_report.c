/*
 * cmd_report.c - `levera report review --customer NAME [--month YYYY-MM]
 * [--format pdf|html|xlsx|csv|json] [-o FILE]`: a customer's monthly
 * service review pack, the same document the API serves.  The KPI rollups
 * are brought up to date first (unless a running server holds the job,
 * which keeps them so itself).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/kpi_job.h"
#include "app/review.h"
#include "base/fileio.h"
#include "base/log.h"
#include "report/pack.h"
#include "report/render.h"

static const char report_usage[] =
        "usage: levera report review --customer NAME [--month YYYY-MM] [--format FORMAT] [-o FILE] [--db PATH]\n"
        "\n"
        "Writes the monthly service review pack of one customer: its agreements in brief,\n"
        "SLA compliance per target with a 12-month trend, the breaches and the business time\n"
        "they used, availability, CSAT, and the service credits owed under the credit rules.\n"
        "\n"
        "  --customer NAME   the customer organisation (a name or an id)\n"
        "  --month YYYY-MM   the month, in the customer's time zone (default: the last whole month)\n"
        "  --format FORMAT   pdf, html, xlsx, csv or json (default: from the file name, else pdf)\n"
        "  -o, --output FILE where to write it (default: standard output, not for pdf or xlsx on a terminal)\n"
        "  --db PATH         the database (default " CLI_DEFAULT_DB ")\n";

/* The format the name of file implies, else pdf. */
static const char *
format_of(const char *file)
{
	static const char *const known[] = { "pdf", "html", "xlsx", "csv", "json" };
	const char *dot = file != NULL ? strrchr(file, '.') : NULL;

	for (size_t i = 0; dot != NULL && i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(dot + 1, known[i]) == 0) {
			return known[i];
		}
	}
	return "pdf";
}

static int
write_out(const char *file, const char *data, size_t len, struct err *e)
{
	if (file == NULL || strcmp(file, "-") == 0) {
		return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0
		               ? 0
		               : err_set(e, ERR_IO, "output", "cannot write to standard output");
	}
	return file_write_atomic(file, data, len, e);
}

int
cmd_report(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *customer = NULL, *month = NULL, *format = NULL, *file = NULL, *pos[1];
	const char *o_file = NULL;
	const struct cli_opt opts[] = { { "db", &db, NULL },       { "customer", &customer, NULL },
		                        { "month", &month, NULL }, { "format", &format, NULL },
		                        { "output", &file, NULL }, { "o", &o_file, NULL },
		                        { NULL, NULL, NULL } };
	struct actor system = { .role = ROLE_ADMIN };
	struct review_params p = { 0 };
	enum pack_format f = PACK_PDF;
	struct store *s;
	struct app app;
	struct err e;
	int npos, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(report_usage, stdout);
		return 0;
	}
	rc = cli_parse("report", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	file = file != NULL ? file : o_file;
	if (npos != 1 || strcmp(pos[0], "review") != 0) {
		return cli_usage_error("report", "which report? (levera report review --customer NAME)");
	}
	if (customer == NULL) {
		return cli_usage_error("report", "--customer is required");
	}
	format = format != NULL ? format : format_of(file);
	bool json = strcmp(format, "json") == 0;
	err_clear(&e);
	if (!json && pack_format_parse(format, "format", &f, &e) != 0) {
		return cli_usage_error("report", "--format: '%s' is not pdf, html, xlsx, csv or json", format);
	}
	if ((file == NULL || strcmp(file, "-") == 0) && (f == PACK_PDF || f == PACK_XLSX) && !json &&
	    isatty(STDOUT_FILENO)) {
		return cli_usage_error("report", "a %s goes to a file: add -o FILE", format);
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		return rc;
	}
	if (app_init(&app, s, &e) != 0) {
		store_close(s);
		return cli_fail("report", &e);
	}
	char owner[64];
	snprintf(owner, sizeof(owner), "report:%ld", (long)getpid());
	if (kpi_job_catch_up(&app, owner, (int64_t)time(NULL), NULL, NULL, &e) != 0 && e.code != ERR_CONFLICT) {
		rc = cli_fail("report", &e);
	}
	json_t *pack = NULL;
	p.customer = customer;
	p.month = month;
	err_clear(&e);
	if (rc == 0 && review_build(&app, &system, &p, (int64_t)time(NULL), &pack, &e) != 0) {
		rc = cli_fail("report", &e);
	}
	if (rc == 0) {
		struct buf out;
		buf_init(&out, (size_t)64 << 20);
		char *text = json ? json_dumps(pack, JSON_INDENT(1) | JSON_ENSURE_ASCII) : NULL;
		int r = json ? buf_append_str(&out, text, &e) : render_pack(pack, f, &out, &e);
		r = r != 0 ? r : write_out(file, out.data, out.len, &e);
		if (r != 0) {
			rc = cli_fail("report", &e);
		} else if (file != NULL && strcmp(file, "-") != 0) {
			fprintf(stderr, "report: wrote %s (%zu bytes)\n", file, out.len);
		}
		free(text);
		buf_release(&out);
	}
	json_decref(pack);
	app_release(&app);
	store_close(s);
	return rc;
}
