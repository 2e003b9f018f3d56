/*
 * cmd_import.c - `levera import FILE.jsonl`: one record a line into the
 * database, with a progress bar, a message per bad line (its number and
 * field), and a summary.  Exit status 1 when any line failed.
 */
#include "cli/cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/import.h"
#include "base/lines.h"
#include "cli/progress.h"

#define IMPORT_MAX_LINE (1024 * 1024)

static const char import_usage[] =
        "usage: levera import FILE.jsonl [--db PATH]\n"
        "\n"
        "Loads one record per line: {\"kind\": \"calendar\" | \"organisation\" | \"user\" |\n"
        "\"service\" | \"agreement\" | \"ticket\", ...} (docs/import.md).  References are by\n"
        "name or id.  Each line is written on its own; a line whose name or ref is\n"
        "already there is skipped, so an interrupted import can simply be run again.\n"
        "A bad line is reported with its number and field, and the rest goes on.\n"
        "FILE may be - for standard input.\n"
        "\n"
        "  --db PATH   the database (default " CLI_DEFAULT_DB ")\n";

struct tally {
	const char *file;
	long created, skipped, failed;
};

static void
report(void *ctx, long line, enum import_outcome out, const struct err *e)
{
	struct tally *t = ctx;

	if (out == IMPORT_CREATED) {
		t->created++;
	} else if (out == IMPORT_SKIPPED) {
		t->skipped++;
	} else {
		t->failed++;
		fprintf(stderr, "\r%s:%ld: %s%s%s\n", t->file, line, e->field, e->field[0] != '\0' ? ": " : "",
		        e->message);
	}
}

int
cmd_import(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *pos[1], *line;
	const struct cli_opt opts[] = { { "db", &db, NULL }, { NULL, NULL, NULL } };
	struct tally tally = { 0 };
	struct line_reader r;
	struct progress bar;
	struct store *s;
	struct stat st;
	struct err e;
	size_t len, consumed = 0;
	int npos, rc, fd;

	if (cli_wants_help(argc, argv)) {
		fputs(import_usage, stdout);
		return 0;
	}
	rc = cli_parse("import", argc, argv, opts, pos, 1, &npos);
	if (rc != 0) {
		return rc;
	}
	if (npos != 1) {
		return cli_usage_error("import", "import needs a file (or - for standard input)");
	}
	fd = strcmp(pos[0], "-") == 0 ? STDIN_FILENO : open(pos[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "levera: cannot open '%s'\n", pos[0]);
		return 2;
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		return rc;
	}
	err_clear(&e);
	tally.file = pos[0];
	struct importer *im = importer_new(s, NULL, report, &tally, &e);
	if (im == NULL) {
		store_close(s);
		return cli_fail(db, &e);
	}
	progress_init(&bar, "bytes");
	line_reader_init(&r, fd, IMPORT_MAX_LINE);
	int64_t now = (int64_t)time(NULL);
	double total = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (double)st.st_size : 0;
	while ((rc = line_reader_next(&r, &line, &len, &e)) == 1) {
		consumed += len + 1;
		if (r.too_long) {
			struct err big;
			err_set(&big, ERR_TOO_LARGE, NULL, "the line is longer than %d bytes", IMPORT_MAX_LINE);
			importer_fail(im, (long)r.lineno, &big);
			continue;
		}
		if (len == 0) {
			continue;
		}
		importer_line(im, line, len, now, (long)r.lineno);
		progress_update(&bar, (double)consumed, total);
	}
	if (rc < 0) {
		cli_fail(pos[0], &e);
		tally.failed++;
	}
	/*
	 * While the writer finishes the last batches, this thread, with nothing
	 * else to do, copies what is committed into the database file: the
	 * checkpoint of the store's close then has only those batches to copy.
	 */
	importer_submit(im);
	store_checkpoint(s);
	importer_free(im);
	progress_done(&bar);
	line_reader_release(&r);
	if (fd != STDIN_FILENO) {
		close(fd);
	}
	store_close(s);
	fprintf(stderr, "imported %s: %ld created, %ld skipped (already there), %ld failed, in %.1f s\n", pos[0],
	        tally.created, tally.skipped, tally.failed, progress_elapsed(&bar));
	return tally.failed > 0 ? 1 : 0;
}
