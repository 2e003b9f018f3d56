/*
 * cmd_user.c - `levera user add` and `levera user passwd`: a user who can
 * sign in, and a new password for one, with the password
 * read from a no-echo prompt (on a terminal) or the first line of standard
 * input.  The password is never taken from the command line, where other
 * users of the machine could read it.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/account.h"
#include "base/secret.h"
#include "store/store.h"

static const char user_usage[] =
        "usage: levera user add --email E --role ROLE [--name N] [--organisation ORG] [--db PATH]\n"
        "       levera user passwd --email E [--db PATH]\n"
        "\n"
        "add adds a user who can sign in; passwd gives one a new password and ends\n"
        "their sessions.  The password is asked for without echo when\n"
        "standard input is a terminal, else read from its first line.  It must have\n"
        "at least 12 characters and not be the e-mail address (docs/security.md).\n"
        "\n"
        "  --email E          the sign-in name (stored lower-cased)\n"
        "  --role ROLE        admin, manager, agent or customer\n"
        "  --name N           the person's name\n"
        "  --organisation ORG a customer organisation's name or id (customers need one)\n"
        "  --db PATH          the database (default " CLI_DEFAULT_DB ")\n"
        "\n"
        "Exit status: 0 done, 1 already there (add) or the store failed, 2 bad\n"
        "input, a password the policy refuses, or no such user (passwd).\n";

/* Reads one line (without its newline) into out; -1 at end of input. */
static int
read_line(FILE *f, char *out, size_t cap)
{
	size_t n;

	if (fgets(out, (int)cap, f) == NULL) {
		return -1;
	}
	n = strlen(out);
	if (n > 0 && out[n - 1] == '\n') {
		out[--n] = '\0';
		if (n > 0 && out[n - 1] == '\r') {
			out[--n] = '\0';
		}
	}
	return 0;
}

/* The password: prompted for without echo on a terminal, else the first line of standard input. */
static int
read_password(char *out, size_t cap)
{
	struct termios old, quiet;
	int rc;

	if (!isatty(STDIN_FILENO)) {
		return read_line(stdin, out, cap);
	}
	fputs("password: ", stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0) {
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(stdin, out, cap);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

static int
user_add(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *pos[1];
	struct account_new u = { 0 };
	const struct cli_opt opts[] = { { "email", &u.email, NULL }, { "role", &u.role, NULL },
		                        { "name", &u.name, NULL },   { "organisation", &u.organisation, NULL },
		                        { "db", &db, NULL },         { NULL, NULL, NULL } };
	/* Room for one byte over the limit, so an over-long password is refused by the policy. */
	char password[SECRET_PASSWORD_MAX_BYTES + 3];
	struct store *s;
	struct err e;
	int npos, rc;

	rc = cli_parse("user add", argc, argv, opts, pos, 0, &npos);
	if (rc != 0) {
		return rc;
	}
	if (u.email == NULL || u.role == NULL) {
		return cli_usage_error("user", "user add needs --email and --role");
	}
	rc = cli_secret_init();
	if (rc != 0) {
		return rc;
	}
	rc = cli_store_open(db, &s);
	if (rc != 0) {
		return rc;
	}
	err_clear(&e);
	if (account_check(s, &u, &e) != 0) {
		store_close(s);
		return cli_fail("user add", &e);
	}
	if (read_password(password, sizeof(password)) != 0) {
		store_close(s);
		fputs("levera: user add: password: no password given\n", stderr);
		return 2;
	}
	rc = account_create(s, &u, password, NULL, (int64_t)time(NULL), &e);
	secret_wipe(password, sizeof(password));
	store_close(s);
	if (rc != 0) {
		return cli_fail("user add", &e);
	}
	fprintf(stderr, "levera: added %s (%s)\n", u.email, u.role);
	return 0;
}

static int
user_passwd(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB, *email = NULL, *pos[1];
	const struct cli_opt opts[] = { { "email", &email, NULL }, { "db", &db, NULL }, { NULL, NULL, NULL } };
	char password[SECRET_PASSWORD_MAX_BYTES + 3];
	struct store *s;
	struct err e;
	int npos, rc;

	rc = cli_parse("user passwd", argc, argv, opts, pos, 0, &npos);
	if (rc != 0) {
		return rc;
	}
	if (email == NULL) {
		return cli_usage_error("user", "user passwd needs --email");
	}
	rc = cli_secret_init();
	if (rc == 0) {
		rc = cli_store_open(db, &s);
	}
	if (rc != 0) {
		return rc;
	}
	if (read_password(password, sizeof(password)) != 0) {
		store_close(s);
		fputs("levera: user passwd: password: no password given\n", stderr);
		return 2;
	}
	err_clear(&e);
	rc = account_set_password(s, email, password, (int64_t)time(NULL), &e);
	secret_wipe(password, sizeof(password));
	store_close(s);
	if (rc != 0) {
		return cli_fail("user passwd", &e);
	}
	fprintf(stderr, "levera: new password for %s; their sessions have ended\n", email);
	return 0;
}

/* The subcommands of `levera user`. */
static const struct cli_command user_commands[] = {
	{ "add", user_add, "add a user who can sign in" },
	{ "passwd", user_passwd, "give a user a new password, ending their sessions" },
};

int
cmd_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(user_commands) / sizeof(user_commands[0]); i++) {
		if (strcmp(user_commands[i].name, argv[1]) == 0) {
			if (cli_wants_help(argc - 1, argv + 1)) {
				fputs(user_usage, stdout);
				return 0;
			}
			return user_commands[i].run(argc - 1, argv + 1);
		}
	}
	return cli_usage_error("user", "unknown user command '%s' (use add or passwd)", argv[1]);
}
