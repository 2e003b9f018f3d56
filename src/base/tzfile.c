/*
 * tzfile.c - finds and reads a zone's TZif file under the tz database.
 *
 * It checks the name, builds the path and reads the bytes with a ceiling; it
 * only looks at the "TZif" magic.  Parsing is sla/tz.c's job, and nothing is
 * cached: each call looks up $TZDIR and reads the file afresh.
 */
#include "base/tzfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

#define TZFILE_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZFILE_MAX_NAME 63
#define TZFILE_MAX_PATH 4096

static bool
name_char_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
	       c == '-';
}

/*
 * Segments of [A-Za-z0-9_+-] joined by single slashes.  Without '.' there can
 * be no "." or ".." segment, and without a leading slash no absolute path.
 */
static bool
name_ok(const char *name)
{
	size_t seg_len = 0;
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		if (i >= TZFILE_MAX_NAME) {
			return false;
		}
		if (name[i] == '/') {
			if (seg_len == 0) {
				return false;
			}
			seg_len = 0;
		} else if (name_char_ok(name[i])) {
			seg_len++;
		} else {
			return false;
		}
	}
	return seg_len > 0;
}

/* Copies at most 40 bytes of a hostile name into a message-safe form. */
static void
quote_name(const char *name, char out[48])
{
	size_t i;

	for (i = 0; i < 40 && name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];
		out[i] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (name[i] != '\0') {
		out[i++] = '.';
		out[i++] = '.';
		out[i++] = '.';
	}
	out[i] = '\0';
}

static int
unknown_zone(const char *name, struct err *e)
{
	char shown[48];

	quote_name(name, shown);
	return err_set(e, ERR_NOT_FOUND, "timezone", "unknown time zone '%s'", shown);
}

/* Reads the whole of fd, which fstat says holds size bytes, into *data. */
static int
read_all(int fd, const char *name, size_t size, unsigned char **data, size_t *len, struct err *e)
{
	/* One spare byte notices a file that grew since fstat. */
	size_t cap = size + 1;
	unsigned char *p = xmalloc(cap);
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, p + got, cap - got);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			free(p);
			return err_set(e, ERR_IO, "timezone", "cannot read time zone '%s': %s", name, strerror(errno));
		}
		if (n == 0) {
			break;
		}
		got += (size_t)n;
	}
	if (got == cap) {
		free(p);
		return err_set(e, ERR_IO, "timezone", "time zone file of '%s' changed while being read", name);
	}
	*data = p;
	*len = got;
	return 0;
}

int
tzfile_read(const char *name, unsigned char **data, size_t *len, struct err *e)
{
	const char *dir = getenv("TZDIR");
	char path[TZFILE_MAX_PATH];
	struct stat st;
	unsigned char *bytes = NULL;
	size_t nbytes = 0;
	int fd;
	int n;

	*data = NULL;
	*len = 0;
	if (name == NULL) {
		return err_set(e, ERR_NOT_FOUND, "timezone", "unknown time zone ''");
	}
	if (!name_ok(name)) {
		return unknown_zone(name, e);
	}
	if (dir == NULL || dir[0] == '\0') {
		dir = TZFILE_DEFAULT_DIR;
	}
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		return unknown_zone(name, e);
	}

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == EIO || errno == ENOMEM) {
			return err_set(e, ERR_IO, "timezone", "cannot open time zone '%s': %s", name, strerror(errno));
		}
		return unknown_zone(name, e);
	}
	if (fstat(fd, &st) != 0) {
		int saved = errno;
		close(fd);
		return err_set(e, ERR_IO, "timezone", "cannot read time zone '%s': %s", name, strerror(saved));
	}
	/* A directory ("Europe") or a device is not a zone. */
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return unknown_zone(name, e);
	}
	if (st.st_size > TZFILE_MAX_BYTES) {
		close(fd);
		return err_set(e, ERR_INVALID, "timezone", "time zone file of '%s' is over %d bytes", name,
		               TZFILE_MAX_BYTES);
	}
	if (read_all(fd, name, (size_t)st.st_size, &bytes, &nbytes, e) != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	/* Text files such as "leapseconds" live beside the zones. */
	if (nbytes < 4 || memcmp(bytes, "TZif", 4) != 0) {
		free(bytes);
		return unknown_zone(name, e);
	}
	*data = bytes;
	*len = nbytes;
	return 0;
}
