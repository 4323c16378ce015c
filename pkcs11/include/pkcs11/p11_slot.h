/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Slots: one per PC/SC reader.  A reader name keeps its slot ID for the
 * life of the loaded module, across C_Finalize and C_Initialize, so an
 * application that cached an ID still finds the same reader.  A slot's
 * entry, once made, is never freed or moved.
 *
 * The token is the card in the reader.  While it stays in, the slot keeps
 * one PC/SC context and card connection, the object cache, the session
 * objects and the login state, all shared by the application's sessions
 * (PKCS#11 login belongs to the token), all under the slot's own lock
 * (the lock order is in p11.h).
 *
 * A card that left is noticed two ways: a rescan of the readers (module
 * lock) finds the reader empty and sets `removed`; an exchange fails as
 * a removal and sets `lost` (slot lock).  Either way, the next holder of
 * the slot's lock drops what the slot held of that card: the login ends,
 * the sessions close (PKCS#11), the connection and context are closed.
 */
#ifndef P11_SLOT_H
#define P11_SLOT_H

#include <stdatomic.h>

#include "pkcs11/p11.h"
#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_secret.h"

/* Distinct reader names remembered; readers beyond it are not listed. */
#define P11_SLOTS_MAX  64

/* Nobody logged in. */
#define P11_NOBODY     ((CK_USER_TYPE)-1)

struct p11_sobj;

struct p11_slot {
	/* Set once, before the slot is counted in the table. */
	CK_SLOT_ID id;
	char name[UIMKEY_READER_NAME_MAX + 1];
	/* The module lock. */
	int reader_present;
	int card_present;
	/* Card presence as last reported by C_WaitForSlotEvent. */
	int event_present;
	/* A rescan found no card: what the slot holds of it goes at the
	 * next taking or leaving of the slot's lock. */
	atomic_int removed;
	/* Threads holding or waiting for the slot's lock. */
	atomic_int users;
	/* The slot's lock; made with the module's mutex functions when the
	 * slot is first seen in a run (C_Initialize to C_Finalize). */
	p11_mutex_t lock;
	/* Everything below: the slot's lock (session counts: both). */
	/* The slot's PC/SC context and card connection, opened on first
	 * use and kept while the card stays in. */
	uimkey_ctx_t *ctx;
	int ctx_open;
	uimkey_dev_t *dev;
	/* The card went away under an operation: the slot's sessions
	 * are closed at the next call that names one of them. */
	int lost;
	CK_ULONG sessions;
	CK_ULONG rw_sessions;
	/* P11_NOBODY, CKU_USER or CKU_SO. */
	CK_USER_TYPE login;
	/* The SO logged in with the PUK (not the management key). */
	int so_puk;
	/* The user logged in with a right PIN that the card wants changed
	 * first (PKCS#11's expired PIN): operations on PIN-protected keys
	 * are CKR_PIN_EXPIRED until C_SetPIN changes it. */
	int pin_expired;
	struct p11_cache *cache;
	/* The session objects on this token (p11_sobj.h). */
	struct p11_sobj *sobjs;
};

/* At C_Initialize (no other thread may call): forget per-run state,
 * make the known slots' locks, take the first look at the readers, and
 * make it the baseline for slot events. */
CK_RV p11_slots_start(void);
/* At C_Finalize, no lock held: each slot dropped under its own lock,
 * its context closed and its lock destroyed. */
void p11_slots_stop(void);
/* In a forked child: forget the parent's connections without touching
 * them (they belong to the parent's PC/SC contexts). */
void p11_slots_forget(void);

/* Module lock held.  Rescan readers and card presence; a slot whose card
 * is gone is marked `removed`.  PC/SC being unreachable is not an error:
 * the readers are then simply gone. */
CK_RV p11_slots_refresh(void);
/* No lock held: drop now what idle slots hold of cards a rescan found
 * gone (their kept secrets among it), rather than at their next use.  A
 * slot in use is left to its user, who drops it on leaving. */
void p11_slots_reap(void);

/* NULL for an ID never handed out.  No lock needed. */
struct p11_slot *p11_slot_get(CK_SLOT_ID id);
/*
 * The start of a call about one slot's table entry: enter the module,
 * then CKR_ARGUMENTS_BAD unless args_ok, CKR_SLOT_ID_INVALID for an
 * unknown ID, then the readers rescanned.  On CKR_OK the caller holds
 * the module lock and ends with p11_leave().
 */
CK_RV p11_slot_enter(CK_SLOT_ID id, int args_ok, struct p11_slot **sp);
/* Module lock held: the slot after prev in ID order (prev NULL: the
 * first one in use). */
struct p11_slot *p11_slot_next(const struct p11_slot *prev);

/*
 * No lock held: take the slot's lock for a call about its card.  What
 * the slot held of a card that left is dropped first (its sessions
 * closed).  CKR_CRYPTOKI_NOT_INITIALIZED while C_Finalize runs.  On
 * CKR_OK the caller ends with p11_slot_unlock().
 */
CK_RV p11_slot_lock(struct p11_slot *s);
void p11_slot_unlock(struct p11_slot *s);

/* Slot lock held (so for all of these).  The slot's card connection,
 * opened on first use. */
CK_RV p11_slot_dev_get(struct p11_slot *s, uimkey_dev_t **devp);
/* Called when a slot's last session closed: the login ends. */
void p11_slot_idle(struct p11_slot *s);
/* The card is gone: close its sessions, forget its state, close its
 * connection and context.  The module lock is taken inside. */
void p11_slot_drop(struct p11_slot *s);
/* The secrets kept for the slot's login. */
struct p11_secrets *p11_slot_secrets(const struct p11_slot *s);

/*
 * The CK_RV of a libuimkey error from a card exchange on slot s: a card
 * removed (or replaced) marks the slot lost and gives
 * CKR_DEVICE_REMOVED.
 */
CK_RV p11_slot_rv(struct p11_slot *s, int err);

#endif
