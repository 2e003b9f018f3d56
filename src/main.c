/*
 * main.c - levera's entry point: the table of subcommands and dispatch.
 *
 * Each subcommand lives in cli/cmd_*.c and parses its own options; this
 * file only finds it, and answers --help and --version for the program.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/json_alloc.h"
#include "cli/cli.h"

static const struct cli_command commands[] = {
	{ "calendar", cmd_calendar, "business calendars: deadlines, elapsed business time, checks, holidays" },
	{ "serve", cmd_serve, "serve the JSON API over HTTP until SIGTERM or SIGINT" },
	{ "import", cmd_import, "load calendars, organisations, users, services, agreements, tickets (JSONL)" },
	{ "export", cmd_export, "write tickets with their SLA clocks as of an instant (JSONL)" },
	{ "sla", cmd_sla, "what-if: an SLA's proposed terms applied to the tickets of a period" },
	{ "report", cmd_report, "a customer's monthly service review pack (PDF, HTML, XLSX, CSV)" },
	{ "user", cmd_user, "add users who sign in (with a password from a prompt or standard input)" },
	{ "demo", cmd_demo, "fill a database with a realistic, deterministic demo organisation" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	fputs("usage: levera [--version] [--help] COMMAND [ARGS]\n"
	      "\n"
	      "Levera - service delivery management with exact business-hour SLA clocks.\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	}
	fputs("\nRun 'levera COMMAND --help' for a command's options.\n", f);
}

static const struct cli_command *
find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			return &commands[i];
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct cli_command *cmd;

	json_alloc_init();
	/* Record ids and tokens draw from libsodium's generator. */
	if (sodium_init() < 0) {
		fputs("levera: fatal: libsodium cannot initialise\n", stderr);
		return 70;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("levera %s\n", LEVERA_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		cmd = find_command(argv[2]);
		if (cmd == NULL) {
			fprintf(stderr, "levera: unknown command '%s'\n", argv[2]);
			usage(stderr);
			return 2;
		}
		char *help_argv[] = { argv[2], "--help", NULL };
		return cmd->run(2, help_argv);
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "levera: unknown option '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "levera: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return cmd->run(argc - 1, argv + 1);
}
