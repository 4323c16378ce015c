/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device key and the counter in files (file_device.h).
 */
#define _DEFAULT_SOURCE     /* explicit_bzero */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_device.h"
#include "file_io.h"

#define FILE_MODE    0600
#define TMP_SUFFIX   ".tmp"
#define COUNTER_LEN  8
/* Bits of a key file's mode that let someone else at it. */
#define OTHERS_RW    (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

static file_device *
fd_of(const uimkey_device_class **ctx)
{
	/* The vtable pointer is the first field: ctx is the device. */
	return (file_device *)(void *)ctx;
}

static int
fd_key(const uimkey_device_class **ctx, uint8_t *out)
{
	file_device *d = fd_of(ctx);

	if (!d->have_key)
		return -1;
	memcpy(out, d->key, sizeof(d->key));
	return 0;
}

static void
be64_put(uint8_t *p, uint64_t v)
{
	int i;

	for (i = COUNTER_LEN - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t
be64_get(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < COUNTER_LEN; i++)
		v = v << 8 | p[i];
	return v;
}

static int
fd_counter_read(const uimkey_device_class **ctx, uint64_t *value)
{
	uint8_t b[COUNTER_LEN];

	if (pread(fd_of(ctx)->counter_fd, b, sizeof(b), 0) !=
	    (ssize_t)sizeof(b))
		return -1;
	*value = be64_get(b);
	return 0;
}

static int
fd_counter_raise(const uimkey_device_class **ctx, uint64_t value)
{
	file_device *d = fd_of(ctx);
	uint8_t b[COUNTER_LEN];
	uint64_t now;

	if (fd_counter_read(ctx, &now) != 0)
		return -1;
	if (value <= now)
		return 0;
	be64_put(b, value);
	if (pwrite(d->counter_fd, b, sizeof(b), 0) != (ssize_t)sizeof(b) ||
	    fdatasync(d->counter_fd) != 0) {
		fprintf(stderr, "uimkey-card: counter: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static uint32_t
fd_kdf_iterations(const uimkey_device_class **ctx)
{
	uint32_t n = fd_of(ctx)->iterations;

	return n != 0 ? n : UIMKEY_KDF_ITERATIONS_DEFAULT;
}

const uimkey_device_class file_device_vtable = {
	fd_key, fd_counter_read, fd_counter_raise, fd_kdf_iterations
};

/*
 * A new file at path holding len bytes, mode 0600, whole or not there:
 * written to path.tmp (made with O_EXCL; one left by a crash is removed
 * first, it never had its name), flushed, then named path, by link when
 * an existing path must be kept (replace 0), by rename otherwise; then
 * the directory flushed.
 */
static int
create_file(const char *path, const uint8_t *data, size_t len, int replace,
    char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	int n;

	n = snprintf(tmp, sizeof(tmp), "%s%s", path, TMP_SUFFIX);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if (file_io_create(tmp, data, len, FILE_MODE) != 0 ||
	    (replace ? rename(tmp, path) : link(tmp, path)) != 0)
		goto fail;
	if ((!replace && unlink(tmp) != 0) ||
	    file_io_sync_parent(path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
	(void)unlink(tmp);
	return -1;
}

/* A new device: the counter at 0 (an earlier one replaced), then the
 * key, so that a key on disk always has its counter. */
static int
create_device(file_device *d, const char *key_path, const char *counter_path,
    char *err, size_t errlen)
{
	uint8_t zero[COUNTER_LEN] = { 0 };
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(d->key)) {
		n = getrandom(d->key + got, sizeof(d->key) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "getrandom: %s", strerror(errno));
			return -1;
		}
		got += (size_t)n;
	}
	if (create_file(counter_path, zero, sizeof(zero), 1, err,
	    errlen) != 0 ||
	    create_file(key_path, d->key, sizeof(d->key), 0, err,
	    errlen) != 0)
		return -1;
	d->have_key = 1;
	return 0;
}

static int
read_key(file_device *d, const char *path, char *err, size_t errlen)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if ((st.st_mode & OTHERS_RW) != 0) {
		snprintf(err, errlen, "%s: the device key is readable or "
		    "writable by group or others; refused (chmod 600 %s)",
		    path, path);
		goto fail;
	}
	if (st.st_size != (off_t)sizeof(d->key)) {
		snprintf(err, errlen, "%s: %lld bytes, but a device key is %zu "
		    "bytes; refused", path, (long long)st.st_size,
		    sizeof(d->key));
		goto fail;
	}
	n = read(fd, d->key, sizeof(d->key));
	if (n != (ssize_t)sizeof(d->key)) {
		snprintf(err, errlen, "%s: short read", path);
		goto fail;
	}
	close(fd);
	d->have_key = 1;
	return 0;
fail:
	close(fd);
	explicit_bzero(d->key, sizeof(d->key));
	return -1;
}

static int
open_counter(file_device *d, const char *path, const char *key_path,
    char *err, size_t errlen)
{
	struct stat st;

	d->counter_fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->counter_fd < 0) {
		snprintf(err, errlen, "%s: %s; it was made with the device key "
		    "%s and tells an older copy of the store from the current "
		    "one: restore it", path, strerror(errno), key_path);
		return -1;
	}
	if (fstat(d->counter_fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != COUNTER_LEN) {
		snprintf(err, errlen, "%s: not a counter file (%d bytes, big "
		    "endian); refused", path, COUNTER_LEN);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen, "%s: the counter is writable by group or "
		    "others; refused (chmod 600 %s)", path, path);
		return -1;
	}
	return 0;
}

int
file_device_open(file_device *d, const char *key_path,
    const char *counter_path, int may_create, uint32_t iterations,
    char *err, size_t errlen)
{
	struct stat st;
	int r = -1;

	memset(d, 0, sizeof(*d));
	d->vtable = &file_device_vtable;
	d->counter_fd = -1;
	d->iterations = iterations;
	if (stat(key_path, &st) != 0 && errno == ENOENT) {
		if (!may_create) {
			snprintf(err, errlen, "%s: no such device key, but the "
			    "store holds a card: a store is read only with the "
			    "key it was written with; restore the key (only a "
			    "store that holds no card gets a new one)",
			    key_path);
			goto done;
		}
		if (create_device(d, key_path, counter_path, err,
		    errlen) != 0)
			goto done;
	} else if (read_key(d, key_path, err, errlen) != 0) {
		goto done;
	}
	r = open_counter(d, counter_path, key_path, err, errlen);
done:
	if (r != 0)
		file_device_close(d);
	return r;
}

void
file_device_forget_key(file_device *d)
{
	explicit_bzero(d->key, sizeof(d->key));
	d->have_key = 0;
}

void
file_device_close(file_device *d)
{
	if (d->counter_fd >= 0)
		close(d->counter_fd);
	explicit_bzero(d, sizeof(*d));
	d->counter_fd = -1;
}
