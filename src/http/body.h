/*
 * body.h - reading a request's body as a JSON object, strictly: malformed
 * JSON is a 400 that says where, duplicate keys and unknown fields are
 * refused by name.  What the fields mean is for the domain layer.
 */
#ifndef LEVERA_HTTP_BODY_H
#define LEVERA_HTTP_BODY_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"
#include "http/request.h"

/*
 * Parses the n bytes at s as one JSON object (duplicate keys refused) into
 * *out, a new reference.  -1 with ERR_INVALID when s is empty, malformed
 * (the message gives jansson's line, column and byte offset) or not an
 * object.
 */
int body_parse_object(const char *s, size_t n, json_t **out, struct err *e);

/*
 * The request's body as a JSON object, owned by the request (released when
 * it ends).  The body must be sent as application/json.  NULL with
 * ERR_INVALID otherwise, as for body_parse_object.
 */
json_t *body_json(struct http_request *req, struct err *e);

/* -1 with ERR_INVALID and field = the key when obj has a key not in allowed (NULL-terminated). */
int body_reject_unknown(const json_t *obj, const char *const *allowed, struct err *e);

#endif
