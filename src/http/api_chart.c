/*
 * api_chart.c - GET /api/v1/charts/{name}?from=&to=&customer=&service=&width=&height=&hours=:
 * one of the dashboards' charts as image/svg+xml.  The data and who may
 * see it are app/dashboard.c's, the drawing src/report/chart.c's; this
 * file maps the request and turns the data into a struct chart.
 */
#include "http/api_chart.h"

#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/dashboard.h"
#include "http/reply.h"
#include "report/chart.h"
#include "report/render.h"

/* A chart's SVG is tens of KiB; the ceiling leaves room for 120 long labels. */
#define CHART_SVG_MAX ((size_t)4 << 20)

/* A whole number in [min, max] from query parameter name, or def when absent. */
static int
query_int(struct http_request *req, const char *name, long min, long max, long def, long *out, struct err *e)
{
	const char *s = request_query(req, name);
	char *end;

	*out = def;
	if (s == NULL) {
		return 0;
	}
	long v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || v < min || v > max) {
		return err_set(e, ERR_INVALID, name, "%s must be a whole number from %ld to %ld, not '%.20s'", name,
		               min, max, s);
	}
	*out = v;
	return 0;
}

static int
draw(const struct dashboard_chart *d, double w, double h, struct buf *out, struct err *e)
{
	static const enum chart_kind kinds[] = {
		[DASHBOARD_LINE] = CHART_LINE, [DASHBOARD_BAR] = CHART_BAR, [DASHBOARD_HBAR] = CHART_HBAR
	};
	struct chart_series series[DASHBOARD_MAX_SERIES];

	for (size_t s = 0; s < d->nseries; s++) {
		series[s] = (struct chart_series){ d->series_names[s], d->values[s] };
	}
	struct chart c = {
		.kind = kinds[d->kind],
		.title = d->title,
		.y_unit = d->y_unit,
		.categories = (const char *const *)d->categories,
		.ncategories = d->ncategories,
		.series = series,
		.nseries = d->nseries,
		.y_fixed = d->y_fixed,
		.y_min = d->y_min,
		.y_max = d->y_max,
		.has_threshold = d->has_threshold,
		.threshold = d->threshold,
		.threshold_label = d->threshold_label,
	};
	return render_chart_svg(&c, w, h, out, e);
}

static int
get_chart(struct http_request *req, struct err *e)
{
	static const char *const allowed[] = { "customer", "service", "from", "to", "width", "height", "hours", NULL };
	struct actor actor = auth_caller_actor(req->caller);
	struct dashboard_params p = {
		.customer = request_query(req, "customer"),
		.service = request_query(req, "service"),
		.from = request_query(req, "from"),
		.to = request_query(req, "to"),
	};
	struct dashboard_chart d;
	long width, height, hours;
	struct buf out;

	if (request_query_allow(req, allowed, e) != 0 || query_int(req, "width", 200, 1600, 640, &width, e) != 0 ||
	    query_int(req, "height", 120, 1000, 320, &height, e) != 0 ||
	    query_int(req, "hours", 1, DASHBOARD_HOURS_MAX, 8, &hours, e) != 0) {
		return -1;
	}
	p.hours = (int)hours;
	buf_init(&out, CHART_SVG_MAX);
	int rc = dashboard_chart_build(req->app, &actor, request_param(req, "name"), &p, (int64_t)time(NULL), &d, e);
	rc = rc != 0 ? rc : draw(&d, (double)width, (double)height, &out, e);
	dashboard_chart_release(&d);
	rc = rc != 0 ? rc : reply_buf(req, 200, "image/svg+xml", &out);
	buf_release(&out);
	return rc;
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/charts/{name}", get_chart, ROUTE_AUTH },
};

const struct route_table api_chart_table = { "chart", routes, sizeof(routes) / sizeof(routes[0]) };
