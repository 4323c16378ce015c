/* SPDX-License-Identifier: BSD-2-Clause */
/* The module's mutexes: application callbacks or pthreads. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_mutex.h"

static CK_RV
os_create(void **mutexp)
{
	pthread_mutex_t *m;

	if ((m = malloc(sizeof(*m))) == NULL)
		return CKR_HOST_MEMORY;
	if (pthread_mutex_init(m, NULL) != 0) {
		free(m);
		return CKR_GENERAL_ERROR;
	}
	*mutexp = m;
	return CKR_OK;
}

static CK_RV
os_destroy(void *mutex)
{
	pthread_mutex_destroy(mutex);
	free(mutex);
	return CKR_OK;
}

static CK_RV
os_lock(void *mutex)
{
	return pthread_mutex_lock(mutex) == 0 ? CKR_OK : CKR_GENERAL_ERROR;
}

static CK_RV
os_unlock(void *mutex)
{
	return pthread_mutex_unlock(mutex) == 0 ? CKR_OK : CKR_GENERAL_ERROR;
}

static CK_RV
create(p11_mutex_t *l)
{
	CK_RV rv;

	if ((rv = l->create(&l->mutex)) != CKR_OK) {
		l->mutex = NULL;
		/* CreateMutex may only fail with these two. */
		return rv == CKR_HOST_MEMORY ? rv : CKR_GENERAL_ERROR;
	}
	return CKR_OK;
}

CK_RV
p11_mutex_init(p11_mutex_t *l, const CK_C_INITIALIZE_ARGS *args)
{
	int given = 0;

	memset(l, 0, sizeof(*l));
	if (args != NULL)
		given = (args->CreateMutex != NULL) +
		    (args->DestroyMutex != NULL) + (args->LockMutex != NULL) +
		    (args->UnlockMutex != NULL);
	if (given != 0 && given != 4)
		return CKR_ARGUMENTS_BAD;

	/*
	 * The application's callbacks are used only when it forbids OS
	 * locking.  With no callbacks and no CKF_OS_LOCKING_OK the
	 * application promises to be single-threaded; a pthread mutex
	 * then costs nothing and stays correct if the promise is broken.
	 * CKF_LIBRARY_CANT_CREATE_OS_THREADS needs nothing: the module
	 * creates no threads.
	 */
	if (given == 4 && (args->flags & CKF_OS_LOCKING_OK) == 0) {
		l->create = args->CreateMutex;
		l->destroy = args->DestroyMutex;
		l->lock = args->LockMutex;
		l->unlock = args->UnlockMutex;
	} else {
		l->create = os_create;
		l->destroy = os_destroy;
		l->lock = os_lock;
		l->unlock = os_unlock;
	}
	return create(l);
}

CK_RV
p11_mutex_like(p11_mutex_t *l, const p11_mutex_t *model)
{
	*l = *model;
	return create(l);
}

void
p11_mutex_fini(p11_mutex_t *l)
{
	if (l->mutex != NULL)
		l->destroy(l->mutex);
	memset(l, 0, sizeof(*l));
}

CK_RV
p11_mutex_take(p11_mutex_t *l)
{
	return l->lock(l->mutex) == CKR_OK ? CKR_OK : CKR_GENERAL_ERROR;
}

void
p11_mutex_release(p11_mutex_t *l)
{
	/* An unlock failure cannot be reported usefully to the caller,
	 * whose operation already happened. */
	(void)l->unlock(l->mutex);
}
