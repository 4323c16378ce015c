/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_WaitForSlotEvent.  A slot event is a change of card presence since
 * C_Initialize or since the event was last reported; each slot keeps the
 * presence last reported, so no change is lost between two calls.
 *
 * A blocked waiter uses a PC/SC context of its own, outside the module
 * lock: pcsc-lite serialises all calls on one context, so a wait on the
 * shared one would stall every other thread.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <time.h>

#include "pkcs11/p11_slot.h"

/* Rescan at least this often even if no change is signalled: libuimkey
 * learns the readers' state when a wait starts, so a change between our
 * scan and that moment is otherwise seen only at the next change. */
#define P11_WAIT_SLICE_MS  1000
/* Pause between tries while PC/SC is unreachable. */
#define P11_RETRY_MS       250

struct p11_waiter {
	uimkey_ctx_t *ctx;
	int open;
	/* The last wait failed at the PC/SC level: reopen, under the lock,
	 * since C_Finalize may be cancelling this context meanwhile. */
	int broken;
	struct p11_waiter *next;
};

static struct p11_slot *
pending_event(void)
{
	struct p11_slot *s;

	for (s = p11_slot_next(NULL); s != NULL; s = p11_slot_next(s))
		if (s->card_present != s->event_present)
			return s;
	return NULL;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static void
waiter_free(struct p11_waiter *w)
{
	uimkey_ctx_free(&w->ctx);
	free(w);
}

void
p11_event_wake_all(void)
{
	struct p11_waiter *w;

	for (w = p11_mod.waiting; w != NULL; w = w->next)
		(void)uimkey_ctx_cancel(w->ctx);
}

void
p11_event_stop(void)
{
	struct p11_waiter *w;

	/* Only waiters that lost the lock are left; their threads are gone. */
	while ((w = p11_mod.waiting) != NULL) {
		p11_mod.waiting = w->next;
		waiter_free(w);
	}
}

/* Lock held: join the waiting list. */
static CK_RV
waiter_join(struct p11_waiter **wp)
{
	struct p11_waiter *w;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->ctx = uimkey_ctx_new()) == NULL) {
		free(w);
		return CKR_HOST_MEMORY;
	}
	w->next = p11_mod.waiting;
	p11_mod.waiting = w;
	/* Counted under the lock, so C_Finalize, which sets `finalizing`
	 * under it, either waits for this thread or is seen by it. */
	atomic_fetch_add(&p11_mod.waiters, 1);
	*wp = w;
	return CKR_OK;
}

/* Lock held: leave the waiting list; the caller frees w unlocked. */
static void
waiter_unlink(struct p11_waiter *w)
{
	struct p11_waiter **link;

	for (link = &p11_mod.waiting; *link != NULL; link = &(*link)->next) {
		if (*link == w) {
			*link = w->next;
			break;
		}
	}
}

/* Lock not held: wait for a PC/SC change, a slice, or a cancel. */
static void
waiter_block(struct p11_waiter *w)
{
	int err;

	err = w->open ? uimkey_ctx_wait_change(w->ctx, P11_WAIT_SLICE_MS) :
	    UIMKEY_ERR_NOT_OPEN;
	if (err == UIMKEY_OK || err == UIMKEY_ERR_TIMEOUT ||
	    err == UIMKEY_ERR_CANCELLED)
		return;
	/* PC/SC is down or the context died with pcscd: do not spin. */
	pause_ms(P11_RETRY_MS);
	w->broken = w->open;
}

/* Lock held: make w's context ready to wait on, if PC/SC allows. */
static void
waiter_ready(struct p11_waiter *w)
{
	if (w->broken)
		(void)uimkey_ctx_close(w->ctx);
	if (w->broken || !w->open)
		w->open = uimkey_ctx_open(w->ctx) == UIMKEY_OK;
	w->broken = 0;
}

P11_EXPORT CK_RV
C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot,
    CK_VOID_PTR pReserved)
{
	struct p11_waiter *w = NULL;
	struct p11_slot *s;
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (pSlot == NULL || pReserved != NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	for (;;) {
		if (atomic_load(&p11_mod.finalizing)) {
			rv = CKR_CRYPTOKI_NOT_INITIALIZED;
			break;
		}
		if ((rv = p11_slots_refresh()) != CKR_OK)
			break;
		if ((s = pending_event()) != NULL) {
			s->event_present = s->card_present;
			*pSlot = s->id;
			break;
		}
		if (flags & CKF_DONT_BLOCK) {
			rv = CKR_NO_EVENT;
			break;
		}
		if (w == NULL && (rv = waiter_join(&w)) != CKR_OK)
			break;
		waiter_ready(w);
		/* Never block with the lock held. */
		p11_leave();
		waiter_block(w);
		if (p11_mutex_take(&p11_mod.mutex) != CKR_OK) {
			/* w stays listed; C_Finalize frees it. */
			atomic_fetch_sub(&p11_mod.waiters, 1);
			return CKR_GENERAL_ERROR;
		}
	}
	if (w != NULL)
		waiter_unlink(w);
out:
	p11_leave();
	if (w != NULL) {
		waiter_free(w);
		/* The last touch of module state: C_Finalize may free it
		 * all as soon as the count drops to zero. */
		atomic_fetch_sub(&p11_mod.waiters, 1);
	}
	return rv;
}
