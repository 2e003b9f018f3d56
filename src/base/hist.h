/*
 * hist.h - log-linear histograms of non-negative integers (seconds), for
 * percentiles of sums that are kept, not recomputed: the KPI rollups store
 * one per month and dimension, and a query merges them.  Values below 128
 * have a bucket each; above, a power of two is split into 64 buckets, so a
 * bucket's midpoint is within 1/128 (0.8 %) of any value in it.
 *
 * The stored form is sparse (bucket gaps and signed counts as varints, in
 * bucket order), so a delta (-1 here, +1 there) is a histogram too.
 */
#ifndef LEVERA_BASE_HIST_H
#define LEVERA_BASE_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define HIST_EXACT 128
#define HIST_BUCKETS 3712

/* The bucket of v (negative values count as 0). */
int hist_bucket_of(int64_t v);

/* The value a bucket stands for: its midpoint (the value itself below HIST_EXACT). */
int64_t hist_bucket_value(int b);

/* One bucket's count (negative in a delta). */
struct hist_entry {
	int bucket;
	int64_t count;
};

/* Encodes n entries (any order, repeats summed, zero sums left out), appended to out. */
int hist_encode(struct hist_entry *v, size_t n, struct buf *out, struct err *e);

/* The sum of the encoded histograms a and b, appended to out; ERR_INVALID when either is corrupt. */
int hist_merge(const void *a, size_t alen, const void *b, size_t blen, struct buf *out, struct err *e);

/* Adds the encoded histogram p to dense (HIST_BUCKETS counts); ERR_INVALID when corrupt. */
int hist_add_dense(int64_t *dense, const void *p, size_t len, struct err *e);

/*
 * The value at nearest rank ceil(pct / 100 * total) of the dense
 * histogram holding total values (total > 0): the midpoint of its bucket.
 */
int64_t hist_dense_rank(const int64_t *dense, int64_t total, int pct);

#endif
