/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File-backed persistent memory: opening and closing the store
 * (file_store.h); its reads, writes and syncs are file_store_io.c's.
 */
#define _DEFAULT_SOURCE     /* explicit_bzero, flock, pread */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_io.h"
#include "file_store.h"
#include "store_fault.h"

#define TMP_SUFFIX   ".tmp"
#define LOCK_SUFFIX  ".lock"
#define STORE_MODE   0600

static int
pread_full(int fd, uint8_t *p, size_t n)
{
	ssize_t got;
	off_t off = 0;

	while (n > 0) {
		got = pread(fd, p, n, off);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0) {
			errno = EIO;    /* shrank under us */
			return -1;
		}
		p += got;
		off += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Split path into an open directory and a base name with its companions. */
static int
open_dir(file_store *fs, const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash, *base;
	size_t dlen;
	int n;

	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		snprintf(err, errlen, "%s: not a file name", path);
		return -1;
	}
	/* The companions FILE.tmp and FILE.lock must be valid names too. */
	n = snprintf(fs->name, sizeof(fs->name), "%s", base);
	if (n < 0 || (size_t)n + sizeof(LOCK_SUFFIX) > sizeof(fs->name)) {
		snprintf(err, errlen, "%s: file name too long", path);
		return -1;
	}
	snprintf(fs->tmp, sizeof(fs->tmp), "%s%s", base, TMP_SUFFIX);

	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
	} else {
		dlen = (size_t)(slash - path);
		if (dlen == 0)
			dlen = 1;   /* "/name": the root */
		if (dlen >= sizeof(dir)) {
			snprintf(err, errlen, "%s: path too long", path);
			return -1;
		}
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
	}
	fs->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs->dirfd < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Is an existing file at path one we may use?  Checked before the lock
 * file is made, so a wrong path leaves nothing behind; load() checks the
 * file again once it is ours. */
static int
check_file(const char *path, const struct stat *st, char *err,
    size_t errlen)
{
	if (S_ISLNK(st->st_mode)) {
		/* Opened with O_NOFOLLOW, it would fail less clearly. */
		snprintf(err, errlen, "%s: is a symbolic link; give the real "
		    "path", path);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (st->st_size != (off_t)UIMKEY_MEMORY_SIZE) {
		snprintf(err, errlen, "%s: %lld bytes, but a uimkey store is "
		    "%u bytes; not a card store (left untouched)", path,
		    (long long)st->st_size, (unsigned)UIMKEY_MEMORY_SIZE);
		return -1;
	}
	return 0;
}

static int
precheck(const file_store *fs, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstatat(fs->dirfd, fs->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return check_file(path, &st, err, errlen);
}

static int
lock_store(file_store *fs, const char *path, char *err, size_t errlen)
{
	char lock[FILE_STORE_NAMEX_MAX];

	snprintf(lock, sizeof(lock), "%s%s", fs->name, LOCK_SUFFIX);
	fs->lockfd = openat(fs->dirfd, lock,
	    O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, STORE_MODE);
	if (fs->lockfd < 0) {
		snprintf(err, errlen, "%s%s: %s", path, LOCK_SUFFIX,
		    strerror(errno));
		return -1;
	}
	if (flock(fs->lockfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			snprintf(err, errlen, "%s: in use by another "
			    "uimkey-card", path);
		else
			snprintf(err, errlen, "%s%s: %s", path, LOCK_SUFFIX,
			    strerror(errno));
		return -1;
	}
	return 0;
}

/* A factory-fresh card: erased memory, written whole to FILE.tmp and
 * renamed into place, so that a crash never leaves half a store. */
static int
create_blank(file_store *fs)
{
	int fd, saved;

	memset(fs->mem, UIMKEY_MEMORY_ERASED, sizeof(fs->mem));
	fd = openat(fs->dirfd, fs->tmp, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC | O_NOFOLLOW, STORE_MODE);
	if (fd < 0)
		return -1;
	if (fchmod(fd, STORE_MODE) != 0 ||
	    file_io_write_full(fd, fs->mem, sizeof(fs->mem)) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		(void)unlinkat(fs->dirfd, fs->tmp, 0);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0 ||
	    renameat(fs->dirfd, fs->tmp, fs->dirfd, fs->name) != 0) {
		saved = errno;
		(void)unlinkat(fs->dirfd, fs->tmp, 0);
		errno = saved;
		return -1;
	}
	/* The new name is durable only once the directory is. */
	return fsync(fs->dirfd);
}

/* Open FILE for good, creating it when there is none. */
static int
open_file(file_store *fs, const char *path, char *err, size_t errlen)
{
	const int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW;

	/* Left by a crash, never the store; it may hold an image. */
	if (unlinkat(fs->dirfd, fs->tmp, 0) != 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s%s: %s", path, TMP_SUFFIX,
		    strerror(errno));
		return -1;
	}
	fs->fd = openat(fs->dirfd, fs->name, flags);
	if (fs->fd < 0 && errno == ENOENT) {
		if (create_blank(fs) != 0) {
			snprintf(err, errlen, "%s: cannot create: %s", path,
			    strerror(errno));
			return -1;
		}
		fs->fd = openat(fs->dirfd, fs->name, flags);
	}
	if (fs->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
load(file_store *fs, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (open_file(fs, path, err, errlen) != 0)
		return -1;
	if (fstat(fs->fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (check_file(path, &st, err, errlen) != 0)
		return -1;
	/* It holds keys: the card's own, whoever made it. */
	if ((st.st_mode & 07777) != STORE_MODE &&
	    fchmod(fs->fd, STORE_MODE) != 0) {
		snprintf(err, errlen, "%s: cannot make it mode 0600: %s",
		    path, strerror(errno));
		return -1;
	}
	if (pread_full(fs->fd, fs->mem, sizeof(fs->mem)) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
file_store_open(file_store *fs, const char *path, char *err, size_t errlen)
{
	int r = -1;

	memset(fs, 0, sizeof(*fs));
	store_fault_setup();
	fs->vtable = &file_store_vtable;
	fs->fd = -1;
	fs->dirfd = -1;
	fs->lockfd = -1;
	if (open_dir(fs, path, err, errlen) != 0 ||
	    precheck(fs, path, err, errlen) != 0 ||
	    lock_store(fs, path, err, errlen) != 0 ||
	    load(fs, path, err, errlen) != 0)
		goto fail;
	/* FILE is open for good: nothing more is looked up by name. */
	close(fs->dirfd);
	fs->dirfd = -1;
	r = 0;
fail:
	if (r != 0)
		file_store_close(fs);
	return r;
}

void
file_store_close(file_store *fs)
{
	if (fs->fd >= 0)
		close(fs->fd);
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	if (fs->lockfd >= 0)
		close(fs->lockfd);  /* releases the lock */
	fs->fd = -1;
	fs->dirfd = -1;
	fs->lockfd = -1;
	memset(fs->dirty, 0, sizeof(fs->dirty));
	/* The image holds keys and PINs. */
	explicit_bzero(fs->mem, sizeof(fs->mem));
}
