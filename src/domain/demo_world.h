/*
 * demo_world.h - the demo organisation's fixed facts (its services, customers
 * and their service levels) and the seeded random generator, shared by
 * demo.c, demo_terms.c and demo_tickets.c.  Private to src/domain/demo*.c:
 * nothing outside the demo reads these tables.
 */
#ifndef LEVERA_DOMAIN_DEMO_WORLD_H
#define LEVERA_DOMAIN_DEMO_WORLD_H

#include <jansson.h>
#include <stdint.h>

#define DEMO_DAY_S 86400
#define DEMO_HOUR_S 3600

enum { GOLD, SILVER, BRONZE, LEVELS };

extern const char *const demo_level_names[LEVELS];

/* Targets in business minutes: [level][metric][priority], metric 0 response, 1 resolution. */
extern const int demo_target_min[LEVELS][2][4];

struct demo_service {
	const char *name, *category, *team, *description;
	int price[LEVELS]; /* per month */
	int unit_cost;
	const char *subjects[4];
};

#define DEMO_NSERVICES 8
extern const struct demo_service demo_services[DEMO_NSERVICES];

struct demo_customer {
	const char *name, *timezone, *calendar, *domain;
	int level;
	double weight;
	unsigned services; /* bit i = demo_services[i] */
	const char *people[2];
};

#define DEMO_NCUSTOMERS 5
extern const struct demo_customer demo_customers[DEMO_NCUSTOMERS];

/* How many services a customer has (the bits of its mask). */
int demo_service_count(unsigned mask);

/* The names of the services in a mask, as a new JSON array. */
json_t *demo_service_names(unsigned mask);

/* A splitmix64 generator: the whole demo is one stream, so one seed gives one organisation. */
struct rng {
	uint64_t s;
};

uint64_t rng_next(struct rng *r);

/* Uniform in [0, 1). */
double rng_unit(struct rng *r);

/* Uniform in 0 .. n-1. */
int rng_below(struct rng *r, int n);

/* Log-normal with the given median and spread (sigma of the underlying normal). */
double rng_lognormal(struct rng *r, double median, double sigma);

int rng_poisson(struct rng *r, double lambda);

#endif
