/* SPDX-License-Identifier: BSD-2-Clause */
/* The module: function list, C_Initialize, C_Finalize, C_GetInfo. */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_secret.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"
#include "pkcs11/p11_util.h"

#define P11_LIBRARY_VERSION_MAJOR  0
#define P11_LIBRARY_VERSION_MINOR  1

struct p11_module p11_mod;

int
p11_live(void)
{
	return p11_mod.initialized && p11_mod.pid == getpid();
}

CK_RV
p11_enter(void)
{
	if (!p11_live())
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	if (p11_mutex_take(&p11_mod.mutex) != CKR_OK)
		return CKR_GENERAL_ERROR;
	/* C_Finalize has begun and only lets blocked waiters out. */
	if (atomic_load(&p11_mod.finalizing)) {
		p11_mutex_release(&p11_mod.mutex);
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	}
	return CKR_OK;
}

void
p11_leave(void)
{
	p11_mutex_release(&p11_mod.mutex);
}

void
p11_mod_lock(void)
{
	(void)p11_mutex_take(&p11_mod.mutex);
}

void
p11_mod_unlock(void)
{
	p11_mutex_release(&p11_mod.mutex);
}

/* No lock held, no other call running (or only finishing). */
static void
module_free(void)
{
	p11_slots_stop();
	p11_sessions_close_all();
	p11_event_stop();
	if (p11_mod.readers != NULL)
		uimkey_readers_free(&p11_mod.readers);
	if (p11_mod.ctx != NULL)
		uimkey_ctx_free(&p11_mod.ctx);
	p11_secrets_fini();
}

/*
 * A forked child inherits the parent's module: its PC/SC contexts and
 * card connections share sockets with the parent, and its lock may have
 * been held by another thread at the fork.  None of it is touched; the
 * child starts afresh (the inherited memory is simply left).
 */
static void
module_forget(void)
{
	p11_sessions_forget();
	p11_sobj_forget();
	p11_slots_forget();
	p11_secrets_forget();
	memset(&p11_mod, 0, sizeof(p11_mod));
}

P11_EXPORT CK_RV
C_Initialize(CK_VOID_PTR pInitArgs)
{
	const CK_C_INITIALIZE_ARGS *args = pInitArgs;
	p11_mutex_t mutex;
	CK_RV rv;

	if (args != NULL && args->pReserved != NULL)
		return CKR_ARGUMENTS_BAD;
	if (p11_mod.initialized && p11_mod.pid != getpid())
		module_forget();
	if (p11_mod.initialized)
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	if ((rv = p11_mutex_init(&mutex, args)) != CKR_OK)
		return rv;
	memset(&p11_mod, 0, sizeof(p11_mod));
	p11_mod.mutex = mutex;
	p11_mod.pid = getpid();
	if ((p11_mod.ctx = uimkey_ctx_new()) == NULL ||
	    (p11_mod.readers = uimkey_readers_new()) == NULL ||
	    p11_secrets_init(P11_SLOTS_MAX) != 0) {
		rv = CKR_HOST_MEMORY;
		goto fail;
	}
	/* pcscd may start later: an unreachable PC/SC is retried on every
	 * scan instead of failing here. */
	if ((rv = p11_slots_start()) != CKR_OK)
		goto fail;
	p11_mod.initialized = 1;
	return CKR_OK;
fail:
	module_free();
	p11_mutex_fini(&p11_mod.mutex);
	return rv;
}

P11_EXPORT CK_RV
C_Finalize(CK_VOID_PTR pReserved)
{
	struct timespec tick = { 0, 1000000L };
	CK_RV rv;

	if (pReserved != NULL)
		return p11_live() ? CKR_ARGUMENTS_BAD :
		    CKR_CRYPTOKI_NOT_INITIALIZED;
	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	atomic_store(&p11_mod.finalizing, 1);
	/*
	 * PKCS#11 lets C_Finalize run while another thread blocks in
	 * C_WaitForSlotEvent, which must then return
	 * CKR_CRYPTOKI_NOT_INITIALIZED: wake it, and free nothing until it
	 * is out.  Its wait is bounded by a slice, so this ends even if
	 * the cancel is missed.
	 */
	while (atomic_load(&p11_mod.waiters) > 0) {
		/* Again on every tick: a waiter may be between joining
		 * and blocking, where one cancel could be missed. */
		p11_event_wake_all();
		p11_leave();
		(void)nanosleep(&tick, NULL);
		if (p11_mutex_take(&p11_mod.mutex) != CKR_OK)
			return CKR_GENERAL_ERROR;
	}
	/* No call may start now; a call at work on a card ends before its
	 * slot is dropped (p11_slots_stop takes each slot's lock, then the
	 * module's: the order of p11.h). */
	p11_leave();
	module_free();
	p11_mod.initialized = 0;
	p11_mutex_fini(&p11_mod.mutex);
	atomic_store(&p11_mod.finalizing, 0);
	return CKR_OK;
}

P11_EXPORT CK_RV
C_GetInfo(CK_INFO_PTR pInfo)
{
	if (!p11_live())
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	if (pInfo == NULL)
		return CKR_ARGUMENTS_BAD;
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->cryptokiVersion.major = CRYPTOKI_VERSION_MAJOR;
	pInfo->cryptokiVersion.minor = CRYPTOKI_VERSION_MINOR;
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
	    P11_MANUFACTURER);
	pInfo->flags = 0;
	p11_pad(pInfo->libraryDescription, sizeof(pInfo->libraryDescription),
	    "uimkey PKCS#11 module");
	pInfo->libraryVersion.major = P11_LIBRARY_VERSION_MAJOR;
	pInfo->libraryVersion.minor = P11_LIBRARY_VERSION_MINOR;
	return CKR_OK;
}

static CK_FUNCTION_LIST function_list = {
	{ CRYPTOKI_VERSION_MAJOR, CRYPTOKI_VERSION_MINOR },
	C_Initialize,
	C_Finalize,
	C_GetInfo,
	C_GetFunctionList,
	C_GetSlotList,
	C_GetSlotInfo,
	C_GetTokenInfo,
	C_GetMechanismList,
	C_GetMechanismInfo,
	C_InitToken,
	C_InitPIN,
	C_SetPIN,
	C_OpenSession,
	C_CloseSession,
	C_CloseAllSessions,
	C_GetSessionInfo,
	C_GetOperationState,
	C_SetOperationState,
	C_Login,
	C_Logout,
	C_CreateObject,
	C_CopyObject,
	C_DestroyObject,
	C_GetObjectSize,
	C_GetAttributeValue,
	C_SetAttributeValue,
	C_FindObjectsInit,
	C_FindObjects,
	C_FindObjectsFinal,
	C_EncryptInit,
	C_Encrypt,
	C_EncryptUpdate,
	C_EncryptFinal,
	C_DecryptInit,
	C_Decrypt,
	C_DecryptUpdate,
	C_DecryptFinal,
	C_DigestInit,
	C_Digest,
	C_DigestUpdate,
	C_DigestKey,
	C_DigestFinal,
	C_SignInit,
	C_Sign,
	C_SignUpdate,
	C_SignFinal,
	C_SignRecoverInit,
	C_SignRecover,
	C_VerifyInit,
	C_Verify,
	C_VerifyUpdate,
	C_VerifyFinal,
	C_VerifyRecoverInit,
	C_VerifyRecover,
	C_DigestEncryptUpdate,
	C_DecryptDigestUpdate,
	C_SignEncryptUpdate,
	C_DecryptVerifyUpdate,
	C_GenerateKey,
	C_GenerateKeyPair,
	C_WrapKey,
	C_UnwrapKey,
	C_DeriveKey,
	C_SeedRandom,
	C_GenerateRandom,
	C_GetFunctionStatus,
	C_CancelFunction,
	C_WaitForSlotEvent,
};

P11_EXPORT CK_RV
C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
	if (ppFunctionList == NULL)
		return CKR_ARGUMENTS_BAD;
	*ppFunctionList = &function_list;
	return CKR_OK;
}
