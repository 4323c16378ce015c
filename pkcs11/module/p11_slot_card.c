/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A slot and its card, under the slot's lock: taking and leaving the
 * lock, the slot's PC/SC context and card connection, and what happens
 * when the card leaves.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <time.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"
#include "pkcs11/p11_util.h"

/* What the slot held of a card that left goes, once. */
static void
slot_sync(struct p11_slot *s)
{
	int removed = atomic_exchange(&s->removed, 0);

	if (removed || s->lost)
		p11_slot_drop(s);
}

CK_RV
p11_slot_lock(struct p11_slot *s)
{
	atomic_fetch_add(&s->users, 1);
	if (p11_mutex_take(&s->lock) != CKR_OK) {
		atomic_fetch_sub(&s->users, 1);
		return CKR_GENERAL_ERROR;
	}
	/* C_Finalize has begun and drops every slot in turn. */
	if (atomic_load(&p11_mod.finalizing)) {
		p11_mutex_release(&s->lock);
		atomic_fetch_sub(&s->users, 1);
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	}
	slot_sync(s);
	return CKR_OK;
}

void
p11_slot_unlock(struct p11_slot *s)
{
	/* A rescan meanwhile found the card gone: its secrets and
	 * connection go now, not at the slot's next use. */
	if (atomic_load(&s->removed))
		slot_sync(s);
	p11_mutex_release(&s->lock);
	atomic_fetch_sub(&s->users, 1);
}

void
p11_slots_reap(void)
{
	struct p11_slot *s;

	for (s = p11_slot_get(0); s != NULL; s = p11_slot_get(s->id + 1))
		if (atomic_load(&s->removed) && atomic_load(&s->users) == 0 &&
		    p11_slot_lock(s) == CKR_OK)
			p11_slot_unlock(s);
}

struct p11_secrets *
p11_slot_secrets(const struct p11_slot *s)
{
	return p11_secrets_of(s->id);
}

static void
dev_drop(struct p11_slot *s)
{
	if (s->dev != NULL) {
		(void)uimkey_dev_close(s->dev);
		uimkey_dev_free(&s->dev);
	}
	/* A context that saw a removal may be one pcscd forgot (it was
	 * restarted): the next connection opens a fresh one. */
	if (s->ctx_open) {
		(void)uimkey_ctx_close(s->ctx);
		s->ctx_open = 0;
	}
}

void
p11_slot_drop(struct p11_slot *s)
{
	/* PKCS#11: removing a token closes all its sessions.  The login
	 * ends first, without a word to a card that is gone. */
	p11_login_end(s, 0);
	p11_sessions_close_slot(s);
	p11_cache_free(&s->cache);
	dev_drop(s);
	s->lost = 0;
}

void
p11_slot_idle(struct p11_slot *s)
{
	/* PKCS#11: closing the last session logs the application out. */
	if (s->sessions == 0)
		p11_login_end(s, 1);
}

/*
 * Whether the card of s is still in its reader, asked of pcscd afresh
 * (through the slot's own context: the module's belongs to the module
 * lock).  pcscd learns that a card went away only at its next presence
 * poll (400 ms for vpcd): until then an exchange with a card that died
 * fails as a transmission error.  So ask a few times over
 * P11_GONE_WAIT_MS; a card still there after that failed
 * (CKR_DEVICE_ERROR).
 */
#ifndef P11_GONE_WAIT_MS        /* the fuzz targets set 0: one look */
#define P11_GONE_WAIT_MS 1200
#endif
#define P11_GONE_STEP_MS 100

static int
card_gone(const struct p11_slot *s)
{
	struct timespec step = { 0, P11_GONE_STEP_MS * 1000000L };
	uimkey_readers_t *r;
	size_t i, n;
	int waited, present, gone = 0;

	if ((r = uimkey_readers_new()) == NULL)
		return 0;
	for (waited = 0; !gone && waited <= P11_GONE_WAIT_MS;
	    waited += P11_GONE_STEP_MS) {
		if (waited > 0)
			(void)nanosleep(&step, NULL);
		if (uimkey_readers_scan(r, s->ctx) != UIMKEY_OK) {
			gone = 1;       /* pcscd itself is gone */
			break;
		}
		present = 0;
		n = uimkey_readers_count(r);
		for (i = 0; i < n; i++)
			if (strcmp(uimkey_readers_name(r, i), s->name) == 0)
				present = uimkey_readers_card_present(r, i) > 0;
		gone = !present;
	}
	uimkey_readers_free(&r);
	return gone;
}

CK_RV
p11_slot_rv(struct p11_slot *s, int err)
{
	if (err == UIMKEY_ERR_CARD_REMOVED || err == UIMKEY_ERR_NO_CARD ||
	    err == UIMKEY_ERR_NO_READER || err == UIMKEY_ERR_NOT_OPEN) {
		s->lost = 1;
		return CKR_DEVICE_REMOVED;
	}
	/* A card that died in the middle of an exchange was removed
	 * during the call, whatever PC/SC called it. */
	if ((err == UIMKEY_ERR_TX || err == UIMKEY_ERR_PCSC) &&
	    s->ctx_open && card_gone(s)) {
		s->lost = 1;
		return CKR_DEVICE_REMOVED;
	}
	return p11_rv_from_err(err);
}

/* The slot's PC/SC context, made and opened on first use.  pcscd not
 * there: no card (UIMKEY_ERR_NO_CARD). */
static int
ctx_ready(struct p11_slot *s)
{
	if (s->ctx == NULL && (s->ctx = uimkey_ctx_new()) == NULL)
		return UIMKEY_ERR_NOMEM;
	if (!s->ctx_open) {
		if (uimkey_ctx_open(s->ctx) != UIMKEY_OK)
			return UIMKEY_ERR_NO_CARD;
		s->ctx_open = 1;
	}
	return UIMKEY_OK;
}

CK_RV
p11_slot_dev_get(struct p11_slot *s, uimkey_dev_t **devp)
{
	int err;

	if (s->lost)
		return CKR_DEVICE_REMOVED;
	if (s->dev == NULL) {
		if ((err = ctx_ready(s)) != UIMKEY_OK)
			return p11_rv_from_err(err);
		if ((s->dev = uimkey_dev_new()) == NULL)
			return CKR_HOST_MEMORY;
		if ((err = uimkey_dev_open(s->dev, s->ctx, s->name)) !=
		    UIMKEY_OK) {
			/* The context too: it may be one a restarted pcscd
			 * no longer knows. */
			dev_drop(s);
			/* Connecting starts the caller's operation: a card
			 * already gone is absent, not removed during it. */
			return err == UIMKEY_ERR_CARD_REMOVED ?
			    CKR_TOKEN_NOT_PRESENT : p11_rv_from_err(err);
		}
	}
	*devp = s->dev;
	return CKR_OK;
}
