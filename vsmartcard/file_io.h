/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Whole files of the card process (a store made by an upgrade, the
 * device key and counter): written whole and flushed before they take
 * their names, their directory flushed after, so that a crash leaves the
 * old file or the new one, never part of one.
 */
#ifndef UIMKEY_VPCD_FILE_IO_H
#define UIMKEY_VPCD_FILE_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* n bytes at p to fd, however many writes it takes: 0, or -1 (errno). */
int file_io_write_full(int fd, const uint8_t *p, size_t n);

/*
 * path made anew with mode (exactly: whatever the umask), holding len
 * bytes of data, flushed and closed.  One already there is removed
 * first: it is what a crash left of an earlier attempt, never given its
 * final name.  0, or -1 (errno kept) with path removed.
 */
int file_io_create(const char *path, const uint8_t *data, size_t len,
    mode_t mode);

/* Flush the directory holding path, so that a new name in it lasts:
 * 0, or -1 (errno). */
int file_io_sync_parent(const char *path);

#endif
