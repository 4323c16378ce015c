/*
 * Slots: one per PC/SC reader.  A reader name keeps its slot ID for the
 * life of the loaded module, across C_Finalize and C_Initialize, so an
 * application that cached an ID still finds the same reader.
 */
#ifndef P11_SLOT_H
#define P11_SLOT_H

#include "pkcs11/p11.h"

/* Distinct reader names remembered; readers beyond it are not listed. */
#define P11_SLOTS_MAX  64

struct p11_slot {
	CK_SLOT_ID id;
	char name[UIMKEY_READER_NAME_MAX + 1];
	int reader_present;
	int card_present;
	/* Card presence as last reported by C_WaitForSlotEvent. */
	int event_present;
	/* One card connection shared by all the slot's sessions, since
	 * PKCS#11 login state belongs to the token, not to a session. */
	uimkey_dev_t *dev;
	CK_ULONG sessions;
	CK_ULONG rw_sessions;
};

/* At C_Initialize (lock held): forget per-run state, take the first
 * look at the readers, and make it the baseline for slot events. */
void p11_slots_start(void);
/* At C_Finalize, after all sessions are closed. */
void p11_slots_stop(void);

/* Rescan readers and card presence; sessions on slots whose card went
 * away are closed.  PC/SC being unreachable is not an error: the
 * readers are then simply gone. */
CK_RV p11_slots_refresh(void);

/* NULL for an ID never handed out. */
struct p11_slot *p11_slot_get(CK_SLOT_ID id);
/* The slot after prev in ID order (prev NULL: the first one in use). */
struct p11_slot *p11_slot_next(const struct p11_slot *prev);

/* The slot's shared card connection, opened on first use. */
CK_RV p11_slot_dev_get(struct p11_slot *s, uimkey_dev_t **devp);
/* Close the connection once the last session left. */
void p11_slot_dev_put(struct p11_slot *s);

#endif
