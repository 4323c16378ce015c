/* SPDX-License-Identifier: BSD-2-Clause */
/* Slots: the reader table, C_GetSlotList and C_GetSlotInfo. */
#include <string.h>
#include <time.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_util.h"

/* Entries [0, n_slots) are in use; an entry's index is its slot ID. */
static struct p11_slot slots[P11_SLOTS_MAX];
static size_t n_slots;

/*
 * The slots the last size query of C_GetSlotList saw.  PKCS#11 lets the
 * set of slots change only on a call with pSlotList NULL, so a call that
 * fills a buffer lists these; whether each holds a token is looked up
 * afresh, since that may change at any time.
 */
static CK_SLOT_ID listed[P11_SLOTS_MAX];
static size_t n_listed;
static int have_listed;

static struct p11_slot *
slot_for_name(const char *name)
{
	struct p11_slot *s;
	size_t i;

	for (i = 0; i < n_slots; i++)
		if (strcmp(slots[i].name, name) == 0)
			return &slots[i];
	if (n_slots == P11_SLOTS_MAX || strlen(name) > UIMKEY_READER_NAME_MAX)
		return NULL;
	s = &slots[n_slots];
	memset(s, 0, sizeof(*s));
	s->id = n_slots++;
	s->login = P11_NOBODY;
	strcpy(s->name, name);
	return s;
}

struct p11_slot *
p11_slot_get(CK_SLOT_ID id)
{
	return id < n_slots ? &slots[id] : NULL;
}

CK_RV
p11_slot_enter(CK_SLOT_ID id, int args_ok, struct p11_slot **sp)
{
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (!args_ok)
		rv = CKR_ARGUMENTS_BAD;
	else if ((*sp = p11_slot_get(id)) == NULL)
		rv = CKR_SLOT_ID_INVALID;
	else
		rv = p11_slots_refresh();
	if (rv != CKR_OK)
		p11_leave();
	return rv;
}

struct p11_slot *
p11_slot_next(const struct p11_slot *prev)
{
	size_t i = prev == NULL ? 0 : prev->id + 1;

	return i < n_slots ? &slots[i] : NULL;
}

static void
dev_drop(struct p11_slot *s)
{
	if (s->dev != NULL) {
		(void)uimkey_dev_close(s->dev);
		uimkey_dev_free(&s->dev);
	}
}

struct p11_secrets *
p11_slot_secrets(const struct p11_slot *s)
{
	return p11_secrets_of(s->id);
}

void
p11_slot_drop(struct p11_slot *s)
{
	/* PKCS#11: removing a token closes all its sessions.  The login
	 * ends first, without a word to a card that is gone. */
	p11_login_end(s, 0);
	p11_sessions_close_slot(s->id);
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
 * Whether the card of s is still in its reader, asked of pcscd afresh.
 * pcscd learns that a card went away only at its next presence poll
 * (400 ms for vpcd): until then an exchange with a card that died fails
 * as a transmission error.  So ask a few times over P11_GONE_WAIT_MS;
 * a card still there after that failed (CKR_DEVICE_ERROR).
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
		if (uimkey_readers_scan(r, p11_mod.ctx) != UIMKEY_OK) {
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
	    p11_mod.ctx_open && card_gone(s)) {
		s->lost = 1;
		return CKR_DEVICE_REMOVED;
	}
	return p11_rv_from_err(err);
}

/* Record the n readers of the last scan (n is 0 when PC/SC is gone). */
static void
apply_scan(size_t n)
{
	struct p11_slot *s;
	const char *name;
	size_t i;

	for (i = 0; i < n_slots; i++)
		slots[i].reader_present = 0;
	for (i = 0; i < n; i++) {
		name = uimkey_readers_name(p11_mod.readers, i);
		if (name == NULL || (s = slot_for_name(name)) == NULL)
			continue;
		s->reader_present = 1;
		s->card_present =
		    uimkey_readers_card_present(p11_mod.readers, i) > 0;
	}
	for (i = 0; i < n_slots; i++) {
		s = &slots[i];
		if (!s->reader_present)
			s->card_present = 0;
		if (!s->card_present)
			p11_slot_drop(s);
	}
}

static int
scan(void)
{
	int err;

	if (!p11_mod.ctx_open) {
		if ((err = uimkey_ctx_open(p11_mod.ctx)) != UIMKEY_OK)
			return err;
		p11_mod.ctx_open = 1;
	}
	return uimkey_readers_scan(p11_mod.readers, p11_mod.ctx);
}

static void
ctx_drop(void)
{
	if (p11_mod.ctx_open) {
		(void)uimkey_ctx_close(p11_mod.ctx);
		p11_mod.ctx_open = 0;
	}
}

/* A scan that failed for any reason but these says the context is dead
 * (no service, invalid handle, broken socket: pcsc-lite varies). */
static int
pcsc_down(int err)
{
	return err != UIMKEY_OK && err != UIMKEY_ERR_NO_READER &&
	    err != UIMKEY_ERR_NOMEM;
}

CK_RV
p11_slots_refresh(void)
{
	int was_open = p11_mod.ctx_open;
	int err;

	err = scan();
	if (was_open && pcsc_down(err)) {
		/*
		 * pcscd stopped or restarted: the context is dead and so is
		 * every card connection made through it.  Drop them all
		 * before the context, then try a fresh context once.
		 */
		apply_scan(0);
		ctx_drop();
		err = scan();
	}
	if (err == UIMKEY_ERR_NOMEM)
		return CKR_HOST_MEMORY;
	/* No pcscd is a machine with no readers, not a failure. */
	apply_scan(err == UIMKEY_OK ? uimkey_readers_count(p11_mod.readers) :
	    0);
	return CKR_OK;
}

void
p11_slots_start(void)
{
	size_t i;

	for (i = 0; i < n_slots; i++) {
		slots[i].reader_present = 0;
		slots[i].card_present = 0;
	}
	have_listed = 0;
	n_listed = 0;
	(void)p11_slots_refresh();
	/* Events are changes after C_Initialize, not the cards already in. */
	for (i = 0; i < n_slots; i++)
		slots[i].event_present = slots[i].card_present;
}

void
p11_slots_stop(void)
{
	size_t i;

	for (i = 0; i < n_slots; i++) {
		p11_slot_drop(&slots[i]);
		slots[i].sessions = 0;
		slots[i].rw_sessions = 0;
	}
	ctx_drop();
	have_listed = 0;
}

void
p11_slots_forget(void)
{
	size_t i;

	/* The parent's connections and caches stay the parent's: leak the
	 * child's copies rather than close what is shared. */
	for (i = 0; i < n_slots; i++) {
		slots[i].dev = NULL;
		slots[i].cache = NULL;
		slots[i].lost = 0;
		slots[i].sessions = 0;
		slots[i].rw_sessions = 0;
		slots[i].login = P11_NOBODY;
		slots[i].so_puk = 0;
	}
	have_listed = 0;
}

CK_RV
p11_slot_dev_get(struct p11_slot *s, uimkey_dev_t **devp)
{
	int err;

	if (s->lost)
		return CKR_DEVICE_REMOVED;
	if (s->dev == NULL) {
		if ((s->dev = uimkey_dev_new()) == NULL)
			return CKR_HOST_MEMORY;
		err = p11_mod.ctx_open ? uimkey_dev_open(s->dev, p11_mod.ctx,
		    s->name) : UIMKEY_ERR_NO_CARD;
		if (err != UIMKEY_OK) {
			uimkey_dev_free(&s->dev);
			/* Connecting starts the caller's operation: a card
			 * already gone is absent, not removed during it. */
			return err == UIMKEY_ERR_CARD_REMOVED ?
			    CKR_TOKEN_NOT_PRESENT : p11_rv_from_err(err);
		}
	}
	*devp = s->dev;
	return CKR_OK;
}

P11_EXPORT CK_RV
C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList,
    CK_ULONG_PTR pulCount)
{
	CK_ULONG n = 0;
	CK_RV rv;
	size_t i;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (pulCount == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if ((rv = p11_slots_refresh()) != CKR_OK)
		goto out;
	if (pSlotList == NULL || !have_listed) {
		for (i = 0, n_listed = 0; i < n_slots; i++)
			if (slots[i].reader_present)
				listed[n_listed++] = slots[i].id;
		have_listed = 1;
	}
	for (i = 0; i < n_listed; i++)
		if (!tokenPresent || slots[listed[i]].card_present)
			n++;
	if (pSlotList != NULL && *pulCount < n) {
		rv = CKR_BUFFER_TOO_SMALL;
	} else if (pSlotList != NULL) {
		for (i = 0, n = 0; i < n_listed; i++)
			if (!tokenPresent || slots[listed[i]].card_present)
				pSlotList[n++] = listed[i];
	}
	*pulCount = n;
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
	struct p11_slot *s;
	CK_RV rv;

	/* Applications poll this for insertion and removal (NSS does):
	 * the readers are rescanned. */
	if ((rv = p11_slot_enter(slotID, pInfo != NULL, &s)) != CKR_OK)
		return rv;
	memset(pInfo, 0, sizeof(*pInfo));
	p11_pad(pInfo->slotDescription, sizeof(pInfo->slotDescription),
	    s->name);
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
	    P11_MANUFACTURER);
	pInfo->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
	if (s->card_present)
		pInfo->flags |= CKF_TOKEN_PRESENT;
	p11_leave();
	return rv;
}
