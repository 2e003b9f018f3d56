/*
 * xalloc.h - allocation that cannot return NULL.
 *
 * Every size computation is checked for overflow; on overflow or exhaustion
 * the process prints one line and aborts, as git and tmux do.  Input-driven
 * sizes must be bounded by their caller (see buf.h) before they reach here.
 */
#ifndef LEVERA_BASE_XALLOC_H
#define LEVERA_BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Aborts with "fatal: out of memory" style message; never returns. */
_Noreturn void xalloc_die(const char *what);

#endif
