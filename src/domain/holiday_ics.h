/*
 * holiday_ics.h - holiday dates from an iCalendar (.ics) file.
 *
 * Turns the all-day events of a calendar, with their recurrences, into the
 * sorted date list a Levera calendar's "holidays" takes.  It does not read
 * files, know time zones (all-day dates are local dates) or look at timed
 * events: a meeting is not a holiday.
 */
#ifndef LEVERA_DOMAIN_HOLIDAY_ICS_H
#define LEVERA_DOMAIN_HOLIDAY_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* The largest .ics text accepted, in bytes. */
#define HOLIDAY_ICS_MAX_BYTES (8u * 1024u * 1024u)

/* The most dates one call returns (more than the 84,371 days of the widest range). */
#define HOLIDAY_ICS_MAX_DATES 100000u

/* The years a caller may ask for. */
#define HOLIDAY_ICS_MIN_YEAR 1970
#define HOLIDAY_ICS_MAX_YEAR 2200

/*
 * The most recurrence instances (RRULE steps, counted from each event's
 * DTSTART) one call expands, summed over the file, and the most RRULE
 * properties it expands; past either the call fails with ERR_TOO_LARGE.
 */
#define HOLIDAY_ICS_MAX_INSTANCES 250000u
#define HOLIDAY_ICS_MAX_RULES 500u

/*
 * Sets *dates to the dates (days since 1970-01-01, ascending, each once) in
 * from_year-01-01 .. to_year-12-31 on which an all-day VEVENT of the len
 * bytes at text falls: DTSTART up to but not including DTEND (or for
 * DURATION; one day without either), repeated by RRULE and RDATE, less
 * EXDATE, with RECURRENCE-ID overrides replacing (moving or cancelling) the
 * instance they name.  STATUS:CANCELLED events and timed events count for
 * nothing.  A calendar without all-day events gives *ndates 0, not an error.
 *
 * Fails with ERR_INVALID (field "ics") when text is not iCalendar or an
 * all-day event in it cannot be read or expanded exactly (an impossible
 * date, a property libical could not parse, an RRULE libical 3.0 would get
 * wrong or search for in vain); ERR_INVALID (field "from" or "to") for
 * years outside HOLIDAY_ICS_MIN_YEAR .. HOLIDAY_ICS_MAX_YEAR or from_year
 * after to_year; ERR_TOO_LARGE (field "ics") past the ceilings above and on
 * text libical would take long over or crash on: a physical line over
 * 64 KiB, a folded content line over 1 MiB, over 64 parameters on a line,
 * components nested over 32 deep.
 *
 * text need not be NUL-terminated.  *dates is allocated with xreallocarray
 * and owned by the caller, who frees it with free(); it is NULL when
 * *ndates is 0 and on failure.
 */
int holiday_ics_dates(const char *text, size_t len, int from_year, int to_year, int64_t **dates, size_t *ndates,
                      struct err *e);

#endif
