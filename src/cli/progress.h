/*
 * progress.h - a progress bar on standard error for long commands, drawn
 * only when standard error is a terminal and at most ten times a second.
 */
#ifndef LEVERA_CLI_PROGRESS_H
#define LEVERA_CLI_PROGRESS_H

#include <stdbool.h>

struct progress {
	const char *what; /* "lines", "tickets" */
	bool tty;
	double started, drawn;
};

void progress_init(struct progress *p, const char *what);

/* Redraws: done of total (total <= 0: unknown). */
void progress_update(struct progress *p, double done, double total);

/* Clears the bar's line. */
void progress_done(struct progress *p);

/* Seconds since progress_init. */
double progress_elapsed(const struct progress *p);

#endif
