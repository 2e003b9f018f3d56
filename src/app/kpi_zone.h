/*
 * kpi_zone.h - the time zone a customer's months are counted in
 * (docs/kpis.md): the organisation's own `timezone`, else that of the
 * calendar of its SLA, else UTC; and months in a zone.  Zones are loaded
 * once per set and kept for its life (a job pass, a query).
 */
#ifndef LEVERA_APP_KPI_ZONE_H
#define LEVERA_APP_KPI_ZONE_H

#include <stdint.h>

#include "app/app.h"
#include "sla/tz.h"

struct kpi_zones;

struct kpi_zones *kpi_zones_new(struct app *app);
void kpi_zones_free(struct kpi_zones *z);

/* The zone of customer_id (NULL or unknown: UTC, returned as NULL); *name gets its name ("UTC"). */
const struct tz *kpi_zones_get(struct kpi_zones *z, const char *customer_id, const char **name);

/* The month index (year * 12 + month - 1) of instant at in zone z (NULL: UTC). */
int32_t kpi_month_in(const struct tz *z, int64_t at);

/* The UTC instant month index starts at in zone z (NULL: UTC). */
int64_t kpi_month_start_in(const struct tz *z, int64_t month);

#endif
