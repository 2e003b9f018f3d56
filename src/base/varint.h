/*
 * varint.h - unsigned LEB128 varints and zigzag for signed values: the
 * compact integers of the blobs Levera keeps (histograms, a ticket's KPI
 * contributions, clock logs).  Seven bits a byte, low first.
 */
#ifndef LEVERA_BASE_VARINT_H
#define LEVERA_BASE_VARINT_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends v to out (1 to 10 bytes). */
int varint_put(struct buf *out, uint64_t v, struct err *e);

/* Reads a varint at *p (before end) and moves *p past it; -1 when it is truncated or over 64 bits. */
int varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v);

static inline uint64_t
zigzag_encode(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t
zigzag_decode(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

#endif
