/*
 * metrics.c - counters and histograms in C11 atomics; see metrics.h.
 * Counters are indexed by exact status code, so a slot costs 4 KiB and no
 * status ever needs a lock or a lookup.
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "base/xalloc.h"

#define STATUS_MIN 100
#define STATUS_COUNT 500

/* Upper bounds in microseconds and as printed in the "le" label. */
static const struct {
	uint64_t le_us;
	const char *le;
} buckets[] = {
	{ 100, "0.0001" },  { 250, "0.00025" }, { 500, "0.0005" },  { 1000, "0.001" },
	{ 2500, "0.0025" }, { 5000, "0.005" },  { 10000, "0.01" },  { 25000, "0.025" },
	{ 50000, "0.05" },  { 100000, "0.1" },  { 250000, "0.25" }, { 500000, "0.5" },
	{ 1000000, "1" },   { 2500000, "2.5" }, { 5000000, "5" },   { 10000000, "10" },
};

#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct metrics_slot {
	atomic_uint_fast64_t by_status[STATUS_COUNT];
	atomic_uint_fast64_t by_bucket[NBUCKETS + 1]; /* the last is +Inf */
	atomic_uint_fast64_t sum_us;
};

struct http_metrics {
	size_t nslots;
	struct metrics_slot *slots;
};

struct http_metrics *
metrics_new(size_t nslots)
{
	struct http_metrics *m = xmalloc(sizeof(*m));

	m->nslots = nslots;
	m->slots = xcalloc(nslots, sizeof(*m->slots));
	for (size_t i = 0; i < nslots; i++) {
		for (size_t s = 0; s < STATUS_COUNT; s++) {
			atomic_init(&m->slots[i].by_status[s], 0);
		}
		for (size_t b = 0; b <= NBUCKETS; b++) {
			atomic_init(&m->slots[i].by_bucket[b], 0);
		}
		atomic_init(&m->slots[i].sum_us, 0);
	}
	return m;
}

void
metrics_free(struct http_metrics *m)
{
	if (m == NULL) {
		return;
	}
	free(m->slots);
	free(m);
}

void
metrics_observe(struct http_metrics *m, size_t slot, unsigned status, uint64_t duration_us)
{
	struct metrics_slot *s;
	size_t b = 0;

	if (slot >= m->nslots || status < STATUS_MIN || status >= STATUS_MIN + STATUS_COUNT) {
		return;
	}
	s = &m->slots[slot];
	while (b < NBUCKETS && duration_us > buckets[b].le_us) {
		b++;
	}
	atomic_fetch_add_explicit(&s->by_status[status - STATUS_MIN], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->by_bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, duration_us, memory_order_relaxed);
}

int
metrics_label_value(struct buf *out, const char *s, struct err *e)
{
	for (; *s != '\0'; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '"' ? "\\\"" : *s == '\n' ? "\\n" : NULL;
		int rc = esc != NULL ? buf_append_str(out, esc, e) : buf_append(out, s, 1, e);

		if (rc != 0) {
			return -1;
		}
	}
	return 0;
}

static int
render_counters(const struct http_metrics *m, const char *(*label)(const void *, size_t), const void *ctx,
                struct buf *out, struct err *e)
{
	if (buf_append_str(out,
	                   "# HELP levera_http_requests_total HTTP requests answered, by route pattern and status.\n"
	                   "# TYPE levera_http_requests_total counter\n",
	                   e) != 0) {
		return -1;
	}
	for (size_t i = 0; i < m->nslots; i++) {
		for (size_t s = 0; s < STATUS_COUNT; s++) {
			uint64_t n = atomic_load_explicit(&m->slots[i].by_status[s], memory_order_relaxed);

			if (n == 0) {
				continue;
			}
			if (buf_append_str(out, "levera_http_requests_total{route=\"", e) != 0 ||
			    metrics_label_value(out, label(ctx, i), e) != 0 ||
			    buf_appendf(out, e, "\",status=\"%zu\"} %llu\n", s + STATUS_MIN, (unsigned long long)n) !=
			            0) {
				return -1;
			}
		}
	}
	return 0;
}

static int
render_histograms(const struct http_metrics *m, const char *(*label)(const void *, size_t), const void *ctx,
                  struct buf *out, struct err *e)
{
	if (buf_append_str(out,
	                   "# HELP levera_http_request_duration_seconds Time from the request line to the last "
	                   "byte of the response.\n"
	                   "# TYPE levera_http_request_duration_seconds histogram\n",
	                   e) != 0) {
		return -1;
	}
	for (size_t i = 0; i < m->nslots; i++) {
		const struct metrics_slot *s = &m->slots[i];
		uint64_t counts[NBUCKETS + 1], total = 0;
		uint64_t sum_us = atomic_load_explicit(&s->sum_us, memory_order_relaxed);

		for (size_t b = 0; b <= NBUCKETS; b++) {
			counts[b] = atomic_load_explicit(&s->by_bucket[b], memory_order_relaxed);
			total += counts[b];
		}
		if (total == 0) {
			continue;
		}
		uint64_t cumulative = 0;
		for (size_t b = 0; b <= NBUCKETS; b++) {
			cumulative += counts[b];
			if (buf_append_str(out, "levera_http_request_duration_seconds_bucket{route=\"", e) != 0 ||
			    metrics_label_value(out, label(ctx, i), e) != 0 ||
			    buf_appendf(out, e, "\",le=\"%s\"} %llu\n", b < NBUCKETS ? buckets[b].le : "+Inf",
			                (unsigned long long)cumulative) != 0) {
				return -1;
			}
		}
		if (buf_append_str(out, "levera_http_request_duration_seconds_sum{route=\"", e) != 0 ||
		    metrics_label_value(out, label(ctx, i), e) != 0 ||
		    buf_appendf(out, e, "\"} %llu.%06llu\n", (unsigned long long)(sum_us / 1000000),
		                (unsigned long long)(sum_us % 1000000)) != 0 ||
		    buf_append_str(out, "levera_http_request_duration_seconds_count{route=\"", e) != 0 ||
		    metrics_label_value(out, label(ctx, i), e) != 0 ||
		    buf_appendf(out, e, "\"} %llu\n", (unsigned long long)total) != 0) {
			return -1;
		}
	}
	return 0;
}

int
metrics_render(const struct http_metrics *m, const char *(*label)(const void *ctx, size_t slot), const void *ctx,
               struct buf *out, struct err *e)
{
	if (render_counters(m, label, ctx, out, e) != 0) {
		return -1;
	}
	return render_histograms(m, label, ctx, out, e);
}
