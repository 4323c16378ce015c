/* SPDX-License-Identifier: BSD-2-Clause */
/* Sessions: C_OpenSession, C_CloseSession, C_CloseAllSessions,
 * C_GetSessionInfo. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

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
	if ((*sp = p11_session_find(h)) == NULL) {
		p11_leave();
		return CKR_SESSION_HANDLE_INVALID;
	}
	slot = p11_session_slot(*sp);
	if (slot->lost) {
		/* The card left under an earlier call: its sessions end. */
		p11_slot_drop(slot);
		p11_leave();
		return CKR_SESSION_HANDLE_INVALID;
	}
	return CKR_OK;
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

/* Unlink and free one session; the slot's login ends with its last. */
static void
session_close(struct p11_session **link)
{
	struct p11_session *s = *link;
	struct p11_slot *slot = p11_slot_get(s->slot);

	*link = s->next;
	p11_op_end(s, &s->sign);
	p11_op_end(s, &s->verify);
	p11_op_end(s, &s->encrypt);
	p11_op_end(s, &s->decrypt);
	p11_op_end(s, &s->digest);
	find_end(&s->find);
	p11_sobj_close_session(s->handle);
	if (slot != NULL) {
		slot->sessions--;
		if (s->flags & CKF_RW_SESSION)
			slot->rw_sessions--;
		p11_slot_idle(slot);
	}
	free(s);
}

void
p11_sessions_close_slot(CK_SLOT_ID slot)
{
	struct p11_session **link = &sessions;

	while (*link != NULL) {
		if ((*link)->slot == slot)
			session_close(link);
		else
			link = &(*link)->next;
	}
}

void
p11_sessions_close_all(void)
{
	while (sessions != NULL)
		session_close(&sessions);
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

	for (s = sessions; s != NULL; s = s->next)
		if (s->slot == slot && !(s->flags & CKF_RW_SESSION))
			return 1;
	return 0;
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
	if (phSession == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto fail;
	}
	if ((flags & CKF_SERIAL_SESSION) == 0) {
		rv = CKR_SESSION_PARALLEL_NOT_SUPPORTED;
		goto fail;
	}
	if ((slot = p11_slot_get(slotID)) == NULL) {
		rv = CKR_SLOT_ID_INVALID;
		goto fail;
	}
	if (slot->lost)
		p11_slot_drop(slot);
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
	s->handle = new_handle();
	s->slot = slotID;
	s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
	s->next = sessions;
	sessions = s;
	slot->sessions++;
	if (s->flags & CKF_RW_SESSION)
		slot->rw_sessions++;
	*phSession = s->handle;
	p11_leave();
	return CKR_OK;
fail:
	free(s);
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_CloseSession(CK_SESSION_HANDLE hSession)
{
	struct p11_session **link;
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	rv = CKR_SESSION_HANDLE_INVALID;
	for (link = &sessions; *link != NULL; link = &(*link)->next) {
		if ((*link)->handle == hSession) {
			session_close(link);
			rv = CKR_OK;
			break;
		}
	}
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_CloseAllSessions(CK_SLOT_ID slotID)
{
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (p11_slot_get(slotID) == NULL)
		rv = CKR_SLOT_ID_INVALID;
	else
		p11_sessions_close_slot(slotID);
	p11_leave();
	return rv;
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
	p11_leave();
	return rv;
}
