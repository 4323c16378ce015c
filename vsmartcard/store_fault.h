/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Storage faults injected into uimkey-card's file store, for the tests
 * (tests/stress/faults.c, tests/integration/82-storage-faults.sh);
 * compiled out with -DUIMKEY_NO_FAULT_INJECTION.  Read by
 * store_fault_setup() when the store opens:
 *
 *   UIMKEY_CARD_FAULT=SPEC        armed from the start
 *   UIMKEY_CARD_FAULT_FILE=PATH   a file holding a SPEC; it is read and
 *                                 removed at the next store write or sync,
 *                                 and its SPEC replaces the armed one
 *                                 (counting starts again)
 *
 * SPEC is KIND[:N[+]]: the N-th (default 1st) operation of the kind's
 * class counted from arming fails, and with '+' every later one too.
 * "none" disarms.  Kinds:
 *
 *   write    a store write (the core's write into the image) lands only
 *            its first half, then fails
 *   short    a sync writes half the image to FILE.tmp, then fails (EIO)
 *   enospc   a sync writes a quarter of the image, then the file system
 *            is full (ENOSPC)
 *   fsync    a sync's fsync of FILE.tmp fails (EIO)
 *   rename   a sync's rename of FILE.tmp over FILE fails (EIO)
 *   dirsync  a sync's fsync of the directory fails (EIO) after the
 *            rename: the new image is in place, but the sync reports
 *            failure (its outcome is unknown to the core)
 *
 * write counts store writes of at least one byte; the others count
 * syncs that write the file (a sync with nothing new writes nothing).
 * Each injected fault is logged on stderr ("fault injected: ...").
 */
#ifndef UIMKEY_STORE_FAULT_H
#define UIMKEY_STORE_FAULT_H

enum fault_kind {
	FAULT_NONE, FAULT_WRITE, FAULT_SHORT, FAULT_ENOSPC, FAULT_FSYNC,
	FAULT_RENAME, FAULT_DIRSYNC
};

/* Read the environment; disarmed when it names no fault. */
void store_fault_setup(void);

/* One operation of class write (is_write) or sync: the fault to inject
 * into it, or FAULT_NONE. */
enum fault_kind store_fault_next(int is_write);

#endif
