/*
 * id.c - see id.h.  randombytes_buf() is safe from any thread once
 * sodium_init() has run (secret_init() does it at start-up).
 */
#include "base/id.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/*
 * The last id made in this process: a new one in the same millisecond (or
 * an earlier one, should the clock step back) is the last plus a random
 * step of 1 to 2^32, so ids made here are strictly increasing yet a
 * neighbour cannot be guessed from one.  Every index that ends in the id
 * then grows at its right edge instead of splitting pages all over the
 * current second: most of a durable write's cost.
 */
static pthread_mutex_t last_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t last_ms;
static unsigned char last_rnd[10];

/* rnd + step as an 80-bit big-endian number; false when it wrapped past the top. */
static bool
advance(unsigned char rnd[10], uint32_t step)
{
	uint64_t carry = step;

	for (int i = 9; i >= 0 && carry != 0; i--) {
		carry += rnd[i];
		rnd[i] = (unsigned char)(carry & 0xff);
		carry >>= 8;
	}
	return carry == 0;
}

void
id_copy(char dst[ID_LEN + 1], const char *src)
{
	size_t n = strnlen(src, ID_LEN);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *
id_new(char out[ID_LEN + 1], int64_t now_ms)
{
	unsigned char rnd[10];
	uint64_t t = (uint64_t)(now_ms < 0 ? 0 : now_ms);

	pthread_mutex_lock(&last_lock);
	if (t <= last_ms && (last_ms != 0 || last_rnd[0] != 0)) {
		t = last_ms;
		if (!advance(last_rnd, randombytes_random() + 1u)) {
			t++; /* 2^80 ids in one millisecond: move to the next */
			randombytes_buf(last_rnd, sizeof(last_rnd));
		}
	} else {
		randombytes_buf(last_rnd, sizeof(last_rnd));
	}
	last_ms = t;
	memcpy(rnd, last_rnd, sizeof(rnd));
	pthread_mutex_unlock(&last_lock);
	for (int i = 9; i >= 0; i--) {
		out[i] = alphabet[t & 31];
		t >>= 5;
	}
	/* 80 bits as 16 groups of 5, most significant first, so the text sorts as the number does. */
	for (int i = 0; i < 16; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)rnd[byte] << 8 | (byte + 1 < 10 ? rnd[byte + 1] : 0);
		out[10 + i] = alphabet[(v >> (11 - shift)) & 31];
	}
	out[ID_LEN] = '\0';
	return out;
}

/* strchr(alphabet, c) != NULL for c != '\0', without a call: the alphabet is 0-9 and a-z but i, l, o and u. */
static bool
in_alphabet(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u');
}

int
id_valid(const char *s)
{
	if (strlen(s) != ID_LEN) {
		return 0;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if (!in_alphabet(*p)) {
			return 0;
		}
	}
	return 1;
}
