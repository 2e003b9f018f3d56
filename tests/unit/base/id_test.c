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
