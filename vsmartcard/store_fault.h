/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Storage faults injected into uimkey-card's file store, for the tests
 * (tests/unit/test_file_store.c, tests/stress/faults.c, run by
 * tests/integration/82-storage-faults.sh and 89-sync-kill.sh);
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
 *            its first half, then fails; the store goes on
 *   short    a sync writes the first half of its bytes into the file,
 *            then fails (EIO)
 *   enospc   a sync writes a quarter of them, then the file system is
 *            full (ENOSPC)
 *   eio      a sync fails before writing anything (EIO)
 *   fsync    a sync writes everything, then its fdatasync fails (EIO)
 *   late     a sync writes everything and flushes it, then reports
 *            failure (EIO): the new bytes are durable, the outcome
 *            unknown to the core
 *   kill     a sync writes the first half of its bytes, then the
 *            process kills itself (SIGKILL): a crash inside a sync
 *
 * "rename" and "dirsync", the names of a former whole-file store's
 * steps, are taken for eio and late.  Every failed sync leaves the store
 * refusing everything until it is opened again (file_store.h).
 *
 * write counts store writes of at least one byte; the others count
 * syncs that write the file (a sync with nothing new writes nothing).
 * Each injected fault is logged on stderr ("fault injected: ...").
 */
#ifndef UIMKEY_STORE_FAULT_H
#define UIMKEY_STORE_FAULT_H

enum fault_kind {
	FAULT_NONE, FAULT_WRITE, FAULT_SHORT, FAULT_ENOSPC, FAULT_EIO,
	FAULT_FSYNC, FAULT_LATE, FAULT_KILL
};

/* Read the environment; disarmed when it names no fault. */
void store_fault_setup(void);

/* One operation of class write (is_write) or sync: the fault to inject
 * into it, or FAULT_NONE. */
enum fault_kind store_fault_next(int is_write);

#endif
