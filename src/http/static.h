/*
 * static.h - the web interface's files (web/), compiled into the binary and
 * served by one route table: pages at "/" and "/app/...", files at
 * "/static/...".  The table of files is generated at build time by
 * scripts/web-assets.sh; nothing is read from disk at run time.
 */
#ifndef LEVERA_HTTP_STATIC_H
#define LEVERA_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#include "http/route.h"

/* One embedded file.  Generated: see scripts/web-assets.sh. */
struct static_asset {
	const char *path;         /* relative to web/: "index.html", "js/api.js" */
	const char *content_type; /* from the file's extension */
	const char *bytes;        /* the file's bytes, embedded with .incbin */
	size_t len;
	const char *etag; /* strong: "\"<crc32>-<length>\"" in hex */
};

/* Sorted by path in byte order, so lookups can bisect. */
extern const struct static_asset static_assets[];
extern const size_t static_nassets;

/* The file at path (relative to web/), or NULL. */
const struct static_asset *static_find(const char *path);

/*
 * True when an If-None-Match value ("*", or a list of entity tags, weak or
 * strong) names etag, so the answer is 304.
 */
bool static_etag_matches(const char *if_none_match, const char *etag);

extern const struct route_table static_table;

#endif
