/*
 * review_tickets.h - the part of a review pack read from tickets rather
 * than rollups: the breaches decided in the month (with the business time
 * each clock used), the customer's rating comments, and the outages of
 * the covered services.  One walk over the tickets touched since the
 * month began, newest first; a ticket created after the month is skipped
 * from its row alone.
 */
#ifndef LEVERA_APP_REVIEW_TICKETS_H
#define LEVERA_APP_REVIEW_TICKETS_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "domain/availability.h"

#define REVIEW_MAX_OUTAGES 4096

/* Appends to breaches and comments what customer_id's tickets decided or said in [start, end). */
int review_walk_customer(struct app *app, const char *customer_id, int64_t start, int64_t end, int64_t now,
                         json_t *breaches, json_t *comments, struct err *e);

/* The outages recorded on incidents of service_id (any customer) that overlap [start, end), at most cap. */
int review_walk_outages(struct app *app, const char *service_id, int64_t start, int64_t end, int64_t now,
                        struct avail_span *out, size_t cap, size_t *n, struct err *e);

#endif
