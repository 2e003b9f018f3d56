/*
 * varint.c - see varint.h.
 */
#include "base/varint.h"

int
varint_put(struct buf *out, uint64_t v, struct err *e)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		b[n] |= v != 0 ? 0x80 : 0;
		n++;
	} while (v != 0);
	return buf_append(out, b, n, e);
}

int
varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			return 0;
		}
	}
	return -1;
}
