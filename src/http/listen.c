/*
 * listen.c - parsing a listen address and binding it; see listen.h.
 */
#include "http/listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
listen_parse(const char *spec, char *host, unsigned *port, struct err *e)
{
	const char *colon, *h = spec;
	size_t hlen;
	unsigned long p = 0;

	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (close == NULL || close[1] != ':') {
			return err_set(e, ERR_INVALID, "listen", "'%s' is not [IPV6]:PORT", spec);
		}
		h = spec + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (colon == NULL || memchr(spec, ':', (size_t)(colon - spec)) != NULL) {
			return err_set(e, ERR_INVALID, "listen", "'%s' is not HOST:PORT (IPv6 as [::1]:8080)", spec);
		}
		hlen = (size_t)(colon - spec);
	}
	if (hlen == 0 || hlen > LISTEN_HOST_MAX) {
		return err_set(e, ERR_INVALID, "listen", "'%s' has no host or one that is too long", spec);
	}
	if (colon[1] == '\0' || strlen(colon + 1) > 5) {
		return err_set(e, ERR_INVALID, "listen", "'%s' has no port or a bad one", spec);
	}
	for (const char *c = colon + 1; *c != '\0'; c++) {
		if (*c < '0' || *c > '9') {
			return err_set(e, ERR_INVALID, "listen", "'%s' has a port that is not a number", spec);
		}
		p = p * 10 + (unsigned long)(*c - '0');
	}
	if (p > 65535) {
		return err_set(e, ERR_INVALID, "listen", "'%s' has a port above 65535", spec);
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*port = (unsigned)p;
	return 0;
}

/* The URL of the address fd is bound to. */
static void
bound_url(int fd, char *url)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		snprintf(url, LISTEN_URL_MAX, "http://unknown");
		return;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &a->sin6_addr, addr, sizeof(addr));
		snprintf(url, LISTEN_URL_MAX, "http://[%s]:%u", addr, (unsigned)ntohs(a->sin6_port));
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &a->sin_addr, addr, sizeof(addr));
		snprintf(url, LISTEN_URL_MAX, "http://%s:%u", addr, (unsigned)ntohs(a->sin_port));
	}
}

static int
bind_one(const struct addrinfo *ai, int *fd_out, int *err_no)
{
	int one = 1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);

	if (fd < 0) {
		*err_no = errno;
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ai->ai_family == AF_INET6) {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
		*err_no = errno;
		close(fd);
		return -1;
	}
	*fd_out = fd;
	return 0;
}

int
listen_open(const char *spec, int *fd, char *url, struct err *e)
{
	char host[LISTEN_HOST_MAX + 1], port[8];
	struct addrinfo hints, *res = NULL;
	unsigned p;
	int rc, err_no = 0;

	if (listen_parse(spec, host, &p, e) != 0) {
		return -1;
	}
	snprintf(port, sizeof(port), "%u", p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		return err_set(e, ERR_INVALID, "listen", "cannot resolve '%s': %s", host, gai_strerror(rc));
	}
	for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
		if (bind_one(ai, fd, &err_no) == 0) {
			freeaddrinfo(res);
			bound_url(*fd, url);
			return 0;
		}
	}
	freeaddrinfo(res);
	return err_set(e, ERR_IO, "listen", "cannot listen on '%s': %s", spec, strerror(err_no));
}
