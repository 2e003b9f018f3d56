/*
 * availability.c - downtime as the union of outages clipped to the period,
 * to the service hours and out of maintenance windows; availability, MTTR
 * and MTBF from it.
 *
 * Spans are clipped, sorted and merged once (O(k log k)); the outages'
 * union and the windows' union are then walked together, and every piece
 * is measured in business seconds of the service hours (wall seconds for
 * 24 x 7).  MTTR is in wall seconds, as restoring service is felt.
 */
#include "domain/availability.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

static int
by_start(const void *a, const void *b)
{
	const struct avail_span *x = a, *y = b;

	if (x->start != y->start) {
		return x->start < y->start ? -1 : 1;
	}
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Clips spans to [start, end) (open ones end there), sorts and merges them into a new array. */
static struct avail_span *
clipped_union(const struct avail_span *in, size_t n, int64_t start, int64_t end, size_t *nout)
{
	struct avail_span *u = xcalloc(n + 1, sizeof(*u));
	size_t k = 0, m = 0;

	for (size_t i = 0; i < n; i++) {
		int64_t s = in[i].start > start ? in[i].start : start;
		int64_t t = in[i].end == TIME_NONE || in[i].end > end ? end : in[i].end;
		if (t > s) {
			u[k++] = (struct avail_span){ s, t };
		}
	}
	qsort(u, k, sizeof(*u), by_start);
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && u[i].start <= u[m - 1].end) {
			u[m - 1].end = u[i].end > u[m - 1].end ? u[i].end : u[m - 1].end;
		} else {
			u[m++] = u[i];
		}
	}
	*nout = m;
	return u;
}

static int64_t
business_s(const struct calendar *hours, int64_t a, int64_t b)
{
	if (b <= a) {
		return 0;
	}
	return hours == NULL ? b - a : calendar_elapsed(hours, a, b);
}

/* Business seconds of the union spans, and of their overlap with the (merged, sorted) windows. */
static int64_t
business_outside(const struct calendar *hours, const struct avail_span *u, size_t nu, const struct avail_span *w,
                 size_t nw)
{
	int64_t total = 0;
	size_t j = 0;

	for (size_t i = 0; i < nu; i++) {
		total += business_s(hours, u[i].start, u[i].end);
		while (j < nw && w[j].end <= u[i].start) {
			j++;
		}
		for (size_t k = j; k < nw && w[k].start < u[i].end; k++) {
			int64_t a = w[k].start > u[i].start ? w[k].start : u[i].start;
			int64_t b = w[k].end < u[i].end ? w[k].end : u[i].end;
			total -= business_s(hours, a, b);
		}
	}
	return total;
}

int
availability_compute(int64_t start, int64_t end, const struct avail_span *outages, size_t noutages,
                     const struct calendar *hours, const struct avail_span *windows, size_t nwindows,
                     struct availability *out, struct err *e)
{
	struct avail_span period = { start, end }, *down, *maint;
	size_t ndown, nmaint;

	memset(out, 0, sizeof(*out));
	if (end < start) {
		return err_set(e, ERR_INVALID, NULL, "the period ends before it starts");
	}
	if (hours != NULL && (!calendar_covers(hours, start) || !calendar_covers(hours, end))) {
		return err_set(e, ERR_RANGE, NULL, "the service hours' calendar does not cover the period");
	}
	down = clipped_union(outages, noutages, start, end, &ndown);
	maint = clipped_union(windows, nwindows, start, end, &nmaint);
	out->agreed_s = business_outside(hours, &period, end > start ? 1 : 0, maint, nmaint);
	out->downtime_s = business_outside(hours, down, ndown, maint, nmaint);
	free(down);
	free(maint);
	for (size_t i = 0; i < noutages; i++) {
		const struct avail_span *o = &outages[i];
		if (o->start >= start && o->start < end) {
			out->outages_started++;
		}
		if (o->end != TIME_NONE && o->end > o->start && o->end >= start && o->end < end) {
			out->outages_ended++;
			out->repair_wall_s += o->end - o->start;
		}
	}
	out->has_availability = out->agreed_s > 0;
	if (out->has_availability) {
		out->availability_pct = (double)(out->agreed_s - out->downtime_s) * 100.0 / (double)out->agreed_s;
	}
	out->has_mttr = out->outages_ended > 0;
	if (out->has_mttr) {
		out->mttr_s = (double)out->repair_wall_s / (double)out->outages_ended;
	}
	out->has_mtbf = out->outages_started > 0;
	if (out->has_mtbf) {
		out->mtbf_s = (double)(out->agreed_s - out->downtime_s) / (double)out->outages_started;
	}
	return 0;
}
