/*
 * test_env.h - what the unit tests read from their environment.
 *
 * LEVERA_TEST_SCALE=n makes the random and sampling tests do n times less
 * work (the sanitizer run uses 4); LEVERA_SRCDIR is the repository root
 * when the tests do not run from it.
 */
#ifndef LEVERA_TEST_ENV_H
#define LEVERA_TEST_ENV_H

/* The divisor for random-case counts: 1 unless LEVERA_TEST_SCALE says 1..1000. */
int test_scale(void);

/* The repository root: LEVERA_SRCDIR, else ".". */
const char *test_srcdir(void);

#endif
