/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The module lock, through whichever mutex functions C_Initialize chose:
 * the application's callbacks, or pthreads.
 */
#ifndef P11_LOCK_H
#define P11_LOCK_H

#include <p11-kit/pkcs11.h>

typedef struct p11_lock {
	CK_CREATEMUTEX create;
	CK_DESTROYMUTEX destroy;
	CK_LOCKMUTEX lock;
	CK_UNLOCKMUTEX unlock;
	void *mutex;
} p11_lock_t;

/* CKR_ARGUMENTS_BAD when args gives some but not all four callbacks.
 * args may be NULL. */
CK_RV p11_lock_init(p11_lock_t *l, const CK_C_INITIALIZE_ARGS *args);
void p11_lock_fini(p11_lock_t *l);
CK_RV p11_lock_take(p11_lock_t *l);
void p11_lock_release(p11_lock_t *l);

#endif
