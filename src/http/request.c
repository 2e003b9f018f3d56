/*
 * request.c - a request's accessors and its memory: a bump allocator in
 * chunks and a list of functions to run when the request ends.  Nothing is
 * freed one by one; everything goes at once in request_free.
 */
#include "http/request.h"

#include <microhttpd.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define CHUNK_BYTES 4096

struct request_chunk {
	struct request_chunk *next;
	size_t used, cap;
	max_align_t data[]; /* cap bytes */
};

struct request_defer {
	struct request_defer *next;
	void (*fn)(void *);
	void *p;
};

struct http_request *
request_new(void)
{
	struct http_request *req = xcalloc(1, sizeof(*req));

	req->body = "";
	buf_init(&req->body_buf, HTTP_BODY_MAX);
	return req;
}

void
request_free(struct http_request *req)
{
	if (req == NULL) {
		return;
	}
	for (struct request_defer *d = req->defers; d != NULL; d = d->next) {
		d->fn(d->p);
	}
	while (req->chunks != NULL) {
		struct request_chunk *next = req->chunks->next;
		free(req->chunks);
		req->chunks = next;
	}
	buf_release(&req->body_buf);
	free(req->reply.body);
	free(req->target);
	free(req);
}

void *
request_alloc(struct http_request *req, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct request_chunk *c = req->chunks;

	if (n > SIZE_MAX - align - sizeof(*c)) {
		xalloc_die("request allocation size overflows");
	}
	n = (n + align - 1) / align * align;
	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > CHUNK_BYTES ? n : CHUNK_BYTES;

		c = xmalloc(sizeof(*c) + cap);
		c->used = 0;
		c->cap = cap;
		/* A big allocation gets its own chunk behind the current one, which keeps its room. */
		if (req->chunks != NULL && n > CHUNK_BYTES) {
			c->next = req->chunks->next;
			req->chunks->next = c;
		} else {
			c->next = req->chunks;
			req->chunks = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

char *
request_strndup(struct http_request *req, const char *s, size_t n)
{
	char *p = request_alloc(req, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
request_defer(struct http_request *req, void (*fn)(void *), void *p)
{
	struct request_defer *d = request_alloc(req, sizeof(*d));

	d->fn = fn;
	d->p = p;
	d->next = req->defers;
	req->defers = d;
}

const char *
request_param(const struct http_request *req, const char *name)
{
	return route_param(&req->match, name);
}

const char *
request_query(const struct http_request *req, const char *name)
{
	return url_query_get(req->query, name);
}

int
request_query_allow(const struct http_request *req, const char *const *allowed, struct err *e)
{
	return url_query_allow(req->query, allowed, e);
}

const char *
request_header(const struct http_request *req, const char *name)
{
	if (req->conn == NULL) {
		return NULL;
	}
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}
