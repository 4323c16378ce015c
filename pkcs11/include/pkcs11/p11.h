/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PKCS#11 module's shared state.  Everything below is guarded by
 * p11_mod.mutex; only `initialized` and `pid` are read before the mutex
 * exists, which PKCS#11 allows because C_Initialize and C_Finalize may not
 * race with other calls (C_WaitForSlotEvent excepted, handled in
 * p11_event.c).
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
	p11_mutex_t mutex;
	/* Every short PC/SC call, always under the lock. */
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

/* Lock held: make every blocked C_WaitForSlotEvent return soon. */
void p11_event_wake_all(void);
/* At C_Finalize, once no waiter is left inside. */
void p11_event_stop(void);

#endif
