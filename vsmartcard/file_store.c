/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File-backed persistent memory.
 */
#define _DEFAULT_SOURCE     /* explicit_bzero, flock */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_store.h"
#include "store_fault.h"

#define TMP_SUFFIX   ".tmp"
#define LOCK_SUFFIX  ".lock"
#define STORE_MODE   0600

static file_store *
fs_of(const uimkey_memory_class **ctx)
{
	/* The vtable pointer is the first field: ctx is the store itself. */
	return (file_store *)(void *)ctx;
}

static int
fs_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	file_store *fs = fs_of(ctx);

	if (off > UIMKEY_MEMORY_SIZE || len > UIMKEY_MEMORY_SIZE - off)
		return -1;
	if (len > 0)    /* buf may be NULL then, and memcpy must not see it */
		memcpy(buf, fs->mem + off, len);
	return 0;
}

static int
fs_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	file_store *fs = fs_of(ctx);

	if (off > UIMKEY_MEMORY_SIZE || len > UIMKEY_MEMORY_SIZE - off)
		return -1;
	if (len == 0)   /* buf may be NULL, and nothing changes */
		return 0;
	if (store_fault_next(1) == FAULT_WRITE) {
		/* Torn: the first half landed. */
		memcpy(fs->mem + off, buf, len / 2);
		fs->dirty = 1;
		errno = EIO;
		return -1;
	}
	memcpy(fs->mem + off, buf, len);
	fs->dirty = 1;
	return 0;
}

static int
write_full(int fd, const uint8_t *p, size_t n)
{
	ssize_t put;

	while (n > 0) {
		put = write(fd, p, n);
		if (put < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

static int
read_full(int fd, uint8_t *p, size_t n)
{
	ssize_t got;

	while (n > 0) {
		got = read(fd, p, n);
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
		n -= (size_t)got;
	}
	return 0;
}

/* write_full, with an injected short write (EIO) or full disk. */
static int
write_image(int fd, const uint8_t *p, size_t n, enum fault_kind f)
{
	if (f != FAULT_SHORT && f != FAULT_ENOSPC)
		return write_full(fd, p, n);
	if (write_full(fd, p, f == FAULT_SHORT ? n / 2 : n / 4) != 0)
		return -1;
	errno = f == FAULT_SHORT ? EIO : ENOSPC;
	return -1;
}

static int
fs_sync(const uimkey_memory_class **ctx)
{
	file_store *fs = fs_of(ctx);
	enum fault_kind f;
	int fd = -1, r = -1, saved;

	/* The core syncs at the end of every transaction, also of those
	 * that changed nothing; writing 256 KiB for them would be waste. */
	if (!fs->dirty)
		return 0;
	f = store_fault_next(0);
	fd = openat(fs->dirfd, fs->tmp,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, STORE_MODE);
	if (fd < 0)
		goto fail;
	/* A stale FILE.tmp left by a crash keeps its old mode otherwise. */
	if (fchmod(fd, STORE_MODE) != 0 ||
	    write_image(fd, fs->mem, UIMKEY_MEMORY_SIZE, f) != 0)
		goto fail;
	if (f == FAULT_FSYNC || fsync(fd) != 0) {
		if (f == FAULT_FSYNC)
			errno = EIO;
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (f == FAULT_RENAME) {
		errno = EIO;
		goto fail;
	}
	if (renameat(fs->dirfd, fs->tmp, fs->dirfd, fs->name) != 0)
		goto fail;
	/* The rename is durable only once the directory is. */
	if (f == FAULT_DIRSYNC || fsync(fs->dirfd) != 0) {
		if (f == FAULT_DIRSYNC)
			errno = EIO;
		goto done;
	}
	fs->dirty = 0;
	r = 0;
	goto done;
fail:
	saved = errno;
	(void)unlinkat(fs->dirfd, fs->tmp, 0);
	errno = saved;
done:
	if (fd >= 0)
		close(fd);
	if (r != 0)
		fprintf(stderr, "uimkey-card: store sync: %s\n", strerror(errno));
	return r;
}

const uimkey_memory_class file_store_vtable = {
	fs_read,
	fs_write,
	fs_sync,
};

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
		/* rename() would replace the link, not its target. */
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

/* A factory-fresh card: erased memory, put on disk at once so that the
 * file exists from the start and a crash never finds half a store. */
static int
create_blank(file_store *fs, const char *path, char *err, size_t errlen)
{
	memset(fs->mem, UIMKEY_MEMORY_ERASED, sizeof(fs->mem));
	fs->dirty = 1;
	if (fs_sync(&fs->vtable) != 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
load(file_store *fs, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd, r = -1;

	fd = openat(fs->dirfd, fs->name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			r = create_blank(fs, path, err, errlen);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (check_file(path, &st, err, errlen) != 0)
		goto fail;
	if (read_full(fd, fs->mem, sizeof(fs->mem)) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fs->dirty = 0;
	r = 0;
fail:
	if (fd >= 0)
		close(fd);
	return r;
}

int
file_store_open(file_store *fs, const char *path, char *err, size_t errlen)
{
	int r = -1;

	memset(fs, 0, sizeof(*fs));
	store_fault_setup();
	fs->vtable = &file_store_vtable;
	fs->dirfd = -1;
	fs->lockfd = -1;
	if (open_dir(fs, path, err, errlen) != 0 ||
	    precheck(fs, path, err, errlen) != 0 ||
	    lock_store(fs, path, err, errlen) != 0 ||
	    load(fs, path, err, errlen) != 0)
		goto fail;
	r = 0;
fail:
	if (r != 0)
		file_store_close(fs);
	return r;
}

void
file_store_close(file_store *fs)
{
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	if (fs->lockfd >= 0)
		close(fs->lockfd);  /* releases the lock */
	fs->dirfd = -1;
	fs->lockfd = -1;
	/* The image holds keys and PINs. */
	explicit_bzero(fs->mem, sizeof(fs->mem));
}
