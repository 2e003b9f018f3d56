/*
 * fileio.c - see fileio.h.
 */
#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

int
file_read_all(const char *path, size_t max, char **data, size_t *len, struct err *e)
{
	struct buf b;
	char chunk[65536];
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return err_set(e, ERR_IO, NULL, "cannot open '%s': %s", path, strerror(errno));
	}
	buf_init(&b, max);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			err_set(e, ERR_IO, NULL, "cannot read '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0) {
			break;
		}
		if (buf_append(&b, chunk, (size_t)n, e) != 0) {
			err_set(e, ERR_TOO_LARGE, NULL, "'%s' is larger than %zu bytes", path, max);
			goto fail;
		}
	}
	if (fd != STDIN_FILENO) {
		close(fd);
	}
	*data = buf_detach(&b, len);
	return 0;
fail:
	if (fd != STDIN_FILENO) {
		close(fd);
	}
	buf_release(&b);
	return -1;
}

int
file_write_atomic(const char *path, const void *data, size_t len, struct err *e)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	const char *p = data;
	int fd, rc = 0;

	if (tmp == NULL) {
		return err_set(e, ERR_IO, "output", "out of memory");
	}
	snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = err_set(e, ERR_IO, "output", "cannot create '%s': %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	while (len > 0 && rc == 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			rc = err_set(e, ERR_IO, "output", "cannot write '%s': %s", path, strerror(errno));
		} else {
			p += w;
			len -= (size_t)w;
		}
	}
	if (rc == 0 && fsync(fd) != 0) {
		rc = err_set(e, ERR_IO, "output", "cannot sync '%s': %s", path, strerror(errno));
	}
	if (close(fd) != 0 && rc == 0) {
		rc = err_set(e, ERR_IO, "output", "cannot close '%s': %s", path, strerror(errno));
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = err_set(e, ERR_IO, "output", "cannot write '%s': %s", path, strerror(errno));
	}
	if (rc != 0) {
		unlink(tmp);
	}
	free(tmp);
	return rc;
}
