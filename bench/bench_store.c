/*
 * bench_store.c - the store's figures, printed for `make bench`.
 *
 * Measures on a fresh SQLite database: durable ticket creations per second
 * from 64 threads (each ticket with 6 events and an audit entry, each
 * acknowledged only once fsync'd); the import path (one caller, writes
 * submitted a thousand at a time) while filling 1,000,000 open tickets; then
 * on that database the time from store_open to the first answer, and the
 * latency of "the 50 open tickets nearest their deadline".
 */
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/id.h"
#include "base/timefmt.h"
#include "store/store.h"

#define EVENTS_PER_TICKET 6
#define IMPORT_CHUNK 1000

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
percentile(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(size_t)((double)(n - 1) * p)];
}

/* Each document says what happened and when, as the application writes it. */
static const char *const event_docs[EVENTS_PER_TICKET] = {
	"{\"type\":\"created\",\"at\":\"2026-09-21T14:13:20Z\",\"by\":\"customer\",\"priority\":\"P3\","
	"\"impact\":\"medium\",\"urgency\":\"low\"}",
	"{\"type\":\"assign\",\"at\":\"2026-09-21T14:14:20Z\",\"by\":\"agent\",\"team\":\"team-service-desk\","
	"\"agent\":\"user-0042\"}",
	"{\"type\":\"reply\",\"at\":\"2026-09-21T14:15:20Z\",\"by\":\"agent\",\"public\":true,\"body\":\"Thanks, "
	"we are looking into it and will get back to you.\"}",
	"{\"type\":\"status\",\"at\":\"2026-09-21T14:16:20Z\",\"by\":\"agent\",\"to\":\"in_progress\"}",
	"{\"type\":\"reply\",\"at\":\"2026-09-21T14:17:20Z\",\"by\":\"customer\",\"public\":true,\"body\":\"It "
	"happens again since this morning on two laptops.\"}",
	"{\"type\":\"priority\",\"at\":\"2026-09-21T14:18:20Z\",\"by\":\"agent\",\"to\":\"P2\"}",
};

/*
 * Ticket number i, created in order (16 a second), open, with the id Levera
 * makes for it (base/id.h: time-ordered, then random).
 */
static void
make_ticket(uint64_t i, char id[ID_LEN + 1], struct store_ticket *t, struct store_event evs[EVENTS_PER_TICKET])
{
	static const char *const customers[] = { "org-acme", "org-beta", "org-gamma", "org-delta", "org-eps" };
	static const char *const teams[] = { "team-service-desk", "team-network", "team-apps" };
	static const char *const prios[] = { "P1", "P2", "P3", "P4" };
	static const int64_t targets_s[] = { 4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600 };
	uint64_t r = mix(i + 1);
	int64_t at = 1790000000 + (int64_t)(i / 16);

	id_new(id, at * 1000 + (int64_t)(i % 16) * 62);
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->type = "incident";
	t->customer_id = (char *)customers[r % 5];
	t->service_id = "svc-email";
	t->requester_id = "user-1001";
	t->team_id = (char *)teams[(r >> 8) % 3];
	t->agent_id = "user-0042";
	t->priority = (char *)prios[(r >> 16) % 4];
	t->status = "in_progress";
	t->created_at = at;
	t->updated_at = at + 600;
	t->resolved_at = TIME_NONE;
	t->open = true;
	/* The resolution deadline: the priority's target from creation, so new deadlines cluster as in life. */
	t->next_due_at = at + targets_s[(r >> 16) % 4] + (int64_t)((r >> 24) % 600);
	t->sla_state = "ok";
	t->doc = "{\"subject\":\"Outlook cannot reach the mail server\",\"impact\":\"medium\",\"urgency\":"
	         "\"low\",\"channel\":\"portal\",\"description\":\"Since the update this morning Outlook shows "
	         "'disconnected' on two laptops in the finance team.\"}";
	for (int k = 0; k < EVENTS_PER_TICKET; k++) {
		evs[k].seq = 0;
		evs[k].doc = (char *)event_docs[k];
	}
}

struct creator {
	struct store *s;
	atomic_uint_fast64_t *next; /* tickets are numbered in creation order across threads, as in life */
	uint64_t count;
	double *lat_s;
	int failures;
};

static void *
creator_main(void *arg)
{
	struct creator *c = arg;
	struct store_write *w = store_write_new();
	struct store_ticket t;
	struct store_event evs[EVENTS_PER_TICKET];
	struct err e;
	char id[ID_LEN + 1];

	for (uint64_t i = 0; i < c->count; i++) {
		make_ticket(atomic_fetch_add(c->next, 1), id, &t, evs);
		struct store_audit a = { 0, t.created_at, "user-0042", "create", "ticket", id, NULL };
		double t0 = now_s();
		store_write_reset(w);
		store_write_ticket_create(w, &t, evs, EVENTS_PER_TICKET);
		store_write_audit(w, &a);
		if (store_commit(c->s, w, &e) < 0) {
			c->failures++;
			fprintf(stderr, "bench_store: %s\n", e.message);
		}
		c->lat_s[i] = now_s() - t0;
	}
	store_write_free(w);
	return NULL;
}

static void
bench_concurrent(struct store *s, int threads, uint64_t per_thread)
{
	pthread_t th[256];
	struct creator cr[256];
	struct store_stats before, after;
	uint64_t total = (uint64_t)threads * per_thread;
	double *lat = malloc(total * sizeof(*lat));
	double t0, el;
	int failures = 0;
	atomic_uint_fast64_t next = 1000000000u;

	store_get_stats(s, &before);
	t0 = now_s();
	for (int i = 0; i < threads; i++) {
		cr[i] = (struct creator){ s, &next, per_thread, lat + i * per_thread, 0 };
		pthread_create(&th[i], NULL, creator_main, &cr[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		failures += cr[i].failures;
	}
	el = now_s() - t0;
	store_get_stats(s, &after);
	printf("durable ticket creations (%d threads, %d events + 1 audit entry each): %llu in %.2f s = %.0f/s "
	       "(target >= 10,000)\n",
	       threads, EVENTS_PER_TICKET, (unsigned long long)total, el, (double)total / el);
	printf("  %llu commits (fsyncs), %.1f writes per commit, largest batch %llu; failures %d\n",
	       (unsigned long long)(after.commits - before.commits),
	       (double)(after.writes - before.writes) / (double)(after.commits - before.commits),
	       (unsigned long long)after.largest_batch, failures);
	printf("  commit latency: p50 %.2f ms, p99 %.2f ms\n", percentile(lat, total, 0.50) * 1e3,
	       percentile(lat, total, 0.99) * 1e3);
	free(lat);
}

struct importer {
	struct store *s;
	atomic_uint_fast64_t *next_chunk;
	uint64_t n;
};

/* Takes chunks of IMPORT_CHUNK tickets until n are done, each submitted with store_commit_all. */
static void *
importer_main(void *arg)
{
	struct importer *im = arg;
	struct store_write *w[IMPORT_CHUNK];
	struct store_ticket t;
	struct store_event evs[EVENTS_PER_TICKET];
	struct err e;
	char id[ID_LEN + 1];

	for (int i = 0; i < IMPORT_CHUNK; i++) {
		w[i] = store_write_new();
	}
	for (;;) {
		uint64_t first = atomic_fetch_add(im->next_chunk, 1) * IMPORT_CHUNK;
		if (first >= im->n) {
			break;
		}
		size_t k = im->n - first < IMPORT_CHUNK ? (size_t)(im->n - first) : IMPORT_CHUNK;
		for (size_t i = 0; i < k; i++) {
			make_ticket(first + i, id, &t, evs);
			store_write_reset(w[i]);
			store_write_ticket_create(w[i], &t, evs, EVENTS_PER_TICKET);
		}
		if (store_commit_all(im->s, w, k, &e) < 0) {
			fprintf(stderr, "bench_store: import: %s\n", e.message);
			exit(1);
		}
	}
	for (int i = 0; i < IMPORT_CHUNK; i++) {
		store_write_free(w[i]);
	}
	return NULL;
}

/*
 * Fills s with n open tickets through the import path: callers that build
 * the next thousand writes while the writer applies the last; prints the rate.
 */
static void
bench_import(struct store *s, uint64_t n, int callers)
{
	pthread_t th[16];
	struct importer im[16];
	atomic_uint_fast64_t next_chunk = 0;
	double t0 = now_s(), el;

	for (int i = 0; i < callers; i++) {
		im[i] = (struct importer){ s, &next_chunk, n };
		pthread_create(&th[i], NULL, importer_main, &im[i]);
	}
	for (int i = 0; i < callers; i++) {
		pthread_join(th[i], NULL);
	}
	el = now_s() - t0;
	printf("import (%d callers, %d writes per submission, %d events each): %llu tickets in %.1f s = %.0f/s "
	       "(target >= 50,000)\n",
	       callers, IMPORT_CHUNK, EVENTS_PER_TICKET, (unsigned long long)n, el, (double)n / el);
}

static int
nearest(struct store *s, size_t limit)
{
	struct store_ticket_query q = { 0 };
	struct store_ticket_page page;
	struct err e;
	size_t n;

	q.sort = STORE_TICKET_BY_DUE;
	q.limit = limit;
	if (store_ticket_list(s, &q, &page, &e) < 0) {
		fprintf(stderr, "bench_store: nearest deadlines: %s\n", e.message);
		exit(1);
	}
	n = page.n;
	store_ticket_page_release(&page);
	return (int)n;
}

static void
bench_big(const char *path, uint64_t n)
{
	struct store *s;
	struct err e;
	double open_s[7], lat[2000], t0;

	for (int i = 0; i < 7; i++) {
		t0 = now_s();
		if (store_open(&s, path, &e) < 0) {
			fprintf(stderr, "bench_store: %s\n", e.message);
			exit(1);
		}
		nearest(s, 50);
		open_s[i] = now_s() - t0;
		store_close(s);
	}
	printf("open a %llu-ticket database and answer a first query: median %.1f ms, worst %.1f ms "
	       "(target <= 100 ms)\n",
	       (unsigned long long)n, percentile(open_s, 7, 0.5) * 1e3, percentile(open_s, 7, 1.0) * 1e3);

	if (store_open(&s, path, &e) < 0) {
		fprintf(stderr, "bench_store: %s\n", e.message);
		exit(1);
	}
	for (int i = 0; i < 2000; i++) {
		t0 = now_s();
		if (nearest(s, 50) != 50) {
			fprintf(stderr, "bench_store: fewer than 50 open tickets\n");
			exit(1);
		}
		lat[i] = now_s() - t0;
	}
	printf("50 open tickets nearest their deadline among %llu: p50 %.3f ms, p99 %.3f ms (target p99 <= 10 ms)\n",
	       (unsigned long long)n, percentile(lat, 2000, 0.5) * 1e3, percentile(lat, 2000, 0.99) * 1e3);
	store_close(s);
}

static void
remove_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char p[600];

	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
}

int
main(int argc, char **argv)
{
	int threads = 64, callers = 2;
	uint64_t per_thread = 500, big = 1000000;
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	struct store *s;
	struct err e;

	if (sodium_init() < 0) {
		fprintf(stderr, "bench_store: libsodium does not start\n");
		return 1;
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--threads") == 0) {
			threads = (int)strtol(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--per-thread") == 0) {
			per_thread = strtoull(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--import-callers") == 0) {
			callers = (int)strtol(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--big") == 0) {
			big = strtoull(argv[i + 1], NULL, 10);
		}
	}
	if (threads < 1 || threads > 256 || per_thread < 1 || big < 50 || callers < 1 || callers > 16) {
		fprintf(stderr, "usage: bench_store [--threads 1..256] [--per-thread N] [--import-callers 1..16] "
		                "[--big N>=50]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/levera-bench-XXXXXX", tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("bench_store: mkdtemp");
		return 1;
	}

	snprintf(path, sizeof(path), "%s/concurrent.db", dir);
	if (store_open(&s, path, &e) < 0) {
		fprintf(stderr, "bench_store: %s\n", e.message);
		return 1;
	}
	bench_concurrent(s, threads, per_thread);
	store_close(s);
	remove_db(path);

	snprintf(path, sizeof(path), "%s/big.db", dir);
	if (store_open(&s, path, &e) < 0) {
		fprintf(stderr, "bench_store: %s\n", e.message);
		return 1;
	}
	bench_import(s, big, callers);
	double t0 = now_s();
	store_close(s);
	printf("  closing after the import (checkpoint): %.2f s\n", now_s() - t0);
	bench_big(path, big);
	remove_db(path);
	rmdir(dir);
	return 0;
}
