/*
 * err.h - the one error convention of Levera.
 *
 * Functions that can fail return 0 on success and -1 on failure (or a bool),
 * and describe the failure in a caller-provided struct err.  One table maps
 * each code to its name on the wire, its HTTP status and its exit status, so
 * bad input can never turn into a 500 by accident.
 */
#ifndef LEVERA_BASE_ERR_H
#define LEVERA_BASE_ERR_H

#include <stddef.h>

enum err_code {
	ERR_OK = 0,
	ERR_INVALID,      /* the input is malformed or breaks a rule */
	ERR_NOT_FOUND,    /* a named thing does not exist */
	ERR_CONFLICT,     /* the input is valid but clashes with stored state */
	ERR_TOO_LARGE,    /* the input is over a ceiling */
	ERR_RANGE,        /* an instant or duration outside what Levera answers for */
	ERR_IO,           /* the operating system refused a read or write */
	ERR_INTERNAL,     /* a bug: an invariant did not hold */
	ERR_FORBIDDEN,    /* the caller may see the record but not do this to it */
	ERR_UNAUTHORIZED, /* no valid credentials: not signed in, bad token */
	ERR_RATE_LIMITED, /* too many attempts; try again later */
	ERR_PRECONDITION, /* the record changed since the version the caller named */
	ERR_CODE_COUNT
};

struct err {
	enum err_code code;
	char field[96];    /* the input field at fault, "" when none */
	char message[256]; /* lower case, says what failed, quotes the value */
};

/* Resets e to "no error".  e may be NULL. */
void err_clear(struct err *e);

/*
 * Fills e (which may be NULL) and returns -1, so a failing function can
 * end with `return err_set(e, ...)`.  field may be NULL.
 */
int err_set(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Prefixes e->field with "prefix." (or "prefix" when the field is empty). */
void err_prefix_field(struct err *e, const char *prefix);

/* The code's name on the wire, e.g. "invalid". */
const char *err_code_name(enum err_code code);

/* The HTTP status that answers a request failing with code. */
int err_http_status(enum err_code code);

/* The process exit status of a command failing with code. */
int err_exit_status(enum err_code code);

#endif
