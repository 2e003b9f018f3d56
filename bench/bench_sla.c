/*
 * bench_sla.c - the business-time engine's figures, printed for `make bench`.
 *
 * Measures, on one core: due and elapsed operations per second on a
 * two-interval weekday calendar with 30 holidays a year over 2000-2100;
 * compiling that calendar for its 100-year span; evaluating the clocks of
 * 1,000,000 tickets of about six events.  With --due-lines N it instead
 * writes N 'START SECONDS' lines for timing `levera calendar due`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "domain/calendar.h"
#include "sla/clock.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int64_t
rng_between(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The benchmark calendar's JSON: Copenhagen, two intervals a weekday, 30 weekday holidays a year. */
static char *
calendar_text(void)
{
	size_t cap = 1 << 20, len = 0;
	char *text = malloc(cap);
	char date[11];

	len += (size_t)snprintf(text + len, cap - len,
	                        "{\"name\":\"bench\",\"timezone\":\"Europe/Copenhagen\",\"week\":{"
	                        "\"mon\":[\"08:00-12:00\",\"12:30-16:00\"],\"tue\":[\"08:00-12:00\",\"12:30-16:00\"],"
	                        "\"wed\":[\"08:00-12:00\",\"12:30-16:00\"],\"thu\":[\"08:00-12:00\",\"12:30-16:00\"],"
	                        "\"fri\":[\"08:00-12:00\",\"12:30-16:00\"]},\"holidays\":[");
	for (int y = 2000; y <= 2100; y++) {
		int picked = 0;
		while (picked < 30) {
			int64_t d = days_from_civil(y, 1, 1) + rng_between(0, 364);
			if (weekday_from_days(d) >= 5) {
				continue;
			}
			len += (size_t)snprintf(text + len, cap - len, "%s\"%s\"",
			                        len > 0 && text[len - 1] == '[' ? "" : ",", date_format(d, date));
			picked++;
		}
	}
	snprintf(text + len, cap - len, "]}");
	return text;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct cal_spec spec;
	struct tz zone;
	struct calendar cal;
	struct err e;
	char *text = calendar_text();
	int64_t lo = days_from_civil(2000, 1, 1) * 86400, hi = days_from_civil(2099, 12, 1) * 86400;

	if (argc == 3 && strcmp(argv[1], "--due-lines") == 0) {
		long n = strtol(argv[2], NULL, 10);
		char when[RFC3339_LEN];
		for (long i = 0; i < n; i++) {
			printf("%s %lld\n",
			       rfc3339_format(rng_between(days_from_civil(2020, 1, 1) * 86400,
			                                  days_from_civil(2030, 1, 1) * 86400),
			                      when),
			       (long long)rng_between(0, 5 * 28800));
		}
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--calendar") == 0) {
		puts(text);
		return 0;
	}
	if (calendar_from_text(&spec, text, strlen(text), &e) != 0 ||
	    calendar_zone_load(&zone, spec.timezone, &e) != 0) {
		fprintf(stderr, "bench: %s: %s\n", e.field, e.message);
		return 1;
	}

	/* Compiling for the 100-year span 2000-2100: median of 21 runs. */
	double runs[21];
	for (int r = 0; r < 21; r++) {
		double t0 = now_s();
		if (calendar_compile(&cal, &spec, &zone, 2000, 2100, &e) != 0) {
			fprintf(stderr, "bench: %s\n", e.message);
			return 1;
		}
		runs[r] = now_s() - t0;
		if (r < 20) {
			calendar_release(&cal);
		}
	}
	qsort(runs, 21, sizeof(runs[0]), cmp_double);
	printf("calendar compile, 100-year span (2000-2100): %.2f ms median, %zu intervals (target <= 50 ms)\n",
	       runs[10] * 1e3, cal.n);

	enum { NQ = 1 << 20 };
	int64_t *qa = malloc(NQ * sizeof(*qa)), *qb = malloc(NQ * sizeof(*qb)), sink = 0;
	for (int i = 0; i < NQ; i++) {
		qa[i] = rng_between(lo, hi);
		qb[i] = qa[i] + rng_between(0, 30 * 86400);
	}
	int rounds = 10;
	double t0 = now_s();
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < NQ; i++) {
			sink += calendar_elapsed(&cal, qa[i], qb[i]);
		}
	}
	double el = now_s() - t0;
	printf("elapsed: %.1f million operations/s (random spans of 0-30 days; target >= 10)\n",
	       rounds * (double)NQ / el / 1e6);
	for (int i = 0; i < NQ; i++) {
		qb[i] = rng_between(0, 10 * 28800);
	}
	t0 = now_s();
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < NQ; i++) {
			int64_t due;
			if (calendar_due(&cal, qa[i], qb[i], &due, &e) == 0) {
				sink += due;
			}
		}
	}
	el = now_s() - t0;
	printf("due: %.1f million operations/s (random durations of 0-10 business days; target >= 10)\n",
	       rounds * (double)NQ / el / 1e6);

	/* Clocks: 1,000,000 tickets of six events: start, pause, resume, priority change, pause, resolve. */
	enum { NT = 1000000, NEV = 6 };
	struct clock_event *evs = malloc((size_t)NT * NEV * sizeof(*evs));
	for (int i = 0; i < NT; i++) {
		struct clock_event *ev = evs + (size_t)i * NEV;
		int64_t t = rng_between(days_from_civil(2025, 1, 1) * 86400, days_from_civil(2026, 12, 1) * 86400);
		ev[0] = (struct clock_event){ t, CLOCK_EV_START, 0 };
		t += rng_between(60, 4 * 3600);
		ev[1] = (struct clock_event){ t, CLOCK_EV_PAUSE, 0 };
		t += rng_between(60, 2 * 86400);
		ev[2] = (struct clock_event){ t, CLOCK_EV_RESUME, 0 };
		t += rng_between(60, 8 * 3600);
		ev[3] = (struct clock_event){ t, CLOCK_EV_TARGET, rng_between(1, 4) * 4 * 3600 };
		t += rng_between(60, 3 * 86400);
		ev[4] = (struct clock_event){ t, CLOCK_EV_PAUSE, 0 };
		t += rng_between(60, 86400);
		ev[5] = (struct clock_event){ t, CLOCK_EV_STOP, 0 };
	}
	struct clock_target tg = { .target_s = 8 * 3600, .cal = &cal, .nwarn = 2, .warn_pct = { 75, 90 } };
	struct clock_result res;
	int64_t as_of = days_from_civil(2027, 1, 1) * 86400, breached = 0;
	t0 = now_s();
	for (int i = 0; i < NT; i++) {
		if (clock_eval(&tg, evs + (size_t)i * NEV, NEV, as_of, &res, NULL, &e) == 0) {
			breached += res.state == CLOCK_BREACHED;
		}
	}
	el = now_s() - t0;
	printf("clock evaluation: 1,000,000 tickets of 6 events in %.3f s (%.0f ns a clock; target <= 0.5 s); %lld "
	       "breached\n",
	       el, el / NT * 1e9, (long long)breached);
	fprintf(stderr, "(checksum %lld)\n", (long long)sink);
	free(evs);
	free(qa);
	free(qb);
	free(text);
	calendar_release(&cal);
	tz_release(&zone);
	cal_spec_release(&spec);
	return 0;
}
