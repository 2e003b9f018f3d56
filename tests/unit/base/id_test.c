/*
 * id_test.c - ids are strictly increasing within a process, also within one
 * millisecond and when the clock steps back, and a neighbour is not the
 * previous id plus one.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "base/id.h"

Test(id, strictly_increasing_in_one_millisecond_and_across_a_step_back)
{
	char prev[ID_LEN + 1], cur[ID_LEN + 1];
	int plus_one = 0;

	cr_assert_geq(sodium_init(), 0);
	id_new(prev, 1772439300000);
	for (int i = 0; i < 20000; i++) {
		/* The same millisecond, then a clock that stepped back a second. */
		id_new(cur, i < 10000 ? 1772439300000 : 1772439299000);
		cr_assert(id_valid(cur));
		cr_assert_lt(strcmp(prev, cur), 0, "%s then %s", prev, cur);
		cr_assert_eq(memcmp(prev, cur, 10), 0, "the time part stays: %s then %s", prev, cur);
		plus_one += prev[ID_LEN - 1] + 1 == cur[ID_LEN - 1] && memcmp(prev, cur, ID_LEN - 1) == 0;
		memcpy(prev, cur, sizeof(cur));
	}
	cr_assert_lt(plus_one, 200, "the steps are random, not +1 (%d of 20000 were)", plus_one);
	id_new(cur, 1772439301000);
	cr_assert_lt(strcmp(prev, cur), 0);
	cr_assert_neq(memcmp(prev, cur, 10), 0, "a later millisecond moves the time part on");
}

/* An id is 26 bytes of Levera's alphabet: every other byte, anywhere in it, makes it invalid. */
Test(id, valid_only_in_the_alphabet)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	char id[ID_LEN + 2];

	memset(id, '0', ID_LEN);
	id[ID_LEN] = '\0';
	cr_assert(id_valid(id));
	for (int c = 1; c < 256; c++) {
		for (size_t at = 0; at < ID_LEN; at += ID_LEN - 1) {
			id[at] = (char)c;
			cr_assert_eq(id_valid(id), strchr(alphabet, c) != NULL, "byte %d at %zu", c, at);
			id[at] = '0';
		}
	}
	id[ID_LEN] = 'a';
	id[ID_LEN + 1] = '\0';
	cr_assert(!id_valid(id), "27 bytes");
	id[ID_LEN - 1] = '\0';
	cr_assert(!id_valid(id), "25 bytes");
}
