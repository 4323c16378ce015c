/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The module's mutexes (its own lock and each slot's), through whichever
 * mutex functions C_Initialize chose: the application's callbacks, or
 * pthreads.
 */
#ifndef P11_MUTEX_H
#define P11_MUTEX_H

#include <p11-kit/pkcs11.h>

typedef struct p11_mutex {
	CK_CREATEMUTEX create;
	CK_DESTROYMUTEX destroy;
	CK_LOCKMUTEX lock;
	CK_UNLOCKMUTEX unlock;
	void *mutex;
} p11_mutex_t;

/* CKR_ARGUMENTS_BAD when args gives some but not all four callbacks.
 * args may be NULL. */
CK_RV p11_mutex_init(p11_mutex_t *l, const CK_C_INITIALIZE_ARGS *args);
/* Another mutex made by the functions model was made with. */
CK_RV p11_mutex_like(p11_mutex_t *l, const p11_mutex_t *model);
void p11_mutex_fini(p11_mutex_t *l);
CK_RV p11_mutex_take(p11_mutex_t *l);
void p11_mutex_release(p11_mutex_t *l);

#endif
