/*
 * calendar.h - the calendar document: its JSON form, its rules, its zone.
 *
 *   {"name": "Copenhagen office", "timezone": "Europe/Copenhagen",
 *    "week": {"mon": ["08:00-12:00", "12:30-16:00"], ..., "sun": []},
 *    "holidays": ["2026-12-24", "2026-12-25"]}
 *
 * A weekday left out is closed.  Every rejection names the field at fault
 * ("week.mon[1]", "holidays[3]", "timezone").  Compilation and queries are
 * sla/calendar.h's; this layer turns documents into a struct cal_spec.
 */
#ifndef LEVERA_DOMAIN_CALENDAR_H
#define LEVERA_DOMAIN_CALENDAR_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"
#include "sla/calendar.h"
#include "sla/tz.h"

/* Largest calendar document accepted, in bytes. */
#define CALENDAR_DOC_MAX_BYTES (1024 * 1024)
#define CALENDAR_MAX_HOLIDAYS 20000

/* Fills spec from a parsed document; on failure spec is left empty. */
int calendar_from_json(struct cal_spec *spec, const json_t *doc, struct err *e);

/* Parses and checks the document text (at most CALENDAR_DOC_MAX_BYTES). */
int calendar_from_text(struct cal_spec *spec, const char *text, size_t len, struct err *e);

/* The document form of spec, a new reference owned by the caller. */
json_t *calendar_to_json(const struct cal_spec *spec);

/* Loads zone name from the system tz database into z (release with tz_release). */
int calendar_zone_load(struct tz *z, const char *name, struct err *e);

/*
 * Parses, loads the zone and compiles for CAL_FIRST_YEAR..CAL_LAST_YEAR:
 * the one call a command needs.  On success the caller releases all three.
 */
int calendar_open(const char *text, size_t len, struct cal_spec *spec, struct tz *z, struct calendar *cal,
                  struct err *e);

/* "mon".."sun" for 0..6. */
const char *calendar_weekday_key(int weekday);

/*
 * The calendar's hours in words for people, e.g. "Mon–Fri 08:00–16:00
 * (Europe/Copenhagen), except holidays" or "24 × 7 (UTC)"; the caller frees it.
 */
char *calendar_hours_text(const struct cal_spec *spec);

#endif
