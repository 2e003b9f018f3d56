/*
 * api_openapi.c - serves docs/openapi.json, embedded at build time with the
 * assembler's .incbin (no generator, no external tool).  The compiler runs
 * from the repository's root, so the relative path resolves; the Makefile
 * makes this object depend on the document so an edit rebuilds it.
 * Answered without authentication: the document holds no secrets.
 */
#include "http/api_openapi.h"

#include <stddef.h>

#include "http/reply.h"

__asm__(".section .rodata\n"
        ".global levera_openapi_start\n"
        ".type levera_openapi_start, @object\n"
        ".balign 16\n"
        "levera_openapi_start:\n"
        ".incbin \"docs/openapi.json\"\n"
        ".global levera_openapi_end\n"
        ".type levera_openapi_end, @object\n"
        "levera_openapi_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char levera_openapi_start[];
extern const char levera_openapi_end[];

static int
get_openapi(struct http_request *req, struct err *e)
{
	(void)e;
	return reply_text(req, 200, REPLY_JSON, levera_openapi_start,
	                  (size_t)(levera_openapi_end - levera_openapi_start));
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/openapi.json", get_openapi, 0 },
};

const struct route_table api_openapi_table = { "openapi", routes, sizeof(routes) / sizeof(routes[0]) };
