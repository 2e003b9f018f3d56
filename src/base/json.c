/*
 * json.c - see json.h.
 */
#include "base/json.h"

#include "base/timefmt.h"

json_t *
json_instant(int64_t t)
{
	char buf[RFC3339_LEN];

	return t == TIME_NONE ? json_null() : json_string(rfc3339_format(t, buf));
}
