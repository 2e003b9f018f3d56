/*
 * xalloc.c - checked allocation; see xalloc.h.
 */
#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void
xalloc_die(const char *what)
{
	fprintf(stderr, "levera: fatal: %s\n", what);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size != 0 ? size : 1);

	if (p == NULL) {
		xalloc_die("out of memory");
	}
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p;

	if (count == 0 || size == 0) {
		count = 1;
		size = 1;
	}
	p = calloc(count, size);
	if (p == NULL) {
		xalloc_die("out of memory");
	}
	return p;
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size) {
		xalloc_die("allocation size overflows");
	}
	p = realloc(ptr, count * size != 0 ? count * size : 1);
	if (p == NULL) {
		xalloc_die("out of memory");
	}
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p;

	if (len == SIZE_MAX) {
		xalloc_die("allocation size overflows");
	}
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
