/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Slots: one per PC/SC reader.  A reader name keeps its slot ID for the
 * life of the loaded module, across C_Finalize and C_Initialize, so an
 * application that cached an ID still finds the same reader.
 *
 * The token is the card in the reader.  While it stays in, the slot keeps
 * one card connection, the object cache and the login state, all shared
 * by the application's sessions (PKCS#11 login belongs to the token).
 */
#ifndef P11_SLOT_H
#define P11_SLOT_H

#include "pkcs11/p11.h"
#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_secret.h"

/* Distinct reader names remembered; readers beyond it are not listed. */
#define P11_SLOTS_MAX  64

/* Nobody logged in. */
#define P11_NOBODY     ((CK_USER_TYPE)-1)

struct p11_slot {
	CK_SLOT_ID id;
	char name[UIMKEY_READER_NAME_MAX + 1];
	int reader_present;
	int card_present;
	/* Card presence as last reported by C_WaitForSlotEvent. */
	int event_present;
	/* The card connection, opened on first use and kept while the
	 * card stays in. */
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
};

/* At C_Initialize (lock held): forget per-run state, take the first
 * look at the readers, and make it the baseline for slot events. */
void p11_slots_start(void);
/* At C_Finalize, after all sessions are closed. */
void p11_slots_stop(void);
/* In a forked child: forget the parent's connections without touching
 * them (they belong to the parent's PC/SC contexts). */
void p11_slots_forget(void);

/* Rescan readers and card presence; sessions on slots whose card went
 * away are closed.  PC/SC being unreachable is not an error: the
 * readers are then simply gone. */
CK_RV p11_slots_refresh(void);

/* NULL for an ID never handed out. */
struct p11_slot *p11_slot_get(CK_SLOT_ID id);
/*
 * The start of a call about one slot: enter the module, then
 * CKR_ARGUMENTS_BAD unless args_ok, CKR_SLOT_ID_INVALID for an unknown
 * ID, then the readers rescanned.  On CKR_OK the caller holds the module
 * and ends with p11_leave().
 */
CK_RV p11_slot_enter(CK_SLOT_ID id, int args_ok, struct p11_slot **sp);
/* The slot after prev in ID order (prev NULL: the first one in use). */
struct p11_slot *p11_slot_next(const struct p11_slot *prev);

/* The slot's card connection, opened on first use. */
CK_RV p11_slot_dev_get(struct p11_slot *s, uimkey_dev_t **devp);
/* Called when a slot's last session closed: the login ends. */
void p11_slot_idle(struct p11_slot *s);
/* The card is gone: close its sessions, forget its state. */
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
