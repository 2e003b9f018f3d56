/*
 * secret.h - passwords, tokens and CSRF tokens, over libsodium.
 *
 * Argon2id password hashes, the password policy, random tokens (session ids
 * and "lvr_" API tokens), keyed hashes of tokens for storage, CSRF tokens
 * derived from the session id, constant-time comparison.  Storage-free: what
 * to keep where is the caller's business (see docs/security.md).
 */
#ifndef LEVERA_BASE_SECRET_H
#define LEVERA_BASE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The password policy. */
#define SECRET_PASSWORD_MIN_CHARS 12   /* Unicode characters, not bytes */
#define SECRET_PASSWORD_MAX_BYTES 1024 /* longer input is refused before any hashing */

/* An encoded Argon2id hash ("$argon2id$v=19$m=...") with its NUL. */
#define SECRET_PASSWORD_HASH_SIZE 128

/* A random token: 32 bytes as unpadded URL-safe base64 (43 characters) and the NUL. */
#define SECRET_TOKEN_BYTES 32
#define SECRET_TOKEN_LEN 43
#define SECRET_TOKEN_SIZE (SECRET_TOKEN_LEN + 1)

/*
 * An API token: "lvr_" + a 12-character public id (lower-case Crockford
 * base32, so never '_') + "_" + a random token.  The id finds the stored
 * record; the whole token is checked against the record's keyed hash.
 */
#define SECRET_API_TOKEN_PREFIX "lvr_"
#define SECRET_API_TOKEN_ID_LEN 12
#define SECRET_API_TOKEN_ID_SIZE (SECRET_API_TOKEN_ID_LEN + 1)
#define SECRET_API_TOKEN_LEN (4 + SECRET_API_TOKEN_ID_LEN + 1 + SECRET_TOKEN_LEN)
#define SECRET_API_TOKEN_SIZE (SECRET_API_TOKEN_LEN + 1)

/* A keyed BLAKE2b-256 token hash as lower-case hex, and the NUL. */
/* How many Argon2id computations run at once (each holds the memlimit, 64 MiB in production). */
#define SECRET_ARGON2_SLOTS 4
#define SECRET_TOKEN_HASH_SIZE 65

/* A CSRF token: 32 bytes as unpadded URL-safe base64, and the NUL. */
#define SECRET_CSRF_SIZE SECRET_TOKEN_SIZE

/* A generated password: 20 characters from an unambiguous alphabet, and the NUL. */
#define SECRET_GENERATED_PASSWORD_LEN 20
#define SECRET_GENERATED_PASSWORD_SIZE (SECRET_GENERATED_PASSWORD_LEN + 1)

/* Argon2id cost: passes over memory, and memory in bytes. */
struct secret_params {
	unsigned long long opslimit;
	size_t memlimit;
};

/*
 * libsodium's INTERACTIVE level (2 passes over 64 MiB): about 80 ms a hash
 * on one core of the reference machine, and 64 MiB per hash in flight.
 */
extern const struct secret_params SECRET_PARAMS_INTERACTIVE;

/* The cheapest Argon2id libsodium allows (1 pass, 8 KiB): for tests only. */
extern const struct secret_params SECRET_PARAMS_TEST;

/* What a keyed token hash is for; each purpose has its own key. */
enum secret_purpose {
	SECRET_PURPOSE_SESSION,   /* session ids, as stored server-side */
	SECRET_PURPOSE_API_TOKEN, /* API tokens, as stored server-side */
	SECRET_PURPOSE_COUNT
};

/*
 * Initialises libsodium and freezes the Argon2id cost (NULL means
 * SECRET_PARAMS_INTERACTIVE).  Call once at start-up, before threads start;
 * a second call with the same parameters is a no-op, with others an error.
 * Every other function here aborts if this has not succeeded.
 */
int secret_init(const struct secret_params *params, struct err *e);

/* The frozen parameters. */
const struct secret_params *secret_params(void);

/*
 * Checks password against the policy: at least SECRET_PASSWORD_MIN_CHARS
 * characters, at most SECRET_PASSWORD_MAX_BYTES bytes, valid UTF-8 without
 * control characters, not one character repeated, not the e-mail address
 * (nor its local part), ignoring case.  email may be NULL.  Failures are
 * ERR_INVALID on field "password"; the messages never quote the password.
 */
int secret_password_check(const char *password, const char *email, struct err *e);

/* Hashes password with the frozen parameters into out (see secret_password_check: it does not). */
int secret_password_hash(const char *password, char out[SECRET_PASSWORD_HASH_SIZE], struct err *e);

/*
 * True when password matches the stored hash.  hash may be NULL (no such
 * account): the same work is then done against a dummy hash and the answer
 * is false, so the response time does not reveal whether an account exists.
 */
bool secret_password_verify(const char *hash, const char *password);

/* True when hash was made with other parameters (or is not Argon2id) and should be replaced at sign-in. */
bool secret_password_needs_rehash(const char *hash);

/* Fills out with SECRET_GENERATED_PASSWORD_LEN random characters that pass the policy. */
void secret_generate_password(char out[SECRET_GENERATED_PASSWORD_SIZE]);

/* Fills out with a new random token (a session id, for one). */
void secret_random_token(char out[SECRET_TOKEN_SIZE]);

/* Makes a new API token and gives its public id (store the id and secret_token_hash() of the token). */
void secret_api_token_new(char token[SECRET_API_TOKEN_SIZE], char id[SECRET_API_TOKEN_ID_SIZE]);

/* Checks the form of a presented API token and copies its id; ERR_UNAUTHORIZED when malformed. */
int secret_api_token_parse(const char *token, char id[SECRET_API_TOKEN_ID_SIZE], struct err *e);

/* The keyed hash of token for purpose, as hex: what the store keeps instead of the token. */
void secret_token_hash(enum secret_purpose purpose, const char *token, char out[SECRET_TOKEN_HASH_SIZE]);

/* True when token hashes (for purpose) to stored_hex; compared in constant time. */
bool secret_token_hash_matches(enum secret_purpose purpose, const char *token, const char *stored_hex);

/* The CSRF token of a session: a keyed hash of its id, so it needs no storage. */
void secret_csrf_token(const char *session_id, char out[SECRET_CSRF_SIZE]);

/* True when presented is the CSRF token of session_id; compared in constant time. */
bool secret_csrf_verify(const char *session_id, const char *presented);

/* Constant-time equality of n bytes. */
bool secret_equal(const void *a, const void *b, size_t n);

/* Equality of two strings, constant-time in their contents (their lengths are not secret). */
bool secret_str_equal(const char *a, const char *b);

/* Overwrites n bytes at p with zeros in a way the compiler cannot drop. */
void secret_wipe(void *p, size_t n);

#endif
