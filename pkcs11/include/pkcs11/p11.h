/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PKCS#11 module's shared state and its locks.
 *
 * Two kinds of lock, always taken in this order and never the other way:
 *
 *   1. a slot's lock (struct p11_slot, p11_slot.h): everything about the
 *      card in that slot -- its connection and the PC/SC context under
 *      it, the login and the secrets kept for it, the object cache, the
 *      session objects -- and the operations and searches of the
 *      sessions open on it.  It is held for a whole call about that
 *      card, card exchanges included: calls on different cards run in
 *      parallel, calls on one card one after the other.  A thread holds
 *      at most one slot's lock.
 *   2. the module lock, p11_mod.mutex: the slot table (readers, card
 *      presence, events, the readers' scan and its context), the session
 *      table (handles, the slot of each, each slot's session counts) and
 *      the waiters of C_WaitForSlotEvent.  It is held briefly: never
 *      across a card exchange, never while waiting for a slot's lock.
 *
 * So a thread holding the module lock takes no other lock, and one
 * holding a slot's lock may take the module lock: no cycle, no deadlock.
 * Each slot's session counts are written with both locks held and may
 * be read under either.  `initialized` and `pid` are read before the
 * locks exist, which PKCS#11 allows because C_Initialize and C_Finalize
 * may not race with other calls (C_WaitForSlotEvent excepted, handled in
 * p11_event.c).  Both kinds of lock come from the same mutex functions:
 * the application's, or pthreads (p11_mutex.c).
 */
#ifndef P11_H
#define P11_H

#include <stdatomic.h>
#include <sys/types.h>

#include <p11-kit/pkcs11.h>

#include "host/uimkey.h"
#include "pkcs11/p11_mutex.h"

/* The entry points are the module's only exported symbols: the whole
 * library is built with -fvisibility=hidden and a version script. */
#define P11_EXPORT __attribute__((visibility("default")))

#define P11_MANUFACTURER  "uimkey"

struct p11_waiter;

struct p11_module {
	int initialized;
	/* The process that called C_Initialize: a forked child sees
	 * another pid and must call C_Initialize itself (PKCS#11 5.4). */
	pid_t pid;
	/* Set by C_Finalize while it waits for blocked waiters to leave;
	 * atomic with `waiters` because a waiter leaves without the lock
	 * (its last step must not touch a lock that may be destroyed). */
	atomic_int finalizing;
	/* Threads inside C_WaitForSlotEvent's blocking loop. */
	atomic_uint waiters;
	/* The module lock. */
	p11_mutex_t mutex;
	/* The readers' scan (the module lock); each slot has a context of
	 * its own for its card (pcsc-lite runs the calls on one context one
	 * at a time). */
	uimkey_ctx_t *ctx;
	int ctx_open;
	/* Threads blocked in C_WaitForSlotEvent, for C_Finalize to wake. */
	struct p11_waiter *waiting;
	uimkey_readers_t *readers;
};

extern struct p11_module p11_mod;

/* The module is initialised, and by this process. */
int p11_live(void);

/* Check that the module is initialised and take its lock. */
CK_RV p11_enter(void);
void p11_leave(void);
/* The module lock alone, for a short look at the tables by a thread that
 * may hold a slot's lock.  A lock function of the application's that
 * fails is taken as done: no call could report it from there. */
void p11_mod_lock(void);
void p11_mod_unlock(void);

/* Lock held: make every blocked C_WaitForSlotEvent return soon. */
void p11_event_wake_all(void);
/* At C_Finalize, once no waiter is left inside. */
void p11_event_stop(void);

#endif
