/*
 * test_env.c - see test_env.h.
 */
#include "unit/support/test_env.h"

#include <stdlib.h>

int
test_scale(void)
{
	const char *s = getenv("LEVERA_TEST_SCALE");
	char *end;
	long v;

	if (s == NULL) {
		return 1;
	}
	v = strtol(s, &end, 10);
	return (end != s && v >= 1 && v <= 1000) ? (int)v : 1;
}

const char *
test_srcdir(void)
{
	const char *d = getenv("LEVERA_SRCDIR");

	return d != NULL ? d : ".";
}
