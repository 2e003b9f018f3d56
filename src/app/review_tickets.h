/*
 * review_tickets.h - the part of a review pack read from tickets rather
 * than rollups: the breaches decided in the month (with the business time
 * each clock used), the customer's rating comments, and the outages of
 * the covered services.
 */
#ifndef LEVERA_APP_REVIEW_TICKETS_H
#define LEVERA_APP_REVIEW_TICKETS_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/availability.h"

#define REVIEW_MAX_OUTAGES 4096

/*
 * Appends to breaches and comments what customer_id's tickets decided or
 * said in [start, end), the customer's month `month`.  The tickets are
 * found from what the KPI job keeps of them, newest first: only those
 * whose contributions hold a breach or a rating in the month are read, and
 * the walk stops once it has found as many as the rollups count
 * (want_breaches, want_ratings).
 */
int review_walk_customer(struct app *app, const char *customer_id, int64_t month, int64_t start, int64_t end,
                         int64_t now, int64_t want_breaches, int64_t want_ratings, json_t *breaches, json_t *comments,
                         struct err *e);

/* The outages incidents of service_id (any customer) report that overlap [start, end), at most cap. */
int review_walk_outages(struct app *app, const char *service_id, int64_t start, int64_t end, int64_t now,
                        struct avail_span *out, size_t cap, size_t *n, struct err *e);

#endif
