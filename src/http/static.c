/*
 * static.c - serves the web interface; see static.h.  Every client-side
 * route (/, /app/...) answers index.html, so a bookmarked URL loads the app,
 * which then routes itself.  Files are revalidated on every use (no-cache
 * plus a strong ETag, answered 304): their URLs carry no version, so a
 * max-age would let an upgrade mix old and new modules.
 */
#include "http/static.h"

#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "http/request.h"

#define STATIC_PREFIX "/static/"

static int
cmp_asset(const void *key, const void *elem)
{
	return strcmp(key, ((const struct static_asset *)elem)->path);
}

const struct static_asset *
static_find(const char *path)
{
	return bsearch(path, static_assets, static_nassets, sizeof(static_assets[0]), cmp_asset);
}

bool
static_etag_matches(const char *if_none_match, const char *etag)
{
	const char *p = if_none_match;
	size_t elen = strlen(etag);

	while (*p != '\0') {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
		}
		if (*p == '*') {
			return true;
		}
		if (strncmp(p, "W/", 2) == 0) {
			p += 2; /* If-None-Match compares weakly (RFC 9110, 13.1.2) */
		}
		n = strcspn(p, ",");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) {
			n--;
		}
		if (n == elen && memcmp(p, etag, n) == 0) {
			return true;
		}
		p += strcspn(p, ",");
	}
	return false;
}

static int
reply_asset(struct http_request *req, const struct static_asset *a, struct err *e)
{
	const char *inm = request_header(req, "If-None-Match");

	if (inm != NULL && static_etag_matches(inm, a->etag)) {
		reply_text(req, 304, NULL, "", 0);
	} else {
		reply_text(req, 200, a->content_type, a->bytes, a->len);
	}
	reply_ui(req);
	if (reply_header(req, "ETag", a->etag, e) != 0 || reply_header(req, "Cache-Control", "no-cache", e) != 0) {
		return -1;
	}
	return 0;
}

static int
get_page(struct http_request *req, struct err *e)
{
	const struct static_asset *a = static_find("index.html");

	if (a == NULL) {
		return err_set(e, ERR_INTERNAL, NULL, "the build embedded no web/index.html");
	}
	return reply_asset(req, a, e);
}

static int
get_file(struct http_request *req, struct err *e)
{
	const struct static_asset *a = NULL;

	/* The route matched the path's shape; its raw bytes are looked up as they are (no decoding). */
	if (strncmp(req->path, STATIC_PREFIX, strlen(STATIC_PREFIX)) == 0) {
		a = static_find(req->path + strlen(STATIC_PREFIX));
	}
	if (a == NULL) {
		return err_set(e, ERR_NOT_FOUND, NULL, "no file at '%.200s'", req->path);
	}
	return reply_asset(req, a, e);
}

static const struct route routes[] = {
	{ HTTP_GET, "/", get_page, 0 },
	{ HTTP_GET, "/app", get_page, 0 },
	{ HTTP_GET, "/app/{a}", get_page, 0 },
	{ HTTP_GET, "/app/{a}/{b}", get_page, 0 },
	{ HTTP_GET, "/app/{a}/{b}/{c}", get_page, 0 },
	{ HTTP_GET, "/static/{a}", get_file, 0 },
	{ HTTP_GET, "/static/{a}/{b}", get_file, 0 },
	{ HTTP_GET, "/static/{a}/{b}/{c}", get_file, 0 },
};

const struct route_table static_table = { "static", routes, sizeof(routes) / sizeof(routes[0]) };
