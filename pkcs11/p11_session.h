/* Sessions: handles, and the slot each one is open on. */
#ifndef P11_SESSION_H
#define P11_SESSION_H

#include "pkcs11/p11.h"

struct p11_session {
	CK_SESSION_HANDLE handle;
	CK_SLOT_ID slot;
	CK_FLAGS flags;
	/* The slot's shared card connection. */
	uimkey_dev_t *dev;
	struct p11_session *next;
};

/* The open session with this handle, or NULL.  Lock held. */
struct p11_session *p11_session_find(CK_SESSION_HANDLE h);

/*
 * Enter the module for an operation on session h: on CKR_OK the lock is
 * held and *sp is the session; on any other value the lock is not held.
 */
CK_RV p11_session_enter(CK_SESSION_HANDLE h, struct p11_session **sp);

/* Close every session on a slot (the token left, or C_CloseAllSessions). */
void p11_sessions_close_slot(CK_SLOT_ID slot);
/* Close every session (C_Finalize). */
void p11_sessions_close_all(void);

#endif
