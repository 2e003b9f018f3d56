/*
 * pack_test.c - the review pack renderers on a realistic October pack
 * (fixtures/pack_oct.json): HTML escapes what it shows, CSV parses back
 * with the right rows and no live formula, XLSX and PDF are well-formed
 * (and are written to build/test-out/ for tests/report/), and a malformed
 * document is refused naming its field, in every format, without a crash.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "report/pack.h"
#include "report/pack_internal.h"
#include "unit/support/test_env.h"

static json_t *
load_fixture(void)
{
	char path[1024];
	json_error_t je;

	snprintf(path, sizeof path, "%s/tests/unit/report/fixtures/pack_oct.json", test_srcdir());
	json_t *doc = json_load_file(path, 0, &je);
	cr_assert_not_null(doc, "%s: %s", path, je.text);
	return doc;
}

/* Renders the fixture as f into b (max 16 MiB). */
static void
render(enum pack_format f, struct buf *b)
{
	struct err e = { 0 };
	json_t *doc = load_fixture();

	buf_init(b, 16u << 20);
	cr_assert_eq(pack_render(doc, f, b, &e), 0, "%s: %s: %s", pack_format_name(f), e.field, e.message);
	cr_assert_gt(b->len, 0);
	json_decref(doc);
}

static void
save(const struct buf *b, const char *name)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/build", test_srcdir());
	mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/build/test-out", test_srcdir());
	mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/build/test-out/%s", test_srcdir(), name);
	FILE *fp = fopen(path, "wb");
	cr_assert_not_null(fp, "cannot write %s", path);
	cr_assert_eq(fwrite(b->data, 1, b->len, fp), b->len);
	cr_assert_eq(fclose(fp), 0);
}

Test(pack, formats)
{
	enum pack_format f;
	struct err e = { 0 };

	for (int i = 0; i < PACK_FORMAT_COUNT; i++) {
		cr_assert_eq(pack_format_parse(pack_format_name((enum pack_format)i), "format", &f, &e), 0);
		cr_assert_eq((int)f, i);
	}
	cr_assert_str_eq(pack_format_content_type(PACK_PDF), "application/pdf");
	cr_assert_str_eq(pack_format_name(PACK_XLSX), "xlsx");
	cr_assert_eq(pack_format_parse("docx", "format", &f, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	cr_assert_str_eq(e.field, "format");
	cr_assert_eq(pack_format_parse(NULL, "format", &f, &e), -1);
}

Test(pack, durations_are_readable)
{
	static const struct {
		int64_t s;
		const char *text;
	} cases[] = {
		{ 14400, "4 h" }, { 1800, "30 min" },   { 187200, "2 d 4 h" }, { 17100, "4 h 45 min" },
		{ 0, "0 min" },   { 45, "45 s" },       { 86400, "1 d" },      { 90061, "1 d 1 h" },
		{ 3605, "1 h" },  { 125, "2 min 5 s" }, { -5, "0 min" },
	};
	char out[PACK_TEXT_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_str_eq(pack_duration(cases[i].s, out), cases[i].text, "%lld s", (long long)cases[i].s);
	}
	cr_assert_str_eq(pack_pct(84.625, out), "84.62 %");
	cr_assert_str_eq(pack_pct(99.999, out), "99.99 %");
	cr_assert_str_eq(pack_pct(100, out), "100 %");
	cr_assert_str_eq(pack_pct(97.5, out), "97.5 %");
	cr_assert_str_eq(pack_money("1234567.5", "EUR", out), "1,234,567.5 EUR");
	cr_assert_str_eq(pack_money("-937.50", NULL, out), "-937.50");
	cr_assert_str_eq(pack_money("12", "DKK", out), "12.00 DKK");
	cr_assert_str_eq(pack_instant("2026-10-07T12:14:00Z", out), "2026-10-07 12:14 UTC");
	cr_assert_str_eq(pack_instant("2026-10-01T00:00:00+02:00", out), "2026-10-01 00:00 +02:00");
}

Test(pack, html_escapes_and_shows_the_figures)
{
	struct buf b;

	render(PACK_HTML, &b);
	save(&b, "pack_oct.html");
	cr_assert_null(strstr(b.data, "<script"), "a script tag got through");
	cr_assert_null(strstr(b.data, "<SCRIPT"));
	cr_assert_not_null(strstr(b.data, "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"));
	cr_assert_not_null(strstr(b.data, "Nordlys Logistik A/S"));
	cr_assert_not_null(strstr(b.data, "Århus"));
	cr_assert_not_null(strstr(b.data, "84.62 %"), "the P1 resolution compliance");
	cr_assert_not_null(strstr(b.data, "<td class=\"num credit\">84.62 %</td>"), "below its 90 %% threshold");
	cr_assert_not_null(strstr(b.data, "<td class=\"num below\">97.44 %</td>"), "below 100 %%, above 95 %%");
	cr_assert_not_null(strstr(b.data, "2 d 4 h"));
	cr_assert_not_null(strstr(b.data, "INC-10423 used 4 h 45 min of business time"));
	cr_assert_not_null(strstr(b.data, "tic_01J9F3"), "a breach without a ref shows its id");
	cr_assert_not_null(strstr(b.data, "937.50 EUR"));
	cr_assert_not_null(strstr(b.data, "12,500.00 EUR"));
	cr_assert_not_null(strstr(b.data, "<svg"), "the trend chart");
	cr_assert_not_null(strstr(b.data, "Planned activities"));
	cr_assert_null(strstr(b.data, "Partial month"));
	buf_release(&b);
}

/* A tiny RFC 4180 reader: the fields of each record, NUL-separated, into rows. */
struct csv_table {
	char ***rows;
	size_t *nfields;
	size_t nrows;
};

static void
csv_read(const char *s, size_t n, struct csv_table *t)
{
	size_t i = 0;

	memset(t, 0, sizeof *t);
	while (i < n) {
		char **fields = NULL;
		size_t nf = 0;
		for (;;) {
			struct buf f;
			buf_init(&f, n + 1);
			if (s[i] == '"') {
				for (i++;; i++) {
					cr_assert_lt(i, n, "unterminated quoted field");
					if (s[i] == '"' && s[i + 1] == '"') {
						buf_append(&f, "\"", 1, NULL);
						i++;
					} else if (s[i] == '"') {
						i++;
						break;
					} else {
						buf_append(&f, s + i, 1, NULL);
					}
				}
			} else {
				while (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
					cr_assert_neq(s[i], '"', "a quote inside an unquoted field");
					buf_append(&f, s + i, 1, NULL);
					i++;
				}
			}
			fields = realloc(fields, (nf + 1) * sizeof *fields);
			fields[nf++] = f.data != NULL ? f.data : calloc(1, 1);
			if (i < n && s[i] == ',') {
				i++;
				continue;
			}
			cr_assert(i + 1 < n + 1 && s[i] == '\r' && s[i + 1] == '\n', "a record must end in CRLF at %zu",
			          i);
			i += 2;
			break;
		}
		t->rows = realloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
		t->nfields = realloc(t->nfields, (t->nrows + 1) * sizeof *t->nfields);
		t->rows[t->nrows] = fields;
		t->nfields[t->nrows++] = nf;
	}
}

static void
csv_free(struct csv_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t f = 0; f < t->nfields[r]; f++) {
			free(t->rows[r][f]);
		}
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->nfields);
}

static size_t
column(const struct csv_table *t, const char *name)
{
	for (size_t f = 0; f < t->nfields[0]; f++) {
		if (strcmp(t->rows[0][f], name) == 0) {
			return f;
		}
	}
	cr_assert_fail("no column %s", name);
	return 0;
}

static size_t
count_section(const struct csv_table *t, const char *section)
{
	size_t n = 0;
	for (size_t r = 1; r < t->nrows; r++) {
		n += strcmp(t->rows[r][0], section) == 0;
	}
	return n;
}

/* The value of column col in the first row of section whose column key is value. */
static const char *
lookup(const struct csv_table *t, const char *section, const char *key, const char *value, const char *col)
{
	size_t k = column(t, key), c = column(t, col);
	for (size_t r = 1; r < t->nrows; r++) {
		if (strcmp(t->rows[r][0], section) == 0 && strcmp(t->rows[r][k], value) == 0) {
			return t->rows[r][c];
		}
	}
	cr_assert_fail("no %s row with %s = %s", section, key, value);
	return NULL;
}

Test(pack, csv_parses_back_without_live_formulas)
{
	struct buf b;
	struct csv_table t;
	json_t *doc = load_fixture();

	render(PACK_CSV, &b);
	save(&b, "pack_oct.csv");
	csv_read(b.data, b.len, &t);
	cr_assert_str_eq(t.rows[0][0], "section");
	for (size_t r = 1; r < t.nrows; r++) {
		cr_assert_eq(t.nfields[r], t.nfields[0], "row %zu has %zu fields, the header %zu", r, t.nfields[r],
		             t.nfields[0]);
	}
	cr_assert_eq(count_section(&t, "compliance"), json_array_size(json_object_get(doc, "compliance")));
	cr_assert_eq(count_section(&t, "compliance"), 6);
	cr_assert_eq(count_section(&t, "trend"), 6 * 12);
	cr_assert_eq(count_section(&t, "breach"), 4);
	cr_assert_eq(count_section(&t, "availability"), 3);
	cr_assert_eq(count_section(&t, "csat_comment"), 4);
	cr_assert_eq(count_section(&t, "nps_comment"), 2);
	cr_assert_eq(count_section(&t, "credit"), 3);
	cr_assert_eq(count_section(&t, "agreement"), 2);
	cr_assert_eq(count_section(&t, "target"), 6);
	cr_assert_eq(count_section(&t, "improvement"), 2);
	cr_assert_eq(count_section(&t, "planned_activity"), 2);

	/* Text that a spreadsheet would run is neutralised; numbers, negative ones too, stay numbers. */
	cr_assert_str_eq(lookup(&t, "csat_comment", "ticket", "tic_01J8S5", "comment"),
	                 "'=HYPERLINK(\"http://evil.example/x\",\"click me\")");
	cr_assert_str_eq(lookup(&t, "nps_comment", "score", "3", "comment"), "'-5 stars for the scanner issue, sorry");
	cr_assert_str_eq(lookup(&t, "nps_comment", "score", "9", "comment"),
	                 "'@team: the new dashboard is very useful");
	cr_assert_str_eq(lookup(&t, "summary", "name", "nps_score", "value"), "-12");
	cr_assert_not_null(strstr(b.data, ",-12,"), "a negative number is written bare");
	cr_assert_str_eq(lookup(&t, "csat_comment", "ticket", "tic_01J8R1", "comment"),
	                 "Great help from \"Mette\", quick, friendly, and clear.\nThanks from everyone in Århus!");
	cr_assert_str_eq(lookup(&t, "compliance", "priority", "P2", "compliance_pct"), "97.44");
	cr_assert_str_eq(lookup(&t, "compliance", "priority", "P3", "compliance_pct"), "", "null stays empty");
	cr_assert_str_eq(lookup(&t, "breach", "ticket", "tic_01J8Q2", "elapsed_business_s"), "17100");
	cr_assert_str_eq(lookup(&t, "breach", "ticket", "tic_01J9F3", "ref"), "");
	cr_assert_str_eq(lookup(&t, "credit", "amount", "312.50", "currency"), "EUR");
	cr_assert_str_eq(lookup(&t, "summary", "name", "credit_total", "amount"), "937.50");
	for (size_t r = 1; r < t.nrows; r++) {
		for (size_t f = 0; f < t.nfields[r]; f++) {
			const char *v = t.rows[r][f];
			char *end;
			if (v[0] == '=' || v[0] == '+' || v[0] == '@') {
				cr_assert_fail("row %zu field %zu starts a formula: %s", r, f, v);
			}
			if (v[0] == '-') {
				strtod(v, &end);
				cr_assert_eq(*end, '\0', "row %zu field %zu is text starting with '-': %s", r, f, v);
			}
		}
	}
	csv_free(&t);
	json_decref(doc);
	buf_release(&b);
}

Test(pack, xlsx_is_a_zip)
{
	struct buf b;

	render(PACK_XLSX, &b);
	cr_assert_gt(b.len, 4000);
	cr_assert(memcmp(b.data, "PK\x03\x04", 4) == 0, "not a zip");
	save(&b, "pack_oct.xlsx");
	buf_release(&b);
}

Test(pack, pdf_is_a_pdf)
{
	struct buf b;

	render(PACK_PDF, &b);
	cr_assert(memcmp(b.data, "%PDF-", 5) == 0, "not a PDF");
	cr_assert_not_null(strstr(b.data + b.len - 32, "%%EOF"));
	save(&b, "pack_oct.pdf");
	buf_release(&b);

	/* Seventy breaches run over pages: tests/report checks the header row repeats. */
	json_t *doc = load_fixture();
	json_t *list = json_object_get(doc, "breaches");
	struct err e = { 0 };
	for (int i = 0; i < 70; i++) {
		json_array_append_new(list, json_deep_copy(json_array_get(list, (size_t)i % 4)));
	}
	buf_init(&b, 16u << 20);
	cr_assert_eq(pack_render(doc, PACK_PDF, &b, &e), 0, "%s: %s", e.field, e.message);
	save(&b, "pack_long.pdf");
	buf_release(&b);
	json_decref(doc);
}

/* Sets the value at path (dots and [i]) in doc; NULL value removes it. */
static void
set_path(json_t *doc, const char *path, json_t *value)
{
	char key[128];
	json_t *parent = doc;
	const char *p = path;

	for (;;) {
		size_t n = strcspn(p, ".[");
		json_t *child;
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		child = json_object_get(parent, key);
		p += n;
		while (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*(end + 1) == '\0') {
				json_array_set_new(child, (size_t)i, value);
				return;
			}
			child = json_array_get(child, (size_t)i);
			p = end + 1;
		}
		if (*p == '\0') {
			if (value == NULL) {
				json_object_del(parent, key);
			} else {
				json_object_set_new(parent, key, value);
			}
			return;
		}
		parent = child;
		p++;
	}
}

Test(pack, malformed_documents_name_the_field)
{
	static const struct {
		const char *path;
		const char *json; /* NULL: removed */
	} cases[] = {
		{ "compliance[2].trend[3].met", "\"7\"" },
		{ "compliance[0].compliance", "101" },
		{ "compliance[1].trend[0].month", "\"2025-13\"" },
		{ "customer", NULL },
		{ "customer.name", "null" },
		{ "breaches[1].breached_at", "\"yesterday\"" },
		{ "breaches[0].target_s", "-1" },
		{ "credits.total", "\"1,000\"" },
		{ "credits.lines[2].applies", "1" },
		{ "agreements[0].services[1]", "3" },
		{ "availability[2]", "[]" },
		{ "csat.comments", "{}" },
		{ "nps.score", "\"high\"" },
		{ "partial", "\"no\"" },
		{ "improvements[0].title", "null" },
		{ "planned_activities", "7" },
		{ "month", "\"October\"" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int f = 0; f < PACK_FORMAT_COUNT; f++) {
			json_t *doc = load_fixture();
			struct buf b;
			struct err e = { 0 };
			set_path(doc, cases[i].path,
			         cases[i].json != NULL ? json_loads(cases[i].json, JSON_DECODE_ANY, NULL) : NULL);
			buf_init(&b, 16u << 20);
			cr_assert_eq(pack_render(doc, (enum pack_format)f, &b, &e), -1, "%s accepted", cases[i].path);
			cr_assert_eq(e.code, ERR_INVALID);
			cr_assert_str_eq(e.field, cases[i].path, "%s", e.message);
			cr_assert_eq(b.len, 0);
			buf_release(&b);
			json_decref(doc);
		}
	}
}

Test(pack, trend_months_must_agree)
{
	json_t *doc = load_fixture();
	struct buf b;
	struct err e = { 0 };

	set_path(doc, "compliance[4].trend[5].month", json_string("2026-05"));
	buf_init(&b, 1u << 20);
	cr_assert_eq(pack_render(doc, PACK_HTML, &b, &e), -1);
	cr_assert_str_eq(e.field, "compliance[4].trend");
	cr_assert_eq(pack_render(json_null(), PACK_CSV, &b, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	buf_release(&b);
	json_decref(doc);
}

/* Every value of the document replaced by each wrong kind: refused or rendered, never a crash. */
static void
mutate_all(json_t *root, json_t *v, int *n)
{
	static const char *const wrong[] = { "null", "\"x\"", "-3", "1e300", "{}", "[]", "true", "\"=1+2\"" };
	const char *key;
	json_t *child;
	void *tmp;

	if (json_is_object(v)) {
		json_object_foreach_safe(v, tmp, key, child)
		{
			for (size_t w = 0; w < sizeof wrong / sizeof wrong[0]; w++) {
				json_t *saved = json_incref(child);
				struct buf b;
				struct err e = { 0 };
				json_object_set_new(v, key, json_loads(wrong[w], JSON_DECODE_ANY, NULL));
				buf_init(&b, 1u << 20);
				if (pack_render(root, (*n)++ % 3 == 0 ? PACK_CSV : PACK_HTML, &b, &e) != 0) {
					cr_assert(e.code == ERR_INVALID && e.field[0] != '\0', "%s: %s", key,
					          e.message);
				}
				buf_release(&b);
				json_object_set_new(v, key, saved);
			}
			mutate_all(root, json_object_get(v, key), n);
		}
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		mutate_all(root, json_array_get(v, 0), n);
	}
}

Test(pack, every_wrong_value_is_refused_or_rendered, .timeout = 120)
{
	json_t *doc = load_fixture();
	int n = 0;

	/* Shorter trends keep the run quick; the months still agree. */
	json_t *rows = json_object_get(doc, "compliance");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *t = json_object_get(json_array_get(rows, i), "trend");
		while (json_array_size(t) > 2) {
			json_array_remove(t, 0);
		}
	}
	mutate_all(doc, doc, &n);
	cr_assert_gt(n, 500);
	json_decref(doc);
}

Test(pack, a_full_buffer_is_too_large_in_every_format)
{
	json_t *doc = load_fixture();

	for (int f = 0; f < PACK_FORMAT_COUNT; f++) {
		struct buf b;
		struct err e = { 0 };
		buf_init(&b, 2000);
		cr_assert_eq(pack_render(doc, (enum pack_format)f, &b, &e), -1, "%s fits in 2000 bytes",
		             pack_format_name((enum pack_format)f));
		cr_assert_eq(e.code, ERR_TOO_LARGE, "%s: %s", pack_format_name((enum pack_format)f), e.message);
		cr_assert_eq(b.len, 0);
		buf_release(&b);
	}
	json_decref(doc);
}

/* Texts past what a cell, a label or a line holds are cut between characters, in every format. */
Test(pack, long_texts_are_cut_not_refused)
{
	json_t *doc = load_fixture();
	struct buf big;

	buf_init(&big, 1u << 20);
	for (int i = 0; i < 20000; i++) {
		buf_append_str(&big, i % 7 == 0 ? " " : "Å", NULL);
	}
	set_path(doc, "csat.comments[1].comment", json_string(big.data));
	set_path(doc, "breaches[0].subject", json_string(big.data));
	/* A series name of 80 bytes would cut the 40th "Å" in two. */
	set_path(doc, "compliance[0].agreement", json_string("ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ"));
	set_path(doc, "credits.currency", json_string("€€€€€€€€€€"));
	for (int f = 0; f < PACK_FORMAT_COUNT; f++) {
		struct buf b;
		struct err e = { 0 };
		buf_init(&b, 32u << 20);
		cr_assert_eq(pack_render(doc, (enum pack_format)f, &b, &e), 0, "%s: %s: %s",
		             pack_format_name((enum pack_format)f), e.field, e.message);
		buf_release(&b);
	}
	buf_release(&big);
	json_decref(doc);
}
