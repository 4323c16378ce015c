/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sessions: C_OpenSession, C_CloseSession, C_CloseAllSessions,
 * C_GetSessionInfo.  The table (the list, the handles) is the module
 * lock's; what a session holds (its operations, its search) is its
 * slot's lock's.  A session joins or leaves the table with both held.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

/* The module lock. */
static struct p11_session *sessions;
/* Handles are not reused soon, so a stale handle kept by a careless
 * application fails instead of reaching someone else's session. */
static CK_SESSION_HANDLE next_handle = 1;

struct p11_session *
p11_session_find(CK_SESSION_HANDLE h)
{
	struct p11_session *s;

	for (s = sessions; s != NULL; s = s->next)
		if (s->handle == h)
			return s;
	return NULL;
}

struct p11_slot *
p11_session_slot(const struct p11_session *s)
{
	return p11_slot_get(s->slot);
}

CK_RV
p11_session_enter(CK_SESSION_HANDLE h, struct p11_session **sp)
{
	struct p11_slot *slot;
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	*sp = p11_session_find(h);
	slot = *sp != NULL ? p11_session_slot(*sp) : NULL;
	p11_leave();
	if (slot == NULL)
		return CKR_SESSION_HANDLE_INVALID;
	/* A card that left under an earlier call: its sessions end here. */
	if ((rv = p11_slot_lock(slot)) != CKR_OK)
		return rv;
	/* Found again: it may have closed while this thread waited. */
	p11_mod_lock();
	*sp = p11_session_find(h);
	if (*sp != NULL && (*sp)->slot != slot->id)
		*sp = NULL;
	p11_mod_unlock();
	if (*sp == NULL) {
		p11_slot_unlock(slot);
		return CKR_SESSION_HANDLE_INVALID;
	}
	return CKR_OK;
}

void
p11_session_leave(struct p11_session *s)
{
	p11_slot_unlock(p11_session_slot(s));
}

CK_STATE
p11_session_state(const struct p11_session *s)
{
	const struct p11_slot *slot = p11_session_slot(s);
	int rw = (s->flags & CKF_RW_SESSION) != 0;

	if (slot->login == CKU_SO)
		return CKS_RW_SO_FUNCTIONS;
	if (slot->login == CKU_USER)
		return rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
	return rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
}

void
p11_op_end(struct p11_session *s, struct p11_op *op)
{
	if (s->pending_context == op)
		s->pending_context = NULL;
	free(op->label);
	explicit_bzero(op, sizeof(*op));
}

static void
find_end(struct p11_find *f)
{
	free(f->found);
	memset(f, 0, sizeof(*f));
}

static CK_SESSION_HANDLE
new_handle(void)
{
	CK_SESSION_HANDLE h;

	/* 0 is CK_INVALID_HANDLE; skipping handles in use matters only
	 * after the counter wrapped. */
	do {
		h = next_handle++;
	} while (h == CK_INVALID_HANDLE || p11_session_find(h) != NULL);
	return h;
}

/* Module lock held (and the session's slot's): out of the table. */
static void
session_unlink(struct p11_session *s)
{
	struct p11_session **link;
	struct p11_slot *slot = p11_session_slot(s);

	for (link = &sessions; *link != NULL; link = &(*link)->next) {
		if (*link == s) {
			*link = s->next;
			break;
		}
	}
	slot->sessions--;
	if (s->flags & CKF_RW_SESSION)
		slot->rw_sessions--;
}

/* Slot lock held: free a session out of the table; the slot's login ends
 * with its last session. */
static void
session_free(struct p11_session *s)
{
	struct p11_slot *slot = p11_session_slot(s);

	p11_op_end(s, &s->sign);
	p11_op_end(s, &s->verify);
	p11_op_end(s, &s->encrypt);
	p11_op_end(s, &s->decrypt);
	p11_op_end(s, &s->digest);
	find_end(&s->find);
	p11_sobj_close_session(slot, s->handle);
	p11_slot_idle(slot);
	free(s);
}

void
p11_sessions_close_slot(struct p11_slot *slot)
{
	struct p11_session *s;

	do {
		p11_mod_lock();
		for (s = sessions; s != NULL && s->slot != slot->id;
		    s = s->next)
			;
		if (s != NULL)
			session_unlink(s);
		p11_mod_unlock();
		if (s != NULL)
			session_free(s);
	} while (s != NULL);
}

void
p11_sessions_close_all(void)
{
	struct p11_session *s;

	/* C_Finalize, after every slot was dropped: none is left unless a
	 * slot had no lock; no other thread runs. */
	while ((s = sessions) != NULL) {
		session_unlink(s);
		session_free(s);
	}
	next_handle = 1;
}

void
p11_sessions_forget(void)
{
	/* The parent's sessions are not the child's (PKCS#11 5.4): the
	 * memory is left, as the parent may still use it. */
	sessions = NULL;
	next_handle = 1;
}

int
p11_sessions_ro_exist(CK_SLOT_ID slot)
{
	struct p11_session *s;
	int found = 0;

	p11_mod_lock();
	for (s = sessions; s != NULL && !found; s = s->next)
		found = s->slot == slot && !(s->flags & CKF_RW_SESSION);
	p11_mod_unlock();
	return found;
}

/* Module entered: the slot of slotID, for a session to open on it. */
static CK_RV
open_check(CK_SLOT_ID slotID, CK_FLAGS flags, CK_SESSION_HANDLE_PTR ph,
    struct p11_slot **slotp)
{
	if (ph == NULL)
		return CKR_ARGUMENTS_BAD;
	if ((flags & CKF_SERIAL_SESSION) == 0)
		return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
	if ((*slotp = p11_slot_get(slotID)) == NULL)
		return CKR_SLOT_ID_INVALID;
	return CKR_OK;
}

P11_EXPORT CK_RV
C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
    CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)
{
	struct p11_session *s = NULL;
	struct p11_slot *slot;
	uimkey_dev_t *dev;
	CK_RV rv;

	/* Notify callbacks are optional in PKCS#11; none is ever made. */
	(void)pApplication;
	(void)Notify;
	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	rv = open_check(slotID, flags, phSession, &slot);
	p11_leave();
	if (rv != CKR_OK || (rv = p11_slot_lock(slot)) != CKR_OK)
		return rv;
	/* An SO is logged in: no read-only session may open (5.6). */
	if (slot->login == CKU_SO && !(flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_WRITE_SO_EXISTS;
		goto fail;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		rv = CKR_HOST_MEMORY;
		goto fail;
	}
	if ((rv = p11_slot_dev_get(slot, &dev)) != CKR_OK)
		goto fail;
	s->slot = slotID;
	s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
	p11_mod_lock();
	s->handle = new_handle();
	s->next = sessions;
	sessions = s;
	slot->sessions++;
	if (s->flags & CKF_RW_SESSION)
		slot->rw_sessions++;
	p11_mod_unlock();
	*phSession = s->handle;
	s = NULL;
fail:
	free(s);
	p11_slot_unlock(slot);
	return rv;
}

P11_EXPORT CK_RV
C_CloseSession(CK_SESSION_HANDLE hSession)
{
	struct p11_session *s;
	struct p11_slot *slot;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	slot = p11_session_slot(s);
	p11_mod_lock();
	session_unlink(s);
	p11_mod_unlock();
	session_free(s);
	p11_slot_unlock(slot);
	return CKR_OK;
}

P11_EXPORT CK_RV
C_CloseAllSessions(CK_SLOT_ID slotID)
{
	struct p11_slot *slot;
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	slot = p11_slot_get(slotID);
	p11_leave();
	if (slot == NULL)
		return CKR_SLOT_ID_INVALID;
	if ((rv = p11_slot_lock(slot)) != CKR_OK)
		return rv;
	p11_sessions_close_slot(slot);
	p11_slot_unlock(slot);
	return CKR_OK;
}

P11_EXPORT CK_RV
C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pInfo == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->slotID = s->slot;
	pInfo->flags = s->flags;
	pInfo->state = p11_session_state(s);
	pInfo->ulDeviceError = 0;
out:
	p11_session_leave(s);
	return rv;
}
