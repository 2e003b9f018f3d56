/*
 * cli.h - what the subcommands share: their table entry type, the entry
 * points main.c dispatches to, and uniform error reporting.
 *
 * Exit statuses: 0 success, 1 the work ran but something in it failed
 * (a bad input line), 2 the command was used wrongly or its input is bad.
 */
#ifndef LEVERA_CLI_CLI_H
#define LEVERA_CLI_CLI_H

#include "base/err.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command's name */
	const char *summary;
};

int cmd_calendar(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sla(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);

/* Prints "levera: <fmt>" and a pointer to --help for cmd; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Prints "levera: <context>: <field>: <message>" (parts omitted when empty)
 * and returns the exit status for e's code.
 */
int cli_fail(const char *context, const struct err *e);

/* True when argv holds -h or --help before any "--". */
int cli_wants_help(int argc, char **argv);

/* One option a command accepts: "--name VALUE", "--name=VALUE" or a flag. */
struct cli_opt {
	const char *name;   /* without the leading "--" */
	const char **value; /* where a value goes; NULL for a flag */
	int *flag;          /* set to 1 when a flag is given */
};

/*
 * Parses argv[1..] against opts, collecting at most maxpos positional
 * arguments into pos.  Returns 0, or prints the problem and returns 2.
 * -h/--help must be handled by the caller first (cli_wants_help).
 */
int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos, int maxpos,
              int *npos);
struct store;

/* The database a command works on when --db is not given. */
#define CLI_DEFAULT_DB "data/levera.db"

/*
 * Opens the store at path, creating its directory when missing; prints the
 * problem and returns 1 (2 for a bad path) on failure.
 */
int cli_store_open(const char *path, struct store **out);

/*
 * Initialises src/base/secret.h for the process, with the Argon2id cost of
 * production, or the cheapest when the environment has LEVERA_ARGON2=test
 * (for the test suites only; read once, here).  Returns 0 or an exit status.
 */
int cli_secret_init(void);

/* Gives a database without users its first admin and prints the password once; 0 or an exit status. */
int cli_bootstrap_admin(struct store *s);

#endif
