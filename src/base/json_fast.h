/*
 * json_fast.h - jansson values from JSON text, and JSON text from jansson
 * values, faster than jansson does it, for the import's hot path.
 *
 * The parser accepts exactly what json_loadb(..., JSON_REJECT_DUPLICATES)
 * accepts and builds the same values; whatever it does not take on itself
 * (an error, deep nesting, a long number) it hands to json_loadb, so the
 * errors are jansson's own.  The writer writes what json_dumpb(...,
 * JSON_COMPACT) writes, byte for byte.
 */
#ifndef LEVERA_BASE_JSON_FAST_H
#define LEVERA_BASE_JSON_FAST_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/*
 * Parses len bytes of text as json_loadb(text, len, JSON_REJECT_DUPLICATES,
 * jerr) does.  Returns a new reference (the caller owns it), or NULL with
 * jerr filled by jansson.
 */
json_t *json_fast_loadb(const char *text, size_t len, json_error_t *jerr);

/*
 * Appends v as json_dumpb(v, ..., JSON_COMPACT | JSON_ENCODE_ANY) writes it
 * (keys in their order, strings as UTF-8).  -1 with ERR_TOO_LARGE when b's
 * ceiling is reached; b then holds a part of it.
 */
int json_fast_dump_compact(const json_t *v, struct buf *b, struct err *e);

#endif
