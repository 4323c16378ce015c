/* SPDX-License-Identifier: BSD-2-Clause */
/* Sessions: handles, the slot each one is open on, its operations.  The
 * locks are described in p11.h. */
#ifndef P11_SESSION_H
#define P11_SESSION_H

/* What C_Login(CKU_CONTEXT_SPECIFIC) established (struct p11_op). */
#define P11_CONTEXT_CARD    1
#define P11_CONTEXT_AT_USE  2

#include <bearssl.h>

#include "pkcs11/p11.h"
#include "pkcs11/p11_mech.h"

/* Data a raw mechanism (no hashing) gathers over C_*Update: the most any
 * of them takes in one piece (an RSA 4096 block). */
#define P11_OP_BUF_MAX  512

/* A sign, verify, encrypt, decrypt or digest operation. */
struct p11_op {
	int active;
	const struct p11_mech *mech;
	CK_OBJECT_HANDLE hkey;
	int key;                /* key index in the slot's cache */
	int enc_hash;           /* PSS, OAEP: the encoding's hash */
	int mgf_hash;           /* PSS, OAEP */
	size_t salt_len;        /* PSS */
	uint8_t *label;         /* OAEP */
	size_t label_len;
	int multi;              /* C_*Update was called */
	/* The single-part call (C_Sign, C_Encrypt, C_Decrypt) gave a
	 * length and left the operation for itself: no C_*Update or
	 * C_*Final may answer in its place. */
	int single;
	/* Keys with PIN policy "always": C_Login(CKU_CONTEXT_SPECIFIC)
	 * is needed before the operation, once per operation.  context_ok
	 * is P11_CONTEXT_CARD when the card verified that PIN, or
	 * P11_CONTEXT_AT_USE when it is the PIN the card took at C_Login:
	 * then the VERIFY goes with the operation, in its transaction. */
	int needs_context;
	int context_ok;
	br_hash_compat_context hc;
	/* Data gathered by C_*Update for a raw mechanism; or, with
	 * have_result, a decryption kept for a retry with a bigger
	 * buffer (the card is not asked twice). */
	int have_result;
	size_t buf_len;
	uint8_t buf[P11_OP_BUF_MAX];
};

struct p11_find {
	int active;
	CK_OBJECT_HANDLE *found;
	CK_ULONG n, pos;
};

struct p11_session {
	CK_SESSION_HANDLE handle;
	CK_SLOT_ID slot;
	CK_FLAGS flags;
	struct p11_find find;
	/* digest: a digest mechanism, its hash in hc; no key. */
	struct p11_op sign, verify, encrypt, decrypt, digest;
	/* The operation a CKU_CONTEXT_SPECIFIC login is for. */
	struct p11_op *pending_context;
	struct p11_session *next;
};

/* The open session with this handle, or NULL.  Module lock held. */
struct p11_session *p11_session_find(CK_SESSION_HANDLE h);

/*
 * Enter the module for an operation on session h: on CKR_OK the lock of
 * the session's slot is held (not the module lock), *sp is the session,
 * and the caller ends with p11_session_leave(); on any other value no
 * lock is held.  A session whose card went away is closed here
 * (CKR_SESSION_HANDLE_INVALID).
 */
CK_RV p11_session_enter(CK_SESSION_HANDLE h, struct p11_session **sp);
void p11_session_leave(struct p11_session *s);

/* The slot of a session (never NULL for an open session).  No lock
 * needed: a session never changes slot. */
struct p11_slot *p11_session_slot(const struct p11_session *s);

/* The session's state (CKS_*), from its flags and the slot's login. */
CK_STATE p11_session_state(const struct p11_session *s);

/* End an operation, wiping what it held. */
void p11_op_end(struct p11_session *s, struct p11_op *op);

struct p11_slot;

/* The slot's lock held (not the module's): close every session on it
 * (the token left, or C_CloseAllSessions). */
void p11_sessions_close_slot(struct p11_slot *slot);
/* Close every session (C_Finalize, once the slots are dropped). */
void p11_sessions_close_all(void);
/* In a forked child: forget the parent's sessions. */
void p11_sessions_forget(void);

/* Whether any read-only session is open on the slot (takes the module
 * lock: the slot's may be held). */
int p11_sessions_ro_exist(CK_SLOT_ID slot);

#endif
