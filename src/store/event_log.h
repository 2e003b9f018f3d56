/*
 * event_log.h - a ticket's events as the store keeps them.
 *
 * The events one write adds are kept together, as one text: each event's
 * document as "<bytes>:<document>", back to back.  A write of eight events
 * is then one row and one key in the log, not eight, and any document splits
 * back exactly whatever characters it holds.  Backend-neutral: no SQL here.
 */
#ifndef LEVERA_STORE_EVENT_LOG_H
#define LEVERA_STORE_EVENT_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* The bytes event_log_pack() writes for these events (their docs; seq is not kept). */
size_t event_log_size(const struct store_event *evs, size_t n);

/* The bytes event_log_pack() writes for one event whose document is doc_len bytes. */
size_t event_log_entry_size(size_t doc_len);

/* Writes the packed form of evs[0..n) to out (event_log_size() bytes, no NUL); returns its length. */
size_t event_log_pack(char *out, const struct store_event *evs, size_t n);

/* As event_log_pack(), with each document's length given in lens[0..n) (strlen of evs[i].doc). */
size_t event_log_pack_sized(char *out, const struct store_event *evs, const size_t *lens, size_t n);

/*
 * Appends the n events packed in text[0..len) to list, numbered first_seq,
 * first_seq + 1, ...; *cap is list->v's capacity.  A text that does not hold
 * exactly n events is an ERR_IO error naming the ticket: the log is damaged.
 */
int event_log_unpack(const char *text, size_t len, int64_t first_seq, int64_t n, const char *ticket_id,
                     struct store_event_list *list, size_t *cap, struct err *e);

#endif
