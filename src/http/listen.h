/*
 * listen.h - the server's listening socket from a "HOST:PORT" string.
 *
 * HOST is an IPv4 address, a bracketed IPv6 address ("[::1]") or a name;
 * PORT 0 lets the kernel pick a free port, which the returned URL names.
 */
#ifndef LEVERA_HTTP_LISTEN_H
#define LEVERA_HTTP_LISTEN_H

#include <stddef.h>

#include "base/err.h"

#define LISTEN_HOST_MAX 255
#define LISTEN_URL_MAX 300

/* Splits spec into host (room for LISTEN_HOST_MAX + 1 bytes, brackets removed) and port.  ERR_INVALID. */
int listen_parse(const char *spec, char *host, unsigned *port, struct err *e);

/*
 * Binds and listens on spec; *fd is a non-blocking socket and url (room for
 * LISTEN_URL_MAX bytes) the address it is bound to, "http://[::1]:8080".
 * ERR_INVALID for a bad spec, ERR_IO when the address cannot be bound.
 */
int listen_open(const char *spec, int *fd, char *url, struct err *e);

#endif
