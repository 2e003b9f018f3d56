/*
 * id.c - see id.h.  randombytes_buf() is safe from any thread once
 * sodium_init() has run (secret_init() does it at start-up).
 */
#include "base/id.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

char *
id_new(char out[ID_LEN + 1], int64_t now_ms)
{
	unsigned char rnd[10];
	uint64_t t = (uint64_t)(now_ms < 0 ? 0 : now_ms);

	for (int i = 9; i >= 0; i--) {
		out[i] = alphabet[t & 31];
		t >>= 5;
	}
	randombytes_buf(rnd, sizeof(rnd));
	/* 80 bits as 16 groups of 5. */
	for (int i = 0; i < 16; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)rnd[byte] << 8 | (byte + 1 < 10 ? rnd[byte + 1] : 0);
		out[10 + i] = alphabet[(v >> (11 - shift)) & 31];
	}
	out[ID_LEN] = '\0';
	return out;
}

int
id_valid(const char *s)
{
	if (strlen(s) != ID_LEN) {
		return 0;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if (strchr(alphabet, *p) == NULL) {
			return 0;
		}
	}
	return 1;
}
