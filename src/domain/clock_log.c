/*
 * clock_log.c - see clock_log.h.  Each kept event is its instant as a
 * varint of seconds after the previous one (the first after 1970), a type
 * byte and an argument byte: the status, the priority, or for a reply
 * public | by-agent << 1.  A typical ticket's log is 20 to 40 bytes.
 */
#include "domain/clock_log.h"

#include <string.h>

#include "base/varint.h"

int
clock_log_encode(const struct ticket_event *evs, size_t n, struct buf *out, struct err *e)
{
	int64_t prev = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ticket_event *ev = &evs[i];
		unsigned char arg;
		switch (ev->type) {
		case TEV_CREATED:
		case TEV_PRIORITY:
			arg = (unsigned char)ev->to_priority;
			break;
		case TEV_STATUS:
			arg = (unsigned char)ev->to_status;
			break;
		case TEV_REPLY:
			arg = (unsigned char)((ev->public ? 1 : 0) | (ev->by == AUTHOR_AGENT ? 2 : 0));
			break;
		default:
			continue;
		}
		/* Instants never go back in a log (ticket_events_check); a clamp keeps a bad one harmless. */
		int64_t delta = ev->at > prev ? ev->at - prev : 0;
		unsigned char head[2] = { (unsigned char)ev->type, arg };
		if (varint_put(out, (uint64_t)delta, e) != 0 || buf_append(out, head, 2, e) != 0) {
			return -1;
		}
		prev += delta;
	}
	return 0;
}

int
clock_log_decode(const void *p, size_t len, struct ticket_event *evs, size_t cap, size_t *n, struct err *e)
{
	const unsigned char *s = p, *end = s + len;
	int64_t at = 0;

	*n = 0;
	while (s < end) {
		uint64_t delta = 0;
		if (varint_get(&s, end, &delta) != 0 || end - s < 2 || *n == cap ||
		    delta > (uint64_t)INT64_MAX - (uint64_t)at) {
			return err_set(e, ERR_INVALID, "clock", "a ticket's stored clock log is corrupt");
		}
		struct ticket_event *ev = &evs[(*n)++];
		memset(ev, 0, sizeof(*ev));
		at += (int64_t)delta;
		ev->at = at;
		ev->type = (enum ticket_event_type)s[0];
		unsigned char arg = s[1];
		s += 2;
		switch (ev->type) {
		case TEV_CREATED:
		case TEV_PRIORITY:
			ev->to_priority = (enum priority)(arg < PRIORITY_COUNT ? arg : PRIORITY_COUNT - 1);
			break;
		case TEV_STATUS:
			if (arg >= STATUS_COUNT) {
				return err_set(e, ERR_INVALID, "clock", "a ticket's stored clock log is corrupt");
			}
			ev->to_status = (enum ticket_status)arg;
			break;
		case TEV_REPLY:
			ev->public = (arg & 1) != 0;
			ev->by = (arg & 2) != 0 ? AUTHOR_AGENT : AUTHOR_CUSTOMER;
			break;
		default:
			return err_set(e, ERR_INVALID, "clock", "a ticket's stored clock log is corrupt");
		}
	}
	return 0;
}
