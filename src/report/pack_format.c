/*
 * pack_format.c - see pack_format.h.
 */
#include "report/pack_format.h"

#include <string.h>

static const struct {
	const char *name;
	const char *content_type;
} formats[PACK_FORMAT_COUNT] = {
	[PACK_HTML] = { "html", "text/html; charset=utf-8" },
	[PACK_CSV] = { "csv", "text/csv; charset=utf-8; header=present" },
	[PACK_XLSX] = { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	[PACK_PDF] = { "pdf", "application/pdf" },
};

int
pack_format_parse(const char *s, const char *field, enum pack_format *f, struct err *e)
{
	for (int i = 0; i < PACK_FORMAT_COUNT; i++) {
		if (s != NULL && strcmp(s, formats[i].name) == 0) {
			*f = (enum pack_format)i;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID, field, "'%s' is not a pack format (html, csv, xlsx or pdf)", s != NULL ? s : "");
}

const char *
pack_format_name(enum pack_format f)
{
	return f < PACK_FORMAT_COUNT ? formats[f].name : "unknown";
}

const char *
pack_format_content_type(enum pack_format f)
{
	return f < PACK_FORMAT_COUNT ? formats[f].content_type : "application/octet-stream";
}
