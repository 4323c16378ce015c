/* SPDX-License-Identifier: BSD-2-Clause */
/* Whole files of the card process (file_io.h). */
#define _DEFAULT_SOURCE     /* O_CLOEXEC, O_DIRECTORY, O_NOFOLLOW, fchmod */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_io.h"

#define CREATE_FLAGS  (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)

int
file_io_write_full(int fd, const uint8_t *p, size_t n)
{
	ssize_t put;

	while (n > 0) {
		put = write(fd, p, n);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

int
file_io_create(const char *path, const uint8_t *data, size_t len,
    mode_t mode)
{
	int fd, saved;

	fd = open(path, CREATE_FLAGS, mode);
	if (fd < 0 && errno == EEXIST && unlink(path) == 0)
		fd = open(path, CREATE_FLAGS, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0 || file_io_write_full(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		(void)close(fd);
		goto fail;
	}
	if (close(fd) == 0)
		return 0;
	saved = errno;
fail:
	(void)unlink(path);
	errno = saved;
	return -1;
}

int
file_io_sync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;
	int fd, r;

	if (slash == NULL) {
		dir[0] = '.';
		dir[1] = '\0';
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(dir)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}
