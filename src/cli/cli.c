/*
 * cli.c - error reporting shared by the subcommands.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "app/account.h"
#include "base/secret.h"
#include "store/store.h"

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("levera: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'levera %s --help'.\n", cmd);
	return 2;
}

int
cli_fail(const char *context, const struct err *e)
{
	fputs("levera: ", stderr);
	if (context != NULL && context[0] != '\0') {
		fprintf(stderr, "%s: ", context);
	}
	if (e->field[0] != '\0') {
		fprintf(stderr, "%s: ", e->field);
	}
	fprintf(stderr, "%s\n", e->message[0] != '\0' ? e->message : err_code_name(e->code));
	return err_exit_status(e->code);
}

int
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			return 0;
		}
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			return 1;
		}
	}
	return 0;
}

static const struct cli_opt *
find_opt(const struct cli_opt *opts, const char *name, size_t len)
{
	for (; opts->name != NULL; opts++) {
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0) {
			return opts;
		}
	}
	return NULL;
}

int
cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos, int maxpos, int *npos)
{
	int only_positional = 0;

	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!only_positional && strcmp(arg, "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (only_positional || arg[0] != '-' || arg[1] == '\0') {
			if (*npos == maxpos) {
				return cli_usage_error(cmd, "unexpected argument '%s'", arg);
			}
			pos[(*npos)++] = arg;
			continue;
		}
		/* "-x" is the one-letter option named "x" (e.g. -o FILE); longer ones take two dashes. */
		bool short_opt = arg[1] != '-';
		if (short_opt && arg[2] != '\0') {
			return cli_usage_error(cmd, "unknown option '%s'", arg);
		}
		const char *name = arg + (short_opt ? 1 : 2), *eq = short_opt ? NULL : strchr(name, '=');
		size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		const struct cli_opt *o = find_opt(opts, name, len);
		if (o == NULL) {
			return cli_usage_error(cmd, "unknown option '%s%.*s'", short_opt ? "-" : "--", (int)len, name);
		}
		if (o->value == NULL) {
			if (eq != NULL) {
				return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
			}
			*o->flag = 1;
			continue;
		}
		if (eq != NULL) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return cli_usage_error(cmd, "option '--%s' needs a value", o->name);
		}
	}
	return 0;
}

int
cli_store_open(const char *path, struct store **out)
{
	struct err e;
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (path[0] == '\0' || strlen(path) >= sizeof(dir)) {
		fprintf(stderr, "levera: --db: '%s' is not a usable path\n", path);
		return 2;
	}
	/* Create the database's directory (one level, as `make run` needs for data/). */
	if (slash != NULL && slash != path) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
			fprintf(stderr, "levera: cannot create '%s': %s\n", dir, strerror(errno));
			return 1;
		}
	}
	err_clear(&e);
	if (store_open(out, path, &e) != 0) {
		cli_fail(path, &e);
		return 1;
	}
	return 0;
}

int
cli_secret_init(void)
{
	const char *mode = getenv("LEVERA_ARGON2");
	struct err e;

	err_clear(&e);
	if (mode != NULL && strcmp(mode, "test") != 0) {
		fprintf(stderr, "levera: LEVERA_ARGON2: '%s' is not known (only 'test', for the test suites)\n", mode);
		return 2;
	}
	if (secret_init(mode != NULL ? &SECRET_PARAMS_TEST : NULL, &e) != 0) {
		return cli_fail("secret", &e);
	}
	return 0;
}

int
cli_bootstrap_admin(struct store *s)
{
	char password[SECRET_GENERATED_PASSWORD_SIZE];
	bool created;
	struct err e;

	err_clear(&e);
	if (account_bootstrap_admin(s, (int64_t)time(NULL), password, &created, &e) != 0) {
		return cli_fail("creating the first admin", &e);
	}
	if (created) {
		fprintf(stderr, "levera: created %s with password %s \u2014 change it\n", ACCOUNT_BOOTSTRAP_EMAIL,
		        password);
		secret_wipe(password, sizeof(password));
	}
	return 0;
}
