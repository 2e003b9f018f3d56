/*
 * holiday_ics_rule.h - vetting the RRULEs of all-day events for libical 3.0.
 *
 * Says whether libical can expand a rule faithfully to RFC 5545 and quickly,
 * and mends the one reading where it differs.  It expands nothing itself and
 * knows nothing of timed rules.
 */
#ifndef LEVERA_DOMAIN_HOLIDAY_ICS_RULE_H
#define LEVERA_DOMAIN_HOLIDAY_ICS_RULE_H

#include <libical/ical.h>

/*
 * Checks r, a rule of an all-day event whose DTSTART is the DATE dtstart,
 * and rewrites it in place where libical 3.0 reads RFC 5545 differently
 * (YEARLY;BYMONTHDAY without BYMONTH).  Returns NULL when libical can then
 * expand r, or a static phrase saying why not, for an error message: rules
 * no date satisfies (libical would search every period up to the year
 * 2582), shapes libical gets wrong or crashes on, and sub-daily parts.
 */
const char *holiday_rule_vet(struct icalrecurrencetype *r, struct icaltimetype dtstart);

#endif
