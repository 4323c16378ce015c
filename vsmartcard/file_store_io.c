/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file store's memory class (file_store.h): reads and writes on the
 * image in RAM, and the sync that puts the changed blocks into the file
 * in place.
 */
#define _DEFAULT_SOURCE     /* fdatasync, pwrite */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "file_store.h"
#include "store_fault.h"

/* Runs of changed blocks closer than this are written as one: the gap
 * lies in pages the kernel writes back anyway, and a write is saved. */
#define MERGE_GAP   4096u

#define NO_BUDGET   ((size_t)-1)

static file_store *
fs_of(const uimkey_memory_class **ctx)
{
	/* The vtable pointer is the first field: ctx is the store itself. */
	return (file_store *)(void *)ctx;
}

static int
refused(void)
{
	errno = EIO;
	return -1;
}

static int
fs_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	file_store *fs = fs_of(ctx);

	if (fs->failed)
		return refused();
	if (off > UIMKEY_MEMORY_SIZE || len > UIMKEY_MEMORY_SIZE - off)
		return -1;
	if (len > 0)    /* buf may be NULL then, and memcpy must not see it */
		memcpy(buf, fs->mem + off, len);
	return 0;
}

/* Do n bytes at a and b differ?  In time independent of where: they may
 * be key bytes. */
static int
differ(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (uint8_t)(a[i] ^ b[i]);
	return d != 0;
}

/* Copy into the image, marking the blocks whose bytes change. */
static void
put(file_store *fs, size_t off, const uint8_t *p, size_t len)
{
	size_t end = off + len, n, b;

	while (off < end) {
		n = FILE_STORE_BLOCK - off % FILE_STORE_BLOCK;
		if (n > end - off)
			n = end - off;
		if (differ(fs->mem + off, p, n)) {
			memcpy(fs->mem + off, p, n);
			b = off / FILE_STORE_BLOCK;
			fs->dirty[b / 64] |= (uint64_t)1 << (b % 64);
		}
		off += n;
		p += n;
	}
}

static int
fs_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	file_store *fs = fs_of(ctx);

	if (fs->failed)
		return refused();
	if (off > UIMKEY_MEMORY_SIZE || len > UIMKEY_MEMORY_SIZE - off)
		return -1;
	if (len == 0)   /* buf may be NULL, and nothing changes */
		return 0;
	if (store_fault_next(1) == FAULT_WRITE) {
		/* Torn: the first half landed. */
		put(fs, off, buf, len / 2);
		errno = EIO;
		return -1;
	}
	put(fs, off, buf, len);
	return 0;
}

/* The first block at or after b that is marked (set) or not: a count of
 * blocks when there is none. */
static size_t
find(const uint64_t *m, size_t b, int set)
{
	uint64_t w;

	while (b < FILE_STORE_BLOCKS) {
		w = set ? m[b / 64] : ~m[b / 64];
		w >>= b % 64;
		if (w != 0)
			return b + (size_t)__builtin_ctzll(w);
		b = (b / 64 + 1) * 64;
	}
	return FILE_STORE_BLOCKS;
}

/* The next run to write from block *at on, as bytes [*lo, *hi); 0 when
 * none is left. */
static int
next_run(const file_store *fs, size_t *at, size_t *lo, size_t *hi)
{
	size_t a, e, n;

	if ((a = find(fs->dirty, *at, 1)) == FILE_STORE_BLOCKS)
		return 0;
	e = find(fs->dirty, a, 0);
	while (e < FILE_STORE_BLOCKS &&
	    (n = find(fs->dirty, e, 1)) < FILE_STORE_BLOCKS &&
	    (n - e) * FILE_STORE_BLOCK < MERGE_GAP)
		e = find(fs->dirty, n, 0);
	*at = e;
	*lo = a * FILE_STORE_BLOCK;
	*hi = e * FILE_STORE_BLOCK;
	return 1;
}

/* The bytes a sync writes: its runs, gaps joined in included. */
static size_t
sync_bytes(const file_store *fs)
{
	size_t at = 0, lo, hi, n = 0;

	while (next_run(fs, &at, &lo, &hi))
		n += hi - lo;
	return n;
}

static int
pwrite_full(int fd, const uint8_t *p, size_t n, size_t off)
{
	ssize_t put_n;

	while (n > 0) {
		put_n = pwrite(fd, p, n, (off_t)off);
		if (put_n < 0 && errno == EINTR)
			continue;
		if (put_n <= 0) {
			if (put_n == 0)
				errno = EIO;
			return -1;
		}
		p += put_n;
		off += (size_t)put_n;
		n -= (size_t)put_n;
	}
	return 0;
}

/* Write the runs in the order of their offsets, no more than budget
 * bytes in all. */
static int
write_runs(file_store *fs, size_t budget)
{
	size_t at = 0, lo, hi, n;

	while (budget > 0 && next_run(fs, &at, &lo, &hi)) {
		n = hi - lo < budget ? hi - lo : budget;
		if (pwrite_full(fs->fd, fs->mem + lo, n, lo) != 0)
			return -1;
		budget -= n;
	}
	return 0;
}

/* How many of its total bytes a sync with fault f writes before it
 * fails. */
static size_t
budget_of(enum fault_kind f, size_t total)
{
	switch (f) {
	case FAULT_SHORT:
	case FAULT_KILL:
		return total / 2;
	case FAULT_ENOSPC:
		return total / 4;
	case FAULT_EIO:
		return 0;
	default:
		return NO_BUDGET;
	}
}

/* The writes and the flush, with fault f injected into them. */
static int
put_file(file_store *fs, enum fault_kind f)
{
	if (write_runs(fs, budget_of(f, sync_bytes(fs))) != 0)
		return -1;
	if (f == FAULT_KILL)
		raise(SIGKILL);
	if (f == FAULT_SHORT || f == FAULT_EIO || f == FAULT_FSYNC) {
		errno = EIO;
		return -1;
	}
	if (f == FAULT_ENOSPC) {
		errno = ENOSPC;
		return -1;
	}
	if (fdatasync(fs->fd) != 0)
		return -1;
	if (f == FAULT_LATE) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int
fs_sync(const uimkey_memory_class **ctx)
{
	file_store *fs = fs_of(ctx);

	if (fs->failed)
		return refused();
	/* The core syncs at the end of every transaction, also of those
	 * that changed nothing: nothing to write, nothing to flush. */
	if (find(fs->dirty, 0, 1) == FILE_STORE_BLOCKS)
		return 0;
	if (put_file(fs, store_fault_next(0)) != 0) {
		/* What reached the file is unknown, and a flush that failed
		 * once may report success the next time without having
		 * written anything: no more trust in this file until it is
		 * opened again and recovered as after a power cut. */
		fs->failed = 1;
		fprintf(stderr, "uimkey-card: store sync: %s; the store is "
		    "out of order until the card restarts\n", strerror(errno));
		return -1;
	}
	memset(fs->dirty, 0, sizeof(fs->dirty));
	return 0;
}

const uimkey_memory_class file_store_vtable = {
	fs_read,
	fs_write,
	fs_sync,
};
