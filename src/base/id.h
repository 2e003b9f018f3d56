/*
 * id.h - record ids made by the application: 26 characters of Crockford
 * base32 (lower case), the first 10 the creation time in milliseconds, the
 * rest 80 bits from libsodium.  Strictly increasing within a process (in
 * one millisecond each is the last plus a random step), so new rows land at
 * the end of indexes; unguessable, so an id does not give its neighbours.
 */
#ifndef LEVERA_BASE_ID_H
#define LEVERA_BASE_ID_H

#include <stdint.h>

#define ID_LEN 26

/* Copies src into dst, cut to ID_LEN bytes as snprintf would (without printf's cost, for hot paths). */
void id_copy(char dst[ID_LEN + 1], const char *src);

/* Writes a new id for the instant now_ms (Unix milliseconds) into out (ID_LEN + 1 bytes). */
char *id_new(char out[ID_LEN + 1], int64_t now_ms);

/* True when s has the shape of an id. */
int id_valid(const char *s);

#endif
