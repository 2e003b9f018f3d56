/*
 * secret.c - see secret.h.  The only state is what secret_init() freezes,
 * the Argon2id cost, and a dummy hash for unknown accounts made once, at the
 * first verification.  Nothing here
 * stores, logs or prints a secret; stack copies of secrets are wiped.
 */
#include "base/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(SECRET_PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES, "hash buffer is libsodium's");
_Static_assert(SECRET_TOKEN_SIZE ==
                       sodium_base64_ENCODED_LEN(SECRET_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "token buffer fits the encoding");
_Static_assert(SECRET_TOKEN_HASH_SIZE == 2 * crypto_generichash_BYTES + 1, "hex of a BLAKE2b-256 hash");

const struct secret_params SECRET_PARAMS_INTERACTIVE = {
	crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
	crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE,
};

const struct secret_params SECRET_PARAMS_TEST = {
	crypto_pwhash_argon2id_OPSLIMIT_MIN,
	crypto_pwhash_argon2id_MEMLIMIT_MIN,
};

/*
 * One BLAKE2b key per purpose.  The keys are not secret (tokens carry 256
 * random bits, so no pepper is needed); they separate the purposes, so a
 * stored session hash is never a valid API token hash or CSRF token.  Each is
 * at least crypto_generichash_KEYBYTES_MIN (16) bytes.
 */
static const char *const purpose_keys[SECRET_PURPOSE_COUNT] = {
	[SECRET_PURPOSE_SESSION] = "levera/v1/session-id",
	[SECRET_PURPOSE_API_TOKEN] = "levera/v1/api-token",
};
static const char csrf_key[] = "levera/v1/csrf-token";

/* Generated passwords: no 0/O/o, 1/l/I, so they can be read aloud and typed. */
static const char password_alphabet[] = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/* API token ids: Crockford's base32 in lower case (no i, l, o, u, and never '_'). */
static const char token_id_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static const char dummy_password[] = "levera: no such account";

/* Frozen by secret_init(); read-only once ready is set (dummy_hash once dummy_ready is). */
static struct {
	struct secret_params params;
	char dummy_hash[crypto_pwhash_STRBYTES];
} frozen;
static atomic_bool ready;
static atomic_bool dummy_ready;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Argon2id runs at most SECRET_ARGON2_SLOTS at a time: each holds memlimit
 * bytes (64 MiB), and a server has many more request threads than cores.
 * More at once would only share the cores and multiply the memory.
 */
static pthread_mutex_t argon2_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t argon2_free = PTHREAD_COND_INITIALIZER;
static int argon2_running;

static void
argon2_enter(void)
{
	pthread_mutex_lock(&argon2_lock);
	while (argon2_running >= SECRET_ARGON2_SLOTS) {
		pthread_cond_wait(&argon2_free, &argon2_lock);
	}
	argon2_running++;
	pthread_mutex_unlock(&argon2_lock);
}

static void
argon2_leave(void)
{
	pthread_mutex_lock(&argon2_lock);
	argon2_running--;
	pthread_cond_signal(&argon2_free);
	pthread_mutex_unlock(&argon2_lock);
}

static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "levera: fatal: %s\n", what);
	abort();
}

static void
require_ready(void)
{
	if (!atomic_load_explicit(&ready, memory_order_acquire)) {
		die("secret_init() was not called before using passwords or tokens");
	}
}

static int
check_params(const struct secret_params *p, struct err *e)
{
	if (p->opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || p->opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
		return err_set(e, ERR_INVALID, "opslimit", "argon2id opslimit %llu is out of range", p->opslimit);
	}
	if (p->memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || p->memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
		return err_set(e, ERR_INVALID, "memlimit", "argon2id memlimit %zu is out of range", p->memlimit);
	}
	return 0;
}

int
secret_init(const struct secret_params *params, struct err *e)
{
	const struct secret_params *p = params != NULL ? params : &SECRET_PARAMS_INTERACTIVE;
	int rc = 0;

	pthread_mutex_lock(&init_lock);
	if (atomic_load_explicit(&ready, memory_order_acquire)) {
		if (frozen.params.opslimit != p->opslimit || frozen.params.memlimit != p->memlimit) {
			rc = err_set(e, ERR_INTERNAL, NULL,
			             "secret_init() called again with other argon2id parameters");
		}
	} else if (check_params(p, e) != 0) {
		rc = -1;
	} else if (sodium_init() < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "libsodium could not be initialised");
	} else {
		frozen.params = *p;
		atomic_store_explicit(&ready, true, memory_order_release);
	}
	pthread_mutex_unlock(&init_lock);
	return rc;
}

const struct secret_params *
secret_params(void)
{
	require_ready();
	return &frozen.params;
}

/* A lead byte of a multi-byte UTF-8 sequence, its length and the range of the byte after it. */
static const struct {
	unsigned char lead_lo, lead_hi, len, next_lo, next_hi;
} utf8_leads[] = {
	{ 0xc2, 0xdf, 2, 0x80, 0xbf }, { 0xe0, 0xe0, 3, 0xa0, 0xbf }, /* no overlong forms */
	{ 0xe1, 0xec, 3, 0x80, 0xbf }, { 0xed, 0xed, 3, 0x80, 0x9f }, /* no surrogates */
	{ 0xee, 0xef, 3, 0x80, 0xbf }, { 0xf0, 0xf0, 4, 0x90, 0xbf },
	{ 0xf1, 0xf3, 4, 0x80, 0xbf }, { 0xf4, 0xf4, 4, 0x80, 0x8f }, /* nothing past U+10FFFF */
};

/* Decodes the character at s[*i] (n bytes in all) into *cp and moves *i past it; -1 when malformed. */
static int
utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp)
{
	unsigned char c = s[*i];
	size_t k;

	if (c < 0x80) {
		*cp = c;
		*i += 1;
		return 0;
	}
	for (k = 0; k < sizeof(utf8_leads) / sizeof(utf8_leads[0]); k++) {
		if (c >= utf8_leads[k].lead_lo && c <= utf8_leads[k].lead_hi) {
			break;
		}
	}
	if (k == sizeof(utf8_leads) / sizeof(utf8_leads[0]) || n - *i < utf8_leads[k].len ||
	    s[*i + 1] < utf8_leads[k].next_lo || s[*i + 1] > utf8_leads[k].next_hi) {
		return -1;
	}
	*cp = c & (0xffu >> (utf8_leads[k].len + 1));
	for (size_t j = 1; j < utf8_leads[k].len; j++) {
		if ((s[*i + j] & 0xc0) != 0x80) {
			return -1;
		}
		*cp = (*cp << 6) | (s[*i + j] & 0x3fu);
	}
	*i += utf8_leads[k].len;
	return 0;
}

static bool
ascii_equal_fold(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen) {
		return false;
	}
	for (size_t i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z') {
			x = (unsigned char)(x - 'A' + 'a');
		}
		if (y >= 'A' && y <= 'Z') {
			y = (unsigned char)(y - 'A' + 'a');
		}
		if (x != y) {
			return false;
		}
	}
	return true;
}

/* True when password is the address or its local part, ignoring ASCII case. */
static bool
is_email(const char *password, size_t n, const char *email)
{
	const char *at;

	if (email == NULL || email[0] == '\0') {
		return false;
	}
	at = strrchr(email, '@');
	return ascii_equal_fold(password, n, email, strlen(email)) ||
	       (at != NULL && at != email && ascii_equal_fold(password, n, email, (size_t)(at - email)));
}

int
secret_password_check(const char *password, const char *email, struct err *e)
{
	const unsigned char *s = (const unsigned char *)password;
	size_t n = strnlen(password, SECRET_PASSWORD_MAX_BYTES + 1), i = 0, chars = 0;
	uint32_t cp, first = 0;
	bool all_same = true;

	if (n > SECRET_PASSWORD_MAX_BYTES) {
		return err_set(e, ERR_INVALID, "password", "password must be at most %d bytes long",
		               SECRET_PASSWORD_MAX_BYTES);
	}
	while (i < n) {
		if (utf8_next(s, n, &i, &cp) != 0) {
			return err_set(e, ERR_INVALID, "password", "password must be valid UTF-8");
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			return err_set(e, ERR_INVALID, "password", "password must not contain control characters");
		}
		if (chars == 0) {
			first = cp;
		}
		all_same = all_same && cp == first;
		chars++;
	}
	if (chars < SECRET_PASSWORD_MIN_CHARS) {
		return err_set(e, ERR_INVALID, "password", "password must be at least %d characters long (it has %zu)",
		               SECRET_PASSWORD_MIN_CHARS, chars);
	}
	if (all_same) {
		return err_set(e, ERR_INVALID, "password", "password must not be one character repeated");
	}
	if (is_email(password, n, email)) {
		return err_set(e, ERR_INVALID, "password", "password must not be the e-mail address");
	}
	return 0;
}

int
secret_password_hash(const char *password, char out[SECRET_PASSWORD_HASH_SIZE], struct err *e)
{
	size_t n = strnlen(password, SECRET_PASSWORD_MAX_BYTES + 1);

	require_ready();
	if (n > SECRET_PASSWORD_MAX_BYTES) {
		return err_set(e, ERR_INVALID, "password", "password must be at most %d bytes long",
		               SECRET_PASSWORD_MAX_BYTES);
	}
	argon2_enter();
	int rc = crypto_pwhash_str(out, password, n, frozen.params.opslimit, frozen.params.memlimit);
	argon2_leave();
	if (rc != 0) {
		return err_set(e, ERR_IO, NULL, "argon2id could not get %zu KiB of memory to hash the password",
		               frozen.params.memlimit / 1024);
	}
	return 0;
}

/*
 * Copies a stored hash into a buffer of the size libsodium's prototypes
 * declare (they may read that much); false when it does not fit.
 */
static bool
load_hash(char dst[crypto_pwhash_STRBYTES], const char *hash)
{
	size_t n = strnlen(hash, crypto_pwhash_STRBYTES);

	memset(dst, 0, crypto_pwhash_STRBYTES);
	if (n == crypto_pwhash_STRBYTES) {
		return false;
	}
	memcpy(dst, hash, n);
	return true;
}

/*
 * The dummy hash is made at the first verification, not at start-up, so a
 * server is ready in milliseconds.  Every first verification pays for it,
 * known account or not, so its timing tells nothing either.
 */
static void
ensure_dummy(void)
{
	if (atomic_load_explicit(&dummy_ready, memory_order_acquire)) {
		return;
	}
	pthread_mutex_lock(&init_lock);
	if (!atomic_load_explicit(&dummy_ready, memory_order_acquire)) {
		if (crypto_pwhash_str(frozen.dummy_hash, dummy_password, sizeof(dummy_password) - 1,
		                      frozen.params.opslimit, frozen.params.memlimit) != 0) {
			die("argon2id could not get the memory for the dummy hash");
		}
		atomic_store_explicit(&dummy_ready, true, memory_order_release);
	}
	pthread_mutex_unlock(&init_lock);
}

bool
secret_password_verify(const char *hash, const char *password)
{
	char stored[crypto_pwhash_STRBYTES];
	size_t n = strnlen(password, SECRET_PASSWORD_MAX_BYTES + 1);
	bool known;

	require_ready();
	ensure_dummy();
	if (n > SECRET_PASSWORD_MAX_BYTES) {
		return false;
	}
	known = hash != NULL && load_hash(stored, hash);
	if (!known) {
		memcpy(stored, frozen.dummy_hash, sizeof(stored));
	}
	argon2_enter();
	bool ok = crypto_pwhash_str_verify(stored, password, n) == 0;
	argon2_leave();
	return ok && known;
}

bool
secret_password_needs_rehash(const char *hash)
{
	char stored[crypto_pwhash_STRBYTES];

	require_ready();
	if (hash == NULL || !load_hash(stored, hash)) {
		return true;
	}
	return crypto_pwhash_str_needs_rehash(stored, frozen.params.opslimit, frozen.params.memlimit) != 0;
}

/* n characters drawn uniformly from alphabet (randombytes_uniform rejects the biased draws). */
static void
random_chars(char *out, size_t n, const char *alphabet)
{
	uint32_t size = (uint32_t)strlen(alphabet);

	for (size_t i = 0; i < n; i++) {
		out[i] = alphabet[randombytes_uniform(size)];
	}
	out[n] = '\0';
}

void
secret_generate_password(char out[SECRET_GENERATED_PASSWORD_SIZE])
{
	require_ready();
	do {
		random_chars(out, SECRET_GENERATED_PASSWORD_LEN, password_alphabet);
	} while (secret_password_check(out, NULL, NULL) != 0);
}

void
secret_random_token(char out[SECRET_TOKEN_SIZE])
{
	unsigned char bin[SECRET_TOKEN_BYTES];

	require_ready();
	randombytes_buf(bin, sizeof(bin));
	sodium_bin2base64(out, SECRET_TOKEN_SIZE, bin, sizeof(bin), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof(bin));
}

void
secret_api_token_new(char token[SECRET_API_TOKEN_SIZE], char id[SECRET_API_TOKEN_ID_SIZE])
{
	char secret[SECRET_TOKEN_SIZE];

	require_ready();
	random_chars(id, SECRET_API_TOKEN_ID_LEN, token_id_alphabet);
	secret_random_token(secret);
	snprintf(token, SECRET_API_TOKEN_SIZE, "%s%s_%s", SECRET_API_TOKEN_PREFIX, id, secret);
	sodium_memzero(secret, sizeof(secret));
}

static bool
is_base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int
secret_api_token_parse(const char *token, char id[SECRET_API_TOKEN_ID_SIZE], struct err *e)
{
	const size_t prefix_len = sizeof(SECRET_API_TOKEN_PREFIX) - 1, sep = prefix_len + SECRET_API_TOKEN_ID_LEN;
	bool ok;

	ok = token != NULL && strnlen(token, SECRET_API_TOKEN_LEN + 1) == SECRET_API_TOKEN_LEN &&
	     memcmp(token, SECRET_API_TOKEN_PREFIX, prefix_len) == 0 && token[sep] == '_';
	for (size_t i = prefix_len; ok && i < sep; i++) {
		ok = strchr(token_id_alphabet, token[i]) != NULL;
	}
	for (size_t i = sep + 1; ok && i < SECRET_API_TOKEN_LEN; i++) {
		ok = is_base64url(token[i]);
	}
	if (!ok) {
		return err_set(e, ERR_UNAUTHORIZED, NULL, "malformed API token (expected lvr_<id>_<secret>)");
	}
	memcpy(id, token + prefix_len, SECRET_API_TOKEN_ID_LEN);
	id[SECRET_API_TOKEN_ID_LEN] = '\0';
	return 0;
}

/* BLAKE2b-256 of text under key. */
static void
keyed_hash(unsigned char out[crypto_generichash_BYTES], const char *key, const char *text)
{
	if (crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)text, strlen(text),
	                       (const unsigned char *)key, strlen(key)) != 0) {
		die("a token hash key has a length BLAKE2b does not take");
	}
}

void
secret_token_hash(enum secret_purpose purpose, const char *token, char out[SECRET_TOKEN_HASH_SIZE])
{
	unsigned char bin[crypto_generichash_BYTES];

	require_ready();
	if ((unsigned)purpose >= SECRET_PURPOSE_COUNT) {
		die("secret_token_hash() called with an unknown purpose");
	}
	keyed_hash(bin, purpose_keys[purpose], token);
	sodium_bin2hex(out, SECRET_TOKEN_HASH_SIZE, bin, sizeof(bin));
}

bool
secret_token_hash_matches(enum secret_purpose purpose, const char *token, const char *stored_hex)
{
	char hex[SECRET_TOKEN_HASH_SIZE];

	secret_token_hash(purpose, token, hex);
	return stored_hex != NULL && secret_str_equal(hex, stored_hex);
}

void
secret_csrf_token(const char *session_id, char out[SECRET_CSRF_SIZE])
{
	unsigned char bin[crypto_generichash_BYTES];

	require_ready();
	keyed_hash(bin, csrf_key, session_id);
	sodium_bin2base64(out, SECRET_CSRF_SIZE, bin, sizeof(bin), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool
secret_csrf_verify(const char *session_id, const char *presented)
{
	char expected[SECRET_CSRF_SIZE];

	if (session_id == NULL || presented == NULL) {
		return false;
	}
	secret_csrf_token(session_id, expected);
	return secret_str_equal(expected, presented);
}

bool
secret_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

bool
secret_str_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	/* strnlen stops b at n + 1 bytes, so a long b costs no more than a short one. */
	return strnlen(b, n + 1) == n && sodium_memcmp(a, b, n) == 0;
}

void
secret_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}
