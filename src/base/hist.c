/*
 * hist.c - see hist.h.  The encoding is a list of (gap from the previous
 * bucket + 1, count) pairs, each an unsigned LEB128 varint, the count
 * zigzag-coded; an empty histogram is zero bytes.
 */
#include "base/hist.h"

#include <stdlib.h>

#include "base/varint.h"

#define SUB 64 /* buckets per power of two above HIST_EXACT */

int
hist_bucket_of(int64_t v)
{
	if (v < HIST_EXACT) {
		return v < 0 ? 0 : (int)v;
	}
	int top = 63 - __builtin_clzll((unsigned long long)v); /* floor(log2 v) >= 7 */
	int shift = top - 6;

	return HIST_EXACT + (shift - 1) * SUB + (int)((v >> shift) - SUB);
}

int64_t
hist_bucket_value(int b)
{
	if (b < HIST_EXACT) {
		return b < 0 ? 0 : b;
	}
	int shift = (b - HIST_EXACT) / SUB + 1;
	int64_t low = (int64_t)((b - HIST_EXACT) % SUB + SUB) << shift;

	return low + (((int64_t)1 << shift) - 1) / 2;
}

/* A reader over an encoded histogram: the next entry, or bucket HIST_BUCKETS at the end. */
struct reader {
	const unsigned char *p, *end;
	int bucket;
	int64_t count;
};

static int
next(struct reader *r, struct err *e)
{
	uint64_t gap, count;

	if (r->p == r->end) {
		r->bucket = HIST_BUCKETS;
		return 0;
	}
	if (varint_get(&r->p, r->end, &gap) != 0 || varint_get(&r->p, r->end, &count) != 0 || gap == 0 ||
	    gap > HIST_BUCKETS || r->bucket + (int64_t)gap >= HIST_BUCKETS) {
		return err_set(e, ERR_INVALID, "hist", "a stored histogram is corrupt");
	}
	r->bucket += (int)gap;
	r->count = zigzag_decode(count);
	return 0;
}

static void
reader_init(struct reader *r, const void *p, size_t len)
{
	r->p = p;
	r->end = r->p + len;
	r->bucket = -1;
	r->count = 0;
}

/* Appends (bucket, count) after the entry at *last, unless count is 0. */
static int
put_entry(struct buf *out, int *last, int bucket, int64_t count, struct err *e)
{
	if (count == 0) {
		return 0;
	}
	int rc = varint_put(out, (uint64_t)(bucket - *last), e);

	*last = bucket;
	return rc != 0 ? rc : varint_put(out, zigzag_encode(count), e);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct hist_entry *x = a, *y = b;

	return (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

int
hist_encode(struct hist_entry *v, size_t n, struct buf *out, struct err *e)
{
	int last = -1;

	if (n > 1) {
		qsort(v, n, sizeof(*v), cmp_entry);
	}
	for (size_t i = 0; i < n;) {
		int bucket = v[i].bucket < 0 ? 0 : v[i].bucket >= HIST_BUCKETS ? HIST_BUCKETS - 1 : v[i].bucket;
		int64_t count = 0;
		size_t j = i;
		while (j < n && v[j].bucket == v[i].bucket) {
			count += v[j++].count;
		}
		if (put_entry(out, &last, bucket, count, e) != 0) {
			return -1;
		}
		i = j;
	}
	return 0;
}

int
hist_merge(const void *a, size_t alen, const void *b, size_t blen, struct buf *out, struct err *e)
{
	struct reader ra, rb;
	int last = -1;

	reader_init(&ra, a, alen);
	reader_init(&rb, b, blen);
	if (next(&ra, e) != 0 || next(&rb, e) != 0) {
		return -1;
	}
	while (ra.bucket < HIST_BUCKETS || rb.bucket < HIST_BUCKETS) {
		int rc;
		if (ra.bucket == rb.bucket) {
			rc = put_entry(out, &last, ra.bucket, ra.count + rb.count, e);
			rc = rc != 0 ? rc : next(&ra, e);
			rc = rc != 0 ? rc : next(&rb, e);
		} else if (ra.bucket < rb.bucket) {
			rc = put_entry(out, &last, ra.bucket, ra.count, e);
			rc = rc != 0 ? rc : next(&ra, e);
		} else {
			rc = put_entry(out, &last, rb.bucket, rb.count, e);
			rc = rc != 0 ? rc : next(&rb, e);
		}
		if (rc != 0) {
			return -1;
		}
	}
	return 0;
}

int
hist_add_dense(int64_t *dense, const void *p, size_t len, struct err *e)
{
	struct reader r;

	reader_init(&r, p, len);
	for (;;) {
		if (next(&r, e) != 0) {
			return -1;
		}
		if (r.bucket >= HIST_BUCKETS) {
			return 0;
		}
		dense[r.bucket] += r.count;
	}
}

int64_t
hist_dense_rank(const int64_t *dense, int64_t total, int pct)
{
	int64_t rank = (pct * total + 99) / 100, seen = 0;

	rank = rank < 1 ? 1 : rank;
	for (int b = 0; b < HIST_BUCKETS; b++) {
		seen += dense[b] > 0 ? dense[b] : 0;
		if (seen >= rank) {
			return hist_bucket_value(b);
		}
	}
	return 0;
}
