/*
 * progress.c - see progress.h.
 */
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double
monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, const char *what)
{
	p->what = what;
	p->tty = isatty(STDERR_FILENO) != 0;
	p->started = monotonic_s();
	p->drawn = 0;
}

void
progress_update(struct progress *p, double done, double total)
{
	double now = monotonic_s(), rate;
	char bar[31];

	if (!p->tty || now - p->drawn < 0.1) {
		return;
	}
	p->drawn = now;
	rate = done / (now - p->started > 1e-3 ? now - p->started : 1e-3);
	if (total > 0) {
		int filled = (int)(30 * (done < total ? done / total : 1.0));
		for (int i = 0; i < 30; i++) {
			bar[i] = i < filled ? '#' : '.';
		}
		bar[30] = '\0';
		fprintf(stderr, "\r[%s] %3.0f%% %.0f/%.0f %s, %.0f/s ", bar, 100.0 * done / total, done, total, p->what,
		        rate);
	} else {
		fprintf(stderr, "\r%.0f %s, %.0f/s ", done, p->what, rate);
	}
	fflush(stderr);
}

void
progress_done(struct progress *p)
{
	if (p->tty && p->drawn > 0) {
		fprintf(stderr, "\r%*s\r", 79, "");
	}
}

double
progress_elapsed(const struct progress *p)
{
	return monotonic_s() - p->started;
}
