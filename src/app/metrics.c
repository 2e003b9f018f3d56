/*
 * metrics.c - see metrics.h.  Every state is written, zero or not, so a
 * dashboard's series never disappear; one GROUP BY over the open tickets'
 * partial index per scrape.
 */
#include "app/metrics.h"

#include <string.h>

#include "app/app.h"
#include "domain/ticket_sla.h"

int
app_metrics_render(void *ctx, struct buf *out, struct err *e)
{
	struct app *a = ctx;
	struct store_count counts[TSLA_STATE_COUNT + 4];
	size_t n;
	int64_t total = 0;

	if (store_ticket_open_counts(a->store, counts, sizeof(counts) / sizeof(counts[0]), &n, e) != 0) {
		return -1;
	}
	if (buf_append_str(out,
	                   "# HELP levera_tickets_open Open tickets by SLA state (breached: a clock has breached; "
	                   "at_risk: a warning has fired).\n"
	                   "# TYPE levera_tickets_open gauge\n",
	                   e) != 0) {
		return -1;
	}
	for (int s = 0; s < TSLA_STATE_COUNT; s++) {
		const char *name = ticket_sla_state_name((enum ticket_sla_state)s);
		int64_t v = 0;
		for (size_t i = 0; i < n; i++) {
			v += strcmp(counts[i].name, name) == 0 ? counts[i].n : 0;
		}
		total += v;
		if (buf_appendf(out, e, "levera_tickets_open{sla_state=\"%s\"} %lld\n", name, (long long)v) != 0) {
			return -1;
		}
	}
	return buf_appendf(out, e,
	                   "# HELP levera_tickets_open_total Open tickets.\n"
	                   "# TYPE levera_tickets_open_total gauge\n"
	                   "levera_tickets_open_total %lld\n",
	                   (long long)total);
}
