/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading inputs and writing outputs.  Objects go to standard output
 * unless a file is named.  Secrets (random PINs, keys) go to a new file
 * of mode 0600 that must not exist yet: written once, never over
 * something else.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin/io.h"

void
adm_free_secret(void *buf, size_t len)
{
	if (buf != NULL)
		explicit_bzero(buf, len);
	free(buf);
}

int
adm_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	uint8_t *b = NULL;
	ssize_t n;
	size_t cap = max + 1;
	int fd, r = -1;

	*buf = NULL;
	*len = 0;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		adm_err("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if ((b = malloc(cap)) == NULL) {
		adm_err("out of memory");
		goto fail;
	}
	while (*len < cap) {
		n = read(fd, b + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			adm_err("cannot read '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	if (*len > max) {
		adm_err("'%s' is too large (more than %zu bytes)", path, max);
		goto fail;
	}
	if (*len == 0) {
		adm_err("'%s' is empty", path);
		goto fail;
	}
	*buf = b;
	b = NULL;
	r = 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	adm_free_secret(b, cap);
	if (r != 0)
		*len = 0;
	return r;
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
adm_write_file(const char *path, const void *data, size_t len, int secret)
{
	int fd, flags = O_WRONLY | O_CREAT | O_CLOEXEC;
	int r = -1;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len) != 0) {
			adm_err("cannot write to standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	flags |= secret ? O_EXCL : O_TRUNC;
	fd = open(path, flags, secret ? 0600 : 0644);
	if (fd < 0) {
		if (secret && errno == EEXIST)
			adm_err("'%s' exists: a secret is written only to a new "
			    "file", path);
		else
			adm_err("cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	if (secret && fchmod(fd, 0600) != 0)
		goto fail;
	if (write_all(fd, data, len) != 0 || (secret && fsync(fd) != 0))
		goto fail;
	r = 0;
fail:
	if (r != 0)
		adm_err("cannot write '%s': %s", path, strerror(errno));
	if (close(fd) != 0 && r == 0) {
		adm_err("cannot write '%s': %s", path, strerror(errno));
		r = -1;
	}
	/* A secret file is ours (O_EXCL): never leave half of one. */
	if (r != 0 && secret)
		unlink(path);
	return r;
}

int
adm_out_check(const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		adm_err("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}
