/*
 * secret_test.c - passwords, tokens and CSRF tokens: Argon2id round trips
 * (at the cheapest cost, via the frozen parameters), the password policy,
 * token formats and uniqueness, keyed token hashes pinned by known answers.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "unit/support/test_env.h"

static void
init_cheap(void)
{
	struct err e;

	cr_assert_eq(secret_init(&SECRET_PARAMS_TEST, &e), 0, "%s", e.message);
}

TestSuite(secret, .init = init_cheap);

Test(secret_init, rejects_bad_parameters_then_freezes)
{
	struct secret_params none = { 0, SECRET_PARAMS_TEST.memlimit }, tiny = { 1, 1024 };
	struct err e;

	cr_assert_eq(secret_init(&none, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "opslimit");
	cr_assert_eq(secret_init(&tiny, &e), -1);
	cr_assert_str_eq(e.field, "memlimit");
	cr_assert_eq(secret_init(&SECRET_PARAMS_TEST, &e), 0, "%s", e.message);
	cr_assert_eq(secret_init(&SECRET_PARAMS_TEST, &e), 0, "the same parameters again are a no-op");
	cr_assert_eq(secret_init(NULL, &e), -1, "the frozen parameters cannot change");
	cr_assert_eq(e.code, ERR_INTERNAL);
	cr_assert_eq(secret_params()->opslimit, SECRET_PARAMS_TEST.opslimit);
	cr_assert_eq(secret_params()->memlimit, SECRET_PARAMS_TEST.memlimit);
}

Test(secret_init, interactive_is_libsodiums_interactive_argon2id)
{
	cr_assert_eq(SECRET_PARAMS_INTERACTIVE.opslimit, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
	cr_assert_eq(SECRET_PARAMS_INTERACTIVE.memlimit, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
	cr_assert_eq(SECRET_PARAMS_INTERACTIVE.memlimit, 64u << 20);
}

Test(secret_init, use_before_init_aborts, .signal = SIGABRT)
{
	char token[SECRET_TOKEN_SIZE];

	cr_assert_not_null(freopen("/dev/null", "w", stderr), "the expected fatal message is not noise");
	secret_random_token(token);
}

Test(secret, hash_and_verify)
{
	char h1[SECRET_PASSWORD_HASH_SIZE], h2[SECRET_PASSWORD_HASH_SIZE];
	struct err e;

	cr_assert_eq(secret_password_hash("correct horse battery staple", h1, &e), 0, "%s", e.message);
	cr_assert_eq(strncmp(h1, "$argon2id$v=19$m=8,t=1,p=1$", 27), 0, "%s", h1);
	cr_assert(secret_password_verify(h1, "correct horse battery staple"));
	cr_assert_not(secret_password_verify(h1, "correct horse battery stapl"));
	cr_assert_not(secret_password_verify(h1, "Correct horse battery staple"));
	cr_assert_not(secret_password_verify(h1, ""));
	cr_assert_eq(secret_password_hash("correct horse battery staple", h2, &e), 0);
	cr_assert_str_neq(h1, h2, "each hash has its own salt");
	cr_assert(secret_password_verify(h2, "correct horse battery staple"));
}

Test(secret, verify_refuses_unknown_accounts_and_bad_input)
{
	char h[SECRET_PASSWORD_HASH_SIZE], long_hash[300];
	char *big = malloc(SECRET_PASSWORD_MAX_BYTES + 2);
	struct err e;

	memset(big, 'x', SECRET_PASSWORD_MAX_BYTES + 1);
	big[SECRET_PASSWORD_MAX_BYTES + 1] = '\0';
	cr_assert_not(secret_password_verify(NULL, "correct horse battery staple"), "no account: false, same work");
	cr_assert_not(secret_password_verify(NULL, "levera: no such account"), "the dummy never matches");
	cr_assert_not(secret_password_verify("not a hash", "correct horse battery staple"));
	memset(long_hash, 'a', sizeof(long_hash) - 1);
	long_hash[sizeof(long_hash) - 1] = '\0';
	cr_assert_not(secret_password_verify(long_hash, "correct horse battery staple"));
	cr_assert_eq(secret_password_hash(big, h, &e), -1, "1025 bytes are refused before hashing");
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "password");
	cr_assert_not(secret_password_verify(h, big));
	big[SECRET_PASSWORD_MAX_BYTES] = '\0';
	cr_assert_eq(secret_password_hash(big, h, &e), 0, "1024 bytes are fine");
	cr_assert(secret_password_verify(h, big));
	free(big);
}

Test(secret, needs_rehash_when_the_parameters_change)
{
	char current[SECRET_PASSWORD_HASH_SIZE], older[crypto_pwhash_STRBYTES], bigger[crypto_pwhash_STRBYTES];
	struct err e;

	cr_assert_eq(secret_password_hash("correct horse battery staple", current, &e), 0);
	cr_assert_not(secret_password_needs_rehash(current));
	/* Hashes made under other costs, as if the frozen parameters had changed since. */
	cr_assert_eq(crypto_pwhash_str(older, "pw", 2, 2, crypto_pwhash_argon2id_MEMLIMIT_MIN), 0);
	cr_assert_eq(crypto_pwhash_str(bigger, "pw", 2, 1, 2 * crypto_pwhash_argon2id_MEMLIMIT_MIN), 0);
	cr_assert(secret_password_needs_rehash(older));
	cr_assert(secret_password_needs_rehash(bigger));
	cr_assert(secret_password_verify(older, "pw"), "an old hash still verifies, so it can be replaced");
	cr_assert(secret_password_needs_rehash("$2y$10$notargon2atall"));
	cr_assert(secret_password_needs_rehash(""));
	cr_assert(secret_password_needs_rehash(NULL));
}

static const struct {
	const char *password, *email, *complaint; /* complaint NULL: accepted */
} policy_cases[] = {
	{ "correct horse battery staple", "alice@example.com", NULL },
	{ "abcdefghijkl", NULL, NULL },
	{ "abcdefghijk", NULL, "at least 12 characters long (it has 11)" },
	{ "", NULL, "at least 12 characters" },
	{ "aaaaaaaaaaaaaaaaaaaa", NULL, "one character repeated" },
	{ "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6", NULL,
	  "one character repeated" },
	/* Characters, not bytes: eleven two-byte letters are 22 bytes but too short; twelve are fine. */
	{ "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xb8", NULL,
	  "(it has 11)" },
	{ "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xb8\xc3\xb8", NULL,
	  NULL },
	{ "\xf0\x9f\x94\x91 key emoji ok", NULL, NULL },
	{ "alice.smithers@example.com", "Alice.Smithers@Example.COM", "the e-mail address" },
	{ "ALICE.SMITHERS", "alice.smithers@example.com", "the e-mail address" },
	{ "alice.smithers@example.com", NULL, NULL },
	{ "alice.smithers2", "alice.smithers@example.com", NULL },
	{ "bad\xff utf-8 password", NULL, "valid UTF-8" },
	{ "overlong \xc0\xaf slash!", NULL, "valid UTF-8" },
	{ "surrogate \xed\xa0\x80 half!", NULL, "valid UTF-8" },
	{ "beyond unicode \xf4\x90\x80\x80", NULL, "valid UTF-8" },
	{ "cut off at the end \xe2\x82", NULL, "valid UTF-8" },
	{ "a tab\there is odd", NULL, "control characters" },
	{ "trailing newline from stdin\n", NULL, "control characters" },
	{ "c1 control \xc2\x85 inside", NULL, "control characters" },
};

Test(secret, password_policy)
{
	struct err e;

	for (size_t i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
		const char *pw = policy_cases[i].password, *want = policy_cases[i].complaint;
		int rc = secret_password_check(pw, policy_cases[i].email, &e);
		if (want == NULL) {
			cr_assert_eq(rc, 0, "case %zu: %s", i, e.message);
			continue;
		}
		cr_assert_eq(rc, -1, "case %zu was accepted", i);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "password");
		cr_assert_not_null(strstr(e.message, want), "case %zu: '%s' lacks '%s'", i, e.message, want);
		cr_assert(strlen(pw) < 4 || strstr(e.message, pw) == NULL, "case %zu: the message quotes the password",
		          i);
	}
}

Test(secret, password_policy_byte_ceiling)
{
	char *pw = malloc(SECRET_PASSWORD_MAX_BYTES + 2);
	struct err e;

	for (size_t i = 0; i <= SECRET_PASSWORD_MAX_BYTES; i++) {
		pw[i] = (char)('a' + i % 26);
	}
	pw[SECRET_PASSWORD_MAX_BYTES + 1] = '\0';
	cr_assert_eq(secret_password_check(pw, NULL, &e), -1);
	cr_assert_not_null(strstr(e.message, "at most 1024 bytes"), "%s", e.message);
	pw[SECRET_PASSWORD_MAX_BYTES] = '\0';
	cr_assert_eq(secret_password_check(pw, NULL, &e), 0, "%s", e.message);
	free(pw);
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts n strings and fails if two are equal. */
static void
assert_distinct(char **s, size_t n, const char *what)
{
	qsort(s, n, sizeof(*s), compare_strings);
	for (size_t i = 1; i < n; i++) {
		cr_assert_str_neq(s[i - 1], s[i], "two %s are equal", what);
	}
}

Test(secret, generated_passwords)
{
	static const char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t n = 2000 / (size_t)test_scale(), seen[128] = { 0 };
	char **all = calloc(n, sizeof(*all));
	struct err e;

	for (size_t i = 0; i < n; i++) {
		char pw[SECRET_GENERATED_PASSWORD_SIZE];
		secret_generate_password(pw);
		cr_assert_eq(strlen(pw), 20);
		cr_assert_eq(strspn(pw, alphabet), 20, "'%s' has a character outside the alphabet", pw);
		cr_assert_eq(secret_password_check(pw, NULL, &e), 0, "%s", e.message);
		for (size_t k = 0; k < 20; k++) {
			seen[(unsigned char)pw[k]]++;
		}
		all[i] = strdup(pw);
	}
	cr_assert_eq(strlen(alphabet), 56, "0 O o 1 l I are left out");
	for (const char *c = alphabet; *c != '\0'; c++) {
		/* Each character is expected 20n/56 times (714, or 178 when thinned); none may be missing or rare. */
		cr_assert(seen[(unsigned char)*c] > 20 * n / 56 / 2, "'%c' drawn %zu times", *c,
		          seen[(unsigned char)*c]);
	}
	assert_distinct(all, n, "generated passwords");
	for (size_t i = 0; i < n; i++) {
		free(all[i]);
	}
	free(all);
}

Test(secret, random_tokens_are_url_safe_and_unique)
{
	enum { N = 10000 };
	char **all = calloc(N, sizeof(*all));
	unsigned char bin[64];
	size_t bin_len;

	for (size_t i = 0; i < N; i++) {
		char t[SECRET_TOKEN_SIZE];
		secret_random_token(t);
		cr_assert_eq(strlen(t), 43);
		cr_assert_eq(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43, "%s",
		             t);
		cr_assert_eq(sodium_base642bin(bin, sizeof(bin), t, strlen(t), NULL, &bin_len, NULL,
		                               sodium_base64_VARIANT_URLSAFE_NO_PADDING),
		             0);
		cr_assert_eq(bin_len, 32);
		all[i] = strdup(t);
	}
	assert_distinct(all, N, "tokens");
	for (size_t i = 0; i < N; i++) {
		free(all[i]);
	}
	free(all);
}

Test(secret, api_tokens_carry_their_id)
{
	enum { N = 10000 };
	char **tokens = calloc(N, sizeof(*tokens)), **ids = calloc(N, sizeof(*ids));
	struct err e;

	for (size_t i = 0; i < N; i++) {
		char t[SECRET_API_TOKEN_SIZE], id[SECRET_API_TOKEN_ID_SIZE], parsed[SECRET_API_TOKEN_ID_SIZE];
		secret_api_token_new(t, id);
		cr_assert_eq(strlen(t), SECRET_API_TOKEN_LEN);
		cr_assert_eq(strlen(t), 60);
		cr_assert_eq(strncmp(t, "lvr_", 4), 0, "%s", t);
		cr_assert_eq(strlen(id), 12);
		cr_assert_eq(strspn(id, "0123456789abcdefghjkmnpqrstvwxyz"), 12, "%s", id);
		cr_assert_eq(memcmp(t + 4, id, 12), 0);
		cr_assert_eq(t[16], '_');
		cr_assert_eq(secret_api_token_parse(t, parsed, &e), 0, "%s: %s", t, e.message);
		cr_assert_str_eq(parsed, id);
		tokens[i] = strdup(t);
		ids[i] = strdup(id);
	}
	assert_distinct(tokens, N, "API tokens");
	assert_distinct(ids, N, "API token ids");
	for (size_t i = 0; i < N; i++) {
		free(tokens[i]);
		free(ids[i]);
	}
	free(tokens);
	free(ids);
}

Test(secret, malformed_api_tokens_are_unauthorized)
{
	static const char *const bad[] = {
		"",
		"lvr_",
		"lvx_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789ab-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789aB_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789ai_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789a__AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
		"lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"Bearer lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	char id[SECRET_API_TOKEN_ID_SIZE];
	struct err e;

	cr_assert_eq(secret_api_token_parse("lvr_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", id, &e), 0,
	             "%s", e.message);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(secret_api_token_parse(bad[i], id, &e), -1, "'%s' was accepted", bad[i]);
		cr_assert_eq(e.code, ERR_UNAUTHORIZED);
		cr_assert_eq(err_http_status(e.code), 401);
	}
	cr_assert_eq(secret_api_token_parse(NULL, id, &e), -1);
}

Test(secret, token_hashes_are_stable_keyed_and_pinned)
{
	char a[SECRET_TOKEN_HASH_SIZE], b[SECRET_TOKEN_HASH_SIZE], t[SECRET_TOKEN_SIZE];

	/* Known answers: changing a key would invalidate every stored session and API token. */
	secret_token_hash(SECRET_PURPOSE_SESSION, "session-one", a);
	cr_assert_str_eq(a, "d4471afc25506f35cf418a5ee26da328591f31ac6445861a1b36139e51ec54cf");
	secret_token_hash(SECRET_PURPOSE_API_TOKEN, "session-one", b);
	cr_assert_str_eq(b, "e108209d11bf8e069540a75b300f8968c7b0c0eebcd83c82beb84aa60114fbcc");
	cr_assert_str_neq(a, b, "each purpose has its own key");
	cr_assert_eq(strspn(a, "0123456789abcdef"), 64);

	secret_random_token(t);
	secret_token_hash(SECRET_PURPOSE_SESSION, t, a);
	secret_token_hash(SECRET_PURPOSE_SESSION, t, b);
	cr_assert_str_eq(a, b);
	cr_assert(secret_token_hash_matches(SECRET_PURPOSE_SESSION, t, a));
	cr_assert_not(secret_token_hash_matches(SECRET_PURPOSE_API_TOKEN, t, a));
	cr_assert_not(secret_token_hash_matches(SECRET_PURPOSE_SESSION, "another token", a));
	a[63] = a[63] == '0' ? '1' : '0';
	cr_assert_not(secret_token_hash_matches(SECRET_PURPOSE_SESSION, t, a));
	a[63] = '\0';
	cr_assert_not(secret_token_hash_matches(SECRET_PURPOSE_SESSION, t, a), "a truncated hash never matches");
	cr_assert_not(secret_token_hash_matches(SECRET_PURPOSE_SESSION, t, NULL));

	/* Unkeyed BLAKE2b of the token is not what is stored. */
	unsigned char plain[32];
	char plain_hex[65];
	crypto_generichash(plain, sizeof(plain), (const unsigned char *)t, strlen(t), NULL, 0);
	sodium_bin2hex(plain_hex, sizeof(plain_hex), plain, sizeof(plain));
	cr_assert_str_neq(plain_hex, b);
}

Test(secret, csrf_tokens_follow_the_session)
{
	char sid[SECRET_TOKEN_SIZE], other[SECRET_TOKEN_SIZE], csrf[SECRET_CSRF_SIZE], again[SECRET_CSRF_SIZE];
	char hashed[SECRET_TOKEN_HASH_SIZE], csrf_hex[65], longer[SECRET_CSRF_SIZE + 1];
	unsigned char bin[32];
	size_t bin_len;

	secret_random_token(sid);
	secret_random_token(other);
	secret_csrf_token(sid, csrf);
	secret_csrf_token(sid, again);
	cr_assert_str_eq(csrf, again, "derived, so nothing is stored");
	cr_assert_eq(strlen(csrf), 43);
	cr_assert(secret_csrf_verify(sid, csrf));
	cr_assert_not(secret_csrf_verify(other, csrf));
	cr_assert_not(secret_csrf_verify(sid, ""));
	cr_assert_not(secret_csrf_verify(sid, NULL));
	cr_assert_not(secret_csrf_verify(NULL, csrf));
	cr_assert_not(secret_csrf_verify(sid, sid), "the session id is not its own CSRF token");
	snprintf(longer, sizeof(longer), "%sA", csrf);
	cr_assert_not(secret_csrf_verify(sid, longer));
	again[42] = '\0';
	cr_assert_not(secret_csrf_verify(sid, again));
	snprintf(again, sizeof(again), "%s", csrf);
	again[0] = again[0] == 'A' ? 'B' : 'A';
	cr_assert_not(secret_csrf_verify(sid, again));

	/* The CSRF token and the stored session hash are different functions of the id. */
	cr_assert_eq(sodium_base642bin(bin, sizeof(bin), csrf, strlen(csrf), NULL, &bin_len, NULL,
	                               sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	             0);
	sodium_bin2hex(csrf_hex, sizeof(csrf_hex), bin, bin_len);
	secret_token_hash(SECRET_PURPOSE_SESSION, sid, hashed);
	cr_assert_str_neq(csrf_hex, hashed);
}

Test(secret, constant_time_comparison)
{
	unsigned char x[32], y[32];

	randombytes_buf(x, sizeof(x));
	memcpy(y, x, sizeof(y));
	cr_assert(secret_equal(x, y, sizeof(x)));
	cr_assert(secret_equal(x, y, 0));
	y[0] ^= 1;
	cr_assert_not(secret_equal(x, y, sizeof(x)));
	y[0] ^= 1;
	y[31] ^= 0x80;
	cr_assert_not(secret_equal(x, y, sizeof(x)));
	cr_assert(secret_str_equal("abc", "abc"));
	cr_assert(secret_str_equal("", ""));
	cr_assert_not(secret_str_equal("abc", "abd"));
	cr_assert_not(secret_str_equal("abc", "ab"));
	cr_assert_not(secret_str_equal("ab", "abc"));
	cr_assert_not(secret_str_equal("", "a"));
}

Test(secret, wipe)
{
	char pw[32] = "correct horse battery staple";

	secret_wipe(pw, sizeof(pw));
	for (size_t i = 0; i < sizeof(pw); i++) {
		cr_assert_eq(pw[i], 0);
	}
}
