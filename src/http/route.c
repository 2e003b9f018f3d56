/*
 * route.c - route tables joined into a router, and path matching; see
 * route.h.  Patterns are split into segments once, at start-up; a match
 * walks them against the path's segments without allocating.
 */
#include "http/route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "http/url.h"

static const char *const method_names[HTTP_METHOD_COUNT] = {
	[HTTP_GET] = "GET",     [HTTP_HEAD] = "HEAD",     [HTTP_POST] = "POST",       [HTTP_PUT] = "PUT",
	[HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE", [HTTP_OPTIONS] = "OPTIONS", [HTTP_METHOD_OTHER] = "OTHER",
};

struct route_segment {
	const char *text; /* a literal, or a parameter's name; borrowed from the pattern */
	size_t len;
	bool param;
};

struct route_compiled {
	const struct route *route;
	size_t pattern_id;
	unsigned score; /* one bit per literal segment, the first segment highest */
	size_t nseg;
	struct route_segment seg[ROUTE_MAX_SEGMENTS];
};

enum http_method
http_method_parse(const char *name)
{
	for (int m = 0; m < HTTP_METHOD_OTHER; m++) {
		if (strcmp(method_names[m], name) == 0) {
			return (enum http_method)m;
		}
	}
	return HTTP_METHOD_OTHER;
}

const char *
http_method_name(enum http_method m)
{
	return (unsigned)m < HTTP_METHOD_COUNT ? method_names[m] : "OTHER";
}

static bool
literal_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static bool
param_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > ROUTE_MAX_PARAM_NAME || (s[0] >= '0' && s[0] <= '9')) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) {
			return false;
		}
	}
	return true;
}

static int
compile_segment(struct route_compiled *rc, const char *s, size_t n, size_t *nparams, struct err *e)
{
	const char *pattern = rc->route->pattern;
	struct route_segment *seg = &rc->seg[rc->nseg];

	if (n == 0) {
		return err_set(e, ERR_INVALID, pattern, "pattern '%s' has an empty segment", pattern);
	}
	if (s[0] == '{') {
		if (s[n - 1] != '}' || !param_name_ok(s + 1, n - 2)) {
			return err_set(e, ERR_INVALID, pattern, "pattern '%s' has a bad parameter '%.*s'", pattern,
			               (int)n, s);
		}
		for (size_t i = 0; i < rc->nseg; i++) {
			if (rc->seg[i].param && rc->seg[i].len == n - 2 && memcmp(rc->seg[i].text, s + 1, n - 2) == 0) {
				return err_set(e, ERR_INVALID, pattern, "pattern '%s' names '%.*s' twice", pattern,
				               (int)n, s);
			}
		}
		if (++*nparams > ROUTE_MAX_PARAMS) {
			return err_set(e, ERR_INVALID, pattern, "pattern '%s' has more than %d parameters", pattern,
			               ROUTE_MAX_PARAMS);
		}
		*seg = (struct route_segment){ s + 1, n - 2, true };
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!literal_char(s[i])) {
				return err_set(e, ERR_INVALID, pattern, "pattern '%s' has a bad character '%c'",
				               pattern, s[i]);
			}
		}
		*seg = (struct route_segment){ s, n, false };
		rc->score |= 1u << (ROUTE_MAX_SEGMENTS - 1 - rc->nseg);
	}
	rc->nseg++;
	return 0;
}

static int
compile_route(struct route_compiled *rc, const struct route *route, struct err *e)
{
	const char *p = route->pattern;
	size_t nparams = 0;

	memset(rc, 0, sizeof(*rc));
	rc->route = route;
	if (p == NULL || p[0] != '/') {
		return err_set(e, ERR_INVALID, p, "pattern '%s' does not start with '/'", p != NULL ? p : "");
	}
	if (route->handler == NULL || route->method == HTTP_HEAD || (unsigned)route->method >= HTTP_METHOD_OTHER) {
		return err_set(e, ERR_INVALID, p, "route '%s' has no handler or a bad method", p);
	}
	if (strcmp(p, "/") == 0) {
		rc->seg[0] = (struct route_segment){ p + 1, 0, false };
		rc->nseg = 1;
		rc->score = 1u << (ROUTE_MAX_SEGMENTS - 1);
		return 0;
	}
	p++;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (rc->nseg == ROUTE_MAX_SEGMENTS) {
			return err_set(e, ERR_INVALID, route->pattern, "pattern '%s' has more than %d segments",
			               route->pattern, ROUTE_MAX_SEGMENTS);
		}
		if (compile_segment(rc, p, n, &nparams, e) != 0) {
			return -1;
		}
		if (slash == NULL) {
			return 0;
		}
		p = slash + 1;
	}
}

static bool
same_shape(const struct route_compiled *a, const struct route_compiled *b)
{
	if (a->nseg != b->nseg || a->score != b->score) {
		return false;
	}
	for (size_t i = 0; i < a->nseg; i++) {
		if (!a->seg[i].param &&
		    (a->seg[i].len != b->seg[i].len || memcmp(a->seg[i].text, b->seg[i].text, a->seg[i].len) != 0)) {
			return false;
		}
	}
	return true;
}

static size_t
pattern_id(struct router *r, const char *pattern)
{
	for (size_t i = 0; i < r->npatterns; i++) {
		if (strcmp(r->patterns[i], pattern) == 0) {
			return i;
		}
	}
	r->patterns[r->npatterns] = pattern;
	return r->npatterns++;
}

int
router_init(struct router *r, const struct route_table *const *tables, size_t ntables, struct err *e)
{
	size_t total = 0;

	for (size_t t = 0; t < ntables; t++) {
		total += tables[t]->count;
	}
	r->routes = xcalloc(total, sizeof(*r->routes));
	r->patterns = xcalloc(total, sizeof(*r->patterns));
	r->count = 0;
	r->npatterns = 0;
	for (size_t t = 0; t < ntables; t++) {
		for (size_t i = 0; i < tables[t]->count; i++) {
			struct route_compiled *rc = &r->routes[r->count];

			if (compile_route(rc, &tables[t]->routes[i], e) != 0) {
				err_prefix_field(e, tables[t]->name);
				return -1;
			}
			for (size_t k = 0; k < r->count; k++) {
				if (r->routes[k].route->method == rc->route->method && same_shape(&r->routes[k], rc)) {
					return err_set(e, ERR_INVALID, rc->route->pattern,
					               "two %s routes match the same paths: '%s' and '%s'",
					               http_method_name(rc->route->method), r->routes[k].route->pattern,
					               rc->route->pattern);
				}
			}
			rc->pattern_id = pattern_id(r, rc->route->pattern);
			r->count++;
		}
	}
	return 0;
}

void
router_release(struct router *r)
{
	free(r->routes);
	free(r->patterns);
	r->routes = NULL;
	r->patterns = NULL;
	r->count = 0;
	r->npatterns = 0;
}

/* The raw segments of a path that starts with '/': offsets and lengths. */
struct path_segments {
	size_t n;
	size_t off[ROUTE_MAX_SEGMENTS];
	size_t len[ROUTE_MAX_SEGMENTS];
};

static bool
split_path(const char *path, size_t len, struct path_segments *ps)
{
	size_t i = 1;

	ps->n = 0;
	for (;;) {
		const char *slash = memchr(path + i, '/', len - i);
		size_t end = slash != NULL ? (size_t)(slash - path) : len;

		if (ps->n == ROUTE_MAX_SEGMENTS) {
			return false;
		}
		ps->off[ps->n] = i;
		ps->len[ps->n] = end - i;
		ps->n++;
		if (slash == NULL) {
			return true;
		}
		i = end + 1;
	}
}

static bool
shape_matches(const struct route_compiled *rc, const char *path, const struct path_segments *ps)
{
	if (rc->nseg != ps->n) {
		return false;
	}
	for (size_t i = 0; i < ps->n; i++) {
		const struct route_segment *s = &rc->seg[i];

		if (s->param ? ps->len[i] == 0
		             : ps->len[i] != s->len || memcmp(path + ps->off[i], s->text, s->len) != 0) {
			return false;
		}
	}
	return true;
}

static int
decode_param(const struct route_segment *s, const char *raw, size_t n, char *out, size_t *out_len, struct err *e)
{
	char name[ROUTE_MAX_PARAM_NAME + 1], tmp[3 * ROUTE_MAX_PARAM_BYTES + 1];
	struct err inner;

	memcpy(name, s->text, s->len);
	name[s->len] = '\0';
	if (n > 3 * ROUTE_MAX_PARAM_BYTES) {
		return err_set(e, ERR_INVALID, name, "path parameter '%s' is longer than %d bytes", name,
		               ROUTE_MAX_PARAM_BYTES);
	}
	if (url_decode(raw, n, false, tmp, out_len, &inner) != 0) {
		return err_set(e, ERR_INVALID, name, "path parameter '%s': %s", name, inner.message);
	}
	if (*out_len > ROUTE_MAX_PARAM_BYTES) {
		return err_set(e, ERR_INVALID, name, "path parameter '%s' is longer than %d bytes", name,
		               ROUTE_MAX_PARAM_BYTES);
	}
	for (size_t i = 0; i < *out_len; i++) {
		unsigned char c = (unsigned char)tmp[i];
		if (c < 0x20 || c == 0x7f || c == '/') {
			return err_set(e, ERR_INVALID, name, "path parameter '%s' has a control character or '/'",
			               name);
		}
	}
	memcpy(out, tmp, *out_len + 1);
	return 0;
}

int
router_match(const struct router *r, enum http_method method, const char *path, size_t len, struct route_match *m,
             struct err *e)
{
	const struct route_compiled *best = NULL, *any = NULL;
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	struct path_segments ps;

	m->route = NULL;
	m->allow = 0;
	m->nparams = 0;
	if (len > ROUTE_MAX_PATH) {
		return err_set(e, ERR_TOO_LARGE, NULL, "the path is longer than %d bytes", ROUTE_MAX_PATH);
	}
	if (len == 0 || path[0] != '/' || !split_path(path, len, &ps)) {
		return err_set(e, ERR_NOT_FOUND, NULL, "nothing is at this path");
	}
	for (size_t i = 0; i < r->count; i++) {
		const struct route_compiled *rc = &r->routes[i];

		if (!shape_matches(rc, path, &ps)) {
			continue;
		}
		m->allow |= 1u << rc->route->method;
		if (rc->route->method == HTTP_GET) {
			m->allow |= 1u << HTTP_HEAD;
		}
		if (any == NULL || rc->score > any->score) {
			any = rc;
		}
		if (rc->route->method == want && (best == NULL || rc->score > best->score)) {
			best = rc;
		}
	}
	if (any == NULL) {
		return err_set(e, ERR_NOT_FOUND, NULL, "nothing is at this path");
	}
	m->pattern_id = (best != NULL ? best : any)->pattern_id;
	if (best == NULL) {
		return 0;
	}
	for (size_t i = 0; i < ps.n; i++) {
		struct route_param *p = &m->params[m->nparams];

		if (!best->seg[i].param) {
			continue;
		}
		p->name = best->seg[i].text;
		p->name_len = best->seg[i].len;
		p->value = m->text + m->nparams * (ROUTE_MAX_PARAM_BYTES + 1);
		if (decode_param(&best->seg[i], path + ps.off[i], ps.len[i],
		                 m->text + m->nparams * (ROUTE_MAX_PARAM_BYTES + 1), &p->value_len, e) != 0) {
			m->nparams = 0;
			return -1;
		}
		m->nparams++;
	}
	m->route = best->route;
	return 0;
}

const char *
route_param(const struct route_match *m, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < m->nparams; i++) {
		if (m->params[i].name_len == n && memcmp(m->params[i].name, name, n) == 0) {
			return m->params[i].value;
		}
	}
	return NULL;
}

void
route_allow_header(unsigned allow, char *out, size_t cap)
{
	size_t k = 0;

	out[0] = '\0';
	for (int m = 0; m < HTTP_METHOD_OTHER; m++) {
		if ((allow & (1u << m)) == 0) {
			continue;
		}
		int n = snprintf(out + k, cap - k, "%s%s", k != 0 ? ", " : "", method_names[m]);
		if (n < 0 || (size_t)n >= cap - k) {
			return;
		}
		k += (size_t)n;
	}
}
